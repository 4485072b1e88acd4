"""Hindsight in the passive and lapses in non-native English (round 10 of issue 14).

Hindsight often names no person at all; the wording itself judges that someone should have
acted: *the subtitle file was approved without being opened*, *the radar outage was known about
for an hour and not escalated*, *the risk was flagged, minuted and then quietly shelved*, *a
simple check of the target path was all that was required, and it was skipped*, *the broken
cron expression sailed through review*, *nobody thought to check the disk*. Non-native writers
put the same lapse in other grammar: *this error must be seen in the review*, *he has not made
the check*, *changed the firewall rule without to inform the team*, *was doing the upgrade in
wrong order*, *if the colleague was more attentive*.

Each reading names an act people do (approving, merging, reading, escalating) or a review, so the
passive about a mechanism (*the request was retried without being logged*, *the input should
have been rejected by the validator*) is not read; a reason in the sentence (*because*, *since*)
turns the readings of an omission down. Each pattern is literal words and bounded gaps
(tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._carried import _passive_act_gate
from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import vocabulary

_WRITERS: Final = frozenset({"we", "i", "us"})
_MESSAGE: Final = "Judges with hindsight that someone should have acted, without naming the conditions."
_SUGGESTION: Final = "Describe what the people involved saw and knew at the time, and what made the step easy to miss."
# What a review is called: the object of "sailed past ...", "got through ...".
_REVIEW_WORDS: Final = frozenset(
    {"review", "reviews", "reviewer", "reviewers", "approver", "approvers", "approval", "approvals", "sign-off"}
    | {"signoff", "qa", "testing", "eyes", "senior", "seniors", "everyone", "everybody", "anyone", "anybody", "diff"}
)


# A reason given in the sentence: "because", "due to", "as the ...", "since the ..." ("since
# Tuesday" is a time, not a reason).
_REASON_RE: Final = lazy_compile(
    r"\b(?:because|due\s+to|as\s+(?:the|it|they|we|he|she|there|its|their)|"
    r"since\s+(?:the|it|they|we|he|she|there|its|their)|after\s+(?:confirming|checking|verifying|seeing))\b",
    re.I,
)


def _no_reason(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept unless the sentence gives a reason (an explanation is an account, not a verdict).

    Round 19: a condition told before, the match's clause opening as its result ("the old plans
    showed no drain there, so nobody thought to look"); not a person's act as that condition
    ("Stijn did not tell anyone, so no one thought to ask").
    """
    if _REASON_RE.search(s.text):
        return False
    result = _RESULT_OPENS_RE.search(s.text, max(0, m.start() - 24), m.start())
    return result is None or s.subject_kind(max(0, s.index_at(result.start()) - 1)) == _PERSON


# The match's clause is the result of the one before: ", so", "and so", "which is why", "which meant";
# round 21: "so" with no comma ("was not in the diary so nobody thought to check"), "that's how", "hence".
_RESULT_OPENS_RE: Final = lazy_compile(
    r"(?:\bso|\b(?:which|that)(?:\s+(?:is|was)|'s)\s+(?:why|how)|\bwhich\s+meant|\bhence)\s+$", re.I
)


# People let through a gate or a barrier ("those guests were let through by lift staff after a
# visual check") pass it; a change or a warning "let through" is the judged kind (round 11).
_PASSING_PEOPLE: Final = frozenset(w + e for w in vocabulary("customer_nouns") for e in ("", "s")) | frozenset(
    {"visitors", "visitor", "people", "skiers", "fans", "spectators", "attendees", "crowds", "crowd", "staff"}
)


