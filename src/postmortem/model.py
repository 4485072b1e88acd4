"""The incident model: frozen attrs classes for every section of a post-mortem.

The classes here know nothing about files. :mod:`postmortem.serialize` turns them into
YAML, JSON and TOML and back.

Sequences are tuples so that an :class:`Incident` is immutable all the way down; use
:func:`attrs.evolve` to make a changed copy.

Times:
    Every :class:`~datetime.datetime` must be timezone-aware. A naive one raises
    :class:`~postmortem.errors.FieldError` at construction: a post-mortem read by people in
    several timezones cannot guess which one "10:42" meant.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import attrs
from attrs import field, frozen

from postmortem.errors import FieldError

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


class _LabelledEnum(str, enum.Enum):
    """A string enum whose values are the words written in files."""

    @property
    def label(self) -> str:
        """The value as a person would read it: ``in_progress`` becomes ``In progress``."""
        return str(self.value).replace("_", " ").capitalize()

    def __str__(self) -> str:
        return str(self.value)


class ProseMarkup(_LabelledEnum):
    """How the prose fields of an incident file are written.

    ``markdown`` (the default): CommonMark with GitHub tables, task lists, strikethrough and
    autolinks. ``plain``: every character is shown as written; nothing is markup.
    """

    MARKDOWN = "markdown"
    PLAIN = "plain"


class WriteUpStatus(_LabelledEnum):
    """Where the post-mortem document itself stands (not the incident)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class DetectionMethod(_LabelledEnum):
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


class CommunicationChannel(_LabelledEnum):
    """Where an update to customers was published."""

    STATUS_PAGE = "status_page"
    EMAIL = "email"
    SUPPORT_MACRO = "support_macro"
    IN_APP = "in_app"
    SOCIAL = "social"
    ACCOUNT_TEAM = "account_team"
    OTHER = "other"


class FactorCategory(_LabelledEnum):
    """The kind of gap a contributing factor describes."""

    MONITORING = "monitoring"
    DOCUMENTATION = "documentation"
    TOOLING = "tooling"
    PROCESS = "process"
    ORGANIZATIONAL = "organizational"
    COMMUNICATION = "communication"
    OTHER = "other"


class HypothesisOutcome(_LabelledEnum):
    """What became of a hypothesis responders held during the incident."""

    CONFIRMED = "confirmed"
    RULED_OUT = "ruled_out"
    PARTLY_RIGHT = "partly_right"
    UNTESTED = "untested"


class EventKind(_LabelledEnum):
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


class ActionStatus(_LabelledEnum):
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


class ActionKind(_LabelledEnum):
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


