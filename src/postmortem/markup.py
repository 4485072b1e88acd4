"""Markdown in prose fields: one parser, one tree, and what every exporter and check reads.

Every prose field of an incident (summary, impact, narrative, root cause, factor and
hypothesis text, list items, timeline and action-item descriptions, section bodies) is
CommonMark with GitHub's tables, task lists, strikethrough and autolinks, unless the file
says ``markup: plain``. Text is parsed once by markdown-it-py (loaded lazily and cached) into
a small tree of :class:`Node` objects in which safety is already decided:

* raw HTML is never HTML: it stays visible text;
* a link exists only for ``http``, ``https``, ``mailto`` and relative destinations;
  anything else (``javascript:``, ``data:``, ``file:``, ``//host``) is shown as its text;
* an image is a node with its ``url`` and ``alt`` text; an exporter shows the picture only
  when :func:`read_image` finds it inside an asset folder the caller allowed (a PNG, JPEG,
  GIF or WebP file of at most 10 MiB), and the alt text otherwise.

Exporters walk the tree (:func:`tree`); checks read :func:`to_plain_text`; the HTML exporter
uses :func:`to_html`. Soft line breaks (a line wrap in YAML) are spaces in plain text.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from postmortem.presentation import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "MAX_IMAGE_BYTES",
    "AssetImage",
    "Node",
    "is_safe_link",
    "plain_to_markdown",
    "read_image",
    "resolve_asset",
    "source",
    "to_html",
    "to_inline_html",
    "to_plain_text",
    "tree",
]

_BLOCK_TYPES = frozenset(
    {
        "paragraph",
        "heading",
        "bullet_list",
        "ordered_list",
        "list_item",
        "blockquote",
        "code_block",
        "table",
        "table_row",
        "table_cell",
        "rule",
    }
)


@attrs.frozen
class Node:
    """One element of parsed Markdown.

    Block types: ``document``, ``paragraph``, ``heading`` (``level``), ``bullet_list``,
    ``ordered_list`` (``level`` is the start number), ``list_item`` (``checked`` for a task),
    ``blockquote``, ``code_block`` (``text``, ``info`` is the language), ``table`` (rows),
    ``table_row`` (``header``), ``table_cell`` (``header``, ``align``), ``rule``.

    Inline types: ``text`` (``text``), ``softbreak`` (a line wrap: a space), ``hardbreak``,
    ``strong``, ``emphasis``, ``strikethrough``, ``code`` (``text``), ``link`` (``url``, a
    safe destination), ``image`` (``url`` as written, ``text`` the alt text).

    Its fields (``type`` is named as in markdown-it-py):

    * type: What the node is (see above).
    * children: Nested nodes.
    * text: The literal text of text, code, code block and image (alt) nodes.
    * level: Heading level, or the first number of an ordered list.
    * url: Link destination (always safe) or image source (never fetched by the parser).
    * info: The language of a code block.
    * checked: For a task-list item, whether it is ticked; ``None`` for other items.
    * header: For table rows and cells, whether they are the header.
    * tight: For lists, whether items are tight (their paragraphs are not spaced apart).
    * align: For table cells: ``left``, ``center``, ``right`` or empty.
    """

    type: str
    children: tuple[Node, ...] = ()
    text: str = ""
    level: int = 0
    url: str = ""
    info: str = ""
    checked: bool | None = None
    header: bool = False
    tight: bool = False
    align: str = ""

    @property
    def is_block(self) -> bool:
        """True for block nodes (paragraphs, lists, tables...), false for inline ones."""
        return self.type in _BLOCK_TYPES or self.type == "document"

    def walk(self) -> Iterator[Node]:
        """Yield this node and every node below it, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


# --------------------------------------------------------------------------- links

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """True for destinations any exporter may turn into a live link.

    ``http``, ``https`` and ``mailto`` URLs and relative references (``../runbook.md``,
    ``#timeline``) are safe. ``javascript:``, ``data:``, ``file:`` and every other scheme
    are not, nor are network-path references (``//host/x``) or anything with a control
    character or whitespace.
    """
    stripped = url.strip()
    if not stripped or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in stripped):
        return False
    if stripped.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    match = _SCHEME.match(stripped)
    if match is None:
        return ":" not in stripped.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    scheme = match.group(1).lower()
    return scheme in _SAFE_SCHEMES and len(stripped) > len(scheme) + 1


