from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from postmortem import ActionStatus
from postmortem.analytics import Collection, generate_incidents, write_collection


class TestGenerateIncidents:
    def test_deterministic(self) -> None:
        """The same seed gives equal incidents; another seed does not."""
        assert generate_incidents(30, seed=1) == generate_incidents(30, seed=1)
        assert generate_incidents(30, seed=1) != generate_incidents(30, seed=2)

    def test_within_period_and_sorted(self) -> None:
        """Start times fall within the period, in order; ids are unique."""
        incidents = generate_incidents(200, seed=5, start=date(2026, 3, 1), end=date(2026, 3, 31))
        starts = [incident.milestones.started.date() for incident in incidents]
        assert starts == sorted(starts)
        assert min(starts) >= date(2026, 3, 1)
        assert max(starts) <= date(2026, 3, 31)
        assert len({incident.id for incident in incidents}) == 200

    def test_realistic_mix(self) -> None:
        """SEV1 is rarer than SEV4; some action items are overdue and some done without verification."""
        incidents = generate_incidents(500, seed=9)
        severities = [incident.severity.name for incident in incidents]
        assert severities.count("SEV1") < severities.count("SEV4")
        items = [item for incident in incidents for item in incident.action_items]
        assert any(item.is_overdue(date(2026, 12, 31)) for item in items)
        assert any(item.status is ActionStatus.DONE and not item.verification for item in items)
        assert all(incident.detection is not None for incident in incidents)

    def test_invalid(self) -> None:
        """Negative counts and reversed periods are refused."""
        with pytest.raises(ValueError, match="negative"):
            generate_incidents(-1)
        with pytest.raises(ValueError, match="before"):
            generate_incidents(1, start=date(2026, 2, 1), end=date(2026, 1, 1))


class TestWriteCollection:
    def test_round_trip(self, tmp_path: Path) -> None:
        """Written files in every format load back to equal incidents."""
        incidents = generate_incidents(12, seed=2)
        paths = write_collection(tmp_path, incidents, formats=("yaml", "json", "toml"), per_folder=5)
        assert {path.suffix for path in paths} == {".yaml", ".json", ".toml"}
        assert {path.parent.name for path in paths} == {"batch-000", "batch-001", "batch-002"}
        loaded = Collection.load(paths, parallelism="serial")
        assert loaded.failures == ()
        assert list(loaded) == incidents
