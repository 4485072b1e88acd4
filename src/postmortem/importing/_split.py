"""One write-up describing several incidents ("## Incident 1: ...", "## Incident 2: ...").

:func:`incident_parts` finds the incidents' sections of a Markdown document; :func:`split`
turns the document into the parent (the write-up's own text: its introduction and the
sections that belong to no one incident) and one child document per incident. Each child is
given the parent's date and time zone where it says none of its own, so that its times read as
the write-up meant them.
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from postmortem.importing._table import Table
from postmortem.importing._times import find_date, zone_note

__all__ = ["ChildDocument", "incident_parts", "split"]

# "Incident 1: API latency spike", "Incident #2 - Failed resets", "Outage 3 — ...", "Incident 4".
_INCIDENT_HEADING = re.compile(
    r"^(?:incident|outage|event|disruption)\s*#?\s*(?P<number>\d{1,3})\b\s*(?:[:.)—–-]+\s*(?P<title>.*\S))?\s*$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^[\s>*_|-]*(?:date|incident date|day|when)[\s*_]*:", re.IGNORECASE | re.MULTILINE)
_MAX_INCIDENTS = 200


@attrs.frozen
class ChildDocument:
    """One incident of a multi-incident write-up, as a document of its own.

    Attributes:
        number: The number the write-up gives it ("Incident 2" is 2).
        title: Its title as the heading writes it, without "Incident 2:".
        markdown: The child document: a title line, its date and zone where needed, its section.
        line: The 1-based line of its heading in the write-up.
        body_line: The 1-based line of the child document where the section's text starts.
    """

    number: int
    title: str
    markdown: str
    line: int
    body_line: int = 1

    def source_line(self, line: int) -> int:
        """The write-up's line for a line of the child document (its heading for the added lines)."""
        return self.line if line < self.body_line else line - self.body_line + self.line + 1


def _headings(text: str) -> list[tuple[int, int, int, str]]:
    """``(level, first line, end line, heading text)`` of each heading, from a real parser."""
    from postmortem.importing._document import _parser  # noqa: PLC0415

    tokens = _parser().parse(text)  # type: ignore[attr-defined]
    found: list[tuple[int, int, int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            found.append((int(token.tag[1:]), token.map[0], token.map[1], tokens[index + 1].content.strip()))
    return found


def incident_parts(text: str) -> list[tuple[int, int, int, int, str]]:
    """The incidents' sections: ``(number, level, first line, end line, title)``, 0-based lines.

    A write-up describes several incidents when two headings or more of one level read
    "Incident N" (or Outage, Event, Disruption N), numbered without repeats; each section runs to
    the next heading of its level or above. An empty list otherwise.
    """
    headings = _headings(text)
    by_level: dict[int, list[tuple[int, int, str]]] = {}
    for position, (level, _start, _end, heading) in enumerate(headings):
        match = _INCIDENT_HEADING.match(heading.strip("*_ "))
        if match:
            by_level.setdefault(level, []).append((position, int(match.group("number")), match.group("title") or ""))
    for level in sorted(by_level):
        found = by_level[level]
        numbers = [number for _position, number, _title in found]
        if len(found) < 2 or len(set(numbers)) != len(numbers) or len(found) > _MAX_INCIDENTS:
            continue
        total = len(text.split("\n"))
        parts: list[tuple[int, int, int, int, str]] = []
        for position, number, title in found:
            start = headings[position][1]
            end = next((h[1] for h in headings[position + 1 :] if h[0] <= level), total)
            parts.append((number, level, start, end, title.strip() or headings[position][3]))
        return parts
    return []


def split(
    text: str, table: Table, parent_date: date | None, parent_zone: str | None
) -> tuple[str, list[ChildDocument]]:
    """The parent document and one child document per incident; ``(text, [])`` for one incident.

    Args:
        text: The Markdown write-up.
        table: The synonym table (for zone notes).
        parent_date: The write-up's date, for incidents whose heading and text give none.
        parent_zone: The write-up's time zone, for incidents that name none.
    """
    parts = incident_parts(text)
    if not parts:
        return text, []
    lines = text.split("\n")
    children: list[ChildDocument] = []
    taken: set[int] = set()
    for number, _level, start, end, title in parts:
        body_lines = lines[start + 1 : end]
        taken.update(range(start, end))
        leading = len(body_lines) - len("\n".join(body_lines).lstrip("\n").split("\n"))
        body = "\n".join(body_lines).strip("\n")
        context: list[str] = []
        if _DATE_LINE.search(body) is None:
            when = find_date(title, parent_date) or find_date(body, parent_date) or parent_date
            if when is not None:
                context.append(f"Date: {when.isoformat()}")
        if parent_zone and not any(zone_note(line, table) for line in body_lines):
            context.append(f"Time zone: {parent_zone}")
        header = f"# {title}\n\n" + ("\n".join(context) + "\n\n" if context else "")
        body_line = header.count("\n") + 1 - leading
        children.append(ChildDocument(number, title, header + body + "\n", start + 1, body_line))
    # The incidents' lines become blank, so that the parent's lines keep their numbers.
    parent = "\n".join("" if index in taken else line for index, line in enumerate(lines))
    return parent, children
