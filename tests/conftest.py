"""Shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from postmortem import _registry

# CI runs each property test on a fixed set of examples, so a red run is a regression in the
# code and not a new draw; local runs keep drawing new examples and find new cases. Set
# HYPOTHESIS_PROFILE=explore to draw new examples in CI as well.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "explore"))

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
