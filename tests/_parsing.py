"""Parsers the exporter tests use to look inside Markdown and HTML output."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt


class HTMLDocument(HTMLParser):
    """Tags, attributes, text and section headings of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False
        self._skip = 0
        self._in_tbody = False
        # Prose may hold a table of its own inside a cell: only a tbody's own rows count.
        self._tables = 0
        self._tbody_table = 0
        self.tbody_rows: list[int] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        if tag == "table":
            self._tables += 1
        if tag == "tbody" and not self._in_tbody:
            self.tbody_rows.append(0)
            self._in_tbody = True
            self._tbody_table = self._tables
        if tag == "tr" and self._in_tbody and self._tables == self._tbody_table:
            self.tbody_rows[-1] += 1
        if tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "dd", "dt", "br", "span"):
            self.text_parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if tag == "h2":
            self._in_h2 = False
        if tag == "tbody" and self._tables == self._tbody_table:
            self._in_tbody = False
        if tag == "table":
            self._tables -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._in_h2:
            self.h2[-1] += data

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def split_front_matter(text: str) -> tuple[str, str]:
    """Split a YAML front matter block (between ``---`` lines at the very start) from the body.

    GitHub, GitLab and static site generators read the block as metadata and render only the body.
    """
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return text[4 : end + 1], text[end + 5 :]
    return "", text


def markdown_tokens(text: str) -> list:  # type: ignore[type-arg]
    """Parse GitHub-flavoured Markdown (CommonMark plus tables) into markdown-it tokens, after any front matter."""
    return MarkdownIt("commonmark").enable("table").parse(split_front_matter(text)[1])


def markdown_to_html(text: str) -> str:
    """Render Markdown the way a GitHub-like viewer would (raw HTML allowed, as GitHub sanitises later)."""
    return MarkdownIt("commonmark").enable("table").render(split_front_matter(text)[1])
