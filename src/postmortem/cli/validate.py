"""``postmortem validate``: check that incident files load, and list every problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from postmortem._parallel import default_jobs, fewer_collections, map_chunks, unexpected_error
from postmortem.cli._common import PathList, echo_load_error, exclude_option, jobs_option
from postmortem.errors import IncidentFormatError, NotAnIncidentError, PostmortemError, Problem, shown_path
from postmortem.presentation import severity_label
from postmortem.serialize import load

__all__ = ["validate"]


_Outcome = tuple[str, tuple[Problem, ...] | str | NotAnIncidentError]


def _validate_one(path: str) -> _Outcome:
    """Load one file; runs in a worker process.

    Returns:
        The outcome as plain data: the line to print for a valid file, or the problems (or
        the message) of an invalid one; the error itself for a file that is certainly no
        post-mortem (skipped when it was found in a folder).
    """
    try:
        incident = load(path)
    except NotAnIncidentError as exc:
        return "invalid", exc
    except IncidentFormatError as exc:
        return "invalid", exc.problems
    except PostmortemError as exc:
        return "error", str(exc)
    except Exception as exc:  # one file never stops the others
        return "error", str(unexpected_error(Path(path), exc))
    severity = severity_label(incident.severity)
    return "ok", f"{shown_path(path)}: ok ({incident.id}, {severity}, {len(incident.timeline)} timeline events)"


def _validate_chunk(paths: Sequence[str]) -> list[_Outcome]:
    return [_validate_one(path) for path in paths]


# Below this many files, starting workers costs more than they save.
_PARALLEL_FROM = 8


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@exclude_option
@jobs_option
def validate(paths: tuple[Path, ...], quiet: bool, exclude: tuple[str, ...], jobs: int) -> None:
    """Check that incident files load; list every problem with its file, line and $.path.

    PATHS are files or folders (searched for .yaml, .yml, .json and .toml files). Every
    file is checked even when one is broken. In a folder, tools' files (pyproject.toml,
    package.json, ...) and files that are certainly no post-mortem (a list at the top, no
    incident key) are skipped and named on standard error; a file named is always checked.
    Exits 0 when every file is valid and 2 when any is not.
    """
    listed = PathList(paths, exclude)
    files, missing = listed.files, list(listed.errors)
    for error in missing:
        echo_load_error(error)
    failed = 0
    workers = (jobs or default_jobs()) if len(files) >= _PARALLEL_FROM else 1
    names = [str(path) for path in files]
    outcomes = (outcome for chunk in map_chunks(_validate_chunk, names, jobs=workers) for outcome in chunk)
    with fewer_collections():
        for index, (kind, detail) in enumerate(outcomes):
            if kind == "ok":
                if not quiet:
                    click.echo(detail)
                continue
            if listed.skips(index, detail):
                continue
            failed += 1
            if isinstance(detail, str):
                click.echo(f"error: {detail}", err=True)
            else:
                for problem in detail.problems if isinstance(detail, NotAnIncidentError) else detail:
                    click.echo(str(problem), err=True)
    listed.echo_skipped()
    for error in listed.errors[len(missing) :]:  # folders whose every file was skipped
        echo_load_error(error)
    read = len(files) - listed.skipped_files
    if failed:
        click.echo(f"{failed} of {read} file{'s' if read != 1 else ''} invalid", err=True)
    if failed or listed.errors:
        sys.exit(2)
