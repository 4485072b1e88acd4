"""``check`` findings in JSON and TOML incident files at their lines and columns, as YAML's are.

Only load errors read JSON's and TOML's lines (round 19): a finding in such a file had no line
(``postmortem check d.json`` printed ``-`` where a YAML file printed ``34``), and SARIF no
region. A file with findings is now read again for its lines (``serialize._text_lines``), a
file without findings is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.checks import check_file
from postmortem.cli import main
from postmortem.serialize import _text_lines

from .conftest import EXAMPLES

DRAFT = EXAMPLES / "draft-checkout-errors.yaml"


@pytest.fixture(params=["json", "toml"])
def draft(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The draft example (findings of every kind) written as JSON or TOML."""
    path = tmp_path / f"draft.{request.param}"
    postmortem.dump(postmortem.load(DRAFT), path)
    return path


def _line_of(text: str, written: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(written, start)].count("\n") + 1


class TestFindings:
    def test_every_finding_has_a_line(self, draft: Path) -> None:
        """As in the YAML file, every finding names a line (none had one)."""
        report = check_file(draft)
        assert report.findings
        assert [f.path for f in report.findings if f.line is None] == []

    def test_words_at_their_line_and_column(self, draft: Path) -> None:
        """A finding about words points at them: the line and column where they are written."""
        text = draft.read_text(encoding="utf-8")
        report = check_file(draft)
        (finding,) = [f for f in report.findings if f.rule == "blame/human-error"]
        line = _line_of(text, "Human error.")
        column = text.split("\n")[line - 1].index("Human error.") + 1
        assert (finding.line, finding.column) == (line, column)

    def test_field_at_its_key(self, draft: Path) -> None:
        """A finding about a field without words (a due date) is at the field's key."""
        text = draft.read_text(encoding="utf-8")
        report = check_file(draft)
        due = [f for f in report.findings if f.path == "$.action_items[3].due"]
        assert [f.line for f in due] == [_line_of(text, "due", after="Fix the checkout alert.")]

    def test_missing_section_at_the_document(self, draft: Path) -> None:
        """A section that is missing is at the document's first line, as YAML's root mapping."""
        report = check_file(draft)
        missing = {f.line for f in report.findings if f.rule == "completeness/required-section"}
        assert missing == {1}

    def test_sorted_by_line(self, draft: Path) -> None:
        """Findings come in the order of the file, as YAML's do."""
        lines = [f.line or 0 for f in check_file(draft).findings]
        assert lines == sorted(lines)


class TestCommand:
    def test_text_names_lines(self, draft: Path) -> None:
        """The text report's place column holds the line (it held '-')."""
        result = CliRunner().invoke(main, ["check", str(draft)])
        places = [line.split()[0] for line in result.stdout.splitlines()[1:] if "  error " in line]
        assert places
        assert "-" not in places

    def test_sarif_region(self, draft: Path) -> None:
        """Each SARIF result has a region with a start line."""
        result = CliRunner().invoke(main, ["check", str(draft), "--format", "sarif"])
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert results
        assert all("region" in r["locations"][0]["physicalLocation"] for r in results)


@pytest.mark.parametrize("format", ["json", "toml"])
def test_no_findings_no_second_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, format: str) -> None:
    """A file with nothing to place is not read again for its lines."""

    def fail(_text: str) -> dict[str, int]:
        raise AssertionError("read again")

    path = tmp_path / f"incident.{format}"
    postmortem.dump(postmortem.load(DRAFT), path)
    monkeypatch.setattr(_text_lines, "json_lines", fail)
    monkeypatch.setattr(_text_lines, "toml_lines", fail)
    report = check_file(path, rules=[])
    assert report.findings == ()
