"""A CSV of timeline events pasted into a document, read as the table it is.

An incident tool's export pasted under "Timeline" (``time,event,who`` then a row a line, quoted
cells where a cell holds a comma), bare or in a ```` ```csv ```` fence, was read as timed lines
whose descriptions began with the separator and the quotes (``,"Gateway latency rises",monitoring``)
or, fenced, as code, which holds no events. Where such a block's first row names a time or date
column (the synonym table's timeline column names) and every row has as many cells (two or more,
``,``, ``;`` or a tab between them), the block is written as a Markdown table: the header row, a
rule, the rows. A fenced block keeps its line count (the header on the fence's line, the rule on
the header's); a bare one takes one line more.
"""

from __future__ import annotations

import csv
import re

from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader
from postmortem.importing._table import normalise, table

__all__ = ["csv_tables"]

_CSV_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)[ \t]*(?:csv|tsv|text)?[ \t]*$", re.IGNORECASE)
_FEWEST_ROWS = 2  # data rows under the header
_MOST_ROWS = 5_000
_MOST_CELLS = 30
_SEPARATORS = (",", ";", "\t")


def csv_tables(text: str) -> str:
    """The text with each CSV block of timed rows (bare or fenced) written as a Markdown table."""
    if "," not in text and ";" not in text and "\t" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            end = next((at for at in range(index + 1, len(lines)) if _FENCE.match(lines[at])), len(lines))
            rows = _rows(lines[index + 1 : end]) if _CSV_FENCE.match(line) and end < len(lines) else None
            if rows is None:
                out += lines[index : end + 1]
            else:
                out += [_row(rows[0]), "|" + "---|" * len(rows[0]), *(_row(row) for row in rows[1:]), ""]
            index = end + 1
            continue
        if line.strip() and (not out or not out[-1].strip()):
            end = next((at for at in range(index, len(lines)) if not lines[at].strip()), len(lines))
            rows = _rows(lines[index:end]) if end - index > _FEWEST_ROWS else None
            if rows is not None:
                out += [_row(rows[0]), "|" + "---|" * len(rows[0]), *(_row(row) for row in rows[1:])]
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _rows(block: list[str]) -> list[list[str]] | None:
    """The block's rows when it is a CSV whose header names a time column, else ``None``."""
    if len(block) <= _FEWEST_ROWS or len(block) > _MOST_ROWS or any(not line.strip() for line in block):
        return None
    for separator in _SEPARATORS:
        if separator not in block[0]:
            continue
        try:
            rows = list(csv.reader(block, delimiter=separator))
        except csv.Error:
            continue
        width = len(rows[0])
        if not 2 <= width <= _MOST_CELLS or any(len(row) != width for row in rows):
            continue
        names = table().timeline_columns
        header = {normalise(cell) for cell in rows[0]}
        if header & (names["time"] | names["date"]):
            return [[cell.strip().replace("|", "\\|") for cell in row] for row in rows]
    return None


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
