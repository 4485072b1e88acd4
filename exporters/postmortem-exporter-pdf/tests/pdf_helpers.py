"""Test helpers: a loopback HTTP server that records requests, small images, reading PDFs back.

The text of a PDF is read with :func:`postmortem.testing.pdf_text` (PDFium); pypdf reads
its structure (outline, metadata, fonts, images, attachments).
"""

from __future__ import annotations

import io
import itertools
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pypdf

CANARY_TEXT = "CANARY-CONTENT-5f1d0c"


class LoopbackServer:
    """An HTTP server on 127.0.0.1 that answers everything and remembers every request path."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                body, kind = (
                    (png_bytes(), "image/png")
                    if self.path.endswith(".png")
                    else (
                        f"body {{ color: red }} /* {CANARY_TEXT} */".encode(),
                        "text/css",
                    )
                )
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # A short poll interval: shutdown() waits for serve_forever's next look (0.5 s by default).
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def short_incident() -> Any:
    """The sample incident cut to two pages: title block, summary, one timeline event, one list
    item, one action item (headings, a list, tables and a running header and footer).

    A third of the sample's render (about 0.3 s of CPU against 0.8 s), for tests of what an
    option or the resource policy does, where the length of the report plays no part.
    """
    from postmortem.testing import cut_down_incident, sample_incident

    sample = sample_incident(events=1)
    return cut_down_incident(sample, "what_went_well", "timeline", action_items=sample.action_items[:1])


def png_bytes(size: int = 8, colour: str = "red") -> bytes:
    """A small, valid PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, format="PNG")
    return out.getvalue()


def _identity_encodings(reader: pypdf.PdfReader) -> pypdf.PdfReader:
    """Read WeasyPrint's ``WP-Encod-0`` font encodings as the ``Identity-H`` they stand for.

    When some character has no glyph in any installed font, WeasyPrint writes an embedded
    CMap that is the identity except that such glyphs are drawn as .notdef. pypdf 7 decodes
    an embedded CMap as one byte per character and garbles every word in that font (poppler
    reads it correctly). For reading text back, the identity is exactly right: ToUnicode is
    keyed by the same codes.
    """
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            encoding = font.get("/Encoding")
            if (
                encoding is not None
                and not isinstance(encoding, pypdf.generic.NameObject)
                and encoding.get_object().get("/CMapName") == "/WP-Encod-0"
            ):
                font[pypdf.generic.NameObject("/Encoding")] = pypdf.generic.NameObject("/Identity-H")
    return reader


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    """A pypdf reader over ``data``, ready for text extraction."""
    return _identity_encodings(pypdf.PdfReader(io.BytesIO(data)))


def pypdf_page_texts(data: bytes) -> list[str]:
    """The text of each page as pypdf reads it, with WeasyPrint's automatic hyphens undone.

    The suite's reader of PDF text before :func:`postmortem.testing.pdf_page_texts` (PDFium,
    about a hundred times faster); ``test_pdf_text.py`` checks on known documents that the
    two read the same words.
    """
    return [page.extract_text().replace("\u2010\n", "") for page in pdf_reader(data).pages]


