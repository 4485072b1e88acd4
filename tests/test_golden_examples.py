r"""Golden files: the two complete examples render byte for byte as reviewed.

``tests/data/golden/`` holds each complete example's Markdown report and HTML fragment, as the
exporters write them. The tests compare bytes, so any change to what a reader gets (a word, a
space, an escape, a class) fails here until the files are written again with
``python tests/test_golden_examples.py`` and the ``git diff`` of ``tests/data/golden/`` is read
and committed with the change that made it.

History: the files were first written *before* prose fields became Markdown, and the tests
then compared the Markdown as a viewer shows it (escapes and ``<br>`` folded away), since the
exporter had stopped escaping every punctuation mark. That comparison could not catch a change
in escaping or in anything a viewer folds. The Markdown files were written again on
2026-12-07 after review: the only differences were the old escapes (``\#``, ``\_``,
``https:\/\/`` in cells and link labels, shown the same by CommonMark) and the front matter's
``timezone:`` line, which lets ``postmortem import`` read an export back in its zone; the HTML
files were already equal to the output.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import postmortem

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
EXAMPLES = ("api-outage-feature-flag", "latency-database-hotspot")
# Overdue marks are judged against a day; the goldens fix one before every due date of the
# examples, so they neither change as the calendar moves nor carry marks they never had.
TODAY = date(2026, 10, 1)


def rendered(example: str, fmt: str) -> str:
    """The example's export, as the golden file holds it (HTML as an embeddable fragment)."""
    incident = postmortem.load(ROOT / "examples" / f"{example}.yaml")
    if fmt == "html":
        return str(postmortem.export(incident, "html", standalone=False, today=TODAY))
    return str(postmortem.export(incident, "markdown", today=TODAY))


def golden_path(example: str, fmt: str) -> Path:
    """Where the golden text of ``example`` in ``fmt`` lives."""
    return GOLDEN / f"{example}.{'md' if fmt == 'markdown' else 'html'}"


class TestGoldenExamples:
    """The complete examples render exactly as their reviewed golden files."""

    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    @pytest.mark.parametrize("example", EXAMPLES)
    def test_the_report_equals_its_golden_file_byte_for_byte(self, example: str, fmt: str) -> None:
        """The exporter's bytes (UTF-8) are the golden file's; on a difference the first changed line is named."""
        golden = golden_path(example, fmt).read_bytes()
        actual = rendered(example, fmt).encode("utf-8")
        if golden != actual:
            pairs = zip(golden.splitlines(keepends=True), actual.splitlines(keepends=True), strict=False)
            number, (want, got) = next(
                ((n, pair) for n, pair in enumerate(pairs, 1) if pair[0] != pair[1]), (0, (b"", b""))
            )
            pytest.fail(f"{golden_path(example, fmt).name} line {number}: golden {want!r}, exporter {got!r}")

    def test_the_golden_files_are_the_examples_reports(self) -> None:
        """Each golden file is a whole report (front matter and sections), not an empty or cut file."""
        for example in EXAMPLES:
            markdown = golden_path(example, "markdown").read_text(encoding="utf-8")
            assert markdown.startswith("---\n")
            assert "## Action items" in markdown
            assert "<h2" in golden_path(example, "html").read_text(encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintenance script, not a test
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLES:
        for kind in ("markdown", "html"):
            golden_path(name, kind).write_text(rendered(name, kind), encoding="utf-8")
            sys.stdout.write(f"wrote {golden_path(name, kind)}\n")
