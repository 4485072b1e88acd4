"""Work the scan shares or skips (round 18) gives what the work it replaces gave.

A sentence's token texts are found once and read by the hints, the lemmas and the tokens; the
test for a line opening like a quote or a chat log is a match at the start and a search from
each line break; a pattern opening with a look-behind for one mark is searched only where the
mark is.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._hints import _hints
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._reading import _FIRST_OPENER_RE, _NEXT_OPENER_RE, _OPENER
from postmortem.checks._blame._rule import COMPILED, _always, _Rule
from postmortem.checks._blame._rule_keys import _RULES
from postmortem.checks._blame._scan import _reference_hits
from postmortem.checks._blame._sentences import _TOKEN_RE, _tokenise

# Words, marks and the characters the tokeniser reads apart ("’" as "'", a time, a handle).
_PIECES = st.one_of(
    st.sampled_from(["Dana", "she", "pushed", "the", "change", "on-call", "didn’t", "14:05", "@kim", "e.g.", "é"]),
    st.sampled_from([" ", "  ", ", ", ". ", "'", "-", ":", "?", '"', "\t"]),
    st.text("abZ19 .'’-@:", max_size=4),
)
_SENTENCES = st.lists(_PIECES, min_size=1, max_size=16).map("".join)


def _fresh_tokens(text: str) -> list[tuple[str, str, int, int]]:
    return [tuple(tok) for tok in _tokenise(text, 0)]  # type: ignore[misc]


class TestTokenTextsFoundOnce:
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(_SENTENCES, st.permutations(["hints", "lemmas", "tokens"]))
    def test_any_order_of_readings_gives_what_each_gives_alone(self, text: str, order: list[str]) -> None:
        """Hints, lemmas and tokens read in any order equal those of a sentence read for each alone."""
        s = _Sentence(text, 0, len(text), frozenset({"dana"}), frozenset())
        lemmas = frozenset(map(lemma, (tok.low for tok in _tokenise(text, 0))))
        for reading in order:
            if reading == "hints":
                alone = _Sentence(text, 0, len(text), frozenset({"dana"}), frozenset())
                assert _hints(s)[:2] == _hints(alone)[:2]
            elif reading == "lemmas":
                for word in ("push", "change", "she", "be", "nothing"):
                    assert s.holds_lemma(frozenset({word})) == (word in lemmas)
            else:
                assert [tuple(tok) for tok in s.tokens] == _fresh_tokens(text)
        assert s.words == [tok.text for tok in _tokenise(text, 0)]
        assert s.words == _TOKEN_RE.findall(text.replace("’", "'"))

    def test_the_tokenisers_pattern_runs_once_per_sentence(self) -> None:
        """After the hints have found the token texts, the lemmas and the tokens reuse them."""
        s = _Sentence("Dana pushed the change at 14:05 and didn’t wait.", 0, 49, frozenset(), frozenset())
        _hints(s)
        words = s.words
        assert s.holds_lemma(frozenset({"push"}))
        assert s.words is words
        assert [tok.text for tok in s.tokens] == words


_OLD_OPENER_RE = re.compile(r"(?:^|\n)" + _OPENER)


class TestLineOpeners:
    @settings(max_examples=500)
    @given(
        st.lists(
            st.sampled_from(["\n", " ", "\t", ">", "[", "7", "-", "*", "+", "_", "`", "a", ":", "\n- 4"]), max_size=14
        )
    )
    def test_a_match_at_the_start_or_a_search_from_each_break_is_the_old_search(self, parts: list[str]) -> None:
        text = "".join(parts)
        old = _OLD_OPENER_RE.search(text) is not None
        assert old == bool(_FIRST_OPENER_RE.match(text) or _NEXT_OPENER_RE.search(text))

    def test_hand_made_openings(self) -> None:
        for text, opens in [
            ("> quoted\nours", True),
            ("ours\n  14:05 dana: text", True),
            ("ours\n- 4 things", True),
            ("- item\n- item", False),
            ("**3** items\nmore", True),
            ("plain\ntext", False),
        ]:
            assert bool(_FIRST_OPENER_RE.match(text) or _NEXT_OPENER_RE.search(text)) == opens, text


class TestMarkBefore:
    def test_read_from_the_patterns_opening_look_behind(self) -> None:
        def rule(source: str) -> _Rule:
            return _Rule("blame/test", source, _always, "m", "s", keys=())

        assert rule(r"(?<=:)\s*stop\b").behind == ":"
        assert rule(r"(?<=;)\s*x").behind == ";"
        assert rule(r"(?<=\w)x").behind == ""  # a class, not one character
        assert rule(r"(?<=a)x").behind == ""  # a letter: left alone
        assert rule(r"(?<!:)x").behind == ""  # a negative look-behind needs nothing
        assert rule(r"x(?<=:)").behind == ""  # not at the opening
        assert rule(r"(?<=:)x|y").behind == ""  # a way without it
        assert rule(r"(?:(?<=:)x|y)").behind == ""
        assert rule(r"(?<=:)(?:x|y)").behind == ":"
        assert rule(r"(?<=:)[]|]x").behind == ":"  # "|" in a class
        assert rule(r"(?<=:)[^]|]x|z").behind == ""
        assert rule(r"(?<=:)\|x").behind == ":"  # an escaped "|"
        assert rule(r"(?<=:)?x").behind == ""  # made optional
        assert rule(r"(?<=:){0,1}x").behind == ""

    @settings(max_examples=400)
    @given(
        st.lists(
            st.sampled_from(["x", "y", "|", "(?:", ")", "[|]", "[]|]", "\\|", "\\s*", "?", "*", "{0,2}"]), max_size=8
        ),
        st.lists(st.sampled_from(["x", "y", ":", " ", "|", "xy"]), max_size=8),
    )
    def test_a_mark_read_from_a_pattern_is_in_every_text_it_matches(self, parts: list[str], words: list[str]) -> None:
        source = "(?<=:)" + "".join(parts)
        try:
            pattern = re.compile(source)
        except re.error:
            return
        text = "".join(words)
        mark = _Rule("blame/test", source, _always, "m", "s", keys=()).behind
        if mark and mark not in text:
            assert pattern.search(text) is None, (source, text)

    @settings(max_examples=300)
    @given(
        st.lists(
            st.sampled_from(["stop ", "reading", "read", "please ", "never ", "mind", ":", " ", "x", "be more"]),
            max_size=10,
        )
    )
    def test_no_match_without_the_mark(self, parts: list[str]) -> None:
        text = "".join(parts)
        for rule in (rule for rule in _RULES if rule.behind):
            for compiled in COMPILED:
                if rule.behind not in text:
                    assert compiled(rule.source).search(text) is None

    def test_the_scan_finds_what_the_plain_reading_finds(self) -> None:
        """The plain reading (``_reference_hits``) searches every candidate rule in every sentence."""
        for text in [
            "Note to the on-call team: be more careful.",
            "Reminder for everyone: double-check the target before you run it. Then we ship.",
            "Action items: stop rushing reviews; never deploy on Fridays",
            "The pager fired at 14:05 and the team read the runbook: it was out of date.",
            "Note to the on-call team be more careful",
        ]:
            assert find_blame(text) == _reference_hits(text), text
        assert any(
            hit.rule == "blame/person-remedy" for hit in find_blame("Note to the on-call team: be more careful.")
        )
