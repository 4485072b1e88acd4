"""Completeness rules for milestones, severity and the timeline: present, consistent, in order, complete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from postmortem.checks._finding import Finding
from postmortem.checks._rule import CheckContext, rule
from postmortem.model import Incident, TimeAccuracy

_TOLERANCE = timedelta(minutes=15)


def _clock(value: object) -> str:
    from datetime import datetime  # noqa: PLC0415

    return value.isoformat() if isinstance(value, datetime) else str(value)


@rule(
    "completeness/milestones-missing",
    severity="error",
    summary="The detection and resolution times are recorded.",
)
def milestones_missing(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The detection and resolution times are recorded."""
    milestones = incident.milestones
    if milestones.detected is None:
        yield context.finding(
            "$.milestones.detected",
            "no detection time: time to detect cannot be measured",
            suggestion="Set milestones.detected to the time of the first alert or report.",
        )
    if milestones.resolved is None and milestones.ongoing:
        yield context.finding(
            "$.milestones.resolved",
            "the incident is ongoing: its resolution and duration are not known yet",
            suggestion="When it ends, set milestones.resolved and remove ongoing.",
        )
    elif milestones.resolved is None:
        yield context.finding(
            "$.milestones.resolved",
            "no resolution time: the incident has no end and its duration is unknown",
            suggestion=(
                "Set milestones.resolved to when the incident was declared over, or ongoing: true if it has not ended."
            ),
        )


