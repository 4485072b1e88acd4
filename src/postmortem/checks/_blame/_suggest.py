"""Suggestions specific to the sentence.

A rewrite without the person, or a question about the conditions, with the sentence's names
scrubbed.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _Rule

_PHRASE_WORD_RE: Final = lazy_compile(r"[\w@'-]+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] not in "@":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _suggest(s: _Sentence, rule: _Rule, start: int, end: int) -> str:  # noqa: PLR0911  (one return per shape)
    """Build the suggestion: a rewrite of the sentence when its shape allows, else advice.

    The sentence's names never appear in it: quoted parts are scrubbed of them.
    """
    phrase = s.text[start:end]
    if _LONG_CLAUSE_RE.match(s.text, end):
        # Fifteen words with no clause end among them: the rest of the clause is too long
        # for a rewrite, and reading it (once per match) would cost time growing with the
        # square of the sentence's length.
        return rule.suggestion
    rest = s.scrub(end, s.clause_end(end)).strip(" ,.;:?!")
    if not 1 <= len(rest.split()) <= 14:
        return rule.suggestion
    possessive = _POSSESSIVE_RE.match(phrase)
    if rule.rule == "blame/named-person" and possessive:
        # "Kevin's change took down checkout" -> "A change took down checkout."
        before = s.scrub(0, start)
        after = s.scrub(start + possessive.end(), s.end).rstrip(".")
        article = "a" if before else "A"
        rewrite = " ".join(part for part in (before, article, after) if part)
        return f"Rewrite without the person: '{rewrite}.' {rule.suggestion}"
    last = phrase.split()[-1].lower()
    if rule.rule == "blame/counterfactual" and _MODAL_PERFECT_RE.search(phrase):
        words = rest.split() if last in {"have", "'ve"} else [last, *rest.split()]
        if words[0].lower() not in {"been", "be", "had"} and words[1:2] != ["better"]:
            action = " ".join([_gerund(words[0]), *words[1:]])
            return f"Ask instead: what would have made {action} the obvious step at the time?"
    if rule.rule == "blame/named-person" and _NEGATED_DO_RE.match(phrase):
        action = " ".join([_gerund(last), *rest.split()])
        return f"Ask instead: what in the procedure or tooling would have prompted {action}?"
    if rule.rule == "blame/character" and rest.startswith("to "):
        return f"Ask instead: what would have prompted anyone in that role {rest}?"
    return rule.suggestion


# Fifteen words from a position, none holding a character that ends a clause (see
# _Sentence.clause_end): the clause has more words than a rewrite takes.
_LONG_CLAUSE_RE: Final = lazy_compile(r"\s*(?:[^\s,;:.?!]+\s+){14}[^\s,;:.?!]+(?:\s|$)")
_POSSESSIVE_RE: Final = lazy_compile(r"[\w@-]+(?:'s|’s|s')\s+")


_MODAL_PERFECT_RE: Final = lazy_compile(r"(?:should|could|ought|would)\S*\s+(?:to\s+)?have\b|'ve\b", re.I)


_NEGATED_DO_RE: Final = lazy_compile(r"(?:did(?:n't| not)|never)\s+(?:even\s+)?\S+$", re.I)


_IRREGULAR_GERUNDS: Final = {
    "known": "knowing",
    "caught": "catching",
    "seen": "seeing",
    "done": "doing",
    "taken": "taking",
    "read": "reading",
    "run": "running",
    "gone": "going",
    "made": "making",
    "written": "writing",
    "thought": "thinking",
    "understood": "understanding",
    "told": "telling",
    "sent": "sending",
    "got": "getting",
    "gotten": "getting",
    "kept": "keeping",
    "left": "leaving",
    "brought": "bringing",
    "put": "putting",
    "set": "setting",
    "held": "holding",
    "found": "finding",
    "spoken": "speaking",
    "asked": "asking",
    "ran": "running",
}


def _gerund(verb: str) -> str:
    """Turn a past participle or base form into its -ing form: checked -> checking."""
    low = verb.lower()
    if low in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[low]
    if low.endswith("ied"):
        return low[:-3] + "ying"
    if low.endswith("ed") and len(low) > 4:
        return low[:-2] + "ing"
    if low.endswith("e") and not low.endswith("ee"):
        return low[:-1] + "ing"
    vowels = "aeiou"
    if (
        len(low) <= 4
        and len(low) >= 3
        and low[-1] not in vowels + "wxy"
        and low[-2] in vowels
        and low[-3] not in vowels
    ):
        return low + low[-1] + "ing"
    return low + "ing"
