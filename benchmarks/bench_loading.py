"""Loading distinct post-mortem files, next to the bare parse of the same files.

Figures, each as a ratio of ours to a peer on the same files, in alternating rounds (see
_measure.py):

* ``postmortem.load`` (read, parse, check every value, build the incident) of N YAML files
  against ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same bytes: the least any YAML
  reader of these files must do. CPU time of this one process.
* the same for N JSON files against ``json.loads``.
* ``Collection.load(parallelism="processes")`` against ``parallelism="serial"`` on the YAML
  files: how much the cores give. Wall time (the point of more cores is less waiting).

The files are distinct generated incidents of about 5 KB (see _corpus.py). The issue's sizes:
``--files 10000``. Default 2,000 files, 5 rounds: a few minutes on a 2-core machine.

    python benchmarks/bench_loading.py [--files 2000] [--rounds 5] [--skip-collection]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus
from _measure import autogroup, compare, load_note

import postmortem
from postmortem.analytics import Collection


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
    compare(
        f"load + validate {len(json_files):,} JSON files",
        lambda: _load_all(json_files),
        lambda: _parse_json(json_files),
        rounds=rounds,
        peer_name="json.loads",
        use="cpu",
    )


def _collection(yaml_files: list[Path], rounds: int) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    speedup = 1 / compare(
        f"Collection.load of {len(yaml_files):,} YAML files, processes ({cores} cores) vs serial",
        lambda: Collection.load(yaml_files, parallelism="processes"),
        lambda: Collection.load(yaml_files, parallelism="serial"),
        rounds=max(3, rounds // 2),
        peer_name="serial",
    )
    print(f"  speed-up {speedup:.2f}x; aim >= 1.5x on 2 cores: {'met' if speedup >= 1.5 else 'NOT met'}")
    # Who did the work, in CPU seconds: this process (its share of the files, and unpickling
    # the workers' incidents) and the workers. On otherwise idle cores both run at once, so
    # the larger of the two is what the wall time would be; on a shared machine with
    # autogroup scheduling, the processes of one session share one session's turn, and more
    # processes do not get more of the machine.
    caller, workers = _own_cpu(), _children_cpu()
    Collection.load(yaml_files, parallelism="processes")
    caller, workers = _own_cpu() - caller, _children_cpu() - workers
    serial = _own_cpu()
    Collection.load(yaml_files, parallelism="serial")
    serial = _own_cpu() - serial
    print(
        f"  CPU: serial {serial:.2f} s; with processes this process {caller:.2f} s, the workers {workers:.2f} s "
        f"(total {caller + workers:.2f} s); on {cores} idle cores the wall time would be about "
        f"{max(caller, workers):.2f} s, {serial / max(caller, workers):.2f}x faster (an estimate from CPU time)"
    )
    print(f"  scheduler: {autogroup()}")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
