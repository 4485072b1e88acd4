"""Cheap tests on a sentence's words that the gates needing a person run before the clause reader.

The clause reader (:class:`_Sentence`) reads a person only from certain words: a person's
pronoun (*they* among them), *who*, a role noun, an organisation, *no one*, a title before a
capitalised word, a handle, a name the incident knows, and a first name's or a department's
capitalised word placed like a name (``_placed_like_a_name``); and a sentence opening with an
auxiliary or a past form may take the subject of the sentence before (``_carried_kind``). The
tests here are true whenever one of those could apply, read off the sentence's words without
making its tokens, so a gate that needs a person turns the other sentences down before paying
for the tokens, the clauses and the subjects: the results are the same, only sooner. Each
test is remembered per sentence; tests/test_blame_hints.py holds them to the clause reader.
"""

from __future__ import annotations

import itertools
import operator
from typing import Any, Final

from postmortem.checks._blame._clauses import (
    _DEPARTMENTS,
    _HONORIFICS,
    _MAX_PREAMBLE,
    _ORGANISATIONS,
    _PERSON_SUFFIX_RE,
    _Sentence,
)
from postmortem.checks._blame._seats import any_seat
from postmortem.checks._blame._vocabulary import (
    _ADVERBS,
    _AUXILIARIES,
    _DETERMINERS,
    _IRREGULAR_PAST,
    _PERSON_PRONOUNS,
    _ROLE_NOUNS_ALL,
    _STAMP_WORDS,
    _TECH_WORDS,
    _VERB_FORMS,
    _could_be_first_name,
)

# Words the clause reader reads as a person wherever they stand, alone or as a possessive
# (see ``_Sentence._bare``).
_PERSON_WORDS: Final = frozenset(
    word + ending for word in _PERSON_PRONOUNS | _ROLE_NOUNS_ALL | _ORGANISATIONS | {"who"} for ending in ("", "'s")
)


_PERSON_SUFFIXES: Final = ("ist", "ists", "cian", "cians")


def _is_verb(low: str) -> bool:
    """As ``_Sentence.is_verb``, of a token's ``low``."""
    if low in _VERB_FORMS or low in _AUXILIARIES:
        return True
    return low.endswith("ed") and len(low) > 4 and low not in _ROLE_NOUNS_ALL


def placed_like_a_name(words: list[str], lows: list[str], i: int) -> bool:
    """As ``_Sentence._placed_like_a_name``, of the tokens' texts and lows."""
    prev = lows[i - 1] if i > 0 else ""
    if prev in _DETERMINERS and prev != "that":
        return False
    if prev in _TECH_WORDS and words[i - 1][:1].isupper():
        return False
    if lows[i].endswith("'s") or prev in {"by", "from", "to", "thanks", "with", "of"}:
        return True
    nxt = i + 1
    if nxt + 1 < len(lows) and (lows[nxt].endswith("ly") or lows[nxt] in _ADVERBS):
        nxt += 1
    return nxt < len(lows) and (_is_verb(lows[nxt]) or lows[nxt] in {"and", ","})


def _titled(words: list[str], lows: list[str], k: int) -> bool:
    """Whether token *k* is a title before a capitalised word ("Mr. Fashola", "Dr Okafor")."""
    name = k + 1 + (lows[k + 1 : k + 2] == ["."])
    return name < len(words) and words[name][:1].isupper()


def _reads_person(s: _Sentence, words: list[str]) -> tuple[bool, bool]:
    """Whether some token could be a person to the clause reader, and to ``is_name(loose=True)`` too.

    A person's word, *no one*, a title before a capitalised word, a handle or a known name
    count for both; a first name's or a department's capitalised word counts for the first
    when it is placed like a name, for the second wherever it stands.
    """
    lows = list(map(str.lower, words))
    if not _PERSON_WORDS.isdisjoint(lows) or "@" in s.text:
        return True, True
    # A possessive's ending taken off; only a sentence with an apostrophe can hold one.
    bares = [low[:-2] if low.endswith("'s") else low for low in lows] if "'" in s.text or "’" in s.text else lows
    # A known name, or an occupation read by its suffix (see _clauses._PERSON_SUFFIX_RE; the
    # suffix test first, cheaply).
    if (s.people and not s.people.isdisjoint(bares)) or any(
        map(_PERSON_SUFFIX_RE.fullmatch, filter(_ENDS_LIKE_A_PERSON, bares))
    ):
        return True, True
    if any_seat(bares, s.text) or (
        "one" in lows and any(low == "one" and k and lows[k - 1] in {"no", "none"} for k, low in enumerate(lows))
    ):
        return True, True
    # Each test below answers alone, so they are read in any order (round 19): the titles, then
    # only the capitalised words, found by C-level calls.
    if not _HONORIFICS.isdisjoint(bares):
        for k, bare in enumerate(bares):
            if bare in _HONORIFICS and _titled(words, lows, k):
                return True, True
    loose = False
    for k in itertools.compress(range(len(words)), map(str.isupper, map(_FIRST, words))):
        word = words[k]
        bare = bares[k]
        first_name = _could_be_first_name(word, bare)
        if (first_name or bare in _DEPARTMENTS) and placed_like_a_name(words, lows, k):
            return True, True
        loose = loose or first_name
    return False, loose


_ENDS_LIKE_A_PERSON: Final = operator.methodcaller("endswith", _PERSON_SUFFIXES)
# A token's first character (a token is never empty).
_FIRST: Final = operator.itemgetter(0)


def _may_carry(s: _Sentence, words: list[str]) -> bool:
    """Whether the sentence opens as one that takes the subject of the sentence before (see ``_carried_kind``).

    Its preconditions read off the words: after the preamble (``_skip_preamble``), an
    auxiliary, an irregular past or a word ending in *-ed*, with a word after it, in a sentence
    that does not end with a question mark.
    """
    if not s._carry or s.text.rstrip().endswith("?"):
        return False
    lows = [word.lower() for word in words[: _MAX_PREAMBLE + 2]]
    n = len(words)
    k = 0
    b = min(n, _MAX_PREAMBLE)
    while k < b:
        low = lows[k]
        adverb = low in _ADVERBS or (low.endswith("ly") and len(low) > 5)
        stamp = low[:1].isdigit() or low in _STAMP_WORDS
        at_time = low in {"at", "on", "around", "by"} and k + 1 < b and lows[k + 1][:1].isdigit()
        if not (adverb or stamp or at_time):
            break
        k += 1
    if k + 1 >= n:
        return False
    low = lows[k]
    return (low in _IRREGULAR_PAST or low.endswith("ed") or low in _AUXILIARIES) and not low.startswith("'")


def _hints(s: _Sentence) -> list[Any]:
    """The sentence's hints, made on first use: [a person, a person loosely, carried (None until asked), words]."""
    hints = s._hints
    if hints is None:
        words = s.words
        strict, loose = _reads_person(s, words)
        hints = s._hints = [strict, loose, None, words]
    return hints


def may_name_person(s: _Sentence, *, loose: bool = False) -> bool:
    """Tell whether some token of *s* could be read as a person.

    By ``word_kind``, ``noun_phrase_kind`` and the rest of the clause reader; with *loose*,
    also by ``is_name(loose=True)``, which takes a capitalised word wherever it stands.
    """
    return bool(_hints(s)[1 if loose else 0])


def may_have_person_subject(s: _Sentence) -> bool:
    """Tell whether a clause of *s* could have a person as its subject (``subject_kind``), carried ones included."""
    hints = _hints(s)
    if hints[0]:
        return True
    if hints[2] is None:
        hints[2] = _may_carry(s, hints[3])
    return bool(hints[2])
