"""Markdown from the tree, normalised for the Markdown exporter: blocks, list items, table cells, links."""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from postmortem.markup._links import is_safe_link
from postmortem.markup._notes import Footnotes, markdown_labels, with_footnotes
from postmortem.markup._outline import outlined
from postmortem.markup._plain import _plain_blocks
from postmortem.markup._tree import Node, _accept_link, _parser, source, tree

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


# The labels of the field being written anew whose notes take another label (see _notes.markdown_labels).
_LABELS: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar("markdown_note_labels", default=None)


def _note_label(label: str) -> str:
    labels = _LABELS.get()
    return f"[^{labels.get(label, label) if labels else label}]"


def _blocks_with_labels(document: Node, labels: Mapping[str, str]) -> str:
    """``document`` written anew, its notes under their Markdown labels."""
    token = _LABELS.set(labels)
    try:
        return _md_blocks(document.children)
    finally:
        _LABELS.reset(token)


@functools.cache
def _probe_parser() -> MarkdownIt:
    # What a permissive viewer sees: raw HTML on and every link destination accepted.
    from markdown_it import MarkdownIt  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = _accept_link  # type: ignore[method-assign]
    return md


_PROBE = "postmortem-end-of-field-probe"


def _probe_broken(tokens: Sequence[Token]) -> bool:
    """True when a field, parsed with the probe paragraph after it, changed the document around it.

    The probe is not its own top-level paragraph (the field left something open), or the field
    holds a setext heading or raw HTML.
    """
    last = [t for t in tokens if t.type == "inline" and t.level == 1]
    if not last or last[-1].content != _PROBE or tokens[-3].type != "paragraph_open" or tokens[-3].level != 0:
        return True
    return any(t.type == "html_block" or (t.type == "heading_open" and t.markup in ("=", "-")) for t in tokens)


def _needs_rewrite(text: str) -> bool:
    """True when ``text`` as written could change the structure of the document around it.

    Raw HTML, images, unsafe links, link reference definitions (they act on the whole
    document), setext headings, and anything left open at the end (an unclosed code fence)
    are rewritten from the parsed tree instead of being copied.
    """
    env: dict[str, object] = {}
    tokens = _probe_parser().parse(f"{text}\n\n{_PROBE}\n", env)
    return bool(env.get("references")) or _probe_broken(tokens) or _unsafe_inline(tokens)


def _unsafe_inline(tokens: Sequence[Token]) -> bool:
    """True when an inline token is raw HTML, an image, or a link to an unsafe destination."""
    for token in tokens:
        for child in token.children or []:
            if child.type in ("html_inline", "image"):
                return True
            if child.type == "link_open" and not is_safe_link(str(child.attrs.get("href", ""))):
                return True
    return False


def _demote_headings(text: str) -> str:
    """``text`` with its ATX headings moved below the report's: the shallowest written is ``###``.

    Levels go by rank (see :mod:`postmortem.markup._outline`): ``###`` and ``#####`` in a field
    become ``###`` and ``####``.
    """
    lines = text.split("\n")
    headings = [t for t in _parser().parse(text) if t.type == "heading_open" and t.markup.startswith("#") and t.map]
    rank = {level: depth for depth, level in enumerate(sorted({len(t.markup) for t in headings}), 1)}
    for token in headings:
        row = token.map[0] if token.map else 0
        line = lines[row]
        at = line.find("#")
        level = len(token.markup)
        lines[row] = line[:at] + "#" * min(6, rank[level] + 2) + line[at + level :]
    return "\n".join(lines)


@functools.lru_cache(maxsize=4096)
def _markdown(text: str, markup: str) -> str:
    written = source(text, markup).strip("\n")
    if not written.strip():
        return ""
    if _needs_rewrite(written):
        return _md_blocks(outlined(tree(text, markup)).children)
    return _demote_headings(written)


def _with_notes(text: str, markup: str, notes: Footnotes | None) -> tuple[Node, dict[str, str]] | None:
    """The field's tree with its notes as nodes and its notes' Markdown labels; None without notes."""
    if notes is None or not notes.defined or "[^" not in text or markup == "plain":
        return None
    document = tree(text, markup)
    return with_footnotes(outlined(document), notes.fresh()), markdown_labels(document, notes)


