"""Clock times written as four digits, as a ship's log or a report in the 24-hour clock writes them.

"0640 Arrived Kilcreggan", "- 0652: ramp would not lower", "At 1915 the pump on the rig failed":
where a document writes its times this way (:func:`writes_four_digit_times`, decided once for the
document), an entry that opens with four digits and a sentence's "at 0938" are clock times. A
four-digit number is a count where a unit or a counted thing follows it ("at 1200 m", "2000
users"), and a list of years ("2019 ...", "2020 ...") is no log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = [
    "FOUR_DIGIT_AT",
    "FOUR_DIGIT_ENTRY",
    "four_digit_clocks",
    "reads_four_digit_clocks",
    "writes_four_digit_times",
]

# Whether the document being read writes its clock times as four digits ("0640 Arrived", "at 1915 the
# pump ..."); ``four_digit_clocks`` sets it for the duration of one build.
_FOUR_DIGITS: ContextVar[bool] = ContextVar("postmortem_import_four_digit_clocks", default=False)


@contextmanager
def four_digit_clocks(on: bool) -> Iterator[None]:
    """Read a bare ``0640`` opening an entry as the clock time 06:40 while the block runs."""
    token = _FOUR_DIGITS.set(on)
    try:
        yield
    finally:
        _FOUR_DIGITS.reset(token)


def reads_four_digit_clocks() -> bool:
    """Whether the document being read writes its clock times as four digits."""
    return _FOUR_DIGITS.get()


# What a four-digit number is a count of ("at 1200 m", "1500 rpm", "2000 users"): no clock time.
_UNIT = (
    r"(?:%|(?-i:m|km|cm|mm|nm|ft|feet|foot|metres?|meters?|miles?|kg|tonnes?|tons?|lbs?|rpm|psi|bar|kpa|hpa|mb|"
    r"hz|khz|mhz|ghz|kv|kw|mw|ma|litres?|liters?|knots?|kn|gb|tb|kb|ms|sec|secs|"
    r"users?|customers?|people|rows|requests|orders|items|records|calls|tickets|members|pupils|patients|"
    r"units|pieces|copies|messages|jobs|bytes|dollars|euros|pounds|words|pages|lines|files)\b)"
)
# A four-digit clock time opening an entry ("0640 Arrived", "- 0652: ramp ...") or after "at", "by",
# "around" or "about" in a sentence ("at 1915 the pump"): hour 00-23, minute 00-59, not a count.
FOUR_DIGIT_ENTRY = re.compile(
    rf"^(\s*~?)([01]\d|2[0-3])([0-5]\d)(?=\s*(?:[-–—:|]\s*)?[A-Za-z(\"“']|\s+\d)(?!\s+{_UNIT})"
)
_FOUR_DIGIT_LINE = re.compile(
    rf"^[ \t]*(?:[-*+][ \t]+|\d{{1,3}}[.)][ \t]+)?(?:\*\*|__)?(?P<time>(?:[01]\d|2[0-3])[0-5]\d)(?:\*\*|__)?"
    rf"(?=[ \t]*(?:[-–—:|][ \t]*)?[A-Za-z(]|[ \t]+\d)(?![ \t]+{_UNIT})",
    re.IGNORECASE | re.MULTILINE,
)
FOUR_DIGIT_AT = re.compile(
    rf"\b(?:at|by|around|about|approximately)\s+(?:about\s+|around\s+)?(?P<time>(?:[01]\d|2[0-3])[0-5]\d)"
    rf"(?![\w,.:/-]?\d)(?!\s*{_UNIT})",
    re.IGNORECASE,
)
_COLON_CLOCK = re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?![\w:])")
_FEWEST_FOUR_DIGIT_TIMES = 3
_YEARS = range(1900, 2100)


def writes_four_digit_times(text: str) -> bool:
    """Whether a document writes its clock times as four digits (a ship's log, a report in the 24-hour clock).

    Three such times or more (entries that open with one, "0640 Arrived", or "at 1915" in a
    sentence), more than the clock times written with a colon, and at least one that cannot be a
    year: a list of years ("2019 ...", "2020 ...", "2021 ...") is no log.
    """
    found = [match.group("time") for shape in (_FOUR_DIGIT_LINE, FOUR_DIGIT_AT) for match in shape.finditer(text)]
    if len(found) < _FEWEST_FOUR_DIGIT_TIMES or len(found) <= len(_COLON_CLOCK.findall(text)):
        return False
    return any(int(digits) not in _YEARS for digits in found)
