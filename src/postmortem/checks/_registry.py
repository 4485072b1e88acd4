"""Finding rules: a cached scan of the ``postmortem.rules`` entry-point group.

The scan lists rule ids without importing anything; a rule's module is imported the
first time the rule is asked for.
"""

from __future__ import annotations

import difflib
import functools
from typing import TYPE_CHECKING

from postmortem.checks._rule import Rule, is_rule_id
from postmortem.errors import PostmortemError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["ENTRY_POINT_GROUP", "RuleNotFoundError", "available_rules", "get_rule", "load_rule", "scan_generation"]

ENTRY_POINT_GROUP = "postmortem.rules"
"""The entry-point group rules register in; the entry point's name is the rule id."""


class RuleNotFoundError(PostmortemError, LookupError):
    """No rule with that id is installed.

    Attributes:
        rule_id: The id asked for.
        available: The ids that are installed.
    """

    def __init__(self, rule_id: str, available: tuple[str, ...]) -> None:
        self.rule_id = rule_id
        self.available = available
        close = difflib.get_close_matches(rule_id, available, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        installed = ", ".join(available) or "none"
        super().__init__(f"no rule {rule_id!r} is installed{hint}. Installed rules: {installed}")


class RuleLoadError(PostmortemError):
    """An entry point in ``postmortem.rules`` does not provide a usable rule."""


@functools.cache
def _scan() -> dict[str, EntryPoint]:
    # importlib.metadata is imported on first use: ``import postmortem`` stays light.
    from importlib.metadata import entry_points  # noqa: PLC0415

    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        # Two distributions claiming one id: the first one found is kept, as import order
        # would otherwise decide silently; ``postmortem check --list-rules`` shows the winner.
        found.setdefault(point.name, point)
    return found


_generation = [0]


def scan_generation() -> int:
    """Return a number that changes whenever :func:`refresh` forgets the scan."""
    return _generation[0]


def refresh() -> None:
    """Forget the cached scan and loaded rules, so that rules installed since are found."""
    _scan.cache_clear()
    get_rule.cache_clear()
    _generation[0] += 1


def available_rules() -> tuple[str, ...]:
    """Return the ids of the installed rules, sorted, without importing any of them."""
    return tuple(sorted(_scan()))


def load_rule(point: EntryPoint) -> Rule:
    """Load one entry point and check that it is a :class:`Rule` with the entry point's id.

    The entry point may name a rule object or a class whose instances are rules.

    Raises:
        RuleLoadError: when the import fails or the object is not a rule.
    """
    where = f"entry point {point.name!r} ({point.value})"
    try:
        loaded = point.load()
    except Exception as exc:
        raise RuleLoadError(f"{where} cannot be imported: {type(exc).__name__}: {exc}") from exc
    obj = loaded() if isinstance(loaded, type) else loaded
    if not isinstance(obj, Rule):
        raise RuleLoadError(f"{where} is not a rule: it needs id, severity, summary and check()")
    if obj.id != point.name or not is_rule_id(obj.id):
        raise RuleLoadError(f"{where} provides rule {obj.id!r}; the entry point must be named after the rule id")
    return obj


@functools.cache
def get_rule(rule_id: str) -> Rule:
    """Return the installed rule with this id, importing it on first use.

    Raises:
        RuleNotFoundError: when no installed rule has that id.
        RuleLoadError: when the rule's entry point is broken.
    """
    point = _scan().get(rule_id)
    if point is None:
        raise RuleNotFoundError(rule_id, available_rules())
    return load_rule(point)
