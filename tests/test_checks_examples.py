"""The examples: the poor draft gets the expected findings, the complete ones no errors."""

from __future__ import annotations

import pytest

from postmortem.checks import Config, check_file

from ._checks_support import COMPLETE, COMPLETE_2, DRAFT, TODAY

EXPECTED_DRAFT_COMPLETENESS = {
    ("completeness/milestones-missing", "$.milestones.detected"),
    ("completeness/impact-quantified", "$.impact"),
    ("completeness/customer-communication", "$.customer_communication"),
    ("completeness/required-section", "$.detection"),
    ("completeness/required-section", "$.what_went_well"),
    ("completeness/required-section", "$.lessons_learned"),
    ("completeness/root-cause-depth", "$.root_cause.technical"),
    ("completeness/placeholder", "$.root_cause.process"),
    ("completeness/factor-beyond-trigger", "$.contributing_factors"),
    ("completeness/timeline-order", "$.timeline[2].time"),
    ("completeness/action-owner", "$.action_items[0].owner"),
    ("completeness/action-risk-reduction", "$.action_items[0].risk_reduction"),
    ("completeness/action-overdue", "$.action_items[0].due"),
    ("completeness/action-due", "$.action_items[1].due"),
    ("completeness/action-risk-reduction", "$.action_items[1].risk_reduction"),
    ("completeness/action-specific", "$.action_items[2].description"),
    ("completeness/action-risk-reduction", "$.action_items[2].risk_reduction"),
    ("completeness/action-overdue", "$.action_items[2].due"),
    ("completeness/action-specific", "$.action_items[3].description"),
    ("completeness/action-risk-reduction", "$.action_items[3].risk_reduction"),
    ("completeness/action-overdue", "$.action_items[3].due"),
}

# The draft was written to contain each of these (see its header comment).
EXPECTED_DRAFT_BLAME = {
    ("blame/human-error", "$.root_cause.technical"),
    ("blame/culprit-question", "$.what_went_poorly[2]"),
    ("blame/counterfactual", "$.what_went_poorly[3]"),
    ("blame/character", "$.what_went_poorly[4]"),
    ("blame/counterfactual", "$.narrative.responder_beliefs"),
    ("blame/person-remedy", "$.action_items[2].description"),
}

DRAFT_TODAY = Config(today=TODAY)


class TestDraft:
    def test_completeness_findings_are_exactly_the_expected_ones(self) -> None:
        """Every gap the draft was written with is found, and nothing else."""
        report = check_file(DRAFT, DRAFT_TODAY).filter(rule="completeness/*")
        assert {(f.rule, f.path) for f in report} == EXPECTED_DRAFT_COMPLETENESS

    def test_blameful_wording_is_found(self) -> None:
        """The blameful sentences written into the draft are flagged with their category."""
        report = check_file(DRAFT, DRAFT_TODAY).filter(rule="blame/*")
        assert {(f.rule, f.path) for f in report} >= EXPECTED_DRAFT_BLAME
        named = [f for f in report if f.rule == "blame/named-person"]
        assert any(f.path.startswith("$.what_went_poorly") or f.path.startswith("$.contributing") for f in named)

    def test_score_is_low_and_every_finding_has_a_line(self) -> None:
        """The draft scores below half, and YAML lines are attached."""
        report = check_file(DRAFT, DRAFT_TODAY)
        assert report.completeness < 0.5
        assert all(f.line is not None and f.source == str(DRAFT) for f in report)


class TestCompleteExamples:
    @pytest.mark.parametrize("path", [COMPLETE, COMPLETE_2], ids=lambda p: p.name)
    @pytest.mark.parametrize("preset", ["guide", "google", "pagerduty", "atlassian"])
    def test_no_errors(self, path: object, preset: str) -> None:
        """A complete post-mortem has no error findings under any preset."""
        report = check_file(path, DRAFT_TODAY, preset=preset)  # type: ignore[arg-type]
        assert report.errors == ()
        assert report.completeness == 1.0
