"""Judgement words said of a standing thing, not of a person (round 16; split from ``_character_gates``).

"Our alerting was negligent about disk pressure", "the handover template is sloppy about doses",
"the company was negligent in funding maintenance" and "we were complacent as an organisation"
judge a process, an artefact, a system or the organisation; "Ravi was sloppy about the doses"
judges a person. Read by the gates of ``blame/character``.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence, is_thing_noun
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._vocabulary import (
    _AUXILIARIES,
    _DETERMINERS,
    _PREPOSITIONS,
    _STANDING_ARTEFACTS,
    _SYSTEM_NOUNS_ALL,
    vocabulary,
)

_BE_WORDS: Final = vocabulary("be_words")
_DEGREE_WORDS: Final = frozenset(
    {"too", "so", "very", "quite", "rather", "pretty", "really", "overly", "bit", "somewhat"}
)
_JUDGED_WORK: Final = frozenset(w + e for w in vocabulary("judged_work") for e in ("", "s"))


def _manner(low: str) -> bool:
    """Tell whether *low* is an adverb of manner or stance ("deliberately", "intentionally")."""
    return len(low) > 4 and low.endswith("ly") and low not in _NOT_ADVERBS


# Words in "-ly" that are not adverbs.
_NOT_ADVERBS: Final = frozenset({"family", "supply", "reply", "apply", "rally", "ally", "assembly", "anomaly"})


def said_of_a_standing_thing(s: _Sentence, i: int, end: int) -> bool:
    """Tell whether the judgement word at token *i* (ending at *end*) is said of a standing thing.

    Round 16: "our alerting was negligent about disk pressure", "the handover template is sloppy about
    doses", "the heating design for that corner was, frankly, negligent", "the company was negligent in
    funding maintenance" and "we were complacent as an organisation": the word is the predicate of a
    subject whose head is a process, an artefact, a system or the organisation. A person, a role, a
    pronoun, a name or a person's possessive in the subject keeps it a judgement ("Ravi was sloppy
    about the doses", "the on-call was negligent", "Ravi's checklist was careless"), and so does the
    work people did ("the change was reckless"), or a plan of it with no content named ("the
    migration plan was reckless").
    """
    words = _predicate_subject(s, i)
    if not words or _an_act_with_its_object(s, words[0]):
        return False  # round 18: an act with its object ("deploying the weather model on a storm day")
    toks = s.tokens
    if any(toks[j].low.endswith(("'s", "’s")) and s.word_kind(j) == _PERSON for j in words):
        return False  # "Ravi's checklist", "the engineer's plan": a person's work
    head = s._bare(toks[words[-1]])
    if head == "we" or head in _INSTITUTIONS:
        return head != "we" or _as_an_institution(s)  # "the company", or "we ... as an organisation"
    if s.word_kind(words[-1]) == _PERSON or head in _JUDGED_WORK:
        return False
    if head in _STANDING_ARTEFACTS:
        # Content named ("careless about scheduled jobs"), or nothing in its name a change people made.
        return bool(_CONTENT_RE.match(s.text, end)) or all(toks[j].low not in _JUDGED_WORK for j in words[:-1])
    return is_thing_noun(head) or _system_gerund(head)


def _an_act_with_its_object(s: _Sentence, k: int) -> bool:
    """Tell whether the word at token *k* is an act in "-ing" followed by its object ("deploying the model")."""
    toks = s.tokens
    return toks[k].low.endswith("ing") and k + 1 < len(toks) and toks[k + 1].low in _DETERMINERS


def _predicate_subject(s: _Sentence, i: int) -> list[int]:
    """Return the words of the subject the word at token *i* is the predicate of, up to its head.

    Empty when no linking verb ("was", "is", "got", "seemed") stands before the word, past degree
    words, adverbs and commas ("was, frankly, negligent", "is far too lazy"). The head stands before
    a preposition ("the heating design for that corner"); determiners are left out.
    """
    toks = s.tokens
    k = i - 1
    while k >= 0 and (toks[k].low in _DEGREE_WORDS or _manner(toks[k].low) or toks[k].low == ","):
        k -= 1
    if k < 0 or toks[k].low not in _LINKING_VERBS:
        return []
    a = s.boundary_before(k) + 1
    if a >= 2 and toks[a - 1].low == "that" and toks[a - 2].low in _PREPOSITIONS:
        a = s.boundary_before(a - 1) + 1  # "the design for that corner": "that" is a determiner there
    while k > a and (toks[k - 1].low in _AUXILIARIES or toks[k - 1].low in _BE_WORDS or _manner(toks[k - 1].low)):
        k -= 1
    words: list[int] = []
    for j in range(a, k):
        low = toks[j].low
        if words and low in _PREPOSITIONS:
            break
        if low[:1].isalnum() and low not in _DETERMINERS:
            words.append(j)
    return words


def _as_an_institution(s: _Sentence) -> bool:
    """Tell whether the writers speak as the organisation ("as an organisation", "institutionally")."""
    toks = s.tokens
    for j, tok in enumerate(toks):
        if tok.low in {"organisationally", "organizationally", "institutionally"}:
            return True
        if tok.low == "as":
            nxt = j + 1 + (j + 1 < len(toks) and toks[j + 1].low in {"a", "an"})
            if nxt < len(toks) and toks[nxt].low in _INSTITUTIONS:
                return True
    return False


def _system_gerund(low: str) -> bool:
    """Tell whether *low* is the "-ing" noun of a system noun ("alerting", "paging", "logging")."""
    if not low.endswith("ing") or len(low) < 6:
        return False
    stem = low[:-3]
    doubled = stem[-1] == stem[-2] and stem[:-1] in _SYSTEM_NOUNS_ALL  # "logging"
    return stem in _SYSTEM_NOUNS_ALL or stem + "e" in _SYSTEM_NOUNS_ALL or doubled


_LINKING_VERBS: Final = vocabulary("be_words") | {
    "am",
    "became",
    "become",
    "becomes",
    "seemed",
    "seems",
    "looked",
    "looks",
    "remained",
    "remains",
    "grew",
    "felt",
}
_CONTENT_RE: Final = lazy_compile(
    r"\s+(?:about|with|on|towards|toward|regarding|around|when|in\s+(?:its|their|how|what|the))\b", re.I
)
_INSTITUTIONS: Final = frozenset(w + e for w in vocabulary("institutions") for e in ("", "s"))
