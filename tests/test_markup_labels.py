"""A bold label written as a paragraph ("**What happened**") is marked, for print to keep it with its text."""

from __future__ import annotations

import pytest

from postmortem import markup


def first_block(text: str) -> markup.Node:
    return markup.tree(text, "markdown").children[0]


class TestBoldLabels:
    @pytest.mark.parametrize(
        "text",
        [
            "**What happened**",
            "**fenslodger** (Volunteer lock team coordinator) · 18 Mar 2026",
            "**Q3. What was the immediate cause?**",
            "**Owner:** Priya",
        ],
    )
    def test_a_short_paragraph_opening_in_bold_is_a_label(self, text: str) -> None:
        """Imported forum posts, forms and write-ups with bold lines instead of headings."""
        assert markup.is_label(first_block(text))

    @pytest.mark.parametrize(
        "text",
        [
            "**Short version:** four of the six edge-blended projectors dropped into lamp-protect mode.",
            "What **happened**",
            "*What happened*",
            "- **What happened**",
            "## What happened",
            "**Step 1**  \nThen the rest",
        ],
    )
    def test_prose_a_list_or_a_heading_is_not(self, text: str) -> None:
        """Over 80 characters, bold not first, italics, a list, a heading, or a line break inside."""
        assert not markup.is_label(first_block(text))

    def test_the_html_marks_the_label_only(self) -> None:
        """The label's paragraph has class "label", the paragraph after it none."""
        html = markup.to_html("**fenslodger** · 18 Mar\n\nRight, as promised.", "markdown")
        assert '<p class="label"><strong>fenslodger</strong> · 18 Mar</p>' in html
        assert "<p>Right, as promised.</p>" in html
