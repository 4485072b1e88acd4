"""Reproach without a judgement word (round 18 of issue 14).

Two shapes unseen authors use to blame a person while no word of the sentence judges anyone:

- a **modal of reproach**: *he could at least have checked*, *she might at least have read it*,
  *the on-call could just have asked*, *the least he could have done*. *At least*, *just*,
  *simply* or *even* between a modal and a perfect (*could ... have* + participle) measure what
  the person did against the little they were expected to do; *at least* does so in the present
  too (*they could at least answer the phone*). Said of a system (*the alert could at least have
  said which host*) it asks for a better safeguard, and the writers' own (*we could at least
  have*) is left to the self-blame rules; a negation (*he couldn't even log in*) tells what the
  person was unable to do.
- **blame by praise of everyone else**: *everyone except Omar followed the checklist*, *all the
  other crews but the night shift read the notice*. The exception is a person and the verb a
  duty (vocabulary/duty_verbs.txt: follow, read, check, ...); *everyone except Omar joined the
  call* is a fact, *every service except billing followed the new timeout* is a system, and an
  exception explained on the spot (*everyone except Omar, who was on leave, ...*) is an account.

Each pattern is literal words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import vocabulary

__all__ = ["RULES"]

_WRITERS: Final = frozenset({"we", "i", "us", "you"})
_DUTIES: Final = frozenset(lemma(w) for w in vocabulary("duty_verbs")) | frozenset(
    {"remember", "manage", "bother", "sign", "complete", "turn", "show", "do", "lock", "log", "switch", "report"}
)


def _reproach_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a modal of reproach whose subject is a person other than the writers."""
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON:
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


def _least_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the least he could have done" with a person other than the writers after "least"."""
    i = s.index_at(m.start()) + 2
    return i < len(s.tokens) and s.tokens[i].low not in _WRITERS and s.word_kind(i) == _PERSON


def _exception_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept everyone but a person doing a duty: the person named as the one who did not."""
    toks = s.tokens
    i = s.index_at(m.end())
    n = len(toks)
    # The exception: a person, read over a few words ("the night shift", "Omar").
    j = i
    person = False
    while j < min(n, i + 4) and toks[j].text[:1].isalnum() and not s.is_verb(j):
        person = person or s.word_kind(j) == _PERSON or s.is_name(j, loose=True)
        j += 1
    if not person or j >= n:
        return None
    # An exception explained on the spot is an account: "everyone except Omar, who was on leave".
    if not s.is_verb(j) or lemma(toks[j].low) not in _DUTIES:
        return None
    return toks[i].start, toks[j].end


_MESSAGE_REPROACH: Final = (
    "Reproaches a person for not doing the least that was expected ('could at least have'): hindsight on them."
)
_SUGGESTION_REPROACH: Final = (
    "Say what the person knew and was asked to do at the time, and what would have made the step the obvious one."
)
_MESSAGE_EXCEPTION: Final = (
    "Singles out the one person who did not do what everyone else did: blame by contrast, not an account."
)
_SUGGESTION_EXCEPTION: Final = (
    "Describe what that person's situation lacked that the others had (the notice, the checklist, the time)."
)

RULES: Final = (
    _Rule(
        "blame/counterfactual",
        r"\b(?:could|might)\s+(?:(?:have\s+)?at\s+(?:the\s+(?:very\s+)?)?least\s+(?:have\s+)?|"
        r"(?:have\s+)?(?:just|simply|even)\s+have\s+|have\s+(?:just|simply|even)\s+)(?!as\b|been\b|be\b)[a-z]+",
        _reproach_gate,
        _MESSAGE_REPROACH,
        _SUGGESTION_REPROACH,
        keys=_k("could might", "least just simply even"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bthe\s+least\s+[a-z]+\s+could\s+(?:have\s+)?(?:done|do)\b",
        _least_gate,
        _MESSAGE_REPROACH,
        _SUGGESTION_REPROACH,
        keys=_k("least", "could"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:every(?:one|body)(?:\s+else)?|all\s+(?:the\s+)?other\s+[a-z-]+|every\s+other\s+[a-z-]+|"
        r"the\s+rest\s+of\s+(?:the\s+)?[a-z-]+)\s+(?:except|but|apart\s+from|other\s+than|bar|save)\s+(?:for\s+)?",
        _exception_gate,
        _MESSAGE_EXCEPTION,
        _SUGGESTION_EXCEPTION,
        keys=_k("everyone everybody other rest", "except but apart than bar save"),
    ),
)
