"""Confluence storage format (XHTML with ``ac:`` and ``ri:`` elements) to Markdown.

The page body is parsed with the standard library's expat-based XML parser inside a root
element that this module writes: the document cannot bring a DOCTYPE, so it can declare no
entity of its own and reference no external one; HTML's named entities (``&nbsp;``) are
declared by us as plain character references. Nothing is fetched. Nesting is bounded.

The Markdown keeps what a reader sees: headings, paragraphs, emphasis, links, lists, task
lists, tables, code. Macros become their content (panels, expand, page properties), their
text (status, Jira keys) or a code block (code, noformat); layout and navigation macros
(table of contents, anchors) are dropped and reported.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from postmortem.errors import IncidentFormatError, Problem

__all__ = ["MAX_DEPTH", "storage_to_markdown"]

#: Elements nested deeper than this are refused (a real page nests a few dozen levels at most).
MAX_DEPTH = 200

_NAMESPACES = {
    "http://atlassian.com/content": "ac",
    "http://atlassian.com/resource/identifier": "ri",
    "http://atlassian.com/template": "at",
}
_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for uri, prefix in _NAMESPACES.items())
_BUILTIN = {"amp", "lt", "gt", "quot", "apos"}
_DOCTYPE = (
    "<!DOCTYPE storage ["
    + "".join(
        f'<!ENTITY {name} "&#{code};">' for name, code in html.entities.name2codepoint.items() if name not in _BUILTIN
    )
    + "]>"
)
_PROLOGUE = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
# Characters that would be Markdown where they stand: always the backslash, code, emphasis
# with "*", brackets, table pipes and tildes; "_" only at a word's edge (inside a word, as in
# snake_case, CommonMark never reads it as emphasis); "!" before "["; "<" that could open a tag
# or an autolink; "&" that could be an entity; "#" and ">" at the start of a piece of text (a
# heading or a quote, where the piece may start a line). The rest stay as written, so text
# such as "bulk_save_v2" or "#inc-channel" reads back without backslashes.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])|!(?=\[)|<(?=[A-Za-z/!?])|&(?=#?\w+;)|^\s*[#>])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=>])(?=\s|$)|(-)(?=(?:[ \t]*-){2,}[ \t]*$)|(\d+)([.)])(?=\s|$))")


def _escape_line_start(text: str) -> str:
    r"""A paragraph that would start a list, a quote, a setext line or a rule stays text: ``\---``.

    ``\- a``, ``1\. a``: a list or quote marker is escaped; so is the first dash of a line of dashes.

    A backslash escapes only punctuation, so a numbered marker's escape goes before its ``.``/``)``
    (``\1.`` would read back with the backslash shown).
    """
    match = _LINE_START.match(text)
    if match is None:
        return text
    space, mark, rule, number, dot = match.groups()
    escaped = f"\\{mark or rule}" if mark or rule else f"{number}\\{dot}"
    return f"{space}{escaped}{text[match.end() :]}"


_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "hr", "div", "section",
     "ac:structured-macro", "ac:task-list", "ac:layout", "ac:layout-section", "ac:layout-cell",
     "ac:rich-text-body", "ac:placeholder", "ac:adf-extension", "ac:adf-node", "ac:adf-content",
     "ac:adf-fallback", "tbody", "thead"}
)  # fmt: skip
_INLINE_MACROS = frozenset({"status", "jira", "anchor"})
_DROPPED_MACROS = frozenset(
    {"toc", "children", "pagetree", "recently-updated", "contentbylabel", "livesearch", "toc-zone", "anchor",
     "create-from-template", "profile", "space-details"}
)  # fmt: skip
_BODY_MACROS = frozenset(
    {"info", "note", "tip", "warning", "panel", "expand", "details", "excerpt", "section", "column", "div",
     "ui-expand", "ui-tabs", "ui-tab", "center", "quote", "excerpt-include"}
)  # fmt: skip
_CODE_MACROS = frozenset({"code", "noformat", "html", "sql", "json"})


def _name(tag: str) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        prefix = _NAMESPACES.get(uri)
        return f"{prefix}:{local}" if prefix else local
    return tag.lower()


def _attr(element: ET.Element, name: str) -> str | None:
    prefix, _, local = name.partition(":")
    if local:
        uri = next((u for u, p in _NAMESPACES.items() if p == prefix), "")
        return element.get(f"{{{uri}}}{local}")
    return element.get(name)


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    found = match.group(1)
    return found[:-1] + "\\" + found[-1]


def _parameter(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _name(child.tag) == "ac:parameter" and _attr(child, "ac:name") == name:
            return "".join(child.itertext()).strip()
    return None


def _body(element: ET.Element, kind: str) -> ET.Element | None:
    for child in element:
        if _name(child.tag) == kind:
            return child
    return None


class _Converter:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.notes: list[str] = []
        self.heading = ""
        self.in_cell = False
        self.in_paragraph = False

    # ------------------------------------------------------------------ inline

    def inline(self, element: ET.Element, depth: int) -> str:
        """The Markdown of an element's content read as inline text."""
        self._check(depth)
        parts: list[str] = [_escape(_WHITESPACE.sub(" ", element.text or ""))]
        for child in element:
            parts.append(self.inline_element(child, depth + 1))
            parts.append(_escape(_WHITESPACE.sub(" ", child.tail or "")))
        return "".join(parts)

    def inline_element(self, element: ET.Element, depth: int) -> str:  # noqa: PLR0911, PLR0912  (one case per element)
        name = _name(element.tag)
        if name in ("strong", "b"):
            return _wrap("**", self.inline(element, depth))
        if name in ("em", "i", "cite"):
            return _wrap("*", self.inline(element, depth))
        if name in ("s", "del", "strike"):
            return _wrap("~~", self.inline(element, depth))
        if name == "code":
            text = "".join(element.itertext())
            fence = "``" if "`" in text else "`"
            return f"{fence}{text}{fence}" if text.strip() else ""
        if name == "br":
            # A line break in a table cell is written as GitHub-flavoured Markdown writes it; in a
            # paragraph the line stays a line ("<b>Date:</b> ...<br><b>Authors:</b> ..." are two label lines).
            return "<br>" if self.in_cell else "\n" if self.in_paragraph else " "
        if name == "a":
            label = self.inline(element, depth).strip()
            href = element.get("href") or ""
            if not href:
                return label
            target = href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            return f"[{label or _escape(href)}]({target})"
        if name == "time":
            return _escape(element.get("datetime") or "".join(element.itertext()))
        if name == "ac:link":
            return self.link(element, depth)
        if name == "ac:image":
            # An attached or linked image is a Markdown image: exporters show it again from
            # an asset folder holding the page's attachments, and its alt text otherwise.
            resource = next(iter(element), None)
            filename = _attr(resource, "ri:filename") if resource is not None else None
            url = _attr(resource, "ri:value") if resource is not None else None
            source = (filename or url or "").strip()
            alt = (_attr(element, "ac:alt") or _attr(element, "ac:title") or "").strip()
            if not source:
                return _escape(f"(image: {alt})") if alt else ""
            target = source.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            return f"![{_escape(alt)}]({target})"
        if name == "ac:emoticon":
            return ""
        if name == "ac:placeholder":
            self.notes.append("template placeholder text dropped")
            return ""
        if name == "ac:structured-macro":
            return self.inline_macro(element, depth)
        if name in ("ac:task-list", "ul", "ol", "table", "p", "div") or name.startswith("h"):
            return " ".join(block for block in self.blocks_of([element], depth) if block)
        return self.inline(element, depth)

    def link(self, element: ET.Element, depth: int) -> str:
        body = _body(element, "ac:link-body")
        if body is None:
            body = _body(element, "ac:plain-text-link-body")
        label = self.inline(body, depth + 1).strip() if body is not None else ""
        for child in element:
            name = _name(child.tag)
            if name == "ri:user":
                who = (
                    label or _attr(child, "ri:username") or _attr(child, "ri:account-id") or _attr(child, "ri:userkey")
                )
                return who or ""
            if name == "ri:page":
                return label or _escape(_attr(child, "ri:content-title") or "")
            if name == "ri:attachment":
                return label or _escape(_attr(child, "ri:filename") or "")
            if name == "ri:url":
                url = _attr(child, "ri:value") or ""
                return f"[{label or _escape(url)}]({url.replace(' ', '%20')})" if url else label
        return label

    def inline_macro(self, element: ET.Element, depth: int) -> str:
        name = _attr(element, "ac:name") or ""
        if name == "status":
            return _escape(_parameter(element, "title") or _parameter(element, "colour") or "")
        if name == "jira":
            return _escape(_parameter(element, "key") or "")
        if name in _DROPPED_MACROS:
            return ""
        body = _body(element, "ac:rich-text-body")
        if body is not None:
            return " ".join(block for block in self.blocks_of([body], depth) if block)
        plain = _body(element, "ac:plain-text-body")
        if plain is not None:
            text = "".join(plain.itertext())
            return f"`{text}`" if "`" not in text and "\n" not in text else _escape(text)
        self.notes.append(f"macro '{name}' dropped (it has no text of its own)")
        return ""

    # ------------------------------------------------------------------ blocks

    def blocks_of(self, elements: Iterable[ET.Element], depth: int) -> list[str]:
        out: list[str] = []
        for element in elements:
            out += self.block(element, depth + 1)
        return out

    def container(self, element: ET.Element, depth: int) -> list[str]:
        """Blocks of an element whose children mix block elements with loose inline content."""
        self._check(depth)
        out: list[str] = []
        pending: list[str] = [_escape(_WHITESPACE.sub(" ", element.text or ""))]

        def flush() -> None:
            text = "".join(pending).strip()
            if text:
                out.append(_escape_line_start(text))
            pending.clear()

        for child in element:
            name = _name(child.tag)
            is_block = name in _BLOCK_TAGS and not (
                name == "ac:structured-macro" and (_attr(child, "ac:name") or "") in _INLINE_MACROS
            )
            if is_block:
                flush()
                out += self.block(child, depth + 1)
            else:
                pending.append(self.inline_element(child, depth + 1))
            pending.append(_escape(_WHITESPACE.sub(" ", child.tail or "")))
        flush()
        return out

    def block(self, element: ET.Element, depth: int) -> list[str]:  # noqa: PLR0911  (one case per element)
        self._check(depth)
        name = _name(element.tag)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline(element, depth).strip()
            self.heading = "".join(element.itertext()).strip()
            return [f"{'#' * int(name[1])} {text}"] if text else []
        if name == "p":
            self.in_paragraph = True
            try:
                text = self.inline(element, depth).strip()
            finally:
                self.in_paragraph = False
            # Each line of the paragraph stays text: a line after a break that reads "- a" is no item.
            return ["\n".join(_escape_line_start(line.strip()) for line in text.split("\n"))] if text else []
        if name in ("ul", "ol"):
            return [self.list_(element, depth, ordered=name == "ol", indent="")] if len(element) else []
        if name == "ac:task-list":
            return [self.tasks(element, depth, "")]
        if name == "table":
            return [self.table(element, depth)]
        if name == "pre":
            return [_fence("".join(element.itertext()), "")]
        if name == "blockquote":
            inner = self.container(element, depth)
            return ["\n".join(f"> {line}" if line else ">" for line in "\n\n".join(inner).split("\n"))] if inner else []
        if name == "hr":
            return ["---"]
        if name == "ac:placeholder":
            self.notes.append("template placeholder text dropped")
            return []
        if name == "ac:structured-macro":
            return self.macro(element, depth)
        return self.container(element, depth)

    def macro(self, element: ET.Element, depth: int) -> list[str]:
        name = _attr(element, "ac:name") or ""
        if name in _CODE_MACROS:
            body = _body(element, "ac:plain-text-body")
            text = "".join(body.itertext()) if body is not None else ""
            return [_fence(text, _parameter(element, "language") or "")]
        if name in _DROPPED_MACROS:
            if name != "toc":
                self.notes.append(f"macro '{name}' dropped (navigation, not content)")
            return []
        if name in _INLINE_MACROS:
            text = self.inline_macro(element, depth)
            return [text] if text else []
        out: list[str] = []
        title = _parameter(element, "title")
        if title and name in _BODY_MACROS and not _same_section(title, self.heading):
            out.append(f"**{_escape(title)}**")
        body = _body(element, "ac:rich-text-body")
        if body is not None:
            out += self.container(body, depth)
        else:
            plain = _body(element, "ac:plain-text-body")
            if plain is not None:
                out.append(_fence("".join(plain.itertext()), ""))
            elif name not in _BODY_MACROS:
                self.notes.append(f"macro '{name}' dropped (it has no text of its own)")
        return out

    def list_(self, element: ET.Element, depth: int, *, ordered: bool, indent: str) -> str:
        lines: list[str] = []
        number = 1
        for item in element:
            if _name(item.tag) != "li":
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            lines.append(indent + marker + self.item_text(item, depth + 1, indent + " " * len(marker)))
        return "\n".join(lines)

    def item_text(self, item: ET.Element, depth: int, indent: str) -> str:
        self._check(depth)
        parts: list[str] = [_escape(_WHITESPACE.sub(" ", item.text or ""))]
        nested: list[str] = []
        for child in item:
            name = _name(child.tag)
            if name in ("ul", "ol"):
                nested.append(self.list_(child, depth + 1, ordered=name == "ol", indent=indent))
            elif name == "ac:task-list":
                nested.append(self.tasks(child, depth + 1, indent))
            elif name == "p":
                parts.append(" " + self.inline(child, depth + 1))
            else:
                parts.append(self.inline_element(child, depth + 1))
            parts.append(_escape(_WHITESPACE.sub(" ", child.tail or "")))
        text = _escape_line_start("".join(parts).strip()) or "\u200b"
        return "\n".join([text, *nested])

    def tasks(self, element: ET.Element, depth: int, indent: str) -> str:
        lines: list[str] = []
        for task in element:
            if _name(task.tag) != "ac:task":
                continue
            status = _body(task, "ac:task-status")
            done = status is not None and "".join(status.itertext()).strip() == "complete"
            body = _body(task, "ac:task-body")
            text = self.task_body(body, depth + 1) if body is not None else ""
            lines.append(f"{indent}- [{'x' if done else ' '}] {_WHITESPACE.sub(' ', text)}")
        return "\n".join(lines)

    def task_body(self, body: ET.Element, depth: int) -> str:
        """A task's text, with its assignee (a mention) and due date (a date) written as fields."""
        owners: list[str] = []
        due: str | None = None
        parts: list[str] = [_escape(_WHITESPACE.sub(" ", body.text or ""))]
        for child in body:
            name = _name(child.tag)
            if name == "ac:link" and any(_name(c.tag) == "ri:user" for c in child) and not owners:
                owners.append(self.link(child, depth + 1))
            elif name == "time" and due is None and child.get("datetime"):
                due = child.get("datetime")
            else:
                parts.append(self.inline_element(child, depth + 1))
            parts.append(_escape(_WHITESPACE.sub(" ", child.tail or "")))
        text = _WHITESPACE.sub(" ", "".join(parts)).strip()
        fields = [f"owner: {owners[0]}"] if owners and owners[0] else []
        fields += [f"due {_escape(due)}"] if due else []
        return f"{text} ({', '.join(fields)})" if fields else text

    def table(self, element: ET.Element, depth: int) -> str:
        rows: list[list[tuple[str, bool]]] = []
        for tr in element.iter():
            if _name(tr.tag) != "tr":
                continue
            cells: list[tuple[str, bool]] = []
            for cell in tr:
                name = _name(cell.tag)
                if name not in ("td", "th"):
                    continue
                self.in_cell = True
                try:
                    blocks = self.container(cell, depth + 1)
                finally:
                    self.in_cell = False
                text = " ".join(" ".join(block.split("\n")) for block in blocks).strip()
                cells.append((text.replace("|", "\\|") or " ", name == "th"))
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        header_row = all(is_th for _text, is_th in rows[0])
        if header_row and len(rows) > 1:
            header, body_rows = [text for text, _ in rows[0]], rows[1:]
        else:
            header, body_rows = [" "] * width, rows
        header += [" "] * (width - len(header))
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
        for row in body_rows:
            texts = [text for text, _ in row] + [" "] * (width - len(row))
            lines.append("| " + " | ".join(texts) + " |")
        return "\n".join(lines)

    def _check(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise IncidentFormatError(
                [
                    Problem(
                        "$",
                        f"elements nested more than {MAX_DEPTH} deep; not a page the import reads",
                        source=self.source,
                    )
                ],
                source=self.source,
            )


def _same_section(title: str, heading: str) -> bool:
    from postmortem.importing._table import normalise, table  # noqa: PLC0415

    synonyms = table()
    target = synonyms.section(heading)
    return normalise(title) == normalise(heading) or (target is not None and synonyms.section(title) == target)


def _wrap(marker: str, text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _fence(text: str, language: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    info = re.sub(r"[^\w+-]", "", language)
    return f"{fence}{info}\n{text.strip(chr(10))}\n{fence}"


def storage_to_markdown(storage: str, *, source: str | None = None) -> tuple[str, list[str]]:
    """Convert a Confluence storage-format body to Markdown.

    Args:
        storage: The page body (a fragment of XHTML; an XML declaration is allowed).
        source: The file name, for messages.

    Returns:
        The Markdown and notes on what was dropped.

    Raises:
        IncidentFormatError: when the body is not well-formed, with the line of the problem.
    """
    body = _PROLOGUE.sub("", storage, count=1)
    document = f"{_DOCTYPE}<storage {_DECLARATIONS}>{body}</storage>"
    try:
        root = ET.fromstring(document)  # noqa: S314  (no DOCTYPE of the document's own; see module docstring)
    except ET.ParseError as exc:
        line, column = exc.position
        offset = len(storage) - len(body)
        line += storage[:offset].count("\n")
        message = str(exc).split(":")[0]
        raise IncidentFormatError(
            [Problem("$", f"not well-formed storage format: {message} (column {column})", line=line, source=source)],
            source=source,
        ) from None
    converter = _Converter(source)
    blocks = converter.container(root, 0)
    return "\n\n".join(block for block in blocks if block.strip()) + "\n", sorted(set(converter.notes))
