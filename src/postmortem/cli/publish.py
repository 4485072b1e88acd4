"""``postmortem publish``: a post-mortem published with a publishing exporter (Confluence)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from postmortem.cli._common import (
    DAY,
    as_installed,
    echo_load_error,
    exit_if_not_installed,
    parse_options,
    split_names,
)
from postmortem.errors import ExporterError, ExporterNotFoundError, ExporterOptionError, PostmortemError
from postmortem.export import Publisher, get_exporter
from postmortem.export import publish as publish_incident
from postmortem.serialize import load

__all__ = ["publish"]


def _check_names(target: str, attach_names: list[str]) -> None:
    """Exit 2 when ``target`` is no installed publisher or an ``--attach`` name no installed exporter.

    Naming an exporter that is not installed, or one that only renders, is bad input (2), not a
    publication that failed (1): the names are checked before anything is rendered or sent.
    """
    exit_if_not_installed([target, *(name for name in attach_names if name != target)])
    try:
        if not issubclass(get_exporter(target), Publisher):
            click.echo(f"error: exporter {target!r} does not publish; it only renders files", err=True)
            sys.exit(2)
    except ExporterNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target", required=True, help="The publishing exporter (confluence).")
@click.option("--space", help="Space (or channel, project) to publish into.")
@click.option("--parent", help="Parent page id.")
@click.option("--title", help="Page title (default: the incident id and title).")
@click.option("--label", "labels", multiple=True, help="A label to set; repeat for more.")
@click.option("--attach", "attach", multiple=True, help="Exporters whose output is attached: pdf,docx.")
@click.option("-O", "--option", "raw_options", multiple=True, metavar="KEY=VALUE", help="Another publish setting.")
@click.option(
    "--asset-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder that images in prose may come from: attached to the page and shown (and in --attach exports).",
)
@click.option(
    "--today",
    type=DAY,
    default=None,
    help="Mark action items overdue as of this day (YYYY-MM-DD), on the page and in --attach exports.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be created or updated, change nothing. It reads the server (is the page there, "
    "which attachments changed), so it needs the URL and credentials as publishing does "
    "(-O url=..., or for Confluence POSTMORTEM_CONFLUENCE_URL, _USER and _TOKEN).",
)
def publish(
    file: Path,
    target: str,
    space: str | None,
    parent: str | None,
    title: str | None,
    labels: tuple[str, ...],
    attach: tuple[str, ...],
    raw_options: tuple[str, ...],
    asset_dir: Path | None,
    today: datetime | None,
    dry_run: bool,
) -> None:
    """Publish FILE with a publishing exporter, idempotently: again updates, never duplicates.

    Connection settings and credentials come from options (-O url=..., -O token=...) or the
    environment the exporter documents (for Confluence, POSTMORTEM_CONFLUENCE_URL, _USER and
    _TOKEN); --dry-run needs them too, since it asks the server what exists. Exits 0 on
    success, 1 when publishing failed, 2 for invalid input or a missing URL.
    """
    try:
        incident = load(file)
    except PostmortemError as exc:
        echo_load_error(exc)
        sys.exit(2)
    settings: dict[str, Any] = dict(parse_options(raw_options))
    for key, value in (("space", space), ("parent", parent), ("title", title)):
        if value is not None:
            settings[key] = value
    if labels:
        settings["labels"] = tuple(labels)
    exporter_options: dict[str, Any] = {}
    if asset_dir is not None:
        exporter_options["asset_dir"] = str(asset_dir)
    if today is not None:
        exporter_options["today"] = today.date()
    target = as_installed([target])[0]
    attach_names = as_installed(split_names(attach))
    _check_names(target, attach_names)
    try:
        result = publish_incident(
            incident,
            target,
            attach=attach_names,
            dry_run=dry_run,
            exporter_options=exporter_options or None,
            **settings,
        )
    except ExporterOptionError as exc:
        # A setting that can never work (a timeout of 0, a URL that does not parse) is bad input.
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except ExporterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(str(result))
    # A dry run is only useful if it says what would happen, step by step.
    plan = result.details.get("plan")
    if dry_run and isinstance(plan, (list, tuple)):
        for step in plan:
            click.echo(f"  {step}")
