"""Venting and finger-pointing at people (round 10 of issue 14).

Exasperation aimed at people is blame even with no word of judgement in it: *I'm sick to death
of mopping up after the rental booking squad*, *Fed up with the traders breaking the bot*, *the
caster team never learns*, *Same people, same shortcuts, same outage*, *people keep breaking
prod and going home*, *the frontend folks never own up to it*, *third time this month the mobile
team breaks auth*. Each reading needs people other than the writers in the sentence (a name, a
role, a team, *people*, *others*); the same words about systems (*the deploy failed again*, *I'm
tired of the flaky tests*, *the same alert fired for the third time this week*) or about the
writers themselves (*we keep making the same mistake*) are not venting at anyone. Each pattern
is literal words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._culprit_frames import culprit_follows
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_follows_gate, aimed_at_a_thing
from postmortem.checks._blame._rule import _always, _k, _Rule

_WRITERS: Final = frozenset({"we", "i", "us", "our", "me", "my", "i'm", "we're", "i've", "we've", "myself"})
# Words for people that the clause reader does not classify on their own.
_PEOPLE: Final = frozenset(
    {"people", "folks", "others", "someone", "somebody", "crowd", "squad", "devs", "guy", "guys", "names", "name"}
)
_MESSAGE: Final = "Vents at people: exasperation aimed at who did it, not an account of what happened."
_SUGGESTION: Final = (
    "Leave the frustration out of the review; say what happened, what it cost, and what in the system lets it recur."
)


def _people_in(s: _Sentence, a: int, b: int) -> int | None:
    """Return the index of the first token in tokens[a:b] naming people other than the writers, or None."""
    toks = s.tokens
    for k in range(max(0, a), min(len(toks), b)):
        low = toks[k].low
        if low in _WRITERS:
            continue
        if low in _PEOPLE or s.word_kind(k) == _PERSON:
            return k
    return None


def _people_after_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept exasperation with people named after it ("tired of the data team dumping ...").

    Round 14: exasperation with a thing ("fed up with the booking screen hiding holds behind a filter
    nobody knows about") is about the system; people after it count only as the agent ("by the data team").
    """
    i = s.index_at(m.end())
    if aimed_at_a_thing(s, i):
        by = next((k for k in range(i, min(len(s.tokens), i + 14)) if s.tokens[k].low == "by"), None)
        if by is None:
            return None
        i = by + 1
    k = _people_in(s, i, i + 14)
    if k is None:
        return None
    return m.start(), s.tokens[k].end


# People on the receiving end of a page are no one's target: "the on-call was paged for the
# third time this night", "the same engineer was woken again".
_RECEIVING: Final = frozenset(
    {"paged", "paging", "woken", "woke", "called", "alerted", "notified", "pinged", "contacted", "escalated"}
)
_PAGE_SOMEONE_RE: Final = lazy_compile(r"\bpages?\s+(?:the|him|her|them|someone|somebody)\b", re.I)


def _receiving(s: _Sentence) -> bool:
    """Tell whether the people in *s* may be on the receiving end of a page."""
    return any(tok.low in _RECEIVING for tok in s.tokens) or bool(_PAGE_SOMEONE_RE.search(s.text))


def _people_anywhere_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a repeat told about people anywhere in the sentence, not the writers alone nor people paged."""
    if _receiving(s):
        return False
    return _people_in(s, 0, len(s.tokens)) is not None


def _others_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a habit told of people who are not the writers ("the caster team never learns")."""
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON:
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


def _not_a_system_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept treating production like a toy: only people do, so any subject but a system or the writers."""
    i = s.index_at(m.start())
    if s.subject_kind(i) == _SYSTEM:
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


def _same_again_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "same people" told as a pattern: "same" said twice, or a repeat word in the sentence."""
    if _receiving(s) or _SHARED_NAME_RE.search(s.text, max(0, m.start() - 24), m.end()):
        return False
    low = s.text.lower()
    return low.count("same") >= 2 or bool(_REPEAT_RE.search(low))


# Round 13: things that have or share a name ("two bookings with the same name", "it has the same
# name and the same dashboard"): a look-alike, a condition of the system, not people told as a pattern.
_SHARED_NAME_RE: Final = lazy_compile(
    r"\b(?:with|has|have|had|having|share|shares|shared|sharing|under|carry|carries|carried|show|shows|showed)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:very\s+|exact\s+)?same\s+names?\b",
    re.I,
)


_REPEAT_RE: Final = lazy_compile(
    r"\b(?:again|twice|every\s+(?:single\s+)?(?:time|quarter|month|week|release|launch|outage)|always|"
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+(?:time|outage|incident|sev)|"
    r"(?:this|every|each)\s+(?:quarter|month|week|year))\b"
)

