"""Lemmas without a tagger: every inflection of a word maps to one key.

:func:`lemma` maps "coached", "coaching", "coaches" and "coach" to one key, and "forgot",
"forgotten" and "forgets" to "forget". Irregular forms come from the data file
``vocabulary/inflections.txt`` (each entry with its reason); regular ones are stripped by a
few suffix rules (-s, -es, -ies, -ed, -ied, -ing, a doubled final consonant, a final e), so
the key of a regular word is a stem ("coach", "chang" for "change", "changed",
"changing"), the same for every form: what matters is that forms agree, not that the key is
a dictionary word. :func:`forms` goes the other way, for word lists that must hold every
form of a lemma.
"""

from __future__ import annotations

import functools
from typing import Final

from postmortem.checks._blame._vocabulary import entries

__all__ = ["forms", "lemma"]


def _irregular() -> dict[str, str]:
    table: dict[str, str] = {}
    for words, _ in entries("inflections"):
        head = words[0]
        for word in words:
            table[word] = head
    return table


_IRREGULAR: Final = _irregular()
# Words that are their own lemma (vocabulary/uninflected.txt): "here" is not a form of "her".
_UNINFLECTED: Final = frozenset(word for words, _ in entries("uninflected") for word in words)


# Words ending in "s" that are not plurals or third persons ("process", "status", "bus").
_KEEP_S: Final = ("ss", "us", "is", "ous", "'s")


def _strip(word: str) -> str:  # noqa: PLR0911 (one return per suffix rule reads best)
    """Return the stem of a regular form (see the module's docstring)."""
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        return _base(word[:-3])
    if word.endswith("ed") and len(word) > 4:
        return _base(word[:-2])
    if word.endswith("es") and word[:-2].endswith(("ss", "sh", "ch", "x", "z")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return _base(word[:-1])
    return _base(word)


def _base(stem: str) -> str:
    # "stopp" (stopped) -> "stop"; "chang" (changed) and "change" -> "chang".
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if len(stem) >= 4 and stem.endswith("e") and not stem.endswith(("ee", "ye")):
        return stem[:-1]
    return stem


@functools.lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """Return the key shared by every inflection of lower-cased *word*."""
    if word.endswith("'s"):
        word = word[:-2]
    if word in _UNINFLECTED:
        return word
    found = _IRREGULAR.get(word)
    return _strip(found if found is not None else word)


_VOWELS: Final = frozenset("aeiou")


def _doubles(word: str) -> bool:
    """Tell whether *word* doubles its final consonant before -ed and -ing ("drop", "shrug").

    English doubles it after a single vowel in a stressed last syllable; without stress marks
    only words of one syllable are sure to ("open", "visit" do not double). The few longer
    words that do ("committed") are listed in ``vocabulary/inflections.txt``.
    """
    if len(word) < 3 or word[-1] in _VOWELS or word[-1] in "wxy" or not word.isalpha():
        return False
    if word[-2] not in _VOWELS or word[-3] in _VOWELS:
        return False
    groups = sum(1 for i, c in enumerate(word) if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS))
    return groups == 1


def _made(base: str) -> set[str]:
    """Return the regular inflections of the verb or noun *base*, spelled as English spells them."""
    last = base.rsplit("-", maxsplit=1)[-1]
    made = {base}
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        made.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        made.add(base[:-1] + "ies")
    else:
        made.add(base + "s")
    if base.endswith("e"):
        made.add(base + "d")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        made.add(base[:-1] + "ied")
    elif _doubles(last):
        made.add(base + base[-1] + "ed")
    else:
        made.add(base + "ed")
    if base.endswith("ie"):
        made.add(base[:-2] + "ying")
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        made.add(base[:-1] + "ing")
    elif _doubles(last):
        made.add(base + base[-1] + "ing")
    else:
        made.add(base + "ing")
    return made


@functools.cache
def _irregular_by_key() -> dict[str, frozenset[str]]:
    """Return the irregular forms of the table by the stem of their head (see :func:`forms`).

    Made once: looking each word's forms up in the whole table cost a stem per entry for
    every word listed, about a third of the time of importing the rules.
    """
    by_key: dict[str, set[str]] = {}
    for form, head in _IRREGULAR.items():
        by_key.setdefault(_strip(head), set()).add(form)
    return {key: frozenset(found) for key, found in by_key.items()}


# Remembered: the checks' word lists ask for 321 words' forms 429 times at import.
@functools.cache
def forms(word: str) -> frozenset[str]:
    """Return *word*'s inflections: regular ones made by English spelling rules, irregular ones from the table.

    Only real spellings are made ("deleted", "dropped", "shrugged", never "deleteed",
    "droped" or "visitted"); every returned form's lemma is *word*'s lemma.
    """
    key = lemma(word)
    table = set(_irregular_by_key().get(key, ()))
    made = _made(word)
    if table - {word}:
        # A word in the table has its past there ("swept", "wrote", "sat", "let").
        made = {form for form in made if not form.endswith("ed")}
    if any(form.endswith("ing") for form in table):
        made = {form for form in made if not form.endswith("ing")}
    return frozenset(form for form in made | table if lemma(form) == key)
