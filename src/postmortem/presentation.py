"""What every exporter shows, in one place: section order, titles, times and key metrics.

Exporters (ours and third parties') use these helpers so that a post-mortem reads the same
in Markdown, HTML, DOCX, PDF and Confluence: the same sections in the same order, times in
the incident's display timezone, durations written the same way.

Section order is the reading order of :data:`SECTIONS`; headings, subheadings, table
columns and field labels are defined once here (:data:`SUBSECTIONS`, :data:`COLUMNS`,
:data:`LABELS`) so that every format says the same thing in the same words.

How a value is written (times, dates, durations, numbers) lives in ``postmortem._formats``,
and text every format can hold (and the links it may make) in ``postmortem._safe_text``;
both are re-exported here, their one public home.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from postmortem import model
from postmortem._formats import (
    duration_runs,
    format_date,
    format_duration,
    format_estimate,
    format_measure,
    format_number,
    format_share,
    format_time,
    plural,
    rendering_date,
    rendering_time,
    unbroken_durations,
    zone,
)
from postmortem._safe_text import clean_text, is_safe_url, paragraphs
from postmortem.model import ActionItem, DurationEstimate, Incident, RelatedIncident, Severity

__all__ = [
    "COLUMNS",
    "LABELS",
    "SECTIONS",
    "SUBSECTIONS",
    "KeyMetric",
    "Section",
    "WindowRow",
    "action_item_label",
    "any_key_metric_known",
    "chart_caption",
    "clean_text",
    "duration_runs",
    "format_date",
    "format_duration",
    "format_estimate",
    "format_measure",
    "format_number",
    "format_share",
    "format_time",
    "impact_duration",
    "impact_windows",
    "is_safe_url",
    "key_metrics",
    "milestone_rows",
    "overdue_days",
    "overdue_mark",
    "overdue_note",
    "paragraphs",
    "plural",
    "related_label",
    "rendering_date",
    "rendering_time",
    "section_is_empty",
    "sections",
    "severity_label",
    "subsection_is_empty",
    "subsections",
    "timeline_columns",
    "unbroken_durations",
    "zone",
]


@attrs.frozen
class Section:
    """A section of the report.

    Attributes:
        key: Stable identifier, also the name of the template block (``action_items``).
        title: The heading people read.
        path: Where the content lives in the incident, as a ``$.path``.
        free_form: For a free-form section of the incident (key ``sections``), the
            :class:`postmortem.model.Section` it shows; ``None`` for the standard sections.
    """

    key: str
    title: str
    path: str
    free_form: model.Section | None = None


SECTIONS: tuple[Section, ...] = (
    Section("summary", "Summary", "$.summary"),
    Section("impact", "Impact", "$.impact"),
    Section("customer_communication", "Customer communication", "$.customer_communication"),
    Section("root_cause", "Root cause and trigger", "$.root_cause"),
    Section("contributing_factors", "Contributing factors", "$.contributing_factors"),
    Section("resolution", "Resolution", "$.narrative.resolution"),
    Section("detection", "Detection", "$.detection"),
    Section("action_items", "Action items", "$.action_items"),
    Section("what_went_well", "What went well", "$.what_went_well"),
    Section("what_went_poorly", "What went poorly", "$.what_went_poorly"),
    Section("where_we_got_lucky", "Where we got lucky", "$.where_we_got_lucky"),
    Section("lessons_learned", "Lessons learned", "$.lessons_learned"),
    Section("narrative", "Response", "$.narrative"),
    Section("timeline", "Timeline", "$.timeline"),
    Section("sections", "Further sections", "$.sections"),
    Section("related", "Related incidents", "$.related"),
    Section("participants", "Participants", "$.participants"),
    Section("links", "Links", "$.links"),
)
"""Every section in reading order.

The order is chosen for a reader who stops early: what happened and to whom, why, how it
ended and was noticed, then what the organisation will do (the action items) and learned,
and only then the detailed story and the minute-by-minute timeline. The author's free-form
sections, people and links close the document as an appendix.

The ``sections`` entry stands for the incident's free-form sections: :func:`sections` yields
one section per free-form section there, titled as the author titled it.
"""

SUBSECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "impact": (("narrative.user_impact", "User impact"),),
    "root_cause": (
        ("root_cause.technical", "Technical"),
        ("root_cause.process", "Process"),
        ("trigger", "Trigger"),
    ),
    "resolution": (("narrative.resolution", "What resolved it"), ("narrative.aftermath", "What changed after")),
    "detection": (("narrative.detection", "How it was detected"),),
    "narrative": (
        ("narrative.responder_beliefs", "What responders believed"),
        ("narrative.hypotheses", "Hypotheses"),
    ),
}
"""Subheadings inside each section, by section key, as ``(field path, heading)`` pairs in order.

