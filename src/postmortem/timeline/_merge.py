"""Merging imported events into an incident's timeline: the window, folding duplicates, the report."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from postmortem._events import EventRecords, RecordBatch, event_with, known_event, known_events, record_second
from postmortem._parallel import fewer_collections
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


_Key = tuple[int, EventKind, str, str]
"""An event's time (as :func:`_micros`), kind, description and source: events alike in all four are one."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def _micros(time: datetime) -> int:
    """A timezone-aware time as whole microseconds since 1970 UTC: equal for equal times, and cheap to hash.

    An aware datetime's hash works out its UTC time each time it is first hashed (about
    0.6 us); an integer's costs nothing.
    """
    return (time - _EPOCH) // _MICROSECOND


def _key(event: TimelineEvent) -> _Key:
    return (_micros(event.time), event.kind, event.description, event.source)


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


_KeysAndIds = tuple[list[_Key], list[tuple[str, "str | None"]]]


@attrs.frozen
class _Imported:
    """The sources' events inside the window, in order, with what folding needs of each."""

    events: list[TimelineEvent]
    outside: int
    """How many events fell outside the window."""
    unmatched: Counter[str]
    """The actors matching no participant, with how often each was seen."""
    make_keys: Callable[[], _KeysAndIds]
    """Makes :attr:`keys` and :attr:`ids` (once, when asked for)."""
    plain: bool = False
    """Known without :attr:`keys`: no event is of a kind that folds, no two are alike in time,
    kind, description and source, and no record id comes twice (nothing folds among them)."""
    columns: tuple[Sequence[EventKind], Sequence[str]] | None = None
    """The events' kinds and descriptions, in their order, when made a column at a time."""
    _made: list[_KeysAndIds] = attrs.field(factory=list)

    @property
    def keys(self) -> list[_Key]:
        """Each event's :func:`_key`."""
        return self._keys_and_ids()[0]

    @property
    def ids(self) -> list[tuple[str, str | None]]:
        """Each event's source and record id."""
        return self._keys_and_ids()[1]

    def _keys_and_ids(self) -> _KeysAndIds:
        if not self._made:
            self._made.append(self.make_keys())
        return self._made[0]


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


_Row = tuple[int, str, EventKind, str, int, "str | None", "str | None", "str | None", "datetime | None", Any]
"""An imported event while the merge sorts them: its time as :func:`_micros`, source, kind,
description, arrival, the actor as named, link, record id, its time when not made from the
first, and the event when one was given (else ``None``)."""


class _Namer:
    """Each actor's participant name, and whether it is a person matching none, worked out once."""

    def __init__(self, participants: Sequence[Participant]) -> None:
        self.participants = participants
        self.known: dict[str | None, tuple[str | None, bool]] = {}
        self.named: dict[str | None, str | None] = {}
        """Each actor's name (the first of :attr:`known`'s pair)."""
        self.unmatched: Counter[str] = Counter()

    def name(self, actor: str | None) -> str | None:
        """The actor's name in the merged timeline, counting it if it matches no participant."""
        naming = self.known.get(actor)
        if naming is None:
            naming = self._naming(actor)
        if naming[1]:
            self.unmatched[actor] += 1  # type: ignore[index]  # only a name is unmatched
        return naming[0]

    def names(self, actors: list[str | None]) -> list[str | None]:
        """:meth:`name` for each of many actors."""
        known = self.known
        for actor, count in Counter(actors).items():
            naming = known.get(actor)
            if naming is None:
                naming = self._naming(actor)
            if naming[1]:
                self.unmatched[actor] += count  # type: ignore[index]
        if len(actors) < 2:  # an itemgetter of one key gives the value, not a tuple
            return [self.named[actor] for actor in actors]
        return list(operator.itemgetter(*actors)(self.named))

    def _naming(self, actor: str | None) -> tuple[str | None, bool]:
        person = map_actor(actor, self.participants)
        naming = self.known[actor] = (
            person.name if person is not None else actor,
            person is None and actor is not None and actor != "" and not is_machine(actor),
        )
        self.named[actor] = naming[0]
        return naming


