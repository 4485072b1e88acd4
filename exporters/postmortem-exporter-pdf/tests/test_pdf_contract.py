"""The exporter contract every postmortem exporter passes, run against the PDF exporter."""

from __future__ import annotations

import io

import pypdf
import pytest
from hypothesis import settings

from postmortem import model
from postmortem.testing import HOSTILE_SETTINGS, ExporterContract, normalise_text, sample_incident

from .pdf_helpers import pdf_text, reproducible_bytes, require_harfbuzz_subset


@pytest.mark.slow
class TestPdfContract(ExporterContract):
    """The shared contract (postmortem.testing), with the text read back by pypdf."""

    exporter_name = "pdf"
    # A render takes about a second: six hostile incidents per test, not the default 25, with
    # the same strategies (the other exporters and the CLI tests cover more shapes cheaply).
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=6)
    # Byte-for-byte equal renders need HarfBuzz-Subset: fontTools stamps the time into fonts.
    deterministic = reproducible_bytes()

    def test_same_input_same_output(self) -> None:
        """Rendering twice gives the same bytes (skipped, with the reason, without HarfBuzz-Subset)."""
        require_harfbuzz_subset()
        super().test_same_input_same_output()

    @pytest.mark.xdist_group("pdf-shared")
    def test_long_timeline(self, long_pdf: bytes) -> None:  # type: ignore[override]
        """An incident with 1,000 timeline events renders, with the last event present (the session's render)."""
        incident = sample_incident(events=1000)
        self.check_output(long_pdf, incident)
        assert "event 1000:" in normalise_text(self.extract_text(long_pdf))

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
