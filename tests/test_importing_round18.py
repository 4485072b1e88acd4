"""``postmortem import`` in round 18: hostile inputs answer fast or are refused at their line.

The inputs are built in the tests (none copied from a real document). Work is counted, never
timed: the Python function calls an import makes (``cProfile``'s count, the same on every
machine) and the characters markdown-it's inline rules read. A reader whose work grows linearly
adds the same work for each further piece, so for sizes ``n``, ``2n`` and ``4n`` the second
step (``2n`` more pieces) costs about twice the first (``n`` more); a quadratic reader's second
step costs four times the first.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it.parser_inline import ParserInline

from postmortem.cli import main
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_text
from postmortem.importing._bounds import MAX_TABLE_CELLS, MAX_TIMED_LINES

HEAD = "# Outage\n\nDate: 2026-01-01\n\n"


def _calls(text: str) -> int:
    """The Python function calls of one import of ``text`` (a refusal counts as an answer)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        import_text(text)
    except IncidentFormatError:
        pass
    finally:
        profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def _steps(make: Callable[[int], str], size: int) -> tuple[int, int]:
    """The work ``size`` more pieces add, then ``2 * size`` more (from ``size`` to ``2 * size`` to ``4 * size``)."""
    import_text(make(size))  # the first import loads the synonym table and the parser
    one, two, four = (_calls(make(size * factor)) for factor in (1, 2, 4))
    return two - one, four - two


def _brackets(count: int) -> str:
    return HEAD + "[" * count + "\n"


def _emphasis(count: int) -> str:
    return HEAD + "*a " * count + "\n"


def _csv(rows: int) -> str:
    lines = "".join(f"2026-01-01 {row // 60 % 24:02d}:{row % 60:02d},ana,step {row}\n" for row in range(rows))
    return HEAD + "## Timeline\n\ntime,who,what\n" + lines


def _wide_table(columns: int, rows: int) -> str:
    header = "| " + " | ".join(f"c{column}" for column in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    body = "".join("| " + " | ".join("x" for _ in range(columns)) + " |\n" for _ in range(rows))
    return HEAD + "## Appendix\n\n" + header + rule + body


@pytest.fixture
def inline_characters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text markdown-it's inline rules read, in order."""
    read: list[int] = []
    real = ParserInline.parse

    def counted(self: ParserInline, src: str, *args: object, **kwargs: object) -> object:
        read.append(len(src))
        return real(self, src, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ParserInline, "parse", counted)
    return read


class TestMarkupRuns:
    """200,000 "[" and 200,000 "*a ": one paragraph of 200 or 600 KB, read inline once."""

    @pytest.mark.parametrize("make", [_brackets, _emphasis], ids=["brackets", "emphasis"])
    def test_a_long_paragraph_of_markup_is_read_inline_once(
        self, make: Callable[[int], str], inline_characters: list[int]
    ) -> None:
        """The paragraph goes through the inline rules once: bold labels and related incidents in
        prose read the tokens of the document's parse (each parsed it again: four passes)."""
        text = make(20_000)
        import_text(text)
        assert sum(inline_characters) <= len(text) * 1.05, inline_characters[:10]

    @pytest.mark.parametrize("make", [_brackets, _emphasis], ids=["brackets", "emphasis"])
    def test_the_work_grows_linearly(self, make: Callable[[int], str]) -> None:
        """From 4,000 to 8,000 to 16,000 pieces the second step costs about twice the first."""
        first, second = _steps(make, 4_000)
        assert second <= first * 2.5, (first, second)

    def test_a_paragraph_that_opens_with_bold_is_still_a_label(self) -> None:
        """Reading the tokens kept from the parse leaves bold labels as they were read."""
        result = import_text(HEAD + "**Impact:** checkout failed for " + "many " * 600 + "shoppers.\n")
        assert "checkout failed" in result.incident.impact.summary
        assert any(mapped.target == "impact" for mapped in result.mapping)

    @pytest.mark.parametrize("references", ["", "\n\n[runbook]: https://example.org/runbook\n"])
    def test_related_incidents_in_a_long_paragraph_are_read(self, references: str) -> None:
        """Related incidents in prose read the kept tokens of a long paragraph (or, where the document
        defines link references, a parse of the paragraph alone, as before)."""
        text = HEAD + "word " * 500 + "This is a repeat of INC-4411 which broke too.\n" + references
        assert [entry.id for entry in import_text(text).incident.related] == ["INC-4411"]


class TestCsvTimeline:
    """A CSV timeline: linear up to its bound, refused at the line past it."""

    def test_the_work_grows_linearly(self) -> None:
        """From 200 to 400 to 800 rows the second step costs about twice the first (milestones read
        each event with one search a word list, where a search a word compiled its pattern again)."""
        first, second = _steps(_csv, 200)
        assert second <= first * 2.5, (first, second)

    def test_a_log_of_timed_lines_is_refused_at_its_line(self) -> None:
        """50,000 timed CSV rows are a log: exit 2 at the line past the bound, before any Markdown is read."""
        text = _csv(50_000)
        with pytest.raises(IncidentFormatError) as caught:
            import_text(text, source="log.md")
        problem = caught.value.problems[0]
        first_row = text.split("\n").index("time,who,what") + 2
        assert problem.line == first_row + MAX_TIMED_LINES
        assert "lines open with a time" in problem.message
        assert problem.source == "log.md"

    def test_a_timeline_at_the_bound_is_read(self) -> None:
        """Up to the bound, every row is an event."""
        rows = 2_000
        assert len(import_text(_csv(rows)).incident.timeline) == rows


class TestWideTable:
    def test_a_table_of_2000_columns_is_refused_at_its_line(self) -> None:
        """2,000 columns by 60 rows is 120,000 cells: refused at the row where the count passes the bound."""
        text = _wide_table(2_000, 60)
        with pytest.raises(IncidentFormatError) as caught:
            import_text(text)
        problem = caught.value.problems[0]
        lines = text.split("\n")
        counts = [line.count("|") for line in lines]
        passed = next(number for number in range(len(lines)) if sum(counts[: number + 1]) > MAX_TABLE_CELLS)
        assert problem.line == passed + 1
        assert lines[problem.line - 1].startswith("| x |")
        assert "table cells" in problem.message

    def test_a_wide_table_of_a_few_rows_is_read(self) -> None:
        """2,000 columns by 3 rows is far below the bound: imported, the table kept."""
        result = import_text(_wide_table(2_000, 3))
        assert any("c1999" in section.body for section in result.sections)

    def test_the_command_exits_2_with_the_line(self, tmp_path: Path) -> None:
        """The command says where, with exit 2 and no traceback."""
        path = tmp_path / "wide.md"
        path.write_text(_wide_table(2_000, 60), encoding="utf-8")
        result = CliRunner().invoke(main, ["import", str(path)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}:")
        assert "Traceback" not in result.output
