"""A tall table row runs on over a page break; a short one is never split.

Every row used to be kept on one page. An action item of 28 lines then went to the next page
with the "Action items" heading (kept with its table) and left up to a third of the page before it
empty. Rows over about ten lines (``tr.tall``) may now split, with the table's header repeated
above the rest; shorter rows stay whole. Read back with PDFium's text positions.
"""

from __future__ import annotations

import attrs
import pypdfium2
import pytest
from postmortem_pdf import PdfExporter

import postmortem
from postmortem.testing import pdf_page_texts, sample_incident

# The body of an A4 page lies between the running header and footer (in points from the bottom).
BODY_BOTTOM = 60.0
BODY_TOP = 780.0
LONG_ITEM = " ".join(["The runbook step is rewritten so that the on-call engineer can follow it at night."] * 5)
# Summary lengths that bring the Action items heading near the foot of a page (found by a sweep
# of 0 to 29 paragraphs: kept whole, the tall row left 33% and 22% of the page empty; after 27
# the row runs on over the page break).
SUMMARY_PARAGRAPHS = (24, 27)


def report(paragraphs: int) -> postmortem.Incident:
    """The sample with a tall first action item, after a summary of ``paragraphs`` paragraphs."""
    sample = sample_incident()
    tall = attrs.evolve(
        sample.action_items[0],
        description=LONG_ITEM,
        verification=" ".join(["A game day walks the new step end to end."] * 4),
    )
    summary = "\n\n".join(["Summary."] + [f"Paragraph {n}: requests failed for a while." for n in range(paragraphs)])
    return attrs.evolve(sample, summary=summary, action_items=(tall, *sample.action_items[1:]))


def body_lines(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's lines of body text, top to bottom, as (bottom in points, text)."""
    document = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for sheet in document:
            textpage = sheet.get_textpage()
            lines = []
            for index in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(index)
                if bottom > BODY_BOTTOM and top < BODY_TOP:
                    lines.append((bottom, textpage.get_text_bounded(left, bottom, right, top).strip()))
            pages.append(sorted(lines, key=lambda line: -line[0]))
        return pages
    finally:
        document.close()


def empty_before_action_items(data: bytes) -> float:
    """The share of the body left empty at the foot of the page before the Action items heading
    (0 when the heading is not the first line of its page)."""
    pages = body_lines(data)
    for number, lines in enumerate(pages):
        texts = [text for _bottom, text in lines]
        if "Action items" in texts:
            if number == 0 or texts.index("Action items") != 0:
                return 0.0
            lowest = min(bottom for bottom, _text in pages[number - 1])
            return (lowest - BODY_BOTTOM) / (BODY_TOP - BODY_BOTTOM)
    raise AssertionError("no Action items heading")


class TestTallRows:
    """Only a tall row splits, and the page before a table is not left part empty for it."""

    @pytest.mark.parametrize("paragraphs", SUMMARY_PARAGRAPHS)
    def test_the_page_before_the_action_items_is_filled(self, paragraphs: int) -> None:
        """The heading, the header row and the tall item's first lines stay at the page's foot."""
        assert empty_before_action_items(PdfExporter().render(report(paragraphs))) < 0.08

    def test_control_with_every_row_kept_whole(self) -> None:
        """Control: with the tall row kept whole, the same report leaves a fifth of a page empty."""
        keep = "tr.tall { break-inside: avoid !important; }"
        assert empty_before_action_items(PdfExporter(extra_css=keep).render(report(SUMMARY_PARAGRAPHS[0]))) > 0.2

    def test_the_rest_of_a_split_row_is_under_the_repeated_header(self) -> None:
        """The tall item is on two pages; the second starts with the table's header row; the short
        item after it is on one page, whole."""
        data = PdfExporter().render(report(SUMMARY_PARAGRAPHS[1]))
        pages = [" ".join(page.split()) for page in pdf_page_texts(data)]
        with_item = [number for number, page in enumerate(pages) if "The runbook step is rewritten" in page]
        assert len(with_item) == 2
        following = [text for _bottom, text in body_lines(data)[with_item[1]]]
        assert following[0].startswith("ID")
        short = [number for number, page in enumerate(pages) if "Document flag ownership" in page]
        assert short == [number for number, page in enumerate(pages) if "Reviewed in the runbook audit" in page]
        assert len(short) == 1


class TestTheRowsClass:
    """Which rows the report marks tall (the HTML's print style reads the same class)."""

    def test_only_the_long_item_is_tall(self) -> None:
        """The 28-line item is marked; the sample's one- and two-line items and its events are not."""
        html = PdfExporter().html(report(0))
        assert html.count('<tr class="tall">') == 1
        assert html.index('<tr class="tall">') < html.index(LONG_ITEM[:40])
