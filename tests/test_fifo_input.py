"""Input that never ends or never comes: a named pipe nobody writes to, ``/dev/zero``.

Opening a named pipe to read waits for a writer; ``mkfifo x.yaml; postmortem validate x.yaml``
waited for ever in every command. Each reader of files (incidents, timeline exports, the
checks configuration, redaction policies, documents to import) now gives a pipe
``FIFO_WAIT`` seconds for a writer, and reads a pipe that has one as before.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

import postmortem
from postmortem import _files
from postmortem.errors import PostmortemError
from postmortem.sources import SourceError, get_source

from .hostile._limited import postmortem as run_command

pytestmark = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="named pipes")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "api-outage-feature-flag.yaml"


@pytest.fixture
def fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(_files, "FIFO_WAIT", 0.2)
    path = tmp_path / "incident.yaml"
    os.mkfifo(path)
    return path


def test_a_pipe_without_a_writer_is_an_error_naming_it(fifo: Path) -> None:
    with pytest.raises(PostmortemError, match=r"incident\.yaml: cannot read: a named pipe that no program wrote to"):
        postmortem.load(fifo)


def test_a_pipe_with_a_writer_loads(fifo: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert postmortem.load(fifo).id == "INC-2026-0187"
    finally:
        writer.join()


@pytest.mark.parametrize("name", ["pagerduty", "jsonl", "csv"])
def test_a_source_given_a_pipe_without_a_writer_fails(fifo: Path, name: str) -> None:
    with pytest.raises(SourceError, match="a named pipe that no program wrote to"):
        list(get_source(name).read(fifo))


def test_the_command_ends_on_a_pipe_without_a_writer(tmp_path: Path) -> None:
    """The real wait (5 s) in a process: exit 2 and the file named, instead of waiting for ever."""
    path = tmp_path / "incident.yaml"
    os.mkfifo(path)
    run = run_command("validate", path, cwd=tmp_path)
    assert run.code == 2, run.output
    assert f"{path}: cannot read: a named pipe that no program wrote to in 5 seconds" in run.stderr
    assert "Traceback" not in run.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_import_of_an_endless_device_stops_at_its_limit(tmp_path: Path) -> None:
    """``postmortem import /dev/zero`` read until memory ran out (a MemoryError reported as a bug)."""
    run = run_command("import", "/dev/zero", "-o", tmp_path / "out.yaml", cwd=tmp_path)
    assert run.code == 2, run.output
    assert "not a regular file but a character device, which gave more than 4,194,304 bytes" in run.stderr
    assert "This is a bug" not in run.output
    assert not (tmp_path / "out.yaml").exists()
