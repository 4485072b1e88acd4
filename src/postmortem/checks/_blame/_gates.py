"""Gates several rule families share.

A person as subject, an explanation given, a person after the match.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._vocabulary import _DETERMINERS, _PREPOSITIONS, _ROLE_NOUNS, entries, vocabulary


def _generic_people(s: _Sentence, i: int) -> bool:
    """Tell whether the subject of the clause holding token *i* is a role in general.

    "Release captains are no longer allowed to override", "all engineers must ...": a bare
    plural role, one after "all", "every" or "any", or "we" names everyone in the seat, so what
    the clause says is a rule of the process, not something aimed at the people involved
    ("the engineer involved", "Priyanka", "he").
    """
    j = s.boundary_before(i)
    k = s._skip_preamble(j + 1, i)
    toks = s.tokens
    if k < i and toks[k].low == "we":
        return True  # the writer's whole team: a rule for everyone in it
    if k < i and toks[k].low in {"all", "every", "any"}:
        k += 1
    if k >= i or toks[k].low in _DETERMINERS:
        return False
    words = s._phrase_words(k, i)
    if not words:
        return False
    head = toks[words[-1]].low
    return head in {"people", "staff", "everyone"} or (head.endswith("s") and head[:-1] in _ROLE_NOUNS)


def _person_subject(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    return s.subject_kind(i) == _PERSON or s.passive_agent_kind(i) == _PERSON


_EXPLANATION_RE: Final = re.compile(
    r"\b(?:because|since|as|due\s+to|after\s+(?:confirming|checking|verifying|seeing|"
    r"finding|learning))\s+",
    re.I,
)


_TO_RE: Final = re.compile(r"\s+to\b", re.I)


_PUNCT: Final = frozenset(',;:()[]—–"“”')


def _person_follows_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept when a person follows the match ("lies with the platform team"), spanning both."""
    i = s.index_at(m.end())
    end = i
    while (
        end < len(s.tokens)
        and end < i + 6
        and not s._is_boundary(end)
        and not s.is_verb(end)
        and (end == i or s.tokens[end].low not in _PREPOSITIONS)
        and (s.tokens[end].text[:1].isalnum() or s.tokens[end].text[:1] == "@")
    ):
        end += 1
    possessor = i < len(s.tokens) and s.tokens[i].low.endswith("'s") and s.word_kind(i) == _PERSON
    if not possessor and s.noun_phrase_kind(i, max(end, i + 1)) != _PERSON:
        return None
    return m.start(), s.tokens[max(end, i + 1) - 1].end


# What genuine thanks are for (vocabulary/helping_acts.txt, as lemmas), and the irony signs
# that name harm done (irony_signs.txt), which keep praise for them sarcasm ("for working so
# hard to take prod down"). Round 9.
_HELPING_LEMMAS: Final = frozenset(lemma(w) for w in vocabulary("helping_acts"))
_HARM_SIGNS: Final = frozenset(w for words, reason in entries("irony_signs") if "did harm" in reason for w in words)


def _helped(s: _Sentence, k: int) -> bool:
    """Tell whether the words from token *k* (after "for" or "who") open with an act of helping."""
    toks = s.tokens
    while k < len(toks) and toks[k].low in {"so", "all", "tirelessly", "quietly", "patiently", "also"}:
        k += 1
    return k < len(toks) and lemma(toks[k].low) in _HELPING_LEMMAS
