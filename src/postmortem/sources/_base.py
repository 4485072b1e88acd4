"""What every timeline source shares: the protocol, errors, problem collection, input, times.

A source reads one export in its tool's own format and yields
:class:`~postmortem.model.TimelineEvent` objects one at a time, so that an export of any
size is never held in memory as a whole.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import types
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from typing import IO, Any, Protocol, Union, cast, runtime_checkable

import attrs

from postmortem.errors import PluginError, PluginNotFoundError, PostmortemError, did_you_mean, not_utf8, shown_path
from postmortem.export import Option
from postmortem.model import TimelineEvent

__all__ = [
    "Input",
    "ReadContext",
    "Source",
    "SourceError",
    "SourceNotFoundError",
    "SourcePluginError",
    "SourceProblem",
    "declare_options",
    "input_name",
    "open_binary",
    "open_text",
    "parse_time",
]

GIVE_UP = 1000
"""Unreadable records, with not one recognised before them, after which an input is not the format."""

_log = logging.getLogger("postmortem.sources")
# Skipped records are reported through ``problems``; the log is for applications that
# configure logging, and stays silent otherwise.
_log.addHandler(logging.NullHandler())

Input = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
"""What a source reads: a path, or an open binary or text stream."""


@attrs.frozen
class SourceProblem:
    """One record (or the whole input) a source could not read.

    Attributes:
        file: The file or stream name.
        record: Which record: ``record 12``, ``line 40``, ``general/2026-05-04.json message 3``.
        message: What is wrong, in words a user understands.
    """

    file: str
    record: str
    message: str

    def __str__(self) -> str:
        # The file's name and a record's (a Slack export's day file) are someone else's:
        # shown escaped, as every message shows a file name.
        where = shown_path(self.file)
        if self.record:
            where = f"{where}: {shown_path(self.record)}"
        return f"{where}: {self.message}"


class SourceError(PostmortemError):
    """An export that cannot be read, or (in strict mode) a record that cannot.

    Attributes:
        problem: The file, record and message.
    """

    def __init__(self, problem: SourceProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))

    @property
    def file(self) -> str:
        """The file or stream name."""
        return self.problem.file

    @property
    def record(self) -> str:
        """Which record was bad (empty when the whole input was)."""
        return self.problem.record


class SourcePluginError(PluginError, TypeError, ValueError):
    """A timeline source plugin that is broken or clashes with another.

    It is also a :class:`TypeError` (an object that is not a source) and a
    :class:`ValueError` (a name already taken), the errors raised before sources moved
    to the shared plugin registry.
    """


class SourceNotFoundError(PluginNotFoundError):
    """No timeline source of that name is installed (see :class:`~postmortem.errors.PluginNotFoundError`)."""

    kind = "timeline source"

    def _message(self) -> str:
        return (
            f"no timeline source named {self.name!r} is installed{did_you_mean(self.name, self.available)}. "
            f"Installed sources: {', '.join(self.available) or 'none'}"
        )


@runtime_checkable
class Source(Protocol):
    """A reader of one tool's export that yields timeline events.

    Sources register in the entry-point group ``postmortem.sources``; the value names a
    class whose instances satisfy this protocol (made with no arguments).

    Every source accepts these keyword options in :meth:`read`, besides its own:

    ``strict`` (bool, default False)
        Raise :class:`SourceError` on the first bad record instead of skipping it.
    ``problems`` (list of :class:`SourceProblem`, optional)
        Receives every skipped record, so that a caller can show what was left out.
    ``since`` / ``until`` (timezone-aware datetime, optional)
        Yield only events in this window (both ends included).
    ``label`` (str, optional)
        What to write in each event's ``source`` instead of the source's default.

    A source declares its own options the way an exporter does, as
    :class:`~postmortem.export.Option` objects in a class attribute ``options`` (a mapping
    from name to option; see :func:`declare_options`). ``postmortem timeline`` offers the
    source as ``--<name> FILE`` and each option as a flag, ``--<name>-<option>``. These
    attributes are optional, and read with their defaults when missing:

    ``options`` (mapping of str to :class:`~postmortem.export.Option`, default empty)
        The source's own options. One named ``participants`` is given the incident's
        participants by ``postmortem timeline``.
    ``input_metavar`` (str, default ``FILE``) and ``input_help`` (str, default the description)
        How the help of ``postmortem timeline`` shows the source's flag.
    ``parse_input(text)`` (a method, default: the text as the input, no options)
        Splits the flag's text into the input and the options it implies, as
        ``--git REPO:BRANCH`` gives the branch.
    """

    name: str
    """The name users select the source by (``slack``, ``pagerduty``)."""

    description: str
    """One line saying what the source reads."""

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield the export's events one at a time, times in UTC.

        Raises:
            SourceError: when the input cannot be opened or is not this source's format,
                and in strict mode on the first bad record.
        """
        ...