A narrative part sits in the section it explains: how users experienced the incident under
Impact, how it was detected under Detection, what resolved it under Resolution.
"""

COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_communication": ("Time", "Channel", "Update"),
    "hypotheses": ("Hypothesis", "Outcome", "Evidence"),
    "timeline": ("Time", "Kind", "Event", "Actor", "Source"),
    "contributing_factors": ("Category", "Contributing factor"),
    "action_items": ("ID", "Action item", "Owner", "Due", "Status", "Priority"),
    "participants": ("Name", "Role", "Handle", "Team"),
    "detection": ("Method", "Source", "Time"),
    "impact_windows": ("Impact from", "Until", "Duration", "What users experienced"),
    "related": ("Incident", "Relation", "Title"),
}
"""Table column headings (and, for detection, field labels) every exporter uses."""

LABELS: dict[str, str] = {
    "users_affected": "Users affected",
    "share_affected": "Share of users or requests affected",
    "risk_reduction": "Reduces risk",
    "verification": "Verified",
    "completed": "Completed",
    "tracker": "Tracker",
    "trigger": "Trigger",
    "kind": "Kind",
    "overdue": "Overdue",
    "no_owner": "no owner yet",
    "no_due": "no due date",
    "also_in": "also in",
    "not_written": "Not written yet.",
    "chart_caption": "Shaded: customer impact (red) and recovery until resolution (amber). "
    "Dashed lines: milestones. Dots: timeline events by kind.",
    "draft": "Draft: this post-mortem is not reviewed yet; facts and action items may change.",
    "key_metrics": "Key metrics",
    "no_key_metrics": "No key metric can be measured yet: each is the time between two milestones "
    "(started, detected, acknowledged, mitigated, resolved), and too few are recorded.",
}
"""Field labels shared by every exporter."""


def _text_present(value: str) -> bool:
    return bool(value.strip())


def subsection_is_empty(incident: Incident, path: str) -> bool:
    """True when the subsection at ``path`` (a key of :data:`SUBSECTIONS` entries) has nothing to show."""
    if path == "trigger":
        return not any(factor.trigger for factor in incident.contributing_factors)
    if path == "narrative.hypotheses":
        return not incident.narrative.hypotheses
    head, _, field = path.partition(".")
    value: str = getattr(getattr(incident, head), field)
    return not _text_present(value)


def section_is_empty(incident: Incident, key: str) -> bool:
    """True when the incident has nothing to show in section ``key``."""
    if key == "impact":
        impact = incident.impact
        return not (
            impact.summary.strip() or impact.is_quantified or impact.windows or incident.narrative.user_impact.strip()
        )
    if key == "detection":
        return incident.detection is None and not incident.narrative.detection.strip()
    if key in ("root_cause", "resolution", "narrative"):
        return all(subsection_is_empty(incident, path) for path, _heading in SUBSECTIONS[key])
    value = getattr(incident, key)
    if isinstance(value, str):
        return not value.strip()
    return not value


def sections(incident: Incident, *, include_empty: bool = False) -> Iterator[Section]:
    """Yield the sections to show, in order; empty ones only when ``include_empty``.

    Each free-form section of the incident is yielded in its place (after the timeline, in
    the appendix before the participants and links) with key ``sections``, its own title and
    ``free_form`` set; there is no placeholder for them when the incident has none.
    """
    for section in SECTIONS:
        if section.key == "sections":
            for index, free in enumerate(incident.sections):
                title = " ".join(clean_text(free.title).split()) or f"Section {index + 1}"
                yield Section("sections", title, f"$.sections[{index}]", free)
            continue
        if include_empty or not section_is_empty(incident, section.key):
            yield section


NO_SEVERITY = "Not assessed"
"""What every format shows for an incident whose severity is not set yet."""


def severity_label(severity: Severity | None) -> str:
    """The severity's name, or ``Not assessed`` when it is not set."""
    return NO_SEVERITY if severity is None else severity.name


def subsections(incident: Incident, key: str) -> list[tuple[str, str]]:
    """The ``(path, heading)`` subsections of section ``key`` that have content, in order."""
    return [(path, heading) for path, heading in SUBSECTIONS.get(key, ()) if not subsection_is_empty(incident, path)]


def action_item_label(item: ActionItem) -> str:
    """How an action item is cited in every format: its id, then its tracker key if any (``AI-1 · OPS-12``)."""
    if item.tracker_key and item.tracker_key != item.id:
        return f"{item.id} · {item.tracker_key}"
    return item.id


def overdue_days(item: ActionItem, today: date) -> int | None:
    """Whole days an open item is past its due date as of ``today``; ``None`` when it is not overdue.

    An item due today is not overdue yet; a done or won't-do item never is.
    """
    if not item.is_overdue(today) or item.due is None:
        return None
    return (today - item.due).days


def overdue_mark(item: ActionItem, today: date) -> str:
    """The visible mark of an overdue item, ``Overdue by 3 days``; empty when it is not overdue.

    Every format prints it as text beside the status, never as a colour alone.
    """
    days = overdue_days(item, today)
    if days is None:
        return ""
    return f"{LABELS['overdue']} by {days} day{'' if days == 1 else 's'}"


def overdue_note(today: date) -> str:
    """The line under an action-item table with an overdue item: the day it was judged against.

    A printed report ages; the note tells its reader when "overdue" was true.
    """
    return f"{LABELS['overdue']} as of {format_date(today)}."


