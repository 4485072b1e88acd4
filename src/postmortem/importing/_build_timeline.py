"""Reading timeline events from lists and tables."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from postmortem import model
from postmortem.importing._build_meta import _span_start
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
from postmortem.importing._chat import chat_lines
from postmortem.importing._document import THREAD_NUMBER, Block, Cell, Item, Part
from postmortem.importing._table import parenthesis
from postmortem.importing._times import (
    When,
    find_date,
    leading_time,
    ordinal_day,
    resolve,
    trailing_day_marker,
    zone_note,
)


def _timeline(state: _State, part: Part) -> None:
    zone = None
    inner = parenthesis(part.title)
    if inner:
        zone = state.table.zone(inner) or zone_note(f"times {inner}", state.table)
        if zone:
            state.zones_seen.append(zone)
    day = _parenthesis_day(state, part.title, inner) or state.doc_date
    leftovers: list[str] = []
    count_before = len(state.events)

    def walk(node: Part, day: date | None, zone: str | None) -> None:
        for block in node.blocks:
            lines = _timed_lines(state, block, day)
            if lines is not None:
                _timeline_list(state, attrs.evolve(block, kind="list", items=tuple(lines)), day, zone, leftovers)
                continue
            if block.kind in ("code", "quote") and _timeline_chat(state, block, day, zone, leftovers):
                continue
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
            child_day, child_zone, dated = _heading_day(state, child, day, zone)
            if not dated:
                leftovers.append(child.heading)
            elif dated == "date" and _says_more(state, child.title, day):
                # "### 2026-10-01 18:05 Sent to the whole list": a log entry written as a heading is an entry.
                entry = Item(child.title, child.title, child.title, None, child.line, 0)
                _timeline_list(
                    state, Block("list", child.line, f"- {child.title}", items=(entry,)), day, zone, leftovers
                )
            day = child_day if dated == "diary" else day
            walk(child, child_day, child_zone)

    walk(part, day, zone)
    if len(state.events) == count_before:
        state.inferred.append(f"'{part.title}': no timeline entries with a time; kept as written")
    if leftovers:
        title = part.title if len(state.events) == count_before else f"{part.title} (notes)"
        state.sections.append(FreeSection(title, "\n\n".join(leftovers)))


def _says_more(state: _State, title: str, day: date | None) -> bool:
    """Whether a heading that opens with a time goes on with words of its own (an entry, not a date)."""
    when = leading_time(title, state.table, day)
    return when is not None and when.clock is not None and bool(re.search(r"[^\W\d_]{2,}", title[when.end :]))


def _parenthesis_day(state: _State, title: str, inner: str | None) -> date | None:
    """The date a timeline heading's parenthesis names (a span's first day: "night of 2-3 October 2026").

    The entries' day, not the write-up's; a parenthesis without a month or an ISO date ("(UTC)",
    "(1/2)") names none.
    """
    if not inner or not re.search(r"[A-Za-z]{3}|\d{4}-\d{2}-\d{2}", inner):
        return None
    day = _span_start(inner, state.doc_date) or find_date(inner, state.doc_date)
    if day is not None:
        state.inferred.append(f"timeline: times read on {day.isoformat()} from its heading '{title}'")
    return day


def _heading_day(state: _State, child: Part, day: date | None, zone: str | None) -> tuple[date | None, str | None, str]:
    """The date and zone of a subheading's entries, and how the heading dated them ("" when it did not).

    A date heading ("2026-10-05", "Tue 14 Mar (CET)") gives its date and zone; a diary's day
    ("Monday 3rd") is the first such day from the date before it, and dates the days after it;
    any other heading keeps the date and may name the zone in a parenthesis.
    """
    heading_time = leading_time(child.title, state.table, day)
    if heading_time is not None and heading_time.day is not None:
        return heading_time.day, heading_time.zone or zone, "date"
    diary_day = ordinal_day(child.title, day)
    if diary_day is not None:
        return diary_day, zone, "diary"
    inner_zone = parenthesis(child.title)
    return day, (state.table.zone(inner_zone) if inner_zone else None) or zone, ""


# "INFO: 2026-10-30 00:40: ...", "#info 00:40 ...": a meeting bot's or tracker's tag before an entry.
_TAG = re.compile(r"^(?:[A-Z]{3,10}|#[a-z]{3,10}):?\s+(?=~?\d)")


def _untagged(state: _State, items: Sequence[Item], day: date | None) -> tuple[Item, ...]:
    """The entries without a tag before their time, where the entries are timed only after it."""
    stripped = [
        attrs.evolve(item, text=_TAG.sub("", item.text, count=1), markdown=_TAG.sub("", item.markdown, count=1))
        for item in items
    ]
    timed = sum(1 for item in items if leading_time(item.text, state.table, day) is not None)
    timed_after = sum(1 for item in stripped if leading_time(item.text, state.table, day) is not None)
    return tuple(stripped) if timed_after > timed else tuple(items)


def _timeline_list(state: _State, block: Block, day: date | None, zone: str | None, leftovers: list[str]) -> None:
    placed: list[_Placed] = []
    block = attrs.evolve(block, items=_untagged(state, block.items, day))
    # In a list whose entries write their own times or dates, an entry that writes neither ("By then
    # all six nodes were full.") says more about the one before: it is kept as written, not an event
    # at midnight. Only a list of untimed entries under a date (a heading "2026-10-05") is that day's;
    # an entry that opens with a time the import cannot read ("25:10") is warned, as before.
    own_times = any(leading_time(item.text, state.table, day) is not None for item in block.items if not item.depth)
    for item in block.items:
        if item.depth:
            continue
        if own_times and leading_time(item.text, state.table, day) is None and not _TIME_LIKE.match(item.text):
            leftovers.append(f"- {item.markdown}")
            continue
        event = _event_from_text(state, item.text, item.markdown, item.line, day, zone)
        if event is None:
            leftovers.append(f"- {item.markdown}")
            continue
        placed.append(_Placed(event, day, zone))
        state.events.append(event)
        if event.when.zone is not None and zone is None and state.doc_zone is None:
            # "13:00 CET: ..." then "13:06: ...": where nothing else names the zone, the first
            # entry that writes one names it for the entries after it.
            zone = event.when.zone
        if event.when.day is not None:
            # "22/06 23:50 ..." then "00:20 ...", or "10.11: ..." then "Clean point: ...": the
            # entries after a dated one are on its date.
            day = event.when.day
    _in_order(state, placed)


_RELATIVE_DAY = re.compile(r"(today|yesterday)\s+", re.IGNORECASE)


def _timeline_chat(state: _State, block: Block, day: date | None, zone: str | None, leftovers: list[str]) -> bool:
    """A chat log or transcript as timeline events, the speaker of each line its actor."""
    quoted = block.kind == "quote"
    found = chat_lines(block.markdown if quoted else block.text, quoted=quoted)
    if found is None:
        return False
    messages, before = found
    if before:
        leftovers.append("\n".join(f"> {line}" if quoted else f"    {line}" for line in before))
    first = block.line if quoted else block.line + 1  # a fenced block's content starts after its fence
    placed: list[_Placed] = []
    for message in messages:
        relative = _RELATIVE_DAY.match(message.time)
        on = day
        if relative is not None:
            # "Today at 14:02" in a chat client's copy: the day is the document's own (the export's
            # date in its header), never the import's clock; without one the message has no date.
            on = day or state.doc_date
            on = on - timedelta(days=1) if on and relative.group(1).casefold() == "yesterday" else on
            text = f"{message.time[relative.end() :]} {message.message}"
        else:
            text = f"{message.time} {message.message}"
        event = _event_from_text(state, text, text, first + message.line, on, zone) if on or not relative else None
        if event is None:
            state.warn(
                first + message.line,
                "$.timeline",
                f"'{message.time}' is not a time the import reads (or the message is empty); the line is kept as "
                "written in the timeline's notes",
            )
            leftovers.append(f"{message.time} {message.speaker}: {message.message}".strip())
            continue
        event.actor = message.speaker
        placed.append(_Placed(event, day, zone))
        state.events.append(event)
    state.inferred.append(f"line {block.line}: a chat log read as {len(placed)} timeline events, the speaker as actor")
    _in_order(state, placed)
    return True


# A timed entry has a figure near its start ("09:12", "**Sat 22:12**", "Mon 26 Oct", "[2026-03-04 ...").
# The fewest timed entries a block reads as a timeline by (two in an incident's own section).
_FEWEST = 3
_DIGIT_NEAR_START = re.compile(r"^.{0,24}\d")
_TIMED_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=~?\d{1,2}:\d{2}(?:\s?[A-Z]{2,5})?:\s)")


def _timed_lines(state: _State, block: Block, day: date | None) -> list[Item] | None:
    """A paragraph of three timed lines or more, as the entries of a list.

    The lines of the paragraph, or, where it is one line, its sentences that open with a time and
    a colon; two thirds of them or more must open with a time.
    """
    if block.kind == "quote":
        if chat_lines(block.markdown, quoted=True) is not None:
            return None  # a chat log: its speakers are read with it
        # Posts of a thread quoted one after another ("> 1/ 09:12 ..."): each line a post, its number left out.
        numbered = [
            (block.line + n, re.sub(r"^\s{0,3}>\s?", "", line)) for n, line in enumerate(block.markdown.splitlines())
        ]
        numbered = [(n, THREAD_NUMBER.sub("", line.strip(), count=1)) for n, line in numbered if line.strip()]
        written = [line for _n, line in numbered]
        if 3 * sum(1 for line in written if _DIGIT_NEAR_START.match(line)) < 2 * len(written):
            return None  # two thirds must open with a time: no line read as Markdown when too few can
        plain = [_plain_inline(line) for line in written]
        lines = [n for n, _line in numbered]
        if len(written) < _FEWEST:
            return None
    elif block.kind != "paragraph":
        return None
    else:
        written = block.markdown.splitlines()
        plain = block.text.splitlines()
        lines = [block.line + n for n in range(len(written))]
    if len(written) < _FEWEST and block.kind == "paragraph":
        # "13:00 CET: qualifiers start. 13:06: the first abort is reported. ...": sentences that
        # each open with a time and a colon, run on in one paragraph.
        written = _TIMED_SENTENCE.split(" ".join(written))
        plain = _TIMED_SENTENCE.split(" ".join(plain))
        lines = [block.line] * len(written)
    if len(written) < _FEWEST or len(written) != len(plain):
        return None
    items = [
        Item(markdown.strip().removesuffix("\\").rstrip(), markdown.strip(), text.strip(), None, line, 0)
        for markdown, text, line in zip(written, plain, lines, strict=True)
    ]
    timed = sum(1 for item in items if leading_time(item.text, state.table, day) is not None)
    return items if timed >= 3 and timed * 3 >= len(items) * 2 else None


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
    first (most entries earlier than the one before: a ticket's work notes, a log pasted from a
    tool) is read in time order, oldest first, and the report says so. A written date starts over.
    """
    clocked = [p for p in placed if p.event.when.clock is not None]
    pairs = list(itertools.pairwise(clocked))
    if len(pairs) >= 2 and sum(1 for a, b in pairs if b.event.time < a.event.time) > len(pairs) / 2:
        state.inferred.append(
            f"line {clocked[0].event.line}: the timeline is listed newest first; its {len(placed)} entries are "
            "read in time order, oldest first"
        )
        placed = placed[::-1]
        ours = {id(entry.event) for entry in placed}
        where = [index for index, event in enumerate(state.events) if id(event) in ours]
        for index, entry in zip(where, placed, strict=True):
            state.events[index] = entry.event
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


