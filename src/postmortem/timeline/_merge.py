"""Merging imported events into an incident's timeline: the window, folding duplicates, the report."""

from __future__ import annotations

import bisect
import functools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone

import attrs

from postmortem._events import EventRecords, Record, event_with, known_event, record_second
from postmortem.model import EventKind, Incident, Participant, TimelineEvent
from postmortem.timeline._milestones import MilestoneSuggestion, suggestions_in_order
from postmortem.timeline._people import is_machine, map_actor
from postmortem.timeline._text import description_words, is_resolution, similarity, strip_status

DEFAULT_WINDOW_MARGIN = timedelta(hours=2)
"""How far before the start and after the end of an incident imported events are kept."""

DEFAULT_FOLD_WITHIN = timedelta(minutes=5)
"""How far apart two tools' records of one occurrence may be and still be folded."""

# Kinds whose records two tools duplicate. Chat lines and responder actions are never
# folded: two people saying similar things are two events.
_FOLDABLE = frozenset(
    {
        EventKind.ALERT,
        EventKind.DEPLOY,
        EventKind.CONFIG_CHANGE,
        EventKind.STATUS_UPDATE,
        EventKind.SUPPORT_TICKET,
    }
)

# --------------------------------------------------------------------------- window


def incident_window(incident: Incident, margin: timedelta = DEFAULT_WINDOW_MARGIN) -> tuple[datetime, datetime | None]:
    """Return the span imported events are kept in: start minus margin to end plus margin.

    The end is the last milestone after ``started`` (usually ``resolved``); an incident
    with no later milestone, or an ongoing one, has an open end (``None``).

    Args:
        incident: The incident.
        margin: How much to widen the span on each side.

    Returns:
        ``(since, until)``; ``until`` is ``None`` for an open end.
    """
    end = None if incident.milestones.ongoing else incident.milestones.end
    return incident.milestones.started - margin, None if end is None else end + margin


@attrs.frozen
class TimelineMerge:
    """What :func:`merge_timeline` did.

    Attributes:
        incident: The incident with the merged, sorted timeline.
        origins: For each event of the merged timeline, its index in the incident's
            original timeline, or ``None`` for an added event (used to write the file back
            keeping comments on existing events).
        added: The events added, in time order, as they are in the merged timeline.
        folded: ``(kept, duplicate)`` pairs: each duplicate was folded into the kept event.
        outside_window: How many imported events fell outside the window.
        unmatched_actors: People's names seen in imported events that match no
            participant, with how often they appear, most frequent first.
        suggestions: Milestones read off the merged timeline.
        changed: True when the merged timeline differs from the original one.
        original_timeline: The incident's timeline before the merge.
    """

    incident: Incident
    origins: tuple[int | None, ...]
    added: tuple[TimelineEvent, ...]
    folded: tuple[tuple[TimelineEvent, TimelineEvent], ...]
    outside_window: int
    unmatched_actors: tuple[tuple[str, int], ...]
    suggestions: tuple[MilestoneSuggestion, ...]
    changed: bool
    original_timeline: tuple[TimelineEvent, ...] = ()

    @property
    def disagreements(self) -> tuple[MilestoneSuggestion, ...]:
        """The suggestions that do not agree with the incident's milestones."""
        return tuple(s for s in self.suggestions if not s.agrees)


@attrs.define
class _Kept:
    event: TimelineEvent
    origin: int | None
    words: frozenset[str] | None = None

    def text_words(self) -> frozenset[str]:
        if self.words is None:
            self.words = description_words(strip_status(self.event.description))
        return self.words


