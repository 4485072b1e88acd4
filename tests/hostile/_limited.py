"""Running the ``postmortem`` command on hostile input, the way an operator's CI would.

Each run is a child process with a memory limit (``RLIMIT_AS``) and a CPU time limit
(``RLIMIT_CPU``), so a case that exhausts memory or loops fails the test instead of
the machine; a wall-clock timeout backs them up on a loaded machine. The child is forked
from a server that has imported ``postmortem.cli`` once (``_forked.py``); ``forked=False``
starts ``python -m postmortem`` instead, as a few cases do.
"""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import attrs

from ._forked import run_forked

MEMORY_LIMIT = 200 << 20
"""Address space a run may use: 200 MiB."""

CPU_SECONDS = 5
"""CPU time a run may use; the kernel stops it after that. The aim is under 2 s, but an
allowed run that inflates a few MiB on Python 3.10 took just over 2 s of CPU on a busy
machine: the limit catches hangs and blow-ups, and the loading suite reports the times."""

WALL_SECONDS = 60
"""Wall-clock backstop: two shared cores can make a 1 s run take many times longer."""


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@attrs.frozen
class Run:
    """What one limited run of the command did."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def postmortem(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    forked: bool = True,
    preload: tuple[str, ...] = (),
) -> Run:
    """Run ``postmortem ARGS`` under the limits and return what it did.

    The child is forked from the command server (one that has imported ``preload``, see
    ``run_forked``); ``forked=False`` starts ``python -m postmortem``.
    """
    if forked:
        finished = run_forked(
            [os.fspath(arg) for arg in args],
            cwd=cwd if cwd is not None else Path.cwd(),
            env={**os.environ, "COLUMNS": "200", **(env or {})},
            limits={"RLIMIT_AS": MEMORY_LIMIT, "RLIMIT_CPU": CPU_SECONDS},
            timeout=WALL_SECONDS,
            preload=preload,
        )
        return Run(finished.code, finished.stdout, finished.stderr)
    process = subprocess.run(
        [sys.executable, "-m", "postmortem", *map(os.fspath, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        preexec_fn=_limits,
        timeout=WALL_SECONDS,
        check=False,
    )
    return Run(process.returncode, process.stdout, process.stderr)


def assert_refused(run: Run, *named: str) -> None:
    """Exit 2, every one of ``named`` in the message, and no Python traceback."""
    assert run.code == 2, run.output
    assert "Traceback" not in run.output, run.output
    for text in named:
        assert text in run.output, (text, run.output)


# --------------------------------------------------------------------------- zips

_STORED, _DEFLATED = 0, 8


@attrs.frozen
class Entry:
    """One file of a hand-built zip: its name, the bytes as stored, and what the headers declare."""

    name: str
    data: bytes
    size: int
    crc: int
    method: int = _STORED
    flags: int = 0


def stored(name: str, text: str | bytes) -> Entry:
    raw = text.encode() if isinstance(text, str) else text
    return Entry(name, raw, len(raw), zlib.crc32(raw))


def deflated(name: str, text: str | bytes) -> Entry:
    raw = text.encode() if isinstance(text, str) else text
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(raw) + packer.flush(), len(raw), zlib.crc32(raw), _DEFLATED)


def inflating_to(name: str, head: bytes, fill: bytes, repeats: int, tail: bytes) -> Entry:
    """A deflated entry of ``head + fill * repeats + tail``, built without compressing it all.

    Each part is compressed on its own and ends with a full flush, so the parts can be
    joined: ``fill`` (1 MiB of spaces deflates to about 1 KiB) is compressed once and
    repeated, and a 2 GiB entry takes a second to build, as a zip bomb would.
    """

    def part(data: bytes, final: bool) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    middle = part(fill, final=False)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(fill, crc)
    crc = zlib.crc32(tail, crc)
    data = part(head, final=False) + middle * repeats + part(tail, final=True)
    return Entry(name, data, len(head) + len(fill) * repeats + len(tail), crc, _DEFLATED)


def write_zip(path: Path, entries: Sequence[Entry]) -> Path:
    """Write a zip whose headers say exactly what the entries say (sizes, method, flags)."""
    local = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode()
        offset = len(local)
        fields = (entry.flags, entry.method, 0, 0x21, entry.crc, len(entry.data), entry.size, len(name))
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, *fields, 0) + name + entry.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, *fields, 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path
