"""Building blocks of a Confluence storage-format page: prose as native elements, tables, macros and links.

:mod:`postmortem_confluence._storage` lays the page out from these; every piece of user text
passes through :func:`postmortem_confluence._xml.el` (escaped), and every link through
:func:`safe_url`.
"""

from __future__ import annotations

import contextvars
import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from postmortem import markup as prose_markup
from postmortem import presentation
from postmortem_confluence._xml import Xml, cdata, clean, el, join

if TYPE_CHECKING:
    from postmortem_confluence._storage import _Images

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_NOT_WRITTEN = presentation.LABELS["not_written"]


def safe_url(url: str | None) -> str | None:
    """Return ``url`` when it may become a link (http, https or mailto), else ``None``.

    A URL with whitespace or control characters inside is refused as well: browsers strip
    some of them, which is how a newline inside ``javascript:`` slips past naive checks.
    """
    if not presentation.is_safe_url(url) or url is None or url != url.strip():
        return None
    if clean(url) != url:
        return None
    try:
        parsed = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parsed.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parsed.scheme.lower() != "mailto" and not parsed.netloc:
        return None
    return url


# Markup and a code macro's body, left out when reading which way a block's text runs.
_NOT_TEXT = re.compile(r"<!\[CDATA\[.*?\]\]>|<[^>]*>", re.DOTALL)


# Where an element's first line of text ends: a block inside it, or a line break.
_BLOCK_START = re.compile(r"<(?:p|h[1-6]|ul|ol|li|table|blockquote|hr|br|div|ac:structured-macro)[\s/>]")


def _directed(tag: str, *children: object) -> Xml:
    """An element of user text that says so when it reads right to left (its first letter decides).

    ``dir="rtl"`` for Confluence and every HTML reader of the page; ``text-align: right`` too,
    which is how Confluence's editor writes a right-aligned paragraph or cell. Without them an
    Arabic cell or item stood at the left, its full stop on the wrong side.

    Confluence's storage format documents ``text-align`` and no ``dir``, and Cloud's editor has
    no text direction, so the attribute may not survive a save. The direction is therefore also
    in the text: the element's text up to its first block or line break is a right-to-left
    embedding (U+202B ... U+202C), which every bidi renderer honours whatever the attributes.
    """
    body = join(*children)
    if prose_markup.maybe_right_to_left(body):
        text = html.unescape(_NOT_TEXT.sub(" ", body))
        if prose_markup.text_right_to_left(text):
            block = _BLOCK_START.search(body)
            end = block.start() if block else len(body)
            if end:
                body = Xml(f"\u202b{body[:end]}\u202c{body[end:]}")
            return el(tag, body, attrs={"dir": "rtl", "style": "text-align: right;"})
    return el(tag, body)


def _section(heading: str, body: Xml) -> Xml:
    return join(el("h2", heading), body)


def _missing() -> Xml:
    return el("p", el("em", _NOT_WRITTEN))


def _unset(words: str) -> Xml:
    """Words for a value nobody has given yet ("no owner yet"): italic and grey, Confluence's own text colour."""
    return el("em", el("span", words, attrs={"style": "color: rgb(107,119,140);"}))


# How the incident being rendered writes its prose (markdown or plain); set by render_page().
_PROSE_MARKUP: contextvars.ContextVar[str] = contextvars.ContextVar("prose_markup", default="markdown")
# The images the page being rendered may attach; set by render_page().
_PAGE_IMAGES: contextvars.ContextVar[_Images | None] = contextvars.ContextVar("page_images", default=None)
# The footnotes of the incident being rendered (``[^1]`` and ``[^1]: ...``); set by render_page().
_PAGE_NOTES: contextvars.ContextVar[prose_markup.Footnotes | None] = contextvars.ContextVar("page_notes", default=None)


def _paragraphs(value: str, *, missing: bool = True) -> Xml:
    """Prose (Markdown) as native storage elements; soft wraps are spaces, as in the other exporters."""
    from postmortem import markup as prose  # noqa: PLC0415

    document = prose.with_footnotes(prose.outlined(prose.tree(value, _PROSE_MARKUP.get())), _PAGE_NOTES.get())
    if not document.children:
        return _missing() if missing else join()
    return join(*(_block(node) for node in document.children))


def _inline_prose(value: str) -> Xml:
    """Prose for a list item or cell: inline when it is one paragraph, blocks otherwise."""
    from postmortem import markup as prose  # noqa: PLC0415

    document = prose.with_footnotes(prose.outlined(prose.tree(value, _PROSE_MARKUP.get())), _PAGE_NOTES.get())
    if len(document.children) == 1 and document.children[0].type == "paragraph":
        return join(*(_inline(node) for node in document.children[0].children))
    return join(*(_block(node) for node in document.children))


_INLINE_TAGS = {"strong": "strong", "emphasis": "em", "strikethrough": "del"}


