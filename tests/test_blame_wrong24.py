"""Round 24 (issue 14): wrong findings of round 23's held-out documents, each mended by its grammar.

Each case pairs a blameless sentence the rules used to flag (the shape of a wrong finding read on
round 23's documents, written anew for these tests) with a blameful sentence of the same frame that
must still be found, so that a mend that only turns a rule off fails here.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


@pytest.mark.parametrize(
    ("blameless", "blameful"),
    [
        # a relative before an aside ("what I think"): the relative is the verb's subject
        (
            "Here is what I think caused the flood in the cold room.",
            "Honestly, I think Gareth caused the flood in the cold room.",
        ),
        # "which" stands for a thing, never a person, even after a capitalised word
        (
            "Freezing does not kill Salmonella, which is why the wash step matters.",
            "Priya is why the wash step was skipped.",
        ),
        # a choice named as the rule itself
        (
            "Maelle decided not to drive the gritter alone at night, which is the rule.",
            "Maelle decided not to drive the gritter out at all, and the hill iced over.",
        ),
        # an "-s" form heading a list before a colon is a noun
        (
            "4.1. Contributing causes:\na) The checklist did not ask for the valve position.",
            "Dmitri breaks the build every single Friday.",
        ),
        # paying for a thing someone gets is money, not a sanction
        (
            "We have refunded the booking and we will pay for a taxi home if you need one.",
            "Kofi will pay for a new phone out of his wages.",
        ),
        # "whoever ... last wins": how a system orders writes
        (
            "The merge was naive: whoever saved last overwrote everyone else's rows.",
            "Whoever approved this change owes the team an explanation.",
        ),
        # "cut ... as a bonus": an edit given as a reward
        (
            "Subscribers will get the uncut interview as a bonus next week.",
            "We will dock Tomasz's bonus for the missed delivery.",
        ),
        # "left <a place> ... on <a date>": a journey, not a thing left switched on
        (
            "The crew left Aberdeen by train on 12 March.",
            "Connor left the fryer on overnight.",
        ),
        # a destroying verb before a measure: a level falls
        (
            "The pump slows automatically if pressure drops more than 30% in a minute.",
            "Hannah dropped the customers table in production by mistake.",
        ),
        # told not to do something: advice given, no lapse done
        (
            "Several tenants were told by the caretaker not to bother, and rang us on Monday.",
            "The caretaker didn't bother to check the boiler log.",
        ),
    ],
)
def test_mended_reading_keeps_its_blameful_twin(blameless: str, blameful: str) -> None:
    assert _rules(blameless) == []
    assert _rules(blameful)


class TestDebtLaidOnAPerson:
    """A person in a debtor's slot (``_debts``): whatever is owed, the frame lays the incident on them."""

    @pytest.mark.parametrize(
        "text",
        [
            "Marta owes the kitchen an apology for the walk-in.",
            "Honestly I think Callum owes every porter on nights a drink and a sorry.",
            "The dispatcher owes the crews an explanation for the missed handover.",
            "The night porter owes the bakers a new batch of starter.",
        ],
    )
    def test_a_person_who_owes_is_found(self, text: str) -> None:
        assert _rules(text) == ["blame/named-person"]

    @pytest.mark.parametrize(
        "text",
        [
            "We owe Marta a thank-you for the spare key.",
            "We owe a lot to the harbour crew, who stayed until the pumps ran.",
            "Nobody owes anyone an apology here; the valve label was wrong.",
            "The router owes its uptime to the spare power supply.",
            "The clinic owes 40 patients a refund of the booking fee.",
            "The landlord's supplier owes us a replacement part.",
            "The delay was owing to the ferry's late arrival.",
        ],
    )
    def test_thanks_things_money_and_denials_are_not(self, text: str) -> None:
        assert _rules(text) == []


class TestOnePersonAgainstEveryoneElse:
    """One person set against everyone else (``_contrast``): a tally, a failure held against what the rest do."""

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("Score since Easter: Morag 6, everyone else on the till rota 2.", "blame/named-person"),
            ("Breakages this term: Olek four, the rest of us none.", "blame/named-person"),
            (
                "If Keir had locked the gate at six like the rest of us do, the sheep would be home.",
                "blame/counterfactual",
            ),
            ("She'd have seen the tide board if she had looked like every other skipper does.", "blame/counterfactual"),
        ],
    )
    def test_found(self, text: str, rule: str) -> None:
        assert rule in _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            "Bay 3 five, every other bay one.",
            "Faults since Easter: pump 2 six, every other pump one.",
            "The boat crew went by the printed tide table, same as every other morning.",
            "The new starters, like everyone else, get their badges on the first day.",
            "We lock the gate at six like the rest of the yard does.",
        ],
    )
    def test_things_and_plain_accounts_are_not(self, text: str) -> None:
        assert _rules(text) == []

    def test_the_writers_against_the_rest_are_not_this_reading(self) -> None:
        """The writers' own counterfactual is the self-blame rules' to read, not this one's."""
        hits = find_blame("If we had locked the gate at six like the rest of the yard does, the sheep would be home.")
        assert not [h for h in hits if h.message.startswith("Holds")]


class TestStopAHabit:
    """A demand that a person stop a habit (``_person_remedy``): a remedy aimed at the person."""

    @pytest.mark.parametrize(
        "text",
        [
            'Bryony to stop "tidying" the cable run behind the stage mid-show.',
            "The colourist has been told to stop improvising with the dyes.",
            "Ask Declan to stop switching the kiln to manual overnight.",
        ],
    )
    def test_found(self, text: str) -> None:
        assert "blame/person-remedy" in _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The ticket gates decided to stop taking contactless cards at half time.",
            "The loader should stop boarding once the ramp sensor reads the plan's limit.",
            "We have decided to stop sending the weekly digest.",
            "She asked me to say she is fine and to stop ringing her.",
            "Customers should stop using the old app before May.",
        ],
    )
    def test_things_procedures_writers_and_customers_are_not(self, text: str) -> None:
        assert _rules(text) == []