def resolve_asset(url: str, asset_dir: str | os.PathLike[str] | None) -> Path | None:
    """The file an image refers to, when it is inside the allowed asset folder.

    Args:
        url: The image source as written (``diagrams/failover.png``).
        asset_dir: The folder images may come from; ``None`` allows no image at all.

    Returns:
        The resolved path of an existing file inside ``asset_dir``, or ``None`` when images
        are not allowed, the source has a scheme or is absolute, or it leaves the folder.
    """
    if asset_dir is None or not url or _SCHEME.match(url) or url.startswith(("/", "\\")):
        return None
    from urllib.parse import unquote, urlsplit  # noqa: PLC0415

    relative = unquote(urlsplit(url).path)
    if not relative:
        return None
    root = Path(asset_dir).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""An image larger than this is shown as its alt text, so rendering stays bounded in memory."""

# The raster formats every exporter can show, recognised by their first bytes (not by the
# file name). SVG is not one: it can hold script and references to other files.
_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@attrs.frozen
class AssetImage:
    """An image from the caller's asset folder that an exporter may show.

    Attributes:
        path: The file, resolved, inside the asset folder.
        data: Its bytes (at most :data:`MAX_IMAGE_BYTES`).
        media_type: ``image/png``, ``image/jpeg``, ``image/gif`` or ``image/webp``, from the
            file's first bytes.
    """

    path: Path
    data: bytes = attrs.field(repr=False)
    media_type: str


def _image_type(data: bytes) -> str | None:
    for signature, media_type in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_image(url: str, asset_dir: str | os.PathLike[str] | None) -> AssetImage | None:
    """The image an ``![alt](url)`` refers to, when an exporter may show it.

    The one policy every exporter follows: the file must be inside the asset folder the
    caller allowed (see :func:`resolve_asset`; no URL is ever fetched), at most
    :data:`MAX_IMAGE_BYTES`, and a PNG, JPEG, GIF or WebP image by its content. Anything
    else is shown as its alt text.

    Args:
        url: The image source as written.
        asset_dir: The folder images may come from; ``None`` allows no image at all.

    Returns:
        The image, or ``None`` when it may not be shown.
    """
    path = resolve_asset(url, asset_dir)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            # One byte more than allowed tells a file that is too large without reading it all.
            data = file.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_IMAGE_BYTES:
        return None
    media_type = _image_type(data)
    return None if media_type is None else AssetImage(path, data, media_type)


# --------------------------------------------------------------------------- parsing


def _accept_link(url: str) -> bool:
    # Every destination is parsed; the tree decides what becomes a link (is_safe_link).
    return bool(url) or not url


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415  (loaded only when prose is rendered)
    from mdit_py_plugins.tasklists import tasklists_plugin  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.use(tasklists_plugin)
    # Every destination is parsed; _convert decides what becomes a link or an image.
    md.validateLink = _accept_link  # type: ignore[method-assign]
    return md


def plain_to_markdown(text: str) -> str:
    """Markdown that shows ``text`` exactly as written: every punctuation mark is escaped.

    Used for files that declare ``markup: plain``. Paragraphs stay paragraphs; a single
    line break is a soft break (a space), as in Markdown.
    """
    out = []
    for char in text:
        if char.isascii() and not char.isalnum() and not char.isspace():
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def source(text: str, markup: object = "markdown") -> str:
    """The Markdown source of a prose field, given the file's declared markup.

    Args:
        text: The field as written.
        markup: ``markdown`` or ``plain`` (a :class:`~postmortem.model.ProseMarkup` or its value).
    """
    cleaned = clean_text(text)
    return plain_to_markdown(cleaned) if str(markup) == "plain" else cleaned


def tree(text: str, markup: object = "markdown") -> Node:
    """Parse a prose field into a ``document`` :class:`Node` (cached: fields are parsed once).

    Args:
        text: The field as written.
        markup: ``markdown`` (the default) or ``plain``.
    """
    return _tree(text, str(markup))


@functools.lru_cache(maxsize=4096)
def _tree(text: str, markup: str) -> Node:
    tokens = _parser().parse(source(text, markup))
    children, _ = _blocks(tokens, 0, None)
    return Node("document", tuple(children))


def _blocks(tokens: Sequence[Token], start: int, close: str | None) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    i = start
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if close is not None and kind == close:
            return nodes, i + 1
        if kind == "paragraph_open":
            nodes.append(Node("paragraph", _inlines(tokens[i + 1].children or [])))
            i += 3
        elif kind == "heading_open":
            nodes.append(Node("heading", _inlines(tokens[i + 1].children or []), level=int(token.tag[1])))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            end = i + 1
            items, i = _blocks(tokens, i + 1, kind.replace("_open", "_close"))
            first = int(str(token.attrs.get("start", 1))) if kind == "ordered_list_open" else 0
            tight = any(t.type == "paragraph_open" and t.hidden and t.level == token.level + 2 for t in tokens[end:i])
            nodes.append(Node(kind.removesuffix("_open"), tuple(items), level=first, tight=tight))
        elif kind == "list_item_open":
            body, i = _blocks(tokens, i + 1, "list_item_close")
            body, checked = _task(body)
            nodes.append(Node("list_item", tuple(body), checked=checked))
        elif kind == "blockquote_open":
            body, i = _blocks(tokens, i + 1, "blockquote_close")
            nodes.append(Node("blockquote", tuple(body)))
        elif kind in ("fence", "code_block"):
            info = token.info.strip().split(" ")[0] if token.info else ""
            nodes.append(Node("code_block", text=token.content, info=info))
            i += 1
        elif kind == "hr":
            nodes.append(Node("rule"))
            i += 1
        elif kind == "table_open":
            rows, i = _table(tokens, i + 1)
            nodes.append(Node("table", tuple(rows)))
        elif kind == "html_block":  # only with html enabled; kept as visible text
            nodes.append(Node("paragraph", (Node("text", text=token.content.rstrip("\n")),)))
            i += 1
        else:
            i += 1
    return nodes, i


def _task(body: list[Node]) -> tuple[list[Node], bool | None]:
    if not body or body[0].type != "paragraph" or not body[0].children:
        return body, None
    first = body[0].children[0]
    if first.type != "checkbox":
        return body, None
    rest = list(body[0].children[1:])
    if rest and rest[0].type == "text":
        rest[0] = attrs.evolve(rest[0], text=rest[0].text.lstrip(" "))
        if not rest[0].text:
            rest.pop(0)
    return [Node("paragraph", tuple(rest)), *body[1:]], first.checked


def _table(tokens: Sequence[Token], start: int) -> tuple[list[Node], int]:
    rows: list[Node] = []
    header = False
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.type == "table_close":
            return rows, i + 1
        if token.type == "thead_open":
            header = True
        elif token.type == "tbody_open":
            header = False
        elif token.type == "tr_open":
            cells: list[Node] = []
            i += 1
            while tokens[i].type != "tr_close":
                cell = tokens[i]
                if cell.type in ("th_open", "td_open"):
                    style = str(cell.attrs.get("style", ""))
                    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
                    cells.append(Node("table_cell", _inlines(tokens[i + 1].children or []), header=header, align=align))
                    i += 3
                else:
                    i += 1
            rows.append(Node("table_row", tuple(cells), header=header))
        i += 1
    return rows, i


_INLINE_PAIRS = {"strong_open": "strong", "em_open": "emphasis", "s_open": "strikethrough", "link_open": "link"}


def _inlines(tokens: Sequence[Token]) -> tuple[Node, ...]:
    nodes, _ = _inline_run(tokens, 0, None)
    return tuple(_merge_text(nodes))


def _inline_run(tokens: Sequence[Token], start: int, close: str | None) -> tuple[list[Node], int]:  # noqa: PLR0912  (one branch per token type)
    nodes: list[Node] = []
    i = start
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if close is not None and kind == close:
            return nodes, i + 1
        if kind in _INLINE_PAIRS:
            inner, i = _inline_run(tokens, i + 1, kind.replace("_open", "_close"))
            if kind == "link_open":
                href = str(token.attrs.get("href", ""))
                if is_safe_link(href):
                    nodes.append(Node("link", tuple(inner), url=href.strip()))
                elif token.markup == "autolink":
                    nodes.append(Node("text", text=_text_of(inner)))
                else:
                    nodes.extend(inner)
            else:
                nodes.append(Node(_INLINE_PAIRS[kind], tuple(inner)))
            continue
        if kind == "text":
            nodes.append(Node("text", text=token.content))
        elif kind == "softbreak":
            nodes.append(Node("softbreak"))
        elif kind == "hardbreak":
            nodes.append(Node("hardbreak"))
        elif kind == "code_inline":
            nodes.append(Node("code", text=token.content))
        elif kind == "image":
            alt = _text_of(_inlines(token.children or []))
            nodes.append(Node("image", text=alt, url=str(token.attrs.get("src", "")).strip()))
        elif kind == "html_inline":
            if 'class="task-list-item-checkbox"' in token.content:
                nodes.append(Node("checkbox", checked="checked" in token.content))
            else:  # only with html enabled; kept as visible text
                nodes.append(Node("text", text=token.content))
        i += 1
    return nodes, i


def _merge_text(nodes: list[Node]) -> list[Node]:
    merged: list[Node] = []
    for node in nodes:
        if node.type == "text" and merged and merged[-1].type == "text":
            merged[-1] = Node("text", text=merged[-1].text + node.text)
        elif node.type != "text" or node.text:
            merged.append(node)
    return merged


def _text_of(nodes: Sequence[Node]) -> str:
    return "".join(_plain_inline(node) for node in nodes)


# --------------------------------------------------------------------------- plain text


def _plain_inline(node: Node) -> str:
    if node.type in ("text", "code"):
        return node.text
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "image":
        return node.text
    return "".join(_plain_inline(child) for child in node.children)


def _plain_blocks(node: Node) -> Iterator[str]:
    if node.type in ("paragraph", "heading", "table_cell"):
        yield _text_of(node.children)
    elif node.type == "code_block":
        yield node.text.rstrip("\n")
    else:
        for child in node.children:
            yield from _plain_blocks(child)


def to_plain_text(text: str, markup: object = "markdown") -> str:
    """The text a reader sees, without markup: what checks read.

    Block elements (paragraphs, list items, table cells, headings, code blocks) are separated
    by a blank line; soft line breaks inside a paragraph are spaces; link text stays and its
    destination goes; an image is its alt text.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
    """
    return _plain_text(text, str(markup))


@functools.lru_cache(maxsize=4096)
def _plain_text(text: str, markup: str) -> str:
    if markup != "plain":
        fast = _plain_paragraphs(clean_text(text))
        if fast is not None:
            return fast
    return "\n\n".join(part for part in _plain_blocks(tree(text, markup)) if part.strip())


# Characters that can start inline markup, an entity or a raw-HTML span anywhere in a line
# (and tabs, whose width Markdown counts; ':' and '@', near which autolinks rewrite text).
_INLINE_MARKUP = frozenset("\\`*_[]<>#|~!&:@\t\r\x00")
_ASCII_BLANKS = frozenset(" \t\n")
# What can open a block at the start of a line: a list item, a quote, a heading, a setext or
# thematic line, a fence, an indented code block.
_BLOCK_START = re.compile(r"[ \t]*(?:[-+=>#*_~`]|\d{1,9}[.)])|[ ]{4}|[ ]*\t")


def _plain_paragraphs(text: str) -> str | None:
    """The plain text of ``text`` without parsing, when it holds nothing Markdown would read.

    Most prose is plain sentences: for those, the plain text is each paragraph's lines joined
    by a space (a soft line break), paragraphs separated by a blank line. Any character or line
    start that could be markup returns None, and the caller parses. Checks read every prose
    field, so this keeps them from parsing text that has no markup in it.
    """
    if not _INLINE_MARKUP.isdisjoint(text):
        return None
    if not text.isascii() and any(char.isspace() for char in set(text) - _ASCII_BLANKS):
        return None  # Markdown trims Unicode white space at a paragraph's edges: let it decide
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip(" \t"):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if _BLOCK_START.match(line) or line.endswith(("  ", "\t")):
            return None
        current.append(line.strip(" \t"))
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(part for part in paragraphs if part.strip())


# --------------------------------------------------------------------------- HTML


def _escape(text: str) -> str:
    # The same escaping as Jinja2's autoescape (markupsafe), so plain prose renders as before.
    from markupsafe import escape  # noqa: PLC0415

    return str(escape(text))


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
        return _escape(node.text)
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "<br>\n"
    if kind == "code":
        return f"<code>{_escape(node.text)}</code>"
    if kind == "image":
        return _image_html(node, asset_dir)
    inner = "".join(_html_inline(child, asset_dir, links=links) for child in node.children)
    if kind == "link":
        if not links:
            return inner
        return f'<a href="{_escape(node.url)}" rel="noopener noreferrer">{inner}</a>'
    tag = {"strong": "strong", "emphasis": "em", "strikethrough": "s"}.get(kind)
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def _html_block(node: Node, asset_dir: str | os.PathLike[str] | None, *, tight: bool = False) -> str:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "paragraph":
        inner = "".join(_html_inline(child, asset_dir) for child in node.children)
        return inner if tight else f"<p>{inner}</p>"
    if kind == "heading":
        # Prose sits below the report's own headings, so its headings start at level 3.
        level = min(6, node.level + 2)
        return f"<h{level}>{''.join(_html_inline(child, asset_dir) for child in node.children)}</h{level}>"
    if kind in ("bullet_list", "ordered_list"):
        tag = "ul" if kind == "bullet_list" else "ol"
        start = f' start="{node.level}"' if kind == "ordered_list" and node.level != 1 else ""
        tasks = any(item.checked is not None for item in node.children)
        classes = ' class="tasks"' if tasks else ""
        items = "".join(_html_item(item, asset_dir, tight=node.tight) for item in node.children)
        return f"<{tag}{start}{classes}>{items}</{tag}>"
    if kind == "blockquote":
        return f"<blockquote>{''.join(_html_block(child, asset_dir) for child in node.children)}</blockquote>"
    if kind == "code_block":
        language = f' class="language-{_escape(node.info)}"' if node.info else ""
        return f"<pre><code{language}>{_escape(node.text)}</code></pre>"
    if kind == "rule":
        return "<hr>"
    if kind == "table":
        head = [row for row in node.children if row.header]
        body = [row for row in node.children if not row.header]
        parts = ['<table class="prose-table">']
        if head:
            parts.append("<thead>" + "".join(_html_row(row, asset_dir) for row in head) + "</thead>")
        if body:
            parts.append("<tbody>" + "".join(_html_row(row, asset_dir) for row in body) + "</tbody>")
        parts.append("</table>")
        return "".join(parts)
    return "".join(_html_block(child, asset_dir) for child in node.children)


def _html_item(item: Node, asset_dir: str | os.PathLike[str] | None, *, tight: bool) -> str:
    inner = "".join(_html_block(child, asset_dir, tight=tight) for child in item.children)
    if item.checked is None:
        return f"<li>{inner}</li>"
    mark = "☑" if item.checked else "☐"
    state = "done" if item.checked else "open"
    return f'<li class="task task-{state}"><span class="task-mark" aria-hidden="true">{mark}</span> {inner}</li>'


def _html_row(row: Node, asset_dir: str | os.PathLike[str] | None) -> str:
    cells = []
    for cell in row.children:
        tag = "th" if cell.header else "td"
        style = f' style="text-align:{cell.align}"' if cell.align in ("left", "center", "right") else ""
        cells.append(f"<{tag}{style}>{''.join(_html_inline(child, asset_dir) for child in cell.children)}</{tag}>")
    return "<tr>" + "".join(cells) + "</tr>"


def to_html(text: str, markup: object = "markdown", *, asset_dir: str | os.PathLike[str] | None = None) -> str:
    """Render a prose field as safe HTML blocks (``<p>``, lists, tables, code).

    Raw HTML in the text is shown as text; only safe links become ``<a>``; an image is
    embedded (as a ``data:`` URI, so the document stays self-contained) only when it is a
    file inside ``asset_dir``, and is its alt text otherwise. Headings in the text start at
    level 3, below the report's section headings. Plain prose renders exactly as it did
    before Markdown: ``<p>`` per paragraph, line wraps kept as whitespace.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        asset_dir: The folder images may be read from; ``None`` reads no file.
    """
    document = tree(text, str(markup))
    return "".join(_html_block(child, asset_dir) for child in document.children)


def to_inline_html(
    text: str, markup: object = "markdown", *, asset_dir: str | os.PathLike[str] | None = None, links: bool = True
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
    """
    document = tree(text, str(markup))
    if len(document.children) == 1 and document.children[0].type == "paragraph":
        return "".join(_html_inline(child, asset_dir, links=links) for child in document.children[0].children)
    if not links:
        return _escape(to_plain_text(text, str(markup)))
    return "".join(_html_block(child, asset_dir) for child in document.children)


