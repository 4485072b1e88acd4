"""What counts as an act: any verb but being, having, noticing, telling, responding and reporting (round 14).

Read by the readings that give a person's act as the cause (``_causal_acts``, and the person after
"because" in ``_named_person_gates``), in place of a list of acting verbs: another author's trade has
its own (*tagged*, *clipped*, *oversold*, *lent out*, *double-booked*).
"""

from __future__ import annotations

from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._vocabulary import _AUXILIARIES, _DETERMINERS, entries, vocabulary

# Not acts: states, perception, speech and the response (see the module's docstring).
_NOT_ACTS: Final = frozenset(
    lemma(w)
    for w in vocabulary("response_verbs")
    | vocabulary("be_words")
    | frozenset(w for words, _ in entries("reporting_words") for w in words)
    | {"explain", "describe", "expect", "do", "did", "done", "let", "make", "made", "go", "went", "come", "came"}
)
# Irregular forms of the inflection table that are not their own head ("sent", "sold", "lent").
_IRREGULAR_FORMS: Final = frozenset(
    w for words, _ in entries("inflections") for w in words[1:] if w != words[0] and w.isalpha()
)


def acting_verb(s: _Sentence, k: int) -> bool:
    """Tell whether token *k* is a verb of acting (any verb but those in :data:`_NOT_ACTS`)."""
    low = s.tokens[k].low
    if low in _AUXILIARIES or low in _DETERMINERS or lemma(low) in _NOT_ACTS:
        return False
    return s.is_verb(k) or low in _IRREGULAR_FORMS
