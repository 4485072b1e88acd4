"""Prose (Markdown) as WordprocessingML: real runs, Word numbering, live links, code, tables.

The tree comes from :mod:`postmortem.markup`, which has already decided what is safe: raw
HTML is text, links are only http, https, mailto or relative. An image is a real picture
when it comes from the caller's asset folder (see :mod:`postmortem_docx._pictures`), and its
alt text in italics otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from postmortem import markup
from postmortem.presentation import is_safe_url
from postmortem_docx import _xml
from postmortem_docx._footnotes import WordNotes

__all__ = ["ProseWriter"]

_INDENT = 360  # twips per list level
# Inline emphasis node types and the run property each adds.
_EMPHASIS = {"strong": "b", "emphasis": "i", "strikethrough": "strike"}
_CELL_MARGINS = 230  # twips: a table cell's left and right margins, and a little air
_CHARACTER = 108  # twips: a character of table text, for the columns' shares
_AFTER_CODE = 120  # twips: the space after a code block, a Normal paragraph's (6 pt)
_QUOTE_RULE = '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="D1D5DB"/></w:pBdr>'
_KEPT_CODE_LINES = 20  # a code block this short is not split across pages
# A code line too long for the page goes on four characters in (9 pt Consolas is 99 twips a
# character), as an editor's wrapped line does: flush with the box's edge, the rest of a log
# line read as a line of its own.
_CODE_HANGING = 400
_CODE_PADDING = 170  # twips between the box's edges and its text (the Code Block style's indents)
# The last line of a code block (the space after the box), and what parts two boxes.
_LAST_CODE_LINE = f'<w:spacing w:after="{_AFTER_CODE}"/>'
_CODE_SPACER = _xml.paragraph(extra_ppr='<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>')
_NOTE_BOOKMARKS = 9000  # the first bookmark id of the notes (Word needs each id once in a document)


class ProseWriter:
    """Turns prose into paragraphs (and tables) for one document.

    Args:
        styles: Style ids by role (``normal``, ``heading2``, ``code_block``, ``code``, ``hyperlink``...).
        relate: Returns the relationship id of an external hyperlink target.
        numbering: Returns a new Word numbering instance (``numId``) for a bullet or ordered
            list that starts at the given number.
        width: The text width in twips, for tables and pictures.
        picture: Returns the run showing an image node as a picture at most the given width
            (twips) wide, or ``None`` when it may not be shown; ``None`` shows every image as
            its alt text.
    """

    def __init__(
        self,
        styles: dict[str, str],
        relate: Callable[[str], str],
        numbering: Callable[[bool, int], int],
        width: int,
        picture: Callable[[markup.Node, int], str | None] | None = None,
    ) -> None:
        self.styles = styles
        self.relate = relate
        self.numbering = numbering
        self.width = width
        self.picture = picture
        self.picture_width = width
        # The report's notes ([^1] and [^1]: ...), gathered from every field before the first
        # is written (the builder sets them); numbered as the document reaches them.
        self.footnotes: markup.Footnotes | None = None
        # Word's own footnotes (set by build_document); without them a note is a numbered
        # paragraph where the author wrote it and a reference a superscript link to it.
        self.word_notes: WordNotes | None = None

    @contextlib.contextmanager
    def narrower(self, width: int) -> Iterator[None]:
        """Pictures written inside the block are at most ``width`` twips wide (a table cell)."""
        saved = self.picture_width
        self.picture_width = max(1, min(saved, width))
        try:
            yield
        finally:
            self.picture_width = saved

    # ------------------------------------------------------------------ inline

    def runs(self, nodes: Sequence[markup.Node], props: tuple[str, ...] = ()) -> str:
        """Runs for inline nodes, with bold, italic, strike and code as run properties."""
        out: list[str] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                out.append(self._run(node.text, props))
            elif kind == "image":
                out.append(self.image(node, props))
            elif kind == "softbreak":
                out.append(self._run(" ", props))
            elif kind == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif kind == "code":
                out.append(self._run(node.text, (*props, "code")))
            elif kind == "footnote_ref":
                out.append(self._reference(node))
            elif kind in _EMPHASIS:
                out.append(self.runs(node.children, (*props, _EMPHASIS[kind])))
            elif kind == "link":
                inner = self.runs(node.children, (*props, "link"))
                if is_safe_url(node.url):
                    out.append(
                        f'<w:hyperlink r:id={_xml.attr(self.relate(node.url))} w:history="1">{inner}</w:hyperlink>'
                    )
                else:
                    # A relative link has no target outside the file: its text, styled as a link.
                    out.append(inner)
            else:
                out.append(self.runs(node.children, props))
        return "".join(out)

    def _reference(self, node: markup.Node) -> str:
        """A note's reference: Word's footnote, or a superscript number linking to the note in place."""
        if self.word_notes is not None:
            return self.word_notes.reference(node.level, self._note_words(node.text))
        number = f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{node.level}</w:t></w:r>'
        return f'<w:hyperlink w:anchor="{_note_anchor(node.level)}" w:history="1">{number}</w:hyperlink>'

    def _note_words(self, label: str) -> str:
        """The words of the first note of ``label``, for a note whose own text is never reached."""
        variants = self.footnotes.variants.get(label, []) if self.footnotes is not None else []
        return variants[0] if variants else ""

    def _note_runs(self, node: markup.Node) -> str:
        """A note's runs for the footnotes part: its links related from that part, pictures as their alt text."""
        assert self.word_notes is not None
        relate, picture = self.relate, self.picture
        self.relate, self.picture = self.word_notes.relate, None
        self.word_notes.in_note = True
        try:
            return self.runs(node.children)
        finally:
            self.relate, self.picture = relate, picture
            self.word_notes.in_note = False

    def image(self, node: markup.Node, props: tuple[str, ...] = ()) -> str:
        """A picture, or the alt text in italics (as the HTML report shows an image it may not show)."""
        shown = None if self.picture is None else self.picture(node, self.picture_width)
        return shown if shown is not None else self._run(node.text, (*props, "i"))

    def _run(self, text: str, props: tuple[str, ...]) -> str:
        parts = []
        if "code" in props:
            parts.append(f"<w:rStyle w:val={_xml.attr(self.styles['code'])}/>")
        elif "link" in props:
            parts.append(f"<w:rStyle w:val={_xml.attr(self.styles['hyperlink'])}/>")
        if "b" in props:
            parts.append("<w:b/><w:bCs/>")
        if "i" in props:
            parts.append("<w:i/><w:iCs/>")
        if "strike" in props:
            parts.append("<w:strike/>")
        rpr = f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""
        return _xml.text_runs(text, rpr)

    # ------------------------------------------------------------------ blocks

    def blocks(self, value: str, prose_markup: object, role: str = "normal") -> list[str]:
        """Paragraphs and tables for a prose field."""
        document = markup.with_footnotes(markup.outlined(markup.tree(value, prose_markup)), self.footnotes)
        out: list[str] = []
        for node in document.children:
            out.extend(self.block(node, role, depth=0))
        return self.code_blocks_apart(out)

    def code_blocks_apart(self, paragraphs: list[str]) -> list[str]:
        """``paragraphs`` with a spacer between two code blocks that follow each other.

        Word and LibreOffice draw paragraphs with the same borders as one box: a notebook's code
        cell and its output, or a command and its log, read as one block. A paragraph without
        borders, a point high, ends the first box; the space after it shows between the two.
        """
        start = f"<w:p><w:pPr><w:pStyle w:val={_xml.attr(self.styles['code_block'])}/>"
        out: list[str] = []
        for paragraph in paragraphs:
            if out and paragraph.startswith(start) and out[-1].startswith(start) and _LAST_CODE_LINE in out[-1]:
                out.append(_CODE_SPACER)
            out.append(paragraph)
        return out

    def heading_style(self, level: int) -> str:
        """The style of a heading at ``level`` of its field's outline (1 for its shallowest heading).

        Prose sits under the report's sections (Heading 1), so its headings start at Heading 2
        and keep their depth, as in the HTML (level 1 is an h3 there, under the sections' h2):
        ``##`` is Heading 3, down to Heading 5 for ``######`` (the HTML's h6). A document that
        stops at a shallower heading (a reference document without Heading 4) uses its deepest.
        """
        for depth in range(min(5, level + 1), 2, -1):
            if f"heading{depth}" in self.styles:
                return self.styles[f"heading{depth}"]
        return self.styles["heading2"]

    def paragraph(self, content: str, role: str, extra_ppr: str = "") -> str:
        """A paragraph in the style of ``role``."""
        return _xml.paragraph(content, style_id=self.styles[role], extra_ppr=extra_ppr)

    def block(self, node: markup.Node, role: str, *, depth: int, indent: int = 0, quoted: bool = False) -> list[str]:  # noqa: PLR0911  (one return per block type)
        """The paragraphs of one block node (``quoted`` inside a block quote: a rule on its left)."""
        ind = f'<w:ind w:left="{indent}"/>' if indent else ""
        kind = node.type
        if kind == "paragraph":
            rule = _QUOTE_RULE if quoted else ""
            # A bold label ("**What happened**", a forum post's "**name** · date") keeps with
            # what follows it, as a heading does.
            return [
                _xml.paragraph(
                    self.runs(node.children),
                    style_id=self.styles[role],
                    keep_next=markup.is_label(node),
                    extra_ppr=rule + _bidi(node) + ind,
                )
            ]
        if kind == "heading":
            return [
                _xml.paragraph(
                    self.runs(node.children),
                    style_id=self.heading_style(node.level),
                    keep_next=True,
                    extra_ppr=_bidi(node),
                )
            ]
        if kind == "footnote" and node.info == "referenced" and self.word_notes is not None:
            # A Word footnote: its text goes to the foot of the reference's page.
            self.word_notes.define(node.level, self._note_runs(node))
            return []
        if kind == "footnote":
            # A note no reference reaches, or without Word's footnotes: its number in bold as the
            # target of the references' links, then its text.
            anchor = _note_anchor(node.level)
            mark = (
                f'<w:bookmarkStart w:id="{_NOTE_BOOKMARKS + node.level}" w:name="{anchor}"/>'
                f"{self._run(str(node.level), ('b',))}"
                f'<w:bookmarkEnd w:id="{_NOTE_BOOKMARKS + node.level}"/>'
            )
            content = mark + "<w:r><w:tab/></w:r>" + self.runs(node.children)
            return [self.paragraph(content, "note", _bidi(node) + ind)]
        if kind in ("bullet_list", "ordered_list"):
            return self.numbered(node, role, depth=depth, indent=indent)
        if kind == "blockquote":
            # Indented with a rule down its left, as the HTML draws it: indented alone, a quoted
            # statement read as the report's own words.
            out: list[str] = []
            for child in node.children:
                out.extend(self.block(child, role, depth=depth, indent=indent + _INDENT, quoted=True))
            return out
        if kind == "code_block":
            # One paragraph a line, in a box the Code Block style draws around them all. The last
            # line keeps a paragraph's space after it, outside the box: with none, the next
            # paragraph's first line touched the shading.
            # A block of up to _KEPT_CODE_LINES lines is kept on one page (each line but the last
            # kept with the next): a four-line diagram split two and two across a page break.
            lines = node.text.rstrip("\n").split("\n")
            last = len(lines) - 1
            kept = len(lines) <= _KEPT_CODE_LINES
            start = indent or _CODE_PADDING
            hanging = f'<w:ind w:left="{start + _CODE_HANGING}" w:right="{_CODE_PADDING}" w:hanging="{_CODE_HANGING}"/>'
            return [
                _xml.paragraph(
                    _xml.text_runs(line) if line else "",
                    style_id=self.styles["code_block"],
                    keep_next=kept and index < last,
                    extra_ppr=(f'<w:spacing w:after="{_AFTER_CODE}"/>' if index == last else "") + hanging,
                )
                for index, line in enumerate(lines)
            ]
        if kind == "rule":
            # Kept with what follows: a rule separates what comes after it, and a heading kept with
            # a rule that was not kept with its paragraph stood alone at a page's foot (LibreOffice).
            return [
                _xml.paragraph(
                    style_id=self.styles[role],
                    keep_next=True,
                    extra_ppr='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="D1D5DB"/></w:pBdr>',
                )
            ]
        if kind == "table":
            return self.table(node)
        out = []
        for child in node.children:
            out.extend(self.block(child, role, depth=depth, indent=indent))
        return out

    def numbered(self, node: markup.Node, role: str, *, depth: int, indent: int) -> list[str]:
        """A list: each item's first paragraph carries Word numbering at the list's depth."""
        ordered = node.type == "ordered_list"
        num_id = self.numbering(ordered, node.level or 1)
        level = min(depth, 8)
        out: list[str] = []
        for item in node.children:
            mark = "" if item.checked is None else self._run("\u2611 " if item.checked else "\u2610 ", ())
            children = list(item.children)
            first = children.pop(0) if children and children[0].type == "paragraph" else None
            numbered = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            content = mark + (self.runs(first.children) if first is not None else "")
            bidi = _bidi(first) if first is not None else ""
            out.append(self.paragraph(content, role, numbered + bidi))
            for child in children:
                out.extend(self.block(child, role, depth=depth + 1, indent=_INDENT * (level + 1) + indent))
        return out

    def table(self, node: markup.Node) -> list[str]:
        """A Markdown table as a Word table in the report's table style."""
        rows = list(node.children)
        columns = max((len(row.children) for row in rows), default=0)
        if not columns:
            return []
        # Each column as wide as what it holds needs (equal shares broke a long header word
        # in a column of short codes), as in the HTML and the PDF. A character of 9 pt table
        # text is taken as 108 twips (0.6 em), for a reader that stands a wider font in for Calibri.
        shares = markup.column_shares(node, line=max(20, self.width // _CHARACTER))
        widths = [int(self.width * share) for share in shares]
        widths[-1] += self.width - sum(widths)
        out_rows = []
        for row in rows:
            cells = list(row.children) + [markup.Node("table_cell")] * (columns - len(row.children))
            out_cells = []
            for width, cell in zip(widths, cells, strict=True):
                with self.narrower(width - _CELL_MARGINS):
                    text = self.paragraph(self.runs(cell.children), "table_text", _bidi(cell))
                    out_cells.append(_xml.cell(width, [text]))
            out_rows.append(_xml.row(out_cells, header=row.header))
        return [
            _xml.table(widths, out_rows, style_id=self.styles["table"], caption="Table"),
            _xml.paragraph(extra_ppr='<w:spacing w:before="0" w:after="0"/>'),
        ]


def _note_anchor(number: int) -> str:
    """The bookmark a note's number carries, which its references link to."""
    return f"_Note{number}"


def _bidi(node: markup.Node) -> str:
    """``<w:bidi/>`` for a block whose first letter is of a right-to-left script, else nothing.

    Word gives every paragraph the document's direction unless told: an Arabic paragraph stood
    left-aligned, with its closing full stop and a list item's bullet on the wrong side.
    """
    return "<w:bidi/>" if markup.right_to_left(node) else ""