# --------------------------------------------------------------------------- Markdown


@functools.cache
def _probe_parser() -> MarkdownIt:
    # What a permissive viewer sees: raw HTML on and every link destination accepted.
    from markdown_it import MarkdownIt  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = _accept_link  # type: ignore[method-assign]
    return md


_PROBE = "postmortem-end-of-field-probe"


def _needs_rewrite(text: str) -> bool:
    """True when ``text`` as written could change the structure of the document around it.

    Raw HTML, images, unsafe links, link reference definitions (they act on the whole
    document), setext headings, and anything left open at the end (an unclosed code fence)
    are rewritten from the parsed tree instead of being copied.
    """
    env: dict[str, object] = {}
    tokens = _probe_parser().parse(f"{text}\n\n{_PROBE}\n", env)
    if env.get("references"):
        return True
    last = [t for t in tokens if t.type == "inline" and t.level == 1]
    if not last or last[-1].content != _PROBE or tokens[-3].type != "paragraph_open" or tokens[-3].level != 0:
        return True
    for token in tokens:
        if token.type == "html_block" or (token.type == "heading_open" and token.markup in ("=", "-")):
            return True
        for child in token.children or []:
            if child.type in ("html_inline", "image"):
                return True
            if child.type == "link_open" and not is_safe_link(str(child.attrs.get("href", ""))):
                return True
    return False