def _inline(node: prose_markup.Node) -> Xml:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "text":
        return join(node.text)
    if kind == "image":
        return _image(node)
    if kind == "softbreak":
        return join(" ")
    if kind == "hardbreak":
        return el("br")
    if kind == "code":
        return el("code", node.text)
    if kind == "footnote_ref":
        # A raised number linking to the note's anchor; the first reference is the note's way back.
        back = _anchor(f"fnref-{node.level}") if node.info == "first" else join()
        return join(back, el("sup", _anchor_link(f"fn-{node.level}", str(node.level))))
    children = join(*(_inline(child) for child in node.children))
    if kind == "link":
        # The tree keeps only http, https, mailto and relative destinations.
        return el("a", children, attrs={"href": node.url})
    if kind in _INLINE_TAGS:
        return el(_INLINE_TAGS[kind], children)
    return children


def _anchor(name: str) -> Xml:
    """Confluence's anchor macro: a place on the page a link can name."""
    return el(
        "ac:structured-macro",
        el("ac:parameter", name, attrs={"ac:name": ""}),
        attrs={"ac:name": "anchor", "ac:schema-version": "1"},
    )


def _anchor_link(name: str, text: str) -> Xml:
    """A link to an anchor of this page."""
    return el("ac:link", el("ac:plain-text-link-body", cdata(text)), attrs={"ac:anchor": name})


def _image(node: prose_markup.Node) -> Xml:
    """An attached image, or its alt text in italics (as the HTML report shows it)."""
    images = _PAGE_IMAGES.get()
    attachment = None if images is None else images.attachment(node.url)
    if attachment is None:
        return el("em", node.text) if node.text.strip() else join()
    return el(
        "ac:image",
        el("ri:attachment", attrs={"ri:filename": attachment.filename}),
        attrs={"ac:alt": node.text} if node.text.strip() else {},
    )


def _block(node: prose_markup.Node) -> Xml:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "paragraph":
        return _directed("p", (_inline(child) for child in node.children))
    if kind == "footnote":
        # The note where the author wrote it, its number in bold (the references' target), a link back.
        back = join(" ", _anchor_link(f"fnref-{node.level}", "\u21a9")) if node.info == "referenced" else join()
        inner = (_inline(child) for child in node.children)
        return _directed("p", _anchor(f"fn-{node.level}"), el("strong", str(node.level)), " ", inner, back)
    if kind == "heading":
        return _directed(f"h{min(6, node.level + 2)}", (_inline(child) for child in node.children))
    if kind in ("bullet_list", "ordered_list"):
        items = []
        for item in node.children:
            mark = "" if item.checked is None else ("\u2611 " if item.checked else "\u2610 ")
            body = (
                [_inline(child) for child in item.children[0].children]
                if (node.tight and item.children and item.children[0].type == "paragraph")
                else [_block(item.children[0])]
                if item.children
                else []
            )
            items.append(_directed("li", mark, body, (_block(child) for child in item.children[1:])))
        return el("ul" if kind == "bullet_list" else "ol", items)
    if kind == "blockquote":
        return el("blockquote", (_block(child) for child in node.children))
    if kind == "code_block":
        parameters = {"language": node.info} if node.info else {}
        children: list[object] = [el("ac:parameter", v, attrs={"ac:name": k}) for k, v in parameters.items()]
        children.append(el("ac:plain-text-body", cdata(node.text.rstrip("\n"))))
        return el("ac:structured-macro", children, attrs={"ac:name": "code", "ac:schema-version": "1"})
    if kind == "rule":
        return el("hr")
    if kind == "table":
        rows = (
            el(
                "tr",
                (
                    _directed("th" if cell.header else "td", (_inline(c) for c in cell.children))
                    for cell in row.children
                ),
            )
            for row in node.children
        )
        return el("table", el("tbody", rows))
    return join(*(_block(child) for child in node.children))


def _handle(handle: str | None) -> str:
    """A chat handle as people write it, with its @."""
    if not handle or not handle.strip():
        return "—"
    return handle if handle.startswith("@") else f"@{handle}"


def _cell_prose(value: str) -> Xml:
    """Prose for a cell, or a dash when there is none."""
    return _inline_prose(value) if value else join("—")


def _bullets(values: Sequence[str]) -> Xml:
    if not values:
        return _missing()
    return el("ul", (_directed("li", _inline_prose(value)) for value in values))


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Xml:
    head = el("tr", (el("th", header) for header in headers))
    body = (el("tr", (_directed("td", cell) for cell in row)) for row in rows)
    return el("table", el("tbody", head, body))


def _macro(name: str, parameters: dict[str, str], *, body: Xml | None = None) -> Xml:
    children: list[object] = [el("ac:parameter", value, attrs={"ac:name": key}) for key, value in parameters.items()]
    if body is not None:
        children.append(el("ac:rich-text-body", body))
    return el("ac:structured-macro", children, attrs={"ac:name": name, "ac:schema-version": "1"})


def _status(title: str, colour: str) -> Xml:
    return _macro("status", {"colour": colour, "title": title})


def _link(url: str | None, label: str) -> Xml:
    target = safe_url(url)
    if target is None:
        return join(label)
    return el("a", label, attrs={"href": target})


def _suffix_link(url: str | None) -> Xml:
    if not url:
        return join()
    return join(" (", _link(url, url), ")")


def _suffix(value: str | None, before: str = " — ", after: str = "") -> str:
    return f"{before}{value}{after}" if value else ""


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"
