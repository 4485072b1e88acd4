"""Timeline events made without running the model's validators, where the values are known good.

A source reading a large export makes thousands of events, and the merge makes a copy of
each one it keeps with the time cut to the second; the attrs ``__init__`` runs every
field's validator each time, about a third of the cost of an event. Where the caller has
made the values itself (a time from :meth:`datetime.fromtimestamp` with a timezone, a
stripped text it checked is not empty, no link), the functions here set the fields
directly. They give objects equal to what ``TimelineEvent(...)`` gives for the same
values; ``tests/test_timeline_records.py`` checks that, and that the model's validated
fields are still the ones listed below.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from itertools import repeat
from typing import Any

import attrs

from postmortem.model import EventKind, TimelineEvent

__all__ = [
    "VALIDATED_FIELDS",
    "EventRecords",
    "Record",
    "RecordBatch",
    "event_with",
    "known_event",
    "known_events",
    "record_second",
    "record_time",
]

VALIDATED_FIELDS = frozenset({"time", "description", "link", "also_in"})
"""The fields of :class:`TimelineEvent` with a validator or converter: what callers here vouch for."""

_FIELDS = attrs.fields(TimelineEvent)
_NAMES = tuple(field.name for field in _FIELDS)
_GIVEN = ("time", "description", "kind", "source", "actor", "link", "source_id")


def _slot_values(namespace: dict[str, Any], *, default: str) -> list[tuple[str, str]]:
    """Each field's name and the source of its value: its parameter, or ``default`` formatted with its name.

    A field's default value goes in ``namespace`` as ``default_NAME``, and ``set_NAME``, the slot's
    descriptor, too (frozen attrs classes refuse setattr).
    """
    values: list[tuple[str, str]] = []
    for field in _FIELDS:
        namespace[f"set_{field.name}"] = getattr(TimelineEvent, field.name).__set__
        if field.name in _GIVEN:
            values.append((field.name, field.name))
            continue
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"TimelineEvent.{field.name} has a factory default; make it here")  # pragma: no cover
        namespace[f"default_{field.name}"] = field.default
        values.append((field.name, default.format(field.name)))
    return values


def _maker() -> Callable[..., TimelineEvent]:
    """``make(time, description, kind, source, actor, link, source_id)``, the other fields their defaults."""
    namespace: dict[str, Any] = {"new": object.__new__, "cls": TimelineEvent}
    lines = [f"def make({', '.join(_GIVEN)}):", "    made = new(cls)"]
    lines += [f"    set_{name}(made, {value})" for name, value in _slot_values(namespace, default="default_{}")]
    lines.append("    return made")
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from the model's field names)
    made: Callable[..., TimelineEvent] = namespace["make"]
    return made


def _bulk_maker() -> Callable[..., list[TimelineEvent]]:
    """``make_all(times, descriptions, kinds, sources, actors, links, source_ids)``: :func:`known_event` for each.

    The events are made a field at a time: each slot's descriptor is mapped over all of them
    in C, instead of a Python call per event that sets nine slots.
    """
    namespace: dict[str, Any] = {"new": object.__new__, "cls": TimelineEvent, "drain": deque(maxlen=0).extend}
    namespace.update(repeat=repeat, len=len, list=list, map=map)
    lines = [f"def make_all({', '.join(_GIVEN)}):", "    made = list(map(new, repeat(cls, len(time))))"]
    lines += [
        f"    drain(map(set_{name}, made, {values}))"
        for name, values in _slot_values(namespace, default="repeat(default_{})")
    ]
    lines.append("    return made")
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from the model's field names)
    make_all: Callable[..., list[TimelineEvent]] = namespace["make_all"]
    return make_all


def _copier() -> Callable[[TimelineEvent, datetime, str | None], TimelineEvent]:
    """``copy(event, time, actor)``: the event with another time and actor, every other field kept."""
    namespace: dict[str, Any] = {"new": object.__new__, "cls": TimelineEvent}
    lines = ["def copy(event, time, actor):", "    made = new(cls)"]
    for name in _NAMES:
        namespace[f"get_{name}"] = getattr(TimelineEvent, name).__get__
        namespace[f"set_{name}"] = getattr(TimelineEvent, name).__set__
        value = name if name in ("time", "actor") else f"get_{name}(event)"
        lines.append(f"    set_{name}(made, {value})")
    lines.append("    return made")
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from the model's field names)
    copy: Callable[[TimelineEvent, datetime, str | None], TimelineEvent] = namespace["copy"]
    return copy


known_event: Callable[[datetime, str, EventKind, str, str | None, None, str | None], TimelineEvent] = _maker()
"""``known_event(time, description, kind, source, actor, link, source_id)``: an event from values
the caller vouches for, without validating them: an aware time, a description with
something besides whitespace in it, and no link (a link is checked by the model: make such
an event with ``TimelineEvent(...)``). The other fields have their defaults. It gives the
event ``TimelineEvent(time=time, ...)`` would give."""

_copy = _copier()
_make_all = _bulk_maker()


def known_events(
    times: Sequence[datetime],
    descriptions: Sequence[str],
    kinds: Sequence[EventKind],
    sources: Sequence[str],
    actors: Sequence[str | None],
    links: Sequence[None],
    source_ids: Sequence[str | None],
) -> list[TimelineEvent]:
    """:func:`known_event` for each set of values, the sequences taken side by side (all of one length).

    What the caller vouches for is what :func:`known_event` asks: aware times, descriptions
    with something besides whitespace in them, and no links.
    """
    lengths = {len(times), len(descriptions), len(kinds), len(sources), len(actors), len(links), len(source_ids)}
    if len(lengths) != 1:
        raise ValueError("known_events needs sequences of one length")
    return _make_all(times, descriptions, kinds, sources, actors, links, source_ids)


def event_with(event: TimelineEvent, time: datetime, actor: str | None) -> TimelineEvent:
    """``attrs.evolve(event, time=time, actor=actor)`` without validating the event again.

    Args:
        event: A valid event.
        time: A timezone-aware time.
        actor: Any name, or ``None``.

    Returns:
        The copy.
    """
    return _copy(event, time, actor)


Record = tuple[datetime | str, str, EventKind, str, str | None, None, str | None]
"""The values of :func:`known_event`, in its order: what a source vouches for, before an event is made.

