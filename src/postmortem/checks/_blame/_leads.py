"""Which group of a clause the scan looks the clause up by.

A rule runs on a line or sentence only when one of its clauses holds there: a word of each
of the clause's groups (see ``_keys``). The scan looks each clause up by one group, its
*lead*, and tests the other groups only on lines holding a lead word (see
``_scan._CLAUSES_BY_KEY``): the rarer the lead, the fewer lines pay for a look-up. Which
group leads changes how much work is done, never which rules run, since every group is
tested either way.

The lead is the group whose words are, together, on the fewest lines of post-mortem prose:
``_line_shares.json`` holds, for each key word, how many lines in 10,000 hold it, counted in
the development documents of ``tests/data`` (``python -m postmortem.checks._blame._leads
FILE...`` counts them again). A word missing from the table (a key word added since) counts
as rare; the table only saves time and never decides a result.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from postmortem.checks._blame._keys import KEY_WORD_CHARS, Clause

__all__ = ["SHARES", "TABLE", "index_clauses", "lead_group", "shares_text"]

TABLE: Final = Path(__file__).with_name("_line_shares.json")


def _read_table() -> dict[str, int]:
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(table, dict):
        return {}
    return {word: share for word, share in table.items() if isinstance(share, int)}


#: Lines in 10,000 holding each key word (see the module's docstring).
SHARES: Final = _read_table()


def lead_group(clause: Clause) -> frozenset[str]:
    """Return the group of *clause* on the fewest lines: the smallest sum of its words' shares.

    Each word adds one to the sum besides its share, so that of two groups equally rare the
    one with fewer words leads; ties go to the group whose words sort first.
    """
    return min(clause, key=_share)


# Worked out once per group: the 2,700 groups of the clauses are 1,200 distinct ones (the
# declared key words join every clause of their rule), and index_clauses runs at import.
@functools.cache
def _share(group: frozenset[str]) -> tuple[int, tuple[str, ...]]:
    return sum(SHARES.get(word, 0) + 1 for word in group), tuple(sorted(group))


def index_clauses(
    clauses: Sequence[tuple[Clause, ...]],
) -> dict[str, list[tuple[int, tuple[frozenset[str], ...]]]]:
    """Return, for each lead word, the clauses it leads: the rule's index and the clause's other groups.

    *clauses* are each rule's clauses, by rule index. The other groups come rarest first, so
    that a clause that fails is mostly found to fail by its first test.
    """
    by_key: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
    for index, rule_clauses in enumerate(clauses):
        for clause in rule_clauses:
            lead = lead_group(clause)
            rest = tuple(sorted((group for group in clause if group != lead), key=_share))
            for word in lead:
                by_key.setdefault(word, []).append((index, rest))
    return by_key


# Every character outside the key words' own becomes a space (as the scan reads text).
_NOT_WORD: Final = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in KEY_WORD_CHARS})


def shares_text(lines: Iterable[str], words: frozenset[str]) -> str:
    """Return the JSON :data:`TABLE` should hold: per word of *words*, lines in 10,000 holding it.

    Words on no line are left out (they count as rare anyway).
    """
    counts = dict.fromkeys(sorted(words), 0)
    total = 0
    for line in lines:
        total += 1
        low = line.lower().replace("’", "'")
        found = words.intersection(low.encode("ascii", "replace").decode("ascii").translate(_NOT_WORD).split())
        # The marks the scan adds to a line's words (see _scan._add_marks).
        marks = {"'s": "'s" in low or "s' " in low, "?": "?" in low}
        found |= {mark for mark, held in marks.items() if held and mark in words}
        for word in found:
            counts[word] += 1
    shares = {word: round(count * 10_000 / max(total, 1)) for word, count in counts.items() if count}
    return json.dumps(shares, indent=0, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import importlib

    from postmortem._files import atomic_write

    # Imported by name: the detector imports this module, so a plain import is a cycle.
    scan = importlib.import_module("postmortem.checks._blame._scan")
    text_lines = [line for name in sys.argv[1:] for line in Path(name).read_text(encoding="utf-8").splitlines()]
    atomic_write(TABLE, shares_text(text_lines, scan._ALL_KEYS).encode("utf-8"))
    sys.stdout.write(f"wrote {TABLE} from {len(text_lines)} lines\n")
    # The scan's index, made from the shares, is stale now: written by the clauses' command.
    sys.stdout.write("now run 'python -m postmortem.checks._blame._keys' to write the scan's tables anew\n")
