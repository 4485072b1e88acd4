"""Render an :class:`~postmortem.model.Incident` as Confluence storage format.

The page has a title block (severity and write-up status as status macros), a table of
contents, then the sections in the order :mod:`postmortem.presentation` gives every exporter,
with the key metrics after the summary. Impact sits in a warning panel for the two most
severe levels and in an info panel otherwise; a long timeline is folded in an expand macro;
action items with a Jira key get a Jira issue macro; people with a Confluence account are
mentioned (by account id on Cloud, by user key on Data Center); only http, https and mailto
URLs become links. An image in prose from the caller's asset folder is a page attachment
shown with ``ac:image`` (:func:`render_page` says which files to attach); any other image is
its alt text.

Everything is built with :mod:`postmortem_confluence._xml`, so user text is always escaped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from postmortem import markup as prose_markup
from postmortem import presentation
from postmortem.chart import worth_drawing
from postmortem.export import default_filename
from postmortem.model import (
    EXACT_TIME,
    ActionItem,
    ActionStatus,
    Incident,
    Severity,
    TimeAccuracy,
    WriteUpStatus,
)
from postmortem_confluence._blocks import (
    _PAGE_IMAGES,
    _PAGE_NOTES,
    _PROSE_MARKUP,
    _bullets,
    _cell_prose,
    _date,
    _directed,
    _handle,
    _inline_prose,
    _link,
    _macro,
    _missing,
    _paragraphs,
    _section,
    _status,
    _suffix,
    _suffix_link,
    _table,
    _unset,
    safe_url,
)
from postmortem_confluence._xml import Xml, cdata, clean, el, join

__all__ = ["Deployment", "PageImage", "StoragePage", "page_title", "render_page", "render_storage", "safe_url"]

Deployment = Literal["cloud", "datacenter"]

#: Timelines longer than this are folded into an expand macro.
DEFAULT_EXPAND_AFTER = 25

# A Jira issue key: project key, dash, number. Anything else is shown as text, never as a macro.
_JIRA_KEY = re.compile(r"[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}\Z")
_WHITESPACE = re.compile(r"\s+")
_MAX_TITLE = 255  # Confluence rejects longer page titles.

_SEVERITY_COLOURS = ("Red", "Yellow", "Blue")
_ACTION_COLOURS = {
    ActionStatus.OPEN: "Yellow",
    ActionStatus.IN_PROGRESS: "Blue",
    ActionStatus.DONE: "Green",
    ActionStatus.WONT_DO: "Grey",
}
_WRITE_UP_COLOURS = {
    WriteUpStatus.DRAFT: "Grey",
    WriteUpStatus.IN_REVIEW: "Yellow",
    WriteUpStatus.PUBLISHED: "Green",
}


def page_title(incident: Incident) -> str:
    """The page title: ``"<id>: <title>"`` on one line, at most 255 characters."""
    title = _WHITESPACE.sub(" ", clean(f"{incident.id}: {incident.title}")).strip()
    return title[:_MAX_TITLE].rstrip()


def render_storage(
    incident: Incident,
    *,
    deployment: Deployment = "cloud",
    expand_after: int = DEFAULT_EXPAND_AFTER,
    jira_server: str | None = None,
    include_empty: bool = False,
    asset_dir: str | os.PathLike[str] | None = None,
    today: date | None = None,
) -> str:
    """Render ``incident`` as Confluence storage XHTML.

    Args:
        incident: The post-mortem.
        deployment: ``"cloud"`` mentions people by account id, ``"datacenter"`` by user key;
            both read the id from a participant's ``accounts["confluence"]``.
        expand_after: Fold the timeline into an expand macro when it has more events than this.
        jira_server: The name of the Jira application link for Jira issue macros; Confluence
            uses its default link when this is ``None``.
        include_empty: Show empty sections, marked as not written, instead of leaving them out.
        asset_dir: The folder images in prose may come from. Such an image is shown as a
            page attachment (``ac:image``), which the page needs: use :func:`render_page` to
            get the files to attach with it. ``None`` shows every image as its alt text.
        today: The day overdue action items are judged against
            (:func:`postmortem.presentation.rendering_date` when ``None``).

    Returns:
        The page body. It is well-formed XML once wrapped in a root element declaring the
        ``ac`` and ``ri`` namespaces (see :func:`postmortem_confluence._xml.wrap_for_parsing`).
    """
    return render_page(
        incident,
        deployment=deployment,
        expand_after=expand_after,
        jira_server=jira_server,
        include_empty=include_empty,
        asset_dir=asset_dir,
        today=today,
    ).body


@dataclass(frozen=True)
class PageImage:
    """An image of the page's prose, to attach to the page under ``filename``.

    Attributes:
        filename: The attachment's name, which the page's ``ri:attachment`` refers to.
        data: The image file's bytes.
        media_type: ``image/png``, ``image/jpeg``, ``image/gif`` or ``image/webp``.
        path: The file it was read from, inside the asset folder; ``None`` for the timeline
            chart, which is drawn.
    """

    filename: str
    data: bytes = field(repr=False)
    media_type: str
    path: Path | None


@dataclass(frozen=True)
class StoragePage:
    """A rendered page: its storage body and the images it shows as attachments.

    Attributes:
        body: The storage XHTML.
        images: The files the body refers to with ``ri:attachment``, each once, in order.
    """

    body: str
    images: tuple[PageImage, ...] = ()


def render_page(
    incident: Incident,
    *,
    deployment: Deployment = "cloud",
    expand_after: int = DEFAULT_EXPAND_AFTER,
    jira_server: str | None = None,
    include_empty: bool = False,
    asset_dir: str | os.PathLike[str] | None = None,
    reserved: Collection[str] = (),
    today: date | None = None,
    timeline_chart: bool = False,
) -> StoragePage:
    """Render ``incident`` as storage XHTML, with the images its prose shows as attachments.

    An image is attached only when it comes from ``asset_dir`` (the policy of every exporter,
    :func:`postmortem.markup.read_image`: a file inside the folder, at most 10 MiB, PNG, JPEG,
    GIF or WebP by its content); no other file is read and no URL is fetched. The alt text
    becomes the image's ``ac:alt``. Any other image is shown as its alt text, in italics.

    Args:
        incident: The post-mortem.
        deployment: See :func:`render_storage`.
        expand_after: See :func:`render_storage`.
        jira_server: See :func:`render_storage`.
        include_empty: See :func:`render_storage`.
        asset_dir: The folder images in prose may come from; ``None`` allows none.
        reserved: Attachment names the page already uses for other files (a PDF, a DOCX):
            an image is never given one of them.
        today: See :func:`render_storage`.
        timeline_chart: Show the timeline chart under the key metrics: the attachment
            ``<id>-timeline.png`` (made from the chart's SVG; Cloud and Data Center both show
            it), described in its ``ac:alt``, with ``<id>-timeline.svg`` attached as well and
            linked under it.

    Returns:
        The body, and each image to attach once: the chart's PNG and SVG first, then the
        images of prose, named after their file (``map.png``; ``map-2.png`` for a second
        file of that name from another folder).
    """
    options = _PageOptions(
        deployment=deployment,
        expand_after=expand_after,
        jira_server=jira_server,
        include_empty=include_empty,
        asset_dir=asset_dir,
        reserved=reserved,
        today=today,
        timeline_chart=timeline_chart,
    )
    return _render_page(incident, options, draw_chart=True)


@dataclass(frozen=True)
class _PageOptions:
    """How to render a page: :func:`render_page`'s keywords, which the exporter fills from its settings."""

    deployment: Deployment
    expand_after: int
    jira_server: str | None
    include_empty: bool
    asset_dir: str | os.PathLike[str] | None
    reserved: Collection[str]
    today: date | None
    timeline_chart: bool


