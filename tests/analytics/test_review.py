from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

from postmortem import ActionItem, ExporterError, ExporterNotFoundError, FactorCategory, Incident, Participant
from postmortem.analytics import (
    SMALL_COUNT,
    Collection,
    Review,
    build_review,
    generate_incidents,
    render_review,
    review_pdf,
    write_review,
)
from postmortem.export import Exporter, register_exporter, unregister_exporter

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]
HOSTILE = '<img src=x onerror="alert(1)"> **bold** [link](http://evil.example) | pipe'
VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "col", "area", "base", "source"}


class _StrictHTML(HTMLParser):
    """Checks that every element is closed in order and collects ids, tags and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.counts: dict[str, int] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.ids.extend(value for name, value in attrs if name == "id" and value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        open_tag = self.stack[-1] if self.stack else None
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _StrictHTML:
    parser = _StrictHTML()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def review() -> Review:
    """A quarter's review of 200 generated incidents spread over 2026."""
    collection = Collection(generate_incidents(200, seed=7, today=date(2026, 10, 5)))
    return build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30), today=date(2026, 10, 5))


class TestBuildReview:
    def test_period(self, review: Review) -> None:
        """Only incidents that started in the period are reviewed, oldest first."""
        assert review.incidents
        starts = [incident.milestones.started for incident in review.incidents]
        assert starts == sorted(starts)
        assert min(starts).date() >= date(2026, 7, 1)
        assert max(starts).date() <= date(2026, 9, 30)
        assert sum(count for _name, count in review.severity_counts) == len(review.incidents)
        assert review.months == ("2026-07", "2026-08", "2026-09")

    def test_measures_match_the_functions(self, review: Review) -> None:
        """The review's numbers are the measures of its incidents."""
        from postmortem.analytics import detection_share, duration_summary

        assert [trend.measure for trend in review.measures] == [
            "time_to_detect",
            "time_to_acknowledge",
            "time_to_mitigate",
            "time_to_resolve",
        ]
        assert review.measures[3].overall == duration_summary(review.incidents, "time_to_resolve")["all"]
        assert review.detection == detection_share(review.incidents)

    def test_recurrences_touch_the_period(self, review: Review) -> None:
        """Each recurring group has a member in the period; earlier members may be included."""
        period = {incident.id for incident in review.incidents}
        assert review.recurrences
        assert all(any(member in period for member in group.ids) for group in review.recurrences)
        assert len(review.recurrences) <= 10

    def test_actions_include_earlier_incidents(self, review: Review) -> None:
        """Open action items from before the period are still reviewed."""
        assert any(record.incident.milestones.started.date() < date(2026, 7, 1) for record in review.actions.overdue)

    def test_until_before_since(self) -> None:
        """A reversed period is refused."""
        with pytest.raises(ValueError, match="before"):
            build_review(Collection(), since=date(2026, 7, 2), until=date(2026, 7, 1))

    def test_empty_period(self) -> None:
        """A period without incidents still renders, saying so."""
        empty = build_review(Collection(), since=date(2026, 7, 1), until=date(2026, 9, 30))
        html = render_review(empty, "html").text
        parse(html)
        assert "No incidents in the period." in html
        assert "No recurring incidents were found." in html


