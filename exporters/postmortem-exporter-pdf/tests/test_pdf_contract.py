"""The exporter contract every postmortem exporter passes, run against the PDF exporter."""

from __future__ import annotations

import io

import pypdf
import pytest

from postmortem import model
from postmortem.testing import ExporterContract

from .pdf_helpers import pdf_text, reproducible_bytes, require_harfbuzz_subset


@pytest.mark.slow
class TestPdfContract(ExporterContract):
    """The shared contract (postmortem.testing), with the text read back by pypdf."""

    exporter_name = "pdf"
    # Byte-for-byte equal renders need HarfBuzz-Subset: fontTools stamps the time into fonts.
    deterministic = reproducible_bytes()

    def test_same_input_same_output(self) -> None:
        """Rendering twice gives the same bytes (skipped, with the reason, without HarfBuzz-Subset)."""
        require_harfbuzz_subset()
        super().test_same_input_same_output()

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