class Priority(_LabelledEnum):
    """Priority of an action item."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise FieldError(
            name,
            f"datetime {value.isoformat()} has no timezone; write it with an offset "
            f"such as {value.isoformat()}Z or {value.isoformat()}+02:00",
        )


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    if value is not None:
        _require_aware(value, attribute.name)


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


# Characters no link or identifier may hold: control characters, line and paragraph
# separators, lone surrogates and the noncharacters U+FFFE and U+FFFF. Renderers cannot
# write them into a URL or a file name, and nobody types them on purpose.
_NOT_IN_TOKENS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _token(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    match = _NOT_IN_TOKENS.search(value)
    if match is not None:
        raise FieldError(
            attribute.name,
            f"must not hold the invisible character U+{ord(match.group()):04X} (character {match.start() + 1})",
        )


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str):
        # A lone string is almost always a mistake for a one-element list.
        return (value,)
    return tuple(value)


# --------------------------------------------------------------------------- honest times


class TimePrecision(_LabelledEnum):
    """How finely a time is known: the unit it was written to.

    A time with a coarser precision than ``exact`` stands for the whole unit that starts at
    it: ``02:00`` to the hour means some time from 02:00 to 03:00, a date means some time that
    day (in the incident's timezone).
    """

    EXACT = "exact"
    MINUTE = "minute"
    HOUR = "hour"
    DATE = "date"

    @property
    def unit(self) -> timedelta:
        """The length of time a written time at this precision stands for (zero when exact)."""
        return _PRECISION_UNITS[self]


_PRECISION_UNITS = {
    TimePrecision.EXACT: timedelta(0),
    TimePrecision.MINUTE: timedelta(minutes=1),
    TimePrecision.HOUR: timedelta(hours=1),
    TimePrecision.DATE: timedelta(days=1),
}


class TimeBound(_LabelledEnum):
    """How the true time relates to the written one, when it is not known to be that time.

    ``about``: near it, by an amount nobody measured: taken as up to one unit of the time's
    precision, and at least :data:`ABOUT_MARGIN`, either side of the unit it was written to.
    ``at_most``: at it or earlier (no later than). ``at_least``: at it or later (no earlier
    than).
    """

    ABOUT = "about"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"

    @property
    def label(self) -> str:
        """Human wording: ``about``, ``no later than``, ``no earlier than``."""
        return _BOUND_LABELS[self]


_BOUND_LABELS = {TimeBound.ABOUT: "about", TimeBound.AT_MOST: "no later than", TimeBound.AT_LEAST: "no earlier than"}

ABOUT_MARGIN = timedelta(minutes=15)
"""The least an "about" time may be off either way.

"About 03:10" is 02:55 to 03:26. A time written to the hour or the date is off by up to one
unit of its precision instead ("about 02:00" to the hour is 01:00 to 04:00; about a date,
the day before to the day after).
"""


@frozen
class TimeAccuracy:
    """How well a time is known: its precision and an optional bound.

    Every time in the model (milestones, timeline events, detection, customer updates, impact
    windows) has one next to it, in a field named after the time (``started_accuracy``,
    ``time_accuracy``). The time itself stays a :class:`~datetime.datetime`: the start of the
    unit it was written to. Files write both together (see the file format).

    Attributes:
        precision: The unit the time was written to: exact, minute, hour or date.
        bound: ``about``, ``at_most`` (no later than) or ``at_least`` (no earlier than); none
            when the true time is within the precision of the written one.
    """

    precision: TimePrecision = TimePrecision.EXACT
    bound: TimeBound | None = None

    @property
    def is_exact(self) -> bool:
        """True for a time known to the second with no bound, which is what a plain timestamp means."""
        return self.precision is TimePrecision.EXACT and self.bound is None

    @property
    def margin(self) -> timedelta:
        """How far an ``about`` time may be off either way (zero for every other bound).

        One unit of the precision, and at least :data:`ABOUT_MARGIN`.
        """
        return max(self.precision.unit, ABOUT_MARGIN) if self.bound is TimeBound.ABOUT else timedelta(0)

    def earliest(self, at: datetime) -> datetime | None:
        """The earliest the true time can be, for a time written as ``at``; ``None`` when unbounded.

        An ``about`` time can be up to :attr:`margin` before the unit it was written to.
        """
        return None if self.bound is TimeBound.AT_MOST else at - self.margin

    def latest(self, at: datetime) -> datetime | None:
        """The latest the true time can be, for a time written as ``at``; ``None`` when unbounded.

        An ``about`` time can be up to :attr:`margin` after the unit it was written to.
        """
        return None if self.bound is TimeBound.AT_LEAST else at + self.precision.unit + self.margin

    def without_about(self) -> TimeAccuracy:
        """This accuracy without an ``about`` bound (the range of the written unit alone)."""
        return TimeAccuracy(self.precision) if self.bound is TimeBound.ABOUT else self


EXACT_TIME = TimeAccuracy()
"""The accuracy of a plain timestamp (exact, no bound), the default everywhere."""


def accuracy_fields(cls: type) -> dict[str, str]:
    """Map each time field of an attrs class to its accuracy field (``{"time": "time_accuracy"}``)."""
    return {
        attribute.metadata["accuracy_of"]: attribute.name
        for attribute in attrs.fields(cls)
        if "accuracy_of" in attribute.metadata
    }


def _accuracy_needs_time(inst: Any) -> None:
    """An accuracy other than exact says how well a time is known: it needs that time."""
    for name, accuracy_name in accuracy_fields(type(inst)).items():
        if getattr(inst, name) is None and not getattr(inst, accuracy_name).is_exact:
            raise FieldError(accuracy_name, f"{accuracy_name} is set but {name} is not")


def _may_precede(earlier: tuple[datetime, TimeAccuracy], later: tuple[datetime, TimeAccuracy]) -> bool:
    """False only when ``later`` must be before ``earlier`` whatever their accuracy allows."""
    first = earlier[1].earliest(earlier[0])
    last = later[1].latest(later[0])
    return first is None or last is None or last >= first


class EstimateKind(_LabelledEnum):
    """How well a derived duration is known."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ONGOING = "ongoing"


@frozen
class DurationEstimate:
    """A derived duration (time to detect, impact duration) with how well it is known.

    Attributes:
        kind: ``exact``; ``about`` the figure; ``at_least`` or ``at_most`` the figure; or
            ``ongoing`` (the incident has not ended, so the duration has no value yet).
        value: The best estimate: the difference of the times as written; ``None`` when ongoing.
        low: The shortest the true duration can be; ``None`` when unknown.
        high: The longest the true duration can be; ``None`` when unbounded.
    """

    kind: EstimateKind
    value: timedelta | None
    low: timedelta | None = None
    high: timedelta | None = None

    @property
    def figure(self) -> timedelta | None:
        """The duration to show with :attr:`kind`: the bound for ``at_least`` / ``at_most``, else the value."""
        if self.kind is EstimateKind.AT_LEAST:
            return self.low
        if self.kind is EstimateKind.AT_MOST:
            return self.high
        return self.value

    @property
    def is_exact(self) -> bool:
        """True when the duration is known exactly."""
        return self.kind is EstimateKind.EXACT

    @classmethod
    def ongoing(cls) -> DurationEstimate:
        """The estimate of a duration that has not ended."""
        return cls(EstimateKind.ONGOING, None)

    @classmethod
    def between(
        cls,
        start: datetime,
        end: datetime,
        start_accuracy: TimeAccuracy = EXACT_TIME,
        end_accuracy: TimeAccuracy = EXACT_TIME,
    ) -> DurationEstimate:
        """The duration from ``start`` to ``end`` (never negative), given how well each is known."""
        first, last = start_accuracy.earliest(start), start_accuracy.latest(start)
        until_first, until_last = end_accuracy.earliest(end), end_accuracy.latest(end)
        low = None if until_first is None or last is None else until_first - last
        high = None if until_last is None or first is None else until_last - first
        approximate = TimeBound.ABOUT in (start_accuracy.bound, end_accuracy.bound)
        if approximate and low is not None and low < _ZERO:
            # The range reaches zero only because "about" widened it: the figure is still an
            # estimate ("about 10 min"), not a bound. Reaching zero for another reason (a start
            # known only by its date) stays "at most".
            plain_start, plain_end = start_accuracy.without_about(), end_accuracy.without_about()
            plain_first, plain_last = plain_end.earliest(end), plain_start.latest(start)
            if plain_first is not None and plain_last is not None and plain_first - plain_last >= _ZERO:
                low = _ZERO
        return cls._classify(end - start, low, high, approximate=approximate)

    @classmethod
    def total(cls, parts: Iterable[DurationEstimate]) -> DurationEstimate:
        """The sum of several durations (impact windows); ongoing when one is ongoing."""
        items = list(parts)
        if any(part.kind is EstimateKind.ONGOING for part in items):
            return cls.ongoing()
        best = sum((part.value or _ZERO for part in items), _ZERO)
        lows = [part.low for part in items]
        highs = [part.high for part in items]
        low = sum((x for x in lows if x is not None), _ZERO) if None not in lows else None
        high = sum((x for x in highs if x is not None), _ZERO) if None not in highs else None
        approximate = any(part.kind is EstimateKind.ABOUT for part in items)
        return cls._classify(best, low, high, approximate=approximate)

    @classmethod
    def _classify(
        cls, best: timedelta, low: timedelta | None, high: timedelta | None, *, approximate: bool
    ) -> DurationEstimate:
        # A duration between ordered times is never negative: a lower bound at or below zero
        # only says that the range reaches zero.
        best = max(best, _ZERO)
        if high is not None:
            high = max(high, _ZERO)
            best = min(best, high)
        if low is not None and low > _ZERO:
            best = max(best, low)
        if high is None:
            if low is None or low <= _ZERO:
                # Bounded on neither side: the best estimate is all there is.
                return cls(EstimateKind.ABOUT, best, _ZERO if low is not None else None, None)
            return cls(EstimateKind.AT_LEAST, best, low, None)
        if low is None or low < _ZERO:
            return cls(EstimateKind.AT_MOST, best, _ZERO, high)
        if low == high and not approximate:
            return cls(EstimateKind.EXACT, best, low, high)
        return cls(EstimateKind.ABOUT, best, low, high)


_ZERO = timedelta(0)


# --------------------------------------------------------------------------- severity


@frozen
class Severity:
    """One level of a severity scale.

    Attributes:
        name: What people write, such as ``SEV1``.
        rank: 1 is the most severe; larger numbers are less severe.
        description: What the level means for this organisation.
    """

    name: str = field(validator=_non_empty)
    rank: int
    description: str = ""

    def __str__(self) -> str:
        return self.name


def _unique_levels(_inst: object, _attribute: attrs.Attribute[Any], value: tuple[Severity, ...]) -> None:
    if not value:
        raise FieldError("levels", "a severity scale needs at least one level")
    names = [level.name.casefold() for level in value]
    if len(set(names)) != len(names):
        raise FieldError("levels", "severity names must be unique")
    ranks = [level.rank for level in value]
    if len(set(ranks)) != len(ranks):
        raise FieldError("levels", "severity ranks must be unique")


def _by_rank(levels: Iterable[Severity]) -> tuple[Severity, ...]:
    return tuple(sorted(levels, key=lambda level: level.rank))


@frozen
class SeverityScale:
    """The severity levels a team uses, most severe first once sorted by rank."""

    levels: tuple[Severity, ...] = field(converter=_by_rank, validator=_unique_levels)

    def __iter__(self) -> Iterator[Severity]:
        return iter(self.levels)

    def __contains__(self, item: object) -> bool:
        return item in self.levels

    def get(self, name: str) -> Severity:
        """Return the level called ``name`` (case-insensitive).

        Raises:
            KeyError: when the scale has no such level; the message lists the known ones.
        """
        for level in self.levels:
            if level.name.casefold() == name.casefold():
                return level
        known = ", ".join(level.name for level in self.levels)
        raise KeyError(f"unknown severity {name!r}; this scale has {known}")

    def is_top(self, severity: Severity, n: int = 2) -> bool:
        """True when ``severity`` is among the ``n`` most severe levels of this scale."""
        return severity in self.levels[:n]


DEFAULT_SEVERITY_SCALE = SeverityScale(
    (
        Severity("SEV1", 1, "Critical: a core service is down or data is at risk for many customers."),
        Severity("SEV2", 2, "Major: a core feature is degraded or unavailable for a significant share of customers."),
        Severity("SEV3", 3, "Minor: a non-core feature is degraded, or a small share of customers is affected."),
        Severity("SEV4", 4, "Low: little customer impact; a workaround exists."),
        Severity("SEV5", 5, "Cosmetic or internal only: no customer impact."),
    )
)


# --------------------------------------------------------------------------- people, links


@frozen
class Participant:
    """A person involved in the incident or its review.

    Attributes:
        name: Display name.
        role: Role during the incident, such as ``incident commander`` or ``on-call``.
        handle: Chat or paging handle (``@maria``), used to recognise the person in text.
        team: The team the person belongs to.
        accounts: Identities in other systems, such as ``{"confluence": "5b10ac8d82e05b22cc7d4ef5"}``.
    """

    name: str = field(validator=_non_empty)
    role: str = ""
    handle: str | None = None
    team: str | None = None
    accounts: dict[str, str] = field(factory=dict, hash=False)


@frozen
class Link:
    """A titled link: a dashboard, a chat channel, a ticket, a pull request."""

    url: str = field(validator=[_non_empty, _token])
    title: str = ""


class Relation(_LabelledEnum):
    """What another incident is to this one."""

    PARENT = "parent"
    CHILD = "child"
    DUPLICATE = "duplicate"
    FOLLOW_UP = "follow_up"
    SIMILAR = "similar"

    @property
    def label(self) -> str:
        """Human wording: ``Parent``, ``Follow-up``."""
        return "Follow-up" if self is Relation.FOLLOW_UP else super().label


@frozen
class RelatedIncident:
    """Another incident and what it is to this one.

    Attributes:
        id: The other incident's id.
        relation: What the other incident is to this one: ``parent`` (this one is part of
            it), ``child`` (it is part of this one), ``duplicate`` (it records the same
            incident), ``follow_up`` (it followed from this one) or ``similar``.
        url: Where its post-mortem is.
        title: Its title, for readers without the other file.
    """

    id: str = field(validator=[_non_empty, _token])
    relation: Relation = Relation.SIMILAR
    url: str | None = field(default=None, validator=_token)
    title: str = ""


# --------------------------------------------------------------------------- milestones


_MILESTONE_ORDER = ("started", "detected", "acknowledged", "mitigated", "resolved")


_MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve", "impact_duration")


@frozen
class Milestones:
    """The key moments of the incident.

    Attributes:
        started: When impact began (not when it was noticed).
        detected: When the organisation first knew: the first alert or report.
        acknowledged: When a responder took ownership (acknowledged the page).
        mitigated: When customer impact stopped, even if the cause was not yet fixed.
        resolved: When the incident was declared over.
        ongoing: True while the incident has not ended; ``resolved`` is then not set.

    Milestones that are given must be in the order above; equal times are allowed. A time
    known only roughly (see :class:`TimeAccuracy`) only has to be able to be in order.

    Each milestone has an accuracy next to it (``started_accuracy``, ``detected_accuracy``,
    ...), exact by default. The time attribute itself is always a plain
    :class:`~datetime.datetime`: the time as written, the start of the unit it was written to.

    The derived durations are defined as:

    * ``time_to_detect`` = detected - started
    * ``time_to_acknowledge`` = acknowledged - detected
    * ``time_to_mitigate`` = mitigated - started
    * ``time_to_resolve`` = resolved - started
    * ``impact_duration`` = mitigated - started, or resolved - started when no mitigation
      time is recorded

    Each is ``None`` when a milestone it needs is missing. They are differences of the times
    as written; :meth:`estimate` says how well each is known ("about", "at least", "ongoing").
    """

    started: datetime = field(validator=_aware)
    detected: datetime | None = field(default=None, validator=_aware)
    acknowledged: datetime | None = field(default=None, validator=_aware)
    mitigated: datetime | None = field(default=None, validator=_aware)
    resolved: datetime | None = field(default=None, validator=_aware)
    ongoing: bool = False
    started_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "started"})
    detected_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "detected"})
    acknowledged_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "acknowledged"})
    mitigated_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "mitigated"})
    resolved_accuracy: TimeAccuracy = field(default=EXACT_TIME, metadata={"accuracy_of": "resolved"})

    def __attrs_post_init__(self) -> None:
        _accuracy_needs_time(self)
        previous: tuple[str, datetime] | None = None
        for name in _MILESTONE_ORDER:
            value: datetime | None = getattr(self, name)
            if value is None:
                continue
            if previous is not None and not _may_precede(
                (previous[1], self.accuracy(previous[0])), (value, self.accuracy(name))
            ):
                raise FieldError(
                    name,
                    f"{name} ({value.isoformat()}) is before {previous[0]} "
                    f"({previous[1].isoformat()}); milestones run started, detected, "
                    "acknowledged, mitigated, resolved",
                )
            previous = (name, value)
        if self.ongoing and self.resolved is not None:
            raise FieldError("ongoing", "an ongoing incident has no resolved time; remove one of the two")

    def items(self) -> Iterator[tuple[str, datetime]]:
        """Yield ``(name, time)`` for each milestone that is set, in order."""
        for name in _MILESTONE_ORDER:
            value = getattr(self, name)
            if value is not None:
                yield name, value

    def accuracy(self, name: str) -> TimeAccuracy:
        """How well milestone ``name`` (``started``, ``detected``, ...) is known."""
        if name not in _MILESTONE_ORDER:
            raise KeyError(f"unknown milestone {name!r}; milestones are {', '.join(_MILESTONE_ORDER)}")
        accuracy: TimeAccuracy = getattr(self, f"{name}_accuracy")
        return accuracy

    @property
    def end(self) -> datetime | None:
        """The last milestone that is set after ``started``, or ``None``."""
        last = None
        for name, value in self.items():
            if name != "started":
                last = value
        return last

    @property
    def time_to_detect(self) -> timedelta | None:
        """Detected minus started."""
        return None if self.detected is None else self.detected - self.started

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        """Acknowledged minus detected."""
        if self.acknowledged is None or self.detected is None:
            return None
        return self.acknowledged - self.detected

    @property
    def time_to_mitigate(self) -> timedelta | None:
        """Mitigated minus started."""
        return None if self.mitigated is None else self.mitigated - self.started

    @property
    def time_to_resolve(self) -> timedelta | None:
        """Resolved minus started."""
        return None if self.resolved is None else self.resolved - self.started

    @property
    def impact_duration(self) -> timedelta | None:
        """Mitigated minus started, else resolved minus started."""
        end = self.mitigated or self.resolved
        return None if end is None else end - self.started

    def estimate(self, measure: str) -> DurationEstimate | None:
        """A derived duration with how well it is known.

        Args:
            measure: ``time_to_detect``, ``time_to_acknowledge``, ``time_to_mitigate``,
                ``time_to_resolve`` or ``impact_duration``.

        Returns:
            The estimate; ``ongoing`` for a figure the ongoing incident has not reached
            (mitigation, resolution, impact duration); ``None`` when a milestone it needs is
            missing.

        Raises:
            KeyError: for an unknown measure.
        """
        ends = {
            "time_to_detect": ("started", "detected"),
            "time_to_acknowledge": ("detected", "acknowledged"),
            "time_to_mitigate": ("started", "mitigated"),
            "time_to_resolve": ("started", "resolved"),
            "impact_duration": ("started", "mitigated" if self.mitigated is not None else "resolved"),
        }
        if measure not in ends:
            raise KeyError(f"unknown measure {measure!r}; measures are {', '.join(_MEASURES)}")
        first, last = ends[measure]
        start: datetime | None = getattr(self, first)
        end: datetime | None = getattr(self, last)
        if start is None:
            return None
        if end is None:
            reached_by_ongoing = last in ("mitigated", "resolved")
            return DurationEstimate.ongoing() if self.ongoing and reached_by_ongoing else None
        return DurationEstimate.between(start, end, self.accuracy(first), self.accuracy(last))


