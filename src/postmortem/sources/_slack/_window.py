"""Which day files and messages can fall in the ``since``/``until`` window, decided before parsing."""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import json
import operator
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from itertools import repeat

import attrs

from postmortem.sources._base import (
    ReadContext,
)
from postmortem.sources._json import _first_clause
from postmortem.sources._slack._archive import _DAY_FILE, _array, _Export, _Text

_WHOLE_DAY = 8 << 20
"""Day files up to this size (8 MiB, several times a busy channel's day) are read whole."""

_EPOCH = re.compile(r"\d{9,10}(?:\.\d{1,9})?")
_TS_VALUE = re.compile(r'"ts"\s*:\s*"?(-?[0-9][0-9.eE+-]*)')
_TS_VALUE_BYTES = re.compile(_TS_VALUE.pattern.encode("ascii"))
_TS_KEY = re.compile(r'"ts"\s*:\s*"?(-?[0-9][0-9.eE+-]*)?')
"""Every ``"ts"`` key, with its value when that is a number (else the group is empty)."""
_ESCAPED_ASCII = re.compile(r"\\u00(?:3[0-9]|2[bBdDeE]|[46]5|7[34])")
_ESCAPED_ASCII_BYTES = re.compile(_ESCAPED_ASCII.pattern.encode("ascii"))
r"""A character of a ``"ts"`` key or of a number written as an escape (a digit, ``+-.eE``, ``t`` or ``s``):
``"t\u0073"`` is the key ``"ts"``, ``\u0031`` the digit 1."""
_PLAIN_TS = re.compile(r"(?:[0-9]{10}\.[0-9]{6})+")  # a run of ts values as Slack writes them
_SLACK_RUN = re.compile(r"(?:[1-7][0-9]{9}\.[0-9]{6},)*")
"""ts values as Slack writes them, each before 8,000,000,000 seconds (see ``_SLACK_TS``) and followed by a comma."""
_ONE_DAY = timedelta(days=1)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


_FIRST_TEN = operator.itemgetter(slice(None, 10))
"""A day file's name without ``.json``: its date as text."""


def _day_of(name: str) -> date | None:
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


_AHEAD = timedelta(hours=14)
"""The most a timezone in use is ahead of UTC (Kiribati's Line Islands, UTC+14)."""
_BEHIND = timedelta(hours=12)
"""The most a timezone in use is behind UTC (UTC-12)."""


@attrs.frozen
class _Days:
    """Which day files, by name, may hold the window's messages, and which are next to it.

    A day file holds one day of the export's timezone, which the reader does not know: from
    UTC-12 to UTC+14, the day ``D`` runs from ``D 00:00`` 14 hours before UTC midnight to
    ``D+1 00:00`` 12 hours after it. A day whose span so widened misses the window holds
    none of its messages. Names are compared as text (``YYYY-MM-DD`` sorts as the dates do);
    a name that is not a date is kept, as before.
    """

    first: str
    """The first day that may hold a message at ``since`` or later ("" without a start)."""
    last: str
    """The last day that may hold a message at ``until`` or earlier ("~" without an end)."""
    low: str
    """The window's first UTC date ("" without a start): days before it are next to the window."""
    high: str
    """The window's last UTC date ("~" without an end): days after it are next to the window."""

    @classmethod
    def of(cls, ctx: ReadContext) -> _Days:
        since = ctx.since.astimezone(timezone.utc) if ctx.since is not None else None
        until = ctx.until.astimezone(timezone.utc) if ctx.until is not None else None
        first, last = "", "~"
        with contextlib.suppress(OverflowError):  # a window at the ends of the calendar: every day
            if since is not None:
                # D 00:00 + 1 day + 12 h > since  <=>  D > (since - 36 h).date()
                first = (since - _ONE_DAY - _BEHIND).date().isoformat()
                first = (date.fromisoformat(first) + _ONE_DAY).isoformat()
        with contextlib.suppress(OverflowError):
            if until is not None:
                # D 00:00 - 14 h <= until  <=>  D <= (until + 14 h).date()
                last = (until + _AHEAD).date().isoformat()
        low = since.date().isoformat() if since is not None else ""
        high = until.date().isoformat() if until is not None else "~"
        return cls(first, last, low, high)

    def near(self, name: str) -> bool:
        """Whether a day file, by its name, may hold messages inside the window."""
        return self.first <= name[:10] <= self.last or _day_of(name) is None

    def select(self, names: list[str]) -> list[str]:
        """The day files (names matching ``_DAY_FILE``) among sorted ``names`` that :meth:`near` keeps, in order.

        The days the window may reach are a run of the sorted names, found by bisecting; a
        day file outside it is kept only when its name is not a date, and one look at all
        the others, in C, shows that none is (a folder of day files, as Slack writes it).
        """
        low = bisect.bisect_left(names, self.first, key=_FIRST_TEN)
        high = bisect.bisect_right(names, self.last, lo=low, key=_FIRST_TEN)
        try:
            list(map(date.fromisoformat, map(_FIRST_TEN, itertools.chain(names[:low], names[high:]))))
        except ValueError:
            # A name outside the run that is no date: each name is looked at, as near() does.
            return [name for name in names if _DAY_FILE.match(name) and self.near(name)]
        return list(filter(_DAY_FILE.match, names[low:high]))

    def on_edge(self, name: str) -> bool:
        """Whether a day file is one of the days next to the window's UTC dates (kept by :meth:`near`)."""
        return not self.low <= name[:10] <= self.high and _day_of(name) is not None


