"""Hindsight told as obviousness owed to someone (round 12 of issue 14).

``_counterfactual`` reads "obvious" when it is "to anyone" or followed by "yet the team ...". The
frames here carry the same verdict with other words:

- **obviousness that was owed**: "should have been obvious / clear / evident", "ought to have
  been apparent", told to people ("to the team", "to whoever planned the change") or of an
  expletive subject with what should have been seen after it ("it should have been blindingly
  clear that a 40 GB table can't be altered in place"). With a thing as its subject ("the error
  message should have been clear about the region") it asks for a better message and is not read;
- **what anyone would have seen**: "anybody looking at the diff could have told you", "anyone
  reading the graph would have seen it coming" (a universal person with a perfect modal of
  perception); "nobody could have seen it" clears people and is not read;
- **staring someone in the face**: "the answer was staring us in the face".

Each pattern is literal words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _always, _Rule

__all__ = ["RULES"]

_MESSAGE: Final = "Calls something obvious that was only obvious in hindsight, judging those who did not see it."
_SUGGESTION: Final = "State what was known at the time and what made the signal hard to see."

_PEOPLE_WORDS: Final = frozenset({"whoever", "those", "concerned", "involved", "all", "everyone", "everybody"})
_EXPLETIVE: Final = frozenset({"it", "it's", "this", "that", "what", "what's"})
_TO_PEOPLE_RE: Final = lazy_compile(
    r"\s+(?:to|for)\s+(?:the\s+|our\s+|a\s+|any\s+|every\s+|all\s+)?(?P<who>[\w'-]+)", re.I
)
_THAT_RE: Final = lazy_compile(r"\s+(?:(?:now|then|at\s+the\s+time|from\s+(?:[\w'-]+\s+){1,4}?)\s*)?that\b", re.I)


def _owed_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept obviousness owed to people, or of an expletive subject with a that-clause; not of a thing."""
    if denied_before(s.text, m.start()):
        return False
    to = _TO_PEOPLE_RE.match(s.text, m.end())
    if to is not None and s.subject_kind(s.index_at(m.start())) != _SYSTEM:
        # "should have been obvious to the reviewer"; not "the alert should have been clear to the on-call",
        # which asks for a clearer alert.
        k = s.index_at(to.start("who"))
        # The head may follow a modifier: "to the site lead", "to the night-shift operators".
        for j in range(k, min(len(s.tokens), k + 3)):
            if s.word_kind(j) == _PERSON or s.is_name(j, loose=True) or s.tokens[j].low in _PEOPLE_WORDS:
                return True
            if s._is_boundary(j) or s.is_verb(j):
                break
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    while a < i and s.tokens[a].low in {"frankly", "honestly", "surely", "really", "and", "but", "so"}:
        a += 1
    if a < i and s.tokens[a].low in _EXPLETIVE:
        return _THAT_RE.match(s.text, m.end()) is not None or to is not None
    return s.subject_kind(i) == _PERSON


_OWED: Final = (
    r"\b(?:should(?:n't|\s+not)?|ought\s+to|must)(?:'ve|\s+have)\s+been\s+(?:(?:very|really|blindingly|painfully|"
    r"glaringly|perfectly|immediately|abundantly|crystal|totally|quite)\s+)?(?:obvious|clear|evident|apparent|plain)\b"
)

# "anybody looking at the diff could have told you it would blow up", "anyone reading the graph
# would have seen it coming": everyone could see it, so those who did not are judged.
_ANYONE_WOULD: Final = (
    r"\b(?:anyone|anybody|everyone|everybody|any\s+(?:competent\s+|half-decent\s+|decent\s+)?(?:engineer|reviewer|"
    r"developer|operator|admin|one))(?:\s+[\w'-]+){0,6}?\s+(?:could|would|should)(?:'ve|\s+have)\s+"
    r"(?:easily\s+|immediately\s+|instantly\s+)?(?:seen|told|known|spotted|noticed|caught|predicted|guessed|"
    r"worked\s+out|figured\s+out)\b"
)


def _anyone_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept what anyone would have seen, unless denied ("not that anyone could have seen it") or a question."""
    if denied_before(s.text, m.start()) or s.text.rstrip().endswith("?"):
        return False
    return not re.search(r"\b(?:no|not|never|hardly)\b", s.text[m.start() : m.end()], re.I)


RULES: Final = (
    _Rule("blame/counterfactual", _OWED, _owed_gate, _MESSAGE, _SUGGESTION, keys=()),
    _Rule("blame/counterfactual", _ANYONE_WOULD, _anyone_gate, _MESSAGE, _SUGGESTION, keys=()),
    _Rule(
        "blame/counterfactual",
        r"\bstaring\s+(?:us|them|him|her|me|everyone|everybody|the\s+team|the\s+reviewers?)\s+(?:right\s+)?in\s+the\s+face\b",
        _always,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
)
