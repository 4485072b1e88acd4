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
