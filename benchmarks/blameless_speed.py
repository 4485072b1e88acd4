"""Measure how many typical incidents per second the blamelessness check can scan.

A typical incident is built from the labelled sentences in tests/data: a summary, impact,
root cause, contributing factors, about twenty timeline events and eight action items
(about forty sentences, three kilobytes), with roughly one sentence in twenty blameful.
Each field is passed to :func:`find_blame` on its own, the way a check engine would.

Usage::

    python benchmarks/blameless_speed.py [--incidents N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from postmortem.checks._blame import find_blame

_DATA = Path(__file__).resolve().parent.parent / "tests" / "data"

_TIMELINE = [
    "{t} Latency alert fired for checkout-api in eu-west-1.",
    "{t} Alice acknowledged the page and opened the incident channel.",
    "{t} The on-call engineer confirmed elevated 5xx rates on the dashboard.",
    "{t} Deploy 4812 of the payments service finished.",
    "{t} Error rate reached 12% of requests.",
    "{t} Bob joined the bridge as incident commander.",
    "{t} The team rolled back deploy 4812.",
    "{t} Error rate returned to baseline.",
    "{t} Customer support posted a status page update.",
    "{t} Replication lag on the primary database exceeded 30 seconds.",
    "{t} Carol failed over to the secondary region.",
    "{t} Incident resolved; monitoring continued for an hour.",
]


def _pool(label: str) -> list[str]:
    rows = []
    for name in ("blameless_dev.jsonl", "blameless_holdout.jsonl"):
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["label"] == label:
                    rows.append(row["text"])
    return rows


def make_incident(rng: random.Random, neutral: list[str], blameful: list[str]) -> list[str]:
    """Return the free-text fields of one synthetic incident."""

    def prose(n: int) -> str:
        picks = [rng.choice(blameful if rng.random() < 0.05 else neutral) for _ in range(n)]
        return " ".join(picks)

    timeline = [rng.choice(_TIMELINE).format(t=f"{14 + i // 6:02d}:{(i * 7) % 60:02d}") for i in range(20)]
    actions = [prose(1) for _ in range(8)]
    return [prose(3), prose(2), prose(1), prose(2), prose(4), prose(3), *timeline, *actions]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print incidents per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    neutral, blameful = _pool("blameless"), _pool("blameful")
    incidents = [make_incident(rng, neutral, blameful) for _ in range(args.incidents)]
    size = statistics.mean(sum(len(f) for f in fields) for fields in incidents)
    rates = []
    for _ in range(3):
        started = time.process_time()
        hits = 0
        for fields in incidents:
            for text in fields:
                hits += len(find_blame(text))
        rates.append(len(incidents) / (time.process_time() - started))
    print(f"incidents: {len(incidents)}, mean size {size:.0f} characters, {hits} hits")
    print(f"incidents per CPU-second: best {max(rates):.0f}, median {statistics.median(rates):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
