"""The scorer's settings chosen by the worst round too (``benchmarks/blame_scorer_worst.py``, round 24).

The benchmark counts every setting of a round at once, with quotes as bits; these tests hold those counts
to the plain count finding by finding, the two places' own thresholds (a finding alone in its paragraph, a
finding in a list field's item) to what they say, and the rule to the protocol's wording: no setting is
chosen that leaves a round under the worst round's floor, however much it finds pooled.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _benchmark() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return __import__("blame_scorer_worst")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def _finding(
    scorer: bool, score: float | None, quotes: list[int], path: str, *, tone: float | None = 0.5, praise: bool = False
) -> dict[str, Any]:
    return {
        "scorer": scorer,
        "score": score,
        "quotes": quotes,
        "phrase": "",
        "path": path,
        "heading": "",
        "praise": praise,
        "tone": tone if scorer else None,
    }


def _round(number: int, docs: list[dict[str, Any]]) -> dict[str, Any]:
    line = {"tp": 9, "fp": 1, "fn": 5}
    return {
        "round": number,
        "sentences:rules": line,
        **{f"sentences@{t}": line for t in (0.4, 0.5)},
        "rules_docs": docs,
        "docs": docs,
    }


DOCS = [
    {
        "name": "a",
        "blameful": 4,
        "in_prose": [0, 1, 2],
        "findings": [
            _finding(False, 0.6, [0], "$.summary"),
            _finding(False, 0.1, [], "$.summary"),
            _finding(True, 0.7, [1], "$.sections[0].body", tone=None),
            _finding(True, 0.85, [], "$.action_items[0].description"),
            _finding(True, 0.96, [2], "$.action_items[1].description"),
            _finding(True, 0.9, [], "$.sections[1].body", praise=True),
            _finding(True, 0.8, [], "$.sections[1].body", tone=0.1),
        ],
    },
    {
        "name": "b",
        "blameful": 2,
        "in_prose": [0, 1],
        "findings": [_finding(True, 0.99, [0, 1], "$.timeline[3].description", tone=None)],
    },
]


def test_every_setting_counts_as_the_plain_count() -> None:
    """Counted at once (bits, parts remembered), every setting gives the plain count of each finding."""
    worst = _benchmark()
    r = worst.Round(_round(15, DOCS))
    for setting in worst.settings()[::37]:
        assert r.counts(setting) == worst.counts(DOCS, setting), setting


def test_the_places_own_thresholds() -> None:
    """*alone* holds a scorer finding with no other sentence in its paragraph, *items* one in a list's item."""
    worst = _benchmark()
    base = (0.65, None, "none", None)
    loose = worst.counts(DOCS, (*base, None, None))
    assert (loose["findings"], loose["wrong"], loose["found"]) == (8, 4, 5)
    alone_off = worst.counts(DOCS, (*base, 2.0, None))  # both findings alone in their paragraph withdrawn
    assert (alone_off["findings"], alone_off["found"]) == (6, 2)
    items = worst.counts(DOCS, (*base, None, 0.9))  # the items at 0.85 withdrawn, 0.96 and 0.99 kept
    assert (items["findings"], items["wrong"], items["found"]) == (7, 3, 5)
    assert worst.is_item("$.contributing_factors[2].description")
    assert not worst.is_item("$.sections[2].body")
    assert not worst.is_item("$.summary")


def test_no_round_is_left_under_the_worst_floor() -> None:
    """A setting that finds more pooled but leaves one round under the floor is not chosen."""
    worst = _benchmark()
    good = [
        {
            "name": "g",
            "blameful": 10,
            "in_prose": list(range(10)),
            "findings": [
                _finding(False, None, [0], "$.summary"),
                *(_finding(True, 0.7, [n], "$.summary") for n in range(10)),
            ],
        }
    ]
    # Round 16's scorer findings under 0.8 are wrong: kept, they leave it at 0.5 precision.
    bad = [
        {
            "name": "h",
            "blameful": 2,
            "in_prose": [0, 1],
            "findings": [_finding(True, 0.95, [0], "$.summary"), _finding(True, 0.7, [], "$.summary")],
        }
    ]
    rounds = [worst.Round(_round(15, good)), worst.Round(_round(16, bad))]
    pooled_only = worst.choose_documents(rounds, 0.9, 0.0)
    assert pooled_only[0] < 0.7  # pooled, the wrong finding costs little against ten right ones
    chosen = worst.choose_documents(rounds, 0.9, 0.85)
    assert chosen is not None
    assert chosen[0] > 0.7
    for r in rounds:
        c = r.counts(chosen)
        assert c["right"] / c["findings"] >= 0.85
