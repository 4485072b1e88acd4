"""Gates turn down a sentence with no person in it before they make its tokens, and still accept the rest.

Round 16 moved cheap tests ahead of the work they guard in a few gates of the blamelessness rules
(a gate's hints, see ``_blame/_hints``, or a whole-sentence search after the cheaper reads of the
text), round 19 in the gate of "again" after a mention of people: results are the same (pinned in
``tests/data/blame_pinned.json``), only sooner. Each case
here is a sentence written for the test: one the gate must turn down without tokenising, and one
it must still accept.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._history import _after_a_token
from postmortem.checks._blame._rule_keys import _RULES


def _gate_calls(gate: str, text: str) -> list[tuple[bool, bool]]:
    """Run every rule whose gate is *gate* on each of its matches in *text*: (accepted, tokens made)."""
    calls = []
    for rule in _RULES:
        if rule.gate.__name__ != gate:
            continue
        for m in re.finditer(rule.source, text.lower()):
            s = _Sentence(text, 0, len(text), frozenset(), frozenset())
            calls.append((bool(rule.gate(s, m)), s._tokens is not None))
    return calls


@pytest.mark.parametrize(
    ("gate", "system_only"),
    [
        ("_harm_then_act_gate", "The checkout errors began after the nightly job restarted the pods."),
        ("_keep_make_gate", "Require new dashboards to load in under two seconds."),
        ("_keep_make_gate", "Write a migration guide for the new schema."),
        ("_act_then_cause_gate", "The batch import ran twice, and that alone caused the duplicate rows."),
        ("_without_gate", "Reports reach the archive without review."),
        ("_person_acted_before_gate", "The deploy script rewrote the config, and that is why search fell over."),
        ("_again_gate", "Config reverted, checkout works again."),
        ("_again_gate", "The replica again fell behind, so reads went to the primary."),
    ],
)
def test_a_sentence_naming_no_one_is_turned_down_untokenised(gate: str, system_only: str) -> None:
    calls = _gate_calls(gate, system_only)
    assert calls, "the rule's pattern must match the sentence for the gate to be read"
    assert calls == [(False, False)] * len(calls)
    assert not find_blame(system_only)


@pytest.mark.parametrize(
    ("blameful", "flagged"),
    [
        ("The checkout outage began after Priya pushed the new config.", "Priya pushed"),
        ("Two hundred orders failed after the contractor edited the price list.", "the contractor edited"),
        ("Require the intern to present the incident at the all-hands.", "Require the intern to"),
        ("Make the on-call pay for the overtime.", "Make the on-call pay"),
        (
            "Yusuf restarted the primary, and that alone caused the outage.",
            "restarted the primary, and that alone caused",
        ),
        ("The operator merged the change without review.", "without review"),
        ("Tobiah, again, restarts the controller mid-pass. Pass lost.", "Tobiah, again"),
        ("it's Brandon again", "Brandon again"),
        ("Kasia again.", "Kasia again"),
        ("Honestly, it was Kerem. Again.", "Again"),
    ],
)
def test_a_person_in_the_same_frame_is_still_flagged(blameful: str, flagged: str) -> None:
    assert flagged in [blameful[hit.start : hit.end] for hit in find_blame(blameful)]


def test_send_needs_no_person_in_the_object() -> None:
    """ "Send a reminder to the whole team: ..." is aimed at people through its recipients, not its object."""
    text = "Send a reminder to the whole team: double-check the target host before a restore."
    assert any(hit.rule == "blame/person-remedy" for hit in find_blame(text))


class TestAgainAfterAToken:
    """The again gate's test for a token before the match: when it holds, the tokens put one there."""

    @given(st.lists(st.sampled_from(["Dana", "works", "(", ".", ",", "again", "x.again", "—", "14:05"]), max_size=6))
    def test_a_token_ends_before_again_when_the_test_says_so(self, words: list[str]) -> None:
        text = " ".join([*words, "again."])
        pos = text.rindex("again")
        s = _Sentence(text, 0, len(text), frozenset(), frozenset())
        if _after_a_token(text, pos):
            assert s.index_at(pos) >= 1

    @given(st.text("ab .,(\t", max_size=8))
    def test_any_text_before_a_word(self, before: str) -> None:
        text = before + "again"
        s = _Sentence(text, 0, len(text), frozenset(), frozenset())
        if _after_a_token(text, len(before)):
            assert s.index_at(len(before)) >= 1
