"""Gates for what a person chose to do or not to do.

A duty left undone, a step skipped, a change made without notice (split from ``_named_person``
in round 9, which added the reasons given and third parties).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _EXPLANATION_RE,
    _person_subject,
    condition_follows,
    permitted_before,
    warranted,
)
from postmortem.checks._blame._outsiders import third_party_subject, third_party_told_us

# A reason the writer gives for a step skipped, in the clause ("..., because I wanted it out
# before the weekend"): an account, not a charge. "Because of it" names the harm, and "as
# usual" is no reason.
_SKIP_REASON_RE: Final = lazy_compile(r"[^;]*?\b(?:because|since|given\s+that)\b(?!\s+of\s+(?:it|this|that)\b)", re.I)


_STRANDED_FOR_RE: Final = lazy_compile(r"\s+for\s*(?:[.,;:!?)]|$)")
# Round 25: "I didn't say yes or no to that": not giving a verdict on a remark, no duty left undone.
_VERDICT_RE: Final = lazy_compile(r"(?<=\bsay)\s+(?:yes|no|either\s+way|one\s+way\s+or\s+the\s+other)\b", re.I)


# Round 25: who does the act that "instead of ..." is set against: the noun phrase after "let" or before a
# modal, in the clause right before ("would have let the system route round C-07 instead of locking out the
# zone", "knew the ORM would return a partial page on a timeout instead of raising").
_THING_DOER_RE: Final = lazy_compile(
    r"(?:\blet(?:s|ting)?\s+(?P<let>(?:the|a|an|its|our|their|this|that)\s+[\w-]+(?:\s+[\w-]+)?)|"
    r"\b(?P<modal>(?:the|a|an|its|our|their|this|that)\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:would|will|could|can|might|may)"
    r"(?:\s+(?:have|not|then|still|just))*)\s+[a-z]+\b[^,;.!?]{0,60}$",
    re.I,
)


def _thing_instead(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether "instead of ..." at *m* is set against an act whose doer is no person (see above)."""
    if not m.group().lower().startswith("instead"):
        return False
    found = _THING_DOER_RE.search(s.text, max(0, m.start() - 120), m.start())
    if found is None:
        return False
    group = "let" if found.group("let") else "modal"
    a, b = s.index_at(found.start(group)), s.index_at(found.end(group) - 1) + 1
    return s.noun_phrase_kind(a, b) != _PERSON


def _skipped_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person skipping a step ("merged it without review"), unless the clause gives the reason (round 9)."""
    if permitted_before(s.text, m.start()) or _thing_instead(s, m):
        return False  # round 13: "the settings allowed maintainers to merge without a review"
    return _person_subject(s, m) and not _SKIP_REASON_RE.match(s.text, m.end())


def _insider_subject(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person as the subject, not a third party ("the provider's team changed it without notice")."""
    return _person_subject(s, m) and not third_party_subject(s, m)


def _writers_practice(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the writers say what they never did as a team ("we never tested that assumption").

    Round 18: "never" with "we" as the subject right before it (or after "had") tells the team's own
    practice, the gap the review owns; "we didn't read the diff" (one act) and "Ravi never tested it" stay.
    """
    i = s.index_at(m.start())
    toks = s.tokens
    if toks[i].low != "never":
        return False
    k = i - 1 - (i > 1 and toks[i - 1].low in {"had", "have", "'d", "'ve"})
    return k >= 0 and toks[k].low == "we"


def _choice_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's choice to skip a safeguard, unless the sentence gives its reasons.

    Not a third party that did not tell the team (round 9: see ``_outsiders``).
    """
    if _STRANDED_FOR_RE.match(s.text, m.end()) or _VERDICT_RE.match(s.text, m.end()):
        return False  # round 13: "a refund they didn't ask for": the thing was unasked for, no choice skipped
    if not _person_subject(s, m) or _EXPLANATION_RE.search(s.text, m.end()) or third_party_told_us(s, m):
        return False
    if _writers_practice(s, m) or warranted(s, m.end()):
        return False  # round 24: warranted: "decided not to ..., which is the rule"
    # Round 14: "we didn't tell the tenants; the portal sends no notice" tells what let it happen.
    return not condition_follows(s, m.end())
