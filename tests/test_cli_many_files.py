"""Commands over many files: folders are searched, and one bad file never stops the others."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main

from .conftest import EXAMPLES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good incidents, and three broken ones in different ways, in nested folders."""
    base = tmp_path / "incidents"
    (base / "2026").mkdir(parents=True)
    shutil.copy(EXAMPLES / "draft-checkout-errors.yaml", base / "2026" / "a-good.yaml")
    shutil.copy(EXAMPLES / "latency-database-hotspot.yaml", base / "b-good.yaml")
    (base / "2026" / "c-number-key.yaml").write_text(
        "1: x\nid: C\ntitle: t\nseverity: SEV2\nmilestones: {started: 2026-05-04T10:00:00Z}\n", encoding="utf-8"
    )
    (base / "d-impact-text.json").write_text(
        json.dumps(
            {
                "id": "D",
                "title": "t",
                "severity": "SEV2",
                "milestones": {"started": "2026-05-04T10:00:00Z"},
                "impact": "some text",
            }
        ),
        encoding="utf-8",
    )
    (base / "e-deep.toml").write_text("a = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    (base / ".hidden.yaml").write_text("not: [valid\n", encoding="utf-8")
    (base / "notes.txt").write_text("not an incident\n", encoding="utf-8")
    return base


EXPECTED_PROBLEMS = (
    "c-number-key.yaml:1 $.1: a key must be a name such as summary, got 1",
    "d-impact-text.json:1 $.impact: expected a mapping with keys such as summary, users_affected, share_affected, "
    'got "some text"',
    "e-deep.toml $: nested more than 64 levels deep",
)


class TestFolders:
    """validate and check take folders like actions, review and Collection.load."""

    def test_validate_a_folder(self, folder: Path) -> None:
        """Every file is read; each broken one is named with its located problem; exit 2."""
        code, out, err = run("validate", str(folder))
        assert code == 2
        assert out.count(": ok (") == 2
        for expected in EXPECTED_PROBLEMS:
            assert expected in err
        assert "Traceback" not in err
        assert ".hidden.yaml" not in err
        assert "3 of 5 files invalid" in err

    def test_check_a_folder(self, folder: Path) -> None:
        """check reports on the good files and names the broken ones."""
        code, out, err = run("check", str(folder), "--format", "json")
        assert code == 2
        document = json.loads(out)
        assert sorted(Path(report["source"]).name for report in document["reports"]) == [
            "a-good.yaml",
            "b-good.yaml",
        ]
        assert len(document["invalid"]) == 3
        for expected in EXPECTED_PROBLEMS:
            assert expected in err

    def test_an_empty_folder_is_an_error(self, tmp_path: Path) -> None:
        code, _out, err = run("check", str(tmp_path))
        assert code == 2
        assert "no incident files" in err

    @pytest.mark.parametrize("command", ["actions", "review"])
    def test_analytics_name_a_folder_without_post_mortems(self, folder: Path, tmp_path: Path, command: str) -> None:
        """A mistyped or empty folder is exit 2 for actions and review too, never "0 items" and 0;
        the other paths are still read."""
        empty = tmp_path / "empty"
        empty.mkdir()
        (tmp_path / "tools").mkdir()
        (tmp_path / "tools" / "package.json").write_text('{"name": "web"}', encoding="utf-8")
        extra = ["--since", "2026-01-01", "--until", "2026-12-31", "-o", str(tmp_path / "out")]
        options = extra if command == "review" else ["--format", "json"]
        code, out, err = run(command, *options, str(empty), str(tmp_path / "tools"), str(folder))
        assert code == 2
        assert f"error: {empty}: no incident files (.yaml, .yml, .json, .toml) in this folder\n" in err
        assert f"{tmp_path / 'tools'}: no incident files (.yaml, .yml, .json, .toml) in this folder (1 skipped" in err
        if command == "actions":
            document = json.loads(out)
            assert {Path(failure["path"]).name for failure in document["failures"]} >= {"empty", "tools"}
        code, _out, err = run(command, *options, str(folder / "2026" / "a-good.yaml"))
        assert code == 0, err

    @pytest.mark.parametrize("command", ["actions", "review"])
    def test_analytics_exit_two_with_located_messages(self, folder: Path, tmp_path: Path, command: str) -> None:
        """actions and review go on with the good files and exit 2, naming each broken one."""
        extra = ["--since", "2026-01-01", "--until", "2026-12-31", "-o", str(tmp_path / "out")]
        code, _out, err = run(command, str(folder), *(extra if command == "review" else []))
        assert code == 2
        for expected in EXPECTED_PROBLEMS:
            assert expected in err
        assert "3 files skipped" in err


class TestLimitsOnTheCommandLine:
    """--max-file-size and --max-depth go before the command and reach every load."""

    def test_the_limit_ends_with_the_command(self) -> None:
        """Invoked in-process, the option does not outlive the command."""
        run("--max-depth", "2", "validate", str(EXAMPLES / "draft-checkout-errors.yaml"))
        assert "POSTMORTEM_MAX_DEPTH" not in os.environ
        code, _out, _err = run("validate", str(EXAMPLES / "draft-checkout-errors.yaml"))
        assert code == 0

    def test_max_depth(self) -> None:
        code, _out, err = run("--max-depth", "2", "validate", str(EXAMPLES / "draft-checkout-errors.yaml"))
        assert code == 2
        assert "nested more than 2 levels deep" in err

    def test_max_file_size(self) -> None:
        code, _out, err = run("--max-file-size", "1KiB", "check", str(EXAMPLES / "draft-checkout-errors.yaml"))
        assert code == 2
        assert "over the 1 KiB limit; raise it with --max-file-size" in err

    def test_a_bad_size_is_a_usage_error(self) -> None:
        code, _out, err = run("--max-file-size", "big", "validate", str(EXAMPLES / "draft-checkout-errors.yaml"))
        assert code == 2
        assert "is not a size" in err
