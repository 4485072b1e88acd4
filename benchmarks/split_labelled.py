"""Split a labelled JSON Lines file into a development part and an unseen part.

The split is stratified by ``(label, category)``: within each stratum the rows (sorted by
``id``) are shuffled with one seeded generator and about a third go to the unseen part, so
both parts keep the label balance and every category. The result depends only on the set of
rows and the seed, so anyone can check that no line moved between the parts by joining the
two files and splitting again (``tests/test_blameless_data.py`` does).

Usage::

    python benchmarks/split_labelled.py ALL.jsonl --seed 20261205 \\
        --dev tests/data/blameless_v2_dev.jsonl --unseen tests/data/blameless_v2_unseen.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

#: The seed the v2 labelled set was split with (see tests/data/README.md).
V2_SEED = 20261205
#: The share of each stratum that goes to the unseen part.
UNSEEN_SHARE = 1 / 3


def split(
    rows: list[dict[str, Any]], seed: int = V2_SEED, share: float = UNSEEN_SHARE
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return ``(dev, unseen)``: each ``(label, category)`` stratum split about ``share`` to unseen."""
    strata: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["id"]):
        strata[(row["label"], row["category"])].append(row)
    rng = random.Random(seed)  # a reproducible shuffle, not a secret
    dev: list[dict[str, Any]] = []
    unseen: list[dict[str, Any]] = []
    for key in sorted(strata):
        group = strata[key]
        rng.shuffle(group)
        cut = round(len(group) * share)
        unseen.extend(group[:cut])
        dev.extend(group[cut:])
    # Shuffle each part as a whole so that a file's order says nothing about its categories.
    rng.shuffle(dev)
    rng.shuffle(unseen)
    return dev, unseen


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Run the split from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a JSON Lines file of labelled sentences")
    parser.add_argument("--seed", type=int, default=V2_SEED)
    parser.add_argument("--dev", type=Path, required=True, help="where to write the development part")
    parser.add_argument("--unseen", type=Path, required=True, help="where to write the unseen part")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev, unseen = split(rows, args.seed)
    _write(args.dev, dev)
    _write(args.unseen, unseen)
    print(f"{len(dev)} dev, {len(unseen)} unseen (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
