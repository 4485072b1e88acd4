"""Milestones read from what the document says around its timeline (round 20).

Two readings the timeline's words alone do not give:

- **A start the text states.** A status page's history or an activity feed starts when someone
  told of the incident, and events read from sentences start where a sentence gives a point in
  time; the report's own words often say when the impact began before that ("Between 15:04 and
  16:15 UTC about 18% of requests failed", "Documents uploaded since about 07:40 do not show up",
  "From roughly 07:40 ..."). Such a time is the start where it is before the first event, on its
  day (no other date in the sentence or its section's heading), and, for a span, the span reaches
  the first event ("between 06:10 and 07:40 she handled ..." before a first event at 10:40 is
  another span of the day). A timeline the team wrote keeps its first event as the start.
- **A status page's stream.** Its status words say where the incident stood: the first update
  whose word says the fix is in and being watched ("Monitoring", "Watching", "Verifying",
  "Mitigated") is where the impact stopped, the first that says it is over ("Resolved",
  "Fixed", "Completed", "Closed") when it was resolved, whatever the update's text says. The model
  has no milestone for "Identified"; that update stays an event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from postmortem.importing._build_state import _Event, _State
from postmortem.importing._times import When, find_date, leading_time, resolve

__all__ = ["stated_start", "stream_milestones", "summary_start"]

# "from 15:04", "since about 07:40", "between 15:04 and ...", "starting at roughly 3:04 PM", "as of ~07:40".
# Bounded quantifiers and no nesting: linear in the text's length.
_START_PHRASE = re.compile(
    r"\b(?P<word>from|since|between|starting(?:\s{1,3}at)?|beginning(?:\s{1,3}at)?|as\s{1,3}of)\s{1,3}"
    r"(?=(?:(?:about|around|roughly|approximately|approx\.|circa|ca\.|~)\s{0,3})?\d{1,2}[:.h]\d{2}(?!\d))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# "No duplicates since", "no errors from", "none since": a clause saying the trouble is over.
_DENIED = re.compile(r"\b(?:no|none|nothing|zero)\b[^.;:!?]{0,30}$", re.IGNORECASE)
_PROSE_FIELDS = ("summary", "impact")


def _texts(state: _State, events: Sequence[_Event], first: _Event, *, stream: bool) -> Iterable[tuple[str, str]]:
    """The texts that may state the start, with where each was read (for the report).

    Under a status page's updates or an activity feed, the report or description added to them
    (any section); where the events were read from sentences, the summary and the impact, which
    tell the incident (a "Key points" list's "nobody watches the screen between 06:00 and ..."
    tells a habit). An event of a later day than the first ("No duplicates since 11:26." in a
    comment of the next morning) tells of its own day.
    """
    for event in events:
        if event.time.date() == first.time.date():
            yield event.description, f"the timeline event at line {event.line}"
    for name in _PROSE_FIELDS:
        for heading, body in state.prose.get(name, []):
            yield body, f"'{heading}'"
    if stream:
        for section in state.sections:
            yield section.body, f"'{section.title}'"


def stated_start(state: _State, first: _Event, events: Sequence[_Event]) -> tuple[datetime, When, str] | None:
    """The earliest start the text states before the first event, on its day: its time, as written, where read.

    Only where the timeline is a status page's updates or an activity feed, or was read from sentences.

    Args:
        state: The import's state (the prose read, the free-form sections).
        first: The first timeline event.
        events: The timeline's events (their descriptions are read too).
    """
    stream = all(event.line in state.stream_entries for event in events)
    if not (stream or state.events_from_prose):
        return None
    best: tuple[datetime, When, str] | None = None
    for text, where in _texts(state, events, first, stream=stream):
        if len(text) > _LONGEST_TEXT:
            continue
        for match in _START_PHRASE.finditer(text):
            if _DENIED.search(text, max(0, match.start() - 40), match.start()):
                continue  # "No duplicates since 11:26": when the trouble ended, not when it began
            stated = _stated(state, text, match, first)
            if stated is None:
                continue
            time, when = stated
            sentence = next(s for s in _SENTENCE_END.split(text[match.start() : match.start() + 400]) if s)
            if find_date(sentence, first.time.date()) not in (None, first.time.date()):
                continue  # "From 06:02 to 09:14 on Sunday 8 March": that day's, not the first event's
            if best is None or time < best[0]:
                best = (time, when, f"as {where} states ('{_short(sentence)}')")
    return best


_LONGEST_TEXT = 200_000  # nothing a post-mortem writes in one section; a pasted log states no start
# "and 16:15 UTC", "to 16:15", "- 16:15", "until 16:15": the end of a span after its start.
_SPAN_END = re.compile(r"\s{0,3}(?:and|to|until|till|[-–—])\s{1,3}", re.IGNORECASE)


def _stated(state: _State, text: str, phrase: re.Match[str], first: _Event) -> tuple[datetime, When] | None:
    """The start ``phrase`` opens, on the first event's day, where it is before it and its span reaches it."""
    at = phrase.end()
    when = leading_time(text[at : at + 60], state.table, first.time.date())
    if when is None or when.clock is None or when.day is not None:
        return None  # a date with it ("from 3 March") is another kind of statement
    end = _SPAN_END.match(text, at + when.end, at + when.end + 12)
    until = leading_time(text[end.end() : end.end() + 60], state.table, first.time.date()) if end else None
    if until is not None and until.day is not None:
        until = None
    if until is None and phrase.group("word").casefold() == "between":
        return None  # "between 06:00 and the 09:30 round": no span this reading can check
    zone = when.zone or (until.zone if until is not None else None)
    time = _on_the_day(when.clock, zone, first)
    if time is None or not time < first.time or time.date() != first.time.date():
        return None
    if until is not None and until.clock is not None:
        ends = _on_the_day(until.clock, zone, first)
        if ends is None or ends < first.time:
            return None  # a span over before the first event: another part of the day
    return time, when


