"""Short codes ("SP-09", "INC-2026-0187") never break at their hyphen in the Word report.

Word and LibreOffice break a line after a hyphen; a title read "Lot SP-" over "09 Deviation".
The HTML and PDF reports keep such codes whole (``postmortem.markup.whole_codes``); the DOCX
report writes their hyphens as ``<w:noBreakHyphen/>``.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from postmortem_docx import DocxExporter

from postmortem.testing import sample_incident

from ._docx_helpers import document_text, open_docx, require_soffice
from .test_docx_libreoffice import convert, require_pdftotext

TITLE = "Rtveli 2026 Cellar Log — Lot SP-09 Deviation (Saperavi into the Rkatsiteli qvevri)"


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


class TestTheDocumentXml:
    """What Word reads: non-breaking hyphens in codes, ordinary ones in words."""

    @pytest.fixture
    def data(self) -> bytes:
        incident = attrs.evolve(
            sample_incident(),
            title=TITLE,
            summary="Release 2026.10.13-2 of checkout-api reopened INC-2026-0187 on 2026-10-13 (a pre-deploy check).",
        )
        return DocxExporter().render(incident)

    def test_each_hyphen_of_a_code_is_a_non_breaking_hyphen(self, data: bytes) -> None:
        """The lot number, the release, the incident id and the date: none holds a breakable hyphen."""
        xml = document_xml(data)
        joined = re.sub(r'</w:t><w:noBreakHyphen/><w:t xml:space="preserve">', "\u2011", xml)
        for code in ("SP-09", "2026.10.13-2", "INC-2026-0187", "2026-10-13"):
            assert code.replace("-", "\u2011") in joined, code
            assert code not in joined, code

    def test_words_keep_their_ordinary_hyphens(self, data: bytes) -> None:
        """Words ("checkout-api", "pre-deploy") may break at their hyphens, as prose does."""
        xml = document_xml(data)
        assert "checkout-api" in xml
        assert "pre-deploy" in xml

    def test_the_text_reads_back_with_plain_hyphens(self, data: bytes) -> None:
        """A reader (python-docx here, a search in Word) finds "SP-09" as written."""
        document = open_docx(data)
        assert TITLE in document_text(document)
        assert "Release 2026.10.13-2 of checkout-api reopened INC-2026-0187 on 2026-10-13" in document_text(document)
        assert "\u2011" not in document_text(document)


@pytest.mark.slow
@pytest.mark.needs_tool("soffice")
def test_libreoffice_never_ends_a_line_at_a_codes_hyphen(tmp_path: Path) -> None:
    """Paragraphs full of "SP-09" between words of every length: no line ends "SP-", every code reads whole.

    Before the non-breaking hyphens, LibreOffice ended 17 of these lines at "SP-".
    """
    soffice = require_soffice()
    pdftotext = require_pdftotext()
    summary = "\n\n".join(" ".join("m" * ((j * 7 + k) % 9) + " SP-09" for j in range(40)) for k in range(9))
    source = tmp_path / "codes.docx"
    DocxExporter().write(attrs.evolve(sample_incident(), summary=summary), source)
    [pdf] = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
    # -raw keeps each laid-out line as it is (the default joins "SP-" and "09" across a line end).
    lines = subprocess.run([pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert [line for line in lines.splitlines() if re.search(r"SP[-\u2010\u2011]$", line.rstrip())] == []
    # Each code is drawn with its hyphen (a glyph the font has, not a gap).
    assert len(re.findall(r"SP[-\u2011]09", lines)) == summary.count("SP-09")