_DASHED = re.compile(r"\d\s*[-–—]\s*$")
_SPAN_AFTER = re.compile(r"(~?\d{1,2}[:.h]\d{2})(?![\d:.])\s*(?:[-–—:|]\s+)?")


def _event_from_text(
    state: _State, text: str, markdown: str, line: int, day: date | None, zone: str | None, *, cell: bool = False
) -> _Event | None:
    when = leading_time(text, state.table, day, cell=cell)
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
            span = _SPAN_AFTER.match(description) if when.clock and _DASHED.search(text[: when.end]) else None
            if span is not None and description[span.end() :].strip():
                # A shift log's "06:00-06:30  Tripped out": the event at its start, the span's end kept.
                description = f"{description[span.end() :].strip()} (until {span.group(1)})"
        if when.day is None and when.clock is not None and not when.days:
            when = attrs.evolve(when, days=trailing_day_marker(description))
    time = resolve(when, day, zone or state.doc_zone)
    if time is None or not description.strip():
        return None
    return _Event(when, time, description.strip(), line)


def _time_understood(state: _State, when_text: str, day: date | None, line: int, *, cell: bool) -> bool:
    """Whether a timeline table's time cell reads as a time; a warning says what was not read.

    A cell the import cannot read keeps its row as written (in the timeline's notes), never an
    event with its time dropped; so does an empty cell (a row with no time is no event).
    """
    if _empty(when_text):
        state.warn(line, "$.timeline", "a row with no time is kept as written in the timeline's notes")
        return False
    when = leading_time(when_text, state.table, day, cell=cell)
    if when is None:
        state.warn(
            line,
            "$.timeline",
            f"'{when_text}' is not a date or time the import reads; the row is kept as written in the "
            "timeline's notes (write 2026-06-22 19:30, 22/06 19:30 or 19:30)",
        )
        return False
    rest = when_text[when.end :].strip()
    if rest and not _range_end(when_text, when.end, state, day):
        state.warn(line, "$.timeline", f"'{rest}' after the time in '{when_text}' was not read")
    return True


