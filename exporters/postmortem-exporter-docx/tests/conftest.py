"""Shared fixtures for the DOCX tests."""

from __future__ import annotations

import pytest

from postmortem.testing import load_hypothesis_profile

# 2026-12-01 00:00 UTC: documents carry their rendering time, fixed here so that two renders
# in one test give the same bytes (as a reproducible build sets it).
SOURCE_DATE_EPOCH = "1796083200"

# Run on their own (pytest exporters/<package>/tests), these tests never read the root
# conftest.py: they load the suite's Hypothesis profile here.
load_hypothesis_profile()


@pytest.fixture(autouse=True)
def reproducible_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test renders as a reproducible build would, unless it removes the variable."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
