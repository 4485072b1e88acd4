"""What the commands share: reading many paths, printing load errors, the progress bar."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

import click

from postmortem.errors import IncidentFormatError, PostmortemError

__all__ = ["echo_load_error", "expand_paths", "jobs_option", "parse_options", "progress_bar", "split_names"]

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


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help=(
        "Processes for many files, this one included (default 0: one per core; 1: this one only). "
        "Output order is the files' order."
    ),
)
"""``-j/--jobs`` of the commands that read many files (``check``, ``validate``)."""


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
    # The analytics package costs tens of milliseconds, and only a folder needs it.
    from postmortem._files import find_incident_files  # noqa: PLC0415  (not analytics: keeps check light)

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


def split_names(values: Sequence[str]) -> list[str]:
    """Names given comma-separated or by repeating an option, in order, each once (``--to html,pdf``)."""
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip()
            if name and name not in names:
                names.append(name)
    return names


def parse_options(pairs: Sequence[str], *, param_hint: str = "-O/--option", key_only: bool = False) -> dict[str, str]:
    """``-O KEY=VALUE`` pairs as a mapping; dashes in a key become underscores.

    Args:
        pairs: The values given.
        param_hint: The option as the error names it.
        key_only: Quote only the key of a bad pair (its first 40 characters), for options
            whose values may be credentials.

    Raises:
        click.BadParameter: A pair without ``=`` or without a key.
    """
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            got = f"{key.strip()[:40]!r} without '='" if key_only else repr(pair)
            raise click.BadParameter(f"expected KEY=VALUE, got {got}", param_hint=param_hint)
        options[key.strip().replace("-", "_")] = value
    return options