_WHOLE_SECONDS = operator.itemgetter(slice(None, -7))
"""The seconds of a ts as Slack writes it: all but the dot and six digits."""


def _imported(
    sources: Iterable[Iterable[TimelineEvent]],
    since: datetime,
    until: datetime | None,
    participants: Sequence[Participant],
) -> _Imported:
    """The sources' events inside the window, cut to the second, with actors named as participants, sorted.

    The order is by time, source, kind and description, events alike in all four in the
    order they came.
    """
    # Sorting these rows sorts the events by time, source, kind (kinds are strings:
    # ordering them is ordering their values) and description, ties in arrival order,
    # without a key function.
    rows: list[_Row] = []
    append = rows.append
    outside = 0
    namer = _Namer(participants)
    # A record's time written as Unix seconds (ten digits, a dot and six) is compared with
    # the window as a number: exact, as a double holds either end to better than a
    # microsecond below 8,000,000,000 seconds.
    low = since.timestamp()
    high = until.timestamp() if until is not None else math.inf
    # Batches are held until something else comes (and become rows then, in their order): a
    # merge of batches only (a Slack export's usual days) is sorted a column at a time.
    held: list[RecordBatch] = []
    for source in sources:
        # A source that keeps its events as records until asked gives them so: each event
        # kept is made once, with its time cut, instead of made there and copied here.
        items: Iterable[Any] = source.records() if isinstance(source, EventRecords) else source
        for item in items:
            time: datetime | None
            if type(item) is RecordBatch:
                held.append(item)
                continue
            outside += _add_batches(rows, held, low, high, namer)
            if type(item) is tuple:
                given = item[0]
                if type(given) is str:
                    whole = int(given[:-7])
                    if whole < low or whole > high:
                        outside += 1
                        continue
                    micros = whole * 1_000_000
                    time = None  # made with the others, from micros
                else:
                    time = record_second(given)
                    if time < since or (until is not None and time > until):
                        outside += 1
                        continue
                    micros = _micros(time)
                named = namer.name(item[4])
                append((micros, item[3], item[2], item[1], len(rows), named, item[5], item[6], time, None))
                continue
            event: TimelineEvent = item
            cut = record_second(event.time)
            if cut < since or (until is not None and cut > until):
                outside += 1
                continue
            named = namer.name(event.actor)
            made = event_with(event, cut, named) if cut is not event.time or named != event.actor else event
            append((_micros(cut), made.source, made.kind, made.description, len(rows), named, None, None, None, made))
    if held and not rows:
        events, make_keys, plain, columns, beyond = _events_of_batches(held, low, high, namer)
        return _Imported(events, outside + beyond, namer.unmatched, make_keys, plain, columns)
    outside += _add_batches(rows, held, low, high, namer)
    rows.sort()
    events, keys, ids = _events_of(rows)
    return _Imported(events, outside, namer.unmatched, lambda: (keys, ids))


def _add_batches(rows: list[_Row], batches: list[RecordBatch], low: float, high: float, namer: _Namer) -> int:
    """:func:`_add_batch` for each batch, in order, emptying the list; return how many fell outside."""
    outside = sum(_add_batch(rows, batch, low, high, namer) for batch in batches)
    batches.clear()
    return outside


