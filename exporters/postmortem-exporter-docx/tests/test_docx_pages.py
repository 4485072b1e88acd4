"""How the report falls on pages and which way its lines run, as LibreOffice lays them out.

The XML checks run everywhere; the layout checks need ``soffice`` and ``pdftotext`` (skipped
without them unless POSTMORTEM_REQUIRE_TOOLS=1, as in CI) and are marked slow.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from postmortem_docx import DocxExporter

import postmortem
from postmortem import presentation
from postmortem.testing import require_tool, sample_incident

from ._docx_helpers import require_soffice
from .test_docx_libreoffice import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC_TITLE = "انقطاع واجهة البرمجة"
HEBREW_ACTOR = "דנה לוי"


def document_xml(data: bytes) -> ElementTree.Element:
    """The main part of a DOCX, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ElementTree.fromstring(package.read("word/document.xml"))


def paragraph_text(paragraph: ElementTree.Element) -> str:
    return "".join(paragraph.itertext())


def has(paragraph: ElementTree.Element, path: str) -> bool:
    return paragraph.find(path) is not None


def pdf_pages(soffice: str, documents: list[Path], folder: Path) -> list[list[str]]:
    """Each document's pages as LibreOffice lays them out, as pdftotext reads them."""
    pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
    pdfs = convert(soffice, documents, "pdf", folder / "out", folder / "profile")
    return [
        subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
        for pdf in pdfs
    ]


def rule_then_heading(paragraphs: int) -> bytes:
    """A summary of ``paragraphs`` short paragraphs, then a heading right under a ``---`` rule
    (a forum thread imported: each post opens with a rule), then the heading's text."""
    filler = "\n\n".join(
        f"Paragraph {i} of the summary, a line of ordinary words to fill the page." for i in range(paragraphs)
    )
    summary = f"{filler}\n\n## After the rule\n\n---\n\nThe first words under the heading.\n\nMore words."
    return DocxExporter().render(attrs.evolve(sample_incident(), summary=summary))


class TestRuleKeepsWithWhatFollows:
    """A heading over a ``---`` rule is never left alone at a page's foot."""

    def test_the_rule_keeps_with_the_next_paragraph(self) -> None:
        """The rule's paragraph (a bottom border) has ``w:keepNext``, as the heading over it does:
        without it the chain heading, rule stopped at the rule, and the heading and rule could end
        a page with the text on the next."""
        root = document_xml(rule_then_heading(3))
        paragraphs = list(root.iter(f"{W}p"))
        (rule,) = [p for p in paragraphs if has(p, f"{W}pPr/{W}pBdr/{W}bottom")]
        heading = paragraphs[paragraphs.index(rule) - 1]
        assert paragraph_text(heading) == "After the rule"
        assert has(heading, f"{W}pPr/{W}keepNext")
        assert has(rule, f"{W}pPr/{W}keepNext")
        # Schema order: style, keepNext, then the border.
        assert [child.tag.removeprefix(W) for child in rule.find(f"{W}pPr") or []] == ["pStyle", "keepNext", "pBdr"]

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_libreoffice_never_ends_a_page_with_the_heading(self, tmp_path: Path) -> None:
        """Summaries of 30 to 44 paragraphs move the heading from the middle of page 2 past its
        foot: on every page, the heading and the text under it are together (with 38 paragraphs
        the heading and the rule ended page 2, the text began page 3)."""
        soffice = require_soffice()
        documents = []
        for count in range(30, 45):
            path = tmp_path / f"rule{count}.docx"
            path.write_bytes(rule_then_heading(count))
            documents.append(path)
        placed = []
        for count, pages in zip(range(30, 45), pdf_pages(soffice, documents, tmp_path), strict=True):
            heading = next(i for i, page in enumerate(pages) if "After the rule" in page)
            text = next(i for i, page in enumerate(pages) if "The first words under the heading." in page)
            placed.append((count, heading, text))
        assert [(count, heading) for count, heading, text in placed if heading != text] == []
        # The sweep did reach past a page's foot (the heading is on two different pages).
        assert len({heading for _, heading, _ in placed}) == 2


def right_to_left_incident() -> postmortem.Incident:
    """The sample incident with an Arabic title and a Hebrew actor on its first timeline event."""
    incident = sample_incident()
    events = list(incident.timeline)
    events[0] = attrs.evolve(events[0], actor=HEBREW_ACTOR)
    return attrs.evolve(incident, title=ARABIC_TITLE, timeline=tuple(events))


