"""The timeline demo: the example's timeline built from Slack, PagerDuty and Alertmanager exports."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from postmortem import load
from postmortem.model import EventKind

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "timeline-demo" / "build_timeline.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    runpy.run_path(str(SCRIPT), run_name="demo")["main"](out)
    return out


class TestDemo:
    def test_imported_timeline_agrees_with_the_example_milestones(self, built: Path) -> None:
        """The timeline built from the exports suggests the milestones the example records."""
        from postmortem.timeline import suggest_milestones

        incident = load(built / "api-outage-feature-flag.imported.yaml")
        suggestions = suggest_milestones(incident)
        assert [s.milestone for s in suggestions] == ["detected", "acknowledged", "mitigated", "resolved"]
        assert all(s.agrees for s in suggestions)
        kinds = {e.kind for e in incident.timeline}
        assert {EventKind.ALERT, EventKind.ACTION, EventKind.CHAT} <= kinds
        assert {e.source for e in incident.timeline} >= {"alertmanager", "pagerduty", "slack #inc-2026-1013-api-errors"}

    def test_times_are_written_in_the_incident_timezone(self, built: Path) -> None:
        """New events use the example's Europe/Berlin offset, like its hand-written ones."""
        text = (built / "api-outage-feature-flag.imported.yaml").read_text()
        assert "  - time: 2026-10-13T14:09:00+02:00\n" in text
        assert "Z\n    description" not in text

    def test_merged_keeps_every_hand_written_event(self, built: Path) -> None:
        """Merging into the example keeps its own events and folds the alert into the hand-written one."""
        example = load(ROOT / "examples" / "api-outage-feature-flag.yaml")
        merged = load(built / "api-outage-feature-flag.merged.yaml")
        for event in example.timeline:
            assert any(e.time == event.time and e.description == event.description for e in merged.timeline)
        alert = next(e for e in merged.timeline if e.description.startswith("Alert api-error-rate-high fires"))
        assert alert.also_in == ("alertmanager",)
        assert merged.participants == example.participants
