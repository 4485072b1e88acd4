"""The blamelessness scorer's settings scored in one pass: every documents' threshold and second opinion at once.

``blame_scorer_by_round.py`` scores each round's held-out documents as a user would (``check()``, then
each finding matched to the labelled quotes). A grid of settings (a documents' threshold, a second
opinion on the rules' findings) would check the documents once per setting; here they are checked once,
with the loosest setting and nothing withdrawn, and each finding keeps the score that decides it:

* a finding of the scorer, its sentence's score (the finding stands at any documents' threshold up to it;
  the first filter's bound is sound, so a higher threshold only drops findings);
* a rule's finding, its sentence's score as the second opinion reads it (``_scan._second_opinion``; the
  finding stands at any second opinion up to it).

:func:`counts` then gives, for any setting, what ``blame_scorer_by_set.score_folder_with`` gives with it
(``tests/test_blame_scorer_grid.py`` checks that they agree). The protocol's selection rule (:func:`choose`)
is here too (docs/checks/blamelessness.md, *Round 21: the scorer*).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blameless_documents as documents
import train_blame_scorer as trainer

import postmortem.checks._blame._scan as scan
import postmortem.checks._blame._scorer as scorer_module
from postmortem.checks._blame._scorer import Model

#: How a finding's deciding score is written into its message while the documents are checked.
_SCORED = re.compile(r"\(score ([0-9.e+-]+)\)")
_SECOND = re.compile(r" \[second ([0-9.e+-]+)\]$")


class _Exact(float):
    """A probability that formats in full: a scorer finding's message then carries its exact score."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return repr(float(self))


@attrs.frozen
class _Recording(Model):
    """The model, its probabilities written in full into the findings' messages."""

    def probability(self, found: Any) -> float:
        return _Exact(super().probability(found))


def _recording(m: Model, loosest: float) -> Model:
    fields = {a.name: getattr(m, a.name) for a in attrs.fields(Model) if a.init}
    # Every prose sentence held to the loosest threshold, and the second opinion asked (never heeded).
    fields.update(threshold=loosest, document_threshold=None, second_opinion=1.0)
    return _Recording(**fields)


def _second_opinion_marked(views: Sequence[str], found: list[list[Any]], people: Any) -> None:
    """``_scan._second_opinion``, each rule's hit kept, its sentence's score added to its message."""
    from postmortem.checks._blame._scorer import features, sentence_tokens

    m = scorer_module.model()
    people = scan._normalised(frozenset(people))
    for index, hits in enumerate(found):
        view = views[index]
        marked = []
        for hit in hits:
            first = view.rfind("\n", 0, hit.start) + 1
            last = view.find("\n", hit.start)
            line = view[first : len(view) if last < 0 else last]
            span = next(
                ((first + a, first + b) for a, b in scan._sentences(line) if a <= hit.start - first < b),
                (first, first + len(line)),
            )
            piece = view[span[0] : span[1]]
            families = frozenset(
                rule.rule for rule in scan._signalled_rules(scan._key_words(piece.lower().replace("’", "'")))
            )
            p = float(m.probability(features(sentence_tokens(piece, people), families)))
            marked.append(attrs.evolve(hit, message=f"{hit.message} [second {p!r}]"))
        found[index] = marked


@attrs.frozen
class Finding:
    """One finding on a labelled document: which quotes it overlaps (none: wrong) and what decides it."""

    scorer: bool
    # The score that decides it: the scorer's, or the second opinion's on a rule's finding (None: unread).
    score: float | None
    quotes: frozenset[int]
    phrase: str = ""


@attrs.frozen
class Document:
    """A labelled document's findings at the loosest setting, and its quotes."""

    name: str
    findings: tuple[Finding, ...]
    blameful: int
    in_prose: frozenset[int]


def read_folder(folder: Path, m: Model | None, loosest: float) -> list[Document]:
    """Check every labelled document of *folder* once with *m* (None: rules alone) at *loosest*."""
    original, original_second = scorer_module.model, scan._second_opinion
    if m is not None:
        recording = _recording(m, loosest)
        scan._scorer_model = scorer_module.model = lambda: recording  # type: ignore[assignment,misc]
        scan._second_opinion = _second_opinion_marked
    try:
        return [_read_document(labels, m is not None) for labels in sorted(folder.glob("*.labels.json"))]
    finally:
        scan._scorer_model = scorer_module.model = original  # type: ignore[assignment]
        scan._second_opinion = original_second


