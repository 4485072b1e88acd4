"""The scorer's settings scored in one pass (``benchmarks/blame_scorer_grid.py``, round 21).

The grid checks each held-out folder once, at the loosest setting with nothing withdrawn, and decides every
other setting from the scores its findings carry. These tests hold it to what checking the folder with each
setting gives, and its selection rule to the protocol's wording.
"""

from __future__ import annotations

from collections import Counter
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


@pytest.mark.parametrize("folder", ["blameless_documents_v19", "blameless_documents_v17"])
def test_one_pass_counts_what_checking_with_each_setting_counts(folder: str) -> None:
    """Each documents' threshold and second opinion, read off one check at the loosest setting, counts the
    findings, right and wrong, and the quotes found exactly as checking the folder with that setting does
    (``blame_scorer_by_set.score_folder_with``); with no model, as the rules alone do."""
    grid = _benchmark("blame_scorer_grid")
    by_set = _benchmark("blame_scorer_by_set")
    shipped = scorer_module.model()
    docs = grid.read_folder(DATA / folder, shipped, shipped.threshold)
    assert any(f.scorer for d in docs for f in d.findings)
    assert any(not f.scorer and f.score is not None for d in docs for f in d.findings)
    for threshold, second in ((0.9, 0.1), (0.75, None), (0.95, 0.3), (shipped.threshold, 0.05)):
        m = attrs.evolve(shipped, document_threshold=threshold, second_opinion=second)
        expected = by_set.score_folder_with(DATA / folder, m)
        assert grid.counts(docs, threshold, second) == expected, (threshold, second)
    rules = grid.read_folder(DATA / folder, None, 1.0)
    assert grid.counts(rules, 1.0, None) == by_set.score_folder_with(DATA / folder, None)
    assert scorer_module.model() is shipped  # the model is put back


def test_the_selection_rule_finds_most_at_the_aim() -> None:
    """The protocol's rule: the setting that finds the most, pooled over the rounds, among those whose pooled
    precision reaches the aim; none when no setting does. A round's precision alone does not decide."""
    grid = _benchmark("blame_scorer_grid")
    rounds = [
        {"a": {"tp": 50, "fp": 2}, "b": {"tp": 60, "fp": 9}, "c": {"tp": 40, "fp": 0}},
        {"a": {"tp": 50, "fp": 4}, "b": {"tp": 60, "fp": 3}, "c": {"tp": 40, "fp": 0}},
    ]
    # a: 100 of 106 (0.943), b: 120 of 132 (0.909), c: 80 of 80.
    assert grid.choose(rounds, ["a", "b", "c"], 0.92, documents=False) == "a"
    assert grid.choose(rounds, ["a", "b", "c"], 0.90, documents=False) == "b"
    assert grid.choose(rounds, ["a", "b"], 0.95, documents=False) is None
    docs = [{"x": Counter(findings=10, right=9, wrong=1, found=8, blameful=20)}]
    assert grid.precision_recall(docs[0]["x"], documents=True) == (0.9, 0.4, 8)
    assert grid.choose(docs, ["x"], 0.9, documents=True) == "x"


def test_round_20_held_out_two_sentence_sets() -> None:
    """Round 20's held-out sentences were written in two sets; leaving the round out leaves out both."""
    grid = _benchmark("blame_scorer_grid")
    assert grid.held_out(20) == (
        ("blameless_v20_unseen.jsonl", "blameless_v20b_unseen.jsonl"),
        "blameless_documents_v20",
    )
    assert grid.held_out(19) == (("blameless_v19_unseen.jsonl",), "blameless_documents_v19")
