"""An open action item past its due date says "Overdue" in words, in every format.

The day it is judged against is today, ``--today`` / the ``today`` option when given, or the
day of ``SOURCE_DATE_EPOCH`` for a reproducible build. The example has open items due
2026-12-04 (AI-5), 2026-12-11 (AI-1) and 2026-12-18 (AI-6), and done items due 2026-10-30
(AI-2) and 2026-11-13 (AI-4), so on 2026-12-20 three items are overdue, by 16, 9 and 2 days,
and on 2026-12-01 none is.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

import postmortem
from postmortem import presentation
from postmortem.cli import main
from postmortem.errors import ExporterOptionError
from postmortem.export import TODAY_OPTION
from postmortem.model import ActionStatus, Incident
from postmortem.testing import cut_down_incident, pdf_text, thorough

from ._parsing import markdown_to_html
from .test_reader import html_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "api-outage-feature-flag.yaml"
BEFORE = date(2026, 12, 1)
AFTER = date(2026, 12, 20)
MARKS_AFTER = ("Overdue by 16 days", "Overdue by 9 days", "Overdue by 2 days")


def _markdown(incident: Incident, **options: Any) -> str:
    return html_text(markdown_to_html(str(postmortem.export(incident, "markdown", **options))))


def _html(incident: Incident, **options: Any) -> str:
    return html_text(str(postmortem.export(incident, "html", **options)))


def _pdf(incident: Incident, **options: Any) -> str:
    """The PDF's text: of the action items and the title block everyday, of the whole incident in
    the thorough run (``postmortem.testing.thorough``).

    The marks and the "Overdue as of" note are in the action items section; the example's
    other sections are 7 of its 10 pages as a PDF (1 s of CPU a render against 0.3 s).
    """
    pytest.importorskip("postmortem_pdf")
    data = postmortem.export(incident if thorough() else cut_down_incident(incident, "action_items"), "pdf", **options)
    assert isinstance(data, bytes)
    return pdf_text(data)


def _pdf_html(incident: Incident, **options: Any) -> str:
    """The HTML the PDF exporter lays out as the PDF: every word the PDF shows, without the layout."""
    pytest.importorskip("postmortem_pdf")
    from postmortem_pdf import PdfExporter

    return html_text(PdfExporter(**options).html(incident))


def _docx(incident: Incident, **options: Any) -> str:
    pytest.importorskip("postmortem_docx")
    import docx

    data = postmortem.export(incident, "docx", **options)
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _confluence(incident: Incident, **options: Any) -> str:
    pytest.importorskip("postmortem_confluence")
    from postmortem_confluence._xml import wrap_for_parsing

    storage = postmortem.export(incident, "confluence", **options)
    assert isinstance(storage, str)
    root = ET.fromstring(wrap_for_parsing(storage))
    # A status lozenge's text is its title parameter.
    return "\n".join(root.itertext())


FORMATS: dict[str, Callable[..., str]] = {
    "markdown": _markdown,
    "html": _html,
    "pdf": _pdf,
    "docx": _docx,
    "confluence": _confluence,
}


def _text(name: str, incident: Incident, *, laid_out: bool, **options: Any) -> str:
    """The words of ``incident`` in format ``name``.

    Everyday, a PDF that the test does not need ``laid_out`` is read as the HTML it is laid out
    from (a layout of the example costs about 1 s of CPU); the thorough tier lays out every one.
    """
    if name == "pdf" and not (laid_out or thorough()):
        return _pdf_html(incident, **options)
    return FORMATS[name](incident, **options)


def words(text: str) -> str:
    """The text with every run of whitespace one space (PDF lines wrap inside a cell)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def incident() -> Incident:
    return postmortem.load(EXAMPLE)


@pytest.mark.parametrize("name", list(FORMATS))
class TestEveryFormat:
    def test_the_mark_follows_the_day_judged_against(self, name: str, incident: Incident) -> None:
        """The same incident shows the marks on 2026-12-20 and none on 2026-12-01."""
        before = words(_text(name, incident, laid_out=False, today=BEFORE))
        after = words(_text(name, incident, laid_out=True, today=AFTER))
        assert "Overdue" not in before
        for mark in MARKS_AFTER:
            assert mark in after
        assert "Overdue as of 2026-12-20." in after

    def test_finished_items_are_never_overdue(self, name: str, incident: Incident) -> None:
        """Done and won't-do items past their due date carry no mark; open and in-progress ones do."""
        items = list(incident.action_items)
        # AI-1 (in progress, due 2026-12-11) is given up: won't do is closed, never overdue.
        items[0] = attrs.evolve(items[0], status=ActionStatus.WONT_DO)
        text = words(_text(name, attrs.evolve(incident, action_items=tuple(items)), laid_out=False, today=AFTER))
        assert "Overdue by 9 days" not in text  # AI-1, won't do
        assert "Overdue by 51 days" not in text  # AI-2, done, due 2026-10-30
        assert "Overdue by 37 days" not in text  # AI-4, done, due 2026-11-13
        assert "Overdue by 16 days" in text  # AI-5, in progress
        assert "Overdue by 2 days" in text  # AI-6, open