def _render_page(incident: Incident, options: _PageOptions, *, draw_chart: bool) -> StoragePage:
    """Render as :func:`render_page` does, drawing the chart only when asked.

    ``draw_chart=False`` names the chart's attachments without drawing them (for the body
    alone: drawing the PNG costs more than the rest of the page) and leaves them out of the
    images.
    """
    images = _Images(options.asset_dir, options.reserved)
    chart = images.chart(incident, draw=draw_chart) if options.timeline_chart and worth_drawing(incident) else None
    page = _Page(incident, options, presentation.rendering_date(options.today), chart)
    markup_token = _PROSE_MARKUP.set(str(incident.markup))
    images_token = _PAGE_IMAGES.set(images)
    notes_token = _PAGE_NOTES.set(prose_markup.gather_footnotes(prose_markup.prose_texts(incident), incident.markup))
    try:
        body = page.render()
    finally:
        _PAGE_NOTES.reset(notes_token)
        _PAGE_IMAGES.reset(images_token)
        _PROSE_MARKUP.reset(markup_token)
    return StoragePage(body, (*images.drawn, *images.found.values()))


class _Images:
    """The images one page attaches: one attachment per file, with names that do not clash."""

    def __init__(self, asset_dir: str | os.PathLike[str] | None, reserved: Collection[str]) -> None:
        self.asset_dir = asset_dir
        self.taken = {name.casefold() for name in reserved}
        self.found: dict[Path, PageImage] = {}
        self.drawn: list[PageImage] = []

    def chart(self, incident: Incident, *, draw: bool = True) -> tuple[PageImage, PageImage]:
        """The timeline chart as PNG (to show) and SVG (its source), under names not taken.

        Without ``draw`` the two have their names but no data, and are not attached.
        """
        from postmortem import chart  # noqa: PLC0415  (Pillow loads only when drawing)

        stem = default_filename(incident, "-timeline")
        png_data = chart.timeline_png(incident) if draw else b""
        svg_data = chart.timeline_svg(incident, standalone=True).encode("utf-8") if draw else b""
        png = PageImage(self.name(stem, ".png"), png_data, "image/png", None)
        svg = PageImage(self.name(stem, ".svg"), svg_data, "image/svg+xml", None)
        if draw:
            self.drawn.extend((png, svg))
        return png, svg

    def name(self, stem: str, suffix: str) -> str:
        """``stem + suffix``, numbered (``stem-2``) while a file of the page has that name."""
        name, number = f"{stem}{suffix}", 1
        while name.casefold() in self.taken:
            number += 1
            name = f"{stem}-{number}{suffix}"
        self.taken.add(name.casefold())
        return name

    def attachment(self, url: str) -> PageImage | None:
        """The attachment showing the image at ``url``, or ``None`` when it may not be shown."""
        image = prose_markup.read_image(url, self.asset_dir)
        if image is None:
            return None
        known = self.found.get(image.path)
        if known is not None:
            return known
        stem, suffix = _attachment_stem(image.path.name)
        found = PageImage(self.name(stem, suffix), image.data, image.media_type, image.path)
        self.found[image.path] = found
        return found


