r"""Key words read from a rule's pattern: words that every match of it must contain.

The blamelessness detector runs a rule's pattern only on sentences holding the rule's key
words (see ``_blame._candidate_rules``). The tighter those words, the fewer sentences a
pattern reads. This module derives them from the pattern itself, through Python's own
regular-expression parser, so that they are necessary by construction:

* Each way through the pattern is spelled out as a string over the characters a sentence's
  key words are made of (``[a-z0-9']``), with ``" "`` for any other character, ``"*"`` for
  a stretch the pattern does not spell out (``\\w+``, ``[^.]*``) and ``"|"`` for a word
  boundary that consumes nothing (``\\b``, ``^``).
* A word of such a string counts only when both its ends are known: a separator, a
  boundary or a wildcard-free edge. ``(?:re-?train|coach)(?:ed|ing|s)?`` spells "retrained",
  "re trained", "coaching" and so on; ``took\\s+(?:\\w+\\s+)?(?:too|way too)\\s+long`` needs
  "took", "too" and "long".
* A positive look-ahead's words are needed too (``fail(?=\\s+to\\b)`` needs "to"); a negative
  look-ahead needs nothing.

The result is a disjunction of clauses, one per way through the pattern (a clause holds
when each of its groups has one of its words in the sentence). Where spelling every way
out would take too many strings, parts are relaxed to one group of their most telling
words, which stays necessary but is less tight.

Like the words ``_blame`` reads from a sentence, this treats ``\\b`` as the edge of a word
of ``[a-z0-9']``; the two differ only next to an apostrophe or an underscore.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

# The parser is private to the re package; a Python without it makes derive() raise, and
# the detector then uses the rules' declared key words alone (see _blame._all_clauses).
try:
    if sys.version_info >= (3, 11):
        from re import _constants as _sre
        from re import _parser as _sre_parse
    else:  # pragma: no cover - Python 3.10
        import sre_constants as _sre
        import sre_parse as _sre_parse
except ImportError:  # pragma: no cover - a future Python
    _sre = _sre_parse = None  # type: ignore[assignment]

__all__ = [
    "KEY_WORD_CHARS",
    "TABLE",
    "TIGHT_TABLE",
    "Clause",
    "best_group",
    "derive",
    "stored",
    "table_text",
    "words_of",
]

Clause = frozenset[frozenset[str]]
"""Groups of words; a sentence satisfies the clause when it holds a word of every group."""

KEY_WORD_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
"""The characters of a key word: the detector reads a sentence's words as runs of them."""
_SEP: Final = " "
_EDGE: Final = "|"
_WILD: Final = "*"
# Opening and closing a positive look-ahead's text, which is read for its words and then
# left out of the text the pattern consumes.
_AHEAD: Final = "<"
_AHEAD_END: Final = ">"
_MAX_STRINGS: Final = 256
_MAX_CLAUSES: Final = 64

# Words too common to narrow anything down: a group holding one is dropped, which keeps
# the clause necessary and keeps the per-line key sets small.
_COMMON: Final = frozenset(["a", "an", "the", "s", "t"])
# Frequent words: a group of them still narrows a clause down (most sentences with "failed"
# lack "to"), but a clause is better looked up by a rarer group (see best_group).
_FREQUENT_WORDS: Final = """
    a an the to of in on at by for from with and or but as is are was were be been being it
    its it's this that these those there then than so if not no do does did has have had i we
    you he she they me us him her them our your their my his what which who how when where
    why will would can could should may might must one all any some more most very just also
    up out over into about after before again down off only even ever first new now time
"""
_FREQUENT: Final = frozenset(_FREQUENT_WORDS.split())


def _char(code: int) -> str:
    char = chr(code)
    if char == "\u2019":
        return "'"  # read as an apostrophe, as the key words are
    return char if char in KEY_WORD_CHARS else _SEP


def _join(left: str, right: str) -> str:
    """Concatenate two spelled-out strings; a run of separators or wildcards reads as one."""
    if left and right and left[-1] == right[0] and right[0] in (_SEP, _WILD):
        return left + right[1:]
    return left + right


