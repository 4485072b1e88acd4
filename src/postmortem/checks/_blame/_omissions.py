"""``blame/named-person``: an omission told as a choice (round 10).

"Nikolai decided a rollback plan wasn't necessary", "the squad opted out of writing integration
tests", "nobody could be bothered", "load testing was consciously dropped", "they chose to live with
the flaky failover rather than fix it": a safeguard left out, told as what someone preferred. The
choice frames the omission as the person's will, where a blameless review asks what made skipping
it look reasonable (a deadline, a test that was always flaky, a plan nobody owned).

A choice of what to do ("the engineer chose the manual failover because ...", "we decided to fail
over") is not an omission; and the team giving its own reason for a step it skipped ("we decided
to skip the optional load test because the change only touched log formatting") is an account,
not a charge. A reason that cites the system's state (the runbook, the pipeline, the dashboard)
explains the choice; a reason of convenience or pressure ("because the sponsor was waiting", "to
save time", "because it was annoying him") does not.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_subject, warranted
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._outsiders import third_party_told_us
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _STANDING_ARTEFACTS, vocabulary

_MESSAGE: Final = (
    "Tells an omission as a person's choice (decided it wasn't needed, didn't bother, opted to skip): it "
    "judges their will, not the conditions that made skipping the step look reasonable."
)
_SUGGESTION: Final = (
    "Describe what made the step look skippable at the time (deadline, cost, a check that was always flaky, "
    "nobody owning it) and what would make it hard to skip."
)

# A reason given in the sentence, and reasons that cite the system's state, which explain a choice.
_REASON_RE: Final = lazy_compile(r"\b(?:because|since|as|given\s+that|due\s+to)\b", re.I)
_SYSTEM_REASON_RE: Final = lazy_compile(
    r"\b(?:runbook|playbook|pipeline|automation|automated|dashboard|graph|console|alert|policy|procedure|"
    r"guide|documentation|docs|vendor|provider|was\s+down|had\s+failed|had\s+flapped|showed)\b",
    re.I,
)
# A quote mark around the reason ("because it was 'just a label change'") mocks it; an apostrophe inside
# or after a word ("doesn't", "the sensor's") is no quote mark (round 14).
_CONVENIENCE_RE: Final = lazy_compile(
    r"\b(?:annoy\w*|tedious|boring|bother\w*|hassle|effort|save\s+time|quicker|faster|lunch|cold|late|formality|"
    r"felt\s+like|(?:didn't|did\s+not)\s+want|demo|party|small|trivial|minor|looked\s+(?:small|fine|safe)|"
    r"couldn't\s+be|waste|boring|inconvenient|tired)\b|[\"“]|(?<!\w)['‘]",
    re.I,
)
_OWN_TEAM: Final = frozenset({"we", "i", "our", "us"})


def _subject_words(s: _Sentence, m: re.Match[str]) -> list[str]:
    i = s.index_at(m.start())
    return [s.tokens[k].low for k in range(s.boundary_before(i) + 1, i)]


def _person_acts(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether a person is the subject, also past an adverb the clause reader stops at ("the squad simply")."""
    if not may_have_person_subject(s):
        return False  # no word could be the person (see _hints)
    if _person_subject(s, m):
        return True
    i = s.index_at(m.start())
    kinds = [s.word_kind(k) for k in range(s.boundary_before(i) + 1, i)]
    return _PERSON in kinds and _SYSTEM not in kinds


def _choice_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's choice to leave a safeguard out, with no reason or a reason that does not explain.

    Not the team's own account with its reason ("we decided to skip ... because ..."), not a reason
    citing the system's state, not a third party that did not tell the team.
    """
    if denied_before(s.text, m.start()) or third_party_told_us(s, m) or warranted(s, m.end()):
        return False  # round 24: warranted: "decided not to ..., which is the rule"
    if not _person_acts(s, m) and not _BY_PERSON_RE.search(s.text, m.end()):
        return False
    reason = _REASON_RE.search(s.text, m.end())
    if reason is None:
        return True
    if _OWN_TEAM.intersection(_subject_words(s, m)):
        return False
    # A reason of convenience judges the choice it gives ("because they found them tedious"); pressure from
    # others ("because marketing wanted the feature live") is the situation, and stays an account.
    if _SYSTEM_REASON_RE.search(s.text, reason.end()) is not None or _cites_artefact(s.text, reason.end()):
        return False
    return bool(_CONVENIENCE_RE.search(s.text, reason.end()))


def _cites_artefact(text: str, pos: int) -> bool:
    """Tell whether the reason at *pos* names a form, a checklist or a rota in its first words (round 19).

    "He did not check the alarm volume because the checklist asks 'alarm working Y/N'": what the form
    asks is the system's state, whatever the quote marks around its words.
    """
    return not _STANDING_ARTEFACTS.isdisjoint(_WORD_RE.findall(text[pos : pos + 40].lower()))


_WORD_RE: Final = lazy_compile(r"[a-z-]+")


_BY_PERSON_RE: Final = lazy_compile(
    r"\bby\s+(?:the\s+|our\s+)?(?:team|squad|engineering|developers?|engineers?|project\s+lead|lead|management|"
    r"owners?|on-call)\b",
    re.I,
)


def _verdict_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person deciding a safeguard was not needed ("decided a rollback plan wasn't necessary")."""
    if denied_before(s.text, m.start()):
        return False
    if _BY_PERSON_RE.search(s.text, m.end()):
        return True  # "Backups were deemed optional by the team"
    i = s.index_at(m.start())
    return _person_acts(s, m) and s.noun_phrase_kind(s.boundary_before(i) + 1, i) != _SYSTEM


