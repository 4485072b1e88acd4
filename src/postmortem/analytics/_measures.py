"""Measures over many incidents: response times, detection, contributing factors.

Definitions (also in the documentation):

* Durations come from :class:`~postmortem.model.Milestones`: time to detect is detected
  minus started, to acknowledge is acknowledged minus detected, to mitigate is mitigated
  minus started, to resolve is resolved minus started. An incident missing a milestone a
  measure needs is left out of that measure (and counted in ``missing``).
* Honest times (:meth:`~postmortem.model.Incident.estimate`): an exact figure counts as it
  is; an "about" figure counts as its best estimate and is counted in ``approximate``; a
  figure known only as a bound ("at least", "at most") is left out and counted in
  ``bounded``; an ongoing incident is left out of the measures it has not reached and
  counted in ``ongoing``. A median over bounds would invent precision.
* The **median** is the middle value, or the mean of the two middle values for an even count.
* The **p90** uses the *nearest-rank* definition: the smallest value that at least 90 % of
  the values are less than or equal to, that is the value at rank ``ceil(0.9 * n)`` in the
  sorted list. It is always a value that occurred, never an interpolation.
* A **month** is the calendar month of ``milestones.started`` in UTC, written ``YYYY-MM``.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Literal

import attrs
from attrs import frozen

from postmortem.model import DetectionMethod, EstimateKind, FactorCategory, Incident

__all__ = [
    "MEASURES",
    "DetectionShare",
    "DurationSummary",
    "Measure",
    "by_month",
    "category_counts_by_month",
    "detection_method_counts_by_month",
    "detection_share",
    "duration_summary",
    "durations",
    "month_of",
    "nearest_rank",
    "summarize",
]

Measure = Literal["time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve"]
"""The name of a response-time measure, a property of :class:`~postmortem.model.Milestones`."""

MEASURES: tuple[Measure, ...] = (
    "time_to_detect",
    "time_to_acknowledge",
    "time_to_mitigate",
    "time_to_resolve",
)
"""Every response-time measure, in the order the milestones happen."""

MEASURE_LABELS: dict[Measure, str] = {
    "time_to_detect": "Time to detect",
    "time_to_acknowledge": "Time to acknowledge",
    "time_to_mitigate": "Time to mitigate",
    "time_to_resolve": "Time to resolve",
}

GroupBy = Literal["severity", "service", "month"]


def nearest_rank(sorted_values: Sequence[timedelta], fraction: float) -> timedelta:
    """Return the nearest-rank percentile of already sorted values.

    Args:
        sorted_values: At least one value, in ascending order.
        fraction: The percentile as a fraction, greater than 0 and at most 1 (0.9 for p90).

    Returns:
        The value at rank ``ceil(fraction * n)`` (1-based).

    Raises:
        ValueError: for no values or a fraction outside (0, 1].
    """
    if not sorted_values:
        raise ValueError("a percentile needs at least one value")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    # Rounding first keeps 0.9 * 10 from becoming 9.000000000000002 and rank 10.
    rank = math.ceil(round(fraction * len(sorted_values), 9))
    return sorted_values[max(rank, 1) - 1]


@frozen
class DurationSummary:
    """The distribution of one measure over a group of incidents.

    Attributes:
        count: How many incidents had the measure (exact or about).
        missing: How many incidents in the group lacked a milestone it needs.
        approximate: How many of the ``count`` figures are "about" (best estimates).
        bounded: How many incidents were left out because the figure is known only as a
            bound ("at least" or "at most").
        ongoing: How many incidents were left out because they are ongoing.
        median: The median (``None`` when ``count`` is 0).
        p90: The nearest-rank 90th percentile.
        mean: The arithmetic mean. Shown for completeness: one long outage moves it far more
            than it moves the median, so do not read it as a typical incident.
        minimum: The shortest.
        maximum: The longest.
    """

    count: int
    missing: int = 0
    median: timedelta | None = None
    p90: timedelta | None = None
    mean: timedelta | None = None
    minimum: timedelta | None = None
    maximum: timedelta | None = None
    approximate: int = 0
    bounded: int = 0
    ongoing: int = 0

    @property
    def left_out(self) -> int:
        """Incidents left out of the statistics, bounded or ongoing."""
        return self.bounded + self.ongoing


def summarize(
    values: Iterable[timedelta], *, missing: int = 0, approximate: int = 0, bounded: int = 0, ongoing: int = 0
) -> DurationSummary:
    """Summarize durations: count, median, nearest-rank p90, mean, minimum and maximum.

    Args:
        values: The durations.
        missing: How many incidents lacked the measure, carried into the summary.
        approximate: How many values are best estimates, carried into the summary.
        bounded: How many incidents were left out as bounds only, carried into the summary.
        ongoing: How many incidents were left out as ongoing, carried into the summary.

    Returns:
        The summary; every statistic is ``None`` when there are no values.
    """
    ordered = sorted(values)
    counts = DurationSummary(count=0, missing=missing, approximate=approximate, bounded=bounded, ongoing=ongoing)
    if not ordered:
        return counts
    seconds = [value.total_seconds() for value in ordered]
    return attrs.evolve(
        counts,
        count=len(ordered),
        median=timedelta(seconds=statistics.median(seconds)),
        p90=nearest_rank(ordered, 0.9),
        mean=timedelta(seconds=math.fsum(seconds) / len(seconds)),
        minimum=ordered[0],
        maximum=ordered[-1],
    )


def month_of(moment: datetime) -> str:
    """Return the UTC calendar month of a time as ``YYYY-MM``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m")


