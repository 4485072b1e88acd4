"""Side-by-side timing: our code and a peer, in alternating rounds, reported as ratios.

The machine these run on is often shared. Running ours and the peer in alternating rounds
(ours first in even rounds, the peer first in odd ones) exposes both to the same load, and
the ratio of each round is reported as well as the median: a wide range says the load
changed under the measurement. CPU time (this process and its finished children) is shown
next to wall time, since other processes' load does not count in it.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call of ``work``."""
    cpu = _cpu()
    wall = time.perf_counter()
    work()
    return time.perf_counter() - wall, _cpu() - cpu


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def autogroup() -> str:
    """Whether Linux shares the CPU per session (autogroup): then a session's processes share one turn."""
    try:
        enabled = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return "autogroup unknown"
    return "autogroup on (CPU shared per session)" if enabled else "autogroup off"


def compare(
    label: str,
    ours: Callable[[], Any],
    peer: Callable[[], Any],
    *,
    rounds: int,
    peer_name: str,
    warm: bool = True,
    use: str = "wall",
) -> float:
    """Time ``ours`` and ``peer`` in ``rounds`` alternating rounds; print and return the median ratio.

    Args:
        label: What is measured.
        ours: Our work.
        peer: The peer's work on the same input.
        rounds: How many rounds (each runs both once).
        peer_name: The peer's name, for the printout.
        warm: Run each once, untimed, first (imports, caches of the file system).
        use: ``"wall"`` or ``"cpu"``: which time the ratio is taken of.
    """
    if warm:
        ours()
        peer()
    mine: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for index in range(rounds):
        if index % 2 == 0:
            mine.append(timed(ours))
            theirs.append(timed(peer))
        else:
            theirs.append(timed(peer))
            mine.append(timed(ours))
    pick = 0 if use == "wall" else 1
    ratios = [m[pick] / t[pick] for m, t in zip(mine, theirs, strict=True)]
    median = statistics.median(ratios)
    print(f"{label}  ({rounds} alternating rounds, {load_note()})")
    print(
        f"  ours: wall {statistics.median(m[0] for m in mine):7.3f} s   "
        f"cpu {statistics.median(m[1] for m in mine):7.3f} s  (medians)"
    )
    print(
        f"  {peer_name}: wall {statistics.median(t[0] for t in theirs):7.3f} s   "
        f"cpu {statistics.median(t[1] for t in theirs):7.3f} s  (medians)"
    )
    shown = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"  ratio ours / {peer_name} ({use} time): median {median:.2f}x  (rounds: {shown})", flush=True)
    return median
