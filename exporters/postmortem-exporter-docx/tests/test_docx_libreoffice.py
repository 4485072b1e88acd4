"""LibreOffice opens the report: it lays it out as PDF and saves it back as DOCX intact.

Needs ``soffice`` (Debian: libreoffice-writer-nogui) and ``pdftotext`` (poppler-utils).
Skipped when they are missing, unless POSTMORTEM_REQUIRE_TOOLS=1, as in CI, where a
missing tool fails the test instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from postmortem_docx import DocxExporter

import postmortem
from postmortem.testing import SECTION_MARKERS, normalise_text, require_tool, sample_incident

from ._docx_helpers import EXAMPLES, document_text, open_docx, require_soffice

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
