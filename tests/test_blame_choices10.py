"""Round 10 of issue 14: an omission told as a choice (``_omissions``), next to choices that are
not omissions and the team's own account of a step it skipped. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

OMISSION_AS_CHOICE = [
    "Ilkka decided a staging run wasn't necessary for a one-line change.",
    "The warehouse team chose not to add an alarm for the freezer door.",
    "The squad simply opted out of writing contract tests because they found them boring.",
    "The night crew opted to go live without the dry run because it was tedious.",
    "Smoke tests were deemed optional by the team.",
    "The rehearsal was consciously dropped from the plan to hit the date.",
    "Nobody could be bothered to write the down migration.",
    "The owners chose to live with the flaky failover rather than fix it.",
    "The engineer decided the patch was too small to need a review.",
    "The desk lead went ahead with the cutover with no rollback plan.",
    "The field crew didn't do the walk-round check because it was raining and cold.",
    "Jarek muted the freezer alarm because it was annoying him.",
]

NOT_OMISSION = [
    "The engineer chose the manual failover because the automatic one had flapped twice that month.",
    "We decided to skip the optional load test because the change only touched log formatting.",
    "We decided to fail over rather than wait for the vendor, accepting a few minutes of dropped writes.",
    "The exporter decided to skip empty partitions, so the March files were never written.",
    "The compaction thread is deliberately aggressive at night.",
    "Marta chose to skip the canary because the runbook says hotfixes for SEV1 go straight to production.",
    "The kernel decided the disk was failing and remounted it read-only.",
    "Packets were dropped at the edge because the receive buffer was too small.",
    "The on-call muted the alert because it had flapped forty times that night.",
]


@pytest.mark.parametrize("text", OMISSION_AS_CHOICE)
def test_an_omission_told_as_a_choice_is_found(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize("text", NOT_OMISSION)
def test_choices_and_accounts_are_not(text: str) -> None:
    assert find_blame(text) == [], text