def _read_document(labels_path: Path, scored: bool) -> Document:
    import postmortem
    from postmortem.checks import Config

    folder = labels_path.parent
    stem = labels_path.name.removesuffix(".labels.json")
    path = next(p for p in sorted(folder.glob(stem + ".*")) if not p.name.endswith(".labels.json"))
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    incident = documents._incident(path)
    report = postmortem.check(incident, config=Config(blame_scorer=scored))  # type: ignore[arg-type]
    blameful = [b for b in labels.get("blameful", []) if b.get("confidence", "high") in {"high", "medium"}]
    quotes = [b["quote"] for b in blameful]
    out = []
    fields: dict[str, str | None] = {}
    for finding in (f for f in report.findings if f.rule.startswith("blame/")):
        text = fields.setdefault(finding.path, documents._field(incident, finding.path))
        inside: frozenset[int] = frozenset()
        if text is not None and finding.span is not None:
            start, end = finding.span
            inside = frozenset(n for n, a, b in documents._quote_spans(text, quotes) if a < end and start < b)
        score, is_scorer = None, False
        if (hit := _SCORED.search(finding.message)) is not None and "Reads as blame to the scorer" in finding.message:
            score, is_scorer = float(hit.group(1)), True
        elif (hit := _SECOND.search(finding.message)) is not None:
            score = float(hit.group(1))
        out.append(Finding(is_scorer, score, inside, finding.phrase or ""))
    in_prose = {n for text in documents._prose_texts(incident) for n, _, _ in documents._quote_spans(text, quotes)}
    return Document(stem, tuple(out), len(quotes), frozenset(in_prose))


def counts(docs: Iterable[Document], threshold: float, second: float | None) -> Counter[str]:
    """What ``score_folder_with`` counts with the documents' *threshold* and *second* opinion (None: none)."""
    total: Counter[str] = Counter()
    for doc in docs:
        found: set[int] = set()
        for f in doc.findings:
            if f.scorer and (f.score is None or f.score < threshold):
                continue
            if not f.scorer and second is not None and f.score is not None and f.score < second:
                continue
            total["findings"] += 1
            if f.quotes:
                total["right"] += 1
                found.update(f.quotes)
            else:
                total["wrong"] += 1
        total["blameful"] += doc.blameful
        total["found"] += len(found & doc.in_prose)
        total["not_in_prose"] += doc.blameful - len(doc.in_prose)
    return total


def precision_recall(c: Counter[str] | dict[str, int], *, documents: bool) -> tuple[float, float, int]:
    """Precision, recall and what was found (quotes for documents, blameful texts for sentences)."""
    if documents:
        counted = c.get("blameful", 0) - c.get("not_in_prose", 0)
        return c.get("right", 0) / max(1, c.get("findings", 0)), c.get("found", 0) / max(1, counted), c.get("found", 0)
    flagged, blameful = c.get("tp", 0) + c.get("fp", 0), c.get("tp", 0) + c.get("fn", 0)
    return (
        (c.get("tp", 0) / flagged if flagged else 1.0),
        (c.get("tp", 0) / blameful if blameful else 1.0),
        c.get("tp", 0),
    )


def pooled(results: Iterable[dict[str, Any]], key: str) -> Counter[str]:
    """The counts under *key*, added over the rounds' *results*."""
    total: Counter[str] = Counter()
    for res in results:
        total.update(res[key])
    return total


def choose(
    results: Sequence[dict[str, Any]], keys: Iterable[str], aim: float, *, documents: bool, lowest_first: bool = False
) -> str | None:
    """The protocol's selection rule: among *keys*, the one that finds the most, pooled over *results*, at a
    pooled precision of at least *aim*; ties go to the higher precision (with *lowest_first*, the key listed
    first among equals). None when no key reaches *aim*."""
    best: tuple[int, float] | None = None
    chosen = None
    for key in keys:
        p, _, found = precision_recall(pooled(results, key), documents=documents)
        if p < aim:
            continue
        mark = (found, p) if not lowest_first else (found, 0.0)
        if best is None or mark > best:
            best, chosen = mark, key
    return chosen


def train_score_grid(
    rest: list[trainer.Reading],
    part: list[trainer.Reading],
    folder: Path,
    *,
    l2: float,
    text_thresholds: Sequence[float],
    document_thresholds: Sequence[float],
    second_opinions: Sequence[float | None],
) -> dict[str, Any]:
    """Train on *rest*; score *part* (labelled lines) and *folder* (documents) at every setting of the grid."""
    from blame_scorer_by_set import counts as line_counts

    data = trainer.train(rest, l2, 2)
    gate = trainer.SHIPPED_GATE
    m = attrs.evolve(
        trainer.with_gate(data, min(text_thresholds), *gate[1:], expand=True),
        document_threshold=None,
        second_opinion=None,
    )
    truth = [bool(r.label) for r in part]
    out: dict[str, Any] = {
        "weights": len(data["weights"]),
        "sentences:rules": dict(line_counts(truth, [r.flagged for r in part])),
    }
    for th in text_thresholds:
        flagged = trainer.fast_predict(part, attrs.evolve(m, threshold=th))
        out[f"sentences@{th}"] = dict(line_counts(truth, flagged))
    out["documents:rules"] = dict(counts(read_folder(folder, None, 1.0), 1.0, None))
    docs = read_folder(folder, m, min(document_thresholds))
    for th in document_thresholds:
        for second in second_opinions:
            out[f"documents@{th}/{second}"] = dict(counts(docs, th, second))
    out["model"] = data
    return out


