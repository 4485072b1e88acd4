"""``postmortem actions sync`` over a folder reads its post-mortems, not every data file in it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from postmortem.errors import shown_path

from .conftest import sync
from .fake_github import FakeGitHub


@pytest.mark.usefixtures("github_env")
class TestFolder:
    """A folder of post-mortems with a tool's file and a data file beside them."""

    def test_skips_what_is_no_post_mortem(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """The post-mortem's items are planned; the rest is named once on standard error."""
        folder = incident_file.parent
        (folder / "pyproject.toml").write_text('[project]\nname = "runbooks"\n', encoding="utf-8")
        (folder / "oncall.yaml").write_text("- name: Priya\n  week: 27\n", encoding="utf-8")
        result = sync(str(folder), "--to", "github", "--dry-run")
        assert result.exit_code == 0, result.output
        assert "AI-1 would create" in result.stdout
        assert "skipped 2 paths, not post-mortems: " in result.stderr
        assert "oncall.yaml (a list at the top)" in result.stderr
        assert fake_github.count() == 0

    def test_broken_post_mortem_fails(self, incident_file: Path) -> None:
        """A broken post-mortem beside them still fails, with its located problem."""
        broken = incident_file.parent / "INC-2026-0302.yaml"
        broken.write_text("id: INC-2026-0302\ntitle: Cache stampede\nseverity: SEV7\n", encoding="utf-8")
        result = sync(str(incident_file.parent), "--to", "github", "--dry-run")
        assert result.exit_code == 2
        assert f"{broken}:3 $.severity: unknown severity" in result.stderr

    def test_file_named_is_read(self, incident_file: Path) -> None:
        """A data file named on the command line fails: it was asked for."""
        roster = incident_file.parent / "oncall.yaml"
        roster.write_text("- name: Priya\n", encoding="utf-8")
        result = sync(str(roster), "--to", "github", "--dry-run")
        assert result.exit_code == 2
        assert "$: expected a mapping of sections, got a list" in result.stderr


@pytest.mark.usefixtures("github_env")
class TestOddNames:
    """A post-mortem whose name holds a line break or a byte that is not UTF-8 is named escaped."""

    @pytest.mark.parametrize("name", ["a\nb.yaml", os.fsdecode(b"c\xff.yaml")], ids=["line break", "not UTF-8"])
    def test_plan(self, incident_file: Path, name: str) -> None:
        """The plan's heading shows the name quoted with escapes (it was printed raw)."""
        odd = incident_file.with_name(name)
        incident_file.rename(odd)
        result = sync(str(odd), "--to", "github", "--dry-run")
        assert result.exit_code == 0, result.output
        heading = result.stdout_bytes.decode("utf-8").splitlines()[0]
        assert heading == f"{shown_path(odd)} (INC-2026-0301)"

    def test_json(self, incident_file: Path) -> None:
        """JSON keeps the name itself: a byte that is not UTF-8 is written \\udcff, the output is UTF-8."""
        odd = incident_file.with_name(os.fsdecode(b"c\xff.yaml"))
        incident_file.rename(odd)
        result = sync(str(odd), "--to", "github", "--dry-run", "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout_bytes.decode("utf-8"))["files"][0]["path"] == str(odd)
