"""What the commands share: reading many paths, printing load errors, the progress bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, overload

import click

from postmortem import _parallel
from postmortem._parallel import JOBS_PER_CORE
from postmortem.errors import IncidentFormatError, NotAnIncidentError, PostmortemError, shown_path

__all__ = [
    "DAY",
    "Choice",
    "PathList",
    "as_installed",
    "bounded_jobs",
    "echo_load_error",
    "echo_skipped",
    "exclude_option",
    "exit_if_not_installed",
    "jobs_option",
    "no_post_mortems",
    "parse_options",
    "progress_bar",
    "split_names",
]

_T = TypeVar("_T")


class Choice(click.Choice[str]):
    """A choice of names whose error for a mistyped one says which name was probably meant.

    click's own message lists the choices but does not pick one; ``--preset googel`` should
    say "did you mean 'google'?" as an unknown preset in a configuration file does. The case
    of a value does not matter (``--format JSON`` is ``json``; it was refused, without even a
    suggestion): the value is the choice as declared.
    """

    def __init__(self, choices: Sequence[str], case_sensitive: bool = False) -> None:
        super().__init__(choices, case_sensitive=case_sensitive)

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        """Click's message, ending with the closest choice when one is close enough."""
        message = super().get_invalid_choice_message(value, ctx)
        import difflib  # noqa: PLC0415  (only for a value that is not a choice)

        choices = {str(choice).casefold(): str(choice) for choice in self.choices}
        close = difflib.get_close_matches(str(value).casefold(), list(choices), n=1, cutoff=0.6)
        return f"{message.rstrip('.')}; did you mean {choices[close[0]]!r}?" if close else message


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


class _Day(click.DateTime):
    """``click.DateTime`` of the format ``%Y-%m-%d``, which reads ``2027-01-15`` as a number of digits.

    ``datetime.strptime`` builds a regular expression for its format, with the locale's month
    and day names, the first time it runs in a process: about 1% of starting ``postmortem
    check --today``. A value written as four, two and two digits is read directly (the same
    midnight ``strptime`` gives); any other value, a day that does not exist included, goes to
    ``click.DateTime`` as before, with its messages.
    """

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
            year, month, day = value[:4], value[5:7], value[8:]
            if (year + month + day).isascii() and (year + month + day).isdigit():
                try:
                    return datetime(int(year), int(month), int(day))  # naive, as strptime gives it
                except ValueError:
                    pass
        return super().convert(value, param, ctx)


DAY = _Day()
"""The type of a ``YYYY-MM-DD`` option (``--today``, ``--since``): a naive ``datetime`` at midnight."""


