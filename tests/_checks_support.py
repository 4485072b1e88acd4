"""Shared helpers for the check tests: a complete incident to break, and rule runners."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs

import postmortem
from postmortem.checks import Config, Finding, check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COMPLETE = EXAMPLES / "api-outage-feature-flag.yaml"
COMPLETE_2 = EXAMPLES / "latency-database-hotspot.yaml"
DRAFT = EXAMPLES / "draft-checkout-errors.yaml"

TODAY = date(2026, 11, 1)
"""A fixed 'today' for every test: after both complete examples, before their open due dates."""

_cache: dict[Path, postmortem.Incident] = {}


def complete() -> postmortem.Incident:
    """The complete SEV1 example, which passes every completeness rule on TODAY."""
    if COMPLETE not in _cache:
        _cache[COMPLETE] = postmortem.load(COMPLETE)
    return _cache[COMPLETE]


def run(incident: postmortem.Incident, rule_id: str, **config: Any) -> list[Finding]:
    """Findings of one rule for ``incident`` on TODAY."""
    return list(check(incident, Config(**config), rules=[rule_id], today=TODAY))


def evolve(incident: postmortem.Incident, **changes: Any) -> postmortem.Incident:
    """attrs.evolve, named for readability in tests."""
    return attrs.evolve(incident, **changes)
