"""Redaction of a large incident does work in proportion to its size, and finds what it found before.

``postmortem redact`` of an incident whose 10,000 action items each had their own owner
took time growing with the square of the size: every person looked up compared the name
with every person known, and every text was searched with one pattern of every name. These
tests count work (Python calls, and the name alternatives each text is searched with)
instead of timing it, at two sizes four times apart.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import model
from postmortem.redaction import RedactionPolicy, find_private, redact
from postmortem.redaction import _detect as detect
from postmortem.testing import examples

from .conftest import EXAMPLES

FIRST = ("Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jon")
LAST = ("Silva", "Okoro", "Wang", "Novak", "Haddad", "Berg", "Rossi", "Kim", "Adeyemi", "Larsen")


def _owned(count: int) -> model.Incident:
    """The first example with ``count`` action items, each owned by a different person named in its text."""
    incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
    base = incident.action_items[0]
    items = []
    for index in range(count):
        owner = f"{FIRST[index % 10]} {LAST[index // 10 % 10]}{index // 100 or ''}"
        text = f"{base.description} {owner} checks db-{index}.corp with @{FIRST[index % 10].lower()}{index}."
        items.append(attrs.evolve(base, id=f"AI-{index}", owner=owner, description=text))
    return attrs.evolve(incident, action_items=tuple(items))


def _python_calls(work: Callable[[], object]) -> int:
    """How many Python functions ``work`` calls (C functions, such as a regular expression's search, not counted)."""
    calls = 0

    def count(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def _searched(work: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> int:
    """The name alternatives times the characters of every text searched for names while ``work`` runs."""
    total = 0
    chosen = detect._Words.pattern_for

    def pattern_for(self: detect._Words, text: str) -> re.Pattern[str] | None:
        nonlocal total
        pattern = chosen(self, text)
        if pattern is not None:
            total += (pattern.pattern.count("|") + 1) * len(text)
        return pattern

    with monkeypatch.context() as patched:
        patched.setattr(detect._Words, "pattern_for", pattern_for)
        work()
    return total


class TestLinearWork:
    """Four times the action items (and people) is about four times the work, not sixteen."""

    SMALL, LARGE = 100, 400

    @pytest.mark.parametrize("operation", [redact, find_private], ids=["redact", "find_private"])
    def test_python_calls(self, operation: Callable[[model.Incident, RedactionPolicy], object]) -> None:
        """Finding a person by name is a look-up, not a comparison with every person known."""
        policy = RedactionPolicy()
        small, large = _owned(self.SMALL), _owned(self.LARGE)
        operation(small, policy)  # first-use work (imports, compiled patterns) out of the count
        ratio = _python_calls(lambda: operation(large, policy)) / _python_calls(lambda: operation(small, policy))
        assert ratio < 5.0, f"{ratio:.1f}x the Python calls for 4x the action items"

    def test_name_patterns(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A text is searched for the names it may hold, not for every name the incident has."""
        policy = RedactionPolicy()
        small, large = _owned(self.SMALL), _owned(self.LARGE)
        ratio = _searched(lambda: redact(large, policy), monkeypatch) / _searched(
            lambda: redact(small, policy), monkeypatch
        )
        assert ratio < 5.0, f"{ratio:.1f}x the name searching for 4x the action items"

    def test_every_owner_is_still_replaced(self) -> None:
        """The large incident's public copy names none of its owners; each has one pseudonym everywhere."""
        incident = _owned(self.LARGE)
        public = redact(incident, RedactionPolicy()).incident
        text = postmortem.dumps(public, "json")
        assert [owner for owner in {item.owner for item in incident.action_items} if owner in text] == []
        for item in public.action_items:
            assert item.owner is not None
            assert item.owner in item.description


def _words() -> st.SearchStrategy[str]:
    letters = st.sampled_from(
        ["a", "A", "i", "I", "\u0130", "\u0131", "\u00df", "s", "\u017f", "o", "-", "'", ".", "_"]
    )
    part = st.text(letters, min_size=1, max_size=4)
    return st.lists(part, min_size=1, max_size=3).map(" ".join)


class TestSameMatches:
    """The words' search finds exactly what one pattern of all of them finds."""

    @settings(max_examples=examples(quick=50, full=300))
    @given(
        words=st.lists(_words(), min_size=detect._FEW_WORDS + 1, max_size=detect._FEW_WORDS + 20),
        text=st.lists(st.one_of(_words(), st.sampled_from([" ", "\n", "@", ", ", "x"])), max_size=30).map("".join),
        ignore_case=st.booleans(),
    )
    def test_as_one_pattern(self, words: list[str], text: str, ignore_case: bool) -> None:
        """Names with dotted and dotless i, sharp s, long s, punctuation and spaces, in either case."""
        flags = re.I if ignore_case else 0
        left, right = r"(?<![\w@])", r"(?!\w)"
        every = re.compile(f"{left}(?:{detect._alternation(words)}){right}", flags)
        found = detect._Words(words, left=left, right=right, flags=flags)
        assert [match.span() for match in found.finditer(text)] == [match.span() for match in every.finditer(text)]

    def test_few_words_use_one_pattern(self) -> None:
        """Up to the threshold, every text is searched with the one pattern (no per-text work)."""
        words = detect._Words(["Ana Silva", "Ben Okoro"], left="", right="")
        assert words.pattern_for("nothing here") is words.pattern_for("Ana Silva")


class TestPeople:
    """The people's look-ups answer as the scan of every person in order did."""

    def test_a_way_of_naming_two_people_stays_with_the_first(self) -> None:
        """A handle given to an earlier person after a later one has it finds the earlier one."""
        people = detect.People()
        ana = people.add("Ana Silva")
        ben = people.add("Ben Okoro", "@ben")
        assert (people.find("@ben"), people.with_mail_name("ben")) == (ben, 1)
        people.add("Ana Silva", "@ben")
        assert (people.find("@ben"), people.with_mail_name("ben")) == (ana, 0)
        assert people.find("ben okoro") is ben
        assert (people.index(ana), people.index(ben)) == (0, 1)
        assert people.find("Nobody Here") is None
