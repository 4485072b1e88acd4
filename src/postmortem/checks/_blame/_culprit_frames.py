"""Culprit framing in the wordings unseen authors use (round 10 of issue 14).

The earlier culprit rules (``_named_person``) read *the blame lies with X*, *this one is on X*
and *X owns this outage*. Unseen authors frame a culprit with other links, each of which puts a
person where the cause goes:

- the incident *comes back to*, *traces back to*, *points at* or *is down to* a person (*every
  outage since July comes back to the same pair of developers*, *the drone crash is down to
  Florian*), or *was tracked to one person*;
- the *root*, *heart*, *source* or *core* of the problem *is* a person (*at the heart of it was
  the contractor*, *the root of this is Dave*);
- a person *laid at the door of*, *pinned on* (*we can lay this one firmly at the door of the
  capacity-planning group*); the failure *originated with* a person;
- a person *is the reason* harm followed (*Jonas is the reason we were down*), the incident
  *is his to own*;
- in non-native English, *the responsible of the incident is ...*, *guilty for this outage is
  ...*, *the problem is made by Rahul*.

Each reading needs a person (a name, a role, a pronoun, a team) where the culprit goes; a system
there (*the outage was traced back to a config change*, *the root cause was a race in the
scheduler*) is not blame. A lone capitalised word after such a link is read as a name
(*this one is on Bram.*, see ``_gates``) unless it is a known product or common word. Each pattern is literal
words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acts import harm_after
from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._culprit_labels import _label_value_gate
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_follows_gate
from postmortem.checks._blame._hints import may_name_person
from postmortem.checks._blame._named_person_gates import _INCIDENT
from postmortem.checks._blame._rule import _k, _Rule

_WRITERS: Final = frozenset({"we", "i", "us", "our", "me", "my"})
# A denial before the match in its clause ("nobody is to blame", "it was not on Dave"); a comma
# ends its reach ("Make no mistake, this one is on Noor").
_DENIED_RE: Final = lazy_compile(r"\b(?:no\s*one|nobody|not|never|no|n't)\b[^.;:,]*$", re.I)
# Words that quantify the people after a link: "the same pair of developers", "a couple of engineers".
_GROUPS: Final = frozenset({"pair", "couple", "group", "handful", "bunch", "set", "team", "pack"})


def _not_denied(s: _Sentence, m: re.Match[str]) -> bool:
    return not _DENIED_RE.search(s.text, max(0, m.start() - 40), m.start())


def culprit_follows(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person after the match: a noun phrase read as a person, or a lone name ("on Bram.")."""
    if not _not_denied(s, m):
        return None
    found = _person_follows_gate(s, m)
    if found is not None:
        return found
    toks = s.tokens
    i = s.index_at(m.end())
    # "the same pair of developers": the people after the group word.
    for k in range(i, min(len(toks) - 2, i + 4)):
        if toks[k].low in _GROUPS and toks[k + 1].low == "of":
            end = k + 2
            while end < min(len(toks), k + 6) and toks[end].text[:1].isalnum() and not s._is_boundary(end):
                end += 1
            if s.noun_phrase_kind(k + 2, end) == _PERSON:
                return m.start(), toks[end - 1].end
            break
    return None


# The incident named as such before the match: "this obituary mix-up", "the lift outage", "this one".
_DETERMINED_RE: Final = lazy_compile(r"\b(?:this|that|the|our)\s+(?:[\w-]+\s+){0,3}$", re.I)


