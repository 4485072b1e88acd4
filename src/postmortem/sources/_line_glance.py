"""A look at a JSON Lines line's times before it is decoded: Alertmanager, PagerDuty, Statuspage.

The CSV and JSON Lines sources look at one column of a record (see ``_tabular._Glance``).
The JSON sources here hold several records in a line (the alerts of a webhook payload, the
log entries of a page, the updates of an incident), each with its own time. A line is left
undecoded only when the look proves that every record in it has its time, written so that
it is certainly outside the window; anything else (a record without its time, a time that
cannot be read at a glance, an escape anywhere in the line, a line that is not one whole
document) is decoded and read in full, which keeps or reports it as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from postmortem.sources._base import ReadContext, parse_time
from postmortem.sources._tabular import _Glance

_TIME_MARK = "\x01"
_RECORDS_MARK = "\x02"

# What is left of a line once its strings are gone and its time keys and records arrays
# marked is its brackets: the patterns below read that shape, nested up to _DEPTH levels
# below a record (deeper lines are decoded). A record is an object directly inside a
# records array (or the line itself, or an item of the line's array, for log entries) that
# has a time key of its own; a time key anywhere else is allowed, its value was looked at.
_DEPTH = 4
_NOT_STRUCTURE = {code: None for code in range(128) if chr(code) not in "[]{}\x01\x02"}
"""For ``str.translate``: the ASCII characters that are not brackets or marks, deleted."""


def _other(depth: int) -> str:
    """A pattern for the shape of a value holding no records, at most ``depth`` containers deep.

    An object and an array share one alternative (the pattern stays as long as the depth,
    not twice as long at each level): a line whose brackets do not pair is not valid JSON.
    """
    if depth == 0:
        return "(?!)"
    return rf"[{{\[](?:{_other(depth - 1)}|\x01)*[}}\]]"


def _holding(depth: int, records: str) -> str:
    """A pattern for the shape of a value that may hold records arrays, at most ``depth`` containers deep."""
    if depth == 0:
        return "(?!)"
    return rf"[{{\[](?:{_holding(depth - 1, records)}|\x01|{records})*[}}\]]"


@functools.cache
def _shapes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of a line holding records arrays, of a line that is a record, of a line that is an array of them.

    A record is an object with a time key of its own (the time mark), values up to
    ``_DEPTH`` deep in it. Made on first use.
    """
    other = _other(_DEPTH)
    record = rf"\{{(?:{other})*\x01(?:{other}|\x01)*\}}"
    records = rf"\x02(?:{record})*\]"
    return re.compile(_holding(_DEPTH, records)), re.compile(record), re.compile(rf"\[(?:{record})*\]")


_NOTHING: frozenset[str] = frozenset()


def _in_order(values: list[tuple[str, str]], keys: tuple[str, str]) -> bool:
    """Whether no time of the second key is before one of the first (so the full reading reports none).

    Times written alike (the same length and offset, ``Z`` or the same ``+hh:mm``) are
    compared as text, which orders them as times; others are parsed as the full reading does.
    """
    firsts = [value for key, value in values if key == keys[0]]
    seconds = [value for key, value in values if key == keys[1]]
    if not firsts or not seconds:
        return not seconds
    every = firsts + seconds
    offsets = {value[-1] if value[-1:] == "Z" else value[-6:] for value in every}
    if len({len(value) for value in every}) == 1 and len(offsets) == 1:
        return min(seconds) >= max(firsts)
    try:
        return min(map(parse_time, seconds)) >= max(map(parse_time, firsts))
    except ValueError:
        return False


class LineGlance:
    """Whether a line's records are all certainly outside the window, from its text.

    Args:
        ctx: The read's context: the look is on only with a window and without ``strict``.
        time_keys: The keys of a record's time (``display_at`` and ``created_at``: either).
        records_key: The key whose array holds the records (``alerts``).
        line_is_record: Whether a line without that key is a record itself (a log entry).
        top_array_holds_records: Whether a line that is an array holds records (a bare
            array of log entries) rather than documents that hold them.
        other_times: Keys of other times the records may use: each value found must be
            certainly outside the window too, or one of ``allowed``.
        allowed: Texts of ``other_times`` that do not count as a time (Alertmanager's
            ``0001-01-01T00:00:00Z`` for an alert still firing), unless ``unless`` is in the line.
        unless: See ``allowed``.
        refuse: A pattern that, found in the line, sends it to the full reading (something
            the full reading reports whatever the times are).
        ordered: Two time keys (``startsAt``, ``endsAt``) whose times the full reading
            compares when ``unless`` is in the line, reporting an end before its start: the
            line is passed over only when no end is before any start.
    """

    def __init__(
        self,
        ctx: ReadContext,
        time_keys: Iterable[str],
        records_key: str,
        *,
        line_is_record: bool = False,
        top_array_holds_records: bool = False,
        other_times: Iterable[str] = (),
        allowed: Iterable[str] = (),
        unless: str = "",
        refuse: re.Pattern[str] | None = None,
        ordered: tuple[str, str] | None = None,
    ) -> None:
        self._glance = _Glance("time", None, ctx)
        self.on = self._glance.on
        times = "|".join(re.escape(key) for key in time_keys)
        every = "|".join(re.escape(key) for key in (*time_keys, *other_times))
        # Each value of a time key: text without control characters, or (an empty group) anything else.
        self._values = re.compile(rf'"({every})"\s*:\s*(?:"([^"\x00-\x1f]*)"|)')
        self._time_key = re.compile(rf'"(?:{times})"\s*:')
        self._records = re.compile(rf'"{re.escape(records_key)}"\s*:\s*\[')
        self._line_is_record = line_is_record
        self._top_array = top_array_holds_records
        self._allowed = frozenset(allowed)
        self._unless = unless
        self._refuse = refuse
        self._ordered = ordered

    def outside(self, line: str) -> bool:
        """Whether every record of the line has a time, and all times are certainly outside the window."""
        if (
            "\\" in line
            or _TIME_MARK in line
            or _RECORDS_MARK in line
            or (self._refuse is not None and self._refuse.search(line))
        ):
            return False
        values = self._values.findall(line)
        if not values:
            return False
        checked = self._unless and self._unless in line
        allowed = _NOTHING if checked else self._allowed
        text_outside = self._glance.text_outside
        for _key, value in values:
            if value not in allowed and not (value and text_outside(value)):
                return False
        ordered = not checked or self._ordered is None or _in_order(values, self._ordered)
        return ordered and self._every_record_timed(line)

    def _every_record_timed(self, line: str) -> bool:
        """Whether the line is one whole document whose every record has a time key of its own."""
        marked = self._records.sub(_RECORDS_MARK, self._time_key.sub(_TIME_MARK, line))
        parts = marked.split('"')  # outside, inside, outside, ... strings
        text = "".join(parts[::2]).strip()
        if not len(parts) % 2 or text[:1] not in ("{", "[") or text[-1:] not in ("}", "]"):
            return False
        shape = text.translate(_NOT_STRUCTURE)
        with_records, is_record, of_records = _shapes()
        if _RECORDS_MARK in shape:
            return with_records.fullmatch(shape) is not None
        if self._line_is_record and is_record.fullmatch(shape) is not None:
            return True
        return self._top_array and of_records.fullmatch(shape) is not None
