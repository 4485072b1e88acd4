"""``blame/human-error``: "human error", "operator error" and a mistake by a person given as a cause."""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _UNKNOWN, _Sentence
from postmortem.checks._blame._hints import may_name_person
from postmortem.checks._blame._rule import _always, _k, _Rule


def _negated(s: _Sentence, m: re.Match[str]) -> bool:
    before = s.text[max(s.start, m.start() - 40) : m.start()].lower()
    return bool(
        re.search(
            r"(\bnot\b|n't\b|\bnever\b|\bno\b|\bavoid\w*|\binstead of\b|\brather than\b|"
            r"\bbeyond\b|\bwithout\b)[^.;:]*$",
            before,
        )
    )


def _human_error_gate(s: _Sentence, m: re.Match[str]) -> bool:
    return not _negated(s, m)


def _by_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "a mistake by the operator on shift", spanning the whole noun phrase."""
    if not may_name_person(s):
        return None  # no word could be the person (see _hints)
    i = s.index_at(m.end() - 1)
    kind = s.noun_phrase_kind(i, min(len(s.tokens), i + 5))
    if kind != _PERSON or _negated(s, m):
        return None
    j = i
    while (
        j + 1 < len(s.tokens)
        and s.tokens[j + 1].text[:1].isalnum()
        and s.word_kind(j + 1) != _UNKNOWN
        and not s.is_verb(j + 1)
    ):
        j += 1
    return m.start(), max(m.end(), s.tokens[j].end)


RULES: Final = (
    # ---- human error as cause
    _Rule(
        "blame/human-error",
        r"\b(?:human|operator|user|manual|people|personnel|pilot|engineer|developer|admin|"
        r"administrator|dba|sre|staff|employee|reviewer)[ -](?:error|mistake|"
        r"failure|slip|fault)s?\b(?![ -](?:rate|rates|budget|count|counts|log|logs|"
        r"message|messages|page|pages|code|codes|handling|handler|path|paths|response|"
        r"responses|metric|metrics|reporting|tracking|state|states|screen|dialog|class)\b)",
        _human_error_gate,
        "Names a person's error as the cause; human error is where an investigation starts, not where it ends.",
        "Describe the conditions that made the action possible and easy to get wrong "
        "(tooling, defaults, missing safeguards, time pressure) instead of calling it "
        "human error.",
        keys=_k(
            "human operator operators user users manual people personnel pilot engineer developer "
            "admin administrator dba sre staff employee reviewer",
            "error errors mistake mistakes failure failures slip slips fault faults",
        ),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:pebkac|pebcak|picnic|id-?10-?t|layer[ -]8 (?:issue|problem|error))\b",
        _always,
        "A joke name for user error blames the person at the keyboard.",
        "Describe what the interface or tooling allowed, and what would have made the safe action the easy one.",
        keys=_k("pebkac pebcak picnic id10t id layer"),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:mistake|error|slip|blunder|fault|screw-?up)s?\s+(?:(?:was|were)\s+)?"
        r"(?:made\s+)?(?:by|of|from)"
        r"\s+(?:the\s+|our\s+|a\s+|an\s+)?[\w@-]+",
        _by_person_gate,
        "Attributes the failure to a mistake by a person.",
        "Describe the action as a step in the sequence of events and ask what made it likely, "
        "rather than whose mistake it was.",
        keys=_k(
            "mistake mistakes error errors slip slips blunder blunders fault faults screwup screw",
            "by of from",
        ),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:people|human|personnel)\s+(?:problem|issue|failing)s?\b",
        _human_error_gate,
        "Calls the incident a people problem; that is where an investigation starts, not where it ends.",
        "Describe the conditions that made the actions involved possible and easy to get wrong "
        "(tooling, defaults, missing safeguards, time pressure).",
        keys=_k("people human personnel", "problem problems issue issues failing failings"),
    ),
)