class TestRenderHTML:
    def test_parses_with_sections_and_charts(self, review: Review) -> None:
        """The HTML is well formed, has every section, and inlines all nine charts."""
        parsed = parse(render_review(review, "html").text)
        assert parsed.ids == [
            "summary",
            "severity",
            "response-times",
            "detection",
            "contributing-factors",
            "recurrences",
            "action-items",
            "incidents",
        ]
        assert parsed.counts["svg"] == len(review.charts) == 9
        assert parsed.counts["figure"] == 9
        text = " ".join(parsed.text)
        for chart in review.charts.values():
            assert chart.title in text
        assert "Time to resolve by severity" in text
        assert "the mean is shown for completeness only" in text

    def test_self_contained(self, review: Review) -> None:
        """The document loads nothing: no external stylesheet, script or image."""
        html = render_review(review, "html").text
        assert "<script" not in html
        assert "<link" not in html
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html

    def test_deterministic(self, review: Review) -> None:
        """The same review renders to the same bytes."""
        assert render_review(review, "html").text == render_review(review, "html").text

    def test_user_text_is_escaped(self, make: MakeIncident) -> None:
        """Titles, services and action items with markup stay text in HTML and Markdown."""
        incident = make(
            "INC-<1>",
            services=(HOSTILE,),
            participants=(Participant("Eve <b>", team=HOSTILE),),
            action_items=(ActionItem("AI-1", HOSTILE, owner="Eve <b>", due=date(2026, 7, 2)),),
        )
        incident = attrs.evolve(incident, title=HOSTILE)
        review = build_review(
            Collection([incident]), since=date(2026, 7, 1), until=date(2026, 7, 31), today=date(2026, 8, 1)
        )
        html = render_review(review, "html").text
        parsed = parse(html)
        assert parsed.counts.get("img", 0) == 0
        assert 'onerror="alert(1)"' not in html
        assert HOSTILE in " ".join(parsed.text)
        markdown = render_review(review, "markdown").text
        # Every Markdown-significant character arrives backslash-escaped (CommonMark), never bare.
        assert re.search(r"(?<!\\)<img", markdown) is None
        assert re.search(r"(?<!\\)\[link", markdown) is None
        assert re.search(r"(?<!\\)\*\*bold", markdown) is None
        assert "\\<img" in markdown


class TestRenderMarkdown:
    def test_sections_and_chart_files(self, review: Review) -> None:
        """Markdown refers to each chart as a relative SVG file, returned as attachments."""
        rendered = render_review(review, "markdown", chart_folder="charts")
        assert set(rendered.attachments) == {f"charts/{name}.svg" for name in review.charts}
        for path in rendered.attachments:
            assert f"]({path})" in rendered.text
        for heading in ("## Summary", "## Response times", "## Recurring incidents", "## Overdue action items"):
            assert heading in rendered.text
        assert all(data.startswith(b"<svg") for data in rendered.attachments.values())

    def test_unknown_format(self, review: Review) -> None:
        """Only html and markdown are rendered here; PDF goes through the PDF exporter."""
        with pytest.raises(ValueError, match="html or markdown"):
            render_review(review, "pdf")  # type: ignore[arg-type]

    def test_template_override(self, review: Review, tmp_path: Path) -> None:
        """A template folder can replace one block of the built-in review."""
        (tmp_path / "review").mkdir()
        (tmp_path / "review" / "review.html.j2").write_text(
            '{% extends "review/base.html.j2" %}{% block summary %}<p id="ours">Our summary</p>{% endblock %}',
            encoding="utf-8",
        )
        html = render_review(review, "html", template_dirs=[tmp_path]).text
        assert '<p id="ours">Our summary</p>' in html
        assert 'id="recurrences"' in html


class _FakePdf(Exporter):
    """A stand-in PDF exporter with the render_html contract, registered through the public API."""

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"
    binary = True
    seen: ClassVar[list[str]] = []

    def render(self, incident: Incident) -> bytes:
        return b"%PDF-incident"

    def render_html(self, html: str) -> bytes:
        self.seen.append(html)
        return b"%PDF-1.7 review"


class _OldPdf(_FakePdf):
    """A PDF exporter from before reviews existed: no render_html."""

    render_html = None  # type: ignore[assignment]


