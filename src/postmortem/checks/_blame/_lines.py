"""Splitting the lines the scan reads into sentences, and the rules each sentence could match.

The scan (see _scan) reads a text line by line; a line with candidate rules is split here, with
a pattern that settles the common sentence ends on its own, and each sentence gets the rules its
own key words allow. Where the plain reading (:func:`_sentences`) could differ, a position is
reported as unsure and the caller reads that text again the plain way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from postmortem.checks._blame._rule import COMPILED, _Rule
from postmortem.checks._blame._rule_keys import _MARKS, _keys_in, rules_by_keys, rules_holding
from postmortem.checks._blame._sentences import (
    _INNER_END_RE,
    _LINE_END_RE,
    _LONG_END,
    _MAX_SENTENCE,
    _plain_text,
    _sentences,
)


def _line_sentences_read(texts: list[str]) -> tuple[list[str], list[int], list[tuple[int, int, bool]]]:
    """Return the sentences of the lines *texts*, the line of each, and its bounds in its line.

    A line of one sentence (the common case) stands for its sentence, its tokens the same, and
    is marked so (``True``: white space around it is trimmed when it is scored); the others are
    split here, by the rules' scan's reading where it settles every full stop (see
    _settled_sentences), else by _sentences.
    """
    sentences = texts
    lines = list(range(len(texts)))
    spans = [(0, len(text), True) for text in texts]
    several = list(itertools.compress(lines, map(_INNER_END_RE.search, texts)))
    if max(map(len, texts)) > _MAX_SENTENCE:
        several = sorted({*several, *(n for n, text in enumerate(texts) if len(text) > _MAX_SENTENCE)})
    if not several:
        return sentences, lines, spans
    sentences = list(texts)
    for n in several:
        text = texts[n]
        split = (_settled_sentences(text) if len(text) <= _MAX_SENTENCE else None) or _sentences(text)
        (a, b), *others = split
        sentences[n] = text[a:b]
        spans[n] = (a, b, False)
        for a, b in others:
            sentences.append(text[a:b])
            lines.append(n)
            spans.append((a, b, False))
    return sentences, lines, spans


def _settled_sentences(line: str) -> list[tuple[int, int]] | None:
    """Return :func:`_sentences` of one *line* (no line break, at most _MAX_SENTENCE characters).

    Read as the rules' scan reads a line (see _line_sentences): each full stop that
    _LINE_END_RE settles ends a sentence or not; None when one of them only _sentences can
    settle.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _LINE_END_RE.finditer(line.replace("!", ".").replace("?", ".")):
        if m.lastindex == 2 or (m.lastindex == 1 and m.end() - m.start() > _LONG_END):
            return None
        if m.lastindex == 1:
            bounds.append((start, m.end()))
            start = m.end()
    bounds.append((start, len(line)))
    pieces: list[tuple[int, int]] = []
    for first, last in bounds:
        piece = line[first:last]
        stripped = piece.lstrip()
        if stripped:
            begin = first + len(piece) - len(stripped)
            pieces.append((begin, begin + len(stripped.rstrip())))
    return pieces


def _line_pieces(
    texts: tuple[str, str, str, str, str | None],
    line: tuple[int, int, tuple[_Rule, ...]],
    marked: bool,
    unsure: list[int],
) -> Sequence[tuple[int, int, Sequence[_Rule]]]:
    """Return the sentences of a line with candidate rules, each with the rules to try on it.

    *texts* are the text, its forms made in _scan (lower-cased with apostrophes, words,
    full stops, lower-cased or None) and *line* the line's bounds and candidate rules.
    """
    text, low, words, dots, lowered = texts
    start, end, rules = line
    # Sentence ends are full stops followed by more text; one at the end of the line, or
    # none, leaves the line one sentence.
    dot = dots.find(".", start, end - 1)
    if dot < 0 and not marked:
        return ((start, end, rules),)
    # Splitting costs more than a search of the whole line, which most lines with
    # candidate rules fail: a rule that matches no sentence of it matches nowhere in it.
    # A paragraph read as one line (see _reading) is split first: its sentences' own key
    # words rule out more than a search of the whole paragraph would.
    live = _live_rules(text, lowered, start, end, rules) if end - start <= _SEARCH_WHOLE else rules
    if not live:
        return ()
    split = _line_sentences(text, low, words, dots, (max(dot, start), start, end), marked, unsure, live)
    return ((start, end, live),) if split is None else split


_SEARCH_WHOLE: Final = 240


def _line_candidates(
    texts: tuple[str, str, str, str, str | None],
    line: tuple[int, int, frozenset[str]],
    marked: bool,
    unsure: list[int],
) -> Sequence[tuple[int, int, Sequence[_Rule]]]:
    """Return the sentences of a line holding a lead word, each with the rules to try on it (none: no sentence).

    *line* is the line's bounds and key words. A line of at most _SEARCH_WHOLE characters, or with
    no full stop before its end, is looked up by its key words and read by :func:`_line_pieces`.
    A longer one with a full stop (a paragraph) is split before any look-up, and each sentence's
    rules are looked up by its own key words (round 20): those are a subset of the line's (the
    same words, marks and words inside apostrophe runs, none cut at a sentence's edge), so the
    rules they allow are a subset of the line's rules, and the line's own look-up, the most costly
    of all (a paragraph's key words, a set no memory holds), would narrow nothing. The line is
    looked up only where its look-up decides something: when it is one sentence after all (its
    rules are then the line's), and when no sentence has a rule but splitting reported a position
    as unsure, which a line without rules, never split, does not.
    """
    text, low, words, dots, _ = texts
    start, end, keys = line
    dot = dots.find(".", start, end - 1) if end - start > _SEARCH_WHOLE else -1
    if dot < 0:
        rules = rules_by_keys(keys)[1]
        return _line_pieces(texts, (start, end, rules), marked, unsure) if rules else ()
    flagged = len(unsure)
    split = _line_sentences(text, low, words, dots, (dot, start, end), marked, unsure, None)
    if split is None:
        rules = rules_by_keys(keys)[1]
        return ((start, end, rules),) if rules else ()
    if not split and len(unsure) > flagged and not rules_by_keys(keys)[1]:
        del unsure[flagged:]
    return split