def _determined(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when a determiner opens the incident's noun phrase, up to three words before the match."""
    return bool(_DETERMINED_RE.search(s.text, max(0, m.start() - 48), m.start())) and _not_denied(s, m)


def _determined_culprit(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "this obituary mix-up sits with Noor": the incident named, then a person after the link."""
    if not _DETERMINED_RE.search(s.text, max(0, m.start() - 48), m.start()):
        return None
    return culprit_follows(s, m)


def _not_a_person_subject(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a culprit after the link when the link's subject is not a person ("the team is down to two")."""
    if s.subject_kind(s.index_at(m.start())) == _PERSON:
        return None
    return culprit_follows(s, m)


# What a problem is called when its source is named: the incident nouns and a few more.
_PROBLEM: Final = rf"(?:{_INCIDENT}|problem|issue|error|bug|crash|mistake|loss|matter|trouble|blackout|mix-up)"
# Subjects that carry a trace back: the incident, "this", "it", "everything", "all of it", "the finger".
_TRACED_SUBJECT_RE: Final = lazy_compile(
    rf"\b(?:it|this|that|everything|all|finger|trail|road|path|evidence|{_PROBLEM}s?)\b", re.I
)


def _traced_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept the incident traced to a person: a trace's subject names the incident, not a page or a request."""
    # The incident may stand before a clause word ("every outage since July comes back to ...").
    traced = m.group().lower().startswith("trac")  # "traces back to", "was tracked to": any subject
    if not traced and not _TRACED_SUBJECT_RE.search(s.text, max(0, m.start() - 80), m.start()):
        return None
    if not may_name_person(s, loose=True):
        return None  # no word could be the person the trace leads to (see _hints; a lone name too)
    return _not_a_person_subject(s, m)


def _reason_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person told as the reason for harm that follows ("Jonas is the reason we were down")."""
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON or not _not_denied(s, m):
        return False
    a = s.boundary_before(i) + 1
    if any(s.tokens[k].low in _WRITERS for k in range(a, i)):
        return False
    return harm_after(s, m.end())


_LINK_MESSAGE: Final = "Traces the incident to a person, which makes them its culprit."
_LINK_SUGGESTION: Final = "Describe what happened and which conditions made it possible, without assigning blame."
_ADVERB: Final = (
    r"(?:(?:all|entirely|squarely|firmly|largely|solely|mostly|purely|directly|straight|right|clearly)\s+)?"
)

# Each way of tracing is a rule of its own, so that each is looked up by its own rare words.
_TRACES: Final = (
    r"\b(?:comes?|came|coming|goes|went|leads?|led|traces?|traced|tracing|tracked|points?|pointed|pointing)\s+"
    + _ADVERB
    + r"back\s+to\s+",
    r"\b(?:traces?|traced|tracing|tracked)\s+" + _ADVERB + r"to\s+",
    r"\b(?:points?|pointed|pointing)\s+" + _ADVERB + r"at\s+",
    r"\b(?:boils?|boiled|comes?|came)\s+" + _ADVERB + r"down\s+to\s+",
)

RULES: Final = (
    *(_Rule("blame/named-person", trace, _traced_gate, _LINK_MESSAGE, _LINK_SUGGESTION, keys=()) for trace in _TRACES),
    _Rule(
        "blame/named-person",
        rf"\b{_PROBLEM}(?:'s|’s)?\s+(?:lies|lay|sits|sat|rests|rested|falls|fell|lands|landed)\s+"
        + _ADVERB
        + r"(?:on|with|at\s+the\s+door\s+of)\s+",
        _determined_culprit,
        "Places the blame for the incident on a person or a team.",
        _LINK_SUGGESTION,
        keys=_k("on with door"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:is|was|'s|’s)\s+" + _ADVERB + r"down\s+to\s+",
        _not_a_person_subject,
        _LINK_MESSAGE,
        _LINK_SUGGESTION,
        keys=_k("down"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:root|heart|cent(?:re|er)|core|source|origin|bottom)\s+of\s+(?:it|this|that|it\s+all|"
        r"(?:the|this|that|our)\s+(?:[\w-]+\s+){0,3}?" + _PROBLEM + r")(?:\s+(?:all|one))?\s*,?\s*"
        r"(?:is|was|lies|lay|sits|sat|stands|stood)\s+(?:simply\s+|really\s+|squarely\s+)?(?:with\s+)?",
        culprit_follows,
        _LINK_MESSAGE,
        _LINK_SUGGESTION,
        keys=_k("root heart centre center core source origin bottom"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:lay|lays|laid|laying|put|puts|putting|pin|pins|pinned|pinning|place|places|placed|placing)\s+"
        r"(?:this(?:\s+one)?|that(?:\s+one)?|it|the\s+(?:blame|responsibility|fault|failure)|"
        rf"the\s+{_INCIDENT})\s+" + _ADVERB + r"(?:at\s+the\s+(?:door|feet)\s+of|on|upon)\s+",
        culprit_follows,
        _LINK_MESSAGE,
        _LINK_SUGGESTION,
        keys=_k("lay lays laid laying put puts putting pin pins pinned pinning place places placed placing"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:originated|originates)\s+(?:squarely\s+)?with\s+|"
        r"\b(?:lands?|landed|falls?|fell)\s+" + _ADVERB + r"at\s+the\s+(?:feet|door|desk)\s+of\s+|"
        r"\b(?:rests?|rested|sits?|sat)\s+" + _ADVERB + r"on\s+the\s+shoulders\s+of\s+",
        _not_a_person_subject,
        _LINK_MESSAGE,
        _LINK_SUGGESTION,
        keys=_k("with of"),
    ),
    _Rule(
        "blame/named-person",
        rf"\b{_PROBLEM}\s+(?:is|was)\s+(?:all\s+|entirely\s+)?(?:his|hers|theirs|her|their)\s+to\s+own\b",
        _determined,
        "Says the incident is a person's to own, which makes them its culprit.",
        _LINK_SUGGESTION,
        keys=_k("own", "his hers theirs her their"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:is|was|'s|’s)\s+(?:(?:really|simply|honestly|basically|clearly)\s+)?(?:the|one|all)\s+"
        r"(?:(?:whole|single|only|sole|main|real|one|big|biggest)\s+)?(?:reason|cause)\s+(?:why\s+|that\s+)?",
        _reason_gate,
        "Names a person as the reason for the harm, which makes them its culprit.",
        "Describe what the person did and what made it cause harm, without making them the reason.",
        keys=_k("reason cause"),
    ),
    # A label naming the cause of the incident, with a person as its value: "Cause of incident: Adaeze's change."
    _Rule(
        "blame/named-person",
        r"\b(?:cause|trigger|origin)\s+of\s+(?:the\s+|this\s+)?(?:incident|outage|failure|problem|issue|breakage)"
        r"\**\s*:",
        _label_value_gate,
        "Names a person in the place of the cause: the label makes them the culprit.",
        "Name the conditions that let the failure happen (a missing check, a default, a gap in "
        "the process) in that field, not the person.",
        keys=(),
    ),
    # ---- non-native English: "the responsible of", "guilty for this outage is", "made by Rahul"
    _Rule(
        "blame/named-person",
        r"\b(?:(?:the|main|real|only|principal|first)\s+)(?:main\s+|real\s+|only\s+)?(?:responsible|guilty|culprit)"
        rf"(?:\s+(?:of|for)\s+(?:this|the|that|our)\s+(?:[\w-]+\s+){{0,3}}?{_PROBLEM})?\s*,?\s+(?:is|are|was|were)\s+"
        rf"|^\W*guilty\s+(?:of|for)\s+(?:this|the|that|our)\s+(?:[\w-]+\s+){{0,3}}?{_PROBLEM}\s+(?:is|are|was|were)\s+",
        culprit_follows,
        "Names a person as the one responsible for the incident, which makes them its culprit.",
        _LINK_SUGGESTION,
        keys=_k("responsible guilty culprit"),
    ),
    _Rule(
        "blame/named-person",
        rf"\b{_PROBLEM}\s+(?:is|was|has\s+been)\s+(?:made|done|created|produced)\s+by\s+",
        culprit_follows,
        _LINK_MESSAGE,
        _LINK_SUGGESTION,
        keys=_k("made done created produced", "by"),
    ),
)
