"""The exporter contract every postmortem exporter passes, run against the PDF exporter."""

from __future__ import annotations

import io

import pypdf

from postmortem import model
from postmortem.testing import ExporterContract

from .pdf_helpers import pdf_text


class TestPdfContract(ExporterContract):
    """The shared contract (postmortem.testing), with the text read back by pypdf."""

    exporter_name = "pdf"

    def extract_text(self, output: str | bytes) -> str:
        assert isinstance(output, bytes)
        return pdf_text(output)

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        assert isinstance(output, bytes)
        assert output.startswith(b"%PDF-")
        assert output.rstrip().endswith(b"%%EOF")
        reader = pypdf.PdfReader(io.BytesIO(output), strict=True)
        assert len(reader.pages) >= 1
        assert reader.metadata is not None
        assert reader.metadata.title is not None
