"""``blame/culprit-question``: rhetorical questions that blame (round 10).

"Kemal, why did you run the purge on production?", "@dev-oncall who merged this??", "What on earth
was the reviewer looking at?", "Didn't anyone read the deprecation email?", "Who signs off a change
like that?", "Can the person who disabled the check please identify themselves?". Each asks for a
person, or for a person's state of mind, and none is answered by a system cause; a question the next
sentence answers with a condition ("Why didn't we hear sooner? The alert went to an unused mailbox.")
is analysis and is left alone (see ``_culprit_question._answered_by_the_system``).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._culprit_question import _answered_by_the_system, _question
from postmortem.checks._blame._rule import _always, _k, _Rule

_MESSAGE: Final = (
    "A rhetorical question aimed at a person asks who to blame, or what they were thinking, instead of what "
    "made the action make sense."
)
_SUGGESTION: Final = (
    "Ask about the conditions instead: what did the person see at the time, and what made the action look reasonable?"
)


def _open_question(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a question the next sentence does not answer with a system cause."""
    return _question(s) and not _answered_by_the_system(s)


def _addressed_question(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a question to a named person about what they did: "Kemal, why did you run the purge?"."""
    if not _open_question(s, m):
        return False
    k = s.index_at(m.start("who"))
    if k >= len(s.tokens) or not (s.tokens[k].text.startswith("@") or s.is_name(k, loose=True)):
        return False
    return _YOU_RE.search(s.text, m.end()) is not None or s.text.rstrip().lower().endswith("why?")


_YOU_RE: Final = re.compile(r"\b(?:you|your|yourself)\b", re.I)


def _person_question(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept an open question whose matched words name a person ("What was the clerk thinking ...?")."""
    if not _open_question(s, m):
        return False
    a, b = s.index_at(m.start()), s.index_at(m.end())
    toks = s.tokens
    if any(toks[k].low in {"we", "us", "i"} for k in range(a, b)):
        return False  # "What were we thinking? ..." owns the question
    return any(s.word_kind(k) == _PERSON or s.is_name(k, loose=True) for k in range(a, min(b, len(toks))))


RULES: Final = (
    _Rule(
        "blame/culprit-question",
        r"^\W*(?:(?:seriously|honestly|so|ok|okay|right),?\s+)?(?P<who>@[\w.-]+|[a-z][\w'-]+),?\s+(?:why|what|how|"
        r"did|didn't|were|was|who|where)\b",
        _addressed_question,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("why what how did didn't were was who where"),
    ),
    _Rule(
        "blame/culprit-question",
        r"^\W*(?:(?:seriously|honestly|so|and|ok|okay|right)[,!]?\s+)?@[\w.-]+:?\s+who\s+[\w-]+|"
        r"^\W*(?:seriously|honestly|so|and|ok|okay|right)[,!]\s+who\s+[\w-]+|\bwho\s+told\s+(?:you|them|him|her)\s+"
        r"(?:it|that|this)\s+(?:was|is)\s+(?:ok|okay|fine|alright|safe|a\s+good\s+idea)\b|^\W*who\s+(?:[\w-]+\s+){1,3}?"
        r"(?:a|an|the)\s+(?:change|pr|diff|deploy|release|migration|thing|script|config|query|command)\s+like\s+"
        r"(?:that|this)\b|\bat\s+what\s+point\s+(?:was|were|is|did)\s+(?:somebody|someone|anyone|anybody|the\s+[\w-]+|"
        r"you|they)\b|^\W*(?:didn't|did\s+nobody|did\s+no\s+one)\s+(?:anyone|anybody|someone|somebody|\w+)\s+"
        r"(?:read|think|check|look|notice|test|see|ask|bother)\b|^\W*did\s+it\s+not\s+occur\s+to\b|"
        r"^\W*didn't\s+it\s+occur\s+to\b|\bhow\s+did\s+not\s+(?:one|a\s+single)\b|\bhow\s+is\s+it\s+(?:possible\s+)?"
        r"that\s+(?:nobody|no\s+one|not\s+one|a\s+(?:senior\s+|single\s+)?[\w-]+|the\s+[\w-]+)[^?]{0,80}?"
        r"(?:n't|not|never)\b|\bhow\s+is\s+it\s+(?:possible\s+)?that\s+(?:nobody|no\s+one|not\s+one)\b|"
        r"\bwhich\s+(?:bright\s+spark|genius|clown|hero|idiot|wizard)\b|\bwhich\s+(?:developer|engineer|person|"
        r"reviewer|operator|admin|one\s+of\s+you)\s+(?:\w+ed|did|ran|broke|pushed|approved|merged|let)\b|"
        r"\blike\s+(?:this|that)\s+gets?\s+(?:approved|merged|through|shipped|signed\s+off)\b|"
        r"^\W*whose\s+(?:job|responsibility)\s+was\s+it\b",
        _open_question,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "who told point didn't did how which spark genius clown hero idiot wizard like whose why approved "
            "merged through shipped signed allowed job responsibility"
        ),
    ),
    _Rule(
        "blame/culprit-question",
        r"\bwhat\s+(?:on\s+earth\s+|exactly\s+|the\s+hell\s+|in\s+the\s+world\s+)?(?:was|were)\s+(?:the\s+|our\s+|that\s+)?"
        r"(?:[\w-]+\s+){1,5}?(?:thinking|doing|looking\s+at)\b|\bwhere\s+was\s+(?:the\s+|our\s+)?[\w-]+\s+when\b|"
        r"\b(?:was|were)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){1,3}?even\s+(?:awake|there|looking|watching|paying|"
        r"reading)\b|^\W*(?:did|was|were|has|had)\s+(?:the\s+|our\s+)?[\w-]+\s+even\s+\w+|"
        r"^\W*why\s+(?:was|were)\s+(?:[\w'-]+\s+){1,4}?allowed\s+to\b",
        _person_question,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("thinking doing looking where even allowed"),
    ),
    _Rule(
        "blame/culprit-question",
        r"\b(?:the\s+person|the\s+people|the\s+engineer|whoever|everyone|everybody|anyone)\s+(?:who|that)\s+"
        r"(?:[\w'-]+\s+){0,8}?(?:please\s+)?(?:identify\s+(?:themselves|himself|herself)|explain\s+(?:their|his|her)\s+"
        r"reasoning|own\s+up|come\s+forward|step\s+forward)\b|\bown\s+up\b|\bidentify\s+themselves\b|"
        r"\b(?:person|engineer|developer|people|those)\s+responsible\s+(?:for\s+(?:[\w-]+\s+){1,5}?)?(?:been|be)\s+"
        r"identified\b|\b(?:list|names?)\s+of\s+(?:everyone|everybody|anyone|all\s+(?:the\s+)?(?:people|engineers))\s+"
        r"who\b|\bwhose\s+idea\s+(?:it\s+)?was\b|^\W*by\s+whom\b|\bexplain\s+(?:themselves|himself|herself)\b|"
        r"\bwhat\s+(?:he|she|they)\s+(?:thought|think)\s+(?:he|she|they)\s+(?:was|were)\s+doing\b|\bwho\s+is\s+going\s+to\s+(?:take|accept|own)\s+"
        r"(?:the\s+)?(?:responsibility|blame)\b|\btoo\s+much\s+to\s+ask\b|\bnot\s+one\s+of\s+(?:you|them)\b",
        _always,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("identify explain own forward identified list names idea whom responsibility blame ask one doing"),
    ),
)
