"""A Markdown document as blocks and sections, read with markdown-it-py.

The parser gives tokens with source line ranges; this module groups the top-level tokens
into :class:`Block` values that keep their verbatim Markdown, and the blocks into a tree of
:class:`Part` (a heading and what follows it). Nothing here decides what a section means.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "Block",
    "Cell",
    "Item",
    "Part",
    "bold_label",
    "bold_line",
    "breadcrumb",
    "forget_inline",
    "inline_tokens",
    "parse",
    "plain",
]


@attrs.frozen
class Cell:
    """A table cell: its Markdown and its plain text."""

    markdown: str
    text: str


@attrs.frozen
class Item:
    """A list item.

    Attributes:
        markdown: The item's Markdown without its marker (nested lists included, dedented).
        first: The Markdown of the item's first paragraph.
        text: Plain text of the first paragraph.
        checked: ``True``/``False`` for a task-list item (``[x]``/``[ ]``), else ``None``.
        line: 1-based line of the item.
        depth: 0 for a top-level item.
    """

    markdown: str
    first: str
    text: str
    checked: bool | None
    line: int
    depth: int


@attrs.frozen
class Block:
    """One top-level block of the document.

    Attributes:
        kind: ``heading``, ``paragraph``, ``list``, ``table``, ``code``, ``quote``, ``rule`` or ``html``.
        line: 1-based first line.
        markdown: The block's Markdown as written.
        text: Plain text of a heading or paragraph (lines joined by newlines).
        level: Heading level (1-6); 0 for other blocks.
        items: A list's items in document order (nested ones too, with their depth).
        rows: A table's rows, header first.
        inline: For a paragraph or heading, its inline Markdown.
        ordered: True for an ordered list.
    """

    kind: str
    line: int
    markdown: str
    text: str = ""
    level: int = 0
    items: tuple[Item, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    inline: str = ""
    ordered: bool = False


@attrs.define
class Part:
    """A heading and the blocks under it, with its subsections.

    Attributes:
        title: The heading's plain text (``(preamble)`` for text before the first heading).
        level: Heading level; 0 for the preamble.
        line: 1-based line of the heading.
        blocks: Blocks before the first subsection.
        children: Subsections.
        heading: The heading's Markdown line(s); empty for the preamble and pseudo-headings.
        pseudo: True when the heading is a bold label at the start of a paragraph.
        own: For a pseudo-heading that names no field, the field its blocks are (a table of
            action items under a heading of another kind: ``action_items``).
    """

    title: str
    level: int
    line: int
    blocks: list[Block] = attrs.field(factory=list)
    children: list[Part] = attrs.field(factory=list)
    heading: str = ""
    pseudo: bool = False
    own: str | None = None

    def walk(self) -> Iterator[Part]:
        """This part and every subsection, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def markdown(self, *, with_heading: bool = False) -> str:
        """The verbatim Markdown of the part: its blocks, then each subsection with its heading."""
        pieces = [self.heading] if with_heading and self.heading else []
        pieces += [block.markdown for block in self.blocks]
        pieces += [child.markdown(with_heading=True) for child in self.children]
        return "\n\n".join(piece for piece in pieces if piece.strip())


