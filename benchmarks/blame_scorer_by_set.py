"""Leave one labelled set out at a time: the blamelessness scorer judged on sentences and on documents apart.

Each labelled set (a ``tests/data/blameless_*.jsonl`` file the trainer reads, a folder of labelled
documents, the examples' prose) is left out whole in turn; a model is trained and its gate chosen
(``train_blame_scorer.choose``: five random folds inside the other sets) without it, and the set is
scored. A set is never split by line: lines of one file share an author and a style, and a model
that saw half of them would be judged on near copies.

Figures, rules alone against rules with the scorer at the gate chosen without the set:

* **sentences**: the labelled files, pooled, a text flagged or not (as ``--by-file`` counts);
* **documents**: each folder's documents scored as a user would (``blameless_documents.py``:
  a finding is right when it overlaps a blameful quote, recall is over the quotes), pooled
  over the folders; and the same folders read sentence by sentence, split by context (an action
  item's title or description against the rest of the prose);
* **per-context threshold**: inside the other sets, the cross-validated predictions choose a
  threshold per context (``text``: a labelled line; ``document``: a document's prose; ``action``:
  an action item), the one with the most recall at no less precision than the shared threshold
  in that context; the left-out set is then scored with it, on its sentences.

Usage::

    python benchmarks/blame_scorer_by_set.py [--sets NAME ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blameless_documents as documents
import train_blame_scorer as trainer

import postmortem.checks._blame._scan as scan
import postmortem.checks._blame._scorer as scorer_module


def context_thresholds(
    readings: list[trainer.Reading],
    keep: dict[str, Any],
    gate: tuple[float, float, float, float],
    *,
    text_aim: float | None = None,
) -> dict[str, float]:
    """A threshold per context, chosen on *readings*' cross-validated predictions (see the module's docstring).

    The rest of the gate (first filter, least word weight) stays. A context's threshold is the one
    whose gate flags no example and gets the most recall on that context's texts at a precision no
    lower than the shared threshold's there; the thresholds together must keep every file's floor
    (``choose``), else every context keeps the shared one. With *text_aim*, the labelled lines'
    threshold is instead the one with the best F1 on them at a precision of at least *text_aim*
    (the sentences' own aim; the documents keep theirs through their own threshold and the floor).
    """
    shared, pre, word, strong = gate
    predicted, quiet = keep["predicted"], keep["quiet"]
    truth = np.array([bool(r.label) for r in readings])
    where = np.array([r.context for r in readings])
    chosen: dict[str, float] = {}
    for context in trainer.CONTEXTS:
        mask = where == context
        if not (mask & truth).any():
            chosen[context] = shared
            continue

        def figure(th: float, mask: np.ndarray = mask) -> tuple[float, float]:
            p = predicted[th, pre, word, strong] & mask
            tp, fp = int((p & truth).sum()), int((p & ~truth).sum())
            return (tp / (tp + fp) if tp + fp else 1.0), tp / int((mask & truth).sum())

        floor, _ = figure(shared)
        if context == "text" and text_aim is not None:
            f1 = {th: 2 * p * r / (p + r) if p + r else 0.0 for th in trainer.THRESHOLDS for p, r in [figure(th)]}
            chosen[context] = max(
                (th for th in trainer.THRESHOLDS if (th, pre, word, strong) in quiet and figure(th)[0] >= text_aim),
                key=lambda th: (f1[th], th),
                default=shared,
            )
            continue
        best = max(
            (th for th in trainer.THRESHOLDS if (th, pre, word, strong) in quiet and figure(th)[0] >= floor),
            key=lambda th: (figure(th)[1], figure(th)[0], th),
            default=shared,
        )
        chosen[context] = best
    combined = np.zeros(len(readings), dtype=bool)
    for context, th in chosen.items():
        combined |= predicted[th, pre, word, strong] & (where == context)
    if keep["floor"] is not None and keep["worst"](combined) < 0:
        return dict.fromkeys(trainer.CONTEXTS, shared)
    return chosen


def _predict_by_context(
    part: list[trainer.Reading], m: trainer.Model, thresholds: dict[str, float], shared: list[bool]
) -> list[bool]:
    """*part* flagged with a threshold per context (*shared*: flagged with the model's own)."""
    models = {c: attrs.evolve(m, threshold=th) for c, th in thresholds.items()}
    return [
        flag if models[r.context].threshold == m.threshold else trainer.fast_predict([r], models[r.context])[0]
        for r, flag in zip(part, shared, strict=True)
    ]


def counts(truth: list[bool], flagged: list[bool]) -> Counter[str]:
    """True and false positives and negatives."""
    c: Counter[str] = Counter()
    for t, f in zip(truth, flagged, strict=True):
        c["tp" if t and f else "fp" if f else "fn" if t else "tn"] += 1
    return c


def pr(c: Counter[str]) -> str:
    """Precision and recall of *c*, with the wrong findings."""
    flagged, blameful = c["tp"] + c["fp"], c["tp"] + c["fn"]
    p = c["tp"] / flagged if flagged else 1.0
    r = c["tp"] / blameful if blameful else 1.0
    return f"{p:.3f} / {r:.3f} ({c['fp']} wrong of {flagged})"


def score_folder_with(folder: Path, m: trainer.Model | None, errors: list[str] | None = None) -> Counter[str]:
    """The folder's documents scored as a user would, with model *m* (None: rules alone).

    With *errors*, each wrong finding of the scorer's is added to it (document, phrase).
    """
    original = scorer_module.model
    if m is not None:
        scan._scorer_model = scorer_module.model = lambda: m  # type: ignore[assignment,misc]
    try:
        total: Counter[str] = Counter()
        for labels_path in sorted(folder.glob("*.labels.json")):
            stem = labels_path.name.removesuffix(".labels.json")
            path = next(p for p in sorted(folder.glob(stem + ".*")) if not p.name.endswith(".labels.json"))
            doc = documents.score_document(
                path, json.loads(labels_path.read_text(encoding="utf-8")), scorer=m is not None
            )
            for key in ("findings", "right", "wrong", "blameful", "found", "not_in_prose"):
                total[key] += doc[key]
            if errors is not None:
                errors.extend(
                    f"{stem}: {e['phrase']!r} [{e['rule']}]"
                    for e in doc["errors"]
                    if e["kind"] == "wrong" and e.get("scorer")
                )
        return total
    finally:
        scan._scorer_model = scorer_module.model = original  # type: ignore[assignment]


def user_pr(t: Counter[str]) -> str:
    """Precision and recall of documents scored as a user would."""
    counted = t["blameful"] - t["not_in_prose"]
    return (
        f"{t['right'] / max(1, t['findings']):.3f} / {t['found'] / max(1, counted):.3f} "
        f"({t['wrong']} wrong of {t['findings']}, {t['found']} of {counted} quotes)"
    )


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0912, PLR0915  (one pass over the sets, figures as it goes)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=None, help="leave out only these sets (default: every one)")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--errors", action="store_true", help="list the scorer's wrong findings in each folder")
    parser.add_argument(
        "--document-thresholds",
        type=float,
        nargs="*",
        default=[],
        help="also score each left-out set with these thresholds (the rest of the gate kept): a sentence file "
        "line by line, a folder as a user would",
    )
    parser.add_argument(
        "--gate",
        type=float,
        nargs=4,
        default=None,
        metavar=("THRESHOLD", "PRE", "WORD", "STRONG"),
        help="score every set at this gate instead of one chosen without it (one fit per set: the shipped "
        "gate's figures, or a gate chosen on these figures, which they then flatter)",
    )
    parser.add_argument("--l2", type=float, default=trainer.L2, help="the fit's L2 penalty")
    parser.add_argument("--document-weight", type=float, default=trainer.DOCUMENT_WEIGHT[0])
    parser.add_argument(
        "--caught-weight",
        type=float,
        default=trainer.CAUGHT_WEIGHT,
        help="the trainer's CAUGHT_WEIGHT (0: round 12's trainer, which never trained on a sentence a rule flags)",
    )
    parser.add_argument(
        "--document-threshold",
        type=float,
        default=trainer.DOCUMENT_THRESHOLD[0],
        help="the models' threshold in an incident's prose fields (0: the gate's; the trainer's DOCUMENT_THRESHOLD)",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="NAME",
        help="leave this labelled file or document folder out of every model's training data, and out of the "
        "sets scored (repeatable; e.g. the previous round's held-out sets, kept for the final retrain)",
    )
    args = parser.parse_args(argv)
    trainer.WITHOUT.update(args.without)
    trainer.DOCUMENT_THRESHOLD[0] = args.document_threshold
    trainer.DOCUMENT_WEIGHT[0] = args.document_weight
    trainer.CAUGHT_WEIGHT = args.caught_weight
    settings = argparse.Namespace(
        l2=args.l2,
        min_count=2,
        min_precision=0.95,
        folds=5,
        min_file_precision=0.9,
        recall_slack=trainer.RECALL_SLACK,
        floor_slack=trainer.FLOOR_SLACK,
    )
    rows = trainer.load_rows([])
    readings = trainer.read(rows) + trainer._EXAMPLES()
    folders = {name: trainer.DATA / name for name in trainer.DOCUMENT_FOLDERS if name not in trainer.WITHOUT}
    names = sorted({r.file for r in readings})
    if args.sets:
        names = [n for n in names if n in args.sets]
    pooled: dict[str, Counter[str]] = {}
    results: list[dict[str, Any]] = []
    for name in names:
        part = [r for r in readings if r.file == name]
        rest = [r for r in readings if r.file != name]
        keep: dict[str, Any] = {}
        gate = tuple(args.gate) if args.gate else trainer.choose(rest, settings, keep=keep)
        truth = [bool(r.label) for r in part]
        rules = [r.flagged for r in part]
        row: dict[str, Any] = {"set": name, "texts": len(part), "blameful": sum(truth), "gate": gate}
        if gate is None:
            shared = per_context = by_aims = rules
            thresholds: dict[str, float] = {}
            aims: dict[str, float] = {}
            m = None
        else:
            m = trainer.with_gate(trainer.train(rest, settings.l2, settings.min_count), *gate, expand=True)
            if args.gate:
                thresholds = aims = dict.fromkeys(trainer.CONTEXTS, gate[0])
            else:
                thresholds = context_thresholds(rest, keep, gate)
                aims = context_thresholds(rest, keep, gate, text_aim=settings.min_precision)
            shared = trainer.fast_predict(part, m)
            per_context = _predict_by_context(part, m, thresholds, shared)
            by_aims = _predict_by_context(part, m, aims, shared)
        row["thresholds"], row["aims"] = thresholds, aims
        kind = "examples" if name == "examples" else "documents" if name in folders else "sentences"
        row["kind"] = kind
        for context in trainer.CONTEXTS:
            mask = [r.context == context for r in part]
            if not any(mask):
                continue
            for label, flagged in (
                ("rules", rules),
                ("scorer", shared),
                ("per_context", per_context),
                ("aims", by_aims),
            ):
                c = counts(
                    [t for t, k in zip(truth, mask, strict=True) if k],
                    [f for f, k in zip(flagged, mask, strict=True) if k],
                )
                row[f"{context}:{label}"] = dict(c)
                pooled.setdefault(f"{kind}:{context}:{label}", Counter()).update(c)
        for th in args.document_thresholds if m is not None and kind == "sentences" else ():
            c = counts(truth, trainer.fast_predict(part, attrs.evolve(m, threshold=th)))
            row[f"text:scorer@{th}"] = dict(c)
            pooled.setdefault(f"sentences:text:scorer@{th}", Counter()).update(c)
            print(f"    at threshold {th}: {pr(c)}", flush=True)
        if kind == "documents":
            alone = score_folder_with(folders[name], None)
            wrong: list[str] | None = [] if args.errors else None
            both = score_folder_with(folders[name], m, wrong) if m is not None else alone
            for error in wrong or ():
                print(f"    wrong: {error}")
            row["user:rules"], row["user:scorer"] = dict(alone), dict(both)
            pooled.setdefault("user:rules", Counter()).update(alone)
            pooled.setdefault("user:scorer", Counter()).update(both)
            for th in args.document_thresholds if m is not None else ():
                other = score_folder_with(folders[name], attrs.evolve(m, threshold=th, document_threshold=None))
                row[f"user:scorer@{th}"] = dict(other)
                pooled.setdefault(f"user:scorer@{th}", Counter()).update(other)
                print(f"    as a user at threshold {th}: {user_pr(other)}", flush=True)
        results.append(row)
        line = f"{name:34} {len(part):5} {sum(truth):4} gate {gate} thresholds {thresholds} aims {aims}"
        for context in trainer.CONTEXTS:
            if f"{context}:rules" in row:
                line += (
                    f"\n    {context:8} rules {pr(Counter(row[f'{context}:rules']))}"
                    f"  +scorer {pr(Counter(row[f'{context}:scorer']))}"
                    f"  +per-context {pr(Counter(row[f'{context}:per_context']))}"
                    f"  +aims {pr(Counter(row[f'{context}:aims']))}"
                )
        if kind == "documents":
            line += (
                f"\n    as a user: rules {user_pr(Counter(row['user:rules']))}"
                f"  +scorer {user_pr(Counter(row['user:scorer']))}"
            )
        print(line, flush=True)
    print("\npooled, each set scored by a model that never saw it:")
    for key in sorted(pooled):
        c = pooled[key]
        print(f"  {key:36} {user_pr(c) if key.startswith('user:') else pr(c)}")
    if args.json:
        args.json.write_text(
            json.dumps({"sets": results, "pooled": {k: dict(v) for k, v in pooled.items()}}, indent=1) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
