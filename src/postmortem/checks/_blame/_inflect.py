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
    found = _IRREGULAR.get(word)
    return _strip(found if found is not None else word)


def forms(word: str) -> frozenset[str]:
    """Return *word*'s inflections (regular ones made, irregular ones from the table).

    A superset is fine (``lemma`` decides): each returned form whose lemma is *word*'s lemma
    is one of its forms.
    """
    key = lemma(word)
    base = word
    made = {
        base,
        base + "s",
        base + "es",
        base + "ed",
        base + "d",
        base + "ing",
        base[:-1] + "ing" if base.endswith("e") else base + "ing",
        base + base[-1] + "ed",
        base + base[-1] + "ing",
    }
    if base.endswith("y"):
        made |= {base[:-1] + "ies", base[:-1] + "ied"}
    made |= {form for form, head in _IRREGULAR.items() if _strip(head) == key}
    return frozenset(form for form in made if lemma(form) == key)
