"""Markdown as other tools write it, read as the Markdown a reader sees.

An issue tracker's dates (Jira's ``03/Mar/26 9:12 AM``), toggles copied from Notion (``- ▶ Timeline``
with the section's content nested under it) and pandoc's simple and multiline tables (a run of
dashes a column under the header) are rewritten line for line, so that every line stays on its
line. The wiki markups (MediaWiki, AsciiDoc, Org-mode) are in :mod:`postmortem.importing._markups`;
:mod:`postmortem.importing._as_markdown` runs every step in order.
"""

from __future__ import annotations

import re

from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader

__all__ = ["from_pandoc_tables", "from_toggles", "tracker_dates"]


# ----------------------------------------------------------------------------- tracker dates

# Jira writes its dates day/month abbreviation/two-digit year: "03/Mar/26 9:12 AM".
_TRACKER_DATE = re.compile(
    r"\b(?P<day>\d{1,2})/(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(?P<year>\d{2}|\d{4})\b",
    re.IGNORECASE,
)


def tracker_dates(text: str) -> str:
    """The text with an issue tracker's ``03/Mar/26`` dates written ``3 Mar 2026``, which every reader reads.

    A two-digit year is this century's.
    """
    if "/" not in text:
        return text

    def written(found: re.Match[str]) -> str:
        year = found.group("year")
        full = year if len(year) == 4 else f"20{year}"
        return f"{int(found.group('day'))} {found.group('month').capitalize()} {full}"

    return _TRACKER_DATE.sub(written, text)


# ----------------------------------------------------------------------------- toggles

# A toggle as Notion copies it into Markdown: a list item opening with a triangle, its content nested.
_TOGGLE = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+[▶▸►⏵‣▷][ \t]*(?P<title>\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s")


def from_toggles(text: str) -> str:
    """The text with each toggle list item (``- ▶ Timeline (EST)``) a heading, its nested content under it.

    The heading is one level below the heading before it; the content's lines lose the indent
    that nested them, so that a list inside the toggle is a list of the section. Every line stays
    on its line.
    """
    if not any(mark in text for mark in "▶▸►⏵‣▷"):
        return text
    lines = text.split("\n")
    out: list[str] = []
    level = 1
    strip: int | None = None  # the indent the toggle's content lines lose
    toggle_indent = -1
    for line in lines:
        heading = _MARKDOWN_HEADING.match(line)
        toggle = _TOGGLE.match(line)
        indent = len(line) - len(line.lstrip())
        if strip is not None and line.strip() and indent <= toggle_indent and not toggle:
            strip = None  # back at the toggle's own level: its content ended
        if heading:
            level = len(heading.group("marks"))
            strip = None
        elif toggle:
            toggle_indent = len(toggle.group("indent"))
            out.append(f"{'#' * min(level + 1, 6)} {toggle.group('title').rstrip()}")
            strip = -1  # set by the first content line
            continue
        elif strip is not None and line.strip():
            if strip < 0:
                strip = indent
            out.append(line[min(strip, indent) :])
            continue
        out.append(line)
    return "\n".join(out)


# ----------------------------------------------------------------------------- pandoc tables

# The line under a pandoc table's header: a run of dashes per column, spaces between ("---- ------").
_DASH_GROUPS = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_DASH_RULE = re.compile(r"^\s*-{3,}\s*$")
_MOST_COLUMNS = 30  # a table wider than this is no table a post-mortem holds


def from_pandoc_tables(text: str) -> str:
    """The text with pandoc's simple and multiline tables (as a Word document converts) written as Markdown tables.

    A simple table is a header line, a line of dash runs (one a column) and a row a line, up to a
    blank line; a multiline table opens and closes with a line of dashes, and its rows, which may
    take several lines, are separated by blank lines. Cells are cut where the dash runs start. The
    Markdown table takes the table's first lines and blank lines the rest, so no line moves.
    """
    if "---" not in text:
        return text
    lines = text.split("\n")
    out = list(lines)
    index = 0
    fence = False
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            fence = not fence
        if fence or not _DASH_GROUPS.match(line) or index == 0 or not lines[index - 1].strip():
            index += 1
            continue
        top = index - 1
        multiline = top > 0 and bool(_DASH_RULE.match(lines[top - 1]))
        end, rows = _pandoc_rows(lines, index, multiline=multiline)
        if not rows:
            index += 1
            continue
        spans = [(found.start(), found.end()) for found in re.finditer(r"-{3,}", line)]
        if len(spans) > _MOST_COLUMNS:
            index = end
            continue
        header = _cells(lines[top], spans)
        first = top - 1 if multiline else top
        table = [
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(spans),
            *("| " + " | ".join(_row_cells(row, spans)) + " |" for row in rows),
        ]
        for offset in range(first, end):
            out[offset] = table[offset - first] if offset - first < len(table) else ""
        index = end
    return "\n".join(out)


def _pandoc_rows(lines: list[str], separator: int, *, multiline: bool) -> tuple[int, list[list[str]]]:
    """Where a pandoc table ends (the line after it) and its rows, each the lines it takes."""
    rows: list[list[str]] = []
    current: list[str] = []
    for index in range(separator + 1, len(lines)):
        line = lines[index]
        if multiline and _DASH_RULE.match(line):
            return index + 1, [*rows, current] if current else rows
        if not line.strip():
            if not multiline:
                return index, rows
            if current:
                rows.append(current)
                current = []
        elif multiline:
            current.append(line)
        else:
            rows.append([line])
    # A simple table may run to the end; a multiline table without its closing line is not one.
    return (len(lines), rows) if not multiline else (separator + 1, [])


def _cells(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """A line cut where each column's dash run starts (the last column takes the rest)."""
    starts = [start for start, _end in spans]
    cells = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(line)
        cell = line[start:stop].strip().strip("*").strip()
        cells.append(cell.replace("|", "\\|"))
    return cells


def _row_cells(row: list[str], spans: list[tuple[int, int]]) -> list[str]:
    pieces = [_cells(line, spans) for line in row]
    return [" ".join(piece[column] for piece in pieces if piece[column]).strip() for column in range(len(spans))]
