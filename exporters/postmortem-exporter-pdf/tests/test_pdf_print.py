"""Print quality: page sizes, running header and footer, outline, metadata, fonts, PDF/A, long reports."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pypdf
import pytest
from postmortem_pdf import PdfExporter

import postmortem
from postmortem import presentation, serialize
from postmortem.errors import ExporterError
from postmortem.export import get_exporter
from postmortem.testing import (
    SECTION_MARKERS,
    normalise_text,
    pdf_page_texts,
    pdf_text,
    require_tool,
    sample_incident,
    thorough_only,
)

from .pdf_helpers import (
    last_lines_in_flow,
    last_lines_sized,
    lay_out,
    outline_titles,
    overlapping,
    placed_characters,
    pypdf_page_texts,
    require_harfbuzz_subset,
    short_incident,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# A4 and Letter in PDF points.
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def reader(data: bytes) -> pypdf.PdfReader:
    """A pypdf reader over ``data``."""
    return pypdf.PdfReader(io.BytesIO(data))


def catalog(data: bytes) -> Any:
    """The document catalog (pypdf types its dictionaries loosely)."""
    return reader(data).trailer["/Root"]


class TestPageSize:
    """page_size chooses the paper; every page has it."""

    @pytest.mark.parametrize(("option", "size"), [(None, A4), ("A4", A4), ("Letter", LETTER), ("letter", None)])
    def test_media_box(self, option: str | None, size: tuple[float, float] | None, sample_pdf: bytes) -> None:
        """A4 is the default (the session's render has the default options); Letter is 8.5 x 11 in;
        anything else is refused. A named size renders the two-page short incident: every page
        (the first and one with the running header) has the size."""
        options = {} if option is None else {"page_size": option}
        if size is None:
            with pytest.raises(ExporterError, match="page_size"):
                PdfExporter(**options)
            return
        data = sample_pdf if option is None else PdfExporter(**options).render(short_incident())
        assert len(reader(data).pages) >= 2
        for page in reader(data).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.5)


class TestRunningHeaderAndFooter:
    """Every page says which incident it belongs to and where it is in the document."""

    def test_every_page_is_numbered_x_of_y(self, sample_pdf: bytes) -> None:
        """Page N of TOTAL on every page, in order."""
        texts = pdf_page_texts(sample_pdf)
        assert len(texts) >= 3
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text

    def test_incident_id_and_title_head_later_pages(self, sample_pdf: bytes) -> None:
        """Pages after the first carry the incident id and title in the header and the id in the footer."""
        texts = pdf_page_texts(sample_pdf)
        for text in texts[1:]:
            assert text.count("INC-2026-0042") >= 2
            assert SECTION_MARKERS["title"] in text
        assert "Post-mortem INC-2026-0042 · SEV2 In review" in normalise_text(texts[-1])

    def test_first_page_has_no_running_header(self, sample_pdf: bytes) -> None:
        """The title block names the incident on page 1, so the running title is not repeated there."""
        first = normalise_text(pdf_page_texts(sample_pdf)[0])
        assert first.count(SECTION_MARKERS["title"]) == 1

    @pytest.mark.parametrize(
        ("incident_id", "title", "whole"),
        [
            ("INC-7", "Checkout outage", True),
            ("07-rent-autopay-internal-audit", "Report IA-2026-14: Duplicate Debit Collection", True),
            (
                "07-rent-autopay-internal-audit",
                "Internal Audit Report IA-2026-14: Duplicate Direct Debit Collection, Residential Lettings",
                False,
            ),
            ("INC-7", "Ausfall " * 40, False),
            ("INC-7", "x" * 400, False),
        ],
        ids=["short", "long-id", "long-id-and-title", "many-words", "one-long-word"],
    )
    def test_header_kicker_and_title_never_overlap(self, incident_id: str, title: str, whole: bool) -> None:
        """The header's two parts share one line without touching: the kicker whole on the left,
        the title on the right, whole and flush with the margin when it fits, else cut with an
        ellipsis inside the margin.

        The kicker once had a fixed 30% of the line and the title 70%: an imported report's
        id (its file name) ran on into the title ("Post-mortemInternal Audit ...").
        """
        incident = attrs.evolve(short_incident(), id=incident_id, title=title.strip())
        data = PdfExporter().render(incident)
        header = placed_characters(data, 1, above=60)
        text = "".join(c for c, *_ in header)
        kicker = f"{incident_id}·Post-mortem"
        assert text.startswith(kicker)
        assert overlapping(header) == []
        kicker_end = max(right for _, _, right, _ in header[: len(kicker)])
        title_start = min(left for _, left, _, _ in header[len(kicker) :])
        assert title_start - kicker_end > 8  # points: a visible gap (5 mm unless the title is short)
        right_margin = A4[0] - 16 * 72 / 25.4
        title_end = max(right for _, _, right, _ in header[len(kicker) :])
        if whole:
            assert text == kicker + "".join(title.split())
            assert title_end == pytest.approx(right_margin, abs=1.5)
        else:
            shown = text[len(kicker) :]
            assert shown.endswith("…")
            assert "".join(title.split()).startswith(shown[:-1])
            # A title cut between words stays inside the margin; one word longer than the
            # line (the x's) is cut inside it, and WeasyPrint's ellipsis may overhang it a little.
            assert title_end <= right_margin + (0.5 if " " in title.strip() else 6)

    def test_a_long_id_is_cut_in_the_header_and_footer(self) -> None:
        """An id of 117 characters (an imported report's file name) is cut to 48 with an ellipsis
        in the running header and the footer: whole, it ran past the right margin over the title,
        and the footer wrapped onto two lines with "Page 2 of" broken from its "2"."""
        incident_id = (
            "2026-03-14-regional-water-utility-telemetry-outage-north-district-"
            "pumping-stations-and-reservoir-level-sensors-review"
        )
        incident = attrs.evolve(short_incident(), id=incident_id, title="Telemetry outage at the pumping stations")
        data = PdfExporter().render(incident)
        cut = incident_id[:47] + "…"
        header = placed_characters(data, 1, above=60)
        text = "".join(c for c, *_ in header)
        assert text.startswith(f"{cut}·Post-mortem")
        assert overlapping(header) == []
        right_margin = A4[0] - 16 * 72 / 25.4
        assert max(right for _, _, right, _ in header) <= right_margin + 0.5
        footer = [c for c in placed_characters(data, 1) if c[3] < 50]
        assert overlapping(footer) == []
        assert "".join(c for c, *_ in footer).startswith(f"Post-mortem{cut}·")
        # One line, nothing wrapped: glyph boxes differ by their descenders, lines by 11 points.
        bottoms = [c[3] for c in footer]
        assert max(bottoms) - min(bottoms) < 5

    def test_the_first_page_shows_a_long_id_whole(self) -> None:
        """Only the margins' copies are cut: the title block shows the whole id."""
        incident_id = "x-" * 40 + "end"
        data = PdfExporter().render(attrs.evolve(short_incident(), id=incident_id))
        assert incident_id in "".join(c for c, *_ in placed_characters(data, 0))


class TestOutline:
    """The PDF outline (bookmarks) follows the headings."""

    def test_sections_are_bookmarks_under_the_title(self, sample_pdf: bytes) -> None:
        """The title is the top bookmark; every section shown is a bookmark below it, in report order."""
        titles = outline_titles(sample_pdf)
        assert titles[0] == (0, SECTION_MARKERS["title"])
        sections = [title for depth, title in titles if depth == 1]
        assert sections == [section.title for section in presentation.sections(sample_incident())]

    def test_subsections_nest_under_their_section(self, sample_pdf: bytes) -> None:
        """h3 headings (Technical, Process, Trigger under Root cause and trigger) are one level deeper."""
        titles = outline_titles(sample_pdf)
        root_cause = titles.index((1, "Root cause and trigger"))
        assert titles[root_cause + 1 : root_cause + 4] == [(2, "Technical"), (2, "Process"), (2, "Trigger")]


class TestMetadata:
    """Title, authors, keywords, subject and dates come from the incident."""

    def test_document_information(self, sample_pdf: bytes) -> None:
        """The info dictionary holds what a document manager shows."""
        meta = reader(sample_pdf).metadata
        assert meta is not None
        assert meta.title == f"INC-2026-0042: {SECTION_MARKERS['title']}"
        assert meta.author == "Priya Raman"
        assert str(meta["/Keywords"]) == "checkout-api, payments, feature-flag"
        assert meta.subject is not None
        assert meta.subject.startswith(SECTION_MARKERS["summary"])
        # When it was rendered (SOURCE_DATE_EPOCH here), not when the incident happened.
        assert str(meta["/CreationDate"]) == "D:20261201000000+00'00"
        assert str(meta["/ModDate"]) == str(meta["/CreationDate"])
        assert meta.creator is not None
        assert meta.creator.startswith("postmortem ")

    def test_language(self, sample_pdf: bytes) -> None:
        """The document language is declared in the catalog, and the lang option changes it."""
        assert catalog(sample_pdf)["/Lang"] == "en"
        german = PdfExporter(lang="de").render(short_incident())
        assert catalog(german)["/Lang"] == "de"

    @pytest.mark.slow
    def test_same_incident_same_bytes(self, sample_pdf_a3b: bytes, a3b_again: bytes) -> None:
        """No render time or random id: the same incident gives the same PDF/A file.

        The render here is compared with the run's shared render of the same incident and
        options (made earlier, with the same SOURCE_DATE_EPOCH). The plain PDF's second render
        is the contract's ``test_same_input_same_output`` (test_pdf_contract.py), which compares
        a new render of the sample with the same shared ``sample_pdf``."""
        require_harfbuzz_subset()
        assert a3b_again == sample_pdf_a3b

    def test_archival_identifier_follows_content(self, sample_pdf_a3b: bytes, a3b_again: bytes) -> None:
        """A PDF/A file has an identifier, the same for the same incident and different for another."""
        require_harfbuzz_subset()
        incident = sample_incident()
        first = reader(sample_pdf_a3b).trailer["/ID"]
        again = reader(a3b_again).trailer["/ID"]
        other = PdfExporter(pdf_variant="pdf/a-3b").render(attrs.evolve(incident, title="Another title"))
        assert first == again
        assert first != reader(other).trailer["/ID"]


def _fonts(data: bytes) -> Iterator[Any]:
    for page in reader(data).pages:
        fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


class TestFonts:
    """Every font is embedded, so the PDF looks the same on every machine."""

    def test_all_fonts_embedded(self, sample_pdf: bytes) -> None:
        """Each font has a font file in its descriptor."""
        fonts = list(_fonts(sample_pdf))
        assert fonts
        for font in fonts:
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]

    def test_a_sans_serif_face_is_used_for_text_and_margins(self, sample_pdf: bytes) -> None:
        """The report's sans-serif stack is found (Debian: fonts-noto-core or fonts-dejavu-core); no serif fallback."""
        names = {str(font["/BaseFont"]) for font in _fonts(sample_pdf)}
        assert names
        assert all(re.search(r"Noto-?Sans|DejaVu-?Sans|Liberation-?Sans|Inter", name) for name in names), names


class TestPdfA:
    """pdf_variant writes archival PDF/A (or accessible PDF/UA) files."""

    @pytest.mark.parametrize(("variant", "part", "conformance"), [("pdf/a-3b", "3", "B"), ("pdf/a-2u", "2", "U")])
    def test_variant_metadata(self, variant: str, part: str, conformance: str, sample_pdf_a3b: bytes) -> None:
        """The XMP metadata declares the PDF/A part and conformance, with an sRGB output intent."""
        data = sample_pdf_a3b if variant == "pdf/a-3b" else PdfExporter(pdf_variant=variant).render(short_incident())
        pdf = reader(data)
        xmp = pdf.xmp_metadata
        assert xmp is not None
        xml = xmp.stream.get_data().decode("utf-8")
        assert re.search(rf"pdfaid:part(=\"|>){part}", xml)
        assert re.search(rf"pdfaid:conformance(=\"|>){conformance}", xml)
        intents = catalog(data)["/OutputIntents"]
        assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
        assert SECTION_MARKERS["summary"] in pdf_text(data)

    def test_plain_pdf_claims_no_variant(self, sample_pdf: bytes) -> None:
        """Without the option no PDF/A claim is made."""
        assert "/OutputIntents" not in catalog(sample_pdf)

    def test_unknown_variant_is_refused(self) -> None:
        """Only the listed variants are accepted (PDF/A-4 would not be reproducible)."""
        with pytest.raises(ExporterError, match="pdf_variant"):
            PdfExporter(pdf_variant="pdf/a-4u")

    def test_tagged_pdf(self) -> None:
        """tagged=True writes a structure tree and marks the document as tagged."""
        root = catalog(PdfExporter(tagged=True).render(short_incident()))
        assert "/StructTreeRoot" in root
        assert root["/MarkInfo"]["/Marked"]


HEADINGS = {section.title for section in presentation.SECTIONS} | {
    heading for subsections in presentation.SUBSECTIONS.values() for _path, heading in subsections
}


def sweep(count: int) -> postmortem.Incident:
    """The sample with ``count`` extra summary paragraphs (0 to 17 move every following heading
    through every position near the foot of a page)."""
    summary = "\n\n".join(["Summary marker SUMMARY7."] + [f"Paragraph {n}: requests failed." for n in range(count)])
    return attrs.evolve(sample_incident(), summary=summary)


def stranded_in(count: int, extra_css: str = "") -> list[tuple[int, str]]:
    """Lay out the sweep's variant ``count``; return (variant, heading) pairs where a heading is
    the last line of a page's body (the last page aside), read from WeasyPrint's page boxes."""
    document = lay_out(PdfExporter(extra_css=extra_css).html(sweep(count)))
    return [(count, text) for text, tag in last_lines_in_flow(document)[:-1] if tag in {"h2", "h3"}]


class TestFirstPage:
    """What the first page spends its room on."""

    @staticmethod
    def blocks_of(document: Any, css_class: str) -> list[tuple[float, float, float]]:
        """(x, top, bottom) of each block laid out for an element of ``css_class`` on the first
        page, in CSS pixels from the page's top."""
        from weasyprint.formatting_structure import boxes

        found: list[tuple[float, float, float]] = []

        def visit(box: Any) -> None:
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if isinstance(box, boxes.BlockBox) and css_class in classes:
                found.append((box.position_x, box.position_y, box.position_y + box.margin_height()))
            for child in getattr(box, "children", ()):
                visit(child)

        visit(document.pages[0]._page_box)
        return found

    def test_the_five_key_metrics_share_one_row(self) -> None:
        """Five cards side by side: in four columns the fifth (impact duration) took a row of its own."""
        document = lay_out(PdfExporter().html(sample_incident(events=1)))
        cards = self.blocks_of(document, "metric")
        assert len(cards) == 5
        assert len({round(top) for _x, top, _bottom in cards}) == 1

    def test_the_chart_fits_the_text_width(self) -> None:
        """The timeline chart is as wide as the page's text, not the screen's least 720 px: on A4
        (673 px of text) its right end, last tick label and resolved line, stood in the margin."""
        from weasyprint.formatting_structure import boxes

        document = lay_out(PdfExporter().html(sample_incident(events=1)))
        charts: list[tuple[float, float]] = []

        def visit(box: Any, width: float) -> None:
            if isinstance(box, boxes.ReplacedBox) and str(box.element_tag).endswith("svg"):
                charts.append((box.margin_width(), width))
            for child in getattr(box, "children", ()):
                visit(child, box.width if isinstance(box, boxes.BlockBox) and box.element_tag == "figure" else width)

        visit(document.pages[0]._page_box, 0)
        ((chart, figure),) = charts
        assert figure < 720
        assert chart == pytest.approx(figure, abs=0.5)

    def test_nothing_known_takes_one_line(self) -> None:
        """Only the start known (an imported draft): no cards and no chart, one note; the summary
        starts within 120 px of the title block's end (the cards and chart took over 300)."""
        incident = serialize.loads(
            "id: AUDIT-7\ntitle: Duplicate collection run\nmilestones:\n  started: 2026-07-01T10:15:00Z\n"
            "summary: The collection run was submitted twice.\n"
        )
        document = lay_out(PdfExporter().html(incident))
        assert self.blocks_of(document, "metric") == []
        assert self.blocks_of(document, "timeline-figure") == []
        assert len(self.blocks_of(document, "metrics-unknown")) == 1
        ((_x, _top, block_end),) = self.blocks_of(document, "title-block")
        ((_x, summary, _bottom),) = self.blocks_of(document, "section-summary")
        assert 0 < summary - block_end < 120


@pytest.mark.slow
class TestBreaks:
    """Headings are never left alone at the foot of a page."""

    # One test per variant of the sweep (the same 18 layouts as one test), so that the two
    # pytest-xdist workers share them instead of one worker spending 10 s of CPU on all. The
    # everyday tier lays out every third variant (0, 3, ... 15: without the keep-with-next
    # rules five of those six strand a heading, 13 of the 18 do), the thorough tier all 18.
    @pytest.mark.parametrize(
        "count", [count if count % 3 == 0 else pytest.param(count, marks=thorough_only) for count in range(18)]
    )
    def test_no_heading_ends_a_page(self, count: int) -> None:
        """Across a sweep of summary lengths (0 to 17 extra paragraphs), no page ends with a heading."""
        assert stranded_in(count) == []

    def test_control_without_break_rules_headings_strand(self) -> None:
        """Control: with the keep-with-next rules turned off, the same sweep strands a heading,
        and the PDF of that variant ends a page with it (read back from the PDF's text).

        The sweep stops at the first variant that strands one; its layout (kept, not laid out
        again) gives the page count the PDF must have."""
        no_rules = "h2, h3 { break-after: auto !important; }"
        stranded: list[tuple[int, str]] = []
        for count in range(18):
            document = lay_out(PdfExporter(extra_css=no_rules).html(sweep(count)))
            stranded = [(count, text) for text, tag in last_lines_in_flow(document)[:-1] if tag in {"h2", "h3"}]
            if stranded:
                break
        assert stranded != []
        data = PdfExporter(extra_css=no_rules).render(sweep(count))
        in_pdf = [line for line, size in last_lines_sized(data)[:-1] if line in HEADINGS and size >= 10.5]
        assert in_pdf != []
        assert set(in_pdf) <= {heading for _variant, heading in stranded}
        assert len(pdf_page_texts(data)) == len(document.pages)


def code_blocks(count: int = 30, lines: int = 5) -> postmortem.Incident:
    """The sample whose summary is ``count`` code blocks of ``lines`` lines, a paragraph before each."""
    blocks = [
        f"Paragraph before block {n}.\n\n```\n" + "\n".join(f"block{n:02d} line{k}" for k in range(lines)) + "\n```"
        for n in range(count)
    ]
    return attrs.evolve(sample_incident(), summary="\n\n".join(blocks))


def split_blocks(pages: list[str], count: int = 30) -> list[int]:
    """The code blocks of :func:`code_blocks` whose lines are printed on more than one page."""
    return [
        n for n in range(count) if sum(1 for page in pages if f"block{n:02d} line" in page.replace("\u00a0", " ")) > 1
    ]


class TestCodeBlocksOnPaper:
    """A code block that fits on a page is printed on one page."""

    def test_no_short_code_block_is_split_across_pages(self) -> None:
        """Thirty five-line blocks over several pages: each is on one page (a four-line diagram of
        an imported report was split two and two across a page break)."""
        pages = pdf_page_texts(PdfExporter().render(code_blocks()))
        assert len(pages) > 3
        assert split_blocks(pages) == []

    def test_control_without_the_rule_a_block_is_split(self) -> None:
        """Control: without ``break-inside: avoid`` on ``pre`` the same report splits a block."""
        pages = pdf_page_texts(PdfExporter(extra_css="pre { break-inside: auto !important; }").render(code_blocks()))
        assert split_blocks(pages) != []


@pytest.mark.slow
class TestExamples:
    """The example post-mortems render with every section's text."""

    @pytest.mark.parametrize("name", ["api-outage-feature-flag.yaml", "latency-database-hotspot.yaml"])
    def test_example_renders_every_section(self, name: str, example_pdfs: dict[str, bytes]) -> None:
        """Each shown section's heading is in the text and in the outline (the session's render)."""
        incident = serialize.load(EXAMPLES / name)
        data = example_pdfs[Path(name).stem]
        text = normalise_text(pdf_text(data))
        titles = [title for depth, title in outline_titles(data) if depth == 1]
        expected = [section.title for section in presentation.sections(incident)]
        assert titles == expected
        for title in expected:
            assert title in text
        assert normalise_text(presentation.clean_text(incident.summary))[:60] in text


class TestLightImport:
    """Importing the package (or postmortem) never loads WeasyPrint."""

    def test_fresh_interpreter(self) -> None:
        """A new interpreter imports postmortem and postmortem_pdf, finds the exporter, and has no WeasyPrint."""
        code = (
            "import sys, postmortem, postmortem_pdf\n"
            "from postmortem.export import get_exporter\n"
            "exporter = get_exporter('pdf')(page_size='Letter')\n"
            "assert exporter.settings['page_size'] == 'Letter'\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'weasyprint', 'PIL', 'pydyf', 'tinycss2', 'jinja2'})\n"
            "print(heavy)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "[]"

    def test_registered_class(self) -> None:
        """The entry point resolves to our class."""
        assert get_exporter("pdf") is PdfExporter


@pytest.mark.needs_tool("pdftoppm")
class TestPoppler:
    """Poppler, the library behind many PDF viewers, reads our files without a complaint."""

    @pytest.mark.parametrize("title", ["Checkout outage", "x" * 3000, "Ausfall " * 60])
    def test_renders_and_extracts_cleanly(self, title: str, tmp_path: Path) -> None:
        """pdftoppm draws the first pages and pdftotext reads the text, with nothing on stderr.

        A header that ellipsised a long title once wrote a ToUnicode entry Poppler rejected.
        """
        poppler = "apt-get install poppler-utils"
        pdftoppm, pdftotext = require_tool("pdftoppm", install=poppler), require_tool("pdftotext", install=poppler)
        path = tmp_path / "report.pdf"
        # The two-page incident: page 2 carries the running header with the (ellipsised) title.
        path.write_bytes(PdfExporter().render(attrs.evolve(short_incident(), title=title)))
        drawn = subprocess.run(
            [pdftoppm, "-r", "20", "-l", "2", "-png", str(path), str(tmp_path / "page")],
            capture_output=True,
            text=True,
            check=True,
        )
        assert drawn.stderr == ""
        assert len(list(tmp_path.glob("page-*.png"))) == 2
        text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True)
        assert text.stderr == ""
        assert "Page 2 of" in text.stdout


def review_like_html(paragraphs: int = 60) -> str:
    """A whole HTML document built on the report's classes, as the reliability review is."""
    body = "".join(f"<p>Finding {n}: incidents resolved within the target this quarter.</p>" for n in range(paragraphs))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Q3 review</title></head><body>"
        "<main class='postmortem review'><header class='title-block'><div class='incident-id'>Reliability review</div>"
        f"<h1>Q3 reliability review</h1></header><section><h2>Summary</h2>{body}</section></main></body></html>"
    )


