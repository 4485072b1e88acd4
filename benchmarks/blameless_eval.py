"""Score the blamelessness detector on a labelled JSON Lines file.

Each line is an object with ``text``, ``label`` (``blameful`` or ``blameless``), ``category``
and ``confidence``. A line is predicted blameful when :func:`find_blame` returns any hit.

Usage::

    python benchmarks/blameless_eval.py tests/data/blameless_dev.jsonl [--json] [--errors] [--scorer]

By default the rules alone are scored (as ``postmortem check`` runs by default);
``--scorer`` adds the second stage, the statistical scorer (``blame-scorer = true`` in the
configuration, see ``postmortem.checks._blame._scorer``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from postmortem.checks._blame import find_blame


def _scores(rows: list[dict[str, Any]], predicted: list[bool]) -> dict[str, Any]:
    tp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and r["label"] == "blameful")
    fp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and r["label"] != "blameful")
    fn = sum(1 for r, p in zip(rows, predicted, strict=True) if not p and r["label"] == "blameful")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "lines": len(rows),
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
    }


def evaluate(rows: list[dict[str, Any]], *, scorer: bool = False) -> dict[str, Any]:
    """Score find_blame on labelled rows and return the figures as a dict."""
    started = time.perf_counter()
    hits = [find_blame(row["text"], scorer=scorer) for row in rows]
    elapsed = time.perf_counter() - started
    predicted = [bool(h) for h in hits]
    keep = [i for i, r in enumerate(rows) if r.get("confidence", "high") in {"high", "medium"}]
    per_category: dict[str, dict[str, Any]] = {}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[(row["label"], row["category"])].append(i)
    for (label, category), idx in sorted(groups.items()):
        flagged = sum(1 for i in idx if predicted[i])
        # Recall for a blameful category, false-positive rate for a blameless one.
        key = "recall" if label == "blameful" else "false_positive_rate"
        per_category[category] = {
            "label": label,
            "lines": len(idx),
            key: round(flagged / len(idx), 4),
        }
    rule_counts: dict[str, int] = defaultdict(int)
    for line_hits in hits:
        for hit in line_hits:
            rule_counts[hit.rule] += 1
    return {
        "all": _scores(rows, predicted),
        "high_medium": _scores([rows[i] for i in keep], [predicted[i] for i in keep]),
        "per_category": per_category,
        "rule_counts": dict(sorted(rule_counts.items())),
        "lines_per_second": round(len(rows) / elapsed) if elapsed else None,
        "errors": [
            {
                "id": row.get("id"),
                "label": row["label"],
                "category": row["category"],
                "text": row["text"],
                "rules": [h.rule for h in line_hits],
            }
            for row, line_hits in zip(rows, hits, strict=True)
            if bool(line_hits) != (row["label"] == "blameful")
        ],
    }


def _print_table(result: dict[str, Any], show_errors: bool) -> None:
    for key in ("all", "high_medium"):
        s = result[key]
        print(
            f"{key:12} lines={s['lines']:4}  precision={s['precision']:.3f}  "
            f"recall={s['recall']:.3f}  f1={s['f1']:.3f}  "
            f"(tp={s['true_positives']} fp={s['false_positives']} fn={s['false_negatives']})"
        )
    print("\nblameful categories (recall):")
    for category, c in result["per_category"].items():
        if c["label"] == "blameful":
            print(f"  {category:36} n={c['lines']:3}  recall={c['recall']:.2f}")
    print("\nblameless categories (false-positive rate):")
    for category, c in result["per_category"].items():
        if c["label"] == "blameless":
            print(f"  {category:36} n={c['lines']:3}  fp_rate={c['false_positive_rate']:.2f}")
    print("\nhits per rule:", ", ".join(f"{k}={v}" for k, v in result["rule_counts"].items()))
    print(f"lines per second: {result['lines_per_second']}")
    if show_errors:
        print("\nerrors:")
        for e in result["errors"]:
            kind = "FN" if e["label"] == "blameful" else "FP"
            print(f"  {kind} [{e['category']}] {e['text']}  {e['rules']}")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a JSON Lines file of labelled sentences")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", action="store_true", help="list misclassified lines")
    parser.add_argument("--scorer", action="store_true", help="the rules and the statistical scorer")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = evaluate(rows, scorer=args.scorer)
    if args.json:
        result.pop("errors")
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        _print_table(result, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
