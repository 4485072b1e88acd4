"""One finding per rule and phrase: readers of one rule that find the same blame through
different words of one phrase give the reader of the report one finding there (``_gated_hits``
drops a hit overlapping an earlier one of the same rule, also where a gate moved the span)."""

from __future__ import annotations

import json
from pathlib import Path

from postmortem.checks._blame import find_blame

PINNED = Path(__file__).resolve().parent / "data" / "blame_pinned.json"


def test_a_culprit_link_and_a_persons_act_in_one_phrase_are_one_finding() -> None:
    text = "Most of the data loss traces back to Ingrid running the restore against the wrong snapshot."
    hits = find_blame(text)
    rules = [hit.rule for hit in hits]
    assert rules.count("blame/named-person") == 1, hits
    two = find_blame(text + " " + text)
    assert [hit.rule for hit in two].count("blame/named-person") == 2


def test_no_pinned_text_holds_two_overlapping_hits_of_one_rule() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    for section in ("rules", "scorer"):
        for key, hits in pinned[section].items():
            for index, (rule, start, end, _) in enumerate(hits):
                for other, a, b, _ in hits[index + 1 :]:
                    assert not (rule == other and start < b and a < end), (section, key, rule, start, end, a, b)