def _live_rules(text: str, lowered: str | None, start: int, end: int, rules: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
    """Return the *rules* that could match in some sentence of the line text[start:end].

    Those whose pattern matches somewhere in the line, and those whose pattern looks past a
    sentence's edges (see _reads_past_sentence), which the line cannot rule out.
    """
    line = text[start:end].lower() if lowered is None else lowered[start:end]
    index = 2 if lowered is not None or _plain_text(line) else 1
    compiled = COMPILED[index]
    return tuple([rule for rule in rules if rule.edge or compiled(rule.source).search(line)])


def _line_sentences(
    text: str,
    low: str,
    words: str,
    dots: str,
    bounds: tuple[int, int, int],
    marked: bool,
    unsure: list[int],
    rules: Sequence[_Rule] | None,
) -> list[tuple[int, int, Sequence[_Rule]]] | None:
    """Split one line (``bounds``: first full stop, start, end) and return each sentence's rules.

    Each sentence gets those of *rules* (the line's, in rule order) that its own key words
    allow; with *rules* None, every rule they allow (see _line_candidates). Only sentences with
    candidate rules are returned, and None when the line is one
    sentence with no mark; see _scan for *unsure*.
    """
    dot, start, end = bounds
    pieces: list[tuple[int, int]] = []
    for m in _LINE_END_RE.finditer(dots, dot, end):
        if m.lastindex == 1:
            if m.end() - m.start() > _LONG_END:
                unsure.append(start)
            pieces.append((start, m.end()))
            start = m.end()
        elif m.lastindex == 2:
            unsure.append(start)
    if not pieces and not marked:
        return None  # one sentence: the line's rules are its rules
    pieces.append((start, end))
    return [(a, b, found) for a, b in pieces if (found := _piece_rules(text, low, words, (a, b), unsure, rules))]


def _add_marks(low: str, keys: list[frozenset[str]]) -> set[int]:
    """Add the marks "'s" and "?" (see _key_words) to the key words of the lines holding them.

    Returns:
        The lines given a mark. A line's marks are a superset of each of its sentences'
        marks ("s' " counts only inside a sentence), which _piece_rules reads exactly.
    """
    marked: set[int] = set()
    for needle in ("'", "?"):
        line = 0
        last = 0
        pos = low.find(needle)
        while pos >= 0:
            if needle == "?" or low.startswith("s", pos + 1) or (pos and low.startswith("s' ", pos - 1)):
                line += low.count("\n", last, pos)
                last = pos
                keys[line] = keys[line] | _MARKS[needle == "'", needle == "?"]
                marked.add(line)
            pos = low.find(needle, pos + 1)
    return marked


def _piece_rules(
    text: str, low: str, words: str, bounds: tuple[int, int], unsure: list[int], rules: Sequence[_Rule] | None
) -> Sequence[_Rule]:
    """Return the *rules* that are candidates for the sentence text[a:b] (*bounds*), as _key_words would read it."""
    a, b = bounds
    found = _keys_in(words[a:b])
    possessive = low.find("'s", a, b) >= 0
    if not possessive and low.find("s' ", a, b) >= 0:
        end = a + len(text[a:b].rstrip())
        possessive = low.find("s' ", a, end) >= 0
        if not possessive:
            # "s' " only with the space after the sentence: a one-sentence text reads it as
            # a mark, a sentence cut from a longer text does not.
            unsure.append(a)
    question = low.find("?", a, b) >= 0
    if possessive or question:
        found |= _MARKS[possessive, question]
    if not found:
        return []
    if rules is None:
        return rules_by_keys(found)[1]
    if len(rules) > _FEW_RULES:
        # Many rules (a paragraph, not narrowed by a search of the line): the look-up, remembered
        # per set of key words, costs less than reading every rule's clauses.
        return [rule for rule in rules_by_keys(found)[1] if rule in rules]
    return rules_holding(found, rules)


# Up to this many rules, a sentence's are read off their clauses (see rules_holding).
_FEW_RULES: Final = 2


def _check_long_line(text: str, start: int, end: int, unsure: list[int]) -> None:
    """Report a line holding a sentence longer than _MAX_SENTENCE (see _trimmed)."""
    dots = text[start:end].replace("!", ".").replace("?", ".")
    last = 0
    for m in _LINE_END_RE.finditer(dots):
        if m.lastindex == 1:
            if len(text[start + last : start + m.end()].strip()) > _MAX_SENTENCE:
                unsure.append(start)
            last = m.end()
    if len(text[start + last : end].strip()) > _MAX_SENTENCE:
        unsure.append(start)
