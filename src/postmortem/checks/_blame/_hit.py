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


def one_per_phrase(hits: list[BlameHit]) -> list[BlameHit]:
    """Keep one hit where hits of the same rule overlap: the first in text order.

    Two readers of one rule can find the same blame through different words of one phrase
    ("... traces back to Ingrid running the restore ...": a culprit link and a person's act as
    the cause). A reader of the report sees one finding there, with the first hit's message
    and rewrite; hits of different rules, and hits of one rule that do not overlap, all stay.
    """
    if len(hits) < 2:
        return hits
    kept: list[BlameHit] = []
    ends: dict[str, int] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.end, h.rule)):
        if hit.start < ends.get(hit.rule, -1):
            continue
        kept.append(hit)
        ends[hit.rule] = max(ends.get(hit.rule, -1), hit.end)
    return kept
