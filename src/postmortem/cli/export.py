"""``postmortem export``: render incident files to every format given."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from postmortem.cli._common import (
    DAY,
    PathList,
    as_installed,
    bounded_jobs,
    echo_load_error,
    exclude_option,
    exit_if_not_installed,
    parse_options,
    progress_bar,
    split_names,
)
from postmortem.errors import ExporterError, OutputError, shown_path
from postmortem.export import export_many
from postmortem.presentation import plural

if TYPE_CHECKING:
    from postmortem._batch import ExportOutcome

__all__ = ["export"]


def _rendered(listed: PathList, outcomes: Iterator[ExportOutcome]) -> tuple[list[str], bool, set[Path], set[Path]]:
    """The problems, whether any input was invalid, the reports written and the files beside them.

    Each file once, though two files of one incident id wrote it twice; with a progress bar.
    """
    problems: list[str] = []
    invalid = False
    written: set[Path] = set()
    beside: set[Path] = set()
    with progress_bar(outcomes, length=len(listed.files), label="Rendering", minimum=1) as bar:
        for index, outcome in enumerate(bar):
            if listed.skips(index, outcome):
                continue
            invalid = invalid or not outcome.loaded or outcome.unwritable or outcome.same_id_as is not None
            problems.extend(outcome.problems)
            written.update(outcome.written)
            beside.update(outcome.beside)
            if outcome.same_id_as is not None:
                earlier = outcome.same_id_as
                problems.extend(
                    f"{shown_path(outcome.source)}: has the same incident id as {shown_path(earlier)}; "
                    f"{shown_path(report)} holds only one of them"
                    for report in outcome.written
                )
    return problems, invalid, written, beside - written


def _wrote(reports: int, beside: int, out_dir: Path) -> str:
    """What was written: each file once, so the numbers add up to the files in the folder."""
    also = f", and {plural(beside, 'file')} they refer to" if beside else ""
    return f"wrote {plural(reports, 'report')} to {shown_path(out_dir)}{also}"


def _add_today(options: dict[str, dict[str, str]], name: str, today: datetime | None) -> None:
    """Give exporter ``name`` the ``--today`` day, when it has a ``today`` option and no -O for it."""
    from postmortem.export import get_exporter  # noqa: PLC0415

    if today is not None and "today" in get_exporter(name).options:
        options.setdefault(name, {}).setdefault("today", today.date().isoformat())


# The suffixes of documents (the built-in exporters' and their kin): -o naming one asks for a file.
_REPORT_SUFFIXES = frozenset(
    {".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt"}
)


def _output_folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """Refuse ``-o -``: reports are files in a folder (a chart beside its Markdown), never standard output.

    Taken as a folder named ``-``, it wrote ``wrote 1 report to -`` and printed nothing, where a
    user of other tools expects the report on standard output. Refuse a document's name too
    (``-o out/report.html``), unless it ends in ``/``: the report went into a folder of that name.
    """
    if value == "-":
        raise click.BadParameter(
            "reports are written as files into a folder, not to standard output; name a folder "
            "(-o out), or ./- for a folder named '-'"
        )
    path = Path(value)
    if path.suffix.lower() in _REPORT_SUFFIXES and not value.endswith(("/", os.sep)):
        # -o out/report.html wrote out/report.html/<id>.html (a folder made, or one already there
        # filled): the user asked for a file and got one somewhere else.
        folder = shown_path(path.parent)
        raise click.BadParameter(
            f"{shown_path(path)} names a file, but reports are written into a folder, one file per "
            f"incident and format ({shown_path(path.parent / ('<incident id>' + path.suffix))}); name the "
            f"folder (-o {folder}), or end the name with '/' for a folder named {path.name!r}"
        )
    return path


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "formats",
    multiple=True,
    default=("markdown", "html"),
    show_default=True,
    help="Exporters to use, comma-separated or repeated (markdown,html,docx,pdf,...).",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),  # the text as typed: Path("./-") would read as "-"
    default="out",
    show_default=True,
    callback=_output_folder,
    help=(
        "Directory for the reports (a document's name, such as report.html, is refused: "
        "end it with / for a folder so named)."
    ),
)
@click.option(
    "-O",
    "--option",
    "raw_options",
    multiple=True,
    metavar="EXPORTER.KEY=VALUE",
    help="An exporter option, such as pdf.page_size=Letter or html.include_empty=true.",
)
@click.option(
    "--today",
    type=DAY,
    default=None,
    help=(
        "Mark action items overdue as of this day (YYYY-MM-DD), in every format that shows them "
        "(default: today, or the day of SOURCE_DATE_EPOCH when it is set)."
    ),
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    callback=bounded_jobs,
    help="Processes rendering, this one included (default 0: one per core; 1: this one only; at most 4 per core).",
)
@click.option(
    "--no-fsync",
    is_flag=True,
    help=(
        "Do not force each report to disk (still written whole through a rename): faster for many "
        "reports, but a power cut soon after may lose them. For output made again anyway, such as CI artefacts."
    ),
)
@exclude_option
def export(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    out_dir: Path,
    raw_options: tuple[str, ...],
    today: datetime | None,
    jobs: int,
    no_fsync: bool,
    exclude: tuple[str, ...],
) -> None:
    """Render incident files (PATHS: files or folders) to every format given with --to.

    Files are rendered in parallel across cores; each report is written atomically as
    DIR/<incident id><suffix>, the name ``postmortem.export(incident, "html", DIR)`` gives it.
    In a folder, tools' files (pyproject.toml, package.json, ...) and files that are certainly
    no post-mortem (a list at the top, no incident key) are skipped and named on standard
    error; a file named is always read. A progress bar shows on a terminal. Exits 0 when
    everything was written, 1 when an exporter failed on a report, 2 for invalid input, an
    unknown exporter, or a report that could not be written (permission, disk full, a name
    too long).
    """
    names = as_installed(split_names(formats))
    if not names:
        # --to "" or --to ",": nothing would be written, and exit 0 would say all went well.
        raise click.BadParameter("name at least one exporter, such as markdown,html", param_hint="--to")
    exit_if_not_installed(names)
    options: dict[str, dict[str, str]] = {}
    for key, value in parse_options(raw_options).items():
        exporter_name, dot, option = key.partition(".")
        exporter_name = as_installed([exporter_name])[0]
        if not dot or exporter_name not in names:
            raise click.BadParameter(
                f"{key!r} must be EXPORTER.OPTION for an exporter given with --to", param_hint="-O/--option"
            )
        options.setdefault(exporter_name, {})[option] = value
    listed = PathList(paths, exclude)
    files, missing = listed.files, list(listed.errors)
    unwritable: OutputError | None = None
    try:
        for name in names:
            _add_today(options, name, today)
        # Unknown exporters and bad options are found here, before any work is done.
        outcomes = export_many(files, names, out_dir, options=options, jobs=jobs, fsync=not no_fsync)
    except OutputError as exc:  # the folder cannot be created
        unwritable = exc
    except ExporterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for error in missing:
        echo_load_error(error)
    if not files:
        sys.exit(2)
    if unwritable is not None:
        click.echo(f"error: {unwritable}", err=True)
        sys.exit(2)
    problems, invalid, written, beside = _rendered(listed, outcomes)
    invalid = invalid or bool(missing)
    listed.echo_skipped()
    for error in listed.errors[len(missing) :]:  # folders whose every file was skipped
        echo_load_error(error)
    invalid = invalid or len(listed.errors) > len(missing)
    _finish(problems, invalid, (written, beside), out_dir)


def _finish(problems: list[str], invalid: bool, files: tuple[set[Path], set[Path]], out_dir: Path) -> None:
    """Print the problems and what was written, and exit 1 or 2 when something failed."""
    for problem in problems:
        click.echo(problem, err=True)
    failed = bool(problems) or invalid
    written, beside = files
    # After a failure too, what was written is said (it was not, and the folder held reports no line named).
    if written or not failed:
        click.echo(_wrote(len(written), len(beside), out_dir), err=failed or not sys.stdout.isatty())
    if failed:
        sys.exit(2 if invalid else 1)
