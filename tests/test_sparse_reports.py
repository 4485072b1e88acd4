"""Reports of incidents that record little: no empty metric cards, no chart with nothing on it.

An imported or draft post-mortem often records only when the incident started (and perhaps
one event at that minute). Its report used to open with five metric cards reading "—" and a
chart that was an empty grid with one dashed line and a dot: a third of a printed first page
and most of a phone's first screen, saying nothing the title block does not.
"""

from __future__ import annotations

import attrs
import pytest

from postmortem import chart, presentation, serialize
from postmortem.exporters.html import HTMLExporter
from postmortem.exporters.markdown import MarkdownExporter
from postmortem.model import Incident
from postmortem.testing import sample_incident

STARTED_ONLY = """
id: AUDIT-7
title: Duplicate collection run
milestones:
  started: 2026-07-01T10:15:00Z
summary: The collection run was submitted twice.
timeline:
  - time: 2026-07-01T10:15:00Z
    description: The second submission reached the bank.
"""


def started_only() -> Incident:
    """Only the start is known, and the one event happened at that minute."""
    return serialize.loads(STARTED_ONLY)


def one_event_later() -> Incident:
    """The start, and one event ten minutes later: two moments, worth a chart."""
    incident = started_only()
    event = attrs.evolve(incident.timeline[0], time=incident.timeline[0].time.replace(minute=25))
    return attrs.evolve(incident, timeline=(event,))


class TestWhatIsKnown:
    """The two questions every exporter asks."""

    def test_one_moment_is_not_worth_a_chart(self) -> None:
        """The start and an event at the same minute are one moment; an event later makes two."""
        assert chart.worth_drawing(started_only()) is False
        assert chart.worth_drawing(attrs.evolve(started_only(), timeline=())) is False
        assert chart.worth_drawing(one_event_later()) is True
        assert chart.worth_drawing(sample_incident()) is True

    def test_no_metric_is_known_from_the_start_alone(self) -> None:
        """Every key metric needs two milestones; the sample's are all known."""
        assert presentation.any_key_metric_known(started_only()) is False
        assert presentation.any_key_metric_known(sample_incident()) is True


class TestHtml:
    """The HTML report (and so the PDF, which lays it out)."""

    def test_one_line_instead_of_empty_cards_and_chart(self) -> None:
        """No metric cards, no chart figure: the one-line note in their place."""
        body = HTMLExporter().render(started_only()).split("<main", 1)[1]  # after the stylesheet
        assert 'class="metrics"' not in body
        assert "<svg" not in body
        assert "timeline-figure" not in body
        assert f'<p class="metrics-unknown">{presentation.LABELS["no_key_metrics"]}</p>' in body

    def test_two_moments_keep_the_chart_and_known_metrics_the_cards(self) -> None:
        """The start and a later event: the chart is drawn (the metrics still unknown). The
        sample knows its milestones: the cards show."""
        body = HTMLExporter().render(one_event_later()).split("<main", 1)[1]
        assert '<figure class="timeline-figure">' in body
        assert 'class="metrics-unknown"' in body
        full = HTMLExporter().render(sample_incident()).split("<main", 1)[1]
        assert '<section class="metrics" aria-label="Key metrics">' in full
        assert '<figure class="timeline-figure">' in full
        assert "metrics-unknown" not in full


class TestMarkdown:
    """The Markdown report and the chart file written beside it."""

    def test_no_chart_file_and_one_line_for_the_metrics(self) -> None:
        """No SVG beside the report, no image link, no table of dashes."""
        text, files = MarkdownExporter().render_with_files(started_only(), "AUDIT-7.md")
        assert files == ()
        assert "-timeline.svg" not in text
        assert f"_{presentation.LABELS['no_key_metrics']}_" in text
        assert "| Time to detect |" not in text

    @pytest.mark.parametrize("incident", [one_event_later(), sample_incident()], ids=["two-moments", "sample"])
    def test_a_chart_with_something_on_it_is_written(self, incident: Incident) -> None:
        """Two moments or more: the chart file and its link, as before."""
        text, files = MarkdownExporter().render_with_files(incident, "report.md")
        assert [f.filename for f in files] == ["report-timeline.svg"]
        assert "](report-timeline.svg)" in text


class TestTimelineColumns:
    """Actor and Source columns only when some event has one."""

    def test_columns_follow_what_the_events_record(self) -> None:
        """None recorded: three columns; a source alone: four; the sample: all five."""
        incident = started_only()
        time, kind, event, _actor, source = presentation.COLUMNS["timeline"]
        assert presentation.timeline_columns(incident) == (time, kind, event)
        with_source = attrs.evolve(incident, timeline=(attrs.evolve(incident.timeline[0], source="bank portal"),))
        assert presentation.timeline_columns(with_source) == (time, kind, event, source)
        also_in = attrs.evolve(incident, timeline=(attrs.evolve(incident.timeline[0], also_in=("ledger",)),))
        assert presentation.timeline_columns(also_in) == (time, kind, event, source)
        assert presentation.timeline_columns(sample_incident()) == presentation.COLUMNS["timeline"]

    def test_html_table_has_only_those_columns(self) -> None:
        """Headings, column widths (the PDF's layout) and cells: three each, no empty cells."""
        body = HTMLExporter().render(started_only()).split("<main", 1)[1]
        table = body[
            body.index('<table class="timeline') : body.index("</table>", body.index('<table class="timeline'))
        ]
        assert table.count('<th scope="col">') == 3
        assert table.count("<col ") == 3
        assert "c-actor" not in table
        assert "c-source" not in table
        assert table.count("<td") == 3
        full = HTMLExporter().render(sample_incident()).split("<main", 1)[1]
        full_table = full[full.index('<table class="timeline') :]
        assert '<col class="c-actor"><col class="c-source">' in full_table

    def test_markdown_table_has_only_those_columns(self) -> None:
        """Three headings, a three-column separator, three cells a row."""
        text = MarkdownExporter().render(started_only())
        lines = text[text.index("## Timeline") :].splitlines()
        header, separator, row = lines[2:5]
        assert header == "| Time (2026-07-01, UTC) | Kind | Event | "
        assert separator == "|---|---|---|"
        assert row == "| 10:15 | Other | The second submission reached the bank. |"


class TestReadBack:
    """``postmortem import`` reads the note as ours, not as the author's words."""

    @pytest.mark.parametrize("fmt", ["markdown", "confluence"])
    def test_the_note_is_not_imported_as_text(self, fmt: str) -> None:
        """An export of an incident with an empty summary imports back with an empty summary and
        no "Key metrics" section holding the note."""
        from postmortem import export
        from postmortem.importing import import_text

        if fmt == "confluence":
            # The core's oldest-Python session runs without the exporter packages.
            pytest.importorskip("postmortem_confluence")
        incident = attrs.evolve(started_only(), summary="")
        text = export(incident, fmt)
        assert isinstance(text, str)
        assert presentation.LABELS["no_key_metrics"] in text
        back = import_text(text, fmt).incident
        assert back.summary == ""
        assert back.sections == ()
