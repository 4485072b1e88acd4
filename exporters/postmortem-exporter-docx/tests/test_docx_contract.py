"""The DOCX exporter passes the contract every exporter passes."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import settings

from postmortem import model
from postmortem.presentation import clean_text
from postmortem.testing import HOSTILE_SETTINGS, ExporterContract, examples, normalise_text

from ._docx_helpers import document_text, open_docx


@pytest.mark.slow
class TestDocxContract(ExporterContract):
    """The shared exporter contract, reading DOCX back with python-docx."""

    exporter_name = "docx"
    # Fewer hostile incidents in the everyday run, the contract's 25 in the thorough run.
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=8, full=25))
    shows_chart = True

    def check_chart(self, document: bytes, files: dict[str, bytes], incident: model.Incident) -> None:
        """An inline picture: a PNG part made from the chart, the SVG beside it as svgBlip, and its alt text."""
        from lxml import etree

        from postmortem import chart

        assert files == {}
        ns = {
            "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
            "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
            "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
        }
        with zipfile.ZipFile(io.BytesIO(document)) as package:
            body = etree.fromstring(package.read("word/document.xml"))
            rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
            targets = {rel.get("Id"): rel.get("Target") for rel in rels.iterfind("rel:Relationship", ns)}
            (inline,) = body.iterfind(".//wp:inline", ns)
            assert inline.find("wp:docPr", ns).get("descr") == chart.timeline_description(incident)
            blip = inline.find(".//a:blip", ns)
            png = package.read("word/" + targets[blip.get(f"{{{ns['r']}}}embed")])
            assert png.startswith(b"\x89PNG")
            assert png == chart.timeline_png(incident)
            svg_blip = blip.find("a:extLst/a:ext/asvg:svgBlip", ns)
            assert blip.find("a:extLst/a:ext", ns).get("uri") == "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
            svg = package.read("word/" + targets[svg_blip.get(f"{{{ns['r']}}}embed")]).decode("utf-8")
            assert svg == chart.timeline_svg(incident, standalone=True)
            assert b'ContentType="image/svg+xml"' in package.read("[Content_Types].xml")

    def extract_text(self, output: str | bytes) -> str:
        assert isinstance(output, bytes)
        return document_text(open_docx(output))

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        assert isinstance(output, bytes)
        with zipfile.ZipFile(io.BytesIO(output)) as package:
            assert package.testzip() is None
            assert "word/document.xml" in package.namelist()
        document = open_docx(output)
        assert document.paragraphs[1].style is not None
        assert document.paragraphs[1].style.name == "Title"
        assert normalise_text(clean_text(incident.id)) in normalise_text(document.paragraphs[0].text)


class TestDocxChart:
    """The chart is the same drawing as in HTML, sized to the text width, and can be left out."""

    def test_chart_fills_the_text_width_under_the_key_metrics(self) -> None:
        """One picture, as wide as the text, followed by its key; the title block and metrics come first."""
        from postmortem import export, presentation
        from postmortem.testing import sample_incident

        output = export(sample_incident(), "docx")
        assert isinstance(output, bytes)
        document = open_docx(output)
        (shape,) = document.inline_shapes
        section = document.sections[-1]
        assert section.page_width is not None
        assert section.left_margin is not None
        assert section.right_margin is not None
        text_width = section.page_width - section.left_margin - section.right_margin
        assert abs(shape.width - text_width) <= 635 * 2  # twips rounding
        texts = [p.text for p in document.paragraphs]
        caption = texts.index(presentation.LABELS["chart_caption"])
        assert texts.index("Key metrics") < caption < texts.index("Summary")

    def test_option_off_leaves_it_out(self) -> None:
        """``timeline_chart=False``: no picture and no media part."""
        from postmortem import export
        from postmortem.testing import sample_incident

        output = export(sample_incident(), "docx", timeline_chart=False)
        assert isinstance(output, bytes)
        with zipfile.ZipFile(io.BytesIO(output)) as package:
            assert [name for name in package.namelist() if name.startswith("word/media/")] == []

    def test_nothing_to_chart_and_no_metric_known(self) -> None:
        """Only the start is known (an imported draft): no picture, no media part, and one line
        under "Key metrics" instead of a table of five dashes."""
        from postmortem import export, presentation, serialize

        incident = serialize.loads(
            "id: AUDIT-7\ntitle: Duplicate collection run\nmilestones:\n  started: 2026-07-01T10:15:00Z\n"
            "summary: The collection run was submitted twice.\n"
        )
        output = export(incident, "docx")
        assert isinstance(output, bytes)
        with zipfile.ZipFile(io.BytesIO(output)) as package:
            assert [name for name in package.namelist() if name.startswith("word/media/")] == []
        document = open_docx(output)
        texts = [p.text for p in document.paragraphs]
        assert texts[texts.index("Key metrics") + 1] == presentation.LABELS["no_key_metrics"]
        assert presentation.LABELS["chart_caption"] not in texts
        assert all("Time to detect" not in cell.text for table in document.tables for cell in table._cells)