def _demote_headings(text: str) -> str:
    lines = text.split("\n")
    for token in _parser().parse(text):
        if token.type == "heading_open" and token.markup.startswith("#") and token.map:
            row = token.map[0]
            line = lines[row]
            at = line.find("#")
            level = len(token.markup)
            lines[row] = line[:at] + "#" * min(6, level + 2) + line[at + level :]
    return "\n".join(lines)


@functools.lru_cache(maxsize=4096)
def _markdown(text: str, markup: str) -> str:
    written = source(text, markup).strip("\n")
    if not written.strip():
        return ""
    if _needs_rewrite(written):
        return _md_blocks(tree(text, markup).children)
    return _demote_headings(written)


def to_markdown(text: str, markup: object = "markdown") -> str:
    """A prose field as Markdown blocks for the Markdown exporter: the author's markup as written.

    Headings move two levels down (``#`` becomes ``###``) to sit below the report's sections.
    Text that could change the document around it (raw HTML, images, unsafe links, link
    reference definitions, an unclosed code fence, setext headings) is written anew from the
    parsed tree instead, with all its text escaped: raw HTML shows as text, an image as a link
    to it, an unsafe link as its text.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
    """
    return _markdown(text, str(markup))


def to_markdown_item(text: str, markup: object = "markdown") -> str:
    """A prose field for a ``- `` list item: later lines indented to stay inside the item."""
    return "\n".join(
        ("  " + line if line else line) if index else line
        for index, line in enumerate(to_markdown(text, markup).split("\n"))
    )