# --------------------------------------------------------------------------- options


def declare_options(*options: Option) -> Mapping[str, Option]:
    """A source's ``options`` attribute: its options by name, in the order given.

    Example::

        class JiraSource:
            options = declare_options(
                Option("project", str, None, "Keep only this project's issues.", metavar="KEY"),
            )

    Raises:
        ValueError: When two options have the same name.
    """
    declared: dict[str, Option] = {}
    for option in options:
        if option.name in declared:
            raise ValueError(f"option {option.name!r} is declared twice")
        declared[option.name] = option
    return types.MappingProxyType(declared)


@attrs.define
class ReadContext:
    """The common options of one :meth:`Source.read` call and the problems it met.

    Attributes:
        file: The input's name for messages.
        strict: Raise on the first bad record.
        problems: Receives skipped records (may be ``None``).
        since: Earliest event kept.
        until: Latest event kept.
        label: The ``source`` written on each event.
    """

    file: str
    label: str
    strict: bool = False
    problems: list[SourceProblem] | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: Records recognised as this source's (kept, left out by the window or an option, or
    #: with a bad field): one is enough to say the input is the format asked for.
    seen: int = 0
    #: Records skipped as unreadable, and the first of them.
    unreadable: int = 0
    first: SourceProblem | None = None
    #: What the source reads, for messages (its description: ``PagerDuty incident log entries``).
    what: str = "this source's format"

    @classmethod
    def from_options(
        cls, file: str, default_label: str, options: dict[str, Any], known: Iterable[str] = ()
    ) -> ReadContext:
        """Take the common options out of ``options`` and check nothing unknown is left.

        Args:
            file: The input's name.
            default_label: The source label when the caller gives none.
            options: The keyword options; the common ones are removed.
            known: The source's own option names.

        Returns:
            The context.

        Raises:
            TypeError: for an option the source does not know, naming the ones it does.
        """
        strict = bool(options.pop("strict", False))
        problems = options.pop("problems", None)
        since = options.pop("since", None)
        until = options.pop("until", None)
        label = options.pop("label", None) or default_label
        unknown = sorted(set(options) - set(known))
        if unknown:
            allowed = sorted({"strict", "problems", "since", "until", "label", *known})
            raise TypeError(f"unknown option {unknown[0]!r}; this source accepts {', '.join(allowed)}")
        for name, value in (("since", since), ("until", until)):
            if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
                raise TypeError(f"{name} must be a timezone-aware datetime")
        return cls(file=file, label=str(label), strict=strict, problems=problems, since=since, until=until)

    def problem(self, record: str, message: str) -> None:
        """Note a record that was skipped; raise instead in strict mode.

        Raises:
            SourceError: in strict mode.
        """
        found = SourceProblem(self.file, record, message)
        if self.strict:
            raise SourceError(found)
        self.unreadable += 1
        if self.first is None:
            self.first = found
        if not self.seen and self.unreadable >= GIVE_UP:
            # Thousands of unreadable records and not one of the format: a file of another
            # kind (or an endless stream), not an export with a few bad records.
            raise SourceError(SourceProblem(self.file, self.first.record, self._not_the_format()))
        _log.warning("skipped %s", found)
        if self.problems is not None:
            self.problems.append(found)

    def _not_the_format(self) -> str:
        first = self.first.message if self.first is not None else "nothing in it could be read"
        if self.unreadable == 1:
            return f"no record in it could be read as {self.what}; its one record: {first}"
        return f"no record in it could be read as {self.what} ({self.unreadable} unreadable); the first: {first}"

    def finish(self, *, empty: bool) -> None:
        """After the last record: an input that is empty, or in which no record was the format, is an error.

        An export with a few unreadable records among readable ones is read (the unreadable
        ones are skipped and listed); one of which no record was recognised is another kind
        of file (text, another tool's export), and an empty file is no export at all: both
        raise, naming the file and the first unreadable record.

        Args:
            empty: The input held nothing but white space.

        Raises:
            SourceError: for such an input.
        """
        if empty:
            raise SourceError(SourceProblem(self.file, "", f"the file is empty; expected {self.what}"))
        if not self.seen and self.first is not None:
            raise SourceError(SourceProblem(self.file, self.first.record, self._not_the_format()))

    def fail(self, record: str, message: str) -> SourceError:
        """Return the error for an input that cannot be read at all."""
        return SourceError(SourceProblem(self.file, record, message))

    def keeps(self, time: datetime) -> bool:
        """True when ``time`` is inside the requested window."""
        if self.since is not None and time < self.since:
            return False
        return self.until is None or time <= self.until


