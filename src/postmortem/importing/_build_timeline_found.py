"""Finding the timeline where no heading names it: the longest timed block of a section."""

from __future__ import annotations

import re
from datetime import date

import attrs

from postmortem.importing._build_nested import closing_label, label_line
from postmortem.importing._build_state import (
    _columns,
    _State,
)
from postmortem.importing._build_timeline import _FEWEST, _timed_lines, _untagged, time_column
from postmortem.importing._chat import chat_lines
from postmortem.importing._document import Block, Part, bold_line
from postmortem.importing._runs import COMMENT_BYLINE
from postmortem.importing._split import _INCIDENT_HEADING
from postmortem.importing._table import normalise, parenthesis
from postmortem.importing._times import (
    find_date,
    leading_time,
)


def _clocked_dates(state: _State, block: Block, column: int | None, day: date | None) -> bool:
    """Whether every date of a table's date column carries a clock time ("02.12.2026 10:45"): a log, not due dates."""
    if column is None:
        return False
    cells = [row[column].text for row in block.rows[1:] if column < len(row)]
    return bool(cells) and all(
        (when := leading_time(cell, state.table, day, cell=True)) is not None and when.clock is not None
        for cell in cells
    )


def _timed(state: _State, block: Block, fewest: int = _FEWEST) -> int:
    """How many timed entries a block holds, when it reads as a timeline; else 0.

    A list, a paragraph of lines or a table column (headed as a time, or any column every row
    of which opens with a time) with ``fewest`` timed entries or more (three; two in an incident's
    own section of a report of several), at least two thirds of its entries; or a chat log
    (:func:`~postmortem.importing._chat.chat_lines`).
    """
    day = state.doc_date
    if block.line in state.streams:
        fewest = min(fewest, 2)  # a status page's incident with two updates ("Investigating", "Resolved")
    if block.kind in ("code", "quote"):
        quoted = block.kind == "quote"
        found = chat_lines(block.markdown if quoted else block.text, quoted=quoted)
        if found or not quoted:
            return len(found[0]) if found else 0
    cell = False
    if block.kind == "list":
        texts = [item.text for item in _untagged(state, block.items, day) if not item.depth]
    elif block.kind == "table" and len(block.rows) > 1:
        columns = _columns(block.rows[0], dict(state.table.timeline_columns))
        if (
            "time" not in columns
            and "owner" in _columns(block.rows[0], dict(state.table.action_columns))
            and not _clocked_dates(state, block, columns.get("date"), day)
        ):
            return 0  # "| Commitment | Owner | Date |": dates things are due, not when they happened
        if any(normalise(cell.text) in _SEVERITY_HEADERS for cell in block.rows[0]):
            return 0  # "| Date | Sev | Summary |": a list of incidents (a quarter's), each its own timeline
        named = columns.get("time", columns.get("date"))
        column = named if named is not None else time_column(state, block, day)
        if column is None:
            return 0
        cell = named is not None
        texts = [row[column].text for row in block.rows[1:] if len(row) > column]
    else:
        lines = _timed_lines(state, block, day)
        texts = [item.text for item in lines] if lines else []
    timed = 0
    for text in texts:
        when = leading_time(text, state.table, day, cell=cell)
        if when is not None and (when.clock is not None or when.day is not None):
            timed += 1
            day = when.day or day
    return timed if timed >= fewest and timed * 3 >= len(texts) * 2 else 0


_SEVERITY_HEADERS = frozenset({"sev", "severity", "sev level", "severity level", "incident severity"})


# Sections that tell what happened, where a list of timed entries is the timeline.
_TELLS_EVENTS = frozenset({"summary", "root_cause", "trigger", "detection", "resolution"})