def _escape_pipes(text: str) -> str:
    out: list[str] = []
    backslashes = 0
    for char in text:
        if char == "|" and backslashes % 2 == 0:
            out.append("\\")
        out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


def to_markdown_cell(text: str, markup: object = "markdown", *, links: bool = True) -> str:
    """A prose field for a GitHub table cell: one line; ``|`` cannot end the cell.

    A one-paragraph field keeps its markup as written, line wraps becoming spaces. A longer
    field (a list, several paragraphs) cannot live in a cell: its blocks are written anew
    and joined with ``<br>``.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        links: False when the cell wraps the text in a link of its own.
    """
    written = source(text, str(markup)).strip()
    document = tree(text, markup)
    if not written:
        return " "
    if (
        links
        and len(document.children) == 1
        and document.children[0].type == "paragraph"
        and not _needs_rewrite(written)
    ):
        return _escape_pipes(" ".join(line.strip() for line in written.split("\n")))
    parts = []
    for block in document.children:
        for part in _plain_blocks(block) if block.type != "paragraph" else [None]:
            if part is None:
                parts.append(_md_inline_nodes(block.children, links=links))
            elif part.strip():
                parts.append(_md_text(part))
    return _escape_pipes("<br>".join(p for p in parts if p.strip())) or " "


def to_markdown_link(text: str, url: str | None, markup: object = "markdown") -> str:
    """A prose field as the label of a link to ``url`` in a table cell.

    ``url`` is a field of its own (a timeline event's link), so it must be an absolute
    http, https or mailto URL (:func:`postmortem.presentation.is_safe_url`) to become a link.
    """
    from postmortem.presentation import is_safe_url  # noqa: PLC0415

    if not url or not is_safe_url(url):
        return to_markdown_cell(text, markup)
    destination = url.strip().replace("<", "%3C").replace(">", "%3E")
    return f"[{to_markdown_cell(text, markup, links=False)}](<{destination}>)"


