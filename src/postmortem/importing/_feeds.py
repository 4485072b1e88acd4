"""Status page update streams and tracker activity feeds, read as lists of timed entries.

A status page's incident history writes each update as a paragraph: its status word
("Investigating", "Identified", "Update", "Monitoring", "Resolved"), what it said, and when it was
posted (``Posted Dec 3, 2026 - 14:05 UTC``, ``December 9, 2026 at 3:41 PM UTC``, or after the word:
``**Resolved** | Nov 18, 2026, 10:52 CET``), newest first. A tracker card's activity feed writes
each change as a line naming who did what and when (``Ama Owusu changed status from Todo to In
Progress · 3 Dec 14:02``; Azure DevOps puts the time on the next line), a comment's text on the lines
or quoted block after it. Each run is written as one list, oldest entry first, each entry opening with
its date and time, so that the timeline readers read it as they read any timed list; its Markdown is
the run as written, kept where it is not the timeline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from postmortem.importing._build_state import _State
from postmortem.importing._build_timeline import _FEWEST
from postmortem.importing._document import Block, Item
from postmortem.importing._table import Table
from postmortem.importing._times import When, leading_time

__all__ = ["activity_feeds", "status_updates"]

# "Posted Dec 3, 2026 - 14:05 UTC", "Posted 2 days ago. Dec 03, 2026 - 14:05 UTC", "Updated on ...".
_POSTED = re.compile(
    r"^(?:posted|updated|published)(?:\s+on)?\s+(?:(?:about\s+)?(?:\d{1,3}|an?|one)\s+[a-z]{3,7}\s+ago\.?\s+)?",
    re.IGNORECASE,
)
# "Dec 3, 2026 - 14:05": the dash between a date and its time (Statuspage).
_DATE_DASH_TIME = re.compile(r"(\d{4}),?\s+[-–—]\s+(?=\d{1,2}:\d{2})")
# A date written without a year is read in some year to know it is a date; the entry keeps it as written.
_SOME_DAY = date(2000, 1, 1)
_LONGEST_STAMP = 60


def _stamp(table: Table, line: str, *, tail: bool = False) -> tuple[str, When, str] | None:
    """A date and clock time that is the whole line (or, with *tail*, its start before a colon).

    Returns the stamp as the timeline readers read it, its time, and what follows it.
    """
    written = _POSTED.sub("", line.strip().strip("*_").strip(), count=1)
    if not tail and len(written) > _LONGEST_STAMP:
        return None
    start = _DATE_DASH_TIME.sub(r"\1 ", written[:_LONGEST_STAMP], count=1)
    when = leading_time(start, table, _SOME_DAY)
    if when is None or when.day is None or when.clock is None:
        return None
    head, rest = start[: when.end], (start[when.end :] + written[_LONGEST_STAMP:]).strip()
    if rest.strip(" .") and not (tail and (head.rstrip().endswith(":") or rest.startswith(":"))):
        return None  # more after the time; on an activity line, a comment after a colon
    return head.strip().rstrip(",:-–— "), when, rest.lstrip(":. ").strip()


def _order(when: When) -> tuple[date, tuple[int, int, int]]:
    return when.day or _SOME_DAY, when.clock or (0, 0, 0)


def _as_list(run: Sequence[Block], entries: list[tuple[When, str, int]]) -> Block:
    """The run as one list, its entries oldest first (a status page writes the newest first)."""
    ordered = sorted(entries, key=lambda entry: _order(entry[0]))
    items = tuple(Item(text, text, text, None, line, 0) for _when, text, line in ordered)
    return Block("list", run[0].line, "\n\n".join(block.markdown for block in run), items=items)


# ----------------------------------------------------------------------------- status pages

# "Resolved - ...", "**Resolved** · ...", "Resolved | Nov 18, 2026, 10:52 CET", "Resolved" alone.
_STATUS_LINE = re.compile(
    r"^(?P<status>[A-Za-z][A-Za-z'-]{1,20}(?:\s[A-Za-z][A-Za-z'-]{1,20})?)\s*(?:[-–—·•|:]\s*(?P<rest>.*))?$"
)
_FEWEST_UPDATES = 2


def _update(table: Table, block: Block) -> tuple[When, str] | None:
    """A status page update: its time and its entry (``<date time> <Status>: <what it said>``)."""
    if block.kind != "paragraph":
        return None
    lines = [line.strip() for line in block.text.strip().split("\n") if line.strip()]
    found = _STATUS_LINE.match(lines[0]) if lines else None
    if found is None or found.group("status").casefold() not in table.status_words:
        return None
    status, rest = found.group("status"), (found.group("rest") or "").strip()
    said = lines[1:]
    stamp = _stamp(table, rest) if rest else None
    if stamp is None:
        said = [rest, *said] if rest else said
        if said and (stamp := _stamp(table, said[-1])) is not None:
            said = said[:-1]  # "Posted Dec 3, 2026 - 14:05 UTC" under the update (Statuspage, Instatus)
        elif said and (stamp := _stamp(table, said[0])) is not None:
            said = said[1:]  # the time on the line after the status word
    if stamp is None or any(_stamp(table, line) for line in said):
        return None
    text = " ".join(said)
    return stamp[1], f"{stamp[0]} {status}: {text}" if text else f"{stamp[0]} {status}"


def status_updates(state: _State, blocks: list[Block]) -> list[Block]:
    """Two updates or more of a status page in a row: one list of timed entries, oldest first.

    Each entry's event is a status update (``status_update``); its status word opens its
    description, where the milestones read it ("Resolved").
    """
    out: list[Block] = []
    run: list[tuple[Block, When, str]] = []

    def close() -> None:
        if len(run) >= _FEWEST_UPDATES:
            out.append(_as_list([block for block, *_ in run], [(when, text, block.line) for block, when, text in run]))
            state.status_lines.update(block.line for block, *_ in run)
            state.streams.add(run[0][0].line)
            state.stream_entries.update(block.line for block, *_ in run)
        else:
            out.extend(block for block, *_ in run)
        run.clear()

    for block in blocks:
        update = _update(state.table, block)
        if update is None:
            close()
            out.append(block)
        else:
            run.append((block, *update))
    close()
    return out


# ----------------------------------------------------------------------------- activity feeds

# "Ama Owusu changed ...", "mkowalski added ...", "Lena Vogel commented": who (a name of up to three
# capitalised words, or a handle) and a verb in the past.
_WHO_DID = re.compile(r"^(?P<who>@?[\w.'’-]{2,40}(?:\s[A-Z][\w.'’-]{0,30}){0,2})\s+(?P<verb>[a-z]{2,20})\b")
_PAST = frozenset({"set", "made", "wrote", "ran", "left", "put", "sent", "took", "gave", "began", "did"})
# Where the time starts on an entry's line: after " · ", " — ", " - ", " | ", ", " or " on ".
_BEFORE_TIME = re.compile(r"\s+[·•—–|-]\s+|,\s+|\s+on\s+")
_LONGEST_ENTRY = 300


def _entry(table: Table, line: str) -> tuple[str, When, str] | None:
    """An activity line with its time: the entry (``<date time> <who did what>``), its time, its text."""
    if len(line) > _LONGEST_ENTRY:
        return None
    did = _WHO_DID.match(line)
    if did is None or not (did.group("verb").endswith("ed") or did.group("verb") in _PAST):
        return None
    for separator in _BEFORE_TIME.finditer(line, did.end()):
        stamp = _stamp(table, line[separator.end() :], tail=True)
        if stamp is not None:
            return f"{stamp[0]} {line[: separator.start()].strip()}", stamp[1], stamp[2]
    return None


def _who_did(line: str) -> bool:
    did = _WHO_DID.match(line)
    return did is not None and (did.group("verb").endswith("ed") or did.group("verb") in _PAST)


def _feed_entries(table: Table, block: Block) -> list[tuple[When, list[str], int]] | None:
    """The entries of a paragraph that opens an activity feed's entry, else ``None``.

    A line naming who did what and when opens an entry (so does such a line without a time
    followed by a line that is only a time, as Azure DevOps writes); other lines are the text of
    the entry before them (a comment's words, ``: File removed ...``).
    """
    if block.kind != "paragraph":
        return None
    lines = [line.strip() for line in block.text.strip().split("\n")]
    entries: list[tuple[When, list[str], int]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _entry(table, line)
        after = _stamp(table, lines[index + 1]) if found is None and index + 1 < len(lines) else None
        if found is not None:
            entries.append((found[1], [found[0], found[2]], block.line + index))
        elif after is not None and _who_did(line):
            entries.append((after[1], [f"{after[0]} {line}"], block.line + index))
            index += 1
        elif entries:
            entries[-1][1].append(line)
        else:
            return None
        index += 1
    return entries


def _entry_text(words: list[str]) -> str:
    head, *said = [word for word in words if word]
    text = " ".join(said).lstrip(":").strip()
    return f"{head}: {text}" if text else head


def activity_feeds(state: _State, blocks: list[Block]) -> list[Block]:
    """Three activity entries or more in a row (a tracker card's feed): one list of timed entries.

    The entries come one a line in a paragraph, or one a paragraph; a quoted block after an entry
    is its comment's text.
    """
    out: list[Block] = []
    run: list[Block] = []
    entries: list[tuple[When, list[str], int]] = []

    def close() -> None:
        if len(entries) >= _FEWEST:
            out.append(_as_list(run, [(when, _entry_text(words), line) for when, words, line in entries]))
            state.streams.add(run[0].line)
            state.stream_entries.update(line for _when, _words, line in entries)
        else:
            out.extend(run)
        run.clear()
        entries.clear()

    for block in blocks:
        found = _feed_entries(state.table, block)
        if found:
            run.append(block)
            entries.extend(found)
        elif entries and block.kind == "quote":
            run.append(block)
            quoted = block.text or re.sub(r"(?m)^\s*>\s?", "", block.markdown)
            entries[-1][1].append(" ".join(quoted.split()))
        else:
            close()
            out.append(block)
    close()
    return out
