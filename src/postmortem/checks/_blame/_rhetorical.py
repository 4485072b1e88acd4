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
from postmortem.checks._blame._folding import lazy_compile
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


_YOU_RE: Final = lazy_compile(r"\b(?:you|your|yourself)\b", re.I)


def _person_question(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept an open question whose matched words name a person ("What was the clerk thinking ...?")."""
    if not _open_question(s, m):
        return False
    a, b = s.index_at(m.start()), s.index_at(m.end())
    toks = s.tokens
    if any(toks[k].low in {"we", "us", "i"} for k in range(a, b)):
        return False  # "What were we thinking? ..." owns the question
    return any(s.word_kind(k) == _PERSON or s.is_name(k, loose=True) for k in range(a, min(b, len(toks))))


# Questions that blame unless the next sentence answers them, and calls to own up or be named, each
# with the rare words the scan looks it up by (one rule each: a sentence holding none of them never
# runs the pattern).
_OPEN: Final = (
    (r"^\W*(?:(?:seriously|honestly|so|and|ok|okay|right)[,!]?\s+)?@[\w.-]+:?\s+who\s+[\w-]+", ("who",)),
    (
        r"^\W*(?:seriously|honestly|so|and|ok|okay|right)[,!]\s+who\s+[\w-]+",
        ("who", "seriously honestly so and ok okay right"),
    ),
    (
        r"\bwho\s+told\s+(?:you|them|him|her)\s+(?:it|that|this)\s+(?:was|is)\s+(?:ok|okay|fine|alright|safe|a\s+good\s+idea)\b",
        ("told",),
    ),
    (
        r"^\W*who\s+(?:[\w-]+\s+){1,3}?(?:a|an|the)\s+(?:change|pr|diff|deploy|release|migration|thing|script|config|"
        r"query|command)\s+like\s+(?:that|this)\b",
        ("who", "like"),
    ),
    (
        r"\bat\s+what\s+point\s+(?:was|were|is|did)\s+(?:somebody|someone|anyone|anybody|the\s+[\w-]+|you|they)\b",
        ("point",),
    ),
    (
        r"^\W*(?:didn't|did\s+nobody|did\s+no\s+one)\s+(?:anyone|anybody|someone|somebody|\w+)\s+(?:read|think|check|"
        r"look|notice|test|see|ask|bother)\b|^\W*(?:did\s+it\s+not|didn't\s+it)\s+occur\s+to\b",
        ("didn't did",),
    ),
    (
        r"\bhow\s+did\s+not\s+(?:one|a\s+single)\b|\bhow\s+is\s+it\s+(?:possible\s+)?that\s+(?:nobody|no\s+one|not\s+one|"
        r"a\s+(?:senior\s+|single\s+)?[\w-]+|the\s+[\w-]+)[^?]{0,80}?(?:n't|not|never)\b|\bhow\s+is\s+it\s+"
        r"(?:possible\s+)?that\s+(?:nobody|no\s+one|not\s+one)\b",
        ("how", "not nobody no never didn't doesn't wasn't weren't isn't hadn't couldn't"),
    ),
    (
        r"\bwhich\s+(?:bright\s+spark|genius|clown|hero|idiot|wizard)\b|\bwhich\s+(?:developer|engineer|person|"
        r"reviewer|operator|admin|one\s+of\s+you)\s+(?:\w+ed|did|ran|broke|pushed|approved|merged|let)\b",
        ("which",),
    ),
    (r"\blike\s+(?:this|that)\s+gets?\s+(?:approved|merged|through|shipped|signed\s+off)\b", ("gets get", "like")),
    (r"^\W*whose\s+(?:job|responsibility)\s+was\s+it\b", ("whose",)),
)
_ALWAYS: Final = (
    (
        r"\b(?:the\s+person|the\s+people|the\s+engineer|whoever|everyone|everybody|anyone)\s+(?:who|that)\s+"
        r"(?:[\w'-]+\s+){0,8}?(?:please\s+)?(?:identify\s+(?:themselves|himself|herself)|explain\s+(?:their|his|her)\s+"
        r"reasoning|come\s+forward|step\s+forward)\b",
        ("identify explain forward",),
    ),
    (r"\bidentify\s+themselves\b|\bexplain\s+(?:themselves|himself|herself)\b", ("themselves himself herself",)),
    (
        r"\b(?:person|engineer|developer|people|those)\s+responsible\s+(?:for\s+(?:[\w-]+\s+){1,5}?)?(?:been|be)\s+"
        r"identified\b",
        ("identified",),
    ),
    (
        r"\b(?:list|names?)\s+of\s+(?:everyone|everybody|anyone|all\s+(?:the\s+)?(?:people|engineers))\s+who\b",
        ("list names name", "everyone everybody anyone all"),
    ),
    (r"\bwhose\s+idea\s+(?:it\s+)?was\b", ("whose", "idea")),
    (r"^\W*by\s+whom\b", ("whom",)),
    (
        r"\bwhat\s+(?:he|she|they)\s+(?:thought|think)\s+(?:he|she|they)\s+(?:was|were)\s+doing\b",
        ("doing", "thought think"),
    ),
    (
        r"\bwho\s+is\s+going\s+to\s+(?:take|accept|own)\s+(?:the\s+)?(?:responsibility|blame)\b",
        ("responsibility blame",),
    ),
    (r"\btoo\s+much\s+to\s+ask\b", ("ask", "much")),
)


def _own_up_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a call for someone to own up, not the writers owning up themselves.

    Round 21: "I've a few things of my own to own up to" announces the writer's own account.
    """
    clause = s.tokens[s.boundary_before(s.index_at(m.start())) + 1].start
    last = max((w.end() for w in _WRITERS_RE.finditer(s.text, clause, m.start())), default=-1)
    # "we are still waiting for whoever it was to own up": someone else after the writers owns up.
    return last < 0 or _OTHERS_RE.search(s.text, last, m.start()) is not None


_WRITERS_RE: Final = lazy_compile(r"\b(?:i|we|i've|we've|i'm|we're|i'd|we'd|my|our|me|us)\b", re.I)
_OTHERS_RE: Final = lazy_compile(
    r"\b(?:whoever|anyone|anybody|someone|somebody|they|he|she|you|him|her|them|the\s+[\w-]+)\b", re.I
)


def _not_one_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "not one of you read the runbook", not "not one of them" standing alone as an answer.

    Round 18: "Did any of the crew skip the check? Not one of them; the check was not on the card." clears
    people: the words end their clause (a stop, a semicolon, a colon or a dash follows, or nothing).
    """
    return _ANSWER_END_RE.match(s.text, m.end()) is None


_ANSWER_END_RE: Final = lazy_compile(r"\s*(?:[.;:!—–]|-\s|$)")


# The questions' gates accept only a sentence ending with "?" (see _question): the scan runs their
# patterns only where the mark "?" stands (see _rule_keys._MARKS). Not a key word of theirs: the
# scorer's rule-family signal keeps to the words they were trained with.
_ASKED: Final = _k("?")

RULES: Final = (
    _Rule(
        "blame/culprit-question",
        r"^\W*(?:(?:seriously|honestly|so|ok|okay|right),?\s+)?(?P<who>@[\w.-]+,?|[a-z][\w'-]+,)\s+(?:why|what|how|"
        r"did|didn't|were|was|who|where)\b",
        _addressed_question,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("why what how did didn't were was who where"),
        needs=_ASKED,
    ),
    *(
        _Rule("blame/culprit-question", src, _open_question, _MESSAGE, _SUGGESTION, keys=_k(*k), needs=_ASKED)
        for src, k in _OPEN
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
        needs=_ASKED,
    ),
    *(_Rule("blame/culprit-question", src, _always, _MESSAGE, _SUGGESTION, keys=_k(*k)) for src, k in _ALWAYS),
    _Rule("blame/culprit-question", r"\bown\s+up\b", _own_up_gate, _MESSAGE, _SUGGESTION, keys=_k("own", "up")),
    _Rule(
        "blame/culprit-question",
        r"\bnot\s+one\s+of\s+(?:you|them)\b",
        _not_one_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("one", "you them"),
    ),
)