def _md_text(text: str) -> str:
    from postmortem._templates import md_inline  # noqa: PLC0415  (the one escaper for Markdown text)

    if not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())].replace("\n", " ").replace("\t", " ")
    return lead + md_inline(text)


def _md_code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_inline_nodes(nodes: Sequence[Node], *, links: bool = True) -> str:
    out = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(_md_text(node.text))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "code":
            out.append(_md_code(node.text.replace("\n", " ")))
        elif kind == "strong":
            out.append(f"**{_md_inline_nodes(node.children, links=links)}**")
        elif kind == "emphasis":
            out.append(f"*{_md_inline_nodes(node.children, links=links)}*")
        elif kind == "strikethrough":
            out.append(f"~~{_md_inline_nodes(node.children, links=links)}~~")
        elif kind == "link" and links:
            url = node.url.replace("<", "%3C").replace(">", "%3E")
            out.append(f"[{_md_inline_nodes(node.children, links=False)}](<{url}>)")
        elif kind == "image":
            label = _md_text(node.text or node.url)
            if links and is_safe_link(node.url):
                url = node.url.replace("<", "%3C").replace(">", "%3E")
                out.append(f"[{label}](<{url}>)")
            else:
                out.append(label)
        else:
            out.append(_md_inline_nodes(node.children, links=links))
    return "".join(out)


