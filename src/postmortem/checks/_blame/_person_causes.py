"""A person named as the cause by the grammar of the sentence (round 11 of issue 14).

- **A person as the subject of a cause**: *Saoirse is the reason the certificate expired*, *he
  is the root cause*, *the contractor was the whole reason*. The culprit rules of earlier
  rounds read a person as the complement (*the root cause was Sam*); this reads the other
  order. Not praise (*Ana is the reason we caught it early*), not denied (*Ravi is not the
  reason*), not the writers, not a third party (blame at vendors and teams is ``_teams``).
- **A duty failed**: *failed in their duty to contact the prescriber*, *fell short of their
  duty to monitor the fuel level*, *failed in testing his change*: a person failing *in* a duty
  or an act, as people fail *to* do something (``_character``); systems fail *in* production.
- **A thing left in a state**: *left the debug flag on in production*, *left the overdue job
  paused after the migration*, *left the ward's alarm unattended*: a person who left something
  switched on, running, paused or open. Not with a reason (*as a fallback*, *so that*, *because*).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._outsiders import _THIRD_PARTIES
from postmortem.checks._blame._rule import _k, _Rule

_WRITERS: Final = frozenset({"we", "i", "us", "our", "my"})
_NEGATION_RE: Final = lazy_compile(r"\b(?:not|never|no\s+longer)\s+(?:\w+\s+)?$|n[’']t\s+(?:\w+\s+)?$", re.I)
# Credit, not blame: the person is the reason something went well; since round 13 also the
# reason it was not worse ("the cross-check she made is the reason this is a near miss and not
# an accident").
_CREDIT_RE: Final = lazy_compile(
    r"\b(?:caught|catch|detected|found|noticed|spotted|saved|fixed|recovered|restored|avoided|prevented|early|"
    r"quickly|survived|contained|held|works?|worked|kept|only\s+lost|near[\s-]miss|(?:no|not\s+any)\s+worse|"
    r"not\s+(?:an?\s+)?(?:accident|disaster|outage|breach|catastrophe))\b",
    re.I,
)
_REASON_RE: Final = lazy_compile(
    r"\b(?:because|since|as\s+(?:a|an|the)|so\s+that|in\s+order\s+to|to\s+(?:keep|let|allow|give|protect|preserve|"
    r"avoid|prevent|compare|debug|observe|watch|test)|for\s+(?:the|a|an)\s+\w+\s+to|while\s+(?:we|they|the)"
    # Round 16: a purpose ("so the freezers would keep running") or a sanction ("as agreed", "by design").
    r"|so\s+(?:[\w'’-]+\s+){1,4}?(?:would|could|can|will|might)|as\s+(?:agreed|planned|instructed|documented|"
    r"scheduled|required|arranged|usual|always)|by\s+design)\b",
    re.I,
)


def _own_subject(s: _Sentence, i: int) -> bool:
    """Tell whether the clause holding token *i* has a person as its subject: not the writers, not a third party."""
    toks = s.tokens
    a = s.boundary_before(i) + 1
    if any(toks[k].low in _WRITERS or s._bare(toks[k]) in _THIRD_PARTIES for k in range(a, i)):
        return False
    own = s.noun_phrase_kind(a, i) if i > a else None
    return own in {_PERSON, None} and s.subject_kind(i) == _PERSON


def _cause_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person as the subject of "is the reason", "was the root cause", not credited or denied."""
    be = m.group("be") or m.group("be2")
    if _NEGATION_RE.search(s.text, max(0, m.start() - 24), m.start() + len(be) + 1):
        return False
    if _CREDIT_RE.search(s.text, m.end(), s.clause_end(m.end()) + 60):
        return False
    i = s.index_at(m.start())
    if _which_after_name(s, i):
        return False
    inner = _inner_subject(s, i)
    if inner is not None:
        # "nobody was sure the field was the cause": the cause's subject is the noun phrase of
        # the clause after "sure", not the one who was unsure.
        return s.noun_phrase_kind(inner, i) == _PERSON and s.tokens[inner].low not in _WRITERS
    return _own_subject(s, i)


