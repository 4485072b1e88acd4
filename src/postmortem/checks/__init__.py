"""Completeness and blamelessness checks for post-mortems.

Run every installed rule over an incident and get a :class:`Report`::

    import postmortem
    from postmortem.checks import check, load_config

    report = check(postmortem.load("incident.yaml"), load_config())
    for finding in report.filter(min_severity="warning"):
        print(finding)

Rules are found through the ``postmortem.rules`` entry-point group (the entry point's
name is the rule id); any object following the :class:`Rule` protocol can also be passed
to :func:`check` directly. See ``docs/checks/`` for every rule, the presets and the
configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from postmortem.checks._config import Config, ConfigError, find_config, load_config
from postmortem.checks._engine import TEXT_REPORT_ID, check, check_file, check_text, completeness_score
from postmortem.checks._finding import Finding, FindingSeverity, Report, SectionScore
from postmortem.checks._presets import PRESETS, SECTIONS, Preset, get_preset
from postmortem.checks._registry import (
    ENTRY_POINT_GROUP,
    RuleLoadError,
    RuleNotFoundError,
    available_rules,
    get_rule,
    register_rule,
    unregister_rule,
)
from postmortem.checks._rule import CheckContext, FunctionRule, Rule, rule

if TYPE_CHECKING:
    from postmortem.checks._formats import github_annotations, sarif_log
    from postmortem.checks._many import check_files

__all__ = [
    "ENTRY_POINT_GROUP",
    "PRESETS",
    "SECTIONS",
    "TEXT_REPORT_ID",
    "CheckContext",
    "Config",
    "ConfigError",
    "Finding",
    "FindingSeverity",
    "FunctionRule",
    "Preset",
    "Report",
    "Rule",
    "RuleLoadError",
    "RuleNotFoundError",
    "SectionScore",
    "available_rules",
    "check",
    "check_file",
    "check_files",
    "check_text",
    "completeness_score",
    "find_config",
    "get_preset",
    "get_rule",
    "github_annotations",
    "load_config",
    "register_rule",
    "rule",
    "sarif_log",
    "unregister_rule",
]


def __getattr__(name: str) -> Any:
    # check_files starts worker processes: its module, and multiprocessing with it, is
    # imported when first used, so that `import postmortem` stays light.
    if name == "check_files":
        from postmortem.checks._many import check_files  # noqa: PLC0415

        return check_files
    if name in {"sarif_log", "github_annotations"}:
        # The report formats of `postmortem check --format sarif|github`: loaded for those only.
        from postmortem.checks import _formats  # noqa: PLC0415

        return getattr(_formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