# --------------------------------------------------------------------------- input


def input_name(source: Input) -> str:
    """A name for an input in messages: the path, or the stream's name."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _open_file(path: str | os.PathLike[str], ctx: ReadContext, mode: str, **kwargs: Any) -> IO[Any]:
    from postmortem._files import open_input  # noqa: PLC0415  (the sources import nothing of the loader at start)

    try:
        handle = open_input(path)
    except OSError as exc:
        raise ctx.fail("", f"cannot read: {exc.strerror or exc}") from None
    if mode == "rb":
        return handle
    return io.TextIOWrapper(handle, **kwargs)


@contextlib.contextmanager
def open_text(source: Input, ctx: ReadContext) -> Iterator[IO[str]]:
    """Open a path or wrap a stream as UTF-8 text (a BOM is ignored).

    Raises:
        SourceError: when the file cannot be opened.
    """
    if isinstance(source, (str, os.PathLike)):
        with _open_file(source, ctx, "r", encoding="utf-8-sig", newline="") as handle:
            yield handle
        return
    if isinstance(source, io.TextIOBase):
        yield cast("IO[str]", source)
        return
    wrapper = io.TextIOWrapper(cast("IO[bytes]", source), encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        # The caller owns the stream: do not close it with the wrapper.
        wrapper.detach()


@contextlib.contextmanager
def open_binary(source: Input, ctx: ReadContext) -> Iterator[IO[bytes]]:
    """Open a path for reading bytes, or pass a binary stream through.

    Raises:
        SourceError: when the file cannot be opened or the stream is text.
    """
    if isinstance(source, (str, os.PathLike)):
        with _open_file(source, ctx, "rb") as handle:
            yield handle
        return
    if isinstance(source, io.TextIOBase):
        raise ctx.fail("", "this source needs a binary stream (open the file with 'rb')")
    yield cast("IO[bytes]", source)


def check_utf8(ctx: ReadContext) -> contextlib.AbstractContextManager[None]:
    """Turn a decoding error into a :class:`SourceError` naming the file."""

    @contextlib.contextmanager
    def guard() -> Iterator[None]:
        try:
            yield
        except UnicodeDecodeError as exc:
            raise ctx.fail("", not_utf8(exc)) from None

    return guard()


MAX_LINE = 64 << 20
"""The longest line a line-by-line source reads, in characters."""


def bounded_lines(stream: IO[str], ctx: ReadContext) -> Iterator[str]:
    """The lines of a text stream, as iterating it gives them, each read with a bound.

    Iterating a file reads a line however long it is: a file without line ends (or
    ``/dev/zero``) would fill the memory. A line longer than :data:`MAX_LINE`, or one holding
    a NUL byte (binary data, UTF-16 text), ends the input with an error naming its line.

    Raises:
        SourceError: for such a line.
    """
    number = 0
    read = stream.readline
    while True:
        line = read(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if "\x00" in line:
            raise ctx.fail(f"line {number}", "a NUL byte: binary data or UTF-16 text, not UTF-8 text")
        if len(line) > MAX_LINE:
            raise ctx.fail(f"line {number}", f"a line longer than {MAX_LINE >> 20} MiB characters")
        yield line


# --------------------------------------------------------------------------- times

_TIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<clock>\d{2}:\d{2}(?::\d{2})?)(?P<fraction>[.,]\d+)?"
    r"\s*(?P<zone>Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$"
)


def _parse_time_text(value: str) -> datetime:
    text = value.strip()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
        return _from_epoch(float(text), value)
    match = _TIME_RE.match(text)
    if match is None:
        raise ValueError(f"not a time: {_shown(value)}")
    fraction = (match["fraction"] or "").replace(",", ".")[:7]
    if fraction:
        # Python 3.10's fromisoformat takes exactly 3 or 6 fraction digits.
        fraction = fraction.ljust(7, "0")
    zone = match["zone"] or ""
    if zone in ("Z", "z", "UTC"):
        zone = "+00:00"
    elif zone and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:] or '00'}"
    try:
        return datetime.fromisoformat(f"{match['date']}T{match['clock']}{fraction}{zone}")
    except ValueError:
        raise ValueError(f"not a valid time: {_shown(value)}") from None


def parse_time(value: object, *, default_timezone: timezone | None = None) -> datetime:
    """Parse a time as tools write it and return it in UTC.

    Accepts ISO 8601 / RFC 3339 text with ``Z`` or an offset (any number of fractional
    digits, as Go writes them), and Unix epoch seconds as a number or a numeric string
    (Slack's ``ts``).

    Args:
        value: The raw value.
        default_timezone: The zone of times written without one; without it they are rejected.

    Returns:
        A timezone-aware datetime in UTC.

    Raises:
        ValueError: with a message naming the value.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a time, got {_shown(value)}")
    if isinstance(value, (int, float)):
        return _from_epoch(value, value)
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_time_text(value)
    else:
        raise ValueError(f"expected a time, got {type(value).__name__}")
    if parsed.utcoffset() is None:
        if default_timezone is None:
            raise ValueError(f"time {_shown(value)} has no timezone; add an offset such as Z")
        parsed = parsed.replace(tzinfo=default_timezone)
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        # 0001-01-01T00:30+01:00 or 9999-12-31T23:30-01:00: valid as written, outside
        # the years a UTC time can hold.
        raise ValueError(f"time {_shown(value)} is outside the years 1 to 9999 in UTC") from None


def _shown(value: object, limit: int = 80) -> str:
    """``value`` for a message, cut short: a record may hold megabytes in one field."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _from_epoch(seconds: float, raw: object) -> datetime:
    """Unix epoch seconds as a UTC time.

    Raises:
        ValueError: for NaN, infinities and numbers outside the years 1 to 9999, naming
            the value instead of the platform's ``time_t``.
    """
    try:
        return datetime.fromtimestamp(float(seconds), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(
            f"{_shown(raw)} is not a time: as Unix epoch seconds it is outside the years 1 to 9999"
        ) from None


def parse_duration(text: str) -> timedelta:
    """Parse a duration as people write it on the command line.

    Args:
        text: ``90s``, ``15m``, ``2h``, ``1d`` or a combination such as ``1h30m``.

    Returns:
        The duration.

    Raises:
        ValueError: for anything else, with an example of the expected form.
    """
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text.strip().lower())
    if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s+", "", text.strip().lower()):
        raise ValueError(f"not a duration: {text!r}; write it like 90s, 15m, 2h or 1h30m")
    units = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{units[unit]: float(number)})
    return total


def text_of(value: object) -> str:
    """Return ``value`` as stripped text ('' for anything that is not text)."""
    return value.strip() if isinstance(value, str) else ""


def items(value: object) -> list[Any]:
    """Return ``value`` when it is a JSON array, else an empty list (a record may hold anything)."""
    return value if isinstance(value, list) else []


def mapping(value: object) -> Mapping[str, Any]:
    """Return ``value`` when it is a JSON object, else an empty mapping."""
    return value if isinstance(value, Mapping) else {}


def make_event(ctx: ReadContext, record: str, **fields: Any) -> TimelineEvent | None:
    """Build an event, reporting a model rejection (empty text) as a skipped record."""
    try:
        return TimelineEvent(**fields)
    except (ValueError, TypeError) as exc:
        ctx.problem(record, str(exc))
        return None
