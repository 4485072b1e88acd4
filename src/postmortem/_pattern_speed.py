r"""A faster form of a regular expression that matches exactly what it matches.

Python's engine searches a pattern that opens with ``\b`` by trying a full match at every
position of the text, and tries the ways of an alternation one after the other: a pattern of
forty words costs forty tests at each word's start. The rules' patterns are mostly such
alternations. :func:`faster_tree` rewrites the parsed pattern, before its code is generated,
in two ways that leave every match, its span and its groups as they were:

- *A word edge after the letters.* ``\bafter`` becomes ``after(?<!\wafter)``: where the text
  holds a word character before the word, the look-behind fails as ``\b`` would; where it
  holds none (or the text starts there), both pass. The edge is read only where the letters
  are, and a pattern that now opens with letters is searched for them in C.
- *Ways grouped by their first character.* ``(?:mistake|miss|error)`` becomes
  ``(?:m(?:istake|iss)|error)``. At a given position only the ways opening with the character
  there can match, so the order that decides which way matches first is kept among them,
  and the others are passed over by one test per character, not one per way. An alternation
  with a way that opens with something else (a class, a group, an edge) is kept as it was.

Only case-sensitive patterns are rewritten: with ``IGNORECASE`` two different letters can
match the same character ("k" and the Kelvin sign), and grouping them apart could change
which way matches first. A rewriting that fails for any reason leaves the pattern's own code.
"""

from __future__ import annotations

import re
from typing import Any, Final

# The engine's private parser and constants (as _patterns uses them); None where they differ.
try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover  (Python 3.10: sre_parse)
    _c = _p = None

#: Changes with every change to the rewriting: kept code (see ``_patterns.compile_pattern``) is
#: kept under it, so that a version never takes another's rewritten code.
VERSION: Final = 1

# Alternations nested deeper than this are kept as they are (a bound on the rewriting's recursion).
_MOST_DEPTH: Final = 8


def faster_tree(parsed: Any, flags: int) -> Any:
    """Return the parsed pattern *parsed* (``re._parser.parse(source, flags)``) rewritten, or *parsed* itself.

    See the module docstring; the result is a new tree that the code generator takes as it
    takes the parser's own.
    """
    if _c is None or (flags | parsed.state.flags) & re.IGNORECASE:
        return parsed
    rewrite = _Rewrite(parsed.state, flags | parsed.state.flags)
    data = rewrite.sequence(list(parsed.data), 0)
    return _p.SubPattern(parsed.state, data)


class _Rewrite:
    def __init__(self, state: Any, flags: int) -> None:
        self.state = state
        self.word = re.compile(r"\w", flags & (re.ASCII | re.UNICODE | re.LOCALE))
        self.locale = bool(flags & re.LOCALE)

    def is_word(self, code: int) -> bool:
        return not self.locale and self.word.match(chr(code)) is not None

    def sub(self, data: list[Any]) -> Any:
        return _p.SubPattern(self.state, data)

    def sequence(self, data: list[Any], depth: int) -> list[Any]:
        """Rewrite a sequence of (op, argument) pairs, its nested parts first."""
        out: list[Any] = [self.item(op, av, depth) for op, av in data]
        return self.edges(out, depth)

    def item(self, op: Any, av: Any, depth: int) -> tuple[Any, Any]:
        c = _c
        if op is c.BRANCH:
            ways = [self.sequence(list(way), depth + 1) for way in av[1]]
            return op, (av[0], [self.sub(way) for way in self.grouped(ways, depth)])
        if op is c.SUBPATTERN:
            group, add, remove, body = av
            return op, (group, add, remove, self.sub(self.sequence(list(body), depth)))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = av
            return op, (low, high, self.sub(self.sequence(list(body), depth)))
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, body = av
            # A look-behind's width must stay fixed: its body is kept as written.
            return op, av if direction < 0 else (direction, self.sub(self.sequence(list(body), depth)))
        if op is c.ATOMIC_GROUP:
            return op, self.sub(self.sequence(list(av), depth))
        return op, av

    def edges(self, data: list[Any], depth: int) -> list[Any]:
        r"""Move each ``\b`` that stands before letters to after them (see the module docstring)."""
        c = _c
        out: list[Any] = []
        n = 0
        while n < len(data):
            op, av = data[n]
            if op is c.AT and av is c.AT_BOUNDARY and n + 1 < len(data):
                moved = self.edge_before(data[n + 1 :], depth)
                if moved is not None:
                    out.extend(moved)
                    return out
            out.append((op, av))
            n += 1
        return out

    def edge_before(self, rest: list[Any], depth: int) -> list[Any] | None:
        r"""Return ``\b`` + *rest* with the edge moved after the letters *rest* opens with, or None."""
        c = _c
        op, av = rest[0]
        if op is c.LITERAL and self.is_word(av):
            k = 1
            while k < len(rest) and rest[k][0] is c.LITERAL:
                k += 1
            letters = rest[:k]
            behind = self.sub([(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)]), *letters])
            return [*letters, (c.ASSERT_NOT, (-1, behind)), *self.edges(rest[k:], depth)]
        return None

    def grouped(self, ways: list[list[Any]], depth: int) -> list[list[Any]]:
        """Group *ways* (each a sequence) by the letter each opens with, keeping their order within a letter."""
        c = _c
        if depth > _MOST_DEPTH or len(ways) < 2 or not all(way and way[0][0] is c.LITERAL for way in ways):
            return ways
        by_first: dict[int, list[list[Any]]] = {}
        for way in ways:
            by_first.setdefault(way[0][1], []).append(way)
        if len(by_first) == len(ways):
            return ways
        out = []
        for first, group in by_first.items():
            if len(group) == 1:
                out.append(group[0])
                continue
            rests = [way[1:] for way in group]
            inner = self.grouped(rests, depth + 1)
            out.append([(c.LITERAL, first), (c.BRANCH, (None, [self.sub(way) for way in inner]))])
        return out