def _add_batch(rows: list[_Row], batch: RecordBatch, low: float, high: float, namer: _Namer) -> int:
    """Add the rows of a batch's records inside the window, a column at a time; return how many fell outside."""
    seconds = list(map(int, map(_WHOLE_SECONDS, batch.stamps)))
    if not seconds:
        return 0
    descriptions, actors, source_ids = batch.descriptions, batch.actors, batch.source_ids
    outside = 0
    if min(seconds) < low or max(seconds) > high:
        inside = [low <= whole <= high for whole in seconds]
        seconds = list(itertools.compress(seconds, inside))
        descriptions = list(itertools.compress(descriptions, inside))
        actors = list(itertools.compress(actors, inside))
        source_ids = list(itertools.compress(source_ids, inside))
        outside = len(inside) - len(seconds)
    micros = map(operator.mul, seconds, itertools.repeat(1_000_000))
    rows.extend(
        zip(
            micros,
            itertools.repeat(batch.source),
            itertools.repeat(batch.kind),
            descriptions,
            itertools.count(len(rows)),
            namer.names(actors),
            itertools.repeat(None),
            source_ids,
            itertools.repeat(None),
            itertools.repeat(None),
        )
    )
    return outside


def _events_of_batches(
    batches: list[RecordBatch], low: float, high: float, namer: _Namer
) -> tuple[list[TimelineEvent], Callable[[], _KeysAndIds], bool, tuple[Sequence[EventKind], Sequence[str]], int]:
    """What :func:`_add_batch` for each batch, sorting the rows and :func:`_events_of` give, and how many fell outside.

    The same events in the same order (by second, source, kind and description, ties in
    the order they came), sorted a column at a time: the records' indexes by second (a
    stable sort, so in arrival order within a second), then each run of records of one
    second by source, kind and description. Returns the events, what makes their keys and
    ids, whether they are :attr:`_Imported.plain` as far as is seen cheaply, their kinds and
    descriptions, and how many fell outside.
    """
    chain = itertools.chain.from_iterable
    seconds = list(map(int, map(_WHOLE_SECONDS, chain(batch.stamps for batch in batches))))
    descriptions: list[str] = list(chain(batch.descriptions for batch in batches))
    actors: list[str | None] = list(chain(batch.actors for batch in batches))
    source_ids: list[str | None] = list(chain(batch.source_ids for batch in batches))
    sources: list[str] = list(chain(itertools.repeat(batch.source, len(batch.stamps)) for batch in batches))
    kinds: list[EventKind] = list(chain(itertools.repeat(batch.kind, len(batch.stamps)) for batch in batches))
    outside = 0
    if seconds and (min(seconds) < low or max(seconds) > high):
        inside = [low <= whole <= high for whole in seconds]
        seconds = list(itertools.compress(seconds, inside))
        descriptions = list(itertools.compress(descriptions, inside))
        actors = list(itertools.compress(actors, inside))
        source_ids = list(itertools.compress(source_ids, inside))
        sources = list(itertools.compress(sources, inside))
        kinds = list(itertools.compress(kinds, inside))
        outside = len(inside) - len(seconds)
    count = len(seconds)
    if not count:
        return [], lambda: ([], []), True, ((), ()), outside
    named = namer.names(actors)
    order = sorted(range(count), key=seconds.__getitem__)
    tied: list[int] = []
    if count > 1:
        in_order = list(operator.itemgetter(*order)(seconds))
        # Where a record has the second of the one before it, the run is put in order.
        tied = list(itertools.compress(range(1, count), map(operator.eq, in_order[1:], in_order)))
        start = 0
        for index, position in enumerate(tied):
            if index == 0 or position != tied[index - 1] + 1:
                start = position - 1
            if index + 1 < len(tied) and tied[index + 1] == position + 1:
                continue  # the run goes on
            run = order[start : position + 1]
            run.sort(key=lambda record: (sources[record], kinds[record], descriptions[record]))
            order[start : position + 1] = run
        pick = operator.itemgetter(*order)
        seconds, sources, kinds, descriptions = list(pick(seconds)), pick(sources), pick(kinds), pick(descriptions)
        named, source_ids = pick(named), pick(source_ids)
    times = _utc_seconds(seconds)
    events = known_events(times, descriptions, kinds, sources, named, [None] * count, source_ids)

    def make_keys() -> _KeysAndIds:
        micros = list(map(operator.mul, seconds, itertools.repeat(1_000_000)))
        keys = list(zip(micros, kinds, descriptions, sources, strict=True))
        return keys, list(zip(sources, source_ids, strict=True))

    # Sorted, records alike in second, source, kind and description are next to each other;
    # record ids all different (whatever their source) are different by source too.
    nones = source_ids.count(None)
    plain = (
        _FOLDABLE.isdisjoint({batch.kind for batch in batches})
        and not any(
            sources[at] == sources[at - 1] and kinds[at] == kinds[at - 1] and descriptions[at] == descriptions[at - 1]
            for at in tied
        )
        and len(set(source_ids)) - (nones > 0) == count - nones
    )
    return events, make_keys, plain, (kinds, descriptions), outside


