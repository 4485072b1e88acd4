"""The scorer's findings on whole documents, read with where each sits: the heading above it, its paragraph's tone.

Round 22 found most of the scorer's wrong findings on documents to be praise, thanks or the author's own
choices, many under headings such as *What went well* or *Thanks* that no fixed field names
(docs/checks/blamelessness.md, *Round 22: the scorer*). This benchmark measures two settings an incident's
check could apply after scoring, with no change to the model:

* **praise places**: a scorer finding in a place of praise (the ``what_went_well`` and ``where_we_got_lucky``
  items, or a free section, or a part of one, under a heading that :data:`PRAISE` matches) is withdrawn
  (``scorer``), or that and a rule's finding there held to a second opinion of at least 0.5 (``all``);
* **the paragraph's tone**: a scorer finding is withdrawn when the other sentences of its paragraph score,
  on average, under a bound (a blameful sentence mostly sits among others the model leans on too).

It runs the leave-one-round-out protocol of ``blame_scorer_grid.py`` (one model per round, trained without
that round's held-out sentences and documents), keeps each round's findings with their place and tone
(``--store``), and chooses every setting on the rounds given to ``--choose-on`` by the protocol's rule (the
most found at a pooled precision of at least ``--aim``); ``--final`` scores one round once with the
settings chosen. See docs/checks/blamelessness.md, *Round 23: the scorer*.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blame_scorer_grid as grid
import blameless_documents as documents
import train_blame_scorer as trainer

import postmortem.checks._blame._scan as scan
from postmortem.checks._blame._scorer import Model, features, sentence_tokens

#: A heading of praise, thanks or luck (fixed before any figure was read; lower case, words normalised).
PRAISE = re.compile(
    r"went (?:well|right|smoothly|as planned)|what worked|worked well|thank|acknowledg|kudos|shout|appreciat"
    r"|credit|praise|positive|\bwins?\b|success|lucky|luck\b|good news|highlight|strength|bright spot"
)
#: The fields that are places of praise by their name.
PRAISE_FIELDS = ("$.what_went_well[", "$.where_we_got_lucky[")
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s+(.+?)\s*#*\s*$|\*\*(.+?)\*\*:?\s*$|([^\n.!?]{2,60}):\s*$)", re.M)

PRAISE_SETTINGS = ("none", "scorer", "all")
TONES: tuple[float | None, ...] = (None, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)


def heading_above(incident: Any, path: str, text: str, start: int) -> str:
    """The heading a finding at *start* of the field at *path* sits under, lower case.

    A free section's: the last Markdown heading (``#``, a line in bold, a short line ending with a colon)
    before it in the body, else the section's title. A fixed field's: its name.
    """
    if (hit := re.match(r"\$\.sections\[(\d+)\]\.body$", path)) is not None:
        title = str(incident.sections[int(hit.group(1))].title)
        for m in _HEADING.finditer(text, 0, start):
            title = next(g for g in m.groups() if g)
        return " ".join(title.lower().split())
    return re.sub(r"\[\d+\].*|^\$\.", "", path)


def in_praise(path: str, heading: str) -> bool:
    """Whether a finding sits in a place of praise (see PRAISE)."""
    return path.startswith(PRAISE_FIELDS) or PRAISE.search(heading.replace("_", " ")) is not None


def paragraph_tone(m: Model, text: str, start: int, people: frozenset[str]) -> float | None:
    """The mean score of the other sentences of the paragraph holding *start* (None: it has no other)."""
    first = text.rfind("\n\n", 0, start)
    first = 0 if first < 0 else first + 2
    last = text.find("\n\n", start)
    paragraph = text[first : len(text) if last < 0 else last]
    found = []
    offset = 0
    for line in paragraph.split("\n"):
        for a, b in scan._sentences(line):
            if not first + offset + a <= start < first + offset + b:
                found.append(line[a:b])
        offset += len(line) + 1
    scores = []
    for piece in found:
        if not piece.strip():
            continue
        families = frozenset(
            rule.rule for rule in scan._signalled_rules(scan._key_words(piece.lower().replace("’", "'")))
        )
        scores.append(float(m.probability(features(sentence_tokens(piece, people), families))))
    return sum(scores) / len(scores) if scores else None


def read_folder(folder: Path, m: Model | None, loosest: float) -> list[dict[str, Any]]:
    """``blame_scorer_grid.read_folder``, each finding with its heading, place and paragraph's tone."""
    out = []
    docs = grid.read_folder(folder, m, loosest)
    for doc in docs:
        out.append(_placed(folder, doc, m))
    return out