@attrs.frozen
class KeyMetric:
    """A headline figure for the title block.

    Attributes:
        key: Stable identifier (``time_to_detect``).
        label: What people read (``Time to detect``).
        value: The formatted value, saying "about", "at least", "at most" or "ongoing" when the
            figure is not exact.
        definition: How it is computed, for a tooltip or footnote.
        estimate: The figure with how well it is known; ``None`` when it cannot be worked out.
    """

    key: str
    label: str
    value: str
    definition: str
    estimate: DurationEstimate | None = None

    @property
    def is_exact(self) -> bool:
        """True when the figure is exact (or missing), so there is nothing to qualify."""
        return self.estimate is None or self.estimate.is_exact


_METRICS = (
    ("time_to_detect", "Time to detect", "detected - impact started"),
    ("time_to_acknowledge", "Time to acknowledge", "acknowledged - detected"),
    ("time_to_mitigate", "Time to mitigate", "mitigated - impact started"),
    ("time_to_resolve", "Time to resolve", "resolved - impact started"),
    ("impact_duration", "Impact duration", "mitigated (or resolved) - impact started"),
)


def key_metrics(incident: Incident) -> tuple[KeyMetric, ...]:
    """The headline durations of an incident, formatted as honestly as they are known, with their definitions."""
    metrics = []
    for key, label, definition in _METRICS:
        estimate = incident.estimate(key)
        windows = key == "impact_duration" and bool(incident.impact.windows)
        meaning = "the impact windows added up" if windows else definition
        metrics.append(KeyMetric(key, label, format_estimate(estimate), meaning, estimate))
    return tuple(metrics)


def any_key_metric_known(incident: Incident) -> bool:
    """True when at least one key metric (:func:`key_metrics`) can be given, if only as an estimate.

    When none can (an imported or draft post-mortem that records only when the incident
    started), every format says so in one line (``LABELS["no_key_metrics"]``) instead of
    showing five empty values.
    """
    return any(metric.estimate is not None for metric in key_metrics(incident))


def timeline_columns(incident: Incident) -> tuple[str, ...]:
    """The timeline table's column headings: Actor and Source only when some event has one.

    Time, Kind and Event always. Imported post-mortems rarely record who acted or where a record came from: two empty
    columns took 30% of the table, squeezed the events into tall rows and pushed a short
    timeline onto the next printed page.
    """
    time, kind, event, actor, source = COLUMNS["timeline"]
    shown = [time, kind, event]
    if any(item.actor for item in incident.timeline):
        shown.append(actor)
    if any(item.source or item.also_in for item in incident.timeline):
        shown.append(source)
    return tuple(shown)


def chart_caption(incident: Incident) -> str:
    """The timeline chart's key, naming only the shading the chart draws.

    The impact band is drawn when the incident was mitigated or resolved, the recovery band when
    it was resolved after it was mitigated (:func:`postmortem.chart.timeline_svg`). An imported
    report with only a start had a key explaining red and amber that were not there.
    """
    milestones = incident.milestones
    impact = milestones.mitigated is not None or milestones.resolved is not None
    recovery = (
        milestones.mitigated is not None
        and milestones.resolved is not None
        and milestones.resolved > milestones.mitigated
    )
    rest = "Dashed lines: milestones. Dots: timeline events by kind."
    if recovery:
        return LABELS["chart_caption"]
    if impact:
        return f"Shaded: customer impact (red). {rest}"
    return rest


def impact_duration(incident: Incident) -> str | None:
    """The impact duration as people read it (``about 3 h``, ``ongoing``); ``None`` when unknown."""
    estimate = incident.estimate("impact_duration")
    return None if estimate is None else format_estimate(estimate)


def milestone_rows(incident: Incident) -> tuple[tuple[str, str], ...]:
    """``(label, time)`` for each milestone that is set, as precisely as it is known.

    An ongoing incident gets a last row ``("Resolved", "ongoing")``.
    """
    milestones = incident.milestones
    rows = [
        (name.capitalize(), format_time(value, incident.timezone, accuracy=milestones.accuracy(name)))
        for name, value in milestones.items()
    ]
    if milestones.ongoing:
        rows.append(("Resolved", "ongoing"))
    return tuple(rows)


@attrs.frozen
class WindowRow:
    """One impact window, formatted.

    Attributes:
        start: When it began.
        end: When it stopped, or ``ongoing``.
        duration: How long it lasted (``about 2 h``, ``ongoing``).
        description: What users experienced in it.
    """

    start: str
    end: str
    duration: str
    description: str


def impact_windows(incident: Incident) -> tuple[WindowRow, ...]:
    """The impact windows, formatted in the incident's timezone."""
    zone = incident.timezone
    return tuple(
        WindowRow(
            format_time(window.start, zone, accuracy=window.start_accuracy),
            "ongoing" if window.end is None else format_time(window.end, zone, accuracy=window.end_accuracy),
            format_estimate(window.duration),
            window.description,
        )
        for window in incident.impact.windows
    )


def related_label(related: RelatedIncident) -> str:
    """What the other incident is to this one, as a reader says it: ``Parent``, ``Follow-up``."""
    return related.relation.label
