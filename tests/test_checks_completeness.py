"""Each completeness rule: a hit and a near miss, on a complete example broken on purpose."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import postmortem
from postmortem import (
    ActionItem,
    ActionStatus,
    CommunicationChannel,
    ContributingFactor,
    CustomerCommunication,
    Detection,
    DetectionMethod,
    Impact,
    ImpactMetric,
    Milestones,
    RootCause,
    TimelineEvent,
)
from postmortem.checks import Config, Finding, available_rules, check
from postmortem.checks._completeness import is_placeholder

from ._checks_support import TODAY, complete, evolve


def run(incident: postmortem.Incident, rule_id: str, **config: Any) -> list[Finding]:
    """Findings of one rule for ``incident`` on TODAY."""
    return list(check(incident, Config(**config), rules=[rule_id], today=TODAY))


UTC = timezone.utc


def _item(**changes: object) -> ActionItem:
    base = ActionItem(
        id="AI-9",
        description="Add an alert on checkout 5xx rate above 2% for five minutes",
        owner="Payments team",
        due=date(2026, 12, 1),
        risk_reduction="Pages the on-call within five minutes of a checkout error spike.",
    )
    return attrs.evolve(base, **changes)


def _with_items(*items: ActionItem) -> object:
    return evolve(complete(), action_items=items)


class TestTheCompleteExample:
    def test_passes_every_completeness_rule(self) -> None:
        """The complete example has no completeness findings at all on the fixed date."""
        incident = complete()
        for rule_id in available_rules():
            if rule_id.startswith("completeness/"):
                assert run(incident, rule_id) == [], rule_id


class TestRequiredSection:
    def test_missing_section_is_reported_at_its_path(self) -> None:
        """An empty lessons_learned is reported at $.lessons_learned under the guide preset."""
        findings = run(evolve(complete(), lessons_learned=()), "completeness/required-section")
        assert [f.path for f in findings] == ["$.lessons_learned"]
        assert "Lessons learned" in findings[0].message
        assert findings[0].suggestion

    def test_section_not_in_the_preset_is_not_required(self) -> None:
        """where_we_got_lucky is not in the guide's template, so leaving it out is fine."""
        assert run(evolve(complete(), where_we_got_lucky=()), "completeness/required-section") == []

    def test_impact_with_only_numbers_counts_as_written(self) -> None:
        """An impact given only as numbers is present, though it has no summary text."""
        incident = evolve(complete(), impact=Impact(users_affected=120))
        assert run(incident, "completeness/required-section") == []


class TestPlaceholder:
    @pytest.mark.parametrize(
        "text",
        [
            "TBD",
            "n/a",
            "N/A.",
            "TODO",
            "-",
            "...",
            "Lorem ipsum dolor sit amet",
            "TODO: add numbers",
            "[describe the impact]",
            "<fill in>",
            "to be determined",
        ],
    )
    def test_boilerplate_is_a_placeholder(self, text: str) -> None:
        """Common stand-ins for content are recognised."""
        assert is_placeholder(text)

    @pytest.mark.parametrize(
        "text",
        [
            "N/A rate limits did not apply to internal callers",
            "To do this safely we paused writes",
            "Todo list service was unaffected",
            "No data was lost",
            "Payments-API",
        ],
    )
    def test_real_text_with_the_same_words_is_not(self, text: str) -> None:
        """Sentences that merely contain those words are content."""
        assert not is_placeholder(text)

    def test_hit_points_at_the_field_with_its_span(self) -> None:
        """A placeholder root cause is reported at its field with a span covering the text."""
        incident = evolve(complete(), root_cause=RootCause(technical="A flag defaulted on.", process="TBD"))
        findings = run(incident, "completeness/placeholder")
        assert [(f.path, f.span) for f in findings] == [("$.root_cause.process", (0, 3))]

    def test_placeholder_owner_is_reported(self) -> None:
        """An owner written as 'TBD' is not an owner."""
        findings = run(_with_items(_item(owner="TBD")), "completeness/placeholder")
        assert [f.path for f in findings] == ["$.action_items[0].owner"]

    @given(st.text(alphabet=st.characters(categories=["Ll", "Lu"]), min_size=4, max_size=12))
    def test_a_sentence_of_real_words_is_never_a_placeholder(self, word: str) -> None:
        """Three or more words of letters ending in a full stop are not flagged."""
        sentence = f"The {word.lower()} service returned errors for {len(word)} minutes."
        assert not is_placeholder(sentence)