# --------------------------------------------------------------------------- sections


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


@frozen
class Hypothesis:
    """Something responders believed during the incident, and what became of it."""

    statement: str = field(validator=_non_empty)
    outcome: HypothesisOutcome = HypothesisOutcome.UNTESTED
    evidence: str = ""


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


# --------------------------------------------------------------------------- incident


def _unique_action_ids(_inst: object, _attribute: attrs.Attribute[Any], value: tuple[ActionItem, ...]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item.id in seen:
            raise FieldError(f"action_items[{index}].id", f"duplicate action item id {item.id!r}")
        seen.add(item.id)


def _not_self_related(inst: Any, _attribute: attrs.Attribute[Any], value: tuple[RelatedIncident, ...]) -> None:
    for index, related in enumerate(value):
        if related.id.strip().casefold() == str(inst.id).strip().casefold():
            raise FieldError(f"related[{index}].id", f"{related.id!r} is this incident's own id")


def _validate_timezone(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  (tzdata lookup is slow)

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError(
            attribute.name, f"unknown timezone {value!r}; use an IANA name such as Europe/Berlin"
        ) from None


@frozen
class Incident:
    """A post-mortem: the incident and everything learned from it.

    Only ``id``, ``title`` and ``milestones`` are required, so that a draft can be loaded and
    checked; the completeness checks say what a finished one still lacks. ``severity`` must
    be passed but may be ``None`` (a file may leave it out) while nobody has assessed it.

    Attributes:
        id: Unique identifier (``INC-2026-0042``).
        title: Short descriptive name.
        severity: A level of ``severity_scale``; none until it is assessed.
        milestones: Start, detection, acknowledgement, mitigation and resolution times.
        status: Status of the write-up: draft, in review, published.
        summary: An executive summary of a few sentences.
        authors: Who wrote the post-mortem.
        reviewers: Who reviewed it.
        participants: People involved, with their roles.
        services: Affected services.
        tags: Free-form tags for search and analytics.
        links: Dashboards, channels, tickets.
        related: Other incidents and what each is to this one (parent, child, duplicate,
            follow-up, similar).
        impact: What users experienced and how many.
        customer_communication: Updates sent to customers.
        detection: How the incident was detected.
        root_cause: Technical and process causes.
        contributing_factors: Conditions that made it possible or worse.
        what_went_well: Practices that reduced impact or sped up recovery.
        what_went_poorly: What slowed detection, diagnosis, communication or resolution.
        where_we_got_lucky: Things that went right by chance.
        lessons_learned: Key insights for the team and organisation.
        narrative: The story in plain language.
        timeline: Timeline events, as written. Use :attr:`ordered_timeline` for time order.
        action_items: Follow-ups with owners and due dates.
        sections: Free-form titled sections (Markdown), shown in order after the standard ones.
        suppressions: Check rules silenced for this incident, with reasons.
        severity_scale: The scale ``severity`` belongs to.
        timezone: IANA timezone in which reports show times (times are stored with offsets).
        markup: How prose fields are written: ``markdown`` (the default) or ``plain`` text.
    """

    id: str = field(validator=[_non_empty, _token])
    title: str = field(validator=_non_empty)
    severity: Severity | None
    milestones: Milestones
    status: WriteUpStatus = WriteUpStatus.DRAFT
    summary: str = ""
    authors: tuple[str, ...] = field(default=(), converter=_tuple)
    reviewers: tuple[str, ...] = field(default=(), converter=_tuple)
    participants: tuple[Participant, ...] = field(default=(), converter=_tuple)
    services: tuple[str, ...] = field(default=(), converter=_tuple)
    tags: tuple[str, ...] = field(default=(), converter=_tuple)
    links: tuple[Link, ...] = field(default=(), converter=_tuple)
    related: tuple[RelatedIncident, ...] = field(default=(), converter=_tuple, validator=_not_self_related)
    impact: Impact = field(factory=Impact)
    customer_communication: tuple[CustomerCommunication, ...] = field(default=(), converter=_tuple)
    detection: Detection | None = None
    root_cause: RootCause = field(factory=RootCause)
    contributing_factors: tuple[ContributingFactor, ...] = field(default=(), converter=_tuple)
    what_went_well: tuple[str, ...] = field(default=(), converter=_tuple)
    what_went_poorly: tuple[str, ...] = field(default=(), converter=_tuple)
    where_we_got_lucky: tuple[str, ...] = field(default=(), converter=_tuple)
    lessons_learned: tuple[str, ...] = field(default=(), converter=_tuple)
    narrative: Narrative = field(factory=Narrative)
    timeline: tuple[TimelineEvent, ...] = field(default=(), converter=_tuple)
    action_items: tuple[ActionItem, ...] = field(default=(), converter=_tuple, validator=_unique_action_ids)
    sections: tuple[Section, ...] = field(default=(), converter=_tuple)
    suppressions: tuple[Suppression, ...] = field(default=(), converter=_tuple)
    severity_scale: SeverityScale = DEFAULT_SEVERITY_SCALE
    timezone: str = field(default="UTC", validator=_validate_timezone)
    markup: ProseMarkup = ProseMarkup.MARKDOWN

    def __attrs_post_init__(self) -> None:
        given: object = self.severity  # callers may pass a level's name
        if isinstance(given, str):
            # Incident(severity="SEV3") names a level of the scale.
            try:
                object.__setattr__(self, "severity", self.severity_scale.get(given))
            except KeyError:
                known = ", ".join(level.name for level in self.severity_scale)
                raise FieldError("severity", f"unknown severity {given!r}; expected one of {known}") from None
        elif given is not None and not isinstance(given, Severity):
            raise FieldError(
                "severity", f"expected a Severity or a level's name such as 'SEV2', got {type(given).__name__}"
            )
        if self.severity is not None and self.severity not in self.severity_scale:
            known = ", ".join(level.name for level in self.severity_scale)
            raise FieldError("severity", f"{self.severity.name!r} is not on this incident's severity scale ({known})")

    @property
    def ordered_timeline(self) -> tuple[TimelineEvent, ...]:
        """The timeline sorted by time; events at the same time keep their written order."""
        return tuple(sorted(self.timeline, key=lambda event: event.time))

    @property
    def is_ongoing(self) -> bool:
        """True while the incident has not ended (``milestones.ongoing``)."""
        return self.milestones.ongoing

    def estimate(self, measure: str) -> DurationEstimate | None:
        """A derived duration with how well it is known; see :meth:`Milestones.estimate`.

        ``impact_duration`` is the sum of the impact windows when the impact has any (ongoing
        while one has no end), else it comes from the milestones.

        Raises:
            KeyError: for an unknown measure.
        """
        if measure == "impact_duration" and self.impact.windows:
            return DurationEstimate.total(window.duration for window in self.impact.windows)
        return self.milestones.estimate(measure)

    @property
    def people(self) -> frozenset[str]:
        """The names and handles that the incident knows are people.

        They come from participants (names and handles), authors, reviewers and action-item owners.
        """
        names: set[str] = set(self.authors) | set(self.reviewers)
        for participant in self.participants:
            names.add(participant.name)
            if participant.handle:
                names.add(participant.handle)
        names.update(item.owner for item in self.action_items if item.owner)
        return frozenset(name for name in names if name.strip())

    def participant(self, name_or_handle: str) -> Participant | None:
        """Return the participant with this name or handle (case-insensitive), if any."""
        wanted = name_or_handle.casefold().lstrip("@")
        for participant in self.participants:
            if participant.name.casefold() == wanted:
                return participant
            if participant.handle and participant.handle.casefold().lstrip("@") == wanted:
                return participant
        return None

    def _repr_markdown_(self) -> str:
        from postmortem.export import export  # noqa: PLC0415  (keeps import postmortem light)

        return str(export(self, "markdown", front_matter=False))

    def _repr_html_(self) -> str:
        from postmortem.export import export  # noqa: PLC0415  (keeps import postmortem light)

        return str(export(self, "html", standalone=False))
