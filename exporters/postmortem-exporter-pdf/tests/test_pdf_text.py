"""The suite reads PDF text with PDFium (``postmortem.testing.pdf_text``): it reads what pypdf read.

pypdf, pure Python, read the text of the suite's PDFs before, at a tenth to half a second a
page; PDFium reads a page in a few milliseconds. Every test that looks for words in a PDF now
reads it with PDFium, so the two readings of known documents are compared here: the same
words on every page, and each line pypdf read found, word for word and in order, in PDFium's
reading of that page. The documents hold what made the readers differ: hyphens WeasyPrint
adds, hyphens that end a line, a character no installed font draws (WeasyPrint's own font
encoding, which pypdf 7 misreads without help), ligatures, a running header and footer, the
timeline chart.
"""

from __future__ import annotations

import re
from collections import Counter

from postmortem_pdf._render import html_to_pdf

from postmortem.testing import pdf_page_texts, pdf_text

from .pdf_helpers import pdf_reader, pypdf_page_texts


def words(text: str) -> list[str]:
    """The words of ``text``, punctuation and spacing aside."""
    return re.findall(r"\w+", text)


def assert_same_reading(data: bytes) -> None:
    """PDFium's reading of ``data`` has pypdf's words, page by page, and each of pypdf's lines in order."""
    before = pypdf_page_texts(data)
    after = pdf_page_texts(data)
    assert len(after) == len(before)
    for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        assert Counter(words(new)) == Counter(words(old)), f"page {number}"
        sequence = f" {' '.join(words(new))} "
        lost = [line for line in old.splitlines() if words(line) and f" {' '.join(words(line))} " not in sequence]
        assert lost == [], f"page {number}: {lost}"


# A narrow column, so that WeasyPrint hyphenates long words (U+2010 at the end of a line) and
# compound names break after their own hyphen; U+E000 has a glyph in no installed font.
HYPHENS = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head>"
    "<body style='width: 55mm; font-family: sans-serif'>"
    "<p style='hyphens: auto'>"
    + "Internationalisation responsibilities notwithstanding, the characteristically incomprehensible " * 4
    + "</p><p>"
    + "The pg-main-2 primary and the checkout-api-canary fleet served the office affluent traffic. " * 4
    + "</p><p>Before words \ue000 after words</p></body></html>"
)


class TestSameWordsAsPypdf:
    """On known PDFs PDFium reads the words pypdf read."""

    def test_sample_incident(self, sample_pdf: bytes) -> None:
        """The complete sample incident (four pages: chart, tables, header and footer)."""
        assert_same_reading(sample_pdf)

    def test_example_with_hyphens_at_line_ends(self, example_pdfs: dict[str, bytes]) -> None:
        """An example whose identifiers (pg-main-2, ...) break after a hyphen at the end of a line."""
        assert_same_reading(example_pdfs["latency-database-hotspot"])

    def test_hyphenation_ligatures_and_a_glyphless_character(self) -> None:
        """WeasyPrint's hyphens are undone, a line-end hyphen is kept, a font without the glyph reads whole."""
        data = html_to_pdf(HYPHENS).data
        assert_same_reading(data)
        text = pdf_text(data)
        # The document has what it is for: words WeasyPrint hyphenated, a line that ends in a hyphen.
        assert "\u2010\n" in pdf_reader(data).pages[0].extract_text()
        assert re.search(r"-\n", text)
        assert text.count("Internationalisation") == 4
        assert text.count("responsibilities") == 4
        assert text.count("incomprehensible") == 4
        assert "office affluent" in " ".join(text.split())
        assert "Before words \ue000 after words" in text
