"""The blamelessness detector reads crafted text in time linear in its length.

Each rule gets 100 KB of text built around its key words and its pattern's literal parts
(see ``tests/blame_adversarial.py``): one endless sentence, comma-separated runs with people
and clause words between, runs of one word, and wrapped lines. The check runs in a
subprocess so that a hang is a failure, not a stuck test run; the bound (5 s of CPU per
rule, against well under one today) detects a hang or a quadratic blow-up, it is not a
benchmark (``benchmarks/`` measures speed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.checks._blame._scan import _RULES

SCRIPT = Path(__file__).with_name("blame_adversarial.py")
LIMIT = 5.0


def _run(check: str) -> dict[int, tuple[str, int, float]]:
    try:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), check],
            capture_output=True,
            text=True,
            timeout=LIMIT * len(_RULES),
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"adversarial text did not finish; last rules read: {exc.stdout!r}")
    found: dict[int, tuple[str, int, float]] = {}
    for line in done.stdout.splitlines():
        index, rule, size, seconds = line.split()
        found[int(index)] = (rule, int(size), float(seconds))
    return found


@pytest.mark.slow
class TestLinearTime:
    """No rule's pattern or gate backtracks or rereads its way into quadratic time."""

    def test_every_rule_reads_100_kb_of_crafted_text_quickly(self) -> None:
        found = _run("find_blame")
        assert sorted(found) == list(range(len(_RULES)))
        for index, (rule, size, seconds) in found.items():
            assert size >= 100_000
            assert seconds < LIMIT, f"rule {index} ({rule}) took {seconds:.1f} s of CPU on {size} characters"

    def test_the_old_worst_cases_are_quick(self) -> None:
        """48 KB around "human error" or "obviously" took about 19 s before this was fixed."""
        code = (
            "import time\n"
            "from postmortem.checks._blame import find_blame\n"
            "for text in ('human error ' * 9000, 'obviously ' * 10000, 'The engineer obviously ' * 4000):\n"
            "    start = time.process_time()\n"
            "    find_blame(text)\n"
            "    print(time.process_time() - start)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=3 * LIMIT, check=True
        )
        times = [float(line) for line in done.stdout.split()]
        assert len(times) == 3
        assert max(times) < LIMIT
