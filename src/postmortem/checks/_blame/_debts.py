"""A person in a debtor's slot: a debt laid on a person after an incident (round 24, issue 14).

"The planner owes the crew an apology for the roster", "Trev owes every driver on the depot a pint and a
sorry", "the person who made this change owes the team an explanation": whatever is owed, the frame lays
the incident on the one who owes it. Read when the subject of *owe* (the noun phrase right before it, after
any verb of its clause: "I think Trev owes ...") is a person, a role or a group of people; not the writers
("We owe a lot to Ernesto": thanks), not a company outside the team (what a supplier owes is a contract's
matter, read by the rules for other teams), not money (credits, refunds), not denied ("nobody owes anyone
an apology"), and not *owing to* or *owed to* (a cause, a passive).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._outsiders import _THIRD_PARTIES
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._sanctions import _agentive

_WRITERS: Final = frozenset({"we", "i", "us", "our", "my", "you", "whoever", "nobody", "no-one", "none"})
_MONEY_RE: Final = lazy_compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:credits?|refunds?|money|fees?|invoices?|payments?|rent|interest|[£€$¥₹₦]|\d)", re.I
)


def _debtor_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person or a group of people as the one who owes (see the module); span the debtor and the verb."""
    if denied_before(s.text, m.start()) or _MONEY_RE.match(s.text, m.end()):
        return None
    toks = s.tokens
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    start = next((k + 1 for k in range(i - 1, a - 1, -1) if s.is_verb(k)), a)
    if start >= i or any(toks[k].low in _WRITERS or s._bare(toks[k]) in _THIRD_PARTIES for k in range(start, i)):
        return None
    kind = s.noun_phrase_kind(start, i)
    # A name or a noun of an agent standing as the subject ("Trev owes", "the sub-editor owes"): nouns of things
    # ("the server", "the router") are turned down by the phrase's kind first.
    head = toks[i - 1]
    person = kind == _PERSON or (
        kind != _SYSTEM and (s.is_name(i - 1, loose=True) or _agentive(head.low.rsplit("-", 1)[-1]))
    )
    return (toks[start].start, m.end()) if person else None


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?:owes|owe|owed)\b(?!\s+(?:it\s+)?to\b)",
        _debtor_gate,
        "Lays a debt on a person for the incident (an apology, an explanation, a round): it makes them its culprit.",
        "Describe what happened and what will change; leave out what anyone owes for it.",
        keys=_k("owes owe owed"),
    ),
)