class TestWriteReview:
    def test_html_and_markdown(self, review: Review, tmp_path: Path) -> None:
        """Files are written with the stem given; the Markdown's charts go in a folder beside it."""
        written = write_review(review, ["html", "markdown"], tmp_path, stem="q3")
        names = sorted(path.relative_to(tmp_path).as_posix() for path in written)
        assert "q3.html" in names
        assert "q3.md" in names
        assert sum(name.startswith("q3-charts/") for name in names) == 9
        assert "](q3-charts/severity.svg)" in (tmp_path / "q3.md").read_text(encoding="utf-8")

    def test_pdf_without_exporter(self, review: Review, tmp_path: Path) -> None:
        """Without postmortem-exporter-pdf the error says what to install and nothing is written."""
        pytest.importorskip("postmortem")  # keeps the intent explicit: core only
        from postmortem.export import exporter_names

        if "pdf" in exporter_names():
            pytest.skip("a PDF exporter is installed")
        with pytest.raises(ExporterNotFoundError, match="postmortem-exporter-pdf"):
            write_review(review, ["html", "pdf"], tmp_path)
        assert list(tmp_path.iterdir()) == []

    def test_pdf_through_the_exporter(self, review: Review, tmp_path: Path) -> None:
        """The review's HTML is handed to the pdf exporter's render_html and the bytes are written."""
        register_exporter(_FakePdf, name="pdf", override=True)
        try:
            written = write_review(review, ["pdf"], tmp_path, stem="q3")
        finally:
            unregister_exporter("pdf")
        assert written == [tmp_path / "q3.pdf"]
        assert (tmp_path / "q3.pdf").read_bytes() == b"%PDF-1.7 review"
        assert _FakePdf.seen[-1].startswith("<!DOCTYPE html>")

    def test_pdf_exporter_without_render_html(self, review: Review) -> None:
        """An exporter that cannot lay out arbitrary HTML gives a clear error."""
        register_exporter(_OldPdf, name="pdf", override=True)
        try:
            with pytest.raises(ExporterError, match="render_html"):
                review_pdf("<!DOCTYPE html><title>x</title>")
        finally:
            unregister_exporter("pdf")


@pytest.mark.slow
class TestRealPdf:
    def test_review_pdf_with_the_installed_exporter(self, tmp_path: Path) -> None:
        """With postmortem-exporter-pdf (and its render_html) installed, the review becomes a real PDF.

        The quarter of 40 generated incidents (13 in the quarter, 10 pages) has every section
        the 200 of the ``review`` fixture have (40 in the quarter, 23 pages): all nine charts
        and seven recurrences.
        """
        from postmortem.export import exporter_names, get_exporter

        if "pdf" not in exporter_names() or not callable(getattr(get_exporter("pdf"), "render_html", None)):
            pytest.skip("needs postmortem-exporter-pdf with render_html")
        from postmortem.testing import pdf_page_texts

        collection = Collection(generate_incidents(40, seed=7, today=date(2026, 10, 5)))
        review = build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30), today=date(2026, 10, 5))
        assert review.recurrences  # the sections have content, as in the 200
        assert len(review.charts) == 9
        (path,) = write_review(review, ["pdf"], tmp_path, stem="q3")
        pages = pdf_page_texts(path.read_bytes())
        text = "\n".join(pages)
        assert len(pages) >= 3
        for heading in ("Summary", "Response times", "Recurring incidents", "Overdue action items"):
            assert heading in text


def _day(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def _epoch(day: date) -> str:
    return str(int(datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc).timestamp()))


