"""One story in every format: the same reading order, the same labels, the same ids.

A reader holding the PDF in a meeting, the Markdown in a repository and the Confluence page
in a browser must be able to match "AI-5" across them, and must meet each figure once.
These tests render one complete example to every installed format and read the text a
person would see.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

import postmortem
from postmortem import presentation
from postmortem.model import Incident
from postmortem.testing import pdf_text

from ._parsing import markdown_to_html

EXAMPLE = Path(__file__).parent.parent / "examples" / "api-outage-feature-flag.yaml"


class _Text(HTMLParser):
    """The text of an HTML document, block elements separated by newlines, without style or script."""

    BLOCKS = frozenset({"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "br", "span", "dt", "dd", "section"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "svg"}:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "svg"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _markdown(incident: Incident) -> str:
    output = postmortem.export(incident, "markdown")
    assert isinstance(output, str)
    return html_text(markdown_to_html(output))


def _html(incident: Incident) -> str:
    output = postmortem.export(incident, "html")
    assert isinstance(output, str)
    return html_text(output)


def _pdf(incident: Incident) -> str:
    pytest.importorskip("postmortem_pdf")
    data = postmortem.export(incident, "pdf")
    assert isinstance(data, bytes)
    return pdf_text(data)


def _docx(incident: Incident) -> str:
    pytest.importorskip("postmortem_docx")
    import docx

    data = postmortem.export(incident, "docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _confluence(incident: Incident) -> str:
    pytest.importorskip("postmortem_confluence")
    from postmortem_confluence._xml import wrap_for_parsing

    storage = postmortem.export(incident, "confluence")
    assert isinstance(storage, str)
    root = ET.fromstring(wrap_for_parsing(storage))
    return "\n".join(text for text in root.itertext())


FORMATS: dict[str, Callable[[Incident], str]] = {
    "markdown": _markdown,
    "html": _html,
    "pdf": _pdf,
    "docx": _docx,
    "confluence": _confluence,
}

_texts: dict[str, str] = {}


@pytest.fixture(scope="module")
def incident() -> Incident:
    return postmortem.load(EXAMPLE)


def text_of(name: str, incident: Incident) -> str:
    if name not in _texts:
        _texts[name] = FORMATS[name](incident)
    return _texts[name]


@pytest.mark.parametrize("name", list(FORMATS))
class TestOneStory:
    """Every format shows the same ids, figures and headings."""

    def test_every_action_item_id_is_next_to_its_tracker_key(self, name: str, incident: Incident) -> None:
        """AI-1 ... AI-7 appear in the text, each followed by its tracker key, so items can be matched."""
        text = text_of(name, incident)
        assert incident.action_items
        for item in incident.action_items:
            assert item.tracker_key
            pattern = re.escape(item.id) + r"[\s·]{0,4}" + re.escape(item.tracker_key)
            assert re.search(pattern, text), f"{name}: {item.id} is not shown next to {item.tracker_key}"

    def test_impact_duration_is_printed_once(self, name: str, incident: Incident) -> None:
        """The impact duration is one key metric, printed once (not again in the impact section).

        Here it equals the time to mitigate, so 27 min appears twice: once for each key metric.
        """
        metric = next(m for m in presentation.key_metrics(incident) if m.key == "impact_duration")
        assert metric.value == presentation.impact_duration(incident) == "27 min"
        # The DOCX key-metrics table's description (read aloud, not shown) lists the definitions.
        text = text_of(name, incident).replace(f"{metric.label}: {metric.definition}", "")
        assert len(re.findall(r"(?i)impact\s+duration|duration\s+of\s+impact", text)) == 1
        assert len(re.findall(r"\b27\s+min\b", text)) == 2

    def test_sections_follow_the_reading_order(self, name: str, incident: Incident) -> None:
        """Action items come after the causes, resolution and detection, and before the timeline."""
        text = text_of(name, incident)
        titles = [section.title for section in presentation.sections(incident)]
        # Every section heading stands on its own line, each after the one before it (a chart
        # label with a heading's words may come earlier).
        position = 0
        for title in titles:
            found = text.find(f"\n{title}\n", position)
            assert found != -1, f"{name}: {title!r} missing or out of order"
            position = found + 1
        assert titles.index("Action items") < titles.index("Timeline")
        assert titles.index("Detection") < titles.index("Action items")

    def test_shares_are_written_the_same_way(self, name: str, incident: Incident) -> None:
        """The share of users affected reads "30%" everywhere (not "30.0%" in one format)."""
        assert incident.impact.share_affected is not None
        text = text_of(name, incident)
        assert presentation.format_share(incident.impact.share_affected) in text
        assert "30.0%" not in text

    def test_percentages_are_written_the_same_way(self, name: str, incident: Incident) -> None:
        """A measured value in percent reads "31.2%" as shares do, never "31.2 %" in one format."""
        percent = [m for m in incident.impact.metrics if m.unit == "%"]
        assert percent
        text = text_of(name, incident)
        for metric in percent:
            number = presentation.format_number(metric.value)
            assert f"{number}%" in text
            assert f"{number} %" not in text


class TestMarkdownDetails:
    """Markdown escapes and metadata that readers tripped over."""

    def test_a_number_starting_a_line_keeps_no_backslash(self, incident: Incident) -> None:
        """ "99.6% of the 500s" at the start of a line renders without a stray backslash."""
        text = text_of("markdown", incident)
        assert "99.6% of the 500s" in text
        assert "\\99" not in text

    def test_front_matter_carries_id_title_severity_status_and_dates(self, incident: Incident) -> None:
        """The Markdown starts with YAML front matter a static site generator reads."""
        import yaml

        output = postmortem.export(incident, "markdown")
        assert isinstance(output, str)
        assert output.startswith("---\n")
        meta = yaml.safe_load(output.split("---\n")[1])
        assert meta["id"] == incident.id
        assert meta["title"] == incident.title
        assert meta["severity"] == incident.severity.name
        assert meta["status"] == incident.status.value
        assert meta["started"] == incident.milestones.started.isoformat()

    def test_metadata_has_no_empty_table_header(self, incident: Incident) -> None:
        """The incident's details are a list, not a table whose header row is empty."""
        output = postmortem.export(incident, "markdown")
        assert isinstance(output, str)
        assert "| | |" not in output
        assert "- **Severity:** SEV1" in output


