"""Round 16 of issue 14: the rules' recall on text nobody here wrote, by mechanism.

Each blameful sentence is written for this file and paired with blameless twins: a thing doing
the same act, the same person doing a neutral act, and a system in the "by" phrase.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _phrases(text: str) -> list[tuple[str, str]]:
    return [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)]


class TestDestroyingActAlone:
    """A person destroying something is the damage on its own, with no other sign of harm."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Tomás deleted the rota.", "deleted"),
            ("The apprentice wiped the shared calendar.", "wiped"),
            ("A relief cashier truncated the till ledger on Sunday.", "truncated"),
            ("11:40 Wen drops the pricing table.", "drops"),
            ("Our electrician erased the key register with last year's copy.", "erased"),
            ("Somebody from the archive team purged the scanned letters.", "purged"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The destroying verb is found with the person as its subject."""
        assert ("blame/named-person", phrase) in [(r, p[-len(phrase) :]) for r, p in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same verb.
            "The retention job deleted the rota.",
            "The sync tool wiped the shared calendar.",
            "11:40 The migration drops the pricing table.",
            # The same person, a neutral act.
            "Tomás printed the rota.",
            "The apprentice shared the calendar with the crew.",
            "11:40 Wen exports the pricing table.",
            # The same act, on something meant to go, planned or given its purpose.
            "Tomás deleted the stale rota drafts.",
            "The apprentice purged the orphaned bookings.",
            "Wen dropped the pricing table after the export was checked.",
            "Our electrician overwrote the key register to add the new locks.",
            "The cashier truncated the till ledger as part of the month-end close.",
            # Verbs that name the remedy as often as the damage.
            "The on-call killed the frozen import.",
            "The duty engineer drained the node.",
            # The verb said of a thing after another verb of the person's.
            "Wen rolled the tills back and confirmed the error count dropped.",
            # The writers themselves: self-blame is read by other rules.
            "We moved the feed to the spare and then purged the cache.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is put at the centre of the cause."""
        assert not find_blame(text)


class TestPassiveWithAPersonAsAgent:
    """The passive with a person in the "by" phrase names them as the agent, as the active does."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("The freezer alarm was silenced by the night porter.", "the night porter"),
            ("The ward's objection was overridden by the duty manager.", "the duty manager"),
            ("The stock sheet was truncated by Ilse.", "Ilse"),
            ("The outage was triggered by the release manager tagging an unreviewed branch.", "the release manager"),
            ("The smoke warnings had been snoozed by staff for a week.", "staff"),
            ("The parcel labels were mislabelled by the packer on shift.", "the packer"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The finding spans the act and the person after "by"."""
        assert any(rule == "blame/named-person" and phrase in p for rule, p in _phrases(text))

    @pytest.mark.parametrize(
        "text",
        [
            # A system in the "by" phrase.
            "The freezer alarm was silenced by the maintenance window.",
            "The stock sheet was truncated by the import script.",
            "The outage was triggered by the certificate expiring.",
            "The smoke warnings had been suppressed by the flapping detector filter.",
            # The same person, a neutral act.
            "The freezer alarm was acknowledged by the night porter.",
            "The stock sheet was checked by Ilse.",
            "The release was rolled back by the release manager at 11:02.",
            # The same act, planned or given its reason.
            "The freezer alarm was silenced by the night porter during the planned defrost.",
            "The ward's objection was overridden by the duty manager because the second theatre was flooded.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is named as the agent of the damage."""
        assert not find_blame(text)


class TestSafeguardSwitchedOff:
    """A person switching a safeguard off (vocabulary/protections.txt) takes the protection away."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Marisol disabled the overdraft limiter.", "disabled"),
            ("The duty electrician switched off the freezer alarm.", "switched off"),
            ("The apprentice turned off the dust extraction interlock on the saw.", "turned off"),
            ("11:20 Idris silences the pool chlorine warning.", "silences"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The switch-off is found with the person as its subject."""
        assert ("blame/named-person", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same verb.
            "The firmware update disabled the overdraft limiter.",
            "The power cut switched off the freezer alarm.",
            # The same person, a neutral act.
            "Marisol tested the overdraft limiter.",
            "The duty electrician reset the freezer alarm.",
            # The same act on something that is no safeguard, on a wrong alert, planned, or a remedy.
            "Marisol disabled the holiday banner.",
            "The duty electrician switched off the flapping freezer alarm.",
            "The apprentice turned off the dust extraction interlock during the planned blade change.",
            "Idris silenced the pool chlorine warning and the alarms stopped.",
            "We switched off the freezer alarm while the compressor was replaced.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is put at the centre of the cause."""
        assert not find_blame(text)


class TestHarmToldAsARepeat:
    """A person's act of harm, destruction or a slip told as a repeat ("again", "as usual") is venting."""

    @pytest.mark.parametrize(
        ("text", "marker"),
        [
            ("The reporting team hammered the shared database with their exports again.", "again"),
            ("As usual, the sales engineers crashed the demo cluster.", "As usual"),
            ("The night clerk misfiled the delivery notes yet again.", "yet again"),
        ],
    )
    def test_blameful(self, text: str, marker: str) -> None:
        """The repeat marker is part of a finding."""
        assert any(marker in p for _, p in _phrases(text))

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same act.
            "The nightly export hammered the shared database again.",
            "As usual, the load test crashed the demo cluster.",
            # The same people, a neutral act.
            "The reporting team ran their exports again.",
            "As usual, the sales engineers booked the demo cluster.",
            "The night clerk filed the delivery notes again.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No venting at a person."""
        assert not find_blame(text)


class TestSeatsOfOtherTrades:
    """Seats that name only people (role_nouns.txt, round 16) are persons wherever they stand."""

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("The locum skipped the second check.", "blame/character"),
            ("Our examiner never read the candidate's access notes.", "blame/named-person"),
            ("The race marshal ignored the red flag and waved the field through.", "blame/character"),
            ("The greenkeeper deleted the irrigation schedule.", "blame/named-person"),
            ("The stevedore's shortcut on the crane lift caused the spill.", "blame/named-person"),
        ],
    )
    def test_blameful(self, text: str, rule: str) -> None:
        """The seat is read as a person and the judgement on it is found."""
        assert rule in [r for r, _ in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same act.
            "The batch job skipped the second check.",
            "The irrigation controller deleted the irrigation schedule.",
            "The crane's load limiter ignored the red flag input and kept lifting.",
            # The same seats, a neutral act.
            "The locum ran the second check.",
            "Our examiner read the candidate's access notes before the exam.",
            "The race marshal waved the red flag and stopped the field.",
            "The greenkeeper printed the irrigation schedule.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is judged."""
        assert not find_blame(text)


class TestSentToTheWrongPlace:
    """People who went to the wrong place were sent there: no slip of theirs on a system."""

    def test_going_to_the_wrong_place_is_not_a_slip(self) -> None:
        """A verb of going before "to the wrong" is where people were sent."""
        assert not find_blame("Four referees went to the wrong pitch on Saturday.")
        assert not find_blame("The locum turned up at the wrong clinic.")

    def test_a_slip_on_a_system_still_is(self) -> None:
        """The same people acting on the wrong thing are still found."""
        assert ("blame/named-person", "booked the wrong") in _phrases("The referee booked the wrong pitch.")
