"""``blame/named-person``: a label of culpability with a person as its value.

Report templates and terse write-ups name the culprit in a field: *Culprit: Arjun's cron edit*,
*At fault: the weekend on-call*, *Root cause owner: G. Halvorsen (deployed without approval)*,
*Primary cause (per the review board): Dmitri*. The label says what the value is, so a person
there is the cause, whatever else the sentence says. An owner of a follow-up (*Owner: @maria*)
or a RACI role (*Responsible: SRE team*) is not a label of culpability and is not read here.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._rule import _k, _Rule

# Where the value of a label stops: a parenthesis, a comma or a clause opening.
_VALUE_ENDS: Final = frozenset({"(", ",", ".", ";", ":", "—", "–", "who", "and", "|", "*"})


def _label_value_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a label of culpability whose value is a person: a name, initials and a name, a role, a possessor.

    Returns:
        The span of the label and the person, or None.
    """
    toks = s.tokens
    i = s.index_at(m.end())
    while i < len(toks) and toks[i].low in {"*", "**", "the", "our", "a", "an"}:
        i += 1
    end = i
    while end < min(len(toks), i + 8) and (toks[end].low not in _VALUE_ENDS or _after_initial(s, end)):
        end += 1
    if end == i:
        return None
    words = [toks[k] for k in range(i, end)]
    if words[0].low.endswith("'s") and s.word_kind(i) == _PERSON:
        return m.start(), words[0].end  # "Culprit: Arjun's 2 a.m. cron edit"
    # "G. Halvorsen", "Mr Okafor", "Elena Petrova": names and initials only ("Kafka Connect" is
    # a product: not every word of it could be a name).
    named = all(
        s.is_name(k, loose=True) or _is_initial(toks[k].text) or toks[k].text == "." for k in range(i, end)
    ) and any(s.is_name(k, loose=True) for k in range(i, end))
    if named or s.noun_phrase_kind(i, end) == _PERSON:
        return m.start(), toks[end - 1].end
    return None


_TITLES: Final = frozenset({"mr", "ms", "mrs", "dr"})


def _is_initial(word: str) -> bool:
    return (len(word) == 1 and word.isupper()) or word.lower() in _TITLES


def _after_initial(s: _Sentence, k: int) -> bool:
    """Tell whether token *k* is the full stop of an initial or a title ("G. Halvorsen", "Mr. Okafor")."""
    return s.tokens[k].text == "." and k > 0 and _is_initial(s.tokens[k - 1].text)


_MESSAGE: Final = "Names a person in the place of the cause: the label makes them the culprit."
_SUGGESTION: Final = (
    "Name the conditions that let the failure happen (a missing check, a default, a gap in "
    "the process) in that field, not the person."
)
# After the label: a parenthesis ("(per the review board)"), an aside ("in one word"), bold marks.
_AFTER_LABEL: Final = (
    r"\)?\s*(?:\([^()\n]{0,60}\)\s*)?(?:,\s*(?:in\s+(?:one|a)\s+word|put\s+simply|plainly)\s*)?\**\s*:"
)


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?:at\s+fault|guilty|culprit|(?:root\s+)?cause\s+owner|causal\s+owner|owner\s+of\s+(?:the\s+)?failure|"
        r"responsible\s+part(?:y|ies))" + _AFTER_LABEL,
        _label_value_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("fault guilty culprit owner party parties"),
    ),
    # "Root cause" and "primary cause" are also where a system cause goes: read apart, so that the
    # cheap first test needs both words.
    _Rule(
        "blame/named-person",
        r"\b(?:primary\s+(?:cause|contributor)|root\s+cause)" + _AFTER_LABEL,
        _label_value_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("primary root", "cause contributor"),
    ),
)