def _timed_lists(state: _State, assigned: list[tuple[Part, str | None]]) -> None:
    """A document with no timeline heading: the longest timed block of a section is the timeline.

    "What happened" in an e-mail, "Detection" holding a dated list of events, a "Room log" chat
    log, a "Course of events" table, "D3: Containment" with dated steps, an appendix table: the
    block with the most timed entries (:func:`_timed`) in a section that tells what happened or
    maps to no field (or a subsection of one) is read as the timeline; the section keeps the
    rest of its text (or, when the block is all it holds, the section is the timeline).
    """
    _incidents_own_timelines(state, assigned)
    if _has_timeline(state, assigned):
        return
    best: tuple[int, int, Part, Block] | None = None
    for index, (top, target) in enumerate(assigned):
        if not top.level or (target is not None and target not in _TELLS_EVENTS):
            continue  # impact windows, action items, lessons keep their lists
        for part in top.walk():
            mapped = state.table.section(part.title, allow_fallback=False) if part is not top else None
            if (mapped is not None and mapped not in _TELLS_EVENTS) or (
                target is None and _INCIDENT_HEADING.match(part.title)
            ):
                continue  # "Incident 2: ..." of a monthly report keeps its own timeline (import_split)
            for block in part.blocks:
                count = _timed(state, block)
                if count and (best is None or count > best[0]):
                    best = (count, index, part, block)
    if best is None:
        return
    _count, index, part, found = best
    target = assigned[index][1]
    rest = [block for block in part.blocks if block is not found]
    if part is assigned[index][0] and not rest and not part.children:
        assigned[index] = (part, "timeline")
        state.inferred.append(f"'{part.title}' read as the timeline: it is a list of timed entries")
        return
    title = part.title
    position = part.blocks.index(found)
    label = part.blocks[position - 1] if position else None
    if label is not None and label.kind == "paragraph" and len(label.text.split()) <= _LABEL_WORDS:
        named = label.text.strip().strip("*_ .:")
        if parenthesis(named) and state.table.zone(parenthesis(named) or ""):
            # "**Timeline (GMT).**" before the table: its zone is the timeline's.
            title = named
    after = part.blocks[position + 1] if position + 1 < len(part.blocks) else None
    closing = closing_label(state, found)
    if closing is not None and after is not None and after.kind == "list":
        # Round 23: a Jira comment closing the thread with "Follow-ups:" and a list: the list is read
        # under its label (the label went to the timeline with the comment, the list stayed here).
        rest.insert(rest.index(after), Block("paragraph", closing[2], closing[1], text=closing[1], inline=closing[1]))
        _closing_list(rest, after, closing[0])
    part.blocks = rest
    assigned.insert(index + 1, (Part(title, part.level, found.line, blocks=[found]), "timeline"))
    state.inferred.append(
        f"the timed entries under '{part.title}' (line {found.line}) read as the timeline; the rest of the "
        f"section stays {target.replace('_', ' ') if target else 'as written'}"
    )


def _has_timeline(state: _State, assigned: list[tuple[Part, str | None]]) -> bool:
    """Whether a section (or a label in one) names the timeline."""
    return any(
        target == "timeline"
        or state.table.section(part.title, allow_fallback=False) == "timeline"
        or any(_timeline_label(state, block) for block in part.blocks)
        for top, target in assigned
        for part in top.walk()
    )


def preamble_timeline(state: _State, prose: list[Block], assigned: list[tuple[Part, str | None]]) -> list[Block]:
    """A document of no sections (a title, its lines and a timed list): the timed block is the timeline.

    An incident of a report split in several (``import_split``) whose timed list sits right under
    its "Incident N" heading is such a document, as is a short note with a title and a list.
    A status page's updates or an activity feed before the first section (a post-incident report
    added under them) is the timeline too, where no section holds one.
    Where no section names or holds a timeline, a timed block before the first section is the
    timeline too (round 20: a lab notebook's "**08:10** Arrived. ..." paragraphs above its "Next
    steps:"), as the preamble tells what happened.
    Returns the preamble's other blocks.
    """
    if assigned and _has_timeline(state, assigned):
        return prose
    streamed = any(block.line in state.streams for block in prose)
    candidates = [block for block in prose if not (assigned and streamed) or block.line in state.streams]
    counted = ((_timed(state, block), block) for block in candidates)
    count, found = max(counted, key=lambda pair: pair[0], default=(0, None))
    if not count or found is None:
        return prose
    assigned.insert(0, (Part("Timeline", 2, found.line, blocks=[found]), "timeline"))
    why = (
        "the document has no sections"
        if not assigned[1:]
        else "they are a status page's updates or an activity feed"
        if streamed
        else "no section names a timeline"
    )
    state.inferred.append(f"the timed entries at line {found.line} read as the timeline ({why})")
    return [block for block in prose if block is not found]


_LABEL_WORDS = 6


def _timeline_label(state: _State, block: Block) -> bool:
    """Whether a block is a label naming the timeline ("**Timeline (GMT).**", "Timeline:"), read with its list."""
    label = bold_line(block) or label_line(block)
    return label is not None and state.table.section(label[0].rstrip(".:"), allow_fallback=False) == "timeline"


