"""WordprocessingML fragments, written as text and parsed once per document.

Building the body as text and parsing it in one go is what keeps long reports fast:
python-docx's ``Table.add_row`` copies and re-measures the table for every row, which
grows quadratically; one ``lxml`` parse of the whole body grows linearly.

Every piece of incident text passes through :func:`text_runs` (or :func:`attr`), which
cleans it with :func:`postmortem.presentation.clean_text` and escapes it, so that incident
text can only ever be character data, never markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from postmortem.markup import maybe_right_to_left, text_right_to_left, whole_codes
from postmortem.presentation import clean_text

__all__ = [
    "attr",
    "bidi",
    "cell",
    "hyperlink",
    "paragraph",
    "row",
    "run",
    "table",
    "text_runs",
]

# Emoji, and the joiners, variation selector, keycap and skin-tone modifiers that build one from
# several characters. Their own runs name EMOJI_FONT: a run in the text's font leaves the glyph
# to the reader's fallback, which on Linux is the colour font Noto Color Emoji, and LibreOffice
# (7.4) exports its bitmaps to PDF as nothing (the emoji came out blank).
_EMOJI = re.compile(
    "[\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u200d\u20e3\ufe0f"
    "\U0001f000-\U0001faff\U000e0020-\U000e007f]+"
)
# A monochrome font with outlines for the emoji (Debian: fonts-symbola), which LibreOffice draws
# in its PDF; the font table gives Word "Segoe UI Emoji" in its place (font_table_entry).
EMOJI_FONT = "Symbola"
_EMOJI_FONTS = (
    f'<w:rFonts w:ascii="{EMOJI_FONT}" w:hAnsi="{EMOJI_FONT}" w:eastAsia="{EMOJI_FONT}" w:cs="{EMOJI_FONT}"/>'
)
_RUN_FONTS = re.compile(r"<w:rFonts\b[^>]*/>")


def _emoji_rpr(rpr: str) -> str:
    """``rpr`` naming the emoji font (in the place the schema gives ``rFonts``: after ``rStyle``)."""
    if not rpr:
        return f"<w:rPr>{_EMOJI_FONTS}</w:rPr>"
    rpr = _RUN_FONTS.sub("", rpr)
    style = re.match(r"<w:rPr>(<w:rStyle\b[^>]*/>)?", rpr)
    assert style is not None, rpr
    return rpr[: style.end()] + _EMOJI_FONTS + rpr[style.end() :]


def font_table_entry() -> str:
    """The font table's entry for :data:`EMOJI_FONT`, with Word's emoji font as its other name."""
    return (
        f'<w:font w:name="{EMOJI_FONT}"><w:altName w:val="Segoe UI Emoji"/><w:charset w:val="00"/>'
        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
    )


# Characters XML 1.0 cannot hold even after clean_text: clean_text already drops C0/C1
# controls, lone surrogates and U+FFFE/U+FFFF, so only the escaping of &, < and > remains.


def attr(value: str) -> str:
    """Quote ``value`` for use as an XML attribute value (quotes included)."""
    return quoteattr(clean_text(value).replace("\n", " ").replace("\t", " "))


def text_runs(text: str, rpr: str = "", *, breaks: bool = False) -> str:
    """Runs for ``text``, with tabs as tab stops.

    Args:
        text: Incident text (cleaned and escaped here).
        rpr: Run properties, a ``<w:rPr>`` element or empty.
        breaks: Keep newlines as line breaks. By default they become spaces, as in the
            HTML report: incident files wrap long lines, and those wraps are not meant.

    Returns:
        One or more ``<w:r>`` elements as text, or an empty string for empty text.
    """
    cleaned = clean_text(text)
    if not breaks:
        cleaned = cleaned.replace("\n", " ")
    if not cleaned:
        return ""
    with_emoji = _EMOJI.search(cleaned) is not None
    # Only text with a right-to-left letter can make a right-to-left run (most text has none).
    rtl_rpr = _rtl_rpr(rpr) if maybe_right_to_left(cleaned) else None
    runs: list[str] = []
    parts: list[str] = []
    words: list[str] = []  # the current run's text, for its direction
    for index, line in enumerate(cleaned.split("\n")):
        if index:
            parts.append("<w:br/>")
        for tab_index, chunk in enumerate(line.split("\t")):
            if tab_index:
                parts.append("<w:tab/>")
            # Text and emoji alternate: every piece at an odd index is an emoji sequence, a run of its own.
            for piece_index, piece in enumerate(_pieces(chunk) if with_emoji else (chunk,)):
                if piece_index % 2:
                    if parts:
                        runs.append(_closed_run(rpr, rtl_rpr, parts, words))
                    parts, words = [], []
                    runs.append(f'<w:r>{_emoji_rpr(rpr)}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
                elif piece:
                    parts.append(_text(piece))
                    words.append(piece)
    if parts:
        runs.append(_closed_run(rpr, rtl_rpr, parts, words))
    return "".join(runs)


def bidi(text: str) -> str:
    """``<w:bidi/>`` (a right-to-left paragraph) for plain text that reads right to left, else nothing.

    Its first letter with a direction decides, as for the HTML report's ``dir="rtl"`` on a title, a
    name or a value.
    """
    return "<w:bidi/>" if maybe_right_to_left(text) and text_right_to_left(clean_text(text)) else ""


def _closed_run(rpr: str, rtl_rpr: str | None, parts: list[str], words: list[str]) -> str:
    """A run of ``parts``; with ``rtl_rpr`` as its properties when its ``words`` read right to left."""
    right_to_left = rtl_rpr is not None and _reads_right_to_left("".join(words))
    return f"<w:r>{rtl_rpr if right_to_left else rpr}{''.join(parts)}</w:r>"


def _reads_right_to_left(text: str) -> bool:
    """Whether a run's text holds a right-to-left letter and no left-to-right one.

    Such a run gets ``w:rtl``: its digits and punctuation are set as the Arabic or Hebrew around
    them. A run that mixes in a Latin word does not: Word sets an ``rtl`` run's every letter in the
    complex-script font and size, and leaves the order of a mixed run to the bidirectional algorithm.
    """
    return maybe_right_to_left(text) and all(unicodedata.bidirectional(character) != "L" for character in text)


def _rtl_rpr(rpr: str) -> str:
    """``rpr`` with ``<w:rtl/>`` last.

    The schema puts it after ``vertAlign`` and ``shd``, and before ``lang``, which nothing here writes.
    """
    if not rpr:
        return "<w:rPr><w:rtl/></w:rPr>"
    return rpr.replace("</w:rPr>", "<w:rtl/></w:rPr>")


def _text(text: str) -> str:
    """``<w:t>`` elements for ``text``, each hyphen of a short code a ``<w:noBreakHyphen/>``.

    Word and LibreOffice break a line after a hyphen, and a title read "Lot SP-" over "09
    Deviation"; the HTML and PDF reports keep such codes whole (:func:`postmortem.markup.whole_codes`).
    A non-breaking hyphen looks the same and reads back as "-" (python-docx, LibreOffice's
    text export), where U+2011 in the text would change what a search or a copy finds.
    """
    pieces: list[str] = []
    end = 0
    for start, stop in whole_codes(text):
        pieces.append(escape(text[end:start]))
        pieces.append("\0".join(escape(part) for part in text[start:stop].split("-")))
        end = stop
    pieces.append(escape(text[end:]))
    elements = "".join(pieces).split("\0")
    return "<w:noBreakHyphen/>".join(f'<w:t xml:space="preserve">{part}</w:t>' if part else "" for part in elements)


def _pieces(text: str) -> list[str]:
    """``text`` cut into text and emoji sequences, alternately, starting with text (maybe empty)."""
    pieces: list[str] = []
    start = 0
    for found in _EMOJI.finditer(text):
        pieces += [text[start : found.start()], found.group()]
        start = found.end()
    pieces.append(text[start:])
    return pieces


def run(text: str, *, style_id: str = "", bold: bool = False, italic: bool = False, color: str = "") -> str:
    """One run of text with optional character formatting.

    Run property children are written in the order the schema requires (Word refuses
    documents where they are out of order).
    """
    props = []
    if style_id:
        props.append(f"<w:rStyle w:val={attr(style_id)}/>")
    if bold:
        props.append("<w:b/><w:bCs/>")
    if italic:
        props.append("<w:i/><w:iCs/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return text_runs(text, rpr)


def hyperlink(relationship_id: str, text: str, style_id: str) -> str:
    """A hyperlink to an external target already related to the document part."""
    runs = text_runs(text, f"<w:rPr><w:rStyle w:val={attr(style_id)}/></w:rPr>")
    return f'<w:hyperlink r:id={attr(relationship_id)} w:history="1">{runs}</w:hyperlink>'


def paragraph(
    content: str = "",
    *,
    style_id: str = "",
    keep_next: bool = False,
    extra_ppr: str = "",
) -> str:
    """A paragraph around ready-made runs.

    Args:
        content: Runs, hyperlinks or fields, as WordprocessingML text.
        style_id: The paragraph style's id (not its name).
        keep_next: Keep the paragraph on the same page as the next one (for headings).
        extra_ppr: More paragraph properties, in schema order, after ``keepNext``.
    """
    props = []
    if style_id:
        props.append(f"<w:pStyle w:val={attr(style_id)}/>")
    if keep_next:
        props.append("<w:keepNext/>")
    if extra_ppr:
        props.append(extra_ppr)
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def kept_with_next(paragraph_xml: str) -> str:
    """``paragraph_xml`` (a paragraph this module wrote) kept on the page of the next paragraph."""
    if "<w:keepNext/>" in paragraph_xml:
        return paragraph_xml
    if not paragraph_xml.startswith("<w:p><w:pPr>"):
        return paragraph_xml.replace("<w:p>", "<w:p><w:pPr><w:keepNext/></w:pPr>", 1)
    head = "<w:p><w:pPr>"
    rest = paragraph_xml[len(head) :]
    style = _STYLE_PROPERTY.match(rest)
    at = style.end() if style else 0
    return f"{head}{rest[:at]}<w:keepNext/>{rest[at:]}"


# A paragraph's style, the first of its properties (keepNext comes after it in the schema).
_STYLE_PROPERTY = re.compile(r"<w:pStyle [^>]*/>")


def cell(width: int, paragraphs: Sequence[str], *, shading: str = "") -> str:
    """A table cell of ``width`` twips; a cell must hold at least one paragraph."""
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{shading}"/>' if shading else ""
    body = "".join(paragraphs) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{body}</w:tc>'


# A row is kept on one page up to this many lines of table text in its tallest cell (a quarter
# of a page); a taller one (a timeline event of several paragraphs) may split across pages.
_WHOLE_ROW_LINES = 15
# Twips of 9 pt table text per character, on average, and of a cell's left and right margins.
_CELL_CHARACTER = 95
_CELL_MARGINS = 170
_CELL_WIDTH = re.compile(r'<w:tcW w:w="(\d+)"')
_CELL_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_CELL_PARAGRAPH = re.compile(r"<w:p[ >/]")


def _lines(cell_xml: str) -> int:
    """About how many lines of table text a cell from :func:`cell` takes (each paragraph's, summed)."""
    found = _CELL_WIDTH.search(cell_xml)
    width = int(found.group(1)) if found else 9000
    per_line = max(1, (width - _CELL_MARGINS) // _CELL_CHARACTER)
    lines = 0
    for paragraph in _CELL_PARAGRAPH.split(cell_xml)[1:]:
        text = sum(len(found) for found in _CELL_TEXT.findall(paragraph))
        characters = text + paragraph.count("<w:noBreakHyphen/>")
        lines += max(1, -(-characters // per_line))
    return lines


def row(cells: Iterable[str], *, header: bool = False, keep_whole: bool | None = None) -> str:
    """A table row; a header row repeats at the top of every page the table spans.

    Args:
        cells: The row's cells, from :func:`cell`.
        header: Make this the table's repeating header row.
        keep_whole: Mark the row ``cantSplit``, so that Word and LibreOffice move it to the
            next page whole instead of splitting one event or action item across two pages.
            ``None`` (the default) keeps rows whole up to about 15 lines of text: a taller row
            kept whole went to the next page with the rows before it, and left a quarter of a
            page or more empty.
    """
    cells = list(cells)
    if keep_whole is None:
        keep_whole = max((_lines(one) for one in cells), default=0) <= _WHOLE_ROW_LINES
    flags = ("<w:cantSplit/>" if keep_whole else "") + ("<w:tblHeader/>" if header else "")
    trpr = f"<w:trPr>{flags}</w:trPr>" if flags else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def table(
    widths: Sequence[int],
    rows: Iterable[str],
    *,
    style_id: str = "",
    header: bool = True,
    borders: bool = True,
    caption: str = "",
) -> str:
    """A fixed-layout table with explicit column widths.

    Args:
        widths: Column widths in twips (the grid LibreOffice reads; cells repeat them for Word).
        rows: Rows from :func:`row`.
        style_id: The table style's id.
        header: Whether the first row is a header (drives the style's first-row look).
        borders: False removes all borders (for the title block's label/value grid).
        caption: A description for screen readers (``w:tblCaption``).
    """
    total = sum(widths)
    props = []
    if style_id:
        props.append(f"<w:tblStyle w:val={attr(style_id)}/>")
    props.append(f'<w:tblW w:w="{total}" w:type="dxa"/>')
    if not borders:
        props.append(
            "<w:tblBorders>"
            + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
    props.append('<w:tblLayout w:type="fixed"/>')
    # The hex value repeats the flags for older readers (LibreOffice reads only it):
    # 0x0020 first row, 0x0200 no horizontal banding, 0x0400 no vertical banding.
    look, first_row = ("0620", "1") if header else ("0600", "0")
    props.append(
        f'<w:tblLook w:val="{look}" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    )
    if caption:
        props.append(f"<w:tblCaption w:val={attr(caption)}/>")
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return f"<w:tbl><w:tblPr>{''.join(props)}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
