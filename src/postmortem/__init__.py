"""Blameless, complete, well-presented incident post-mortems from typed data.

The public API is re-exported here; everything in modules whose name starts with an
underscore is private.
"""

from __future__ import annotations

from postmortem.checks import Config, Finding, FindingSeverity, Report, Rule, check
from postmortem.errors import (
    ExporterError,
    ExporterNotFoundError,
    FieldError,
    IncidentFormatError,
    PostmortemError,
    Problem,
)
from postmortem.model import (
    DEFAULT_SEVERITY_SCALE,
    ActionItem,
    ActionKind,
    ActionStatus,
    CommunicationChannel,
    ContributingFactor,
    CustomerCommunication,
    Detection,
    DetectionMethod,
    EventKind,
    FactorCategory,
    Hypothesis,
    HypothesisOutcome,
    Impact,
    ImpactMetric,
    Incident,
    Link,
    Milestones,
    Narrative,
    Participant,
    Priority,
    RootCause,
    Severity,
    SeverityScale,
    Suppression,
    TimelineEvent,
    WriteUpStatus,
)
from postmortem.serialize import dump, dumps, from_dict, load, loads, to_dict

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SEVERITY_SCALE",
    "ActionItem",
    "ActionKind",
    "ActionStatus",
    "CommunicationChannel",
    "Config",
    "ContributingFactor",
    "CustomerCommunication",
    "Detection",
    "DetectionMethod",
    "EventKind",
    "ExporterError",
    "ExporterNotFoundError",
    "FactorCategory",
    "FieldError",
    "Finding",
    "FindingSeverity",
    "Hypothesis",
    "HypothesisOutcome",
    "Impact",
    "ImpactMetric",
    "Incident",
    "IncidentFormatError",
    "Link",
    "Milestones",
    "Narrative",
    "Participant",
    "PostmortemError",
    "Priority",
    "Problem",
    "Report",
    "RootCause",
    "Rule",
    "Severity",
    "SeverityScale",
    "Suppression",
    "TimelineEvent",
    "WriteUpStatus",
    "__version__",
    "check",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]
