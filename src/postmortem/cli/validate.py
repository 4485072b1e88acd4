"""``postmortem validate``: check that incident files load, and list every problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from postmortem._parallel import default_jobs, fewer_collections, map_chunks, unexpected_error
from postmortem.cli._common import echo_load_error, expand_paths, jobs_option
from postmortem.errors import IncidentFormatError, PostmortemError, Problem
from postmortem.presentation import severity_label
from postmortem.serialize import load

__all__ = ["validate"]


def _validate_one(path: str) -> tuple[str, tuple[Problem, ...] | str]:
    """Load one file; runs in a worker process.

    Returns:
        The outcome as plain data: the line to print for a valid file, or the problems (or
        the message) of an invalid one.
    """
    try:
        incident = load(path)
    except IncidentFormatError as exc:
        return "invalid", exc.problems
    except PostmortemError as exc:
        return "error", str(exc)
    except Exception as exc:  # one file never stops the others
        return "error", str(unexpected_error(Path(path), exc))
    severity = severity_label(incident.severity)
    return "ok", f"{path}: ok ({incident.id}, {severity}, {len(incident.timeline)} timeline events)"


def _validate_chunk(paths: Sequence[str]) -> list[tuple[str, tuple[Problem, ...] | str]]:
    return [_validate_one(path) for path in paths]


# Below this many files, starting workers costs more than they save.
_PARALLEL_FROM = 8


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@jobs_option
def validate(paths: tuple[Path, ...], quiet: bool, jobs: int) -> None:
    """Check that incident files load; list every problem with its file, line and $.path.

    PATHS are files or folders (searched for .yaml, .yml, .json and .toml files). Every
    file is checked even when one is broken. Exits 0 when every file is valid and 2 when any is not.
    """
    files, missing = expand_paths(paths)
    for error in missing:
        echo_load_error(error)
    failed = 0
    workers = (jobs or default_jobs()) if len(files) >= _PARALLEL_FROM else 1
    names = [str(path) for path in files]
    outcomes = (outcome for chunk in map_chunks(_validate_chunk, names, jobs=workers) for outcome in chunk)
    with fewer_collections():
        for kind, detail in outcomes:
            if kind == "ok":
                if not quiet:
                    click.echo(detail)
                continue
            failed += 1
            if isinstance(detail, str):
                click.echo(f"error: {detail}", err=True)
            else:
                for problem in detail:
                    click.echo(str(problem), err=True)
    if failed:
        click.echo(f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} invalid", err=True)
    if failed or missing:
        sys.exit(2)
