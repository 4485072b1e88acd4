"""Reading dates, clock times and time zones from the plain text of a document.

These patterns read *text* (what a reader sees), never Markdown or XML markup: the parsers
have already turned the document into plain text when these run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

import attrs

from postmortem.importing._four_digits import FOUR_DIGIT_ENTRY, reads_four_digit_clocks
from postmortem.importing._table import Table

__all__ = [
    "DateOrder",
    "OrderDecision",
    "When",
    "date_order",
    "find_date",
    "first_yearless",
    "leading_time",
    "numeric_dates",
    "resolve",
    "time_spans",
    "trailing_day_marker",
    "zone_note",
]

Precision = Literal["exact", "minute", "hour", "date"]
#: How a document writes numeric dates: ``dmy`` (22/06/2026, 03/04 is 3 April) or ``mdy`` (06/22/2026).
DateOrder = Literal["dmy", "mdy"]
Bound = Literal["at_most", "at_least"]

# The order of the document being read; ``numeric_dates`` sets it for the duration of one build.
_ORDER: ContextVar[DateOrder] = ContextVar("postmortem_import_date_order", default="dmy")


@contextmanager
def numeric_dates(order: DateOrder) -> Iterator[None]:
    """Read numeric dates such as ``03/04`` in ``order`` while the block runs."""
    token = _ORDER.set(order)
    try:
        yield
    finally:
        _ORDER.reset(token)


_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_SHORT = "(?:" + "|".join(sorted((name for name in _MONTHS if len(name) == 3), key=len)) + ")"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DATE = (
    rf"(?:{_WEEKDAY}?"
    r"(?:(?P<iso_y>\d{4})(?P<iso_sep>[-/])(?P<iso_m>\d{1,2})(?P=iso_sep)(?P<iso_d>\d{1,2})"
    # Numeric dates: 22/06, 22/06/2026, 06/22/26, 22-06-2026 (day or month first: the document's
    # order decides where both are 12 or less), and 22.06. or 22.06.2026 (always day first).
    r"|(?P<sl_a>\d{1,2})(?P<sl_sep>[/-])(?P<sl_b>\d{1,2})(?:(?P=sl_sep)(?P<sl_y>\d{4}|\d{2}(?!\d)))?"
    # "12.11 22:30" and "09.11, 16:10:" (day first, no closing dot) only before a clock time or a colon.
    r"|(?P<dt_d>\d{1,2})\.(?P<dt_m>\d{1,2})(?:(?P<dt_dot>\.)(?P<dt_y>\d{4})?|(?=,?\s+~?\d{1,2}[:h]\d{2}|:\s))"
    # "30-Oct-26", "30-Oct-2026": a chat exporter's (DiscordChatExporter's) and a database's date, its year written.
    rf"|(?P<dby_d>\d{{1,2}})-(?P<dby_m>{_MONTH_SHORT})-(?P<dby_y>\d{{4}}|\d{{2}}(?!\d))"
    rf"|(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>\d{{4}}))?"
    rf"|(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy_y>\d{{4}}))?))"
)
_CLOCK = (
    r"(?P<hour>\d{1,2})(?:(?::|h(?=\d{2}))(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
)
_OFFSET = r"(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?"
_ZONE_WORD = r"[A-Za-z][A-Za-z_/]{0,30}"

_LEADING = re.compile(
    rf"^\s*(?:(?P<approx>~|about\s+|around\s+|approx\.?\s+|approximately\s+|ca\.\s+|circa\s+|roughly\s+)"
    r"|(?P<at_most>no[nt]?\s+later\s+than\s+|not\s+after\s+)|(?P<at_least>no[nt]?\s+earlier\s+than\s+|not\s+before\s+))?"
    rf"(?:{_DATE})?"
    rf"(?P<sep>(?:T|,?\s+(?:at\s+)?|\s*[,·]\s*))?"
    rf"(?P<approx2>~)?(?P<clock>{_CLOCK})?"
    rf"(?:\s*(?P<zone>{_OFFSET}|Z\b|{_ZONE_WORD})(?![\w/])(?!\s*days?\b))?",
    re.IGNORECASE,
)
_DATE_ANYWHERE = re.compile(rf"(?<![\w./-]){_DATE}(?![\w-]|[./]\d)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:[-–—:|•]+|\))\s*|\s+")
_TIMES_WORD = re.compile(r"\btimes?\b(?:\s+zone)?", re.IGNORECASE)
_NOTE_END = re.compile(r"[.;\n]\s|[.;\n]?$")
_NOTE_TOKEN = re.compile(r"[A-Za-z][A-Za-z_/]*|[+-]\d{2}:?\d{2}")


@attrs.frozen
class When:
    """A time as a document writes it, before a date and zone from context complete it.

    Attributes:
        day: The date, when written.
        clock: Hour, minute and second, when written; ``None`` for a date-only entry.
        zone: The zone as written (IANA name or fixed offset), when written.
        approximate: True for ``~03:10``, ``about 10:00``.
        precision: ``minute`` for ``10:42``, ``exact`` with seconds, ``hour`` for ``3 pm``, ``date``.
        end: Index in the text just after the time and any separator.
        written_zone: The zone word as written (``EDT``), to tell the two readings of a clock set back apart.
        days: Days after the context's date a marker adds (``00:20 (+1 day)``, ``(next day)``).
        bound: ``at_most`` for ``no later than 10:42``, ``at_least`` for ``no earlier than 10:42``
            (the exports' wording of a bounded time); ``None`` otherwise.
    """

    day: date | None
    clock: tuple[int, int, int] | None
    zone: str | None
    approximate: bool
    precision: Precision
    end: int
    written_zone: str | None = None
    days: int = 0
    bound: Bound | None = None


def _year(value: str | None, default: date | None) -> int | None:
    if value:
        return int(value)
    return default.year if default else None


def _day_month(first: int, second: int) -> tuple[int, int]:
    """Day and month of a numeric date written ``first/second``: the only reading, else the document's order."""
    if first > 12 >= second:
        return first, second
    if second > 12 >= first:
        return second, first
    return (first, second) if _ORDER.get() == "dmy" else (second, first)


def _numeric_year(value: str | None, default: date | None) -> int | None:
    if value and len(value) == 2:
        return 2000 + int(value)
    return _year(value, default)


def _date_from(match: re.Match[str], default: date | None) -> date | None:  # noqa: PLR0911  (one case per form)
    groups = match.groupdict()
    try:
        if groups.get("iso_y"):
            return date(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
        if groups.get("sl_a"):
            if groups["sl_sep"] == "-" and not groups.get("sl_y"):
                return None  # "10-12 requests" is a range, not a date
            year = _numeric_year(groups.get("sl_y"), default)
            day, month = _day_month(int(groups["sl_a"]), int(groups["sl_b"]))
            return None if year is None else date(year, month, day)
        if groups.get("dt_d"):
            year = _year(groups.get("dt_y"), default)
            return None if year is None else date(year, int(groups["dt_m"]), int(groups["dt_d"]))
        if groups.get("dby_d"):
            month = _MONTHS[groups["dby_m"].casefold()]
            return date(_numeric_year(groups["dby_y"], default) or 2000, month, int(groups["dby_d"]))
        if groups.get("dmy_d"):
            year = _year(groups.get("dmy_y"), default)
            month = _MONTHS[groups["dmy_m"].rstrip(".").casefold()]
            return None if year is None else date(year, month, int(groups["dmy_d"]))
        if groups.get("mdy_m"):
            year = _year(groups.get("mdy_y"), default)
            month = _MONTHS[groups["mdy_m"].rstrip(".").casefold()]
            return None if year is None else date(year, month, int(groups["mdy_d"]))
    except ValueError:
        return None
    return None


def _has_date(match: re.Match[str]) -> bool:
    return any(match.group(name) for name in ("iso_y", "sl_a", "dt_d", "dby_d", "dmy_d", "mdy_m"))


def _numeric_without_year(match: re.Match[str]) -> bool:
    return bool((match.group("sl_a") and not match.group("sl_y")) or (match.group("dt_d") and not match.group("dt_y")))


# What may follow a numeric date without a year for it to be one ("22/06 – deploy", "22/06 19:30"):
# "24/7 support" and "1/3 of requests" are not dates.
_AFTER_SHORT_DATE = re.compile(r"\s*(?:$|[-–—:|•)]|,?\s*(?:at\s+)?~?\d{1,2}(?::|h\d)|T\d)", re.IGNORECASE)


_NUMERIC_SLASH = re.compile(r"(?<![\w./-])(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}(?!\d)))?(?![\w/-]|\.\d)")
_NUMERIC_DOT = re.compile(r"(?<![\w./-])(\d{1,2})\.(\d{1,2})\.(\d{4})?(?![\w/-]|\.\d)")
_CLOCK_AFTER = re.compile(r",?\s+(?:at\s+)?~?\d{1,2}(?::|h)\d{2}|T\d")
_CELL_AFTER = re.compile(r"\s*\|")
_ZONE_TOKEN = re.compile(r"\b(?:[A-Z]{2,5}|[A-Z][a-z]+/[A-Za-z_]+)\b")
_MONTH_FIRST_ZONES = frozenset({"America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York"})
_DAY_FIRST_WORDS = re.compile(r"\b(?:heure|uhrzeit|zeit|uhr|hora|fecha|datum|jour)\b", re.IGNORECASE)


@attrs.frozen
class OrderDecision:
    """How a document's numeric dates are read, and why.

    Attributes:
        order: ``dmy`` or ``mdy``.
        note: The reason, for the import's account (what was inferred).
        warning: Set when the document does not settle it (or contradicts itself): what to check.
        line: The 1-based line the warning points at.
    """

    order: DateOrder
    note: str
    warning: str | None = None
    line: int | None = None


def date_order(text: str, table: Table) -> OrderDecision | None:
    """Whether ``text`` writes numeric dates day first or month first; ``None`` when it writes none.

    A date that can be read only one way (``22/06``: there is no month 22; ``22.06.2026``: a
    dotted date is day first) decides for the document. Where every numeric date could be
    either (``03/04``), the document's zones decide (US zones month first, any other zone day
    first), then its words (``Heure``, ``Zeit``, ``Hora``: day first); else the dates are read
    day first and the decision says to check them.
    """
    day_first, month_first, either = _numeric_evidence(text)
    if day_first and month_first:
        (d_line, d_text), (m_line, m_text) = day_first[0], month_first[0]
        return OrderDecision(
            "dmy",
            f"numeric dates read day first, as '{d_text}' (line {d_line}) is written",
            f"the document writes dates day first ('{d_text}', line {d_line}) and month first "
            f"('{m_text}', line {m_line}); each was read the one way it can be, and dates such as 03/04 day "
            "first: check them, or write dates as 2026-06-22",
            m_line,
        )
    if day_first or month_first:
        order: DateOrder = "dmy" if day_first else "mdy"
        line, written = (day_first or month_first)[0]
        first, other = ("day", "month") if day_first else ("month", "day")
        note = f"numeric dates read {first} first: '{written}' (line {line}) cannot be {other} first"
        return OrderDecision(order, note)
    if not either:
        return None
    line, written = either[0]
    hint = _order_hint(text, table)
    if hint is not None:
        order, reason = hint
        first = "month" if order == "mdy" else "day"
        return OrderDecision(order, f"numeric dates such as '{written}' (line {line}) read {first} first: {reason}")
    return OrderDecision(
        "dmy",
        f"numeric dates such as '{written}' (line {line}) read day first",
        f"'{written}' could be day first or month first and nothing in the document says which; it was read "
        "day first: check the dates, or write them as 2026-06-22",
        line,
    )


_Seen = list[tuple[int, str]]


def _numeric_evidence(text: str) -> tuple[_Seen, _Seen, _Seen]:
    """The numeric dates of ``text`` that can only be day first, only month first, or either."""
    day_first: _Seen = []
    month_first: _Seen = []
    either: _Seen = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > 2000 or ("/" not in line and "." not in line and "-" not in line):
            continue
        for match in _NUMERIC_SLASH.finditer(line):
            first, sep, second, year = match.groups()
            dated = (
                year
                or _CLOCK_AFTER.match(line, match.end())
                or (line[: match.start()].rstrip().endswith("|") and _CELL_AFTER.match(line, match.end()))
            )
            if not dated or (sep == "-" and not year):
                continue
            a, b = int(first), int(second)
            target = day_first if 31 >= a > 12 >= b >= 1 else month_first if 31 >= b > 12 >= a >= 1 else None
            if target is None and 1 <= a <= 12 and 1 <= b <= 12:
                target = either
            if target is not None:
                target.append((number, match.group(0)))
        for match in _NUMERIC_DOT.finditer(line):
            if (match.group(3) or _CLOCK_AFTER.match(line, match.end())) and 1 <= int(match.group(2)) <= 12:
                day_first.append((number, match.group(0)))
    return day_first, month_first, either


def _order_hint(text: str, table: Table) -> tuple[DateOrder, str] | None:
    """The order the document's zones or words suggest, and why."""
    for token in _ZONE_TOKEN.findall(text[:200_000]):
        zone = table.zone(token)
        if zone is not None and zone != "UTC":
            order: DateOrder = "mdy" if zone in _MONTH_FIRST_ZONES else "dmy"
            return order, f"the document's times are in {token} ({zone})"
    word = _DAY_FIRST_WORDS.search(text[:200_000])
    if word:
        return "dmy", f"the document writes '{word.group(0)}'"
    return None


# "00:20 (+1 day)", "(+1d)", "(+1)", "+1 day", "(next day)", "(the following day)", "(day 2)", "[D+1]":
# the entry is that many days after the date its context gives.
_DAY_MARKER = re.compile(
    r"\s*(?:(?P<open>[(\[])\s*)?(?:\+\s*(?P<plus>\d)\s*(?:d\b|days?\b)?|(?:the\s+)?(?:next|following)\s+day"
    r"|day\s*(?P<nth>[2-9])|d\s*\+\s*(?P<dplus>\d))\s*(?(open)[)\]])",
    re.IGNORECASE,
)


def _marker_days(match: re.Match[str]) -> int:
    if match.group("plus"):
        if not match.group("open") and not re.search(r"d|day", match.group(0), re.IGNORECASE):
            return 0  # a bare "+1" is an offset, read as a zone before this runs
        return int(match.group("plus"))
    if match.group("nth"):
        return int(match.group("nth")) - 1
    if match.group("dplus"):
        return int(match.group("dplus"))
    return 1


def trailing_day_marker(text: str) -> int:
    """Days a marker at the end of an entry adds: ``Rollback finished (next day)`` gives 1."""
    match = _TRAILING_MARKER.search(text)
    return _marker_days(match) if match else 0


_TRAILING_MARKER = re.compile(
    r"[(\[]\s*(?:\+\s*(?P<plus>\d)\s*(?:d|days?)?|(?:the\s+)?(?:next|following)\s+day|day\s*(?P<nth>[2-9])"
    r"|d\s*\+\s*(?P<dplus>\d))\s*(?P<open>[)\]])\s*\.?$",
    re.IGNORECASE,
)


def leading_time(text: str, table: Table, default_date: date | None = None, *, cell: bool = False) -> When | None:
    """Read a date and/or clock time at the start of ``text`` (``10:42 UTC - ...``, ``2026-02-13: ...``).

    Args:
        text: Plain text of a list item or table cell.
        table: The synonym table, for zone words.
        default_date: The date used for a date written without a year.
        cell: The text is a cell of a table's time column, where ``1342`` and ``07.50`` are
            clock times too (elsewhere only ``1342Z`` and ``1342 UTC`` are).

    Returns:
        The time and where the rest of the text starts, or ``None`` when the text does not
        start with one.
    """
    written, grown = _military(text, cell=cell)
    if cell:
        written = _DOT_CLOCK.sub(r"\1:\2", written)
    when = _leading_time(written, table, default_date)
    if when is None or not grown:
        return when
    return attrs.evolve(when, end=max(grown[0], when.end - 1) if when.end > grown[0] else when.end)


# "1342Z", "1342 UTC", "1342 hrs" (and a bare "1342" in a time column): 24-hour clock times without a colon.
_MILITARY = re.compile(
    r"^(\s*~?)([01]\d|2[0-3])([0-5]\d)(?=Z\b|\s*(?:UTC|GMT)\b)|^(\s*~?)([01]\d|2[0-3])([0-5]\d)\s*(?:hrs?|hours)\b"
)
_MILITARY_CELL = re.compile(r"^(\s*~?)([01]\d|2[0-3])([0-5]\d)(?![\d.:/,-])")
# "07.50" or "22.15" (after "Fri 6.11., ") in a time column: a clock time, unless a clock time follows
# it ("12.11 22:30", where it is the date).
_DOT_CLOCK = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])(?!,?\s+~?\d{1,2}[:.h]\d{2})")