def _on_the_day(clock: tuple[int, int, int], zone: str | None, first: _Event) -> datetime | None:
    """A clock time on the first event's day, in the zone written or else the first event's."""
    hour, minute, second = clock
    if zone is None:
        try:
            return first.time.replace(hour=hour, minute=minute, second=second)
        except ValueError:
            return None
    written = When(first.time.date(), clock, zone, False, "minute", 0)
    return resolve(written, first.time.date(), None)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _status_word(state: _State, event: _Event) -> str | None:
    """The status word an update's description opens with ("Monitoring: ..."), lower case."""
    if event.line not in state.status_lines:
        return None
    word = event.description.split(":", 1)[0].strip().casefold()
    return word if word in state.table.status_words else None


def stream_milestones(state: _State, events: Sequence[_Event]) -> dict[str, _Event]:
    """Where a status page's updates say the impact stopped and the incident ended, by their status words."""
    found: dict[str, _Event] = {}
    for event in sorted(events, key=lambda event: event.time):
        word = _status_word(state, event)
        if word is None:
            continue
        for name in ("mitigated", "resolved"):
            if word in state.table.status_milestones.get(name, ()) and name not in found:
                found[name] = event
    if "resolved" in found and "mitigated" not in found:
        found["mitigated"] = found["resolved"]  # resolved with no update between: the impact ended then at the latest
    return found


# "From 08:40 UTC on 2 December 2026 pipelines ...", "Since 07:40, ...": where a summary says the trouble began.
_SUMMARY_START = re.compile(r"\b(?:from|since|starting(?:\s{1,3}at)?|beginning(?:\s{1,3}at)?)\s{1,3}", re.IGNORECASE)


def summary_start(state: _State, ordered: Sequence[_Event]) -> _Event | None:
    """The timeline event a summary says the trouble began at, where it is not the first (round 25).

    A GitLab issue's summary says "From 08:40 UTC on 2 December 2026 pipelines ... failed", and its
    timeline opens with a clean-up job skipped the night before: the start is the 08:40 event, the
    skipped job a cause. Only a time the summary gives that is a later event's time, on its day.
    """
    if len(ordered) < 2:
        return None
    for _heading, body in state.prose.get("summary", []):
        if len(body) > _LONGEST_TEXT:
            continue
        for match in _SUMMARY_START.finditer(body):
            if _DENIED.search(body, max(0, match.start() - 40), match.start()):
                continue
            when = leading_time(body[match.end() : match.end() + 60], state.table, ordered[0].time.date())
            if when is None or when.clock is None:
                continue
            sentence = next(s for s in _SENTENCE_END.split(body[match.start() : match.start() + 400]) if s)
            day = when.day or find_date(sentence, ordered[0].time.date())
            for event in ordered[1:]:
                same_day = day is None or event.time.date() == day
                if same_day and (event.time.hour, event.time.minute) == when.clock[:2]:
                    return event
    return None
