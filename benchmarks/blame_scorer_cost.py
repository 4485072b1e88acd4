"""The scorer's cost in instructions: ``check()`` with the rules alone or with the scorer, counted alone.

Run under callgrind once with ``--scorer off`` and once with ``--scorer on`` (round 21)::

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --toggle-collect=builtin_eval \\
        --callgrind-out-file=OUT python benchmarks/blame_scorer_cost.py --scorer on [--count 20] [--model M]

The total callgrind prints (``Collected``) is the counted pass alone: ``check()`` of ``--count`` distinct
incidents of ``bench_checks.py`` (its reshuffled examples), each checked once, inside ``eval`` (which
``check()`` never calls, and an import does not: an import runs its module by ``exec``; ``--count 0`` counts
none), after a warm-up on ten others with both settings. Each process checks the counted
incidents once, as a CI job reads each post-mortem once: a second pass over the same texts in one process
would meet caches keyed by text that the first filled. Divide by ``--count`` for an incident. Without
valgrind it prints process time instead (noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_checks

import postmortem
import postmortem.checks._blame._scan as scan
import postmortem.checks._blame._scorer as scorer_module
from postmortem.checks import Config, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="incidents counted (after 10 for the warm-up)")
    parser.add_argument("--scorer", choices=["off", "on"], default="on", help="the counted pass's setting")
    parser.add_argument("--model", type=Path, default=None, help="a scorer.json to use instead of the shipped one")
    args = parser.parse_args(argv)
    if args.model is not None:
        m = scorer_module.Model.from_json(json.loads(args.model.read_text(encoding="utf-8")))
        scan._scorer_model = scorer_module.model = lambda: m  # type: ignore[assignment,misc]
    incidents = [postmortem.load(path) for path in bench_checks.EXAMPLES]
    distinct = bench_checks._distinct_incidents(incidents, 10 + args.count)
    off = Config(today=bench_checks.TODAY)
    on = Config(today=bench_checks.TODAY, blame_scorer=True)
    for incident in distinct[:10]:
        check(incident, off)
        check(incident, on)
    names = {"check": check, "items": distinct[10:], "config": on if args.scorer == "on" else off}
    start = time.process_time()
    eval("[check(incident, config) for incident in items]", names)
    spent = time.process_time() - start
    print(f"scorer {args.scorer}: {1000 * spent / max(1, args.count):.2f} ms an incident (process time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