def _military(text: str, *, cell: bool) -> tuple[str, tuple[int, ...]]:
    """``text`` with a leading four-digit clock time written with a colon, and where the colon went."""
    match = (_MILITARY_CELL if cell else _MILITARY).match(text)
    if match is None and cell:
        match = _MILITARY.match(text)
    if match is None and reads_four_digit_clocks():
        match = FOUR_DIGIT_ENTRY.match(text)
    if match is None:
        return text, ()
    if match.re is _MILITARY and match.group(5):
        # "1342 hrs": the word is part of the time; written as "13:42" and spaces, the same length.
        clock = f"{match.group(4)}{match.group(5)}:{match.group(6)}"
        return clock.ljust(match.end()) + text[match.end() :], ()
    colon = match.end(2)
    return f"{text[:colon]}:{text[colon:]}", (colon,)


def _leading_time(  # noqa: PLR0911, PLR0912  (each way a text is not a time returns)
    text: str, table: Table, default_date: date | None = None
) -> When | None:
    weekday = _weekday_time(text, table, default_date)
    if weekday is not None:
        return weekday
    match = _LEADING.match(text)
    if match is None:
        return None
    has_date = _has_date(match)
    if has_date and _numeric_without_year(match) and not _AFTER_SHORT_DATE.match(text, _date_end(match)):
        return None
    clock_text = match.group("clock")
    if clock_text and not has_date and match.group("minute") is None and not match.group("ampm"):
        # "3 servers failed" is not a time; an hour alone needs am/pm.
        clock_text = None
    if not has_date and not clock_text:
        return None
    day = _date_from(match, default_date) if has_date else None
    if has_date and day is None:
        return None
    clock: tuple[int, int, int] | None = None
    precision: Precision = "date"
    end = _date_end(match) if has_date else 0
    if clock_text:
        hour = int(match.group("hour"))
        minute = int(match.group("minute") or 0)
        second = int(match.group("second") or 0)
        ampm = (match.group("ampm") or "").replace(".", "").casefold()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            return None
        clock = (hour, minute, second)
        precision = "exact" if match.group("second") else "minute" if match.group("minute") else "hour"
        end = match.end("clock")
    zone: str | None = None
    zone_text = match.group("zone")
    # After a time, only a zone written as one reads as one: "UTC", "PDT", "+02:00", "Europe/Berlin";
    # "10:05 Support escalates" and "12:00 West region" are descriptions.
    if (
        zone_text
        and (zone_text.isupper() or "/" in zone_text or zone_text[:1] in "+-")
        and not _span_end(zone_text, clock, match.group("sep"))
    ):
        zone = _zone_of(zone_text, table)
        if zone is not None:
            end = match.end("zone")
    days = 0
    marker = _DAY_MARKER.match(text, end) if clock is not None and day is None else None
    if marker is not None:
        days = _marker_days(marker)
        end = marker.end()
    separator = _SEPARATOR.match(text, end) if end < len(text) else None
    if separator is not None:
        end = separator.end()
    elif end < len(text) and text[end].isalnum():
        # "2026-02-13abc" or "10:42am" handled above; anything else glued to the time is not one.
        return None
    approximate = bool(match.group("approx") or match.group("approx2"))
    written = zone_text.strip() if zone is not None and zone_text else None
    bound: Bound | None = "at_most" if match.group("at_most") else "at_least" if match.group("at_least") else None
    return When(day, clock, zone, approximate, precision, end, written, days, bound)


