"""The second stage: a small linear scorer over word n-grams and rule signals.

The rules catch blame whose wording they know; blame carried by framing alone (*Thanks, Kiri,
for the surprise weekend outage*, *the intern nuked prod*) has no judgement word for a rule
to key on. The scorer reads the sentences the rules left alone that pass its first filter
(see :class:`Model`) and adds a finding when its score passes a threshold. It is a logistic
regression trained offline (``benchmarks/train_blame_scorer.py``) on the labelled sentences
in ``tests/data`` (never on a held-out file) and the examples' prose, and shipped as
``scorer.json``: a bias, a weight per feature, the first filter's table and gate, and, per
feature, the rule family it mostly signals.

The features, all binary, are read by :mod:`._scorer_features` (words, pairs, people and
systems as classes, a little grammar, rule signals); this module loads the model and makes the
findings. A finding names the words whose features weighed most, so that it can be read and
argued with like a rule's.

Nothing here is loaded until the scorer is asked for; the model is a dictionary, so scoring a
sentence is a few dictionary look-ups.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import math
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from postmortem.checks._blame._hit import BlameHit
from postmortem.checks._blame._scorer_bound import Bounds
from postmortem.checks._blame._scorer_features import (
    _END,
    _KEY,
    _START,
    _Tok,
    about_what,
    features,
    scan_words,
    sentence_tokens,
)
from postmortem.checks._blame._speech import quote_context, speaker_turn
from postmortem.checks._blame._whose import someone_elses

__all__ = [
    "Model",
    "doubted",
    "features",
    "model",
    "scan_words",
    "scored_hits",
    "sentence_tokens",
    "someone_elses",
    "tail",
]

_PATH: Final = Path(__file__).with_name("scorer.json")

#: A ``strong`` value at or below this turns the first filter off: every sentence is scored.
NO_FILTER: Final = -99.0


@attrs.frozen
class Model:
    """The trained scorer (see the module's docstring)."""

    bias: float
    threshold: float
    # The heaviest word of a hit must weigh at least this much on its own: a sentence whose
    # score comes from many faint signals has no words to point at.
    min_word: float
    weights: dict[str, float]
    families: dict[str, str]
    # The first filter: each word form (as the fast scan splits words) with the weight of its
    # lemma's word feature. A line is split into sentences only when the weights of its
    # distinct words add up to at least ``pre``, and a sentence of it is scored only when its
    # own words' do.
    surface: dict[str, float]
    pre: float
    # A word of the table weighing at least this much is *strong* (see strong).
    strong_min: float
    # The threshold for the sentences of an incident's prose fields (``check()``), at least
    # ``threshold`` (which a sentence checked on its own, ``find_blame`` and ``check_text``, meets):
    # a post-mortem holds ten or more blameless sentences for each blameful one, the labelled lines
    # about as many of each, so the same score is less often blame there. Since the eighteenth round;
    # chosen on whole documents left out folder by folder (docs/checks/blamelessness.md, *Round 18:
    # the scorer on documents*). None: ``threshold``.
    document_threshold: float | None = None
    # The second opinion (since the nineteenth round): in an incident's prose (``check()``), a rule's
    # finding whose sentence scores under this is withdrawn (see second_opinion). The model is then
    # trained on the sentences the rules flag in blameless texts too, as blameless. None: none.
    second_opinion: float | None = None
    # Whether, in an incident's prose, the scorer's own findings in a place of praise (the items of what
    # went well and where we got lucky, a section under a heading of praise or thanks) are withdrawn
    # (since the twenty-third round; see postmortem.checks._places).
    praise_places: bool = False
    # In an incident's prose, the scorer's own finding is withdrawn when the other sentences of its
    # paragraph score on average under this (since the twenty-third round; see _scan.paragraph_tone).
    # None: never.
    tone: float | None = None
    # Whether every sentence is scored (no first filter): ``strong`` at or below NO_FILTER.
    reads_every: bool = attrs.field(init=False)
    surface_keys: frozenset[str] = attrs.field(init=False)
    # The words of the table weighing at least strong_min towards blame: a line or a sentence
    # holding none of them is never scored, whatever its sum.
    strong: frozenset[str] = attrs.field(init=False)
    # The words the rules' scan looks for when the scorer is on: the rules' key words and
    # the table's (see _scan._scan), found in one pass over a text's words; and the table
    # with every such word (0 when only a rule's), so that a line's sum is read off its set.
    scan_keys: frozenset[str] = attrs.field(init=False)
    scan_table: dict[str, float] = attrs.field(init=False)
    # The sound upper bound on a sentence's score (see _scorer_bound), made on first use.
    bounds: Bounds = attrs.field(init=False)

    @reads_every.default
    def _reads_every(self) -> bool:
        return self.strong_min <= NO_FILTER

    @surface_keys.default
    def _surface_keys(self) -> frozenset[str]:
        return frozenset(self.surface)

    @strong.default
    def _strong(self) -> frozenset[str]:
        return frozenset(word for word, weight in self.surface.items() if weight >= self.strong_min)

    @scan_keys.default
    def _scan_keys(self) -> frozenset[str]:
        from postmortem.checks._blame._rule_keys import _ALL_KEYS  # noqa: PLC0415 (the scan imports this module)

        return self.surface_keys | _ALL_KEYS

    @bounds.default
    def _bounds(self) -> Bounds:
        return Bounds(self.bias, self.weights, self.threshold)

    @scan_table.default
    def _scan_table(self) -> dict[str, float]:
        return {**dict.fromkeys(self.scan_keys, 0.0), "'s": 0.0, "?": 0.0, **self.surface}

    def scan_sums(self, sets: Iterable[Collection[str]]) -> list[float]:
        """:meth:`presums` of word sets made with :attr:`scan_keys` (see _scan._scan)."""
        return list(map(sum, map(map, itertools.repeat(self.scan_table.__getitem__), sets)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        """Read the model from the parsed ``scorer.json``.

        Its ``surface`` maps each word feature (``w:`` and a lemma) to the word forms that
        stand for it, separated by spaces: each form weighs what the feature does.
        """
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        surface = {form: weights[name] for name, words in data["surface"].items() for form in str(words).split()}
        return cls(
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            min_word=float(data.get("min_word", 0.0)),
            weights=weights,
            families={str(k): str(v) for k, v in data["families"].items()},
            surface=surface,
            pre=float(data["pre"]),
            strong_min=float(data["strong"]),
            document_threshold=float(data["document_threshold"]) if "document_threshold" in data else None,
            second_opinion=float(data["second_opinion"]) if "second_opinion" in data else None,
            praise_places=bool(data.get("praise_places", False)),
            tone=float(data["tone"]) if "tone" in data else None,
        )

    @functools.cached_property
    def _document_bounds(self) -> Bounds:
        # The same tables, cut at the documents' threshold (see bounds_for).
        if self.document_threshold is None or self.document_threshold <= self.threshold or self.bounds.cut == -math.inf:
            return self.bounds
        bounds = copy.copy(self.bounds)
        th = self.document_threshold
        bounds.cut = math.inf if th >= 1.0 else math.log(th / (1.0 - th)) - 1e-9
        return bounds

    def bounds_for(self, *, document: bool) -> Bounds:
        """Return the bound (see _scorer_bound) cut at :meth:`threshold_for`.

        Since the nineteenth round an incident's prose is bounded by its documents' threshold, a text
        on its own by the gate's.
        """
        return self._document_bounds if document else self.bounds

    def threshold_for(self, *, document: bool) -> float:
        """The threshold a sentence's score must reach: ``document_threshold`` in an incident's prose."""
        if document and self.document_threshold is not None:
            return max(self.threshold, self.document_threshold)
        return self.threshold

    def presums(self, lines: Iterable[Collection[str]]) -> list[float]:
        """Return the first filter's sum for each of *lines*: the weights of its distinct words.

        Each line is its words as :func:`scan_words` reads them.

        C-level calls only: the words of each line that are in the table, then their weights.
        """
        weight = itertools.repeat(self.surface.__getitem__)
        return list(map(sum, map(map, weight, map(self.surface_keys.intersection, lines))))

    def passes(self, words: list[str]) -> bool:
        """Tell whether a sentence passes the first filter (its words as :func:`scan_words` reads them).

        It passes when it holds a word of :attr:`strong` and its sum is at least :attr:`pre`.
        """
        if self.reads_every:
            return True
        found = self.surface_keys.intersection(words)
        return not self.strong.isdisjoint(found) and sum(map(self.surface.__getitem__, found)) >= self.pre

    def probability(self, found: dict[str, tuple[int, int]]) -> float:
        """Return the logistic score of a sentence's features."""
        get = self.weights.get
        z = self.bias + sum(map(get, found, itertools.repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def model() -> Model:
    """Return the shipped model, read on first use."""
    return Model.from_json(json.loads(_PATH.read_text(encoding="utf-8")))


_SUGGESTIONS: Final = {
    "blame/named-person": "Describe what happened without making the person the cause: which conditions "
    "let the action cause harm, and what the person could see at the time.",
    "blame/human-error": "Describe the conditions that made the action possible and easy to get wrong.",
    "blame/counterfactual": "Ask what would have made the better step the obvious one at the time, "
    "instead of judging with hindsight.",
    "blame/culprit-question": "Ask how it happened and what the system showed, instead of who did it.",
    "blame/character": "Describe the situation the person was in (information, tools, time, workload) "
    "instead of judging them.",
    "blame/person-remedy": "Propose a change to the system (a check, a default, an automation) instead of "
    "a change to a person.",
}


# How a feature that stands for the whole sentence reads in a finding.
_WHOLE: Final = {
    "cue:praise+harm": "praise beside harm",
    "cue:concede+signal": "a warning, then 'anyway'",
    "cue:concede+person": "a person going ahead 'anyway'",
    "cue:report+quote": "reported words",
}


def _describe(sentence: str, name: str, span: tuple[int, int]) -> str:
    kind, _, _ = name.partition(":")
    if kind == "rule":
        return f"the wording of {name[5:]}"
    if name in _WHOLE:
        return _WHOLE[name]
    words = sentence[span[0] : span[1]]
    return f"'{words}'" if kind != "start" else f"'{words}' opening the sentence"


def tail(tokens: list[_Tok]) -> tuple[int, int]:
    """Return the span of the sentence's last word.

    A report or a quotation runs to the end of its clause: *she told us that the on-call ignored
    it* is reported at its end, not at *told*.
    """
    words = [tok for tok in tokens if tok[_KEY] != '"'] or tokens
    return (words[-1][_START], words[-1][_END]) if words else (0, 0)


def score_sentence(
    sentence: str,
    families: Iterable[str],
    people: Collection[str],
    the_model: Model | None = None,
) -> tuple[float, list[tuple[str, float, tuple[int, int]]]] | None:
    """Score one sentence; None when it does not pass the first filter (see Model.surface).

    Returns:
        The probability and the features that fired with their weights and spans, heaviest first.
    """
    m = the_model or model()
    if not m.passes(scan_words(sentence).split()):
        return None
    found = features(sentence_tokens(sentence, people), families)
    fired = sorted(
        ((name, m.weights[name], span) for name, span in found.items() if name in m.weights),
        key=lambda item: -item[1],
    )
    return m.probability(found), fired


def doubted(sentence: str, families: Iterable[str], people: Collection[str]) -> bool:
    """Tell whether a sentence a rule flagged scores under the model's second opinion (see Model).

    The rules' wrong findings in a post-mortem's prose are mostly everyday narrative that a rule's
    words happen to fit, which the scorer, trained on such prose and on the sentences the rules flag
    in blameless texts, reads as blameless (docs/checks/blamelessness.md, *Round 19: the scorer*).
    """
    m = model()
    if m.second_opinion is None:
        return False
    return m.probability(features(sentence_tokens(sentence, people), families)) < m.second_opinion


def scored_hits(
    text: str,
    pieces: Iterable[tuple[int, int, Iterable[str]]],
    people: Collection[str],
    allowed: Collection[str],
    *,
    document: bool = False,
) -> list[BlameHit]:
    """Return the scorer's hits among *pieces* of *text* (sentence bounds and candidate families).

    *document*: whether *text* is a field of an incident's prose (see ``Model.document_threshold``).
    """
    m = model()
    threshold = m.threshold_for(document=document)
    hits: list[BlameHit] = []
    for start, end, families in pieces:
        sentence = text[start:end]
        tokens = sentence_tokens(sentence, people)
        found = features(tokens, families)
        probability = m.probability(found)
        if probability < threshold:
            continue  # most sentences: the features that fired are not sorted out
        fired = sorted(
            ((name, m.weights[name], span) for name, span in found.items() if name in m.weights),
            key=lambda item: -item[1],
        )
        lexical = [item for item in fired if item[1] > 0 and about_what(item[0])]
        if not lexical or lexical[0][1] < m.min_word:
            continue
        name, _, span = lexical[0]
        if allowed and any(word in allowed for word in re.findall(r"[\w'@-]+", sentence.lower())):
            continue  # the team allows a word of this sentence: the rules' call stands
        quotes, spoken = quote_context(text, start, end), speaker_turn(text, start)
        if someone_elses(sentence, span, quotes, spoken) or someone_elses(sentence, tail(tokens), quotes, spoken):
            continue  # quoted, reported, mentioned or rejected: not the author's words
        family = m.families.get(name, "blame/named-person")
        # The three heaviest features, and the words the finding points at when they are not among them.
        shown = [item for item in fired[:3] if item[1] > 0]
        if lexical[0] not in shown:
            shown.append(lexical[0])
        reasons = ", ".join(f"{_describe(sentence, n, s)} ({w:+.1f})" for n, w, s in shown)
        hits.append(
            BlameHit(
                rule=family,
                start=start + span[0],
                end=start + span[1],
                message=(
                    f"Reads as blame to the scorer trained on labelled post-mortem sentences "
                    f"(score {probability:.2f}); the words that weigh most: {reasons}."
                ),
                suggestion=_SUGGESTIONS.get(family, _SUGGESTIONS["blame/named-person"]),
            )
        )
    return hits
