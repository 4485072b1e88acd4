"""The styles a report uses: Word's built-in ones, and a few of our own.

Every piece of the report is formatted through a named style, so that a user who edits the
report (or brings a reference document with their company's styles) changes the look in
one place. Two kinds:

* :data:`REQUIRED_STYLES`: Word's own styles (Title, Heading 1, ...). A reference document
  must define them; a missing one is an :class:`~postmortem.errors.ExporterError` naming it.
* :data:`OWN_STYLES`: styles only post-mortems need (the table look, table text, links).
  They are added when the document lacks them, so a reference document may define them
  to restyle tables, but does not have to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from postmortem.errors import ExporterError

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["OWN_STYLES", "REQUIRED_STYLES", "StyleIds", "resolve_styles", "tune_default_styles"]

REQUIRED_STYLES: Mapping[str, str] = {
    "normal": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "bullet": "List Bullet",
}
"""Word's built-in styles the report uses, by role; a reference document must define them."""

DEEPER_HEADINGS: Mapping[str, str] = {f"heading{level}": f"Heading {level}" for level in range(3, 10)}
"""Word's Heading 3 to Heading 9, for headings written in prose, by role. Used when the document
defines them; a reference document that stops at Heading 2 gets its deepest heading instead."""

_INK = "111827"
_MUTED = "4B5563"
_LINE = "D1D5DB"
_SOFT = "F3F4F6"
_ACCENT = "1D4ED8"
_TEXT_FONT = "Calibri"
_SIDES = ("top", "left", "bottom", "right")

# Our own styles, as w:style bodies (everything after w:name). Paragraph styles base on
# Normal so that a reference document's fonts carry through.
_OWN_STYLE_XML: Mapping[str, tuple[str, str]] = {
    "Postmortem Table": (
        "table",
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        "<w:tblPr>"
        "<w:tblBorders>"
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{_INK}"/>'
        f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{_LINE}"/>'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{_LINE}"/>'
        "</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow">'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{_INK}"/></w:rPr>'
        "<w:tcPr>"
        "<w:tcBorders>"
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{_INK}"/>'
        "</w:tcBorders>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{_SOFT}"/>'
        "</w:tcPr>"
        "</w:tblStylePr>",
    ),
    "Table Text": (
        "paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="40"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    "Table Detail": (
        "paragraph",
        '<w:basedOn w:val="TableText"/><w:uiPriority w:val="40"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="20" w:after="0"/></w:pPr>'
        f'<w:rPr><w:color w:val="{_MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
    ),
    "Table Label": (
        "paragraph",
        '<w:basedOn w:val="TableText"/><w:uiPriority w:val="40"/><w:qFormat/>'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{_MUTED}"/></w:rPr>',
    ),
    "Key Metric": (
        "paragraph",
        '<w:basedOn w:val="TableText"/><w:uiPriority w:val="40"/><w:qFormat/>'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{_INK}"/>'
        '<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>',
    ),
    "Not Written": (
        "paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="40"/>'
        f'<w:rPr><w:i/><w:iCs/><w:color w:val="{_MUTED}"/></w:rPr>',
    ),
    "Report Footnote": (
        "paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="40"/>'
        f'<w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{_LINE}"/></w:pBdr>'
        '<w:spacing w:before="480"/></w:pPr>'
        f'<w:rPr><w:color w:val="{_MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
    ),
    "Note Text": (
        "paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="40"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="80" w:line="252" w:lineRule="auto"/>'
        '<w:ind w:left="340" w:hanging="340"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    "Hyperlink": (
        "character",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:rPr><w:color w:val="{_ACCENT}"/><w:u w:val="single"/></w:rPr>',
    ),
    "Code Block": (
        "paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="40"/><w:qFormat/>'
        # Borders in the shading's colour pad the box the lines share (Word and LibreOffice
        # join paragraphs with the same borders into one); the space after the box is outside it.
        "<w:pPr><w:pBdr>"
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="4" w:color="{_SOFT}"/>' for side in _SIDES)
        + "</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{_SOFT}"/>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        # A wrapped line goes on indented (a hanging indent, as the report's code blocks have).
        '<w:ind w:left="570" w:right="170" w:hanging="400"/></w:pPr>'
        '<w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
        '<w:noProof/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    "Inline Code": (
        "character",
        '<w:uiPriority w:val="40"/>'
        '<w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/><w:noProof/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F3F4F6"/></w:rPr>',
    ),
}

OWN_STYLES: tuple[str, ...] = tuple(_OWN_STYLE_XML)
"""The styles the exporter adds when the document does not define them."""

_ROLES_OF_OWN = {
    "Postmortem Table": "table",
    "Table Text": "table_text",
    "Table Detail": "table_detail",
    "Table Label": "table_label",
    "Key Metric": "key_metric",
    "Not Written": "not_written",
    "Report Footnote": "footnote",
    "Note Text": "note",
    "Hyperlink": "hyperlink",
    "Code Block": "code_block",
    "Inline Code": "code",
}