def _indent(text: str, prefix: str) -> str:
    return "\n".join((prefix + line) if line else line for line in text.split("\n"))


def _md_blocks(nodes: Sequence[Node]) -> str:
    return "\n\n".join(part for part in (_md_block(node) for node in nodes) if part)


def _md_block(node: Node) -> str:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind == "paragraph":
        return _md_inline_nodes(node.children)
    if kind == "heading":
        return "#" * min(6, node.level + 2) + " " + _md_inline_nodes(node.children)
    if kind in ("bullet_list", "ordered_list"):
        items = []
        for index, item in enumerate(node.children):
            marker = "-" if kind == "bullet_list" else f"{node.level + index}."
            if item.checked is not None:
                marker += " [x]" if item.checked else " [ ]"
            body = ("\n" if node.tight else "\n\n").join(p for p in (_md_block(c) for c in item.children) if p)
            width = len(marker.split(" ")[0]) + 1
            items.append(marker + " " + _indent(body, " " * width).lstrip(" "))
        return ("\n" if node.tight else "\n\n").join(items)
    if kind == "blockquote":
        return "\n".join("> " + line if line else ">" for line in _md_blocks(node.children).split("\n"))
    if kind == "code_block":
        longest = max((len(run) for run in re.findall(r"`+", node.text)), default=0)
        fence = "`" * max(3, longest + 1)
        info = _md_text(node.info).replace("`", "")
        return f"{fence}{info}\n{node.text.rstrip(chr(10))}\n{fence}"
    if kind == "rule":
        return "***"
    if kind == "table":
        rows = list(node.children)
        if not rows:
            return ""
        width = max(len(row.children) for row in rows)
        lines = []
        for index, row in enumerate(rows):
            cells = [_escape_pipes(_md_inline_nodes(cell.children)).strip() or " " for cell in row.children]
            cells += [" "] * (width - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
            if index == 0:
                aligns = [c.align for c in row.children] + [""] * (width - len(row.children))
                lines.append(
                    "|"
                    + "|".join({"left": ":---", "center": ":---:", "right": "---:"}.get(a, "---") for a in aligns)
                    + "|"
                )
        return "\n".join(lines)
    return _md_blocks(node.children)
