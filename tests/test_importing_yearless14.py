"""``postmortem import`` on dates written without a year ("Tue 14 Mar 09:12", "14/03 09:12").

The year comes from the document where it names one (a date with a year anywhere, a "Date:"
line, the front matter's ``date``), else from ``--year``; a document that names none and is
given none fails with exit 2 and a message at the line of its first year-less date.

The documents of ``tests/data/importing/yearless`` were written for round 14 (none copied from a
real post-mortem) and tuned on; the three of ``kept14`` were set aside by the md5 rule before any
code changed, and no test here reads what the import finds in them.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_split, import_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "importing"
TUNING = DATA / "yearless"
KEPT = DATA / "kept14"


def _expected(folder: Path) -> dict[str, dict[str, int]]:
    with (folder / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round14:{name}".encode()).hexdigest(), 16) % 3 == 0


class TestTheSplit:
    def test_the_kept_aside_documents_are_the_ones_the_rule_picks(self) -> None:
        """Of the nine documents written for the round, the md5 rule picks exactly the three in kept14."""
        kept = sorted(path.name for path in KEPT.glob("*.md"))
        tuning = sorted(path.name for path in TUNING.glob("*.md"))
        assert kept
        assert tuning
        assert all(_picked(name) for name in kept)
        assert not any(_picked(name) for name in tuning)
        assert sorted(Path(name).name for name in _expected(KEPT)) == kept
        assert sorted(_expected(TUNING)) == tuning


@pytest.mark.parametrize("name", sorted(_expected(TUNING)))
def test_each_tuning_document_reads_its_events_and_items(name: str) -> None:
    """Every event and action item a reader counts, in the year given or the document's."""
    want = _expected(TUNING)[name]
    result = import_document(TUNING / name, year=want.get("year"))
    assert len(result.incident.timeline) == want["events"]
    assert len(result.incident.action_items) == want["action_items"]
    assert all(event.time.year == 2026 for event in result.incident.timeline)


@pytest.mark.parametrize("name", sorted(name for name, want in _expected(TUNING).items() if "year" in want))
def test_without_a_year_the_document_fails_at_its_first_yearless_date(name: str) -> None:
    """The message names the line of the first date without a year and both ways to give one."""
    path = TUNING / name
    first = next(
        number
        for number, line in enumerate(path.read_text().split("\n"), start=1)
        if any(mark in line for mark in ("14 Mar", "02/10"))
    )
    with pytest.raises(IncidentFormatError) as caught:
        import_document(path)
    (problem,) = caught.value.problems
    assert problem.line == first
    assert "--year" in problem.message
    assert "Date:" in problem.message


YEARLESS = """\
# Queue stalled

## Timeline
- 14/03 09:12 consumers stopped acknowledging
- 14/03 09:40 consumers restarted
"""


class TestWhereTheYearComesFrom:
    def test_the_year_given_dates_the_document(self) -> None:
        """``year=`` gives the year, and the report says where the date came from."""
        result = import_text(YEARLESS, "markdown", year=2025)
        assert [event.time.date() for event in result.incident.timeline] == [date(2025, 3, 14)] * 2
        assert any("in the year given (2025)" in note for note in result.inferred)

    def test_the_documents_own_year_wins_over_the_year_given(self) -> None:
        """A date with a year in the document (a due date here) dates its year-less dates; ``year`` is a fallback."""
        text = YEARLESS + "\n## Actions\n- Alert on unacknowledged messages (Queue team, due 2024-04-01)\n"
        result = import_text(text, "markdown", year=2026)
        assert result.incident.timeline[0].time.date() == date(2024, 3, 14)

    def test_a_date_line_wins_over_the_year_given(self) -> None:
        result = import_text("Date: 2023-03-14\n\n" + YEARLESS, "markdown", year=2026)
        assert result.incident.timeline[0].time.year == 2023

    def test_the_front_matter_date_dates_times_without_a_date(self) -> None:
        """A ``date:`` in the front matter is the document's date, said in the report with its line."""
        text = "---\ntitle: Queue stalled\ndate: 2026-11-20\n---\n# Queue stalled\n\n## Timeline\n- 09:12 stalled\n"
        result = import_text(text, "markdown")
        assert result.incident.timeline[0].time.date() == date(2026, 11, 20)
        assert any("front matter's date (line 3)" in note for note in result.inferred)

    def test_a_date_line_in_the_body_wins_over_the_front_matter(self) -> None:
        text = "---\ndate: 2026-11-20\n---\n# Queue stalled\n\nDate: 2026-11-21\n\n## Timeline\n- 09:12 stalled\n"
        result = import_text(text, "markdown")
        assert result.incident.timeline[0].time.date() == date(2026, 11, 21)

    def test_29_february_in_a_year_without_one_fails_located_not_with_a_traceback(self) -> None:
        text = "# Leap\n\n## Timeline\n- 29 Feb 09:12 stalled\n"
        with pytest.raises(IncidentFormatError) as caught:
            import_text(text, "markdown", year=2026)
        assert caught.value.problems[0].line == 4
        assert import_text(text, "markdown", year=2028).incident.timeline[0].time.date() == date(2028, 2, 29)

    def test_a_document_with_no_date_at_all_still_says_so(self) -> None:
        """Times only and no date: the message asks for a date line, with no line to point at."""
        with pytest.raises(IncidentFormatError) as caught:
            import_text("# Stall\n\n## Timeline\n- 09:12 stalled\n", "markdown", year=2026)
        (problem,) = caught.value.problems
        assert problem.line is None
        assert "no date anywhere" in problem.message

    def test_split_passes_the_year_to_each_incident(self) -> None:
        text = (
            "# Week 11\n\n## Incident 1: queue\n\n### Timeline\n- 14/03 09:12 stalled\n\n"
            "## Incident 2: cache\n\n### Timeline\n- 16/03 10:00 evicted\n"
        )
        results = import_split(text, "markdown", year=2026)
        assert [result.incident.milestones.started.date() for result in results[1:]] == [
            date(2026, 3, 14),
            date(2026, 3, 16),
        ]


class TestCommand:
    def test_without_year_exit_2_with_file_and_line(self) -> None:
        path = TUNING / "y07-no-year-anywhere.md"
        result = CliRunner().invoke(main, ["import", str(path)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}:4 $.milestones.started:")
        assert "--year YYYY" in result.stderr
        assert "Traceback" not in result.output

    def test_year_option(self, tmp_path: Path) -> None:
        out = tmp_path / "incident.yaml"
        path = TUNING / "y07-no-year-anywhere.md"
        result = CliRunner().invoke(main, ["import", "-q", "--year", "2026", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "2026-03-14T09:12:00" in out.read_text()

    def test_a_year_out_of_range_is_refused_by_the_option(self) -> None:
        result = CliRunner().invoke(main, ["import", "--year", "26", str(TUNING / "y07-no-year-anywhere.md")])
        assert result.exit_code == 2
