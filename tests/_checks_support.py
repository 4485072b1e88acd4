"""What the check tests share: the example files, a fixed today, and small helpers."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import attrs

import postmortem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COMPLETE = EXAMPLES / "api-outage-feature-flag.yaml"
COMPLETE_2 = EXAMPLES / "latency-database-hotspot.yaml"
DRAFT = EXAMPLES / "draft-checkout-errors.yaml"
TODAY = date(2026, 11, 1)  # after both complete examples, before their open due dates


@functools.cache
def complete() -> postmortem.Incident:
    """The complete SEV1 example, which passes every completeness rule on TODAY."""
    return postmortem.load(COMPLETE)


def evolve(incident: postmortem.Incident, **changes: Any) -> postmortem.Incident:
    """attrs.evolve, named for readability in tests."""
    return attrs.evolve(incident, **changes)
