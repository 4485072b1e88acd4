"""Writing reports when the disk says no: clean messages, exit 2, and the old report survives."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Runner, assert_clean_failure

REPORT = "INC-2026-0009.md"  # the id of draft-checkout-errors.yaml
OLD = "the old report\n"
# The report alone: its timeline chart (written before it) would be the file that fails first.
NO_CHART = ("-O", "markdown.timeline_chart=false")


def prepared(run: Runner, folder: Path) -> Path:
    """An incident to export, and an old report in ``folder`` that must survive."""
    shutil.copy(EXAMPLES / "draft-checkout-errors.yaml", run.folder / "incident.yaml")
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / REPORT
    old.write_text(OLD, encoding="utf-8")
    return old


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 64 KiB file system, when this machine lets us mount one (root in a container); else ``None``."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        yield None
        return
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if result.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


class TestDiskFull:
    """ENOSPC (a real full file system where one can be mounted) and a write cut short (EFBIG)."""

    def test_disk_full(self, postmortem_cli: Runner, tiny_disk: Path | None) -> None:
        if tiny_disk is None:
            pytest.skip("cannot mount a small tmpfs here; test_write_cut_short covers the same path")
        old = prepared(postmortem_cli, tiny_disk)
        (tiny_disk / "filler").write_bytes(b"x" * (64 * 1024 - len(OLD) - 4096))
        outcome = postmortem_cli("export", "incident.yaml", "--to", "markdown", *NO_CHART, "-o", str(tiny_disk))
        assert_clean_failure(outcome, f"{tiny_disk / REPORT}: cannot write: no space left on the device")
        assert old.read_text(encoding="utf-8") == OLD
        assert sorted(p.name for p in tiny_disk.iterdir()) == sorted([REPORT, "filler"])

    def test_write_cut_short(self, postmortem_cli: Runner) -> None:
        """A file size limit makes the write fail half way, as a full disk does."""
        old = prepared(postmortem_cli, postmortem_cli.folder / "out")
        outcome = postmortem_cli(
            "export", "incident.yaml", "--to", "markdown", *NO_CHART, "-o", "out", env={"HOSTILE_FSIZE": "1024"}
        )
        assert_clean_failure(outcome, f"{Path('out') / REPORT}: cannot write: File too large")
        assert old.read_text(encoding="utf-8") == OLD
        assert sorted(p.name for p in old.parent.iterdir()) == [REPORT]


class TestUnwritable:
    """Permission denied, and a folder that cannot be created."""

    def test_permission_denied(self, postmortem_cli: Runner) -> None:
        out = postmortem_cli.folder / "out"
        old = prepared(postmortem_cli, out)
        if os.geteuid() == 0:
            # root may write anywhere except into an immutable folder.
            if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(out)], check=False).returncode:
                pytest.skip("running as root on a file system without chattr +i: no way to deny a write")
        else:
            out.chmod(0o555)
        try:
            outcome = postmortem_cli("export", "incident.yaml", "--to", "markdown", *NO_CHART, "-o", "out")
        finally:
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(out)], check=False)
            out.chmod(0o755)
        assert_clean_failure(outcome, f"{Path('out') / REPORT}: cannot write: permission denied")
        assert old.read_text(encoding="utf-8") == OLD

    def test_output_folder_cannot_be_created(self, postmortem_cli: Runner) -> None:
        prepared(postmortem_cli, postmortem_cli.folder / "out")
        postmortem_cli.write("a-file", "not a folder\n")
        outcome = postmortem_cli("export", "incident.yaml", "--to", "markdown", "-o", "a-file/reports")
        assert_clean_failure(outcome, "a-file/reports: cannot create the folder: a-file is a file, not a folder")


class TestLongNames:
    """A 240-byte name made the temporary file's name too long."""

    def test_new_with_a_240_byte_name(self, postmortem_cli: Runner) -> None:
        name = "n" * 240 + ".yaml"
        outcome = postmortem_cli("new", name)
        assert outcome.code == 0, outcome.stderr
        assert (postmortem_cli.folder / name).exists()
        assert [p.name for p in postmortem_cli.folder.iterdir() if p.name.endswith(".tmp")] == []

    def test_a_name_over_255_bytes(self, postmortem_cli: Runner) -> None:
        name = "é" * 130 + ".yaml"  # 265 bytes
        outcome = postmortem_cli("new", name)
        assert_clean_failure(outcome, "cannot write: the file name is too long for the file system")

    def test_timeline_write_next_to_a_240_byte_input(self, postmortem_cli: Runner) -> None:
        """timeline --write replaces the input file through a temporary file beside it."""
        name = "t" * 240 + ".yaml"
        shutil.copy(EXAMPLES / "draft-checkout-errors.yaml", postmortem_cli.folder / name)
        events = postmortem_cli.write(
            "events.csv", "time,description\n2026-01-08T16:25:00Z,Error rate alert fired for checkout\n"
        )
        outcome = postmortem_cli(
            "timeline", name, "--csv", events.name, "--mapping", "time=time,description=description", "--write"
        )
        assert outcome.code == 0, outcome.stderr
        assert "Error rate alert fired for checkout" in (postmortem_cli.folder / name).read_text(encoding="utf-8")
        assert [p.name for p in postmortem_cli.folder.iterdir() if p.name.endswith(".tmp")] == []
