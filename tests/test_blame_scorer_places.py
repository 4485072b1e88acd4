"""The scorer's findings read with their places (``benchmarks/blame_scorer_places.py``, round 23).

The benchmark checks each held-out folder once and decides the praise places and the paragraph's tone from
what each finding carries; these tests hold its praise places to what checking the folder with a model that
withdraws them gives (``postmortem.checks._places``), and its rule to the protocol's wording.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

import postmortem.checks._blame._scorer as scorer_module

from ._benchmarks import benchmark_script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _benchmark(name: str) -> Any:
    return benchmark_script(name)


# Round 24's documents: round 25's model, trained on round 21's too, no longer flags any sentence of theirs
# in a place of praise, which the test needs.
@pytest.mark.parametrize("folder", ["blameless_documents_v24"])
def test_places_count_what_checking_with_them_counts(folder: str) -> None:
    """With the praise places withdrawn (``scorer``) or not, and a paragraph's tone or none, the benchmark's
    counts off one check at the loosest setting are what checking the folder with a model of that setting
    counts (postmortem.checks._places, _scan.paragraph_tone)."""
    places = _benchmark("blame_scorer_places")
    by_set = _benchmark("blame_scorer_by_set")
    shipped = scorer_module.model()
    # Read with nothing withdrawn (since round 23 the shipped model withdraws its findings in places
    # of praise and by tone itself, so read with it the folder would hold none to count).
    loosest = attrs.evolve(shipped, praise_places=False, tone=None)
    docs = places.read_folder(DATA / folder, loosest, shipped.threshold)
    assert any(f["scorer"] and f["praise"] for d in docs for f in d["findings"])  # the folder holds some
    assert any(f["scorer"] and f["tone"] is not None and f["tone"] < 0.3 for d in docs for f in d["findings"])
    for threshold, second, praise, tone in (
        (0.85, 0.25, "none", None),
        (0.85, 0.25, "scorer", None),
        (0.6, None, "scorer", None),
        (0.65, 0.15, "scorer", 0.3),
        (0.6, None, "none", 0.1),
    ):
        m = attrs.evolve(
            shipped, document_threshold=threshold, second_opinion=second, praise_places=praise == "scorer", tone=tone
        )
        expected = by_set.score_folder_with(DATA / folder, m)
        assert places.counts(docs, threshold, second, praise, tone) == expected, (threshold, second, praise, tone)
    assert scorer_module.model() is shipped


def test_the_heading_read_is_the_packages() -> None:
    """The benchmark's place of praise is the package's (postmortem.checks._places)."""
    places = _benchmark("blame_scorer_places")
    assert places.PRAISE.pattern == __import__("postmortem.checks._places").checks._places.PRAISE.pattern
    assert places.in_praise("$.what_went_well[2]", "what_went_well")
    assert places.in_praise("$.sections[0].body", "thanks and shout-outs")
    assert not places.in_praise("$.sections[0].body", "notes for the board")


def test_the_rule_takes_the_most_found_at_the_aim() -> None:
    """Among every documents' setting, the one finding the most quotes at the pooled aim."""
    places = _benchmark("blame_scorer_places")
    wrong = {"scorer": True, "score": 0.99, "quotes": [], "praise": True, "tone": 0.5}
    right = {"scorer": True, "score": 0.99, "quotes": [0], "praise": False, "tone": 0.5}
    rules = {"scorer": False, "score": 0.9, "quotes": [1], "praise": False, "tone": None}
    doc = {"findings": [wrong, right, rules], "blameful": 3, "in_prose": [0, 1, 2]}
    result = {
        "docs": [doc],
        **{f"sentences@{th}": {"tp": 9, "fp": 1} for th in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85)},
    }
    assert places.counts([doc], 0.9, None, "none", None)["wrong"] == 1
    assert places.counts([doc], 0.9, None, "scorer", None)["wrong"] == 0
    _text, setting = places.choose([result], 0.92)
    assert setting is not None
    assert setting[2] != "none"
    assert places.counts([doc], *setting)["found"] == 2
