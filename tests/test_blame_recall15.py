"""Round 15 of issue 14: the rules' recall on text nobody here wrote, by mechanism.

Each blameful sentence is written for this file and paired with blameless twins: a thing doing
the same act, and the same person doing a neutral one.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._seats import any_seat, seat_at


def _phrases(text: str) -> list[tuple[str, str]]:
    return [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)]


class TestSeatsByTheirWords:
    """A seat the role list lacks is a person when the words around it show one (``_seats.py``)."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            # A seat's modifier before an agent noun.
            ("The relief rigger skipped the pre-lift inspection.", "skipped"),
            ("The junior welder ignored the gas alarm and kept cutting.", "ignored"),
            # A shift before it, "on shift" after it.
            ("That one's on the night porter.", "That one's on the night porter"),
            ("Our grader on shift overrode the calibration warning.", "overrode the calibration warning"),
            # An act of mind after it; being told.
            ("The rigger assumed the sling was rated and lifted anyway.", "anyway"),
            ("The porter was told twice to wait and restarted the boiler anyway.", "anyway"),
            # Any noun before "who".
            ("The locum who covered Tuesday never read the handover notes.", "never read"),
            # Or before a comma and "who".
            ("The locum, who covered Tuesday, never read the handover notes.", "never read"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The seat is read as a person and the judgement on it is found."""
        assert phrase in [p for _, p in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same act.
            "The backup scheduler skipped the nightly job after the restart.",
            "The scheduler assumed the node was healthy and placed the job there.",
            "The compressor restarted anyway once the pressure dropped.",
            # The same person, a neutral act.
            "The relief rigger checked the shackles and signed the sheet.",
            "The junior welder heard the gas alarm and shut off the torch.",
            "The night porter locked the side door at midnight.",
            "The rigger assumed the sling was rated and checked the tag before the lift.",
            "The porter was told about the leak and called the plumber.",
            "The locum who covered Tuesday read the handover notes and called the ward.",
            "The locum, who covered Tuesday, read the handover notes and called the ward.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No finding."""
        assert _phrases(text) == []

    @pytest.mark.parametrize(
        ("words", "index", "seat"),
        [
            (["the", "relief", "rigger", "skipped"], 2, True),
            (["the", "rigger", "was", "told"], 1, True),
            (["the", "rigger", "never", "bothered"], 1, True),
            (["our", "locum", "who", "covered"], 1, True),
            (["our", "locum", ",", "who", "covered"], 1, True),
            (["the", "packer", "on", "nights"], 1, True),
            # No sign: the agent form alone is not enough.
            (["the", "rigger", "skipped"], 1, False),
            (["the", "new", "compressor", "failed"], 2, False),
            # System words and customers are never seats.
            (["the", "relief", "server", "failed"], 2, False),
            (["the", "junior", "customer", "assumed"], 2, False),
        ],
    )
    def test_seat_at(self, words: list[str], index: int, seat: bool) -> None:
        """``seat_at`` reads the sign next to the noun; ``any_seat`` agrees on the whole sentence."""
        assert seat_at(words, index) is seat
        assert any_seat(words, " ".join(words)) is seat


class TestPraiseOfALapse:
    """Praise whose act is a lapse of something heeded, or closed by a lone "really", is sarcasm (``_irony.py``)."""

    @pytest.mark.parametrize(
        "text",
        [
            "Lovely work skipping the dry-run on the payroll import.",
            "Nice job ignoring the warnings on the boiler panel for an hour.",
            "Great work on not testing the restore before the cutover.",
            "Great job rehearsing that one, really.",
        ],
    )
    def test_blameful(self, text: str) -> None:
        """The praise is found as sarcasm."""
        assert [rule for rule, _ in _phrases(text)] == ["blame/character"]

    @pytest.mark.parametrize(
        "text",
        [
            # The same praise, an act that helped.
            "Lovely work adding the dry-run to the payroll import; it caught the bad column.",
            "Great job rehearsing that one, really thorough.",
            # The same verb on noise or on a thing that is no safeguard.
            "Nice job silencing the noisy disk warnings; the real page stood out.",
            "Great work skipping the cache for the admin pages, they load in a blink now.",
            # A thing with the same verb, no praise.
            "The importer skipping the dry-run was a known limit of version 2.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No finding."""
        assert _phrases(text) == []


class TestLandedOnAPerson:
    """ "This falls squarely on X": blame landed on a person by a verb of landing (``_named_person.py``)."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("This falls squarely on the supervisor who signed the permit.", "This falls squarely on the supervisor"),
            ("That one rests entirely on the release manager.", "That one rests entirely on the release manager"),
            ("This one falls on the night porter.", "This one falls on the night porter"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The frame and the person are found together."""
        assert ("blame/named-person", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            # A duty handed out, the same verb.
            "It falls on the on-call to page the vendor.",
            "It fell on the night porter to call the fire brigade, and he did.",
            # A thing or a day where the person would be.
            "That rests on the assumption that the queue drains overnight.",
            "The load falls on the second replica during the backup window.",
            "This falls on a Tuesday this year.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No finding."""
        assert _phrases(text) == []
