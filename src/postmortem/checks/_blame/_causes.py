"""A person's act given as the cause by the sentence's own links (round 9 of issue 14).

Three ordinary ways of saying *this person's act caused the harm*, with no word of blame:

- a person's possessive, then the thing they made, told as the reason: *Hoang's config push
  is the single reason matchmaking went dark*, *our DBA's index rebuild is why the pharmacy
  system froze*, *the intern's load test against production is what took the site down*;
- a cleft on a person's possessive: *it was Amara's migration that locked the invoices
  table*;
- a person's act, then *that alone* / *and that* with a verb of causing: *Chen Wei pointed the
  record at the retired balancer, and that alone caused two hours of downtime*.

Each is read only when harm follows the link (a verb of breaking, stalling, destroying or
leaking, every form, or an outage word) and no recovery does: *Jamal's dashboard is what
showed the spike* and *Ana's rollback is why checkout came back* are not blame. Each pattern is
literal words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acts import harm_after
from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._gates import warranted
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._plain_blame import _ACTING_LEMMAS, _person_acted_before
from postmortem.checks._blame._rhetorical import RULES as _RHETORICAL
from postmortem.checks._blame._rule import _k, _Rule

_CAUSE_SUGGESTION: Final = (
    "Describe the change or action itself and the conditions that let it cause harm, without its author."
)


def _possessor(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the match's possessive (the first word ending in 's) names a person."""
    toks = s.tokens
    for k in range(s.index_at(m.start()), min(len(toks), s.index_at(m.end()) + 1)):
        if toks[k].low.endswith(("'s", "’s")):
            return s.word_kind(k) == _PERSON or s.noun_phrase_kind(max(0, k - 2), k + 1) == _PERSON
    return False


def _possessive_cause_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's work told as the reason for harm that follows, unless done as guidance says (round 19)."""
    return _possessor(s, m) and harm_after(s, m.end()) and not warranted(s, 0)


def _act_then_cause_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's act before "and that alone caused ..." when harm follows."""
    if not s.holds_lemma(_ACTING_LEMMAS) or not may_have_person_subject(s):
        return None  # as _person_acted_before turns it down, before harm_after makes the tokens
    if not harm_after(s, m.start()) or warranted(s, m.end()):
        return None  # round 15: "..., following the documented procedure": the sanctioned step
    return _person_acted_before(s, m, _ACTING_LEMMAS)


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+(?:'s|’s)\s+(?:[\w/-]+\s+){1,5}?(?:is|was)\s+(?:exactly\s+|precisely\s+|really\s+|simply\s+|"
        r"clearly\s+)?(?:the\s+(?:whole\s+|single\s+|only\s+|sole\s+|main\s+|real\s+|one\s+)?(?:reason|cause)|why|"
        r"what|how)\b",
        _possessive_cause_gate,
        "Names a person's action as the cause.",
        _CAUSE_SUGGESTION,
        keys=_k("'s", "reason cause why what how"),
    ),
    _Rule(
        "blame/named-person",
        r"\bit\s+(?:was|is)\s+(?:[\w-]+\s+){0,2}?[\w@-]+(?:'s|’s)\s+(?:[\w/-]+\s+){1,4}?(?:that|which)\b",
        _possessive_cause_gate,
        "Names a person's action as the cause.",
        _CAUSE_SUGGESTION,
        keys=_k("it", "was is", "'s", "that which"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:and\s+)?(?:that|this)\s+(?:alone\s+|single-handedly\s+|by\s+itself\s+|on\s+its\s+own\s+)?"
        r"(?:caused|triggered|started|took|brought|knocked|led\s+to|broke)\b",
        _act_then_cause_gate,
        "Names a person's action as the cause of the harm that followed.",
        _CAUSE_SUGGESTION,
        keys=_k("that this", "caused triggered started took brought knocked led broke"),
    ),
    # ---- round 10: rhetorical questions that blame (see _rhetorical)
    *_RHETORICAL,
)
