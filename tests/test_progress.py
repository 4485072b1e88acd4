"""Progress bars for long work over many files: on a terminal only, never in output meant for pipes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from postmortem import dump
from postmortem.testing import sample_incident

DATA = Path(__file__).resolve().parent / "data"
SOURCES = DATA / "sources"

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def _run(args: list[str], *, terminal: bool, cwd: Path) -> tuple[int, str, str]:
    """Run the command with standard error on a pseudo-terminal (or a pipe); return code, stdout, stderr."""
    command = [sys.executable, "-m", "postmortem", *args]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=120, check=False)
        return done.returncode, done.stdout, done.stderr
    leader, follower = os.openpty()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, cwd=cwd, env=env
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=120), stdout, seen.decode(errors="replace")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    incidents = tmp_path / "incidents"
    incidents.mkdir()
    base = sample_incident()
    for number in range(5):
        dump(attrs.evolve(base, id=f"INC-{number}"), incidents / f"inc-{number}.yaml")
    return incidents


class TestProgress:
    @pytest.mark.slow
    @pytest.mark.parametrize(
        ("label", "args"),
        [
            ("Checking", ["check", "--fail-on", "error", "{files}"]),
            ("Loading", ["actions", "--all", "--format", "csv", "{folder}"]),
            ("Loading", ["review", "{folder}", "--since", "2020-01-01", "--to", "markdown", "-o", "out"]),
        ],
        ids=["check", "actions", "review"],
    )
    def test_a_bar_on_a_terminal_and_none_in_a_pipe(
        self, folder: Path, tmp_path: Path, label: str, args: list[str]
    ) -> None:
        """On a terminal standard error shows the bar; piped, neither stream holds it."""
        files = sorted(str(path) for path in folder.iterdir())
        expanded: list[str] = []
        for arg in args:
            expanded.extend(files if arg == "{files}" else [str(folder) if arg == "{folder}" else arg])
        code, stdout, terminal = _run(expanded, terminal=True, cwd=tmp_path)
        assert code in (0, 1), terminal
        assert label in terminal
        assert "100%" in terminal
        assert label not in stdout
        code, stdout, stderr = _run(expanded, terminal=False, cwd=tmp_path)
        assert label not in stdout + stderr

    def test_timeline_over_several_exports(self, tmp_path: Path) -> None:
        """timeline shows a bar over the exports it reads."""
        incident = tmp_path / "incident.yaml"
        shutil.copy(DATA / "timeline" / "checkout-incident.yaml", incident)
        args = [
            "timeline",
            str(incident),
            "--pagerduty",
            str(SOURCES / "pagerduty_log_entries.json"),
            "--alertmanager",
            str(SOURCES / "alertmanager_webhooks.jsonl"),
            "--statuspage",
            str(SOURCES / "statuspage_incident.json"),
        ]
        code, stdout, terminal = _run(args, terminal=True, cwd=tmp_path)
        assert code == 0, terminal
        assert "Reading exports" in terminal
        assert "Reading exports" not in stdout
        assert "Added" in stdout

    def test_one_file_shows_no_bar(self, folder: Path, tmp_path: Path) -> None:
        """A bar for a single file is noise: check of one file shows none."""
        one = str(next(folder.iterdir()))
        _code, _stdout, terminal = _run(["check", one], terminal=True, cwd=tmp_path)
        assert "Checking" not in terminal