class TestOtherDocuments:
    """render_html lays out documents that are not one incident (the reliability review) the same way."""

    def test_page_size_header_and_numbers(self) -> None:
        """The page size applies; later pages carry the document's kicker and title and are numbered."""
        data = PdfExporter(page_size="Letter").render_html(review_like_html())
        pages = reader(data).pages
        assert len(pages) >= 2
        assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == pytest.approx(LETTER, abs=0.5)
        texts = pdf_page_texts(data)
        assert "Reliability review" in texts[1]
        assert "Q3 reliability review" in texts[1]
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text
        assert "Post-mortem" not in normalise_text(" ".join(texts))  # the incident-only footer is left out
        assert outline_titles(data)[:2] == [(0, "Q3 reliability review"), (1, "Summary")]
        meta = reader(data).metadata
        assert meta is not None
        assert meta.title == "Q3 review"

    def test_options_apply(self) -> None:
        """PDF/A, the logo and extra_css apply to other documents too."""
        from .pdf_helpers import image_objects, png_bytes

        data = PdfExporter(pdf_variant="pdf/a-3b", logo=png_bytes(), extra_css="h1 { color: #123456 }").render_html(
            review_like_html(5)
        )
        assert catalog(data)["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
        assert len(image_objects(data)) == 1


class TestLinksOnPaper:
    """A link's address is printed after its text, once."""

    def test_a_bare_url_in_prose_is_printed_once(self) -> None:
        """A URL typed into the summary shows once; a named link shows its text and then its address."""
        summary = (
            "Status page: https://status.example.com/notices/7731 and [the runbook](https://runbooks.example.com/db)."
        )
        data = PdfExporter().render(attrs.evolve(short_incident(), summary=summary))
        text = normalise_text(pdf_text(data)).replace(" ", "")
        assert text.count("status.example.com/notices/7731") == 1
        assert "therunbook<https://runbooks.example.com/db>" in text


class TestProseHeadings:
    """Headings an author wrote in prose (a field's fourth heading level is an h6 in the report)."""

    def test_never_smaller_than_the_text_and_kept_with_it(self) -> None:
        """h4 to h6 are laid out at least at the paragraph's size, bold, and never end a page
        (at the browser's default sizes an h5 was 0.83 and an h6 0.67 of the text)."""
        from weasyprint.formatting_structure import boxes

        summary = "# Part\n\nText of the part.\n\n## Finding 1\n\nText.\n\n### Detail\n\nMore.\n\n#### Note\n\nLast."
        document = lay_out(PdfExporter().html(attrs.evolve(short_incident(), summary=summary)))
        styles: dict[str, Any] = {}

        def visit(box: Any) -> None:
            if isinstance(box, boxes.BlockBox) and box.element_tag in {"p", "h4", "h5", "h6"}:
                styles.setdefault(box.element_tag, box.style)
            for child in getattr(box, "children", ()):
                visit(child)

        for page in document.pages:
            visit(page._page_box)
        assert {"p", "h5", "h6"} <= set(styles)
        for tag in ("h5", "h6"):
            assert styles[tag]["font_size"] >= styles["p"]["font_size"]
            assert styles[tag]["font_weight"] >= 700
            assert styles[tag]["break_after"] == "avoid"


class TestFootnotes:
    """A footnote reference in the PDF: a raised number linking to the note, not ``[^1]``."""

    def test_reference_is_raised_and_links_to_the_note(self) -> None:
        """The reference's "1" sits above the line's baseline, and the first page's one link inside
        the document goes to the note, whose text has no ``[^1]:`` left."""
        incident = attrs.evolve(
            short_incident(),
            summary="The start logic read the figure in feet as metres.[^1] Then the signal stayed off.",
            sections=(postmortem.model.Section("Notes", "[^1]: The panel converted the figure."),),
        )
        data = PdfExporter().render(incident)
        text = "".join(pypdf_page_texts(data))
        assert "[^1]" not in text
        assert "The panel converted the figure." in text
        characters = placed_characters(data, 0)
        line = "".join(c[0] for c in characters)
        at = line.index("metres.") + len("metres.")
        number, before = characters[at], characters[at - 1]
        assert number[0] == "1"
        assert number[3] > before[3] + 1  # baseline at least a point higher (PDF y grows upwards)
        links = [annotation.get_object() for annotation in reader(data).pages[0].get("/Annots", [])]
        assert [link["/Dest"] for link in links if link.get("/Subtype") == "/Link" and "/Dest" in link] == ["fn-1"]


class TestTablesInProse:
    """A table written in prose: columns as wide as what they hold, header words whole."""

    WORKSHEET = (
        "| Step | What was checked | What was found | Recommendations |\n"
        "|---|---|---|---|\n"
        "| A | The valve schedule against the plant drawings | Two valves swapped on the drawing | F1, F2 |\n"
        "| B | The alarm list on the night shift's screen | The level alarm sorted below the door alarms | F3 |\n"
    )

    def test_columns_follow_their_content(self) -> None:
        """The column of one-letter steps is narrower than the columns of phrases, and the header
        "Recommendations" is laid out on one line (at equal widths it broke after "Recommendati")."""
        from weasyprint.formatting_structure import boxes

        incident = attrs.evolve(short_incident(), summary=f"The walk-down:\n\n{self.WORKSHEET}")
        document = lay_out(PdfExporter().html(incident))
        cells: dict[str, tuple[float, int]] = {}

        def visit(box: Any) -> None:
            if isinstance(box, boxes.TableCellBox):
                lines = [line for line in box.descendants() if isinstance(line, boxes.LineBox)]
                text = " ".join(
                    "".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)).strip()
                    for line in lines
                )
                cells.setdefault(text, (box.width, len(lines)))
                return
            for child in getattr(box, "children", ()):
                visit(child)

        for page in document.pages:
            visit(page._page_box)
        assert cells["Recommendations"][1] == 1
        assert cells["Step"][0] < cells["What was checked"][0]
        assert cells["Step"][0] < cells["Recommendations"][0]


