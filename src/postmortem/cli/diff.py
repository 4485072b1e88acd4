"""``postmortem diff``: what changed between two versions of a post-mortem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from postmortem._json import escape_surrogates
from postmortem.cli._common import Choice, echo_load_error
from postmortem.comparison import diff as compare
from postmortem.comparison import section_view
from postmortem.errors import PostmortemError, not_utf8, shown_path
from postmortem.serialize import format_for_path, load, loads, max_file_size

if TYPE_CHECKING:
    from postmortem.model import Incident

__all__ = ["diff"]

_GIT_TIMEOUT = 30


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _git_blob(file: Path, revision: str) -> str:
    """The file's text at a revision, read with ``git show`` (nothing is checked out)."""
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        _fail(f"{shown_path(file)}: --git {revision!r} is not a revision")
    directory = file.parent if str(file.parent) else Path()
    try:
        completed = subprocess.run(
            ["git", "-C", str(directory), "show", f"{revision}:./{file.name}"],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        _fail("git is not installed")
    except subprocess.TimeoutExpired:
        _fail(f"{shown_path(file)}: git show {revision} took longer than {_GIT_TIMEOUT} s")
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        _fail(f"{shown_path(f'{revision}:{file}')}: {reason[-1] if reason else 'git show failed'}")
    if len(completed.stdout) > max_file_size():
        _fail(f"{shown_path(f'{revision}:{file}')}: larger than the file size limit ({max_file_size()} bytes)")
    try:
        return completed.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"{shown_path(f'{revision}:{file}')}: {not_utf8(exc)}")
    raise AssertionError  # pragma: no cover - _fail exits


def _load_text(text: str, file: Path, name: str) -> Incident:
    try:
        return loads(text, format_for_path(file), source=name)
    except PostmortemError as exc:
        echo_load_error(exc)
        sys.exit(2)


def _load_file(file: Path) -> Incident:
    try:
        return load(file)
    except PostmortemError as exc:
        echo_load_error(exc)
        sys.exit(2)


@click.command("diff")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--git", "revisions", metavar="REV[..REV]", help="Compare FILE at REV with the working tree, or at two revisions."
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal, markdown for a pull-request comment, json for tools.",
)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--textconv", is_flag=True, help="Print FILE's stable section view, for git's diff.<driver>.textconv.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ.")
def diff(  # noqa: PLR0912  (three ways to name two versions)
    files: tuple[Path, ...],
    revisions: str | None,
    output_format: str,
    color: bool | None,
    textconv: bool,
    exit_code: bool,
) -> None:
    """Show what changed between two versions of a post-mortem, section by section.

    \b
      postmortem diff OLD.yaml NEW.yaml
      postmortem diff incident.yaml --git HEAD~3          # that revision vs the working tree
      postmortem diff incident.yaml --git v1..v2           # two revisions (git show, no checkout)
      postmortem diff --textconv incident.yaml             # the section view, for git diff

    Timeline events are matched by source id, else by time and text, and reported added,
    removed or moved; action items opened, closed, re-dated or given a new owner;
    milestones with their effect on TTD, TTA, TTM and TTR; prose as a word diff, so
    re-wrapping a paragraph is no change. Invalid input exits 2.
    """  # noqa: D301  (Click needs the backspace character itself: \b keeps the lines unwrapped)
    if textconv:
        if len(files) != 1 or revisions:
            _fail("--textconv takes exactly one FILE")
        click.echo(section_view(_load_file(files[0])), nl=False)
        return
    if revisions is not None:
        if len(files) != 1:
            _fail("--git compares one FILE at two versions; give exactly one FILE")
        file = files[0]
        old_rev, dots, new_rev = revisions.partition("..")
        if dots and not old_rev:
            old_rev = "HEAD"
        before_name = f"{old_rev}:{file}"
        a = _load_text(_git_blob(file, old_rev), file, before_name)
        if dots and new_rev:
            after_name = f"{new_rev}:{file}"
            b = _load_text(_git_blob(file, new_rev), file, after_name)
        else:
            after_name = str(file)
            b = _load_file(file)
    else:
        if len(files) != 2:
            _fail("give two files (OLD NEW), or one FILE with --git REV[..REV]")
        before_name, after_name = str(files[0]), str(files[1])
        a, b = _load_file(files[0]), _load_file(files[1])
    result = compare(a, b, before=before_name, after=after_name)
    if output_format == "json":
        # A name's byte that is not UTF-8 is written \udcXX, as check and actions write it.
        click.echo(escape_surrogates(result.to_json()), nl=False)
    elif output_format == "markdown":
        click.echo(result.to_markdown(), nl=False)
    else:
        use_color = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        click.echo(result.to_text(color=use_color), nl=False, color=use_color)
    if exit_code and result:
        sys.exit(1)
