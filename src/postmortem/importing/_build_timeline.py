"""Reading timeline events from lists and tables."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from postmortem import model
from postmortem.importing._build_state import (
    FreeSection,
    _cell_link,
    _columns,
    _empty,
    _enum_value,
    _Event,
    _plain_inline,
    _State,
    _strip_prefix,
)
from postmortem.importing._document import Block, Cell, Part
from postmortem.importing._table import parenthesis
from postmortem.importing._times import When, find_date, leading_time, resolve, trailing_day_marker, zone_note


def _timeline(state: _State, part: Part) -> None:
    zone = None
    inner = parenthesis(part.title)
    if inner:
        zone = state.table.zone(inner) or zone_note(f"times {inner}", state.table)
        if zone:
            state.zones_seen.append(zone)
    day = state.doc_date
    leftovers: list[str] = []
    count_before = len(state.events)

    def walk(node: Part, day: date | None, zone: str | None) -> None:
        for block in node.blocks:
            if block.kind in ("paragraph", "quote"):
                note_zone = zone_note(block.text, state.table)
                note_day = find_date(block.text, day)
                if note_zone or (note_day and len(block.text.split()) <= 8):
                    zone = note_zone or zone
                    if note_zone:
                        state.zones_seen.append(note_zone)
                    day = note_day or day
                    state.consumed.append(block.text)
                    state.inferred.append(
                        f"timeline: times read in {zone or 'UTC'}"
                        + (f" on {day.isoformat()}" if day else "")
                        + f" from the note '{block.text.strip()}'"
                    )
                    continue
                leftovers.append(block.markdown)
            elif block.kind == "list":
                _timeline_list(state, block, day, zone, leftovers)
            elif block.kind == "table":
                _timeline_table(state, block, day, zone, leftovers)
            elif block.markdown.strip():
                leftovers.append(block.markdown)
        for child in node.children:
            heading_time = leading_time(child.title, state.table, day)
            child_day, child_zone = day, zone
            if heading_time is not None and heading_time.day is not None:
                child_day = heading_time.day
                child_zone = heading_time.zone or zone
            else:
                inner_zone = parenthesis(child.title)
                child_zone = (state.table.zone(inner_zone) if inner_zone else None) or zone
                leftovers.append(child.heading)
            walk(child, child_day, child_zone)

    walk(part, day, zone)
    if len(state.events) == count_before:
        state.inferred.append(f"'{part.title}': no timeline entries with a time; kept as written")
    if leftovers:
        title = part.title if len(state.events) == count_before else f"{part.title} (notes)"
        state.sections.append(FreeSection(title, "\n\n".join(leftovers)))


def _timeline_list(state: _State, block: Block, day: date | None, zone: str | None, leftovers: list[str]) -> None:
    placed: list[_Placed] = []
    for item in block.items:
        if item.depth:
            continue
        event = _event_from_text(state, item.text, item.markdown, item.line, day, zone)
        if event is None:
            leftovers.append(f"- {item.markdown}")
            continue
        placed.append(_Placed(event, day, zone))
        state.events.append(event)
        if event.when.day is not None and event.when.clock is not None:
            # "22/06 23:50 ..." then "00:20 ...": the entries after a dated one are on its date.
            day = event.when.day
    _in_order(state, placed)


@attrs.frozen
class _Placed:
    """A timeline event and the date and zone its entry was read with."""

    event: _Event
    day: date | None
    zone: str | None


_MIDNIGHT_GAP = timedelta(hours=12)


def _in_order(state: _State, placed: Sequence[_Placed]) -> None:
    """Entries of one list or table that go back in time, read as written.

    A clock time earlier than the entry before it is the next day when the timeline crosses
    midnight there (the entry, read a day later, is at most 12 hours after the one before it):
    it is moved to that day and the report says so, and the entries after it follow. Otherwise
    the entry keeps its time and a warning says the timeline goes back. A list written newest
    first (most entries earlier than the one before) is left as it is. A written date starts over.
    """
    clocked = [p for p in placed if p.event.when.clock is not None and p.event.when.day is None]
    pairs = list(itertools.pairwise(clocked))
    if len(pairs) >= 2 and sum(1 for a, b in pairs if b.event.time < a.event.time) > len(pairs) / 2:
        state.inferred.append(f"line {clocked[0].event.line}: the timeline is listed newest first")
        return
    shift = 0
    previous: _Event | None = None
    for entry in placed:
        event, when = entry.event, entry.event.when
        if when.day is not None or when.clock is None or entry.day is None:
            if when.day is not None:
                shift, previous = 0, (event if when.clock is not None else None)
            continue
        if when.days:
            shift = max(shift, when.days)
        elif shift:
            moved = resolve(when, entry.day + timedelta(days=shift), entry.zone or state.doc_zone)
            event.time = moved or event.time
        if previous is not None and event.time < previous.time:
            later = resolve(when, entry.day + timedelta(days=shift + 1), entry.zone or state.doc_zone)
            if not when.days and later is not None and previous.time < later <= previous.time + _MIDNIGHT_GAP:
                event.time = later
                shift += 1
                state.inferred.append(
                    f"line {event.line}: {_clock(when)} read as {later.date().isoformat()}, the day after the "
                    f"entry before it ({_clock(previous.when)}): the timeline crosses midnight"
                )
            else:
                state.warn(
                    event.line,
                    "$.timeline",
                    f"{_clock(when)} is earlier than the entry before it ({_clock(previous.when)}, line "
                    f"{previous.line}); kept as written: if it is a later day, write its date or '(+1 day)'",
                )
        previous = event


def _clock(when: When) -> str:
    hour, minute, _second = when.clock or (0, 0, 0)
    return f"{hour:02d}:{minute:02d}"


_TIME_LIKE = re.compile(r"^\s*~?\d{1,2}(?:[:/.h-]\d{1,2})+")


def _event_from_text(
    state: _State, text: str, markdown: str, line: int, day: date | None, zone: str | None
) -> _Event | None:
    when = leading_time(text, state.table, day)
    if when is None:
        if day is None or not text.strip():
            return None
        time_like = _TIME_LIKE.match(text)
        if time_like and markdown != "x":
            state.warn(
                line,
                "$.timeline",
                f"'{time_like.group(0).strip()}' at the start of the entry is not a date or time the import "
                f"reads; the entry is an event of {day.isoformat()} with no time",
            )
        # A line under a date heading with no time of its own happened that day.
        when = When(None, None, None, False, "date", 0)
        description = markdown
    else:
        rest = text[when.end :]
        if re.match(r"^(?:to|until|through|–|-)\s", rest) and find_date(rest, day):
            # A span of days ("2026-02-11 to 2026-02-12: ..."): dated by its first day, kept whole.
            description = markdown
        else:
            description = _strip_prefix(markdown, text[: when.end])
        if when.day is None and when.clock is not None and not when.days:
            when = attrs.evolve(when, days=trailing_day_marker(description))
    time = resolve(when, day, zone or state.doc_zone)
    if time is None or not description.strip():
        return None
    return _Event(when, time, description.strip(), line)


def _time_understood(state: _State, when_text: str, day: date | None, line: int) -> bool:
    """Whether a timeline table's time cell reads as a time; a warning says what was not read.

    A cell the import cannot read keeps its row as written (in the timeline's notes), never an
    event with its time dropped; so does an empty cell (a row with no time is no event).
    """
    if _empty(when_text):
        state.warn(line, "$.timeline", "a row with no time is kept as written in the timeline's notes")
        return False
    when = leading_time(when_text, state.table, day)
    if when is None:
        state.warn(
            line,
            "$.timeline",
            f"'{when_text}' is not a date or time the import reads; the row is kept as written in the "
            "timeline's notes (write 2026-06-22 19:30, 22/06 19:30 or 19:30)",
        )
        return False
    rest = when_text[when.end :].strip()
    if rest:
        state.warn(line, "$.timeline", f"'{rest}' after the time in '{when_text}' was not read")
    return True


def _extra_columns(state: _State, title: str, first: str, rows: list[tuple[str, dict[str, str]]]) -> None:
    """Keep table columns the import has no field for, as a free-form section of their own."""
    heads: list[str] = []
    for _key, values in rows:
        heads += [head for head in values if head not in heads]
    rows = [(key, values) for key, values in rows if any(value.strip() for value in values.values())]
    if not rows:
        return
    lines = ["| " + " | ".join([first, *heads]) + " |", "|" + "---|" * (len(heads) + 1)]
    lines += [
        "| " + " | ".join([key] + [values.get(head, " ") or " " for head in heads]) + " |" for key, values in rows
    ]
    state.sections.append(FreeSection(title, "\n".join(lines)))


def _timeline_table(  # noqa: PLR0912, PLR0915  (one case per column role)
    state: _State, block: Block, day: date | None, zone: str | None, leftovers: list[str]
) -> None:
    if len(block.rows) < 2:
        leftovers.append(block.markdown)
        return
    header, rows = block.rows[0], block.rows[1:]
    columns = _columns(header, dict(state.table.timeline_columns))
    if "time" not in columns and "date" not in columns:
        if all(leading_time(row[0].text, state.table, day) for row in rows if row):
            # A first column of times under a header the table does not name ("Uhr (MESZ)"): its
            # parenthesis still names the zone.
            columns["time"] = 0
            state.inferred.append(f"timeline: the column '{header[0].text.strip()}' read as the time")
        else:
            state.warn(
                block.line,
                "$.timeline",
                "no column of this table is headed as a time (Time, When, Hour, Timestamp, Date, ...) and its "
                "first column does not hold a time on every row; the table is kept as written",
            )
            leftovers.append(block.markdown)
            return
    for role in ("time", "date"):
        inner = parenthesis(header[columns[role]].text) if role in columns else None
        if inner:
            # "Time (UTC)", or our export's "Time (2026-05-04, CEST)" for a one-day timeline.
            when = leading_time(inner, state.table, day)
            inner_zone = (
                state.table.zone(inner) or (when.zone if when else None) or zone_note(f"times {inner}", state.table)
            )
            if when is not None and when.day is not None:
                day = when.day
            if inner_zone:
                zone = inner_zone
                state.zones_seen.append(inner_zone)
    if "description" not in columns:
        rest = [i for i in range(len(header)) if i not in columns.values()]
        if not rest:
            leftovers.append(block.markdown)
            return
        columns["description"] = rest[0]
    other = [i for i in range(len(header)) if i not in columns.values()]
    extra: list[tuple[str, dict[str, str]]] = []
    placed: list[_Placed] = []
    for number, raw_row in enumerate(rows, start=1):
        row = list(raw_row) + [Cell("", "")] * (len(header) - len(raw_row))
        line = block.line + 1 + number  # the header, the delimiter row, then the rows
        when_text = " ".join(row[columns[role]].text.strip() for role in ("date", "time") if role in columns).strip()
        if not _time_understood(state, when_text, day, line):
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        event = _event_from_text(state, when_text, "x", line, day, zone)
        if event is None:
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        row_day = day
        if event.when.day is not None:
            # A table that writes the date only when it changes: later rows are on that day.
            day = event.when.day
        description = row[columns["description"]].markdown.strip()
        days = trailing_day_marker(description)
        if days and event.when.day is None and event.when.clock is not None and not event.when.days:
            event.when = attrs.evolve(event.when, days=days)
            event.time = resolve(event.when, row_day, zone or state.doc_zone) or event.time
        if not description:
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        link = _cell_link(description)
        if link is not None:
            description, event.link = link
        elif description.endswith(")") and " [(record)](" in description:
            # Our Confluence export: "description (record)", the record a link.
            head, _, tail = description.rpartition(" [(record)](")
            description, event.link = head, tail[:-1].strip("<>")
        event.description = description
        if "actor" in columns and not _empty(row[columns["actor"]].text):
            event.actor = row[columns["actor"]].text.strip()
        if "source" in columns and not _empty(row[columns["source"]].text):
            source, _, also = row[columns["source"]].markdown.partition("<br>also in ")
            event.source = _plain_inline(source).strip()
            if also:
                event.also_in = tuple(part.strip() for part in _plain_inline(also).split(", ") if part.strip())
        if "kind" in columns:
            event.kind = _enum_value(model.EventKind, row[columns["kind"]].text)
        state.events.append(event)
        placed.append(_Placed(event, row_day, zone))
        extra.append((when_text, {header[i].markdown: row[i].markdown for i in other}))
    _in_order(state, placed)
    _extra_columns(state, "Timeline: other columns", "Time", extra)


def _timed(state: _State, block: Block) -> bool:
    """Whether a list or table is a timeline: three entries or more, nearly all opening with a time."""
    if block.kind == "list":
        texts = [item.text for item in block.items if not item.depth]
    elif block.kind == "table" and len(block.rows) > 1:
        texts = [row[0].text for row in block.rows[1:] if row]
    else:
        return False
    if len(texts) < 3:
        return False
    day = state.doc_date
    timed = 0
    for text in texts:
        when = leading_time(text, state.table, day)
        if when is not None and (when.clock is not None or when.day is not None):
            timed += 1
            day = when.day or day
    return timed * 5 >= len(texts) * 4


# Sections that tell what happened, where a list of timed entries is the timeline.
_TELLS_EVENTS = frozenset({"summary", "root_cause", "trigger", "detection", "resolution"})


def _timed_lists(state: _State, assigned: list[tuple[Part, str | None]]) -> None:
    """A document with no timeline heading: the first timed list of a mapped section is the timeline.

    "What happened" in an e-mail, or "Detection" holding a dated list of events: the list is read
    as the timeline; the section keeps the rest of its text (or, when the list is all it holds,
    the section is the timeline).
    """
    if any(
        target == "timeline" or state.table.section(part.title, allow_fallback=False) == "timeline"
        for top, target in assigned
        for part in top.walk()
    ):
        return
    for index, (part, target) in enumerate(assigned):
        if not part.level or (target not in _TELLS_EVENTS if target else not state.table.is_fallback(part.title)):
            continue  # impact windows, action items, a section of its own ("Incident 2: ...") keep their lists
        found = next((block for block in part.blocks if _timed(state, block)), None)
        if found is None:
            continue
        rest = [block for block in part.blocks if block is not found]
        if not rest and not part.children:
            assigned[index] = (part, "timeline")
            state.inferred.append(f"'{part.title}' read as the timeline: it is a list of timed entries")
            return
        part.blocks = rest
        assigned.insert(index + 1, (Part(part.title, part.level, found.line, blocks=[found]), "timeline"))
        state.inferred.append(
            f"the timed list under '{part.title}' (line {found.line}) read as the timeline; the rest of the "
            f"section stays {target.replace('_', ' ') if target else 'as written'}"
        )
        return