_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)", re.DOTALL)
_NOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


def _relabel(written: str, labels: Mapping[str, str]) -> str:
    """``written`` with ``[^label]`` changed to ``[^new]`` for each of ``labels``, outside code."""
    if not labels:
        return written
    lines = written.split("\n")
    code_lines = {
        row
        for token in _parser().parse(written)
        if token.type in ("fence", "code_block") and token.map
        for row in range(token.map[0], token.map[1])
    }

    def swap(piece: str) -> str:
        return _NOTE_LABEL.sub(lambda m: f"[^{labels.get(m.group(1), m.group(1))}]", piece)

    out: list[str] = []
    for row, line in enumerate(lines):
        if row in code_lines:
            out.append(line)
            continue
        at, pieces = 0, []
        for span in _CODE_SPAN.finditer(line):
            pieces += [swap(line[at : span.start()]), span.group(0)]
            at = span.end()
        out.append("".join([*pieces, swap(line[at:])]))
    return "\n".join(out)


def _markdown_with_notes(text: str, markup: str, notes: Footnotes | None) -> str | None:
    """:func:`to_markdown` for a field with footnotes of the report's: None for a field without."""
    found = _with_notes(text, markup, notes)
    if found is None:
        return None
    document, labels = found
    written = source(text, markup).strip("\n")
    if _needs_rewrite(written):
        return _blocks_with_labels(document, labels)
    return _demote_headings(_relabel(written, labels))


def to_markdown(text: str, markup: object = "markdown", *, footnotes: Footnotes | None = None) -> str:
    """A prose field as Markdown blocks for the Markdown exporter: the author's markup as written.

    Headings move below the report's sections: the field's shallowest heading becomes ``###``,
    its next level ``####``, whatever their ``#`` count.
    Text that could change the document around it (raw HTML, images, unsafe links, link
    reference definitions, an unclosed code fence, setext headings) is written anew from the
    parsed tree instead, with all its text escaped: raw HTML shows as text, an image as a link
    to it, an unsafe link as its text.

    With the report's ``footnotes`` (:func:`postmortem.markup.gather_footnotes`), ``[^1]`` and
    ``[^1]: note`` stay footnotes when the field is written anew, and a note of the same label
    as another field's note with other words takes a label of its own
    (:func:`postmortem.markup.markdown_labels`), so that each reference reaches its own note.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        footnotes: The report's notes; ``None`` treats ``[^1]`` as text.
    """
    with_notes = _markdown_with_notes(text, str(markup), footnotes)
    return _markdown(text, str(markup)) if with_notes is None else with_notes


def _indent_item(blocks: str) -> str:
    lines = blocks.split("\n")
    return "\n".join([lines[0], *("  " + line if line else line for line in lines[1:])])


def _breaks_item(body: str) -> bool:
    """True when ``- body`` is not one list item holding ``body`` as its author wrote it.

    Indenting a field to sit inside a list item moves its tab stops: ``0``, then a line of a tab
    and ``=``, is one paragraph on its own but a setext heading two columns further right.
    Read in place, such a body is a heading, raw HTML, more than one item, or swallows what
    follows; a tab before ``0<script>`` makes an indented code block on its own but a paragraph
    with raw HTML in it inside the item; :func:`to_markdown_item` then writes it anew from the parsed tree.
    """
    tokens = _probe_parser().parse(f"- {body}\n\n{_PROBE}\n")
    return (
        _probe_broken(tokens)
        or _unsafe_inline(tokens)
        or sum(1 for t in tokens if t.type == "list_item_open" and t.level == 1) != 1
    )


@functools.lru_cache(maxsize=4096)
def _markdown_item(text: str, markup: str) -> str:
    body = _indent_item(_markdown(text, markup))
    if body and _breaks_item(body):
        return _indent_item(_md_blocks(outlined(tree(text, markup)).children))
    return body


