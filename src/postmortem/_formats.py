"""How every format writes a value: times in the display timezone, dates, durations and numbers.

Part of :mod:`postmortem.presentation`, which re-exports every public name here; import them
from there.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from postmortem.model import (
    EXACT_TIME,
    DurationEstimate,
    EstimateKind,
    TimeAccuracy,
    TimeBound,
    TimePrecision,
)

__all__ = [
    "duration_runs",
    "format_date",
    "format_duration",
    "format_estimate",
    "format_measure",
    "format_number",
    "format_share",
    "format_time",
    "plural",
    "rendering_date",
    "rendering_time",
    "unbroken_durations",
    "zone",
]


def format_share(value: float) -> str:
    """A share (0-1) as a percentage with up to four significant digits: ``30%``, ``99.6%``."""
    return f"{value * 100:.4g}%"


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The timezone called ``name`` (IANA), looked up once."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (tz database lookups are slow to import)

    return ZoneInfo(name)


def format_time(
    value: datetime,
    timezone: str = "UTC",
    *,
    with_date: bool = True,
    with_zone: bool = True,
    accuracy: TimeAccuracy = EXACT_TIME,
) -> str:
    """Format a time in the display timezone: ``2026-05-04 10:42 CEST``, as precisely as it is known.

    A rough time reads as what is known: ``2026-05-04`` (date), ``2026-05-04 02:00–03:00 CEST``
    (hour), ``about 2026-05-04 02:00 CEST``, ``no later than 2026-05-04 03:00 CEST`` (the latest
    it can be), ``no earlier than ...`` (the earliest).

    Args:
        value: A timezone-aware datetime.
        timezone: IANA name of the display timezone.
        with_date: Include the date (a date-only time without it reads ``time unknown``).
        with_zone: Include the zone abbreviation.
        accuracy: How well the time is known; exact by default.
    """
    if accuracy.bound is TimeBound.AT_MOST:
        # The latest the true time can be: "no later than" the end of the written unit. A day
        # reads as the whole day ("no later than 11 April" is by its end): it names itself, not
        # the next day's midnight.
        latest = value if accuracy.precision is TimePrecision.DATE else accuracy.latest(value) or value
        shown = _clock(latest, timezone, with_date, with_zone, accuracy.precision, single=True)
        return f"{accuracy.bound.label} {shown}"
    shown = _clock(value, timezone, with_date, with_zone, accuracy.precision, single=accuracy.bound is not None)
    return shown if accuracy.bound is None else f"{accuracy.bound.label} {shown}"


def _clock(
    value: datetime, timezone: str, with_date: bool, with_zone: bool, precision: TimePrecision, *, single: bool
) -> str:
    local = value.astimezone(zone(timezone))
    if precision is TimePrecision.DATE:
        return local.strftime("%Y-%m-%d") if with_date else "time unknown"
    text = local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    if precision is TimePrecision.EXACT and local.second:
        text += local.strftime(":%S")
    elif precision is TimePrecision.HOUR:
        text = text[:-2] + "00"
        if not single:
            text += (local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).strftime("–%H:%M")
    if with_zone:
        text += f" {local.tzname() or timezone}"
    return text


def rendering_time() -> datetime:
    """When a document is being rendered, for its metadata: now (UTC, whole seconds).

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) replaces
    the clock when set, so a build can render the same bytes twice.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def rendering_date(today: date | None = None) -> date:
    """The day "today" is, wherever postmortem judges action items (overdue, due, age).

    Every part of the project asks this one function: the exporters' ``today`` option,
    ``postmortem actions``, ``check``, ``review`` and ``actions sync``, and
    :func:`postmortem.analytics.action_report`, so a list and a report made at the same
    moment never disagree about an item.

    ``today`` when given (an exporter's ``today`` option, ``--today``); else the day of
    ``SOURCE_DATE_EPOCH`` in UTC when that is set, so a reproducible build marks the same items
    wherever and whenever it runs; else the local calendar date, in the timezone of the
    machine (``TZ``), as a person there reads their calendar.

    Args:
        today: The day, when the caller was given one (a datetime gives its date).
    """
    if today is not None:
        return today.date() if isinstance(today, datetime) else today
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    return date.today()


