"""The rules and the key words that pick them.

Every rule of every family in one tuple, the clauses of key words under which each runs (see
_keys and _leads), and the reading of a line's or a sentence's key words that _scan uses to pick
the candidate rules before any pattern runs.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, Final

from postmortem.checks._blame._acts import RULES as _ACTS
from postmortem.checks._blame._carried import RULES as _CARRIED
from postmortem.checks._blame._causal_acts import RULES as _CAUSAL_ACTS
from postmortem.checks._blame._causes import RULES as _CAUSES
from postmortem.checks._blame._character import RULES as _CHARACTER
from postmortem.checks._blame._contrast import RULES as _CONTRAST
from postmortem.checks._blame._counterfactual import RULES as _COUNTERFACTUAL
from postmortem.checks._blame._counterfactual_unheeded import RULES as _COUNTERFACTUAL_UNHEEDED
from postmortem.checks._blame._culprit_labels import RULES as _CULPRIT_LABELS
from postmortem.checks._blame._culprit_question import RULES as _CULPRIT_QUESTION
from postmortem.checks._blame._debts import RULES as _DEBTS
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._framing import RULES as _FRAMING
from postmortem.checks._blame._history import RULES as _HISTORY
from postmortem.checks._blame._human_error import RULES as _HUMAN_ERROR
from postmortem.checks._blame._idioms import RULES as _IDIOMS
from postmortem.checks._blame._keys import KEY_WORD_CHARS, Clause
from postmortem.checks._blame._keys import stored as stored_keys
from postmortem.checks._blame._leads import SHARES, index_clauses
from postmortem.checks._blame._marked_acts import RULES as _MARKED_ACTS
from postmortem.checks._blame._named_person import RULES as _NAMED_PERSON
from postmortem.checks._blame._obviousness import RULES as _OBVIOUSNESS
from postmortem.checks._blame._person_causes import RULES as _PERSON_CAUSES
from postmortem.checks._blame._person_remedy import RULES as _PERSON_REMEDY
from postmortem.checks._blame._plain_blame import RULES as _PLAIN_BLAME
from postmortem.checks._blame._reproach import RULES as _REPROACH
from postmortem.checks._blame._rule import _Rule
from postmortem.checks._blame._self_blame import RULES as _SELF_BLAME
from postmortem.checks._blame._slots import RULES as _SLOTS
from postmortem.checks._blame._team_acts import RULES as _TEAM_ACTS
from postmortem.checks._blame._teams import RULES as _TEAMS
from postmortem.checks._blame._work_causes import RULES as _WORK_CAUSES

#: Every rule, by family (their order matters only within a family: hits of one rule that
#: overlap keep the first).
_RULES: Final = (
    *_HUMAN_ERROR,
    *_COUNTERFACTUAL,
    *_COUNTERFACTUAL_UNHEEDED,
    *_OBVIOUSNESS,
    *_CULPRIT_QUESTION,
    *_CHARACTER,
    *_NAMED_PERSON,
    *_CULPRIT_LABELS,
    *_PERSON_REMEDY,
    *_PLAIN_BLAME,
    *_IDIOMS,
    *_ACTS,
    *_CAUSES,
    *_CARRIED,
    *_FRAMING,
    *_TEAMS,
    *_HISTORY,
    *_REPROACH,
    *_TEAM_ACTS,
    *_MARKED_ACTS,
    *_PERSON_CAUSES,
    *_CAUSAL_ACTS,
    *_WORK_CAUSES,
    *_SLOTS,
    *_DEBTS,
    *_CONTRAST,
    *_SELF_BLAME,
)


# Words for the cheap first test: a sentence holding none of them cannot match any rule.
_KEY_WORD_RE: Final = lazy_compile(r"[a-z0-9']+")


def _all_clauses() -> tuple[tuple[Clause, ...], ...]:
    """Return, per rule, the clauses under which it runs on a sentence: one must hold.

    The words read from the pattern (see _blame_keys) and the rule's declared key words
    (which also carry the marks "'s" and "?", and no pattern spells out) are both needed.
    """
    sources = [rule.source for rule in _RULES]
    try:
        derived = stored_keys(sources)
    except Exception:  # a Python whose private parser differs: the declared words alone
        derived = [(frozenset(),)] * len(sources)
    return tuple(
        tuple(clause | frozenset(rule.keys) for clause in found) for rule, found in zip(_RULES, derived, strict=True)
    )


def _scan_only_clauses(clauses: Sequence[tuple[Clause, ...]] | None = None) -> dict[int, tuple[Clause, ...]]:
    """Return the tighter clauses of the rules whose tight reading differs (see ``_keys.derive``), by rule index.

    A rule runs only where one of these holds too (see _candidate_rules); the rule-family
    signal the scorer reads keeps to _CLAUSES (see _signalled_rules). A rule's ``needs`` (sets
    its gate cannot accept a sentence without, such as the mark "?" for a question) join each
    of its tight clauses. *clauses* are the rules' clauses (:func:`_all_clauses`, by default).
    """
    signal = _all_clauses() if clauses is None else clauses
    sources = [rule.source for rule in _RULES]
    try:
        derived = stored_keys(sources, tight=True)
    except Exception:  # as in _all_clauses: the declared words alone, which _CLAUSES hold already
        return {}
    tight: dict[int, tuple[Clause, ...]] = {}
    for index, (rule, found) in enumerate(zip(_RULES, derived, strict=True)):
        clauses_here = tuple(clause | frozenset(rule.keys) | frozenset(rule.needs) for clause in found)
        if clauses_here != signal[index]:
            tight[index] = clauses_here
    return tight


# The scan's tables: each rule's clauses (_CLAUSES), the tighter ones (_SCAN_ONLY), the clauses
# by lead word (_CLAUSES_BY_KEY, see _leads) and every key word (_ALL_KEYS).
_Tables = tuple[
    tuple[tuple[Clause, ...], ...],
    dict[int, tuple[Clause, ...]],
    dict[str, list[tuple[int, tuple[frozenset[str], ...]]]],
    frozenset[str],
]


def built_tables() -> _Tables:
    """Return the scan's tables as the rules, their patterns' clauses (_keys) and the line shares (_leads) make them."""
    clauses = _all_clauses()
    scan_only = _scan_only_clauses(clauses)
    clauses, scan_only = _one_object_a_word(clauses, scan_only)
    # Each clause is looked up by its rarest group, the rest tested then, rarest first (see _leads).
    by_key = index_clauses(clauses)
    all_keys = frozenset(
        word
        for rule_clauses in (*clauses, *scan_only.values())
        for clause in rule_clauses
        for group in clause
        for word in group
    )
    return clauses, scan_only, by_key, all_keys


def _one_object_a_word(
    clauses: tuple[tuple[Clause, ...], ...], scan_only: dict[int, tuple[Clause, ...]]
) -> tuple[tuple[tuple[Clause, ...], ...], dict[int, tuple[Clause, ...]]]:
    """Return *clauses* and *scan_only* with one string object for each word and one set for each group.

    The clauses read from the JSON tables hold a new string for every time a word is written
    (about 12,000 strings for 2,800 words). A set test finds a word by its hash and then
    compares it: by identity where the two are one object, else by reading both strings. The
    scan makes its key-word sets of these same objects (see :func:`key_set`), so that its tests
    against the clauses' groups and its memory's comparisons of sets read no string (round 22).
    :data:`INDEX` keeps the sharing (marshal writes an object met again as a reference to it).
    """
    words: dict[str, str] = {}
    groups: dict[frozenset[str], frozenset[str]] = {}

    def group(found: frozenset[str]) -> frozenset[str]:
        made = frozenset([words.setdefault(word, word) for word in sorted(found)])
        return groups.setdefault(made, made)

    def clause(found: Clause) -> Clause:
        return frozenset(map(group, found))

    return (
        tuple(tuple(map(clause, rule_clauses)) for rule_clauses in clauses),
        {index: tuple(map(clause, rule_clauses)) for index, rule_clauses in scan_only.items()},
    )


INDEX: Final = Path(__file__).with_name("_rule_index.marshal")
""":func:`built_tables`, made once and shipped with the package, with what they were made from.

