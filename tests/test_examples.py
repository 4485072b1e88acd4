"""The example post-mortems under examples/ load, stay complete, and survive round trips."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import postmortem
from postmortem import (
    ActionStatus,
    CommunicationChannel,
    HypothesisOutcome,
    Incident,
    WriteUpStatus,
)

if TYPE_CHECKING:
    from postmortem.serialize import Format

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMPLETE = ("api-outage-feature-flag.yaml", "latency-database-hotspot.yaml")
POOR = "draft-checkout-errors.yaml"
ALL = (*COMPLETE, POOR)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../docs/_static/incident.schema.json"


def load_example(name: str) -> Incident:
    return postmortem.load(EXAMPLES / name)


class TestExamples:
    """The shipped examples: two complete post-mortems and one deliberately poor draft."""

    @pytest.mark.parametrize("name", ALL)
    def test_loads(self, name: str) -> None:
        """Every example file loads into an Incident."""
        incident = load_example(name)
        assert isinstance(incident, Incident)
        assert incident.id.startswith("INC-2026-")

    def test_every_example_is_covered(self) -> None:
        """No YAML file in examples/ escapes these tests."""
        assert sorted(path.name for path in EXAMPLES.glob("*.yaml")) == sorted(ALL)

    @pytest.mark.parametrize("name", ALL)
    def test_first_line_names_the_schema(self, name: str) -> None:
        """Editors find the JSON schema through the comment on the first line."""
        first_line = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line == SCHEMA_COMMENT

    @pytest.mark.parametrize("name", COMPLETE)
    def test_complete_example_is_finished_and_severe(self, name: str) -> None:
        """The complete examples are published or in review, at SEV1 or SEV2."""
        incident = load_example(name)
        assert incident.status in (WriteUpStatus.PUBLISHED, WriteUpStatus.IN_REVIEW)
        assert incident.severity.name in ("SEV1", "SEV2")

    def test_complete_examples_cover_both_severities(self) -> None:
        """One complete example is SEV1 and the other SEV2."""
        assert sorted(load_example(name).severity.name for name in COMPLETE) == ["SEV1", "SEV2"]

    @pytest.mark.parametrize("name", COMPLETE)
    def test_timeline_in_time_order(self, name: str) -> None:
        """Timeline events are written in time order."""
        incident = load_example(name)
        times = [event.time for event in incident.timeline]
        assert times == sorted(times)

    @pytest.mark.parametrize("name", COMPLETE)
    def test_timeline_has_enough_events(self, name: str) -> None:
        """A complete timeline has at least 15 events of several kinds."""
        incident = load_example(name)
        assert len(incident.timeline) >= 15
        assert len({event.kind for event in incident.timeline}) >= 8

    @pytest.mark.parametrize("name", COMPLETE)
    def test_timeline_inside_incident_window(self, name: str) -> None:
        """Every timeline event lies between the start and the resolution."""
        incident = load_example(name)
        started, resolved = incident.milestones.started, incident.milestones.resolved
        assert resolved is not None
        assert all(started <= event.time <= resolved for event in incident.timeline)

    @pytest.mark.parametrize("name", COMPLETE)
    def test_all_milestones_set(self, name: str) -> None:
        """Started, detected, acknowledged, mitigated and resolved are all recorded."""
        milestones = load_example(name).milestones
        assert [milestone for milestone, _ in milestones.items()] == [
            "started",
            "detected",
            "acknowledged",
            "mitigated",
            "resolved",
        ]

    @pytest.mark.parametrize("name", COMPLETE)
    def test_detection_matches_milestone(self, name: str) -> None:
        """The detection section names its source and agrees with the detected milestone."""
        incident = load_example(name)
        assert incident.detection is not None
        assert incident.detection.source
        assert incident.detection.time == incident.milestones.detected

    @pytest.mark.parametrize("name", COMPLETE)
    def test_action_items_have_owner_and_due_date(self, name: str) -> None:
        """Every action item has an owner who took part and a due date."""
        incident = load_example(name)
        assert 5 <= len(incident.action_items) <= 7
        for item in incident.action_items:
            assert item.owner is not None
            assert incident.participant(item.owner) is not None, item.owner
            assert item.due is not None
            assert item.tracker_key
            assert item.tracker_url

    @pytest.mark.parametrize("name", COMPLETE)
    def test_action_item_statuses_are_mixed_and_done_ones_verified(self, name: str) -> None:
        """Items are open, in progress and done; done ones say when and how it was verified."""
        incident = load_example(name)
        statuses = {item.status for item in incident.action_items}
        assert statuses == {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE}
        for item in incident.action_items:
            if item.status is ActionStatus.DONE:
                assert item.completed is not None
                assert item.verification

    @pytest.mark.parametrize("name", COMPLETE)
    def test_one_trigger_among_several_factors(self, name: str) -> None:
        """Exactly one of at least four contributing factors is the trigger."""
        factors = load_example(name).contributing_factors
        assert len(factors) >= 4
        assert sum(factor.trigger for factor in factors) == 1

    @pytest.mark.parametrize("name", COMPLETE)
    def test_hypotheses_ruled_out_and_confirmed(self, name: str) -> None:
        """The narrative records ruled-out hypotheses and exactly one confirmed one."""
        outcomes = [hypothesis.outcome for hypothesis in load_example(name).narrative.hypotheses]
        assert outcomes.count(HypothesisOutcome.CONFIRMED) == 1
        assert HypothesisOutcome.RULED_OUT in outcomes

    @pytest.mark.parametrize("name", COMPLETE)
    def test_impact_and_customer_communication(self, name: str) -> None:
        """Impact has numbers; customers heard through the status page and by email."""
        incident = load_example(name)
        assert incident.impact.users_affected
        assert incident.impact.share_affected is not None
        assert 0 < incident.impact.share_affected < 1
        channels = {update.channel for update in incident.customer_communication}
        assert {CommunicationChannel.STATUS_PAGE, CommunicationChannel.EMAIL} <= channels

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    @pytest.mark.parametrize("name", ALL)
    def test_round_trip(self, name: str, fmt: Format, tmp_path: Path) -> None:
        """Dumping to a file and loading it back gives an equal incident in every format."""
        incident = load_example(name)
        path = postmortem.dump(incident, tmp_path / f"incident.{fmt}")
        assert postmortem.load(path) == incident

    def test_poor_draft_is_deliberately_poor(self) -> None:
        """The poor draft keeps the gaps the checks are meant to find."""
        incident = load_example(POOR)
        assert incident.status is WriteUpStatus.DRAFT
        assert incident.severity.name == "SEV2"
        assert incident.detection is None
        assert not incident.impact.is_quantified
        assert not incident.customer_communication
        assert not incident.lessons_learned
        assert "human error" in incident.root_cause.technical.lower()
        assert len(incident.timeline) == 3
        assert incident.timeline != incident.ordered_timeline

    def test_poor_draft_action_items_are_incomplete(self) -> None:
        """One item lacks an owner, one a due date, and one is overdue since 2026-01-15."""
        items = load_example(POOR).action_items
        assert any(item.owner is None for item in items)
        assert any(item.due is None for item in items)
        assert any("careful" in item.description.lower() for item in items)
        overdue = [item for item in items if item.due == date(2026, 1, 15)]
        assert [item.status for item in overdue] == [ActionStatus.OPEN]
        assert overdue[0].is_overdue(date(2026, 1, 16))