# Characters Confluence or a browser's download would trip over in an attachment name.
_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|#%&+\x00-\x1f\x7f]+")


def _attachment_stem(filename: str) -> tuple[str, str]:
    """``("failover map", ".png")`` for ``failover map.png``: the name split for numbering."""
    cleaned = _WHITESPACE.sub(" ", _UNSAFE_NAME.sub("-", clean(filename))).strip(" .-") or "image"
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or not stem:
        return cleaned[:200], ""
    return stem[:200], f".{suffix[:10]}"


class _Page:
    def __init__(
        self, incident: Incident, options: _PageOptions, today: date, chart: tuple[PageImage, PageImage] | None
    ) -> None:
        self.incident = incident
        self.today = today
        self.chart = chart
        self.deployment = options.deployment
        self.expand_after = options.expand_after
        self.jira_server = options.jira_server
        self.include_empty = options.include_empty

    # ------------------------------------------------------------------ helpers

    def time(self, value: datetime | None, accuracy: TimeAccuracy = EXACT_TIME) -> str:
        if value is None:
            return "—"
        return presentation.format_time(value, self.incident.timezone, accuracy=accuracy)

    def person(self, name: str) -> Xml:
        """A mention when the person has a Confluence account, else the name as text."""
        participant = self.incident.participant(name)
        account = participant.accounts.get("confluence", "") if participant else ""
        if not clean(account).strip():
            return join(name)
        key = "ri:account-id" if self.deployment == "cloud" else "ri:userkey"
        # The link body keeps the name in the document for readers of the raw storage format
        # and for exports; Confluence shows the account's current display name.
        return el("ac:link", el("ri:user", attrs={key: account}), el("ac:link-body", name))

    def people(self, names: Iterable[str]) -> Xml:
        parts: list[object] = []
        for index, name in enumerate(names):
            if index:
                parts.append(", ")
            parts.append(self.person(name))
        return join(*parts) if parts else join("—")

    # ------------------------------------------------------------------ page

    def render(self) -> str:
        incident = self.incident
        builders: dict[str, Callable[[], Xml]] = {
            "summary": lambda: _paragraphs(incident.summary),
            "impact": self.impact,
            "customer_communication": self.customer_communication,
            "detection": self.detection,
            "root_cause": lambda: self.subsections("root_cause"),
            "resolution": lambda: self.subsections("resolution"),
            "narrative": lambda: self.subsections("narrative"),
            "timeline": self.timeline,
            "contributing_factors": self.contributing_factors,
            "what_went_well": lambda: _bullets(incident.what_went_well),
            "what_went_poorly": lambda: _bullets(incident.what_went_poorly),
            "where_we_got_lucky": lambda: _bullets(incident.where_we_got_lucky),
            "lessons_learned": lambda: _bullets(incident.lessons_learned),
            "action_items": self.action_items,
            "related": self.related,
            "participants": self.participants,
            "links": self.links,
        }
        draft = incident.status == WriteUpStatus.DRAFT
        parts: list[Xml] = [
            _macro("note", {"title": "Draft"}, body=el("p", presentation.LABELS["draft"])) if draft else join(),
            self.title_block(),
            _section(presentation.LABELS["key_metrics"], self.key_metrics()),
            self.timeline_chart(),
            _macro("toc", {"maxLevel": "2", "minLevel": "2"}),
        ]
        # The shared reading order keeps the page in step with every other exporter.
        for section in presentation.sections(incident, include_empty=self.include_empty):
            if section.free_form is not None:
                parts.append(_section(section.title, _paragraphs(section.free_form.body, missing=False)))
            elif presentation.section_is_empty(incident, section.key):
                parts.append(_section(section.title, _missing()))
            else:
                parts.append(_section(section.title, builders[section.key]()))
        return str(join(*parts))

    def timeline_chart(self) -> Xml:
        """The chart's PNG attachment at the width of the HTML report's, its key, and a link to its SVG."""
        if self.chart is None:
            return join()
        from postmortem import chart  # noqa: PLC0415

        png, svg = self.chart
        image = el(
            "ac:image",
            el("ri:attachment", attrs={"ri:filename": png.filename}),
            attrs={"ac:alt": chart.timeline_description(self.incident), "ac:width": str(chart.WIDTH)},
        )
        svg_link = el(
            "ac:link",
            el("ri:attachment", attrs={"ri:filename": svg.filename}),
            el("ac:plain-text-link-body", cdata("Chart as SVG")),
        )
        return join(el("p", image), el("p", el("small", presentation.chart_caption(self.incident), " ", svg_link)))

    def title_block(self) -> Xml:
        """The page's properties, in a Page Properties macro.

        Confluence's Page Properties Report macro lists the pages of a space (by label) with
        these rows as columns, so a space gets an index of its post-mortems: id, severity,
        status, date and owner.
        """
        incident = self.incident
        severity = incident.severity
        started = incident.milestones.started.astimezone(presentation.zone(incident.timezone))
        rows: list[tuple[str, object]] = [
            ("Incident", incident.id),
            ("Title", incident.title),
            (
                "Severity",
                presentation.severity_label(None)
                if severity is None
                else join(self.severity_status(severity), _suffix(severity.description)),
            ),
            ("Status", _status(incident.status.label, _WRITE_UP_COLOURS[incident.status])),
            ("Date", el("time", attrs={"datetime": started.date().isoformat()})),
            ("Owner", self.people(incident.authors[:1])),
            ("Started", self.time(incident.milestones.started, incident.milestones.started_accuracy)),
            ("Services", ", ".join(incident.services) or "—"),
            ("Authors", self.people(incident.authors)),
            ("Reviewers", self.people(incident.reviewers)),
        ]
        if incident.tags:
            rows.append(("Tags", ", ".join(incident.tags)))
        table = el("table", el("tbody", (el("tr", el("th", label), _directed("td", value)) for label, value in rows)))
        return _macro("details", {"id": "postmortem"}, body=table)

    def participants(self) -> Xml:
        participants = self.incident.participants
        if not participants:
            return _missing()
        return _table(
            presentation.COLUMNS["participants"],
            [(self.person(p.name), p.role or "—", _handle(p.handle), p.team or "—") for p in participants],
        )

    def related(self) -> Xml:
        related = self.incident.related
        if not related:
            return _missing()
        return _table(
            presentation.COLUMNS["related"],
            [(_link(r.url, r.id), r.relation.label, r.title or "—") for r in related],
        )

    def links(self) -> Xml:
        links = self.incident.links
        if not links:
            return _missing()
        return el("ul", (el("li", _link(link.url, link.title or link.url)) for link in links))

    def severity_status(self, severity: Severity) -> Xml:
        position = self.incident.severity_scale.levels.index(severity)
        colour = _SEVERITY_COLOURS[position] if position < len(_SEVERITY_COLOURS) else "Grey"
        return _status(severity.name, colour)

    def subsections(self, key: str) -> Xml:
        parts: list[object] = []
        incident = self.incident
        for path, heading in presentation.subsections(incident, key):
            parts.append(el("h3", heading))
            if path == "narrative.hypotheses":
                parts.append(
                    _table(
                        presentation.COLUMNS["hypotheses"],
                        [
                            (_inline_prose(h.statement), h.outcome.label, _cell_prose(h.evidence))
                            for h in incident.narrative.hypotheses
                        ],
                    )
                )
            elif path == "trigger":
                parts.append(_bullets([f.description for f in incident.contributing_factors if f.trigger]))
            else:
                head, _, name = path.partition(".")
                parts.append(_paragraphs(getattr(getattr(incident, head), name)))
        return join(*parts)

    def key_metrics(self) -> Xml:
        metrics = presentation.key_metrics(self.incident)
        known = presentation.any_key_metric_known(self.incident)
        return join(
            _table(("Metric", "Duration", "Measured as"), [(m.label, m.value, m.definition) for m in metrics])
            if known
            else el("p", presentation.LABELS["no_key_metrics"]),
            _table(("Milestone", "Time"), list(presentation.milestone_rows(self.incident))),
        )

    def impact(self) -> Xml:
        impact = self.incident.impact
        labels = presentation.LABELS
        body: list[object] = [_paragraphs(impact.summary, missing=False)]
        # One list of figures, each the number in bold then what it counts, as every other format shows them.
        facts: list[tuple[str, str]] = []
        if impact.users_affected is not None:
            facts.append((f"{impact.users_affected:,}", labels["users_affected"].lower()))
        if impact.share_affected is not None:
            facts.append((presentation.format_share(impact.share_affected), labels["share_affected"].lower()))
        facts.extend((presentation.format_measure(m.value, m.unit), m.name) for m in impact.metrics)
        if facts:
            body.append(el("ul", (el("li", el("strong", figure), f" {label}") for figure, label in facts)))
        windows = presentation.impact_windows(self.incident)
        if windows:
            body.append(
                _table(
                    presentation.COLUMNS["impact_windows"],
                    [(w.start, w.end, w.duration, w.description or "—") for w in windows],
                )
            )
        severity = self.incident.severity
        kind = "warning" if severity is not None and self.incident.severity_scale.is_top(severity) else "info"
        panel = (
            _macro(kind, {"title": "Customer impact"}, body=join(*body))
            if impact.summary or impact.is_quantified or windows
            else None
        )
        return join(panel, self.subsections("impact"))

    def customer_communication(self) -> Xml:
        updates = self.incident.customer_communication
        if not updates:
            return _missing()
        return _table(
            presentation.COLUMNS["customer_communication"],
            [
                (
                    self.time(u.time, u.time_accuracy),
                    u.channel.label,
                    join(_inline_prose(u.summary) if u.summary else "—", _suffix_link(u.link)),
                )
                for u in sorted(updates, key=lambda u: u.time)
            ],
        )

    def detection(self) -> Xml:
        detection = self.incident.detection
        story = self.subsections("detection")
        if detection is None:
            return story
        method, source, time = presentation.COLUMNS["detection"]
        items = [el("li", el("strong", f"{method}: "), detection.method.label)]
        if detection.source:
            items.append(el("li", el("strong", f"{source}: "), detection.source))
        if detection.time:
            items.append(el("li", el("strong", f"{time}: "), self.time(detection.time, detection.time_accuracy)))
        return join(el("ul", items), _paragraphs(detection.notes, missing=False), story)

    def timeline(self) -> Xml:
        events = self.incident.ordered_timeline
        if not events:
            return _missing()
        zone = self.incident.timezone
        # Actor and Source only when some event has one.
        columns = presentation.timeline_columns(self.incident)
        with_actor = presentation.COLUMNS["timeline"][3] in columns
        with_source = presentation.COLUMNS["timeline"][4] in columns
        rows = []
        previous_day = None
        for event in events:
            # The date is written when it changes, so the time column stays narrow.
            day = presentation.format_time(event.time, zone, with_zone=False).split(" ")[0]
            with_date = day != previous_day
            previous_day = day
            record = safe_url(event.link)
            description = join(
                _inline_prose(event.description), join(" ", _link(record, "(record)")) if record else None
            )
            row: list[object] = [
                presentation.format_time(
                    event.time, zone, with_date=with_date, with_zone=False, accuracy=event.time_accuracy
                ),
                event.kind.label,
                description,
            ]
            if with_actor:
                row.append(event.actor or "—")
            if with_source:
                row.append(
                    join(
                        event.source or "—",
                        _suffix(", ".join(event.also_in), f" ({presentation.LABELS['also_in']} ", ")"),
                    )
                )
            rows.append(tuple(row))
        time_heading, *other_headings = columns
        table = _table((f"{time_heading} ({zone})", *other_headings), rows)
        if len(events) <= self.expand_after:
            return table
        return _macro("expand", {"title": f"Show all {len(events)} timeline events"}, body=table)

    def contributing_factors(self) -> Xml:
        factors = self.incident.contributing_factors
        if not factors:
            return _missing()
        trigger = presentation.LABELS["trigger"]
        return _table(
            presentation.COLUMNS["contributing_factors"],
            [
                (
                    join(f.category.label, join(el("br"), el("em", trigger)) if f.trigger else None),
                    _inline_prose(f.description),
                )
                for f in factors
            ],
        )

    def action_items(self) -> Xml:
        items = self.incident.action_items
        if not items:
            return _missing()
        labels = presentation.LABELS
        rows = []
        for item in items:
            tracker = self.tracker(item) if item.tracker_key or item.tracker_url else None
            details: list[object] = [join(el("br"), el("em", item.kind.label))]
            if item.risk_reduction.strip():
                details.append(
                    join(el("br"), el("em", f"{labels['risk_reduction']}: "), _inline_prose(item.risk_reduction))
                )
            if item.verification.strip():
                details.append(
                    join(el("br"), el("em", f"{labels['verification']}: "), _inline_prose(item.verification))
                )
            status: list[object] = [_status(item.status.label, _ACTION_COLOURS[item.status])]
            if item.completed:
                status.append(join(el("br"), _date(item.completed)))
            mark = presentation.overdue_mark(item, self.today)
            if mark:
                # The lozenge's own text says it; its colour only repeats it.
                status.append(join(el("br"), _status(mark, "Red")))
            rows.append(
                (
                    join(el("strong", item.id), join(el("br"), tracker) if tracker is not None else None),
                    join(_inline_prose(item.description), *details),
                    self.person(item.owner) if item.owner else _unset(labels["no_owner"]),
                    _date(item.due) if item.due else _unset(labels["no_due"]),
                    join(*status),
                    item.priority.label,
                )
            )
        table = _table(presentation.COLUMNS["action_items"], rows)
        if any(item.is_overdue(self.today) for item in items):
            return join(table, el("p", el("em", presentation.overdue_note(self.today))))
        return table

    def tracker(self, item: ActionItem) -> object:
        key = item.tracker_key
        if key and _JIRA_KEY.match(key):
            parameters = {"key": key}
            if self.jira_server:
                parameters["server"] = self.jira_server
            return _macro("jira", parameters)
        if item.tracker_url and safe_url(item.tracker_url):
            return _link(item.tracker_url, key or item.tracker_url)
        return key or "—"
