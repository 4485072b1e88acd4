"""Which day files and messages can fall in the ``since``/``until`` window, decided before parsing."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta, timezone

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