Making them at each start took about a third of importing the blamelessness checks (reading
the clauses' JSON, about 7,000 sets, the index); the stored ones are read in C. They are used
only when every rule's pattern, key words and needs, and the line shares, are those they were
made from; otherwise (a rule edited since, a file that cannot be read) they are made as
before, so the file only saves time and never decides a result. ``python -m
postmortem.checks._blame._rule_keys`` writes it anew (after ``python -m
postmortem.checks._blame._keys``, whose tables it reads), and a test fails while it is out of date.
"""


def _made_from() -> tuple[Any, ...]:
    """What :func:`built_tables` reads, as :data:`INDEX` keeps it to compare with."""
    return tuple((rule.source, rule.keys, rule.needs) for rule in _RULES), SHARES


def stored_index() -> tuple[Any, _Tables] | None:
    """Return what :data:`INDEX` holds (what the tables were made from, and the tables), or None if unreadable."""
    try:
        # The package's own file, trusted as its code is (a .pyc file is in this format too).
        made_from, tables = marshal.loads(INDEX.read_bytes())  # noqa: S302
    except Exception:  # missing, damaged, or written by a Python that reads it no more
        return None
    return made_from, tables


def write_index() -> bool:
    """Write :data:`INDEX` anew for the rules as they are, unless it holds that already; return whether it was written.

    In the version-4 marshal format, which every Python this package supports reads. Its bytes
    depend on the order sets are written in, which changes from process to process, so the
    file is compared by what it holds.
    """
    made = (_made_from(), built_tables())
    stored = stored_index()
    if stored == made and _one_object_each(stored[1]):
        return False
    from postmortem._files import atomic_write  # noqa: PLC0415  (a maintenance task)

    atomic_write(INDEX, marshal.dumps(made, 4))
    return True


def _one_object_each(tables: _Tables) -> bool:
    """Tell whether *tables* hold one string object for each word (see _one_object_a_word)."""
    clauses, scan_only, by_key, all_keys = tables
    seen: dict[str, int] = {word: id(word) for word in all_keys}
    for rule_clauses in (*clauses, *scan_only.values()):
        for clause in rule_clauses:
            for group in clause:
                if any(seen.get(word) != id(word) for word in group):
                    return False
    return all(seen.get(word) == id(word) for word in by_key)


def _stored_tables() -> _Tables | None:
    """Return the tables :data:`INDEX` holds, or None where they are not the rules' own (see there)."""
    stored = stored_index()
    if stored is None or stored[0] != _made_from():
        return None
    return stored[1]


_CLAUSES, _SCAN_ONLY, _CLAUSES_BY_KEY, _ALL_KEYS = _stored_tables() or built_tables()


_ANY_KEY: Final = frozenset(_CLAUSES_BY_KEY)

# Each key word, as the one string object the tables hold (see _one_object_a_word).
_CANONICAL: Final = {word: word for word in _ALL_KEYS}


def key_set(words: Iterable[str]) -> frozenset[str]:
    """Return the key words among *words*, as the tables' own strings (see _one_object_a_word).

    The same set as ``_ALL_KEYS.intersection(words)``, whose members would be the strings of
    *words*; made by C-level calls.
    """
    return frozenset(filter(None, map(_CANONICAL.get, words)))


def _key_sets(lines: Iterable[list[str]]) -> list[frozenset[str]]:
    """Return :func:`key_set` of each of *lines* (each a list of words), with no Python code per line."""
    return list(map(frozenset, map(filter, repeat(None), map(map, repeat(_CANONICAL.get), lines))))


# For ASCII text, mapping every character outside [a-z0-9'] to a space and splitting gives
# the same words as _KEY_WORD_RE, several times faster.
_NOT_WORD_TO_SPACE: Final = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in KEY_WORD_CHARS})


