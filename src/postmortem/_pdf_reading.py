"""The text of a PDF's pages, for tests (re-exported by :mod:`postmortem.testing`).

Apart from the contract so that the contract's module stays short; importing ``postmortem``
does not load it.
"""

from __future__ import annotations

import os

import pytest

__all__ = ["pdf_page_texts", "pdf_text"]


def pdf_page_texts(data: bytes) -> list[str]:
    r"""The text of each page of a PDF, read with PDFium (the ``pypdfium2`` package).

    The one reader of PDF text for the tests of every package. PDFium is compiled code and
    reads a page in a few milliseconds, where pypdf (pure Python, used before) took a tenth
    to half a second. Its reading is made to match what pypdf read, word for word, which the
    PDF package's tests check on known documents (``test_pdf_text.py``):

    - lines end in ``\n`` (PDFium ends them in ``\r\n``);
    - a hyphen that ends a line stays, followed by the line break (PDFium reports it as
      U+FFFE in place of both);
    - WeasyPrint's automatic hyphens (U+2010 at the end of a line) are undone, so a
      hyphenated word reads whole.

    PDFium puts a space between words that pypdf sometimes ran together (``Post-mortem``
    and the title in the running header), and reads a U+FFFF in the text as a guess from the
    glyph's name.

    The test is skipped when ``pypdfium2`` is not installed (the test sessions install it),
    and fails instead with ``POSTMORTEM_REQUIRE_TOOLS=1``, as :func:`require_tool` does.

    Args:
        data: The PDF file.

    Returns:
        One string per page, in page order.
    """
    try:
        import pypdfium2  # noqa: PLC0415  (a test dependency, loaded when a PDF is read)
    except ImportError:
        reason = "pypdfium2 is not installed; pip install pypdfium2 (the test sessions install it)"
        if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{reason} (POSTMORTEM_REQUIRE_TOOLS=1)")
        pytest.skip(reason)

    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            texts.append(text.replace("\r\n", "\n").replace("\ufffe", "-\n").replace("\u2010\n", ""))
        return texts
    finally:
        document.close()


def pdf_text(data: bytes) -> str:
    """Every page's text of a PDF (:func:`pdf_page_texts`), joined with line breaks."""
    return "\n".join(pdf_page_texts(data))
