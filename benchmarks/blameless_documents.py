"""Score the blamelessness check on whole post-mortem documents labelled sentence by sentence.

The labelled sets (``blameless_eval.py``) score one sentence or short passage at a time. This
script scores what a team meets: a whole document, brought in the way a user would bring it
(``postmortem.importing.import_document`` for Markdown, ``postmortem.load`` for the project's
own YAML, JSON or TOML), checked with ``postmortem.check`` as ``postmortem check`` runs it.

A folder holds documents (``NAME.md``, ``NAME.yaml``, ...) and, for each, ``NAME.labels.json``::

    {"blameful": [{"quote": "...", "kind": "...", "confidence": "high"}, ...],
     "tricky_blameless": [{"quote": "...", "why": "..."}, ...]}

Each ``quote`` is a blameful sentence or clause as written in the document; every sentence
not listed is blameless. Quotes and prose are compared with runs of white space made one
space and Markdown emphasis marks (``*``) left out, so a quote still matches a field after
import or across a wrapped YAML line.

- A finding (any ``blame/*`` rule) is **right** when its words overlap a labelled blameful
  quote of the field it points to, and **wrong** otherwise (``near_tricky`` counts the wrong
  ones overlapping a quote labelled tricky but blameless).
- A blameful quote is **found** when any finding overlaps it. Quotes that no checked field
  holds (text an importer keeps out of the prose, such as a table cell it does not read) are
  counted apart, as ``not_in_prose``, and left out of recall: they measure the importer, not
  the check.

Usage::

    python benchmarks/blameless_documents.py DIR [--json] [--scorer] [--errors]
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import postmortem
from postmortem.checks import Config
from postmortem.importing import import_document

_SPACE = re.compile(r"\s+")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_PROJECT_FORMATS = {".yaml", ".yml", ".json", ".toml"}
_DOCUMENT_FORMATS = {".md", ".markdown", ".xml", ".html"}


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs made one space and ``*`` left out, and where each kept
    character came from."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, char in enumerate(text):
        if char == "*":
            continue
        if char.isspace():
            if in_space:
                continue
            in_space = True
            out.append(" ")
        else:
            in_space = False
            out.append(char)
        where.append(i)
    return "".join(out), where


def _field(incident: object, path: str) -> str | None:
    """The text at a finding's ``$.path`` in ``incident``, or None."""
    value: Any = incident
    for name, index in _STEP.findall(path.removeprefix("$")):
        try:
            value = getattr(value, name) if name else value[int(index)]
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return value if isinstance(value, str) else getattr(value, "text", None)


def _quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int, int]]:
    """(quote number, start, end) in ``text``'s own offsets for each quote found in it."""
    flat, where = _normalised(text)
    spans = []
    for number, quote in enumerate(quotes):
        needle = _normalised(quote)[0].strip()
        start = flat.find(needle) if needle else -1
        while start >= 0:
            spans.append((number, where[start], where[start + len(needle) - 1] + 1))
            start = flat.find(needle, start + 1)
    return spans


