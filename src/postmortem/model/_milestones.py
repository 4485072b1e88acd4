"""The incident's milestones: when it started, was detected, acknowledged, mitigated and resolved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from attrs import field, frozen

from postmortem.errors import FieldError
from postmortem.model._base import _aware
from postmortem.model._times import EXACT_TIME, DurationEstimate, TimeAccuracy, _accuracy_needs_time, _may_precede

_MILESTONE_ORDER = ("started", "detected", "acknowledged", "mitigated", "resolved")


_MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve", "impact_duration")


@frozen
class Milestones:
    """The key moments of the incident.

    Attributes:
        started: When impact began (not when it was noticed).
        detected: When the organisation first knew: the first alert or report.
        acknowledged: When a responder took ownership (acknowledged the page).
        mitigated: When customer impact stopped, even if the cause was not yet fixed.
        resolved: When the incident was declared over.
        ongoing: True while the incident has not ended; ``resolved`` is then not set.

    Milestones that are given must be in the order above; equal times are allowed. A time
    known only roughly (see :class:`TimeAccuracy`) only has to be able to be in order.

    Each milestone has an accuracy next to it (``started_accuracy``, ``detected_accuracy``,
    ...), exact by default. The time attribute itself is always a plain
    :class:`~datetime.datetime`: the time as written, the start of the unit it was written to.

    The derived durations are defined as:

    * ``time_to_detect`` = detected - started
    * ``time_to_acknowledge`` = acknowledged - detected
    * ``time_to_mitigate`` = mitigated - started
    * ``time_to_resolve`` = resolved - started
    * ``impact_duration`` = mitigated - started, or resolved - started when no mitigation
      time is recorded

    Each is ``None`` when a milestone it needs is missing. They are differences of the times
    as written; :meth:`estimate` says how well each is known ("about", "at least", "ongoing").
    """

    started: datetime = field(validator=_aware)
    detected: datetime | None = field(default=None, validator=_aware)
    acknowledged: datetime | None = field(default=None, validator=_aware)
    mitigated: datetime | None = field(default=None, validator=_aware)
    resolved: datetime | None = field(default=None, validator=_aware)
    ongoing: bool = False
    started_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "started"})
    detected_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "detected"})
    acknowledged_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "acknowledged"})
    mitigated_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "mitigated"})
    resolved_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "resolved"})

    def __attrs_post_init__(self) -> None:
        _accuracy_needs_time(self)
        previous: tuple[str, datetime] | None = None
        for name in _MILESTONE_ORDER:
            value: datetime | None = getattr(self, name)
            if value is None:
                continue
            if previous is not None and not _may_precede(
                (previous[1], self.accuracy(previous[0])), (value, self.accuracy(name))
            ):
                raise FieldError(
                    name,
                    f"{name} ({value.isoformat()}) is before {previous[0]} "
                    f"({previous[1].isoformat()}); milestones run started, detected, "
                    "acknowledged, mitigated, resolved",
                )
            previous = (name, value)
        if self.ongoing and self.resolved is not None:
            raise FieldError("ongoing", "an ongoing incident has no resolved time; remove one of the two")

    def items(self) -> Iterator[tuple[str, datetime]]:
        """Yield ``(name, time)`` for each milestone that is set, in order."""
        for name in _MILESTONE_ORDER:
            value = getattr(self, name)
            if value is not None:
                yield name, value

    def accuracy(self, name: str) -> TimeAccuracy:
        """How well milestone ``name`` (``started``, ``detected``, ...) is known."""
        if name not in _MILESTONE_ORDER:
            raise KeyError(f"unknown milestone {name!r}; milestones are {', '.join(_MILESTONE_ORDER)}")
        accuracy: TimeAccuracy = getattr(self, f"{name}_accuracy")
        return accuracy

    @property
    def end(self) -> datetime | None:
        """The last milestone that is set after ``started``, or ``None``."""
        last = None
        for name, value in self.items():
            if name != "started":
                last = value
        return last

    @property
    def time_to_detect(self) -> timedelta | None:
        """Detected minus started."""
        return None if self.detected is None else self.detected - self.started

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        """Acknowledged minus detected."""
        if self.acknowledged is None or self.detected is None:
            return None
        return self.acknowledged - self.detected

    @property
    def time_to_mitigate(self) -> timedelta | None:
        """Mitigated minus started."""
        return None if self.mitigated is None else self.mitigated - self.started

    @property
    def time_to_resolve(self) -> timedelta | None:
        """Resolved minus started."""
        return None if self.resolved is None else self.resolved - self.started

    @property
    def impact_duration(self) -> timedelta | None:
        """Mitigated minus started, else resolved minus started."""
        end = self.mitigated or self.resolved
        return None if end is None else end - self.started

    def estimate(self, measure: str) -> DurationEstimate | None:
        """A derived duration with how well it is known.

        Args:
            measure: ``time_to_detect``, ``time_to_acknowledge``, ``time_to_mitigate``,
                ``time_to_resolve`` or ``impact_duration``.

        Returns:
            The estimate; ``ongoing`` for a figure the ongoing incident has not reached
            (mitigation, resolution, impact duration); ``None`` when a milestone it needs is
            missing.

        Raises:
            KeyError: for an unknown measure.
        """
        ends = {
            "time_to_detect": ("started", "detected"),
            "time_to_acknowledge": ("detected", "acknowledged"),
            "time_to_mitigate": ("started", "mitigated"),
            "time_to_resolve": ("started", "resolved"),
            "impact_duration": ("started", "mitigated" if self.mitigated is not None else "resolved"),
        }
        if measure not in ends:
            raise KeyError(f"unknown measure {measure!r}; measures are {', '.join(_MEASURES)}")
        first, last = ends[measure]
        start: datetime | None = getattr(self, first)
        end: datetime | None = getattr(self, last)
        if start is None:
            return None
        if end is None:
            reached_by_ongoing = last in ("mitigated", "resolved")
            return DurationEstimate.ongoing() if self.ongoing and reached_by_ongoing else None
        return DurationEstimate.between(start, end, self.accuracy(first), self.accuracy(last))