class TestImpactQuantified:
    def test_unquantified_impact_is_reported(self) -> None:
        """'Some customers saw errors' says nothing about how many."""
        incident = evolve(complete(), impact=Impact(summary="Some customers saw errors at checkout."))
        assert [f.path for f in run(incident, "completeness/impact-quantified")] == ["$.impact"]

    def test_times_alone_do_not_quantify(self) -> None:
        """A time of day is a number but not a quantity of impact."""
        incident = evolve(complete(), impact=Impact(summary="Customers saw errors from 14:04 on 2026-10-13."))
        assert len(run(incident, "completeness/impact-quantified")) == 1

    @pytest.mark.parametrize(
        "impact",
        [
            Impact(summary="About 30% of API requests failed."),
            Impact(summary="All customers in the EU region saw errors."),
            Impact(summary="Customers saw errors.", share_affected=0.3),
            Impact(summary="Customers saw errors.", metrics=(ImpactMetric("error rate", 30, "%"),)),
        ],
    )
    def test_a_number_or_share_quantifies(self, impact: Impact) -> None:
        """A percentage in the text, 'all customers', or a structured number is enough."""
        assert run(evolve(complete(), impact=impact), "completeness/impact-quantified") == []


class TestDetectionMethod:
    def test_other_without_source_is_reported(self) -> None:
        """'other' with nothing saying what it was is not a detection method."""
        incident = evolve(complete(), detection=Detection(DetectionMethod.OTHER))
        findings = run(incident, "completeness/detection-method")
        assert [f.path for f in findings] == ["$.detection.source"]
        assert "other" in findings[0].message

    def test_monitor_without_name_is_reported(self) -> None:
        """A monitor that is not named leaves readers guessing which alert fired."""
        incident = evolve(complete(), detection=Detection(DetectionMethod.MONITOR))
        assert len(run(incident, "completeness/detection-method")) == 1

    def test_other_with_notes_is_fine(self) -> None:
        """Notes that explain the detection are enough."""
        detection = Detection(DetectionMethod.OTHER, notes="A partner's engineer mentioned it on a call.")
        assert run(evolve(complete(), detection=detection), "completeness/detection-method") == []


def _at(minutes: int) -> datetime:
    return complete().milestones.started + timedelta(minutes=minutes)


class TestMilestones:
    def test_missing_detected_and_resolved_are_reported(self) -> None:
        """Without detection and resolution times, time to detect and duration are unknown."""
        incident = evolve(complete(), milestones=Milestones(started=_at(0)))
        paths = [f.path for f in run(incident, "completeness/milestones-missing")]
        assert paths == ["$.milestones.detected", "$.milestones.resolved"]

    def test_mitigated_does_not_replace_resolved(self) -> None:
        """A mitigation time alone still lacks the resolution time."""
        milestones = Milestones(started=_at(0), detected=_at(2), mitigated=_at(20))
        paths = [f.path for f in run(evolve(complete(), milestones=milestones), "completeness/milestones-missing")]
        assert paths == ["$.milestones.resolved"]

    def test_detection_time_that_disagrees_is_reported(self) -> None:
        """detection.time ten minutes off milestones.detected is inconsistent."""
        incident = complete()
        assert incident.detection is not None
        assert incident.milestones.detected is not None
        detection = attrs.evolve(incident.detection, time=incident.milestones.detected + timedelta(minutes=10))
        findings = run(evolve(incident, detection=detection), "completeness/milestones-consistent")
        assert [f.path for f in findings] == ["$.detection.time"]

    def test_detection_time_within_a_minute_is_consistent(self) -> None:
        """Seconds of difference are rounding, not inconsistency."""
        incident = complete()
        assert incident.detection is not None
        assert incident.milestones.detected is not None
        detection = attrs.evolve(incident.detection, time=incident.milestones.detected + timedelta(seconds=30))
        assert run(evolve(incident, detection=detection), "completeness/milestones-consistent") == []

    def test_customer_update_before_the_incident_is_reported(self) -> None:
        """An update dated two days before the start has the wrong date or offset."""
        update = CustomerCommunication(CommunicationChannel.STATUS_PAGE, _at(-48 * 60), "Investigating errors")
        findings = run(
            evolve(complete(), customer_communication=(update,)),
            "completeness/milestones-consistent",
        )
        assert [f.path for f in findings] == ["$.customer_communication[0].time"]

    def test_completed_before_the_incident_is_reported(self) -> None:
        """A follow-up cannot be completed before the incident started."""
        item = _item(
            status=ActionStatus.DONE,
            completed=date(2026, 1, 1),
            verification="Alert fired in staging.",
        )
        findings = run(_with_items(item), "completeness/milestones-consistent")
        assert [f.path for f in findings] == ["$.action_items[0].completed"]


