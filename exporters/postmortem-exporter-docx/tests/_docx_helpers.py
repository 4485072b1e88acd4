"""Helpers shared by the DOCX exporter's tests: reading documents back, finding LibreOffice.

Imported relatively (pytest runs with ``--import-mode=importlib``), under a name no other
package's tests use.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest

if TYPE_CHECKING:
    from docx.document import Document

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def open_docx(data: bytes) -> Document:
    """Open DOCX bytes with python-docx."""
    return docx.Document(io.BytesIO(data))


def document_text(document: Document) -> str:
    """Every piece of text a reader sees: body paragraphs, table cells, headers and footers."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(paragraph.text for paragraph in part.paragraphs)
    return "\n".join(parts)


def require_soffice() -> str:
    """The LibreOffice program; skipped when missing, unless POSTMORTEM_REQUIRE_TOOLS=1 (CI)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
            pytest.fail("soffice (LibreOffice) is required (POSTMORTEM_REQUIRE_TOOLS=1) but not on PATH")
        pytest.skip("soffice (LibreOffice) is not installed; apt-get install libreoffice-writer-nogui")
    return program
