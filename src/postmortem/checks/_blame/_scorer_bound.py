"""The scorer's first filter: a sound upper bound on a sentence's score, read cheaply (round 12).

A sentence's score is the bias plus the weights of the features it holds (see
:mod:`._scorer_features`). Most of that sum is known from the sentence's token keys alone, with
no feature name built: each distinct key's word feature (``w:``), the letter 4-grams of the
distinct keys (``ch:``, each counted once), the pairs of neighbouring keys (``b:``) and of their
classes (``c:``), the first key (``start:``) and the rule families the sentence signals
(``rule:``). The rest, what a little grammar and the cue words add (``did:``, ``neg:``, ``pass:``,
``cue:``, ``subj:``, ...), is bounded by the positive weights of every such feature each key could
make in any context. The sum is at least the sentence's score: when it falls under the gate, the
sentence cannot pass it and is not read further. No sentence whose score passes is ever skipped,
so the scorer's findings are the same with the filter and without it
(``tests/test_blame_scorer_bound.py`` compares the bound with the score on every labelled text).

:meth:`Bounds.quiet_sentences` settles most sentences with a cheaper bound that is at least as
high (:meth:`Bounds.first_pass`, since the thirteenth round: each run of text between spaces read
once, the letter 4-grams against blame that each key owns, pairs only where they weigh towards blame,
every sentence's sums made over one list of keys), and the rest with the exact bound, by C-level
calls over lists, sets and pairs (no Python code per line or per word once the words' readings are
remembered); :meth:`Bounds.sentence_bound` for one sentence. Both read tokens with the features'
own pattern, each word form's keys remembered (as :func:`sentence_tokens` reads it); a text that
could read otherwise (a single quote that opens a phrase, a name at its start that may be read
as a word) is read the features' way, or left to be scored.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, MutableMapping, Sequence
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any, Final

from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._scorer_features import (
    _BE,
    _BEFORE_UN,
    _CLASS_OF,
    _CLASSES,
    _CUES,
    _FUNCTION_WORDS,
    _MODALS,
    _MORE_CLASSES,
    _NEGATIONS,
    _TOKEN_RE,
    _char_grams,
    _word_key,
    sentence_tokens,
)
from postmortem.checks._blame._whose import DENIED_ACTS

if TYPE_CHECKING:
    from postmortem.checks._blame._rule import _Rule

__all__ = ["Bounds"]

# A single quote that could open a quoted phrase (see sentence_tokens): after a character that is
# not a letter or a digit, or first. A text holding one may read '"' marks the pattern does not.
_QUOTE_OPEN_RE: Final = lazy_compile(r"(?:^|[\W_])['‘]|‘")

# The features each key makes as the word a piece of grammar points at (see _grammar).
_TARGETS: Final = ("did:", "didnot:", "own:", "neg:", "pass:", "hindsight:", "hindsight passive:")

# The cue pairs (see _cue_pairs), charged to the cue's own word.
_CUE_PAIRS: Final = {
    "praise": ("cue:praise+harm",),
    "concede": ("cue:concede+signal", "cue:concede+person", "cue:concede+pass"),
    "report": ("cue:report+quote",),
    "eval": ("cue:eval+pass",),
}

# Keys a ``subj:`` feature needs one of: a form of *be* or *get*, a modal, a negation, a verb
# before a participle in un- (see _clause).
_SUBJECT_TRIGGERS: Final = _BE | _MODALS | _NEGATIONS | _BEFORE_UN

# Every kind of feature the bound accounts for: a model with another never skips a sentence.
_KINDS: Final = frozenset(
    {"w", "b", "c", "ch", "start", "rule", "subj", "class", "cue", "deny", "quote", "did", "didnot", "own", "neg"}
    | {"pass", "hindsight", "hindsight passive"}
)

# Word forms and keys remembered (bounded: cleared when full).
_MAX_REMEMBERED: Final = 50_000


def _to_learn(table: MutableMapping[str, Any], items: Iterable[str], *companions: MutableMapping[str, Any]) -> set[str]:
    """The items of *items* that *table* does not hold yet, to be read and remembered.

    When remembering them would pass :data:`_MAX_REMEMBERED`, *table* and its *companions* (the
    tables filled with it) are cleared first and every item of *items* is returned: the texts being
    read need all of theirs, so what was remembered before them is what gets forgotten.
    """
    wanted = set(items)
    new = wanted.difference(table)
    if new and len(table) + len(new) > _MAX_REMEMBERED:
        table.clear()
        for companion in companions:
            companion.clear()
        return wanted
    return new


_TAIL: Final = operator.itemgetter(slice(1, None))
_FIRST: Final = operator.itemgetter(0)

# The first pass's stand-in key for a word it cannot read out of context (a single quote that may
# open a quoted phrase): it weighs without limit, so its sentence is left to the exact bound.
_UNSURE: Final = "\x00unsure"
# Between two sentences in the first pass's one list of keys: no pair holds it.
_GAP: Final = ("\x00",)
# The first pass's extra margin under the gate: it sums many weights in another order.
_FIRST_MARGIN: Final = 1e-6


def _pairs(weights: dict[str, float], prefix: str) -> dict[tuple[str, str], float]:
    """Return the weights of the features named *prefix* and two keys, by the pair of keys."""
    out: dict[tuple[str, str], float] = {}
    for name, weight in weights.items():
        if name.startswith(prefix):
            a, _, b = name[len(prefix) :].partition(" ")
            out[a, b] = weight
    return out


class Bounds:
    """The first filter's tables for one model (see the module's docstring)."""

    def __init__(self, bias: float, weights: dict[str, float], threshold: float) -> None:
        """Build the tables from the model.

        Args:
            bias: The model's bias.
            weights: The model's weight per feature.
            threshold: The gate, a probability.
        """
        self._weights = weights
        self.bias = bias
        # A small margin: the bound adds the weights in another order than the score does. A gate
        # at 0 lets every sentence through, one at 1 none.
        if threshold <= 0.0:
            self.cut = -math.inf
        elif threshold >= 1.0:
            self.cut = math.inf
        else:
            self.cut = math.log(threshold / (1.0 - threshold)) - 1e-9
        if any(weight > 0 and name.partition(":")[0] not in _KINDS for name, weight in weights.items()):
            self.cut = -math.inf  # a kind of feature this bound does not know: never skip
        self._families = {name[5:]: w for name, w in weights.items() if name.startswith("rule:")}
        self.most_families = sum(max(0.0, w) for w in self._families.values())
        self._grams = {name: w for name, w in weights.items() if name.startswith("ch:")}
        self._against = {name: w for name, w in self._grams.items() if w < 0}
        self._start = {name[6:]: w for name, w in weights.items() if name.startswith("start:")}
        self._pair = _pairs(weights, "b:")
        self._class_pair = _pairs(weights, "c:")
        positive = {name: w for name, w in weights.items() if w > 0}
        self._by = sum(w for name, w in positive.items() if name.startswith("pass:by "))
        self._cause = sum(w for name, w in positive.items() if name.startswith("cue:cause>"))
        self._subject = sum(w for name, w in positive.items() if name.startswith("subj:"))
        # Per key: its word weight, what the grammar may add and its letter 4-grams that weigh
        # towards blame; and its letter 4-grams that weigh against (see _learn_keys).
        self._key_weight: dict[str, float] = {}
        self._key_grams: dict[str, tuple[str, ...]] = {}
        # Per word form (as the pattern finds it): its keys, its bare lower case, and its key
        # when it opens a sentence and reads as a word rather than a name.
        self._by_rules: dict[tuple[_Rule, ...], float] = {}
        self._forms: dict[str, tuple[str, ...]] = {}
        self._bare: dict[str, str] = {}
        self._spelt: dict[str, list[str]] = {}  # the forms of each bare lower case
        self._word: dict[str, str] = {}
        # The first pass (see first_pass): per run of text between white space, its tokens' keys
        # (_UNSURE when it cannot be read out of context) and, for a run whose first key is
        # <name>, that token read as a word; the runs that spell each bare lower case.
        self._run_keys: dict[str, tuple[str, ...]] = {}
        self._run_word: dict[str, str] = {}
        self._run_spelt: dict[str, list[str]] = {}
        # Per key: its weight in _key_weight with the letter 4-grams against blame that it owns.
        # Each such 4-gram is owned by one key at most, so summing the keys of a sentence counts
        # it once at most: a part of the 4-grams the sentence holds, all weighing against, so at
        # least their sum. The pairs count only where they weigh towards blame, once per place,
        # read from the keys' classes (a person, a system, or the key itself, see _CLASS_OF): a
        # pair of classes weighs its own pair feature and the heaviest pair of keys of those classes.
        self._value: dict[str, float] = {_UNSURE: math.inf}
        self._owned: set[str] = set()
        towards: dict[tuple[str, str], float] = {}
        for (a, b), weight in self._pair.items():
            if weight > 0:
                classes = (_CLASS_OF.get(a, a), _CLASS_OF.get(b, b))
                towards[classes] = max(towards.get(classes, 0.0), weight)
        for classes, weight in self._class_pair.items():
            if weight > 0:
                towards[classes] = towards.get(classes, 0.0) + weight
        self._towards = towards

    def _positive(self, name: str) -> float:
        return max(0.0, self._weights.get(name, 0.0))

    def _grammar_bound(self, key: str) -> float:
        """Return the positive weights of what the grammar and the cues may add for one key."""
        pos = self._positive
        total = sum(pos(kind + key) for kind in _TARGETS)
        first, more = _CLASSES.get(key), _MORE_CLASSES.get(key)
        for cls in (first, more):
            if cls is not None:
                total += pos(f"class:{cls}")
        if first or more:
            total += pos(f"did:class {first or more}")
        cue = _CUES.get(key)
        if cue is not None:
            total += pos("cue:" + cue) + sum(map(pos, _CUE_PAIRS.get(cue, ())))
            if cue == "cause":
                total += self._cause + pos("deny:cause")
        if key in DENIED_ACTS:
            total += pos("deny:act")
        if key[:2] == "un":
            total += pos("pass:un")
        if key == "by":
            total += self._by
        if key == '"':
            total += pos("quote:short") + pos("quote:long")
        if key in _SUBJECT_TRIGGERS:
            total += self._subject
        return total

    def _learn_forms(self, raws: Iterable[str]) -> None:
        """Remember how the word forms of *raws* not seen before read (see sentence_tokens)."""
        forms = self._forms
        new = _to_learn(forms, raws, self._bare, self._spelt, self._word)
        if not new:
            return
        for raw in new:
            key, bare, possessive, _ = _word_key(raw)
            forms[raw] = (key, "'s") if possessive else (key,)
            self._bare[raw] = bare
            self._spelt.setdefault(bare, []).append(raw)
            self._word[raw] = lemma((raw[:-2] if possessive else raw).lower())

    def _learn_keys(self, keys: Iterable[str]) -> None:
        """Remember the weights of the keys of *keys* not seen before.

        A key's letter 4-grams that weigh towards blame are added to its own weight (a 4-gram two
        keys share is then counted twice, which only raises the bound); those that weigh against
        it are kept apart, to be counted once per sentence however many keys hold them.
        """
        table = self._key_weight
        new = _to_learn(table, keys, self._key_grams)
        if not new:
            return
        get = self._weights.get
        grams = self._grams
        for key in new:
            word = 0.0 if key in _FUNCTION_WORDS else get("w:" + key, 0.0)
            weighed = [(gram, grams[gram]) for gram in _char_grams(key) if gram in grams]
            table[key] = word + self._grammar_bound(key) + sum(w for _, w in weighed if w > 0)
            self._key_grams[key] = tuple(gram for gram, w in weighed if w < 0)

    def _learn_runs(self, runs: Iterable[str]) -> None:
        """Remember how the runs of text between white space of *runs* not seen before read.

        The scorer's tokens never hold white space, so a sentence's tokens are its runs' tokens in
        turn. A run holding a single quote that may open a quoted phrase (see sentence_tokens) reads
        as _UNSURE: how its tokens read depends on what follows.
        """
        table = self._run_keys
        new = _to_learn(table, runs, self._run_word, self._run_spelt)
        if not new:
            return
        spelt = self._run_spelt
        for run in new:
            keys: list[str] = []
            first: str | None = None
            for m in _TOKEN_RE.finditer(run):
                start = m.start()
                if start and run[start - 1] in "'‘" and (start == 1 or not run[start - 2].isalnum()):
                    keys = [_UNSURE]
                    break
                raw = m.group()
                key, bare, possessive, _ = _word_key(raw)
                if not keys and key == "<name>":
                    first = lemma((raw[:-2] if possessive else raw).lower())
                keys.append(key)
                if possessive:
                    keys.append("'s")
                if bare:
                    spelt.setdefault(bare, []).append(run)
            table[run] = tuple(keys)
            if first is not None and keys[0] != _UNSURE:
                self._run_word[run] = first

    def _learn_values(self, keys: Iterable[str]) -> None:
        """Remember the first pass's weight of the keys of *keys* not seen before (see _value)."""
        table = self._value
        wanted = set(keys)
        new = wanted.difference(table)
        if not new:
            return
        if len(table) + len(new) > _MAX_REMEMBERED:
            table.clear()
            table[_UNSURE] = math.inf
            self._owned.clear()
            new = wanted.difference(table)
        self._learn_keys(new)
        owned = self._owned
        against = self._against
        for key in sorted(new):
            mine = [gram for gram in self._key_grams[key] if gram not in owned]
            owned.update(mine)
            table[key] = self._key_weight[key] + sum(map(against.__getitem__, mine))

    def first_pass(self, sentences: Sequence[str], people: frozenset[str], families: Sequence[float]) -> list[float]:
        """Return a bound, at least :meth:`sentence_bound`'s, on the score of each of *sentences*, less the bias.

        Cheaper than the exact bound: each run of text between white space is read once (see
        _learn_runs), the letter 4-grams weighing against blame are those the keys own (see
        _value), and the pairs count only where they weigh towards blame, so that the sums are
        made for all the sentences at once over one list of keys. A sentence holding a word that
        spells a person the incident names is not read: its bound is infinite.

        Args:
            sentences: Each one sentence (white space around it changes no token).
            people: The names the incident knows are people (normalised).
            families: For each sentence, the most its rule families may add.
        """
        return self._first_pass(sentences, people, families)[0]

    def _first_pass(
        self, sentences: Sequence[str], people: frozenset[str], families: Sequence[float]
    ) -> tuple[list[float], list[list[str]], list[float], set[int]]:
        """Return :meth:`first_pass` with what it read.

        Each sentence's keys, its pairs' part of the sum, and the sentences whose bound is not that
        sum alone (a name may open it, or it spells a person).
        """
        repeat = itertools.repeat
        chain = itertools.chain.from_iterable
        runs = list(map(str.split, sentences))
        try:
            keys = list(map(list, map(chain, map(map, repeat(self._run_keys.__getitem__), runs))))
        except KeyError:
            self._learn_runs(chain(runs))
            keys = list(map(list, map(chain, map(map, repeat(self._run_keys.__getitem__), runs))))
        value = self._value
        try:
            sums = list(map(sum, map(map, repeat(value.__getitem__), map(set, keys))))
        except KeyError:
            self._learn_values(chain(keys))
            sums = list(map(sum, map(map, repeat(value.__getitem__), map(set, keys))))
        # Every sentence's keys' classes in one list, a gap after each: its pairs' weights, summed as it runs.
        flat = list(chain(map(itertools.chain, keys, repeat(_GAP))))
        running = list(
            accumulate(map(self._towards.get, pairwise(map(_CLASS_OF.get, flat, flat)), repeat(0.0)), initial=0.0)
        )
        starts = list(accumulate(map((1).__add__, map(len, keys)), initial=0))
        ends = map(operator.add, starts, map(len, keys))
        pairs = list(map(operator.sub, map(running.__getitem__, ends), map(running.__getitem__, starts)))
        firsts = list(map(next, map(iter, keys), repeat("")))
        totals = list(map(sum, zip(sums, pairs, map(self._start.get, firsts, repeat(0.0)), families, strict=False)))
        special = {n for n, first in enumerate(firsts) if first == "<name>"}
        for n in special:
            # A name opening a sentence may be read as a word (see sentence_tokens): the higher bound.
            run = next(run for run in runs[n] if self._run_keys[run])
            word = self._run_word[run]
            totals[n] = max(totals[n], self._one_first_pass([word, *keys[n][1:]]) + families[n])
        if people:
            # The runs that spell a person the incident names: their sentences read them as names.
            spelt = self._run_spelt
            named = set(chain(map(spelt.__getitem__, filter(spelt.__contains__, people))))
            if named:
                for n in itertools.compress(range(len(runs)), map(operator.not_, map(named.isdisjoint, runs))):
                    totals[n] = math.inf
                    special.add(n)
        return totals, keys, pairs, special

    def _one_first_pass(self, keys: list[str]) -> float:
        """Return :meth:`first_pass` of one sentence's *keys*, without its rule families."""
        self._learn_values(keys)
        return (
            sum(map(self._value.__getitem__, set(keys)))
            + sum(map(self._towards.get, pairwise(map(_CLASS_OF.get, keys, keys)), itertools.repeat(0.0)))
            + self._start.get(keys[0], 0.0)
        )

    def keys_of(self, sentence: str, people: frozenset[str]) -> list[str]:
        """Return the keys of *sentence*'s tokens as :func:`sentence_tokens` reads them, but the first.

        Its first key is its key out of context: a name there may read as a word (see
        :meth:`sentence_bound`).
        """
        raws = _TOKEN_RE.findall(sentence)
        if ("'" in sentence or "‘" in sentence) and _QUOTE_OPEN_RE.search(sentence):
            return [token[0] for token in sentence_tokens(sentence, people)]
        self._learn_forms(raws)
        forms = self._forms
        if people and not people.isdisjoint(map(self._bare.__getitem__, raws)):
            # A person the incident names reads as a name (see sentence_tokens).
            keys: list[str] = []
            bare = self._bare
            for raw in raws:
                form = forms[raw]
                keys.extend(("<name>", *form[1:]) if bare[raw] in people else form)
            return keys
        return list(itertools.chain.from_iterable(map(forms.__getitem__, raws)))

    def sentence_bound(self, sentence: str, people: frozenset[str]) -> float:
        """Return an upper bound on the score of *sentence*, less its rule families' weights.

        Add :meth:`families_weight` of the families the sentence signals for the bound on its
        score (see the module's docstring).

        Args:
            sentence: One sentence, as the scorer reads it.
            people: The names the incident knows are people (normalised).
        """
        keys = self.keys_of(sentence, people)
        if not keys:
            return self.bias  # no token, no feature
        best = self._bound(keys)
        if keys[0] == "<name>":
            # A name opening the sentence may be read as a word (see sentence_tokens).
            raws = _TOKEN_RE.findall(sentence)
            self._learn_forms(raws[:1])
            best = max(best, self._bound([self._word[raws[0]], *keys[1:]]))
        return best

    def _rules_weight(self, rules: tuple[_Rule, ...]) -> float:
        """Return the most the families of *rules* can add to a sentence's score (remembered)."""
        if not rules:
            return 0.0
        weight = self._by_rules.get(rules)
        if weight is None:
            families = {rule.rule for rule in rules}
            weight = sum(max(0.0, self._families.get(family, 0.0)) for family in families)
            if len(self._by_rules) >= _MAX_REMEMBERED:
                self._by_rules.clear()
            self._by_rules[rules] = weight
        return weight

    def line_families(self, lines: Sequence[tuple[_Rule, ...]]) -> list[float]:
        """Return, for each line's signalled rules (as the rules' scan looked them up), the most its families can add.

        The families of the rules its key words signal (none for most lines): the rules' scan has
        just looked them up for the same line (see _signalled_rules), so no key word is read again.
        """
        return list(map(self._rules_weight, lines))

    def families_weight(self, families: Iterable[str]) -> float:
        """Return the weight the rule families *families* add to a sentence's score."""
        return sum(map(self._families.get, families, itertools.repeat(0.0)))

    def _bound(self, keys: list[str]) -> float:
        """Return the bound for the keys of one sentence, without the rule families."""
        self._learn_keys(keys)
        distinct = set(keys)
        grams = set(itertools.chain.from_iterable(map(self._key_grams.__getitem__, distinct)))
        return (
            self.bias
            + self._start.get(keys[0], 0.0)
            + sum(map(self._key_weight.__getitem__, distinct))
            + sum(map(self._against.__getitem__, grams))
            + self._pairs_weight(keys)
        )

    def quiet_sentences(
        self, sentences: Sequence[str], people: frozenset[str], families: Sequence[float] | None = None
    ) -> list[bool]:
        """Tell, for each of *sentences*, whether its score cannot reach the gate.

        First by :meth:`first_pass`, which settles most sentences; then, for the rest, with their
        pairs' exact weights; then by the exact bound, :meth:`sentence_bound` with the families'
        weight, computed for all of them at once. False (not known) for one that may read
        otherwise (a single quote that may open a phrase, a person the incident names).

        Args:
            sentences: Each one sentence as :func:`_sentences` reads it, or a line that is one
                sentence (white space around it changes no token).
            people: The names the incident knows are people (normalised).
            families: For each sentence, the most its rule families can add (see line_families).
                None: any family.
        """
        if families is None:
            families = [self.most_families] * len(sentences)
        totals, keys, pairs, special = self._first_pass(sentences, people, families)
        cut = self.cut - self.bias - _FIRST_MARGIN
        quiet = list(map(cut.__gt__, totals))
        rest = list(itertools.compress(range(len(quiet)), map(operator.not_, quiet)))
        for n in rest:
            if n not in special:
                # The pairs' exact weights, those against blame too, each distinct pair once.
                quiet[n] = totals[n] + self._pairs_weight(keys[n]) - pairs[n] < cut
        rest = list(itertools.compress(rest, map(operator.not_, map(quiet.__getitem__, rest))))
        if rest:
            exact = self._exact_quiet([sentences[n] for n in rest], people, [families[n] for n in rest])
            for n in itertools.compress(rest, exact):
                quiet[n] = True
        return quiet

    def _exact_quiet(self, sentences: Sequence[str], people: frozenset[str], families: Sequence[float]) -> list[bool]:
        """Tell, for each of *sentences*, whether its exact bound cannot reach the gate.

        The same as :meth:`sentence_bound` (with the most the rules' families could add),
        computed for all the sentences at once; False (not known) for one that may read otherwise
        (a single quote that may open a phrase, a person the incident names).

        Args:
            sentences: Each one sentence as :func:`_sentences` reads it, or a line that is one
                sentence (white space around it changes no token).
            people: The names the incident knows are people (normalised).
            families: For each sentence, the most its rule families can add.
        """
        repeat = itertools.repeat
        chain = itertools.chain.from_iterable
        raws = list(map(_TOKEN_RE.findall, sentences))
        self._learn_forms(chain(raws))
        keys = list(map(list, map(chain, map(map, repeat(self._forms.__getitem__), raws))))
        self._learn_keys(chain(keys))
        firsts = list(map(next, map(iter, keys), repeat("")))
        totals = self._totals(keys, firsts)
        named = [n for n, first in enumerate(firsts) if first == "<name>"]
        if named:
            # A name opening a sentence may be read as a word (see sentence_tokens): the higher bound.
            word = self._word
            others = [[word[raws[n][0]], *keys[n][1:]] for n in named]
            self._learn_keys(chain(others))
            for n, total in zip(named, self._totals(others, [other[0] for other in others]), strict=True):
                totals[n] = max(totals[n], total)
        cut = self.cut - self.bias
        sums = map(operator.add, totals, families)
        quoted = [("'" in text or "‘" in text) and _QUOTE_OPEN_RE.search(text) is not None for text in sentences]
        quiet = [total < cut and not quote for total, quote in zip(sums, quoted, strict=True)]
        if people:
            # The word forms that stand for a person the incident names: their sentences read them as names.
            persons = people.intersection(map(self._bare.__getitem__, set(chain(raws))))
            if persons:
                named_forms = set(chain(map(self._spelt.__getitem__, persons)))
                quiet = list(map(operator.and_, quiet, map(named_forms.isdisjoint, raws)))
        return quiet

    def _totals(self, keys: list[list[str]], firsts: list[str]) -> list[float]:
        """Return :meth:`_bound` less the bias for each of *keys* (their first keys *firsts*), at once."""
        repeat = itertools.repeat
        chain = itertools.chain.from_iterable
        distinct = list(map(set, keys))
        grams = map(set, map(chain, map(map, repeat(self._key_grams.__getitem__), distinct)))
        parts = zip(
            map(sum, map(map, repeat(self._key_weight.__getitem__), distinct)),
            map(sum, map(map, repeat(self._against.__getitem__), grams)),
            map(self._pairs_weight, keys),
            map(self._start.get, firsts, repeat(0.0)),
            strict=True,
        )
        return list(map(sum, parts))

    def _pairs_weight(self, keys: list[str]) -> float:
        """Return the weights of the pairs of neighbouring keys and of their classes, each pair once."""
        zero = itertools.repeat(0.0)
        classes = list(map(_CLASS_OF.get, keys, keys))
        return sum(map(self._pair.get, set(zip(keys, _TAIL(keys), strict=False)), zero)) + sum(
            map(self._class_pair.get, set(zip(classes, _TAIL(classes), strict=False)), zero)
        )