def bounded_jobs(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    """``-j``'s value, lowered to :data:`JOBS_PER_CORE` a core when it asks for more (with a note).

    ``-j 100000`` started a process for every few files, each with its start-up and memory,
    where more processes than cores only wait for one. A few a core are left as asked (a
    test of the workers on a one-core machine, a machine whose cores are shared).
    """
    if value <= JOBS_PER_CORE:  # at least one core: no need to count them
        return value
    cores = _parallel.default_jobs()
    most = JOBS_PER_CORE * cores
    if value > most:
        click.echo(
            f"note: --jobs {value} is more than {JOBS_PER_CORE} processes for each of the {cores} "
            f"core{'s' if cores != 1 else ''} this process may use; using {most}",
            err=True,
        )
        return most
    return value


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    callback=bounded_jobs,
    help=(
        "Processes for many files, this one included (default 0: one per core; 1: this one only; "
        "at most 4 per core). Output order is the files' order."
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


exclude_option = click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="GLOB",
    help=(
        "Leave out files and folders matching GLOB when searching folders (e.g. 'drafts', '*.json', "
        "'incidents/imported/*'); matched against the name and the path. Repeatable. Files named are always read."
    ),
)
"""``--exclude GLOB`` of the commands that search folders."""

# How many skipped files the summary line names; the rest are counted.
NAMED_SKIPS = 10


class PathList:
    """The files named by a command's paths (folders searched), and what the search left out.

    A file named on the command line is always read as a post-mortem, and fails if it is not
    one. A file found in a folder that turns out to be certainly no post-mortem
    (:class:`~postmortem.errors.NotAnIncidentError`: a list at its top, no incident key) is
    skipped instead (see :meth:`skips`), and named in one line on standard error at the end.

    A file reached twice is read once: a file named twice where it is first named, a file named
    and also found in a folder given where it is named (strictly, as every file named), a file
    two folders given find where it is first found. Read twice, ``export`` said it had the same
    incident id as itself and ``check`` printed its findings twice.

    Attributes:
        files: The files, in order: each path's files in turn, each once.
        errors: An error for each path that is a folder holding no post-mortem file.
        skipped: What was left out, and why.
    """

    def __init__(self, paths: Sequence[Path], exclude: Sequence[str] = ()) -> None:
        # The analytics package costs tens of milliseconds, and only a folder needs it.
        from postmortem._files import scan_incident_files  # noqa: PLC0415  (not analytics: keeps check light)

        self.files: list[Path] = []
        self.errors: list[PostmortemError] = []
        self.skipped: list[tuple[Path, str]] = []
        # For each file, the folder it was found in (None: named); and each folder's files left.
        self._folders: list[Path | None] = []
        #: How many of :attr:`files` were skipped when read.
        self.skipped_files = 0
        self._left: dict[Path, int] = {}
        is_folder = [path.is_dir() for path in paths]
        # A file named is read where it is named (strictly), never where a folder given finds it.
        seen: set[str] = {
            os.path.abspath(path)  # noqa: PTH100  (no system call, see _first)
            for path, folder in zip(paths, is_folder, strict=True)
            if not folder
        }
        named: set[str] = set()
        for path, folder in zip(paths, is_folder, strict=True):
            if not folder:
                if self._first(path, named):
                    self.files.append(path)  # a missing file is reported when it is read
                    self._folders.append(None)
                continue
            scan = scan_incident_files(path, exclude=exclude)
            self.skipped.extend(scan.skipped)
            self.errors.extend(PostmortemError(f"{shown_path(folder)}: {reason}") for folder, reason in scan.unreadable)
            if not scan.files and not scan.unreadable:
                self.errors.append(PostmortemError(f"{shown_path(path)}: {no_post_mortems(len(scan.skipped))}"))
            found = [file for file in scan.files if self._first(file, seen)]
            self.files.extend(found)
            self._folders.extend([path] * len(found))
            self._left[path] = self._left.get(path, 0) + len(found)

    @staticmethod
    def _first(path: Path, seen: set[str]) -> bool:
        """Whether ``path`` is reached for the first time (and note it in ``seen``).

        Keyed by the absolute, normalised path: a string, with no system call a file (not
        ``Path.resolve``, which follows symbolic links at a ``stat`` a component).
        """
        key = os.path.abspath(path)  # noqa: PTH100  (no system call, see above)
        if key in seen:
            return False
        seen.add(key)
        return True

    def skips(self, index: int, result: object) -> bool:
        """Whether the result for ``files[index]`` is skipped: found in a folder, certainly no post-mortem.

        Args:
            index: The file's place in :attr:`files`.
            result: What reading it gave; a :class:`~postmortem.errors.NotAnIncidentError`,
                or an outcome whose ``not_an_incident`` gives the reason, may be skipped.

        A skipped file is added to :attr:`skipped`; a folder whose every file is skipped gets an error.
        """
        folder = self._folders[index]
        reason = result.reason if isinstance(result, NotAnIncidentError) else getattr(result, "not_an_incident", None)
        if folder is None or not isinstance(reason, str):
            return False
        self.skipped.append((self.files[index], reason))
        self.skipped_files += 1
        self._left[folder] -= 1
        if not self._left[folder]:
            skipped = sum(1 for path, _ in self.skipped if path.is_relative_to(folder))
            self.errors.append(PostmortemError(f"{shown_path(folder)}: {no_post_mortems(skipped)}"))
        return True

    def echo_skipped(self) -> None:
        """Say on standard error, in one line, which files were skipped and why."""
        echo_skipped(self.skipped)


def echo_skipped(skipped: Sequence[tuple[Path, str]]) -> None:
    """Say on standard error, in one line, which files (and folders) a folder walk skipped and why."""
    if not skipped:
        return
    shown = "; ".join(f"{shown_path(path)} ({reason})" for path, reason in sorted(skipped)[:NAMED_SKIPS])
    more = len(skipped) - NAMED_SKIPS
    tail = f"; and {more} more" if more > 0 else ""
    noun = "path" if len(skipped) == 1 else "paths"
    click.echo(f"skipped {len(skipped)} {noun}, not post-mortems: {shown}{tail}", err=True)


def no_post_mortems(skipped: int) -> str:
    """The error for a folder that holds no post-mortem; ``skipped``: files left out as not post-mortems."""
    found = f" ({skipped} skipped, not post-mortems)" if skipped else ""
    return f"no incident files (.yaml, .yml, .json, .toml) in this folder{found}"


def exit_if_not_installed(names: Sequence[str]) -> None:
    """Exit 2 naming every name of ``names`` that is no installed exporter, each with its closest name.

    The first unknown name alone was reported (``--to markdwn,htm`` said nothing of ``htm``);
    each is a line, and the installed exporters are listed once after them.
    """
    from postmortem.errors import ExporterNotFoundError  # noqa: PLC0415
    from postmortem.export import get_exporter  # noqa: PLC0415

    missing: list[ExporterNotFoundError] = []
    for name in names:
        try:
            get_exporter(name)
        except ExporterNotFoundError as exc:
            missing.append(exc)
    if not missing:
        return
    if len(missing) == 1:
        click.echo(f"error: {missing[0]}", err=True)
    else:
        for not_found in missing:
            click.echo(f"error: {not_found.reason}", err=True)
        click.echo(f"Installed exporters: {', '.join(missing[0].available) or 'none'}", err=True)
    sys.exit(2)


def as_installed(names: Sequence[str]) -> list[str]:
    """``names`` with each name that is no installed exporter's replaced by the one it names in another case.

    ``--to MarkDown`` or ``--to PDF`` means the installed ``markdown`` or ``pdf``: a name is
    replaced only when it is not installed as written and exactly one installed name is the
    same ignoring case. Any other name is left for :func:`exit_if_not_installed` to refuse.
    """
    from postmortem.export import exporter_names  # noqa: PLC0415

    installed = exporter_names()
    found: list[str] = []
    for name in names:
        same = [other for other in installed if other.casefold() == name.casefold()]
        name = same[0] if name not in installed and len(same) == 1 else name  # noqa: PLW2901
        if name not in found:
            found.append(name)
    return found


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
