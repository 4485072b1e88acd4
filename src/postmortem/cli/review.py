"""``postmortem review``: a periodic reliability review of many post-mortems."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from postmortem.analytics import build_review, write_review
from postmortem.cli._collection import DATE, load_collection, to_date
from postmortem.cli._common import exclude_option
from postmortem.errors import ExporterError, did_you_mean, shown_path
from postmortem.presentation import rendering_date

__all__ = ["review"]

_REVIEW_FORMATS = ("html", "markdown", "pdf")


def _formats(value: str) -> list[str]:
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    aliases = {"md": "markdown", "htm": "html"}
    result = []
    unknown = []
    for name in formats:
        name = aliases.get(name, name)  # noqa: PLW2901  (normalising in place reads best)
        if name not in _REVIEW_FORMATS:
            unknown.append(f"{name!r}{did_you_mean(name, _REVIEW_FORMATS)}")
        elif name not in result:
            result.append(name)
    if unknown:
        # Every unknown name, not the first alone.
        noun = "format" if len(unknown) == 1 else "formats"
        raise click.BadParameter(
            f"unknown {noun} {', '.join(unknown)}; use {', '.join(_REVIEW_FORMATS)}", param_hint="--to"
        )
    if not result:
        raise click.BadParameter("name at least one format", param_hint="--to")
    return result


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--since", type=DATE, callback=to_date, required=True, help="First day of the period (UTC).")
@click.option(
    "--until",
    type=DATE,
    callback=to_date,
    default=None,
    help="Last day of the period, inclusive (default: today).",
)
@click.option(
    "--today",
    type=DATE,
    callback=to_date,
    default=None,
    help=(
        "Judge action items (overdue, age) against this day (default: today, or the day of "
        "SOURCE_DATE_EPOCH; never the end of the period)."
    ),
)
@click.option(
    "--to",
    "to",
    default="html",
    show_default=True,
    help="Comma-separated formats: html, pdf, markdown.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder to write into.",
)
@click.option("--title", default=None, help="Document title.")
@click.option(
    "--template-dir",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of templates that override the built-in review templates (repeatable).",
)
@exclude_option
def review(
    *,
    paths: tuple[str, ...],
    exclude: tuple[str, ...],
    since: date,
    until: date | None,
    today: date | None,
    to: str,
    output: str,
    title: str | None,
    template_dir: tuple[str, ...],
) -> None:
    """Write a reliability review of the incidents in PATHS that started in a period.

    The review shows trends of detection, acknowledgement, mitigation and resolution times
    with charts, incidents by severity, contributing factors and detection over time,
    groups of recurring incidents and overdue action items.

    Exits 0 when the review is written, 1 when it could not be made (a template or the PDF
    engine failed), 2 when a file did not load (the review of the others is still written), an
    option is invalid or the review could not be written.
    """
    formats = _formats(to)
    until = until or rendering_date()
    if until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}", param_hint="--until")
    collection = load_collection(paths, exclude)
    document = build_review(collection, since=since, until=until, today=today, title=title)
    stem = f"review-{since.isoformat()}-to-{until.isoformat()}"
    try:
        written = write_review(document, formats, Path(output), stem=stem, template_dirs=template_dir)
    except ExporterError as exc:
        # Rendering failed (a template, the PDF engine): the command's own failure. A review
        # that cannot be written (OutputError) goes on to exit 2, as in every command.
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(shown_path(path))
    if collection.failures:
        sys.exit(2)
