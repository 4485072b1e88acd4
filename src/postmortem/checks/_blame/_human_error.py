"""``blame/human-error``: "human error", "operator error" and a mistake by a person given as a cause."""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _UNKNOWN, _Sentence, is_thing_noun
from postmortem.checks._blame._folding import lazy_compile
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
    return not _negated(s, m) and not _rejected(s, m) and not _software_operator(s, m)


def _software_operator(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether "operator errors" are a software operator's, by what they come from (round 16).

    "Operator errors from cert-manager were logged at debug level" are a Kubernetes operator's log lines:
    the source after "from" or "in" is a component (a hyphenated name, a product, a system noun).
    "Operator errors from the night shift" stay a finding.
    """
    if m.group()[:8].lower() != "operator":
        return False
    source = _SOURCE_RE.match(s.text, m.end())
    if source is None:
        return False
    return any("-" in word or is_thing_noun(word) for word in source.group(1).lower().split())


# The source's first three words ("from the ingress controller").
_SOURCE_RE: Final = lazy_compile(r"\s+(?:from|in|of)\s+(?:the\s+|our\s+)?((?:[\w.-]+\s+){0,2}[\w.-]+)", re.I)


# A cause named in order to be rejected is no finding: "we ruled out operator error", "operator
# error was considered and rejected", "Hypothesis 3: operator error ... Rejected." (a candidate
# cause in a Kepner-Tregoe or fault-tree analysis, rejected after it). "Root cause: operator
# error" and a candidate confirmed or left open stay findings.
_REJECT: Final = r"(?:ruled\s+out|rejected|excluded|eliminated|discarded|dismissed|discounted|disproved|disproven)"
_REJECTED_BEFORE_RE: Final = lazy_compile(r"\b(?:rul(?:e|ed|es|ing)\s+out|reject\w*|exclud\w*|eliminat\w*)\s+$", re.I)
# Right after the cause, a few words at most ("as a possible cause", "in plate preparation"),
# then its rejection: "... was considered and rejected", "... and ruled it out".
_REJECTED_AFTER_RE: Final = lazy_compile(
    r"(?:\s+(?:[\w-]+\s+){0,4}?(?:(?:was|were|is|are|been)\s+(?:[\w-]+\s+){0,2}?" + _REJECT + r"|(?:and\s+)?"
    r"(?:(?:we|they|i)\s+)?(?:rul(?:e|ed|es|ing)\s+(?:it|this|that|them)\s+out|(?:reject|exclud|discard|eliminat)"
    r"\w*\s+(?:it|this|that|them)))"
    # The review's stance: "Human error is not a root cause here", "... is where the investigation
    # starts, not a finding", "... is a starting point for this review".
    r"|\s+(?:is|was|are)\s+(?:not|never|no)\s+(?:(?:a|an|the|our)\s+)?(?:[\w-]+\s+)?(?:cause|finding|conclusion|"
    r"explanation|answer|verdict)|\s+is\s+(?:(?:a|the|only|just)\s+)*(?:starting[ -]point|start|beginning)"
    r"|\s+is\s+where\s+(?:[\w-]+\s+){0,3}?(?:starts?|begins?))\b",
    re.I,
)
# A candidate cause: "Cause C:", "Possible cause 2:", "Hypothesis:", "Theory B:" opening the sentence.
_CANDIDATE_RE: Final = lazy_compile(
    r"^\W*(?:(?:possible|candidate|suspected|probable|potential)\s+(?:causes?|factors?)"
    r"|(?:cause|factor)\s+(?:[a-z]|\d{1,2})|hypothes[ie]s|theory|theories)(?:\s+(?:[a-z]|\d{1,2}))?\W{0,3}:",
    re.I,
)
_VERDICT_REJECTED_RE: Final = lazy_compile(r"\b" + _REJECT + r"\b", re.I)
# The next candidate's label ends the one being read (a verdict there is about another cause).
_NEXT_CANDIDATE_RE: Final = lazy_compile(
    r"\n\W*(?:(?:possible|candidate|suspected|probable|potential)\s+)?(?:cause|factor|hypothes[ie]s|theory)\b", re.I
)
# How far after a candidate cause its verdict is looked for.
_VERDICT_WINDOW: Final = 800


def _rejected(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the cause at *m* is named to be rejected, in its sentence or as a rejected candidate."""
    if _REJECTED_BEFORE_RE.search(s.text, max(0, m.start() - 24), m.start()):
        return True
    if _REJECTED_AFTER_RE.match(s.text, m.end()):
        return True
    if _CANDIDATE_RE.match(s.text) is None:
        return False
    end = s.offset + s.end
    after = s._source[end : end + _VERDICT_WINDOW]
    following = _NEXT_CANDIDATE_RE.search(after)
    return _VERDICT_REJECTED_RE.search(after, 0, following.start() if following else len(after)) is not None


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
        r"responses|metric|metrics|reporting|tracking|state|states|screen|dialog|class|counter|counters)\b)",
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
