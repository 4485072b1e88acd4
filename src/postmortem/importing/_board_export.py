"""A retro board exported as tab-separated rows, read as the sections its columns are.

Retro tools export a board as a sheet: one row a card, a column saying which of the board's
columns the card is in ("Went well", "Didn't go well", "Action"), the card's text, then votes
and an author. Pasted into a document (or saved as text), it was one paragraph of tabbed lines
that nothing read: no list of what went well, no action items. A tab-separated block whose
header names the board's column ("Column", "Category", "List", "Lane", "Section", "Type") and
the card ("Card", "Note", "Text", "Item", "Idea", "Content") is written as a section a board
column, in the order the columns first appear, with a list item a card; the other cells of a
row (votes, author) follow on the card's next line as ``Votes: 4 · Author: Anon``, so nothing
is lost. The block's lines are replaced by more lines (a heading and a blank line a column),
so a message about a line after it names the line as rewritten.
"""

from __future__ import annotations

from postmortem.importing._table import normalise

__all__ = ["board_exports"]

_GROUP_NAMES = frozenset({"column", "category", "list", "lane", "section", "type", "board column"})
_CARD_NAMES = frozenset({"card", "note", "text", "item", "idea", "content", "card text", "description"})
_FEWEST_ROWS = 2
_MOST_ROWS = 2_000
_MOST_CELLS = 12


def board_exports(text: str) -> str:
    """The text with each tab-separated retro board export written as sections of cards."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    headed = any(line.startswith("#") for line in lines)
    while index < len(lines):
        line = lines[index]
        if "\t" in line and line.strip() and (not out or not out[-1].strip()):
            end = next((at for at in range(index, len(lines)) if not lines[at].strip()), len(lines))
            sections = _sections(lines[index:end])
            if sections is not None:
                if not headed:
                    _first_line_titled(out)
                    headed = True
                out += sections
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _sections(block: list[str]) -> list[str] | None:
    """The block as Markdown sections when it is a board export, else ``None``."""
    if not _FEWEST_ROWS < len(block) <= _MOST_ROWS:
        return None
    rows = [line.split("\t") for line in block]
    width = len(rows[0])
    if not 2 <= width <= _MOST_CELLS or any(len(row) != width for row in rows):
        return None
    header = [normalise(cell) for cell in rows[0]]
    group = next((at for at, name in enumerate(header) if name in _GROUP_NAMES), None)
    card = next((at for at, name in enumerate(header) if name in _CARD_NAMES), None)
    if group is None or card is None:
        return None
    groups: dict[str, list[str]] = {}
    for row in rows[1:]:
        name = row[group].strip() or "Cards"
        entry = f"- {row[card].strip()}"
        rest = [
            f"{rows[0][at].strip()}: {value.strip()}"
            for at, value in enumerate(row)
            if at not in (group, card) and value.strip()
        ]
        if rest:
            entry += "\n  " + " · ".join(rest)
        groups.setdefault(name, []).append(entry)
    out: list[str] = []
    for name, entries in groups.items():
        out += [f"## {name}", "", *entries, ""]
    return out


def _first_line_titled(out: list[str]) -> None:
    """A plain-text page's first line alone, its title, written as the title heading.

    The board's columns become headings, and in a page with headings a first line alone is no
    longer read as the title (plain text's rule), so it is written as one.
    """
    first = next((at for at, line in enumerate(out) if line.strip()), None)
    if first is None or (first + 1 < len(out) and out[first + 1].strip()) or out[first].rstrip().endswith("."):
        return
    out[first] = f"# {out[first].strip()}"