class TestTheDayJudgedAgainst:
    def test_source_date_epoch_fixes_the_day(self, incident: Incident, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a today option, a reproducible build judges against the day of SOURCE_DATE_EPOCH."""
        epoch = int(datetime(2026, 12, 20, 8, tzinfo=timezone.utc).timestamp())
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        assert presentation.rendering_date() == AFTER
        assert _markdown(incident) == _markdown(incident, today=AFTER)
        # The option wins over the environment.
        assert "Overdue" not in _markdown(incident, today=BEFORE)

    def test_without_either_it_is_today(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Nothing set: the calendar date."""
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        assert presentation.rendering_date() == date.today()

    def test_an_item_due_today_is_not_overdue(self, incident: Incident) -> None:
        """On its due date an item is still on time; the day after it is one day overdue."""
        item = next(item for item in incident.action_items if item.id == "AI-5")
        assert presentation.overdue_mark(item, date(2026, 12, 4)) == ""
        assert presentation.overdue_mark(item, date(2026, 12, 5)) == "Overdue by 1 day"

    def test_the_option_reads_dates(self) -> None:
        """The option takes a date, a datetime (its date) or YYYY-MM-DD text, and refuses anything else."""
        assert TODAY_OPTION.convert("2026-12-20", "html") == AFTER
        assert TODAY_OPTION.convert(datetime(2026, 12, 20, 23, 59), "html") == AFTER
        assert TODAY_OPTION.convert(AFTER, "html") == AFTER
        for bad in ("20/12/2026", "2026-12-32", "tomorrow", "2026-12-20T10:00"):
            with pytest.raises(ExporterOptionError, match=r"expects a date \(YYYY-MM-DD\)"):
                TODAY_OPTION.convert(bad, "html")
        with pytest.raises(ExporterOptionError, match="expects date, got int"):
            TODAY_OPTION.convert(20261220, "html")


class TestExportCommand:
    def _export(self, tmp_path: Path, *args: str) -> tuple[int, str, dict[str, str]]:
        out = tmp_path / "out"
        result = CliRunner().invoke(
            main, ["export", str(EXAMPLE), "--to", "markdown,html", "-o", str(out), "-j", "1", *args]
        )
        # The reports; the Markdown report's chart (an SVG file beside it) is not one.
        reports = [path for path in out.glob("*") if path.suffix in (".md", ".html")] if out.exists() else []
        files = {path.suffix: path.read_text(encoding="utf-8") for path in reports}
        return result.exit_code, result.output, files

    def test_today_marks_every_format(self, tmp_path: Path) -> None:
        """--today 2026-12-20 marks the overdue items in every file; --today 2026-12-01 marks none."""
        code, _output, files = self._export(tmp_path / "after", "--today", "2026-12-20")
        assert code == 0
        assert {".md", ".html"} == set(files)
        for text in files.values():
            assert "Overdue by 16 days" in text
        code, _output, files = self._export(tmp_path / "before", "--today", "2026-12-01")
        assert code == 0
        for text in files.values():
            assert "Overdue by" not in text

    def test_an_exporter_option_wins(self, tmp_path: Path) -> None:
        """-O markdown.today=... overrides --today for that exporter only."""
        code, _output, files = self._export(tmp_path, "--today", "2026-12-20", "-O", "markdown.today=2026-12-01")
        assert code == 0
        assert "Overdue by" not in files[".md"]
        assert "Overdue by 16 days" in files[".html"]

    @pytest.mark.parametrize("args", [("--today", "2026-02-30"), ("-O", "html.today=next week")])
    def test_a_bad_day_is_bad_input(self, tmp_path: Path, args: tuple[str, ...]) -> None:
        """A day that is not YYYY-MM-DD gives exit 2 and a message, and writes nothing."""
        code, output, files = self._export(tmp_path, *args)
        assert code == 2
        assert "Traceback" not in output
        assert "today" in output
        assert files == {}


@pytest.mark.parametrize("fmt", ["markdown", "confluence"])
def test_the_marks_do_not_import_back(incident: Incident, fmt: str) -> None:
    """A report imports back the same whatever day it was rendered on: the marks are not data."""
    if fmt == "confluence":
        pytest.importorskip("postmortem_confluence")
    from postmortem.importing import import_text

    marked = str(postmortem.export(incident, fmt, today=AFTER))
    assert "Overdue by 16 days" in marked
    unmarked = str(postmortem.export(incident, fmt, today=BEFORE))
    imported = import_text(marked, fmt)
    assert imported.incident == import_text(unmarked, fmt).incident
    assert [item.status for item in imported.incident.action_items] == [item.status for item in incident.action_items]
    assert "Overdue" not in str(imported.incident)