@rule(
    "completeness/severity",
    severity="error",
    summary="The severity is assessed.",
)
def severity_assessed(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The severity is assessed."""
    if incident.severity is None:
        levels = ", ".join(level.name for level in incident.severity_scale)
        yield context.finding(
            "$.severity",
            "no severity: readers cannot tell how serious the incident was, and reviews cannot group it",
            suggestion=f"Set severity to a level of the scale ({levels}).",
        )


def _apart(first: tuple[datetime, TimeAccuracy], second: tuple[datetime, TimeAccuracy]) -> timedelta:
    """How far apart two times must be, given the spans they stand for (zero when they may meet)."""
    a_low, a_high = first[1].earliest(first[0]), first[1].latest(first[0])
    b_low, b_high = second[1].earliest(second[0]), second[1].latest(second[0])
    if a_high is not None and b_low is not None and a_high < b_low:
        return b_low - a_high
    if b_high is not None and a_low is not None and b_high < a_low:
        return a_low - b_high
    return timedelta(0)


@rule(
    "completeness/milestones-consistent",
    severity="error",
    summary=("Times that describe the same moment agree (detection time, milestones, updates, completions)."),
)
def milestones_consistent(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Times that describe the same moment agree."""
    milestones = incident.milestones
    detection = incident.detection
    if detection is not None and detection.time is not None:
        if milestones.detected is None:
            yield context.finding(
                "$.milestones.detected",
                f"detection.time is {_clock(detection.time)} but milestones.detected is not set",
                suggestion="Set milestones.detected to the same time.",
            )
        elif _apart(
            (detection.time, detection.time_accuracy), (milestones.detected, milestones.detected_accuracy)
        ) > timedelta(minutes=1):
            yield context.finding(
                "$.detection.time",
                f"detection.time ({_clock(detection.time)}) differs from milestones.detected "
                f"({_clock(milestones.detected)})",
                suggestion="Use one detection time: the first alert or report.",
            )
    earliest = milestones.started - context.config.timeline_margin
    for index, update in enumerate(incident.customer_communication):
        if update.time < earliest:
            yield context.finding(
                f"$.customer_communication[{index}].time",
                f"customer update at {_clock(update.time)} is before the incident started "
                f"({_clock(milestones.started)})",
                suggestion="Check the date and the timezone offset of this update.",
            )
    for index, item in enumerate(incident.action_items):
        if item.completed is not None and item.completed < milestones.started.date():
            yield context.finding(
                f"$.action_items[{index}].completed",
                f"{item.id} was completed on {item.completed}, before the incident started",
                suggestion=("Check the completion date; work done before the incident is not a follow-up."),
            )


@rule(
    "completeness/timeline-order",
    severity="warning",
    summary="Timeline events are written in the order they happened.",
)
def timeline_order(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Timeline events are written in the order they happened."""
    events = incident.timeline
    for index in range(1, len(events)):
        # A rough time is out of order only when it must be before the one written above it.
        latest = events[index].time_accuracy.latest(events[index].time)
        earliest = events[index - 1].time_accuracy.earliest(events[index - 1].time)
        if latest is not None and earliest is not None and latest < earliest:
            yield context.finding(
                f"$.timeline[{index}].time",
                f"event at {_clock(events[index].time)} is written after a later one "
                f"({_clock(events[index - 1].time)})",
                suggestion=("Sort the timeline by time so that readers follow the incident as it unfolded."),
            )


@rule(
    "completeness/timeline-window",
    severity="warning",
    summary="Timeline events lie inside the incident window, give or take the configured margin.",
)
def timeline_window(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Timeline events lie inside the incident window, give or take the configured margin.

    Rough times count as the whole span they stand for. An incident without a resolution time
    (ongoing, or not written yet) has no end, so no event is after it.
    """
    margin = context.config.timeline_margin
    milestones = incident.milestones
    start = milestones.started_accuracy.earliest(milestones.started)
    end = None if milestones.resolved is None else milestones.resolved_accuracy.latest(milestones.resolved)
    hours = margin.total_seconds() / 3600
    for index, event in enumerate(incident.timeline):
        latest = event.time_accuracy.latest(event.time)
        earliest = event.time_accuracy.earliest(event.time)
        if start is not None and latest is not None and latest < start - margin:
            where = "before the incident started"
        elif end is not None and earliest is not None and earliest > end + margin:
            where = "after the incident ended"
        else:
            continue
        yield context.finding(
            f"$.timeline[{index}].time",
            f"event at {_clock(event.time)} is more than {hours:g} h {where}",
            suggestion=("Check the date and timezone offset, or move lead-up history into the narrative."),
        )


def _span(
    at: datetime, accuracy: TimeAccuracy, tolerance: timedelta = timedelta(0)
) -> tuple[datetime | None, datetime | None]:
    """The earliest and latest a time written as ``at`` can be, widened by ``tolerance``.

    An "about" time's own margin is already in its earliest and latest.
    """
    low, high = accuracy.earliest(at), accuracy.latest(at)
    return (None if low is None else low - tolerance, None if high is None else high + tolerance)


def _overlap(one: tuple[datetime | None, datetime | None], other: tuple[datetime | None, datetime | None]) -> bool:
    """True when two spans (``None``: unbounded on that side) share an instant."""
    return (one[0] is None or other[1] is None or one[0] <= other[1]) and (
        other[0] is None or one[1] is None or other[0] <= one[1]
    )


@rule(
    "completeness/timeline-coverage",
    severity="error",
    summary="The timeline covers at least the detection and the resolution.",
)
def timeline_coverage(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The timeline covers at least the detection and the resolution.

    Rough times count as the whole span they stand for, widened by one unit when written as
    "about": an event known only by its date covers a detection that day. An incident with no
    resolution or mitigation time (ongoing) asks for no event at its end.
    """
    events = incident.timeline
    if not events:
        return
    milestones = incident.milestones
    detected, detected_accuracy = milestones.detected, milestones.detected_accuracy
    if detected is None and incident.detection is not None:
        detected, detected_accuracy = incident.detection.time, incident.detection.time_accuracy
    spans = [_span(event.time, event.time_accuracy, _TOLERANCE) for event in events]
    if detected is not None:
        low, high = _span(detected, detected_accuracy)
        if not any(_overlap((lo, hi), (low, high)) for lo, hi in spans):
            yield context.finding(
                "$.timeline",
                f"no timeline event near the detection at {_clock(detected)}",
                suggestion=("Add the first alert or report as an event, e.g. 'API error-rate monitor fired'."),
            )
    end: datetime | None = milestones.resolved
    end_accuracy = milestones.resolved_accuracy
    if end is None:
        end, end_accuracy = milestones.mitigated, milestones.mitigated_accuracy
    end_low = None if end is None else _span(end, end_accuracy)[0]
    if end is not None and end_low is not None and not any(hi is None or hi >= end_low for _lo, hi in spans):
        yield context.finding(
            "$.timeline",
            f"no timeline event at the resolution ({_clock(end)})",
            suggestion=(
                "Add the event that ended the incident, e.g. 'Error rate back to baseline; incident resolved'."
            ),
        )
