"""The scorer's settings chosen by the worst round as well as the pooled figure (round 24).

Round 23 chose the scorer's settings on documents by the most quotes found at a pooled precision of at
least 0.92 over the rounds left out (``blame_scorer_places.py``); one level down, rounds 17, 20 and 21 fell
under 0.90 with the settings their neighbours picked, and round 23's documents, left out, were at 0.832.
This benchmark reads the rounds ``blame_scorer_places.py --rounds ... --store DIR`` stored (each round's
model trained without that round's held-out sets, its findings kept with their score, place and paragraph's
tone) and chooses by the rule docs/checks/blamelessness.md (*Round 24: the scorer*) fixed before any tuning:

* a text on its own: the threshold finding the most sentences at a pooled precision of at least ``--aim``
  with every round's at least ``--text-worst``;
* an incident's prose: the setting finding the most quotes at a pooled documents' precision of at least
  ``--aim`` with every round's at least ``--worst`` (ties: the higher worst round, then the higher pooled
  precision, then the setting listed first). The settings are round 23's (threshold, second opinion, praise
  places, paragraph's tone) and two thresholds of a place's own for the scorer's findings: ``alone``, a
  finding alone in its paragraph (no other sentence for the tone to read), and ``items``, a finding in an
  item of a list field (a path with an index that is not a free section); each the documents' threshold
  (``same``), 0.8, 0.9, 0.95 or withdrawn (``off``).

Usage::

    python benchmarks/blame_scorer_worst.py --store DIR --choose-on 15 16 17 18 19 20 21 22 [--final 23]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blame_scorer_grid as grid
import blame_scorer_places as places

#: A place's own threshold for the scorer's findings: None the documents' threshold, 2.0 withdrawn.
PLACE_THRESHOLDS: tuple[float | None, ...] = (None, 0.8, 0.9, 0.95, 2.0)
_ITEM = re.compile(r"\[\d+\]")

Setting = tuple[float, float | None, str, float | None, float | None, float | None]


def is_item(path: str) -> bool:
    """Whether a finding's field is an item of a list field (an index in its path, not a free section)."""
    return _ITEM.search(path) is not None and not path.startswith("$.sections[")


def settings() -> list[Setting]:
    """Every documents' setting: round 23's, each with every threshold of its own for alone and items."""
    return [
        (*base, alone, items) for base in places.settings() for alone in PLACE_THRESHOLDS for items in PLACE_THRESHOLDS
    ]


def counts(docs: Sequence[dict[str, Any]], setting: Setting) -> Counter[str]:
    """``blame_scorer_places.counts`` with the places' own thresholds applied to the scorer's findings."""
    threshold, second, praise, tone, alone, items = setting
    total: Counter[str] = Counter()
    for doc in docs:
        kept = []
        for f in doc["findings"]:
            if f["scorer"] and f["score"] is not None:
                floor = threshold
                if alone is not None and f["tone"] is None:
                    floor = max(floor, alone)
                if items is not None and is_item(f["path"]):
                    floor = max(floor, items)
                if f["score"] < floor:
                    continue
            kept.append(f)
        total.update(places.counts([{**doc, "findings": kept}], threshold, second, praise, tone))
    return total


class Round:
    """One round's documents, counted at every setting at once (quotes as bits of one int)."""

    def __init__(self, result: dict[str, Any]) -> None:
        self.result = result
        bit: dict[tuple[int, int], int] = {}
        self.in_prose = 0
        self.blameful = self.not_in_prose = 0
        scorer: list[tuple[float, bool, float | None, bool, int]] = []
        rules: list[tuple[float | None, bool, int]] = []
        for n, doc in enumerate(result["docs"]):
            for quote in doc["in_prose"]:
                self.in_prose |= 1 << bit.setdefault((n, quote), len(bit))
            self.blameful += doc["blameful"]
            self.not_in_prose += doc["blameful"] - len(doc["in_prose"])
            for f in doc["findings"]:
                mask = 0
                for quote in f["quotes"]:
                    mask |= 1 << bit.setdefault((n, quote), len(bit))
                if f["scorer"]:
                    if f["score"] is not None:
                        scorer.append((f["score"], f["praise"], f["tone"], is_item(f["path"]), mask))
                else:
                    rules.append((f["score"], f["praise"], mask))
        self._scorer, self._rules = scorer, rules
        self._scorer_part: dict[tuple[Any, ...], tuple[int, int, int]] = {}
        self._rules_part: dict[tuple[Any, ...], tuple[int, int, int]] = {}

    def _scorer_counts(self, threshold: float, praise: bool, tone: float | None, alone: Any, items: Any) -> Any:
        key = (threshold, praise, tone, alone, items)
        if key not in self._scorer_part:
            found = right = mask = 0
            for score, in_praise, mean, item, quotes in self._scorer:
                floor = threshold
                if alone is not None and mean is None:
                    floor = max(floor, alone)
                if items is not None and item:
                    floor = max(floor, items)
                if score < floor or (praise and in_praise) or (tone is not None and mean is not None and mean < tone):
                    continue
                found += 1
                right += quotes != 0
                mask |= quotes
            self._scorer_part[key] = (found, right, mask)
        return self._scorer_part[key]

    def _rules_counts(self, second: float | None, praise_all: bool) -> Any:
        key = (second, praise_all)
        if key not in self._rules_part:
            found = right = mask = 0
            for score, in_praise, quotes in self._rules:
                floor = second
                if praise_all and in_praise:
                    floor = max(0.5, second or 0.0)
                if floor is not None and score is not None and score < floor:
                    continue
                found += 1
                right += quotes != 0
                mask |= quotes
            self._rules_part[key] = (found, right, mask)
        return self._rules_part[key]

    def counts(self, setting: Setting) -> Counter[str]:
        """:func:`counts` of this round's documents at *setting*."""
        threshold, second, praise, tone, alone, items = setting
        s = self._scorer_counts(threshold, praise != "none", tone, alone, items)
        r = self._rules_counts(second, praise == "all")
        findings, right = s[0] + r[0], s[1] + r[1]
        return Counter(
            {
                "findings": findings,
                "right": right,
                "wrong": findings - right,
                "found": ((s[2] | r[2]) & self.in_prose).bit_count(),
                "blameful": self.blameful,
                "not_in_prose": self.not_in_prose,
            }
        )


