"""What a Word user gets: real headings, tables, links, properties and their own styles."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor
from hypothesis import given, settings
from markdown_it import MarkdownIt
from postmortem_docx import OWN_STYLES, REQUIRED_STYLES, DocxExporter

import postmortem
from postmortem import model, presentation
from postmortem.errors import ExporterError
from postmortem.export import export, get_exporter
from postmortem.strategies import incidents, plain_text
from postmortem.testing import examples, sample_incident

from ._docx_helpers import EXAMPLES, document_text, open_docx

DATA_TABLES = (
    "Customer communication",
    "Hypotheses",
    "Timeline",
    "Contributing factors",
    "Action items",
    "Participants",
)


def render(incident: model.Incident, **options: Any) -> bytes:
    output = export(incident, "docx", **options)
    assert isinstance(output, bytes)
    return output


def example(name: str = "api-outage-feature-flag.yaml") -> model.Incident:
    return postmortem.load(EXAMPLES / name)


def styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def tables_by_caption(document: docx.document.Document) -> dict[str, docx.table.Table]:
    found = {}
    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        if caption is not None:
            found[caption.get(qn("w:val"))] = table
    return found


def twips(length: Length | None) -> int:
    assert length is not None
    return int(length.twips)


def minimal_incident(**changes: Any) -> model.Incident:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    incident = model.Incident(
        id="INC-1",
        title="Minimal incident",
        severity=model.DEFAULT_SEVERITY_SCALE.get("SEV3"),
        milestones=model.Milestones(started=start),
    )
    return attrs.evolve(incident, **changes)


class TestImportCost:
    """Listing exporters never pays for python-docx."""

    def test_importing_the_package_does_not_load_python_docx(self) -> None:
        """python-docx and lxml load only when a document is rendered."""
        script = (
            "import sys, postmortem_docx; from postmortem.export import get_exporter; get_exporter('docx'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')))"
        )
        loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        assert loaded.strip() == "[]"


class TestStructure:
    """The document is structured the way Word users navigate it."""

    def test_title_and_section_headings_use_word_styles(self) -> None:
        """The title uses Title; each section in report order is a Heading 1."""
        incident = example()
        document = open_docx(render(incident))
        assert styled(document, "Title") == [incident.title]
        expected = [section.title for section in presentation.sections(incident)]
        assert styled(document, "Heading 1") == expected

    def test_headings_match_the_markdown_report(self) -> None:
        """Section and subsection headings are those of the Markdown export, in the same order."""
        incident = example()
        markdown = export(incident, "markdown", front_matter=False)
        assert isinstance(markdown, str)
        tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
        headings: dict[str, list[str]] = {"h2": [], "h3": []}
        for opening, inline in itertools.pairwise(tokens):
            if opening.type == "heading_open" and opening.tag in headings:
                headings[opening.tag].append(inline.content)
        document = open_docx(render(incident))
        assert styled(document, "Heading 1") == headings["h2"]
        assert [h for h in styled(document, "Heading 2") if h != "Key metrics"] == headings["h3"]

    def test_headings_are_kept_with_what_follows(self) -> None:
        """No heading is left alone at the bottom of a page."""
        document = open_docx(render(example()))
        headings = [
            p for p in document.paragraphs if p.style is not None and p.style.name.startswith(("Heading", "Title"))
        ]
        assert headings
        assert all(p.paragraph_format.keep_with_next for p in headings)

    def test_data_tables_have_one_repeating_header_row(self) -> None:
        """Each data table marks its first row, and only it, as a header repeated on every page."""
        document = open_docx(render(example()))
        tables = tables_by_caption(document)
        assert set(DATA_TABLES) <= set(tables)
        for caption in DATA_TABLES:
            rows = tables[caption].rows
            flags = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in rows]
            assert flags == [True] + [False] * (len(rows) - 1), caption

    def test_tables_fill_the_text_width(self) -> None:
        """Every table's columns add up to the width between the margins."""
        document = open_docx(render(example(), page_size="Letter"))
        section = document.sections[0]
        assert section.page_width is not None
        assert section.left_margin is not None
        assert section.right_margin is not None
        width = (section.page_width - section.left_margin - section.right_margin) // 635
        for table in document.tables:
            grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            assert abs(sum(grid) - width) <= 1

    def test_timeline_has_one_row_per_event_in_time_order(self) -> None:
        """The timeline table holds every event, sorted by time, with its description."""
        incident = example("latency-database-hotspot.yaml")
        reversed_incident = attrs.evolve(incident, timeline=tuple(reversed(incident.timeline)))
        table = tables_by_caption(open_docx(render(reversed_incident)))["Timeline"]
        rows = table.rows[1:]
        assert len(rows) == len(incident.timeline)
        for row, event in zip(rows, incident.ordered_timeline, strict=True):
            assert row.cells[0].paragraphs[0].text == presentation.format_time(
                event.time, incident.timezone, with_date=False, with_zone=False
            )
            # Prose: a line wrap is a space, and a YAML block's final newline is not text.
            assert row.cells[2].paragraphs[0].text == " ".join(event.description.split())

    def test_timeline_without_actors_or_sources_has_no_empty_columns(self) -> None:
        """No event names an actor or a source (an imported write-up): three columns, the event
        text taking their share of the width; one source brings that column back."""
        start = datetime(2026, 3, 1, 22, 0, tzinfo=timezone.utc)
        events = tuple(model.TimelineEvent(start + timedelta(minutes=n), f"Event {n}") for n in range(3))
        table = tables_by_caption(open_docx(render(minimal_incident(timeline=events))))["Timeline"]
        assert [cell.text for cell in table.rows[0].cells] == ["Time", "Kind", "Event"]
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert grid[2] / sum(grid) == pytest.approx(0.75, abs=0.01)
        sourced = (attrs.evolve(events[0], source="pager"), *events[1:])
        table = tables_by_caption(open_docx(render(minimal_incident(timeline=sourced))))["Timeline"]
        assert [cell.text for cell in table.rows[0].cells] == ["Time", "Kind", "Event", "Source"]
        assert [cell.text for cell in table.rows[1].cells][3] == "pager"

    def test_one_day_timeline_names_the_day_once(self) -> None:
        """Within one day the date and zone are said once, as in the HTML report; rows show the clock."""
        incident = example("latency-database-hotspot.yaml")
        document = open_docx(render(incident))
        assert "All events on 2026-11-03; times in EST." in [p.text for p in document.paragraphs]
        table = tables_by_caption(document)["Timeline"]
        assert table.rows[0].cells[0].text == "Time"
        assert all(len(row.cells[0].paragraphs) == 1 for row in table.rows[1:])

    def test_multi_day_timeline_shows_each_new_day(self) -> None:
        """Over several days each row has clock and zone, and the date appears when it changes."""
        start = datetime(2026, 3, 1, 22, 0, tzinfo=timezone.utc)
        times = [start, start + timedelta(hours=1), start + timedelta(hours=3), start + timedelta(days=1, hours=2)]
        incident = minimal_incident(
            timeline=tuple(model.TimelineEvent(time, f"Event {n}") for n, time in enumerate(times)),
            timezone="UTC",
        )
        document = open_docx(render(incident))
        assert not any(p.text.startswith("All events on") for p in document.paragraphs)
        table = tables_by_caption(document)["Timeline"]
        cells = [[p.text for p in row.cells[0].paragraphs] for row in table.rows[1:]]
        assert cells == [
            ["22:00 UTC", "2026-03-01"],
            ["23:00 UTC"],
            ["01:00 UTC", "2026-03-02"],
            ["00:00 UTC", "2026-03-03"],
        ]

    def test_key_metrics_table(self) -> None:
        """The key metrics sit in a two-row table: labels, then values."""
        incident = example()
        table = tables_by_caption(open_docx(render(incident)))["Key metrics"]
        metrics = presentation.key_metrics(incident)
        assert [cell.text for cell in table.rows[0].cells] == [m.label for m in metrics]
        # Each duration with no-break spaces, so a narrow column never splits it.
        assert [cell.text for cell in table.rows[1].cells] == [m.value.replace(" ", "\u00a0") for m in metrics]

    def test_an_estimated_key_metric_may_break_only_after_its_qualifier(self) -> None:
        """ "about 4 h 10 min": a space after "about", no-break spaces inside the duration."""
        incident = example()
        about = model.TimeAccuracy(model.TimePrecision.MINUTE, model.TimeBound.ABOUT)
        incident = attrs.evolve(incident, milestones=attrs.evolve(incident.milestones, started_accuracy=about))
        table = tables_by_caption(open_docx(render(incident)))["Key metrics"]
        values = [m.value for m in presentation.key_metrics(incident)]
        estimated = [value for value in values if value.startswith("about ")]
        assert estimated, values
        cells = [cell.text for cell in table.rows[1].cells]
        assert ["about " + value[6:].replace(" ", "\u00a0") for value in estimated] == [
            cell for cell in cells if cell.startswith("about")
        ]

    def test_severity_badge_is_coloured(self) -> None:
        """The severity name is shown on its colour, white and bold, as in the HTML report."""
        document = open_docx(render(example()))
        badge = next(run for p in document.paragraphs[:4] for run in p.runs if "SEV1" in run.text)
        assert badge.bold
        assert badge.font.color.rgb == RGBColor(0xFF, 0xFF, 0xFF)
        assert badge._r.rPr is not None
        shading = badge._r.rPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == "B91C1C"

    @settings(max_examples=examples(quick=5, full=15), deadline=None)
    @given(incident=incidents(plain_text(), max_events=12))
    def test_every_event_and_action_item_is_in_its_table(self, incident: model.Incident) -> None:
        """Generated incidents: one timeline row per event and one action-item row per item."""
        tables = tables_by_caption(open_docx(render(incident)))
        if incident.timeline:
            assert len(tables["Timeline"].rows) == len(incident.timeline) + 1
        if incident.action_items:
            ids = [row.cells[0].text for row in tables["Action items"].rows[1:]]
            # The id people cite (AI-1), with the tracker key (or the word Tracker for a bare link) under it.
            expected = [
                presentation.clean_text(item.id)
                + (
                    "\n" + presentation.clean_text(item.tracker_key or presentation.LABELS["tracker"])
                    if item.tracker_key or item.tracker_url
                    else ""
                )
                for item in incident.action_items
            ]
            assert [" ".join(i.split()) for i in ids] == [" ".join(e.split()) for e in expected]


