"""Round 18 of issue 14: the rules' recall on text nobody here wrote, by mechanism.

Each blameful sentence is written for this file and paired with blameless twins: a system in
the same shape, a person doing a neutral or good act, a system's own history, and the person as
the object rather than the subject.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _phrases(text: str) -> list[tuple[str, str]]:
    return [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)]


class TestAgainOnThePerson:
    """ "Again" attached to the person who acted holds the act against their record."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            # The mention with nothing after it: the accusation is the name.
            ("Halvard again.", "Halvard again"),
            ("The packing crew again, naturally.", "The packing crew again"),
            ("Honestly, it's Oyelaran again.", "Oyelaran again"),
            ("It was Brigid again who never switched the kiln off.", "Brigid again"),
            # "Again." as a sentence of its own after a sentence that only names a person.
            ("Mirela. Again.", "Again"),
            ("Well, it was the night porter. Again.", "Again"),
            # A verb after the mention, and the act went wrong.
            ("Teodor again pushed an untested price list to the tills.", "Teodor again"),
            ("The relief driver, once again, took the bridge route without checking the height.", "once again"),
            ("09:12 — Sunniva, again, reboots the booking box during the rush. Bookings lost.", "Sunniva, again"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The mention and its "again" are found."""
        assert ("blame/character", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            # A system in the same shape.
            "The label printer again.",
            "The chiller. Again.",
            "It was the label printer again.",
            "The ticket scanner again rejected every pass, and the queue reached the gate.",
            # The same person, a neutral or good act.
            "Teodor again checked the price list before the tills opened.",
            "Sunniva, again, was first to spot the booking lag.",
            "It was Brigid again who spotted the leak first.",
            # The person as an object, or after a preposition.
            "The alert paged Halvard again.",
            "Thanks to Oyelaran again for the quick restore.",
            "We had to ring the vendor again.",
            # The writers themselves.
            "We again.",
            "I again forgot nothing this time; the checklist did its job.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No "again" attached to a person's act that went wrong."""
        assert not [p for r, p in _phrases(text) if "again" in p.lower()]


class TestCountOfActs:
    """A count of acts ("the third time", "not for the first time") of people whose act went wrong."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("This is the fourth time this year the print team has broken the exam packs.", "fourth time"),
            (
                "Not for the first time, the night crew served the trays with the wrong labels.",
                "Not for the first time",
            ),
            ("The stock clerk, not for the first time, ignored the reorder warning.", "not for the first time"),
            ("It is the umpteenth time the contractor has sent a driver without a pass.", "umpteenth time"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The count is found (a rule of an earlier round may hold it in a longer span)."""
        assert any(rule == "blame/character" and phrase in found for rule, found in _phrases(text))

    @pytest.mark.parametrize(
        "text",
        [
            # A system's history.
            "This is the third time this disk has filled without warning.",
            "For the second time this month the boiler broke down overnight.",
            # A person on the receiving end.
            "The duty nurse was called for the fourth time that night, without a note of why.",
            # The same person, a neutral or good act, or a reason that cites the system.
            "It is the tenth time the print team has packed the exams without a hitch.",
            "The print team, not for the first time, packed the exams a day early.",
            "The stock clerk reordered for the second time because the supplier never confirmed.",
            "Not for the first time, the night crew labelled every tray before service.",
            # The writers themselves.
            "This is the second time we have broken the exam packs.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No count of a person's acts that went wrong."""
        assert not [p for r, p in _phrases(text) if "time" in p.lower()]


class TestActDoneAgain:
    """The act done again in a pro-form ("did it again") with people as the subject."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Leopold did it again.", "did it again"),
            ("The weekend crew has done it again.", "done it again"),
            ("And the courier strikes again.", "strikes again"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The pro-form and its "again" are found."""
        assert ("blame/character", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The boiler did it again.",
            "The boiler has done it again.",
            "We did it again: the restore took under ten minutes.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """A system or the writers."""
        assert not find_blame(text)


class TestModalOfReproach:
    """ "Could at least have", "could just have": what the person did measured against the least expected."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("The duty chemist could at least have checked the batch number.", "could at least have checked"),
            ("Ilse could have at least rung the depot before she left.", "could have at least rung"),
            ("The relief skipper might at least have read the tide table.", "might at least have read"),
            ("Our locum could just have asked the ward sister.", "could just have asked"),
            ("Bohdan ran the cutover. He could have simply waited for the backup.", "could have simply waited"),
            ("The crew could at least answer the radio.", "could at least answer"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The modal and its verb are found."""
        assert ("blame/counterfactual", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            # A system with the same modal.
            "The alert could at least have said which host.",
            "The label printer could just have printed a warning instead of a blank label.",
            # The writers themselves.
            "We could at least have kept a copy of the old rota.",
            # What the person was unable to do, and an outcome imagined.
            "The duty chemist couldn't even log in, because the VPN was down.",
            "The delay could just as easily have lasted a day.",
            "The linesman could even have been hurt.",
            # A suggestion for next time, not a reproach.
            "The duty chemist could just check the batch number on the new screen.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person reproached."""
        assert not find_blame(text)


class TestPraiseOfEveryoneElse:
    """ "Everyone except Omar followed the checklist" singles out the one who did not."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Everyone except Radu followed the lock-out steps.", "Radu followed"),
            ("Everybody but the relief porter read the handover sheet.", "the relief porter read"),
            ("Everyone else apart from Giedre checked her trays.", "Giedre checked"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The exception and the duty are found."""
        assert ("blame/named-person", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            # A system as the exception.
            "Every tablet except the spare followed the new sync schedule.",
            # The same person, a neutral act.
            "Everyone except Radu joined the call.",
            "Everyone except Radu stayed until the end of the shift.",
            # An exception explained on the spot.
            "Everyone except Radu, who was on leave, read the handover sheet.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No one singled out."""
        assert not find_blame(text)


class TestAnswerOpeningWithBecause:
    """A sentence opening with "Because" (the answer of a five-whys chain or a Q/A list) has its subject after it.

    Before round 18 the subject reader took "Because" for the first word of the subject, so
    "Because Ivo ignored the pressure alarm." lost the person that "Ivo ignored the pressure
    alarm." names.
    """

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Why did the press stop? Because Anouk ignored the oil warning.", "ignored"),
            ("Q: Why did the vats overflow?\nA: Because the duty operator skipped the level check.", "skipped"),
            ("Because Marit pushed the price file without review, every till charged double.", "without review"),
            ("3. Why? Because the relief driver never checked the height board.", "never checked"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The person's act after "Because" is found."""
        assert any(found.endswith(phrase) for _, found in _phrases(text))

    @pytest.mark.parametrize(
        "text",
        [
            # A system with the same act.
            "Why did the press stop? Because the controller ignored the oil warning.",
            "Because the sync job skipped the level check, the vats overflowed.",
            # The same person, a neutral or good act.
            "Why did the press stop? Because Anouk pressed the emergency stop when the oil warning came on.",
            "Because Marit checked the price file twice, only one till charged double.",
            # The person's act explained by the system.
            "Because the level alarm was routed to an old inbox, the cellar hand never saw it.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person at the centre of the cause."""
        assert not find_blame(text)
