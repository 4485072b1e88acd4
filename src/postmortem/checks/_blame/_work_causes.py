"""A person's work named as the cause, whatever its noun (round 20 of issue 14).

Round 14's readings (``_causal_acts``) take a person's possessive phrase as the subject of a verb
of damage, the object of a link of cause after harm, or the complement of harm. Three more frames
give it as the cause whatever the noun (*shortcut*, *bodge*, *penny-pinching*, *re-sort*):

- the subject of a verdict: *Kev's bodge on the baler wiring is what tripped the main breaker*,
  *the mine manager's obsession with tonnes is why ...*, *... was behind the scorched batches*;
- the focus of a cleft: *It was Oksana's schedule change that put both ferries in dry dock*;
- the cause named: *The cause was Bogdan's typo*, *Outage cause: Mateo's misconfigured health check*.

The possessor must be a person (not a team's system, not denied: *nobody's change*), and the
sentence names no recovery after it (*Ana's rollback is what brought the site back* is credit).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acting import acting_verb
from postmortem.checks._blame._acts import _RECOVERY_RE
from postmortem.checks._blame._causal_acts import _CAUSE_SUGGESTION, _PAST, _POSSESSIVE, _SERVED, _possessive_at
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _AUXILIARIES, _DETERMINERS, _PREPOSITIONS, vocabulary

_BE: Final = frozenset({"is", "was", "are", "were", "'s"})
# What opens a clause in which the possessive is no subject: "What Tunde's team did ... was what the form asks".
_NOT_A_SUBJECT: Final = frozenset({"what", "whatever", "if", "whether", "than"})
# A recovery the recovery words do not name: "Ana's rollback is what brought the site back".
_BROUGHT_BACK_RE: Final = lazy_compile(
    r"\b(?:rollback|roll(?:ed|ing)?[\s-]+back|revert\w*|(?:brought|got)\s+(?:[\w-]+\s+){0,3}?back)\b", re.I
)
# Work that is a response (a page, a call, an alert, a fix): "Kemi's page is what got the team on the bridge".
_RESPONSES: Final = frozenset(lemma(w) for w in vocabulary("response_verbs"))
_NEGATIONS: Final = frozenset({"not", "never", "no", "nobody's", "none"})


def _work_phrase(s: _Sentence, k: int, v: int) -> bool:
    """Tell whether tokens k+1..v-1 can be the possessive's own phrase (no verb of its own, no clause break).

    An infinitive or a gerund belongs to the noun (*refusal to trust the new fuel system*, *way of
    packing the cooler*); a past with its object (*Tunde's team did with the invoices*) does not.
    """
    toks = s.tokens
    for x in range(k + 1, v):
        low = toks[x].low
        if s._is_boundary(x) or low in {"and", "or", "but"} or (low in _AUXILIARIES and low != "to"):
            return False
        if low in _PAST or (low.endswith("ed") and toks[x + 1].low in _DETERMINERS | _PREPOSITIONS):
            return False
    return True


def _owned_work(s: _Sentence, m: re.Match[str]) -> int | None:
    """The index of a person's possessive in the match, its noun not one of the people served, or None."""
    k = _possessive_at(s, m)
    if k is None or _RECOVERY_RE.search(s.text, m.start()) or _BROUGHT_BACK_RE.search(s.text, m.start()):
        return None
    toks = s.tokens
    if any(toks[x].low in _NEGATIONS or toks[x].low.endswith("n't") for x in range(s.index_at(m.start()), k)):
        return None  # "the cause was not Olu's change"
    bare = toks[k].low.removesuffix("'s").removesuffix("’s").removesuffix("'")
    if bare in _SERVED or any(toks[x].low in _NOT_A_SUBJECT for x in range(s.boundary_before(k) + 1, k)):
        return None
    return k


def _verdict_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's work as the subject of "is what", "is why", "was behind" (see the module)."""
    k = _owned_work(s, m)
    if k is None:
        return None
    toks = s.tokens
    v = next((x for x in range(k + 1, len(toks)) if toks[x].low in _BE), None)
    if v is None or toks[v].end > m.end() or not _work_phrase(s, k, v):
        return None
    if any(lemma(toks[x].low) in _RESPONSES for x in range(k + 1, min(k + 3, v))):
        return None  # the work named in its first words
    return toks[k].start, m.end()


def _cleft_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "it was X's N that <verb>": the cleft puts the person's work in focus as what did it."""
    k = _owned_work(s, m)
    if k is None:
        return None
    toks = s.tokens
    rel = s.index_at(m.end() - 1)
    if not _work_phrase(s, k, rel):
        return None
    nxt = rel + 1
    if nxt < len(toks) and (toks[nxt].low.endswith("ly") or toks[nxt].low in {"never", "just", "then", "also"}):
        nxt += 1
    if nxt >= len(toks) or not (acting_verb(s, nxt) or s.is_verb(nxt)):
        return None  # "it was the responder's fourth page that night"
    return toks[k].start, toks[rel].start


def _named_cause_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's work named as the cause: "the cause was Bogdan's typo", "Cause: Björn's edit"."""
    k = _owned_work(s, m)
    if k is None:
        return None
    toks = s.tokens
    return toks[k].start, toks[min(k + 1, len(toks) - 1)].end


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b" + _POSSESSIVE + r"\s+(?:[\w/.#-]+\s+){0,7}?(?:is|was|are|were)\s+(?:exactly\s+|precisely\s+|really\s+|"
        r"just\s+|all\s+)?(?:what|why|how|the\s+(?:reason|cause|root)|behind)\b",
        _verdict_gate,
        "Gives a person's work as what caused the incident.",
        _CAUSE_SUGGESTION,
        keys=_k("'s", "is was are were", "what why how reason cause root behind"),
    ),
    _Rule(
        "blame/named-person",
        r"\bit\s+(?:was|is|were)\s+(?:all\s+|just\s+)?(?:(?:the|our|a)\s+)?(?:[\w-]+\s+){0,2}?"
        + _POSSESSIVE
        + r"\s+(?:[\w/.#-]+\s+){0,7}?(?:that|what|which)\b",
        _cleft_gate,
        "Puts a person's work in focus as what caused the incident.",
        _CAUSE_SUGGESTION,
        keys=_k("'s", "it", "was is were", "that what which"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:cause|culprit)(?:\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?)?\s*(?:\*\*)?\s*(?:was|is|:)\s*(?:\*\*\s*)?"
        r"(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?" + _POSSESSIVE,
        _named_cause_gate,
        "Names a person's work as the cause.",
        _CAUSE_SUGGESTION,
        keys=_k("'s", "cause culprit"),
    ),
)