class TestLinks:
    """Links are real hyperlinks, and only safe ones."""

    @staticmethod
    def hyperlink_targets(document: docx.document.Document) -> dict[str, str]:
        rels = document.part.rels
        targets = {}
        for element in document.element.body.iter(qn("w:hyperlink")):
            rel = rels[element.get(qn("r:id"))]
            assert rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
            assert rel.is_external
            # A code's hyphen is a w:noBreakHyphen element, read as "-" (as python-docx reads it).
            pieces = element.iter(qn("w:t"), qn("w:noBreakHyphen"))
            targets["".join("-" if t.tag == qn("w:noBreakHyphen") else t.text or "" for t in pieces)] = rel.target_ref
        return targets

    def test_links_timeline_links_and_tracker_keys_are_hyperlinks(self) -> None:
        """Incident links, event records and tracker keys point at their URLs."""
        incident = example()
        targets = self.hyperlink_targets(open_docx(render(incident)))
        for link in incident.links:
            assert targets[link.title] == link.url
        for item in incident.action_items:
            if item.tracker_key and item.tracker_url:
                assert targets[item.tracker_key] == item.tracker_url
        linked_events = [event.link for event in incident.timeline if event.link]
        assert linked_events
        assert set(linked_events) <= set(targets.values())

    def test_unsafe_urls_are_shown_as_text(self) -> None:
        """javascript:, file: and relative URLs never become links; their labels stay readable."""
        incident = minimal_incident(
            links=(
                model.Link("javascript:alert(1)", "Script link"),
                model.Link("file:///etc/passwd", "File link"),
                model.Link("../relative", "Relative link"),
                model.Link("https://ok.example.com/", "Good link"),
            )
        )
        document = open_docx(render(incident))
        assert self.hyperlink_targets(document) == {"Good link": "https://ok.example.com/"}
        text = document_text(document)
        for label in ("Script link", "File link", "Relative link"):
            assert label in text