def _incidents_own_timelines(state: _State, assigned: list[tuple[Part, str | None]]) -> None:
    """Each "Incident N: ..." section of a report of several incidents: its longest timed block is its timeline.

    The block becomes a timeline subsection of the section (read on the date its heading names,
    by :func:`~postmortem.importing._build_nested.without_lists_of_their_own`), so that a report
    imported whole holds every incident's events; ``import_split`` reads each section on its own.
    """
    for top, target in assigned:
        if target is not None or not _INCIDENT_HEADING.match(top.title):
            continue
        if any(state.table.section(part.title, allow_fallback=False) == "timeline" for part in top.walk()):
            continue
        counted = [(_timed(state, block, fewest=2), block) for block in top.blocks]
        count, best = max(counted, key=lambda pair: pair[0], default=(0, None))
        if not count or best is None:
            continue
        top.blocks = [block for block in top.blocks if block is not best]
        day = find_date(top.title, state.doc_date)
        inner = [Part(day.isoformat(), top.level + 2, best.line, blocks=[best], pseudo=True)] if day else []
        own = Part("Timeline", top.level + 1, best.line, blocks=[] if day else [best], children=inner, pseudo=True)
        top.children.insert(0, attrs.evolve(own, own="timeline"))
        state.inferred.append(f"the timed entries under '{top.title}' (line {best.line}) read as its timeline")


# A comment's byline: a chat log's line ("[2026-12-03 16:40] Marta Lindgren: Follow-ups:") or an issue
# tracker's ("**Marta Lindgren** added a comment - 3 Dec 2026 16:40", ``_runs.COMMENT_BYLINE``).
_LOG_WRITER = re.compile(r"^\[[^\]\n]{1,40}\]\s+(?P<name>[^:\n]{1,80}):")
_ME = re.compile(r"\((?i:me|myself)\)")


def _closing_list(blocks: list[Block], listed: Block, comment: str) -> None:
    """The follow-ups closing a comment, read as its writer wrote them.

    "(me)" is the comment's writer (round 24: "PAY-2297 Remove the legacy sender (me)"), and a line
    after the list at the margin stays in the section after it.
    """
    byline = comment.rsplit("\n", 1)[-1].strip()
    writer = _LOG_WRITER.match(byline) or COMMENT_BYLINE.match(byline)
    if writer is None:
        return
    mine, going_on = _mine(listed, writer.group("name").strip())
    blocks[blocks.index(listed)] = mine
    if going_on:
        line = listed.line + listed.markdown.rstrip().count("\n")
        blocks.insert(blocks.index(mine) + 1, Block("paragraph", line, going_on, text=going_on, inline=going_on))


def _mine(block: Block, writer: str) -> tuple[Block, str]:
    """The list closing a comment, each "(me)" naming the comment's writer so that it reads as the owner.

    A line after the last item at the margin ("Closing." under "* Add an alert ... (Priya)") is the
    comment going on after its list, not the item's (Markdown joins it to the item): it is left out of
    the item and returned, to stay in the section as written.
    """
    lines = block.markdown.rstrip().split("\n")
    after = 0
    while after < len(lines) - 1 and lines[-1 - after][:1].isalnum() and not _MARKER.match(lines[-1 - after]):
        after += 1
    items = list(block.items)
    going_on = "\n".join(lines[len(lines) - after :]) if after else ""
    if after and items:
        last = items[-1]
        left = "\n".join(last.text.split("\n")[:-after]) if last.text.count("\n") >= after else last.text
        kept = "\n".join(last.markdown.split("\n")[:-after]) if last.markdown.count("\n") >= after else last.markdown
        first = "\n".join(last.first.split("\n")[:-after]) if last.first.count("\n") >= after else last.first
        items[-1] = attrs.evolve(last, markdown=kept, first=first, text=left)
        lines = lines[:-after]
    items = [
        attrs.evolve(
            item,
            markdown=_ME.sub(f"({writer})", item.markdown),
            first=_ME.sub(f"({writer})", item.first),
            text=_ME.sub(f"({writer})", item.text),
        )
        for item in items
    ]
    return attrs.evolve(block, markdown=_ME.sub(f"({writer})", "\n".join(lines)), items=tuple(items)), going_on


_MARKER = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")
