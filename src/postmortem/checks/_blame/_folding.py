r"""Case-insensitive patterns searched in lower-cased ASCII text: :func:`lazy_compile`.

The gates read their sentences with about 170 case-insensitive patterns, and most of their
searches find nothing. Python's engine compares each character case-insensitively, and a pattern
that opens with ``\b`` or an alternation is tried at every position of the text: a search costs
several times what the same pattern costs case-sensitively, rewritten by ``_pattern_speed``, on
the text lower-cased (the rules' own patterns run that way since the first rounds; *not ... $*
before a match, read in 48 characters, took 29 microseconds one way and 3 the other). On ASCII
text the two find the same matches where the pattern spells no upper-case letter, no escape that
could stand for one, no class ranging over them and no flag set inside it (:func:`foldable`, read
from the source): an ASCII letter and its lower case are all that ``IGNORECASE`` lets stand for
each other in such text.

So a case-insensitive pattern made here searches an ASCII text's lower case first; where that
finds nothing (most searches), nothing is there. Where it finds a match, the pattern's own
case-insensitive form is matched at that position of the text itself: the first position where
one matches is the first where the other does, so that is the match ``search`` returns (text,
span and groups; its ``pos`` is where it starts). ``finditer`` is the pattern's own from the
first match on (most find none, and then read no more). Every other method, every text holding
a non-ASCII character and every pattern :func:`foldable` turns down are answered by the pattern's
own form. Both forms compile on first use, as ``postmortem._patterns.lazy_compile`` makes them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any, Final, cast

from postmortem._patterns import _LazyPattern, compile_pattern
from postmortem._patterns import lazy_compile as _lazy_compile

__all__ = ["foldable", "lazy_compile"]

_MAX: Final = sys.maxsize

# The methods answered by the pattern's own form (bound on the instance at its first use).
_OWN_METHODS: Final = ("match", "fullmatch", "findall", "sub", "subn", "split")

# The lower case of the last text searched (its object and its lower case, one tuple): the gates
# search the same sentence with one pattern after another.
_last: tuple[str, str] = ("", "")


def _lower(text: str) -> str:
    global _last  # noqa: PLW0603  (one entry, replaced in one assignment)
    last = _last
    if last[0] is text:
        return last[1]
    low = text.lower()
    _last = (text, low)
    return low


# What foldable reads in a pattern's source: escapes that spell no letter's case (punctuation, the
# classes and edges, control characters) and the P of a named group are made a neutral character
# first; then any other escape
# (\x41, \N{...}, \u..., a number), an upper-case letter, an inline flag or a class's range other
# than a-z and 0-9 is left out. Searched in C, once per pattern, on its first use.
_PLAIN_ESCAPE_RE: Final = _lazy_compile(r"\\(?:[^a-zA-Z0-9]|[bBwWsSdDAZntrfv])|(?<=\(\?)P(?=[<=])", re.DOTALL)
_NOT_COVERED_RE: Final = _lazy_compile(r"[\\A-Z]|\(\?[aiLmsux-]")
_CLASS_RE: Final = _lazy_compile(r"\[\^?\]?[^\]]*\]")
_PLAIN_RANGE_RE: Final = _lazy_compile(r"a-z|0-9")


def foldable(pattern: str, flags: int) -> bool:
    """Tell whether *pattern* with *flags* finds in ASCII text what it finds without ``IGNORECASE`` in its lower case.

    True where ``IGNORECASE`` is among *flags* (``LOCALE`` is not) and the source spells no
    upper-case ASCII letter (nor an escape that could stand for one), sets no flag inside it and
    has no class ranging over other characters than a-z and 0-9: read from the source,
    conservatively (a pattern read otherwise is searched by its own form).
    """
    if not flags & re.IGNORECASE or flags & re.LOCALE:
        return False
    plain = _PLAIN_ESCAPE_RE.sub("_", pattern)
    if _NOT_COVERED_RE.search(plain):
        return False
    for found in _CLASS_RE.finditer(plain):
        body = _PLAIN_RANGE_RE.sub("", found.group()[1:-1]).lstrip("^").strip("-")
        if "-" in body:
            return False
    return True


class _FoldedPattern(_LazyPattern):
    """A case-insensitive pattern whose ``search`` and ``finditer`` read ASCII text lower-cased first (see above).

    Compiled on first use as ``_patterns.lazy_compile``'s patterns are; the other methods are then
    the pattern's own, bound once.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        super().__init__(pattern, flags)
        self._fast: re.Pattern[str] | None = None

    def _compile(self) -> re.Pattern[str]:
        own = self._compiled
        if own is None:
            own = compile_pattern(self.pattern, self._flags)
            methods = {name: getattr(own, name) for name in _OWN_METHODS}
            if foldable(self.pattern, self._flags):
                self._fast = compile_pattern(self.pattern, self._flags & ~re.IGNORECASE, faster=True)
            else:
                methods.update(search=own.search, finditer=own.finditer)
            self.__dict__.update(methods)
            self._compiled = own
        return own

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        own = self._compiled or self._compile()
        fast = self._fast
        if fast is None or not string.isascii():
            return own.search(string, pos, endpos)
        last = _last
        found = fast.search(last[1] if last[0] is string else _lower(string), pos, endpos)
        return None if found is None else own.match(string, found.start(), endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        own = self._compiled or self._compile()
        fast = self._fast
        if fast is None or not string.isascii():
            return own.finditer(string, pos, endpos)
        last = _last
        found = fast.search(last[1] if last[0] is string else _lower(string), pos, endpos)
        # From the first match on, the pattern's own matches: the first of them is that match.
        return iter(()) if found is None else own.finditer(string, found.start(), endpos)

    def __reduce__(self) -> tuple[Any, ...]:
        return lazy_compile, (self.pattern, self._flags)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``postmortem._patterns.lazy_compile(pattern, flags)``; case-insensitive ones search ASCII text lower-cased.

    See the module docstring: the same matches, found sooner.
    """
    if not flags & re.IGNORECASE:
        return _lazy_compile(pattern, flags)
    return cast("re.Pattern[str]", _FoldedPattern(pattern, flags))