def _in_window(seconds: float, ctx: ReadContext) -> bool:
    if ctx.since is not None and seconds < ctx.since.timestamp():
        return False
    return ctx.until is None or seconds <= ctx.until.timestamp()


def _outside_window(text: str, ctx: ReadContext, *, scanned: bool = False) -> bool:
    """Whether every ``"ts"`` in a day file's text is outside the window (read without parsing).

    Every message has a ``ts``; other objects in it (edits, replies) may have one too, which
    only widens the span found, so a day is never left out that has a message inside the window.
    A ``"ts"`` whose value is not a number as written, and a key or number written with escapes
    (:func:`_escapes_ascii`), answer no: the day is read in full.
    ``scanned``: :func:`_all_plain_beyond` said no for the same text already.
    """
    if not scanned and _all_plain_beyond(text, ctx):
        return True
    found = _TS_KEY.findall(text)
    if not found or "" in found or _escapes_ascii(text):
        # A "ts" whose value is not a number (a problem the full reading reports), or
        # a key or value written with escapes, which the pattern cannot read.
        return False
    if set(map(len, found)) == {17} and _PLAIN_TS.fullmatch("".join(found)):
        # Slack writes every ts with ten digits, a dot and six: for those, the order of the
        # texts is the order of the numbers, and only the first and last need converting.
        earliest, latest = float(min(found)), float(max(found))
    else:
        try:
            stamps = [float(stamp) for stamp in found]
        except ValueError:
            return False
        earliest, latest = min(stamps), max(stamps)
    before = ctx.since is not None and latest < ctx.since.timestamp()
    return before or (ctx.until is not None and earliest > ctx.until.timestamp())


def _all_plain_beyond(text: str | bytes, ctx: ReadContext) -> bool:
    """Whether every ``"ts"`` is written as Slack writes it and all are before, or all after, the window.

    One pass of a regular expression that stops at the first ``"ts"`` not written so (nor
    spaced so: ``"ts": "`` or ``"ts":"``), or inside the window, with no number converted:
    the usual answer for a day next to the window. ``False`` leaves the question to the full
    reading in :func:`_outside_window`.
    """
    binary = type(text) is bytes  # ASCII bytes, before they are decoded: the same answer as their text
    if (_TS_VALUE_BYTES if binary else _TS_VALUE).search(text) is None:  # type: ignore[arg-type]
        return False
    for edge, side in ((ctx.since, _BEFORE), (ctx.until, _AFTER)):
        pattern = _beyond(_plain(edge), side, binary=binary) if edge is not None else None
        if pattern is not None and pattern.search(text) is None:  # type: ignore[arg-type]
            # A key written with escapes ("t\u0073" for "ts") is not found by the pattern.
            return not _escapes_ascii(text)
    return False


def _escapes_ascii(text: str | bytes) -> bool:
    r"""Whether a day file's text writes a character of a ``"ts"`` key or of a number as an escape.

    See :data:`_ESCAPED_ASCII`. JSON writers do not escape letters or digits, but such JSON
    is valid: the key ``"t\u0073"`` is ``"ts"`` and ``"\u0031..."`` a number, which a scan of
    the raw text cannot read, so such a day is read in full. A day file without a
    backslash (looked for at the speed of ``memchr``) answers at once.
    """
    if type(text) is bytes:
        at = text.find(b"\\")
        return at >= 0 and _ESCAPED_ASCII_BYTES.search(text, at) is not None
    assert isinstance(text, str)
    at = text.find("\\")
    return at >= 0 and _ESCAPED_ASCII.search(text, at) is not None


