"""What the check tests share: the example files, a fixed today, and small helpers."""

from __future__ import annotations

import functools
import shutil
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
# The three examples, and a post-mortem whose action item lost its colon: a file that does not load.
GOOD = (COMPLETE.name, COMPLETE_2.name, DRAFT.name)
BROKEN = "id: INC-2026-0310\ntitle: Queue backlog\nseverity: SEV2\naction_items:\n  - id AI-1\n"


@functools.cache
def complete() -> postmortem.Incident:
    """The complete SEV1 example, which passes every completeness rule on TODAY."""
    return postmortem.load(COMPLETE)


def evolve(incident: postmortem.Incident, **changes: Any) -> postmortem.Incident:
    """attrs.evolve, named for readability in tests."""
    return attrs.evolve(incident, **changes)


def nine_and_a_broken(root: Path) -> Path:
    """``root`` made and filled: the examples three times over (``0-``, ``1-``, ``2-``) and ``1-broken.yaml``
    among them, a file that does not load."""
    root.mkdir()
    for copy in range(3):
        for name in GOOD:
            shutil.copy(EXAMPLES / name, root / f"{copy}-{name}")
    (root / "1-broken.yaml").write_text(BROKEN, encoding="utf-8")
    return root
