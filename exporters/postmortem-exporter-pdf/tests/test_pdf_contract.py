"""The exporter contract every postmortem exporter passes, run against the PDF exporter."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from hypothesis import settings

from postmortem import model
from postmortem.testing import (
    HOSTILE_SETTINGS,
    ExporterContract,
    examples,
    normalise_text,
    pdf_page_texts,
    pdf_text,
    sample_incident,
    thorough_only,
)

from .pdf_helpers import reproducible_bytes, require_harfbuzz_subset, short_incident


@pytest.mark.slow
class TestPdfContract(ExporterContract):
    """The shared contract (postmortem.testing), with the text read back by PDFium (postmortem.testing.pdf_text)."""

    exporter_name = "pdf"
    # A hostile incident takes 3 to 4 s of CPU to render: two per test in the everyday run and
    # six in the thorough run, not the default 25, with the same strategies (the other
    # exporters and the CLI tests cover more shapes cheaply).
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=2, full=6))
    # Byte-for-byte equal renders need HarfBuzz-Subset: fontTools stamps the time into fonts.
    deterministic = reproducible_bytes()

    def writing_incident(self) -> model.Incident:
        """The tests of writing (path, folder, stream) write the two-page short incident (0.3 s of CPU a render, not 0.8)."""
        incident: model.Incident = short_incident()
        return incident

    @pytest.fixture(autouse=True)
    def _shared_renders(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def rendered_sample(self) -> bytes:
        """The sample's PDF rendered once for the whole run (``sample_pdf`` in conftest.py), which the
        print tests read too: the same exporter, options and ``SOURCE_DATE_EPOCH``."""
        data: bytes = self._request.getfixturevalue("sample_pdf")
        return data

    def test_same_input_same_output(self) -> None:
        """Rendering twice gives the same bytes (skipped, with the reason, without HarfBuzz-Subset).

        The first render is the run's shared one, made earlier (in this or another process)."""
        require_harfbuzz_subset()
        super().test_same_input_same_output()

    @thorough_only  # 25 s of CPU; test_timeline_across_pages is its everyday form
    def test_long_timeline(self) -> None:
        """An incident with 1,000 timeline events renders and splits across pages sensibly.

        One render and one reading of its text serve the contract's check and the print
        checks (they were two renders in two tests): about 22 timeline rows fit an A4 page,
        so 1,000 events take 40 to 70 pages; every page with rows starts its table with the
        header row; all 1,000 events appear once, in time order.
        """
        pages = self.render_timeline(1000)
        assert 40 <= len(pages) <= 70
        self.check_timeline_pages(pages, 1000, least_pages_with_rows=30)

    def test_timeline_across_pages(self) -> None:
        """The everyday form of the long-timeline test: 60 events over several pages.

        The same checks where the table breaks across pages: every page with rows (the table
        runs over at least three, about 18 rows a page) starts with the header row, and every
        event appears once, in time order.
        """
        pages = self.render_timeline(60)
        self.check_timeline_pages(pages, 60, least_pages_with_rows=3)

    def render_timeline(self, events: int) -> list[str]:
        """Render the sample with ``events`` timeline events, check it as the contract does, and read its pages."""
        incident = sample_incident(events=events)
        output = self.make_exporter().render(incident)
        self.check_output(output, incident)
        return pdf_page_texts(output)

    @staticmethod
    def check_timeline_pages(pages: list[str], events: int, *, least_pages_with_rows: int) -> None:
        """Every page with timeline rows starts its table with the header row; every event appears once, in order.

        The pages are read as normalised text: a row's event may wrap inside its cell."""
        texts = [normalise_text(text) for text in pages]
        pages_with_rows = [text for text in texts if "error rate alert evaluated" in text]
        assert len(pages_with_rows) >= least_pages_with_rows
        for text in pages_with_rows:
            assert re.search(r"Time( \([^)]*\))? Kind Event Actor Source", text)
        numbers = [int(n) for n in re.findall(r"event (\d+):", " ".join(texts))]
        assert numbers == list(range(1, events + 1))

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
