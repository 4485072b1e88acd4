"""Finding rules: the ``postmortem.rules`` group on the shared plugin registry.

The scan lists rule ids without importing anything; a rule's module is imported the
first time the rule is asked for. Rules follow the same rules as exporters and sources
(:class:`postmortem._registry.PluginRegistry`): two distributions claiming one id are an
error naming both, unless one is registered in code with ``override=True``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from postmortem._registry import PluginRegistry
from postmortem.checks._rule import Rule, is_rule_id
from postmortem.errors import PluginError, PluginNotFoundError, did_you_mean

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "ENTRY_POINT_GROUP",
    "RuleLoadError",
    "RuleNotFoundError",
    "available_rules",
    "get_rule",
    "load_rule",
    "refresh",
    "register_rule",
    "scan_generation",
    "unregister_rule",
]

ENTRY_POINT_GROUP = "postmortem.rules"
"""The entry-point group rules register in; the entry point's name is the rule id."""


class RuleNotFoundError(PluginNotFoundError):
    """No rule with that id is installed.

    The id asked for is both ``rule_id`` and ``name``; ``available`` holds the installed ids.
    """

    kind = "rule"

    @property
    def rule_id(self) -> str:
        """The id asked for."""
        return self.name

    def _message(self) -> str:
        installed = ", ".join(self.available) or "none"
        return (
            f"no rule {self.name!r} is installed{did_you_mean(self.name, self.available)}. Installed rules: {installed}"
        )


class RuleLoadError(PluginError):
    """A rule plugin that cannot be imported, is not a rule, or clashes with another."""


def _check(name: str, loaded: object, origin: str) -> Rule:
    where = f"rule {name!r} ({origin})"
    obj: Any = loaded() if isinstance(loaded, type) else loaded
    if not isinstance(obj, Rule):
        raise RuleLoadError(f"{where} is not a rule: it needs id, severity, summary and check()")
    if obj.id != name or not is_rule_id(obj.id):
        raise RuleLoadError(f"{where} provides rule {obj.id!r}; the entry point must be named after the rule id")
    return obj


_RULES: PluginRegistry[Rule] = PluginRegistry(
    ENTRY_POINT_GROUP,
    kind="rule",
    check=_check,
    error=RuleLoadError,
    not_found=RuleNotFoundError,
    name_of=lambda rule: str(getattr(rule, "id", "") or ""),
    register_hint="postmortem.checks.register_rule",
)

_generation = [0]


def scan_generation() -> int:
    """Return a number that changes whenever the set of rules may have changed.

    :func:`refresh`, :func:`register_rule` and :func:`unregister_rule` change it.
    """
    return _generation[0]


def refresh() -> None:
    """Forget the cached scan and loaded rules, so that rules installed since are found."""
    _RULES.refresh()
    _generation[0] += 1


def available_rules() -> tuple[str, ...]:
    """Return the ids of the installed and registered rules, sorted, without importing any."""
    return tuple(_RULES.names())


def load_rule(point: EntryPoint) -> Rule:
    """Load one entry point and check that it is a :class:`Rule` with the entry point's id.

    The entry point may name a rule object or a class whose instances are rules.

    Raises:
        RuleLoadError: when the import fails or the object is not a rule.
    """
    try:
        loaded = point.load()
    except Exception as exc:  # a plugin's module is someone else's code
        raise RuleLoadError(
            f"rule {point.name!r} (entry point {point.value}) cannot be imported: {type(exc).__name__}: {exc}"
        ) from exc
    return _check(point.name, loaded, point.value)


def get_rule(rule_id: str) -> Rule:
    """Return the installed rule with this id, importing it on first use.

    Raises:
        RuleNotFoundError: when no installed rule has that id (with the closest id).
        RuleLoadError: when the rule's entry point is broken, or two distributions provide
            the id.
    """
    return _RULES.get(rule_id)


def register_rule(rule: Rule | str, *, name: str | None = None, override: bool = False) -> Rule | str:
    """Register a rule in code, beside the installed ones; ``check()`` then runs it as well.

    Args:
        rule: The rule, or ``"module:attribute"`` to import when first used (then ``name``
            is needed).
        name: The rule id; the rule's ``id`` when not given.
        override: Replace a rule of the same id (installed or registered); this is how one
            of two distributions providing one id is chosen.

    Returns:
        ``rule`` unchanged, so that it works as a decorator over a ``@rule`` function.

    Raises:
        RuleLoadError: when the id is taken and ``override`` is false, or ``rule`` is not a rule.
    """
    if not isinstance(rule, str) and not isinstance(rule, Rule):
        raise RuleLoadError(f"{rule!r} is not a rule: it needs id, severity, summary and check()")
    _RULES.register(rule, name=name, override=override)
    _generation[0] += 1
    return rule


def unregister_rule(rule_id: str) -> None:
    """Remove a rule registered with :func:`register_rule` (installed ones stay)."""
    _RULES.unregister(rule_id)
    _generation[0] += 1
