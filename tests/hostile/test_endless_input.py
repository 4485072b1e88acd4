"""Input that never ends: ``/dev/zero`` and its kind, a pipe written to for ever, a stream that trickles.

Such input was read to one byte past the size limit and called "the file is more than 16 MiB"
(``the document is 4,194,305 bytes`` in ``import``; "larger than 16,777,216 bytes" for a check
configuration): a user looked for a large file that does not exist. It is now named for what it
is, a character device or a pipe that gave more than the limit without ending, still read no
further than one byte past the limit, under the memory and CPU limits of these tests. A stream
that neither ends nor reaches the limit (one byte a second) is given up after ``STREAM_TIME``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import postmortem
from postmortem import _files
from postmortem.errors import PostmortemError

from ._limited import postmortem as run
from .conftest import EXAMPLES

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"),
    reason="character devices and named pipes",
)

ENDLESS = "not a regular file but a character device, which gave more than {limit} without ending"


@pytest.fixture
def zero(tmp_path: Path) -> Iterator[Path]:
    """``incident.yaml``, ``check.yaml`` and ``notes.md``: links to /dev/zero, as a mistaken link would be."""
    for name in ("incident.yaml", "check.yaml", "notes.md"):
        (tmp_path / name).symlink_to("/dev/zero")
    return tmp_path


class TestACharacterDevice:
    """Each reader names the device, within the tests' memory and CPU limits."""

    def test_validate(self, zero: Path) -> None:
        result = run("validate", "incident.yaml", cwd=zero)
        assert result.code == 2
        assert result.stderr.splitlines()[0].startswith(
            "incident.yaml $: " + ENDLESS.format(limit="16 MiB") + " (an endless stream such as /dev/zero"
        )

    def test_check_configuration(self, zero: Path) -> None:
        (zero / "x.yaml").write_bytes((EXAMPLES / "api-outage-feature-flag.yaml").read_bytes())
        result = run("check", "--config", "check.yaml", "x.yaml", cwd=zero)
        assert result.code == 2
        assert result.stderr.startswith("error: check.yaml: " + ENDLESS.format(limit="16 MiB"))
        assert result.stderr.rstrip().endswith("name a configuration file")

    def test_import(self, zero: Path) -> None:
        result = run("import", "notes.md", "-o", "out.yaml", cwd=zero)
        assert result.code == 2
        assert result.stderr.startswith("notes.md $: " + ENDLESS.format(limit="4,194,304 bytes"))
        assert not (zero / "out.yaml").exists()

    def test_read_at_most(self) -> None:
        """The bytes stop one past the limit."""
        with _files.open_input("/dev/zero") as handle:
            assert len(_files.read_at_most(handle, 3 << 20)) == (3 << 20) + 1
            assert _files.stream_kind(handle) == "a character device"


def _writer(path: Path, pause: float, stop: threading.Event) -> threading.Thread:
    def write() -> None:
        with contextlib.suppress(BrokenPipeError, OSError), path.open("wb", buffering=0) as pipe:
            while not stop.is_set():
                pipe.write(b"a: b\n" if pause else b"a: b\n" * 10_000)
                if pause:
                    time.sleep(pause)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


class TestAPipe:
    """A named pipe that a program writes to for ever, fast or slowly."""

    def test_fast(self, tmp_path: Path) -> None:
        """Named a pipe, after one byte past the limit."""
        path = tmp_path / "incident.yaml"
        os.mkfifo(path)
        stop = threading.Event()
        writer = _writer(path, 0, stop)
        try:
            with pytest.raises(PostmortemError) as raised:
                postmortem.load(path, max_file_size=1 << 20)
        finally:
            stop.set()
            writer.join(5)
        assert "not a regular file but a pipe, which gave more than 1 MiB without ending" in str(raised.value)

    def test_trickling(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A pipe that neither ends nor reaches the limit is given up after STREAM_TIME (was waited on for ever)."""
        monkeypatch.setattr(_files, "STREAM_TIME", 0.5)
        path = tmp_path / "incident.yaml"
        os.mkfifo(path)
        stop = threading.Event()
        writer = _writer(path, 0.05, stop)
        started = time.monotonic()
        try:
            with pytest.raises(PostmortemError) as raised:
                postmortem.load(path)
        finally:
            stop.set()
            writer.join(5)
        assert f"{path}: cannot read: a pipe that had not ended after 0.5 seconds" in str(raised.value)
        assert time.monotonic() - started < 30  # a hang guard, not a timing

    def test_a_pipe_that_ends_is_read(self, tmp_path: Path) -> None:
        """``<(cat incident.yaml)``: read whole, as before."""
        path = tmp_path / "incident.yaml"
        os.mkfifo(path)
        text = (EXAMPLES / "api-outage-feature-flag.yaml").read_bytes()

        def write() -> None:
            with path.open("wb") as pipe:
                for start in range(0, len(text), 1000):
                    pipe.write(text[start : start + 1000])
                    pipe.flush()

        writer = threading.Thread(target=write)
        writer.start()
        try:
            assert postmortem.load(path).id == "INC-2026-0187"
        finally:
            writer.join(5)
