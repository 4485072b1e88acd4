"""Which day files and messages can fall in the ``since``/``until`` window, decided before parsing."""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime, timedelta, timezone

from postmortem.sources._base import (
    ReadContext,
    _first_clause,
)
from postmortem.sources._slack._archive import _Text

_WHOLE_DAY = 8 << 20
"""Day files up to this size (8 MiB, several times a busy channel's day) are read whole."""

_EPOCH = re.compile(r"\d{9,10}(?:\.\d{1,9})?")
_TS_VALUE = re.compile(r'"ts"\s*:\s*"?(-?[0-9][0-9.eE+-]*)')
_PLAIN_TS = re.compile(r"(?:[0-9]{10}\.[0-9]{6})+")  # a run of ts values as Slack writes them
_ONE_DAY = timedelta(days=1)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _day_of(name: str) -> date | None:
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


def _near_window(name: str, ctx: ReadContext) -> bool:
    """Whether a day file, by its name, may hold messages inside the window.

    A day file holds one day of the export's timezone, which is at most a day away from UTC
    either way: a day file more than a day outside the window's UTC dates holds none.
    """
    day = _day_of(name)
    if day is None:
        return True
    if ctx.since is not None and day < ctx.since.astimezone(timezone.utc).date() - _ONE_DAY:
        return False
    return ctx.until is None or day <= ctx.until.astimezone(timezone.utc).date() + _ONE_DAY


def _on_edge(name: str, ctx: ReadContext) -> bool:
    """Whether a day file is one of the days next to the window's UTC dates (kept by :func:`_near_window`)."""
    day = _day_of(name)
    if day is None:
        return False
    if ctx.since is not None and day < ctx.since.astimezone(timezone.utc).date():
        return True
    return ctx.until is not None and day > ctx.until.astimezone(timezone.utc).date()


def _in_window(seconds: float, ctx: ReadContext) -> bool:
    if ctx.since is not None and seconds < ctx.since.timestamp():
        return False
    return ctx.until is None or seconds <= ctx.until.timestamp()


def _outside_window(text: str, ctx: ReadContext) -> bool:
    """Whether every ``"ts"`` in a day file's text is outside the window (read without parsing).

    Every message has a ``ts``; other objects in it (edits, replies) may have one too, which
    only widens the span found, so a day is never left out that has a message inside the window.
    """
    if _all_plain_beyond(text, ctx):
        return True
    found = _TS_VALUE.findall(text)
    if not found:
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


def _all_plain_beyond(text: str, ctx: ReadContext) -> bool:
    """Whether every ``"ts"`` is written as Slack writes it and all are before, or all after, the window.

    One pass of a regular expression that stops at the first ``"ts"`` not written so, or
    inside the window, with no number converted: the usual answer for a day next to the
    window. ``False`` leaves the question to the full reading in :func:`_outside_window`.
    """
    if _TS_VALUE.search(text) is None:
        return False
    for edge, side in ((ctx.since, _BEFORE), (ctx.until, _AFTER)):
        pattern = _beyond(_plain(edge), side) if edge is not None else None
        if pattern is not None and pattern.search(text) is None:
            return True
    return False


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
def _beyond(edge: str | None, side: str) -> re.Pattern[str] | None:
    """A pattern that finds a ``"ts"`` that is *not* a plain ts strictly before (or after) ``edge``.

    The value is matched digit by digit: below ``1781938800.000000`` is ``0-0`` then any nine
    digits, or ``1`` then below ``781938800.000000``, and so on.
    """
    if edge is None:
        return None
    bound = _below(edge) if side == _BEFORE else _above(edge)
    # The whitespace is inside the look-ahead, so that the match cannot give some of it back
    # to look at the value from a space.
    return re.compile(rf'"ts"\s*:(?!\s*"{bound}")')


def _shape(text: str) -> str:
    return "".join(r"\." if char == "." else "[0-9]" for char in text)


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


def _read_all(stream: _Text) -> str:
    parts = []
    while chunk := stream.read():
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
