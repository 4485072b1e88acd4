"""One finding per rule and phrase: readers of one rule that find the same blame through
different words of one phrase give the reader of the report one finding there."""

from __future__ import annotations

import json
from pathlib import Path

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._hit import BlameHit, one_per_phrase

PINNED = Path(__file__).resolve().parent / "data" / "blame_pinned.json"


def _hit(rule: str, start: int, end: int) -> BlameHit:
    return BlameHit(rule=rule, start=start, end=end, message=f"{rule} {start}", suggestion="")


def test_overlapping_hits_of_one_rule_keep_the_first() -> None:
    hits = [_hit("blame/named-person", 37, 51), _hit("blame/named-person", 22, 43), _hit("blame/character", 40, 45)]
    kept = one_per_phrase(hits)
    assert [(h.rule, h.start, h.end) for h in kept] == [
        ("blame/named-person", 22, 43),
        ("blame/character", 40, 45),
    ]


def test_hits_of_one_rule_that_do_not_overlap_all_stay() -> None:
    hits = [_hit("blame/named-person", 0, 10), _hit("blame/named-person", 10, 20), _hit("blame/named-person", 30, 40)]
    assert one_per_phrase(hits) == hits


def test_a_hit_inside_a_long_one_goes() -> None:
    hits = [_hit("blame/named-person", 16, 80), _hit("blame/named-person", 54, 72), _hit("blame/named-person", 81, 90)]
    assert [(h.start, h.end) for h in one_per_phrase(hits)] == [(16, 80), (81, 90)]


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