def format_measure(value: float, unit: str = "") -> str:
    """A measured value with its unit, written the same way in every format.

    ``31.2%`` and ``99.9‰`` take no space (as shares are written: ``30%``); any other unit
    follows a space: ``4.6 s``, ``1,200 requests/s``.
    """
    number = format_number(value)
    unit = unit.strip()
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "‰") else f"{number} {unit}"


def format_number(value: float) -> str:
    """Write a measured value for people: ``184,300``, ``31.2``, ``0.004``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.3g}"


def plural(count: int, noun: str) -> str:
    """``1 report``, ``2 reports``: a count and its noun (a regular plural, an ``s``)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_date(value: date) -> str:
    """Format a date as ``2026-12-01``."""
    return value.isoformat()


def format_duration(value: timedelta | None, *, compact: bool = False) -> str:
    """Write a duration for people: ``45 s``, ``12 min``, ``1 h 24 min``, ``2 d 3 h``; ``—`` for none.

    Args:
        value: The duration; ``None`` for none.
        compact: Every unit that is not zero, without spaces, as the columns of a comparison
            show it: ``1d3h12m``, ``45s``; ``-`` for none.
    """
    if value is None:
        return "-" if compact else "—"
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if compact:
        text = "".join(f"{count}{unit}" for count, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if count)
        text = text or f"{secs}s"
    elif days:
        text = f"{days} d {hours} h" if hours else f"{days} d"
    elif hours:
        text = f"{hours} h {minutes} min" if minutes else f"{hours} h"
    elif minutes:
        text = f"{minutes} min"
    else:
        text = f"{secs} s"
    return sign + text


_ESTIMATE_WORDS = {
    EstimateKind.ABOUT: "about",
    EstimateKind.AT_LEAST: "at least",
    EstimateKind.AT_MOST: "at most",
}


def format_estimate(estimate: DurationEstimate | None) -> str:
    """Write a derived duration as honestly as it is known.

    ``12 min`` when exact, ``about 4 h 40 min``, ``at least 30 min``, ``at most 6 h 40 min``,
    ``ongoing``, and ``—`` when it cannot be worked out.
    """
    if estimate is None:
        return "—"
    if estimate.kind is EstimateKind.ONGOING:
        return "ongoing"
    text = format_duration(estimate.figure)
    word = _ESTIMATE_WORDS.get(estimate.kind)
    return text if word is None else f"{word} {text}"


# A duration as format_duration writes it: numbers and units, one space between each.
_DURATION_RUN = re.compile(r"-?\d+ (?:d|h|min|s)\b(?: \d+ (?:d|h|min|s)\b)*")


def duration_runs(value: str) -> list[tuple[str, bool]]:
    """``value`` cut into its parts, each with whether it is a duration to keep on one line.

    ``about 4 h 53 min`` gives ``[("about ", False), ("4 h 53 min", True)]``: a narrow column
    may break after "about", never inside the duration (a key metric's card read "about 4 h 53"
    over "min"). The text is unchanged: the parts add up to it.
    """
    parts: list[tuple[str, bool]] = []
    end = 0
    for found in _DURATION_RUN.finditer(value):
        if found.start() > end:
            parts.append((value[end : found.start()], False))
        parts.append((found.group(), True))
        end = found.end()
    if end < len(value):
        parts.append((value[end:], False))
    return parts


def unbroken_durations(value: str) -> str:
    """``value`` with no-break spaces inside each duration (see :func:`duration_runs`).

    For formats where a line's breaks are its spaces (DOCX).
    """
    return "".join(part.replace(" ", "\u00a0") if whole else part for part, whole in duration_runs(value))
