"""Merging imported events into an incident's timeline: the window, folding duplicates, the report."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from postmortem._parallel import fewer_collections
from postmortem.model import Incident, TimelineEvent
from postmortem.timeline._gather import _FOLDABLE, _Imported, _imported, _Key, _key
from postmortem.timeline._milestones import MilestoneSuggestion, suggestions_in_order
from postmortem.timeline._text import description_words, is_resolution, similarity, strip_status

DEFAULT_WINDOW_MARGIN = timedelta(hours=2)
"""How far before the start and after the end of an incident imported events are kept."""

DEFAULT_FOLD_WITHIN = timedelta(minutes=5)
"""How far apart two tools' records of one occurrence may be and still be folded."""


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
        self.exact: dict[_Key, _Kept] = {}
        # (source, source_id) -> the kept event carrying that record's id.
        self.ids: dict[tuple[str, str], _Kept] = {}
        self._times: list[datetime] = []
        self._foldable: list[_Kept] = []
        self._within = fold_within
        self._threshold = threshold

    def add(self, kept: _Kept, key: _Key | None = None) -> None:
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

    with fewer_collections():  # thousands of parsed messages and events, none in a cycle
        imported = _imported(sources, since, until, participants)

    events: tuple[TimelineEvent, ...]
    origins: tuple[int | None, ...]
    folded: list[tuple[TimelineEvent, TimelineEvent]] = []
    columns = None
    if _nothing_to_fold(timeline, imported):
        # Every imported event is kept as it is: what _fold_in gives, without its loop.
        if incident.timeline:
            every = [*incident.timeline, *imported.events]
            order = sorted(range(len(every)), key=list(map(_EVENT_TIME, every)).__getitem__)
            events = tuple(map(every.__getitem__, order))
            own = len(incident.timeline)
            origins = tuple([index if index < own else None for index in order])
        else:
            events = tuple(imported.events)
            origins = (None,) * len(events)
            columns = imported.columns
    else:
        folded = _fold_in(timeline, imported)
        # Without events of the incident's own, the kept events are the imported ones in
        # their order (a fold changes an event in its place): in time order already.
        ordered = sorted(timeline.kept, key=_KEPT_TIME) if incident.timeline else timeline.kept
        events = tuple(map(_KEPT_EVENT, ordered))
        origins = tuple(map(_KEPT_ORIGIN, ordered))
    merged_incident = attrs.evolve(incident, timeline=events)
    added = events if not incident.timeline else tuple(itertools.compress(events, map(_IS_NONE, origins)))
    return TimelineMerge(
        incident=merged_incident,
        origins=origins,
        added=added,
        folded=tuple(folded),
        outside_window=imported.outside,
        unmatched_actors=tuple(sorted(imported.unmatched.items(), key=lambda item: (-item[1], item[0]))),
        suggestions=suggestions_in_order(merged_incident, events, tolerance=milestone_tolerance, columns=columns),
        changed=merged_incident.timeline != incident.timeline,
        original_timeline=incident.timeline,
    )


_KEPT_TIME = operator.attrgetter("event.time")
_KEPT_EVENT = operator.attrgetter("event")
_KEPT_ORIGIN = operator.attrgetter("origin")
_EVENT_TIME = operator.attrgetter("time")


def _IS_NONE(value: object) -> bool:  # noqa: N802  (used as a constant function)
    return value is None


def _nothing_to_fold(timeline: _Timeline, imported: _Imported) -> bool:
    """Whether :func:`_fold_in` would keep every imported event as it is, in its order.

    So when no imported event is of a kind that folds, and no two events (imported or the
    incident's own) are alike in time, kind, description and source, or carry one record id.
    """
    if imported.plain and not timeline.exact and not timeline.ids:
        return True  # nothing folds among the imported events, and the incident has none
    if not _FOLDABLE.isdisjoint([key[1] for key in imported.keys]):
        return False
    keys = set(imported.keys)
    if len(keys) != len(imported.keys) or not keys.isdisjoint(timeline.exact):
        return False
    ids = [pair for pair in imported.ids if pair[1] is not None]
    unique = set(ids)
    return len(unique) == len(ids) and unique.isdisjoint(timeline.ids)


def _fold_in(timeline: _Timeline, imported: _Imported) -> list[tuple[TimelineEvent, TimelineEvent]]:
    """Add the imported events (in order) to the timeline, folding duplicates; return the folds."""
    folded: list[tuple[TimelineEvent, TimelineEvent]] = []
    ids, exact, append = timeline.ids, timeline.exact, timeline.kept.append
    for event, key, id_key in zip(imported.events, imported.keys, imported.ids, strict=True):
        source, source_id, kind = event.source, event.source_id, event.kind
        if source_id is not None and id_key in ids:
            # The same record as an event already there, whatever its text says now: the
            # user may have reworded it, and their wording stays.
            continue
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


def _record_id(timeline: _Timeline, kept: _Kept, event: TimelineEvent) -> None:
    """Give an event imported before ids were kept (or written by hand for this record) the record's id."""
    if kept.event.source_id is None and event.source_id is not None and kept.event.source == event.source:
        timeline.replace(kept, attrs.evolve(kept.event, source_id=event.source_id))
