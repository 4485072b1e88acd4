"""Loading distinct post-mortem files, next to the bare parse of the same files.

Figures, each as a ratio of ours to a peer on the same files, in alternating rounds (see
_measure.py):

* ``postmortem.load`` (read, parse, check every value, build the incident) of N YAML files
  against ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same bytes: the least any YAML
  reader of these files must do. CPU time of this one process.
* the same for N JSON files against ``json.loads``, and against ``json.loads`` followed by
  ``postmortem.serialize.from_dict`` (the structure step, shared with YAML): what the JSON
  path adds to the two steps it cannot skip (reading the file, duplicate keys, the limits).
* ``Collection.load(parallelism="processes")`` against ``parallelism="serial"`` on the YAML
  files: how much the cores give. Wall time (the point of more cores is less waiting), with
  how busy other processes kept the cores in each round, the quietest round's figure, and
  the speed-up the CPU times allow on idle cores; and each step's CPU per file.

The files are distinct generated incidents of about 5 KB (see _corpus.py). The issue's sizes:
``--files 10000``. Default 2,000 files, 5 rounds: a few minutes on a 2-core machine.

    python benchmarks/bench_loading.py [--files 2000] [--rounds 5] [--skip-collection]

The issue's figure for two cores, alone (a few minutes):

    python benchmarks/bench_loading.py --collection-only --files 10000 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus
from _measure import autogroup, compare, load_note

import postmortem
from postmortem import _records
from postmortem.analytics import Collection
from postmortem.analytics._collection import _load_chunk
from postmortem.serialize import from_dict


def _load_all(paths: list[Path]) -> int:
    for path in paths:
        postmortem.load(path)
    return len(paths)


def _parse_yaml(paths: list[Path]) -> int:
    for path in paths:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return len(paths)


def _parse_json(paths: list[Path]) -> int:
    for path in paths:
        json.loads(path.read_bytes())
    return len(paths)


def _parse_and_structure_json(paths: list[Path]) -> int:
    """The floor of the JSON path: the bare parse, then the structure step on what it gave."""
    for path in paths:
        from_dict(json.loads(path.read_bytes()))
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-collection", action="store_true", help="Leave out Collection.load.")
    parser.add_argument("--collection-only", action="store_true", help="Only Collection.load.")
    args = parser.parse_args()
    yaml_files = corpus(args.files)
    json_files = corpus(args.files, formats=("json",))
    size = sum(path.stat().st_size for path in yaml_files) / len(yaml_files)
    print(f"postmortem {postmortem.__version__}, Python {sys.version.split()[0]}, PyYAML {yaml.__version__}")
    print(f"{len(yaml_files):,} distinct incidents, {size / 1000:.1f} KB each as YAML; {load_note()}")
    if not args.collection_only:
        _single_process(yaml_files, json_files, args.rounds)
    if not args.skip_collection:
        _collection(yaml_files, args.rounds)


def _single_process(yaml_files: list[Path], json_files: list[Path], rounds: int) -> None:
    ratio = compare(
        f"load + validate {len(yaml_files):,} YAML files",
        lambda: _load_all(yaml_files),
        lambda: _parse_yaml(yaml_files),
        rounds=rounds,
        peer_name="CSafeLoader parse",
        use="cpu",
    )
    print(f"  aim <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}")

    def against_json(peer: Callable[[], object], peer_name: str) -> None:
        compare(
            f"load + validate {len(json_files):,} JSON files",
            lambda: _load_all(json_files),
            peer,
            rounds=rounds,
            peer_name=peer_name,
            use="cpu",
        )

    against_json(lambda: _parse_json(json_files), "json.loads")
    against_json(lambda: _parse_and_structure_json(json_files), "json.loads + from_dict (the structure step alone)")


def _collection(yaml_files: list[Path], rounds: int) -> None:
    """``Collection.load`` with processes against serial, measured so that a shared machine shows.

    Each round runs both (alternating which goes first) and records, for each run, the wall
    time, the CPU of this process and of its workers, and how busy the machine's cores were
    with other processes meanwhile (from ``/proc/stat``). Three figures come out of it:

    * the wall-time speed-up of each round, and of the quietest round (the one where other
      processes took the least CPU while the processes ran): what a user sees;
    * the wall-time speed-up of an ideal split (a pure-Python loop in two forked halves) right
      after each round, and the share of it ``Collection.load`` gets: on a shared machine
      with autogroup on, a session's two processes get no more CPU than its one, and the
      ideal split shows how much two processes could gain at that moment;
    * the speed-up the CPU allows on idle cores: serial CPU over the larger of this process's
      and the workers' CPU (the two run at once, so the larger is the wall time when nothing
      else runs); it does not depend on the load, apart from caches shared with others;
    * the cost of each step for one file (read, parse, the whole load, packing an incident
      for the trip back and unpacking it), in CPU time.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(
        f"Collection.load of {len(yaml_files):,} YAML files, processes ({cores} cores) vs serial "
        f"({rounds} alternating rounds; {load_note()}; {autogroup()})"
    )
    _split(yaml_files[:1000])
    Collection.load(yaml_files[:200], parallelism="processes")  # imports and file system caches, untimed
    rows = []
    ideals: list[float] = []
    for index in range(rounds):
        order = ("serial", "processes") if index % 2 == 0 else ("processes", "serial")
        runs = {kind: _run_collection(yaml_files, kind) for kind in order}
        ideal = _ideal_split()
        rows.append(runs)
        ideals.append(ideal)
        serial, parallel = runs["serial"], runs["processes"]
        print(
            f"  round {index + 1}: serial wall {serial.wall:6.2f} s (others busy {serial.others:.1f} cores), "
            f"processes wall {parallel.wall:6.2f} s (others busy {parallel.others:.1f} cores; "
            f"CPU here {parallel.own:.2f} s, workers {parallel.children:.2f} s): "
            f"wall {serial.wall / parallel.wall:.2f}x (an ideal split {ideal:.2f}x), idle-core estimate "
            f"{serial.own / max(parallel.own, parallel.children):.2f}x",
            flush=True,
        )
    walls = [runs["serial"].wall / runs["processes"].wall for runs in rows]
    estimates = [runs["serial"].own / max(runs["processes"].own, runs["processes"].children) for runs in rows]
    quiet = min(rows, key=lambda runs: runs["processes"].others + runs["serial"].others)
    quiet_ratio = quiet["serial"].wall / quiet["processes"].wall
    print(
        f"  speed-up, wall time: median {statistics.median(walls):.2f}x (rounds {min(walls):.2f} to {max(walls):.2f}); "
        f"in the quietest round (others busy {quiet['serial'].others:.1f} and {quiet['processes'].others:.1f} "
        f"cores) {quiet_ratio:.2f}x"
    )
    shares = [wall / ideal for wall, ideal in zip(walls, ideals, strict=True)]
    print(
        f"  an ideal split of pure CPU work over 2 processes, right after each round: median "
        f"{statistics.median(ideals):.2f}x (rounds {min(ideals):.2f} to {max(ideals):.2f}); "
        f"Collection.load's wall speed-up is {statistics.median(shares):.2f} of it (median; rounds "
        f"{min(shares):.2f} to {max(shares):.2f})"
    )
    median_estimate = statistics.median(estimates)
    print(
        f"  speed-up on {cores} idle cores estimated from CPU time: median {median_estimate:.2f}x "
        f"(rounds {min(estimates):.2f} to {max(estimates):.2f})"
    )
    print(
        f"  aim >= 1.5x on 2 cores: wall {'met' if statistics.median(walls) >= 1.5 else 'NOT met'} here, "
        f"{'met' if quiet_ratio >= 1.5 else 'NOT met'} in the quietest round, "
        f"{'met' if median_estimate >= 1.5 else 'NOT met'} by the CPU estimate"
    )


