"""``check_loaded_together``: several files read, each rule applied to them all before the next.

``check_files`` checks the files of a batch this way (``postmortem.checks._many``); each file
must get exactly the report ``check_loaded`` gives it alone, and a file whose check fails must
fail alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from postmortem import Incident
from postmortem.checks import (
    CheckContext,
    Config,
    Finding,
    Report,
    check_files,
    register_rule,
    rule,
    unregister_rule,
)
from postmortem.checks._engine import check_loaded, check_loaded_together
from postmortem.serialize import load_with_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = Config().effective_today()
_T = TypeVar("_T")


def _examples() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 3
    return files


@pytest.fixture
def failing_rule() -> Iterator[list[str]]:
    """A rule of a plugin that raises for an incident whose title has "hotspot"; the incidents it was given, in turn."""
    seen: list[str] = []

    @rule("house/hotspot-breaks", severity="info")
    def breaks(incident: Incident, context: CheckContext) -> list[Finding]:
        seen.append(incident.id)
        if "hotspot" in incident.title.lower():
            raise ValueError("this plugin cannot read hotspots")
        return [context.finding("$.title", "title read")]

    register_rule(breaks)
    try:
        yield seen
    finally:
        unregister_rule("house/hotspot-breaks")


class TestCheckLoadedTogether:
    def test_the_reports_check_loaded_gives_each_file(self) -> None:
        """The same reports, whole (findings, suppressed, completeness, sections, incident), in the files' order."""
        files = _examples() * 2
        together = check_loaded_together(
            [(path, load_with_source(path), None) for path in files], today=DAY, keep_incident=True
        )
        alone = [check_loaded(path, load_with_source(path), None, today=DAY) for path in files]
        assert together == alone
        assert all(isinstance(report, Report) for report in together)
        assert sum(len(report.findings) for report in together if isinstance(report, Report)) > 20

    def test_files_of_other_configurations(self) -> None:
        """Files whose configurations run other rules each get their own configuration's report."""
        quiet = Config(disable=("blame/*",), preset="google")
        files = _examples()
        configs = [None, quiet, None, quiet][: len(files)] + [quiet] * max(0, len(files) - 4)
        together = check_loaded_together(
            [(path, load_with_source(path), config) for path, config in zip(files, configs, strict=True)],
            today=DAY,
            keep_incident=False,
        )
        alone = [
            check_loaded(path, load_with_source(path), config, today=DAY, keep_incident=False)
            for path, config in zip(files, configs, strict=True)
        ]
        assert together == alone
        assert any(report.rules != alone[0].rules for report in alone if isinstance(report, Report))

    def test_a_failing_file_fails_alone(self, failing_rule: list[str]) -> None:
        """A rule that raises for one file: that file's result is the exception, the others' reports are whole."""
        files = _examples()
        loaded = [(path, load_with_source(path), None) for path in files]
        results = check_loaded_together(loaded, today=DAY)
        given = list(failing_rule)
        for path, result in zip(files, results, strict=True):
            incident = load_with_source(path)[0]
            if "hotspot" in incident.title.lower():
                assert isinstance(result, ValueError)
                with pytest.raises(ValueError, match="cannot read hotspots"):
                    check_loaded(path, load_with_source(path), None, today=DAY)
            else:
                assert result == check_loaded(path, load_with_source(path), None, today=DAY)
                assert isinstance(result, Report)
                assert [f.message for f in result.filter(rule="house/hotspot-breaks")] == ["title read"]
        assert sum(isinstance(result, ValueError) for result in results) == 1
        # The plugin's rule was given each file once, in the files' order.
        assert given == [load_with_source(path)[0].id for path in files]

    def test_check_files_puts_the_failure_in_its_place(self, failing_rule: list[str], tmp_path: Path) -> None:
        """Through check_files (a batch of files), the failing file's error in its place, every other report whole.

        In this process: a rule registered at run time reaches forked workers only, and a test
        runner's threads (pytest-xdist) keep check_files from forking (see ``postmortem._parallel``).
        """
        del failing_rule
        for copy in range(4):
            for path in _examples():
                shutil.copy(path, tmp_path / f"{copy}-{path.name}")
        files = sorted(tmp_path.glob("*.yaml"))
        results = list(check_files(files, jobs=1, today=DAY))
        assert len(results) == len(files)
        for path, result in zip(files, results, strict=True):
            if "hotspot" in load_with_source(path)[0].title.lower():
                assert not isinstance(result, Report)
                assert "cannot read hotspots" in str(result)
                assert str(path) in str(result)
            else:
                expected = check_loaded(path, load_with_source(path), None, today=DAY, keep_incident=False)
                assert result == expected