class _Timeline:
    """The kept events with a time index of the foldable ones."""

    def __init__(self, fold_within: timedelta, threshold: float) -> None:
        self.kept: list[_Kept] = []
        self.exact: dict[tuple[datetime, EventKind, str, str], _Kept] = {}
        # (source, source_id) -> the kept event carrying that record's id.
        self.ids: dict[tuple[str, str], _Kept] = {}
        self._times: list[datetime] = []
        self._foldable: list[_Kept] = []
        self._within = fold_within
        self._threshold = threshold

    def add(self, kept: _Kept, key: tuple[datetime, EventKind, str, str] | None = None) -> None:
        """Add an event; ``key`` is its :func:`_key` when the caller made it already."""
        self.kept.append(kept)
        self.exact.setdefault(_key(kept.event) if key is None else key, kept)
        self.remember_id(kept)
        if kept.event.kind in _FOLDABLE:
            at = bisect.bisect_right(self._times, kept.event.time)
            self._times.insert(at, kept.event.time)
            self._foldable.insert(at, kept)

    def remember_id(self, kept: _Kept) -> None:
        if kept.event.source_id is not None:
            self.ids.setdefault((kept.event.source, kept.event.source_id), kept)

    def replace(self, kept: _Kept, event: TimelineEvent) -> None:
        """Change a kept event (a fold, an id recorded), keeping the indexes right."""
        if self.exact.get(_key(kept.event)) is kept:
            del self.exact[_key(kept.event)]
        kept.event = event
        self.exact.setdefault(_key(event), kept)
        self.remember_id(kept)

    def match(self, event: TimelineEvent) -> tuple[_Kept, bool] | None:
        """Find the kept event ``event`` duplicates; the flag says it is already folded in."""
        if event.kind not in _FOLDABLE:
            return None
        low = bisect.bisect_left(self._times, event.time - self._within)
        high = bisect.bisect_right(self._times, event.time + self._within)
        words = description_words(strip_status(event.description))
        resolution = is_resolution(event)
        best: tuple[float, float, float, _Kept] | None = None
        for index in range(low, high):
            candidate = self._foldable[index]
            other = candidate.event
            if other.kind != event.kind or is_resolution(other) != resolution:
                continue
            if event.source == other.source and candidate.origin is None:
                # Two records from one tool in this import are two occurrences (exact
                # repeats were dropped before matching). An event already in the incident
                # that names this tool as its source may be the same record written by hand.
                continue
            seen_here = event.source == other.source or event.source in other.also_in
            score = similarity(words, candidate.text_words())
            if score < self._threshold:
                continue
            distance = abs((other.time - event.time).total_seconds())
            # Prefer a kept event that already records this source (a second merge of the
            # same export), then the most similar, then the nearest.
            rank = (1.0 if seen_here else 0.0, score, -distance)
            if best is None or rank > best[:3]:
                best = (*rank, candidate)
        if best is None:
            return None
        return best[3], best[0] == 1.0


def _key(event: TimelineEvent) -> tuple[datetime, EventKind, str, str]:
    return (event.time, event.kind, event.description, event.source)


def merge_timeline(
    incident: Incident,
    sources: Iterable[Iterable[TimelineEvent]],
    *,
    window_margin: timedelta = DEFAULT_WINDOW_MARGIN,
    fold_within: timedelta = DEFAULT_FOLD_WITHIN,
    fold_similarity: float = 0.6,
    milestone_tolerance: timedelta = timedelta(minutes=1),
) -> TimelineMerge:
    """Merge events from several sources into the incident's timeline.

    Args:
        incident: The incident; its timeline events are kept as written.
        sources: Event iterables, typically ``get_source(name).read(path, ...)`` results.
            They are consumed one event at a time; only events inside the window are kept
            in memory. Passing ``since``/``until`` from :func:`incident_window` to the
            sources lets them skip the rest while reading.
        window_margin: How far before ``started`` and after the last milestone to keep
            imported events.
        fold_within: How far apart two tools' records may be and still be folded.
        fold_similarity: The share (0 to 1) of words the shorter description must share
            with the other for a fold.
        milestone_tolerance: How far a suggested milestone may be from the incident's own
            and still agree.

    Returns:
        The merged incident and a report of what changed.
    """
    since, until = incident_window(incident, window_margin)
    participants = incident.participants
    timeline = _Timeline(fold_within, fold_similarity)
    for index, event in enumerate(incident.timeline):
        timeline.add(_Kept(event, index))

    incoming, outside, unmatched = _imported(sources, since, until, participants)

    folded = _fold_in(timeline, incoming)

    # Without events of the incident's own, the kept events are the imported ones in
    # their order (a fold changes an event in its place): in time order already.
    ordered = sorted(timeline.kept, key=_KEPT_TIME) if incident.timeline else timeline.kept
    events = tuple(map(_KEPT_EVENT, ordered))
    merged_incident = attrs.evolve(incident, timeline=events)
    return TimelineMerge(
        incident=merged_incident,
        origins=tuple(map(_KEPT_ORIGIN, ordered)),
        added=tuple([kept.event for kept in ordered if kept.origin is None]),
        folded=tuple(folded),
        outside_window=outside,
        unmatched_actors=tuple(sorted(unmatched.items(), key=lambda item: (-item[1], item[0]))),
        suggestions=suggestions_in_order(merged_incident, events, tolerance=milestone_tolerance),
        changed=merged_incident.timeline != incident.timeline,
        original_timeline=incident.timeline,
    )


_KEPT_TIME = operator.attrgetter("event.time")
_KEPT_EVENT = operator.attrgetter("event")
_KEPT_ORIGIN = operator.attrgetter("origin")


