"""Train the blamelessness scorer (the detector's second stage) and write its ``scorer.json``.

A logistic regression with an L2 penalty, fitted by plain gradient descent in NumPy (the
package never imports NumPy: it reads the weights as a dictionary). Training data: every
labelled file in ``tests/data`` except ``*v3_unseen*`` and the held-out ``HELD_OUT``, plus any files given
with ``--data``. Each text is read as the detector reads it (``prose_view``, then sentences);
a sentence's features are those of ``postmortem.checks._blame._scorer.features``.

The scorer only reads sentences no rule flagged, so it learns from those alone: a blameful
text a rule already flags is left out, and so is every sentence a rule flags. Labels per
sentence: every sentence of a blameless text is blameless; a blameful text of one sentence is
blameful; a blameful text of several sentences gives its sentences with a weight of 1/n each
(which of them carries the blame is not labelled).

The threshold and the trigger words are chosen by five-fold cross-validation over texts
(folds by a seeded shuffle): for each fold the model is fitted on the other four and the
combined detector (rules, then the scorer on sentences no rule flagged) is scored on the
fold's texts. The threshold kept is the one with the best F1 at a cross-validated precision
of at least ``--min-precision`` (0.95 by default: precision on text from other teams is
expected to be lower than on these texts). The figures printed are those cross-validated ones: an
estimate on texts each model had not seen, not a held-out score.

Usage::

    python benchmarks/train_blame_scorer.py [--data ../shared/blameless/dev.jsonl] [--write]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._reading import prose_view
from postmortem.checks._blame._scan import _candidate_rules, _key_words
from postmortem.checks._blame._scorer import _PATH, Model, features, sentence_tokens
from postmortem.checks._blame._sentences import _sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

#: The rule family each blameful category points at (for a feature's family).
FAMILY = {
    "human_error_as_cause": "blame/human-error",
    "counterfactual_judgement": "blame/counterfactual",
    "hindsight_obviousness": "blame/counterfactual",
    "passive_hindsight": "blame/counterfactual",
    "blame_question": "blame/culprit-question",
    "person_focused_remedy": "blame/person-remedy",
    "disciplinary_remedy": "blame/person-remedy",
    "character_judgement": "blame/character",
    "attention_competence_attribution": "blame/character",
    "lapse_forgot_missed": "blame/character",
    "ignored_warning": "blame/character",
    "failed_to_person": "blame/character",
    "sarcasm": "blame/character",
    "venting_finger_pointing": "blame/character",
}
DEFAULT_FAMILY = "blame/named-person"

#: Surface words, as the scorer's tokens read them (a trigger's forms come from these).
WORD_RE = re.compile(r"[^\W\d_][\w'-]*")

#: The weight the heaviest word of a scored hit needs on its own (see _scorer.Model.min_word).
MIN_WORD = 0.35


#: Held-out labelled files that training never reads, even when given with --data: each is scored once,
#: at the end of its round (tests/data/README.md).
HELD_OUT = frozenset({"blameless_v4_unseen.jsonl"})


def load_rows(extra: list[Path]) -> list[dict[str, Any]]:
    """Every labelled row for training, without held-out files, duplicates removed by text."""
    found = [p for p in sorted(DATA.glob("blameless_*.jsonl")) if "v3_unseen" not in p.name]
    paths = [p for p in [*found, *extra] if p.name not in HELD_OUT]
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key = " ".join(row["text"].split()).casefold()
            if key in seen or row.get("confidence") == "low":
                continue
            seen.add(key)
            rows.append(row)
    return rows


def sentence_features(text: str) -> list[tuple[dict[str, tuple[int, int]], bool]]:
    """Features of each sentence of *text*, read as the detector reads it, and whether a rule flags it.

    The scorer only ever reads sentences no rule flagged, so those are what it learns from.
    """
    view = prose_view(text)
    taken = [(h.start, h.end) for h in find_blame(text, scorer=False)]
    out = []
    start = 0
    for line in view.split("\n"):
        for a, b in _sentences(line):
            piece = line[a:b]
            families = {rule.rule for rule in _candidate_rules(_key_words(piece.lower().replace("’", "'")))}
            flagged = any(x < start + b and start + a < y for x, y in taken)
            out.append((features(sentence_tokens(piece), families), flagged))
        start += len(line) + 1
    return out


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, steps: int = 400) -> tuple[float, np.ndarray]:
    """Weighted logistic regression by full-batch gradient descent with Adam steps."""
    d = x.shape[1]
    theta = np.zeros(d)
    bias = 0.0
    m_t, v_t = np.zeros(d + 1), np.zeros(d + 1)
    rate, b1, b2 = 0.05, 0.9, 0.999
    total = w.sum()
    for t in range(1, steps + 1):
        z = x @ theta + bias
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = w * (p - y) / total
        grad = np.concatenate([x.T @ g + l2 * theta, [g.sum()]])
        m_t = b1 * m_t + (1 - b1) * grad
        v_t = b2 * v_t + (1 - b2) * grad * grad
        step = rate * (m_t / (1 - b1**t)) / (np.sqrt(v_t / (1 - b2**t)) + 1e-8)
        theta -= step[:-1]
        bias -= step[-1]
    return bias, theta


def train(rows: list[dict[str, Any]], l2: float, min_count: int) -> dict[str, Any]:
    """Fit on *rows*; return the model's JSON without threshold and triggers."""
    samples: list[tuple[dict[str, tuple[int, int]], float, float, str]] = []
    for row in rows:
        read = sentence_features(row["text"])
        label = 1.0 if row["label"] == "blameful" else 0.0
        if label and any(flagged for _, flagged in read):
            continue  # the rules found it: the scorer never reads this text's sentences
        sentences = [found for found, flagged in read if not flagged] or [{}]
        weight = 1.0 / len(sentences) if label else 1.0
        for found in sentences:
            samples.append((found, label, weight, row["category"]))
    counts = Counter(f for found, *_ in samples for f in found)
    names = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(samples), len(names)))
    for r, (found, *_) in enumerate(samples):
        for f in found:
            if f in index:
                x[r, index[f]] = 1.0
    y = np.array([s[1] for s in samples])
    w = np.array([s[2] for s in samples])
    bias, theta = fit(x, y, w, l2)
    weights = {f: round(float(v), 3) for f, v in zip(names, theta, strict=True) if abs(v) >= 0.02}
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    for found, label, _, category in samples:
        if label:
            for f in found:
                if weights.get(f, 0) > 0:
                    by_family[f][FAMILY.get(category, DEFAULT_FAMILY)] += 1
    families = {f: c.most_common(1)[0][0] for f, c in by_family.items() if c.most_common(1)[0][0] != DEFAULT_FAMILY}
    words = {word.strip("'") for row in rows for word in WORD_RE.findall(row["text"].lower().replace("’", "'"))}
    return {"bias": round(bias, 3), "weights": weights, "families": families, "words": sorted(words - {""})}