class TestTimeline:
    def _events(self, *minutes: int) -> tuple[TimelineEvent, ...]:
        return tuple(TimelineEvent(_at(m), f"Event at minute {m}") for m in minutes)

    def test_out_of_order_event_is_reported(self) -> None:
        """An event written after a later one is reported at its time."""
        incident = evolve(complete(), timeline=self._events(0, 20, 5))
        assert [f.path for f in run(incident, "completeness/timeline-order")] == ["$.timeline[2].time"]

    def test_equal_times_are_in_order(self) -> None:
        """Two events in the same minute are in order either way."""
        assert run(evolve(complete(), timeline=self._events(0, 5, 5, 9)), "completeness/timeline-order") == []

    def test_event_outside_the_window_is_reported(self) -> None:
        """An event three days before the start is outside a 24 h margin."""
        incident = evolve(complete(), timeline=self._events(-3 * 24 * 60, 0))
        assert [f.path for f in run(incident, "completeness/timeline-window")] == ["$.timeline[0].time"]

    def test_margin_is_configurable(self) -> None:
        """With a 96 h margin, the same event is inside."""
        incident = evolve(complete(), timeline=self._events(-3 * 24 * 60, 0))
        assert run(incident, "completeness/timeline-window", timeline_margin=timedelta(hours=96)) == []

    def test_lead_up_within_the_margin_is_fine(self) -> None:
        """A deploy two hours before impact began is part of the story."""
        assert run(evolve(complete(), timeline=self._events(-120, 0)), "completeness/timeline-window") == []

    def test_coverage_needs_detection_and_resolution(self) -> None:
        """A timeline with only a lead-up event misses both detection and resolution."""
        incident = evolve(complete(), timeline=self._events(-60))
        messages = [f.message for f in run(incident, "completeness/timeline-coverage")]
        assert len(messages) == 2
        assert "detection" in messages[0]
        assert "resolution" in messages[1]

    def test_events_at_detection_and_resolution_cover_it(self) -> None:
        """Events within minutes of detection and at resolution are enough."""
        milestones = complete().milestones
        assert milestones.detected is not None
        assert milestones.resolved is not None
        events = (
            TimelineEvent(milestones.detected + timedelta(minutes=3), "Error-rate monitor fires"),
            TimelineEvent(milestones.resolved, "Incident resolved"),
        )
        assert run(evolve(complete(), timeline=events), "completeness/timeline-coverage") == []


