"""reStructuredText grid tables in a Markdown document, read as the pipe tables they stand for.

A write-up kept as reStructuredText (a Sphinx site, a wiki that speaks reST) draws its tables
with ``+``, ``-``, ``=`` and ``|``::

    +---------------------------+----------+------------+
    | Action                    | Owner    | Due        |
    +===========================+==========+============+
    | Alert on stale rates      | Payments | 2026-09-01 |
    +---------------------------+----------+------------+

CommonMark reads such a table as one paragraph. Each one outside a code block is rewritten as a
pipe table: a row is the lines between two borders (a cell's lines joined), the rows above the
``=`` border are the header (else the header is empty), and the blank lines that make up for the
borders come after the table, so the lines after it stay on their lines.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["from_grid_tables"]

_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def from_grid_tables(text: str) -> str:
    """The document with each grid table outside code blocks written as a pipe table, line for line.

    Args:
        text: The document as written.

    Returns:
        ``text`` itself where it has no grid table; else the same number of lines.
    """
    if "+-" not in text and "+=" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or not _BORDER.match(line) or index + 1 >= len(lines) or not _ROW.match(lines[index + 1]):
            out.append(line)
            index += 1
            continue
        end = index + 1
        while end < len(lines) and (_BORDER.match(lines[end]) or _ROW.match(lines[end])):
            end += 1
        out += _pipe_table(lines[index:end])
        index = end
    return "\n".join(out)


def _pipe_table(block: list[str]) -> list[str]:
    """One grid table's lines as a pipe table and blank lines, as many lines as ``block``."""
    first = block[0].strip()
    indent = len(block[0]) - len(block[0].lstrip())
    edges = [position for position, character in enumerate(first) if character == "+"]
    header: list[str] | None = None
    rows: list[list[str]] = []
    pending: list[list[str]] = []
    for line in block[1:]:
        if _BORDER.match(line):
            if pending:
                rows.append([" ".join(part for part in cell if part) for cell in pending])
                pending = []
            if "=" in line and header is None and rows:
                header = rows.pop()
            continue
        cells = _cells(line[indent:], edges)
        pending = (
            [[*old, new] for old, new in zip(pending, cells, strict=False)] if pending else [[cell] for cell in cells]
        )
    if pending:
        rows.append([" ".join(part for part in cell if part) for cell in pending])
    width = len(edges) - 1
    head = header or [" "] * width
    out = ["| " + " | ".join(cell.replace("|", "\\|") for cell in head) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return out + [""] * (len(block) - len(out))


def _cells(line: str, edges: list[int]) -> list[str]:
    """A row line cut at the border's ``+`` positions, each piece without its bars."""
    return [line[start + 1 : end].strip() if start + 1 <= len(line) else "" for start, end in itertools.pairwise(edges)]
