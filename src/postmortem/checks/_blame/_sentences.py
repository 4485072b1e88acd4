"""The tokeniser and the sentence reader.

Tokens with offsets, and sentence bounds that skip abbreviations ("2 a.m. page", "e.g. the
cache") and cut run-ons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, NamedTuple

from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._vocabulary import vocabulary

_TOKEN_RE: Final = lazy_compile(
    r"\d{1,2}(?::\d{2})+|@[\w.-]*\w|\w+(?:[-'’.]\w+)*|[^\w\s]",
)


_TOKEN_ASCII_RE: Final = lazy_compile(_TOKEN_RE.pattern, re.ASCII)


# A run of ".", "!" or "?" (with closing quotes or brackets) before white space, or a line
# break. Led by one character class so that the scan skips other characters quickly.
_SENTENCE_END_RE: Final = lazy_compile(r"[\n.!?](?:(?<=\n)|[.!?]*[\"'’”)\]]*(?=\s|$))")


_INNER_END_RE: Final = lazy_compile(r"[.!?]\s")


_ABBREVIATIONS: Final = vocabulary("abbreviations")


class _Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int


def _tokenise(text: str, offset: int, words: list[str] | None = None) -> list[_Token]:
    """Return the tokens of *text*, their offsets shifted by *offset*.

    *words*, when given, are the tokens' texts already found (``_token_texts(text)``).
    """
    # "’" and "'" are one character each and tokenise alike, so replacing first keeps offsets.
    text = text.replace("’", "'")
    make = tuple.__new__  # skips the named tuple's own __new__: tokenising is a hot loop
    if words is None:
        words = _token_texts(text)
    # Between two tokens there is only white space (every other character is a token or in
    # one) and no token holds any, so each token starts where it is next found: cheaper
    # than a match object per token.
    tokens: list[_Token] = []
    find = text.find
    pos = 0
    for word in words:
        pos = find(word, pos)
        end = pos + len(word)
        tokens.append(make(_Token, (word, word.lower(), pos + offset, end + offset)))
        pos = end
    return tokens


def _token_texts(text: str) -> list[str]:
    """Return the ``text`` of each token :func:`_tokenise` makes of *text* (its "’" read as "'")."""
    text = text.replace("’", "'")
    # On plain text the pattern with ASCII classes finds the same tokens, faster (see _compiled).
    return (_TOKEN_ASCII_RE if _plain_text(text) else _TOKEN_RE).findall(text)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence-like piece of *text*.

    A full stop ends a sentence only when the next word does not start in lower case and
    the word before it is not an abbreviation ("2 a.m. page", "e.g. the cache").
    """
    if _one_sentence(text):
        # One sentence (the common case for a field): no need to look at each full stop.
        return list(_trimmed(text, 0, len(text)))
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.end()
        if m.group() != "\n":
            if text[end : end + 40].lstrip()[:1].islower():
                continue
            if _abbreviation_before(text, max(start, end - 40), m.start()):
                continue
        _add_trimmed(pieces, text, start, end)
        start = end
    _add_trimmed(pieces, text, start, len(text))
    return pieces


def _add_trimmed(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its outer white space, cut if it is a run-on."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > _MAX_SENTENCE:
        pieces.extend(_trimmed(text, start, end))
    elif end > start:
        pieces.append((start, end))


def _abbreviation_before(text: str, window: int, stop: int) -> bool:
    """Tell whether the word ending at *stop*, within text[window:stop], is an abbreviation.

    The word is the run of word characters and full stops just before *stop*: read by
    matching the reversed window, which looks at the word's characters only.
    """
    if stop <= window or not _WORD_OR_DOT_RE.match(text, stop - 1):
        return False
    reversed_window = text[stop - 1 : window - 1 : -1] if window else text[stop - 1 :: -1]
    run = _WORD_OR_DOT_RUN_RE.match(reversed_window)
    word = reversed_window[: run.end() if run else 0][::-1]
    return word.lower().rstrip(".") in _ABBREVIATIONS


_WORD_OR_DOT_RE: Final = lazy_compile(r"[\w.]")


_WORD_OR_DOT_RUN_RE: Final = lazy_compile(r"[\w.]+")


def _one_sentence(text: str) -> bool:
    """Tell cheaply that *text* has no line break and no full stop before a space."""
    return "\n" not in text and not _INNER_END_RE.search(text)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A run-on "sentence" (a pasted log, a table without full stops) is cut into pieces
    # so that the work per sentence stays bounded.
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


_MAX_SENTENCE: Final = 1000


_MAX_CLAUSES_BACK: Final = 6


def _plain_text(low: str) -> bool:
    """Tell whether ASCII and Unicode classes agree on every character of *low* (see _compiled)."""
    return low.isascii() and not ("\x1c" in low or "\x1d" in low or "\x1e" in low or "\x1f" in low)


def _abbreviations_not_before() -> str:
    """Return negative look-behinds: the "." just matched does not end an abbreviation.

    _abbreviation_before reads the run of word characters and full stops before a sentence
    end and looks it up lower-cased; these look-behinds ask the same of a run that is exactly
    an abbreviation (nothing word-like before it). One look-behind per length, as
    look-behinds need a fixed width. Letters are written in both cases rather than with
    IGNORECASE, which would also let "ſ" and "K" stand for "s" and "k".
    """
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREVIATIONS):
        letters = "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)
        by_length.setdefault(len(word), []).append(letters)
    return "".join(rf"(?<!(?<![\w.])(?:{'|'.join(alts)})\.)" for _, alts in sorted(by_length.items()))


# Sentence ends inside one line of the text, "!" and "?" written as "." (see _scan._scan). It
# reads a run of full stops (from its first) and closing marks the way _sentences does,
# and settles most of them:
# - group 1: a sure sentence end, with the white space after it: no closing mark, not after
#   an abbreviation, then within 39 spaces a printable ASCII character that is not a lower-case
#   letter (so str.islower, which _sentences asks, is false);
# - no group: the end of the line, which ends the sentence anyway;
# - group 2: a sentence end only _sentences can settle (an abbreviation before it, a closing
#   mark, which a one-sentence text ignores, a non-ASCII character after it, ...);
# - no match: a lower-case ASCII letter follows, which never starts a sentence.
# A run that long (_LONG_END) also needs _sentences: it looks back only 40 characters.
_LINE_END_RE: Final = lazy_compile(
    r"\.(?<!\.\.)(?:" + _abbreviations_not_before() + r"(\.*(?=[^\S\n]{1,39}[!-`{-~])[^\S\n]+)"
    r"|\.*[\"'’”)\]]*(?=[^\S\n]*(?:\n|\Z))"
    r"|(\.*[\"'’”)\]]*(?=\s)(?![^\S\n]{1,39}[a-z]))"
    r")"
)


_LONG_END: Final = 33


def opens_contrast(toks: list[_Token], j: int) -> bool:
    """Tell whether a contrast set off by a comma opens after token *j* (", not the robot,"), round 18."""
    return toks[j].low == "," and j + 1 < len(toks) and toks[j + 1].low == "not"
