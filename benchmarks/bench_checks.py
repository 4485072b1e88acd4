"""How many typical incidents per second ``check()`` handles on one core, next to proselint.

Typical incidents are the three examples (two complete post-mortems and a poor draft).
Figures printed:

* ``check()`` on loaded incidents with every installed rule (completeness and blamelessness),
  and with the completeness rules only (``disable = ["blame/*"]``), to show where time goes;
* ``check()`` on 300 distinct incidents made by reshuffling each example's sentences (see
  _distinct_incidents): the same work without the caches keyed by text always hitting;
* the same with loading each YAML file first (``check_file``), as the command line does;
* proselint (its current ``LintFile(...).lint()`` API, default checks) on the same prose:
  every field ``check()`` reads as prose, joined into one text per incident;
* the ratio of our rate to proselint's.

Rates are per CPU-second of this one process (pinned to one core).

With ``--once``, only ``check()`` of each distinct incident once in a new process, where no
reading is remembered and patterns compile on first use: what a CI job meets.

Run: ``python benchmarks/bench_checks.py [--seconds 2] [--once]``. Target: >= 1,000 incidents/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import postmortem
from postmortem.checks import Config, check, check_file
from postmortem.checks._text import prose_fields

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
TODAY = date(2026, 11, 1)


def _rate(work: Callable[[], int], seconds: float, rounds: int = 3) -> float:
    """Best items per CPU-second over ``rounds`` runs of at least ``seconds`` each.

    CPU time of this process, not wall time: on a shared machine other processes' load
    would otherwise be counted against us (and against proselint alike).
    """
    work()  # warm caches: entry-point scan, rule imports, compiled regexes
    best = 0.0
    for _ in range(rounds):
        done = 0
        start = time.process_time()
        while (elapsed := time.process_time() - start) < seconds:
            done += work()
        best = max(best, done / elapsed)
    return best


def _proselint() -> Callable[[str], int] | None:
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)

    def lint(text: str) -> int:
        return len(LintFile("<incident>", text).lint(DEFAULT))

    return lint


def _distinct_incidents(incidents: list[postmortem.Incident], count: int) -> list[postmortem.Incident]:
    """Make *count* different incidents from the examples: each prose field's sentences are
    replaced by sentences drawn (seeded) from the same example's prose.

    Checking the same three incidents again and again lets every cache keyed by text hit;
    new incidents, as a team's CI sees them, do not. These keep each example's shape,
    vocabulary and blameful sentences, in lines no cache has seen.
    """
    import random

    from postmortem.checks._engine import _path_parts
    from postmortem.serialize import from_dict, to_dict

    def sentences(line: str) -> list[str]:
        return [part for part in re.split(r"(?<=[.!?])\s+", line) if part.strip()]

    pools = [
        [sentence for _, text in prose_fields(incident) for line in text.split("\n") for sentence in sentences(line)]
        for incident in incidents
    ]
    rng = random.Random(20261128)
    made = []
    for number in range(count):
        incident = incidents[number % len(incidents)]
        pool = pools[number % len(incidents)]
        data = to_dict(incident)
        for path, text in prose_fields(incident):
            if path == "$.title" or not text.strip():
                continue
            *parents, last = _path_parts(path)
            node: Any = data
            for part in parents:
                node = node[part]
            # Line by line, so that paragraphs and lists keep their line breaks; a sentence
            # drawn from a list item or a timeline entry gets the full stop it would need.
            node[last] = "\n".join(
                " ".join(
                    _ended(rng.choice(pool)) if len(sentences(line)) > 1 else rng.choice(pool) for _ in sentences(line)
                )
                for line in text.split("\n")
            )
        made.append(from_dict(data))
    return made


def _compare_scorer(
    incidents: list[postmortem.Incident], distinct: list[postmortem.Incident], seconds: float, rounds: int = 5
) -> None:
    """Print check()'s rate with the blamelessness scorer off and on, measured in turn.

    Each round measures both, one after the other, so that the machine's load weighs on the
    two alike; the ratio of the mean rates is printed with the range of the per-round ratios.
    """
    configs = {"off": Config(today=TODAY, blame_scorer=False), "on": Config(today=TODAY, blame_scorer=True)}
    for name, items in (("the three examples", incidents), ("300 distinct incidents", distinct)):
        rates: dict[str, list[float]] = {"off": [], "on": []}
        for _ in range(rounds):
            for key, config in configs.items():

                def work(config: Config = config, items: list[postmortem.Incident] = items) -> int:
                    for incident in items:
                        check(incident, config)
                    return len(items)

                rates[key].append(_rate(work, seconds, rounds=1))
        ratios = [on / off for on, off in zip(rates["on"], rates["off"], strict=True)]
        mean = sum(rates["on"]) / sum(rates["off"])
        print(
            f"check(), {name}: scorer off {min(rates['off']):,.0f}-{max(rates['off']):,.0f} incidents/s, "
            f"on {min(rates['on']):,.0f}-{max(rates['on']):,.0f}; on/off {mean:.2f} "
            f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
        )


def _once(incidents: list[postmortem.Incident], config: Config) -> None:
    """Print check()'s rate on each of 300 distinct incidents checked once, in this process.

    As a CI job meets new post-mortems: each checked once, in a process that has checked
    nothing before (patterns compiled and parsers loaded on first use are counted).
    """
    distinct = _distinct_incidents(incidents, 300)
    start = time.process_time()
    for incident in distinct:
        check(incident, config)
    rate = len(distinct) / (time.process_time() - start)
    print(f"check(), every rule, each of 300 distinct incidents once, new process: {rate:8,.0f} incidents/s")


def _ended(sentence: str) -> str:
    return sentence if sentence.rstrip().endswith((".", "!", "?", ":")) else f"{sentence.rstrip()}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum seconds per round")
    parser.add_argument(
        "--once",
        action="store_true",
        help="only check() of each of the 300 distinct incidents once, in this new process (nothing remembered)",
    )
    parser.add_argument(
        "--compare-scorer",
        action="store_true",
        help="only check() with the blamelessness scorer off and on, interleaved, and their ratio",
    )
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    incidents = [postmortem.load(path) for path in EXAMPLES]
    config = Config(today=TODAY)
    if args.once:
        _once(incidents, config)
        return
    texts = ["\n\n".join(text for _, text in prose_fields(i) if text.strip()) for i in incidents]
    findings = [len(check(i, config)) for i in incidents]

    def ours() -> int:
        for incident in incidents:
            check(incident, config)
        return len(incidents)

    completeness_only = Config(today=TODAY, disable=["blame/*"])

    def ours_completeness() -> int:
        for incident in incidents:
            check(incident, completeness_only)
        return len(incidents)

    distinct = _distinct_incidents(incidents, 300)
    if args.compare_scorer:
        _compare_scorer(incidents, distinct, args.seconds)
        return

    def ours_distinct() -> int:
        for incident in distinct:
            check(incident, config)
        return len(distinct)

    def ours_with_loading() -> int:
        for path in EXAMPLES:
            check_file(path, config)
        return len(EXAMPLES)

    print(f"postmortem {postmortem.__version__}, Python {platform.python_version()}, one core, CPU time")
    print(f"incidents: {', '.join(p.name for p in EXAMPLES)}")
    print(f"prose per incident: {', '.join(str(len(t)) for t in texts)} characters; findings: {findings}")
    rate = _rate(ours, args.seconds)
    print(f"check(), every rule: {rate:10,.0f} incidents/s  ({1e3 / rate:.3f} ms each)")
    fresh = _rate(ours_distinct, args.seconds)
    print(f"check(), every rule, 300 distinct incidents: {fresh:8,.0f} incidents/s  ({1e3 / fresh:.3f} ms each)")
    partial = _rate(ours_completeness, args.seconds)
    print(f"check(), completeness rules only: {partial:8,.0f} incidents/s  ({1e3 / partial:.3f} ms each)")
    loaded = _rate(ours_with_loading, args.seconds)
    print(f"check_file(), YAML + every rule: {loaded:8,.0f} incidents/s  ({1e3 / loaded:.3f} ms each)")
    lint = _proselint()
    if lint is None:
        print("proselint: not installed (pip install proselint) - no ratio")
        return
    from importlib.metadata import version

    def theirs() -> int:
        for text in texts:
            lint(text)
        return len(texts)

    prose_rate = _rate(theirs, args.seconds)
    name = f"proselint {version('proselint')}"
    print(f"{name} on the same prose: {prose_rate:8,.0f} incidents/s ({1e3 / prose_rate:.3f} ms each)")
    print(f"ratio check() / proselint: {rate / prose_rate:.1f}x")
    print(
        f"target >= 1,000 incidents/s, every rule: {'met' if rate >= 1000 else 'NOT met'} "
        f"({'met' if fresh >= 1000 else 'NOT met'} on distinct incidents); "
        f"completeness only: {'met' if partial >= 1000 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
