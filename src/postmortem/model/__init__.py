"""The incident model: frozen attrs classes for every section of a post-mortem.

The classes here know nothing about files. :mod:`postmortem.serialize` turns them into
YAML, JSON and TOML and back.

Sequences are tuples so that an :class:`Incident` is immutable all the way down; use
:func:`attrs.evolve` to make a changed copy.

Times:
    Every :class:`~datetime.datetime` must be timezone-aware. A naive one raises
    :class:`~postmortem.errors.FieldError` at construction: a post-mortem read by people in
    several timezones cannot guess which one "10:42" meant.

The package is laid out by topic, each module private: ``_enums`` (statuses, kinds,
methods), ``_times`` (honest times: precision, bounds, duration estimates), ``_severity``,
``_people`` (participants, links, related incidents), ``_milestones``, ``_sections`` (impact,
detection, causes, narrative, timeline, action items) and ``_incident``; ``_base`` holds the
validators they share. Everything public is imported here.
"""

from __future__ import annotations

# Public but not in __all__: the characters no link or id may hold (postmortem.strategies
# leaves them out of the tokens it draws).
from postmortem.model._base import NOT_IN_TOKENS as NOT_IN_TOKENS
from postmortem.model._base import LabelledEnum
from postmortem.model._enums import (
    ActionKind,
    ActionStatus,
    CommunicationChannel,
    DetectionMethod,
    EventKind,
    FactorCategory,
    HypothesisOutcome,
    Priority,
    ProseMarkup,
    WriteUpStatus,
)
from postmortem.model._incident import Incident
from postmortem.model._milestones import Milestones
from postmortem.model._people import Link, Participant, RelatedIncident, Relation

# Public but not in __all__ (as before the split): used by postmortem.serialize.
from postmortem.model._sections import MAX_COUNT as MAX_COUNT
from postmortem.model._sections import (
    ActionItem,
    ContributingFactor,
    CustomerCommunication,
    Detection,
    Hypothesis,
    Impact,
    ImpactMetric,
    ImpactWindow,
    Narrative,
    RootCause,
    Section,
    Suppression,
    TimelineEvent,
)
from postmortem.model._severity import DEFAULT_SEVERITY_SCALE, Severity, SeverityScale
from postmortem.model._times import (
    ABOUT_MARGIN,
    EXACT_TIME,
    DurationEstimate,
    EstimateKind,
    TimeAccuracy,
    TimeBound,
    TimePrecision,
)
from postmortem.model._times import accuracy_fields as accuracy_fields

__all__ = [
    "ABOUT_MARGIN",
    "DEFAULT_SEVERITY_SCALE",
    "EXACT_TIME",
    "ActionItem",
    "ActionKind",
    "ActionStatus",
    "CommunicationChannel",
    "ContributingFactor",
    "CustomerCommunication",
    "Detection",
    "DetectionMethod",
    "DurationEstimate",
    "EstimateKind",
    "EventKind",
    "FactorCategory",
    "Hypothesis",
    "HypothesisOutcome",
    "Impact",
    "ImpactMetric",
    "ImpactWindow",
    "Incident",
    "LabelledEnum",
    "Link",
    "Milestones",
    "Narrative",
    "Participant",
    "Priority",
    "ProseMarkup",
    "RelatedIncident",
    "Relation",
    "RootCause",
    "Section",
    "Severity",
    "SeverityScale",
    "Suppression",
    "TimeAccuracy",
    "TimeBound",
    "TimePrecision",
    "TimelineEvent",
    "WriteUpStatus",
]
