"""A part of an incident shown alone in a notebook: a timeline event, an action item, a factor...

Run for real: a notebook is executed headless with nbclient (a Jupyter kernel), as a reader's
notebook is, and what it shows for each part is read from the cells' outputs. Before, a part
alone showed only its ``repr`` (``TimelineEvent(time=datetime.datetime(2026, 10, 13, ...``).
"""

from __future__ import annotations

from typing import Any

import pytest

import postmortem
from postmortem.model import ActionItem, ContributingFactor, EventKind, Participant, TimelineEvent

from .conftest import EXAMPLES

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

FEATURE_FLAG = EXAMPLES / "api-outage-feature-flag.yaml"
PARTS = [
    "incident.timeline[1]",
    "incident.action_items[0]",
    "incident.contributing_factors[0]",
    "incident.participants[0]",
    "incident.narrative.hypotheses[0]",
]


@pytest.fixture(scope="module")
def shown() -> list[dict[str, Any]]:
    """What each cell of a notebook showing one part of the feature-flag example displayed."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(f"import postmortem\nincident = postmortem.load({str(FEATURE_FLAG)!r})"),
        *(nbformat.v4.new_code_cell(part) for part in PARTS),
    ]
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    results = []
    for cell in notebook.cells[1:]:
        [output] = [output for output in cell.outputs if output.output_type == "execute_result"]
        results.append(dict(output["data"]))
    return results


class TestInANotebook:
    def test_every_part_shows_html_and_markdown(self, shown: list[dict[str, Any]]) -> None:
        """Each part's result has an HTML and a Markdown form beside its plain repr."""
        assert [{"text/html", "text/markdown", "text/plain"}] * len(PARTS) == [
            set(data) & {"text/html", "text/markdown", "text/plain"} for data in shown
        ]

    def test_a_timeline_event_reads_as_the_report_has_it(self, shown: list[dict[str, Any]]) -> None:
        """The event's time as a person writes it, its kind's label and its text; no repr."""
        event = postmortem.load(FEATURE_FLAG).timeline[1]
        page, markdown = shown[0]["text/html"], shown[0]["text/markdown"]
        when = event.time.strftime("%Y-%m-%d %H:%M")
        for form in (page, markdown):
            assert when in form
            assert event.kind.label in form
            assert "datetime.datetime" not in form
            assert "EventKind" not in form
        assert event.description.split()[0] in page
        assert markdown.startswith(f"**{when} ")

    def test_an_action_item_says_its_id_status_owner_and_due_date(self, shown: list[dict[str, Any]]) -> None:
        """The action item's card names what a reader looks for first."""
        item = postmortem.load(FEATURE_FLAG).action_items[0]
        markdown = shown[1]["text/markdown"]
        assert markdown.startswith(f"**{item.id}** · {item.status.label} · {item.priority.label} priority")
        assert f"- Owner: {item.owner}" in markdown
        assert f"- Due: {item.due}" in markdown

    def test_the_other_parts_lead_with_what_they_are(self, shown: list[dict[str, Any]]) -> None:
        """A factor leads with its category, a person with their name, a hypothesis with its outcome."""
        incident = postmortem.load(FEATURE_FLAG)
        expected = [
            f"**{incident.contributing_factors[0].category.label}**",
            f"**{incident.participants[0].name}**",
            f"**{incident.narrative.hypotheses[0].outcome.label}**",
        ]
        assert expected == [data["text/markdown"].split(" ·")[0].split("\n")[0] for data in shown[2:]]


class TestHostileText:
    """What a person wrote is shown as text, never as markup."""

    def test_markup_in_an_events_fields_is_escaped(self) -> None:
        incident = postmortem.load(FEATURE_FLAG)
        event = TimelineEvent(
            time=incident.timeline[0].time,
            description="<script>alert(1)</script> & <b>bold</b>",
            kind=EventKind.CHAT,
            actor="<img src=x onerror=alert(2)>",
            source="slack <#inc>",
        )
        page = event._repr_html_()
        assert "<script" not in page
        assert "<img" not in page
        assert "<b>bold" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page
        assert "slack &lt;#inc&gt;" in page

    def test_markup_in_other_parts_is_escaped(self) -> None:
        parts = [
            ActionItem(id="AI-1", description="<i>x</i>", owner="<script>o</script>"),
            ContributingFactor(description="<iframe src=x>"),
            Participant(name="<b>Ann</b>", role="<u>ic</u>", team="<s>t</s>"),
        ]
        pages = [part._repr_html_() for part in parts]
        assert [[] for _ in parts] == [
            [tag for tag in ("<i>", "<script", "<iframe", "<b>Ann", "<u>", "<s>") if tag in page] for page in pages
        ]

    def test_a_fields_line_breaks_stay_inside_its_markdown_line(self) -> None:
        """An owner written over two lines is one list item."""
        item = ActionItem(id="AI-1", description="Fix it", owner="Ann\n# Not a heading")
        assert "- Owner: Ann # Not a heading" in item._repr_markdown_()
