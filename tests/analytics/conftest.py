"""Builders for small, hand-checkable incidents used across the analytics tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from postmortem import (
    DEFAULT_SEVERITY_SCALE,
    ActionItem,
    ContributingFactor,
    Detection,
    DetectionMethod,
    FactorCategory,
    Impact,
    Incident,
    Milestones,
    Participant,
    RootCause,
)

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)

MakeIncident = Callable[..., Incident]


def build_incident(
    incident_id: str,
    *,
    start: datetime = T0,
    detect: float | None = 10,
    acknowledge: float | None = 5,
    mitigate: float | None = 60,
    resolve: float | None = 120,
    severity: str = "SEV2",
    services: Sequence[str] = ("api",),
    tags: Sequence[str] = (),
    method: DetectionMethod | None = DetectionMethod.MONITOR,
    categories: Sequence[FactorCategory] = (),
    technical: str = "",
    impact: str = "",
    action_items: Sequence[ActionItem] = (),
    participants: Sequence[Participant] = (),
    **extra: Any,
) -> Incident:
    """An incident whose milestones are given in minutes: detect and mitigate/resolve after start."""
    detected = None if detect is None else start + timedelta(minutes=detect)
    acknowledged = None if acknowledge is None or detected is None else detected + timedelta(minutes=acknowledge)
    return Incident(
        id=incident_id,
        title=f"Incident {incident_id}",
        severity=DEFAULT_SEVERITY_SCALE.get(severity),
        milestones=Milestones(
            started=start,
            detected=detected,
            acknowledged=acknowledged,
            mitigated=None if mitigate is None else start + timedelta(minutes=mitigate),
            resolved=None if resolve is None else start + timedelta(minutes=resolve),
        ),
        services=tuple(services),
        tags=tuple(tags),
        detection=None if method is None else Detection(method=method),
        contributing_factors=tuple(ContributingFactor(f"factor {category.value}", category) for category in categories),
        root_cause=RootCause(technical=technical),
        impact=Impact(summary=impact),
        action_items=tuple(action_items),
        participants=tuple(participants),
        **extra,
    )


@pytest.fixture
def make() -> MakeIncident:
    """The incident builder, as a fixture."""
    return build_incident


@pytest.fixture
def today() -> date:
    """The day action items are judged against in these tests."""
    return date(2026, 8, 1)
