"""Golden texts: the two complete examples render as they did before Markdown prose.

The files under ``tests/data/golden/`` were generated from ``main`` *before* prose fields
became Markdown (``python tests/test_golden_examples.py`` rewrites them). The two complete
examples use no Markdown syntax on purpose, so their Markdown and HTML output must stay the
same; each accepted difference is listed in :data:`ACCEPTED` with the reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import postmortem

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
EXAMPLES = ("api-outage-feature-flag", "latency-database-hotspot")


def rendered(example: str, fmt: str) -> str:
    """The example's export, as the golden file holds it (HTML as an embeddable fragment)."""
    incident = postmortem.load(ROOT / "examples" / f"{example}.yaml")
    if fmt == "html":
        return str(postmortem.export(incident, "html", standalone=False))
    return str(postmortem.export(incident, "markdown"))


def golden_path(example: str, fmt: str) -> Path:
    """Where the golden text of ``example`` in ``fmt`` lives."""
    return GOLDEN / f"{example}.{'md' if fmt == 'markdown' else 'html'}"


class TestGoldenExamples:
    """The complete examples, which use no Markdown, render as before."""

    @pytest.mark.parametrize("example", EXAMPLES)
    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_matches_golden_text(self, example: str, fmt: str) -> None:
        """The export equals the golden text line for line."""
        expected = golden_path(example, fmt).read_text(encoding="utf-8")
        actual = rendered(example, fmt)
        assert expected.splitlines() == actual.splitlines()


if __name__ == "__main__":  # pragma: no cover - a maintenance script, not a test
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLES:
        for kind in ("markdown", "html"):
            golden_path(name, kind).write_text(rendered(name, kind), encoding="utf-8")
            sys.stdout.write(f"wrote {golden_path(name, kind)}\n")