class TestNumbersThatHold:
    """The review's figures as of the day it is read, over the whole period, with their denominators."""

    def test_today_is_the_day_of_making_not_the_period_end(
        self, make: MakeIncident, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A quarter reviewed mid-way judges items as of that day: one due later is not overdue yet."""
        item_due_later = ActionItem("AI-1", "Alert on pool saturation", owner="Ana", due=date(2026, 9, 1))
        item_past_due = ActionItem("AI-2", "Write the failover runbook", owner="Ana", due=date(2026, 8, 1))
        collection = Collection([make("INC-1", start=_day(7, 10), action_items=[item_due_later, item_past_due])])
        monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(date(2026, 8, 15)))
        review = build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30))
        assert review.today == date(2026, 8, 15)
        assert [record.item.id for record in review.actions.overdue] == ["AI-2"]
        assert review.actions.overdue[0].days_overdue == 14
        assert "action items as of 2026-08-15" in render_review(review, "markdown").text
        # Without SOURCE_DATE_EPOCH: the calendar date.
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
        assert build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30)).today == date.today()

    def test_no_item_is_overdue_before_its_due_date(self, review: Review) -> None:
        """Every overdue item's due date is before the day judged against."""
        assert review.actions.overdue
        assert all(record.item.due is not None and record.item.due < review.today for record in review.actions.overdue)

    @pytest.mark.parametrize(
        ("since", "until", "months"),
        [
            (date(2026, 7, 1), date(2026, 9, 30), ("2026-07", "2026-08", "2026-09")),
            (date(2026, 6, 15), date(2026, 8, 31), ("2026-06", "2026-07", "2026-08")),
        ],
    )
    def test_monthly_charts_cover_the_whole_period(
        self, make: MakeIncident, since: date, until: date, months: tuple[str, ...]
    ) -> None:
        """Months without incidents at either end of the period are still on every monthly axis."""
        named = [FactorCategory.TOOLING]
        collection = Collection(
            [make("INC-1", start=_day(7, 3), categories=named), make("INC-2", start=_day(8, 20), categories=named)]
        )
        review = build_review(collection, since=since, until=until, today=date(2026, 10, 1))
        assert review.months == months
        assert tuple(review.detection_by_month) == months
        assert tuple(review.automated_share_by_month) == months
        for name in ("monthly", "medians", "detection", "factors"):
            for month in months:
                assert f">{month}<" in review.charts[name].svg, (name, month)

    def test_every_share_shows_its_denominator_and_unknowns(self, make: MakeIncident) -> None:
        """Three incidents detected by monitoring and one with no detection recorded: not "100%" alone."""
        collection = Collection(
            [make(f"INC-{n}", start=_day(7, n)) for n in (1, 2, 3)] + [make("INC-4", start=_day(7, 4), method=None)]
        )
        review = build_review(collection, since=date(2026, 7, 1), until=date(2026, 7, 31), today=date(2026, 8, 1))
        html = " ".join(" ".join(parse(render_review(review, "html").text).text).split())
        markdown = render_review(review, "markdown").text
        for text in (html, markdown):
            assert "Detected by monitoring: 3 of 3 incidents with a recorded detection (100%)" in text
            assert "1 incident has no detection recorded and is not counted in these shares" in text
            assert (
                "| 2026-07 | 4 | 3 | 0 | 0 | 1 | 3 of 3 (100%) |" in text or "2026-07 4 3 0 0 1 3 of 3 (100%)" in text
            )
        assert "3 of 3 (100%), 1 unknown" in html  # the summary card

    def test_share_of(self) -> None:
        """How a share is written, with nothing to divide by included."""
        from postmortem.analytics._review import share_of

        assert share_of(3, 4, 1) == "3 of 4 (75%), 1 unknown"
        assert share_of(2, 3) == "2 of 3 (67%)"
        assert share_of(0, 0, 2, noun="incidents") == "none of 0 incidents, 2 unknown"

    @pytest.mark.parametrize(("count", "bars"), [(SMALL_COUNT - 1, True), (SMALL_COUNT, False)])
    def test_small_counts_are_bars_not_lines(self, make: MakeIncident, count: int, bars: bool) -> None:
        """Below SMALL_COUNT incidents a month, counts and detection are columns; from it on, lines."""
        collection = Collection(
            [make(f"INC-7-{n}", start=_day(7, n + 1), categories=[FactorCategory.MONITORING]) for n in range(count)]
            + [make(f"INC-8-{n}", start=_day(8, n + 1), categories=[FactorCategory.PROCESS]) for n in range(count)]
        )
        review = build_review(collection, since=date(2026, 7, 1), until=date(2026, 8, 31), today=date(2026, 9, 1))
        for name in ("monthly", "factors", "detection"):
            svg = review.charts[name].svg
            assert ("<polyline" not in svg) is bars, name
            assert ("<title>" in svg.split("</desc>", 1)[1]) is bars, name  # each bar names its value

    def test_a_share_of_a_small_month_is_not_a_line(self, make: MakeIncident) -> None:
        """One month of many incidents and one of a single incident: detection is drawn as counts."""
        collection = Collection(
            [make(f"INC-7-{n}", start=_day(7, n + 1)) for n in range(2 * SMALL_COUNT)]
            + [make("INC-8-1", start=_day(8, 1), method=None)]
        )
        review = build_review(collection, since=date(2026, 7, 1), until=date(2026, 8, 31), today=date(2026, 9, 1))
        assert "<polyline" not in review.charts["detection"].svg
        assert "Not recorded" in review.charts["detection"].svg
        assert "<polyline" in review.charts["monthly"].svg  # 20 incidents in July: a line
