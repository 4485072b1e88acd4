"""What a printed page shows at its foot and its right edge: no heading left alone over a rule,
no identifier or address run past its column or the page."""

from __future__ import annotations

import itertools

import attrs
import pytest
from postmortem_pdf import PdfExporter

import postmortem
from postmortem.testing import sample_incident, thorough_only

from .pdf_helpers import last_lines_in_flow, lay_out, pdf_reader, placed_characters

# An imported report's ids are its file names; teams write services and hosts as one word.
LONG_ID = "2026-03-14-ravensdike-lock-stoppage-write-up-thread-from-the-users-forum"
LONG_WORD = "documents.bulk_save_v2.psycopg.errors.UndefinedColumnInTheSecondSchemaName"
LONG_URL = (
    "https://grafana.example.com/d/checkout-latency-overview/checkout?orgId=1&var-region=eu-west-1"
    "&from=now-6h&to=now&refresh=30s&viewPanel=42"
)
# Points: A4 and Letter have 16 mm side margins (45.35 pt).
SIDE_MARGIN = 45.35


def rule_under_heading(paragraphs: int) -> postmortem.Incident:
    """The sample whose summary has ``paragraphs`` short paragraphs, then a heading with a ``---``
    rule right under it (each post of an imported forum thread opens with one), then text."""
    filler = "\n\n".join(
        f"Paragraph {i} of the summary, a line of ordinary words to fill the page." for i in range(paragraphs)
    )
    summary = f"{filler}\n\n## After the rule\n\n---\n\nThe first words under the heading.\n\nMore words."
    return attrs.evolve(sample_incident(), summary=summary)


def stranded(paragraphs: int, extra_css: str = "") -> list[str]:
    """The headings that are the last line of a page's body (the last page aside)."""
    document = lay_out(PdfExporter(extra_css=extra_css).html(rule_under_heading(paragraphs)))
    return [text for text, tag in last_lines_in_flow(document)[:-1] if tag is not None]


@pytest.mark.slow
class TestHeadingOverARule:
    """A heading with a rule under it keeps with the text under the rule."""

    # 0 to 11 paragraphs move the heading past the foot of the first page; with 8 the heading and
    # its rule ended page 1 (the rule, an <hr>, could be broken after). The everyday tier lays out
    # every other variant, the 8 among them.
    @pytest.mark.parametrize(
        "paragraphs", [n if n % 2 == 0 else pytest.param(n, marks=thorough_only) for n in range(12)]
    )
    def test_no_page_ends_with_the_heading(self, paragraphs: int) -> None:
        """No page's last line is a heading, whatever the summary's length."""
        assert stranded(paragraphs) == []

    def test_control_a_rule_that_may_break_after_strands_it(self) -> None:
        """Control: with the rule allowed a break after it again, the 8-paragraph variant ends a
        page with the heading."""
        assert stranded(8, "hr { break-after: auto !important; }") == ["After the rule"]


def label_over_post(paragraphs: int) -> postmortem.Incident:
    """The sample whose summary has ``paragraphs`` short paragraphs, then a forum post: its bold
    "name · date" line, then its text."""
    filler = "\n\n".join(
        f"Paragraph {i} of the summary, a line of ordinary words to fill the page." for i in range(paragraphs)
    )
    summary = f"{filler}\n\n**fenslodger** · 18 Mar\n\nThe first words of the post, which run on for a while.\n\nMore."
    return attrs.evolve(sample_incident(), summary=summary)


def label_ends_a_page(paragraphs: int, extra_css: str = "") -> bool:
    """Whether the bold label is the last line of a page's body (the last page aside)."""
    document = lay_out(PdfExporter(extra_css=extra_css).html(label_over_post(paragraphs)))
    return any(text.startswith("fenslodger") for text, _tag in last_lines_in_flow(document)[:-1])


@pytest.mark.slow
class TestBoldLabelOverItsText:
    """A bold label line ("**name** · date") keeps with the text under it, as a heading does."""

    @pytest.mark.parametrize(
        "paragraphs", [n if n % 2 == 0 else pytest.param(n, marks=thorough_only) for n in range(4, 14)]
    )
    def test_no_page_ends_with_the_label(self, paragraphs: int) -> None:
        """Across summaries of 4 to 13 paragraphs, no page's last line is the label."""
        assert not label_ends_a_page(paragraphs)

    def test_control_without_the_rule_the_label_ends_a_page(self) -> None:
        """Control: with a break allowed after the label again, 8 paragraphs end page 1 with it."""
        assert label_ends_a_page(8, "p.label { break-after: auto !important; }")


def long_words() -> postmortem.Incident:
    """The sample with a long related-incident id and address, and long one-word values."""
    incident = sample_incident()
    related = (attrs.evolve(incident.related[0], id=LONG_ID, url=LONG_URL, title=LONG_WORD), *incident.related[1:])
    participants = (attrs.evolve(incident.participants[0], name=LONG_WORD, handle=LONG_WORD, team=LONG_WORD),)
    return attrs.evolve(
        incident,
        title=f"Outage of {LONG_WORD}",
        services=(LONG_WORD,),
        related=related,
        participants=participants + incident.participants[1:],
        summary=f"See {LONG_URL} and `{LONG_WORD}`.\n\n| Host | Dashboard |\n|---|---|\n| {LONG_WORD} | {LONG_URL} |\n",
    )


@pytest.fixture(scope="module", params=["A4", "Letter"])
def printed(request: pytest.FixtureRequest) -> tuple[bytes, float]:
    """The long-word report printed, and its page width in points."""
    data = PdfExporter(page_size=request.param).render(long_words())
    return data, {"A4": 595.28, "Letter": 612.0}[request.param]


class TestLongWordsOnPaper:
    """Identifiers and addresses wrap inside their column on A4 and Letter."""

    def test_no_character_is_in_the_right_margin(self, printed: tuple[bytes, float]) -> None:
        """Every character of every page ends left of the right margin: a related incident's long
        id, kept on one line in its cell, ran 250 pt past it, its printed address over 900."""
        data, width = printed
        pages = len(pdf_reader(data).pages)
        past = [
            (page, character)
            for page in range(pages)
            for character, _left, right, _y in placed_characters(data, page)
            if right > width - SIDE_MARGIN + 1
        ]
        assert past == []

    def test_no_text_is_drawn_over_other_text(self, printed: tuple[bytes, float]) -> None:
        """No character is drawn over another on its line by more than a point (the long id ran
        over the relation and the title, 55 pairs, up to 3.8 pt); a kerned pair ("AT", "r.")
        overlaps by under 0.8 pt."""
        data, _width = printed
        pages = len(pdf_reader(data).pages)
        assert [(page, drawn_over(placed_characters(data, page))) for page in range(pages)] == [
            (page, []) for page in range(pages)
        ]


def drawn_over(characters: list[tuple[str, float, float, float]]) -> list[tuple[str, str]]:
    """Neighbouring characters on one line (left to right) that overlap by more than a point."""
    ordered = sorted(characters, key=lambda c: (round(c[3]), c[1]))
    return [
        (a[0], b[0])
        for a, b in itertools.pairwise(ordered)
        if round(a[3]) == round(b[3])
        and (a[1], a[2]) != (b[1], b[2])  # a ligature's characters share one box
        and a[2] - b[1] > 1.0
    ]
