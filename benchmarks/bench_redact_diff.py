"""Time redaction, the privacy check and the diff on the examples and on a long incident.

Run: python benchmarks/bench_redact_diff.py [--events 2000] [--repeat 5]

The long incident is the first complete example with its timeline repeated until it has
``--events`` events, each mentioning a participant, a handle, an internal host and an
address, and with a timeline where every fifth event is reworded and every seventh moved.
Prints the best of ``--repeat`` runs in milliseconds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import attrs

import postmortem
from postmortem.comparison import diff
from postmortem.redaction import RedactionPolicy, find_private, redact

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _long(incident: postmortem.Incident, events: int) -> postmortem.Incident:
    base = incident.timeline
    timeline = []
    for index in range(events):
        event = base[index % len(base)]
        text = f"{event.description} Priya Raman asked @tomas to check db-{index}.corp (10.1.{index % 250}.7)."
        timeline.append(attrs.evolve(event, time=event.time + timedelta(seconds=index), description=text))
    return attrs.evolve(incident, timeline=tuple(timeline))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    policy = RedactionPolicy(internal_hosts=("*.corp", "*.example.com"), public_hosts=("status.example.com",))
    print(f"{'case':<44} {'redact':>9} {'check':>9} {'diff':>9}")
    cases = [(path.name, postmortem.load(path)) for path in sorted(EXAMPLES.glob("*.yaml"))]
    cases.append((f"long incident ({args.events} events)", _long(cases[0][1], args.events)))
    for name, incident in cases:
        edited = attrs.evolve(
            incident,
            timeline=tuple(
                attrs.evolve(
                    event,
                    description=event.description + (" (reworded)" if i % 5 == 0 else ""),
                    time=event.time + (timedelta(minutes=1) if i % 7 == 0 else timedelta(0)),
                )
                for i, event in enumerate(incident.timeline)
            ),
        )
        r = _best(args.repeat, lambda incident=incident: redact(incident, policy))
        c = _best(args.repeat, lambda incident=incident: find_private(incident, policy))
        d = _best(args.repeat, lambda incident=incident, edited=edited: diff(incident, edited))
        print(f"{name:<44} {r:>7.1f}ms {c:>7.1f}ms {d:>7.1f}ms")


if __name__ == "__main__":
    main()