def _placed(folder: Path, doc: grid.Document, m: Model | None) -> dict[str, Any]:
    path = next(p for p in sorted(folder.glob(doc.name + ".*")) if not p.name.endswith(".labels.json"))
    incident = documents._incident(path)
    # The grid's findings are in the order check() reports them; the same check kept their paths and spans.
    checked = _LAST.pop(doc.name)
    people = scan._normalised(frozenset(_people(incident)))
    findings = []
    for finding, (fpath, span) in zip(doc.findings, checked, strict=True):
        text = documents._field(incident, fpath) or ""
        heading = heading_above(incident, fpath, text, span[0]) if span else ""
        tone = paragraph_tone(m, text, span[0], people) if (m is not None and finding.scorer and span) else None
        findings.append(
            {
                "scorer": finding.scorer,
                "score": finding.score,
                "quotes": sorted(finding.quotes),
                "phrase": finding.phrase,
                "path": fpath,
                "heading": heading,
                "praise": in_praise(fpath, heading),
                "tone": tone,
            }
        )
    return {"name": doc.name, "findings": findings, "blameful": doc.blameful, "in_prose": sorted(doc.in_prose)}


_LAST: dict[str, Any] = {}


def _people(incident: Any) -> frozenset[str]:
    """The names check() knows to be people with the default configuration (see _engine)."""
    return frozenset(incident.people)


