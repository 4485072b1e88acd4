"""Lay an incident out as a Word document body, section by section.

The layout mirrors the HTML report (``postmortem/templates/html/incident.html.j2``): a title
block with severity, status, milestones and people; the key metrics; then every section in
:data:`postmortem.presentation.SECTIONS` order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from postmortem import presentation
from postmortem.model import EXACT_TIME, Incident, TimeAccuracy
from postmortem_docx import _xml
from postmortem_docx._prose import ProseWriter
from postmortem_docx._styles import StyleIds

if TYPE_CHECKING:
    from postmortem import markup

__all__ = ["SEVERITY_COLOURS", "BodyBuilder"]

SEVERITY_COLOURS: dict[int, str] = {1: "B91C1C", 2: "C2410C", 3: "B45309", 4: "1D4ED8", 5: "4B5563"}
"""Badge fill by severity rank, as in the HTML report; ranks above 5 use the rank-5 grey."""

_ACTION_STATUS_COLOURS = {
    "done": "15803D",
    "wont_do": "4B5563",
    "in_progress": "1D4ED8",
    "open": "B45309",
}


class BodyBuilder:
    """Collects the body of one report as WordprocessingML text.

    Args:
        incident: The incident.
        styles: Style ids by role, from :func:`postmortem_docx._styles.resolve_styles`.
        width: The text width of the page, in twips; tables fill it.
        relate: Returns the relationship id of an external hyperlink target.
        include_empty: Show empty sections, marked as not written.
        numbering: Returns a new Word list's ``numId`` (bullets or numbers, and the first
            number) for lists in prose.
        picture: Returns the run showing an image of prose as a picture at most the given
            width (twips) wide, or ``None`` (see :class:`postmortem_docx._pictures.Pictures`);
            without it every image is its alt text.
        chart: Returns the run showing the timeline chart at the given width (twips); without
            it the report has no chart.
        today: The day overdue action items are judged against.
    """

    def __init__(
        self,
        incident: Incident,
        styles: StyleIds,
        width: int,
        relate: Callable[[str], str],
        *,
        include_empty: bool,
        numbering: Callable[[bool, int], int],
        picture: Callable[[markup.Node, int], str | None] | None = None,
        chart: Callable[[int], str] | None = None,
        today: date,
    ) -> None:
        self.incident = incident
        self.chart = chart
        self.today = today
        self.styles = styles
        self.width = width
        self.relate = relate
        self.include_empty = include_empty
        self.parts: list[str] = []
        self.prose = ProseWriter(styles, relate, numbering, width, picture)
        from postmortem import markup  # noqa: PLC0415

        self.prose.footnotes = markup.gather_footnotes(markup.prose_texts(incident), incident.markup)

    # ------------------------------------------------------------------ small pieces

    def when(self, value: datetime, accuracy: TimeAccuracy = EXACT_TIME) -> str:
        """A time in the incident's display timezone, as precisely as it is known."""
        return presentation.format_time(value, self.incident.timezone, accuracy=accuracy)

    def link(self, label: str, url: str | None, *, style: str = "") -> str:
        """A hyperlink when ``url`` is safe (http, https, mailto), else plain text."""
        if url is not None and presentation.is_safe_url(url):
            return _xml.hyperlink(self.relate(url.strip()), label, self.styles["hyperlink"])
        return _xml.run(label, style_id=style)

    def para(self, content: str, role: str = "normal", *, keep_next: bool = False, text: str = "") -> str:
        """A paragraph in the style of ``role``; right to left when its plain ``text`` reads so."""
        return _xml.paragraph(content, style_id=self.styles[role], keep_next=keep_next, extra_ppr=_xml.bidi(text))

    def text(self, value: str) -> None:
        """Prose (Markdown) as Word paragraphs, lists, code and tables; soft line breaks are spaces."""
        self.parts.extend(self.prose.blocks(value, self.incident.markup))

    def cell_prose(self, value: str) -> list[str]:
        """Prose for a table cell: its paragraphs and lists in the table text style.

        A picture in a cell is at most a third of the text width, about the widest column.
        """
        with self.prose.narrower(self.width // 3):
            return self.prose.blocks(value, self.incident.markup, "table_text") or [self.cell_text("")]

    def heading(self, title: str, level: int = 1) -> None:
        """A Heading 1 or Heading 2 paragraph, kept with what follows it."""
        self.parts.append(self.para(_xml.run(title), f"heading{level}", keep_next=True, text=title))

    def bullets(self, items: Sequence[str]) -> None:
        """A bulleted list in the List Bullet style; each item's Markdown as runs."""
        from postmortem import markup  # noqa: PLC0415

        for item in items:
            document = markup.with_footnotes(
                markup.outlined(markup.tree(item, self.incident.markup)), self.prose.footnotes
            )
            blocks = list(document.children)
            if blocks and blocks[0].type == "paragraph":
                # A right-to-left item reads so, its bullet on the right, as in the report's prose lists.
                first = blocks.pop(0)
                bidi = "<w:bidi/>" if markup.right_to_left(first) else ""
                self.parts.append(
                    _xml.paragraph(self.prose.runs(first.children), style_id=self.styles["bullet"], extra_ppr=bidi)
                )
            else:
                self.parts.append(self.para("", "bullet"))
            nested = [part for block in blocks for part in self.prose.block(block, "normal", depth=1, indent=720)]
            self.parts.extend(self.prose.code_blocks_apart(nested))

    def columns(self, fractions: Sequence[float]) -> list[int]:
        """Column widths in twips for fractions of the text width (the last takes the rest)."""
        widths = [int(self.width * fraction) for fraction in fractions[:-1]]
        widths.append(self.width - sum(widths))
        return widths

    def cell_text(self, value: str, role: str = "table_text") -> str:
        """One table-cell paragraph of incident text."""
        return self.para(_xml.run(value), role, text=value)

    def unset(self, words: str) -> str:
        """A table cell's words for a value nobody has given yet, muted and in italics, as in the HTML."""
        return self.para(_xml.run(words, italic=True, color="4B5563"), "table_text")

    def data_table(
        self,
        headings: Sequence[str],
        fractions: Sequence[float],
        rows: Sequence[Sequence[Sequence[str]]],
        caption: str,
        *,
        note_follows: bool = False,
    ) -> None:
        """A table with a repeating header row; each cell is a list of paragraphs.

        With ``note_follows``, the paragraph after the table (the overdue note) stays on the page
        of the table's last row: every paragraph of that row, and the spacer under the table, keeps
        with the next (the note stood alone at the top of the next page).
        """
        widths = self.columns(fractions)
        if note_follows and rows:
            rows = [*rows[:-1], [[_xml.kept_with_next(p) for p in cell] for cell in rows[-1]]]
        out = [
            _xml.row(
                (_xml.cell(w, [self.cell_text(h)]) for w, h in zip(widths, headings, strict=True)),
                header=True,
            )
        ]
        out.extend(_xml.row(_xml.cell(w, c) for w, c in zip(widths, cells, strict=True)) for cells in rows)
        self.parts.append(_xml.table(widths, out, style_id=self.styles["table"], caption=caption))
        # Word merges two adjacent tables into one; a paragraph keeps them apart.
        self.parts.append(_xml.paragraph(keep_next=note_follows, extra_ppr='<w:spacing w:before="0" w:after="0"/>'))

    # ------------------------------------------------------------------ the report

    def build(self) -> str:
        """The whole body (without the final section properties)."""
        self.title_block()
        self.metrics()
        if self.chart is not None:
            # As in the HTML report: the chart under the key metrics, its key under it.
            self.parts.append(self.para(self.chart(self.width), keep_next=True))
            self.parts.append(self.para(_xml.run(presentation.chart_caption(self.incident)), "table_detail"))
        for section in presentation.sections(self.incident, include_empty=self.include_empty):
            self.heading(section.title)
            if section.free_form is not None:
                self.text(section.free_form.body)
                continue
            if presentation.section_is_empty(self.incident, section.key):
                self.parts.append(self.para(_xml.run(presentation.LABELS["not_written"]), "not_written"))
                continue
            getattr(self, f"section_{section.key}")()
        self.parts.append(
            self.para(
                _xml.run(f"Generated by postmortem {_core_version()}. Times are shown in {self.incident.timezone}."),
                "footnote",
            )
        )
        return "".join(self.parts)

    def title_block(self) -> None:
        """Id line, title, severity badge and status, then milestones and people."""
        incident = self.incident
        self.parts.append(self.para(_xml.run(f"{incident.id} · Post-mortem"), "subtitle", keep_next=True))
        self.parts.append(self.para(_xml.run(incident.title), "title", keep_next=True, text=incident.title))
        severity = incident.severity
        rank = 5 if severity is None else severity.rank
        fill = SEVERITY_COLOURS.get(min(max(rank, 1), 5), SEVERITY_COLOURS[5])
        # A badge: white bold text on the severity's colour, padded with no-break spaces.
        badge = _xml.text_runs(
            f"\u00a0{presentation.severity_label(severity)}\u00a0",
            '<w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:rPr>',
        )
        status = _xml.run(f"   {incident.status.label}", bold=True)
        description = (
            _xml.run(f"   {severity.description}", color="4B5563") if severity and severity.description else ""
        )
        self.parts.append(self.para(badge + status + description, keep_next=True))
        if incident.status.value == "draft":
            self.parts.append(
                self.para(_xml.run(presentation.LABELS["draft"], bold=True, color="B45309"), keep_next=True)
            )

        left = list(presentation.milestone_rows(incident))
        right = [
            (label, ", ".join(values))
            for label, values in (
                ("Services", incident.services),
                ("Authors", incident.authors),
                ("Reviewers", incident.reviewers),
                ("Tags", incident.tags),
            )
            if values
        ]
        widths = self.columns((0.19, 0.29, 0.13, 0.39))
        rows = []
        for index in range(max(len(left), len(right))):
            cells = []
            for pairs, offset in ((left, 0), (right, 2)):
                label, value = pairs[index] if index < len(pairs) else ("", "")
                cells.append(_xml.cell(widths[offset], [self.cell_text(label, "table_label")]))
                cells.append(_xml.cell(widths[offset + 1], [self.cell_text(value)]))
            rows.append(_xml.row(cells))
        self.fact_table(widths, rows, "Incident details")

    def fact_table(self, widths: list[int], rows: list[str], caption: str) -> None:
        """A table of label and value pairs: no header row, no borders."""
        self.parts.append(
            _xml.table(widths, rows, style_id=self.styles["table"], header=False, borders=False, caption=caption)
        )

    def metrics(self) -> None:
        """The key metrics as a one-row table under their labels."""
        self.heading(presentation.LABELS["key_metrics"], 2)
        if not presentation.any_key_metric_known(self.incident):
            self.parts.append(self.para(_xml.run(presentation.LABELS["no_key_metrics"]), "table_detail"))
            return
        metrics = presentation.key_metrics(self.incident)
        widths = self.columns([1 / len(metrics)] * len(metrics))
        header = _xml.row(
            (_xml.cell(w, [self.cell_text(m.label)]) for w, m in zip(widths, metrics, strict=True)),
            header=True,
        )
        values = _xml.row(
            # The duration on one line (no-break spaces): "about 4 h 53" over "min" in a narrow column.
            _xml.cell(w, [self.cell_text(presentation.unbroken_durations(m.value), "key_metric")])
            for w, m in zip(widths, metrics, strict=True)
        )
        self.parts.append(_xml.table(widths, [header, values], style_id=self.styles["table"], caption="Key metrics"))
        self.parts.append(
            self.para(
                _xml.run(
                    "; ".join(f"{m.label}: {m.definition}" for m in metrics),
                ),
                "table_detail",
            )
        )

    # ------------------------------------------------------------------ sections

    def section_summary(self) -> None:
        """The executive summary."""
        self.text(self.incident.summary)

    def subsections(self, key: str) -> None:
        """The subsections of section ``key`` that have content, each under a Heading 2."""
        incident = self.incident
        for path, title in presentation.subsections(incident, key):
            self.heading(title, 2)
            if path == "narrative.hypotheses":
                self.hypotheses()
            elif path == "trigger":
                self.bullets([factor.description for factor in incident.contributing_factors if factor.trigger])
            else:
                head, _, name = path.partition(".")
                self.text(getattr(getattr(incident, head), name))

    def section_impact(self) -> None:
        """What users experienced, then the figures (the impact duration is a key metric)."""
        impact = self.incident.impact
        labels = presentation.LABELS
        self.text(impact.summary)
        figures: list[tuple[str, str]] = []
        if impact.users_affected is not None:
            figures.append((f"{impact.users_affected:,}", f" {labels['users_affected'].lower()}"))
        if impact.share_affected is not None:
            figures.append((presentation.format_share(impact.share_affected), f" {labels['share_affected'].lower()}"))
        for metric in impact.metrics:
            figures.append((presentation.format_measure(metric.value, metric.unit), f" {metric.name}"))
        for figure, label in figures:
            self.parts.append(self.para(_xml.run(figure, bold=True) + _xml.run(label), "bullet"))
        windows = presentation.impact_windows(self.incident)
        if windows:
            rows = [
                [
                    [self.cell_text(w.start)],
                    [self.cell_text(w.end)],
                    [self.cell_text(w.duration)],
                    [self.cell_text(w.description)],
                ]
                for w in windows
            ]
            self.data_table(
                presentation.COLUMNS["impact_windows"],
                (0.22, 0.22, 0.16, 0.40),
                rows,
                "Impact windows",
            )
        self.subsections("impact")

    def section_customer_communication(self) -> None:
        """Updates sent to customers."""
        rows = []
        for item in self.incident.customer_communication:
            summary = self.cell_prose(item.summary) if item.summary else []
            if item.link:
                summary.append(self.para(self.link(item.link, item.link), "table_detail"))
            rows.append(
                [
                    [self.cell_text(self.when(item.time, item.time_accuracy))],
                    [self.cell_text(item.channel.label)],
                    summary,
                ]
            )
        self.data_table(
            presentation.COLUMNS["customer_communication"], (0.22, 0.18, 0.60), rows, "Customer communication"
        )

    def section_detection(self) -> None:
        """How, by what and when the incident was detected, then the story of it."""
        detection = self.incident.detection
        if detection is not None:
            method, source, time = presentation.COLUMNS["detection"]
            pairs = [(method, detection.method.label)]
            if detection.source:
                pairs.append((source, detection.source))
            if detection.time:
                pairs.append((time, self.when(detection.time, detection.time_accuracy)))
            widths = self.columns((0.16, 0.84))
            rows = [
                _xml.row(
                    [
                        _xml.cell(widths[0], [self.cell_text(label, "table_label")]),
                        _xml.cell(widths[1], [self.cell_text(value)]),
                    ]
                )
                for label, value in pairs
            ]
            self.fact_table(widths, rows, "Detection")
            self.parts.append(_xml.paragraph(extra_ppr='<w:spacing w:before="0" w:after="0"/>'))
            self.text(detection.notes)
        self.subsections("detection")

    def section_root_cause(self) -> None:
        """Technical and process causes, and the trigger."""
        self.subsections("root_cause")

    def section_resolution(self) -> None:
        """What resolved the incident and what changed after."""
        self.subsections("resolution")

    def section_narrative(self) -> None:
        """What responders believed and the hypotheses they tested."""
        self.subsections("narrative")

    def hypotheses(self) -> None:
        """The hypotheses as a table."""
        rows = [
            [
                self.cell_prose(h.statement),
                [self.cell_text(h.outcome.label)],
                self.cell_prose(h.evidence),
            ]
            for h in self.incident.narrative.hypotheses
        ]
        self.data_table(presentation.COLUMNS["hypotheses"], (0.42, 0.16, 0.42), rows, "Hypotheses")

    def section_timeline(self) -> None:
        """The timeline in time order, one row per event.

        As in the HTML report, a timeline within one calendar day states the date and zone
        once (above the table) and shows only the clock in the rows. A longer one shows the
        time with its zone, and the date under it whenever the day changes, so the column
        stays narrow and the event text gets the room. A link to the event's record sits
        under the description rather than underlining all of it.
        """
        table_text = self.styles["table_text"]
        table_detail = self.styles["table_detail"]
        timezone = self.incident.timezone
        timeline = self.incident.ordered_timeline
        days = [presentation.format_time(event.time, timezone, with_zone=False)[:10] for event in timeline]
        one_day = len(set(days)) == 1
        if one_day:
            # A note above the table, not the heading: a narrow column would wrap it.
            date_text, *_clock, zone = presentation.format_time(timeline[0].time, timezone).split(" ")
            note = f"All events on {date_text}; times in {zone}."
            self.parts.append(
                _xml.paragraph(
                    _xml.run(note),
                    style_id=self.styles["table_detail"],
                    keep_next=True,
                    extra_ppr='<w:spacing w:after="80"/>',
                )
            )
        columns = presentation.timeline_columns(self.incident)
        with_actor = presentation.COLUMNS["timeline"][3] in columns
        with_source = presentation.COLUMNS["timeline"][4] in columns
        rows = []
        previous_day = None
        for event, day in zip(timeline, days, strict=True):
            clock = presentation.format_time(
                event.time, timezone, with_date=False, with_zone=not one_day, accuracy=event.time_accuracy
            )
            time_cell = [_xml.paragraph(_xml.run(clock), style_id=table_text)]
            if not one_day and day != previous_day:
                time_cell.append(_xml.paragraph(_xml.run(day), style_id=table_detail))
            previous_day = day
            event_cell = self.cell_prose(event.description)
            if event.link is not None and presentation.is_safe_url(event.link):
                link = self.link(_link_label(event.link), event.link)
                event_cell.append(_xml.paragraph(link, style_id=table_detail))
            row = [time_cell, [_xml.paragraph(_xml.run(event.kind.label), style_id=table_text)], event_cell]
            if with_actor:
                row.append([self.cell_text(event.actor or "")])
            if with_source:
                row.append([self.cell_text(event.source)])
            rows.append(row)
        # Actor and Source only when some event has one; the event text gets their share.
        shares = [0.12, 0.13, 0.44 + (0 if with_actor else 0.16) + (0 if with_source else 0.15)]
        shares += [0.16] * with_actor + [0.15] * with_source
        self.data_table(columns, tuple(shares), rows, "Timeline")

    def section_contributing_factors(self) -> None:
        """Contributing factors with their category; the trigger is marked."""
        rows = []
        for factor in self.incident.contributing_factors:
            category = [self.cell_text(factor.category.label)]
            if factor.trigger:
                category.append(self.cell_text(presentation.LABELS["trigger"], "table_detail"))
            rows.append([category, self.cell_prose(factor.description)])
        self.data_table(presentation.COLUMNS["contributing_factors"], (0.2, 0.8), rows, "Contributing factors")

    def section_what_went_well(self) -> None:
        """Practices that helped."""
        self.bullets(self.incident.what_went_well)

    def section_what_went_poorly(self) -> None:
        """What slowed the response."""
        self.bullets(self.incident.what_went_poorly)

    def section_where_we_got_lucky(self) -> None:
        """What went right by chance."""
        self.bullets(self.incident.where_we_got_lucky)

    def section_lessons_learned(self) -> None:
        """Key insights."""
        self.bullets(self.incident.lessons_learned)

    def section_action_items(self) -> None:
        """Follow-ups with tracker links, owners, due dates, status and priority."""
        rows = []
        for item in self.incident.action_items:
            labels = presentation.LABELS
            ident = [self.para(_xml.run(item.id, bold=True), "table_text")]
            if item.tracker_key or item.tracker_url:
                tracker = self.link(item.tracker_key or labels["tracker"], item.tracker_url)
                ident.append(self.para(tracker, "table_detail"))
            detail = item.kind.label
            if item.risk_reduction:
                detail += f" · {labels['risk_reduction']}: {item.risk_reduction}"
            description = [*self.cell_prose(item.description), self.cell_text(detail, "table_detail")]
            if item.verification:
                description.append(self.cell_text(f"{labels['verification']}: {item.verification}", "table_detail"))
            colour = _ACTION_STATUS_COLOURS.get(item.status.value, "")
            status = [self.para(_xml.run(item.status.label, bold=True, color=colour), "table_text")]
            if item.completed:
                status.append(self.cell_text(presentation.format_date(item.completed), "table_detail"))
            mark = presentation.overdue_mark(item, self.today)
            if mark:
                # The words carry the warning; the colour only repeats it.
                status.append(self.para(_xml.run(mark, bold=True, color=SEVERITY_COLOURS[1]), "table_detail"))
            rows.append(
                [
                    ident,
                    description,
                    [self.cell_text(item.owner) if item.owner else self.unset(labels["no_owner"])],
                    [self.cell_text(presentation.format_date(item.due)) if item.due else self.unset(labels["no_due"])],
                    status,
                    [self.cell_text(item.priority.label)],
                ]
            )
        self.data_table(
            presentation.COLUMNS["action_items"],
            (0.11, 0.41, 0.13, 0.13, 0.12, 0.10),
            rows,
            "Action items",
            note_follows=any(item.is_overdue(self.today) for item in self.incident.action_items),
        )
        if any(item.is_overdue(self.today) for item in self.incident.action_items):
            self.parts.append(self.para(_xml.run(presentation.overdue_note(self.today), italic=True), "table_detail"))

    def section_participants(self) -> None:
        """People involved and their roles."""
        rows = [
            [
                [self.cell_text(p.name)],
                [self.cell_text(p.role)],
                [self.cell_text(p.handle or "")],
                [self.cell_text(p.team or "")],
            ]
            for p in self.incident.participants
        ]
        self.data_table(presentation.COLUMNS["participants"], (0.25, 0.35, 0.15, 0.25), rows, "Participants")

    def section_related(self) -> None:
        """Related incidents and what each is to this one."""
        rows = [
            [
                [self.para(self.link(r.id, r.url), "table_text")],
                [self.cell_text(r.relation.label)],
                [self.cell_text(r.title)],
            ]
            for r in self.incident.related
        ]
        self.data_table(presentation.COLUMNS["related"], (0.3, 0.2, 0.5), rows, "Related incidents")

    def section_links(self) -> None:
        """Dashboards, channels and tickets, as links where safe."""
        for item in self.incident.links:
            self.parts.append(self.para(self.link(item.title or item.url, item.url), "bullet"))


def _link_label(url: str) -> str:
    """A short label for a record's link: its host (``grafana.example.com``) or mail address."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    stripped = url.strip()
    if stripped.lower().startswith("mailto:"):
        return stripped[len("mailto:") :]
    try:
        host = urlsplit(stripped).hostname
    except ValueError:
        host = None
    return host or stripped


def _core_version() -> str:
    from postmortem import __version__  # noqa: PLC0415

    return __version__
