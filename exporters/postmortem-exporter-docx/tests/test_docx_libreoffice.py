"""LibreOffice opens the report: it lays it out as PDF and saves it back as DOCX intact.

Needs ``soffice`` (Debian: libreoffice-writer-nogui) and ``pdftotext`` (poppler-utils).
Skipped when they are missing, unless POSTMORTEM_REQUIRE_TOOLS=1, as in CI, where a
missing tool fails the test instead.
"""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import attrs
import pytest
from postmortem_docx import DocxExporter

import postmortem
import postmortem.presentation
from postmortem.importing import import_text
from postmortem.testing import SECTION_MARKERS, normalise_text, require_tool, sample_incident

from ._docx_helpers import EXAMPLES, document_text, open_docx, require_soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EVENTS = 80  # enough for the timeline to run over several pages
EXAMPLE_FILES = ("api-outage-feature-flag.yaml", "latency-database-hotspot.yaml")


def require_pdftotext() -> str:
    return require_tool("pdftotext", install="apt-get install poppler-utils")


def convert(soffice: str, sources: list[Path], target_format: str, outdir: Path, profile: Path) -> list[Path]:
    """Run headless LibreOffice with a private profile (so parallel runs never share one)."""
    outdir.mkdir()
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    produced = [outdir / f"{source.stem}.{target_format.split(':', maxsplit=1)[0]}" for source in sources]
    missing = [path.name for path in produced if not path.is_file()]
    assert missing == [], f"soffice failed ({completed.returncode}): {completed.stdout} {completed.stderr}"
    return produced


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete sample incident, with a long timeline, written as DOCX."""
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    DocxExporter().write(sample_incident(events=EVENTS), path)
    return path


def pdf_text(pdftotext: str, pdf: Path) -> str:
    completed = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    return normalise_text(completed.stdout)


@pytest.mark.slow
@pytest.mark.needs_tool("soffice")
class TestLibreOffice:
    """Headless LibreOffice reads what we write."""

    def test_pdf_shows_every_section_and_every_event(self, report: Path, tmp_path: Path) -> None:
        """The PDF LibreOffice lays out holds each section's text and all timeline rows."""
        soffice = require_soffice()
        pdftotext = require_pdftotext()
        sources = [report]
        for name in EXAMPLE_FILES:
            sources.append(tmp_path / f"{Path(name).stem}.docx")
            DocxExporter().write(postmortem.load(EXAMPLES / name), sources[-1])
        pdfs = convert(soffice, sources, "pdf", tmp_path / "out", tmp_path / "profile")
        assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)

        text = pdf_text(pdftotext, pdfs[0])
        missing = [marker for marker in SECTION_MARKERS.values() if normalise_text(marker) not in text]
        assert missing == []
        assert [n for n in range(1, EVENTS + 1) if f"event {n}:" not in text] == []
        # The timeline chart is drawn on the first page: the PNG (LibreOffice shows it, not the SVG).
        listing = subprocess.run(
            [str(Path(pdftotext).with_name("pdfimages")), "-list", "-f", "1", "-l", "1", str(pdfs[0])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
        assert [line.split()[3] for line in listing] == ["1440"]
        # LibreOffice once dropped the rows of tables that combined a repeating header row
        # with unsplittable rows; the examples' tall first timeline row showed it.
        for name, pdf in zip(EXAMPLE_FILES, pdfs[1:], strict=True):
            text = pdf_text(pdftotext, pdf)
            incident = postmortem.load(EXAMPLES / name)
            lost = [
                event.description for event in incident.timeline if " ".join(event.description.split()[:4]) not in text
            ]
            assert lost == [], name

    def test_docx_saved_by_libreoffice_reads_back(self, report: Path, tmp_path: Path) -> None:
        """LibreOffice's own DOCX of the report opens in python-docx with every section's text."""
        soffice = require_soffice()
        [resaved] = convert(soffice, [report], "docx:MS Word 2007 XML", tmp_path / "out", tmp_path / "profile")
        document = open_docx(resaved.read_bytes())
        text = normalise_text(document_text(document))
        missing = [marker for marker in SECTION_MARKERS.values() if normalise_text(marker) not in text]
        assert missing == []
        headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
        assert headings[0] == "Summary"
        assert headings[-1] == "Links"


STARFISH = (
    Path(__file__).resolve().parents[3] / "tests/data/blameless_documents_v20/13-exam-timetable-starfish-retro.md"
)


class TestNoteUnderTheActionItems:
    """The overdue note under the action items stays on the page of the table's last row."""

    def overdue_report(self, *, today: date) -> bytes:
        incident = import_text(STARFISH.read_text(encoding="utf-8"), name=STARFISH.name).incident
        return DocxExporter(today=today).render(incident)

    def test_last_row_and_spacer_keep_with_the_note(self) -> None:
        """With an item overdue, each paragraph of the last row and the spacer under the table keep
        with the next paragraph; with none overdue (no note), nothing is kept."""
        for today, kept in ((date(2026, 12, 7), True), (date(2025, 1, 1), False)):
            body = ET.fromstring(
                zipfile.ZipFile(io.BytesIO(self.overdue_report(today=today))).read("word/document.xml")
            )
            # "AI-7" is written "AI", a non-breaking hyphen element, "7".
            tables = [t for t in body.iter(f"{W}tbl") if "AI7" in "".join(t.itertext())]
            (table,) = tables
            last = table.findall(f"{W}tr")[-1]
            flags = [p.find(f"{W}pPr/{W}keepNext") is not None for p in last.iter(f"{W}p")]
            assert flags and all(flags) if kept else not any(flags), (today, flags)

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_libreoffice_puts_the_note_with_the_last_row(self, tmp_path: Path) -> None:
        """An imported retrospective whose action items end at the foot of page 1: the last item
        (AI-7) goes over to page 2 with "Overdue as of ..." (the note stood alone at the top of
        page 2)."""
        soffice = require_soffice()
        pdftotext = require_pdftotext()
        source = tmp_path / "starfish.docx"
        source.write_bytes(self.overdue_report(today=date(2026, 12, 7)))
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        completed = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
        pages = completed.stdout.split("\f")
        note = next(i for i, page in enumerate(pages) if "Overdue as of" in page)
        last = next(i for i, page in enumerate(pages) if "AI-7" in page)
        assert note == last


class TestKeyMetricsStayWhole:
    """A key metric's duration is laid out on one line by LibreOffice."""

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_an_estimated_duration_is_not_split(self, tmp_path: Path) -> None:
        """ "about 4 h 10 min" in a fifth of the page: the duration stays on one line ("about" may
        go on the line above it); it read "about 4 h 10" over "min"."""
        soffice = require_soffice()
        pdftotext = require_pdftotext()
        incident = sample_incident()
        about = postmortem.model.TimeAccuracy(postmortem.model.TimePrecision.MINUTE, postmortem.model.TimeBound.ABOUT)
        incident = attrs.evolve(incident, milestones=attrs.evolve(incident.milestones, started_accuracy=about))
        assert "about 4 h 10 min" in [metric.value for metric in postmortem.presentation.key_metrics(incident)]
        source = tmp_path / "about.docx"
        DocxExporter().write(incident, source)
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        completed = subprocess.run([pdftotext, "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True)
        lines = [" ".join(line.replace("\u00a0", " ").split()) for line in completed.stdout.splitlines()]
        assert [line for line in lines if line.endswith("4 h 10 min")], lines[:40]
        assert not [line for line in lines if line.endswith(("4 h 10", "4 h", "about 4"))], lines[:40]