def _range_end(when_text: str, end: int, state: _State, day: date | None) -> str:
    """``08.30`` for a cell ``07.50–08.30``: the end of a span the event is dated by its start."""
    before = when_text[:end].rstrip()
    rest = when_text[end:].strip()
    if not re.search(r"[-–—]$", before) and not re.match(r"(?:to|until)\s", rest):
        return ""
    rest = re.sub(r"^(?:to|until)\s+", "", rest)
    start = leading_time(when_text, state.table, day, cell=True)
    if start is None or start.clock is None or not re.match(r"~?\d{1,2}[:.h]\d{2}", rest):
        return ""  # "1/1-2026" is a date written oddly, not a span of clock times
    when = leading_time(rest, state.table, day, cell=True)
    return rest if when is not None and when.end >= len(rest.rstrip()) else ""


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
    named = "time" in columns or "date" in columns
    if not named:
        found = time_column(state, block, day)
        if found is not None:
            # A column of times under a header the table does not name ("Uhr (MESZ)", "Local"): its
            # parenthesis still names the zone.
            columns["time"] = found
            state.inferred.append(f"timeline: the column '{header[found].text.strip()}' read as the time")
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
    inline = False
    if "time" in columns and columns.get("description") == columns["time"]:
        del columns["description"]  # "| 1 | 10:05 Batch held |" under "No. | Description": the time opens the text
    if "description" not in columns:
        rest = [i for i in range(len(header)) if i not in columns.values()]
        if not rest:
            leftovers.append(block.markdown)
            return
        # A step number ("1", "2" in a HACCP record's "Step" column) keys its row; the description is
        # the column with the most words, or the time cell's own text after its time ("| 1 | 10:05 Held |").
        texts = [i for i in rest if not _row_keys(rows, i)]
        if texts:
            columns["description"] = max(texts, key=lambda i: (_column_words(rows, i), -i))
        elif "time" in columns and _text_after_times(state, rows, columns["time"], day):
            inline = True
            state.inferred.append(f"line {block.line}: each row's description is the text after its time")
        else:
            columns["description"] = rest[0]
    other = [i for i in range(len(header)) if i not in columns.values()]
    extra: list[tuple[str, dict[str, str]]] = []
    placed: list[_Placed] = []
    for number, raw_row in enumerate(rows, start=1):
        row = list(raw_row) + [Cell("", "")] * (len(header) - len(raw_row))
        line = block.line + 1 + number  # the header, the delimiter row, then the rows
        when_text = " ".join(row[columns[role]].text.strip() for role in ("date", "time") if role in columns).strip()
        if inline:
            after = leading_time(when_text, state.table, day, cell=named)
            inline_text, when_text = (
                (when_text[after.end :].strip(), when_text[: after.end].strip()) if after else ("", when_text)
            )
        if not _time_understood(state, when_text, day, line, cell=named):
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        event = _event_from_text(state, when_text, "x", line, day, zone, cell=named)
        if event is None:
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        row_day = day
        if event.when.day is not None:
            # A table that writes the date only when it changes: later rows are on that day.
            day = event.when.day
        description = inline_text if inline else row[columns["description"]].markdown.strip()
        until = _range_end(when_text, event.when.end, state, day)
        if until and description:
            description = f"{description} (until {until})"
        days = trailing_day_marker(description)
        if days and event.when.day is None and event.when.clock is not None and not event.when.days:
            event.when = attrs.evolve(event.when, days=days)
            event.time = resolve(event.when, row_day, zone or state.doc_zone) or event.time
        if _empty(description):
            # "-" under the event column (a swimlane's quiet lane) is no event (it was one, shown as
            # an empty bullet): what the row's other columns say is kept with theirs.
            extra.append((when_text, {header[i].markdown: row[i].markdown for i in other}))
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
        kept = {header[i].markdown: row[i].markdown for i in other}
        if "kind" in columns:
            event.kind = _enum_value(model.EventKind, row[columns["kind"]].text)
            if event.kind is None and not _empty(row[columns["kind"]].text):
                # "Observation" under "Type" names no kind of event: kept with the other columns, not dropped.
                kept[header[columns["kind"]].markdown] = row[columns["kind"]].markdown
        state.events.append(event)
        placed.append(_Placed(event, row_day, zone))
        extra.append((when_text, kept))
    _in_order(state, placed)
    _extra_columns(state, "Timeline: other columns", "Time", extra)


