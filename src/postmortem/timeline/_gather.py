"""Gathering the sources' events for a merge.

The events inside the window, cut to the second, with actors named as the incident's
participants, sorted by time, source, kind and description, and with what folding needs of
each (:class:`_Imported`). Records and a Slack export's batches of usual messages are made
into events here a column at a time, without an event made and copied per record.
"""

from __future__ import annotations

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
from postmortem.model import EventKind, Participant, TimelineEvent
from postmortem.timeline._people import is_machine, map_actor

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