_MARKS: Final = {
    (True, True): key_set(["'s", "?"]),
    (True, False): key_set(["'s"]),
    (False, True): key_set(["?"]),
    (False, False): frozenset(),
}


# The rest of a run of key-word characters from its first apostrophe (see _apostrophe_runs):
# a pattern that starts with a literal, which a search skips to in C.
_FROM_APOSTROPHE_RE: Final = lazy_compile(r"'[a-z0-9']*")
_MOST_APOSTROPHES: Final = max(word.count("'") for word in _ALL_KEYS)


def _apostrophe_runs(words: str) -> Iterator[tuple[int, str]]:
    """Yield where each run of *words* (text as the scan reads it) holding an apostrophe starts, and the run."""
    rfind = words.rfind
    for m in _FROM_APOSTROPHE_RE.finditer(words):
        first = m.start()
        start = max(rfind(" ", 0, first), rfind("\n", 0, first)) + 1
        yield start, words[start : m.end()]


def _run_parts(run: str) -> set[str]:
    r"""Return the parts of *run* (a run of ``[a-z0-9']`` holding an apostrophe) a pattern's ``\b`` can bound.

    An apostrophe is not a word character to a pattern, so ``\bwarned\b`` matches in
    "warned'and" and in "'warned'", whose run is one word to the scan. The parts are every
    stretch of the run that starts and ends at its edges or next to one of its apostrophes
    (on either side: a key word may itself hold one, as "didn't" does, or start with one):
    all the places a pattern's word edges can fall inside the run. A key word spans at most
    ``_MOST_APOSTROPHES + 1`` of the pieces between apostrophes, so this is linear in the
    run's length.
    """
    parts: set[str] = set()
    pieces = run.split("'")
    last = len(pieces)
    for first in range(last):
        core = pieces[first]
        for stop in range(first + 1, min(first + _MOST_APOSTROPHES + 2, last + 1)):
            if stop > first + 1:
                core = f"{core}'{pieces[stop - 1]}"
            parts.add(core)
            if first:
                parts.add(f"'{core}")
            if stop < last:
                parts.add(f"{core}'")
                if first:
                    parts.add(f"'{core}'")
    return parts


