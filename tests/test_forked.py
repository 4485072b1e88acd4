"""Workers forked directly (``postmortem._forked``): every chunk's results, in order, whatever the workers do.

pytest-xdist's workers run threads of their own, and a process with other threads never forks
its workers (``postmortem._parallel._forks``), so each test here runs its work in a fresh,
single-threaded Python process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from postmortem.analytics import generate_incidents, write_collection

BROKEN = "id: INC-BROKEN\ntitle: Broken\nseverity: SEV9\nmilestones:\n  started: yesterday\n"

# Run first in every program below: work functions of a module the forked workers share.
PRELUDE = """
import os, sys, time
from postmortem import _parallel

MAIN = os.getpid()

def pids(items):
    time.sleep(0.02)  # long enough that every process gets a chunk
    return [(item, os.getpid()) for item in items]

def squares_and_death(items):
    if os.getpid() != MAIN:
        os._exit(3)  # a worker killed (for memory, say) before it answers
    return [item * item for item in items]

def squares(items):
    return [item * item for item in items]
"""


def _run(code: str, *args: str) -> str:
    """Run ``code`` after the prelude in a new process; its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_a_single_threaded_process_forks_its_workers() -> None:
    """On Linux, in a process with one thread, workers are forked directly; with another thread running, never."""
    out = _run(
        """
        import threading
        print(_parallel._forks())
        stop = threading.Event()
        threading.Thread(target=stop.wait, daemon=True).start()
        print(_parallel._forks())
        stop.set()
        """
    )
    assert out.split() == (["True", "False"] if sys.platform == "linux" else ["False", "False"])


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked directly on Linux only")
class TestForkedWorkers:
    """Chunks shared between this process and forked workers come back whole and in order."""

    def test_order_and_processes(self) -> None:
        """Every item once, in order; the worker and this process both worked; no pool machinery imported."""
        out = _run(
            """
            results = [pair for chunk in _parallel.map_chunks(pids, list(range(60)), jobs=2, chunk=3) for pair in chunk]
            print([item for item, _ in results] == list(range(60)))
            print(len({pid for _, pid in results}), MAIN in {pid for _, pid in results})
            print(sorted(name for name in ("multiprocessing", "concurrent.futures") if name in sys.modules))
            """
        )
        assert out.splitlines() == ["True", "2 True", "[]"]

    def test_three_jobs_are_three_processes(self) -> None:
        """Two workers and this process share the chunks; neither worker holds the other's pipes open."""
        out = _run(
            """
            results = [pair for chunk in _parallel.map_chunks(pids, list(range(48)), jobs=3, chunk=1) for pair in chunk]
            print([item for item, _ in results] == list(range(48)), len({pid for _, pid in results}))
            """
        )
        assert out.split() == ["True", "3"]

    def test_dead_workers_leave_their_chunks_here(self) -> None:
        """Workers that die before they answer: this process does their chunks, and every result is there."""
        out = _run(
            """
            results = [item for chunk in _parallel.map_chunks(squares_and_death, list(range(50)), jobs=3) for item in chunk]
            print(results == [item * item for item in range(50)])
            """
        )
        assert out.split() == ["True"]

    def test_results_larger_than_a_pipe(self) -> None:
        """A chunk's answer of several megabytes comes back whole (read while the worker writes it)."""
        out = _run(
            """
            def big(items):
                return ["x" * 1_000_000 + str(item) for item in items]

            results = [text for chunk in _parallel.map_chunks(big, list(range(12)), jobs=2, chunk=4) for text in chunk]
            print(results == ["x" * 1_000_000 + str(item) for item in range(12)])
            """
        )
        assert out.split() == ["True"]

    def test_stopping_early_leaves_no_process(self) -> None:
        """A caller that stops reading (the generator closed) ends the workers, and waits for them: no zombie left."""
        out = _run(
            """
            chunks = _parallel.map_chunks(pids, list(range(200)), jobs=2, chunk=2)
            print(len(next(chunks)) == 2)
            chunks.close()
            try:
                print(os.waitpid(-1, os.WNOHANG))
            except ChildProcessError:
                print("no children")
            """
        )
        assert out.splitlines() == ["True", "no children"]

    def test_a_worker_ends_once_every_chunk_is_handed_out(self) -> None:
        """With every chunk answered, the worker ends by itself, before the caller stops asking (as check stops)."""
        out = _run(
            """
            def slow_here(items):
                if os.getpid() == MAIN and items[0] >= 36:
                    time.sleep(0.5)  # this process's own last chunk: the worker has nothing left meanwhile
                return pids(items)

            chunks = _parallel.map_chunks(slow_here, list(range(40)), jobs=2, chunk=2)
            seen = [pair for _ in range(20) for pair in next(chunks)]  # every result, the generator not finished
            workers = {pid for _, pid in seen if pid != MAIN}
            print(len(seen), len(workers))
            (worker,) = workers
            for _ in range(200):  # it ended (and waits to be reaped), whether or not this process waited meanwhile
                if os.waitpid(worker, os.WNOHANG)[0] == worker:
                    print("ended")
                    break
                time.sleep(0.05)
            else:
                print("still running")
            chunks.close()
            """
        )
        assert out.splitlines() == ["40 1", "ended"]

    def test_packed_results(self) -> None:
        """With pack and unpack, the worker's bytes are unpacked here; chunks done here are not packed."""
        out = _run(
            """
            import json

            def pack(results):
                return json.dumps(results).encode()

            def unpack(data):
                return [("unpacked", item) for item in json.loads(data)]

            chunks = list(_parallel.map_chunks(pids, list(range(40)), jobs=2, chunk=2, pack=pack, unpack=unpack))
            flat = [entry for chunk in chunks for entry in chunk]
            ours = [entry for entry in flat if entry[0] != "unpacked"]
            theirs = [entry[1] for entry in flat if entry[0] == "unpacked"]
            print(len(flat), bool(ours), bool(theirs))
            print(all(pid == MAIN for _, pid in ours), all(pid != MAIN for _, pid in theirs))
            order = [entry[0] if entry[0] != "unpacked" else entry[1][0] for entry in flat]
            print(order == list(range(40)))
            """
        )
        assert out.splitlines() == ["40 True True", "True True", "True"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty incidents in three formats, and two broken files among them."""
    root = tmp_path_factory.mktemp("forked")
    write_collection(root, generate_incidents(40, seed=11), formats=("yaml", "json", "toml"), per_folder=15)
    (root / "batch-001" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "batch-002" / "not-yaml.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_check_with_forked_workers_says_what_one_process_says(folder: Path, output: str) -> None:
    """``postmortem check`` run as a program (its worker forked directly): the same bytes and status as with one process."""
    runs = []
    args = ["--today", "2027-01-15", "--format", output, str(folder)]
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "postmortem", "check", "--jobs", jobs, *args],
            capture_output=True,
            check=False,
            timeout=240,
        )
        runs.append((done.returncode, done.stdout, done.stderr))
    assert runs[0] == runs[1]
    assert runs[0][0] == 2  # the broken files
    assert b"broken.yaml:3 $.severity: unknown severity" in runs[0][2]


def test_validate_with_forked_workers_says_what_one_process_says(folder: Path) -> None:
    """``postmortem validate`` run as a program: the same lines and status with workers as with one process."""
    runs = [
        subprocess.run(
            [sys.executable, "-m", "postmortem", "validate", "--jobs", jobs, str(folder)],
            capture_output=True,
            check=False,
            timeout=240,
        )
        for jobs in ("1", "2")
    ]
    assert (runs[0].returncode, runs[0].stdout, runs[0].stderr) == (runs[1].returncode, runs[1].stdout, runs[1].stderr)
    assert runs[0].stdout.count(b": ok (") == 40
