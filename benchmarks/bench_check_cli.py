"""``postmortem check`` over many files, next to a bare parse of the same files in one process.

Both sides run as a fresh process, as a CI job would run them: ours is ``postmortem check``
on the folder of N distinct incidents (every rule, text output to /dev/null), using every
core it is allowed; the peer is one Python process that reads each file and parses it
with ``yaml.load(..., Loader=yaml.CSafeLoader)`` and nothing else. Wall time, in alternating
rounds (see _measure.py); the files are distinct generated incidents of about 5 KB
(_corpus.py). The aim in the issue is 1.5x at 1,000 files on 2 cores.

    python benchmarks/bench_check_cli.py [--files 1000] [--rounds 5] [--jobs N] [--command C] [--baseline SRC]
        [--cache off|none|cold|warm]

``--command validate`` or ``--command export`` times ``postmortem validate --quiet`` or
``postmortem export --to markdown --no-fsync`` over the same folder instead, against the same
bare parse. ``--baseline SRC`` also runs another version of postmortem (its ``src`` folder, put first
on ``PYTHONPATH``; ``git archive COMMIT src | tar -x -C DIR`` makes one) in alternating
rounds with this one, for the change's own ratio on a machine too busy for wall times.

What postmortem keeps between runs lives in a folder of the benchmark's own
(``POSTMORTEM_CACHE_DIR``, beside the corpus), for both versions. ``--cache`` says what is kept:
``off`` (the default, the issue's figure): no reports kept, the compiled patterns kept, as on
any machine after its first run (the untimed first run writes them); ``none``: nothing kept, as
a first run on a new machine or with ``POSTMORTEM_CACHE_DIR`` empty; ``cold``: ``check --cache``
with no report kept yet (the folder of reports removed before each run, inside its time);
``warm``: ``check --cache`` with every report kept by the untimed first run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus
from _measure import autogroup, compare, load_note, timed

# ``postmortem check`` run in-process, saying on stderr at exit how much CPU this process and
# its (finished) worker processes used, and how much this process had used when the first
# worker started (start-up and the first file, which the workers need not do again): the first
# ``os.fork``, which both a ``concurrent.futures`` pool (before round 20) and ``postmortem._forked``
# call. Nothing else is imported here, so that neither version pays for the other's pool.
_SPLIT = """
import atexit, os, resource, sys
from postmortem.cli import main

def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime

before = []
fork = os.fork
def forked():
    if not before:
        before.append(cpu(resource.RUSAGE_SELF))
    return fork()
os.fork = forked
atexit.register(lambda: print(
    "CPU", cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN), before[0] if before else 0.0, file=sys.stderr
))
sys.argv[0] = "postmortem"
main()
"""

# The baseline's program, as its own console script would run it: ``run`` where the version has it
# (the console script's function since round 17), else ``main``. The installed console script is
# this version's, and imports ``run``, which an older version on the path does not have.
_BASELINE_PROGRAM = """
import sys
from postmortem import cli
sys.argv[0] = "postmortem"
sys.exit(getattr(cli, "run", cli.main)())
"""

_PEER = """
import sys, yaml
from pathlib import Path
for line in Path(sys.argv[1]).read_text().splitlines():
    yaml.load(Path(line).read_bytes(), Loader=yaml.CSafeLoader)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="Passed to postmortem check --jobs.")
    parser.add_argument("--baseline", type=Path, default=None, help="The src folder of another version to compare.")
    parser.add_argument(
        "--command",
        choices=["check", "validate", "export"],
        default="check",
        help="The command over the folder: check (the issue's aim), validate, or export --to markdown --no-fsync.",
    )
    parser.add_argument(
        "--cache",
        choices=["off", "none", "cold", "warm"],
        default="off",
        help="What postmortem keeps between runs (see above); cold and warm add --cache to check.",
    )
    args = parser.parse_args()
    files = corpus(args.files)
    folder = files[0].parent.parent
    listing = folder.with_name(folder.name + ".list")
    listing.write_text("\n".join(str(path) for path in files) + "\n")
    command = _command(args.command, folder, args.jobs)

    # Both sides start from compiled bytecode, as an installed package does: with
    # PYTHONDONTWRITEBYTECODE set (some CI images and sandboxes set it) an editable install
    # would compile every module of ours on every run, while the peer's PyYAML, installed by
    # pip, has its bytecode. A private cache folder, filled by the untimed first run, keeps
    # the source tree clean.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder.with_name(folder.name + ".pycache"))
    kept = folder.with_name(folder.name + ".kept")
    env["POSTMORTEM_CACHE_DIR"] = "" if args.cache == "none" else str(kept)
    if args.cache in ("cold", "warm") and args.command == "check":
        command[2:2] = ["--cache"]

    def ours() -> None:
        if args.cache == "cold":
            shutil.rmtree(kept / "check", ignore_errors=True)
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env)
        if done.returncode not in (0, 1):
            raise SystemExit(f"postmortem {args.command} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")

    def peer() -> None:
        subprocess.run([sys.executable, "-c", _PEER, str(listing)], check=True, env=env)

    base_env = dict(env)
    if args.baseline is not None:
        base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.baseline.resolve()), env.get("PYTHONPATH")]))

    base_command = [sys.executable, "-c", _BASELINE_PROGRAM, *command[1:]]

    def base() -> None:
        done = subprocess.run(
            base_command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=base_env
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"the baseline failed ({done.returncode}): {done.stderr.decode()[-2000:]}")

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(files):,} distinct incidents in {folder}; {cores} cores allowed; {load_note()}")
    print(f"ours: {' '.join(command[:-1])} FOLDER")
    ratio = compare(
        f"postmortem {args.command} over {len(files):,} files",
        ours,
        peer,
        rounds=args.rounds,
        peer_name="CSafeLoader parse, one process",
    )
    if args.command == "check":
        print(f"  aim <= 1.5x on 2 cores: {'met' if ratio <= 1.5 else 'NOT met'}")
    if args.baseline is not None:
        compare(
            f"this version vs the baseline ({args.baseline}) over {len(files):,} files",
            ours,
            base,
            rounds=args.rounds,
            peer_name="baseline",
        )
    _cpu_splits(
        command, {"this version": env} | ({"baseline": base_env} if args.baseline else {}), peer, cores, args.rounds
    )
    print(f"  scheduler: {autogroup()}")


