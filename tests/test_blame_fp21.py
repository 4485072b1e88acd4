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


class TestClaimAnswered:
    @pytest.mark.parametrize(
        "text",
        [
            "The hauliers' report first said driver error at the weighbridge; the scale log shows the sensor drifted overnight.",
            "The site form gives the cause as 'fitter carelessness'; the review found the torque tool was out of calibration.",
        ],
    )
    def test_claim_answered_by_a_finding(self, text: str) -> None:
        """A claim of blame that the same sentence answers with what was found is quoted, not made."""
        assert _rules(text) == []

    def test_claim_confirmed_stays(self) -> None:
        """An answer that confirms the claim answers nothing: the claim stands."""
        assert _rules("The outage is put down to a slip by the operator at the desk; no technical cause was found.")


class TestThingsNotPeople:
    @pytest.mark.parametrize(
        "text",
        [
            "The so-called watchdog process on the till server did not restart the printer.",
            "The greenhouse controller marks a 'lazy sensor' when a probe repeats one value for an hour.",
            "The dose check is there to catch a careless keystroke, but it reads only the drug name.",
        ],
    )
    def test_said_of_a_thing(self, text: str) -> None:
        """A judgement word whose head is a thing, or that names what a check is for, judges no one."""
        assert _rules(text) == []

    @pytest.mark.parametrize(
        "text",
        ["Our so-called senior engineer pushed it to prod.", "It was a careless change to ship on a Friday."],
    )
    def test_said_of_people_or_their_work(self, text: str) -> None:
        """The same words said of a person or of work people make still judge."""
        assert _rules(text)


class TestWentOnPastAWarning:
    @pytest.mark.parametrize(
        "text",
        [
            "The ferryman told the skipper twice the swell was building and the skipper just carried on.",
            "The crane driver was shown the wind reading at noon and went ahead with the lift.",
            "The fitter told the foreman the belt was fraying, but he said it is fine.",
            "Maud warned the caretaker about the boiler pressure and he waved it off.",
        ],
    )
    def test_warned_and_went_on(self, text: str) -> None:
        """A warning given to a person, then not acted on, in any wording, is found."""
        assert "blame/counterfactual" in _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The preflight printed a warning but exits 0, so the deploy script carried on to the next step.",
            "The early warning matched a known false alarm, so the engineer logged it and kept watching.",
        ],
    )
    def test_a_thing_or_the_response_goes_on(self, text: str) -> None:
        """A script going on past a warning, or a person watching it, is no warning set aside."""
        assert "blame/counterfactual" not in _rules(text)
