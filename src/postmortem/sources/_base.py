"""What every timeline source shares: the protocol, errors, problem collection, input, times.

A source reads one export in its tool's own format and yields
:class:`~postmortem.model.TimelineEvent` objects one at a time, so that an export of any
size is never held in memory as a whole.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any, Protocol, Union, cast, runtime_checkable

import attrs

from postmortem.errors import PluginError, PluginNotFoundError, PostmortemError, did_you_mean
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
        where = f"{self.file}: {self.record}" if self.record else self.file
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
        _log.warning("skipped %s", found)
        if self.problems is not None:
            self.problems.append(found)

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
    try:
        return Path(path).open(mode, **kwargs)
    except OSError as exc:
        raise ctx.fail("", f"cannot read: {exc.strerror or exc}") from None


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
            raise ctx.fail("", f"not UTF-8 text: {exc.reason}") from None

    return guard()


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


# --------------------------------------------------------------------------- streaming JSON

_DECODER = json.JSONDecoder()
_GLANCE_LINE = 1 << 20
"""The longest line (in characters) looked at before it is decoded."""
_WHITESPACE = " \t\r\n"
_NUMBER = frozenset("0123456789.eE+-")


class JSONStream:
    """Read JSON documents from a text stream a chunk at a time.

    Handles one document, several concatenated ones, and JSON Lines. Inside a document
    the items of a chosen array (``log_entries``) are decoded one by one, so a large
    export never sits in memory whole.
    """

    def __init__(self, stream: IO[str], ctx: ReadContext, chunk_size: int = 1 << 16) -> None:
        self._stream = stream
        self._ctx = ctx
        self._chunk = chunk_size
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line_base = 1
        # The line at _counted in the buffer: the line of a later position counts only the
        # newlines after it, so reading a record's line does not scan the buffer from its start.
        self._counted = 0
        self._counted_line = 1
        self._in_array = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        with check_utf8(self._ctx):
            data = self._stream.read(self._chunk)
        if not data:
            self._eof = True
            return False
        self._line_base = self.line
        self._buf = self._buf[self._pos :] + data
        self._pos = 0
        self._counted, self._counted_line = 0, self._line_base
        return True

    @property
    def line(self) -> int:
        """The 1-based line of the reading position."""
        pos = self._pos
        if pos < self._counted:  # never after a fill: positions only move forward in a buffer
            return self._line_base + self._buf.count("\n", 0, pos)
        self._counted_line += self._buf.count("\n", self._counted, pos)
        self._counted = pos
        return self._counted_line

    def peek(self) -> str | None:
        """Skip whitespace; return the next character, or ``None`` at the end."""
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return None

    def take(self, char: str) -> None:
        """Consume ``char`` after whitespace.

        Raises:
            json.JSONDecodeError: when something else is there.
        """
        found = self.peek()
        if found != char:
            raise json.JSONDecodeError(
                f"expected {char!r}" + (" but the input ended" if found is None else ""),
                self._buf,
                self._pos,
            )
        self._pos += 1

    def value(self) -> Any:
        """Decode the next complete JSON value.

        Raises:
            json.JSONDecodeError: for malformed or truncated input.
        """
        if self.peek() is None:
            raise json.JSONDecodeError("the input ended where a value was expected", self._buf, self._pos)
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError:
                if self._fill():
                    continue
                raise
            except RecursionError:
                raise json.JSONDecodeError("nested too deeply", self._buf, self._pos) from None
            except ValueError as exc:
                # An integer of thousands of digits: Python refuses to convert it.
                raise json.JSONDecodeError(_first_clause(str(exc)), self._buf, self._pos) from None
            # A number that reaches the end of the buffer ("12", "1e", "1.") may continue
            # in the next chunk.
            if (
                isinstance(value, (int, float))
                and not self._eof
                and all(char in _NUMBER for char in self._buf[end:])
                and self._fill()
            ):
                continue
            self._pos = end
            return value

    def skip_line(self) -> bool:
        """Drop the rest of the current line (to resume JSON Lines after a bad one)."""
        while True:
            newline = self._buf.find("\n", self._pos)
            if newline >= 0:
                self._pos = newline + 1
                return True
            self._pos = len(self._buf)
            if not self._fill():
                return False

    def records(
        self, array_keys: Iterable[str] = (), *, skip_line: Callable[[str], bool] | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Yield ``(where, record)`` for each record of each document.

        A document that is an array yields its items; an object with one of
        ``array_keys`` holding an array yields that array's items; any other object is
        one record. A malformed document is reported through the context: in JSON Lines
        reading resumes on the next line, inside an array it stops (JSON cannot be
        resynchronised there), keeping every record before it.

        ``skip_line``, given the text of a line where a document starts (JSON Lines, or a
        document on one line), says whether to pass over it undecoded (see
        ``_line_glance.LineGlance``).
        """
        keys = frozenset(array_keys)
        document = 0
        while self.peek() is not None:
            if skip_line is not None and self._skipped(skip_line):
                continue
            document += 1
            start_line = self.line
            try:
                yield from self._document(keys, start_line)
            except json.JSONDecodeError as exc:
                line = self.line
                reason = exc.msg
                self._ctx.problem(
                    f"line {line}",
                    f"malformed or truncated JSON ({reason}) in the document starting on line {start_line}",
                )
                if self._in_array or not self.skip_line():
                    return

    def _skipped(self, skip_line: Callable[[str], bool]) -> bool:
        """Pass over the line starting at the reading position when ``skip_line`` says so.

        The text from the reading position to the end of its line (at most ``_GLANCE_LINE``
        characters) is looked at: ``skip_line`` says yes only to one whole document. The
        reading position stays where it is otherwise.
        """
        while (end := self._buf.find("\n", self._pos)) < 0:
            if len(self._buf) - self._pos > _GLANCE_LINE or not self._fill():
                end = len(self._buf) if self._eof else -1
                break
        if end < 0 or end - self._pos > _GLANCE_LINE or not skip_line(self._buf[self._pos : end]):
            return False
        self._pos = end
        return True

    def _document(self, keys: frozenset[str], start_line: int) -> Iterator[tuple[str, Any]]:
        first = self.peek()
        if first == "[":
            yield from self._array("")
        elif first == "{" and keys:
            self._pos += 1
            rest: dict[str, Any] = {}
            streamed = False
            if self.peek() == "}":
                self._pos += 1
            else:
                while True:
                    key = self.value()
                    if not isinstance(key, str):
                        raise json.JSONDecodeError("expected a key", self._buf, self._pos)
                    self.take(":")
                    if key in keys and self.peek() == "[":
                        streamed = True
                        yield from self._array(key)
                    else:
                        rest[key] = self.value()
                    if self.peek() == ",":
                        self._pos += 1
                        continue
                    self.take("}")
                    break
            if not streamed:
                yield f"line {start_line}", rest
        else:
            yield f"line {start_line}", self.value()

    def _array(self, key: str) -> Iterator[tuple[str, Any]]:
        self.take("[")
        self._in_array = True
        if self.peek() == "]":
            self._pos += 1
            self._in_array = False
            return
        index = 0
        while True:
            line = self.line
            item = self.value()
            label = f"{key}[{index}]" if key else f"record {index}"
            yield f"{label} (line {line})", item
            index += 1
            if self.peek() == ",":
                self._pos += 1
                continue
            self.take("]")
            self._in_array = False
            return


def _first_clause(message: str) -> str:
    return message.partition(";")[0].partition(":")[0].strip() or "unreadable value"


def loads_record(text: str) -> Any:
    """Decode one JSON document (a JSON Lines line), turning every decoding failure into ``ValueError``.

    Raises:
        ValueError: for malformed JSON, nesting too deep for Python's decoder and
            integers too long to convert, with a short reason.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:
        raise ValueError(_first_clause(str(exc))) from None


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
