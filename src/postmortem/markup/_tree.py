"""The parser and the tree: Markdown text to :class:`Node` objects, with safety decided."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from postmortem.markup._links import is_safe_link
from postmortem.presentation import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token


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


def _accept_link(url: str) -> bool:
    # Every destination is parsed; the tree decides what becomes a link (is_safe_link).
    return bool(url) or not url


def _as_written(text: str) -> str:
    # A bare URL or an <autolink> shows the characters the author typed: markdown-it would
    # percent-decode them (turning "%41" into "A" and "%aa" into U+FFFD) and decode punycode.
    return text


def _reference_unless_note(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's link reference definitions, except a footnote's line (``[^label]: ...``).

    ``[^3]: https://status.example.com/`` (a note of one word, often an address) is also a
    valid reference definition, which is never shown: the note vanished and its reference
    stayed as written. Left to the paragraph rule, it is read as a note like any other.
    """
    from markdown_it.rules_block import reference  # noqa: PLC0415

    if state.src.startswith("[^", state.bMarks[start] + state.tShift[start]):
        return False
    return reference(state, start, end, silent)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415  (loaded only when prose is rendered)
    from mdit_py_plugins.tasklists import tasklists_plugin  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.use(tasklists_plugin)
    md.block.ruler.at("reference", _reference_unless_note)
    # Every destination is parsed; _convert decides what becomes a link or an image.
    md.validateLink = _accept_link  # type: ignore[method-assign]
    md.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
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
            inlines = _inlines(tokens[i + 1].children or [])
            # Not a paragraph of pandoc's anchors alone ("[]{#_Toc1 .anchor}"): nothing is left of it.
            nodes.extend([Node("paragraph", inlines)] if inlines else [])
            i += 3
        elif kind == "heading_open":
            inlines = _without_heading_attributes(_inlines(tokens[i + 1].children or []))
            nodes.append(Node("heading", inlines, level=int(token.tag[1])))
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
    return tuple(_without_attributes(_merge_text(nodes)))


# pandoc's attributes: "{#id}", "{.class}", "{key=value}", "{-}", several in one pair of braces.
# Word documents converted by pandoc carry them (a heading's "{#intro}", a bookmark's
# "[]{#_Toc1 .anchor}", an image's "{width=50%}"); they name and size things, they are not text.
_ATTRIBUTE = r"""(?:[#.][^\s{}"]+|[A-Za-z_][\w:.-]*=(?:"[^"\n]*"|[^\s{}"]*)|-)"""
_ATTRIBUTES = rf"\{{[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}"
# A span: its text in brackets, then its attributes ("[Lock 4]{.underline}" shows "Lock 4").
_SPAN_RE = re.compile(rf"\[([^\[\]\n]*)\]{_ATTRIBUTES}")
_LEADING_ATTRIBUTES_RE = re.compile(_ATTRIBUTES)
_TRAILING_ATTRIBUTES_RE = re.compile(rf"[ \t]*{_ATTRIBUTES}[ \t]*\Z")


def _without_attributes(nodes: list[Node]) -> list[Node]:
    """Inline nodes without pandoc's attributes: a span shows its text, a picture or link none after it."""
    out: list[Node] = []
    for node in nodes:
        if node.type != "text" or ("]{" not in node.text and not (out and out[-1].type in ("image", "link"))):
            out.append(node)
            continue
        text = node.text
        if out and out[-1].type in ("image", "link") and text.startswith("{"):
            match = _LEADING_ATTRIBUTES_RE.match(text)
            if match:
                text = text[match.end() :]
        if "]{" in text:
            text = _SPAN_RE.sub(r"\1", text)
        if text:
            out.append(attrs.evolve(node, text=text))
    return out


def _without_heading_attributes(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """A heading without the attributes pandoc writes after it (``# Summary {#summary}``)."""
    if not nodes or nodes[-1].type != "text" or not nodes[-1].text.endswith("}"):
        return nodes
    text = _TRAILING_ATTRIBUTES_RE.sub("", nodes[-1].text)
    if text == nodes[-1].text or not (text.strip() or len(nodes) > 1):
        return nodes  # the whole heading: "# {.note}" says something
    return (*nodes[:-1], attrs.evolve(nodes[-1], text=text)) if text else nodes[:-1]


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


def _plain_inline(node: Node) -> str:
    if node.type in ("text", "code"):
        return node.text
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "image":
        return node.text
    return "".join(_plain_inline(child) for child in node.children)
