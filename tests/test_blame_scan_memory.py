"""The scan's memories and its words by line (round 22): smaller memories, the same readings.

``rules_by_keys`` is one memory for a set of key words' signalled and candidate rules (two memories
of 4,096 sets each before), the field readings remember 256 texts (4,096 before), and the words of
each line are translated as bytes. None of these may change what the scan reads.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from postmortem.checks._blame import _reading, _rule_keys, find_blame
from postmortem.checks._blame._rule_keys import (
    _ALL_KEYS,
    _candidate_rules,
    _candidates,
    _signalled,
    _signalled_rules,
    key_set,
    rules_by_keys,
)
from postmortem.checks._blame._scan import _WORD_BYTES_BY_LINE, _WORDS_BY_LINE

_WORDS = sorted(_ALL_KEYS)


@given(st.text(max_size=300))
def test_words_by_line_as_bytes_are_the_old_translation(text: str) -> None:
    low = text.lower().replace("’", "'")
    old = (low if low.isascii() else low.encode("ascii", "replace").decode("ascii")).translate(_WORDS_BY_LINE)
    assert low.encode("ascii", "replace").translate(_WORD_BYTES_BY_LINE).decode("ascii") == old


@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_one_memory_gives_both_readings(words: list[str]) -> None:
    found = key_set(words)
    assert rules_by_keys(found) == (_signalled(found), _candidates(found))
    assert _signalled_rules(found) == _signalled(found)
    assert _candidate_rules(found) == _candidates(found)
    assert set(_candidates(found)) <= set(_signalled(found))


def test_the_memories_are_bounded() -> None:
    assert rules_by_keys.cache_info().maxsize == _rule_keys.MEMORY == 1024
    assert _reading._multi_line_view.cache_info().maxsize == 256


def test_a_forgotten_set_reads_the_same() -> None:
    text = "The on-call engineer should have caught this.\nBob ignored the alert and went home."
    first = find_blame(text)
    rules_by_keys.cache_clear()
    _reading._multi_line_view.cache_clear()
    assert find_blame(text) == first
    assert first  # the text is blameful: the test reads something