def _plain(moment: datetime) -> str | None:
    """``moment`` as Slack writes a ``ts`` (ten digits, a dot, six), or ``None`` when it has another length.

    The digits are the exact microseconds, so that comparing texts is comparing the numbers
    :func:`float` gives (below 8,000,000,000 seconds, where doubles are closer together than a
    microsecond).
    """
    delta = moment - _UNIX_EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    seconds, fraction = divmod(micros, 1_000_000)
    if not 1_000_000_000 <= seconds < 8_000_000_000:
        return None
    return f"{seconds}.{fraction:06d}"


_BEFORE = "before"
_AFTER = "after"


@functools.lru_cache(maxsize=16)
def _beyond(edge: str | None, side: str, *, binary: bool = False) -> re.Pattern[str] | re.Pattern[bytes] | None:
    """A pattern that finds a ``"ts"`` that is *not* a plain ts strictly before (or after) ``edge``.

    The value is matched digit by digit: below ``1781938800.000000`` is ``0-0`` then any nine
    digits, or ``1`` then below ``781938800.000000``, and so on.
    """
    if edge is None:
        return None
    bound = _below(edge) if side == _BEFORE else _above(edge)
    # Only the colon and one space or none, as Slack and compact writers put them: any other
    # "ts" (other spacing, or the word as a value) is found, and the day is read in full.
    # Fewer steps at each "ts" than a pattern that allows any spacing (0.3 of 3.4 ms for the
    # benchmark's eight days next to the window).
    pattern = rf'"ts"(?!: ?"{bound}")'
    return re.compile(pattern.encode("ascii")) if binary else re.compile(pattern)


def _shape(text: str) -> str:
    """A pattern for any text of the shape of ``text``: its runs of digits as counted repeats, a dot as a dot."""
    return _DIGITS.sub(lambda run: f"[0-9]{{{len(run[0])}}}", text.replace(".", r"\."))


_DIGITS = re.compile("[0-9]+")


def _below(text: str) -> str:
    """A pattern for texts of the shape of ``text`` that sort before it."""
    if not text:
        return "(?!)"
    first, rest = text[0], text[1:]
    if first == ".":
        return rf"\.{_below(rest)}"
    lower = f"[0-{int(first) - 1}]{_shape(rest)}|" if first != "0" else ""
    return f"(?:{lower}{first}{_below(rest)})"


def _above(text: str) -> str:
    """A pattern for texts of the shape of ``text`` that sort after it."""
    if not text:
        return "(?!)"
    first, rest = text[0], text[1:]
    if first == ".":
        return rf"\.{_above(rest)}"
    higher = f"[{int(first) + 1}-9]{_shape(rest)}|" if first != "9" else ""
    return f"(?:{higher}{first}{_above(rest)})"


def _plain_stamps(messages: list[object]) -> list[str] | None:
    """The ``ts`` of each message, when every message is a mapping with a ts as Slack writes it; else ``None``.

    Taken in C (a ``dict.get`` for each message and one match of their joined texts) rather
    than message by message.
    """
    try:
        stamps: list[str] = list(map(dict.get, messages, repeat("ts")))  # type: ignore[arg-type]
        joined = ",".join(stamps)  # TypeError for a message without a ts, or with another value
    except TypeError:  # a message that is not a mapping
        return None
    if _SLACK_RUN.fullmatch(f"{joined}," if stamps else "") is None:
        return None
    return stamps


def _read_all(stream: _Text, size: int | None = None) -> str:
    """The whole text of a stream; ``size``, the file's size in bytes if known, lets it be read in one go."""
    parts: list[str] = []
    while chunk := stream.read(size + 1 if size is not None and not parts else -1):
        parts.append(chunk)
    return "".join(parts)


def _parsed_array(text: str) -> list[object]:
    """The messages of a day file's text, with the messages the streaming reader gives.

    Raises:
        json.JSONDecodeError: for malformed JSON, or anything but an array.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            raise json.JSONDecodeError("extra data after the array", exc.doc, exc.pos) from None
        raise
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None
    except ValueError as exc:
        # An integer of thousands of digits: Python refuses to convert it.
        raise json.JSONDecodeError(_first_clause(str(exc)), "", 0) from None
    if not isinstance(data, list):
        raise json.JSONDecodeError("expected a JSON array", "", 0)
    return data


def _items(export: _Export, name: str, stream: _Text, ctx: ReadContext) -> Iterable[object]:
    """The items of an index file's array (users, channels): parsed at once when of a usual size, as a day is.

    Raises:
        json.JSONDecodeError: for malformed JSON, or anything but an array.
        _NotUTF8Error: for text that is not UTF-8.
    """
    size = export.size(name)
    if size is not None and size <= _WHOLE_DAY:
        return _parsed_array(_read_all(stream, size))
    return _array(stream, ctx)