class TestProperties:
    """Document properties come from the incident, never from the clock."""

    def test_core_properties(self) -> None:
        """Title, authors, keywords, category and dates describe the incident."""
        incident = example()
        props = open_docx(render(incident)).core_properties
        assert props.title == f"{incident.id}: {incident.title}"
        assert props.author == ", ".join(incident.authors)
        assert props.keywords == ", ".join((*incident.services, *incident.tags))
        assert props.category == "Post-mortem"
        assert props.subject.startswith("SEV1")
        assert props.identifier == incident.id
        # The rendering time (SOURCE_DATE_EPOCH in these tests), not the incident's times.
        rendered_at = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc)
        assert props.created == rendered_at
        assert props.modified == rendered_at
        assert props.last_modified_by == ", ".join(incident.authors)

    def test_long_property_text_is_shortened(self) -> None:
        """A summary longer than Word's 255-character property limit is cut, not refused."""
        props = open_docx(render(minimal_incident(summary="word " * 200))).core_properties
        assert len(props.comments) == 255
        assert props.comments.endswith("…")

    def test_same_bytes_in_another_process(self) -> None:
        """A fresh interpreter renders the same bytes: nothing depends on the clock or hash seeds."""
        script = (
            "import sys, postmortem; from postmortem.export import export; "
            "sys.stdout.buffer.write(export(postmortem.load(sys.argv[1]), 'docx'))"
        )
        path = EXAMPLES / "api-outage-feature-flag.yaml"
        other = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, check=True).stdout
        assert other == render(postmortem.load(path))

    def test_zip_entries_have_fixed_dates(self) -> None:
        """Entry dates are fixed, so the same incident always gives the same bytes."""
        with zipfile.ZipFile(io.BytesIO(render(example()))) as package:
            assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


