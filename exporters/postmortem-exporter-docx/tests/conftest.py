"""Shared fixtures for the DOCX tests."""

from __future__ import annotations

import pytest

# 2026-12-01 00:00 UTC: documents carry their rendering time, fixed here so that two renders
# in one test give the same bytes (as a reproducible build sets it).
SOURCE_DATE_EPOCH = "1796083200"


@pytest.fixture(autouse=True)
def reproducible_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test renders as a reproducible build would, unless it removes the variable."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
