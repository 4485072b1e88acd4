"""The word lists the detector reads, from the data files in ``vocabulary/``, and forms derived from them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

_DIRECTORY: Final = Path(__file__).with_name("vocabulary")


def entries(name: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Return the entries of the word list ``vocabulary/<name>.txt``: its words and their reason.

    An entry is a line ``words -- reason``; lines starting with ``#`` are comments.

    Raises:
        ValueError: for a line without a reason (the files ship with the package, so this
            is a packaging error, caught by the tests).
    """
    return _entries(_DIRECTORY / f"{name}.txt")


# Read once per file: the checks' modules read 56 lists 107 times at import.
@functools.cache
def _entries(path: Path) -> tuple[tuple[tuple[str, ...], str], ...]:
    found: list[tuple[tuple[str, ...], str]] = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words, sep, reason = line.partition(" -- ")
        if not sep or not reason.strip() or not words.split():
            raise ValueError(f"vocabulary/{path.name}:{number}: an entry is 'words -- reason'")
        found.append((tuple(words.split()), reason.strip()))
    return tuple(found)


def vocabulary(name: str) -> frozenset[str]:
    """Return every word of the word list ``vocabulary/<name>.txt``."""
    return frozenset(word for words, _ in entries(name) for word in words)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ROLE_NOUNS: Final = vocabulary("role_nouns")


_ROLE_NOUNS_ALL: Final = _ROLE_NOUNS | {w + "s" for w in _ROLE_NOUNS} | {"people", "staff"}


_PERSON_PRONOUNS: Final = vocabulary("person_pronouns")


_SYSTEM_PRONOUNS: Final = vocabulary("system_pronouns")


_SYSTEM_NOUNS: Final = vocabulary("system_nouns")


# Round 18: equipment and devices are systems too ("the pump", "the kiln controller"); a list of
# their own so the scorer's features, which read system_nouns.txt, stay as trained.
_MACHINE_NOUNS: Final = vocabulary("machine_nouns")


_SYSTEM_NOUNS_ALL: Final = (
    _SYSTEM_NOUNS
    | {w + "s" for w in _SYSTEM_NOUNS}
    | _MACHINE_NOUNS
    | {w + "s" for w in _MACHINE_NOUNS}
    | {"processes", "switches", "batteries", "machinery"}
)


_TECH_WORDS: Final = vocabulary("tech_words")


# Round 16: documents, forms and programmes a team keeps (plurals derived).
_STANDING_ARTEFACTS: Final = frozenset(w + e for w in vocabulary("standing_artefacts") for e in ("", "s"))


_COMMON_WORDS: Final = vocabulary("common_words")


_DETERMINERS: Final = vocabulary("determiners")


_PREPOSITIONS: Final = vocabulary("prepositions")


_AUXILIARIES: Final = vocabulary("auxiliaries")


_CLAUSE_WORDS: Final = vocabulary("clause_words")


_RELATIVES: Final = vocabulary("relatives")


_ADVERBS: Final = vocabulary("adverbs")


_VERB_BASES: Final = vocabulary("verb_bases")


_IRREGULAR_PAST: Final = vocabulary("irregular_past")


def _verb_forms() -> frozenset[str]:
    forms: set[str] = set(_IRREGULAR_PAST)
    for base in _VERB_BASES:
        forms.add(base)
        if base.endswith("y") and base[-2:-1] not in set("aeiou"):
            # "apply": "applies", "applied", "applying"
            forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
            continue
        forms.add(base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s"))
        if base.endswith("e"):
            forms.update({base + "d", base[:-1] + "ing"})
        else:
            forms.update({base + "ed", base + "ing"})
            if len(base) >= 3 and base[-1] in "pgtnm" and base[-2] in "aeiou":
                forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return frozenset(forms)


_VERB_FORMS: Final = _verb_forms()


_NAME_SUFFIXES_NOT: Final = (
    "ment",
    "ments",
    "tion",
    "tions",
    "sion",
    "ness",
    "ity",
    "ing",
    "ings",
    "ance",
    "ence",
    "able",
    "ible",
    "ism",
    "ous",
    "ful",
    "less",
    "ies",
    "ers",
    "ive",
    # Round 11: the heads of compound names of organisations and products ("Clearinghouse",
    # "Servicedesk", "Paymenthub", "Firmware"), not of first names.
    "house",
    "desk",
    "hub",
    "ware",
    # Round 13: plural endings no first name has ("Radiographs sent to the wrong clinic", a
    # title; "Backups", "Disks", "Logs", "Clients", "Requests" opening a sentence).
    "phs",
    "ps",
    "ks",
    "gs",
    "cts",
    "nts",
    "sts",
)


def _could_be_first_name(text: str, bare: str) -> bool:
    """Tell whether a word, out of context, could be a first name: "Maria", not "Deploys"."""
    word = text[:-2] if text.lower().endswith("'s") else text
    return (
        len(word) > 1
        and word[:1].isupper()
        and word[1:].islower()
        and word.isalpha()
        and bare not in _NOT_NAMES
        and not bare.endswith(_NAME_SUFFIXES_NOT)
        and not (bare.endswith("ly") and len(bare) > 6)
    )


# Adverbs too: "Always verify checksums" opens with an adverb, not a name.
_NOT_NAMES: Final = _COMMON_WORDS | _TECH_WORDS | _SYSTEM_NOUNS_ALL | _ROLE_NOUNS_ALL | _VERB_FORMS | _ADVERBS


_OBJECT_OPENERS: Final = vocabulary("object_openers")


_STAMP_WORDS: Final = frozenset(["[", "]", "-", "*", "#", ">", "am", "pm", "a.m", "p.m"])


_QUANTIFIERS: Final = frozenset(["one", "some", "all", "any", "each", "most", "many", "several", "both", "none", "no"])
