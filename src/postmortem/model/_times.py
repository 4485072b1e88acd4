"""Honest times: how precise a time is, which way it may be off, and durations between such times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs
from attrs import frozen

from postmortem.errors import FieldError
from postmortem.model._base import LabelledEnum


class TimePrecision(LabelledEnum):
    """How finely a time is known: the unit it was written to.

    A time with a coarser precision than ``exact`` stands for the whole unit that starts at
    it: ``02:00`` to the hour means some time from 02:00 to 03:00, a date means some time that
    day (in the incident's timezone).
    """

    EXACT = "exact"
    MINUTE = "minute"
    HOUR = "hour"
    DATE = "date"

    @property
    def unit(self) -> timedelta:
        """The length of time a written time at this precision stands for (zero when exact)."""
        return _PRECISION_UNITS[self]


_PRECISION_UNITS = {
    TimePrecision.EXACT: timedelta(0),
    TimePrecision.MINUTE: timedelta(minutes=1),
    TimePrecision.HOUR: timedelta(hours=1),
    TimePrecision.DATE: timedelta(days=1),
}


class TimeBound(LabelledEnum):
    """How the true time relates to the written one, when it is not known to be that time.

    ``about``: near it, by an amount nobody measured: taken as up to one unit of the time's
    precision, and at least :data:`~postmortem.model.ABOUT_MARGIN`, either side of the unit it was written to.
    ``at_most``: at it or earlier (no later than). ``at_least``: at it or later (no earlier
    than).
    """

    ABOUT = "about"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"

    @property
    def label(self) -> str:
        """Human wording: ``about``, ``no later than``, ``no earlier than``."""
        return _BOUND_LABELS[self]


_BOUND_LABELS = {TimeBound.ABOUT: "about", TimeBound.AT_MOST: "no later than", TimeBound.AT_LEAST: "no earlier than"}

ABOUT_MARGIN = timedelta(minutes=15)
"""The least an "about" time may be off either way.

"About 03:10" is 02:55 to 03:26. A time written to the hour or the date is off by up to one
unit of its precision instead ("about 02:00" to the hour is 01:00 to 04:00; about a date,
the day before to the day after).
"""

_NO_TIME = timedelta(0)
# The margin of an "about" time at each precision (see TimeAccuracy.margin).
_ABOUT_MARGINS = {precision: max(unit, ABOUT_MARGIN) for precision, unit in _PRECISION_UNITS.items()}


@frozen
class TimeAccuracy:
    """How well a time is known: its precision and an optional bound.

    Every time in the model (milestones, timeline events, detection, customer updates, impact
    windows) has one next to it, in a field named after the time (``started_accuracy``,
    ``time_accuracy``). The time itself stays a :class:`~datetime.datetime`: the start of the
    unit it was written to. Files write both together (see the file format).

    Attributes:
        precision: The unit the time was written to: exact, minute, hour or date.
        bound: ``about``, ``at_most`` (no later than) or ``at_least`` (no earlier than); none
            when the true time is within the precision of the written one.
    """

    precision: TimePrecision = TimePrecision.EXACT
    bound: TimeBound | None = None

    @property
    def is_exact(self) -> bool:
        """True for a time known to the second with no bound, which is what a plain timestamp means."""
        return self.precision is TimePrecision.EXACT and self.bound is None

    @property
    def margin(self) -> timedelta:
        """How far an ``about`` time may be off either way (zero for every other bound).

        One unit of the precision, and at least :data:`~postmortem.model.ABOUT_MARGIN`.
        """
        return _ABOUT_MARGINS[self.precision] if self.bound is TimeBound.ABOUT else _NO_TIME

    # earliest and latest run for every time of every timeline check: the common cases (no
    # bound, or exact) skip the arithmetic with a zero margin, which gives the same time.
    def earliest(self, at: datetime) -> datetime | None:
        """The earliest the true time can be, for a time written as ``at``; ``None`` when unbounded.

        An ``about`` time can be up to :attr:`margin` before the unit it was written to.
        """
        bound = self.bound
        if bound is TimeBound.ABOUT:
            return at - _ABOUT_MARGINS[self.precision]
        return None if bound is TimeBound.AT_MOST else at

    def latest(self, at: datetime) -> datetime | None:
        """The latest the true time can be, for a time written as ``at``; ``None`` when unbounded.

        An ``about`` time can be up to :attr:`margin` after the unit it was written to.
        """
        bound = self.bound
        if bound is TimeBound.AT_LEAST:
            return None
        precision = self.precision
        if bound is TimeBound.ABOUT:
            return at + _PRECISION_UNITS[precision] + _ABOUT_MARGINS[precision]
        return at if precision is TimePrecision.EXACT else at + _PRECISION_UNITS[precision]

    def without_about(self) -> TimeAccuracy:
        """This accuracy without an ``about`` bound (the range of the written unit alone)."""
        return TimeAccuracy(self.precision) if self.bound is TimeBound.ABOUT else self


EXACT_TIME = TimeAccuracy()
"""The accuracy of a plain timestamp (exact, no bound), the default everywhere."""


def accuracy_fields(cls: type) -> dict[str, str]:
    """Map each time field of an attrs class to its accuracy field (``{"time": "time_accuracy"}``)."""
    return {
        attribute.metadata["accuracy_of"]: attribute.name
        for attribute in attrs.fields(cls)
        if "accuracy_of" in attribute.metadata
    }


def _accuracy_needs_time(inst: Any) -> None:
    """An accuracy other than exact says how well a time is known: it needs that time."""
    for name, accuracy_name in accuracy_fields(type(inst)).items():
        if getattr(inst, name) is None and not getattr(inst, accuracy_name).is_exact:
            raise FieldError(accuracy_name, f"{accuracy_name} is set but {name} is not")


def _may_precede(earlier: tuple[datetime, TimeAccuracy], later: tuple[datetime, TimeAccuracy]) -> bool:
    """False only when ``later`` must be before ``earlier`` whatever their accuracy allows."""
    first = earlier[1].earliest(earlier[0])
    last = later[1].latest(later[0])
    return first is None or last is None or last >= first


class EstimateKind(LabelledEnum):
    """How well a derived duration is known."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ONGOING = "ongoing"


@frozen
class DurationEstimate:
    """A derived duration (time to detect, impact duration) with how well it is known.

    Attributes:
        kind: ``exact``; ``about`` the figure; ``at_least`` or ``at_most`` the figure; or
            ``ongoing`` (the incident has not ended, so the duration has no value yet).
        value: The best estimate: the difference of the times as written; ``None`` when ongoing.
        low: The shortest the true duration can be; ``None`` when unknown.
        high: The longest the true duration can be; ``None`` when unbounded.
    """

    kind: EstimateKind
    value: timedelta | None
    low: timedelta | None = None
    high: timedelta | None = None

    @property
    def figure(self) -> timedelta | None:
        """The duration to show with :attr:`kind`: the bound for ``at_least`` / ``at_most``, else the value."""
        if self.kind is EstimateKind.AT_LEAST:
            return self.low
        if self.kind is EstimateKind.AT_MOST:
            return self.high
        return self.value

    @property
    def is_exact(self) -> bool:
        """True when the duration is known exactly."""
        return self.kind is EstimateKind.EXACT

    @classmethod
    def ongoing(cls) -> DurationEstimate:
        """The estimate of a duration that has not ended."""
        return cls(EstimateKind.ONGOING, None)

    @classmethod
    def between(
        cls,
        start: datetime,
        end: datetime,
        start_accuracy: TimeAccuracy = EXACT_TIME,
        end_accuracy: TimeAccuracy = EXACT_TIME,
    ) -> DurationEstimate:
        """The duration from ``start`` to ``end`` (never negative), given how well each is known."""
        first, last = start_accuracy.earliest(start), start_accuracy.latest(start)
        until_first, until_last = end_accuracy.earliest(end), end_accuracy.latest(end)
        low = None if until_first is None or last is None else until_first - last
        high = None if until_last is None or first is None else until_last - first
        approximate = TimeBound.ABOUT in (start_accuracy.bound, end_accuracy.bound)
        if approximate and low is not None and low < _ZERO:
            # The range reaches zero only because "about" widened it: the figure is still an
            # estimate ("about 10 min"), not a bound. Reaching zero for another reason (a start
            # known only by its date) stays "at most".
            plain_start, plain_end = start_accuracy.without_about(), end_accuracy.without_about()
            plain_first, plain_last = plain_end.earliest(end), plain_start.latest(start)
            if plain_first is not None and plain_last is not None and plain_first - plain_last >= _ZERO:
                low = _ZERO
        return cls._classify(end - start, low, high, approximate=approximate)

    @classmethod
    def total(cls, parts: Iterable[DurationEstimate]) -> DurationEstimate:
        """The sum of several durations (impact windows); ongoing when one is ongoing."""
        items = list(parts)
        if any(part.kind is EstimateKind.ONGOING for part in items):
            return cls.ongoing()
        best = sum((part.value or _ZERO for part in items), _ZERO)
        lows = [part.low for part in items]
        highs = [part.high for part in items]
        low = sum((x for x in lows if x is not None), _ZERO) if None not in lows else None
        high = sum((x for x in highs if x is not None), _ZERO) if None not in highs else None
        approximate = any(part.kind is EstimateKind.ABOUT for part in items)
        return cls._classify(best, low, high, approximate=approximate)

    @classmethod
    def _classify(
        cls, best: timedelta, low: timedelta | None, high: timedelta | None, *, approximate: bool
    ) -> DurationEstimate:
        # A duration between ordered times is never negative: a lower bound at or below zero
        # only says that the range reaches zero.
        best = max(best, _ZERO)
        if high is not None:
            high = max(high, _ZERO)
            best = min(best, high)
        if low is not None and low > _ZERO:
            best = max(best, low)
        if high is None:
            if low is None or low <= _ZERO:
                # Bounded on neither side: the best estimate is all there is.
                return cls(EstimateKind.ABOUT, best, _ZERO if low is not None else None, None)
            return cls(EstimateKind.AT_LEAST, best, low, None)
        if low is None or low < _ZERO:
            return cls(EstimateKind.AT_MOST, best, _ZERO, high)
        if low == high and not approximate:
            return cls(EstimateKind.EXACT, best, low, high)
        return cls(EstimateKind.ABOUT, best, low, high)


_ZERO = timedelta(0)