_SPAN_END = re.compile(r"-(\d{2}):(\d{2})$")


def _span_end(zone_text: str, clock: tuple[int, int, int] | None, separator: str | None) -> bool:
    """Whether ``-06:30`` after ``06:00`` ends a span of the day (a shift log's "06:00-06:30"), not a zone.

    A bare offset written after a clock time with a dash is read as the span's end where it is later
    in the day than the time it follows; ISO's ``T06:00-05:00`` and ``UTC-05:00`` stay offsets.
    """
    found = _SPAN_END.match(zone_text)
    if found is None or clock is None or (separator or "").strip().upper() == "T":
        return False
    return (int(found.group(1)), int(found.group(2))) > clock[:2]


# "Sat 22:12 ...", "Saturday, 09:15 ...": a day of the week and a clock time, no date.
_WEEKDAY_CLOCK = re.compile(
    r"^\s*(?P<day>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\.?,?\s+(?:at\s+)?(?=~?\d{1,2}(?::|h)\d{2})",
    re.IGNORECASE,
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday_time(text: str, table: Table, default_date: date | None) -> When | None:
    """``Sat 22:12``: the clock time on the first day from ``default_date`` on that falls on that weekday."""
    match = _WEEKDAY_CLOCK.match(text)
    if match is None:
        return None
    when = leading_time(text[match.end() :], table, default_date)
    if when is None or when.clock is None or when.day is not None:
        return None
    day = None
    if default_date is not None:
        wanted = _WEEKDAYS.index(match.group("day")[:3].casefold())
        day = default_date + timedelta(days=(wanted - default_date.weekday()) % 7)
    return attrs.evolve(when, day=day, end=match.end() + when.end)


def _date_end(match: re.Match[str]) -> int:
    names = ("iso_d", "sl_b", "sl_y", "dt_m", "dt_dot", "dt_y", "dmy_y", "dmy_m", "mdy_y", "mdy_d")
    ends = [match.end(name) for name in names if match.group(name)]
    return max(ends) if ends else 0


def _zone_of(text: str, table: Table) -> str | None:
    word = text.strip()
    if word.upper() == "Z":
        return "UTC"
    offset = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", word, re.IGNORECASE)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        return f"{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"
    return table.zone(word)


def zone_note(text: str, table: Table) -> str | None:
    """The zone of a note such as ``All times UTC`` or ``times are US Eastern (ET)``, or ``None``.

    After the word "time(s)", up to the end of the sentence, the first word or pair of words
    that names a zone wins. A single word counts only when written as a zone is (``UTC``, ``ET``,
    ``Europe/Berlin``, ``Pacific``), so "times west of the river" names none.
    """
    for keyword in _TIMES_WORD.finditer(text):
        rest = text[keyword.end() : keyword.end() + 80]
        stop = _NOTE_END.search(rest)
        rest = rest[: stop.start()] if stop else rest
        tokens = _NOTE_TOKEN.findall(rest)
        for index, token in enumerate(tokens):
            if index + 1 < len(tokens):
                pair = table.zone(f"{token} {tokens[index + 1]}")
                if pair is not None:
                    return pair
            if token.isupper() or "/" in token or token[:1] in "+-" or (token.istitle() and len(token) >= 5):
                zone = _zone_of(token, table)
                if zone is not None:
                    return zone
    return None


def find_date(text: str, default: date | None = None) -> date | None:
    """The first full date written anywhere in ``text`` (with a year, or ``default``'s year)."""
    for match in _DATE_ANYWHERE.finditer(text):
        if _numeric_without_year(match):
            continue  # "24/7", "1/3": only a numeric date with a year is one in running text
        value = _date_from(match, default)
        if value is not None:
            return value
    return None


# What opens a line before its first words: quote and heading marks, table bars, list bullets and
# numbers, task boxes, a chat line's bracket, bold.
_LINE_MARKS = re.compile(r"^(?:\s*(?:[>#|]+|[-*+]\s|\d{1,3}[.)]\s|\[[ xX]\]|\[|\*\*|__))*\s*")
_PLACEHOLDER_YEAR = 2000  # a leap year: "29 Feb" without a year is a date


def first_yearless(text: str, table: Table) -> tuple[int, str, date] | None:
    """The first date written without a year: ``(line, the line's words, the date in a placeholder year)``.

    A line that opens with a date and time ("Tue 14 Mar 09:12", "14/03 09:12", "[14/03 10:02]") or
    holds a date in its words ("on 14 March"); a date with its year is not one. Only the month and
    day of the date returned are the document's.
    """
    placeholder = date(_PLACEHOLDER_YEAR, 1, 1)
    for number, line in enumerate(text.split("\n"), start=1):
        if not any(character.isdigit() for character in line):
            continue
        words = _LINE_MARKS.sub("", line, count=1)[:300]
        when = leading_time(words, table, placeholder)
        if when is not None and when.day is not None:
            written = leading_time(words, table)
            if written is None or written.day is None:
                return number, words.strip(), when.day
        if find_date(words) is None and (found := find_date(words, placeholder)) is not None:
            return number, words.strip(), found
    return None


def time_spans(text: str) -> list[tuple[int, int]]:
    """Where dates and clock times are written in ``text`` (for measuring recall without them)."""
    spans = [m.span() for m in _DATE_ANYWHERE.finditer(text)]
    spans += [
        m.span()
        for m in re.finditer(
            # A day of the week before a clock time ("Sat 22:12") is part of the time as written.
            r"(?:\b(?i:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?i:day|nesday|urday)?\.?,?\s+)?"
            r"(?<![\w:])~?\d{1,2}:\d{2}(?::\d{2})?(?![\w:])(?:\s*[ap]m\b)?(?:\s+(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2})\b)?",
            text,
        )
    ]
    return spans


def tzinfo_of(zone: str) -> tzinfo:
    """A tzinfo for an IANA name or a fixed offset written ``+02:00``."""
    if zone[:1] in "+-":
        sign = 1 if zone[0] == "+" else -1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if zone == "UTC":
        return timezone.utc
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (tz database is slow to import)

    return ZoneInfo(zone)


_UNITS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1)}


