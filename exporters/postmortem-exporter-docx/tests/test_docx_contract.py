"""The DOCX exporter passes the contract every exporter passes."""

from __future__ import annotations

import io
import zipfile

import pytest

from postmortem import model
from postmortem.presentation import clean_text
from postmortem.testing import ExporterContract, normalise_text

from ._docx_helpers import document_text, open_docx


@pytest.mark.slow
class TestDocxContract(ExporterContract):
    """The shared exporter contract, reading DOCX back with python-docx."""

    exporter_name = "docx"

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
