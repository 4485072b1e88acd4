"""The model's enums: markup, statuses, methods, channels, categories, kinds, priorities."""

from __future__ import annotations

from postmortem.model._base import LabelledEnum


class ProseMarkup(LabelledEnum):
    """How the prose fields of an incident file are written.

    ``markdown`` (the default): CommonMark with GitHub tables, task lists, strikethrough and
    autolinks. ``plain``: every character is shown as written; nothing is markup.
    """

    MARKDOWN = "markdown"
    PLAIN = "plain"


class WriteUpStatus(LabelledEnum):
    """Where the post-mortem document itself stands (not the incident)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class DetectionMethod(LabelledEnum):
    """How the organisation first learned of the incident."""

    MONITOR = "monitor"
    USER_REPORT = "user_report"
    INTERNAL_ALERT = "internal_alert"
    SUPPORT_ESCALATION = "support_escalation"
    OTHER = "other"

    @property
    def is_automated(self) -> bool:
        """True when a machine, not a person, raised the alarm."""
        return self in (DetectionMethod.MONITOR, DetectionMethod.INTERNAL_ALERT)


class CommunicationChannel(LabelledEnum):
    """Where an update to customers was published."""

    STATUS_PAGE = "status_page"
    EMAIL = "email"
    SUPPORT_MACRO = "support_macro"
    IN_APP = "in_app"
    SOCIAL = "social"
    ACCOUNT_TEAM = "account_team"
    OTHER = "other"


class FactorCategory(LabelledEnum):
    """The kind of gap a contributing factor describes."""

    MONITORING = "monitoring"
    DOCUMENTATION = "documentation"
    TOOLING = "tooling"
    PROCESS = "process"
    ORGANIZATIONAL = "organizational"
    COMMUNICATION = "communication"
    OTHER = "other"


class HypothesisOutcome(LabelledEnum):
    """What became of a hypothesis responders held during the incident."""

    CONFIRMED = "confirmed"
    RULED_OUT = "ruled_out"
    PARTLY_RIGHT = "partly_right"
    UNTESTED = "untested"


class EventKind(LabelledEnum):
    """What sort of thing a timeline event records."""

    ALERT = "alert"
    DEPLOY = "deploy"
    CONFIG_CHANGE = "config_change"
    CHAT = "chat"
    STATUS_UPDATE = "status_update"
    SUPPORT_TICKET = "support_ticket"
    ACTION = "action"
    DECISION = "decision"
    HYPOTHESIS = "hypothesis"
    OTHER = "other"


class ActionStatus(LabelledEnum):
    """Progress of a follow-up action item."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"

    @property
    def label(self) -> str:
        """Human wording; ``wont_do`` reads ``Won't do``."""
        return "Won't do" if self is ActionStatus.WONT_DO else super().label

    @property
    def is_closed(self) -> bool:
        """True for done and won't do."""
        return self in (ActionStatus.DONE, ActionStatus.WONT_DO)


class ActionKind(LabelledEnum):
    """The kind of improvement an action item makes (the guide's list of follow-ups)."""

    MONITORING = "monitoring"
    DEPLOY_SAFETY = "deploy_safety"
    DOCUMENTATION = "documentation"
    TRAINING = "training"
    COORDINATION = "coordination"
    CI_CHECK = "ci_check"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human wording for each kind."""
        return _ACTION_KIND_LABELS[self]


_ACTION_KIND_LABELS = {
    ActionKind.MONITORING: "Monitor or alert",
    ActionKind.DEPLOY_SAFETY: "Safer deploy or feature flag",
    ActionKind.DOCUMENTATION: "Runbook or docs",
    ActionKind.TRAINING: "Training",
    ActionKind.COORDINATION: "On-call or coordination",
    ActionKind.CI_CHECK: "CI check",
    ActionKind.OTHER: "Other",
}


class Priority(LabelledEnum):
    """Priority of an action item."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
