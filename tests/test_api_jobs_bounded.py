"""The library's counts of processes are bounded as the command line's ``-j`` is.

``check_files(..., jobs=N)``, ``export_many(..., jobs=N)`` and ``Collection.load(workers=N)``
took any N: a huge one forked a process for nearly every file (on a machine with two cores),
and a negative one was quietly taken as one. A count above four processes for each core this
process may use is now lowered to that, as ``postmortem check -j`` lowers it; a negative one
is a ValueError naming the range, raised when the function is called (before any work), and
one that is no whole number a TypeError.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import postmortem
from postmortem import _batch, _parallel
from postmortem.analytics import Collection, _collection
from postmortem.checks import Report, _many, check_files

from .conftest import EXAMPLES

INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"


@pytest.fixture
def many(tmp_path: Path) -> list[Path]:
    """Forty copies of an example, each with its own incident id."""
    text = INCIDENT.read_text(encoding="utf-8")
    folder = tmp_path / "incidents"
    folder.mkdir()
    paths = []
    for number in range(40):
        path = folder / f"incident-{number:02}.yaml"
        path.write_text(text.replace("INC-2026-0187", f"INC-2026-{number + 1000}"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """On one core: the processes each call hands the worker pool (which still does the work)."""
    monkeypatch.setattr(_parallel, "default_jobs", lambda: 1)
    seen: list[int] = []

    def recorded(*args: Any, jobs: int, **kwargs: Any) -> Iterator[Any]:
        seen.append(jobs)
        return _parallel.map_chunks(*args, jobs=jobs, **kwargs)

    for module in (_many, _batch, _collection):
        monkeypatch.setattr(module, "map_chunks", recorded)
    return seen


def _check(paths: list[Path], jobs: Any) -> list[Any]:
    return list(check_files(paths, jobs=jobs))


def _export(paths: list[Path], jobs: Any) -> list[Any]:
    out = paths[0].parent.parent / "out"
    return list(postmortem.export_many(paths, ["markdown"], out, jobs=jobs, fsync=False))


def _load(paths: list[Path], jobs: Any) -> list[Any]:
    return list(Collection.load(paths, parallelism="processes", workers=jobs))


CALLS: dict[str, tuple[Callable[[list[Path], Any], list[Any]], str]] = {
    "check_files": (_check, "jobs"),
    "export_many": (_export, "jobs"),
    "Collection.load": (_load, "workers"),
}


class TestHugeCountsLowered:
    """A million processes asked for on one core are four: three workers beside this process."""

    @pytest.mark.parametrize("call", list(CALLS))
    def test_at_most_four_processes_a_core(self, call: str, many: list[Path], asked: list[int]) -> None:
        work, _name = CALLS[call]
        results = work(many, 10**6)
        assert len(results) == len(many)
        assert asked == [4]  # on one core: this process and three workers

    def test_the_same_reports_as_one_process(self, many: list[Path], asked: list[int]) -> None:
        """Lowered, not refused: the reports are those of a check in this process alone."""
        lowered = [result.to_dict() for result in check_files(many, jobs=10**6) if isinstance(result, Report)]
        alone = [result.to_dict() for result in check_files(many, jobs=1) if isinstance(result, Report)]
        assert len(alone) == len(many)
        assert alone == lowered

    @pytest.mark.parametrize("jobs", [0, 1, 2, 4])
    def test_a_few_left_as_asked(self, jobs: int, asked: list[int]) -> None:
        assert jobs == _parallel.checked_jobs(jobs)

    def test_lowered_to_four_a_core(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_parallel, "default_jobs", lambda: 3)
        assert _parallel.checked_jobs(10**9) == 12
        assert _parallel.checked_jobs(7) == 7


class TestRefused:
    """A negative count or one that is no whole number stops the call before any work."""

    @pytest.mark.parametrize("call", list(CALLS))
    def test_negative(self, call: str, tmp_path: Path) -> None:
        work, name = CALLS[call]
        folder = tmp_path / "incidents"
        folder.mkdir()
        shutil.copy(INCIDENT, folder / INCIDENT.name)
        with pytest.raises(ValueError, match=rf"^{name} -1 is not in the range x>=0 \(0: one process per core\)$"):
            work([folder / INCIDENT.name], -1)
        assert not (tmp_path / "out").exists()

    @pytest.mark.parametrize("call", list(CALLS))
    @pytest.mark.parametrize("jobs", [2.5, "4", True])
    def test_not_a_whole_number(self, call: str, jobs: object, tmp_path: Path) -> None:
        work, name = CALLS[call]
        with pytest.raises(TypeError, match=rf"^{name} must be a whole number of processes \(0: one per core\), got "):
            work([INCIDENT], jobs)

    def test_raised_when_called_not_when_iterated(self) -> None:
        """check_files and export_many return iterators; the error comes with the call itself."""
        with pytest.raises(ValueError, match="jobs -5"):
            check_files([INCIDENT], jobs=-5)
        with pytest.raises(ValueError, match="jobs -5"):
            postmortem.export_many([INCIDENT], ["markdown"], "unused-out", jobs=-5)
