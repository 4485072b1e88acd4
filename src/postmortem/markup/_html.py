"""HTML from the tree: escaped text, safe links, pictures only from the asset folder."""

from __future__ import annotations

import os
import re

from postmortem.markup._columns import LONGEST_WORD, column_shares, narrowest_line
from postmortem.markup._direction import right_to_left
from postmortem.markup._links import read_image
from postmortem.markup._notes import Footnotes, with_footnotes
from postmortem.markup._outline import is_label, outlined
from postmortem.markup._plain import to_plain_text
from postmortem.markup._tree import Node, _text_of, tree

# Characters of table text a phone's screen holds on one line (360 px less the page's padding).
_PHONE_LINE = 46
# The longest word a table cell keeps on one line (longer ones, addresses, may break).
_ONE_WORD = 16
# What a table cell holds to say it holds nothing.
_NOTHING = frozenset({"-", "\u2013", "\u2014", "--"})


def _escape(text: str) -> str:
    # The same escaping as Jinja2's autoescape (markupsafe), so plain prose renders as before.
    from markupsafe import escape  # noqa: PLC0415

    return str(escape(text))


# A word with hyphens in it, dots and slashes inside it included ("SP-09", "2026.10.13-2",
# "checkout-api"); not a piece of a longer one (an address's "incidents/2026-10-13").
_HYPHENATED = re.compile(r"(?<![\w.\-/])\w+(?:[.\-/]\w+)*")
# Longer than this, a code may break at its hyphens: kept whole, it could stand past the edge
# of a narrow column (a nowrap span cannot break even where the column needs it to).
_LONGEST_WHOLE = 16


def _kept_whole(word: str) -> bool:
    """True for a short code that reads wrong when split at a hyphen.

    That is, a part after a hyphen starts with a digit: a lot number ("SP-09"), an incident id
    ("INC-2026-0187"), a date ("2026-10-13"), a release ("2026.10.13-2"). Words ("pre-deploy",
    "checkout-api") break at their hyphens as prose does.
    """
    return "-" in word and len(word) <= _LONGEST_WHOLE and any(part[:1].isdigit() for part in word.split("-")[1:])