def _measure(incident: Incident, measure: Measure) -> timedelta | None:
    """The figure that counts: exact or about; ``None`` when missing, bounded or ongoing."""
    estimate = incident.estimate(measure)
    if estimate is None or estimate.kind not in _COUNTED:
        return None
    return estimate.value


_COUNTED = frozenset({EstimateKind.EXACT, EstimateKind.ABOUT})


def _why_left_out(incident: Incident, measure: Measure) -> str:
    """``missing``, ``bounded`` or ``ongoing`` for a figure that does not count."""
    estimate = incident.estimate(measure)
    if estimate is None:
        return "missing"
    return "ongoing" if estimate.kind is EstimateKind.ONGOING else "bounded"


def durations(incidents: Iterable[Incident], measure: Measure) -> list[tuple[Incident, timedelta]]:
    """Return ``(incident, duration)`` for each incident that has the measure, exact or about.

    Figures known only as a bound, and ongoing incidents, are left out (see the module's rules).

    Args:
        incidents: The incidents.
        measure: One of :data:`~postmortem.analytics.MEASURES`.

    Returns:
        The pairs, in the incidents' order.

    Raises:
        ValueError: for an unknown measure.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    pairs = []
    for incident in incidents:
        value = _measure(incident, measure)
        if value is not None:
            pairs.append((incident, value))
    return pairs


NO_SEVERITY = "(no severity)"
"""The severity group of incidents whose severity is not assessed yet (listed last)."""


def severity_name(incident: Incident) -> str:
    """The incident's severity name, or ``(no severity)``."""
    return NO_SEVERITY if incident.severity is None else incident.severity.name


def severity_rank(incident: Incident) -> int:
    """The incident's severity rank; incidents with no severity sort after every level."""
    return 1_000_000 if incident.severity is None else incident.severity.rank


def _group_keys(incident: Incident, by: GroupBy) -> Iterable[str]:
    if by == "severity":
        return (severity_name(incident),)
    if by == "service":
        return incident.services or ("(no service)",)
    return (month_of(incident.milestones.started),)


def _group_order(incidents: Sequence[Incident], by: GroupBy) -> Callable[[str], tuple[int, str]]:
    if by == "severity":
        ranks = {severity_name(incident): severity_rank(incident) for incident in incidents}
        return lambda key: (ranks.get(key, 0), key)
    return lambda key: (0, key)


