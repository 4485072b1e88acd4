"""The incident: every section of a post-mortem in one frozen object."""

from __future__ import annotations

from typing import Any

import attrs
from attrs import field, frozen

from postmortem.errors import FieldError
from postmortem.model._base import _non_empty, _token, _tuple
from postmortem.model._enums import ProseMarkup, WriteUpStatus
from postmortem.model._milestones import Milestones
from postmortem.model._people import Link, Participant, RelatedIncident
from postmortem.model._sections import (
    ActionItem,
    ContributingFactor,
    CustomerCommunication,
    Detection,
    Impact,
    Narrative,
    RootCause,
    Section,
    Suppression,
    TimelineEvent,
)
from postmortem.model._severity import DEFAULT_SEVERITY_SCALE, Severity, SeverityScale
from postmortem.model._times import DurationEstimate

# A notebook shows the report as an HTML fragment, without the standalone report's style sheet
# (which would restyle the notebook). Unstyled, the parts the style sheet puts on lines of their
# own ran together ("Time to detect5 min", "AI-1REL-412", "In progressOverdue by 3 days"): this
# puts them on their own lines again, and touches nothing outside the report.
_NOTEBOOK_STYLE = (
    "<style>main.postmortem .metric > span, main.postmortem .detail, main.postmortem .overdue-mark"
    " { display: block; }</style>"
)


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
    if value == "UTC":
        # The default, and an IANA name wherever a timezone database is (or is not) installed:
        # not looked up, since importing zoneinfo reads Python's whole build configuration
        # (sysconfig) to find the database, about 1.5% of starting ``postmortem check``.
        return
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

        return str(export(self, "html", standalone=False)) + _NOTEBOOK_STYLE
