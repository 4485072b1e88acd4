"""Matching one sentence against the rules that could match it, and the gates that decide.

:func:`_sentence_hits` runs the rules on a sentence; the scan calls :func:`_rule_matches` and
:func:`_gated_hits` itself where it has already lower-cased the text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._hit import BlameHit
from postmortem.checks._blame._rule import COMPILED, _Rule
from postmortem.checks._blame._sentences import _plain_text
from postmortem.checks._blame._suggest import _PHRASE_WORD_RE, _suggest, _trim


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
            if not verdict:
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
