"""The sections of a post-mortem: impact, detection, causes, narrative, timeline, action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
from attrs import field, frozen

from postmortem.errors import FieldError
from postmortem.model._base import _aware, _non_empty, _token, _tuple
from postmortem.model._enums import (
    ActionKind,
    ActionStatus,
    CommunicationChannel,
    DetectionMethod,
    EventKind,
    FactorCategory,
    HypothesisOutcome,
    Priority,
)
from postmortem.model._times import EXACT_TIME, DurationEstimate, TimeAccuracy, _accuracy_needs_time, _may_precede


@frozen
class ImpactMetric:
    """One measured effect, such as ``error rate: 30 %`` or ``p95 latency: 8.2 s``."""

    name: str = field(validator=_non_empty)
    value: float
    unit: str = ""


def _share(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise FieldError(attribute.name, f"must be a fraction between 0 and 1 (0.3 for 30%), got {value}")


MAX_COUNT = 2**53
"""The largest count the model holds (the largest whole number every JSON reader keeps exactly)."""


def _non_negative(_inst: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        raise FieldError(attribute.name, f"must not be negative, got {value}")
    if value is not None and value > MAX_COUNT:
        raise FieldError(attribute.name, f"must be at most {MAX_COUNT:,}, got a number of {len(str(value))} digits")


@frozen
class ImpactWindow:
    """One stretch of time during which users were affected.

    An incident whose impact stopped and came back has several; their durations add up to
    the impact duration.

    Attributes:
        start: When this stretch of impact began.
        end: When it stopped; not set while it lasts.
        description: What users experienced in this stretch, where it differs from the summary.
    """

    start: datetime = field(validator=_aware)
    end: datetime | None = field(default=None, validator=_aware)
    description: str = ""
    start_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "start"})
    end_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "end"})

    def __attrs_post_init__(self) -> None:
        _accuracy_needs_time(self)
        if self.end is not None and not _may_precede((self.start, self.start_accuracy), (self.end, self.end_accuracy)):
            raise FieldError("end", f"end ({self.end.isoformat()}) is before start ({self.start.isoformat()})")

    @property
    def duration(self) -> DurationEstimate:
        """How long this stretch lasted; ongoing while it has no end."""
        if self.end is None:
            return DurationEstimate.ongoing()
        return DurationEstimate.between(self.start, self.end, self.start_accuracy, self.end_accuracy)


@frozen
class Impact:
    """What users experienced and how many of them.

    Attributes:
        summary: What users experienced, in their terms.
        users_affected: How many users (or customers, accounts) were affected, where known.
        share_affected: Fraction of users or requests affected, from 0 to 1.
        metrics: Other measured effects.
        windows: The stretches of time users were affected, when there was more than one
            (or they differ from started .. mitigated).
    """

    summary: str = ""
    users_affected: int | None = field(default=None, validator=_non_negative)
    share_affected: float | None = field(default=None, validator=_share)
    metrics: tuple[ImpactMetric, ...] = field(default=(), converter=_tuple)
    windows: tuple[ImpactWindow, ...] = field(default=(), converter=_tuple)

    @property
    def is_quantified(self) -> bool:
        """True when a number says how big the impact was."""
        return self.users_affected is not None or self.share_affected is not None or bool(self.metrics)


@frozen
class CustomerCommunication:
    """An update sent to customers during or after the incident."""

    channel: CommunicationChannel
    time: datetime = field(validator=_aware)
    summary: str = ""
    link: str | None = field(default=None, validator=_token)
    time_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "time"})


@frozen
class Detection:
    """How the incident was detected.

    Attributes:
        method: Monitor, user report, internal alert, support escalation or other.
        source: What detected it: the alert's name, the support queue, the dashboard.
        time: When; usually equal to :attr:`Milestones.detected`.
        notes: Anything else about detection, such as why an earlier signal was missed.
    """

    method: DetectionMethod
    source: str = ""
    time: datetime | None = field(default=None, validator=_aware)
    notes: str = ""
    time_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "time"})

    def __attrs_post_init__(self) -> None:
        _accuracy_needs_time(self)


@frozen
class RootCause:
    """The technical and process causes, below the trigger."""

    technical: str = ""
    process: str = ""


@frozen
class ContributingFactor:
    """A condition that made the incident possible, more likely, or harder to resolve.

    Attributes:
        description: The gap, described as a property of the system or process.
        category: Monitoring, documentation, tooling, process, organizational, communication, other.
        trigger: True for the immediate trigger; a complete post-mortem names factors beyond it.
    """

    description: str = field(validator=_non_empty)
    category: FactorCategory = FactorCategory.OTHER
    trigger: bool = False

    def _repr_html_(self) -> str:
        from postmortem.model._display import factor_html  # noqa: PLC0415  (only a notebook asks)

        return factor_html(self)

    def _repr_markdown_(self) -> str:
        from postmortem.model._display import factor_markdown  # noqa: PLC0415  (only a notebook asks)

        return factor_markdown(self)


@frozen
class Hypothesis:
    """Something responders believed during the incident, and what became of it."""

    statement: str = field(validator=_non_empty)
    outcome: HypothesisOutcome = HypothesisOutcome.UNTESTED
    evidence: str = ""

    def _repr_html_(self) -> str:
        from postmortem.model._display import hypothesis_html  # noqa: PLC0415  (only a notebook asks)

        return hypothesis_html(self)

    def _repr_markdown_(self) -> str:
        from postmortem.model._display import hypothesis_markdown  # noqa: PLC0415  (only a notebook asks)

        return hypothesis_markdown(self)


@frozen
class Narrative:
    """The story of the incident in plain language, in the guide's order.

    Attributes:
        user_impact: What user impact occurred.
        detection: How the issue was detected.
        responder_beliefs: What responders believed at each stage.
        hypotheses: Which hypotheses were wrong or right.
        resolution: What finally resolved the issue.
        aftermath: What changed after the incident.
    """

    user_impact: str = ""
    detection: str = ""
    responder_beliefs: str = ""
    hypotheses: tuple[Hypothesis, ...] = field(default=(), converter=_tuple)
    resolution: str = ""
    aftermath: str = ""

    @property
    def is_empty(self) -> bool:
        """True when no part of the narrative is written."""
        return not any(
            (self.user_impact, self.detection, self.responder_beliefs, self.hypotheses, self.resolution, self.aftermath)
        )


@frozen
class TimelineEvent:
    """One entry of the timeline.

    Attributes:
        time: When it happened (timezone-aware).
        description: What happened.
        kind: Alert, deploy, config change, chat, status update, and so on.
        source: Where the record came from (``pagerduty``, ``slack #inc-42``, ``git``).
        actor: Who or what acted, in a neutral role (``on-call``, ``deploy bot``).
        link: A link to the record.
        also_in: Other sources the same event was also recorded in, when an import folded
            near-duplicates (the same alert seen by Alertmanager and PagerDuty) into one event.
        source_id: The record's own id in its source (a Slack message's ts, a PagerDuty log
            entry id, a commit hash), written by imports so that the next import recognises
            the event even after its description was edited.
    """

    time: datetime = field(validator=_aware)
    description: str = field(validator=_non_empty)
    kind: EventKind = EventKind.OTHER
    source: str = ""
    actor: str | None = None
    link: str | None = field(default=None, validator=_token)
    also_in: tuple[str, ...] = field(default=(), converter=_tuple)
    source_id: str | None = None
    time_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "time"})

    def _repr_html_(self) -> str:
        from postmortem.model._display import event_html  # noqa: PLC0415  (only a notebook asks)

        return event_html(self)

    def _repr_markdown_(self) -> str:
        from postmortem.model._display import event_markdown  # noqa: PLC0415  (only a notebook asks)

        return event_markdown(self)


@frozen
class ActionItem:
    """A follow-up that reduces the risk of a similar incident.

    Attributes:
        id: Stable identifier within the incident (``AI-1``).
        description: What will be done, verb first.
        owner: Who is accountable for it.
        due: The due date.
        status: Open, in progress, done, won't do.
        kind: Which kind of improvement it is.
        priority: Critical, high, medium, low.
        risk_reduction: How it reduces the risk or impact of a similar incident.
        tracker_key: Key in the issue tracker (``OPS-1234``).
        tracker_url: Link to the tracker issue.
        completed: When it was done.
        verification: How completion was verified.
        created: When the item was opened; written by ``postmortem actions sync`` from the
            tracker issue's creation date. Age is counted from it; without it, from the day
            the incident was resolved.
    """

    id: str = field(validator=[_non_empty, _token])
    description: str = field(validator=_non_empty)
    owner: str | None = None
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    kind: ActionKind = ActionKind.OTHER
    priority: Priority = Priority.MEDIUM
    risk_reduction: str = ""
    tracker_key: str | None = None
    tracker_url: str | None = field(default=None, validator=_token)
    completed: date | None = None
    verification: str = ""
    created: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.completed is not None and self.status is not ActionStatus.DONE:
            raise FieldError("completed", f"a completed date needs status 'done', not '{self.status.value}'")

    def is_overdue(self, today: date) -> bool:
        """True when the item is still open after its due date."""
        return not self.status.is_closed and self.due is not None and self.due < today

    def _repr_html_(self) -> str:
        from postmortem.model._display import action_html  # noqa: PLC0415  (only a notebook asks)

        return action_html(self)

    def _repr_markdown_(self) -> str:
        from postmortem.model._display import action_markdown  # noqa: PLC0415  (only a notebook asks)

        return action_markdown(self)


@frozen
class Suppression:
    """A decision to silence one check rule for this incident.

    Attributes:
        rule: The rule id, such as ``completeness/customer-communication``.
        reason: Why the rule does not apply. A suppression without one is itself a finding.
        path: Limit the suppression to one place (``$.action_items[2]``); all places when ``None``.
    """

    rule: str = field(validator=_non_empty)
    reason: str = ""
    path: str | None = None


@frozen
class Section:
    """A titled free-form section, for what no other field holds.

    An appendix, an apology to customers, immediate / short-term / long-term action groups, a
    list of related incidents: every exporter shows them in order after the standard sections.

    Attributes:
        title: The section's heading.
        body: The section's text, in Markdown.
    """

    title: str = field(validator=_non_empty)
    body: str = ""
