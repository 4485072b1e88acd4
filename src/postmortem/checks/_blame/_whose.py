"""Whose words a phrase is, and blame the sentence denies, as the scorer reads them (round 9).

The rules read quotations, reports of speech, rejected judgements and transcript turns as someone
else's words (``_rule._unquoted``, ``_speech``) and denied blame as no blame (``_denial``); the
scorer (``_scorer``) reads them too: :func:`someone_elses` keeps it from a finding on such words,
and :func:`denied` makes its ``deny:`` features.
"""

from __future__ import annotations

from typing import Final

from postmortem.checks._blame._denial import rejected_frame
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _single_quoted, reported
from postmortem.checks._blame._speech import quoted_across, reported_question
from postmortem.checks._blame._vocabulary import vocabulary

__all__ = ["DENIED_ACTS", "denied", "someone_elses"]


def someone_elses(sentence: str, span: tuple[int, int], quotes: tuple[bool, bool, bool, bool], spoken: bool) -> bool:
    """Tell whether the words at *span* of *sentence* are someone else's.

    Since the ninth round the scorer reads whose words a phrase is much as the rules do (see
    ``_rule._unquoted`` and ``_speech``): a phrase in a quotation of four words or more (in the
    sentence or over several), in a report of speech, thought or a question, in a judgement named
    to be rejected, or in a transcript turn is not the author's finding. A short quotation is not
    read that way: a scare quote is how much sarcasm is written (*the "careful" review*), and the
    rules read those already. *quotes* is ``quote_context`` of the sentence in its text and
    *spoken* ``speaker_turn`` (whether it is in a transcript turn).
    """
    a, b = span
    return (
        spoken
        or _long_quoted(sentence, a, b)
        or _single_quoted(sentence, a, b)
        or quoted_across(sentence, a, b, quotes)
        or reported(sentence, a)
        or reported_question(sentence, a)
        or rejected_frame(sentence, a)
    )


# A passage in double quotes (straight or curly), for _long_quoted.
_QUOTATION_RE: Final = lazy_compile(r'"[^"]*"|“[^”]*”')


def _long_quoted(sentence: str, start: int, end: int) -> bool:
    """Tell whether ``sentence[start:end]`` lies in a double-quoted passage of four words or more."""
    if '"' not in sentence and "“" not in sentence:
        return False
    return any(
        m.start() < start and end <= m.end() and m.group().count(" ") >= 3 for m in _QUOTATION_RE.finditer(sentence)
    )


# Since the ninth round: blame the sentence denies (see ``_denial``). A negation, then at most
# three small words, before a cause word (*not anyone's fault*, *nobody is to blame*) or an act
# whose negation is a denial (*Nobody ignored anything*, *we did not skip it*).
_DENIERS: Final = frozenset(lemma(w) for w in ("not", "never", "nobody", "no", "none", "neither", "nor"))
DENIED_ACTS: Final = frozenset(
    lemma(w) for w in ("ignore", "neglect", "overlook", "forget", "miss", "skip", "bypass", "omit", "dismiss")
)
_DENIAL_GAP: Final = (
    frozenset(lemma(w) for w in vocabulary("be_words") | vocabulary("determiners") | vocabulary("auxiliaries"))
    | frozenset(lemma(w) for w in ("one", "single", "person", "individual", "anyone", "anybody", "here", "of"))
    | frozenset(lemma(w) for w in ("really", "simply", "ever", "at", "all", "be", "do", "have", "to"))
    | {"'s"}
)


def denied(keys: list[str], i: int) -> bool:
    """Tell whether a negation stands before token *i*, with at most three small words between."""
    for j in range(i - 1, max(-1, i - 5), -1):
        key = keys[j]
        if key in _DENIERS or key.endswith("n't"):
            return True
        if key not in _DENIAL_GAP:
            return False
    return False