# Iterations of the pure-Python loop of the ideal split (about 0.5 s of CPU on one idle core).
_SPIN = 12_000_000


def _spin(count: int) -> int:
    total = 0
    for value in range(count):
        total += value
    return total


def _ideal_split() -> float:
    """Wall-time speed-up of the most parallel work there is: a loop split in two forked halves.

    No reading, no hand-over, nothing shared: what two processes can get over one on this
    machine at this moment. With autogroup on and other sessions keeping the cores busy, the
    kernel gives a session the same share of the CPU whether it runs one process or two, and
    this is near 1x: no code can then show two cores' worth in wall time.
    """
    if not hasattr(os, "fork"):
        return float("nan")
    started = time.perf_counter()
    _spin(_SPIN)
    one = time.perf_counter() - started
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        _spin(_SPIN // 2)
        os._exit(0)
    _spin(_SPIN // 2)
    os.waitpid(child, 0)
    return one / (time.perf_counter() - started)


class _Run(NamedTuple):
    wall: float
    own: float
    children: float
    others: float
    """Cores' worth of CPU that other processes used during the run (0 without /proc/stat)."""


def _busy() -> float | None:
    """Seconds of CPU all processes on the machine have used (``/proc/stat``), or None where unknown."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _run_collection(yaml_files: list[Path], kind: str) -> _Run:
    own, children, busy = _own_cpu(), _children_cpu(), _busy()
    started = time.perf_counter()
    Collection.load(yaml_files, parallelism=kind)  # type: ignore[arg-type]
    wall = time.perf_counter() - started
    own, children, after = _own_cpu() - own, _children_cpu() - children, _busy()
    others = 0.0 if busy is None or after is None else max(0.0, (after - busy - own - children) / wall)
    return _Run(wall, own, children, others)


def _split(paths: list[Path]) -> None:
    """CPU per file of each step: read the bytes, parse them, load (all of it), pack and unpack the incident."""
    names = [str(path) for path in paths]
    outcomes = _load_chunk(names)
    chunks = [outcomes[start : start + 64] for start in range(0, len(outcomes), 64)]
    packed = [_records.dumps(chunk) for chunk in chunks]
    steps = {
        "read": lambda: [path.read_bytes() for path in paths],
        "CSafeLoader parse": lambda: [yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in paths],
        "postmortem.load": lambda: _load_chunk(names),
        "pack": lambda: [_records.dumps(chunk) for chunk in chunks],
        "unpack": lambda: [_records.loads(data) for data in packed],
    }
    costs = {}
    for name, step in steps.items():
        times = []
        for _ in range(3):
            started = time.process_time()
            step()
            times.append(time.process_time() - started)
        costs[name] = statistics.median(times) / len(paths) * 1e6
    shown = ", ".join(f"{name} {cost:.0f}" for name, cost in costs.items())
    size = sum(map(len, packed)) / len(paths)
    print(f"  CPU per file (us, median of 3 over {len(paths):,} files): {shown}; {size:,.0f} bytes packed")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
