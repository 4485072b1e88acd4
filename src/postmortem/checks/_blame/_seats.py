"""Seats the role list lacks, read by the words around them (round 15).

Another author names the seat of their own trade (*the rigger*, *our locum*, *the night
porter*), and no list holds every trade; but the agent forms that name most of them (*-er*,
*-or*, *-eer*, *-ian*, *-man*) name tools as often (*the scheduler*, *the compressor*). So a
noun of that form is read as a person only when a word next to it shows a person: a seat's
modifier before it (a shift, *junior*, *relief*), *on duty* or *on shift* after it, an act of
mind, will or speech after it, or *was told* / *was warned* after it
(``vocabulary/seat_signs.txt``). Any noun right before *who* (or before a comma and *who*) is a person's.
"""

from __future__ import annotations

from typing import Final

from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import forms
from postmortem.checks._blame._vocabulary import _SYSTEM_NOUNS_ALL, _TECH_WORDS, _VERB_FORMS, entries, vocabulary

_GROUPS: Final = {reason.split(":", 1)[0]: frozenset(words) for words, reason in entries("seat_signs")}
_MODIFIERS: Final = _GROUPS["modifier"]
_ACTS: Final = frozenset(f for w in _GROUPS["act"] for f in forms(w))
_TOLD: Final = frozenset(f for w in _GROUPS["told"] for f in forms(w))
_SHIFTS: Final = vocabulary("shift_words") - {"call", "shift", "day"}
_CUSTOMERS: Final = frozenset(w + e for w in vocabulary("customer_nouns") for e in ("", "s"))
_NOT_SEATS: Final = _SYSTEM_NOUNS_ALL | _TECH_WORDS | _CUSTOMERS

#: The agent forms: at least three letters before the ending, a plural allowed.
_AGENT_RE: Final = lazy_compile(r"[a-z]{3,}(?:er|or|ian|man|woman|men|women)s?")
_AGENT_ENDINGS: Final = ("er", "ers", "or", "ors", "ian", "ians", "man", "men")
_ADVERB_ENDING: Final = "ly"
_NEGATIONS: Final = frozenset({"never", "not", "didn't", "did", "had", "has", "just", "then", "also", "simply"})
_BE: Final = frozenset({"was", "were", "had", "been", "is", "has"})
_WHO: Final = frozenset({"who", "whom"})
_ON: Final = _SHIFTS | {"call", "shift"}
# Every seat has one of these words next to it (or in a hyphenated word next to it): a sentence
# without any is turned down before its words are walked.
_SIGN_WORDS: Final = _WHO | _MODIFIERS | _ACTS | _TOLD | _ON | {w + "s" for w in _ON}


def _bare(low: str) -> str:
    """As ``_Sentence._bare``: a possessive's ending taken off."""
    if low.endswith(("'s", "s'")):
        return low[:-2] if low.endswith("'s") else low[:-1]
    return low


def _who_after(lows: list[str], i: int) -> bool:
    """Tell whether "who" or "whom" follows token *i*, right after it or after a comma ("the locum, who ...")."""
    k = i + 1 + (i + 1 < len(lows) and lows[i + 1] == ",")
    return k < len(lows) and lows[k] in _WHO


def seat_at(lows: list[str], i: int) -> bool:
    """Tell whether the lower-cased token *i* of *lows* names a person's seat by the words around it."""
    low = lows[i]
    if low in _NOT_SEATS or not low.isalpha():
        return False
    nxt = lows[i + 1] if i + 1 < len(lows) else ""
    if _who_after(lows, i):
        return True
    if not (low.endswith(_AGENT_ENDINGS) and _AGENT_RE.fullmatch(low)) or low in _VERB_FORMS:
        return False
    prev = lows[i - 1] if i > 0 else ""
    if prev in _MODIFIERS or any(part in _SHIFTS for part in prev.split("-")):
        return True
    if nxt == "on" and i + 2 < len(lows) and lows[i + 2].rstrip("s") in _ON:
        return True
    return _told_or_minded(lows, i)


def _told_or_minded(lows: list[str], i: int) -> bool:
    """Tell whether the verb after token *i*, past an adverb or a negation or two, is an act of mind or being told."""
    for k in range(i + 1, min(len(lows), i + 4)):
        word = lows[k]
        if word in _BE and k + 1 < len(lows) and lows[k + 1] in _TOLD:
            return True
        if not (word in _NEGATIONS or word.endswith(_ADVERB_ENDING)):
            return word in _ACTS
    return False


def any_seat(lows: list[str], text: str) -> bool:
    """Tell whether some token of *lows* (lower-cased, "'s" taken off) reads as a seat (:func:`seat_at`).

    *text* is the sentence the tokens come from: a shift may stand in a hyphenated word
    ("the night-shift porter"), looked for only where the text holds a hyphen.
    """
    if _SIGN_WORDS.isdisjoint(lows) and (
        "-" not in text or _SHIFTS.isdisjoint([part for low in lows if "-" in low for part in low.split("-")])
    ):
        return False
    bares = [low[:-1] if low.endswith("s'") else low for low in lows]
    who = not _WHO.isdisjoint(bares)
    return any(
        (bare.endswith(_AGENT_ENDINGS) or (who and _who_after(bares, k))) and seat_at(bares, k)
        for k, bare in enumerate(bares)
    )