def to_markdown_item(text: str, markup: object = "markdown", *, footnotes: Footnotes | None = None) -> str:
    """A prose field for a ``- `` list item: later lines indented to stay inside the item.

    The item is read in place: where indenting changes what the text is (a tab's stop moves,
    and a line becomes a setext heading), the field is written anew from its parsed tree, its
    text escaped, as :func:`to_markdown` does for text that could change the document.
    ``footnotes`` as for :func:`to_markdown`.
    """
    found = _with_notes(text, str(markup), footnotes)
    with_notes = _markdown_with_notes(text, str(markup), footnotes)
    if found is None or with_notes is None:
        return _markdown_item(text, str(markup))
    body = _indent_item(with_notes)
    if body and _breaks_item(body):
        return _indent_item(_blocks_with_labels(*found))
    return body


def _escape_pipes(text: str) -> str:
    out: list[str] = []
    backslashes = 0
    for char in text:
        if char == "|" and backslashes % 2 == 0:
            out.append("\\")
        out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


def to_markdown_cell(
    text: str, markup: object = "markdown", *, links: bool = True, footnotes: Footnotes | None = None
) -> str:
    """A prose field for a GitHub table cell: one line; ``|`` cannot end the cell.

    A one-paragraph field keeps its markup as written, line wraps becoming spaces. A longer
    field (a list, several paragraphs) cannot live in a cell: its blocks are written anew
    and joined with ``<br>``.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        links: False when the cell wraps the text in a link of its own.
        footnotes: The report's notes (see :func:`to_markdown`); ``None`` treats ``[^1]`` as text.
    """
    written = source(text, str(markup)).strip()
    document = tree(text, markup)
    if not written:
        return " "
    found = _with_notes(text, str(markup), footnotes)
    labels = found[1] if found else {}
    if (
        links
        and len(document.children) == 1
        and document.children[0].type == "paragraph"
        and not _needs_rewrite(written)
    ):
        return _escape_pipes(" ".join(line.strip() for line in _relabel(written, labels).split("\n")))
    if found is None:
        return _cell_parts(document, links=links)
    token = _LABELS.set(labels)
    try:
        return _cell_parts(found[0], links=links)
    finally:
        _LABELS.reset(token)


def _cell_parts(document: Node, *, links: bool) -> str:
    parts = []
    for block in document.children:
        for part in _plain_blocks(block) if block.type != "paragraph" else [None]:
            if part is None:
                parts.append(_md_inline_nodes(block.children, links=links))
            elif part.strip():
                parts.append(_md_text(part))
    return _escape_pipes("<br>".join(p for p in parts if p.strip())) or " "


def to_markdown_link(
    text: str, url: str | None, markup: object = "markdown", *, footnotes: Footnotes | None = None
) -> str:
    """A prose field as the label of a link to ``url`` in a table cell.

    ``url`` is a field of its own (a timeline event's link), so it must be an absolute
    http, https or mailto URL (:func:`postmortem.presentation.is_safe_url`) to become a link.
    A link's label holds no note reference (``footnotes`` serves a cell that is no link).
    """
    from postmortem.presentation import is_safe_url  # noqa: PLC0415

    if not url or not is_safe_url(url):
        return to_markdown_cell(text, markup, footnotes=footnotes)
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
        elif kind == "footnote_ref":
            out.append(_note_label(node.text))
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
            out.append(_md_image(node, links=links))
        else:
            out.append(_md_inline_nodes(node.children, links=links))
    return "".join(out)


def _md_image(node: Node, *, links: bool) -> str:
    label = _md_text(node.text or node.url)
    if links and is_safe_link(node.url):
        url = node.url.replace("<", "%3C").replace(">", "%3E")
        return f"[{label}](<{url}>)"
    return label


def _indent(text: str, prefix: str) -> str:
    return "\n".join((prefix + line) if line else line for line in text.split("\n"))


def _md_blocks(nodes: Sequence[Node]) -> str:
    return "\n\n".join(part for part in (_md_block(node) for node in nodes) if part)


def _md_block(node: Node) -> str:  # noqa: PLR0911  (one return per node type)
    kind = node.type
    if kind in ("paragraph", "footnote"):
        lead = _note_label(node.text) + ": " if kind == "footnote" else ""
        return lead + _md_inline_nodes(node.children)
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
