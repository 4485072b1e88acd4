"""What the detector returns: :class:`BlameHit` and the rule names."""

from __future__ import annotations

from typing import Final

import attrs

#: The rule names :func:`find_blame` can report, in a stable order.
BLAME_RULES: Final = (
    "blame/named-person",
    "blame/human-error",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/character",
    "blame/person-remedy",
)


@attrs.frozen
class BlameHit:
    """One blameful phrase found in a text.

    Attributes:
        rule: The rule that matched, one of :data:`BLAME_RULES`.
        start: Offset of the first character of the blameful phrase in the text given.
        end: Offset one past its last character.
        message: Why the phrase is blameful, in one sentence.
        suggestion: A blameless rewrite of the sentence, or a question to ask instead.
    """

    rule: str
    start: int
    end: int
    message: str
    suggestion: str