_PEOPLE_WORDS: Final = (
    r"(?:people|persons?|person's|names?|team|team's|teams|engineers?|devs?|developers?|guys?|authors?|folks|"
    r"crowd|squad|individuals?|culprits?|suspects|desk|corner\s+of\s+the\s+org)"
)
_ORDINAL: Final = r"(?:third|fourth|fifth|sixth|seventh|nth|umpteenth|3rd|4th|5th|6th|7th|8th|9th|10th)"

# A habit told of people, one rule per wording so that each is looked up by its own rare words.
_HABITS: Final = (
    r"\b(?:never|don't|doesn't|do\s+not|does\s+not|won't|will\s+never)\s+learns?\b",
    r"\b(?:keeps?|kept)\s+(?:on\s+)?(?:breaking|making\s+the\s+same|pushing|shipping\s+broken|causing|ignoring|"
    r"skipping|climbing|forgetting|dumping|trashing|nuking|force-pushing)\b",
    r"\b(?:had|have|has)\s+(?:apparently\s+|clearly\s+|obviously\s+)?better\s+things\s+to\s+do\b",
    r"\b(?:never|won't|refuses?\s+to|refused\s+to)\s+owns?\s+up\b|\b(?:needs?|has|have)\s+to\s+own\s+up\b",
)

RULES: Final = (
    _Rule(
        "blame/character",
        # Round 14: worn down "by" or "from" people too ("exhausted by the grounds staff", "tired from this people").
        r"\b(?:tired|sick(?:\s+and\s+tired)?(?:\s+to\s+death)?|fed\s+up|weary|had\s+enough|had\s+it)\s+(?:of|with)\s+|"
        r"\b(?:tired|exhausted|worn\s+out|worn\s+down|drained|sick)\s+(?:by|from)\s+(?!(?:the\s+|a\s+|an\s+)?"
        r"(?:[\w-]+\s+)?(?:night|nights|shift|shifts|week|weekend|hour|hours|day|days|call|calls|incident|outage|"
        r"drive|heat|cold|page|pages|alert|alerts|alarm|alarms|work|load|backlog|noise)\b)|"
        r"\b(?:i'm|i\s+am|so|i've\s+been|we're|we\s+are)\s+done\s+(?:with|being|babysitting|apologi[sz]ing|"
        r"cleaning|mopping|fixing|writing)\b",
        _people_after_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("tired sick fed weary enough it done exhausted worn drained"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:exhausting|infuriating|frustrating|maddening|exasperating|tiring)\s+(?:that|to|working|how|dealing)\b",
        _people_after_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("exhausting infuriating frustrating maddening exasperating tiring"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:mop|mops|mopped|mopping|clean|cleans|cleaned|cleaning|pick|picking|picked)\s+up\s+after\s+",
        _person_follows_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("up", "after"),
    ),
    _Rule(
        "blame/character",
        r"\bsame\s+(?:two\s+|three\s+|pair\s+of\s+|couple\s+of\s+|handful\s+of\s+|old\s+)?" + _PEOPLE_WORDS + r"\b",
        _same_again_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("same"),
    ),
    _Rule(
        "blame/character",
        r"\b" + _ORDINAL + r"\s+(?:time|outage|incident|weekend|sev-?\d?)s?\s+(?:this|in|since|today|tonight|"
        r"that|running)\b",
        _people_anywhere_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("time outage incident weekend sev"),
    ),
    *(_Rule("blame/character", habit, _others_subject_gate, _MESSAGE, _SUGGESTION, keys=()) for habit in _HABITS),
    _Rule(
        "blame/character",
        r"\btreats?\s+(?:our|the|their|prod|production)\s*(?:[\w-]+\s+)?like\s+an?\s+(?:toy|playground|sandbox|test\s+bed)\b",
        _not_a_system_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"\b(?:some|certain)\s+(?:people|folks|engineers|developers|devs|teams|individuals|colleagues|of\s+us|"
        r"of\s+you)\s+(?:here\s+)?(?:(?:clearly|just|apparently|still|simply|honestly|seemingly)\s+)?"
        r"(?:don't|do\s+not|can't|cannot|won't|refuse|never|seem\s+to\s+think)\b",
        _always,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"\bi\s+(?:shouldn't|should\s+not)\s+have\s+to\s+(?:say|tell|explain|repeat|remind|spell)\b",
        _always,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:not\s+)?again\s*,\s*",
        culprit_follows,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("again"),
    ),
)
