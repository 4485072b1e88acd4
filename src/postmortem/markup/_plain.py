"""Plain text, what checks read: without markup, and without parsing where nothing is markup."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from postmortem.markup._notes import Footnotes, with_footnotes
from postmortem.markup._tree import Node, _text_of, tree
from postmortem.presentation import clean_text


def _plain_blocks(node: Node) -> Iterator[str]:
    if node.type in ("paragraph", "heading", "table_cell"):
        yield _text_of(node.children)
    elif node.type == "code_block":
        yield node.text.rstrip("\n")
    else:
        for child in node.children:
            yield from _plain_blocks(child)


def to_plain_text(text: str, markup: object = "markdown", *, footnotes: Footnotes | None = None) -> str:
    """The text a reader sees, without markup: what checks read.

    Block elements (paragraphs, list items, table cells, headings, code blocks) are separated
    by a blank line; soft line breaks inside a paragraph are spaces; link text stays and its
    destination goes; an image is its alt text.

    Args:
        text: The prose field as written.
        markup: ``markdown`` (the default) or ``plain``.
        footnotes: The report's notes (:func:`postmortem.markup.gather_footnotes`): references
            to them and the notes themselves are left out, as in a page's one-line description,
            where a ``[^1]`` would be shown as written. Checks pass none: they read the syntax
            as text, and a note's words where the author wrote them.
    """
    if footnotes is not None and footnotes.defined and "[^" in text:
        document = with_footnotes(tree(text, str(markup)), footnotes.fresh())
        return "\n\n".join(part for part in _plain_blocks(document) if part.strip())
    return _plain_text(text, str(markup))


@functools.lru_cache(maxsize=4096)
def _plain_text(text: str, markup: str) -> str:
    if markup != "plain":
        fast = plain_paragraphs(clean_text(text))
        if fast is not None:
            return fast
    return "\n\n".join(part for part in _plain_blocks(tree(text, markup)) if part.strip())


# Characters that can start inline markup, an entity or a raw-HTML span anywhere in a line
# (and tabs, whose width Markdown counts; ':' and '@', near which autolinks rewrite text).
_INLINE_MARKUP = frozenset("\\`*_[]<>#|~!&:@\t\r\x00")
# The same as a character class: a search runs in C, where a set's isdisjoint makes a string
# of each character of the text.
_INLINE_MARKUP_RE = re.compile("[" + "".join(map(re.escape, sorted(_INLINE_MARKUP))) + "]")
# White space other than " ", tab and line break: str.isspace and the class \s agree.
_OTHER_BLANK_RE = re.compile(r"[^\S \t\n]")
# What can open a block at the start of a line that is not blank: a list item, a quote, a
# heading, a setext or thematic line, a fence, an indented code block. Searched after a line
# break (a literal first: the search skips to each break in C) and matched at the start. An
# ordered list's marker ("1." or "1)") is one only before white space or the end of the
# text: "99.6% of requests" and "2.5 hours later" open paragraphs.
_BLOCK_START = r"(?![ \t]*(?:\n|\Z))(?:[ \t]*(?:[-+=>#*_~`]|\d{1,9}[.)](?!\S))|[ ]{4}|[ ]*\t)"
_BLOCK_AT_START_RE = re.compile(_BLOCK_START)
_BLOCK_AFTER_BREAK_RE = re.compile(r"\n" + _BLOCK_START)


def _not_only_paragraphs(text: str) -> bool:
    """Tell whether a line of *text* that is not blank opens a block or ends in a hard break."""
    if _BLOCK_AT_START_RE.match(text) or _BLOCK_AFTER_BREAK_RE.search(text):
        return True
    if "  \n" in text or "\t" in text or text.endswith("  "):
        return any(line.strip(" \t") and line.endswith(("  ", "\t")) for line in text.split("\n"))
    return False


def plain_paragraphs(text: str) -> str | None:
    """The plain text of ``text`` without parsing, when it holds nothing Markdown would read.

    Most prose is plain sentences: for those, the plain text is each paragraph's lines joined
    by a space (a soft line break), paragraphs separated by a blank line. Any character or line
    start that could be markup returns None, and the caller parses. Checks read every prose
    field, so this keeps them from parsing text that has no markup in it.

    Args:
        text: Prose, already cleaned (see :func:`~postmortem.presentation.clean_text`).

    Returns:
        What :func:`to_plain_text` returns for ``text``, or ``None`` where only the parser can
        tell.
    """
    if _INLINE_MARKUP_RE.search(text):
        return None
    if not text.isascii() and _OTHER_BLANK_RE.search(text):
        return None  # Markdown trims Unicode white space at a paragraph's edges: let it decide
    return _paragraphs(text)


# What sends a text to the full reading of simple_plain_text: a character of _INLINE_MARKUP,
# or one that clean_text removes (the ASCII control characters other than tab and line feed).
_NOT_SIMPLE_RE = re.compile("[" + "".join(map(re.escape, sorted(_INLINE_MARKUP))) + "\x00-\x08\x0b-\x1f\x7f]")


def simple_plain_text(text: str) -> str | None:
    """:func:`to_plain_text` of Markdown ``text`` that is ASCII and plain sentences, in one scan; else ``None``.

    What :func:`plain_paragraphs` of ``clean_text(text)`` gives, where ``clean_text`` has
    nothing to do: for a text with no character that can be markup and no control character,
    one search of the text answers the questions that cleaning it, and then looking for
    markup in it, would each ask again. Checks read every prose field, most of them such text.

    Args:
        text: Prose as written (not cleaned).

    Returns:
        The plain text, or ``None`` where the text holds anything else (call
        :func:`to_plain_text`).
    """
    if not text.isascii() or _NOT_SIMPLE_RE.search(text):
        return None
    return _paragraphs(text)


def _paragraphs(text: str) -> str | None:
    """:func:`plain_paragraphs` of a text already known to hold no inline markup nor Unicode white space."""
    if _not_only_paragraphs(text):
        return None
    if "\n" not in text:
        line = text.strip(" \t")
        return line if line.strip() else ""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip(" \t")
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(part for part in paragraphs if part.strip())
