"""Shared fixtures of the core's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postmortem import _registry

# The Hypothesis profile (fixed examples when CI is set) is chosen in the repository's root
# conftest.py, for the exporter packages' tests too.

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """Start and end a test with a fresh exporter scan and no runtime registrations."""
    _registry.refresh()
    saved = dict(_registry._runtime)
    _registry._runtime.clear()
    yield
    _registry._runtime.clear()
    _registry._runtime.update(saved)
    _registry.refresh()