def _fold_in(timeline: _Timeline, incoming: list[TimelineEvent]) -> list[tuple[TimelineEvent, TimelineEvent]]:
    """Add the imported events (in order) to the timeline, folding duplicates; return the folds."""
    folded: list[tuple[TimelineEvent, TimelineEvent]] = []
    ids, exact, append = timeline.ids, timeline.exact, timeline.kept.append
    for event in incoming:
        source, source_id, kind = event.source, event.source_id, event.kind
        id_key = (source, source_id)
        if source_id is not None and id_key in ids:
            # The same record as an event already there, whatever its text says now: the
            # user may have reworded it, and their wording stays.
            continue
        key = (event.time, kind, event.description, source)
        if kind not in _FOLDABLE:
            # What timeline.add does, for an event that no other is folded into; the key
            # is looked up and set in one step.
            kept = _Kept(event, None)
            same = exact.setdefault(key, kept)
            if same is not kept:
                _record_id(timeline, same, event)
                continue
            append(kept)
            if source_id is not None:
                ids[id_key] = kept  # type: ignore[index]  # source_id is not None
            continue
        found_same = exact.get(key)
        if found_same is not None:
            _record_id(timeline, found_same, event)
            continue
        found = timeline.match(event)
        if found is None:
            timeline.add(_Kept(event, None), key)
            continue
        kept, already = found
        if already:
            if kept.event.source == source:
                _record_id(timeline, kept, event)
            continue
        merged = attrs.evolve(
            kept.event,
            also_in=tuple(sorted({*kept.event.also_in, source} - {kept.event.source})),
            link=kept.event.link or event.link,
        )
        folded.append((merged, event))
        timeline.replace(kept, merged)
    return folded


def _imported(
    sources: Iterable[Iterable[TimelineEvent]],
    since: datetime,
    until: datetime | None,
    participants: Sequence[Participant],
) -> tuple[list[TimelineEvent], int, Counter[str]]:
    """The sources' events inside the window, cut to the second, with actors named as participants, sorted.

    The order is by time, source, kind and description, events alike in all four in the
    order they came.

    Returns:
        The events, how many fell outside the window, and the actors matching no participant.
    """
    # (seconds, source, kind, description, arrival, event): sorting these tuples sorts the
    # events by time, source, kind (kinds are strings: ordering them is ordering their
    # values) and description, ties in arrival order, without a key function.
    entries: list[tuple[float, str, EventKind, str, int, TimelineEvent]] = []
    outside = 0
    unmatched: Counter[str] = Counter()
    # Each actor's participant name, and whether it is a person matching none, worked out once.
    actors: dict[str | None, tuple[str | None, bool]] = {}
    # A record's time written as Unix seconds (ten digits, a dot and six) is compared with
    # the window as a number: exact, as a double holds either end to better than a
    # microsecond below 8,000,000,000 seconds.
    low = since.timestamp()
    high = until.timestamp() if until is not None else math.inf
    # datetime.fromtimestamp(seconds, timezone.utc) costs several times adding a time span
    # to a time: each hour's start is made once, and a second of it is that start plus one
    # of the 3,600 spans of an hour (the same datetime).
    hours: dict[int, datetime] = {}
    steps = _seconds_of_an_hour()
    for source in sources:
        # A source that keeps its events as records until asked gives them so: each event
        # kept is made once, with its time cut, instead of made there and copied here.
        items: Iterable[TimelineEvent | Record] = source.records() if isinstance(source, EventRecords) else source
        for item in items:
            record = item if type(item) is tuple else None
            event = item if record is None else None
            given = record[0] if record is not None else event.time  # type: ignore[union-attr]
            seconds: float
            if type(given) is str:
                whole = int(given[:-7])
                if whole < low or whole > high:
                    outside += 1
                    continue
                seconds = whole
                hour, rest = divmod(whole, 3600)
                start = hours.get(hour)
                if start is None:
                    start = hours[hour] = datetime.fromtimestamp(hour * 3600, timezone.utc)
                time = start + steps[rest]
            else:
                time = record_second(given)
                if time < since or (until is not None and time > until):
                    outside += 1
                    continue
                # A whole second: its timestamp is exact, and orders as the time does.
                seconds = time.timestamp()
            actor = record[4] if record is not None else event.actor  # type: ignore[union-attr]
            naming = actors.get(actor)
            if naming is None:
                person = map_actor(actor, participants)
                naming = actors[actor] = (
                    person.name if person is not None else actor,
                    person is None and actor is not None and actor != "" and not is_machine(actor),
                )
            named, unknown = naming
            if unknown:
                unmatched[actor] += 1  # type: ignore[index]
            if record is not None:
                made = known_event(time, record[1], record[2], record[3], named, record[5], record[6])
                entries.append((seconds, record[3], record[2], record[1], len(entries), made))
                continue
            made = event  # type: ignore[assignment]
            if time is not given or named != made.actor:
                made = event_with(made, time, named)
            entries.append((seconds, made.source, made.kind, made.description, len(entries), made))
    entries.sort()
    return [entry[5] for entry in entries], outside, unmatched


@functools.cache
def _seconds_of_an_hour() -> tuple[timedelta, ...]:
    """``timedelta(seconds=n)`` for each ``n`` from 0 to 3,599, made once."""
    return tuple(timedelta(seconds=n) for n in range(3600))


def _record_id(timeline: _Timeline, kept: _Kept, event: TimelineEvent) -> None:
    """Give an event imported before ids were kept (or written by hand for this record) the record's id."""
    if kept.event.source_id is None and event.source_id is not None and kept.event.source == event.source:
        timeline.replace(kept, attrs.evolve(kept.event, source_id=event.source_id))
