"""Score the blamelessness rules on three parts of the labelled data: transfer, kept aside, tuning.

Round 23 (issue 14) changed the method: readings are tuned on one part of the development data
and judged on two parts never read while tuning.

* **transfer**: whole sets written by authors the rules were never tuned on (since round 25,
  round 24's held-out sentence sets, ``TRANSFER_FILES``; ``TRANSFER_FOLDERS`` is empty: a round
  measures documents' transfer on its own held-out documents, scored at the end), kept aside entirely;
* **kept aside**: of every other labelled sentence file (``tests/data/blameless_*.jsonl`` and
  ``../shared/blameless/dev.jsonl``) the lines with ``md5(id) % 4 == 0``, and of every other
  document folder the documents with ``md5(file name without extension) % 4 == 0``, but for the
  folders of ``TUNED_WHOLE_FOLDERS`` (round 24's held-out documents, whose wrong findings round 25
  reads), tuned on whole;
* **tuning**: the rest, the only part whose errors ``--errors`` lists.

Every figure is the rules alone (``find_blame`` for a sentence; ``blameless_documents.py``'s
matching of ``postmortem.check`` findings for a document). Precision of a sentence part is lines
flagged and blameful over lines flagged; of a document part, findings overlapping a labelled quote
over findings.

Usage::

    python benchmarks/blame_transfer.py [--json] [--errors] [--only sentences|documents]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from postmortem.checks._blame import find_blame

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED_DEV = ROOT.parent.parent / "shared" / "blameless" / "dev.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blameless_documents import score_folder  # noqa: E402  (a sibling script)

#: Round 24's held-out sentence sets: the transfer test of round 25, never tuned on (round 24's was
#: round 23's sets, round 23's was round 22's: each split like every other file since).
TRANSFER_FILES = ("blameless_v24_unseen.jsonl", "blameless_v24b_unseen.jsonl")
TRANSFER_FOLDERS: tuple[str, ...] = ()
#: Folders tuned on whole, none of their documents kept aside: round 24's held-out documents, whose
#: wrong findings round 25 reads (round 23's, tuned on whole in round 24, are split like the rest since).
TUNED_WHOLE_FOLDERS = ("blameless_documents_v24",)
PARTS = ("transfer", "kept_aside", "tuning")


def kept_aside(key: str) -> bool:
    """True when ``key`` (a line's id, a document's file name without extension) is set aside."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 4 == 0  # a split, not a secret


def _sentence_files() -> list[Path]:
    files = sorted(DATA.glob("blameless_*.jsonl"))
    if SHARED_DEV.exists():
        files.append(SHARED_DEV)
    return files


def sentences(errors: bool) -> dict[str, Any]:
    """Figures of each part over every labelled sentence file, and the tuning part's errors."""
    counts = {part: Counter[str]() for part in PARTS}
    listed: list[dict[str, Any]] = []
    for path in _sentence_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if path.name in TRANSFER_FILES:
                part = "transfer"
            else:
                part = "kept_aside" if kept_aside(str(row.get("id", row["text"]))) else "tuning"
            flagged = bool(find_blame(row["text"]))
            blameful = row["label"] == "blameful"
            tally = counts[part]
            tally["lines"] += 1
            tally["blameful"] += blameful
            tally["found"] += flagged and blameful
            tally["wrong"] += flagged and not blameful
            if errors and part == "tuning" and flagged != blameful:
                listed.append({"file": path.name, "id": row.get("id"), "label": row["label"], "text": row["text"]})
    return {"parts": {part: _rates(c, "found", "wrong") for part, c in counts.items()}, "errors": listed}


def documents(errors: bool) -> dict[str, Any]:
    """Figures of each part over every labelled document folder, and the tuning part's errors."""
    counts = {part: Counter[str]() for part in PARTS}
    listed: list[dict[str, Any]] = []
    for folder in sorted(p for p in DATA.glob("blameless_documents*") if p.is_dir()):
        for doc in score_folder(folder, scorer=False)["per_document"]:
            stem = doc["document"].rsplit(".", 1)[0]
            if folder.name in TRANSFER_FOLDERS:
                part = "transfer"
            elif folder.name in TUNED_WHOLE_FOLDERS:
                part = "tuning"
            else:
                part = "kept_aside" if kept_aside(stem) else "tuning"
            tally = counts[part]
            tally["documents"] += 1
            for key in ("findings", "right", "wrong", "blameful", "found", "not_in_prose"):
                tally[key] += doc[key]
            if errors and part == "tuning":
                listed.extend({"document": f"{folder.name}/{doc['document']}", **e} for e in doc["errors"])
    figures = {}
    for part, tally in counts.items():
        counted = tally["blameful"] - tally["not_in_prose"]
        figures[part] = {
            **dict(tally),
            "precision": round(tally["right"] / tally["findings"], 4) if tally["findings"] else 1.0,
            "recall": round(tally["found"] / counted, 4) if counted else 1.0,
        }
    return {"parts": figures, "errors": listed}


def _rates(tally: Counter[str], found: str, wrong: str) -> dict[str, Any]:
    flagged = tally[found] + tally[wrong]
    return {
        **dict(tally),
        "precision": round(tally[found] / flagged, 4) if flagged else 1.0,
        "recall": round(tally[found] / tally["blameful"], 4) if tally["blameful"] else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="also list the tuning part's errors")
    parser.add_argument("--only", choices=("sentences", "documents"), help="score one kind only")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    if args.only != "documents":
        result["sentences"] = sentences(args.errors)
    if args.only != "sentences":
        result["documents"] = documents(args.errors)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    for kind, figures in result.items():
        for part, tally in figures["parts"].items():
            shown = ", ".join(f"{k} {v}" for k, v in tally.items())
            print(f"{kind:9} {part:10} {shown}")
        for error in figures["errors"]:
            print("  ", json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
