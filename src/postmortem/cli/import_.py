"""``postmortem import``: bring an existing Markdown or Confluence post-mortem in."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from postmortem.cli._common import Choice
from postmortem.errors import IncidentFormatError, PostmortemError, Problem, shown_path
from postmortem.importing import import_document, import_split, incident_count
from postmortem.serialize import dump, dumps, format_for_path

__all__ = ["import_command"]

_T = TypeVar("_T")

#: CPU-time limit for one import (the process's user and system time); a document that needs more
#: is refused, not waited on. CPU time, not the wall clock: on a loaded machine an import's wall
#: time is 3 to 4 times its CPU time, so a wall-clock limit refused documents that import in 10 s.
TIME_LIMIT_SECONDS = 30
#: The wall-clock bound around it, for an import that waits rather than computes.
WALL_LIMIT_SECONDS = 120


class _TooSlowError(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _on_cpu_limit(_signum: int, _frame: object) -> None:
    raise _TooSlowError(f"used more than {TIME_LIMIT_SECONDS} s of CPU time")


def _on_wall_limit(_signum: int, _frame: object) -> None:
    raise _TooSlowError(f"took longer than {WALL_LIMIT_SECONDS} s (wall clock)")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the incident here (.yaml, .json or .toml); print YAML to standard output when left out. "
    "With --split, a folder to write one {id}.yaml per incident into.",
)
@click.option(
    "--format",
    "document_format",
    type=Choice(["auto", "markdown", "confluence"]),
    default="auto",
    show_default=True,
    help="The document's format; auto reads the file suffix, then the text.",
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option(
    "--split",
    is_flag=True,
    help="The document describes several incidents ('Incident 1: ...', 'Incident 2: ...'): import each as its "
    "own incident, linked to the write-up as their parent, into the folder OUTPUT.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Do not print what was mapped, inferred and missing (warnings about what could not be read are printed).",
)
@click.option(
    "--year",
    type=click.IntRange(1970, 2999),
    default=None,
    help="The year of dates written without one ('Tue 14 Mar 09:12', '14/03'), where the document names none.",
)
def import_command(
    file: Path, output: Path | None, document_format: str, force: bool, split: bool, quiet: bool, year: int | None
) -> None:
    """Import a post-mortem document as an incident file.

    FILE is Markdown, plain text, a page in Jira wiki, MediaWiki, AsciiDoc or Org-mode markup,
    Confluence storage format (XHTML) or an HTML page saved from a wiki or a browser.

    Headings are mapped to the incident's fields through the synonym table (see the
    documentation); whatever maps to nothing is kept as titled free-form sections. What was
    mapped, what was inferred and what is missing is printed to standard error; run
    ``postmortem check`` on the output to see what to fill in.

    A write-up of several incidents (a monthly report with "Incident 1: ...", "Incident 2: ..."
    sections) is imported whole unless ``--split`` is given; the command says so.

    Exits 0 on success and 2 when the document cannot be read, FILE is an incident file already
    (.yaml, .json, .toml: run ``postmortem validate``, ``check`` or ``export`` on it) or OUTPUT
    exists (pass --force).
    """
    if split:
        _split_command(file, output, document_format, force=force, quiet=quiet, year=year)
        return
    if output is not None and output.is_dir():
        click.echo(
            f"error: {shown_path(output)} is a folder; name a file (or pass --split to write one file per incident)",
            err=True,
        )
        sys.exit(2)
    if output is not None and output.exists() and not force:
        click.echo(f"error: {shown_path(output)} exists; pass --force to overwrite it", err=True)
        sys.exit(2)
    if output is not None:
        try:
            format_for_path(output)
        except PostmortemError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    result = _imported(file, lambda: import_document(file, document_format, year=year))  # type: ignore[arg-type]  # click.Choice
    if not quiet:
        click.echo(result.report(), err=True)
        _say_if_several(file, document_format)
    else:
        _warnings_only(result.warnings)
    if output is None:
        click.echo(dumps(result.incident, "yaml"), nl=False)
    else:
        dump(result.incident, output)
        if not quiet:
            click.echo(f"wrote {shown_path(output)}", err=True)


def _imported(file: Path, work: Callable[[], _T]) -> _T:
    """Run an import of ``file`` within the time limit; exit 2 with located messages when it fails."""
    try:
        return _with_time_limit(work)
    except IncidentFormatError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(2)
    except _TooSlowError as exc:
        click.echo(f"{shown_path(file)} $: the import {exc.what} and was stopped", err=True)
        sys.exit(2)


def _warnings_only(warnings: Sequence[Problem]) -> None:
    """With --quiet, what the import could not read is still said (one located line each)."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _say_if_several(file: Path, document_format: str) -> None:
    count = incident_count(file, document_format)  # type: ignore[arg-type]  # click.Choice
    if count > 1:
        click.echo(
            f"note: the document describes {count} incidents; it was imported as one. "
            f"Pass --split -o FOLDER to import each as its own incident.",
            err=True,
        )


def _split_command(
    file: Path, output: Path | None, document_format: str, *, force: bool, quiet: bool, year: int | None = None
) -> None:
    """``postmortem import --split``: one file per incident, and one for the write-up."""
    if output is None:
        click.echo("error: --split writes one file per incident; name a folder with -o FOLDER", err=True)
        sys.exit(2)
    if output.exists() and not output.is_dir():
        click.echo(f"error: {shown_path(output)} is a file; --split needs a folder", err=True)
        sys.exit(2)
    results = _imported(file, lambda: import_split(file, document_format, year=year))  # type: ignore[arg-type]  # click.Choice
    targets = [output / f"{_file_name(result.incident.id)}.yaml" for result in results]
    clashes = [shown_path(target) for target in targets if target.exists()]
    if len(set(targets)) != len(targets):
        click.echo("error: two incidents of the write-up have the same id; give each its own", err=True)
        sys.exit(2)
    if clashes and not force:
        click.echo(f"error: {', '.join(clashes)} exist(s); pass --force to overwrite", err=True)
        sys.exit(2)
    if len(results) == 1 and not quiet:
        click.echo("note: the document describes one incident; nothing to split", err=True)
    output.mkdir(parents=True, exist_ok=True)
    for result, target in zip(results, targets, strict=True):
        if not quiet:
            click.echo(result.report(), err=True)
        else:
            _warnings_only(result.warnings)
        dump(result.incident, target)
        if not quiet:
            click.echo(f"wrote {shown_path(target)}", err=True)


def _file_name(incident_id: str) -> str:
    """A file name for an id: letters, digits, ``.``, ``_`` and ``-`` kept, anything else ``_``."""
    name = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in incident_id).strip(".")
    return name or "incident"


def _with_time_limit(run: Callable[[], _T]) -> _T:
    """Run ``run()`` within a CPU-time limit and a wall-clock bound, where the platform has interval timers.

    The CPU limit is the process's profiling timer (user and system time, ``SIGPROF``); the wall
    clock (``SIGALRM``) bounds an import that waits. Without interval timers (Windows) or off the
    main thread, where signals cannot be handled, the import runs without a limit.
    """
    if not hasattr(signal, "setitimer") or not _in_main_thread():
        return run()
    previous_wall = signal.signal(signal.SIGALRM, _on_wall_limit)
    previous_cpu = signal.signal(signal.SIGPROF, _on_cpu_limit)
    signal.setitimer(signal.ITIMER_PROF, TIME_LIMIT_SECONDS)
    signal.setitimer(signal.ITIMER_REAL, WALL_LIMIT_SECONDS)
    try:
        return run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, previous_wall)
        signal.signal(signal.SIGPROF, previous_cpu)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
