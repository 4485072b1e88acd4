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
