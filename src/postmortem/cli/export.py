"""``postmortem export``: render incident files to every format given."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import click

from postmortem._files import output_error, without_fsync
from postmortem._parallel import default_jobs, map_chunks
from postmortem.cli._common import echo_load_error, expand_paths, parse_options, progress_bar, split_names, unexpected
from postmortem.errors import ExporterError, OutputError, PostmortemError
from postmortem.export import default_filename, get_exporter
from postmortem.serialize import load

__all__ = ["export"]


class _Outcome(NamedTuple):
    """What rendering one file did; plain data, so that it crosses process boundaries."""

    valid: bool
    problems: list[str]
    written: list[str]
    unwritable: bool = False


def _render_file(
    path: str, names: Sequence[str], out_dir: str, options: dict[str, dict[str, str]], fsync: bool = True
) -> _Outcome:
    """Load one incident and write it in every format; runs in a worker process.

    Reports are named after the incident id, as ``postmortem.export(incident, name, DIR)`` names them.
    """
    if not fsync:
        with without_fsync():
            return _render_file(path, names, out_dir, options)

    try:
        incident = load(path)
    except PostmortemError as exc:
        return _Outcome(False, [str(exc)], [])
    except Exception as exc:  # one file never stops the others
        return _Outcome(False, [str(unexpected(Path(path), exc))], [])
    problems: list[str] = []
    written: list[str] = []
    unwritable = False
    for name in names:
        try:
            exporter = get_exporter(name)(**options.get(name, {}))
            target = Path(out_dir) / default_filename(incident, exporter.suffix)
            exporter.write(incident, target)
            written.append(target.name)
        except OutputError as exc:
            unwritable = True
            problems.append(f"{path}: {name}: {exc}")
        except PostmortemError as exc:
            problems.append(f"{path}: {name}: {exc}")
    return _Outcome(True, problems, written, unwritable)


def _render_chunk(
    paths: Sequence[str], names: Sequence[str], out_dir: str, options: dict[str, dict[str, str]], fsync: bool
) -> list[_Outcome]:
    return [_render_file(path, names, out_dir, options, fsync) for path in paths]


def _results(
    files: Sequence[Path],
    names: Sequence[str],
    out_dir: Path,
    options: dict[str, dict[str, str]],
    jobs: int,
    fsync: bool = True,
) -> Iterator[_Outcome]:
    # Rendering a file takes long next to handing it over (PDF, DOCX): small chunks balance best.
    render = functools.partial(_render_chunk, names=names, out_dir=str(out_dir), options=options, fsync=fsync)
    for chunk in map_chunks(render, [str(path) for path in files], jobs=jobs, chunk=1 if len(files) < 64 else 4):
        yield from chunk


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
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Directory for the reports.",
)
@click.option(
    "-O",
    "--option",
    "raw_options",
    multiple=True,
    metavar="EXPORTER.KEY=VALUE",
    help="An exporter option, such as pdf.page_size=Letter or html.include_empty=true.",
)
@click.option("-j", "--jobs", type=int, default=0, help="Parallel workers (default: one per core).")
@click.option(
    "--no-fsync",
    is_flag=True,
    help=(
        "Do not force each report to disk (still written whole through a rename): faster for many "
        "reports, but a power cut soon after may lose them. For output made again anyway, such as CI artefacts."
    ),
)
def export(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    out_dir: Path,
    raw_options: tuple[str, ...],
    jobs: int,
    no_fsync: bool,
) -> None:
    """Render incident files (PATHS: files or folders) to every format given with --to.

    Files are rendered in parallel across cores; each report is written atomically as
    DIR/<incident id><suffix>, the name ``postmortem.export(incident, "html", DIR)`` gives it.
    A progress bar shows on a terminal. Exits 0 when everything was written, 1 when an
    exporter failed on a report, 2 for invalid input, an unknown exporter, or a report that
    could not be written (permission, disk full, a name too long).
    """
    names = split_names(formats)
    options: dict[str, dict[str, str]] = {}
    for key, value in parse_options(raw_options).items():
        exporter_name, dot, option = key.partition(".")
        if not dot or exporter_name not in names:
            raise click.BadParameter(
                f"{key!r} must be EXPORTER.OPTION for an exporter given with --to", param_hint="-O/--option"
            )
        options.setdefault(exporter_name, {})[option] = value
    try:
        for name in names:
            get_exporter(name)(**options.get(name, {}))
    except ExporterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    files, missing = expand_paths(paths)
    for error in missing:
        echo_load_error(error)
    if not files:
        sys.exit(2)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        click.echo(f"error: {output_error(out_dir, exc, 'cannot create the folder')}", err=True)
        sys.exit(2)

    workers = jobs or min(len(files), default_jobs())
    problems: list[str] = []
    invalid = bool(missing)
    owners: dict[str, Path] = {}
    results = _results(files, names, out_dir, options, workers, fsync=not no_fsync)

    with progress_bar(zip(files, results, strict=True), length=len(files), label="Rendering", minimum=1) as bar:
        for path, outcome in bar:
            invalid = invalid or not outcome.valid or outcome.unwritable
            problems.extend(outcome.problems)
            for written in outcome.written:
                if written in owners:
                    invalid = True
                    problems.append(
                        f"{path}: has the same incident id as {owners[written]}; "
                        f"{out_dir / written} holds only one of them"
                    )
                owners[written] = path
    for problem in problems:
        click.echo(problem, err=True)
    if problems or invalid:
        sys.exit(2 if invalid else 1)
    click.echo(f"wrote {len(owners)} reports to {out_dir}", err=not sys.stdout.isatty())
