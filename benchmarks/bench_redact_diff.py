"""Time redaction, the privacy check and the diff on the examples and on a long incident.

Run: python benchmarks/bench_redact_diff.py [--events 2000] [--repeat 5] [--owners 1000,5000,10000]

The long incident is the first complete example with its timeline repeated until it has
``--events`` events, each mentioning a participant, a handle, an internal host and an
address, and with a timeline where every fifth event is reworded and every seventh moved.
Prints the best of ``--repeat`` runs in milliseconds; nothing is asserted.

``--owners`` adds the curve of an incident with that many action items, each owned by a
different person whom its text names (with a handle and an internal host): redaction and the
privacy check per action item, and each size's time over the first size's, which is the size
ratio where the work is linear (CPU time, best of ``--repeat``; the sizes are measured in
turn, so compare the columns of one run).
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


_FIRST = ("Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jon")
_LAST = ("Silva", "Okoro", "Wang", "Novak", "Haddad", "Berg", "Rossi", "Kim", "Adeyemi", "Larsen")


def _owned(incident: postmortem.Incident, count: int) -> postmortem.Incident:
    base = incident.action_items[0]
    items = []
    for index in range(count):
        owner = f"{_FIRST[index % 10]} {_LAST[index // 10 % 10]}{index // 100 or ''}"
        text = f"{base.description} {owner} checks db-{index}.corp with @{_FIRST[index % 10].lower()}{index}."
        items.append(attrs.evolve(base, id=f"AI-{index}", owner=owner, description=text))
    return attrs.evolve(incident, action_items=tuple(items))


def _best_cpu(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def _owner_curve(sizes: list[int], repeat: int, policy: RedactionPolicy) -> None:
    example = postmortem.load(sorted(EXAMPLES.glob("*.yaml"))[0])
    print(f"\n{'action items, each its own owner':<34} {'redact':>9} {'per item':>9} {'x first':>8} {'check':>9}")
    first = None
    for size in sizes:
        incident = _owned(example, size)
        r = _best_cpu(repeat, lambda incident=incident: redact(incident, policy))
        c = _best_cpu(repeat, lambda incident=incident: find_private(incident, policy))
        first = first or r
        print(f"{size:<34,} {r:>8.2f}s {r / size * 1000:>7.2f}ms {r / first:>7.1f}x {c:>8.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--owners", default="", help="Sizes of the owners curve, comma-separated (e.g. 1000,5000,10000)."
    )
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
    if args.owners:
        _owner_curve([int(size) for size in args.owners.split(",")], args.repeat, policy)


if __name__ == "__main__":
    main()