@functools.lru_cache(maxsize=4096)
def _run_keys(run: str) -> frozenset[str]:
    """Return the key words among :func:`_run_parts` of *run*.

    Remembered: such runs are mostly a few contractions and possessives ("it's", "didn't",
    "the team's"), met again in every post-mortem.
    """
    return key_set(_run_parts(run))


def _glued(words: str) -> frozenset[str]:
    """Return the key words inside the runs of *words* that hold an apostrophe (see _run_parts)."""
    return frozenset().union(*(_run_keys(run) for _, run in _apostrophe_runs(words)))


def _keys_in(words: str) -> frozenset[str]:
    """Return the key words of *words* (text as the scan reads it, see _glued), without marks."""
    found = key_set(words.split())
    if "'" in words:
        extra = _glued(words)
        if not extra <= found:
            return found | extra
    return found


def _key_words(low: str) -> frozenset[str]:
    """Return the words of lower-cased *low* that some rule keys on, with "'s" and "?" as marks."""
    if low.isascii():
        words = _keys_in(low.translate(_NOT_WORD_TO_SPACE))
    else:
        words = _keys_in(" ".join(_KEY_WORD_RE.findall(low)))
    possessive = "'s" in low or "s' " in low
    if possessive or "?" in low:
        words |= _MARKS[possessive, "?" in low]
    return words


# How many sets of key words the scan remembers the rules of (see rules_by_keys).
MEMORY: Final = 1024


@functools.lru_cache(maxsize=MEMORY)
def rules_by_keys(words: frozenset[str]) -> tuple[tuple[_Rule, ...], tuple[_Rule, ...]]:
    """Return :func:`_signalled_rules` and :func:`_candidate_rules` of *words*, remembered per set of key words.

    One memory for both (round 22): the scan looks up a line's candidate rules, and with the
    scorer its signalled rules too, by the same set. Two memories of 4,096 sets each held up to
    8,192 sets, several megabytes, most of them never met again: in a new incident's text about
    one set in ten is met again (the labelled documents), most of those within a few hundred
    sets, and the rest only evicts what the processor's cache held. The scan's hot paths read
    this tuple; the two functions below read it for everyone else.
    """
    signalled = _signalled(words)
    return signalled, _tightened(words, signalled)


