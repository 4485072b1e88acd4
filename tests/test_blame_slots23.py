"""Round 23 (issue 14): readings general over the grammar, each shown with its blameless twins.

A person in a slot that carries blame (a mock award, a lesson addressed to them, a teasing reveal), a
novice who would have known, a person's act likened to a novice's, and condescension ("how hard is it
to ...?", "no rocket science"); the same frames about machines, places, plans and the writers are not
read. Also two readings of wrong findings: a negated stop before "until" is persistence, and an
"order" (a night order, a work order) is a document, not a seat. Every sentence here is new, written
for these tests, none taken from the labelled data.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


class TestSlotsThatCarryBlame:
    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            # a mock award to a person
            (
                "This month's Leaky Bucket trophy goes to Piotr, for leaving the sluice open again.",
                "blame/named-person",
            ),
            ("Give that woman a medal: she unplugged the freezer to charge her phone.", "blame/named-person"),
            ("Congratulations to Henrik on his third Broken Rota award in a row.", "blame/named-person"),
            # a lesson for a person
            ("Lesson for Odile: you read the whole label before you hang the drip.", "blame/named-person"),
            ("Lesson for the night porter: check the screen before you hand out keys.", "blame/named-person"),
            # a teasing reveal
            ("Guess who left the kiln door open overnight.", "blame/named-person"),
            ("You'll never guess whose badge opened the pharmacy at 03:00.", "blame/named-person"),
            # a novice who would have known
            ("Even a child knows you don't stack pallets against the fire exit.", "blame/counterfactual"),
            ("Any first-year apprentice could tell you the valve was seized.", "blame/counterfactual"),
            ("It was the kind of slip only a beginner makes.", "blame/counterfactual"),
            # a person's act likened to a novice's
            ("Letting Gwen run the desk on gala night was like handing a toddler a chainsaw.", "blame/character"),
            # condescension
            ("Honestly, how hard is it to check the tide table before you launch?", "blame/counterfactual"),
            ("It's no rocket science, mate, you lock the cage before you leave.", "blame/counterfactual"),
        ],
    )
    def test_blame_in_the_frame_is_found(self, text: str, rule: str) -> None:
        """A person in the slot, or a person's act in the frame, is found by its rule."""
        assert rule in _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            # the award's twins: a thing, a sincere rescue, the award's own name
            "This month's Leaky Bucket trophy goes to the sluice actuator, which stuck open again.",
            "Give the new checklist a medal: it caught the unlatched gate on Sunday.",
            "The Unsung Hero award goes to Ines, who phoned every passenger on the list.",
            "Award for Most Reliable Part: the new float switch, no false trips since May.",
            "The contract was awarded to Harbour Plant Ltd after the tender.",
            # the lesson's twins: a place, a plan, the writers
            "Lesson for the depot: the points heater switches on by itself below two degrees.",
            "Lesson for the loading plan: the forecast is printed on the sheet.",
            "The lesson for us is that the dashboard must show each site, not only the total.",
            # the reveal's twins: a rescue, a quoted notice
            "Guess who got the pumps running again by dawn? Tomasz, with a borrowed generator.",
            "A note on the board read 'Guess who left the door on the latch?' The latch was set for the clean.",
            # the novice's twins: beside an expert, a machine like a toddler
            "The panel is so cryptic that a first-day trainee and a veteran operator face the same blank keys.",
            "The old scheduler behaves like a toddler with a shape sorter: it puts a class in the first free room.",
            # condescension's twins: a machine's task, an answered question, the writers' remedy
            "How hard is it for the scanner to read a label in low light?",
            "How hard was it to restore? Not very: the snapshot was ten minutes old.",
            "The fix is not rocket science: we add a second check on the dose.",
            "It is not rocket science to add a retry, but nobody budgeted the time.",
        ],
    )
    def test_twins_are_not_found(self, text: str) -> None:
        """The same frame about a thing, a place, a rescue or the writers is not blame."""
        assert _rules(text) == []


class TestPersonsActAsTheCause:
    @pytest.mark.parametrize(
        "text",
        [
            "The cold store ran warm because Oksana unplugged it to charge the forklift.",
            "The ferry left without the mail because the purser locked the sacks in the office.",
            "Bookings doubled because Teodor had imported the morning file twice.",
        ],
    )
    def test_found(self, text: str) -> None:
        """A person and a verb in the past after "because", whatever the verb."""
        assert "blame/named-person" in _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The sailing was cancelled because Priya was on leave.",
            "The restore worked because Maria kept a copy.",
            "The page went out late because we switched the template.",
            "The sailing waited because Sam asked us to hold for the fuel truck.",
            "The pumps stopped because the controller rebooted.",
            "The lot was the wrong one because the supplier reused a lot number.",
            "The stage went dark because the desk loaded the morning's cue list from the stick.",
            "The runbook was one line long because Femi built the cluster herself.",
            "The pods kept writing to the old primary because they had cached its address.",
        ],
    )
    def test_not_found(self, text: str) -> None:
        """A state, a request, a credit, the writers, a machine, a company's process, a console, authorship, "they"."""
        assert _rules(text) == []


class TestWrongFindingsByReading:
    @pytest.mark.parametrize(
        "text",
        [
            "To the volunteers Asha and Ravi, who came at six and did not stop until the last box was out.",
            "The duty engineer did not rest until the second pump was back on line.",
            "Per the procedure the tank is drained before changeover, and the night order did not mention this.",
        ],
    )
    def test_not_blame(self, text: str) -> None:
        """Persistence ("did not stop until") and a document's silence ("the night order did not mention")."""
        assert _rules(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "Dmitri did not stop the pump when the alarm sounded, and the tank overflowed.",
            "The night operator did not mention the leak at handover, and the day shift found the floor flooded.",
        ],
    )
    def test_lapses_stay_found(self, text: str) -> None:
        """A lapse without "until", and a person's silence, are still read."""
        assert _rules(text)


class TestSafeguardSetWorking:
    @pytest.mark.parametrize(
        "text",
        [
            "Why did the press stop? Because Anouk pressed the emergency stop when the oil warning came on.",
            "The line halted because the picker hit the e-stop when the pallet tipped.",
        ],
    )
    def test_not_found(self, text: str) -> None:
        """A person who set a safeguard working after "because" protected, whatever followed."""
        assert _rules(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "The syringe driver blocked because Heather switched its alarm to quiet for the ward round.",
            "The cold room got warm because Ah Fai put the monitor to mute during his lunch.",
        ],
    )
    def test_taking_one_away_stays_found(self, text: str) -> None:
        """Taking a safeguard away is still the person's act given as the cause."""
        assert _rules(text)
