"""Fixtures: a running loopback HTTP server, a canary file, and PDFs rendered once per session.

The renders that tests in several modules only read (the sample incident, the examples) are
made once per test run and shared: a PDF takes one to two seconds of CPU to render. Under
pytest-xdist the first worker that needs one renders it into the run's own temporary folder
(shared by the workers, removed with the run's other folders) while the other waits for it
(:func:`postmortem.testing.once_per_run`), so each is rendered once per run, not once per
worker. Tests that check rendering itself (options, determinism, security) render for real.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import postmortem
from postmortem.testing import load_hypothesis_profile, once_per_run, sample_incident

from .pdf_helpers import CANARY_TEXT, LoopbackServer

# Run on their own (pytest exporters/<package>/tests), these tests never read the root
# conftest.py: they load the suite's Hypothesis profile here.
load_hypothesis_profile()


@pytest.fixture(autouse=True)
def _needs_pango() -> None:
    """Skip (or, with POSTMORTEM_REQUIRE_TOOLS=1, fail) where WeasyPrint cannot load Pango.

    Pango is a system library pip cannot install; without it no PDF can be made at all.
    """
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        reason = f"WeasyPrint cannot load its system libraries (install libpango-1.0-0): {exc}"
        if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A running loopback HTTP server."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A local file whose content must never reach a PDF."""
    path = tmp_path / "secret" / "canary.css"
    path.parent.mkdir()
    path.write_text(f"body {{ color: red }} /* {CANARY_TEXT} */", encoding="utf-8")
    return path


# 2026-12-01 00:00 UTC: documents carry their rendering time, fixed here so that two renders
# in one test give the same bytes (as a reproducible build sets it).
SOURCE_DATE_EPOCH = "1796083200"


@pytest.fixture(autouse=True)
def reproducible_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test renders as a reproducible build would, unless it removes the variable."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def _render(incident: postmortem.Incident, **options: object) -> bytes:
    """A PDF with the default options (or ``options``), as a reproducible build renders it."""
    from postmortem_pdf import PdfExporter

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        return PdfExporter(**options).render(incident)


def _render_file(path: Path) -> bytes:
    """The post-mortem in ``path`` as a PDF with the default options."""
    return _render(postmortem.load(path))


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The complete sample incident as a PDF, rendered once for the run."""
    return once_per_run(tmp_path_factory, "sample.pdf", lambda: _render(sample_incident()))


@pytest.fixture(scope="session")
def sample_pdf_a3b(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The complete sample incident as a PDF/A-3b file, rendered once for the run."""
    return once_per_run(
        tmp_path_factory, "sample-pdf-a-3b.pdf", lambda: _render(sample_incident(), pdf_variant="pdf/a-3b")
    )


@pytest.fixture(scope="module")
def a3b_again() -> bytes:
    """A second PDF/A-3b render of the sample, made in this process (not read from the run's
    shared file), for the tests that compare it with ``sample_pdf_a3b`` (the same bytes, the same
    archival identifier): one render for both."""
    return _render(sample_incident(), pdf_variant="pdf/a-3b")


EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every example post-mortem as a PDF with the default options, by file stem, rendered once for the run."""
    return {
        example.stem: once_per_run(
            tmp_path_factory, f"example-{example.stem}.pdf", functools.partial(_render_file, example)
        )
        for example in EXAMPLES
    }
