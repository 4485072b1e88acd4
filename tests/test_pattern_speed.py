"""The rewritten code of a pattern (``postmortem._pattern_speed``) finds exactly the pattern's matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem._pattern_speed import _p, faster_tree
from postmortem._patterns import compile_pattern
from postmortem.checks._blame._rule import COMPILED
from postmortem.checks._blame._rule_keys import _RULES
from postmortem.testing import examples

pytestmark = pytest.mark.skipif(_p is None, reason="no private parser of re to rewrite with")

SOURCES = sorted({rule.source for rule in _RULES})

# Characters around and inside words that a word edge, a look-behind or a class reads differently.
JOINS = [" ", "  ", ", ", ". ", "'", "-", "_", "1", ": ", ";", "\n", "?", '"', "(", "’", "é", "x", "s "]


def found(pattern: re.Pattern[str], text: str, pos: int = 0) -> list[tuple[tuple[int, int], ...]]:
    """Every match of *pattern* in *text* from *pos*, each as the spans of the match and of its groups."""
    return [m.regs for m in pattern.finditer(text, pos)]


def words_of(source: str) -> list[str]:
    """The runs of letters written in *source*, as the words text matching it is made of."""
    return sorted(set(re.findall(r"[a-z][a-z'-]*", re.sub(r"\\[a-zA-Z]", " ", source)))) or ["a"]


def texts_for(source: str) -> st.SearchStrategy[str]:
    """Lower-case text made of the pattern's own words, joined (and glued) by characters an edge reads."""
    piece = st.one_of(st.sampled_from(words_of(source)), st.sampled_from(JOINS), st.text("abst -'", max_size=3))
    return st.lists(piece, max_size=14).map("".join)


def rewritten(source: str, flags: int) -> re.Pattern[str]:
    return compile_pattern(source, flags, faster=True)


class TestFasterCode:
    def test_edge_moved_after_the_letters(self) -> None:
        """``\\bafter\\b`` opens with its letters once rewritten, and matches where it matched."""
        parsed = _p.parse(r"\bafter\b", re.ASCII)
        tree = faster_tree(parsed, re.ASCII)
        assert [op for op, _ in tree][:5] == [_p.LITERAL] * 5
        fast = rewritten(r"\bafter\b", re.ASCII)
        slow = re.compile(r"\bafter\b", re.ASCII)
        for text in ["after", "hereafter after", "xafter", "after_x after.", "_after after1", "it's after'"]:
            assert found(slow, text) == found(fast, text)
            for pos in range(len(text)):
                assert found(slow, text, pos) == found(fast, text, pos)

    def test_ways_grouped_by_their_first_letter(self) -> None:
        """Ways sharing a first letter keep their order: the first of them that matches still wins."""
        source = r"\b(?:miss|mistake|error|missed|errors)(?P<end>s?)\b"
        fast = rewritten(source, re.ASCII)
        slow = re.compile(source, re.ASCII)
        for text in ["missed", "mistakes", "errors", "miss error", "amiss mistake", "missing errorss errors"]:
            assert found(slow, text) == found(fast, text)
            assert [m.group("end") for m in slow.finditer(text)] == [m.group("end") for m in fast.finditer(text)]

    def test_case_insensitive_patterns_are_left_alone(self) -> None:
        """With IGNORECASE two letters can match one character: the tree is returned as it was."""
        parsed = _p.parse(r"\b(?:k|s)x", re.IGNORECASE)
        assert faster_tree(parsed, re.IGNORECASE) is parsed

    def test_a_look_behind_keeps_its_body(self) -> None:
        """A look-behind's width is fixed: its word edges stay where they are."""
        source = r"(?<=\bnot\s)take\b|\bno\s+one\b"
        fast = rewritten(source, re.ASCII)
        slow = re.compile(source, re.ASCII)
        for text in ["did not take it", "cannot take", "no one took", "none one", "xno one"]:
            assert found(slow, text) == found(fast, text)

    def test_the_scan_runs_the_rewritten_code(self) -> None:
        """The rules' case-sensitive forms are the rewritten ones; the case-insensitive form is re's own."""
        source = _RULES[0].source
        assert COMPILED[0](source) == re.compile(source, re.IGNORECASE)
        assert COMPILED[2](source).pattern == source

    @pytest.mark.parametrize("source", SOURCES, ids=range(len(SOURCES)))
    def test_every_rule_pattern_matches_alike(self, source: str) -> None:
        """Every rule's pattern: its rewritten forms find the same matches on text of its own words."""

        @settings(max_examples=examples(quick=15, full=150), deadline=None, suppress_health_check=list(HealthCheck))
        @given(text=texts_for(source), pos=st.integers(0, 6))
        def check(text: str, pos: int) -> None:
            for flags in (re.ASCII, 0):
                slow = re.compile(source, flags)
                fast = rewritten(source, flags)
                assert found(slow, text) == found(fast, text)
                assert found(slow, text, pos) == found(fast, text, pos)

        check()
