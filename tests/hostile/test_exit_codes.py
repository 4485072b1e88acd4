"""Every command that writes: an output that cannot be written is exit 2 with one located line.

docs/cli.md: "A report that cannot be written (permission denied, a full disk, a folder that
cannot be created, a name too long) is a one-line message and exit 2; any earlier report at
that path is left intact." Each command is run as a process, with a file standing where its
output folder should be (the machine's user may be root, for whom permissions are no
obstacle; a file in the way stops everyone).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._limited import Run, postmortem
from .conftest import EXAMPLES

INCIDENT = "api-outage-feature-flag.yaml"
EVENTS = '{"time": "2026-10-13T14:00:00Z", "description": "Deploy of the flag service"}\n'


def _prepared(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / INCIDENT, tmp_path / INCIDENT)
    (tmp_path / "events.jsonl").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "notes.md").write_text(
        "# Checkout errors\n\nDate: 2026-05-21\n\n## Summary\n\nPayments failed for an hour.\n"
    )
    (tmp_path / "blocker").write_text("a file where a folder should be\n", encoding="utf-8")
    return tmp_path


# Each command's arguments; BLOCKED is a path below the file "blocker".
BLOCKED = "blocker/out"
COMMANDS = {
    "export": ("export", INCIDENT, "--to", "markdown", "-o", BLOCKED, "-j", "1"),
    "review": ("review", INCIDENT, "--since", "2026-01-01", "--until", "2026-12-31", "-o", BLOCKED),
    "timeline -o": ("timeline", INCIDENT, "--jsonl", "events.jsonl", "-o", f"{BLOCKED}/incident.yaml"),
    "new": ("new", f"{BLOCKED}/new.yaml"),
    "redact -o": ("redact", INCIDENT, "-o", f"{BLOCKED}/public.yaml"),
    "redact --report": ("redact", INCIDENT, "--report", f"{BLOCKED}/report.txt"),
    "import -o": ("import", "notes.md", "-o", f"{BLOCKED}/imported.yaml"),
}


@pytest.fixture(params=["read-only", "full"])
def mounted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A small file system, read-only or all but full, when this machine lets us mount one (root)."""
    kind = str(request.param)
    mount = tmp_path / "mount"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("cannot mount a small tmpfs here (not root)")
    options = "ro,size=64k" if kind == "read-only" else "size=64k"
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], check=False).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        if kind == "full":
            (mount / "filler").write_bytes(b"x" * (60 * 1024))
        yield kind, mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# What each command writes into the mount (a report of more than the 4 KiB left on the full one).
INTO = {
    "export": ("export", INCIDENT, "--to", "html", "-o", "{mount}/out", "-j", "1"),
    "review": ("review", INCIDENT, "--since", "2026-01-01", "--until", "2026-12-31", "-o", "{mount}/out"),
    "timeline -o": ("timeline", INCIDENT, "--jsonl", "events.jsonl", "-o", "{mount}/incident.yaml"),
    "redact -o": ("redact", INCIDENT, "-o", "{mount}/public.yaml"),
}


@pytest.mark.parametrize("command", sorted(INTO))
def test_a_read_only_or_full_file_system_is_exit_2_with_one_line(
    tmp_path: Path, mounted: tuple[str, Path], command: str
) -> None:
    """Each command names the path and the reason once (timeline said them twice), and leaves nothing half-written."""
    kind, mount = mounted
    folder = _prepared(tmp_path)
    args = [arg.format(mount=mount) if isinstance(arg, str) else arg for arg in INTO[command]]
    run = postmortem(*args, cwd=folder)
    assert run.code == 2, run.output
    assert "Traceback" not in run.output
    reason = "Read-only file system" if kind == "read-only" else "no space left on the device"
    lines = [line for line in run.stderr.splitlines() if reason in line]
    assert len(lines) == 1, run.stderr
    assert lines[0].count(str(mount)) == 1, lines[0]
    left = sorted(path.name for path in mount.rglob("*") if path.is_file() and path.name != "filler")
    assert left == [], left


def _assert_unwritable(run: Run) -> None:
    assert run.code == 2, run.output
    assert "Traceback" not in run.output, run.output
    assert "This is a bug" not in run.output, run.output
    lines = [line for line in run.stderr.splitlines() if "cannot create the folder" in line]
    assert len(lines) == 1, run.stderr
    assert "blocker" in lines[0], lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_that_cannot_be_written_is_exit_2(tmp_path: Path, command: str) -> None:
    """The same code and the same kind of message from every command: the path and the reason."""
    folder = _prepared(tmp_path)
    run = postmortem(*COMMANDS[command], cwd=folder)
    _assert_unwritable(run)
    assert (folder / "blocker").read_text(encoding="utf-8") == "a file where a folder should be\n"


def test_timeline_incident_that_cannot_be_read_is_exit_2(tmp_path: Path) -> None:
    """An incident file whose format its name does not tell is invalid input (2), said as ``error: ...``."""
    folder = _prepared(tmp_path)
    (folder / "incident.txt").write_text("id: X\n", encoding="utf-8")
    run = postmortem("timeline", "incident.txt", "--jsonl", "events.jsonl", cwd=folder)
    assert run.code == 2, run.output
    assert "error: incident.txt: cannot tell the format from the suffix '.txt'" in run.stderr
    assert "Traceback" not in run.output
