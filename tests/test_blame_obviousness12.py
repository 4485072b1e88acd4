"""Round 12 of issue 14: hindsight told as obviousness owed to someone (``_obviousness``), next to
blameless look-alikes about messages, tools and people cleared. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    "It should have been obvious to the planner that the ferry timetable clashed with the tide table.",
    "Honestly, it should have been crystal clear that a full reindex cannot run during the morning rush.",
    "It ought to have been evident to whoever signed the change that the fallback pointed at itself.",
    "The overrun must have been apparent to the site lead by Tuesday.",
    "Anybody glancing at the queue depth would have seen the backlog coming.",
    "Any competent reviewer could have spotted the inverted condition.",
    "The expired certificate was staring the team in the face for a month.",
]

BLAMELESS = [
    # a thing that should have been clearer: a request for a better message or tool
    "The error message should have been clear about which region failed.",
    "The alert should have been clear to the on-call about the affected tenant.",
    # an expletive subject without a that-clause of what was missed
    "It should have been clear from the runbook which step was destructive; the runbook now says so.",
    # people cleared, questions, and the present tense of documentation
    "Nobody could have seen the leap-second bug coming.",
    "Could anyone have spotted it in review? Probably not: the diff was generated.",
    "Anyone can see the status page without logging in.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_owed_obviousness_is_flagged(text: str) -> None:
    assert any(hit.rule == "blame/counterfactual" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", BLAMELESS)
def test_lookalikes_are_not(text: str) -> None:
    assert find_blame(text) == [], text
