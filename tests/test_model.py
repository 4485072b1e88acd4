"""The incident model: validation at construction and derived values."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from postmortem import model
from postmortem.errors import FieldError
from postmortem.testing import sample_incident

UTC = timezone.utc
T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


class TestMilestones:
    """Milestones: order, awareness and durations."""

    def test_naive_datetime_is_an_error(self) -> None:
        """A datetime without a timezone is rejected and the message shows how to fix it."""
        with pytest.raises(FieldError, match=r"started: .*no timezone.*Z or"):
            model.Milestones(started=datetime(2026, 5, 4, 10, 0))

    def test_out_of_order_is_an_error(self) -> None:
        """A milestone before an earlier one names both."""
        with pytest.raises(FieldError) as info:
            model.Milestones(started=T0, detected=T0 + timedelta(minutes=5), mitigated=T0 + timedelta(minutes=1))
        assert info.value.field == "mitigated"
        assert "before detected" in info.value.message

    def test_equal_times_are_allowed(self) -> None:
        """Detection at the very moment impact starts is legitimate."""
        assert model.Milestones(started=T0, detected=T0).time_to_detect == timedelta(0)

    def test_durations_follow_their_definitions(self) -> None:
        """Each derived duration is the documented difference."""
        m = model.Milestones(
            started=T0,
            detected=T0 + timedelta(minutes=5),
            acknowledged=T0 + timedelta(minutes=7),
            mitigated=T0 + timedelta(minutes=30),
            resolved=T0 + timedelta(hours=2),
        )
        assert m.time_to_detect == timedelta(minutes=5)
        assert m.time_to_acknowledge == timedelta(minutes=2)
        assert m.time_to_mitigate == timedelta(minutes=30)
        assert m.time_to_resolve == timedelta(hours=2)
        assert m.impact_duration == timedelta(minutes=30)

    def test_missing_milestones_give_none(self) -> None:
        """Durations that need a missing milestone are None; impact falls back to resolved."""
        m = model.Milestones(started=T0, resolved=T0 + timedelta(hours=1))
        assert m.time_to_detect is None
        assert m.time_to_acknowledge is None
        assert m.impact_duration == timedelta(hours=1)
        assert model.Milestones(started=T0).impact_duration is None

    def test_offsets_compare_as_instants(self) -> None:
        """10:00+02:00 is before 09:30Z: order is by instant, not by wall clock."""
        berlin = timezone(timedelta(hours=2))
        with pytest.raises(FieldError):
            model.Milestones(
                started=datetime(2026, 5, 4, 10, 0, tzinfo=UTC), detected=datetime(2026, 5, 4, 11, 0, tzinfo=berlin)
            )


class TestSeverity:
    """Severity scales."""

    def test_default_scale_has_five_levels_with_descriptions(self) -> None:
        """SEV1..SEV5, most severe first, each described."""
        names = [level.name for level in model.DEFAULT_SEVERITY_SCALE]
        assert names == ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]
        assert all(level.description for level in model.DEFAULT_SEVERITY_SCALE)

    def test_lookup_is_case_insensitive_and_lists_levels_when_unknown(self) -> None:
        """``sev2`` finds SEV2; an unknown name lists the scale."""
        assert model.DEFAULT_SEVERITY_SCALE.get("sev2").rank == 2
        with pytest.raises(KeyError, match="SEV1, SEV2"):
            model.DEFAULT_SEVERITY_SCALE.get("P1")

    def test_custom_scale(self) -> None:
        """A team's own scale is sorted by rank and must be unique."""
        scale = model.SeverityScale(
            [model.Severity("Minor", 3), model.Severity("Critical", 1), model.Severity("Major", 2)]
        )
        assert [level.name for level in scale] == ["Critical", "Major", "Minor"]
        assert scale.is_top(scale.get("Major"))
        assert not scale.is_top(scale.get("Minor"))
        with pytest.raises(FieldError, match="unique"):
            model.SeverityScale([model.Severity("A", 1), model.Severity("a", 2)])

    def test_severity_must_belong_to_the_incident_scale(self) -> None:
        """An incident cannot use a level from another scale."""
        other = model.Severity("P1", 1)
        with pytest.raises(FieldError, match="not on this incident's severity scale"):
            attrs.evolve(sample_incident(), severity=other)


class TestIncident:
    """Whole-incident validation and helpers."""

    def test_duplicate_action_item_ids(self) -> None:
        """Two action items with one id are an error naming the second."""
        item = model.ActionItem("AI-1", "Add an alert")
        with pytest.raises(FieldError) as info:
            attrs.evolve(sample_incident(), action_items=(item, item))
        assert info.value.field == "action_items[1].id"

    def test_completed_needs_done(self) -> None:
        """A completion date on an open item is contradictory."""
        with pytest.raises(FieldError, match="completed"):
            model.ActionItem("AI-1", "Add an alert", completed=date(2026, 1, 1))

    def test_overdue(self) -> None:
        """Open items past their due date are overdue; closed ones never are."""
        item = model.ActionItem("AI-1", "Add an alert", due=date(2026, 1, 1))
        assert item.is_overdue(date(2026, 1, 2))
        assert not item.is_overdue(date(2026, 1, 1))
        assert not attrs.evolve(item, status=model.ActionStatus.WONT_DO).is_overdue(date(2027, 1, 1))

    def test_share_affected_is_a_fraction(self) -> None:
        """30 is not a share; 0.3 is."""
        with pytest.raises(FieldError, match="fraction"):
            model.Impact(share_affected=30)
        assert model.Impact(share_affected=0.3).is_quantified

    def test_ordered_timeline_is_stable(self) -> None:
        """Events sort by instant; equal times keep their written order."""
        a = model.TimelineEvent(T0 + timedelta(minutes=5), "second")
        b = model.TimelineEvent(T0, "first")
        c = model.TimelineEvent(T0, "first too")
        incident = attrs.evolve(sample_incident(), timeline=(a, b, c))
        assert [e.description for e in incident.ordered_timeline] == ["first", "first too", "second"]
        assert incident.timeline[0] is a

    def test_people_and_participant_lookup(self) -> None:
        """People come from participants, handles, authors, reviewers and owners."""
        incident = sample_incident()
        assert {"Priya Raman", "@priya", "Jonas Berg"} <= incident.people
        assert incident.participant("@PRIYA") is incident.participants[1]
        assert incident.participant("nobody") is None

    def test_unknown_timezone(self) -> None:
        """The display timezone must be an IANA name."""
        with pytest.raises(FieldError, match="IANA"):
            attrs.evolve(sample_incident(), timezone="Mars/Olympus")

    def test_lone_string_for_a_list_becomes_one_item(self) -> None:
        """In Python, services="api" means ("api",), not ("a", "p", "i")."""
        incident = attrs.evolve(sample_incident(), services="api")
        assert incident.services == ("api",)

    def test_labels(self) -> None:
        """Enum labels read as words."""
        assert model.ActionStatus.WONT_DO.label == "Won't do"
        assert model.WriteUpStatus.IN_REVIEW.label == "In review"
        assert model.ActionKind.DEPLOY_SAFETY.label == "Safer deploy or feature flag"
        assert model.DetectionMethod.MONITOR.is_automated
        assert not model.DetectionMethod.USER_REPORT.is_automated
