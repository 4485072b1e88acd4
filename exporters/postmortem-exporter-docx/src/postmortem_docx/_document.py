"""Fill a python-docx document with a report: styles, page setup, header, footer and body."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from postmortem import presentation
from postmortem.chart import worth_drawing
from postmortem.model import Incident
from postmortem_docx import _xml
from postmortem_docx._build import BodyBuilder
from postmortem_docx._footnotes import WordNotes
from postmortem_docx._pictures import Pictures
from postmortem_docx._styles import resolve_styles, tune_default_styles

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["build_document"]

_EMU_PER_TWIP = 635
_A4 = (11906, 16838)
_MARGIN = 1134  # 2 cm


def build_document(
    document: Document,
    incident: Incident,
    *,
    reference: str | None,
    include_empty: bool,
    page_size: tuple[int, int] | None,
    asset_dir: str | os.PathLike[str] | None = None,
    today: date | None = None,
    timeline_chart: bool = False,
) -> Document:
    """Replace the document's body with the report for ``incident``.

    Args:
        document: A fresh document: python-docx's template, or the user's reference document
            (whose body is discarded; its styles, page setup, headers and footers stay).
        incident: The incident.
        reference: The reference document's path, for error messages.
        include_empty: Show empty sections, marked as not written.
        page_size: Page width and height in twips, or ``None`` to keep the document's.
        asset_dir: The folder images in prose may come from (embedded as pictures); ``None``
            reads no file and shows every image as its alt text.
        timeline_chart: Show the timeline chart under the key metrics.
        today: The day overdue action items are judged against
            (:func:`postmortem.presentation.rendering_date` when ``None``).

    Returns:
        The document to save (a new object over the same package).

    Raises:
        ExporterError: when the document lacks a style the report needs.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Twips  # noqa: PLC0415

    styles = resolve_styles(document, reference=reference)
    if reference is None:
        tune_default_styles(document)

    body = document.element.body
    section_properties = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section_properties:
            body.remove(child)

    section = document.sections[-1]
    if page_size is not None:
        section.page_width, section.page_height = Twips(page_size[0]), Twips(page_size[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Twips(_MARGIN))
        section.header_distance = section.footer_distance = Twips(567)
    width = _text_width(section.page_width, section.left_margin, section.right_margin)

    part = document.part
    relationships: dict[str, str] = {}

    def relate(url: str) -> str:
        # python-docx looks up existing relationships linearly; cache to stay linear overall.
        if url not in relationships:
            relationships[url] = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return relationships[url]

    pictures = Pictures(document, asset_dir)
    builder = BodyBuilder(
        incident,
        styles,
        width,
        relate,
        include_empty=include_empty,
        numbering=_numbering(document),
        picture=pictures.prose_image,
        chart=(lambda width: pictures.chart(incident, width)) if timeline_chart and worth_drawing(incident) else None,
        today=presentation.rendering_date(today),
    )
    notes = WordNotes(document, styles["note"])
    builder.prose.word_notes = notes
    document = _with_body(document, builder.build())
    notes.finish()

    _header_and_footer(document, incident)
    _name_emoji_font(document)
    return document


def _name_emoji_font(document: Document) -> None:
    """Add the emoji font that emoji runs name to the font table (once).

    Its other name is Word's emoji font, so Word on a machine without it draws them in Segoe UI Emoji.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415

    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE and not rel.is_external:
            part = rel.target_part
            blob = part.blob
            if f'w:name="{_xml.EMOJI_FONT}"'.encode() in blob or b"</w:fonts>" not in blob:
                return
            # A plain part holds only its bytes.
            part._blob = blob.replace(b"</w:fonts>", _xml.font_table_entry().encode() + b"</w:fonts>", 1)
            return


# Bullet, white bullet, black square, as browsers mark three levels of nesting. The square is
# U+25A0 drawn at 6 pt, not the small square U+25AA: that one is also an emoji, and LibreOffice
# drew it from the colour emoji font, which its PDF export leaves blank (the third level had
# no mark). Sizes are half-points; 0 keeps the text's size.
_BULLETS = (("\u2022", 0), ("\u25e6", 0), ("\u25a0", 12))


def _numbering(document: Document) -> Callable[[bool, int], int]:
    """A function that adds a Word list (``w:num``) for prose and returns its ``numId``.

    Two abstract definitions (bullets, and decimal numbers) with nine indented levels are
    added to the numbering part on first use; every list gets its own ``w:num`` so that an
    ordered list starts at its own first number.
    """
    from docx.oxml import parse_xml  # noqa: PLC0415
    from docx.oxml.ns import nsdecls, qn  # noqa: PLC0415

    state: dict[str, int] = {}

    def abstract(ordered: bool) -> int:
        key = "ordered" if ordered else "bullet"
        if key in state:
            return state[key]
        root = document.part.numbering_part.element
        taken = [int(str(el.get(qn("w:abstractNumId")))) for el in root.findall(qn("w:abstractNum"))]
        ident = max(taken, default=-1) + 1
        levels = []
        for level in range(9):
            size = 0
            if ordered:
                fmt, text = "decimal", f"%{level + 1}."
            else:
                fmt, (text, size) = "bullet", _BULLETS[level % len(_BULLETS)]
            rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>' if size else ""
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
            )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        first_num = root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)  # the schema wants every abstractNum before the nums
        else:
            root.append(element)
        state[key] = ident
        return ident

    def new_list(ordered: bool, start: int) -> int:
        abstract_id = abstract(ordered)
        root = document.part.numbering_part.element
        taken = [int(str(el.get(qn("w:numId")))) for el in root.findall(qn("w:num"))]
        num_id = max(taken, default=0) + 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{max(0, start)}"/></w:lvlOverride>' if ordered else ""
        )
        root.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    return new_list


_BODY_MARKER = "postmortem-docx-body"


def _with_body(document: Document, body_xml: str) -> Document:
    """Put ``body_xml`` at the start of the body, in one parse of the whole main part.

    Moving a parsed fragment into the document node by node costs lxml a namespace lookup
    per element (1.5 s for a 1,000-event timeline); splicing the text into the serialised
    part and parsing it once costs a few milliseconds.

    Returns:
        The document object for the new main part.
    """
    from docx.oxml import parse_xml  # noqa: PLC0415
    from docx.oxml.ns import nsdecls, nsmap  # noqa: PLC0415
    from lxml import etree  # noqa: PLC0415

    root = document.element
    body = root.body
    if root.nsmap.get("w") != nsmap["w"] or root.nsmap.get("r") != nsmap["r"]:
        # A main part with unusual prefixes: the slow, general way.
        fragment = parse_xml(f"<w:body {nsdecls('w', 'r')}>{body_xml}</w:body>")
        for position, child in enumerate(list(fragment)):
            body.insert(position, child)
        return document
    body.insert(0, etree.Comment(_BODY_MARKER))
    text = etree.tostring(root, encoding="unicode")
    text = text.replace(f"<!--{_BODY_MARKER}-->", body_xml, 1)
    # python-docx has no API to replace a part's XML; the part serialises _element on save.
    part = document.part
    part._element = parse_xml(text)
    rebuilt: Document = part.document
    return rebuilt


def _text_width(page_width: object, left: object, right: object) -> int:
    """The width between the margins, in twips (A4 with 2 cm margins when unknown)."""
    if isinstance(page_width, int) and isinstance(left, int) and isinstance(right, int):
        return max((page_width - left - right) // _EMU_PER_TWIP, 1440)
    return _A4[0] - 2 * _MARGIN


def _header_and_footer(document: Document, incident: Incident) -> None:
    """A running header with the incident id and title, and page numbers in the footer.

    Each is added only where the document has none of its own: a reference document's
    header and footer (a logo, a classification line) stay as they are.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.oxml import parse_xml  # noqa: PLC0415
    from docx.oxml.ns import nsdecls  # noqa: PLC0415

    section = document.sections[-1]
    style_names = {style.name for style in document.styles}
    page = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    pages = '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    parts = (
        # Runs are built from cleaned, escaped text: the title cannot become markup.
        (
            section.header,
            "Header",
            WD_ALIGN_PARAGRAPH.RIGHT,
            # A draft says so at the top of every page.
            (_xml.run("DRAFT · ", bold=True, color="B91C1C") if incident.status.value == "draft" else "")
            + _xml.run(f"{incident.id} · {incident.title}"),
        ),
        (
            section.footer,
            "Footer",
            WD_ALIGN_PARAGRAPH.CENTER,
            f"{_xml.run('Page ')}{page}{_xml.run(' of ')}{pages}",
        ),
    )
    for part, style, alignment, content in parts:
        if not part.is_linked_to_previous:
            continue
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        if style in style_names:
            paragraph.style = document.styles[style]
        paragraph.alignment = alignment
        for element in parse_xml(f"<w:p {nsdecls('w')}>{content}</w:p>"):
            paragraph._p.append(element)  # python-docx has no API for appending ready-made runs