class StyleIds(dict[str, str]):
    """Style ids by role (``heading1`` -> ``Heading1``, or ``berschrift1`` in a German template)."""


def _style_id(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum())


def resolve_styles(document: Document, *, reference: str | None) -> StyleIds:
    """Find every style the report needs, adding our own ones where missing.

    Args:
        document: The document being built.
        reference: The reference document's path, for error messages; ``None`` for the
            built-in template.

    Returns:
        The style id for each role.

    Raises:
        ExporterError: when the document lacks one of :data:`REQUIRED_STYLES`.
    """
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415
    from docx.oxml import parse_xml  # noqa: PLC0415
    from docx.oxml.ns import nsdecls  # noqa: PLC0415

    styles = document.styles
    ids = StyleIds()
    for role, name in REQUIRED_STYLES.items():
        try:
            style = styles[name]
        except KeyError:
            where = f"reference document {reference}" if reference else "the document template"
            raise ExporterError(
                f"docx: {where} has no style {name!r}; define it (in Word: apply the style to a "
                "paragraph once and save) or start from a DOCX exported by postmortem"
            ) from None
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            raise ExporterError(f"docx: style {name!r} in reference document {reference} is not a paragraph style")
        ids[role] = style.style_id
    for role, name in DEEPER_HEADINGS.items():
        with contextlib.suppress(KeyError):
            style = styles[name]
            if style.type == WD_STYLE_TYPE.PARAGRAPH:
                ids[role] = style.style_id
    kinds = {
        "table": WD_STYLE_TYPE.TABLE,
        "paragraph": WD_STYLE_TYPE.PARAGRAPH,
        "character": WD_STYLE_TYPE.CHARACTER,
    }
    table_text_id = ""
    taken = {style.style_id for style in styles}
    for name, (kind, template) in _OWN_STYLE_XML.items():
        role = _ROLES_OF_OWN[name]
        existing = None
        with contextlib.suppress(KeyError):
            existing = styles[name]
        if existing is not None:
            if existing.type != kinds[kind]:
                raise ExporterError(f"docx: style {name!r} in reference document {reference} must be a {kind} style")
            ids[role] = existing.style_id
            if role == "table_text":
                table_text_id = existing.style_id
            continue
        style_id = _style_id(name)
        while style_id in taken:
            style_id += "X"
        taken.add(style_id)
        # Our paragraph styles base on Normal and on Table Text; point them at this
        # document's ids for those (a localised template names Normal differently).
        body = template.replace('w:val="Normal"', f"w:val={quoteattr(ids['normal'])}")
        if table_text_id:
            body = body.replace('w:val="TableText"', f"w:val={quoteattr(table_text_id)}")
        element = parse_xml(
            f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" '
            f"w:styleId={quoteattr(style_id)}><w:name w:val={quoteattr(name)}/>{body}</w:style>"
        )
        styles.element.append(element)
        ids[role] = style_id
        if role == "table_text":
            table_text_id = style_id
    return ids


def tune_default_styles(document: Document) -> None:
    """Give python-docx's built-in template a calmer, modern look.

    Only used without a reference document: a user's own styles are never changed.
    """
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

    styles = document.styles
    # The template's theme sets Calibri for headings but Cambria, a serif, for the text (and so
    # for tables and lists): name the text's font, as the HTML and the PDF use a sans-serif for both.
    # Word reads a theme font before a named one, so the theme's names go.
    fonts = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:ascii"), _TEXT_FONT)
        fonts.set(qn("w:hAnsi"), _TEXT_FONT)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    ink = RGBColor.from_string(_INK)
    # Heading 1 is a section (the HTML's h2), Heading 2 a subsection and prose's first level
    # (h3); prose's deeper headings are Heading 3 to 5 (h4 to h6): bold, never smaller than the
    # text, the deepest muted, as in the HTML (the template's are blue, some italic, 10 pt).
    sizes = {
        "Title": 24,
        "Subtitle": 11,
        "Heading 1": 15,
        "Heading 2": 12,
        "Heading 3": 11,
        "Heading 4": 10.5,
        "Heading 5": 10.5,
    }
    for name, size in sizes.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ink if name not in ("Subtitle", "Heading 5") else RGBColor.from_string(_MUTED)
        if name.startswith("Heading"):
            style.font.bold = True
            style.font.italic = False
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        if name == "Heading 1":
            fmt.space_before = Pt(20)
            fmt.space_after = Pt(6)
        elif name.startswith("Heading"):
            fmt.space_before = Pt(12)
            fmt.space_after = Pt(4)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = RGBColor.from_string("6B7280")
    styles["Subtitle"].font.italic = False
    title = styles["Title"]
    title.paragraph_format.space_after = Pt(8)
    # The template underlines the title in theme blue; a quiet rule suits a report better.
    for border in title.element.iter(qn("w:bottom")):
        border.set(qn("w:color"), _LINE)
        border.set(qn("w:sz"), "6")
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            border.attrib.pop(qn(attribute), None)
