"""The periodic reliability review: what a quarter of post-mortems says, as one document.

:func:`build_review` computes a :class:`Review` (plain data plus SVG charts) from a
collection; :func:`render_review` turns it into HTML or Markdown with the Jinja2 templates in
``postmortem/templates/review/``. User text is escaped for the output format: HTML through
Jinja2's autoescaping, Markdown through a filter that neutralises Markdown and HTML syntax.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

from postmortem.analytics._actions import ActionReport, action_report
from postmortem.analytics._charts import (
    SMALL_COUNT,
    Chart,
    bar_chart,
    column_chart,
    line_chart,
    percentile_chart,
)
from postmortem.analytics._collection import Collection, LoadFailure
from postmortem.analytics._measures import (
    MEASURE_LABELS,
    MEASURES,
    DetectionShare,
    DurationSummary,
    Measure,
    _month_range,
    by_month,
    category_counts_by_month,
    detection_share,
    duration_summary,
    severity_name,
    severity_rank,
)
from postmortem.analytics._recurrence import RecurrenceGroup, RecurrenceOptions, find_recurrences
from postmortem.analytics._rollup import count_once
from postmortem.errors import ExporterError, shown_path
from postmortem.model import DetectionMethod, FactorCategory, Incident
from postmortem.presentation import format_estimate, rendering_date

if TYPE_CHECKING:
    import jinja2

__all__ = ["MeasureTrend", "RenderedReview", "Review", "build_review", "render_review"]

ReviewFormat = Literal["html", "markdown"]


@frozen
class MeasureTrend:
    """One response-time measure over the review period.

    Attributes:
        measure: Which measure (``time_to_resolve``, ...).
        label: Its name for people (``Time to resolve``).
        overall: The distribution over every incident of the period.
        by_severity: Per severity, most severe first.
        by_month: Per month, chronologically.
    """

    measure: Measure
    label: str
    overall: DurationSummary
    by_severity: Mapping[str, DurationSummary]
    by_month: Mapping[str, DurationSummary]


@frozen
class Review:
    """A reliability review of the incidents that started in a period.

    Attributes:
        title: The document title.
        since: First day of the period (UTC).
        until: Last day of the period (UTC), inclusive.
        today: The day action items are judged against (overdue, age): the day the review
            was made unless another was asked for, never the period's end.
        incidents: Incidents that started in the period, oldest first, each counted once: a
            parent whose children are also in the period is counted through them, and a
            duplicate record of an incident is left out (see
            :func:`~postmortem.analytics.count_once`).
        failures: Files that did not load (listed in the review so they get fixed).
        severity_counts: ``(severity, count)`` for every level seen, most severe first.
        measures: The four response-time measures.
        detection: How the period's incidents were detected.
        automated_share_by_month: Share of automated detections per month (``None`` when a
            month has no incident with a recorded method), for every month of the period.
        categories_by_month: Contributing-factor categories per month, for every month of
            the period (a month without incidents counts zeros).
        recurrences: Groups of alike incidents with at least one member in the period;
            members from before the period are included, to show what recurred.
        actions: Every action item of incidents that started before the period's end, as of
            ``today``: follow-ups from earlier quarters that are still open belong in review.
        charts: The charts by name (``severity``, ``monthly``, ``time_to_resolve``, ...).
        folded: ``(record id, kept id)`` for each duplicate record of the period left out.
        parents: ``(parent id, child ids)`` for each parent of the period counted through
            its children.
        detection_by_month: How the incidents of each month of the period were detected,
            with the counts behind every share (recorded and not recorded).
    """

    title: str
    since: date
    until: date
    today: date
    incidents: tuple[Incident, ...]
    failures: tuple[LoadFailure, ...]
    severity_counts: tuple[tuple[str, int], ...]
    measures: tuple[MeasureTrend, ...]
    detection: DetectionShare
    automated_share_by_month: Mapping[str, float | None]
    categories_by_month: Mapping[str, Mapping[FactorCategory, int]]
    recurrences: tuple[RecurrenceGroup, ...]
    actions: ActionReport
    charts: Mapping[str, Chart]
    folded: tuple[tuple[str, str], ...] = ()
    detection_by_month: Mapping[str, DetectionShare] = field(factory=dict)
    parents: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def counting_note(self) -> str:
        """What counting each incident once left out, for people; empty when nothing.

        ``1 parent incident counted through its 3 children; 1 duplicate record left out``.
        """
        notes = []
        if self.parents:
            count = len(self.parents)
            children = len({child for _parent, ids in self.parents for child in ids})
            whose = "its" if count == 1 else "their"
            notes.append(
                f"{count} parent incident{'' if count == 1 else 's'} counted through {whose} "
                f"{children} child{'' if children == 1 else 'ren'}"
            )
        if self.folded:
            count = len(self.folded)
            notes.append(f"{count} duplicate record{'' if count == 1 else 's'} left out")
        return "; ".join(notes)

    @property
    def months(self) -> tuple[str, ...]:
        """Every calendar month (UTC) the period touches, in order, with or without incidents."""
        return tuple(self.categories_by_month)


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


def _charts(
    *,
    incidents: Sequence[Incident],
    severity_counts: Sequence[tuple[str, int]],
    measures: Sequence[MeasureTrend],
    months: Sequence[str],
    detection: Mapping[str, DetectionShare],
    categories: Mapping[str, Mapping[FactorCategory, int]],
) -> dict[str, Chart]:
    charts: dict[str, Chart] = {
        "severity": bar_chart(
            severity_counts,
            title="Incidents by severity",
            description="Number of incidents in the period for each severity, most severe first.",
            value_format=lambda value: str(int(value)),
        )
    }
    monthly = by_month(incidents)
    severities = [name for name, _count in severity_counts]
    charts["monthly"] = _counts_chart(
        months,
        {
            severity: [
                float(sum(1 for i in monthly.get(month, []) if severity_name(i) == severity)) for month in months
            ]
            for severity in severities
        },
        title="Incidents per month by severity",
        description="Number of incidents that started in each month of the period, per severity.",
    )
    for trend in measures:
        charts[trend.measure] = percentile_chart(
            list(trend.by_severity.items()),
            title=f"{trend.label} by severity",
        )
    medians = {
        trend.label: [_minutes(trend.by_month[month].median) if month in trend.by_month else None for month in months]
        for trend in measures
        if trend.measure in ("time_to_detect", "time_to_mitigate", "time_to_resolve")
    }
    # Whole numbers of one unit read better on an axis than mixed "2 h 5 min" ticks.
    longest = max((value for values in medians.values() for value in values if value), default=0.0)
    divisor, unit = (60.0, "hours") if longest >= 120 else (1.0, "minutes")
    charts["medians"] = line_chart(
        months,
        {label: [None if value is None else value / divisor for value in values] for label, values in medians.items()},
        title="Median response times per month",
        description=f"Median time to detect, mitigate and resolve per month, in {unit}.",
        y_label=f"median ({unit})",
    )
    charts["detection"] = _detection_chart(months, detection)
    used = [category for category in FactorCategory if any(categories[month][category] for month in categories)]
    charts["factors"] = _counts_chart(
        months,
        {category.label: [float(categories[month][category]) for month in months] for category in used},
        title="Contributing-factor categories per month",
        description="Number of incidents naming each contributing-factor category, per month.",
    )
    return charts


def _counts_chart(
    months: Sequence[str], series: Mapping[str, Sequence[float]], *, title: str, description: str
) -> Chart:
    """Counts per month: bars while every count is below SMALL_COUNT, lines for larger ones."""
    largest = max((value for values in series.values() for value in values), default=0.0)
    draw = column_chart if largest < SMALL_COUNT else line_chart
    return draw(months, series, title=title, description=description, y_label="incidents", value_format=_num_int)


def _detection_chart(months: Sequence[str], detection: Mapping[str, DetectionShare]) -> Chart:
    """The share detected by monitoring per month, or, with few incidents, the counts behind it."""
    shares = {month: detection[month].automated_share for month in months}
    if months and all(detection[month].known >= SMALL_COUNT for month in months):
        return line_chart(
            months,
            {"by monitoring": [None if shares[month] is None else 100 * (shares[month] or 0.0) for month in months]},
            title="Share of incidents detected by monitoring, per month",
            description=(
                "Incidents detected by monitoring or an internal alert, as a share of the incidents of the month "
                "whose detection is recorded."
            ),
            y_label="% of incidents",
            value_format=lambda value: f"{value:.0f}%",
        )
    # A share of two or three incidents is 0%, 50% or 100% by chance: show the counts.
    series = {
        "Monitoring or alert": [float(detection[month].automated) for month in months],
        "Users or support": [float(detection[month].by_people) for month in months],
        "Other": [float(detection[month].other) for month in months],
        "Not recorded": [float(detection[month].unknown) for month in months],
    }
    return column_chart(
        months,
        {name: values for name, values in series.items() if any(values) or name != "Other"},
        title="How incidents were detected, per month",
        description="Number of incidents of each month by how they were first detected, unrecorded ones included.",
        y_label="incidents",
        value_format=_num_int,
    )


def _num_int(value: float) -> str:
    return str(round(value))


def build_review(
    collection: Collection,
    *,
    since: date,
    until: date,
    today: date | None = None,
    title: str | None = None,
    recurrence: RecurrenceOptions | None = None,
    max_groups: int = 10,
    recurrences: Sequence[RecurrenceGroup] | None = None,
) -> Review:
    """Compute the review of the incidents that started from ``since`` to ``until``.

    Args:
        collection: Every incident known (earlier ones matter for recurrence and for
            action items still open).
        since: First day of the period (UTC).
        until: Last day of the period (UTC), inclusive.
        today: The day action items are judged against: overdue items, and how old open
            ones are. ``None`` means the day the review is made
            (:func:`~postmortem.presentation.rendering_date`: today, or the day of
            ``SOURCE_DATE_EPOCH``), not ``until``: a period ending in the future must not
            call items overdue before their due date.
        title: The title; ``Reliability review, <since> to <until>`` when ``None``.
        recurrence: Options for grouping alike incidents.
        max_groups: How many recurrence groups to keep (largest first).
        recurrences: Groups already found with :func:`find_recurrences`, to use instead of
            grouping the history again: for several reviews of one history (every quarter of
            ten years), group once and pass the groups to each. Groups found over a longer
            history than up to ``until`` may hold later incidents; a group is kept when one
            of its incidents is in the period, as always. ``recurrence`` is then not used.

    Returns:
        The review.

    Raises:
        ValueError: when ``until`` is before ``since``.
    """
    if until < since:
        raise ValueError(f"until ({until}) is before since ({since})")
    today = rendering_date(today)
    period = collection.filter(since=since, until=until)
    rollup = count_once(sorted(period, key=lambda incident: (incident.milestones.started, incident.id)))
    incidents = rollup.counted
    history = collection.filter(until=until)

    ranks = {severity_name(incident): severity_rank(incident) for incident in incidents}
    counts = Counter(severity_name(incident) for incident in incidents)
    severity_counts = tuple((name, counts[name]) for name in sorted(counts, key=lambda name: (ranks[name], name)))

    measures = tuple(
        MeasureTrend(
            measure=measure,
            label=MEASURE_LABELS[measure],
            overall=duration_summary(incidents, measure)["all"],
            by_severity=duration_summary(incidents, measure, "severity"),
            by_month=duration_summary(incidents, measure, "month"),
        )
        for measure in MEASURES
    )
    # Every month the period touches, so that charts end where the period ends (and start
    # where it starts) even when its last (or first) month had no incident.
    months = _month_range(f"{since:%Y-%m}", f"{until:%Y-%m}")
    monthly = by_month(incidents)
    detection_by_month = {month: detection_share(monthly.get(month, [])) for month in months}
    automated = {month: share.automated_share for month, share in detection_by_month.items()}
    counted = category_counts_by_month(incidents)
    categories = {month: counted.get(month, dict.fromkeys(FactorCategory, 0)) for month in months}

    in_period = {incident.id for incident in incidents}
    found = find_recurrences(history, recurrence) if recurrences is None else recurrences
    groups = tuple(group for group in found if any(member.id in in_period for member in group.incidents))[:max_groups]

    return Review(
        title=title or f"Reliability review, {since.isoformat()} to {until.isoformat()}",
        since=since,
        until=until,
        today=today,
        incidents=incidents,
        failures=collection.failures,
        severity_counts=severity_counts,
        measures=measures,
        detection=detection_share(incidents),
        automated_share_by_month=automated,
        categories_by_month=categories,
        recurrences=groups,
        actions=action_report(history, today),
        charts=_charts(
            incidents=incidents,
            severity_counts=severity_counts,
            measures=measures,
            months=months,
            detection=detection_by_month,
            categories=categories,
        ),
        folded=rollup.folded,
        parents=rollup.parents,
        detection_by_month=detection_by_month,
    )


@frozen
class RenderedReview:
    """A rendered review.

    Attributes:
        text: The document (HTML or Markdown).
        attachments: Files the document refers to by relative path, such as the SVG charts
            of a Markdown review (``review-charts/severity.svg``); empty for HTML, which
            inlines its charts.
    """

    text: str
    attachments: Mapping[str, bytes]


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _factor_categories(review: Review) -> list[FactorCategory]:
    """The contributing-factor categories named in the period, in their defined order."""
    months = review.categories_by_month
    return [category for category in FactorCategory if any(months[month][category] for month in months)]


def share_of(part: int, known: int, unknown: int = 0, *, noun: str = "") -> str:
    """A share written with what it is a share of: ``3 of 4 (75%), 1 unknown``.

    A percentage alone hides how few incidents stand behind it and how many could not be
    counted; the review writes every share this way.

    Args:
        part: How many have the property.
        known: How many could be judged (the denominator).
        unknown: How many could not be judged and are not in the denominator.
        noun: Words after the denominator (``incidents with a recorded detection``).
    """
    after = f" {noun}" if noun else ""
    text = f"none of 0{after}" if known == 0 else f"{part} of {known}{after} ({100 * part / known:.0f}%)"
    return f"{text}, {unknown} unknown" if unknown else text


def _environment(fmt: ReviewFormat, template_dirs: Sequence[str | os.PathLike[str]]) -> jinja2.Environment:
    from postmortem import _templates  # noqa: PLC0415  (loads Jinja2)

    # The incident exporters' environment: the same chained loaders (a user's folders
    # first), autoescaping for HTML and the same Markdown escaping filters.
    environment = _templates.environment(fmt, template_dirs)
    environment.filters["percent"] = _percent
    # A file that did not load is named as messages name it: a line break or a byte that is
    # not UTF-8 in its name cannot break the list, or the written file's encoding.
    environment.filters["shown_path"] = shown_path
    environment.globals.update(
        severity_name=severity_name,
        by_severity=lambda incidents: sorted(incidents, key=severity_rank),
        figure=lambda incident, measure: format_estimate(incident.estimate(measure)),
        share_of=share_of,
        factor_categories=_factor_categories,
        rough_note=_rough_note,
    )
    return environment


def _rough_note(summary: DurationSummary) -> str:
    """Say which figures are estimates and which incidents a summary left out."""
    parts = []
    if summary.approximate:
        parts.append(f"{summary.approximate} of {summary.count} counted as estimates (about)")
    left_out = []
    if summary.bounded:
        left_out.append(f"{summary.bounded} known only as a bound (at least or at most)")
    if summary.ongoing:
        left_out.append(f"{summary.ongoing} ongoing")
    if left_out:
        parts.append("left out: " + " and ".join(left_out))
    return "; ".join(parts)


_TEMPLATES: dict[ReviewFormat, str] = {
    "html": "review/review.html.j2",
    "markdown": "review/review.md.j2",
}


def render_review(
    review: Review,
    fmt: ReviewFormat = "html",
    *,
    template_dirs: Sequence[str | os.PathLike[str]] = (),
    chart_folder: str = "review-charts",
    **context: Any,
) -> RenderedReview:
    """Render a review as HTML (self-contained, charts inline) or Markdown (charts as files).

    Args:
        review: The review.
        fmt: ``"html"`` or ``"markdown"``.
        template_dirs: Folders searched before the built-in templates, so a team can
            override ``review/review.html.j2`` (or a template it includes) with its own.
        chart_folder: For Markdown, the relative folder the chart files are referred to in.
        **context: Extra template variables. ``css`` replaces the stylesheet of the HTML
            review (by default the incident report's, from the HTML exporter) and must be
            :class:`markupsafe.Markup`; ``extra_css`` is appended after it.

    Returns:
        The text and, for Markdown, the chart files to write beside it.

    Raises:
        ValueError: for an unknown format.
        ExporterError: for a template that does not parse, refers to a missing variable, or
            tries what the sandbox forbids.
    """
    if fmt not in _TEMPLATES:
        raise ValueError(f"unknown review format {fmt!r}; use html or markdown")
    import jinja2  # noqa: PLC0415  (loaded with the environment)

    template_name = _TEMPLATES[fmt]
    try:
        template = _environment(fmt, template_dirs).get_template(template_name)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or template_name
        raise ExporterError(f"review template {where}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ExporterError(f"review template {template_name!r}: {exc.message or type(exc).__name__}") from None
    attachments: dict[str, bytes] = {}
    chart_paths: dict[str, str] = {}
    if fmt == "markdown":
        for name, chart in review.charts.items():
            path = f"{chart_folder}/{name}.svg"
            attachments[path] = (chart.svg + "\n").encode("utf-8")
            chart_paths[name] = path
    if fmt == "html" and "css" not in context:
        from markupsafe import Markup  # noqa: PLC0415

        from postmortem.exporters.html import stylesheet  # noqa: PLC0415

        # The incident report's stylesheet, so a review looks like the reports it summarises.
        context["css"] = Markup(stylesheet())  # noqa: S704  (our own package data)
    try:
        text = template.render(
            review=review,
            chart_paths=chart_paths,
            detection_methods=list(DetectionMethod),
            **context,
        )
    except jinja2.exceptions.SecurityError as exc:
        raise ExporterError(
            f"review template {template_name!r} tried something templates may not do ({exc}); "
            "templates from your folders run sandboxed"
        ) from None
    except jinja2.TemplateError as exc:
        raise ExporterError(f"review template {template_name!r}: {exc.message or type(exc).__name__}") from None
    except OverflowError as exc:
        raise ExporterError(f"review template {template_name!r}: {exc}") from None
    except RecursionError:
        raise ExporterError(f"review template {template_name!r} extends or includes itself") from None
    return RenderedReview(text, attachments)
