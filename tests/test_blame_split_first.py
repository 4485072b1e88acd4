"""A paragraph split before any search (round 20) gives each sentence the rules the line's look-up gave it.

The scan used to look up a long line's candidate rules by all its key words, then split it and give
each sentence those of the line's rules its own key words allow. A sentence's key words are a subset
of its line's, so those rules are every rule the sentence's key words allow: ``_line_candidates`` looks
up the sentences alone, and the line only where its look-up decides something. These tests hold it
to the old reading (``_line_pieces`` with the line's rules), on labelled text joined into paragraphs
on generated text with the marks and sentence ends the split reads, unsure positions included, and
find_blame on whole texts of such paragraphs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.checks._blame import _scan, find_blame
from postmortem.checks._blame._lines import _SEARCH_WHOLE, _add_marks, _line_candidates, _line_pieces
from postmortem.checks._blame._rule_keys import _ALL_KEYS, _candidate_rules
from postmortem.checks._blame._scan import _WORDS_BY_LINE, _with_glued

DATA = Path(__file__).resolve().parent / "data"


def _both(text: str) -> tuple[object, object]:
    """The old reading and the split-first one of the one line *text* (no line break, ASCII)."""
    low = text.lower()
    words = low.translate(_WORDS_BY_LINE)
    keys = [_ALL_KEYS.intersection(words.split())]
    marked = _add_marks(low, keys)
    keys = _with_glued(words, [words], keys)
    dots = text.replace("!", ".").replace("?", ".")
    forms = (text, low, words, dots, text.lower())
    rules = _candidate_rules(keys[0])
    old_unsure: list[int] = []
    old = [] if not rules else list(_line_pieces(forms, (0, len(text), rules), 0 in marked, old_unsure))
    new_unsure: list[int] = []
    new = list(_line_candidates(forms, (0, len(text), keys[0]), 0 in marked, new_unsure))
    as_lists = [(a, b, list(r)) for a, b, r in old], old_unsure
    return as_lists, ([(a, b, list(r)) for a, b, r in new], new_unsure)


def _labelled_sentences() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("blameless_v1[5-9]*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if "\n" not in text and text.isascii():
                texts.append(text)
    return texts


class TestSplitFirst:
    def test_labelled_sentences_joined_into_paragraphs(self) -> None:
        """Paragraphs of labelled sentences, blameful and not: the same sentences, rules and unsure positions."""
        texts = _labelled_sentences()
        rng = random.Random(20)
        compared = 0
        for _ in range(600):
            paragraph = " ".join(rng.sample(texts, rng.randint(2, 8)))
            if len(paragraph) <= _SEARCH_WHOLE or "." not in paragraph[:-1]:
                continue
            old, new = _both(paragraph)
            assert new == old, paragraph
            compared += 1
        assert compared > 400

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from(
                [
                    "Dana pushed the change without review",
                    "the engineer should have checked",
                    "Who approved this?",
                    "the team's rota was careless",
                    "e.g.",
                    "v1.2",
                    "at 2 a.m.",
                    "Mr.",
                    "the engineers' fault",
                    "nobody checked.",
                    "He ignored the alert!",
                    "'quoted.'",
                    "retrain the on-call",
                    "x" * 30,
                ]
            )
            | st.sampled_from([". ", " ", "? ", "! ", ".. ", ".\t", ", ", "s' ", "'s "]),
            min_size=4,
            max_size=40,
        ).map("".join)
    )
    def test_generated_lines(self, text: str) -> None:
        """Generated lines with abbreviations, marks and odd sentence ends: the same as the old reading."""
        if len(text) <= _SEARCH_WHOLE or "." not in text.replace("!", ".").replace("?", ".")[:-1]:
            return
        old, new = _both(text)
        assert new == old

    def test_find_blame_on_paragraphs_as_before(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        """Whole texts of such paragraphs, one a line or several: the hits of the old reading (no line split first)."""
        texts = _labelled_sentences()
        rng = random.Random(21)
        made = [
            "\n".join(" ".join(rng.sample(texts, rng.randint(1, 8))) for _ in range(rng.randint(1, 4)))
            for _ in range(150)
        ]
        new = [find_blame(text) for text in made]

        def looked_up_whole(texts, line, marked, unsure):  # type: ignore[no-untyped-def]
            start, end, keys = line
            rules = _candidate_rules(keys)
            return _line_pieces(texts, (start, end, rules), marked, unsure) if rules else ()

        monkeypatch.setattr(_scan, "_line_candidates", looked_up_whole)  # every line looked up whole first, as before
        assert [find_blame(text) for text in made] == new
        assert sum(map(len, new)) > 50
