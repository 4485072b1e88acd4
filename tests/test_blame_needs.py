"""What the scan alone needs before it runs a rule (``_Rule.needs``): never a rule that could accept.

A rule's ``needs`` are sets its gate cannot accept a sentence without (the questions' mark "?");
the scan adds them to the rule's clauses for choosing which rules run, so a sentence lacking one
never runs the pattern. The scorer's rule-family signal keeps to the rule's own key words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._rule_keys import (
    _CLAUSES,
    _RULES,
    _SCAN_ONLY,
    _candidate_rules,
    _candidates,
    _key_words,
    _signalled,
)
from postmortem.testing import examples

NEEDING = [index for index, rule in enumerate(_RULES) if rule.needs == (frozenset({"?"}),)]
# Round 22: the warning gone on past needs a warning's word before it (_counterfactual_unheeded).
NEEDING_WORDS = [index for index, rule in enumerate(_RULES) if rule.needs and index not in NEEDING]


def test_the_questions_need_a_question_mark() -> None:
    """The rhetorical questions read by their gates as questions need the mark; the rest need nothing."""
    assert len(NEEDING) >= 10
    for index in NEEDING:
        assert _RULES[index].rule == "blame/culprit-question"
        assert all(frozenset({"?"}) in clause for clause in _SCAN_ONLY[index])
        # Not a key word of the rule: the scorer's signal is as it was trained.
        assert all(frozenset({"?"}) not in clause for clause in _CLAUSES[index])


@pytest.mark.parametrize("index", NEEDING)
def test_a_rule_runs_where_its_words_and_the_mark_stand(index: int) -> None:
    rule = _RULES[index]
    for clause in _CLAUSES[index]:
        words = frozenset(min(group) for group in clause)
        tight = next(iter(_SCAN_ONLY[index]))
        asked = words | frozenset(min(group) for group in tight)
        assert rule in _signalled(words)
        assert rule not in _candidates(asked - {"?"})
        assert rule in _candidates(asked | {"?"})


@pytest.mark.slow
@pytest.mark.parametrize("index", NEEDING)
def test_the_gate_turns_down_a_sentence_without_the_mark(index: int) -> None:
    """Whatever a match of the pattern holds, a sentence ending with a full stop is not accepted."""
    rule = _RULES[index]
    pattern = re.compile(rule.source, re.ASCII)

    @settings(max_examples=examples(quick=20, full=100), deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern, fullmatch=True), st.sampled_from([".", "", " Then the deploy went out."]))
    def check(text: str, end: str) -> None:
        sentence = (text + end).replace("?", ",")
        m = pattern.search(sentence.lower())
        if m is None:
            return
        s = _Sentence(sentence, 0, len(sentence), frozenset(), frozenset())
        assert not rule.gate(s, m), sentence

    check()


def test_the_warning_words_are_needed_not_keys() -> None:
    """Round 22: the rule of a warning gone on past runs only where a warning's word stands; not a key word."""
    assert len(NEEDING_WORDS) == 1
    index = NEEDING_WORDS[0]
    rule = _RULES[index]
    assert rule.rule == "blame/counterfactual"
    (warning_words,) = rule.needs
    assert {"told", "warned", "warning"} <= warning_words
    checked = 0
    for clause in _CLAUSES[index]:
        assert warning_words not in clause
        words = frozenset(min(group) for group in clause)
        assert rule in _signalled(words)
        assert rule in _candidates(words | {"warned"})
        if words.isdisjoint(warning_words):  # "said it's fine" holds a warning's word itself
            assert rule not in _candidates(words)
            checked += 1
    assert checked


def test_a_warning_word_runs_the_rule() -> None:
    """Gone on past a warning, the rule finds it; the same going on with no warning word is not even run."""
    warned = "Kwame was told twice that the chain was worn, and he continued lifting the pallets."
    plain = "Kwame checked the chain at noon, and he continued lifting the pallets."
    assert any(hit.rule == "blame/counterfactual" for hit in find_blame(warned))
    running = _candidate_rules(_key_words(plain.lower()))
    assert not any(_RULES[index] in running for index in NEEDING_WORDS)


@pytest.mark.parametrize(
    ("asked", "told"),
    [
        ("Tomasz, why did you restart the primary during the freeze?", "Tomasz, why did you restart the primary."),
        ("Who told them it was fine to skip the canary?", "Who told them it was fine to skip the canary."),
        ("What was the release captain thinking when the gate went red?", "What was the captain thinking, we asked."),
    ],
)
def test_the_same_words_without_the_mark(asked: str, told: str) -> None:
    """Asked, the question is flagged; told with a full stop, its rule is not even run."""
    assert any(hit.rule == "blame/culprit-question" for hit in find_blame(asked))
    assert not any(hit.rule == "blame/culprit-question" for hit in find_blame(told))
    running = _candidate_rules(_key_words(told.lower()))
    assert not any(_RULES[index] in running for index in NEEDING)