class TestAddressesInNarrowCells:
    """A link's printed address stays inside its cell."""

    def test_related_incident_address_wraps_in_its_column(self) -> None:
        """A related incident's address, printed after its id, wraps inside the id's column: the
        cell kept its text on one line, so the address ran on under "Parent" in the next column."""
        incident = short_incident()
        related = attrs.evolve(
            sample_incident().related[0], url="https://wiki.example.com/postmortems/2026/INC-2026-0040-full-report"
        )
        data = PdfExporter().render(attrs.evolve(incident, related=(related,)))
        pages = [index for index, text in enumerate(pdf_page_texts(data)) if "Related incidents" in text]
        assert pages
        characters = placed_characters(data, pages[0])
        text = "".join(c for c, *_ in characters)
        start = text.index("Parent")
        parent = characters[start : start + len("Parent")]
        # The id's cell on that line: the id and the start of its address, ending left of "Parent".
        start = text.index("INC-2026-0040")
        cell = [c for c in characters[start : text.index("Parent")] if abs(c[3] - parent[0][3]) < 2]
        assert "".join(c for c, *_ in cell).startswith("INC-2026-0040<https://")
        assert max(right for _, _, right, _ in cell) < min(left for _, left, _, _ in parent)
        assert "INC-2026-0040-full-report>" in text


