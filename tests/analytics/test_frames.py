from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import pytest

from postmortem import ActionItem, ActionStatus, EventKind, FactorCategory, Incident, Participant, TimelineEvent
from postmortem.analytics import Collection, generate_incidents

pd = pytest.importorskip("pandas")

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]


@pytest.fixture
def collection(make: MakeIncident) -> Collection:
    """Two incidents; the first has a timeline, two factors and two action items."""
    first = make(
        "INC-1",
        categories=[FactorCategory.MONITORING, FactorCategory.PROCESS],
        participants=(Participant("Maria", team="payments"),),
        timeline=(
            TimelineEvent(T0 + timedelta(minutes=5), "Deploy 42", EventKind.DEPLOY),
            TimelineEvent(T0, "Alert fired", EventKind.ALERT, actor="monitor"),
        ),
        action_items=(
            ActionItem("AI-1", "Add alert", owner="Maria", due=date(2026, 7, 20)),
            ActionItem("AI-2", "Fix", status=ActionStatus.DONE, completed=date(2026, 7, 5), verification="ok"),
        ),
    )
    second = make("INC-2", start=T0 + timedelta(days=40), resolve=None, method=None, severity="SEV1")
    return Collection([first, second])


class TestFrames:
    def test_incidents(self, collection: Collection) -> None:
        """One row per incident; durations are Timedelta, times UTC, missing values NaT/None."""
        frame = collection.to_pandas().incidents
        assert list(frame["incident_id"]) == ["INC-1", "INC-2"]
        assert frame.loc[0, "time_to_detect"] == pd.Timedelta(minutes=10)
        assert frame.loc[0, "time_to_resolve"] == pd.Timedelta(minutes=120)
        assert pd.isna(frame.loc[1, "time_to_resolve"])
        assert str(frame["started"].dt.tz) == "UTC"
        assert list(frame["month"]) == ["2026-07", "2026-08"]
        assert list(frame["severity_rank"]) == [2, 1]
        assert frame["detection_automated"].astype("boolean").tolist() == [True, pd.NA]
        assert frame.loc[0, "detection_method"] == "monitor"
        assert pd.isna(frame.loc[1, "detection_method"])

    def test_timeline_in_time_order(self, collection: Collection) -> None:
        """Timeline rows follow time, not the written order."""
        frame = collection.to_pandas().timeline
        assert list(frame["description"]) == ["Alert fired", "Deploy 42"]
        assert list(frame["kind"]) == ["alert", "deploy"]

    def test_factors_and_actions(self, collection: Collection) -> None:
        """Factors and action items are tidy: one row each, joined by incident_id."""
        frames = collection.to_pandas()
        assert list(frames.factors["category"]) == ["monitoring", "process"]
        actions = frames.actions
        assert list(actions["action_id"]) == ["AI-1", "AI-2"]
        assert actions.loc[0, "team"] == "payments"
        assert pd.isna(actions.loc[1, "team"])
        assert list(actions["verified"]) == [False, True]
        assert actions.loc[0, "due"] == pd.Timestamp("2026-07-20")

    def test_empty(self) -> None:
        """An empty collection gives empty frames with the documented columns."""
        frames = Collection().to_pandas()
        assert len(frames.incidents) == 0
        assert "time_to_resolve" in frames.incidents.columns
        assert list(frames.actions.columns)[:3] == ["incident_id", "action_id", "description"]

    def test_analyst_groupby(self) -> None:
        """The frames answer the measures' questions the same way: median time to resolve per severity."""
        from postmortem.analytics import duration_summary

        collection = Collection(generate_incidents(120, seed=4))
        frame = collection.to_pandas().incidents
        by_pandas = frame.groupby("severity")["time_to_resolve"].median()
        ours = duration_summary(collection, "time_to_resolve", "severity")
        for severity, summary in ours.items():
            assert by_pandas[severity] == pd.Timedelta(summary.median)