def _deliberate_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a step left out on purpose, unless the team gives its own reason or the subject is a system."""
    if denied_before(s.text, m.start()):
        return False
    i = s.index_at(m.start())
    passive = i > 0 and s.tokens[i - 1].low in {"was", "were", "been", "being"}
    if s.subject_kind(i) == _SYSTEM and not passive:
        return False  # "Load testing was consciously dropped": a step left out by someone
    # "We deliberately disabled the cache because it served stale pages": the team's own account.
    return not (_OWN_TEAM.intersection(_subject_words(s, m)) and _REASON_RE.search(s.text, m.end()))


def _convenience_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a duty left undone or a safeguard switched off for a reason of convenience.

    "The drone crew didn't do the preflight checklist because it was cold", "Gunnar muted the alarm
    because its chime was annoying him", "The lab skipped the duplicate assay to meet the courier";
    not a reason from the system ("muted the alert because it had flapped forty times"), not the team's
    own account.
    """
    if denied_before(s.text, m.start()) or not _person_acts(s, m) or third_party_told_us(s, m):
        return False
    i = s.index_at(m.start())
    if i > 0 and s.tokens[i - 1].low in {"was", "were", "is", "are", "be", "been", "being", "get", "got"}:
        return False  # "packets were dropped at the edge": the passive of a system's act
    if _OWN_TEAM.intersection(_subject_words(s, m)):
        return False
    reason = _REASON_RE.search(s.text, m.end())
    if reason is not None:
        if _SYSTEM_REASON_RE.search(s.text, reason.end()) is not None or _cites_artefact(s.text, reason.end()):
            return False
        return bool(_CONVENIENCE_RE.search(s.text, reason.end())) or _person_unwilling(s, reason.end())
    return _PURPOSE_RE.search(s.text, m.end()) is not None


def _person_unwilling(s: _Sentence, pos: int) -> bool:
    """Tell whether the reason at *pos* is a person not doing, in the active: their will or habit as the reason.

    "because she doesn't listen", "because he wasn't thinking about it" (round 14). Not what the person
    lacked or was not given ("because she didn't know the flag existed", "because he wasn't told"), and
    not a reason about a thing ("because the screen doesn't show one").
    """
    toks = s.tokens
    k = s.index_at(pos)
    if k >= len(toks) or toks[k].low in _OWN_TEAM or s.noun_phrase_kind(k, s.boundary_from(k + 1)) != _PERSON:
        return False
    for j in range(k + 1, min(len(toks), k + 5)):
        low = toks[j].low
        if low in _NOT_WORDS or low.endswith("n't"):
            nxt = toks[j + 1].low if j + 1 < len(toks) else ""
            return not (lemma(nxt) in _LACKED or (s.is_verb(j + 1) and _is_passive_after(low, nxt)))
    return False


_NOT_WORDS: Final = frozenset({"not", "never"})
# What a person lacked or received, not what they willed (vocabulary/lacked_verbs.txt).
_LACKED: Final = frozenset(lemma(w) for w in vocabulary("lacked_verbs"))


def _is_passive_after(negation: str, verb: str) -> bool:
    """Tell whether a negated form of *be* and a participle make a passive ("wasn't told", "weren't trained")."""
    return negation.startswith(("was", "were", "is", "are", "isn", "aren")) and verb.endswith(("ed", "en", "ld", "wn"))


_PURPOSE_RE: Final = lazy_compile(
    r"\bto\s+(?:meet|save|hit|make|catch|beat|get\s+home|go\s+home|leave|finish\s+early)\b", re.I
)


_SAFEGUARD_VERBS: Final = (
    r"skip|skipping|bypass|ignore|forgo|forego|drop|defer|postpone|leave\s+out|go\s+(?:live|ahead)\s+without|"
    r"ship\s+without|deploy\s+without|launch\s+without|release\s+without|merge\s+without|push\s+without|"
    r"test\s+in\s+prod(?:uction)?|live\s+with|not|do\s+without|cut\s+corners"
)

# What follows the duty: it was not done ("and didn't", "and she just never did it", "and he has not done it").
_UNDONE_RE: Final = lazy_compile(
    r"[^.;:!?]{0,160}?(?:,\s*|\s+)(?:and|but)\s+(?:(?:he|she|they|just|then|simply|still|so\s+far)\s+){0,2}"
    r"(?:didn't|did\s+not|never\b|hasn't|has\s+not|haven't|have\s+not|hadn't|had\s+not|did\s+nothing|forgot)",
    re.I,
)
_WRITERS: Final = frozenset({"we", "i", "us"})


