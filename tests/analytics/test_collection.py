from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem import Incident, IncidentFormatError, PostmortemError, WriteUpStatus, dump
from postmortem.analytics import Collection, LoadFailure, find_incident_files

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]


@pytest.fixture
def tree(tmp_path: Path, make: MakeIncident) -> Path:
    """A folder of three good files in three formats, one broken file and files to ignore."""
    dump(make("INC-1", severity="SEV1", services=("api",), tags=("db",)), tmp_path / "2026" / "inc-1.yaml")
    dump(make("INC-2", severity="SEV3", start=T0 + timedelta(days=40)), tmp_path / "2026" / "q3" / "inc-2.json")
    dump(make("INC-3", severity="SEV2", services=("web",), status=WriteUpStatus.PUBLISHED), tmp_path / "inc-3.toml")
    (tmp_path / "broken.yml").write_text(
        "id: INC-9\ntitle: Broken\nseverity: SEV9\nmilestones: {started: 2026-07-01T00:00:00Z}\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not an incident", encoding="utf-8")
    hidden = tmp_path / ".git"
    hidden.mkdir()
    (hidden / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    return tmp_path


class TestFindIncidentFiles:
    def test_suffixes_and_hidden(self, tree: Path) -> None:
        """Only .yaml/.yml/.json/.toml files are found, hidden folders are skipped, the list is sorted."""
        names = [path.relative_to(tree).as_posix() for path in find_incident_files(tree)]
        assert names == ["2026/inc-1.yaml", "2026/q3/inc-2.json", "broken.yml", "inc-3.toml"]

    def test_single_file(self, tree: Path) -> None:
        """A file is its own list."""
        assert find_incident_files(tree / "inc-3.toml") == [tree / "inc-3.toml"]

    def test_missing(self, tmp_path: Path) -> None:
        """A path that does not exist is an error naming it."""
        with pytest.raises(PostmortemError, match="nowhere"):
            find_incident_files(tmp_path / "nowhere")


class TestLoad:
    @pytest.mark.parametrize("parallelism", ["serial", "threads", "processes", "auto"])
    def test_directory(self, tree: Path, parallelism: str) -> None:
        """Every way of loading finds the same incidents in path order and keeps the broken file."""
        collection = Collection.load(tree, parallelism=parallelism, workers=2)  # type: ignore[arg-type]
        assert [incident.id for incident in collection] == ["INC-1", "INC-2", "INC-3"]
        assert len(collection.failures) == 1
        failure = collection.failures[0]
        assert failure.path == tree / "broken.yml"
        assert isinstance(failure.error, IncidentFormatError)
        assert [(p.path, p.line) for p in failure.error.problems] == [("$.severity", 3)]

    def test_failures_unpack_as_pairs(self, tree: Path) -> None:
        """A failure is a (path, error) pair."""
        path, error = Collection.load(tree, parallelism="serial").failures[0]
        assert path.name == "broken.yml"
        assert "broken.yml" in str(error)

    def test_list_of_paths(self, tree: Path) -> None:
        """A list of files loads those files only, in the given order."""
        collection = Collection.load([tree / "inc-3.toml", tree / "2026" / "inc-1.yaml"])
        assert [incident.id for incident in collection] == ["INC-3", "INC-1"]
        assert collection.failures == ()

    def test_unreadable_file_is_a_failure(self, tmp_path: Path) -> None:
        """A listed file that does not exist is reported, not raised."""
        collection = Collection.load([tmp_path / "gone.yaml"])
        assert len(collection) == 0
        assert collection.failures == (LoadFailure(tmp_path / "gone.yaml", collection.failures[0].error),)
        assert "cannot read" in str(collection.failures[0].error)

    def test_empty_directory(self, tmp_path: Path) -> None:
        """An empty folder is an empty collection."""
        collection = Collection.load(tmp_path)
        assert len(collection) == 0
        assert not collection


class TestFilter:
    @pytest.fixture
    def collection(self, tree: Path) -> Collection:
        return Collection.load(tree, parallelism="serial")

    def ids(self, collection: Collection) -> list[str]:
        return [incident.id for incident in collection]

    def test_time_range_dates_are_inclusive_days(self, collection: Collection) -> None:
        """until=<date> includes that whole day; since=<date> starts at its midnight UTC."""
        assert self.ids(collection.filter(since=date(2026, 8, 10))) == ["INC-2"]
        assert self.ids(collection.filter(until=date(2026, 7, 1))) == ["INC-1", "INC-3"]
        assert self.ids(collection.filter(since=date(2026, 7, 2), until=date(2026, 8, 9))) == []
        assert self.ids(collection.filter(since=date(2026, 7, 2), until=date(2026, 8, 10))) == ["INC-2"]

    def test_time_range_datetimes(self, collection: Collection) -> None:
        """A datetime until is exclusive."""
        assert self.ids(collection.filter(until=T0)) == []
        assert self.ids(collection.filter(since=T0, until=T0 + timedelta(seconds=1))) == ["INC-1", "INC-3"]

    def test_naive_datetime_refused(self, collection: Collection) -> None:
        """A naive datetime cannot be compared with aware start times."""
        with pytest.raises(ValueError, match="timezone"):
            collection.filter(since=datetime(2026, 7, 1))

    def test_severity_service_tag_status(self, collection: Collection) -> None:
        """Each criterion matches case-insensitively; lists match any member."""
        assert self.ids(collection.filter(severity="sev1")) == ["INC-1"]
        assert self.ids(collection.filter(severity=["SEV2", "SEV3"])) == ["INC-2", "INC-3"]
        assert self.ids(collection.filter(service="WEB")) == ["INC-3"]
        assert self.ids(collection.filter(tag="db")) == ["INC-1"]
        assert self.ids(collection.filter(status="published")) == ["INC-3"]
        assert self.ids(collection.filter(status=[WriteUpStatus.DRAFT])) == ["INC-1", "INC-2"]

    def test_criteria_combine(self, collection: Collection) -> None:
        """All criteria must hold."""
        assert self.ids(collection.filter(service="api", severity="SEV3")) == ["INC-2"]
        assert self.ids(collection.filter(where=lambda incident: incident.id.endswith("3"))) == ["INC-3"]

    def test_failures_carry_over(self, collection: Collection) -> None:
        """Filtering keeps the record of files that did not load."""
        assert collection.filter(severity="SEV1").failures == collection.failures

    def test_access(self, collection: Collection) -> None:
        """Index, slice, get and repr behave like a read-only sequence."""
        assert collection[0].id == "INC-1"
        assert [incident.id for incident in collection[1:]] == ["INC-2", "INC-3"]
        assert collection.get("INC-2") is collection[1]
        assert collection.get("INC-404") is None
        assert repr(collection) == "<Collection of 3 incidents, 1 failed files>"
