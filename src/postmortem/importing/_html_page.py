"""An HTML page saved from a wiki or a browser ("Export to HTML", "Save page as"), read as Markdown.

Such a page is HTML, not the XHTML of Confluence's storage format: it opens with a doctype and a
``<head>``, leaves ``<p>`` and ``<li>`` unclosed, writes ``<br>`` and ``<meta>`` without a slash
and holds scripts, styles and navigation. The XML parser refused it ("not well-formed"), so the
whole page was lost. Here the standard library's HTML parser reads it into a tree as a browser
would close its elements (a new ``<p>``, ``<li>``, ``<tr>`` or cell closes the open one; a block
closes an open paragraph), without what a reader does not see (scripts, styles, the head but for
its title, navigation and breadcrumbs), and the storage-format converter writes that tree as
Markdown: headings, paragraphs, lists, tables, emphasis, links and code. A task list as
Confluence's HTML export writes it (``<ul class="inline-task-list">``, ``<li class="checked">``)
keeps its tasks, and the page title's space name ("Ops : 2026-04-22 Ticketing outage") is left
out. Nothing is fetched; nesting is bounded as in storage format.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from postmortem.errors import IncidentFormatError, Problem
from postmortem.importing._confluence import MAX_DEPTH, _Converter

__all__ = ["html_page_to_markdown", "is_html_page"]

_PAGE = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_HIDDEN = frozenset({"script", "style", "head", "noscript", "template", "svg", "nav", "form", "button", "select"})
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "section", "article",
     "main", "header", "footer", "aside", "hr", "dl", "figure", "details"}
)  # fmt: skip
# What a new element closes when it is still open: a paragraph by any block, an item by an item, ...
_CLOSES = {"li": ("li",), "tr": ("tr", "td", "th"), "td": ("td", "th"), "th": ("td", "th"), "dt": ("dt", "dd")}
_SCOPES = {"li": ("ul", "ol"), "tr": ("table", "tbody", "thead"), "td": ("tr",), "th": ("tr",), "dt": ("dl",)}
# The page's containers, read as the storage converter reads a <div>: their content as blocks.
_AS_DIV = dict.fromkeys(("html", "body", "main", "article", "header", "footer", "aside", "figure", "center"), "div")
_TASK_BOX = re.compile(r"^(?P<marker>[ \t]*[-*][ \t]+)\\\[(?P<mark>[ x])\\\][ \t]", re.MULTILINE)
_SPACE_PREFIX = re.compile(r"^[^:\n]{1,60} : (?=\S)")


def is_html_page(text: str) -> bool:
    """Whether the text is a whole HTML page (a doctype or an ``<html>`` element first)."""
    return _PAGE.match(text[:2000]) is not None


class _PageReader(HTMLParser):
    def __init__(self, source: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.root = ET.Element("storage")
        self.stack: list[tuple[str, ET.Element]] = [("", self.root)]  # each open element and its HTML name
        self.hidden: str | None = None  # the element a reader does not see that is open (nav, head, ...)
        self.hidden_depth = 0  # how many of that element are open (a <div> inside a hidden <div>)
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "title":
            self.in_title = True
        if self.hidden == "head" and tag == "body":
            self.hidden = None  # a head left open ends where the body starts
        if self.hidden is not None:
            self.hidden_depth += tag == self.hidden
            return
        if (tag in _HIDDEN or _navigation(named)) and tag not in _VOID:
            self.hidden, self.hidden_depth = tag, 1
            return
        self._close_for(tag)
        kept = {key: value or "" for key, value in named.items() if key in ("href", "class")}
        element = ET.SubElement(self.stack[-1][1], _AS_DIV.get(tag, tag), kept)
        if tag == "li" and self._task_list():
            element.text = "[x] " if "checked" in (named.get("class") or "").split() else "[ ] "
        if tag not in _VOID:
            self.stack.append((tag, element))
            if len(self.stack) > MAX_DEPTH:
                line = self.getpos()[0]
                raise IncidentFormatError(
                    [
                        Problem(
                            "$",
                            f"elements nested more than {MAX_DEPTH} deep; not a page the import reads",
                            line=line,
                            source=self.source,
                        )
                    ],
                    source=self.source,
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden is None and tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.hidden is not None:
            self.hidden_depth -= tag == self.hidden
            if self.hidden_depth <= 0:
                self.hidden = None
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.hidden is not None:
            return
        parent = self.stack[-1][1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _close_for(self, tag: str) -> None:
        """Close what a browser closes when ``tag`` opens: an open paragraph, item, row or cell."""
        closes: tuple[str, ...] = ("p",) if tag in _BLOCKS or tag in _CLOSES else ()
        closes += _CLOSES.get(tag, ())
        scopes = _SCOPES.get(tag, ())
        for index in range(len(self.stack) - 1, 0, -1):
            name = self.stack[index][0]
            if name in scopes or (name not in closes and name in _BLOCKS):
                return
            if name in closes:
                del self.stack[index:]
                return

    def _task_list(self) -> bool:
        name, parent = self.stack[-1]
        return name == "ul" and "inline-task-list" in (parent.get("class") or "").split()


def _navigation(attrs: dict[str, str | None]) -> bool:
    """Navigation and breadcrumbs (``role="navigation"``, an id or class naming breadcrumbs)."""
    marks = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".casefold()
    return attrs.get("role") == "navigation" or "breadcrumb" in marks


def html_page_to_markdown(page: str, *, source: str | None = None) -> tuple[str, list[str]]:
    """Convert a whole HTML page to Markdown.

    Args:
        page: The page as saved.
        source: The file name, for messages.

    Returns:
        The Markdown and notes on what was read.

    Raises:
        IncidentFormatError: when elements nest deeper than the import reads.
    """
    reader = _PageReader(source)
    reader.feed(page)
    reader.close()
    root = reader.root
    for heading in root.iter("h1"):
        text = "".join(heading.itertext())
        prefix = _SPACE_PREFIX.match(text.strip())
        if prefix and heading.text is None and len(heading) == 1:  # Confluence: <h1><span>Space : Title</span></h1>
            heading[0].text = (heading[0].text or "").strip()[prefix.end() :]
        elif prefix and heading.text is not None and not len(heading):
            heading.text = heading.text.strip()[prefix.end() :]
        break
    converter = _Converter(source)
    blocks = converter.container(root, 0)
    markdown = "\n\n".join(block for block in blocks if block.strip()) + "\n"
    # The converter escapes the "[x] " written for a task-list item; a task item's box is Markdown.
    markdown = _TASK_BOX.sub(r"\g<marker>[\g<mark>] ", markdown)
    title = " ".join("".join(reader.title).split())
    if root.find(".//h1") is None and title:
        markdown = f"# {_SPACE_PREFIX.sub('', title)}\n\n{markdown}"
    notes = ["an HTML page read as its headings, paragraphs, lists and tables (no scripts, styles or navigation)"]
    return markdown, notes + sorted(set(converter.notes))
