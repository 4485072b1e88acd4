"""Sections that hold the document's lists one level down, and times told in sentences.

A section that maps to no field may hold the timeline or the action items as a subsection or a
bold label before a list ("### Actions" under "## Part 2: internal retro", "**Follow-ups.**" in
an incident's section); and a document with no timed entries may tell its times in sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import attrs

from postmortem.importing._build_state import _DUE, _MENTION, _State
from postmortem.importing._document import Block, Item, Part, bold_line
from postmortem.importing._prose_times import prose_events
from postmortem.importing._table import normalise
from postmortem.importing._times import find_date

__all__ = [
    "closing_label",
    "events_in_prose",
    "inner_labels",
    "label_line",
    "preamble_tasks",
    "without_lists_of_their_own",
]


# Sections read into lists of their own wherever they sit: a free-form section around them keeps the rest.
_OWN_LISTS = frozenset({"timeline", "action_items"})


def without_lists_of_their_own(state: _State, part: Part, visit: Callable[[_State, Part, str | None], None]) -> Part:
    """``part`` without the timeline and action item subsections it holds, each of which is read.

    "### Actions" under "## Part 2: internal retro", "### Chronology" under "## Details" and a
    bold "**Follow-ups.**" before a list inside an incident's section are the document's timeline
    and action items one level down; the section around them is kept as written without them. A
    timeline under a heading that holds a date ("Incident 1: Search index stale (12 April)",
    "Card terminals offline — 3 February", as a report of several incidents heads each one) is
    that day's.
    """
    day = find_date(part.title, state.doc_date) if part.level else None
    part = _action_tables(inner_labels(state, part))
    kept: list[Part] = []
    for child in part.children:
        name = child.own or state.table.section(child.title, allow_fallback=False)
        if name in _OWN_LISTS:
            visit(state, _dated(child, day) if name == "timeline" else child, name)
        else:
            kept.append(without_lists_of_their_own(state, child, visit))
    return attrs.evolve(part, children=kept)


def _dated(timeline: Part, day: date | None) -> Part:
    """A timeline whose entries are on ``day`` where they name no date: its blocks under a date heading."""
    if day is None or timeline.children:
        return timeline
    on_day = Part(day.isoformat(), timeline.level + 1, timeline.line, blocks=timeline.blocks, pseudo=True)
    return attrs.evolve(timeline, blocks=[], children=[on_day])


_LABEL_WORDS = 4


def label_line(block: Block) -> tuple[str, str] | None:
    """``("Follow-ups", "")`` for a paragraph that is a few words and a colon ("Follow-ups:", "Timeline (UTC):")."""
    text = block.text.strip() if block.kind == "paragraph" else ""
    if not text.endswith(":") or "\n" in text or len(text.split()) > _LABEL_WORDS:
        return None
    return text.rstrip(":").strip(), ""


def inner_labels(state: _State, part: Part) -> Part:
    """A bold label naming the timeline or action items, then a list or table: a subsection of its own."""
    blocks: list[Block] = []
    children: list[Part] = []
    pending: Block | None = None
    current: Part | None = None
    for block in part.blocks:
        if pending is not None and block.kind in ("list", "table"):
            current = Part(pending.text.strip().strip("*_ ").rstrip(":."), part.level + 1, pending.line, pseudo=True)
            children.append(current)
            pending = None
        if current is not None and block.kind in ("list", "table"):
            current.blocks.append(block)
            continue
        current = None
        if pending is not None:
            blocks.append(pending)
            pending = None
        label = bold_line(block) or label_line(block)
        if label is not None and state.table.section(label[0].rstrip(".:"), allow_fallback=False) in _OWN_LISTS:
            pending = block
            continue
        closing = closing_label(state, block) if block.kind == "paragraph" else None
        if closing is not None:
            # Round 23: "... added a comment - 3 Dec 16:40 / Follow-ups:" then a list: a comment or a
            # paragraph whose last line names the list below it; the paragraph keeps its other lines.
            blocks.append(attrs.evolve(block, markdown=closing[0], text=closing[0].strip()))
            pending = Block("paragraph", closing[2], closing[1], text=closing[1], inline=closing[1])
            continue
        blocks.append(block)
    if pending is not None:
        blocks.append(pending)
    if not children:
        return part
    return attrs.evolve(part, blocks=blocks, children=children + part.children)


def closing_label(state: _State, block: Block) -> tuple[str, str, int] | None:
    """``(the rest, "Follow-ups:", its line)`` for a paragraph whose last line is a label naming the action items."""
    if block.kind not in ("paragraph", "code", "list") or "\n" not in block.markdown.strip():
        return None
    rest, last = block.markdown.strip().rsplit("\n", 1)
    label = label_line(Block("paragraph", block.line, last, text=last))
    if label is None or state.table.section(label[0].rstrip(".:"), allow_fallback=False) != "action_items":
        return None
    return rest, last.strip(), block.line + rest.count("\n") + 1


# Column headings that name a follow-up, not just a description: with an owner column beside one,
# a table is a table of action items under any heading (an audit's "Management response" table in
# its comments, a board paper's table of agreed steps).
_ACTION_COLUMN = frozenset(
    {"action", "actions", "action item", "task", "recommendation", "recommended action", "measure", "countermeasure",
     "commitment", "corrective action", "follow-up", "todo"}
)  # fmt: skip
_OWNER_COLUMN = frozenset({"owner", "owners", "assignee", "assigned to", "responsible", "action owner"})


def _action_tables(part: Part) -> Part:
    """A table with a follow-up column and an owner column, or an open task with an owner or a due date.

    Each is a subsection of action items of its own ("Consequences" of an ADR written as
    ``- [ ] ... (@lena, due 2026-05-29)``); the section keeps its other blocks and list items.
    """
    if not any(_action_header(block) or _assigned_tasks(block) for block in part.blocks):
        return part
    blocks: list[Block] = []
    children: list[Part] = []
    for block in part.blocks:
        tasks = _assigned_tasks(block)
        if _action_header(block):
            title = " | ".join(cell.text.strip() for cell in block.rows[0])
            children.append(Part(title, part.level + 1, block.line, blocks=[block], pseudo=True, own="action_items"))
        elif tasks:
            rest = [item for item in block.items if item.depth == 0 and item not in tasks]
            listed = attrs.evolve(block, items=tuple(tasks))
            title = f"{part.title} (tasks)"
            children.append(Part(title, part.level + 1, block.line, blocks=[listed], pseudo=True, own="action_items"))
            if rest:
                markdown = "\n".join(_item_markdown(item) for item in rest)
                blocks.append(attrs.evolve(block, items=tuple(rest), markdown=markdown))
        else:
            blocks.append(block)
    return attrs.evolve(part, blocks=blocks, children=children + part.children)


def _item_markdown(item: Item) -> str:
    """A top-level item written again as a bullet, its task box and nested lines kept."""
    box = "" if item.checked is None else "[x] " if item.checked else "[ ] "
    return f"- {box}" + item.markdown.replace("\n", "\n  ")


# A task that closes with a person's full name in brackets: "- [x] OPS-883 Delete the file (Rafaela Costa)".
_NAMED_OWNER = re.compile(r"\((?:[A-Z][a-z'’-]+)(?: [A-Z][a-z'’-]+){1,2}\)\s*\.?\s*$")


def _assigned_tasks(block: Block, *, whole: bool = False) -> list[Item]:
    """The top-level task items (``[ ]``, ``[x]``) of a list that name an owner or a due date.

    An owner is a ``@handle`` or, in closing brackets, a person's full name (a tracker's sub-issues,
    each with its assignee). With ``whole`` (the tasks at the top of an issue), every task of a list
    that holds only tasks, some of them with an owner or a due date.
    """
    if block.kind != "list":
        return []
    tops = [item for item in block.items if item.depth == 0]
    named = [
        item
        for item in tops
        if item.checked is not None
        and (_MENTION.search(item.text) or _DUE.search(item.text) or _NAMED_OWNER.search(item.text))
    ]
    if whole and named and len(tops) > 1 and all(item.checked is not None for item in tops):
        return tops  # round 20: an issue's task list, some with their owner, is its follow-ups whole
    return named


def preamble_tasks(prose: list[Block], assigned: list[tuple[Part, str | None]]) -> list[Block]:
    """Tasks at the top of a document (a GitHub issue's description): action items, as under any heading.

    ``- [ ] Rotate the key (@lena)`` before the first heading, or in a document with none, is read
    as it is in a section (:func:`_action_tables`): each task that names an owner or a due date,
    and every task of a list that holds only tasks. Returns the preamble's other blocks.
    """
    kept: list[Block] = []
    for block in prose:
        tasks = _assigned_tasks(block, whole=True)
        if not tasks:
            kept.append(block)
            continue
        listed = attrs.evolve(block, items=tuple(tasks))
        tasks_part = Part("Tasks", 2, block.line, blocks=[listed], pseudo=True, own="action_items")
        assigned.insert(0, (tasks_part, "action_items"))
        rest = [item for item in block.items if item.depth == 0 and item not in tasks]
        if rest:
            markdown = "\n".join(_item_markdown(item) for item in rest)
            kept.append(attrs.evolve(block, items=tuple(rest), markdown=markdown))
    return kept


def _action_header(block: Block) -> bool:
    if block.kind != "table" or len(block.rows) < 2:
        return False
    names = {normalise(cell.text.split("(")[0]) for cell in block.rows[0]}
    return bool(names & _ACTION_COLUMN) and bool(names & _OWNER_COLUMN)


# Sections whose prose tells what happened, where a sentence with a time is an event (none is "impact":
# "from 14:52 to 15:41 payments failed" is how long, and lessons and actions are not what happened).
_TELLS_WHAT_HAPPENED = frozenset({None, "summary", "root_cause", "process_cause", "trigger", "detection", "resolution",
                                  "narrative", "timeline"})  # fmt: skip


def events_in_prose(
    state: _State,
    preamble: list[Block],
    assigned: list[tuple[Part, str | None]],
    before: datetime | None = None,
    *,
    beside: bool = False,
) -> None:
    """A document with no timed entries anywhere: its sentences that say what happened at a time are events.

    With *before* (the first entry of a status page's updates or an activity feed, which start when
    someone reported the incident), only the sentences that tell what happened before it are added.
    With *beside* (a short timeline, a form's "Description of incident" of five timed lines), the
    sentences that tell what happened after its last entry ("**Action taken at the time:** Parents
    phoned at 12:20.") are added to it; a sentence at a minute the timeline has, or on a line of it,
    tells an entry again.
    """
    if beside:
        _events_after_timeline(state, preamble, [part for top, _target in assigned for part in top.walk()])
        return
    groups: list[tuple[date | None, list[Block]]] = [(state.doc_date, list(preamble))]

    def gather(part: Part, name: str | None, day: date | None) -> None:
        if name not in _TELLS_WHAT_HAPPENED:
            return
        # "## 2026-09-08: Dashboard logins failing", "## Incident B: ... (9 August)" in a monthly or
        # quarterly report: its sentences are of that day.
        day = find_date(part.title, day) or day
        groups.append((day, part.blocks))
        for child in part.children:
            gather(child, state.table.section(child.title, allow_fallback=False), day)

    for top, target in assigned:
        gather(top, target, state.doc_date)
    events = prose_events(state, groups)
    if before is not None:
        events = [event for event in events if event.time < before]
        if events:
            state.events[:0] = sorted(events, key=lambda event: event.time)
            state.inferred.append(
                f"{len(events)} timeline event(s) read from sentences that say what happened before the first "
                "status update or activity entry; the sentences stay where they are"
            )
        return
    if events:
        state.events.extend(sorted(events, key=lambda event: event.time))
        state.events_from_prose = True
        state.inferred.append(
            f"{len(events)} timeline event(s) read from sentences that say what happened at a time (the document "
            "has no timeline); the sentences stay where they are"
        )


def _events_after_timeline(state: _State, preamble: list[Block], parts: list[Part]) -> None:
    """Sentences after a short timeline, in its own section, that say what happened after its last entry.

    A form's "Description of incident" of five timed lines, then "**Action taken at the time:**
    Parents phoned at 12:20. Head teacher informed at 12:25.": the two sentences are events. Only the
    blocks between the timeline's last entry and the next heading are read, and only a time after
    its last entry counts; a sentence elsewhere tells an entry again or another part of the day.
    """
    last = max(state.events, key=lambda event: event.time)
    lines = {event.line for event in state.events}
    end_of_timeline = max(lines)
    headings = [part.line for part in parts if part.line > end_of_timeline]
    next_heading = min(headings, default=None)
    after = sorted(
        (
            block
            for block in [*preamble, *(block for part in parts for block in part.blocks)]
            if block.line > end_of_timeline and (next_heading is None or block.line < next_heading)
        ),
        key=lambda block: block.line,
    )
    found = [
        event
        for event in prose_events(state, [(last.time.date(), after)])
        if event.time > last.time and event.line not in lines
    ]
    if found:
        state.events.extend(sorted(found, key=lambda event: event.time))
        state.inferred.append(
            f"{len(found)} timeline event(s) read from sentences after the timeline, in its section, that say what "
            "happened after its last entry; the sentences stay where they are"
        )