def choose_text(results: Sequence[dict[str, Any]], aim: float, worst: float) -> str | None:
    """The text threshold finding the most at a pooled precision >= *aim*, every round's >= *worst*."""
    keys = [f"sentences@{th}" for th in grid.TEXT_THRESHOLDS]
    ok = [k for k in keys if all(grid.precision_recall(r[k], documents=False)[0] >= worst for r in results)]
    return grid.choose(results, ok, aim, documents=False)


def choose_documents(rounds: Sequence[Round], aim: float, worst: float) -> Setting | None:
    """The documents' setting by the protocol's rule (see the module's docstring)."""
    best: tuple[int, float, float] | None = None
    chosen = None
    for setting in settings():
        each = [r.counts(setting) for r in rounds]
        # A round with no finding at a setting is under no floor (its precision is not defined).
        low = min((grid.precision_recall(c, documents=True)[0] for c in each if c["findings"]), default=1.0)
        if low < worst:
            continue
        p, _, found = grid.precision_recall(sum(each, Counter()), documents=True)
        if p >= aim and (best is None or (found, low, p) > best):
            best, chosen = (found, low, p), setting
    return chosen


def report(rounds: Sequence[Round], text: str | None, setting: Setting | None) -> list[str]:
    """Each round and the pooled figures: rules alone, and at the settings given."""
    lines = []
    pooled_rules: Counter[str] = Counter()
    pooled: Counter[str] = Counter()
    for r in rounds:
        res = r.result
        rules = places.rules_counts(res["rules_docs"])
        pooled_rules.update(rules)
        lines.append(f"  v{res['round']} sentences rules {grid._line(res['sentences:rules'], documents=False)}")
        if text is not None:
            lines.append(f"  v{res['round']} sentences {text} {grid._line(res[text], documents=False)}")
        lines.append(f"  v{res['round']} documents rules {places._doc_line(rules)}")
        if setting is not None:
            c = r.counts(setting)
            pooled.update(c)
            lines.append(f"  v{res['round']} documents {setting} {places._doc_line(c)}")
    results = [r.result for r in rounds]
    lines.append(f"  pooled sentences rules {grid._line(grid.pooled(results, 'sentences:rules'), documents=False)}")
    if text is not None:
        lines.append(f"  pooled sentences {text} {grid._line(grid.pooled(results, text), documents=False)}")
    lines.append(f"  pooled documents rules {places._doc_line(pooled_rules)}")
    if setting is not None:
        lines.append(f"  pooled documents {setting} {places._doc_line(pooled)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--choose-on", type=int, nargs="*", default=[15, 16, 17, 18, 19, 20, 21, 22])
    parser.add_argument("--final", type=int, default=None, help="the round scored once at the settings chosen")
    parser.add_argument("--aim", type=float, default=0.92, help="pooled precision, sentences and documents")
    parser.add_argument("--worst", type=float, default=0.85, help="every round's documents' precision")
    parser.add_argument("--text-worst", type=float, default=0.90, help="every round's sentences' precision")
    parser.add_argument("--nested", action="store_true", help="also each round with the settings the others pick")
    args = parser.parse_args(argv)

    def load(round_: int) -> Round:
        return Round(json.loads((args.store / f"v{round_}.json").read_text(encoding="utf-8")))

    rounds = [load(r) for r in args.choose_on]
    results = [r.result for r in rounds]
    text = choose_text(results, args.aim, args.text_worst)
    setting = choose_documents(rounds, args.aim, args.worst)
    print(f"== chosen on rounds {args.choose_on}: {text}, {setting}", flush=True)
    if args.final is not None:
        print(f"\n== round {args.final} left out, scored once at {text}, {setting}")
        print("\n".join(report([load(args.final)], text, setting)), flush=True)
    print(f"\n== rounds {args.choose_on}")
    print("\n".join(report(rounds, text, setting)), flush=True)
    if args.nested:
        pooled: Counter[str] = Counter()
        for r in rounds:
            others = [o for o in rounds if o is not r]
            picked = choose_documents(others, args.aim, args.worst)
            if picked is None:
                print(f"  v{r.result['round']} chosen on the others: no setting")
                continue
            c = r.counts(picked)
            pooled.update(c)
            print(f"  v{r.result['round']} chosen on the others: {picked} {places._doc_line(c)}", flush=True)
        print(f"  pooled nested documents {places._doc_line(pooled)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