def whole_codes(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a short hyphenated code that must not break at its hyphens.

    A lot number ("SP-09"), an incident id ("INC-2026-0187"), a date ("2026-10-13"): each
    reads wrong split over two lines. Every renderer keeps these whole its own way (HTML a
    ``nowrap`` span, DOCX non-breaking hyphens).

    Returns:
        The ``(start, end)`` offsets of each such code, in order.
    """
    if "-" not in text:
        return []
    return [found.span() for found in _HYPHENATED.finditer(text) if _kept_whole(found.group())]


def text_html(text: str) -> str:
    """Text as HTML, escaped, with each short hyphenated code kept on one line.

    Browsers break a line after a hyphen: a title read "Lot SP-" over "09 Deviation" on a
    phone. A code such as a lot number, an incident id or a date is wrapped in
    ``<span class="whole">`` (the report's style sheet keeps its text on one line); the text
    itself is unchanged, so a copy or a search finds it as written.
    """
    parts: list[str] = []
    end = 0
    for start, stop in whole_codes(text):
        parts.append(_escape(text[end:start]))
        parts.append(f'<span class="whole">{_escape(text[start:stop])}</span>')
        end = stop
    parts.append(_escape(text[end:]))
    return "".join(parts)


def _image_html(node: Node, asset_dir: str | os.PathLike[str] | None) -> str:
    image = read_image(node.url, asset_dir)
    if image is None:
        return f'<span class="image-alt">{_escape(node.text)}</span>' if node.text else ""
    import base64  # noqa: PLC0415

    data = base64.b64encode(image.data).decode("ascii")
    return f'<img src="data:{image.media_type};base64,{data}" alt="{_escape(node.text)}">'


def _html_inline(node: Node, asset_dir: str | os.PathLike[str] | None, *, links: bool = True) -> str:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "text":
        return text_html(node.text)
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "<br>\n"
    if kind == "code":
        return f"<code>{_escape(node.text)}</code>"
    if kind == "image":
        return _image_html(node, asset_dir)
    if kind == "footnote_ref":
        anchor = f' id="fnref-{node.level}"' if node.info == "first" else ""
        return f'<sup class="footnote-ref"><a href="#fn-{node.level}"{anchor} role="doc-noteref">{node.level}</a></sup>'
    inner = "".join(_html_inline(child, asset_dir, links=links) for child in node.children)
    if kind == "link":
        if not links:
            return inner
        # A link that shows its own address (a bare URL, an autolink) is "bare", as the report's
        # other links are: the printed report repeats a link's address after its text, and
        # after these it printed every long URL twice.
        bare = ' class="bare"' if _shows_its_address(node) else ""
        if not inner.strip():
            # A link with no text ("[](runbook.md)") would be an invisible anchor: it shows its address.
            inner, bare = _escape(node.url), ' class="bare"'
        return f'<a href="{_escape(node.url)}"{bare} rel="noopener noreferrer">{inner}</a>'
    tag = {"strong": "strong", "emphasis": "em", "strikethrough": "s"}.get(kind)
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def _shows_its_address(node: Node) -> bool:
    """True when a link's text is its own address (``mailto:`` left out for an e-mail address)."""
    if not node.children or any(child.type != "text" for child in node.children):
        return False
    text = "".join(child.text for child in node.children).strip()
    url = node.url.strip()
    return bool(text) and text in (url, url.removeprefix("mailto:"))


def _html_block(node: Node, asset_dir: str | os.PathLike[str] | None, *, tight: bool = False) -> str:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "paragraph":
        inner = "".join(_html_inline(child, asset_dir) for child in node.children)
        if tight:
            return inner
        # A bold label over what follows: the printed report keeps it with the next block.
        label = ' class="label"' if is_label(node) else ""
        return f"<p{label}{_dir(node)}>{inner}</p>"
    if kind == "footnote":
        inner = "".join(_html_inline(child, asset_dir) for child in node.children)
        back = (
            f' <a href="#fnref-{node.level}" class="footnote-back" aria-label="Back to the text">\u21a9\ufe0e</a>'
            if node.info == "referenced"
            else ""
        )
        number = f'<span class="footnote-number">{node.level}</span>'
        return f'<p class="footnote" id="fn-{node.level}" role="doc-footnote"{_dir(node)}>{number} {inner}{back}</p>'
    if kind == "heading":
        # Prose sits below the report's own headings, so its headings start at level 3 (the
        # field's shallowest heading, whatever its "#" count: see postmortem.markup._outline).
        level = min(6, node.level + 2)
        inner = "".join(_html_inline(child, asset_dir) for child in node.children)
        return f"<h{level}{_dir(node)}>{inner}</h{level}>"
    if kind in ("bullet_list", "ordered_list"):
        tag = "ul" if kind == "bullet_list" else "ol"
        start = f' start="{node.level}"' if kind == "ordered_list" and node.level != 1 else ""
        tasks = any(item.checked is not None for item in node.children)
        classes = ' class="tasks"' if tasks else ""
        items = "".join(_html_item(item, asset_dir, tight=node.tight) for item in node.children)
        # A list whose every item reads right to left is a right-to-left list: its indent (and
        # so the room for its bullets) goes on the right. With the indent on the left, the
        # bullets stood outside the text on the right, at a phone screen's edge.
        rtl = bool(node.children) and all(item.children and right_to_left(item.children[0]) for item in node.children)
        direction = ' dir="rtl"' if rtl else ""
        return f"<{tag}{start}{classes}{direction}>{items}</{tag}>"
    if kind == "blockquote":
        inner = "".join(_html_block(child, asset_dir) for child in node.children)
        # Its rule on the side it starts from.
        direction = _dir(node.children[0]) if node.children else ""
        return f"<blockquote{direction}>{inner}</blockquote>"
    if kind == "code_block":
        language = f' class="language-{_escape(node.info)}"' if node.info else ""
        lines = node.text.split("\n")
        if lines and not lines[-1]:
            lines.pop()
        shown = "".join(_code_line(line) + "\n" for line in lines)
        return f'<pre class="lines"><code{language}>{shown}</code></pre>'

    if kind == "rule":
        return "<hr>"
    if kind == "table":
        head = [row for row in node.children if row.header]
        body = [row for row in node.children if not row.header]
        # The columns' widths follow what they hold (a browser would, but the PDF lays tables
        # out at fixed widths), and a table wider than a phone scrolls in its own box.
        cols = "".join(f'<col style="width:{share * 100:.1f}%">' for share in column_shares(node))
        # A table a phone cannot hold (six columns of a worksheet) scrolled sideways with nothing
        # to say so, its last columns out of sight: on a narrow screen its rows are cards, each
        # cell under its column's name, as the report's own tables are.
        cards = bool(head) and narrowest_line(node) > _PHONE_LINE
        labels = [to_plain_cell(cell) for cell in head[0].children] if cards else []
        classes = "prose-table cards" if cards else "prose-table"
        parts = [f'<div class="table-box"><table class="{classes}">', f"<colgroup>{cols}</colgroup>"]
        if head:
            parts.append("<thead>" + "".join(_html_row(row, asset_dir) for row in head) + "</thead>")
        if body:
            parts.append("<tbody>" + "".join(_html_row(row, asset_dir, labels) for row in body) + "</tbody>")
        parts.append("</table></div>")
        return "".join(parts)
    return "".join(_html_block(child, asset_dir) for child in node.children)


# A wrapped code line's continuation stands this many characters right of the line's own indent.
_HANG = 2
# ... but never further in than this, so a deeply indented line still has room on a phone.
_MOST_INDENT = 18


def _code_line(line: str) -> str:
    """One line of a code block, in a box of its own whose wrapped continuation is indented.

    A code block wraps its long lines; at the margin, a continuation read as a new line (a
    log's next entry, a diagram's next row). Each line hangs: its first row at its own indent,
    the rows it wraps onto two characters further in than that (``padding-left`` with a
    negative ``text-indent``, which Chromium and WeasyPrint both draw). The newline stays in
    the text between the boxes, so a copy, a search and the PDF's text read the block as written.
    """
    lead = len(line) - len(line.lstrip(" \t"))
    if not lead:
        return f'<span class="line">{_escape(line)}</span>'
    hang = min(len(line[:lead].expandtabs(8)), _MOST_INDENT) + _HANG
    return f'<span class="line" style="padding-left:{hang}ch;text-indent:-{hang}ch">{_escape(line)}</span>'


def _dir(node: Node) -> str:
    # Only right-to-left blocks say so: the report reads left to right, and a paragraph of
    # Arabic in it stood left-aligned with its full stop on the wrong side. WeasyPrint knows
    # the attribute but not ``dir="auto"`` or ``unicode-bidi: plaintext``, hence the choice here.
    return ' dir="rtl"' if right_to_left(node) else ""


def _html_item(item: Node, asset_dir: str | os.PathLike[str] | None, *, tight: bool) -> str:
    inner = "".join(_html_block(child, asset_dir, tight=tight) for child in item.children)
    first = item.children[0] if item.children else item
    if item.checked is None:
        return f"<li{_dir(first)}>{inner}</li>"
    mark = "☑" if item.checked else "☐"
    state = "done" if item.checked else "open"
    box = f'<span class="task-mark" aria-hidden="true">{mark}</span>'
    return f'<li class="task task-{state}"{_dir(first)}>{box} {inner}</li>'


def to_plain_cell(cell: Node) -> str:
    """A header cell's text, for a card's label."""
    return " ".join(_text_of(cell.children).split())


def _html_row(row: Node, asset_dir: str | os.PathLike[str] | None, labels: list[str] | None = None) -> str:
    cells = []
    for index, cell in enumerate(row.children):
        tag = "th" if cell.header else "td"
        attributes = f' style="text-align:{cell.align}"' if cell.align in ("left", "center", "right") else ""
        if labels and index < len(labels) and labels[index]:
            attributes += f' data-label="{_escape(labels[index])}"'
        # A cell of one short word (an id such as LL-01, a date) is never broken: squeezed on a
        # phone, "LL-01" broke after its hyphen. Its column is at least that word wide anyway
        # (see column_shares).
        text = to_plain_cell(cell)
        if text in _NOTHING:
            # A dash for "nothing here" (a swimlane's quiet lane): on a phone's card, where it
            # took a label and a line of its own, it is left out, as an empty cell is.
            attributes += ' class="one-word nothing"'
        elif text and " " not in text and len(text) <= _ONE_WORD:
            attributes += ' class="one-word"'
        elif any(len(word) > LONGEST_WORD for word in text.split()):
            # An address or identifier too long for any column may break inside its cell, as
            # column_shares lets it: kept whole, it widened a many-column table past its box.
            attributes += ' class="long-word"'
        inner = "".join(_html_inline(child, asset_dir) for child in cell.children)
        cells.append(f"<{tag}{attributes}{_dir(cell)}>{inner}</{tag}>")
    return "<tr>" + "".join(cells) + "</tr>"


def to_html(
    text: str,
    markup: object = "markdown",
    *,
    asset_dir: str | os.PathLike[str] | None = None,
    footnotes: Footnotes | None = None,
) -> str:
    """Render a prose field as safe HTML blocks (``<p>``, lists, tables, code).

    Raw HTML in the text is shown as text; only safe links become ``<a>``; an image is
    embedded (as a ``data:`` URI, so the document stays self-contained) only when it is a
    file inside ``asset_dir``, and is its alt text otherwise. Headings in the text start at
    level 3, below the report's section headings: the field's shallowest heading is an h3, its
    next level an h4, whatever their ``#`` count. Plain prose renders exactly as it did
    before Markdown: ``<p>`` per paragraph, line wraps kept as whitespace.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        asset_dir: The folder images may be read from; ``None`` reads no file.
        footnotes: The report's notes (:func:`postmortem.markup.gather_footnotes`): a reference
            to one is a superscript link to it, a note's definition a numbered note linking
            back; ``None`` shows footnote syntax as written.
    """
    document = with_footnotes(outlined(tree(text, str(markup))), footnotes)
    return "".join(_html_block(child, asset_dir) for child in document.children)


def to_inline_html(
    text: str,
    markup: object = "markdown",
    *,
    asset_dir: str | os.PathLike[str] | None = None,
    links: bool = True,
    footnotes: Footnotes | None = None,
) -> str:
    """Render a short prose field (a table cell, a list item) as HTML.

    A field that is one paragraph gives inline HTML with no ``<p>``; anything longer (a list,
    two paragraphs) gives the blocks of :func:`to_html`.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        asset_dir: The folder images may be read from; ``None`` reads no file.
        links: False when the result goes inside a link of its own: link text stays, the
            inner links go (HTML cannot nest links).
        footnotes: The report's notes, as for :func:`to_html` (left out where ``links`` is false).
    """
    document = with_footnotes(outlined(tree(text, str(markup))), footnotes if links else None)
    if len(document.children) == 1 and document.children[0].type == "paragraph":
        return "".join(_html_inline(child, asset_dir, links=links) for child in document.children[0].children)
    if not links:
        return _escape(to_plain_text(text, str(markup)))
    return "".join(_html_block(child, asset_dir) for child in document.children)
