"""Matching one sentence against the rules that could match it, and the gates that decide.

:func:`_sentence_hits` runs the rules on a sentence; the scan calls :func:`_rule_matches` and
:func:`_gated_hits` itself where it has already lower-cased the text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._hit import BlameHit
from postmortem.checks._blame._rule import COMPILED, _Rule
from postmortem.checks._blame._sentences import _plain_text
from postmortem.checks._blame._suggest import _PHRASE_WORD_RE, _suggest, _trim
from postmortem.checks._blame._vocabulary import _DETERMINERS


def _sentence_hits(s: _Sentence, rules: Sequence[_Rule]) -> Iterator[BlameHit]:
    low = s.text.lower()
    # Lower-casing keeps offsets only when no character changes length ("İ" becomes two).
    if len(low) != len(s.text):
        return _gated_hits(s, [(rule, COMPILED[0](rule.source).finditer(s.text)) for rule in rules])
    return _gated_hits(s, _rule_matches(low, rules))


def _rule_matches(
    low: str, rules: Sequence[_Rule], plain: bool | None = None
) -> list[tuple[_Rule, Iterable[re.Match[str]]]]:
    """Pair each rule with its pattern's matches in the lower-cased sentence *low*, if it has any.

    *plain* is :func:`_plain_text` of *low* when the caller already knows it. Most sentences
    handed here have no match at all, and then need no :class:`_Sentence`.
    """
    index = 2 if (_plain_text(low) if plain is None else plain) else 1
    compiled = COMPILED[index]
    return [(rule, found) for rule in rules if (found := list(compiled(rule.source).finditer(low)))]


_MAX_MATCHES: Final = 64

# Verbs of will and knowing take a person as their subject ("The guards did not want to walk to the far
# fence, so they did not check it"): such a clause is no thing's condition.
_WILLED: Final = frozenset(
    {"want", "wanted", "wants", "decided", "chose", "refused", "knew", "thought", "felt", "forgot", "preferred"}
)


def _consequence_of_a_thing(s: _Sentence, start: int) -> bool:
    """Tell whether the match at *start* follows ", so" after a clause whose subject is a thing.

    Round 22 (issue 14): "The clean ran late, so the day fitter handed over by radio instead of at the
    still", "the PMS printed Saturday's list, so the restaurant team had the wrong names": the sentence
    gives the person's act as what a thing's condition left them, its cause answered in the same
    sentence. The subject before "so" must be read as no person and no pronoun; the first clause
    must have a verb; the match lies in the clause after "so".
    """
    if ", so " not in s.text[:start]:
        return False
    toks = s.tokens
    i = s.index_at(start)
    k = next((x for x in range(i - 1, 0, -1) if toks[x].low == "so" and toks[x - 1].low == ","), 0)
    if k == 0 or any(toks[x].low in {";", "and", "but", "because"} for x in range(k + 1, i)):
        return False
    a = s.boundary_before(k - 1) + 1 if k > 1 else 0
    verbs = [v for v in range(a, k - 1) if s.is_verb(v)]
    after = next((v for v in range(k + 1, i + 1) if s.is_verb(v)), None)
    if not verbs or verbs[0] == a or after is None or s.noun_phrase_kind(k + 1, after) != _PERSON:
        return False  # the person must be who acts after "so" ("so this is on engineering leadership" is a verdict)
    kind = s.noun_phrase_kind(a, verbs[0])
    if kind == _PERSON or (kind != _SYSTEM and toks[a].low not in _DETERMINERS and toks[a].low != "we"):
        return False
    return not any(toks[x].low.endswith(("'s", "’s")) or toks[x].low in _WILLED for x in range(a, k))


# Round 23 (issue 14): a negated stop followed by "until" tells how long someone kept going ("the assistants,
# who came at seven and did not stop until noon"), never a lapse, whatever rule read the negation.
_KEPT_GOING_RE: Final = lazy_compile(
    r"\b(?:did\s+not|didn't|didn’t|never|would\s+not|wouldn't|wouldn’t)\s+(?:stop|rest|quit|give\s+up|leave|go\s+home|"
    r"sleep|let\s+up)\s+(?:[\w'’-]+\s+){0,3}?until\b",
    re.I,
)


def _kept_going(s: _Sentence, start: int, end: int) -> bool:
    """Tell whether the hit at *start*-*end* lies in "did not stop until ...": persistence, not a lapse."""
    if "until" not in s.text:
        return False
    return any(k.start() <= start and end <= k.end() + 1 for k in _KEPT_GOING_RE.finditer(s.text))


def _gated_hits(s: _Sentence, matches: Sequence[tuple[_Rule, Iterable[re.Match[str]]]]) -> Iterator[BlameHit]:
    """Yield the hits among *matches* (each rule's pattern matches in *s*) their gates accept."""
    seen: list[tuple[str, int, int]] = []
    for rule, found in matches:
        # No real sentence holds this many matches of one pattern; text built to hold more
        # would otherwise cost a gate's work for each of them.
        for m in itertools.islice(found, _MAX_MATCHES):
            start, end = _trim(s.text, m.start(), m.end())
            if end <= start or s.in_quotes(start, end):
                continue
            phrase = s.text[start:end].lower()
            if s.allowed and any(word in s.allowed for word in _PHRASE_WORD_RE.findall(phrase)):
                continue
            if any(r == rule.rule and start < e and b < end for r, b, e in seen):
                continue
            verdict = rule.gate(s, m)
            if not verdict or (rule.rule == "blame/named-person" and _consequence_of_a_thing(s, start)):
                continue
            if _kept_going(s, start, end):
                continue
            if isinstance(verdict, tuple):
                start, end = verdict
                if any(r == rule.rule and start < e and b < end for r, b, e in seen):
                    continue
            seen.append((rule.rule, start, end))
            yield BlameHit(
                rule=rule.rule,
                start=start + s.offset,
                end=end + s.offset,
                message=rule.message,
                suggestion=_suggest(s, rule, start, end),
            )