def _candidate_rules(words: frozenset[str]) -> tuple[_Rule, ...]:
    """Return the rules to run on a text whose key words are *words*, in rule order.

    The rules :func:`_signalled_rules` returns, less those whose tighter clauses (_SCAN_ONLY)
    all fail. Remembered per set of key words (see rules_by_keys).
    """
    return rules_by_keys(words)[1]


def _candidates(words: frozenset[str]) -> tuple[_Rule, ...]:
    """:func:`_candidate_rules` of *words*, not remembered (the definition the tests read)."""
    return _tightened(words, _signalled(words))


def _tightened(words: frozenset[str], signalled: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
    """Return the *signalled* rules (of *words*) that one of their tighter clauses, if any, allows."""
    if not signalled:
        return signalled
    # Plain loops, as in _signalled: a new incident's lines mostly miss the memory, and
    # nested generators made this filter cost as much as the look-up before it.
    kept: list[_Rule] = []
    for rule in signalled:
        clauses = _SCAN_ONLY_BY_RULE.get(rule)
        if clauses is None:
            kept.append(rule)
            continue
        for clause in clauses:
            for group in clause:
                if words.isdisjoint(group):
                    break
            else:
                kept.append(rule)
                break
    return tuple(kept)


_SCAN_ONLY_BY_RULE: Final = {_RULES[index]: clauses for index, clauses in _SCAN_ONLY.items()}
# Each rule's clauses (_CLAUSES) and its tighter ones (_SCAN_ONLY, or None): see rules_holding.
_CLAUSES_OF_RULE: Final = {rule: (_CLAUSES[index], _SCAN_ONLY.get(index)) for index, rule in enumerate(_RULES)}


def _holds(words: frozenset[str], clauses: tuple[Clause, ...]) -> bool:
    """Tell whether one of *clauses* holds in *words*: each of its groups has a word there."""
    for clause in clauses:
        for group in clause:
            if words.isdisjoint(group):
                break
        else:
            return True
    return False


def rules_holding(words: frozenset[str], rules: Sequence[_Rule]) -> list[_Rule]:
    """Return the *rules* (in rule order) that ``_candidate_rules(words)`` returns, in their order.

    The same rules as ``[r for r in _candidate_rules(words) if r in rules]``, read off each
    rule's own clauses: for a sentence of a line whose candidate rules a search of the line has
    narrowed to one or two, cheaper than looking up every rule for a set of key words that is
    mostly new (round 19). A clause holds where each of its groups has a word in *words*, as
    the look-up by lead word reads it (every clause has a group, so an empty set holds none).
    """
    kept: list[_Rule] = []
    for rule in rules:
        clauses, tight = _CLAUSES_OF_RULE[rule]
        if _holds(words, clauses) and (tight is None or _holds(words, tight)):
            kept.append(rule)
    return kept


def _signalled_rules(words: frozenset[str]) -> tuple[_Rule, ...]:
    """Return the rules whose key words all occur in *words* (a clause of _CLAUSES holds), in rule order.

    The rule families the scorer reads as a signal (see ``_scorer_features``) are theirs.
    Remembered per set of key words (see rules_by_keys): sentences share few distinct sets, so
    most calls are a dictionary look-up.
    """
    return rules_by_keys(words)[0]


def _signalled(words: frozenset[str]) -> tuple[_Rule, ...]:
    """:func:`_signalled_rules` of *words*, not remembered."""
    # Plain loops: this runs for every line of a new incident that holds a leading word.
    candidates: set[int] | None = None
    for word in words.intersection(_ANY_KEY):
        for index, groups in _CLAUSES_BY_KEY[word]:
            for group in groups:
                if words.isdisjoint(group):
                    break
            else:
                if candidates is None:
                    candidates = {index}
                else:
                    candidates.add(index)
    if candidates is None:
        return ()
    return tuple(map(_RULES.__getitem__, sorted(candidates)))