def _utc_seconds(seconds: Sequence[int]) -> tuple[datetime, ...]:
    """Whole seconds since 1970 as the aware UTC datetimes :func:`record_second` gives for them.

    Each is its hour's start plus one of the 3,600 spans of an hour (``datetime.fromtimestamp``
    costs more), both looked up in C.
    """
    if len(seconds) < 2:  # an itemgetter of one index gives the item, not a tuple
        return tuple(_EPOCH + timedelta(seconds=whole) for whole in seconds)
    hours = list(map(operator.floordiv, seconds, itertools.repeat(3600)))
    starts = {hour: _EPOCH + timedelta(hours=hour) for hour in set(hours)}
    spans = operator.itemgetter(*map(operator.mod, seconds, itertools.repeat(3600)))(_seconds_of_an_hour())
    return tuple(map(operator.add, operator.itemgetter(*hours)(starts), spans))


def _events_of(rows: list[_Row]) -> tuple[list[TimelineEvent], list[_Key], list[tuple[str, str | None]]]:
    """The events of sorted rows (made together where the rows are records), their keys and ids."""
    if not rows:
        return [], [], []
    micros, sources, kinds, descriptions, _, actors, links, source_ids, times, given = zip(*rows, strict=True)
    if given.count(None) == len(rows):
        # Records only (the usual case): the events are made a field at a time, in C.
        if times.count(None) == len(rows):
            # Whole seconds, UTC: the datetime record_second gives.
            times = _utc_seconds(list(map(operator.floordiv, micros, itertools.repeat(1_000_000))))
        else:
            times = tuple(
                time if time is not None else _EPOCH + count * _MICROSECOND
                for time, count in zip(times, micros, strict=True)
            )
        events = known_events(times, descriptions, kinds, sources, actors, links, source_ids)
    else:
        events = [
            made
            if made is not None
            else known_event(
                time if time is not None else _EPOCH + count * _MICROSECOND,
                description,
                kind,
                source,
                actor,
                link,
                source_id,
            )
            for made, time, count, description, kind, source, actor, link, source_id in zip(
                given, times, micros, descriptions, kinds, sources, actors, links, source_ids, strict=True
            )
        ]
        source_ids = tuple(map(_SOURCE_ID, events))
    keys = list(zip(micros, kinds, descriptions, sources, strict=True))
    return events, keys, list(zip(sources, source_ids, strict=True))


_SOURCE_ID = operator.attrgetter("source_id")


@functools.cache
def _seconds_of_an_hour() -> tuple[timedelta, ...]:
    """``timedelta(seconds=n)`` for each ``n`` from 0 to 3,599, made once."""
    return tuple(timedelta(seconds=n) for n in range(3600))


def _record_id(timeline: _Timeline, kept: _Kept, event: TimelineEvent) -> None:
    """Give an event imported before ids were kept (or written by hand for this record) the record's id."""
    if kept.event.source_id is None and event.source_id is not None and kept.event.source == event.source:
        timeline.replace(kept, attrs.evolve(kept.event, source_id=event.source_id))
