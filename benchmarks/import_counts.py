"""What ``postmortem import`` reads from the labelled documents, split into tuning and kept-aside parts.

Each Markdown document of ``tests/data/blameless_documents*/`` (READMEs left out) and of round
15's own folders (``tests/data/importing/shapes15`` and ``kept15``) is imported with
``import_document``; the script counts timeline events, action items, headings mapped to a field,
free-form sections and failures, and splits the documents by round 15's rule: kept aside when
``int(md5("round15:" + file name), 16) % 3 == 0``. Where a reader counted a document by hand
(``kept13``, ``kept15`` and ``shapes15`` ``expected.toml``), it also prints events and items found
(``min(read, present)`` summed) and read beyond the count.

Usage::

    python benchmarks/import_counts.py            # tuning parts only
    python benchmarks/import_counts.py --kept     # the kept-aside parts too (score them at the start and end only)
    python benchmarks/import_counts.py --json     # one row a document
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from postmortem.errors import PostmortemError
from postmortem.importing import import_document

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
OWN = ("shapes15", "kept15")
COUNTED = ("kept13", "kept15", "shapes15")
FIELDS = ("events", "action_items", "mapped", "free", "failed")


def kept_aside(name: str) -> bool:
    """Round 15's rule: the documents set aside before any import code changed."""
    return int(hashlib.md5(f"round15:{name}".encode()).hexdigest(), 16) % 3 == 0


def documents() -> list[tuple[Path, str]]:
    """Every document measured, with its part (``labelled`` or ``own``, then ``tuning`` or ``kept``)."""
    labelled = sorted(path for path in DATA.glob("blameless_documents*/*.md") if path.name != "README.md")
    own = sorted(path for folder in OWN for path in (DATA / "importing" / folder).glob("*.md"))
    return [
        (path, f"{kind} {'kept' if kept_aside(path.name) else 'tuning'}")
        for kind, paths in (("labelled", labelled), ("own", own))
        for path in paths
    ]


def present() -> dict[Path, dict[str, Any]]:
    """The hand counts: the documents' paths and what a reader counted in each."""
    counts: dict[Path, dict[str, Any]] = {}
    for folder in COUNTED:
        with (DATA / "importing" / folder / "expected.toml").open("rb") as handle:
            for name, want in tomllib.load(handle).items():
                path = DATA / name if "/" in name else DATA / "importing" / folder / name
                counts[path] = want
    return counts


def measure(path: Path) -> dict[str, Any]:
    """What the import read from one document (a failure is counted, never raised)."""
    start = time.perf_counter()
    try:
        result = import_document(path)
    except PostmortemError:
        row: dict[str, Any] = dict.fromkeys(FIELDS, 0) | {"failed": 1}
    else:
        row = {
            "events": len(result.incident.timeline),
            "action_items": len(result.incident.action_items),
            "mapped": sum(1 for mapped in result.mapping if mapped.target != "section"),
            "free": len(result.sections),
            "failed": 0,
        }
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kept", action="store_true", help="score the kept-aside parts too")
    parser.add_argument("--json", action="store_true", help="print one row a document")
    args = parser.parse_args(argv)
    counts = present()
    rows = []
    for path, part in documents():
        if args.kept or part.endswith("tuning"):
            row = {"document": path.relative_to(DATA).as_posix(), "part": part} | measure(path)
            rows.append(row | _against(counts.get(path), row))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    for part in sorted({row["part"] for row in rows}):
        chosen = [row for row in rows if row["part"] == part]
        totals = {field: sum(row[field] for row in chosen) for field in FIELDS}
        counted = [row for row in chosen if "present_events" in row]
        line = f"{part}: {len(chosen)} documents, " + ", ".join(f"{field} {totals[field]}" for field in FIELDS)
        if counted:
            line += f"; hand-counted {len(counted)}: " + ", ".join(
                _found(counted, field) for field in ("events", "action_items")
            )
        print(line)
    return 0


def _found(rows: list[dict[str, Any]], field: str) -> str:
    found, present = (sum(row[f"{kind}_{field}"] for row in rows) for kind in ("found", "present"))
    return f"{field} {found}/{present} (+{sum(row[f'beyond_{field}'] for row in rows)} beyond)"


def _against(want: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    """Found and read beyond, against a reader's counts where there are any."""
    if want is None:
        return {}
    out: dict[str, Any] = {}
    for field in ("events", "action_items"):
        out[f"present_{field}"] = want[field]
        out[f"found_{field}"] = min(row[field], want[field])
        out[f"beyond_{field}"] = max(0, row[field] - want[field])
    return out


if __name__ == "__main__":
    sys.exit(main())
