"""Reports kept between runs: ``check_files(..., cache=...)`` and ``postmortem check --cache``."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.checks import Config, Finding, FindingSeverity, Report, _many, check_files, register_rule, rule
from postmortem.checks._result_cache import _code_fingerprint
from postmortem.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = ("api-outage-feature-flag.yaml", "latency-database-hotspot.yaml", "draft-checkout-errors.yaml")
BROKEN = "id: INC-2026-0310\ntitle: Queue backlog\nseverity: SEV2\naction_items:\n  - id AI-1\n"
DAY = date(2027, 1, 15)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Nine incident files (the examples, three times over) and a broken one among them."""
    root = tmp_path / "incidents"
    root.mkdir()
    for copy in range(3):
        for name in GOOD:
            shutil.copy(EXAMPLES / name, root / f"{copy}-{name}")
    (root / "1-broken.yaml").write_text(BROKEN, encoding="utf-8")
    return root


def _seen(results: list[Report | postmortem.PostmortemError]) -> list[object]:
    """Everything a caller reads of the results: each report whole (as compared), or the error's text."""
    return [result if isinstance(result, Report) else (type(result).__name__, str(result)) for result in results]


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
