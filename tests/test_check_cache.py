"""Reports kept between runs: ``check_files(..., cache=...)`` and ``postmortem check --cache``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.checks import Config, Finding, FindingSeverity, Report, _many, check_files, register_rule, rule
from postmortem.checks._result_cache import _code_fingerprint
from postmortem.cli import main

from ._checks_support import EXAMPLES, GOOD, nine_and_a_broken

DAY = date(2027, 1, 15)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Nine incident files (the examples, three times over) and a broken one among them."""
    return nine_and_a_broken(tmp_path / "incidents")


def _seen(results: list[Report | postmortem.PostmortemError]) -> list[object]:
    """Everything a caller reads of the results: each report whole (as compared), or the error's text."""
    return [result if isinstance(result, Report) else (type(result).__name__, str(result)) for result in results]


_HOUSE_RULE = """
from postmortem.checks import rule

from house_rules.words import RUNBOOK


@rule("house/runbook", severity="warning")
def runbook(incident, context):
    if not any(RUNBOOK in link.title.lower() for link in incident.links):
        yield context.finding("$.links", "no runbook is linked")
"""


def _house_rules(site: Path) -> Path:
    """A third party's rule package installed in ``site`` (a real .dist-info with the entry point); its folder."""
    package = site / "house_rules"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(_HOUSE_RULE, encoding="utf-8")
    (package / "words.py").write_text('RUNBOOK = "runbook"\n', encoding="utf-8")
    info = site / "house_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: house-rules\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[postmortem.rules]\nhouse/runbook = house_rules:runbook\n")
    return package


