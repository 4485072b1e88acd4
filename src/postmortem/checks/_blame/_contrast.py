"""One person set against everyone else (round 24, issue 14).

Blame by contrast names one person by what everyone else did or did not do:

* **A tally**: a count held against a person beside everyone else's ("Tally for the year so far: Eamon 5,
  everyone else on the bus rota 1", "Gurpreet four, everyone else one"): a name, a count, then the rest
  of the people (*everyone else*, *the rest of us*, *the others*) with theirs. A count of things by place
  or machine ("Bay 3 five, every other bay one") is not read: the counted one must be a name.
* **A failure held against what the rest do**: a counterfactual about a person's act ended by *like the
  rest of us (do)*, *like everyone else (does)*, *like every other driver (does)* ("If Sam had any
  foresight he'd carry a spare hose like the rest of us do", "if somebody had walked up the hill at four
  like the rest of us"). Without a counterfactual the likeness is a plain account ("the boat crew went by
  the printed tide table, same as every other morning").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _k, _Rule

# The rest of the people; a likeness may also set the person against "every other driver".
_REST: Final = r"(?:everyone|everybody|all|anyone)\s+else|the\s+rest\s+of\s+(?:us|them|the\s+[\w-]+)|the\s+others"
_REST_OF_A_KIND: Final = _REST + r"|every\s+other\s+[\w-]+"
_COUNT: Final = r"(?:\d+|none|nil|zero|one|two|three|four|five|six|seven|eight|nine|ten|once|twice)"
# A counterfactual about the act, before the likeness: "if ... had", "would have", "he'd carry".
_COUNTERFACTUAL_RE: Final = lazy_compile(
    r"\bif\s+(?:[\w'’-]+\s+){0,4}?had\b|\b(?:would|could|should)(?:n't|\s+not)?\s+(?:have|'ve)\b|"
    r"\b\w+['’]d\s+(?!have\b|been\b)[a-z]+",
    re.I,
)
_WRITERS: Final = frozenset({"we", "i", "us", "our", "my"})


def _tally_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a name before the count (see the module)."""
    i = s.index_at(m.start("who"))
    return s.tokens[i].low not in _WRITERS and (s.is_name(i, loose=True) or s.word_kind(i) == _PERSON)


def _like_the_rest_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept the likeness after a counterfactual about a person's act, not the writers' (see the module)."""
    before = _COUNTERFACTUAL_RE.search(s.text, 0, m.start())
    if before is None:
        return False
    toks = s.tokens
    start, end = s.index_at(before.start()), s.index_at(m.start())
    people = [k for k in range(start, end) if s.word_kind(k) == _PERSON or s.is_name(k)]
    return bool(people) and not any(toks[k].low in _WRITERS for k in people)


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"(?P<who>\b[^\W\d_][\w'’-]*)\s+" + _COUNT + r"\b(?:\s+[a-z-]+){0,3}?[,;]\s+(?:and\s+)?(?:" + _REST + r")"
        r"(?:\s+[\w-]+){0,4}?\s+" + _COUNT + r"\b",
        _tally_gate,
        "Holds a tally against one person beside everyone else's: it makes them the incident's culprit.",
        "Count what the process let through (how often the step could be missed, and where), not who missed it.",
        keys=_k("everyone everybody anyone rest others"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:like|unlike|as)\s+(?:" + _REST_OF_A_KIND + r")\b(?:\s+(?:do|does|did|would|had|have))?\b",
        _like_the_rest_gate,
        "Holds a person's act against what everyone else does: a hindsight judgement of the one who did not.",
        "Describe what made the step easy to skip for this person at that time, and what would make it hard to skip.",
        keys=_k("like unlike as", "else rest others other"),
    ),
)