def _product(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > _MAX_STRINGS:
        return None
    return {_join(a, b) for a in left for b in right}


def _class_strings(items: Sequence[tuple[Any, Any]]) -> set[str]:
    """The strings one character of a ``[...]`` class can be."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _sre.LITERAL:
            chars.add(_char(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < 8:
            chars.update(_char(code) for code in range(arg[0], arg[1] + 1))
        elif op is _sre.CATEGORY and arg in (_sre.CATEGORY_SPACE, _sre.CATEGORY_LINEBREAK):
            chars.add(_SEP)
        else:
            return {_WILD}  # \w, \d, a negated class, a wide range: could be anything
    return chars


class _TooManyError(Exception):
    """Spelling a node out takes more than _MAX_STRINGS strings."""


def _strings(items: Iterable[tuple[Any, Any]]) -> set[str]:
    """Spell out a sequence of parsed items; raise _TooManyError when it takes too many strings."""
    result: set[str] = {""}
    literal: list[str] = []  # a run of literal characters is joined on at once
    for op, arg in items:
        if op is _sre.LITERAL:
            literal.append(_char(arg))
            continue
        product = _product(result, {_literal(literal)}) if literal else result
        literal.clear()
        product = _product(product, _item_strings((op, arg))) if product is not None else None
        if product is None:
            raise _TooManyError
        result = product
    if literal:
        result = {_join(text, _literal(literal)) for text in result}
    return result


def _literal(chars: list[str]) -> str:
    text = ""
    for char in chars:
        text = _join(text, char)
    return text


def _item_strings(item: tuple[Any, Any]) -> set[str]:  # noqa: PLR0911, PLR0912  (one case per node kind)
    op, arg = item
    if op is _sre.LITERAL:
        return {_char(arg)}
    if op is _sre.IN:
        if arg and arg[0][0] is _sre.NEGATE:
            return {_WILD}
        return _class_strings(arg)
    if op is _sre.SUBPATTERN:
        return _strings(arg[-1])
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alternative in arg[1]:
            out |= _strings(alternative)
            if len(out) > _MAX_STRINGS:
                raise _TooManyError
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)):
        low, high, body = arg
        inner = _strings(body)
        if inner <= {_SEP, ""}:
            return {""} | inner if low == 0 else {_SEP}
        if high is _sre.MAXREPEAT or high > 3:
            return {"", _WILD} if low == 0 else {_WILD}
        out = set()
        for count in range(low, high + 1):
            spelled: set[str] | None = {""}
            for _ in range(count):
                spelled = _product(spelled, inner) if spelled is not None else None
            if spelled is None:
                raise _TooManyError
            out |= spelled
        return out
    if op is _sre.AT:
        if arg in (_sre.AT_BOUNDARY, _sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING, _sre.AT_END, _sre.AT_END_STRING):
            return {_EDGE}
        return {""}
    if op is _sre.ASSERT:
        direction, body = arg
        if direction < 0:
            return {""}  # a look-behind: its text lies before the match, maybe in no sentence word
        try:
            ahead = _strings(body)
        except _TooManyError:
            return {""}
        if any(_AHEAD in text for text in ahead):
            return {""}  # a look-ahead inside a look-ahead: not read
        return {_AHEAD + text + _AHEAD_END for text in ahead}
    if op is _sre.ASSERT_NOT:
        return {""}
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _strings(arg)
    return {_WILD}  # any character, a back-reference, ...: not spelled out


def words_of(text: str, *, left_known: bool = False, right_known: bool = False) -> frozenset[str]:
    """Return the words a spelled-out string surely holds (see the module docstring).

    Look-ahead stretches are read on their own and removed from the consumed text; one
    that opens with a separator or boundary ends the word before it. The string's own
    edges are unknown (a match may start or end inside a word) unless *left_known* says
    that a separator comes before it, or *right_known* that one comes after it.
    """
    if right_known:
        text += _EDGE
    words: set[str] = set()
    consumed: list[str] = []
    pos = 0
    while pos < len(text):
        start = text.find(_AHEAD, pos)
        if start < 0:
            consumed.append(text[pos:])
            break
        consumed.append(text[pos:start])
        end = text.index(_AHEAD_END, start)
        ahead = text[start + 1 : end]
        words |= _bounded_words(ahead, left_known=False)
        if ahead[:1] in (_SEP, _EDGE):
            consumed.append(_EDGE)
        pos = end + 1
    return frozenset(words | _bounded_words("".join(consumed), left_known=left_known))


def _bounded_words(text: str, *, left_known: bool) -> set[str]:
    pieces = text.replace(_EDGE, _SEP).split(_SEP)
    # With a boundary or separator first, the first piece is "", so it never counts.
    words: set[str] = set()
    for index, piece in enumerate(pieces):
        first = index == 0 and not left_known
        last = index == len(pieces) - 1
        if not piece or _WILD in piece or first or last:
            continue
        words.add(piece)
    return words


def _relax(clauses: set[Clause], *, tight: bool) -> Clause:
    """Weaken a disjunction of clauses to one clause: one group of each clause's best words.

    *tight* (see derive): the groups every clause holds stay groups of their own ("to ...
    be" before forty verbs), and the best words are chosen among the others.
    """
    common = frozenset.intersection(*clauses) if tight and clauses else frozenset()
    group: set[str] = set()
    for clause in clauses:
        rest = clause - common
        if not rest:
            return common  # one way needs only the common groups
        group |= best_group(rest)
    return common | {frozenset(group)}


def best_group(clause: Clause) -> frozenset[str]:
    """The clause's most telling group: fewest frequent words, then fewest words."""
    return min(clause, key=lambda g: (len(g & _FREQUENT), len(g), sorted(g)))


def _and(left: set[Clause], right: set[Clause], *, tight: bool) -> set[Clause]:
    if len(left) * len(right) > _MAX_CLAUSES:
        # Relax the larger side first, then the other if still too many.
        if len(left) >= len(right):
            left = {_relax(left, tight=tight)}
        else:
            right = {_relax(right, tight=tight)}
        if len(left) * len(right) > _MAX_CLAUSES:
            left, right = {_relax(left, tight=tight)}, {_relax(right, tight=tight)}
    return {a | b for a in left for b in right}


def _clause(words: frozenset[str]) -> Clause:
    return frozenset(frozenset([word]) for word in words if word not in _COMMON)


def _ends_apart(strings: set[str]) -> bool:
    """Tell whether every string ends with a separator or boundary (the next word starts fresh)."""
    return all(text[-1:] in (_SEP, _EDGE) or text.endswith(_SEP + _AHEAD_END) for text in strings)


def _starts_apart(item: tuple[Any, Any]) -> bool:
    """Tell whether every string of *item* starts with a separator or boundary (a word before it ends)."""
    try:
        strings = _item_strings(item)
    except _TooManyError:
        return False
    return all(text[:1] in (_SEP, _EDGE) for text in strings)


def _sequence_clauses(
    items: Sequence[tuple[Any, Any]], *, left_known: bool = False, right_known: bool = False, tight: bool = False
) -> set[Clause]:
    """Clauses for a sequence: spelled out whole, or in parts joined by "and".

    *left_known* and *right_known*: a separator or boundary surely comes before (after) the
    sequence, so a word at that end of it counts; *tight*: see derive.
    """
    try:
        return {_clause(words_of(text, left_known=left_known, right_known=right_known)) for text in _strings(items)}
    except _TooManyError:
        pass
    if len(items) == 1:
        op, arg = items[0]
        if op is _sre.BRANCH:
            return _branch_clauses(arg[1], left_known=left_known, right_known=right_known, tight=tight)
        if op is _sre.SUBPATTERN:
            return _sequence_clauses(arg[-1], left_known=left_known, right_known=right_known, tight=tight)
        return {frozenset()}
    # Cut the sequence where spelling it out grows too large; each part's words must be
    # there. A word may run on across a cut, so a part's first word counts only when the
    # part before it surely ends with a separator or boundary.
    result: set[Clause] = {frozenset()}
    part: list[tuple[Any, Any]] = []
    spelled: set[str] = {""}
    part_left = left_known
    for position, item in enumerate(items):
        try:
            grown = _product(spelled, _item_strings(item))
        except _TooManyError:
            grown = None
        if grown is not None:
            part.append(item)
            spelled = grown
            continue
        # Literal characters just before the cut go with the next part, so that the cut
        # falls after a separator where there is one ("\s+v(?:0y|1y)" cuts before "v").
        carry: list[tuple[Any, Any]] = []
        while part and part[-1][0] is _sre.LITERAL:
            carry.insert(0, part.pop())
        if part:
            after = tight and _starts_apart(carry[0] if carry else item)
            read = _sequence_clauses(part, left_known=part_left, right_known=after, tight=tight)
            result = _and(result, read, tight=tight)
        part_left = bool(part) and _ends_apart(_strings(part))
        try:
            part, spelled = [*carry, item], _strings([*carry, item])
        except _TooManyError:
            # One item too large on its own (a long alternation): read it alone.
            # The carried characters start a word that runs into the item: not counted.
            # Its last word counts when what follows it starts apart ("(?:shadow|...)\b").
            right = tight and (_starts_apart(items[position + 1]) if position + 1 < len(items) else right_known)
            alone = _sequence_clauses([item], left_known=part_left and not carry, right_known=right, tight=tight)
            result = _and(result, alone, tight=tight)
            part, spelled, part_left = [], {""}, False
    if part:
        read = _sequence_clauses(part, left_known=part_left, right_known=right_known, tight=tight)
        result = _and(result, read, tight=tight)
    return result


def _branch_clauses(
    alternatives: Sequence[Sequence[tuple[Any, Any]]], *, left_known: bool, right_known: bool, tight: bool
) -> set[Clause]:
    """Clauses for an alternation too long to spell out: each alternative's, relaxed when too many."""
    ways = [
        _sequence_clauses(alternative, left_known=left_known, right_known=right_known, tight=tight)
        for alternative in alternatives
    ]
    if tight:
        # Too many clauses: the alternatives with the most are relaxed first, each on its own.
        for way in sorted(ways, key=len, reverse=True):
            if sum(map(len, ways)) <= _MAX_CLAUSES:
                break
            relaxed = _relax(way, tight=tight)
            way.clear()
            way.add(relaxed)
    out: set[Clause] = set().union(*ways)
    return out if len(out) <= _MAX_CLAUSES else {_relax(out, tight=tight)}


def derive(source: str, *, tight: bool = False) -> tuple[Clause, ...]:
    r"""Return the clauses for a rule's pattern, one of which every match satisfies.

    A clause with no groups means the pattern needs no particular word.

    With *tight*, the reading the scan picks the rules to run by (see ``_rule_keys``): a
    word at the end of a part read on its own counts when what follows the part surely
    starts apart ("(?:shadow|study|...)\b" needs one of those words); relaxing keeps the
    groups every clause shares; and a long alternation relaxes its alternatives one at a
    time, those with the most clauses first, instead of all of them together. Without it,
    the reading the scorer's rule-family signal was trained on (see ``_scorer_features``):
    looser, and kept as it is so that the scorer reads what it learnt from.
    """
    if _sre_parse is None:  # pragma: no cover - see the imports
        raise RuntimeError("this Python has no re._parser to read patterns with")
    parsed = _sre_parse.parse(source)
    return tuple(sorted(_merged(_sequence_clauses(parsed.data, tight=tight)), key=_clause_key))


def _clause_key(clause: Clause) -> list[list[str]]:
    return sorted(sorted(group) for group in clause)


def _merged(clauses: set[Clause]) -> set[Clause]:
    """Return the same disjunction in fewer clauses.

    A clause implied by another (a superset of its groups) adds nothing, and two clauses
    that differ in one group only are one: ``(A and X) or (A and Y)`` is ``A and (X or Y)``.
    """
    clauses = {c for c in clauses if not any(other < c for other in clauses)}
    while True:
        # In a fixed order, so that the same pattern always gives the same clauses.
        by_rest: dict[tuple[Clause, int], list[frozenset[str]]] = {}
        for clause in sorted(clauses, key=_clause_key):
            for group in sorted(clause, key=sorted):
                by_rest.setdefault((clause - {group}, len(clause)), []).append(group)
        merged = next(((rest, groups) for (rest, _), groups in by_rest.items() if len(groups) > 1), None)
        if merged is None:
            return clauses
        rest, groups = merged
        singles = {frozenset([group]) for group in groups}
        clauses = {c for c in clauses if not (len(c) == len(rest) + 1 and c - rest in singles)}
        clauses.add(rest | {frozenset().union(*groups)})
        clauses = {c for c in clauses if not any(other < c for other in clauses)}


# --------------------------------------------------------------------------- stored clauses

TABLE: Final = Path(__file__).with_name("_keys.json")
"""The clauses of the detector's own patterns, derived once and shipped with the package.

Deriving them takes a good part of a second's tenth; a pattern edited since (or a table
that cannot be read) is derived when first needed, so the table only saves time and never
decides a result. ``python -m postmortem.checks._blame._keys`` writes it anew (and the scan's
tables made from it, ``_rule_keys.INDEX``), and a test fails while it is out of date.
"""


TIGHT_TABLE: Final = Path(__file__).with_name("_scan_keys.json")
"""``derive(source, tight=True)`` of the patterns whose tight reading differs from :data:`TABLE`'s.

Written with :data:`TABLE` by the same command: a source that :data:`TABLE` holds and this
table does not reads the same both ways.
"""


def _read(path: Path) -> dict[str, Any]:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def _clauses_of(spelled: list[list[list[str]]]) -> tuple[Clause, ...]:
    return tuple(frozenset(frozenset(group) for group in clause) for clause in spelled)


def stored(sources: Sequence[str], *, tight: bool = False) -> list[tuple[Clause, ...]]:
    """Return :func:`derive` for each source, from :data:`TABLE` (and :data:`TIGHT_TABLE`) where they hold it."""
    table = _read(TABLE)
    tight_table = _read(TIGHT_TABLE) if tight else {}
    found: list[tuple[Clause, ...]] = []
    for source in sources:
        spelled = tight_table.get(source, table.get(source))
        if isinstance(spelled, list):
            found.append(_clauses_of(spelled))
        else:
            found.append(derive(source, tight=tight))
    return found


def table_text(sources: Sequence[str], *, tight: bool = False) -> str:
    """Return the JSON :data:`TABLE` (with *tight*, :data:`TIGHT_TABLE`) should hold for *sources*."""
    spelled = {}
    for source in sorted(set(sources)):
        clauses = [_clause_key(clause) for clause in derive(source)]
        if tight:
            tight_clauses = [_clause_key(clause) for clause in derive(source, tight=True)]
            if tight_clauses != clauses:
                spelled[source] = tight_clauses
        else:
            spelled[source] = clauses
    return json.dumps(spelled, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import importlib

    from postmortem._files import atomic_write

    # Imported by name: the detector imports this module, so a plain import is a cycle.
    rule_keys = importlib.import_module("postmortem.checks._blame._rule_keys")
    sources = [rule.source for rule in rule_keys._RULES]
    atomic_write(TABLE, table_text(sources).encode("utf-8"))
    atomic_write(TIGHT_TABLE, table_text(sources, tight=True).encode("utf-8"))
    sys.stdout.write(f"wrote {TABLE} and {TIGHT_TABLE}\n")
    # The scan's tables are made from these (and the line shares, see _leads).
    if rule_keys.write_index():
        sys.stdout.write(f"wrote {rule_keys.INDEX}\n")