class _Counted:
    """Counts the files read and checked by check_files in this process (jobs=1)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        batch = _many._check_batch

        def counted(tasks: list[_many._Task], configs: dict[int, Config]) -> list[_many._Result]:
            self.names.extend(task[0] for task in tasks)
            return batch(tasks, configs)

        monkeypatch.setattr(_many, "_check_batch", counted)


class TestKeptReports:
    def test_the_second_run_checks_nothing_and_gives_the_same_results(
        self, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reports equal (findings, places, scores, names) in the same order; the broken file's error again."""
        files = sorted(folder.glob("*.yaml"))
        uncached = list(check_files(files, today=DAY, jobs=1))
        counted = _Counted(monkeypatch)
        first = list(check_files(files, today=DAY, jobs=1, cache=tmp_path / "cache"))
        assert len(counted.names) == len(files)
        second = list(check_files(files, today=DAY, jobs=1, cache=tmp_path / "cache"))
        assert counted.names[len(files) :] == [str(folder / "1-broken.yaml")]  # errors are not kept
        assert _seen(first) == _seen(second) == _seen(uncached)
        assert any(f.column is not None for r in second if isinstance(r, Report) for f in r)

    def test_with_workers_the_same(self, folder: Path, tmp_path: Path) -> None:
        files = sorted(folder.glob("*.yaml"))
        uncached = list(check_files(files, today=DAY, jobs=2))
        first = list(check_files(files, today=DAY, jobs=2, cache=tmp_path / "cache"))
        second = list(check_files(files, today=DAY, jobs=2, cache=tmp_path / "cache"))
        assert _seen(first) == _seen(second) == _seen(uncached)

    def test_what_the_report_depends_on_checks_the_file_again(
        self, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A changed file, another name, another day, preset or configuration: checked again, and right."""
        cache = tmp_path / "cache"
        target = folder / "0-api-outage-feature-flag.yaml"
        list(check_files([target], today=DAY, jobs=1, cache=cache))
        counted = _Counted(monkeypatch)

        def again(path: Path, **settings: object) -> Report:
            before = len(counted.names)
            (result,) = check_files([path], jobs=1, cache=cache, **{"today": DAY, **settings})  # type: ignore[arg-type]
            assert len(counted.names) == before + 1, settings
            (expected,) = check_files([path], jobs=1, **{"today": DAY, **settings})  # type: ignore[arg-type]
            assert result == expected
            assert isinstance(result, Report)
            return result

        again(target, today=date(2030, 1, 1))
        again(target, preset="google")
        again(target, config=Config(severity={"blame/*": "info"}))
        renamed = folder / "renamed.yaml"
        shutil.copy(target, renamed)
        assert again(renamed).source == str(renamed)
        target.write_text(target.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
        again(target)
        # and each is kept in turn: the edited file's report is used next time
        before = len(counted.names)
        list(check_files([target], today=DAY, jobs=1, cache=cache))
        assert len(counted.names) == before

    def test_the_code_is_part_of_the_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Another version, or a rule registered in code, is another code fingerprint."""
        plain = _code_fingerprint()
        assert _code_fingerprint() == plain
        monkeypatch.setattr(postmortem, "__version__", "0.0.0-other")
        assert _code_fingerprint() != plain
        monkeypatch.undo()

        @rule("house/no-title-x", severity="info")
        def no_x(incident: postmortem.Incident, context: object) -> list[Finding]:
            return [Finding("house/no-title-x", FindingSeverity.INFO, "$.title", "x")] if "x" in incident.title else []

        register_rule(no_x)
        try:
            assert _code_fingerprint() != plain
        finally:
            postmortem.checks.unregister_rule("house/no-title-x")

    def test_an_installed_rule_edited_in_place_is_new_code(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A third party's rule package changed where it is installed, at the same version (an editable
        install, a fix made in place), in the rule's module or a helper beside it: another fingerprint."""
        from postmortem.checks import _registry

        package = _house_rules(tmp_path / "site")
        monkeypatch.syspath_prepend(str(tmp_path / "site"))
        _registry.refresh()
        try:
            plain = _code_fingerprint()
            assert "house/runbook" in postmortem.checks.available_rules()
            assert "house_rules" not in sys.modules  # found without importing it
            words = package / "words.py"
            words.write_text(words.read_text(encoding="utf-8") + "# and the wiki\n", encoding="utf-8")
            edited = _code_fingerprint()
            assert edited != plain
            (package / "__init__.py").write_text(_HOUSE_RULE.replace("no runbook", "no run book"), encoding="utf-8")
            assert _code_fingerprint() not in (plain, edited)
        finally:
            monkeypatch.undo()
            _registry.refresh()

    def test_a_damaged_cache_is_checked_as_without(self, folder: Path, tmp_path: Path) -> None:
        files = sorted(folder.glob("0-*.yaml"))
        cache = tmp_path / "cache"
        list(check_files(files, today=DAY, jobs=1, cache=cache))
        (kept,) = cache.glob("reports-*.json")
        kept.write_text("{not json", encoding="utf-8")
        assert _seen(list(check_files(files, today=DAY, jobs=1, cache=cache))) == _seen(
            list(check_files(files, today=DAY, jobs=1))
        )
        kept.write_text('{"' + "0" * 64 + '": [1, 2]}', encoding="utf-8")  # an entry of the wrong shape
        assert len(list(check_files(files, today=DAY, jobs=1, cache=cache))) == len(files)

    def test_off_by_default(self, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(tmp_path / "cache"))
        list(check_files(sorted(folder.glob("*.yaml")), today=DAY, jobs=1))
        assert not (tmp_path / "cache" / "check").exists()


def test_the_command_keeps_reports_with_cache(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``postmortem check --cache`` prints the same twice, and keeps the reports in the cache folder's check/."""
    monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", "--today", "2027-01-15", "--format", "json", str(folder)]
    plain = CliRunner().invoke(main, args)
    runs = [CliRunner().invoke(main, [*args, "--cache"]) for _ in range(2)]
    assert [run.exit_code for run in runs] == [plain.exit_code] * 2 == [2] * 2  # the broken file
    assert runs[0].stdout == runs[1].stdout == plain.stdout
    assert len(list((tmp_path / "cache" / "check").glob("reports-*.json"))) == 1


def test_the_command_reads_an_edited_rule_again(tmp_path: Path) -> None:
    """Two runs of ``postmortem check --cache`` (fresh processes) with a third party's rule edited in place
    between them: the second prints the edited rule's finding, not the report kept by the first."""
    _house_rules(tmp_path / "site")
    target = tmp_path / "incident.yaml"
    shutil.copy(EXAMPLES / GOOD[0], target)
    env = {
        **os.environ,
        "POSTMORTEM_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path / "site"), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "postmortem", "check", "--cache", "--jobs", "1", "--today", "2027-01-15"]

    def messages() -> list[str]:
        done = subprocess.run(
            [*command, "--format", "json", str(target)], check=False, capture_output=True, text=True, env=env
        )
        assert done.returncode in (0, 1), done.stderr
        (report,) = json.loads(done.stdout)["reports"]
        return [finding["message"] for finding in report["findings"] if finding["rule"] == "house/runbook"]

    assert messages() == ["no runbook is linked"]
    assert messages() == ["no runbook is linked"]  # from the kept report
    rules = tmp_path / "site" / "house_rules" / "__init__.py"
    rules.write_text(_HOUSE_RULE.replace("no runbook", "no run book"), encoding="utf-8")
    assert messages() == ["no run book is linked"]
