"""The completeness rules: is every part of a good post-mortem written, and written well?

Each rule is a module-level object registered under its id in the ``postmortem.rules``
entry-point group. ``docs/checks/completeness.md`` shows a hit and a rewrite for each.

The rules are grouped by the part of a post-mortem they read, each group a private module:
``_sections`` (required sections, placeholders), ``_impact`` (impact, detection, customer
communication), ``_times`` (milestones, severity, timeline), ``_causes`` (root cause and
contributing factors), ``_actions`` (action items) and ``_suppressions``. Every rule is
imported here, where its entry point names it (``postmortem.checks._completeness:placeholder``).
"""

from __future__ import annotations

from postmortem.checks._completeness._actions import (
    action_due,
    action_overdue,
    action_owner,
    action_risk_reduction,
    action_specific,
    action_verb_first,
    action_verification,
)
from postmortem.checks._completeness._causes import factor_beyond_trigger, root_cause_depth
from postmortem.checks._completeness._impact import customer_communication, detection_method, impact_quantified
from postmortem.checks._completeness._sections import is_placeholder, placeholder, required_section
from postmortem.checks._completeness._suppressions import suppression_missing_reason, suppression_unknown_rule
from postmortem.checks._completeness._times import (
    milestones_consistent,
    milestones_missing,
    severity_assessed,
    timeline_coverage,
    timeline_order,
    timeline_window,
)

__all__ = [
    "action_due",
    "action_overdue",
    "action_owner",
    "action_risk_reduction",
    "action_specific",
    "action_verb_first",
    "action_verification",
    "customer_communication",
    "detection_method",
    "factor_beyond_trigger",
    "impact_quantified",
    "is_placeholder",
    "milestones_consistent",
    "milestones_missing",
    "placeholder",
    "required_section",
    "root_cause_depth",
    "severity_assessed",
    "suppression_missing_reason",
    "suppression_unknown_rule",
    "timeline_coverage",
    "timeline_order",
    "timeline_window",
]