DRAFT = Path(__file__).parent.parent / "examples" / "draft-checkout-errors.yaml"


@pytest.mark.parametrize("name", list(FORMATS))
def test_a_draft_says_so(name: str) -> None:
    """A draft carries the draft notice in every format (it had only a small status pill)."""
    draft = postmortem.load(DRAFT)
    assert draft.status.value == "draft"
    text = " ".join(FORMATS[name](draft).split())
    notice = presentation.LABELS["draft"].split(": ", 1)[1]
    assert notice in text


def test_a_published_report_has_no_draft_notice(incident: Incident) -> None:
    """The notice is for drafts only."""
    notice = presentation.LABELS["draft"].split(": ", 1)[1]
    assert notice not in " ".join(text_of("html", incident).split())


class TestChartLabels:
    """Milestone labels of the timeline chart."""

    def test_milestones_at_one_moment_still_get_rows(self) -> None:
        """Labels whose lines coincide (detected = acknowledged = mitigated) each get a row; drawing ends."""
        from postmortem import chart

        spans = [(100.0, 101.0, 200.0)] * 4 + [(150.0, 151.0, 250.0)]
        rows = chart._place_labels(spans)
        assert len(set(rows[:4])) == 4

    def test_labels_apart_in_time_share_the_top_row(self) -> None:
        """Labels far apart stay on one row; a label whose line would cross another moves down."""
        from postmortem import chart

        assert chart._place_labels([(10.0, 11.0, 111.0), (400.0, 401.0, 500.0)]) == [0, 0]
        rows = chart._place_labels([(10.0, 11.0, 111.0), (60.0, 61.0, 161.0)])
        assert rows == [0, 1]