def _files_of_every_kind(folder: Path) -> list[Path]:
    """Incident files as YAML, JSON and TOML, and files that do not load for every reason a loader gives."""
    from postmortem.serialize import dumps, load

    incident = load(EXAMPLES / "api-outage-feature-flag.yaml")
    written = {
        "good.yaml": (EXAMPLES / "latency-database-hotspot.yaml").read_bytes(),
        "good.json": dumps(incident, "json").encode(),
        "good.toml": dumps(incident, "toml").encode(),
        "duplicate-key.json": dumps(incident, "json")
        .replace('"title": ', '"title": "twice",\n  "title": ', 1)
        .encode(),
        "broken.yaml": b"id: INC-1\ntitle: [unclosed\n",
        "wrong-types.yaml": b"id: INC-2\ntitle: Outage\nseverity: [1, 2]\nstarted_at: not a time\n",
        "duplicate-key.yaml": b"id: INC-3\ntitle: One\ntitle: Two\nseverity: SEV2\n",
        "empty.yaml": b"",
        "a-list.yaml": b"- one\n- two\n",
        "not-utf8.yaml": b"id: INC-4\ntitle: caf\xe9\n",
        "too-large.yaml": b"id: INC-5\ntitle: " + b"x" * 150_000 + b"\n",
        "notes.txt": b"id: INC-6\n",
    }
    for name, data in written.items():
        (folder / name).write_bytes(data)
    (folder / "a-folder.yaml").mkdir()
    return [*(folder / name for name in written), folder / "a-folder.yaml", folder / "missing.yaml"]


def _outcome(call: Callable[[Path], _T], path: Path) -> _T | Exception:
    """What ``call(path)`` returns, or the exception it raises."""
    try:
        return call(path)
    except Exception as exc:  # the file's own result, compared by the caller
        return exc


class TestLoadManyWithSource:
    """Every file parsed before any is structured: each result what load_with_source gives or raises."""

    def test_the_same_results_and_errors_as_one_at_a_time(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from postmortem.errors import IncidentFormatError
        from postmortem.serialize._io import load_many_with_source

        files = _files_of_every_kind(tmp_path)
        monkeypatch.setenv("POSTMORTEM_MAX_FILE_SIZE", "100000")
        results = load_many_with_source(files)
        assert len(results) == len(files)
        kinds: set[str] = set()
        for path, result in zip(files, results, strict=True):
            expected = _outcome(load_with_source, path)
            if isinstance(expected, Exception):
                assert type(result) is type(expected), path.name
                assert str(result) == str(expected), path.name
                if isinstance(expected, IncidentFormatError):
                    assert isinstance(result, IncidentFormatError)
                    assert (result.problems, result.source) == (expected.problems, expected.source), path.name
                kinds.add(type(expected).__name__)
            else:
                assert not isinstance(result, Exception), path.name
                assert result[0] == expected[0]
                assert dict(result[1]) == dict(expected[1])
                assert result[2] == expected[2]
                kinds.add("loaded")
        # Loaded files and every kind of failure were among them.
        assert {"loaded", "IncidentFormatError", "NotAnIncidentError", "PostmortemError"} <= kinds

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_check_files_gives_each_file_its_own_result(self, tmp_path: Path, jobs: int) -> None:
        """check_files over files of every kind, one batch and more: each result check_file's (or its error)."""
        from postmortem.checks import check_file

        files = _files_of_every_kind(tmp_path) * 2
        results = list(check_files(files, jobs=jobs, today=DAY))
        assert len(results) == len(files)
        for path, result in zip(files, results, strict=True):
            expected = _outcome(lambda name: check_file(name, today=DAY), path)
            if isinstance(expected, Exception):
                assert type(result) is type(expected), path.name
                assert str(result) == str(expected), path.name
            else:
                assert isinstance(result, Report), path.name
                assert (result.source, result.findings, result.suppressed, result.completeness) == (
                    expected.source,
                    expected.findings,
                    expected.suppressed,
                    expected.completeness,
                )
