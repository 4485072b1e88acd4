"""``postmortem validate``, ``schema`` and ``new``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar, overload

import click

from postmortem.errors import IncidentFormatError, PostmortemError, Problem

__all__ = ["echo_load_error", "expand_paths", "new", "progress_bar", "schema", "unexpected", "validate"]

_T = TypeVar("_T")


@overload
def progress_bar(
    items: None = None, *, length: int, label: str, minimum: int = 2
) -> click._termui_impl.ProgressBar[int]: ...


@overload
def progress_bar(
    items: Iterable[_T], *, length: int, label: str, minimum: int = 2
) -> click._termui_impl.ProgressBar[_T]: ...


def progress_bar(
    items: Iterable[Any] | None = None, *, length: int, label: str, minimum: int = 2
) -> click._termui_impl.ProgressBar[Any]:
    """A progress bar on standard error, shown only on a terminal and for ``minimum`` steps or more.

    Output meant for pipes (reports, JSON, CSV) goes to standard output and never contains
    the bar; redirected standard error gets nothing either.

    Args:
        items: What to iterate, or ``None`` to call ``update`` by hand.
        length: How many steps there are.
        label: What is being done (``Checking``).
        minimum: Fewer steps than this show no bar.

    Returns:
        Click's progress bar, to use as a context manager.
    """
    hidden = length < minimum or not sys.stderr.isatty()
    return click.progressbar(items, length=length, label=label, file=sys.stderr, hidden=hidden)


def echo_load_error(exc: PostmortemError) -> None:
    """Print a load error to stderr: one line per problem, ``file:line $.path: message``."""
    if isinstance(exc, IncidentFormatError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"error: {exc}", err=True)


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[PostmortemError]]:
    """The incident files named by ``paths``: files as given, folders searched (sorted).

    Returns:
        The files, and an error for each folder without incident files.
    """
    from postmortem.analytics._collection import find_incident_files  # noqa: PLC0415

    files: list[Path] = []
    errors: list[PostmortemError] = []
    for path in paths:
        if path.is_dir():
            found = find_incident_files(path)
            if not found:
                errors.append(PostmortemError(f"{path}: no incident files (.yaml, .yml, .json, .toml) in this folder"))
            files.extend(found)
        else:
            files.append(path)  # a missing file is reported when it is read
    return files, errors


def unexpected(path: Path, exc: Exception) -> PostmortemError:
    """A load error for an exception no loader should raise, so one file never stops the others."""
    from postmortem.errors import clip  # noqa: PLC0415

    return PostmortemError(
        f"{path}: could not be read ({type(exc).__name__}: {clip(str(exc))}); "
        "this is a bug in postmortem, please report it"
    )


def _validate_one(path: str) -> tuple[str, tuple[Problem, ...] | str]:
    """Load one file; runs in a worker process.

    Returns:
        The outcome as plain data: the line to print for a valid file, or the problems (or
        the message) of an invalid one.
    """
    from postmortem.serialize import load  # noqa: PLC0415

    try:
        incident = load(path)
    except IncidentFormatError as exc:
        return "invalid", exc.problems
    except PostmortemError as exc:
        return "error", str(exc)
    except Exception as exc:  # one file never stops the others
        return "error", str(unexpected(Path(path), exc))
    from postmortem.presentation import severity_label  # noqa: PLC0415  (keeps the CLI's start light)

    severity = severity_label(incident.severity)
    return "ok", f"{path}: ok ({incident.id}, {severity}, {len(incident.timeline)} timeline events)"


def _validate_chunk(paths: Sequence[str]) -> list[tuple[str, tuple[Problem, ...] | str]]:
    return [_validate_one(path) for path in paths]


# Below this many files, starting workers costs more than they save.
_PARALLEL_FROM = 8


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes for many files (default 0: one per core; 1: none). Output order is the files' order.",
)
def validate(paths: tuple[Path, ...], quiet: bool, jobs: int) -> None:
    """Check that incident files load; list every problem with its file, line and $.path.

    PATHS are files or folders (searched for .yaml, .yml, .json and .toml files). Every
    file is checked even when one is broken. Exits 0 when every file is valid and 2 when any is not.
    """
    from postmortem._parallel import default_jobs, map_chunks  # noqa: PLC0415

    files, missing = expand_paths(paths)
    for error in missing:
        echo_load_error(error)
    failed = 0
    workers = (jobs or default_jobs()) if len(files) >= _PARALLEL_FROM else 1
    names = [str(path) for path in files]
    outcomes = (outcome for chunk in map_chunks(_validate_chunk, names, jobs=workers) for outcome in chunk)
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


@click.command()
@click.option("--indent", default=2, show_default=True, help="Indentation of the JSON.")
def schema(indent: int) -> None:
    """Print the JSON Schema of the incident file format.

    Point your editor at it for completion, for example with a first line
    ``# yaml-language-server: $schema=incident.schema.json``.
    """
    from postmortem._schema import json_schema  # noqa: PLC0415

    click.echo(json.dumps(json_schema(), indent=indent, ensure_ascii=False))


_STARTER = """\
# yaml-language-server: $schema={schema}
# A post-mortem, written blameless: describe systems and conditions, not people's failings.
# Check it with:   postmortem check {name}
# Render it with:  postmortem export {name} --to markdown,html -o out/

