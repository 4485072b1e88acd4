"""Completeness rules for suppressions: each has a reason and names a rule that exists."""

from __future__ import annotations

from collections.abc import Iterator

from postmortem.checks._completeness._sections import is_placeholder
from postmortem.checks._finding import Finding
from postmortem.checks._registry import available_rules
from postmortem.checks._rule import CheckContext, rule
from postmortem.model import Incident


@rule(
    "suppression/missing-reason",
    severity="error",
    summary="Every suppression says why the rule does not apply.",
)
def suppression_missing_reason(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every suppression says why the rule does not apply."""
    for index, suppression in enumerate(incident.suppressions):
        if not suppression.reason.strip() or is_placeholder(suppression.reason):
            yield context.finding(
                f"$.suppressions[{index}].reason",
                f"the suppression of {suppression.rule!r} gives no reason",
                suggestion=("Say why the rule does not apply to this incident, so reviewers can agree or not."),
            )


@rule(
    "suppression/unknown-rule",
    severity="warning",
    summary="Every suppression names an installed rule (or a glob matching one).",
)
def suppression_unknown_rule(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every suppression names an installed rule (or a glob matching one)."""
    if not incident.suppressions:
        return  # most incidents: no list of installed rules to make
    import fnmatch  # noqa: PLC0415

    # Rules passed to check() directly count as known, like installed ones.
    installed = sorted(set(available_rules()) | context.rule_ids)
    for index, suppression in enumerate(incident.suppressions):
        if any(fnmatch.fnmatchcase(rule_id, suppression.rule) for rule_id in installed):
            continue
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(suppression.rule, installed, n=1, cutoff=0.6)
        yield context.finding(
            f"$.suppressions[{index}].rule",
            f"no installed rule is called {suppression.rule!r}, so this suppression silences nothing",
            suggestion=f"Did you mean {close[0]!r}?" if close else "Run `postmortem check --list-rules` for the ids.",
        )