class TestRootCauseDepth:
    @pytest.mark.parametrize(
        "technical",
        [
            "Human error.",
            "Operator error during the deploy.",
            "Human error. Dave pushed a bad config.",
            "The root cause was a mistake by the engineer.",
        ],
    )
    def test_human_error_as_the_cause_is_reported(self, technical: str) -> None:
        """A root cause that stops at a person's error is too shallow."""
        findings = run(
            evolve(complete(), root_cause=RootCause(technical=technical)),
            "completeness/root-cause-depth",
        )
        assert [f.path for f in findings] == ["$.root_cause.technical"]
        start, end = findings[0].span or (0, 0)
        assert "rror" in technical[start:end] or "mistake" in technical[start:end]

    def test_explaining_why_it_was_not_human_error_is_fine(self) -> None:
        """Naming human error to reject it, with the mechanism, is a deep root cause."""
        technical = (
            "The deploy tool accepted a gateway config that no test exercised; calling this human "
            "error would hide that the tool had no validation step for gateway URLs."
        )
        assert (
            run(
                evolve(complete(), root_cause=RootCause(technical=technical)),
                "completeness/root-cause-depth",
            )
            == []
        )

    def test_a_two_word_root_cause_is_too_short(self) -> None:
        """'Bad deploy.' explains nothing."""
        findings = run(
            evolve(complete(), root_cause=RootCause(technical="Bad deploy.")),
            "completeness/root-cause-depth",
        )
        assert len(findings) == 1
        assert "too short" in findings[0].message


class TestFactorBeyondTrigger:
    def test_only_the_trigger_is_reported(self) -> None:
        """Listing only the trigger leaves out what made the system vulnerable."""
        factors = (ContributingFactor("The flag defaulted to on in production.", trigger=True),)
        findings = run(evolve(complete(), contributing_factors=factors), "completeness/factor-beyond-trigger")
        assert [f.path for f in findings] == ["$.contributing_factors"]

    def test_one_more_factor_is_enough(self) -> None:
        """A trigger plus one systemic factor passes."""
        factors = (
            ContributingFactor("The flag defaulted to on in production.", trigger=True),
            ContributingFactor("No pre-deploy check looked for pending migrations."),
        )
        assert (
            run(
                evolve(complete(), contributing_factors=factors),
                "completeness/factor-beyond-trigger",
            )
            == []
        )


class TestCustomerCommunication:
    def test_top_severity_without_updates_is_reported(self) -> None:
        """A SEV1 with no customer communication is reported."""
        findings = run(evolve(complete(), customer_communication=()), "completeness/customer-communication")
        assert [f.path for f in findings] == ["$.customer_communication"]
        assert "SEV1" in findings[0].message

    def test_third_severity_does_not_need_it(self) -> None:
        """SEV3 is not among the top two levels of the scale."""
        incident = complete()
        sev3 = incident.severity_scale.get("SEV3")
        assert (
            run(
                evolve(incident, severity=sev3, customer_communication=()),
                "completeness/customer-communication",
            )
            == []
        )


