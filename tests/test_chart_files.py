"""The timeline chart outside the HTML report: as a file of its own, as PNG, and beside a written document."""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
import zlib
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

import postmortem
from postmortem import chart
from postmortem.errors import ExporterError
from postmortem.export import Attachment, Exporter
from postmortem.model import Incident
from postmortem.testing import sample_incident

from ._parsing import markdown_tokens
from .conftest import EXAMPLES


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class TestDescription:
    """The chart's alternative text says what a sighted reader gets from it."""

    def test_names_the_span_every_milestone_and_the_lanes(self) -> None:
        """Span with date and zone, each milestone's time, impact, and the events per lane."""
        incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
        assert chart.timeline_description(incident) == (
            "Timeline chart of INC-2026-0187, 2026-10-13 14:04 to 15:52 CEST; started 14:04, detected 14:09, "
            "acknowledged 14:11, mitigated 14:31, resolved 15:52; customer impact 27 min; "
            "24 timeline events: 2 alerts, 4 changes, 6 communication, 12 response."
        )

    def test_a_span_over_days_dates_each_time(self) -> None:
        """When the incident crosses midnight, every milestone time carries its date."""
        incident = sample_incident()
        m = incident.milestones
        incident = attrs.evolve(incident, milestones=attrs.evolve(m, resolved=m.started + timedelta(days=1)))
        text = chart.timeline_description(incident)
        assert text.startswith("Timeline chart of INC-2026-0042, 2026-05-04 08:12 to 2026-05-05 08:12 CEST; ")
        assert "started 2026-05-04 08:12, " in text
        assert "resolved 2026-05-05 08:12; " in text


class TestStandaloneSvg:
    """The chart as a file states its size, typeface and background; the inline chart is as before."""

    def test_standalone_file(self) -> None:
        """Width, height, a concrete typeface, a white background and the description as its title."""
        incident = sample_incident()
        svg = chart.timeline_svg(incident, standalone=True)
        assert f'width="{chart.WIDTH}"' in svg
        assert 'font-family="inherit"' not in svg
        assert '<rect class="background"' in svg
        assert f"<title>{chart.timeline_description(incident)}</title>" in svg

    def test_inline_chart_inherits_the_page(self) -> None:
        """Inline in HTML, the chart takes the page's typeface and has no background of its own."""
        svg = chart.timeline_svg(sample_incident())
        assert 'font-family="inherit"' in svg
        assert "background" not in svg


