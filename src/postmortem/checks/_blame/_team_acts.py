"""Blame at another group told by what its act did to the writers (round 12 of issue 14).

Round 11 (``_teams``) reads a group judged by a habit, a verdict or an act only people do badly.
Whole post-mortems blame another team or a vendor just as often with no judging word at all,
through the frame of the act:

- **kept in the dark**: the group acted and did not tell the writers (*they change the firewall
  and they tell nobody*, *pushed the change without anyone in the control room being told*,
  *only told us about the update after it was done*). A system that "didn't notify anyone" is a
  missing alert, and the writers' own "without telling anyone" is their own account; neither is
  read.
- **our things harmed by their act**: another group as the subject of a verb that breaks or
  floods something, with the writers' own thing as its object (*the district's engineers opened
  the gate early and flooded our lower fields*, *they broke our build*). The same verb with a
  system as its subject (*the outage broke our checkout*) is an account; an act done at the
  writers' request is not read (``_denial``).
- **the same again**: a group told as doing it before (*which is not the first time they have*,
  *Accounting did the same thing in March already*, *typical for that department*).

The subject is read by the clause reader (people, roles and organisations are people, see
``_teams``); the patterns are literal words with bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._rule import _k, _Rule

__all__ = ["RULES"]

_WRITERS: Final = frozenset({"we", "i", "us", "me", "our", "my", "we've", "i've", "we'd", "i'd", "ourselves"})

_PRONOUNS: Final = frozenset({"they", "them", "he", "him", "she", "her", "it", "you", "someone", "somebody"})

_MESSAGE_DARK: Final = "Tells another team's or a vendor's act as done behind the writers' backs: blame at the group."
_SUGGESTION_DARK: Final = (
    "Say what changed and when, and which channel for notice between the groups was missing (a change calendar, "
    "a shared ticket, a subscription to their release notes)."
)
_MESSAGE_HARM: Final = "Tells another group as having harmed what is ours: blame at the group, not a cause."
_SUGGESTION_HARM: Final = (
    "Describe what was done and what it led to, and what in the interface between the groups (a check, a "
    "notice, a guard on the shared resource) would have stopped it."
)
_MESSAGE_AGAIN: Final = "Tells what a team or a vendor did as a repeat of theirs: finger-pointing, not an account."
_SUGGESTION_AGAIN: Final = (
    "Say what happened this time and what let it happen again (the guard that is still missing), without the "
    "'not the first time'."
)


def _others_before(s: _Sentence, i: int) -> bool:
    """Tell whether the clause holding token *i* has people other than the writers for its subject."""
    if s.subject_kind(i) != _PERSON:
        return False
    a = s.boundary_before(i) + 1
    lows = {s.tokens[k].low for k in range(max(0, a - 8), i)}
    return not lows & _WRITERS


def _kept_in_dark_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept an act kept from the writers when its doer is a person or a group, not the writers, not a system."""
    if denied_before(s.text, m.start()):
        return False
    i = s.index_at(m.start())
    if s.subject_kind(i) == _SYSTEM:
        return False
    return _others_before(s, i)


# "...and they tell nobody", "didn't tell us", "without anyone in OCC being told", "only told us
# about the update after it was done". Telling is what people owe each other; a system that
# "didn't notify anyone" is read by its subject and turned down. What was not passed on, told by
# its content ("the account team did not inform us that the registration had a renewal date"), is
# a fact of the hand-off and is not read.
_KEPT_IN_DARK: Final = (
    r"\b(?:(?:didn't|did\s+not|never|without)\s+(?:even\s+|once\s+)?(?:tell|telling|inform|informing|warn|warning|"
    r"consult|consulting|ask|asking)\s+(?:us|me|anyone|anybody)\b(?!\s+(?:else\s+)?(?:to|for|that|about|of|when|how|what|"
    r"whether|which|in\s+advance\s+that))|"
    r"(?:tell|tells|told|informed|warned|consulted|asked)\s+(?:nobody|no\s+one|no-one|none\s+of\s+us)\b|"
    r"without\s+(?:anyone|anybody)\s+(?:[\w'-]+\s+){0,5}?(?:being\s+)?(?:told|informed|warned|consulted)\b|"
    r"only\s+(?:told|informed|warned)\s+(?:us|me)\s+(?:[\w'-]+\s+){0,4}?after\b)"
)

