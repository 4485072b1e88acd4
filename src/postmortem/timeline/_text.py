"""Words of a timeline event's description: how alike two are, and whether one is a resolution."""

from __future__ import annotations

import re

from postmortem.model import TimelineEvent

_WORD = re.compile(r"[a-z0-9][a-z0-9_.%/-]*[a-z0-9%]|[a-z0-9]")
# Words every alert has: they say nothing about which alert it is.
_STOP = frozenset(
    (
        "firing",
        "triggered",
        "alert",
        "alerts",
        "resolved",
        "status",
        "update",
        "a",
        "an",
        "and",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "by",
        "is",
        "are",
        "was",
        "were",
        "with",
        "from",
    )
)


def description_words(text: str) -> frozenset[str]:
    """The words of a description that tell one occurrence from another (casefolded, no stop words)."""
    return frozenset(word for word in _WORD.findall(text.casefold()) if word not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter text's words found in the other (0 when fewer than two shared)."""
    shared = len(a & b)
    if shared < 2:
        return 0.0
    return shared / min(len(a), len(b))


_STATUS_PREFIX = re.compile(r"^\s*(?:firing|triggered|resolved|alert)\s*:\s*", re.IGNORECASE)


def strip_status(text: str) -> str:
    """The description without a leading ``FIRING:``/``RESOLVED:``-style status."""
    return _STATUS_PREFIX.sub("", text)


def starts_with(text: str, word: str) -> bool:
    """``text.casefold().startswith(word)`` for a casefolded ``word``, folding only as many characters.

    Case folding maps each character on its own to one or more, so the first ``len(word)``
    characters of the folded text come from the first ``len(word)`` characters of the text.
    """
    return text[: len(word)].casefold().startswith(word)


def is_resolution(event: TimelineEvent) -> bool:
    """True when the event says something was resolved (an alert clearing, a status update)."""
    return starts_with(event.description.lstrip(), "resolved")