def _command(name: str, folder: Path, jobs: int | None) -> list[str]:
    """The command timed: ``postmortem NAME`` over ``folder``, with ``--jobs`` where given and known."""
    program = shutil.which("postmortem") or "postmortem"
    if name == "check":
        command = [program, "check", "--today", "2027-01-15", str(folder)]
    elif name == "validate":
        command = [program, "validate", "--quiet", str(folder)]
    else:
        out = folder.with_name(folder.name + ".out")
        command = [program, "export", "--to", "markdown", "--no-fsync", "--today", "2027-01-15", "-o", str(out)]
        command.append(str(folder))
    help_text = subprocess.run([*command[:2], "--help"], capture_output=True, text=True, check=True).stdout
    if jobs is not None and "--jobs" in help_text:
        command[2:2] = ["--jobs", str(jobs)]
    return command


def _split(command: list[str], env: dict[str, str]) -> tuple[float, float, float] | str:
    """The CPU of the calling process, of its workers, and of the calling process when the first worker started."""
    done = subprocess.run(
        [sys.executable, "-c", _SPLIT, *command[1:]], capture_output=True, text=True, check=False, env=env
    )
    line = next((line for line in done.stderr.splitlines() if line.startswith("CPU ")), None)
    if line is None:
        return done.stderr.strip()[-300:]
    caller, workers, before = (float(part) for part in line.split()[1:])
    return caller, workers, before


def _cpu_splits(
    command: list[str], envs: dict[str, dict[str, str]], peer: Callable[[], None], cores: int | None, rounds: int
) -> None:
    """Print where the CPU went, in ``rounds`` more runs of each version, alternating with the bare parse.

    On otherwise idle cores, this process and its worker run at once after the fork, so the
    wall time would be about the larger of this process's CPU and the CPU before the fork
    plus the workers'. On a shared machine with autogroup scheduling, the processes of one
    session share that session's turn, so a second process does not get more of the machine.
    CPU time is stretched by a busy machine too (caches, memory), on both sides alike.
    """
    found: dict[str, list[tuple[float, float, float, float]]] = {who: [] for who in envs}
    for index in range(rounds):
        order = list(envs.items()) if index % 2 == 0 else list(reversed(envs.items()))
        peer_cpu = timed(peer)[1]
        for who, env in order:
            split = _split(command, env)
            if isinstance(split, str):
                print(f"  CPU ({who}): not measured ({split})")
                return
            caller, workers, before = split
            found[who].append((caller, workers, before, max(caller, before + workers) / peer_cpu))
    for who, runs in found.items():
        caller, workers, before, ratio = (statistics.median(run[part] for run in runs) for part in range(4))
        shown = ", ".join(f"{run[3]:.2f}" for run in runs)
        idle = max(caller, before + workers)
        print(
            f"  CPU ({who}, medians of {len(runs)} runs): this process {caller:.2f} s ({before:.2f} s before "
            f"the first worker started), workers {workers:.2f} s; on {cores} idle cores about {idle:.2f} s of "
            f"wall time, {ratio:.2f}x the bare parse's CPU in the same round (rounds: {shown}): "
            "an estimate from CPU time"
        )


if __name__ == "__main__":
    main()
