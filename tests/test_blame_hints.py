"""The cheap tests the gates needing a person run first (``_blame/_hints``) never turn down a person.

Each hint is a necessary condition: when it says no word of a sentence could be a person, the
clause reader must read no person in it either, token by token and phrase by phrase. Checked on
every sentence of the labelled data and on generated sentences built from the words that make
people (pronouns, roles, titles, names placed like names, sentences that take the subject of
the one before).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._hints import may_have_person_subject, may_name_person, placed_like_a_name
from postmortem.checks._blame._sentences import _sentences
from postmortem.testing import examples

from ._labelled import labelled_texts

DATA = Path(__file__).resolve().parent / "data"


def _sentences_of(text: str, people: frozenset[str] = frozenset()) -> list[_Sentence]:
    return [_Sentence(text, a, b, people, frozenset()) for a, b in _sentences(text)]


def _reads_a_person(s: _Sentence) -> bool:
    """Whether the clause reader reads a person in any token or noun phrase of *s* (not by carrying)."""
    n = len(s.tokens)
    for i in range(n):
        if s.word_kind(i) == _PERSON or s.is_name(i):
            return True
        if any(s.noun_phrase_kind(i, b) == _PERSON for b in range(i + 1, min(n, i + 6) + 1)):
            return True
        if s.passive_agent_kind(i) == _PERSON:
            return True
    return False


def _subject_is_a_person(s: _Sentence) -> bool:
    return any(s.subject_kind(i) == _PERSON for i in range(len(s.tokens)))


def _check(text: str, people: frozenset[str] = frozenset()) -> None:
    for s in _sentences_of(text, people):
        loose = any(s.is_name(i, loose=True) for i in range(len(s.tokens)))
        if not may_name_person(s, loose=True):
            assert not loose, s.text
        if not may_name_person(s):
            assert not _reads_a_person(s), s.text
        if not may_have_person_subject(s):
            assert not _subject_is_a_person(s), s.text
        words = [tok.text for tok in s.tokens]
        lows = [tok.low for tok in s.tokens]
        for i in range(len(words)):
            assert placed_like_a_name(words, lows, i) == s._placed_like_a_name(i), (s.text, i)


def test_no_labelled_sentence_turned_down_holds_a_person() -> None:
    texts = labelled_texts()
    assert len(texts) > 5000
    for text in texts:
        _check(text)
    # Names the incident knows count too, in lower case and as possessives.
    _check("dave's change went out and kim approved it.", frozenset({"dave", "kim"}))


class TestWhatTheHintsSay:
    def test_a_system_narrative_names_no_one(self) -> None:
        (s,) = _sentences_of("The cache filled up and the queue dropped messages.")
        assert not may_name_person(s)
        assert not may_name_person(s, loose=True)
        assert not may_have_person_subject(s)

    def test_people_in_every_shape(self) -> None:
        for text in (
            "Dave dropped the table.",
            "The on-call engineer restarted it.",
            "They pushed the config.",
            "No one checked the dashboard.",
            "Ms Okafor approved the change.",
            "The vendor's support rotated the keys.",
            "@kim merged it.",
        ):
            (s,) = _sentences_of(text)
            assert may_name_person(s), text
            assert may_have_person_subject(s), text

    def test_a_known_name_in_lower_case(self) -> None:
        (s,) = _sentences_of("kim merged it.", frozenset({"kim"}))
        assert may_name_person(s)
        (s,) = _sentences_of("kim merged it.")
        assert not may_name_person(s)

    def test_a_capitalised_word_alone_is_a_name_only_loosely(self) -> None:
        # "Exports" opens no clause as a name here (a noun follows it), but standing alone
        # after a link it could be one ("this one is on Bram").
        (s,) = _sentences_of("The fault is on Bram.")
        assert may_name_person(s, loose=True)

    def test_a_sentence_that_takes_the_subject_before(self) -> None:
        text = "Marek saw the flat line. Didn't say anything."
        first, second = _sentences_of(text)
        assert may_name_person(first)
        assert not may_name_person(second)
        assert may_have_person_subject(second)
        assert second.subject_kind(0) == _PERSON


_PIECES = (
    "the",
    "a",
    "no",
    "one",
    "none",
    "Mr",
    "Ms",
    "Dr",
    ".",
    ",",
    "and",
    "who",
    "they",
    "them",
    "it",
    "that",
    "by",
    "of",
    "Maria",
    "Kevin's",
    "Exports",
    "Security",
    "IT",
    "support",
    "engineer",
    "on-call",
    "vendor's",
    "service",
    "alert",
    "quickly",
    "accidentally",
    "never",
    "At",
    "14:05",
    "09",
    "was",
    "were",
    "didn't",
    "had",
    "deleted",
    "restarted",
    "ran",
    "pushed",
    "saw",
    "because",
    "@dave",
    "Postgres",
    "Kafka",
    "Connect",
    "should",
    "have",
    "checked",
)


@settings(max_examples=examples(quick=100, full=300), deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), min_size=1, max_size=3))
def test_no_generated_sentence_turned_down_holds_a_person(sentences: list[list[str]]) -> None:
    _check(" ".join(" ".join(words) + "." for words in sentences))