class TestText:
    """Incident text is always text: cleaned of what XML cannot hold, never markup."""

    def test_control_characters_and_surrogates_are_replaced(self) -> None:
        """NUL and other controls vanish, a lone surrogate becomes U+FFFD, the rest stays."""
        document = open_docx(render(minimal_incident(title="a\x00b\x1bc\ud800d\x7fe", summary="x\x0cy")))
        assert styled(document, "Title") == ["abc\ufffdde"]
        assert "xy" in document_text(document)

    def test_markup_in_text_stays_literal(self) -> None:
        """WordprocessingML in incident text is shown as typed and adds no elements."""
        hostile = '</w:t></w:r><w:r><w:t>x</w:t></w:r><w:p/> & "quotes" <![CDATA[y]]>'
        document = open_docx(render(minimal_incident(title=hostile, summary=hostile)))
        assert styled(document, "Title") == [hostile]
        assert hostile in [p.text for p in document.paragraphs]

    def test_wrapped_lines_join_and_paragraphs_stay(self) -> None:
        """Single newlines (wrapped YAML) become spaces; blank lines separate paragraphs."""
        document = open_docx(render(minimal_incident(summary="one\ntwo\n\nthree")))
        texts = [p.text for p in document.paragraphs]
        assert "one two" in texts
        assert "three" in texts