class TestRightToLeftProse:
    """An Arabic paragraph in the PDF is set right to left, against the right edge of the text."""

    def test_arabic_paragraph_ends_at_the_right_edge(self) -> None:
        """The line of an Arabic paragraph ends at the text's right edge, and an English one starts
        at the left (the Arabic one stood at the left, its full stop on the wrong side)."""
        from weasyprint.formatting_structure import boxes

        summary = "تعذر إتمام الدفع لبعض العملاء.\n\nThe checkout failed for some customers."
        document = lay_out(PdfExporter().html(attrs.evolve(short_incident(), summary=summary)))
        lines: dict[str, tuple[float, float, float, float]] = {}

        def visit(box: Any) -> None:
            if isinstance(box, boxes.BlockBox) and box.element_tag == "p":
                for line in box.children:
                    if isinstance(line, boxes.LineBox):
                        texts = [t for t in line.descendants() if isinstance(t, boxes.TextBox)]
                        text = "".join(t.text for t in texts)
                        left = min(t.position_x for t in texts)
                        right = max(t.position_x + t.width for t in texts)
                        lines[text] = (left, right, box.content_box_x(), box.content_box_x() + box.width)
                return
            for child in getattr(box, "children", ()):
                visit(child)

        visit(document.pages[0]._page_box)
        left, right, start, end = lines["تعذر إتمام الدفع لبعض العملاء."]
        assert right == pytest.approx(end, abs=1)
        assert left > start + 100
        left, right, start, end = lines["The checkout failed for some customers."]
        assert left == pytest.approx(start, abs=1)

    def test_right_to_left_items_keep_their_bullets_inside_the_text(self) -> None:
        """The lessons and other lists of the report: a list of Hebrew items has its indent on the
        right, where its bullets go, and a Hebrew item among English ones leaves room on the right
        for its bullet. Both ran to the text's right edge, their bullets out in the page margin,
        while the room for bullets stood empty on the left."""
        from weasyprint.formatting_structure import boxes

        incident = attrs.evolve(
            short_incident(),
            lessons_learned=("תמיד לבדוק את היחידות.", "לקח נוסף."),
            what_went_well=("تعطلت الخدمة لمدة ساعة.", "The pager worked."),
        )
        document = lay_out(PdfExporter().html(incident))
        items: dict[str, tuple[float, float]] = {}
        lines: dict[str, float] = {}

        def visit(box: Any) -> None:
            if isinstance(box, boxes.BlockBox) and box.element_tag == "li":
                text = "".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox))
                items[text] = (box.content_box_x(), box.content_box_x() + box.width)
                texts = [t for t in box.descendants() if isinstance(t, boxes.TextBox)]
                lines[text] = max(t.position_x + t.width for t in texts)
                return
            for child in getattr(box, "children", ()):
                visit(child)

        for page in document.pages:
            visit(page._page_box)
        english_left, right_edge = items["The pager worked."]
        indent = english_left - document.pages[0]._page_box.children[0].content_box_x()
        assert indent > 10
        for text in ("תמיד לבדוק את היחידות.", "לקח נוסף.", "تعطلت الخدمة لمدة ساعة."):
            right = items[text][1]
            assert right == pytest.approx(right_edge - indent, abs=1), text
            assert lines[text] == pytest.approx(right, abs=1), text
        assert items["לקח נוסף."][0] == pytest.approx(english_left - indent, abs=1)

    def test_right_to_left_cells_end_at_their_right_edge(self) -> None:
        """An Arabic action item, its owner and a Hebrew timeline event are set against their cell's
        right edge, and the English details under the item against its left. The cells had no
        direction: the Arabic stood at the left, its full stop on the wrong side."""
        from weasyprint.formatting_structure import boxes

        incident = sample_incident()
        item = attrs.evolve(
            incident.action_items[0], description="إضافة فحص تلقائي لإعدادات الميزات قبل النشر.", owner="سارة"
        )
        event = attrs.evolve(incident.timeline[0], description="להוסיף התראה על שיעור שגיאות גבוה.")
        incident = attrs.evolve(
            incident, action_items=(item, *incident.action_items[1:]), timeline=(event, *incident.timeline[1:])
        )
        document = lay_out(PdfExporter().html(incident))
        cells: dict[str, tuple[float, float, float, float]] = {}

        def visit(box: Any) -> None:
            if isinstance(box, boxes.TableCellBox):
                lines = [line for line in box.descendants() if isinstance(line, boxes.LineBox)]
                for line in lines:
                    texts = [t for t in line.descendants() if isinstance(t, boxes.TextBox)]
                    if texts:
                        text = "".join(t.text for t in texts)
                        left = min(t.position_x for t in texts)
                        right = max(t.position_x + t.width for t in texts)
                        cells[text] = (left, right, box.content_box_x(), box.content_box_x() + box.width)
                return
            for child in getattr(box, "children", ()):
                visit(child)

        for page in document.pages:
            visit(page._page_box)
        for start in ("إضافة فحص", "سارة", "להוסיף התראה"):
            text = next(text for text in cells if text.startswith(start))
            left, right, _, end = cells[text]
            assert right == pytest.approx(end, abs=1), text
        detail = next(text for text in cells if text.startswith(item.kind.label))
        left, _, start_x, _ = cells[detail]
        assert left == pytest.approx(start_x, abs=1)
