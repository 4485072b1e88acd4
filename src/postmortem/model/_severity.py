"""Severity levels and the scale they belong to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs
from attrs import field, frozen

from postmortem.errors import FieldError
from postmortem.model._base import _non_empty


@frozen
class Severity:
    """One level of a severity scale.

    Attributes:
        name: What people write, such as ``SEV1``.
        rank: 1 is the most severe; larger numbers are less severe.
        description: What the level means for this organisation.
    """

    name: str = field(validator=_non_empty)
    rank: int
    description: str = ""

    def __str__(self) -> str:
        return self.name


def _unique_levels(_inst: object, _attribute: attrs.Attribute[Any], value: tuple[Severity, ...]) -> None:
    if not value:
        raise FieldError("levels", "a severity scale needs at least one level")
    names = [level.name.casefold() for level in value]
    if len(set(names)) != len(names):
        raise FieldError("levels", "severity names must be unique")
    ranks = [level.rank for level in value]
    if len(set(ranks)) != len(ranks):
        raise FieldError("levels", "severity ranks must be unique")


def _by_rank(levels: Iterable[Severity]) -> tuple[Severity, ...]:
    return tuple(sorted(levels, key=lambda level: level.rank))


@frozen
class SeverityScale:
    """The severity levels a team uses, most severe first once sorted by rank."""

    levels: tuple[Severity, ...] = field(converter=_by_rank, validator=_unique_levels)

    def __iter__(self) -> Iterator[Severity]:
        return iter(self.levels)

    def __contains__(self, item: object) -> bool:
        return item in self.levels

    def get(self, name: str) -> Severity:
        """Return the level called ``name`` (case-insensitive).

        Raises:
            KeyError: when the scale has no such level; the message lists the known ones.
        """
        for level in self.levels:
            if level.name.casefold() == name.casefold():
                return level
        known = ", ".join(level.name for level in self.levels)
        raise KeyError(f"unknown severity {name!r}; this scale has {known}")

    def is_top(self, severity: Severity, n: int = 2) -> bool:
        """True when ``severity`` is among the ``n`` most severe levels of this scale."""
        return severity in self.levels[:n]


DEFAULT_SEVERITY_SCALE = SeverityScale(
    (
        Severity("SEV1", 1, "Critical: a core service is down or data is at risk for many customers."),
        Severity("SEV2", 2, "Major: a core feature is degraded or unavailable for a significant share of customers."),
        Severity("SEV3", 3, "Minor: a non-core feature is degraded, or a small share of customers is affected."),
        Severity("SEV4", 4, "Low: little customer impact; a workaround exists."),
        Severity("SEV5", 5, "Cosmetic or internal only: no customer impact."),
    )
)
