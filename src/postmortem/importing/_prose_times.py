"""Timeline events from times written inside prose sentences, for a document with no timed block.

A narrative post-mortem (a letter, a blog post, a council report) tells its timeline in
sentences: "At 05:40 the chiller tripped.", "The alarm called the engineer at 05:52.", "By 06:50
the plant was running again." Where the document has no timeline heading and no list, table or
log of timed entries, each such sentence is an event at its time, the sentence its description.

Only a clock time after "at", "by", "around", "about" or "approximately" makes an event. A
sentence is not one when it gives a span ("between 10:05 and 16:40", "10:05-16:40"), a schedule
("every night at 02:00"), or a time that has not happened or might not ("would", "will", "if",
"should"); nor when it is a byline with barely any words ("Ana Ruiz · 9 Nov at 09:14"), nor the
writers' comment in the present ("We note that ... at 10:15", "We thank X, who ... at 05:30"). The
sentence stays in its section as written: the event is a reading of it, not a move.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import attrs

from postmortem.importing._build_state import _Event, _State
from postmortem.importing._document import Block
from postmortem.importing._four_digits import FOUR_DIGIT_AT, reads_four_digit_clocks
from postmortem.importing._times import find_date, leading_time, resolve

__all__ = ["prose_events"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(*_]?[A-Z0-9])")
# "at 14:05", "At about 19:40", "by 06:50", "around 9:10 UTC"; a colon or "h" (09h12) between the parts.
_AT_TIME = re.compile(
    r"\b(?i:at|by|around|about|approximately|approx\.)\s+(?:(?i:about|around|approximately)\s+)?"
    r"(?P<time>(?:[01]?\d|2[0-3])(?::|h)[0-5]\d(?::[0-5]\d)?(?![\d:.]\d))"
)
# A span: "between 10:05 and 16:40" ("between floors" is no span), "10:05-16:40", "10:05 to 16:40".
# "between 2.1 and 4.8 tonnes" is a span of readings, not of times.
_SPAN = re.compile(
    r"\b(?i:between)\s+(?:(?i:about|around)\s+|~)?(?:\d{1,2}(?:[:h]\d{2})?|\d{4})(?:\s*(?i:[ap]\.?m\.?))?"
    r"\s*(?:-|–|—|(?i:and|to)\b)"
    r"|\d(?::|h)[0-5]\d\s*(?:-|–|—|(?i:to|until|till|and))\s*~?\d{1,2}(?::|h)\d{2}"
)
# "normally" at a clause's end says how something went ("the doors opened normally"), not a habit.
_NOT_HAPPENED = re.compile(
    r"\b(?i:every|each|daily|nightly|weekly|usually|always|typically|routinely|scheduled|would|will|"
    r"could|should|might|if|unless|planned|expected|once a)\b|'ll\b|\b(?i:normally)\b(?!\s*(?:[.,;!)]|$))"
)
# What happened is told in the past ("fired", "was paged", "rang", "had aborted"); a sentence in
# the present with no time before it states how things are ("The checklist starts at 06:00").
# A sentence that opens with its time may tell it in the present ("At 14:05 the pager fires").
_PAST = re.compile(
    r"\b(?i:\w{2,}ed|was|were|had|did|got|went|came|found|made|took|told|rang|sent|left|began|saw|caught|"
    r"brought|kept|gave|ran|woke|shut|lost|paid|spoke|wrote|fell|rose|broke|stood|heard|felt|knew|held|led|met|"
    r"drove|flew|grew|threw|drew|became|gone|done|seen|been|hung|struck|stuck|sold|bought|fought|sought|"
    r"thought|taught|spent|built|sent|lit|quit|split|spread|swung|understood|withdrew|overran|froze|chose|"
    r"rebuilt|reran|resent|restarted|reset|set|put|cut|hit|let)\b"
)
# The writers commenting now ("We also note that ...: it was the assistant who raised it at 10:15",
# "We thank the analyst, who raised the alert at 11:40", "The facility thanks the officer, who ..."):
# a subject, then a verb of saying, judging or thanking in the present. The time is in a clause the
# comment is about; what happened then is told (or not) where the document tells its events.
_COMMENT = re.compile(
    r"^[\"“(*_]*(?:we|i|(?:the|our)(?:\s+[\w-]+){1,3}?)\s+(?:also\s+|further\s+|again\s+)?"
    r"(?:note|thank|accept|agree|acknowledge|recogni[sz]e|commend|observe|consider|believe|conclude|recommend|"
    r"welcome|remind|appreciate|question|want to thank)s?\b",
    re.IGNORECASE,
)
_OPENS_WITH_TIME = re.compile(r"^[\"“(*_]*(?i:at|by|around|about|approximately)\s+(?:(?i:about|around)\s+)?\d")
_MIDNIGHT_GAP = timedelta(hours=12)
# "since about 18:30", "until 09:00", "before 10:00": how long or by when, not when something happened.
_NOT_A_MOMENT = re.compile(r"\b(?i:since|until|till|before|after|from)\s+$")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# What opens a second clause between two times of one sentence ("... at 07:12 and again at 07:40").
_NEXT_CLAUSE = re.compile(r"\b(?i:and|then|but|later)\b|[,;]")
_AGAIN = re.compile(r"\b(?i:again)\b")
# An e-mail's line above a quoted message.
_ATTRIBUTION = re.compile(r"\b(?i:wrote|schrieb|a écrit|escribió)\s*:")
_FEWEST_WORDS = 2
_LONGEST = 2_000  # characters of a sentence read for a time; longer runs are not sentences


def prose_events(state: _State, groups: Iterable[tuple[date | None, Sequence[Block]]]) -> list[_Event]:
    """Events from the sentences of the blocks (paragraphs and list items) that say what happened when.

    Args:
        state: The import's state (the document's date and zone, the synonym table).
        groups: The blocks to read, in document order, each group with the date its section is of.

    Returns:
        The events, in document order; a date written in an event's sentence dates it and the events after it.
    """
    events: list[_Event] = []
    seen: set[datetime] = set()
    day = state.doc_date
    for group_day, blocks in groups:
        if group_day != state.doc_date:
            day = group_day
        events += _group_events(state, blocks, day, seen)
        day = events[-1].time.date() if events and group_day == state.doc_date else day
    return events


# "today", "this morning", "yesterday", "last night" in an e-mail: days counted from when its message was sent.
_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))|(?P<yesterday>yesterday|last\s+night))\b",
    re.IGNORECASE,
)


def _relative_day(state: _State, sentence: str, line: int) -> date | None:
    """The day "today" or "yesterday" names in an e-mail: from the sending date of the message it is in.

    A thread's messages each have theirs (the e-mail's ``Date:``, a quoted message's ``Sent:``);
    the sentence is in the last message that starts before its line.
    """
    if not state.sent_days:
        return None
    found = _RELATIVE_DAY.search(sentence)
    sent = [day for at, day in state.sent_days if at <= line]
    if found is None or not sent:
        return None
    return sent[-1] - timedelta(days=1 if found.group("yesterday") else 0)


def _group_events(state: _State, blocks: Sequence[Block], day: date | None, seen: set[datetime]) -> list[_Event]:
    """The events of one section's blocks; a clock time that goes back is the next day only inside a section."""
    events: list[_Event] = []
    for first_line, text, is_item in _texts(blocks):
        line = first_line
        count_before = len(events)
        event_start = 0
        starts = [0] + [found.end() for found in _SENTENCE_END.finditer(text)]
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            # The line a sentence starts on: the newlines since the sentence before, counted once (linear).
            line += text.count("\n", starts[index - 1], start) if index else 0
            sentence = " ".join(text[start:end].split())
            if not sentence or len(sentence) > _LONGEST:
                continue
            written_day = find_date(sentence, day) or _relative_day(state, sentence, line)
            told = _events(state, sentence, written_day or day, line)
            if not told:
                continue  # a date in a sentence with no event ("moved on 18 November") dates nothing after it
            day = written_day or day
            for event in told:
                previous = events[-1] if events else None
                if written_day is None and previous is not None and event.time < previous.time:
                    # "At 17:12 on Friday a change went out. A report at 00:20 was escalated ...": a
                    # clock time earlier than the sentence before, within 12 hours of it the next day.
                    later = resolve(event.when, (day or event.time.date()) + timedelta(days=1), state.doc_zone)
                    if later is not None and later - previous.time <= _MIDNIGHT_GAP:
                        event.time = later
                        day = later.date()
                if event.time in seen:
                    continue  # the same minute told again ("Marek said he saw it at 07:35"): one event
                seen.add(event.time)
                events.append(event)
                event_start = start
        if is_item and len(events) == count_before + 1:
            # A list item is one entry (a retro card, a note): its event runs from the sentence with the
            # time to the item's end, so what the item says after it ("... didn't say anything. Again.")
            # stays with it.
            events[-1].description = " ".join(text[event_start:].split())
    return events


