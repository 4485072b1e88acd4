"""Shapes no post-mortem has, refused before the document is read (exit 2 at their line).

The import's readers are linear in the size of what they read, but some shapes cost so much a
piece that a document of a few megabytes of them ran past the command's 30 s limit on a loaded
machine: every table cell goes through markdown-it's inline rules (about 20 us each: a table
of 2,000 columns and 500 rows is a million cells, 23 s), and every line that opens with a
time is read as a timeline entry (about 0.2 ms each: a CSV of 50,000 timed rows took 9.5 s
of CPU). A post-mortem's tables hold tens or hundreds of cells and its timeline tens or
hundreds of entries; a million cells or 50,000 timed rows is a spreadsheet or a log pasted
whole, which is evidence to attach or link rather than a timeline to read. So is a status page's or
an activity feed's history of more than 10,000 timed lines (a time anywhere in the line). All are counted
in one pass over the lines, before any Markdown is parsed, and the document is refused at the
line where the count passes its bound, with what to do instead.
"""

from __future__ import annotations

import re

from postmortem.errors import IncidentFormatError, Problem

__all__ = ["MAX_TABLE_CELLS", "MAX_TIMED_LINES", "refuse_oversized_shapes"]

#: Table cells a document may hold (counted as the ``|`` of its table rows): ten times the
#: largest table of the labelled documents' and the rounds' samples would still be far below.
MAX_TABLE_CELLS = 100_000
#: Lines that open with a time (timeline entries, chat lines, CSV rows) a document may hold.
MAX_TIMED_LINES = 10_000

# A line that opens with a clock time, after list, quote, table or bracket marks and an optional
# date: "- 10:02 ...", "| 10:02 |", "[14/03 10:02] ...", "2026-01-01 10:02,ana,...", "10h02". A time
# written with a dot is one only alone in a table cell ("| 07.50 |", "| 07.50–08.30 |"), as the
# import reads it; "10.50 EUR", "- 12.50 refunded" are amounts. Every quantifier is bounded, so a
# line is read in time linear in its length.
_TIMED = re.compile(
    r"[\s>*_+|\[(#~-]{0,8}(?:[0-9][0-9/.-]{2,9}[T ,]{1,2})?[0-9]{1,2}"
    r"(?:[:h][0-5][0-9]|(?P<dot>\.)[0-5][0-9](?=\s{0,8}(?:\||[-–—]\s{0,8}[0-9]{1,2}[.:][0-5][0-9]\s{0,8}\|)))"
)
# A table's header row: its first cell names a time column ("| Time |", "| Uhrzeit (CET) |"), where a
# dotted "07.50" below is a clock time; under "| Price |" or "| Item |", "| 10.50 |" is an amount (round 20).
_TABLE_ROW = re.compile(r"\s{0,3}\|")
_FIRST_CELL = re.compile(r"\s{0,3}\|?\s{0,8}([^|]{0,80})")
_TIME_HEADERS = re.compile(
    r"(?:time|when|timestamp|hour|date/time|datetime|heure|zeit|uhrzeit|hora|tijd|utc|local)\b", re.IGNORECASE
)


# A clock time anywhere in a line: a status page's "Posted Dec 3, 2026 - 14:05 UTC", an activity feed's
# "... · 3 Dec 14:02" (round 19: each is a timeline entry, read at the cost of one).
_CLOCK = re.compile(r"(?<![\d:])[0-9]{1,2}:[0-5][0-9](?![\d])")


def refuse_oversized_shapes(markdown: str, source: str | None) -> None:
    """Raise :class:`IncidentFormatError` at the line where the document passes a bound.

    Args:
        markdown: The document as Markdown (a page in another markup already rewritten).
        source: The file name for the message, when known.
    """
    cells = 0
    timed = 0
    carried = 0
    # Whether the current table's first column is headed as a time (None: no table on the line before).
    time_column: bool | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        in_table = _TABLE_ROW.match(line) is not None
        if in_table and time_column is None:
            header = _FIRST_CELL.match(line)
            # A header that names a time, or a first row that is one (a table pasted without its header).
            time_column = _TIMED.match(line) is not None or (
                header is not None and _TIME_HEADERS.match(header.group(1).strip()) is not None
            )
        elif not in_table:
            time_column = None
        if "|" in line:
            cells += line.count("|")
            if cells > MAX_TABLE_CELLS:
                _refuse(
                    number,
                    f"the document holds more than {MAX_TABLE_CELLS:,} table cells by this line; a post-mortem's "
                    "tables hold far fewer (a spreadsheet pasted whole is evidence: attach or link it and keep "
                    "the rows that tell the incident)",
                    source,
                )
        timed_line = _TIMED.match(line)
        if timed_line is not None and timed_line.group("dot") and not time_column:
            timed_line = None  # "| 10.50 |" under a header that names no time: an amount
        if timed_line is None:
            if _CLOCK.search(line):
                carried += 1
                if carried > MAX_TIMED_LINES:
                    _refuse(
                        number,
                        f"more than {MAX_TIMED_LINES:,} lines carry a time by this line (a status page's updates, "
                        "an activity feed); that is a log, not a timeline a post-mortem tells (attach or link it "
                        "and keep the entries that tell the incident)",
                        source,
                    )
        else:
            timed += 1
            if timed > MAX_TIMED_LINES:
                _refuse(
                    number,
                    f"more than {MAX_TIMED_LINES:,} lines open with a time by this line; that is a log, not a "
                    "timeline a post-mortem tells (attach or link the log and keep the entries that tell the "
                    "incident)",
                    source,
                )


def _refuse(line: int, message: str, source: str | None) -> None:
    raise IncidentFormatError([Problem("$", message, line=line, source=source)], source=source)
