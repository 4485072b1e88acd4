"""pandoc's attributes in an imported document (``# Summary {#summary}``, ``[]{#_Toc1 .anchor}``).

A Word document converted by pandoc carries an id after each heading and an empty span for
each bookmark. The documents below are written for the tests.
"""

from __future__ import annotations

from postmortem.importing import import_text
from postmortem.importing._pandoc_attributes import without_pandoc_attributes

DOCUMENT = """# Review: Gate closing on a boat {#review .unnumbered}

[]{#_Toc1 .anchor}

## Summary {#summary}

The [upper gate]{.underline} closed on a hire boat at Lock 4.

## Timeline {#timeline}

- 16:52 The gate began to close.
- 16:53 The keeper stopped it from the console.

## Action items {#actions}

- Refit the recess beams with through-beam sensors. Owner: Dev. Due: 2026-11-30.
"""


class TestPandocAttributes:
    def test_headings_with_ids_map_to_their_sections(self) -> None:
        """Each heading is read without its ``{#id}``: before, none matched a section's name and
        the whole document became free-form sections, with no timeline or action item."""
        result = import_text(DOCUMENT, name="doc")
        assert {mapped.heading: mapped.target for mapped in result.mapping} == {
            "Summary": "summary",
            "Timeline": "timeline",
            "Action items": "action_items",
        }
        incident = result.incident
        assert incident.title == "Review: Gate closing on a boat"
        assert incident.summary == "The upper gate closed on a hire boat at Lock 4."
        assert [event.description for event in incident.timeline] == [
            "The gate began to close.",
            "The keeper stopped it from the console.",
        ]
        assert [item.owner for item in incident.action_items] == ["Dev"]
        assert result.sections == ()

    def test_each_line_stays_where_it_was(self) -> None:
        """Spans keep their text, pictures and links their destination; a line of anchors alone is blank."""
        text = "[]{#_Toc1 .anchor}\n# A {-}\n![Beam](beam.png){width=50%} [see](https://x.example/){target=_blank}\nx"
        assert without_pandoc_attributes(text).split("\n") == [
            "",
            "# A",
            "![Beam](beam.png) [see](https://x.example/)",
            "x",
        ]

    def test_code_and_braces_that_are_no_attributes_stay(self) -> None:
        """A fenced block is left as written; braces holding words, a set or a template are text."""
        text = "```\n# A {#a}\n[x]{.y}\n```\nThe set {a, b} and {{ name }}; [sic] {see below}."
        assert without_pandoc_attributes(text) == text


class TestIdLine:
    """An "Incident:" label line whose value is a sentence that says what happened."""

    def test_a_sentence_is_no_id(self) -> None:
        """The sentence stays in the document as written and the id comes from the file's name:
        taken as the id, 120 characters headed every page of the report and named its files."""
        text = (
            "# Review: storm hold at the folk festival\n\n"
            "**Incident:** main stage held, then cleared, during a thunderstorm on Sunday 16 August 2026; "
            "the message did not reach the second stage\n"
            "**Date:** 16 August 2026\n\n## Summary\n\nThe main stage was held for forty minutes.\n"
        )
        result = import_text(text, name="storm-hold")
        assert result.incident.id == "storm-hold"
        kept = "\n".join(section.body for section in result.sections)
        assert "main stage held, then cleared, during a thunderstorm" in kept

    def test_an_id_and_a_key_are_still_ids(self) -> None:
        """Short ids, an id then its title, and a ticket's key in a longer line are read as before."""
        for line, expected in (
            ("INC-2026-0042", "INC-2026-0042"),
            ("Major incident 42", "Major incident 42"),
            ("DE-INC-58 – Revenue dashboards showed stale figures", "DE-INC-58"),
            ("Tracked as OPS-4471 in the service desk after the storm on Sunday", "OPS-4471"),
        ):
            text = f"# Storm hold\n\n**Incident:** {line}\n**Date:** 16 August 2026\n\n## Summary\n\nHeld.\n"
            assert import_text(text, name="doc").incident.id == expected, line


class TestPlaceholderEvents:
    """A timeline table whose event cell holds a dash at some time (a swimlane's quiet lane)."""

    def test_a_dash_is_no_event(self) -> None:
        """The row is no event whose text is "-" (rendered as an empty bullet in every format); its
        other columns are kept with the other rows' (it was left as a raw table line in a notes
        section when first made no event)."""
        text = (
            "# Snow on the runway\n\n**Date:** 22 November 2026\n\n## Timeline\n\n"
            "| Time | Tower | Snow team |\n|---|---|---|\n"
            "| 05:50 | Issues the runway report | On standby |\n"
            "| 06:25 | - | Asks whether to go out |\n"
            "| 07:22 | Closes the runway | Clearing |\n"
        )
        result = import_text(text, name="doc")
        assert [event.description for event in result.incident.timeline] == [
            "Issues the runway report",
            "Closes the runway",
        ]
        (kept,) = result.sections
        assert kept.title == "Timeline: other columns"
        assert "| 06:25 | Asks whether to go out |" in kept.body


class TestFrontMatterTitle:
    """pandoc's YAML front matter names the title; the document's headings are all sections."""

    def test_the_front_matters_title_before_the_file_name(self) -> None:
        """With no single first heading to take, the title is the front matter's ``title`` (it was
        the file's name, though the document's first lines named it)."""
        text = (
            '---\ntitle: "Review: Fog signal silent at the point"\ndate: "19 November 2026"\n---\n\n'
            "# Review: Fog signal silent at the point\n\n**Document ref:** ATN-41\n\n"
            "# 1. Summary\n\nThe fog signal did not sound for three hours.\n\n"
            "# 2. Background\n\nThe point has been unmanned since 1998.\n"
        )
        result = import_text(text, name="fog-signal")
        assert result.incident.title == "Review: Fog signal silent at the point"
        assert result.incident.summary == "The fog signal did not sound for three hours."

    def test_a_heading_title_wins(self) -> None:
        """A document with its own title heading keeps it."""
        text = (
            '---\ntitle: "Draft 3"\ndate: 2026-11-19\n---\n\n# Fog signal silent\n\n## Summary\n\nIt did not sound.\n'
        )
        assert import_text(text, name="doc").incident.title == "Fog signal silent"