id: {id}
title: {title}
severity: {severity}          # SEV1 (critical) .. SEV5 (no customer impact)
status: draft                 # draft | in_review | published
timezone: UTC                 # reports show times in this IANA timezone
summary: |
  Two or three sentences for leadership: what happened, who was affected, for how long.
authors: []
reviewers: []
services: []
tags: []

milestones:                   # every time needs an offset (Z or +02:00)
  started: {started}          # impact began
  # detected:                 # first alert or report
  # acknowledged:             # a responder took ownership
  # mitigated:                # customer impact stopped
  # resolved:                 # incident declared over

impact:
  summary: What users experienced, in their terms.
  # users_affected: 1200
  # share_affected: 0.3       # a fraction: 0.3 is 30%
  # metrics:
  #   - {{name: HTTP 500 rate, value: 30, unit: "%"}}

# detection:
#   method: monitor           # monitor | user_report | internal_alert | support_escalation | other
#   source: api error-rate monitor
#   time: {started}

customer_communication: []    # - {{channel: status_page, time: ..., summary: ..., link: ...}}

root_cause:
  technical: ""
  process: ""

contributing_factors: []      # - {{description: ..., category: monitoring|documentation|tooling|process|...}}
what_went_well: []
what_went_poorly: []
where_we_got_lucky: []
lessons_learned: []

narrative:
  user_impact: ""
  detection: ""
  responder_beliefs: ""
  hypotheses: []              # - {{statement: ..., outcome: confirmed|ruled_out|partly_right|untested}}
  resolution: ""
  aftermath: ""

participants: []              # - {{name: ..., role: incident commander, handle: "@..."}}

timeline: []                  # - {{time: ..., kind: alert|deploy|config_change|chat|..., description: ...}}

action_items: []              # - {{id: AI-1, description: Add ..., owner: ..., due: 2026-12-01}}
"""


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "incident_id", default="INC-0001", show_default=True, help="The incident id.")
@click.option("--title", default="Short descriptive title", show_default=True, help="The incident title.")
@click.option("--severity", default="SEV3", show_default=True, help="The severity level.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file: Path, incident_id: str, title: str, severity: str, force: bool) -> None:
    """Write a commented starter post-mortem to FILE (YAML)."""
    from postmortem._files import atomic_write  # noqa: PLC0415
    from postmortem.serialize import loads  # noqa: PLC0415

    try:
        exists = file.exists()
    except OSError as exc:  # a name longer than the file system allows
        from postmortem._files import output_error  # noqa: PLC0415

        click.echo(f"error: {output_error(file, exc)}", err=True)
        sys.exit(2)
    if exists and not force:
        click.echo(f"error: {file} exists; pass --force to overwrite it", err=True)
        sys.exit(2)
    if file.suffix.lower() not in (".yaml", ".yml"):
        click.echo("error: the starter file is YAML; give a name ending in .yaml", err=True)
        sys.exit(2)
    started = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(second=0, microsecond=0)
    text = _STARTER.format(
        schema="https://postmortem.readthedocs.io/en/latest/_static/incident.schema.json",
        name=file.name,
        id=json.dumps(incident_id),
        title=json.dumps(title),
        severity=json.dumps(severity),
        started=started.isoformat().replace("+00:00", "Z"),
    )
    try:
        loads(text, "yaml", source=str(file))
    except IncidentFormatError as exc:
        echo_load_error(exc)
        sys.exit(2)
    atomic_write(file, text.encode("utf-8"))
    click.echo(f"wrote {file}")
