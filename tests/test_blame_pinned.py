"""The check's results, pinned: speed work must leave every finding as it was.

``tests/data/blame_pinned.json`` holds what the check found, when it was written, in:

* every labelled text of ``tests/data/blameless_*.jsonl`` and every document of
  ``tests/data/blameless_documents/``, read by :func:`find_blame` with the rules alone and
  with the scorer: each hit's rule, span and a digest of its message and suggestion;
* every example incident, read by :func:`check_file` with the default configuration and a
  fixed day: each finding's rule, severity, path, span and a digest of the rest of it
  (line, column, phrase, message, suggestion).

A change meant only to make the check faster must leave this file as it is. A change that
means to change results (a rule, the vocabulary, the scorer) rewrites it with
``python tests/test_blame_pinned.py``, and the diff shows which texts' results moved.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postmortem.checks import Config, check_file
from postmortem.checks._blame import find_blame

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PINNED = DATA / "blame_pinned.json"
TODAY = date(2026, 11, 1)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def _texts() -> dict[str, str]:
    """Every labelled text and document, by a key naming its file and id."""
    texts: dict[str, str] = {}
    for path in sorted(DATA.glob("blameless_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts[f"{path.name}:{item['id']}"] = item["text"]
    for path in sorted((DATA / "blameless_documents").glob("*.md")):
        texts[f"blameless_documents/{path.name}"] = path.read_text(encoding="utf-8")
    return texts


def _hits(text: str, *, scorer: bool) -> list[list[Any]]:
    return [
        [hit.rule, hit.start, hit.end, _digest(hit.message, hit.suggestion)] for hit in find_blame(text, scorer=scorer)
    ]


def _findings(path: Path) -> list[list[Any]]:
    found = []
    for finding in check_file(path, Config(today=TODAY)):
        data = finding.to_dict()
        data.pop("source", None)  # where the repository is: not a result
        found.append([finding.rule, data["severity"], finding.path, data.get("span"), _digest(data)])
    return found


def results() -> dict[str, Any]:
    """What the check finds now, in the shape of the pinned file."""
    texts = _texts()
    return {
        "rules": {key: found for key, text in texts.items() if (found := _hits(text, scorer=False))},
        "scorer": {key: found for key, text in texts.items() if (found := _hits(text, scorer=True))},
        "texts": _digest(sorted(texts.items())),
        "examples": {path.name: _findings(path) for path in sorted((ROOT / "examples").glob("*.yaml"))},
    }


@pytest.fixture(scope="module")
def now() -> dict[str, Any]:
    return results()


@pytest.fixture(scope="module")
def pinned() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PINNED.read_text(encoding="utf-8"))
    return data


_REWRITE = "results changed; if that is meant (a rule or the vocabulary changed), run python tests/test_blame_pinned.py"


@pytest.mark.parametrize("part", ["rules", "scorer", "examples"])
def test_results_are_pinned(now: dict[str, Any], pinned: dict[str, Any], part: str) -> None:
    if now["texts"] != pinned["texts"]:
        pytest.fail(f"the labelled texts changed since the pinned results were written; {_REWRITE}")
    moved = sorted(key for key in now[part].keys() | pinned[part].keys() if now[part].get(key) != pinned[part].get(key))
    assert not moved, f"{part}: {len(moved)} texts' {_REWRITE}; first: {moved[:10]}"


def test_pinned_results_are_not_empty(pinned: dict[str, Any]) -> None:
    """The file pins real findings: many labelled texts with hits, and the draft's findings."""
    assert len(pinned["rules"]) > 1000
    assert len(pinned["scorer"]) >= len(pinned["rules"])
    assert any(finding[0].startswith("blame/") for finding in pinned["examples"]["draft-checkout-errors.yaml"])


def _write(data: dict[str, Any]) -> str:
    """JSON with one text (or example) a line, so that a diff shows which results moved."""
    parts = []
    for part, value in sorted(data.items()):
        if isinstance(value, dict):
            lines = ",\n".join(f"  {json.dumps(key)}: {json.dumps(found)}" for key, found in sorted(value.items()))
            parts.append(f"{json.dumps(part)}: {{\n{lines}\n}}")
        else:
            parts.append(f"{json.dumps(part)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    PINNED.write_text(_write(results()), encoding="utf-8")
    sys.exit(0)
