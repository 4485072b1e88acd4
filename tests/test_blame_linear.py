"""The blamelessness detector reads crafted text in time linear in its length.

Each rule gets text built around its key words and its pattern's literal parts (see
``tests/blame_adversarial.py``): one endless sentence, comma-separated runs with people and
clause words between, runs of one word, and wrapped lines. The check runs in a subprocess so
that a hang is a failure, not a stuck test run; the bound (5 s of CPU per rule for 100 KB,
against well under one today, and in proportion for less) detects a hang or a quadratic
blow-up, it is not a benchmark (``benchmarks/`` measures speed).

The thorough tier (``POSTMORTEM_THOROUGH=1``) gives each rule 100 KB (14 s of CPU for all
of them); the everyday tier 25 KB of the same construction (3.7 s), with a quarter of the
bound (1.25 s per rule). A quadratic reading still stands out at 25 KB: the old worst cases
(48 KB in 19 s, ``test_the_old_worst_cases_are_quick``, which both tiers run) would take
about 5 s per rule there, four times the everyday bound.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.checks._blame._rule_keys import _RULES
from postmortem.testing import thorough

SCRIPT = Path(__file__).with_name("blame_adversarial.py")
LIMIT = 5.0
"""Seconds of CPU a rule may take on 100 KB (a hang or a quadratic blow-up takes far more)."""
HUNG = 300.0
"""Seconds of wall time after which a run of a few texts counts as hung. Only a guard: the bounds
asserted are CPU, and at a load average of 25 a run of about 1 s of CPU took more than 15 s of wall."""
SIZE = 100_000 if thorough() else 25_000
"""The characters of crafted text each rule reads: 100 KB in the thorough tier, 25 KB everyday."""


def _run(check: str, size: int) -> dict[int, tuple[str, int, float]]:
    try:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), check, str(size)],
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

    def test_every_rule_reads_crafted_text_quickly(self) -> None:
        """100 KB per rule in the thorough tier, 25 KB everyday, each within its share of the bound."""
        found = _run("find_blame", SIZE)
        assert sorted(found) == list(range(len(_RULES)))
        limit = LIMIT * SIZE / 100_000
        for index, (rule, size, seconds) in found.items():
            assert size >= SIZE
            assert seconds < limit, f"rule {index} ({rule}) took {seconds:.1f} s of CPU on {size} characters"

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
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HUNG, check=True)
        times = [float(line) for line in done.stdout.split()]
        assert len(times) == 3
        assert max(times) < LIMIT

    def test_verdicts_on_the_sentence_before_are_quick(self) -> None:
        """Round 10: every verdict sentence reads back to the sentence before it (``_carried``), a bounded look back.

        Crafted so that each sentence of the text is a verdict whose gate reads back: short
        verdicts one after another, a verdict after a sentence far longer than the look
        back, and verdict clauses chained in one endless sentence.
        """
        code = (
            "import time\n"
            "from postmortem.checks._blame import find_blame\n"
            "size = int(__import__('sys').argv[1])\n"
            "texts = ('Typical. ', 'Dave pushed it. That is unacceptable. ', 'Dave pushed it, which is unacceptable, ',\n"
            "         'Dave pushed it and that was not his decision to make ', 'Either way that is not good enough. ',\n"
            "         'the engineer dave and ' * 40 + 'Again. ')\n"
            "for unit in texts:\n"
            "    text = unit * (size // len(unit) + 1)\n"
            "    start = time.process_time()\n"
            "    find_blame(text)\n"
            "    print(time.process_time() - start)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(SIZE)], capture_output=True, text=True, timeout=HUNG, check=True
        )
        times = [float(line) for line in done.stdout.split()]
        assert len(times) == 6
        assert max(times) < LIMIT * SIZE / 100_000
