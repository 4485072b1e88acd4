"""Standard output redirected to a full disk (``postmortem check x.yaml > /dev/full``).

Every command that prints said "error: OSError: [Errno 28] No space left on device. This is a
bug in postmortem", and ``postmortem --help`` printed a traceback. Each now says that the
output could not be written and why, and exits 2. ``/dev/full`` fails every write with ENOSPC,
as a full disk does, without one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import INCIDENT, run_redirected

FULL = "error: cannot write the output: no space left on the device\n"

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["schema"],
        ["check", INCIDENT],
        ["check", INCIDENT, "--format", "sarif"],
        ["validate", INCIDENT],
        ["actions", INCIDENT],
        ["redact", INCIDENT],
        ["exporters"],
        ["--help"],
        ["--version"],
        ["check", "--help"],
    ],
    ids=" ".join,
)
def test_says_so_and_exits_2(tmp_path: Path, args: list[str]) -> None:
    result = run_redirected(tmp_path, "> /dev/full", *args)
    assert (result.returncode, result.stderr) == (2, FULL)


@pytest.mark.slow
def test_block_buffered_too(tmp_path: Path) -> None:
    """Without PYTHONUNBUFFERED the write fails at the last flush: the same message, once."""
    result = run_redirected(tmp_path, "> /dev/full", "schema", buffered=True)
    assert (result.returncode, result.stderr) == (2, FULL)


def test_in_process_a_full_output_is_no_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The everyday form: ``main`` called in this process, its output a stream whose writes fail."""
    from postmortem.cli import main

    class FullStream:
        def write(self, _text: str) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdout", FullStream())
    with pytest.raises(SystemExit) as stopped:
        main(["schema"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == FULL
