"""Many files on every core: the same results as one process, in the same order, and no broken pools."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
import postmortem.serialize
from postmortem import _parallel
from postmortem.analytics import Collection, generate_incidents, write_collection
from postmortem.checks import _many
from postmortem.cli import main
from postmortem.errors import shown_path

BROKEN = "id: INC-BROKEN\ntitle: Broken\nseverity: SEV9\nmilestones:\n  started: yesterday\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty-four incidents in three formats, and two broken files among them."""
    root = tmp_path_factory.mktemp("many")
    write_collection(root, generate_incidents(24, seed=5), formats=("yaml", "json", "toml"), per_folder=10)
    (root / "batch-001" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "batch-002" / "not-yaml.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    return root


def _die_in_workers(items: list[int]) -> list[int]:
    """Square the numbers; a worker process (not the main one) dies before it answers."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return [item * item for item in items]


def _pid(items: list[int]) -> list[int]:
    return [os.getpid() for _ in items]


def _slow_pid(items: list[int]) -> list[int]:
    time.sleep(0.05)  # long enough that every process gets a chunk
    return [os.getpid() for _ in items]


class TestMapChunks:
    """The worker pool hands back every chunk's results in order, whatever happens to the workers."""

    @pytest.fixture(autouse=True)
    def importable_test_module(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make this module importable by name in worker processes, as a user's own module is.

        Where this process runs other threads (pytest-xdist's workers do), workers are not
        forked: they import the work function by its module's name. pytest imports test
        modules without adding their folder to ``sys.path`` (``--import-mode=importlib``), so
        under the ``pytest`` command (no current folder on the path, unlike ``python -m
        pytest``) ``tests.test_parallel`` could not be imported there, every worker died, and
        all the work fell back to this process.
        """
        monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))

    @pytest.mark.slow
    def test_order_and_workers(self) -> None:
        """Results come back in the items' order, and a worker and this process both did work."""
        squares = [item for chunk in _parallel.map_chunks(_square, list(range(100)), jobs=2, chunk=7) for item in chunk]
        assert [item * item for item in range(100)] == squares
        pids = [pid for chunk in _parallel.map_chunks(_pid, list(range(40)), jobs=2, chunk=1) for pid in chunk]
        assert len(pids) == 40
        # The first chunks go to the worker before this process takes one; it takes chunks
        # whenever the one it must hand back next is still in the worker.
        assert pids[0] != os.getpid()
        assert len(set(pids)) == 2

    @pytest.mark.slow
    def test_jobs_counts_this_process(self) -> None:
        """Three jobs are this process and two workers: three processes do the work."""
        pids = {pid for chunk in _parallel.map_chunks(_slow_pid, list(range(24)), jobs=3, chunk=1) for pid in chunk}
        assert len(pids) == 3
        assert os.getpid() in pids

    def test_a_broken_pool_is_not_an_error(self) -> None:
        """Workers that die leave their chunks to this process: the results are all there."""
        results = [item for chunk in _parallel.map_chunks(_die_in_workers, list(range(30)), jobs=2) for item in chunk]
        assert [item * item for item in range(30)] == results

    @pytest.mark.parametrize(("count", "jobs"), [(0, 2), (1, 2), (7, 2), (999, 2), (10_000, 2), (1000, 1), (500, 8)])
    def test_chunks_shrink_to_the_end(self, count: int, jobs: int) -> None:
        """Default chunks cover the items once, in order, never grow, and end small so that processes finish together."""
        sizes = _parallel.shrinking_chunks(count, jobs, largest=64)
        assert sum(sizes) == count
        assert all(0 < size <= 64 for size in sizes)
        assert sizes == sorted(sizes, reverse=True)
        if count >= 100:
            assert sizes[-1] <= 2  # the last chunks hold a file or two
        if count >= 64 * 4 * jobs:
            assert sizes[0] == 64  # few hand-overs while much is left
        items = list(range(count))
        assert [item for chunk in _parallel.map_chunks(_square, items, jobs=1) for item in chunk] == [
            item * item for item in items
        ]

    def test_one_job_is_this_process(self) -> None:
        """With one job nothing is started."""
        pids = {pid for chunk in _parallel.map_chunks(_pid, list(range(10)), jobs=1) for pid in chunk}
        assert {os.getpid()} == pids


def _square(items: list[int]) -> list[int]:
    return [item * item for item in items]


class TestCheckCommand:
    """``postmortem check`` over many files says the same with workers as without."""

    @pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
    def test_same_output(self, folder: Path, output: str) -> None:
        """Every output format is identical, byte for byte, with one process and with workers."""
        runner = CliRunner()
        args = ["check", "--today", "2027-01-15", "--format", output, str(folder)]
        serial = runner.invoke(main, [*args[:1], "--jobs", "1", *args[1:]])
        parallel = runner.invoke(main, [*args[:1], "--jobs", "2", *args[1:]])
        assert serial.exit_code == 2  # the broken files
        assert (serial.exit_code, serial.stdout, serial.stderr) == (
            parallel.exit_code,
            parallel.stdout,
            parallel.stderr,
        )
        assert "broken.yaml:3 $.severity: unknown severity" in serial.stderr

    def test_standard_input_in_its_place(self, folder: Path) -> None:
        """Prose from standard input is checked where it stands among the files."""
        files = sorted(str(path) for path in folder.rglob("*.yaml"))[:9]
        runner = CliRunner()
        prose = "The on-call engineer should have noticed the alert sooner.\n"
        serial = runner.invoke(main, ["check", "-j", "1", "--format", "json", *files[:4], "-", *files[4:]], input=prose)
        parallel = runner.invoke(
            main, ["check", "-j", "2", "--format", "json", *files[:4], "-", *files[4:]], input=prose
        )
        assert serial.stdout == parallel.stdout
        assert '"source": "<stdin>"' in parallel.stdout

    def test_jobs_must_not_be_negative(self, folder: Path) -> None:
        """A negative job count is a usage error."""
        result = CliRunner().invoke(main, ["check", "--jobs", "-1", str(folder)])
        assert result.exit_code == 2
        assert "--jobs" in result.stderr


class TestValidateCommand:
    """``postmortem validate`` over many files says the same with workers as without."""

    def test_same_output(self, folder: Path) -> None:
        """The lines and exit status are identical with one process and with workers."""
        runner = CliRunner()
        serial = runner.invoke(main, ["validate", "--jobs", "1", str(folder)])
        parallel = runner.invoke(main, ["validate", "--jobs", "2", str(folder)])
        assert serial.exit_code == 2
        assert (serial.exit_code, serial.stdout, serial.stderr) == (
            parallel.exit_code,
            parallel.stdout,
            parallel.stderr,
        )
        assert serial.stdout.count(": ok (") == 24


SCRIPT = """\
import threading
from postmortem.analytics import Collection

{threads}
print("top level ran")
collection = Collection.load({folder!r}, parallelism="processes", workers=2)
print(len(collection), "loaded,", len(collection.failures), "failed")
"""


class TestCollectionWithoutMainGuard:
    """A script without ``if __name__ == "__main__":`` loads with processes, and runs once."""

    @pytest.mark.parametrize(
        "threads",
        ["", "stop = threading.Event()\nthreading.Thread(target=stop.wait, daemon=True).start()"],
        ids=["one-thread", "with-a-thread"],
    )
    def test_script(self, folder: Path, tmp_path: Path, threads: str) -> None:
        """The script's top level runs once, every file is loaded, and nothing is printed as an error."""
        script = tmp_path / "review.py"
        script.write_text(SCRIPT.format(threads=textwrap.dedent(threads), folder=str(folder)), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=240, check=False, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        expected = "top level ran\n24 loaded, 2 failed\n"
        assert expected == done.stdout
        assert "Traceback" not in done.stderr

    def test_same_collection(self, folder: Path) -> None:
        """Processes, threads and one process load equal incidents and failures, in the same order."""
        serial = Collection.load(folder, parallelism="serial")
        processes = Collection.load(folder, parallelism="processes", workers=2)
        threads = Collection.load(folder, parallelism="threads")
        assert serial.incidents == processes.incidents == threads.incidents
        assert [str(failure.error) for failure in serial.failures] == [
            str(failure.error) for failure in processes.failures
        ]
        assert postmortem.load(sorted(folder.rglob("*.json"))[0]) in processes.incidents


class TestExportCommand:
    """``postmortem export`` over many files writes the same reports with workers as without."""

    def test_same_reports(self, folder: Path, tmp_path: Path) -> None:
        """The same files with the same bytes, and the same messages, with one process and with workers."""
        runner = CliRunner()
        outcomes = []
        for jobs in ("1", "2"):
            out = tmp_path / f"jobs-{jobs}"
            result = runner.invoke(main, ["export", "--jobs", jobs, "--to", "markdown", "-o", str(out), str(folder)])
            written = {path.name: path.read_bytes() for path in out.iterdir()}
            # The last line names the folder, which differs between the runs.
            outcomes.append((result.exit_code, result.stderr.replace(shown_path(out), "OUT"), written))
        assert outcomes[0] == outcomes[1]
        assert len(outcomes[0][2]) == 48  # 24 reports, each with its timeline chart beside it
        assert outcomes[0][1].splitlines()[-1] == "wrote 24 reports to OUT, and 24 files they refer to"

    def test_no_fsync(self, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """--no-fsync writes the same reports without forcing any to disk; by default each is."""
        synced: list[int] = []
        real_fsync = os.fsync

        def counting_fsync(fd: int) -> None:
            synced.append(fd)
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", counting_fsync)
        runner = CliRunner()
        written = []
        for flag in ([], ["--no-fsync"]):
            out = tmp_path / ("plain" if not flag else "no-fsync")
            synced.clear()
            result = runner.invoke(main, ["export", "-j", "1", *flag, "--to", "markdown", "-o", str(out), str(folder)])
            assert result.exit_code == 2, result.stderr  # the two broken files
            written.append(({path.name: path.read_bytes() for path in out.iterdir()}, len(synced)))
        assert written[0][0] == written[1][0]
        assert (written[0][1], written[1][1]) == (48, 0)  # 24 reports and their 24 charts


class TestFewerCollections:
    """The collector's threshold is raised inside the blocks and put back after the last one."""

    def test_nested_and_overlapping_blocks(self) -> None:
        """Blocks that end in another order than they began still leave the threshold as it was."""
        before = gc.get_threshold()
        first = _parallel.fewer_collections()
        second = _parallel.fewer_collections()
        first.__enter__()
        assert gc.get_threshold()[0] >= 50_000
        second.__enter__()
        first.__exit__(None, None, None)  # the first ends while the second still runs
        assert gc.get_threshold()[0] >= 50_000
        second.__exit__(None, None, None)
        assert gc.get_threshold() == before


class TestCommandCollector:
    """A command collects less often in its own process; called in a caller's process, it leaves the caller's setting."""

    EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "api-outage-feature-flag.yaml")

    def test_called_in_process_the_threshold_and_exit_hook_are_the_callers_again(self) -> None:
        from postmortem import cli

        before = gc.get_threshold()
        try:
            gc.set_threshold(700, 10, 10)  # Python's default, as a caller's process has it
            result = CliRunner().invoke(main, ["check", "--jobs", "1", "--today", "2027-01-15", self.EXAMPLE])
            assert result.exit_code in (0, 1), result.output
            assert gc.get_threshold() == (700, 10, 10)
            assert not cli._EXIT_HOOKED  # no gc.freeze left for the caller's exit
            with pytest.raises(SystemExit):
                main(["check", "--jobs", "1", "--today", "2027-01-15", self.EXAMPLE, "--format", "json"])
            assert gc.get_threshold() == (700, 10, 10)
            assert main(["check", "--list-rules"], standalone_mode=False) is None
            assert gc.get_threshold() == (700, 10, 10)
        finally:
            gc.set_threshold(*before)

    def test_run_as_a_program_the_command_keeps_collecting_less_often(self) -> None:
        script = textwrap.dedent(
            f"""
            import atexit, gc, sys
            atexit.register(lambda: print("threshold", gc.get_threshold()[0]))
            sys.argv = ["postmortem", "check", "--jobs", "1", "--today", "2027-01-15", {self.EXAMPLE!r}]
            from postmortem.cli import main
            main()
            """
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
        assert done.returncode in (0, 1), done.stderr
        assert done.stdout.splitlines()[-1] == "threshold 100000"


class TestNoCyclicGarbage:
    """Reading and checking a file leaves nothing that only the cyclic garbage collector frees.

    The commands and the workers run the collector rarely (see ``fewer_collections``) on the
    strength of this: garbage in reference cycles would pile up between collections, and
    each collection walks every object made since the last.
    """

    @staticmethod
    def _cyclic_garbage(work: Callable[[], object]) -> int:
        """How many objects ``work`` left in reference cycles, done once before to make what is made on first use."""
        work()
        enabled = gc.isenabled()
        gc.disable()
        try:
            gc.collect()
            work()
            return gc.collect()
        finally:
            if enabled:
                gc.enable()

    @pytest.mark.parametrize("name", ["api-outage-feature-flag.yaml", "draft-checkout-errors.yaml"])
    def test_loading_a_yaml_file(self, name: str) -> None:
        path = Path(__file__).resolve().parent.parent / "examples" / name
        assert self._cyclic_garbage(lambda: postmortem.serialize.load_with_source(path)) == 0

    def test_loading_files_a_batch_at_a_time(self) -> None:
        """Files parsed before any is structured, one that does not load among them: its error keeps no frame."""
        folder = Path(__file__).resolve().parent.parent / "examples"
        files = [*sorted(folder.glob("*.yaml")), Path(__file__), folder / "missing.yaml"]
        assert self._cyclic_garbage(lambda: postmortem.serialize.load_many_with_source(files)) == 0

    def test_checking_files_as_a_worker_does(self) -> None:
        """A chunk of files read and checked (every rule), with a file that does not load among them."""
        folder = Path(__file__).resolve().parent.parent / "examples"
        tasks = [(str(path), None, None, date(2027, 1, 15)) for path in sorted(folder.glob("*.yaml"))]
        tasks.append((str(Path(__file__)), None, None, None))  # not an incident file
        assert self._cyclic_garbage(lambda: _many._check_chunk(tasks)) == 0


def test_a_few_files_start_no_worker_machinery(tmp_path: Path) -> None:
    """Checking and validating a few files (a pre-commit hook's work) imports neither multiprocessing nor importlib.metadata.

    They cost about a fifth of such a run's start; many files still use every core (above).
    Nor what only writing a file (tempfile, with shutil and bz2), a name not found (difflib) or a
    report shown in a notebook (html) needs: together about 2% of checking one file.
    """
    write_collection(tmp_path, generate_incidents(3, seed=2), formats=("yaml",))
    code = textwrap.dedent(
        """
        import sys
        from postmortem.cli import main
        try:
            main([sys.argv[1], "--today", "2027-01-15", sys.argv[2]] if sys.argv[1] == "check" else sys.argv[1:])
        except SystemExit as exc:
            assert exc.code in (0, 1), exc.code
        heavy = ("multiprocessing", "concurrent.futures", "importlib.metadata", "tempfile", "difflib", "html")
        print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)
        """
    )
    for command in ("check", "validate"):
        done = subprocess.run(
            [sys.executable, "-c", code, command, str(tmp_path)], capture_output=True, text=True, check=True
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", (command, done.stderr)
