"""Load and analyse 10,000 generated post-mortems; print seconds and where the time goes.

Run: python benchmarks/bench_analytics.py [--count 10000] [--folder DIR] [--profile]

The files are generated once into ``--folder`` (default: a cached folder under the system
temporary directory) and reused on later runs. The target is under 10 seconds for loading
and analysing 10,000 YAML files on a 2-core machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from postmortem.analytics import (
    MEASURES,
    Collection,
    action_report,
    build_review,
    category_counts_by_month,
    detection_method_counts_by_month,
    detection_share,
    duration_summary,
    find_incident_files,
    find_recurrences,
    generate_incidents,
    render_review,
    write_collection,
)

TODAY = date(2027, 1, 15)


def prepare(folder: Path, count: int) -> list[Path]:
    existing = find_incident_files(folder) if folder.exists() else []
    if len(existing) == count:
        return existing
    print(f"generating {count} post-mortems in {folder} ...", flush=True)
    started = time.perf_counter()
    incidents = generate_incidents(count, seed=10_000, start=date(2024, 1, 1), end=date(2026, 12, 31), today=TODAY)
    # Mostly YAML, as people write them, with some JSON and TOML from tools.
    paths = write_collection(folder, incidents, formats=("yaml",) * 8 + ("json", "toml"))
    print(f"  written in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(label: str, func: Callable[[], Any], results: dict[str, float]) -> Any:
    """Run ``func``; print wall time and CPU time (this process, and worker processes).

    On a shared machine wall time depends on what else runs; CPU time does not, and
    ``max(own, (own + workers) / cores)`` estimates the wall time on an idle machine.
    """
    own_before, children_before = _cpu()
    started = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - started
    own_after, children_after = _cpu()
    own, workers = own_after - own_before, children_after - children_before
    idle = max(own, (own + workers) / (os.cpu_count() or 1))
    print(
        f"{label:<42} wall {results[label]:6.2f} s   cpu {own:6.2f} s + workers {workers:6.2f} s"
        f"   idle-machine estimate {idle:6.2f} s",
        flush=True,
    )
    return value


def analyse(collection: Collection) -> None:
    for measure in MEASURES:
        for by in (None, "severity", "service", "month"):
            duration_summary(collection, measure, by)  # type: ignore[arg-type]
    detection_share(collection)
    category_counts_by_month(collection)
    detection_method_counts_by_month(collection)
    action_report(collection, TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--profile", action="store_true", help="Print cProfile's top entries.")
    parser.add_argument("--compare", action="store_true", help="Also time serial and thread loading (slow).")
    parser.add_argument(
        "--fork",
        action="store_true",
        help="Start worker processes by fork, so that their CPU time is counted (a fork server's is not).",
    )
    args = parser.parse_args()
    if args.fork:
        import multiprocessing

        import postmortem._parallel as parallel_module

        parallel_module.process_context = lambda: multiprocessing.get_context("fork")
    folder = args.folder or Path(tempfile.gettempdir()) / f"postmortem-bench-{args.count}"
    prepare(folder, args.count)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.count} files")

    results: dict[str, float] = {}
    if args.compare:
        for mode in ("serial", "threads"):
            timed(f"load ({mode})", lambda mode=mode: Collection.load(folder, parallelism=mode), results)
    collection: Collection = timed(
        "load (processes)", lambda: Collection.load(folder, parallelism="processes"), results
    )
    assert len(collection) == args.count, (len(collection), collection.failures[:3])
    timed("measures (durations, detection, actions)", lambda: analyse(collection), results)
    timed("recurrence (all incidents)", lambda: find_recurrences(collection), results)
    review = timed(
        "review build (one quarter)",
        lambda: build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30), today=TODAY),
        results,
    )
    timed(
        "review render (HTML + Markdown)",
        lambda: (render_review(review, "html"), render_review(review, "markdown")),
        results,
    )
    total = sum(value for key, value in results.items() if key.split(" (")[0] != "load" or "processes" in key)
    print(f"{'total wall (load with processes + analysis)':<42} {total:6.2f} s")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        analyse(collection)
        find_recurrences(collection)
        build_review(collection, since=date(2026, 7, 1), until=date(2026, 9, 30), today=TODAY)
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(18)
        print("\nanalysis profile (cumulative):")
        print(stream.getvalue())
        profiler = cProfile.Profile()
        profiler.enable()
        Collection.load(find_incident_files(folder)[:2000], parallelism="serial")
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(12)
        print("loading profile, 2,000 files in one process (own time):")
        print(stream.getvalue())


if __name__ == "__main__":
    main()