class TestOptions:
    """include_empty and page_size."""

    def test_empty_sections_are_left_out_by_default(self) -> None:
        """A bare incident shows no section headings, and says nothing is written."""
        document = open_docx(render(minimal_incident()))
        assert styled(document, "Heading 1") == []
        assert styled(document, "Not Written") == []

    def test_include_empty_marks_every_section(self) -> None:
        """With include_empty, every section appears, marked as not written yet."""
        document = open_docx(render(minimal_incident(), include_empty=True))
        # Free-form sections have no placeholder: they are shown only when the incident has some.
        standard = [section.title for section in presentation.SECTIONS if section.key != "sections"]
        assert styled(document, "Heading 1") == standard
        assert styled(document, "Not Written") == ["Not written yet."] * len(standard)

    @pytest.mark.parametrize(("size", "width", "height"), [("A4", 11906, 16838), ("Letter", 12240, 15840)])
    def test_page_size(self, size: str, width: int, height: int) -> None:
        """The paper size is set exactly, in twips."""
        section = open_docx(render(minimal_incident(), page_size=size)).sections[0]
        assert (twips(section.page_width), twips(section.page_height)) == (width, height)

    def test_default_page_is_a4(self) -> None:
        """Without a reference document the report is A4."""
        section = open_docx(render(minimal_incident())).sections[0]
        assert twips(section.page_width) == 11906

    def test_unknown_page_size_is_refused(self) -> None:
        """A page size that is not offered is a clear error listing the choices."""
        with pytest.raises(ExporterError, match="A4, Letter"):
            DocxExporter(page_size="A5")

    def test_declared_options(self) -> None:
        """The options users can discover are the documented ones."""
        assert set(get_exporter("docx").options) == {
            "include_empty",
            "reference_document",
            "page_size",
            "asset_dir",
            "today",
            "timeline_chart",
        }


def reference_path(tmp_path: Path, *, without: str = "", header: str = "") -> Path:
    """A reference document made in the user's way: a Word file with restyled headings."""
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0x00, 0x80, 0x00)
    heading.font.size = Pt(20)
    document.add_paragraph("TEMPLATE BODY that must not reach the report")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if without:
        element = document.styles[without].element
        element.getparent().remove(element)
    path = tmp_path / "company.docx"
    document.save(str(path))
    return path