_ROW_KEY = re.compile(r"^\W*(?:(?:step|no|nr|item|row)\.?\s*)?#?\d{1,3}[.)]?\W*$", re.IGNORECASE)


def _row_keys(rows: Sequence[Sequence[Cell]], index: int) -> bool:
    """Whether every cell of a column is a row's number ("1", "2.", "Step 3") or empty."""
    cells = [row[index].text.strip() for row in rows if index < len(row)]
    return any(cells) and all(not cell or _ROW_KEY.match(cell) for cell in cells)


def _column_words(rows: Sequence[Sequence[Cell]], index: int) -> int:
    return sum(len(row[index].text.split()) for row in rows if index < len(row))


def _text_after_times(state: _State, rows: Sequence[Sequence[Cell]], index: int, day: date | None) -> bool:
    """Whether the time cells of a table go on with words after their time ("10:05 Batch held")."""
    found = 0
    for row in rows:
        text = row[index].text if index < len(row) else ""
        when = leading_time(text, state.table, day, cell=True)
        found += when is not None and bool(re.search(r"[^\W\d_]{2}", text[when.end :]))
    return 2 * found > len(rows)


def time_column(state: _State, block: Block, day: date | None) -> int | None:
    """The first column of a table whose every row starts with a time, under any header."""
    rows = [row for row in block.rows[1:] if row]
    if not rows:
        return None
    for index in range(len(block.rows[0])):
        cells = [row[index].text for row in rows if index < len(row)]
        if len(cells) == len(rows) and all(leading_time(text, state.table, day) for text in cells):
            return index
    return None
