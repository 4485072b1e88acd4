"""Run ``postmortem`` in a child process with a memory limit, and time it.

Each hostile case runs the real command in a child process whose address space is capped with
``resource.setrlimit(RLIMIT_AS)`` at the baseline of a plain ``check`` plus
:data:`HEADROOM`. The child is forked from a server that has imported ``postmortem.cli``
once (``_forked.py``: the same command, process and limits, without starting Python for
each case); ``forked=False`` runs ``python -c`` instead, as a few cases do for each kind of
limit. The child reports its peak resident memory (VmHWM) on exit; the parent measures
the wall time. Tests assert the exit code and the message; the times and memory are
printed at the end of the run (``hostile cases: ...``) rather than asserted, because a
loaded machine makes timings flaky. :data:`TIMEOUT` only catches a hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest

from ._forked import run_forked

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

INCIDENT = "api-outage-feature-flag.yaml"
"""The example post-mortem the redirection tests copy into their folder."""


def run_redirected(
    tmp_path: Path, redirection: str, *args: str, buffered: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m postmortem ARGS REDIRECTION`` through the shell, as a user would type it.

    Args:
        tmp_path: The folder to run in; :data:`INCIDENT` is copied there first.
        redirection: What the shell does with standard output: ``"> /dev/full"``, ``">&-"``.
        args: The command line after ``postmortem``.
        buffered: Run without ``PYTHONUNBUFFERED``, so output waits in Python's buffer.

    Returns:
        The finished process, its standard error as text.
    """
    shutil.copy(EXAMPLES / INCIDENT, tmp_path / INCIDENT)
    env = dict(os.environ)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        ["sh", "-c", f'exec "$0" -m postmortem "$@" {redirection}', sys.executable, *args],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


HEADROOM = 200 * 1024 * 1024
"""Address space a case may use beyond the baseline: 200 MiB."""

TIMEOUT = 60.0
"""Seconds before a case counts as hung. The target is under 2 s; see the printed times."""

BUDGET = 2.0
"""The time each case should take; cases over it are listed in the summary."""

_CHILD = """\
import atexit, os, resource, sys
limit = int(os.environ["HOSTILE_AS_LIMIT"])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
if os.environ.get("HOSTILE_FSIZE"):
    import signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    size = int(os.environ["HOSTILE_FSIZE"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

def _report():
    # VmHWM is this program's peak resident memory; ru_maxrss would include the parent's
    # at the time of the fork.
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["HOSTILE_REPORT"], "w") as handle:
        handle.write(peak)

atexit.register(_report)
from postmortem.cli import main
main(args=sys.argv[1:], prog_name="postmortem")
"""


@attrs.frozen
class Outcome:
    """What a child run did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


@attrs.define
class Measurements:
    """Times and peak memory of every case, for the summary."""

    rows: list[tuple[str, float, float]] = attrs.field(factory=list)


MEASURED = Measurements()
_BASELINE: list[int] = []
_PLAIN_SECONDS: list[float] = []


def _peak_kib(report: Path) -> float:
    """The child's peak memory in KiB, as it wrote it to ``report`` (removed once read); NaN if it did not."""
    try:
        peak = int(report.read_text()) / 1024
        report.unlink()
    except (OSError, ValueError):
        return float("nan")
    return peak


def _run(
    args: Sequence[str],
    cwd: Path,
    *,
    limit: int,
    env: dict[str, str] | None = None,
    forked: bool = True,
) -> Outcome:
    report = cwd / f".hostile-report-{os.getpid()}-{time.monotonic_ns()}"
    # A forked child writes its stdout and stderr to files, which a file size limit would cut
    # short where the command's pipes are not: such a case starts the real command.
    if forked and "HOSTILE_FSIZE" not in (env or {}):
        child_env = {**os.environ, "COLUMNS": "200", **(env or {})}
        child_env.pop("POSTMORTEM_DEBUG", None)
        limits = {"RLIMIT_AS": limit} if limit else {}
        started = time.perf_counter()
        finished = run_forked(args, cwd=cwd, env=child_env, limits=limits, timeout=TIMEOUT, report=report)
        seconds = time.perf_counter() - started
        peak = _peak_kib(report)
        return Outcome(finished.code, finished.stdout, finished.stderr, seconds, peak)
    child_env = {
        **os.environ,
        "HOSTILE_AS_LIMIT": str(limit),
        "HOSTILE_REPORT": str(report),
        "COLUMNS": "200",
        **(env or {}),
    }
    child_env.pop("POSTMORTEM_DEBUG", None)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=cwd,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = _peak_kib(report)
    return Outcome(result.returncode, result.stdout, result.stderr, seconds, peak)