def duration_summary(
    incidents: Iterable[Incident], measure: Measure, by: GroupBy | None = None
) -> dict[str, DurationSummary]:
    """Summarize one measure overall or per severity, service or month.

    Args:
        incidents: The incidents.
        measure: One of :data:`~postmortem.analytics.MEASURES`.
        by: ``"severity"`` (most severe first), ``"service"`` (alphabetical; an incident
            counts once for each service it affected; ``(no service)`` collects those with
            none) or ``"month"`` (chronological). ``None`` gives one entry, ``"all"``.

    Returns:
        Group name to summary, in the order described.

    Raises:
        ValueError: for an unknown measure or grouping.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if by not in (None, "severity", "service", "month"):
        raise ValueError(f"unknown grouping {by!r}; use severity, service or month")
    items = list(incidents)
    groups: dict[str, list[timedelta]] = {}
    tallies: dict[str, Counter[str]] = {}
    for incident in items:
        value = _measure(incident, measure)
        estimate = incident.estimate(measure) if value is not None else None
        keys = ("all",) if by is None else _group_keys(incident, by)
        for key in keys:
            bucket = groups.setdefault(key, [])
            tally = tallies.setdefault(key, Counter())
            if value is None:
                tally[_why_left_out(incident, measure)] += 1
            else:
                bucket.append(value)
                if estimate is not None and estimate.kind is EstimateKind.ABOUT:
                    tally["approximate"] += 1
    if by is None and not groups:
        groups["all"] = []
    order = _group_order(items, by) if by is not None else (lambda key: (0, key))
    return {
        key: summarize(
            groups[key],
            missing=tallies.get(key, Counter())["missing"],
            approximate=tallies.get(key, Counter())["approximate"],
            bounded=tallies.get(key, Counter())["bounded"],
            ongoing=tallies.get(key, Counter())["ongoing"],
        )
        for key in sorted(groups, key=order)
    }


@frozen
class DetectionShare:
    """How incidents were first detected: by machines or by people.

    Attributes:
        automated: Detected by a monitor or internal alert
            (:attr:`~postmortem.model.DetectionMethod.is_automated`).
        by_people: Reported by users or escalated by support.
        other: Detection method ``other``.
        unknown: No detection recorded.
    """

    automated: int = 0
    by_people: int = 0
    other: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        """Every incident counted."""
        return self.automated + self.by_people + self.other + self.unknown

    @property
    def known(self) -> int:
        """Incidents whose detection method is recorded."""
        return self.automated + self.by_people + self.other

    @property
    def automated_share(self) -> float | None:
        """Automated detections as a fraction of incidents with a recorded method."""
        return None if not self.known else self.automated / self.known

    @property
    def by_people_share(self) -> float | None:
        """User and support reports as a fraction of incidents with a recorded method."""
        return None if not self.known else self.by_people / self.known


_BY_PEOPLE = frozenset({DetectionMethod.USER_REPORT, DetectionMethod.SUPPORT_ESCALATION})


def detection_share(incidents: Iterable[Incident]) -> DetectionShare:
    """Count incidents detected by monitoring versus by users or support.

    Args:
        incidents: The incidents.

    Returns:
        The counts; shares are over incidents with a recorded detection method.
    """
    counts = Counter[str]()
    for incident in incidents:
        detection = incident.detection
        if detection is None:
            counts["unknown"] += 1
        elif detection.method.is_automated:
            counts["automated"] += 1
        elif detection.method in _BY_PEOPLE:
            counts["by_people"] += 1
        else:
            counts["other"] += 1
    return DetectionShare(**{field.name: counts[field.name] for field in attrs.fields(DetectionShare)})


def by_month(incidents: Iterable[Incident]) -> dict[str, list[Incident]]:
    """Group incidents by the UTC month they started in, chronologically.

    Months without incidents between the first and the last are included, empty, so that
    trend charts show the gap rather than hide it.
    """
    groups: dict[str, list[Incident]] = {}
    for incident in incidents:
        groups.setdefault(month_of(incident.milestones.started), []).append(incident)
    if not groups:
        return {}
    return {month: groups.get(month, []) for month in _month_range(min(groups), max(groups))}


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def category_counts_by_month(incidents: Iterable[Incident]) -> dict[str, dict[FactorCategory, int]]:
    """Count contributing-factor categories per month.

    Each incident counts once per category it names, however many factors of that category
    it lists, so a month's count reads "incidents with a monitoring gap".

    Returns:
        Month to a count for every category (zeros included), chronologically.
    """
    result: dict[str, dict[FactorCategory, int]] = {}
    for month, members in by_month(incidents).items():
        counts = dict.fromkeys(FactorCategory, 0)
        for incident in members:
            for category in {factor.category for factor in incident.contributing_factors}:
                counts[category] += 1
        result[month] = counts
    return result


def detection_method_counts_by_month(
    incidents: Iterable[Incident],
) -> dict[str, dict[DetectionMethod | None, int]]:
    """Count detection methods per month; ``None`` counts incidents with no detection recorded.

    Returns:
        Month to a count for every method and ``None`` (zeros included), chronologically.
    """
    result: dict[str, dict[DetectionMethod | None, int]] = {}
    for month, members in by_month(incidents).items():
        counts: dict[DetectionMethod | None, int] = dict.fromkeys([*DetectionMethod, None], 0)
        for incident in members:
            counts[incident.detection.method if incident.detection else None] += 1
        result[month] = counts
    return result