class TestRightToLeftText:
    """A title, a name or a value in Arabic or Hebrew reads right to left, as the HTML's ``dir``."""

    def test_an_arabic_title_is_a_right_to_left_paragraph_of_right_to_left_runs(self) -> None:
        """The title's paragraph has ``w:bidi`` and its runs ``w:rtl`` (it was laid out left to
        right, flush left, as the HTML's ``<h1 dir="rtl">`` is not); a Hebrew actor's cell too."""
        root = document_xml(DocxExporter().render(right_to_left_incident()))
        by_text = {paragraph_text(p): p for p in root.iter(f"{W}p")}
        for text in (ARABIC_TITLE, HEBREW_ACTOR):
            paragraph = by_text[text]
            assert has(paragraph, f"{W}pPr/{W}bidi"), text
            runs = paragraph.findall(f"{W}r")
            assert runs, text
            assert all(has(run, f"{W}rPr/{W}rtl") for run in runs), text
        # The subtitle (the id's hyphens are Word's non-breaking hyphens, no text) stays left to right.
        (subtitle,) = [p for text, p in by_text.items() if text.endswith(" · Post-mortem")]
        assert not has(subtitle, f"{W}pPr/{W}bidi")
        assert not any(has(run, f"{W}rPr/{W}rtl") for run in subtitle.iter(f"{W}r"))

    def test_a_latin_title_or_a_mixed_run_gets_no_rtl(self) -> None:
        """An English title is left to right; an Arabic title with a Latin word is a right-to-left
        paragraph, but its run, holding a Latin letter, is not marked ``rtl`` (Word would set the
        Latin word in the complex-script font)."""
        for title, bidi in (("Checkout outage", False), (f"{ARABIC_TITLE} API", True), ("API انقطاع", False)):
            root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), title=title)))
            (paragraph,) = [p for p in root.iter(f"{W}p") if paragraph_text(p) == title]
            assert has(paragraph, f"{W}pPr/{W}bidi") is bidi, title
            assert not any(has(run, f"{W}rPr/{W}rtl") for run in paragraph.iter(f"{W}r")), title

    def test_rtl_sits_in_schema_order(self) -> None:
        """``w:rtl`` comes after a run's style, bold and colour (Word refuses properties out of order)."""
        incident = attrs.evolve(sample_incident(), lessons_learned=("**تعذر** `رمز`",))
        root = document_xml(DocxExporter().render(incident))
        orders = {
            tuple(child.tag.removeprefix(W) for child in properties)
            for properties in root.iter(f"{W}rPr")
            if properties.find(f"{W}rtl") is not None
        }
        assert ("b", "bCs", "rtl") in orders
        assert ("rStyle", "rtl") in orders
        assert all(order[-1] == "rtl" for order in orders), orders

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_libreoffice_sets_the_arabic_title_flush_right(self, tmp_path: Path) -> None:
        """In LibreOffice's PDF the Arabic title ends at the text's right edge, where the subtitle
        above it starts at the left edge (the title stood flush left)."""
        soffice = require_soffice()
        pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
        source = tmp_path / "rtl.docx"
        source.write_bytes(DocxExporter().render(right_to_left_incident()))
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        layout = subprocess.run(
            [pdftotext, "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        lines = {
            " ".join(re.findall(r">([^<]+)</word>", found.group(3))): (float(found.group(1)), float(found.group(2)))
            for found in re.finditer(
                r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', layout, re.S
            )
        }
        subtitle = lines["INC-2026-0042 · Post-mortem"]
        # The title's line: Arabic letters (in whichever order pdftotext gives them), no "·" of the page header.
        (title,) = [box for text, box in lines.items() if re.search("[\u0600-\u06ff]", text) and "·" not in text]
        right_edge = max(x_max for _, x_max in lines.values())
        assert title[1] == pytest.approx(right_edge, abs=3)
        assert title[0] > subtitle[0] + 200


class TestSplitRowUnderTheHeader:
    """An action item too tall to keep whole goes on under the repeated header row."""

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_the_next_page_repeats_the_header_and_loses_nothing(self, tmp_path: Path) -> None:
        """A 40-step action item splits across two pages: the second page's table starts with the
        header row (ID, Action item, Owner...), every step is there once, and the item's id is on
        the first page only, as the docs say."""
        incident = sample_incident()
        items = list(incident.action_items)
        steps = [
            f"Step {i}: check the valve, write the reading down, compare it with the last shift's." for i in range(40)
        ]
        items[0] = attrs.evolve(items[0], description="\n\n".join(steps))
        source = tmp_path / "tall.docx"
        source.write_bytes(DocxExporter().render(attrs.evolve(incident, action_items=tuple(items))))
        (pages,) = pdf_pages(require_soffice(), [source], tmp_path)
        on = [i for i, page in enumerate(pages) if any(step.split(":")[0] + ":" in page for step in steps)]
        assert len(set(on)) >= 2, "the item did not split"
        second = pages[on[-1]]
        header = presentation.COLUMNS["action_items"]
        first_step = next(i for i in range(40) if f"Step {i}:" in second)
        lines = [line.strip() for line in second.splitlines() if line.strip()]
        above = lines[: next(n for n, line in enumerate(lines) if line.startswith(f"Step {first_step}:"))]
        assert all(name in above for name in header), above
        text = "\n".join(pages)
        assert [i for i in range(40) if text.count(f"Step {i}:") != 1] == []
        assert items[0].id in pages[on[0]]
        assert items[0].id not in second


NOTEBOOK = (
    "The query, then what it printed:\n\n"
    '```python\nlogs = pd.read_csv("projector_events.csv")\nlogs.tail(2)\n```\n\n'
    "```\n   unit  event\n0  P3    TEMP_INTAKE_HI\n1  P4    LAMP_PROTECT\n```\n"
)


class TestCodeBlocksApart:
    """Two code blocks in a row (a notebook's cell and its output) are two boxes."""

    def test_a_spacer_parts_two_code_blocks(self) -> None:
        """Between the cell's last line and the output's first there is a paragraph in no code
        style (Word and LibreOffice joined the two into one shaded box: the output read as code
        typed in); inside each block the lines follow each other, and a lesson's nested blocks too."""
        incident = attrs.evolve(
            sample_incident(), summary=NOTEBOOK, lessons_learned=(f"Read the output.\n\n{NOTEBOOK}",)
        )
        root = document_xml(DocxExporter().render(incident))
        styles = [
            (style.get(f"{W}val") if (style := p.find(f"{W}pPr/{W}pStyle")) is not None else None, paragraph_text(p))
            for p in root.iter(f"{W}p")
        ]
        code = {style for style, text in styles if text == "logs.tail(2)"}
        assert len(code) == 1
        for start in [i for i, (_style, text) in enumerate(styles) if text.startswith("logs = pd.read_csv")]:
            run = styles[start : start + 6]
            assert [style in code for style, _text in run] == [True, True, False, True, True, True], run
            assert run[2][1] == ""
        assert len([text for _style, text in styles if text.startswith("logs = pd.read_csv")]) == 2

    @pytest.mark.slow
    @pytest.mark.needs_tool("soffice")
    def test_libreoffice_draws_two_boxes(self, tmp_path: Path) -> None:
        """Down the boxes' left side, from the cell's first line to the output's last, the shading
        is broken once: two boxes (it was one)."""
        pdftoppm = require_tool("pdftoppm", install="apt-get install poppler-utils")
        pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
        source = tmp_path / "notebook.docx"
        source.write_bytes(DocxExporter().render(attrs.evolve(sample_incident(), summary=NOTEBOOK)))
        (pdf,) = convert(require_soffice(), [source], "pdf", tmp_path / "out", tmp_path / "profile")
        layout = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        page = next(n for n, text in enumerate(layout.split("<page ")[1:], 1) if "TEMP_INTAKE_HI" in text)
        words = layout.split("<page ")[page]
        first = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" [^>]*>logs</word>', words)
        last = re.search(r'yMax="([\d.]+)">LAMP_PROTECT</word>', words)
        assert first is not None
        assert last is not None
        # At 72 dpi a pixel is a point: the column 3 pt left of the code's text, inside the box.
        subprocess.run(
            [pdftoppm, "-r", "72", "-gray", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "page")],
            check=True,
        )
        (image,) = tmp_path.glob("page*.pgm")
        column = pgm_column(image.read_bytes(), round(float(first.group(1))) - 3)
        down = column[round(float(first.group(2))) : round(float(last.group(1)))]
        shaded = [value < 252 for value in down]
        assert shaded[0]
        assert shaded[-1]
        assert sum(1 for above, here in itertools.pairwise(shaded) if here and not above) == 1, shaded


def pgm_column(pgm: bytes, x: int) -> list[int]:
    """The grey levels down column ``x`` of a binary PGM image."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", pgm)
    assert header is not None
    width, height = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end() :]
    return [pixels[row * width + x] for row in range(height)]


class TestBoldLabelKeepsWithItsText:
    def test_a_bold_label_keeps_with_the_next_paragraph(self) -> None:
        """A forum post's "**name** · date" line and a "**What happened**" line keep with the next
        paragraph (``w:keepNext``), as headings do; a long paragraph opening in bold does not."""
        summary = (
            "**fenslodger** · 18 Mar\n\nRight, as promised.\n\n**What happened**\n\nThe gate stuck.\n\n"
            "**Short version:** four of the six edge-blended projectors dropped into lamp-protect mode.\n\nEnd."
        )
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        kept = {paragraph_text(p): has(p, f"{W}pPr/{W}keepNext") for p in root.iter(f"{W}p")}
        assert kept["fenslodger · 18 Mar"] is True
        assert kept["What happened"] is True
        assert kept["Right, as promised."] is False
        assert kept[next(text for text in kept if text.startswith("Short version:"))] is False