def test_png_without_pillow_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Pillow the PNG is an ExporterError that says what to install, not an ImportError."""
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ExporterError, match=r"needs Pillow: pip install 'pillow>=10\.1'"):
        chart.timeline_png(sample_incident())


@pytest.mark.skipif(
    importlib.util.find_spec("PIL") is None,
    reason="Pillow is not installed: it comes with the DOCX and Confluence exporters, not the core",
)
class TestPng:
    """The PNG is rasterised from the same SVG, with Pillow."""

    def test_size_and_ink(self) -> None:
        """1,440 px wide at the default scale, with dark text drawn where the lane labels are."""
        from PIL import Image

        incident = sample_incident()
        png = chart.timeline_png(incident)
        svg = chart.timeline_svg(incident, standalone=True)
        height = float(svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()[1])
        assert _png_size(png) == (2 * chart.WIDTH, round(2 * height))
        image = Image.open(io.BytesIO(png)).convert("L")
        # The lane labels sit right-aligned left of x = LEFT - 8: some pixels there are dark.
        labels = image.crop((0, 0, 2 * (chart.LEFT - 8), image.height))
        assert labels.getextrema()[0] < 100
        # The right margin beyond the plot is blank paper.
        assert image.crop((image.width - 10, 0, image.width, image.height)).getextrema()[0] > 200

    def test_same_incident_same_bytes(self) -> None:
        """Two renders give the same PNG (reproducible documents embed it)."""
        incident = sample_incident()
        assert chart.timeline_png(incident) == chart.timeline_png(incident)

    def test_png_is_well_formed(self) -> None:
        """Every chunk's CRC is right (a reader would reject the image otherwise)."""
        data = chart.timeline_png(sample_incident(), scale=1)
        position = 8
        while position < len(data):
            (length,) = struct.unpack(">I", data[position : position + 4])
            kind = data[position + 4 : position + 8]
            body = data[position + 8 : position + 8 + length]
            (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
            assert zlib.crc32(kind + body) == crc
            position += 12 + length
        assert kind == b"IEND"


class TestMarkdownChartFile:
    """The Markdown report links its chart only where a file can sit beside it."""

    def test_string_stands_alone(self) -> None:
        """``export(incident, "markdown")`` links no image: there is no file to link."""
        text = postmortem.export(sample_incident(), "markdown")
        assert isinstance(text, str)
        assert "-timeline.svg" not in text

    def test_written_report_links_the_file_beside_it(self, tmp_path: Path) -> None:
        """``export(incident, "markdown", dir)`` writes the chart beside the report and links it."""
        written = postmortem.export(sample_incident(), "markdown", tmp_path)
        assert isinstance(written, Path)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["INC-2026-0042-timeline.svg", "INC-2026-0042.md"]
        assert "](INC-2026-0042-timeline.svg)" in written.read_text(encoding="utf-8")

    def test_name_with_spaces_is_a_working_link(self, tmp_path: Path) -> None:
        """A report saved as ``my report.md`` links ``my%20report-timeline.svg``, which is the file."""
        written = postmortem.export(sample_incident(), "markdown", tmp_path / "my report (draft).md")
        assert isinstance(written, Path)
        images = [
            child
            for token in markdown_tokens(written.read_text(encoding="utf-8"))
            for child in token.children or []
            if child.type == "image"
        ]
        assert [image.attrs["src"] for image in images] == ["my%20report%20%28draft%29-timeline.svg"]
        assert (tmp_path / "my report (draft)-timeline.svg").is_file()

    def test_option_off_writes_no_chart(self, tmp_path: Path) -> None:
        """``timeline_chart=False`` writes the report alone."""
        postmortem.export(sample_incident(), "markdown", tmp_path, timeline_chart=False)
        assert [p.name for p in tmp_path.iterdir()] == ["INC-2026-0042.md"]

    def test_cli_writes_the_chart_beside_the_report(self, tmp_path: Path) -> None:
        """``postmortem export --to markdown`` leaves the report and its chart in the output folder."""
        from click.testing import CliRunner

        from postmortem.cli import main

        result = CliRunner().invoke(
            main,
            [
                "export",
                str(EXAMPLES / "api-outage-feature-flag.yaml"),
                "--to",
                "markdown",
                "-o",
                str(tmp_path),
                "-j",
                "1",
            ],
        )
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["INC-2026-0187-timeline.svg", "INC-2026-0187.md"]


class _Sneaky(Exporter):
    name: ClassVar[str] = "sneaky"
    media_type: ClassVar[str] = "text/plain"
    suffix: ClassVar[str] = ".txt"
    beside: ClassVar[str] = "../escaped.txt"

    def render(self, incident: Incident) -> str:
        return incident.id

    def render_with_files(self, incident: Incident, filename: str) -> tuple[str, tuple[Attachment, ...]]:
        return self.render(incident), (Attachment(self.beside, b"x", "text/plain"),)


class TestFilesBeside:
    """Files an exporter asks to write beside its document stay in the document's folder."""

    @pytest.mark.parametrize("name", ["../escaped.txt", "sub/file.txt", "report.txt", "", "..", "a\\b"])
    def test_a_name_that_is_not_a_plain_file_name_is_refused(self, tmp_path: Path, name: str) -> None:
        """A path, the document's own name or an empty name is an ExporterError; nothing is written."""
        exporter = _Sneaky()
        exporter.beside = name  # type: ignore[misc]
        folder = tmp_path / "out"
        folder.mkdir()
        with pytest.raises(ExporterError, match="not a plain file name"):
            exporter.write(sample_incident(), folder / "report.txt")
        assert list(tmp_path.rglob("*")) == [folder]

    def test_a_chart_that_cannot_be_written_leaves_the_old_report(self, tmp_path: Path) -> None:
        """The chart is written first: when it fails, the report is not replaced by one linking a missing file."""
        from postmortem.errors import OutputError

        (tmp_path / "report.md").write_text("the old report\n", encoding="utf-8")
        (tmp_path / "report-timeline.svg").mkdir()  # a folder where the chart should go
        with pytest.raises(OutputError, match=r"report-timeline\.svg"):
            postmortem.export(sample_incident(), "markdown", tmp_path / "report.md")
        assert (tmp_path / "report.md").read_text(encoding="utf-8") == "the old report\n"
