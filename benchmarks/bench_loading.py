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
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus
from _measure import compare, load_note

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
    args = parser.parse_args()
    yaml_files = corpus(args.files)
    json_files = corpus(args.files, formats=("json",))
    size = sum(path.stat().st_size for path in yaml_files) / len(yaml_files)
    print(f"postmortem {postmortem.__version__}, Python {sys.version.split()[0]}, PyYAML {yaml.__version__}")
    print(f"{len(yaml_files):,} distinct incidents, {size / 1000:.1f} KB each as YAML; {load_note()}")
    ratio = compare(
        f"load + validate {len(yaml_files):,} YAML files",
        lambda: _load_all(yaml_files),
        lambda: _parse_yaml(yaml_files),
        rounds=args.rounds,
        peer_name="CSafeLoader parse",
        use="cpu",
    )
    print(f"  aim <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}")
    compare(
        f"load + validate {len(json_files):,} JSON files",
        lambda: _load_all(json_files),
        lambda: _parse_json(json_files),
        rounds=args.rounds,
        peer_name="json.loads",
        use="cpu",
    )
    if args.skip_collection:
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    speedup = 1 / compare(
        f"Collection.load of {len(yaml_files):,} YAML files, processes ({cores} cores) vs serial",
        lambda: Collection.load(yaml_files, parallelism="processes"),
        lambda: Collection.load(yaml_files, parallelism="serial"),
        rounds=max(3, args.rounds // 2),
        peer_name="serial",
    )
    print(f"  speed-up {speedup:.2f}x; aim >= 1.5x on 2 cores: {'met' if speedup >= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