# Verbs that break, flood or spoil a thing, in the past (the account of what was done to ours).
_HARMED_OURS: Final = (
    r"\b(?:broke|flooded|wrecked|trashed|corrupted|wiped|deleted|overwrote|clobbered|nuked|took\s+down|"
    r"knocked\s+out|knocked\s+over|blocked|locked\s+out|ruined|crippled|bricked|"
    r"pushed\s+(?:[\w'-]+\s+){0,3}?(?:to|into|onto)|flashed\s+(?:[\w'-]+\s+){0,3}?(?:to|onto))\s+"
    r"(?:all\s+(?:of\s+)?)?(?:our|us)\b"
)


def _harmed_ours_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept another group's act on what is ours, not at the writers' request, and not a system's."""
    if denied_before(s.text, m.start()) or re.search(
        r"\b(?:at\s+our\s+request|as\s+agreed|as\s+asked)\b", s.text, re.I
    ):
        return False
    i = s.index_at(m.start())
    if s.subject_kind(i) == _SYSTEM:
        return False
    if m.group().lower().startswith(("pushed", "flashed")) and not re.search(
        r"\b(?:by\s+hand|manually|without|untested|unannounced|unreviewed|straight)\b", s.text, re.I
    ):
        return False  # "the vendor pushed the fix to our fleet" is an account; "by hand", "without" judge it
    return _others_before(s, i)


# The act as a repeat of the group's: "which is not the first time they have jumped ahead", "did
# the same thing in March already", "typical for that department".
_AGAIN: Final = (
    r"\b(?:not\s+the\s+first\s+time\s+(?:they|he|she|that\s+(?:team|department|vendor|group))|"
    r"(?:did|does|do|pulled)\s+the\s+(?:exact\s+)?same\s+(?:thing|trick|stunt)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:already|again|before|last)|typical\s+(?:of|for)\s+(?:them|him|her|that|this|those|these|the)\b)"
)


def _again_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a repeat told of people other than the writers, not of a system."""
    if denied_before(s.text, m.start()):
        return False
    low = m.group().lower()
    if low.startswith("not"):
        # "they" may be alerts ("not the first time they fired"): a person or a group must be named.
        return any(s.word_kind(k) == _PERSON and s.tokens[k].low not in _PRONOUNS for k in range(len(s.tokens)))
    if low.startswith("typical"):
        k = s.index_at(m.end() - 1)
        after = range(k, min(len(s.tokens), k + 3))
        return any(s.tokens[j].low in {"them", "him", "her"} or s.word_kind(j) == _PERSON for j in after)
    i = s.index_at(m.start())
    return s.subject_kind(i) != _SYSTEM and _others_before(s, i)


# A delay told with "even": "their support staff took six hours to even reply". Without it ("the
# on-call took 12 minutes to acknowledge") a delay is a time on the timeline.
_SLOW_EVEN: Final = r"\btook\s+(?:[\w'-]+\s+){1,3}?to\s+even\s+\w+"


def _slow_even_gate(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    return not denied_before(s.text, m.start()) and s.subject_kind(i) != _SYSTEM and _others_before(s, i)


RULES: Final = (
    _Rule(
        "blame/named-person",
        _KEPT_IN_DARK,
        _kept_in_dark_gate,
        _MESSAGE_DARK,
        _SUGGESTION_DARK,
        keys=_k(
            "tell telling inform informing warn warning consult consulting ask asking told informed warned consulted"
        ),
    ),
    _Rule(
        "blame/named-person",
        _HARMED_OURS,
        _harmed_ours_gate,
        _MESSAGE_HARM,
        _SUGGESTION_HARM,
        keys=_k("our us"),
    ),
    _Rule("blame/character", _AGAIN, _again_gate, _MESSAGE_AGAIN, _SUGGESTION_AGAIN, keys=()),
    _Rule("blame/character", _SLOW_EVEN, _slow_even_gate, _MESSAGE_HARM, _SUGGESTION_HARM, keys=_k("took", "even")),
)
