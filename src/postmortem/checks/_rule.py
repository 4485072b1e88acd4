"""The Rule protocol, the context a rule runs in, and the ``@rule`` decorator."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import attrs

from postmortem._patterns import lazy_compile
from postmortem.checks._finding import Finding, FindingSeverity
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._config import Config
    from postmortem.checks._presets import Preset

__all__ = ["CheckContext", "FunctionRule", "Rule", "is_rule_id", "rule"]

T = TypeVar("T")

_RULE_ID = lazy_compile(r"^[a-z][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_.-]*)+$")


def is_rule_id(text: str) -> bool:
    """True when ``text`` has the shape of a rule id: ``family/name`` in lower case."""
    return bool(_RULE_ID.match(text))


@runtime_checkable
class Rule(Protocol):
    """What a check rule provides; implement it to add your own rules.

    A rule is any object with an ``id``, a ``severity``, a ``summary`` and a ``check``
    method (a class, an attrs instance, or a function wrapped by :func:`rule`). The id is
    ``family/name`` in lower case (``acme/runbook-link``); the family lets configuration
    select many rules with one glob (``acme/*``). Register a rule in the entry-point group
    ``postmortem.rules`` under its id, or pass it to :func:`~postmortem.checks.check`.
    """

    @property
    def id(self) -> str:
        """Stable id, such as ``completeness/action-owner``."""

    @property
    def severity(self) -> FindingSeverity:
        """Default severity of the rule's findings."""

    @property
    def summary(self) -> str:
        """One line saying what the rule asks of a post-mortem."""

    def check(self, incident: Incident, context: CheckContext) -> Iterable[Finding]:
        """Yield the rule's findings; create them with :meth:`CheckContext.finding`."""


@attrs.define(eq=False)
class _Shared:
    """State shared by every rule during one :func:`check` call."""

    incident: Incident
    config: Config
    preset: Preset
    today: date
    people: frozenset[str]
    rule_ids: frozenset[str] = frozenset()
    memo: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class CheckContext:
    """What a rule may use while it checks one incident.

    One context is made per rule and :func:`check` call; :meth:`memo` is shared between
    the rules of that call, so that several rules can use one expensive analysis.
    """

    rule_id: str
    severity: FindingSeverity
    _shared: _Shared = attrs.field(alias="shared")

    @property
    def config(self) -> Config:
        """The configuration in force."""
        return self._shared.config

    @property
    def preset(self) -> Preset:
        """The preset of required sections in force."""
        return self._shared.preset

    @property
    def today(self) -> date:
        """The date overdue action items are judged against."""
        return self._shared.today

    @property
    def people(self) -> frozenset[str]:
        """Names known to be people.

        The incident's participants, authors, reviewers and owners, plus the names in the
        configuration.
        """
        return self._shared.people

    @property
    def rule_ids(self) -> frozenset[str]:
        """The ids of every rule taking part in this check, installed or passed directly."""
        return self._shared.rule_ids

    @property
    def allowed_words(self) -> tuple[str, ...]:
        """Words and phrases the configuration allows in text."""
        return self._shared.config.allowed_words

    def finding(
        self,
        path: str,
        message: str,
        *,
        suggestion: str = "",
        span: tuple[int, int] | None = None,
        phrase: str = "",
    ) -> Finding:
        """Return a finding of this rule, with the configured severity.

        Args:
            path: ``$.path`` of the field the finding is about.
            message: What is wrong.
            suggestion: A rewrite or question to ask instead.
            span: Character offsets into the text at ``path``.
            phrase: The words at ``span``, as written.
        """
        return Finding(self.rule_id, self.severity, path, message, suggestion, span, phrase=phrase)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Return the value stored under ``key`` for this call, computing it once."""
        store = self._shared.memo
        if key not in store:
            store[key] = compute()
        value: T = store[key]
        return value


def _parse_severity(value: str | FindingSeverity) -> FindingSeverity:
    return FindingSeverity.parse(value)


# Postponed annotations are strings; documentation tools evaluate them in the public
# module, where the private state class has no name. Give them the class itself.
CheckContext.__init__.__annotations__["shared"] = _Shared

CheckFunction = Callable[[Incident, CheckContext], Iterable[Finding]]


@attrs.frozen
class FunctionRule:
    """A :class:`Rule` made from a function by :func:`rule`."""

    id: str
    severity: FindingSeverity = attrs.field(converter=_parse_severity)
    summary: str
    function: CheckFunction = attrs.field(repr=False)

    def check(self, incident: Incident, context: CheckContext) -> Iterable[Finding]:
        """Run the function."""
        return self.function(incident, context)


def rule(
    id: str,
    *,
    severity: FindingSeverity | str = FindingSeverity.WARNING,
    summary: str = "",
) -> Callable[[CheckFunction], FunctionRule]:
    """Turn a function ``(incident, context) -> findings`` into a :class:`Rule`.

    Args:
        id: The rule id, ``family/name``.
        severity: Default severity of its findings.
        summary: One line saying what it asks; the function's docstring when empty.

    Raises:
        ValueError: when ``id`` is not of the form ``family/name``.

    Example::

        @rule("acme/runbook-link", severity="warning")
        def runbook_link(incident, context):
            \"\"\"Link the runbook that responders used.\"\"\"
            if not any(link.title.lower().startswith("runbook") for link in incident.links):
                yield context.finding("$.links", "no runbook is linked")
    """
    if not is_rule_id(id):
        raise ValueError(f"rule id {id!r} must look like 'family/name' in lower case")

    def wrap(function: CheckFunction) -> FunctionRule:
        doc = (function.__doc__ or "").strip().splitlines()
        return FunctionRule(id, FindingSeverity.parse(severity), summary or (doc[0] if doc else id), function)

    return wrap
