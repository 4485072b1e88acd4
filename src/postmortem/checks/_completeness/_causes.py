"""Completeness rules for causes: a root cause deeper than human error, factors beyond the trigger."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem._patterns import lazy_compile
from postmortem.checks._completeness._sections import is_placeholder
from postmortem.checks._finding import Finding
from postmortem.checks._rule import CheckContext, rule
from postmortem.checks._text import plain
from postmortem.model import Incident

_HUMAN_ERROR = lazy_compile(
    r"\b(?:human|operator|user|engineer|developer|manual|pilot|admin(?:istrator)?)"
    r" (?:error|mistake|failure)s?\b"
    r"|\b(?:someone|somebody|an? (?:engineer|developer|operator|admin|person)"
    r"|the (?:engineer|developer|operator|on-?call))"
    r" (?:made an? (?:mistake|error)|messed up|screwed up|forgot)\b"
    r"|\b(?:a |the )?(?:mistake|carelessness|negligence|oversight|typo)\b",
    re.IGNORECASE,
)
_WORD = lazy_compile(r"[A-Za-z][A-Za-z0-9'-]*")
_STOPWORDS = frozenset(
    {
        *("a", "an", "the", "and", "or", "but", "of", "to", "in"),
        *("on", "at", "by", "for", "with", "from", "as", "is", "was"),
        *("were", "be", "been", "being", "it", "its", "this", "that", "these"),
        *("those", "there", "their", "they", "we", "our", "us", "he", "she"),
        *("his", "her", "who", "which", "due", "caused", "cause", "causes", "root"),
        *("simply", "just", "only", "basically"),
    }
)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


def _fewer_content_words(text: str, limit: int) -> bool:
    """Tell whether ``len(_content_words(text)) < limit``, reading only as far as needed."""
    if limit <= 0:
        return False
    count = 0
    for match in _WORD.finditer(text.lower()):
        if match.group() not in _STOPWORDS:
            count += 1
            if count >= limit:
                return False
    return True


_NEGATED = lazy_compile(
    r"\b(?:not|no|never|rather than|instead of|beyond|more than|other than|calling (?:this|it))"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SENTENCE = lazy_compile(r"[^.;!?]+[.;!?]*")


_HINT_WORDS = (
    "error",
    "mistake",
    "failure",
    "careless",
    "negligen",
    "oversight",
    "typo",
    "forgot",
    "messed",
    "screwed",
)
_HUMAN_ERROR_HINT = lazy_compile("|".join(_HINT_WORDS), re.I)
# The characters other than ASCII letters that IGNORECASE lets match an ASCII letter
# (Python's re documentation lists these four).
_CASE_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hint(text: str) -> bool:
    """Tell cheaply whether ``_HUMAN_ERROR_HINT`` could match in ``text``.

    False only when it cannot: an ASCII letter matched case-insensitively lower-cases to
    the pattern's letter, unless it is one of the four other characters IGNORECASE
    accepts. Substring tests are many times faster than the case-insensitive pattern.
    """
    low = text.lower()
    return any(word in low for word in _HINT_WORDS) or any(char in text for char in _CASE_FOLDED_LETTERS)


def _declares_human_error(sentence: str) -> bool:
    """True when a sentence gives a person's error as the cause and says little else."""
    if not _may_hint(sentence) or not _HUMAN_ERROR_HINT.search(sentence):
        return False  # a cheap test first: most sentences mention no error at all
    for match in _HUMAN_ERROR.finditer(sentence):
        if _NEGATED.search(sentence[: match.start()]):
            continue
        rest = sentence[: match.start()] + " " + sentence[match.end() :]
        if _fewer_content_words(rest, 5):
            return True
    return False


@rule(
    "completeness/root-cause-depth",
    severity="error",
    summary="The root cause explains the system and process, not just 'human error'.",
)
def root_cause_depth(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The root cause explains the system and process, not just 'human error'."""
    cause = incident.root_cause
    technical, process = plain(incident, cause.technical), plain(incident, cause.process)
    for path, text in (
        ("$.root_cause.technical", technical),
        ("$.root_cause.process", process),
    ):
        if not _may_hint(text):
            continue  # no sentence of it can declare a human error
        for match in _SENTENCE.finditer(text):
            if _declares_human_error(match.group(0)):
                yield context.finding(
                    path,
                    "the root cause stops at a person's error",
                    suggestion=(
                        "Ask what allowed the mistake to happen and to escape detection: "
                        "which safeguard, "
                        "test, alert or review was missing? E.g. 'The deploy tool accepted a "
                        "gateway config "
                        "that no test had exercised'."
                    ),
                    span=(match.start(), match.end()),
                )
                break
    text = f"{technical} {process}".strip()
    if text and not is_placeholder(text) and _fewer_content_words(text, 4) and not _HUMAN_ERROR.search(text):
        path = "$.root_cause.technical" if technical.strip() else "$.root_cause.process"
        yield context.finding(
            path,
            f"the root cause is too short to explain anything ({text!r})",
            suggestion=("Describe the mechanism: what failed, why it failed then, and what let it reach users."),
        )


@rule(
    "completeness/factor-beyond-trigger",
    severity="error",
    summary="At least one contributing factor goes beyond the immediate trigger.",
)
def factor_beyond_trigger(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """At least one contributing factor goes beyond the immediate trigger."""
    factors = incident.contributing_factors
    if factors and all(factor.trigger for factor in factors):
        yield context.finding(
            "$.contributing_factors",
            "every contributing factor is the trigger; nothing says what made the system vulnerable to it",
            suggestion=(
                "Add the gaps that let the trigger cause harm: missing alerts, ambiguous runbooks, "
                "untested paths, unclear ownership."
            ),
        )
