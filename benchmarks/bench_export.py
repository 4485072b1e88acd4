"""Markdown and HTML export time, for a typical incident and for one with 1,000 timeline events.

Run with ``nox -s bench`` or ``python benchmarks/bench_export.py``. Prints the median of
several runs; nothing is asserted (the machine is shared and noisy).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import postmortem
from postmortem.testing import sample_incident

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(func: Callable[[], object], repeat: int = 15) -> float:
    func()  # warm caches (templates, tz database) once, as a long-running process would
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    typical = postmortem.load(ROOT / "examples" / "api-outage-feature-flag.yaml")
    large = sample_incident(events=1000)
    print(f"{'incident':<34} {'markdown':>10} {'html':>10} {'output (html)':>14}")
    for label, incident in ((f"typical ({len(typical.timeline)} events)", typical), ("1,000 timeline events", large)):
        md = median_seconds(lambda i=incident: postmortem.export(i, "markdown"))
        html = median_seconds(lambda i=incident: postmortem.export(i, "html"))
        size = len(str(postmortem.export(incident, "html")).encode())
        print(f"{label:<34} {md * 1000:>8.1f}ms {html * 1000:>8.1f}ms {size / 1024:>11.0f} KiB")


if __name__ == "__main__":
    main()