def held_out(round_: int) -> tuple[tuple[str, ...], str]:
    """Round *round_*'s held-out sentence files and document folder (round 20 wrote two sentence sets)."""
    files = [f"blameless_v{round_}_unseen.jsonl"]
    if (trainer.DATA / f"blameless_v{round_}b_unseen.jsonl").exists():
        files.append(f"blameless_v{round_}b_unseen.jsonl")
    return tuple(files), f"blameless_documents_v{round_}"


@attrs.frozen
class Design:
    """The trainer's settings a model is fitted with (the shipped ones by default)."""

    l2: float = trainer.L2
    document_weight: float = 3.0
    flagged_weight: float = 1.0
    caught_weight: float = trainer.CAUGHT_WEIGHT
    least_weight: float = trainer.LEAST_WEIGHT


#: The designs screened in the twenty-first round (docs/checks/blamelessness.md, *Round 21: the scorer*).
DESIGNS: dict[str, Design] = {
    "shipped": Design(),
    "l2-0.0001": Design(l2=0.0001),
    "l2-0.001": Design(l2=0.001),
    "l2-0.003": Design(l2=0.003),
    "docweight-1.5": Design(document_weight=1.5),
    "docweight-6": Design(document_weight=6.0),
    "caught-0.6": Design(caught_weight=0.6),
    "l2-0.00003": Design(l2=0.00003),
    "l2-0.00001": Design(l2=0.00001),
    "l2-0.0001-least-0.1": Design(l2=0.0001, least_weight=0.1),
    "l2-0.0001-docweight-6": Design(l2=0.0001, document_weight=6.0),
    "l2-0.0001-caught-0.6": Design(l2=0.0001, caught_weight=0.6),
    "l2-0.00003-least-0.15": Design(l2=0.00003, least_weight=0.15),
    # The twenty-second round's (docs/checks/blamelessness.md, *Round 22: the scorer*): a document's
    # blameless prose and the sentences the rules flag in blameless texts (the second opinion's) weigh more.
    "flagged-3": Design(flagged_weight=3.0),
    "docweight-6-flagged-3": Design(document_weight=6.0, flagged_weight=3.0),
    "docweight-10": Design(document_weight=10.0),
}

