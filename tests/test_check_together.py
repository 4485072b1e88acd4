"""``check_loaded_together``: several files read, each rule applied to them all before the next.

``check_files`` checks the files of a batch this way (``postmortem.checks._many``); each file
must get exactly the report ``check_loaded`` gives it alone, and a file whose check fails must
fail alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

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
