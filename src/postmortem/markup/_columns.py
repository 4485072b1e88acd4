"""Column widths for a table written in prose, from what its cells hold.

Every column of a Markdown table got the same width in the PDF and the DOCX, so a column of
short codes ("NO", "R1") was as wide as one of sentences, and a header word longer than its
share ("Recommendations") broke in the middle. The shares here follow what a browser's
automatic table layout does, counted in characters: each column gets at least its longest
word, and the rest of the line goes to the columns in proportion to how much more their
longest cell would need to sit on one line.
"""

from __future__ import annotations

import math

from postmortem.markup._tree import Node, _text_of

__all__ = ["LONGEST_WORD", "column_shares", "narrowest_line"]

# Characters of table text on one line of the table: the PDF's text width at its table font
# size (178 mm at 8.6 pt) and the DOCX's (16.9 cm at 9 pt) both hold about a hundred.
_LINE = 100
# Each cell's padding, in characters.
_PADDING = 2
# A word longer than this (an address, an identifier) may break inside its column rather than
# take the table's width from the others.
LONGEST_WORD = 24
# The share of a line past which a cell's length asks for no more room.
_LONGEST_CELL = 0.6
# No column narrower than this many characters.
_NARROWEST = 3


def narrowest_line(table: Node) -> int:
    """The characters a line of ``table`` needs at the least: each column's longest word, and padding.

    Narrower than that, the table cannot be laid out without breaking words or scrolling
    sideways (a phone's screen holds about 48 characters of table text).
    """
    least = _least(table)
    return sum(least) + _PADDING * len(least)


def _least(table: Node, *, long_words: bool = True) -> list[int]:
    """Each column's least width in characters: its longest word (capped at :data:`LONGEST_WORD`).

    With ``long_words`` false, a word longer than :data:`LONGEST_WORD` claims nothing: it breaks
    inside its column wherever that column is.
    """
    rows = [row.children for row in table.children]
    columns = max((len(cells) for cells in rows), default=0)
    least = [_NARROWEST] * columns
    for cells in rows:
        for index, cell in enumerate(cells):
            text = " ".join(_text_of(cell.children).split())
            # A header is bold: a tenth wider than the same letters in the body. A character
            # to spare for the longest word, whose letters may be wider than the average.
            weight = 1.1 if cell.header else 1.0
            words = [word for word in text.split(" ") if long_words or len(word) <= LONGEST_WORD]
            longest = max((len(word) for word in words), default=0)
            least[index] = max(least[index], min(LONGEST_WORD, math.ceil(longest * weight) + 1))
    return least


def column_shares(table: Node, line: int = _LINE) -> tuple[float, ...]:
    """Each column's share of a prose table's width, summing to 1.

    Args:
        table: A ``table`` node of :func:`postmortem.markup.tree`.
        line: The characters of table text the table's whole width holds.

    Returns:
        One share per column (the widest row's count); empty for a table with no cell.
    """
    rows = [row.children for row in table.children]
    columns = max((len(cells) for cells in rows), default=0)
    if not columns:
        return ()
    room = line - _PADDING * columns
    least = _least(table)
    if sum(least) > room:
        # Too many columns for each long word's capped width: those words break in whatever
        # width their column gets, and every column keeps its ordinary words whole (a nine-column
        # table with identifiers gave its columns of short phrases 5% each, "Col/um/n 1").
        least = _least(table, long_words=False)
    most = [_NARROWEST] * columns
    for cells in rows:
        for index, cell in enumerate(cells):
            text = " ".join(_text_of(cell.children).split())
            weight = 1.1 if cell.header else 1.0
            most[index] = max(most[index], math.ceil(len(text) * weight) + 1)
    # A cell longer than most of a line wraps anyway: past that, its length claims no more room
    # (a long address or paragraph left a column of short phrases a fifth of the table).
    most = [max(low, min(high, round(room * _LONGEST_CELL))) for low, high in zip(least, most, strict=True)]
    if sum(most) <= room:
        widths = [float(width) for width in most]
    elif sum(least) >= room:
        widths = [float(width) for width in least]
    else:
        spare = (room - sum(least)) / (sum(most) - sum(least))
        widths = [low + (high - low) * spare for low, high in zip(least, most, strict=True)]
    total = sum(widths) + _PADDING * columns
    return tuple((width + _PADDING) / total for width in widths)
