"""The writer in a culprit's slot: a fault owned in the first person (round 25, issue 14).

"This was my fault: I skimmed the plan output", "My bad; I never rang the dam keeper", "the mistake is
mine", "Stupid mistake on my part", "I take full blame for the record loss", "the whole mix-up starts with
me", "That one's mine.", "I'll own that one:", "I'll wear some of this": the possessive slot that a named
person fills in "Dave's fault" (read since round 1), filled by the writer. The labelling rule counts the
writers' own blame as blame ("we" among the persons whose character, attention or choices carry the
failure). Not denied ("not my fault", "no fault of my own"), not words the writer reports from someone else
(in quotes, or after *said*, *told*), and not the chat convention of owning a slip while repairing it ("my
bad, rolling back now", "totally my fault, reverting"), which the sets label blameless. The writers as a
team ("our fault as an organisation", "we own this incident") are not read: a team owning a gap is how a
blameless review speaks.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _k, _Rule

_FAULTS: Final = r"fault|doing|error|mistake|blunder|screw-?up|cock-?up|slip|oversight|failure|bad\s+call"
# The slip being repaired as it is owned: the chat convention, a recovery, not an account of a cause.
_REPAIR_RE: Final = lazy_compile(
    r"\b(?:reverting|reverted|rolling\s+(?:\w+\s+)?back|rolled\s+(?:\w+\s+)?back|fixing|fixed|on\s+it)\b", re.I
)
# Someone else's words: a saying verb before the match, not the writer's own ("the clerk said it's my fault";
# quoted words are left out before any gate).
_REPORTED_RE: Final = lazy_compile(r"(?<!\bi\s)\b(?:said|says|saying|told|tells|admitted|claimed|claims)\b", re.I)


def _own_fault_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a fault the writer owns (see the module), not denied, reported or owned while repairing it."""
    if denied_before(s.text, m.start()) or _REPAIR_RE.search(s.text):
        return False
    return not (s.in_quotes(m.start(), m.end()) or _REPORTED_RE.search(s.text, 0, m.start()))


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\bmy\s+(?:own\s+)?(?:(?:big|stupid|silly|huge|fault\s+entirely)\s+)?(?:"
        + _FAULTS
        + r"|bad(?=\s*(?:[.,;:!—–-]|$|\s+(?:po|ah|lah|sorry|entirely|again|there)\b)))\b(?!\s+(?:rate|budget|log|code|"
        r"message|count|handling|page|bars?|tolerance|mode)s?\b)",
        _own_fault_gate,
        "Owns the incident as the writer's own fault: self-blame puts the failure on a person, the writer.",
        "Describe what you did and what made it look right at the time, and the safeguard that would have caught it.",
        keys=_k("my", "fault doing error mistake blunder screw screwup cock cockup slip oversight failure call bad"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:" + _FAULTS + r")\s+(?:[\w'’-]+\s+){0,3}?(?:on|from)\s+my\s+(?:part|side)\b"
        r"|\b(?:" + _FAULTS + r"|blame)\s+(?:for\s+[^,.;:]{1,40}?\s+)?(?:is|was|are|were)\s+"
        r"(?:all\s+|entirely\s+)?mine\b"
        r"|\b(?:on|upon)\s+my\s+(?:own\s+)?head\b"
        r"|\bi\s+(?:take|took|accept|accepted)\s+(?:(?:the|full|all\s+the|complete|total|sole)\s+)*blame\b"
        r"|\bi\s+(?:take|took|accept|accepted)\s+(?:the\s+)?(?:full|complete|total|sole)\s+responsibility\b"
        r"|\b(?:starts|started|begins|began)\s+with\s+me\b"
        r"|\b(?:that|this|it)(?:\s+one)?(?:'s|’s|\s+is|\s+was)\s+(?:all\s+|entirely\s+)?mine(?=\s*(?:[.,;:!—–-]|$))"
        r"|\bi(?:'ll|’ll|\s+will|\s+have\s+to|\s+must)?\s+own\s+(?:it|that|this)(?:\s+one)?(?=\s*(?:[.,;:!—–-]|$))"
        r"|\bi(?:'ll|’ll|\s+will)\s+wear\s+(?:some\s+of\s+|part\s+of\s+|all\s+of\s+)?(?:this|that|it)\b",
        _own_fault_gate,
        "Owns the incident as the writer's own fault: self-blame puts the failure on a person, the writer.",
        "Describe what you did and what made it look right at the time, and the safeguard that would have caught it.",
        keys=_k("part side mine head blame responsibility me own wear"),
    ),
)