def baseline() -> int:
    """The address space of validating a small example, measured once per process (bytes)."""
    if not _BASELINE:
        with tempfile.TemporaryDirectory() as folder:
            script = (
                "import resource, sys\n"
                "from postmortem.cli import main\n"
                "try:\n"
                "    main(args=sys.argv[1:], prog_name='postmortem')\n"
                "except SystemExit:\n"
                "    pass\n"
                "for line in open('/proc/self/status'):\n"
                "    if line.startswith('VmPeak:'):\n"
                "        print(int(line.split()[1]) * 1024)\n"
            )
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", script, "check", str(EXAMPLES / "draft-checkout-errors.yaml")],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
            _PLAIN_SECONDS.append(time.perf_counter() - started)
            _BASELINE.append(int(result.stdout.strip().splitlines()[-1]))
    return _BASELINE[0]


class Runner:
    """Runs ``postmortem ARGS`` in a limited child process in a folder of its own."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name

    def __call__(
        self, *args: str, env: dict[str, str] | None = None, limit: bool = True, forked: bool = True
    ) -> Outcome:
        """Run ``postmortem ARGS``; ``forked=False`` starts ``python -c`` for it (see the module)."""
        outcome = _run(args, self.folder, limit=baseline() + HEADROOM if limit else 0, env=env, forked=forked)
        MEASURED.rows.append((self.name, outcome.seconds, outcome.peak_mib))
        return outcome

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture(scope="session", autouse=True)
def _stop_command_servers() -> Iterator[None]:
    """Stop this test process's command server (``_forked.py``) when the session ends, and wait
    for it, so its CPU time (and its children's) counts in this process's, as a subprocess's does."""
    yield
    for module in list(sys.modules.values()):
        close = getattr(module, "close_servers", None)
        if module.__name__.rsplit(".", 1)[-1] == "_forked" and close is not None:
            close()


@pytest.fixture
def postmortem_cli(tmp_path: Path, request: pytest.FixtureRequest) -> Runner:
    """A :class:`Runner` in a fresh folder."""
    return Runner(tmp_path, request.node.name)


def assert_clean_failure(outcome: Outcome, *expected: str) -> None:
    """Exit 2, each expected text in the messages, and no Python traceback."""
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert "Traceback" not in outcome.stdout
    for text in expected:
        assert text in outcome.stderr, outcome.stderr
    assert outcome.code == 2, outcome.stderr


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not MEASURED.rows:
        return
    rows = sorted(MEASURED.rows, key=lambda row: -row[1])
    slowest = rows[0]
    heaviest = max(rows, key=lambda row: row[2] if row[2] == row[2] else 0)
    over = [row for row in rows if row[1] > BUDGET]
    terminalreporter.write_line(
        f"hostile cases: {len(rows)} runs; slowest {slowest[1]:.2f} s ({slowest[0]}); "
        f"highest peak memory {heaviest[2]:.0f} MiB ({heaviest[0]}); "
        f"baseline address space {baseline() / 2**20:.0f} MiB, limit +{HEADROOM // 2**20} MiB; "
        f"a plain check of a good file took {_PLAIN_SECONDS[0]:.2f} s; {len(over)} over {BUDGET:.0f} s"
    )
    for name, seconds, peak in over:
        terminalreporter.write_line(f"  over budget: {name} {seconds:.2f} s, {peak:.0f} MiB")
