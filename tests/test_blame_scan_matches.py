"""The scan's matches of a rule in a sentence (round 23): the first match is not made twice.

``_scan._matches_from`` gives what ``list(pattern.finditer(piece, first.start()))`` gave, where
``first`` is the search that found the rule matches at all: the same spans and groups, match by
match, for every rule's pattern in the forms the scan runs, and for patterns that match empty text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.checks._blame._rule import COMPILED
from postmortem.checks._blame._rule_keys import _RULES
from postmortem.checks._blame._scan import _matches_from

DATA = Path(__file__).parent / "data"


def _old(pattern: re.Pattern[str], piece: str) -> list[tuple[tuple[int, int], ...]] | None:
    first = pattern.search(piece)
    return None if first is None else [m.regs for m in pattern.finditer(piece, first.start())]


def _new(pattern: re.Pattern[str], piece: str) -> list[tuple[tuple[int, int], ...]] | None:
    first = pattern.search(piece)
    return None if first is None else [m.regs for m in _matches_from(pattern, piece, first)]


def _labelled(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.glob("blameless_*.jsonl"))[:6]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"].lower().replace("’", "'"))
            if len(texts) >= limit:
                return texts
    return texts


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _labelled(1500)


def test_every_rule_finds_the_same_matches_on_labelled_sentences(sentences: list[str]) -> None:
    """Each rule's pattern, in the forms the scan searches, on labelled sentences: the same matches."""
    compared = 0
    for rule in _RULES:
        for index in (1, 2):
            pattern = COMPILED[index](rule.source)
            for piece in sentences:
                if index == 2 and not piece.isascii():
                    continue
                old = _old(pattern, piece)
                assert _new(pattern, piece) == old, (rule.rule, piece)
                compared += old is not None
    assert compared > 500  # the rules do match: the comparison is not of empty lists


@pytest.mark.parametrize(
    "source",
    [r"\b", r"x*", r"(?=a)", r"a*|b", r"(a)?b?", r"\bno\b|(?<=,)", r"(?:blame)?", r"$"],
)
@given(text=st.text(alphabet="ab ,noblame.x", max_size=30))
def test_patterns_that_match_empty_text(source: str, text: str) -> None:
    """An empty first match is stepped past as the iterator steps: the same matches as before."""
    pattern = re.compile(source)
    assert _new(pattern, text) == _old(pattern, text)


@given(text=st.text(alphabet="abc -',", max_size=40))
def test_overlapping_and_adjacent_matches(text: str) -> None:
    """Matches that touch, and a pattern whose ways overlap: the same matches, groups included."""
    for source in (r"(a|ab)(c?)", r"\b(?P<w>[abc]+)'?\b", r"a(?=b)|b"):
        pattern = re.compile(source)
        assert _new(pattern, text) == _old(pattern, text)