class TestReferenceDocument:
    """A user's own .docx supplies styles, page setup, header and footer."""

    def test_report_uses_the_reference_styles(self, tmp_path: Path) -> None:
        """Headings use the reference document's Heading 1; its body text is discarded."""
        document = open_docx(render(example(), reference_document=str(reference_path(tmp_path))))
        heading = document.styles["Heading 1"]
        assert heading.font.color.rgb == RGBColor(0x00, 0x80, 0x00)
        assert heading.font.size == Pt(20)
        assert "TEMPLATE BODY" not in document_text(document)
        assert styled(document, "Heading 1")[0] == "Summary"

    def test_reference_page_size_and_header_are_kept(self, tmp_path: Path) -> None:
        """With page_size auto the reference's paper stays; its own header replaces ours."""
        path = reference_path(tmp_path, header="ACME Confidential")
        document = open_docx(render(example(), reference_document=str(path)))
        section = document.sections[0]
        assert twips(section.page_width) == 12240  # python-docx's template is Letter
        assert section.header.paragraphs[0].text == "ACME Confidential"

    def test_reference_without_header_gets_ours(self, tmp_path: Path) -> None:
        """A reference document with no header or footer gets the running header and page numbers."""
        document = open_docx(render(example(), reference_document=str(reference_path(tmp_path))))
        section = document.sections[0]
        assert section.header.paragraphs[0].text == "INC-2026-0187 · API outage due to misconfigured feature flag"
        footer = section.footer.paragraphs[0]._p
        assert [field.get(qn("w:instr")) for field in footer.iter(qn("w:fldSimple"))] == [" PAGE ", " NUMPAGES "]

    def test_reference_can_define_our_own_styles(self, tmp_path: Path) -> None:
        """A reference that defines Table Text keeps its version; no duplicate is added."""
        reference = docx.Document()
        table_text = reference.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.font.size = Pt(7)
        path = tmp_path / "own.docx"
        reference.save(str(path))
        document = open_docx(render(example(), reference_document=str(path)))
        names = [style.name for style in document.styles]
        assert names.count("Table Text") == 1
        assert document.styles["Table Text"].font.size == Pt(7)

    @pytest.mark.parametrize("style", sorted(REQUIRED_STYLES.values()))
    def test_missing_style_is_named(self, tmp_path: Path, style: str) -> None:
        """A reference without one of Word's styles the report needs is an error naming it."""
        path = reference_path(tmp_path, without=style)
        with pytest.raises(ExporterError, match=f"no style '{style}'") as caught:
            render(example(), reference_document=str(path))
        assert str(path) in str(caught.value)

    def test_own_style_of_the_wrong_kind_is_an_error(self, tmp_path: Path) -> None:
        """A Hyperlink paragraph style (instead of a character style) is refused by name."""
        reference = docx.Document()
        reference.styles.add_style("Hyperlink", WD_STYLE_TYPE.PARAGRAPH)
        path = tmp_path / "wrong.docx"
        reference.save(str(path))
        with pytest.raises(ExporterError, match=r"'Hyperlink'.*character style"):
            render(example(), reference_document=str(path))

    def test_word_template_serves_as_reference(self, tmp_path: Path) -> None:
        """A .dotx company template works like a .docx reference document."""
        docx_path = reference_path(tmp_path)
        dotx_path = tmp_path / "company.dotx"
        with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx_path, "w") as target:
            for info in source.infolist():
                blob = source.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(b"document.main+xml", b"template.main+xml")
                target.writestr(info.filename, blob)
        document = open_docx(render(example(), reference_document=str(dotx_path)))
        assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x80, 0x00)
        with zipfile.ZipFile(io.BytesIO(render(example(), reference_document=str(dotx_path)))) as package:
            assert b"document.main+xml" in package.read("[Content_Types].xml")

    def test_macro_enabled_reference_is_refused(self, tmp_path: Path) -> None:
        """A macro-enabled document is not used: a report never carries macros."""
        docx_path = reference_path(tmp_path)
        docm_path = tmp_path / "company.docm"
        with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(docm_path, "w") as target:
            for info in source.infolist():
                blob = source.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(
                        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                        b"application/vnd.ms-word.document.macroEnabled.main+xml",
                    )
                target.writestr(info.filename, blob)
        with pytest.raises(ExporterError, match=r"contains macros"):
            render(example(), reference_document=str(docm_path))

    def test_missing_reference_file(self, tmp_path: Path) -> None:
        """A reference path that does not exist is a clear error."""
        with pytest.raises(ExporterError, match="does not exist"):
            render(example(), reference_document=str(tmp_path / "nope.docx"))

    def test_reference_that_is_not_a_docx(self, tmp_path: Path) -> None:
        """A file that is not a Word document is a clear error, not a traceback."""
        path = tmp_path / "notes.docx"
        path.write_text("just text", encoding="utf-8")
        with pytest.raises(ExporterError, match="not a Word document"):
            render(example(), reference_document=str(path))

    def test_own_styles_are_added_to_the_builtin_template(self) -> None:
        """Without a reference, every style of ours exists once, of the right kind."""
        document = open_docx(render(sample_incident()))
        names = [style.name for style in document.styles]
        for name in OWN_STYLES:
            assert names.count(name) == 1
        assert document.styles["Postmortem Table"].type == WD_STYLE_TYPE.TABLE
        assert document.styles["Hyperlink"].type == WD_STYLE_TYPE.CHARACTER
