"""A code block's long lines in the PDF: where each printed row starts, read back with PDFium.

A line too long for the page wraps; its continuation rows start further in than the line's
text did, so a reader can tell them from the block's next line (at the margin, one wrapped
log entry read as two).
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import postmortem
from postmortem.testing import sample_incident

pdfium: Any = pytest.importorskip("pypdfium2")

LONG_LINE = (
    "2026-10-13T14:02:11Z ERROR upstream connect error or disconnect/reset before headers, retried 3 times "
    "against payments-api.internal.example.com:8443 after the pool of upstream connections ran dry"
)
INDENTED_LINE = (
    "    at Router.route (router.js:112) while handling request 7f3a9c2e-1b4d-4e8a-9c0f-aa11bb22cc33 "
    "for the checkout page of the web shop in the EU region"
)
LAST_LINE = "INFO upstream ok"
LINES = (LONG_LINE, INDENTED_LINE, LAST_LINE)


def code_rows(pdf: bytes) -> list[tuple[float, float, str]]:
    """The printed rows of the code block, top to bottom: each row's left edge, the width of its
    characters (points) and its text.

    The block is the text from the first line's time stamp to the last line's end, on the page
    that holds it; a row is its characters on one line (their font boxes' middles within two points).
    """
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text_page = page.get_textpage()
        chars = [text_page.get_text_range(i, 1) for i in range(text_page.count_chars())]
        text = "".join(chars)
        start = text.find(LONG_LINE[:26])
        if start < 0:
            continue
        end = text.index(LAST_LINE, start) + len(LAST_LINE)
        rows: list[list[Any]] = []
        for i in range(start, end):
            if not chars[i].strip() or chars[i] == "\ufffe":
                continue
            left, bottom, right, top = text_page.get_charbox(i, loose=True)
            middle = (bottom + top) / 2
            if rows and abs(rows[-1][1] - middle) < 2:
                rows[-1][3] += chars[i]
                rows[-1][2] = max(rows[-1][2], right - left)
            else:
                rows.append([left, middle, right - left, chars[i]])
        return [(row[0], row[2], row[3]) for row in rows]
    raise AssertionError("the code block is on no page")


@pytest.fixture(scope="module")
def rows() -> list[tuple[float, float, str]]:
    """The rows of a three-line log excerpt at the end of the sample's summary, on A4."""
    incident = sample_incident(events=1)
    code = "```\n" + "\n".join(LINES) + "\n```\n"
    incident = attrs.evolve(incident, summary=f"{incident.summary}\n\n{code}")
    pdf = postmortem.export(incident, "pdf")
    assert isinstance(pdf, bytes)
    return code_rows(pdf)


def where(row_text: str, after: int) -> tuple[int, int]:
    """The line a row's text comes from and its offset in that line (spaces aside), searching
    the lines' text from ``after`` on."""
    squeezed = [line.replace(" ", "") for line in LINES]
    found = "".join(squeezed).index(row_text, after)
    for number, line in enumerate(squeezed):
        if found < len(line):
            return number, found
        found -= len(line)
    raise AssertionError(row_text)


class TestCodeBlockWrapsInThePdf:
    def test_every_character_is_printed_once_in_order(self, rows: list[tuple[float, float, str]]) -> None:
        """The rows hold the three lines' text as written (spaces aside)."""
        assert "".join(line.replace(" ", "") for line in LINES) == "".join(text for _, _, text in rows)

    def test_both_long_lines_wrap(self, rows: list[tuple[float, float, str]]) -> None:
        """The long lines take at least two rows each on A4 (or the test below would test nothing)."""
        assert len(rows) >= 5, rows

    def test_lines_start_at_the_edge_and_their_continuations_further_in(
        self, rows: list[tuple[float, float, str]]
    ) -> None:
        """A row that starts a line starts at the block's edge (the indented line's text four
        characters in); a continuation row starts at least one and a half characters right of
        where its line's text started."""
        char = max(width for _, width, _ in rows)
        edge = rows[0][0]
        text_start: dict[int, float] = {}
        offset = 0
        continuations = 0
        for left, _width, text in rows:
            number, at = where(text.replace(" ", ""), offset)
            offset += len(text.replace(" ", ""))
            if at == 0:
                indent = len(LINES[number]) - len(LINES[number].lstrip(" "))
                assert left == pytest.approx(edge + indent * char, abs=1.5), (number, text)
                text_start[number] = left
            else:
                continuations += 1
                assert left >= text_start[number] + 1.5 * char, (number, text, left, text_start[number])
        assert sorted(text_start) == [0, 1, 2]
        assert continuations >= 2