def outline_titles(data: bytes) -> list[tuple[int, str]]:
    """The PDF outline as (depth, title) pairs in order."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    titles: list[tuple[int, str]] = []

    def walk(items: Sequence[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, str(getattr(item, "title", ""))))

    walk(reader.outline, 0)
    return titles


def image_objects(data: bytes | pypdf.PdfReader) -> set[int]:
    """The distinct raster images the pages use, directly or through forms and patterns.

    WeasyPrint shares one resource dictionary between pages, so this counts images in the
    document, not per page. ``data`` may be a reader already open on the PDF.
    """
    reader = data if isinstance(data, pypdf.PdfReader) else pypdf.PdfReader(io.BytesIO(data))
    found: set[int] = set()
    seen: set[int] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for kind in ("/XObject", "/Pattern"):
            for ref in resources.get(kind, {}).values():
                key = ref.idnum if isinstance(ref, pypdf.generic.IndirectObject) else id(ref)
                if key in seen:
                    continue
                seen.add(key)
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    found.add(key)
                visit(obj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def last_lines(data: bytes, *, top: float = 780.0, bottom: float = 48.0) -> list[str]:
    """For each page, the text of the lowest line of the body (outside the header and footer).

    Args:
        data: The PDF.
        top: Text above this y (in points from the bottom edge) is the running header.
        bottom: Text below this y is the running footer (the bottom margin is 18 mm, 51 pt; a
            body line may sit just above it).
    """
    return [text for text, _size in last_lines_sized(data, top=top, bottom=bottom)]


def last_lines_sized(data: bytes, *, top: float = 780.0, bottom: float = 48.0) -> list[tuple[str, float]]:
    """Like :func:`last_lines`, with the largest font size (in points) on each of those lines.

    The size tells a heading from a table cell that happens to hold the same word (the
    "Trigger" category label under a contributing factor is not the "Trigger" heading).
    """
    result = []
    for page in pdf_reader(data).pages:
        lines: dict[float, list[tuple[str, float]]] = {}

        def visit(
            text: str, cm: Any, tm: Any, _font: Any, size: Any, lines: dict[float, list[tuple[str, float]]] = lines
        ) -> None:
            y = round(cm[5] + tm[5] * cm[3], 0)
            if text.strip() and bottom < y < top:
                scale = abs(float(tm[3]) * float(cm[3])) or 1.0
                lines.setdefault(y, []).append((text.strip(), float(size or 0) * scale))

        page.extract_text(visitor_text=visit)
        if lines:
            lowest = lines[min(lines)]
            result.append((" ".join(text for text, _ in lowest), max(size for _, size in lowest)))
        else:
            result.append(("", 0.0))
    return result


def reproducible_bytes() -> bool:
    """True when WeasyPrint writes the same bytes for the same input (HarfBuzz-Subset is there).

    With POSTMORTEM_REQUIRE_TOOLS=1 it is always True, so a machine that lacks the library
    fails the byte-for-byte tests instead of passing them loosely.
    """
    import os

    if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
        return True
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def require_harfbuzz_subset() -> None:
    """Skip (or, with POSTMORTEM_REQUIRE_TOOLS=1, fail) when WeasyPrint cannot use HarfBuzz-Subset.

    Without the system library libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools,
    which stamps each subset font with the current time: the same incident then gives
    different bytes from one second to the next. Everything else about the PDF is the same.
    """
    import os

    import pytest
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return
    reason = (
        "libharfbuzz-subset0 (HarfBuzz >= 4.1) is not installed: WeasyPrint subsets fonts with "
        "fontTools, which writes the current time into them, so PDFs are not byte-for-byte reproducible"
    )
    if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (POSTMORTEM_REQUIRE_TOOLS=1)")
    pytest.skip(reason)


def lay_out(html: str) -> Any:
    """The WeasyPrint document (pages of boxes) that ``html_to_pdf(html)`` writes as a PDF.

    The same layout step with the same fetcher (no files, no network) and font configuration,
    without writing and reading back a PDF: about half the cost of a render for a check of
    where the pages break.
    """
    import weasyprint
    from postmortem_pdf._fetcher import LockedURLFetcher
    from weasyprint.text.fonts import FontConfiguration

    return weasyprint.HTML(string=html, url_fetcher=LockedURLFetcher(None)).render(font_config=FontConfiguration())


def last_lines_in_flow(document: Any) -> list[tuple[str, str | None]]:
    """For each laid-out page, the text of the last line of the body in document order, and the
    heading tag (``h1`` to ``h6``) it belongs to, or ``None``.

    The running header and footer are page-margin boxes and are left out. The last line in
    document order is the one nothing on the page follows, even where a part of the page is
    laid out in columns (the lowest line can then belong to another column).
    """
    from weasyprint.formatting_structure import boxes

    result: list[tuple[str, str | None]] = []
    for page in document.pages:
        last: tuple[str, str | None] = ("", None)

        def visit(box: Any, heading: str | None) -> None:
            nonlocal last
            if isinstance(box, boxes.MarginBox):
                return
            tag = getattr(box, "element_tag", None)
            if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = tag
            if isinstance(box, boxes.LineBox):
                text = "".join(child.text for child in box.descendants() if isinstance(child, boxes.TextBox)).strip()
                if text:
                    last = (" ".join(text.split()), heading)
                return
            for child in getattr(box, "children", ()):
                visit(child, heading)

        visit(page._page_box, None)
        result.append(last)
    return result


def placed_characters(data: bytes, page: int, *, above: float | None = None) -> list[tuple[str, float, float, float]]:
    """The characters drawn on a page, each as (character, left, right, baseline y), in points.

    Read with PDFium's character boxes, in the order the PDF draws them; spaces are left out.

    Args:
        data: The PDF.
        page: The page's index (0 for the first).
        above: Keep only characters whose box starts above this height from the page top (in
            points): 60 is the running header in the 21 mm top margin.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        sheet = document[page]
        height = sheet.get_height()
        textpage = sheet.get_textpage()
        found = []
        for index in range(textpage.count_chars()):
            character = textpage.get_text_range(index, 1)
            left, bottom, right, top = textpage.get_charbox(index)
            if character.strip() and (above is None or height - top < above):
                found.append((character, left, right, bottom))
        return found
    finally:
        document.close()


def overlapping(characters: list[tuple[str, float, float, float]]) -> list[tuple[str, str]]:
    """Pairs of characters on one line whose boxes overlap (by more than a quarter point).

    A ligature's characters share one box and are not counted.
    """
    ordered = sorted(characters, key=lambda c: (round(c[3]), c[1]))
    return [
        (a[0], b[0])
        for a, b in itertools.pairwise(ordered)
        if round(a[3]) == round(b[3]) and b[1] < a[2] - 0.25 and (a[1], a[2]) != (b[1], b[2])
    ]