def _incident(path: Path) -> object:
    """The incident a labelled document holds: loaded (a project file) or imported (prose).

    Read once per process while the file is unchanged: the scorer's training reads every
    document, scoring reads each again with and without the scorer, and the tests do both; an
    import costs up to a second of CPU and gives the same frozen incident each time.
    """
    stat = path.stat()
    return _incident_of(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _incident_of(path: Path, mtime_ns: int, size: int) -> object:
    del mtime_ns, size  # only part of the cache key: an edited file is read again
    if path.suffix in _PROJECT_FORMATS:
        return postmortem.load(path)
    return import_document(path).incident


def score_document(path: Path, labels: dict[str, Any], *, scorer: bool) -> dict[str, Any]:
    """Findings and labels of one document, matched."""
    incident = _incident(path)
    report = postmortem.check(incident, config=Config(blame_scorer=scorer))  # type: ignore[arg-type]
    blameful = [b for b in labels.get("blameful", []) if b.get("confidence", "high") in {"high", "medium"}]
    tricky = [t["quote"] for t in labels.get("tricky_blameless", [])]
    quotes = [b["quote"] for b in blameful]
    found: set[int] = set()
    in_prose: set[int] = set()
    right, wrong, near_tricky = 0, 0, 0
    errors: list[dict[str, Any]] = []
    fields: dict[str, str | None] = {}
    findings = [f for f in report.findings if f.rule.startswith("blame/")]
    for finding in findings:
        text = fields.setdefault(finding.path, _field(incident, finding.path))
        if text is None or finding.span is None:
            wrong += 1
            errors.append({"kind": "unplaced", "path": finding.path, "phrase": finding.phrase, "rule": finding.rule})
            continue
        start, end = finding.span
        inside = [n for n, a, b in _quote_spans(text, quotes) if a < end and start < b]
        if inside:
            right += 1
            found.update(inside)
        else:
            wrong += 1
            if any(a < end and start < b for _, a, b in _quote_spans(text, tricky)):
                near_tricky += 1
            errors.append(
                {
                    "kind": "wrong",
                    "path": finding.path,
                    "phrase": finding.phrase,
                    "rule": finding.rule,
                    "scorer": "scorer" in finding.message,
                }
            )
    for text in _prose_texts(incident):
        in_prose.update(n for n, _, _ in _quote_spans(text, quotes))
    missed = [quotes[n] for n in sorted(in_prose - found)]
    errors.extend({"kind": "missed", "quote": q} for q in missed)
    return {
        "document": path.name,
        "findings": len(findings),
        "right": right,
        "wrong": wrong,
        "near_tricky": near_tricky,
        "blameful": len(quotes),
        "found": len(found & in_prose),
        "not_in_prose": len(quotes) - len(in_prose),
        "missed_kinds": dict(Counter(b["kind"] for n, b in enumerate(blameful) if n in in_prose - found)),
        "errors": errors,
    }


def _prose_texts(incident: object) -> list[str]:
    from postmortem.checks._text import prose_fields  # the fields the check reads

    return [text for _, text in prose_fields(incident)]  # type: ignore[arg-type]


def score_folder(folder: Path, *, scorer: bool) -> dict[str, Any]:
    """Every labelled document of ``folder``, and the totals."""
    documents = []
    for labels_path in sorted(folder.glob("*.labels.json")):
        stem = labels_path.name.removesuffix(".labels.json")
        candidates = [
            p
            for p in folder.glob(stem + ".*")
            if p.suffix in _PROJECT_FORMATS | _DOCUMENT_FORMATS and not p.name.endswith(".labels.json")
        ]
        if len(candidates) != 1:
            raise SystemExit(f"{labels_path}: expected one document named {stem}.*, found {len(candidates)}")
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        documents.append(score_document(candidates[0], labels, scorer=scorer))
    total = Counter[str]()
    for doc in documents:
        for key in ("findings", "right", "wrong", "near_tricky", "blameful", "found", "not_in_prose"):
            total[key] += doc[key]
    counted = total["blameful"] - total["not_in_prose"]
    return {
        "documents": len(documents),
        "precision": round(total["right"] / total["findings"], 4) if total["findings"] else 1.0,
        "recall": round(total["found"] / counted, 4) if counted else 1.0,
        "totals": dict(total),
        "clean_documents_flagged": sum(1 for d in documents if d["blameful"] == 0 and d["findings"]),
        "per_document": documents,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--scorer", action="store_true", help="the rules and the statistical scorer")
    parser.add_argument("--errors", action="store_true", help="list wrong findings and missed quotes")
    args = parser.parse_args(argv)
    result = score_folder(args.folder, scorer=args.scorer)
    if not args.errors:
        for doc in result["per_document"]:
            del doc["errors"]
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    t = result["totals"]
    print(
        f"{result['documents']} documents: findings {t['findings']} (right {t['right']}, wrong {t['wrong']}), "
        f"precision {result['precision']:.3f}; blameful quotes {t['blameful']} "
        f"(not in the checked prose {t['not_in_prose']}), found {t['found']}, recall {result['recall']:.3f}"
    )
    for doc in result["per_document"]:
        print(
            f"  {doc['document']}: findings {doc['findings']} (wrong {doc['wrong']}), "
            f"blameful {doc['blameful']}, found {doc['found']}, not in prose {doc['not_in_prose']}"
        )
        for error in doc.get("errors", []):
            print("    ", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