class TestActionItems:
    def test_missing_owner(self) -> None:
        """An open item without an owner is reported; a won't-do item is not."""
        items = (_item(owner=None), _item(id="AI-10", owner=None, status=ActionStatus.WONT_DO))
        assert [f.path for f in run(_with_items(*items), "completeness/action-owner")] == ["$.action_items[0].owner"]

    def test_missing_due(self) -> None:
        """An open item without a due date is reported; a done one is not."""
        items = (
            _item(due=None),
            _item(
                id="AI-10",
                due=None,
                status=ActionStatus.DONE,
                verification="Alert fired in a drill.",
            ),
        )
        assert [f.path for f in run(_with_items(*items), "completeness/action-due")] == ["$.action_items[0].due"]

    def test_missing_risk_reduction(self) -> None:
        """Every item but a won't-do one says how it reduces risk."""
        items = (
            _item(risk_reduction=""),
            _item(id="AI-10", risk_reduction="", status=ActionStatus.WONT_DO),
        )
        paths = [f.path for f in run(_with_items(*items), "completeness/action-risk-reduction")]
        assert paths == ["$.action_items[0].risk_reduction"]

    @pytest.mark.parametrize(
        "description",
        [
            "Fix it",
            "Look into the checkout alerts and config pushes",
            "Improve monitoring",
            "Investigate",
            "Be more careful when changing configs",
            "Fix the issue.",
        ],
    )
    def test_vague_descriptions(self, description: str) -> None:
        """Descriptions nobody can verify as done are reported with a span over the text."""
        findings = run(_with_items(_item(description=description)), "completeness/action-specific")
        assert [(f.path, f.span) for f in findings] == [("$.action_items[0].description", (0, len(description)))]

    @pytest.mark.parametrize(
        "description",
        [
            "Investigate why the gateway accepted an unreachable URL and add a validation step",
            "Improve the checkout dashboard with p95 thresholds per region",
            "Fix the retry loop in the payment client so that it backs off",
        ],
    )
    def test_specific_descriptions_with_the_same_verbs(self, description: str) -> None:
        """The same verbs with a specific object are fine."""
        assert run(_with_items(_item(description=description)), "completeness/action-specific") == []

    @pytest.mark.parametrize(
        "description",
        [
            "Monitoring for checkout errors",
            "Better alerts for the gateway",
            "We should add an alert",
            "Added an alert on checkout errors",
            "New runbook for gateway config changes",
        ],
    )
    def test_not_verb_first(self, description: str) -> None:
        """Nouns, pronouns, modals and past tense at the start are reported."""
        findings = run(_with_items(_item(description=description)), "completeness/action-verb-first")
        assert [f.path for f in findings] == ["$.action_items[0].description"]

    @pytest.mark.parametrize(
        "description",
        [
            "Add an alert on checkout errors",
            "Document the gateway rollback",
            "Implement config validation",
            "Alert on checkout 5xx above 2%",
            "Move reporting queries to the read replica",
        ],
    )
    def test_verb_first(self, description: str) -> None:
        """Imperatives, including verbs that look like nouns, pass."""
        assert run(_with_items(_item(description=description)), "completeness/action-verb-first") == []

    def test_overdue(self) -> None:
        """An open item due before today is overdue; one due today is not; a done one never is."""
        items = (
            _item(due=TODAY - timedelta(days=3)),
            _item(id="AI-10", due=TODAY),
            _item(
                id="AI-11",
                due=TODAY - timedelta(days=30),
                status=ActionStatus.DONE,
                verification="Drill passed.",
            ),
        )
        findings = run(_with_items(*items), "completeness/action-overdue")
        assert [f.path for f in findings] == ["$.action_items[0].due"]
        assert "3 days" in findings[0].message

    def test_overdue_follows_the_configured_today(self) -> None:
        """Config.today decides what is overdue when check() is given no date."""
        from postmortem.checks import Config, check

        incident = _with_items(_item(due=date(2026, 6, 1)))
        before = check(incident, Config(today=date(2026, 5, 1)), rules=["completeness/action-overdue"])
        after = check(incident, Config(today=date(2026, 7, 1)), rules=["completeness/action-overdue"])
        assert (len(before), len(after)) == (0, 1)

    def test_done_without_verification(self) -> None:
        """A done item must say how completion was verified; an open one need not."""
        items = (_item(status=ActionStatus.DONE), _item(id="AI-10"))
        paths = [f.path for f in run(_with_items(*items), "completeness/action-verification")]
        assert paths == ["$.action_items[0].verification"]


# Text near the human-error hint words, with the characters IGNORECASE lets stand for ASCII letters.
_hint_text = st.lists(
    st.sampled_from(
        ["ERROR", "Mistake", "typo", "forGot", "\u017fcrewed", "\u0130", "\u0131", "\u212a", "err", "or", " "]
    ),
    max_size=12,
).map("".join)


class TestCheapRootCauseTests:
    """The shortcuts in root-cause-depth never change what the full tests say."""

    @given(_hint_text | st.text(max_size=40))
    def test_hint_shortcut_is_a_superset(self, text: str) -> None:
        """Where the case-insensitive hint pattern matches, the substring test says it may."""
        from postmortem.checks._completeness._causes import _HUMAN_ERROR_HINT, _may_hint

        if _HUMAN_ERROR_HINT.search(text):
            assert _may_hint(text)

    @given(st.text(alphabet="ab the was It's-9 ", max_size=60), st.integers(min_value=0, max_value=8))
    def test_counting_content_words_stops_early(self, text: str, limit: int) -> None:
        """Counting up to the limit agrees with counting every content word."""
        from postmortem.checks._completeness._causes import _content_words, _fewer_content_words

        assert _fewer_content_words(text, limit) == (len(_content_words(text)) < limit)