def _no_reason_on_passed_work(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept as :func:`_no_reason` does, where the clause before holds a passive act on work.

    "Was merged without anyone reading it" is hindsight on whoever let it through; a system that
    ran unobserved ("the disk filled up without anyone checking it") is not
    (``_carried._passive_act_gate``).
    """
    return _no_reason(s, m) and _passive_act_gate(s, m)


def _no_reason_nor_people_passing(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept as :func:`_no_reason` does, unless what was let through is people, the clause's subject."""
    if "through" in m.group().lower():
        i = s.index_at(m.start())
        a = s.boundary_before(i) + 1
        if any(s.tokens[k].low in _PASSING_PEOPLE or s.word_kind(k) == _PERSON for k in range(a, i)):
            return False
    return _no_reason(s, m)


def _reviewed_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "sailed past review": a review word in the sentence, and no reason given."""
    return _no_reason(s, m) and any(tok.low in _REVIEW_WORDS for tok in s.tokens)


def _person_act_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a lapse whose subject is a person other than the writers, with no reason given."""
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON or _REASON_RE.search(s.text, m.end()):
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


def _if_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "if the colleague was more attentive": the condition's subject is a person, not the writers."""
    toks = s.tokens
    first = s.index_at(m.start()) + 1  # after "if"
    for k in range(first, s.index_at(m.end() - 1)):
        if toks[k].low in {"was", "were", "is", "had", "would"}:
            return s.noun_phrase_kind(first, k) == _PERSON and not any(toks[x].low in _WRITERS for x in range(first, k))
    return False


_PEOPLE_ACTS: Final = (
    r"(?:approved|merged|signed\s+off|sent|published|shipped|released|deployed|pushed|run|applied|accepted|"
    r"dismissed|ticked|promoted|rolled\s+out|closed|resolved|acknowledged|acked|changed|edited)"
)
_LOOKED_AT: Final = (
    r"(?:opened|read|looked\s+at|tested|checked|proofread|proof-read|reviewed|verified|validated|done|questioned|"
    r"tried|run)"
)

# ---- a duty told in the passive, then that it was not done (round 20)
#
# *The generator was supposed to be tested the night before, and it wasn't*; *the declaration had
# to be signed before the truck left, and it was not done*; *the set-point was there to be caught on
# the first glance and wasn't*; *that expiry list needed reading before the units went out, not
# after*. The duty names no one, and the clause after it says it went undone: hindsight in the
# passive. Not a duty a system had (*by the float switch*, *automatically*), nor one whose failure
# the sentence explains (*because the float stuck*).
_UNDONE_RE: Final = lazy_compile(
    r"(?:\b(?:wasn'?t|weren'?t|was\s+not|were\s+not)(?=\s*(?:[.,;:!)]|$|done\b|\w+ed\b|\w+en\b))|"
    r"\bnever\s+(?:happen\w*|done|did)\b|\b(?:didn'?t|did\s+not)\s+happen\b|\bnot\s+done\b|"
    r"\b(?:and|but)\s+(?:it|they|this|that|these|those)\s+(?:never|didn'?t|did\s+not)\b|"
    r"[,;]\s*not\s+(?:after|at|later|the\s+next|hours)\b|\bshould(?:'ve|\s+have)\s+been\b)",
    re.I,
)
_SYSTEM_DUTY_RE: Final = lazy_compile(
    r"\b(?:automatically|by\s+(?:the|its|a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:system|switch|controller|script|job|timer|sensor|tool|software|app|scheduler|pipeline|robot|bot)s?)\b",
    re.I,
)


def _undone_duty_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a duty in the passive that the sentence then says went undone (see above), up to the words saying so."""
    undone = _UNDONE_RE.search(s.text, m.end())
    if undone is None or _REASON_RE.search(s.text) or _SYSTEM_DUTY_RE.search(s.text, m.end(), undone.start()):
        return None
    if m.group().lower().startswith(("needed", "wanted")) and not s.text[m.end() :].split(None, 1)[0].lower().rstrip(
        ".,;"
    ).endswith("ing"):
        return None  # "needed a new pump": a want, not a duty in the passive
    return m.start(), undone.end()


RULES: Final = (
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|got|been)\s+(?:(?:quickly|simply|just|then|straight)\s+)?" + _PEOPLE_ACTS + r"\s+"
        r"(?:(?:[\w'-]+\s+){0,6}?)without\s+(?:(?:anyone|anybody|ever|first|even)\s+)?(?:being\s+(?:properly\s+)?"
        + _LOOKED_AT
        + r"|(?:anyone|anybody)\s+(?:reading|opening|looking|checking|asking|testing|batting)|a\s+single\s+"
        r"(?:question|look|test|check|reviewer)|so\s+much\s+as\s+a|a\s+second\s+look)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("without"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|had\s+been)\s+(?:already\s+|well\s+)?known\s+(?:about\s+)?(?:for|since|on|in)\s+"
        r"(?:[\w,'-]+\s+){0,6}?(?:and|but)\s+(?:still\s+|then\s+)?(?:was\s+|were\s+)?(?:not|never)\s+"
        r"(?:escalated|acted\s+on|fixed|raised|reported|flagged|addressed|looked\s+at|shared|passed\s+on)\b|"
        r"\b(?:was|were|been)\s+(?:seen|acknowledged|noticed|raised|flagged|minuted|reported|filed|triaged|noted|"
        r"documented|logged)\s*,?\s+(?:[\w,'-]+\s+){0,4}?(?:and|then)\s+(?:then\s+)?(?:(?:simply|quietly|promptly|"
        r"just|conveniently)\s+)?(?:ignored|forgotten|shelved|dismissed|brushed\s+aside|left\s+to\s+rot)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|got|been|and)\s+(?:(?:simply|quietly|conveniently|just|promptly|then)\s+)?"
        r"(?:forgotten\s+about|left\s+to\s+(?:rot|fester|languish|sit)|left\s+(?:that\s+way|like\s+that)|"
        r"tolerated\s+(?:for|far|as)|shrugged\s+(?:at|off)|let\s+(?:slide|slip|through|go\s+unchallenged)|"
        r"allowed\s+to\s+(?:pile\s+up|fester|sit|linger|drag\s+on|flap|go\s+ahead|happen))\b",
        _no_reason_nor_people_passing,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:basic|simple|obvious|trivial|elementary|rudimentary)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:check|step|test|precaution|verification|validation|review|stuff|diligence)s?\b"
        r"(?:\s+[\w,'-]+){0,10}?\s+(?:was|were|got|been|it\s+was)\s+(?:(?:simply|just|then)\s+)?"
        r"(?:skipped|missed|not\s+done|left\s+out|overlooked|forgotten|omitted|ignored|bypassed)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("basic simple obvious trivial elementary rudimentary"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:sailed|slid|slipped|got|breezed|waltzed)\s+(?:straight\s+|right\s+)?(?:past|through)\b",
        _reviewed_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("past through"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:nobody|no\s+one|no-one)\s+(?:ever\s+|even\s+|really\s+)?(?:thought\s+to|bothered\s+to|cared\s+to|"
        r"questioned|listened|looked\s+(?:at|into)|opened|read)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    # ---- round 14: a signal passed over in the passive, looked at by nobody, or there for anyone who cared
    _Rule(
        "blame/counterfactual",
        # Not handed on ("passed over to billing") nor an active verb with its object ("and passed over the keys").
        r"\b(?:was|were|got|been|and)\s+(?:(?:simply|just|then|quietly|promptly|casually|all)\s+){0,2}"
        r"(?:passed\s+over|brushed\s+(?:past|aside|off)|waved\s+(?:through|off|away)|glossed\s+over|"
        r"skated\s+over|skimmed\s+past)\b(?!\s+(?:to|the|a|an|it|them|his|her|their|our|its)\b)",
        _no_reason_nor_people_passing,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("passed brushed waved glossed skated skimmed", "over past aside off through away"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:without|with)\s+(?:anyone|anybody|nobody|no\s+one|no-one)\s+(?:(?:so\s+much\s+as|even|ever|once|"
        r"actually)\s+)?(?:looking|checking|reading|opening|giving|glancing|asking|questioning|testing|reviewing|"
        r"noticing|counting)\b",
        _no_reason_on_passed_work,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("without with", "anyone anybody nobody no"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:never|not)\s+(?:once\s+|even\s+)?(?:noticed|spotted|seen|checked|read|questioned|opened)\s+by\s+"
        r"(?:the\s+|any\s+)?(?:people|person|staff|crew|team|anyone|anybody|those|whoever)\b"
        r"|\b(?:unnoticed|unseen|unread|unchecked|unquestioned)\s+by\s+(?:the\s+)?(?:people|those|staff|crew|"
        r"team|anyone|anybody|whoever)\b"
        r"|\bfor\s+(?:any|every)(?:one|body)\s+who\s+(?:cared|bothered|wanted|thought)\s+to\s+(?:look|check|read)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("by for", "people person staff crew team anyone anybody those whoever everyone everybody"),
    ),
    # ---- non-native English
    _Rule(
        "blame/counterfactual",
        r"\b(?:this|that|the|such\s+an?|this\s+kind\s+of)\s+(?:[\w-]+\s+){0,2}?(?:error|mistake|bug|problem|typo|"
        r"change)\s+(?:must|should)\s+(?:be|have\s+been)\s+(?:seen|caught|noticed|found|detected|spotted)\s+"
        r"(?:in|during|at|before|by)\b",
        _no_reason,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("must should", "seen caught noticed found detected spotted"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:has|have|had|did)\s+not\s+(?:made|make|done|do)\s+the\s+(?:check|verification|test|control|backup|"
        r"review|validation)\b|\bwithout\s+to\s+(?:inform|tell|check|ask|verify|test|warn|notify|say|wait|look|"
        r"read|control)\b|\bin\s+(?:the\s+)?wrong\s+(?:order|way|sequence)\b|"
        r"\b(?:took|take|takes)\s+(?:a|the)\s+(?:bad|wrong|poor|stupid)\s+decision\b",
        _person_act_gate,
        "Tells a step the person did not take, or took wrongly, as their lapse.",
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bif\s+(?:[\w'-]+\s+){1,3}?(?:was|were|is|had\s+been|would\s+be|would\s+have\s+been)\s+more\s+"
        r"(?:attentive|careful|focused|concentrated|cautious|diligent|serious|prudent|vigilant)\b",
        _if_person_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were)\s+(?:supposed|meant)\s+to\s+(?:be|have\s+been)\s+|\b(?:had|needed|ought)\s+to\s+"
        r"(?:be|have\s+been)\s+|\b(?:was|were)\s+there\s+to\s+be\s+|\b(?:needed|wanted)\s+(?=[\w-]+ing\b)",
        _undone_duty_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("supposed meant had needed ought there wanted"),
    ),
)