TEXT_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
DOCUMENT_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97)
# 0.4 and 0.5 since the twenty-second round: the rules' own wrong findings bound the documents' precision.
SECOND_OPINIONS: tuple[float | None, ...] = (None, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def run_round(readings: list[trainer.Reading], round_: int, design: Design) -> dict[str, Any]:
    """Train without round *round_*'s held-out sets, score them at every setting of the grid."""
    files, folder = held_out(round_)
    part = [r for r in readings if r.file in files]
    rest = [r for r in readings if r.file not in {*files, folder}]
    saved = trainer.DOCUMENT_WEIGHT[0], trainer.FLAGGED_WEIGHT[0], trainer.CAUGHT_WEIGHT, trainer.LEAST_WEIGHT
    trainer.DOCUMENT_WEIGHT[0], trainer.FLAGGED_WEIGHT[0] = design.document_weight, design.flagged_weight
    trainer.CAUGHT_WEIGHT, trainer.LEAST_WEIGHT = design.caught_weight, design.least_weight
    try:
        out = train_score_grid(
            rest,
            part,
            trainer.DATA / folder,
            l2=design.l2,
            text_thresholds=TEXT_THRESHOLDS,
            document_thresholds=DOCUMENT_THRESHOLDS,
            second_opinions=SECOND_OPINIONS,
        )
    finally:
        trainer.DOCUMENT_WEIGHT[0], trainer.FLAGGED_WEIGHT[0] = saved[:2]
        trainer.CAUGHT_WEIGHT, trainer.LEAST_WEIGHT = saved[2:]
    out.pop("model")
    return {"round": round_, **out}


def selected(
    results: Sequence[dict[str, Any]], aim: float, documents_aim: float | None = None
) -> dict[str, str | None]:
    """The settings the protocol's rule picks on *results*: a text's threshold at *aim*, and an incident's
    prose's documents' threshold with its second opinion at *documents_aim* (None: *aim*; see choose)."""
    text = choose(results, [f"sentences@{th}" for th in TEXT_THRESHOLDS], aim, documents=False)
    prose = choose(
        results,
        [f"documents@{th}/{s}" for th in DOCUMENT_THRESHOLDS for s in SECOND_OPINIONS],
        aim if documents_aim is None else documents_aim,
        documents=True,
    )
    return {"text": text, "prose": prose}


def _line(c: Counter[str] | dict[str, int], *, documents: bool) -> str:
    p, r, found = precision_recall(c, documents=documents)
    if documents:
        counted = c.get("blameful", 0) - c.get("not_in_prose", 0)
        return f"{p:.3f} / {r:.3f} ({c.get('wrong', 0)} wrong of {c.get('findings', 0)}, {found} of {counted} quotes)"
    return f"{p:.3f} / {r:.3f} ({c.get('fp', 0)} wrong of {c.get('tp', 0) + c.get('fp', 0)}, {found} found)"


def report(results: Sequence[dict[str, Any]], choice: dict[str, str | None]) -> list[str]:
    """Lines: each round and the pooled figures, rules alone and at the chosen settings."""
    lines = []
    for label, key, docs in (
        ("sentences, rules alone", "sentences:rules", False),
        ("sentences, " + str(choice["text"]), choice["text"], False),
        ("documents, rules alone", "documents:rules", True),
        ("documents, " + str(choice["prose"]), choice["prose"], True),
    ):
        if key is None:
            continue
        for res in results:
            lines.append(f"  v{res['round']} {label:38} {_line(res[key], documents=docs)}")
        lines.append(f"  pooled {label:34} {_line(pooled(results, key), documents=docs)}")
    return lines


def nested(results: Sequence[dict[str, Any]], aim: float, documents_aim: float | None = None) -> list[str]:
    """Each round scored with the settings the rule picks on the other rounds: how the choice carries over."""
    lines = []
    text_total: Counter[str] = Counter()
    prose_total: Counter[str] = Counter()
    for res in results:
        choice = selected([o for o in results if o is not res], aim, documents_aim)
        for key, total, docs in ((choice["text"], text_total, False), (choice["prose"], prose_total, True)):
            if key is not None:
                total.update(res[key])
                lines.append(f"  v{res['round']} chosen on the others: {key:24} {_line(res[key], documents=docs)}")
    lines.append(f"  pooled nested sentences {_line(text_total, documents=False)}")
    lines.append(f"  pooled nested documents {_line(prose_total, documents=True)}")
    return lines


def cached_readings(cache: Path | None) -> list[trainer.Reading]:
    """Every labelled text the trainer reads, read by the rules; kept in ``cache`` (a pickle) when given."""
    import pickle

    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]  # the cache this function wrote
    readings = trainer.read(trainer.load_rows([])) + trainer._EXAMPLES()
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(readings, f)
    return readings


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", nargs="*", default=["shipped"], choices=sorted(DESIGNS))
    parser.add_argument("--rounds", type=int, nargs="*", default=[15, 16, 17, 18, 19, 20])
    parser.add_argument("--aim", type=float, default=0.92, help="pooled precision the settings must keep")
    parser.add_argument(
        "--documents-aim", type=float, default=None, help="the documents' own pooled precision aim (default: --aim)"
    )
    parser.add_argument("--cache", type=Path, default=None, help="read (or write) the readings here")
    parser.add_argument(
        "--fixed",
        nargs=3,
        default=None,
        metavar=("TEXT", "PROSE", "SECOND"),
        help="report at these settings (a text's threshold, the documents' threshold, the second opinion or None) "
        "instead of choosing: the last round, scored once",
    )
    parser.add_argument("--store", type=Path, default=None, help="a folder keeping each design's rounds as JSON")
    args = parser.parse_args(argv)
    readings = cached_readings(args.cache)
    for name in args.designs:
        results = []
        for round_ in args.rounds:
            stored = None if args.store is None else args.store / f"{name}-v{round_}.json"
            if stored is not None and stored.exists():
                res = json.loads(stored.read_text(encoding="utf-8"))
            else:
                res = run_round(readings, round_, DESIGNS[name])
                if stored is not None:
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    stored.write_text(json.dumps(res) + "\n", encoding="utf-8")
            results.append(res)
            print(f"{name} v{round_}: {res['weights']} weights", flush=True)
        if args.fixed is not None:
            text, prose, second = args.fixed
            choice = {"text": f"sentences@{float(text)}", "prose": f"documents@{float(prose)}/{second}"}
            print(f"\n== {name}: rounds {args.rounds} at the settings given: {choice}")
            print("\n".join(report(results, choice)), flush=True)
            continue
        choice = selected(results, args.aim, args.documents_aim)
        aims = f"{args.aim} (documents {args.documents_aim or args.aim})"
        print(f"\n== {name}: chosen on rounds {args.rounds} at pooled precision >= {aims}: {choice}")
        print("\n".join(report(results, choice)))
        print("\n".join(nested(results, args.aim, args.documents_aim)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
