"""Round 21 (issue 14): wrong findings of the rules on whole documents, read by their cause.

Each reading is shown on a fresh sentence it clears and on a blameful one it must leave found.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


class TestReadingsByCause:
    @pytest.mark.parametrize(
        "text",
        [
            # a repair given as the cause of what followed
            "The carrier's engineers repaired the line by morning, which is why nobody in the depot noticed it.",
            # "clearly" as how something is said
            "I want to say clearly: every fine issued to a resident with a permit will be refunded.",
            # a distance after a noun, not the idiom
            "A check against the rain gauge a mile away would have shown the drift within a week.",
            # the substitution test
            "Any dispatcher on that desk that night would have seen the same screen and made the same call.",
            # the writer owning up
            "Before the timeline, I have a couple of things of my own to own up to.",
            # a consequence of a stated condition, joined by "so" without a comma
            "The contractor's visit was not on the works calendar so nobody thought to retest the pumps.",
            # the writer's own remark, not mockery
            "I offer the idea about the labels as a gentle suggestion.",
            # a lapse word that is what a thing was changed to do
            "We patched the importer the same afternoon to ignore trailing spaces.",
            # the reason in brackets right after
            "Her sister rang the organisers because the tracker showed her stopped and she did not answer (she was swimming).",
            # what the person probably meant to do
            "Whoever edited the template probably wanted a shorter run and pressed Save instead of Save As.",
            # the fault put on no one person in the sentence itself
            "Shipping every kit in one unlabelled crate was a reckless plan, and it was ours, not any one person's.",
        ],
    )
    def test_cleared(self, text: str) -> None:
        """A sentence whose reading explains or disowns the act gets no finding."""
        assert _rules(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "He clearly didn't read the runbook.",
            "Honestly, you could spot this one a mile away.",
            "We should have seen the stale price file a mile off.",
            "Any competent dispatcher would have spotted the duplicate call.",
            "The frontend folks break staging every week and never own up to it.",
            "We are still waiting for whoever it was to own up.",
            "He was in a rush so nobody thought to check the pumps after.",
            "He decided to ignore the alert.",
            "The night operator ignored the alarm and went back to sleep.",
        ],
    )
    def test_still_found(self, text: str) -> None:
        """The same words, where they judge a person, are still found."""
        assert _rules(text)


class TestStruckThrough:
    def test_struck_text_is_not_judged(self) -> None:
        """Text struck through in Markdown is withdrawn by its writer: no finding touches it."""
        text = "Why did the feeder stop? ~~because of careless loading~~ the hopper sensor was blocked."
        assert _rules(text) == []

    def test_text_beside_a_strike_is_judged(self) -> None:
        """The writer's own words beside a struck-through passage are read as before."""
        text = "~~draft~~ Sam was careless with the hopper."
        assert _rules(text) == ["blame/character"]