def _recording_read_document(labels_path: Path, scored: bool) -> grid.Document:
    """``grid._read_document``, keeping each finding's path and span aside (see _findings_with_paths)."""
    import postmortem

    original = postmortem.check
    kept: list[tuple[str, tuple[int, int] | None]] = []

    def check(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        kept.extend((f.path, f.span) for f in result.findings if f.rule.startswith("blame/"))
        return result

    postmortem.check = check  # type: ignore[assignment]
    try:
        doc = _ORIGINAL_READ(labels_path, scored)
    finally:
        postmortem.check = original  # type: ignore[assignment]
    _LAST[doc.name] = kept
    return doc


_ORIGINAL_READ = grid._read_document
grid._read_document = _recording_read_document


def counts(
    docs: Iterable[dict[str, Any]], threshold: float, second: float | None, praise: str, tone: float | None
) -> Counter[str]:
    """``blame_scorer_grid.counts`` with the praise places and the paragraph's tone applied."""
    total: Counter[str] = Counter()
    for doc in docs:
        found: set[int] = set()
        for f in doc["findings"]:
            score = f["score"]
            if f["scorer"]:
                if score is None or score < threshold:
                    continue
                if praise != "none" and f["praise"]:
                    continue
                if tone is not None and f["tone"] is not None and f["tone"] < tone:
                    continue
            else:
                floor = second
                if praise == "all" and f["praise"]:
                    floor = max(0.5, second or 0.0)
                if floor is not None and score is not None and score < floor:
                    continue
            total["findings"] += 1
            if f["quotes"]:
                total["right"] += 1
                found.update(f["quotes"])
            else:
                total["wrong"] += 1
        total["blameful"] += doc["blameful"]
        total["found"] += len(found & set(doc["in_prose"]))
        total["not_in_prose"] += doc["blameful"] - len(doc["in_prose"])
    return total


def rules_counts(docs: Iterable[dict[str, Any]]) -> Counter[str]:
    """The rules alone: every rule finding, none withdrawn."""
    return counts(docs, 2.0, None, "none", None)


def run_round(readings: list[trainer.Reading], round_: int) -> dict[str, Any]:
    """Train without round *round_*'s held-out sets (the shipped design); keep its sentences' counts at each
    text threshold and its documents' findings with their places."""
    from blame_scorer_by_set import counts as line_counts

    files, folder = grid.held_out(round_)
    part = [r for r in readings if r.file in files]
    rest = [r for r in readings if r.file not in {*files, folder}]
    data = trainer.train(rest, trainer.L2, 2)
    m = attrs.evolve(
        trainer.with_gate(data, min(grid.TEXT_THRESHOLDS), *trainer.SHIPPED_GATE[1:], expand=True),
        document_threshold=None,
        second_opinion=None,
    )
    truth = [bool(r.label) for r in part]
    out: dict[str, Any] = {"round": round_, "weights": len(data["weights"])}
    out["sentences:rules"] = dict(line_counts(truth, [r.flagged for r in part]))
    for th in grid.TEXT_THRESHOLDS:
        out[f"sentences@{th}"] = dict(line_counts(truth, trainer.fast_predict(part, attrs.evolve(m, threshold=th))))
    out["rules_docs"] = read_folder(trainer.DATA / folder, None, 1.0)
    out["docs"] = read_folder(trainer.DATA / folder, m, min(grid.DOCUMENT_THRESHOLDS))
    return out


def settings() -> list[tuple[float, float | None, str, float | None]]:
    """Every documents' setting of the grid: threshold, second opinion, praise places, tone."""
    return list(itertools.product(grid.DOCUMENT_THRESHOLDS, grid.SECOND_OPINIONS, PRAISE_SETTINGS, TONES))


def choose(results: Sequence[dict[str, Any]], aim: float) -> tuple[str | None, Any]:
    """The protocol's rule on *results*: the text threshold and the documents' setting finding the most at a
    pooled precision of at least *aim* (ties: the higher precision, then the setting listed first)."""
    text = grid.choose(results, [f"sentences@{th}" for th in grid.TEXT_THRESHOLDS], aim, documents=False)
    best: tuple[int, float] | None = None
    chosen = None
    for setting in settings():
        c: Counter[str] = Counter()
        for res in results:
            c.update(counts(res["docs"], *setting))
        p, _, found = grid.precision_recall(c, documents=True)
        if p >= aim and (best is None or (found, p) > best):
            best, chosen = (found, p), setting
    return text, chosen


def _doc_line(c: Counter[str]) -> str:
    return grid._line(c, documents=True)


def report(results: Sequence[dict[str, Any]], text: str | None, setting: Any) -> list[str]:
    """Each round and the pooled figures: rules alone, and at the settings given."""
    lines = []
    pooled_rules: Counter[str] = Counter()
    pooled_docs: Counter[str] = Counter()
    for res in results:
        rules = rules_counts(res["rules_docs"])
        pooled_rules.update(rules)
        lines.append(f"  v{res['round']} sentences rules     {grid._line(res['sentences:rules'], documents=False)}")
        if text is not None:
            lines.append(f"  v{res['round']} sentences {text:11} {grid._line(res[text], documents=False)}")
        lines.append(f"  v{res['round']} documents rules     {_doc_line(rules)}")
        if setting is not None:
            c = counts(res["docs"], *setting)
            pooled_docs.update(c)
            lines.append(f"  v{res['round']} documents {setting}  {_doc_line(c)}")
    lines.append(f"  pooled sentences rules {grid._line(grid.pooled(results, 'sentences:rules'), documents=False)}")
    if text is not None:
        lines.append(f"  pooled sentences {text} {grid._line(grid.pooled(results, text), documents=False)}")
    lines.append(f"  pooled documents rules {_doc_line(pooled_rules)}")
    if setting is not None:
        lines.append(f"  pooled documents {setting} {_doc_line(pooled_docs)}")
    return lines


def nested(results: Sequence[dict[str, Any]], aim: float) -> list[str]:
    """Each round scored with the settings the rule picks on the others."""
    lines = []
    text_total: Counter[str] = Counter()
    doc_total: Counter[str] = Counter()
    for res in results:
        text, setting = choose([o for o in results if o is not res], aim)
        if text is not None:
            text_total.update(res[text])
        if setting is not None:
            c = counts(res["docs"], *setting)
            doc_total.update(c)
            lines.append(f"  v{res['round']} chosen on the others: {text} {setting} {_doc_line(c)}")
        else:
            lines.append(f"  v{res['round']} chosen on the others: {text}, no documents' setting")
    lines.append(f"  pooled nested sentences {grid._line(text_total, documents=False)}")
    lines.append(f"  pooled nested documents {_doc_line(doc_total)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, nargs="*", default=[], help="rounds to train and store")
    parser.add_argument("--choose-on", type=int, nargs="*", default=[15, 16, 17, 18, 19, 20, 21])
    parser.add_argument("--final", type=int, default=None, help="the round scored once at the settings chosen")
    parser.add_argument("--aim", type=float, default=0.92)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.rounds:
        readings = grid.cached_readings(args.cache)
        for round_ in args.rounds:
            stored = args.store / f"v{round_}.json"
            if not stored.exists():
                res = run_round(readings, round_)
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(res) + "\n", encoding="utf-8")
            print(f"v{round_} stored", flush=True)
        return 0
    results = [json.loads((args.store / f"v{r}.json").read_text(encoding="utf-8")) for r in args.choose_on]
    text, setting = choose(results, args.aim)
    print(f"== chosen on rounds {args.choose_on} at pooled precision >= {args.aim}: {text}, {setting}")
    print("\n".join(report(results, text, setting)))
    print("\n".join(nested(results, args.aim)), flush=True)
    if args.final is not None:
        final = json.loads((args.store / f"v{args.final}.json").read_text(encoding="utf-8"))
        print(f"\n== round {args.final} left out, scored once at {text}, {setting}")
        print("\n".join(report([final], text, setting)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
