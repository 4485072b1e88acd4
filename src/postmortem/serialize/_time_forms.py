"""What a time or date that did not read is, in the words of the person who wrote it.

A file's ``time: 13/10/2026 14:04`` is refused, and "expected a date and time with a
timezone" alone does not say why: the writer sees a date and a time. :func:`time_form` and
:func:`date_form` name the form found (a day written with slashes, a zone abbreviation, a
time of day without its day, a Unix timestamp, a month that does not exist, a word such as
"yesterday") and what to write instead, worked out from the value where that is certain.
They run only for a value that did not read, so a valid file never pays for them.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone

__all__ = ["date_form", "time_form"]

_ISO_PARTS = re.compile(
    r"\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[Tt ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?)?"
)
_SLASHED = re.compile(
    r"\s*(?P<a>\d{1,4})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})"
    r"(?:(?:[Tt ]|,\s*)\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)
_ABBREVIATION = re.compile(r"(?P<time>.*\d)\s*(?P<zone>[A-Za-z]{2,5})\s*")
_TIME_OF_DAY = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}:?\d{2}|[A-Za-z]{2,5})?\s*")
_DIGITS = re.compile(r"\s*(\d{9,13})(?:\.\d+)?\s*")
_MONTH_WORD = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\b")
_PLACEHOLDERS = frozenset(
    {
        "yesterday",
        "today",
        "tomorrow",
        "now",
        "later",
        "tbd",
        "tba",
        "tbc",
        "unknown",
        "n/a",
        "na",
        "none",
        "?",
        "??",
        "-",
    }
)
_UTC_NAMES = frozenset({"utc", "gmt", "z"})


def time_form(text: str) -> str | None:
    """What a time that did not read is, and what to write; ``None`` for a form not recognised.

    Args:
        text: The value as written.

    Returns:
        A clause to follow the value in a message, such as ``"is a day written with slashes,
        ...; write 2026-10-13T14:04:00 with its offset, such as 2026-10-13T14:04:00+02:00"``.
    """
    return _out_of_range(text) or _common_form(text, with_time=True)


def date_form(text: str) -> str | None:
    """As :func:`time_form`, for a field that holds a day (an action item's due date)."""
    found = _out_of_range(text) or _common_form(text, with_time=False)
    if found is None:
        match = _ISO_PARTS.match(text)
        if match is not None and match["hour"] is not None:
            day = f"{match['year']}-{int(match['month']):02d}-{int(match['day']):02d}"
            return f"is a day with a time; this field holds the day alone: {day}"
    return found


def _common_form(text: str, *, with_time: bool) -> str | None:
    if text.strip().casefold() in _PLACEHOLDERS:
        if with_time:
            return (
                "is a word, not a time; write the time, such as 2026-05-04T10:42:00Z, a day alone (2026-05-04) "
                "when only the day is known, or leave the field out"
            )
        return "is a word, not a date; write the day, such as 2026-12-01, or leave the field out"
    slashed = _SLASHED.fullmatch(text)
    if slashed is not None:
        return _slashed(slashed, with_time=with_time)
    if with_time and _TIME_OF_DAY.fullmatch(text):
        return "is a time of day without its day; write the day too, such as 2026-05-04T10:42:00Z"
    digits = _DIGITS.fullmatch(text)
    found = _timestamp(digits.group(1), with_time=with_time) if digits is not None else None
    abbreviation = _ABBREVIATION.fullmatch(text) if with_time and found is None else None
    if abbreviation is not None:
        found = _zone_abbreviation(abbreviation.group("time").strip(), abbreviation.group("zone"))
    if found is None and _MONTH_WORD.search(text):
        example = "2026-10-13T14:00:00+02:00" if with_time else "2026-10-13"
        found = f"is a date written in words; write it year first in numbers, such as {example}"
    return found


def _out_of_range(text: str) -> str | None:
    """A year-month-day (and time) whose month, day, hour, minute or second does not exist."""
    match = _ISO_PARTS.match(text)
    if match is None:
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not 1 <= month <= 12:
        return f"has month {month}, which does not exist (months run 01 to 12, after the year: 2026-05-04)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return f"has day {day}, which {name} {year} does not have (it has {days} days)"
    if match["hour"] is not None:
        hour, minute = int(match["hour"]), int(match["minute"])
        second = int(match["second"] or 0)
        if hour > 23:
            return f"has hour {hour}, which does not exist (hours run 00 to 23; midnight is 00:00 of the next day)"
        if minute > 59 or second > 59:
            return "has minutes or seconds over 59"
    return None


def _slashed(match: re.Match[str], *, with_time: bool) -> str:
    a, b, c = match["a"], match["b"], match["c"]
    what = "slashes" if match["sep"] == "/" else "dots"
    day_first = f"is a day written with {what}, which readers in different countries take for different days"
    year: int | None = None
    month = day = 0
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4 and int(a) > 12 >= int(b):
        year, month, day = int(c), int(b), int(a)
    elif len(c) == 4 and int(b) > 12 >= int(a):
        year, month, day = int(c), int(a), int(b)
    written = None
    if year is not None and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        written = f"{year:04d}-{month:02d}-{day:02d}"
    if not with_time:
        return f"{day_first}; write it year first: {written or 'YYYY-MM-DD, such as 2026-11-30'}"
    if written is None:
        return f"{day_first}; write it year first with the time and its offset: YYYY-MM-DDThh:mm:ssZ (UTC) or +hh:mm"
    if match["hour"] is None:
        return f"{day_first}; write it year first: {written} (the day alone) or {written}T10:42:00Z (with its time)"
    clock = f"{int(match['hour']):02d}:{match['minute']}:00"
    return f"{day_first}; write it year first with its offset: {written}T{clock}Z (UTC) or {written}T{clock}+02:00"


def _timestamp(digits: str, *, with_time: bool) -> str | None:
    seconds = int(digits) / (1000 if len(digits) == 13 else 1)
    unit = "milliseconds" if len(digits) == 13 else "seconds"
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    if not 1970 <= moment.year <= 2999:  # pragma: no cover - 9 to 13 digits are always in range
        return None
    written = moment.strftime("%Y-%m-%dT%H:%M:%SZ") if with_time else moment.strftime("%Y-%m-%d")
    return f"looks like a Unix timestamp ({unit} since 1970), which is {written}; write that instead"


def _zone_abbreviation(before: str, zone: str) -> str | None:
    try:
        moment = datetime.fromisoformat(before)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return None
    plain = moment.isoformat(timespec="seconds")
    if zone.casefold() in _UTC_NAMES:
        return f"ends in the zone name {zone}, which is not read; write {plain}Z"
    return (
        f"ends in the zone abbreviation {zone}, which is not read (abbreviations name different offsets "
        f"in different places); write the offset, such as {plain}+02:00, or {plain}Z for UTC"
    )