def _which_after_name(s: _Sentence, i: int) -> bool:
    """Tell whether "which" before the verb at *i* follows a capitalised word read as a name (round 24).

    "which" stands for a thing or a clause, never a person, so the word is no culprit ("Cold smoking
    doesn't kill Listeria, which is why the swabs matter").
    """
    toks = s.tokens
    k = i - 1 if i > 0 and toks[i - 1].low == "which" else -1
    k -= k > 0 and toks[k - 1].text == ","
    return k > 0 and toks[k - 1].text[:1].isupper() and s.word_kind(k - 1) == _PERSON


_NP_OPENERS: Final = frozenset({"the", "a", "an", "this", "that", "its", "our", "their", "his", "her", "my", "one"})


def _inner_subject(s: _Sentence, i: int) -> int | None:
    """Find a noun phrase opening a few words before the verb at *i*, after the start of its clause.

    In "nobody was sure the field was the cause" and "everyone knew the intern was the cause"
    a clause with no "that" stands after the first verb: its subject is the phrase just before
    *i*, not the clause's first one. None when the phrase opens the clause.
    """
    a = s.boundary_before(i) + 1
    toks = s.tokens
    for d in range(i - 1, max(a, i - 4), -1):
        if toks[d].low in _NP_OPENERS:
            return d if any(s.is_verb(k) for k in range(a, d)) else None
        if s.is_verb(d):
            return None
    return None


def _duty_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person failing in a duty or an act: "the pharmacist failed in their duty to ..."."""
    return _own_subject(s, s.index_at(m.start()))


def _left_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person leaving something on, running or paused, with no reason given."""
    i = s.index_at(m.start())
    if i > 0 and s.tokens[i - 1].low in {"the", "a", "an", "was", "were", "be", "been", "is", "are", "got"}:
        return False  # "the left panel", "was left on": an adjective or a passive without its agent
    return not _REASON_RE.search(s.text, m.end()) and _own_subject(s, i)


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?P<be>is|was|'s)\s+(?:(?:the|our|a)\s+)?(?:(?:real|root|actual|main|sole|only|whole|direct|underlying|"
        r"true|ultimate|primary|single|entire)\s+){0,2}(?:cause|reason|culprit)\b"
        # Round 14: "Noor is why the app sent ...", "that clerk is the whole reason why": "why" says it too.
        r"|\b(?P<be2>is|was)\s+(?:exactly\s+|precisely\s+|simply\s+)?why\b",
        _cause_subject_gate,
        "Names a person as the cause of the incident, which makes them its culprit.",
        "Name the conditions that let the failure happen (a missing check, a default, a gap in the process), "
        "not the person.",
        keys=_k("cause reason culprit why", "is was 's"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:failed|fails|fail)\s+in\s+(?:(?:their|his|her|its|the)\s+(?:[\w-]+\s+)?(?:duty|duties|obligations?|"
        r"responsibilit(?:y|ies)|job)\b|[a-z]+ing\b)|\b(?:fell|falls|fall)\s+short\s+of\s+(?:their|his|her|its|the)\s+"
        r"(?:[\w-]+\s+)?(?:duty|duties|obligations?|responsibilit(?:y|ies)|standards?)\b",
        _duty_gate,
        "Says a person failed in a duty: a verdict on the person rather than on the conditions.",
        "Describe what the process or tooling did not prompt or prevent, and what made the step easy to miss.",
        keys=_k("failed fails fail fell falls fall", "in short"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:left|leaves|leaving)\s+(?:(?:the|a|an|his|her|their|its|it|them)\s+)?(?:[\w'’-]+\s+){0,5}?"
        r"(?:on|enabled|running|paused|switched\s+on|turned\s+on|unattended|unlocked|unmonitored|half-done|"
        r"half-finished)\b(?!\s+(?:the|a|an|top|to|its|call)\b)"
        # Round 24: "on" before a date is when, not a state ("Van left Newcastle by ferry on 30 April").
        r"(?!\s+(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d))",
        _left_gate,
        "Attributes the outcome to a person's lapse: something they left switched on, running or unattended.",
        "Describe what the process or tooling did not prompt or prevent, and what made the step easy to miss.",
        keys=_k(
            "left leaves leaving", "on enabled running paused switched turned unattended unlocked unmonitored half"
        ),
    ),
)