The time is an aware datetime, or Unix seconds as text written ``dddddddddd.dddddd``,
ten digits before 8,000,000,000 seconds (as Slack writes a ``ts``): that text is the exact
time in UTC, and makes the datetime only when someone needs it.
"""


def record_time(when: datetime | str) -> datetime:
    """The time of a :data:`Record`, as an aware datetime."""
    return when if type(when) is datetime else datetime.fromtimestamp(float(when), timezone.utc)  # type: ignore[arg-type]


def record_second(when: datetime | str) -> datetime:
    """The time of a :data:`Record` cut to the second (what the merge keeps)."""
    if type(when) is str:
        return datetime.fromtimestamp(int(when[:-7]), timezone.utc)
    assert isinstance(when, datetime)
    # replace() is several times the cost of a datetime made from a number.
    return when.replace(microsecond=0) if when.microsecond else when


class RecordBatch:
    """Records of one source that share a kind and a source, given a field at a time.

    Every time is a ts as Slack writes it (ten digits before 8,000,000,000, a dot and six:
    see :data:`Record`), no record has a link, and the lists are of one length. The merge
    reads a batch a column at a time; iterating it gives its :data:`Record` tuples.
    """

    __slots__ = ("actors", "descriptions", "kind", "source", "source_ids", "stamps")

    def __init__(
        self,
        stamps: list[str],
        descriptions: list[str],
        actors: list[str | None],
        kind: EventKind,
        source: str,
        source_ids: list[str | None],
    ) -> None:
        self.stamps = stamps
        self.descriptions = descriptions
        self.actors = actors
        self.kind = kind
        self.source = source
        self.source_ids = source_ids

    def __len__(self) -> int:
        return len(self.stamps)

    def __iter__(self) -> Iterator[Record]:
        return zip(
            self.stamps,
            self.descriptions,
            repeat(self.kind),
            repeat(self.source),
            self.actors,
            repeat(None),
            self.source_ids,
        )


class EventRecords(Iterator[TimelineEvent]):
    """A source's events, kept as records until someone asks for an event.

    Iterating gives :class:`TimelineEvent` objects, as every source does. The merge asks
    :meth:`records` instead, and makes each event it keeps once, with its time already cut
    to the second, rather than an event here and a copy there.
    """

    __slots__ = ("_items", "_pending")

    def __init__(self, items: Iterator[TimelineEvent | Record | RecordBatch]) -> None:
        self._items = items
        self._pending: Iterator[Record] = iter(())

    def __iter__(self) -> EventRecords:
        return self

    def __next__(self) -> TimelineEvent:
        for record in self._pending:  # the rest of a batch being given out
            return _event_of(record)
        while True:
            item = next(self._items)
            if type(item) is RecordBatch:
                self._pending = iter(item)
                for record in self._pending:
                    return _event_of(record)
                continue
            if type(item) is not tuple:
                return item  # type: ignore[return-value]
            return _event_of(item)

    def records(self) -> Iterator[TimelineEvent | Record | RecordBatch]:
        """The same events, each made already, as a :data:`Record` or in a :class:`RecordBatch`.

        One pass, shared with iteration.
        """
        return itertools.chain(self._pending, self._items)


def _event_of(record: Record) -> TimelineEvent:
    return known_event(record_time(record[0]), record[1], record[2], record[3], record[4], record[5], record[6])