def with_gate(data: dict[str, Any], threshold: float, trigger_weight: float, min_word: float = MIN_WORD) -> Model:
    """The model with its threshold and the lemmas whose word feature weighs at least *trigger_weight*."""
    triggers = {
        f[2:] for f, v in data["weights"].items() if f.startswith("w:") and v >= trigger_weight and f[2:3].isalnum()
    }
    surface = sorted(word for word in data["words"] if lemma(word) in triggers)
    return Model.from_json(
        {**data, "threshold": threshold, "triggers": sorted(triggers), "trigger_forms": surface, "min_word": min_word}
    )


def predict(rows: list[dict[str, Any]], m: Model) -> list[bool]:
    """Rules, then the scorer: the detector as shipped, with model *m*."""
    import postmortem.checks._blame._scorer as scorer_module

    scorer_module.model.cache_clear()
    original = scorer_module.model
    scorer_module.model = lambda: m  # type: ignore[assignment]
    try:
        import postmortem.checks._blame._scan as scan

        scan._scorer_model = lambda: m  # type: ignore[assignment]
        return [bool(find_blame(row["text"], scorer=True)) for row in rows]
    finally:
        scorer_module.model = original  # type: ignore[assignment]
        scan._scorer_model = original  # type: ignore[assignment]


def scores(rows: list[dict[str, Any]], predicted: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and r["label"] == "blameful" for r, p in zip(rows, predicted, strict=True))
    fp = sum(p and r["label"] != "blameful" for r, p in zip(rows, predicted, strict=True))
    fn = sum(not p and r["label"] == "blameful" for r, p in zip(rows, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", default=[], help="another labelled file")
    parser.add_argument("--l2", type=float, default=0.003)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--min-precision", type=float, default=0.95)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-word", type=float, default=MIN_WORD, help="see _scorer.Model.min_word")
    parser.add_argument("--write", action="store_true", help=f"write {_PATH.name}")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    print(f"{len(rows)} texts, {sum(r['label'] == 'blameful' for r in rows)} blameful")
    order = list(range(len(rows)))
    random.Random(20261205).shuffle(order)
    folds = [order[i :: args.folds] for i in range(args.folds)]
    thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
    trigger_weights = [0.1, 0.2, 0.3]
    predicted: dict[tuple[float, float], dict[int, bool]] = defaultdict(dict)
    rules_alone = [bool(find_blame(r["text"], scorer=False)) for r in rows]
    for k, fold in enumerate(folds):
        held = set(fold)
        data = train([rows[i] for i in order if i not in held], args.l2, args.min_count)
        part = [rows[i] for i in fold]
        for tw in trigger_weights:
            for th in thresholds:
                for i, p in zip(fold, predict(part, with_gate(data, th, tw, args.min_word)), strict=True):
                    predicted[th, tw][i] = p
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    p, r, f = scores(rows, rules_alone)
    print(f"rules alone:                     precision={p:.3f} recall={r:.3f} f1={f:.3f}")
    best: tuple[float, float, float] | None = None
    for (th, tw), by_row in sorted(predicted.items()):
        p, r, f = scores(rows, [by_row[i] for i in range(len(rows))])
        mark = ""
        if p >= args.min_precision and (best is None or f >= best[2]):  # ties: the larger threshold and trigger weight
            best = (th, tw, f)
            mark = " *"
        print(f"rules+scorer th={th:.2f} trig>={tw:.1f}: precision={p:.3f} recall={r:.3f} f1={f:.3f}{mark}")
    if best is None:
        print("no threshold reaches the precision asked for")
        return 1
    th, tw, _ = best
    print(f"chosen: threshold {th}, trigger weight {tw} (cross-validated)")
    data = train(rows, args.l2, args.min_count)
    final = with_gate(data, th, tw, args.min_word)
    out = {
        "about": "Blamelessness scorer: logistic regression over word n-grams and rule signals, "
        "trained by benchmarks/train_blame_scorer.py on the labelled files in tests/data "
        "(held-out files excluded). Threshold and trigger words chosen by cross-validation.",
        "bias": data["bias"],
        "threshold": th,
        "min_word": args.min_word,
        "triggers": sorted(final.triggers),
        "trigger_forms": sorted(word for word in data["words"] if lemma(word) in final.triggers),
        "weights": dict(sorted(data["weights"].items())),
        "families": dict(sorted(data["families"].items())),
    }
    print(f"{len(out['weights'])} weights, {len(out['triggers'])} trigger lemmas")
    if args.write:
        _PATH.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