def resolve(when: When, default_date: date | None, default_zone: str | None) -> datetime | None:
    """The aware datetime of ``when``, completed with the context's date and zone.

    A date-only entry becomes midnight of that date. Returns ``None`` without a date.
    """
    day = when.day or default_date
    if day is None:
        return None
    if when.day is None and when.days:
        day += timedelta(days=when.days)
    zone = when.zone or default_zone or "UTC"
    hour, minute, second = when.clock or (0, 0, 0)
    value = datetime.combine(day, time(hour, minute, second), tzinfo=tzinfo_of(zone))
    if when.written_zone and value.tzname() != when.written_zone:
        # In the hour a clock is set back, "01:30 EST" and "01:30 EDT" are different instants.
        other = value.replace(fold=1)
        if other.tzname() == when.written_zone:
            value = other
    # A fixed offset, as incident files store times (and free of PEP 495's rule that an
    # ambiguous local time never equals a time in another zone).
    offset = value.utcoffset()
    value = value.astimezone(timezone(offset)) if offset else value.astimezone(timezone.utc)
    if when.bound == "at_most" and when.precision in _UNITS:
        # "No later than 10:42" names the latest the time can be: the end of the minute that
        # starts at 10:41, as the model stores a bounded time by the unit it was written to.
        value -= _UNITS[when.precision]
    return value


# "Monday 3rd", "Tue the 4th", "Wednesday, 5th": a day name and an ordinal day of the month, as a diary heads its days.
_ORDINAL_DAY = re.compile(
    r"^\s*(?P<name>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS_AHEAD = 12


def ordinal_day(text: str, after: date | None) -> date | None:
    """The date of a heading such as "Monday 3rd": the first day on or after ``after`` with that day and name.

    Args:
        text: The heading's text.
        after: The date the entries before it are on (the document's date for the first).

    Returns:
        The date, or ``None`` when ``text`` does not open with a day name and an ordinal, when
        there is no date to count from, or when no month in the year after ``after`` has that day
        on that day of the week.
    """
    found = _ORDINAL_DAY.match(text)
    if found is None or after is None:
        return None
    weekday = _DAY_NAMES.index(found.group("name").casefold()[:3])
    year, month = after.year, after.month
    for _ in range(_MONTHS_AHEAD):
        try:
            candidate = date(year, month, int(found.group("day")))
        except ValueError:
            candidate = None  # "31st" in a month of 30 days
        if candidate is not None and candidate >= after - timedelta(days=6) and candidate.weekday() == weekday:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