def _duty_undone_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "<person> was supposed to <act> ... and didn't": the span from the person to the undoing.

    Round 22 (issue 14): the duty and its lapse in one sentence, with a person other than the writers
    as the subject ("The harbour master was supposed to sign off the berth plan, and didn't"); a thing
    ("The alert was supposed to fire at 80% and didn't") and the writers' own account are not read.
    """
    undone = _UNDONE_RE.match(s.text, m.end())
    if undone is None or denied_before(s.text, m.start()):
        return None
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    toks = s.tokens
    if a >= i or any(toks[k].low in _WRITERS for k in range(a, i)) or s.subject_kind(i) != _PERSON:
        return None
    return toks[a].start, undone.end()


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?:didn't|did\s+not|never)\s+(?:even\s+|bother\s+to\s+)?(?:do|run|follow|complete|use|read|check|test|page|"
        r"log|fill|write|consult|wait)\b|\b(?:skipped|dropped|bypassed|muted|silenced|disabled|turned\s+off|"
        r"switched\s+off)\b",
        _convenience_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:decided|decide|decides|chose|choose|chooses|opted|opts|elected|preferred|prefers|has\s+preferred)\s+"
        r"(?:to\s+(?:" + _SAFEGUARD_VERBS + r")|against|not\s+to)\b|\bopted\s+out\s+of\b|\bwent\s+ahead\s+"
        r"(?:with\s+(?:[\w-]+\s+){0,4}?)?(?:without|with\s+no|anyway|regardless)\b",
        _choice_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("decided decide decides chose choose chooses opted opts elected preferred prefers ahead"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:decided|decides|deemed|considered|considers|judged|figured|concluded|reckoned|felt|thought)\s+"
        r"(?!to\s)(?:that\s+)?(?:[\w'’-]+\s+){0,9}?(?:(?:was|were|is|are|would\s+be)(?:n't|\s+not)|wasn't|weren't|isn't|"
        r"aren't|not)\s+(?:really\s+)?(?:needed|necessary|required|worth|important|a\s+priority|their\s+job|"
        r"his\s+job|her\s+job|their\s+problem)\b|\b(?:decided|deemed|considered|judged|thought)\s+(?:that\s+)?"
        r"(?!to\s)(?:[\w'’-]+\s+){0,5}?(?:(?:was|were|to\s+be|as)\s+)?(?:optional|overkill|unnecessary|a\s+waste|a\s+formality|"
        r"someone\s+else's\s+problem|a\s+nice-to-have|could\s+wait|could\s+be\s+skipped|can\s+wait|too\s+(?:small|minor|"
        r"trivial|simple|low-risk)\s+to\s+(?:need|require|warrant|bother))\b|\b(?:didn't|did\s+not)\s+think\s+(?:that\s+)?"
        r"(?:[\w'’-]+\s+){1,6}?(?:needed|required|warranted|merited|was\s+(?:needed|necessary|worth|important))\b",
        _verdict_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("decided decides deemed considered considers judged figured concluded reckoned felt thought think"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:didn't|did\s+not|never|couldn't|could\s+not|wouldn't|would\s+not)\s+(?:be\s+bothered|bother(?!\s+to)|"
        r"care\s+to|feel\s+like|want\s+(?:the\s+hassle|to\s+bother|to\s+deal)|think\s+(?:it|this|that)\s+(?:was|were)\s+"
        r"(?:their|his|her)\s+(?:job|problem|responsibility)|prioriti[sz]e)\b|\b(?:nobody|no\s+one|no-one)\s+"
        r"(?:felt\s+like|took\s+the\s+time|could\s+be\s+bothered|wanted\s+to\s+(?:do|own|deal|write|test))\b",
        _deliberate_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("bothered bother care feel want think prioritise prioritize felt took wanted"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:deliberately|consciously|knowingly|intentionally|wil{1,2}fully)\s+(?:skipped|dropped|left|ignored|"
        r"bypassed|disabled|shipped|turned\s+off|muted|omitted|removed|deferred|postponed|pushed|went|deployed|"
        r"released|merged|chose|decided)\b|\bchose\s+to\s+live\s+with\b|\brather\s+live\s+with\b|"
        r"\bpreferr(?:ed|ing)\s+to\s+\w+\s+(?:[\w'-]+\s+){0,8}?rather\s+than\b|\bpreferring\s+to\b",
        _deliberate_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("deliberately consciously knowingly intentionally wilfully willfully live preferred preferring"),
    ),
    # Round 22: a duty held against a person ("Bogdan was supposed to swap the rota and didn't").
    _Rule(
        "blame/named-person",
        r"\b(?:was|were)\s+(?:supposed|meant)\s+to\s+(?!be\b|have\s+been\b)[a-z]",
        _duty_undone_gate,
        "Tells a duty a person was supposed to do and did not: the sentence names who failed, not what let "
        "the step go undone.",
        "Say what the step depended on (a reminder, a checklist, a hand-over, time) and what would have "
        "caught it undone.",
        keys=_k("supposed meant", "was were"),
    ),
)