def plain(token: Token) -> str:
    """The plain text of an inline token: what a reader sees, soft breaks as newlines."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(plain(child))
    return "".join(out)


@functools.cache
def _parser() -> object:
    """The one Markdown parser of the import (a parser holds only its rules; each parse has its own state).

    Built once: building one costs about 1.7 ms (its rule chains and link matcher), and the
    import asks for one per section and per paragraph it reads again, so a page of 20,000
    toggles built 20,000 parsers (27 s, the import's limit is 30 s).
    """
    from markdown_it import MarkdownIt  # noqa: PLC0415  (loaded only when a document is imported)

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# The inline tokens of long paragraphs and list items, kept from the document's parse so that the
# readers that look at a paragraph's inline Markdown again (bold labels, related incidents in
# prose) do not parse it again: a 600 KB paragraph of brackets or emphasis went through
# markdown-it's inline rules four times (about 8 s of CPU for 200,000 "[", near the import's
# 30 s limit on a loaded machine). Only inline Markdown of at least _KEPT_INLINE characters is
# kept (short ones cost little to parse again), only from a document with no link reference
# definitions (there the parse reads "[x]" as a link and parseInline does not), and the store is
# emptied at each document's parse and at the end of its build.
_KEPT_INLINE = 2_000
_INLINE: dict[str, list[Token]] = {}


def inline_tokens(markdown: str) -> list[Token]:
    """The inline tokens of ``markdown`` (a paragraph's or heading's inline Markdown), as parseInline gives them."""
    kept = _INLINE.get(markdown)
    if kept is not None:
        return kept
    return _parser().parseInline(markdown)[0].children or []  # type: ignore[attr-defined]


def forget_inline() -> None:
    """Empty the store of inline tokens (the document has been read)."""
    _INLINE.clear()


def _keep_inline(tokens: Sequence[Token], env: dict[str, object]) -> None:
    forget_inline()
    if env.get("references"):
        return
    for token in tokens:
        if token.type == "inline" and len(token.content) >= _KEPT_INLINE and token.children is not None:
            _INLINE[token.content] = token.children


def _lines(source: Sequence[str], start: int, end: int) -> str:
    return "\n".join(source[start:end]).strip("\n")


def _task(content: str) -> tuple[bool | None, str]:
    head = content[:4]
    if head in ("[ ] ", "[x] ", "[X] ") or content in ("[ ]", "[x]", "[X]"):
        return head[1] != " ", content[4:]
    return None, content


# Round 22: a list entry whose short label holds its time, "Inject 1 (09:30): ..." (a tabletop
# exercise's injects, "Round 2 (14:05):"), is read as "09:30 Inject 1: ..." so that the time leads it.
_LABEL_TIME = re.compile(
    r"^(?P<label>[^\W\d_][\w'’ -]{0,30}?)\s*\((?P<time>~?\d{1,2}[:.]\d{2}(?:\s*[A-Z]{2,5})?)\)\s*:\s+"
)
_LABEL_TIME_MARKDOWN = re.compile(
    r"^(?P<mark>\*\*|__|)(?P<label>[^\W\d_][\w'’ -]{0,30}?)\s*"
    r"\((?P<time>~?\d{1,2}[:.]\d{2}(?:\s*[A-Z]{2,5})?)\)\s*:\s*(?P=mark)\s*"
)


def _items(tokens: Sequence[Token], source: Sequence[str]) -> tuple[Item, ...]:
    items: list[Item] = []
    depth = -1
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and token.map is not None:
            start, end = token.map
            marker = (token.info or "") + token.markup
            first_line = source[start]
            indent = len(first_line) - len(first_line.lstrip())
            after = first_line.lstrip()[len(marker) :]
            content_offset = indent + len(marker) + (len(after) - len(after.lstrip(" ")))
            body = [after.lstrip(" ")]
            for line in source[start + 1 : end]:
                body.append(line[content_offset:] if line[:content_offset].strip() == "" else line.lstrip())
            inline = next(
                (t for t in tokens[index + 1 :] if t.type in {"inline", "list_item_close"}),
                None,
            )
            first = inline.content if inline is not None and inline.type == "inline" else ""
            text = plain(inline) if inline is not None and inline.type == "inline" else ""
            checked, first = _task(first)
            _checked, text = _task(text)
            markdown = "\n".join(body).strip("\n")
            labelled = _LABEL_TIME.match(text)
            if labelled is not None:
                # "**Inject 1 (09:30):** Help desk reports ...": a label holding the entry's time.
                text = f"{labelled.group('time')} {labelled.group('label')}: {text[labelled.end() :]}"
                first = _LABEL_TIME_MARKDOWN.sub(r"\g<time> \g<mark>\g<label>:\g<mark> ", first, count=1)
                markdown = _LABEL_TIME_MARKDOWN.sub(r"\g<time> \g<mark>\g<label>:\g<mark> ", markdown, count=1)
            if checked is not None:
                markdown = _task(markdown)[1]
            items.append(Item(markdown, first, text, checked, start + 1, depth))
    return tuple(items)


def _rows(tokens: Sequence[Token]) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(Cell(token.content, plain(token)))
        elif token.type == "tr_close":
            rows.append(tuple(row))
    return tuple(rows)


def blocks(text: str) -> list[Block]:  # noqa: PLR0912  (one case per block kind)
    """Split a Markdown document into its top-level blocks."""
    parser = _parser()
    env: dict[str, object] = {}
    tokens: list[Token] = parser.parse(text, env)  # type: ignore[attr-defined]
    _keep_inline(tokens, env)
    source = text.split("\n")
    out: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = index
        if token.nesting == 1:
            depth = 0
            for close in range(index, len(tokens)):
                depth += tokens[close].nesting
                if depth == 0:
                    break
        group = tokens[index : close + 1]
        index = close + 1
        if token.map is None:
            continue
        start, end = token.map
        markdown = _lines(source, start, end)
        kind = token.type.removesuffix("_open")
        if kind == "heading":
            inline = group[1]
            out.append(
                Block("heading", start + 1, markdown, plain(inline).strip(), int(token.tag[1]), inline=inline.content)
            )
        elif kind == "paragraph":
            inline = group[1]
            out.append(Block("paragraph", start + 1, markdown, plain(inline), inline=inline.content))
        elif kind in ("bullet_list", "ordered_list"):
            out.append(Block("list", start + 1, markdown, items=_items(group, source), ordered=kind == "ordered_list"))
        elif kind == "table":
            out.append(Block("table", start + 1, markdown, rows=_rows(group)))
        elif kind in ("fence", "code_block"):
            out.append(Block("code", start + 1, markdown, text=token.content))
        elif kind == "blockquote":
            out.append(Block("quote", start + 1, markdown))
        elif kind == "hr":
            out.append(Block("rule", start + 1, markdown))
        else:
            out.append(Block("html", start + 1, markdown))
    return _thread_runs(out, source)


# "> 1/ 09:12 ...", "> **2/** 14:16 ...": a post of a numbered thread, quoted one block a post.
THREAD_NUMBER = re.compile(r"^(?:\*\*|__)?\d{1,3}\s?/\s?(?:\d{1,3})?(?:\*\*|__)?[.:]?\s+")
_TIME_LED = re.compile(r"^(?:\*\*|__)?\(?\[?~?\d{1,2}[:.h]\d{2}\b")
_THREAD_POST_LINES = 3


def _thread_runs(found: list[Block], source: Sequence[str]) -> list[Block]:
    """Block quotes of one timed post each, one after another, as one quote (a thread's posts).

    A thread or status feed pasted as quotes, a blank line between posts, is one block per post
    to the parser; read together, the posts are a log like any other. Only quotes of at most
    three lines that open with a time (after a post number such as ``1/``) are joined.
    """
    out: list[Block] = []
    for block in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "quote"
            and block.kind == "quote"
            and _timed_post(previous.markdown.splitlines()[-1])
            and _timed_post(block.markdown)
            and not any(
                line.strip()
                for line in source[previous.line - 1 + len(previous.markdown.splitlines()) : block.line - 1]
            )
        ):
            out[-1] = attrs.evolve(previous, markdown=f"{previous.markdown}\n\n{block.markdown}")
            continue
        out.append(block)
    return out


def _timed_post(markdown: str) -> bool:
    lines = [re.sub(r"^\s{0,3}>\s?", "", line) for line in markdown.splitlines()]
    if not lines or len(lines) > _THREAD_POST_LINES:
        return False
    return _TIME_LED.match(THREAD_NUMBER.sub("", lines[0].strip(), count=1)) is not None


def bold_label(block: Block) -> tuple[str, str] | None:  # noqa: PLR0911  (each way a paragraph is not a label)
    """``("Impact", "rest")`` for a paragraph that starts with a bold label and a colon.

    ``**Impact:** about 180 staff`` and ``**Timeline (UTC)**:`` are labels; the rest of the
    paragraph (its Markdown) comes back with it.
    """
    if block.kind != "paragraph" or not block.inline.startswith(("**", "__")):
        return None  # the label's markup opens the paragraph (checked again below), so no parse is needed
    tokens = inline_tokens(block.inline)
    children = [child for child in tokens if child.type != "text" or child.content]
    if len(children) < 3 or children[0].type != "strong_open":
        return None
    close = next((i for i, child in enumerate(children) if child.type == "strong_close"), None)
    if close is None or close < 2 or any(child.type != "text" for child in children[1:close]):
        return None
    label = "".join(child.content for child in children[1:close])
    markup = children[0].markup
    prefix = f"{markup}{label}{markup}"
    if not block.inline.startswith(prefix):
        return None
    rest = block.inline[len(prefix) :]
    if label.rstrip().endswith(":"):
        label = label.rstrip()[:-1]
    elif rest.startswith(":"):
        rest = rest[1:]
    else:
        return None
    if not label.strip() or "\n" in label:
        return None
    return label.strip(), rest.strip()


_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<label>[^*_\n]{1,60}?):?\1:?$")


def bold_line(block: Block) -> tuple[str, str] | None:
    """``("Why", "")`` for a paragraph that is one short bold phrase and nothing else."""
    match = _BOLD_LINE.match(block.inline.strip()) if block.kind == "paragraph" else None
    if match is None or len(match.group("label").split()) > 8:
        return None
    return match.group("label").strip(), ""


_LETTERHEAD_LINES = 8


def _letterhead(before: Sequence[Block]) -> bool:
    """Whether the blocks before the first heading are a letterhead: short lines that open in bold.

    A letter or a vendor's report opens with the sender's name in bold and an address, then the
    title; such lines do not make the title a section that every other heading nests under.
    """
    if not before or any(block.kind not in ("paragraph", "rule") for block in before):
        return False
    lines = [line for block in before for line in block.markdown.splitlines() if line.strip()]
    if len(lines) <= _BREADCRUMB_LINES and all(breadcrumb(line) for line in lines):
        return True  # a wiki page's trail above its title ("Facilities Hub > Site Pages", round 24)
    return len(lines) <= _LETTERHEAD_LINES and any(line.lstrip().startswith(("**", "__")) for line in lines)


# A page's breadcrumb trail, as a saved wiki or intranet page keeps it above the title: two to six
# short names joined by ">", "›", "»" or "/" between spaces.
_BREADCRUMB = re.compile(r"^[^\s>›»/][^>›»/\n]{0,40}(?:\s+(?:>|›|»|/|\\>)\s+[^>›»/\n]{1,40}){1,5}$")
_BREADCRUMB_LINES = 2


def breadcrumb(line: str) -> bool:
    """Whether a line is a page's breadcrumb trail ("Facilities Hub > Site Pages")."""
    return _BREADCRUMB.match(line.strip()) is not None


# "review.ipynb", "kiln_2-notes.md": one word with a file extension, which no title is.
_FILE_NAME = re.compile(r"^[\w.-]+\.[A-Za-z][A-Za-z0-9]{0,5}$")


def _own_title(title: str, rest: Sequence[Block], is_section: Callable[[str], bool]) -> Block | None:
    """The heading that is the document's own title, where its first heading is a file name.

    It is the next heading, when no heading after it is at its level or above and it names no section.
    """
    if not rest or not _FILE_NAME.match(title.strip("`* ")):
        return None
    own = rest[0]
    if all(other.level > own.level for other in rest[1:]) and not is_section(own.text):
        return own
    return None


def parse(text: str, is_section: Callable[[str], bool] = lambda _heading: False) -> tuple[str | None, int, list[Part]]:
    """Read a document into its title and parts.

    Args:
        text: The Markdown document.
        is_section: Whether a heading names a section (such a heading is never the title).

    Returns:
        ``(title, title_line, parts)``: the title is the first heading when no other heading
        is at its level or above and it names no section; the first part is the preamble
        (level 0) when the document has text before its first section.
    """
    found = blocks(text)
    headings = [block for block in found if block.kind == "heading"]
    title: str | None = None
    title_line = 0
    if headings and found and (found[0] is headings[0] or _letterhead(found[: found.index(headings[0])])):
        first = headings[0]
        if all(other.level > first.level for other in headings[1:]) and not is_section(first.text):
            title, title_line = first.text, first.line
            # A letterhead above the title (a company's name in bold, its address) stays before the sections.
            found = [block for block in found if block is not first]
            own = _own_title(title, headings[1:], is_section)
            if own is not None:
                # A notebook or a file exported to Markdown opens with the file's name as its heading
                # ("# review.ipynb"); the document's own title is the heading under it.
                title, title_line = own.text, own.line
                found = [block for block in found if block is not own]
    preamble = Part("(preamble)", 0, 1)
    parts: list[Part] = [preamble]
    stack: list[Part] = []
    for block in found:
        if block.kind == "heading":
            part = Part(block.text, block.level, block.line, heading=block.markdown)
            while stack and stack[-1].level >= block.level:
                stack.pop()
            if stack:
                stack[-1].children.append(part)
            else:
                parts.append(part)
            stack.append(part)
        elif stack:
            stack[-1].blocks.append(block)
        else:
            preamble.blocks.append(block)
    if not preamble.blocks:
        parts.remove(preamble)
    return title, title_line, parts