def _texts(blocks: Iterable[Block]) -> Iterable[tuple[int, str, bool]]:
    """Each paragraph and top-level list item: its first line, its text, and whether it is an item."""
    for block in blocks:
        if block.kind == "paragraph":
            yield block.line, block.text, False
        elif block.kind == "list":
            for item in block.items:
                if not item.depth:
                    yield item.line, item.text, True


def _events(state: _State, sentence: str, day: date | None, line: int) -> list[_Event]:
    """The sentence's event, and one more for each later clause with a time of its own.

    "The controller restarted at 07:12 and again at 07:40", "At 09:50 the range was blocked and
    the queue drained by 10:30": a time after "and", "then", "but", a comma or a semicolon is a
    second thing that happened when a verb in the past ("and the queue drained by 10:30") or
    "again" comes before it; the sentence is each event's description.
    """
    told = sentence
    if reads_four_digit_clocks():
        # "At 0938 the winch operator saw ...", in a document that writes its times that way: read as 09:38.
        sentence = FOUR_DIGIT_AT.sub(lambda m: f"{m.group(0)[:-2]}:{m.group(0)[-2:]}", sentence)
    found = _AT_TIME.search(sentence)
    if found is None or sentence.endswith("?") or _SPAN.search(sentence) or _NOT_HAPPENED.search(sentence):
        return []  # a question asks about the time ("Why was it pushed at 05:58?"); the answer says it
    if _ATTRIBUTION.search(sentence):
        return []  # "On Wed, 6 May 2026 at 19:02, Ines <...> wrote:": who sent a quoted message, and when
    if not _OPENS_WITH_TIME.match(sentence) and (not _PAST.search(sentence) or _COMMENT.match(sentence)):
        return []
    words = _LOWER_WORD.findall(sentence)
    if len([word for word in words if word not in ("at", "by", "around", "about", "approximately")]) < _FEWEST_WORDS:
        return []  # "Ana Ruiz · 9 Nov 2026 at 09:14": who wrote when, not what happened
    events: list[_Event] = []
    end = 0
    for index, found in enumerate(_AT_TIME.finditer(sentence)):
        between = sentence[end : found.start()]
        if index and not (_NEXT_CLAUSE.search(between) and (_PAST.search(between) or _AGAIN.search(between))):
            break  # "at 14:05, 20 minutes after the page at 13:45", "and the fault at 14:18 means": context
        end = found.end()
        if _NOT_A_MOMENT.search(sentence[max(0, found.start() - 12) : found.start()]):
            if index:
                continue
            return []
        event = _event_at(state, sentence, found, day, line)
        if event is not None:
            event.description = told
        if event is not None and (not events or event.time > events[-1].time):
            events.append(event)
    return events


def _event_at(state: _State, sentence: str, found: re.Match[str], day: date | None, line: int) -> _Event | None:
    when = leading_time(found.group("time").replace("h", ":") + sentence[found.end("time") :], state.table, day)
    if when is None or when.clock is None:
        return None
    if re.search(r"\b(?i:about|around|approximately|approx\.)\s", found.group(0)):
        when = attrs.evolve(when, approximate=True)
    time = resolve(when, day, state.doc_zone)
    if time is None:
        return None
    return _Event(when, time, sentence, line)
