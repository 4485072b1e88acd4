"""Pages written in other wiki markups, read as the Markdown they stand for, line for line.

Teams keep post-mortems in the wiki they have: a MediaWiki page (``== Timeline ==``, ``# item``
numbered lists, ``'''bold'''``, an infobox template), an AsciiDoc page (``= Title``, ``== Section``,
``:revdate:`` attributes, ``|===`` tables, ``[NOTE]`` blocks) or an Org-mode file (``#+TITLE:``,
``* Heading``, ``** TODO task`` with ``DEADLINE:``, ``<2026-06-07 Sun 22:00>`` timestamps). Read
as Markdown, a MediaWiki numbered list is a run of headings (its items, action items among them,
were lost as items) and the others have no sections at all. Where a document is plainly written in
one of these markups (two headings of its own kind or more, or its own keywords), each line is
rewritten to its Markdown; every line stays on its line, so a message still names the line the
author wrote (an AsciiDoc table whose rows span lines is written on its first lines, and the blank
lines it leaves go after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader
from postmortem.importing._jira_wiki import from_jira_wiki, is_jira_wiki

__all__ = ["from_markup"]


# ----------------------------------------------------------------------------- MediaWiki

_WIKI_HEADING = re.compile(r"^(?P<marks>={1,6})(?P<title>[^=].*[^=])(?P=marks)$")
_WIKI_LIST = re.compile(r"^(?P<marks>[#*:;]+)\s*(?P<text>.*)$")
_WIKI_INLINE = (
    (re.compile(r"'''''(.+?)'''''"), r"***\1***"),
    (re.compile(r"'''(.+?)'''"), r"**\1**"),
    (re.compile(r"''(.+?)''"), r"*\1*"),
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),
    (re.compile(r"\[(https?://\S+)\s+([^\]]+)\]"), r"[\2](\1)"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
)
_TEMPLATE_FIELD = re.compile(r"^\s*\|\s*(?P<name>[\w -]+?)\s*=\s*(?P<value>.*)$")


def _is_mediawiki(lines: list[str]) -> bool:
    headings = [line for line in lines if _WIKI_HEADING.match(line.rstrip())]
    return len(headings) >= 2 and any(line.startswith("==") for line in headings)


def _wiki_inline(text: str) -> str:
    if "'" not in text and "[" not in text and "<" not in text:
        return text
    for pattern, replacement in _WIKI_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _from_mediawiki(lines: list[str]) -> list[str]:
    out: list[str] = []
    template = False
    table: list[str] | None = None
    for line in lines:
        stripped = line.strip()
        if template:
            field = _TEMPLATE_FIELD.match(line)
            if stripped.startswith("}}"):
                template = False
                out.append("")
            elif field and field.group("value").strip():
                out.append(f"{field.group('name').strip().capitalize()}: {_wiki_inline(field.group('value').strip())}")
            else:
                out.append("")
            continue
        if table is not None:
            table.append(line)
            if stripped.startswith("|}"):
                out += _wiki_table(table)
                table = None
            continue
        if stripped.startswith("{{") and not stripped.endswith("}}"):
            template = True  # an infobox: its fields are the page's metadata
            out.append("")
            continue
        if stripped.startswith("{|"):
            table = [line]
            continue
        heading = _WIKI_HEADING.match(line.rstrip())
        if heading:
            level = len(heading.group("marks"))
            out.append(f"{'#' * level} {_wiki_inline(heading.group('title').strip())}")
            continue
        listed = _WIKI_LIST.match(line)
        if listed and not stripped.startswith("#REDIRECT"):
            marks = listed.group("marks")
            text = _wiki_inline(listed.group("text"))
            indent = "   " * (len(marks) - 1)
            marker = "1." if marks[-1] == "#" else "-"
            out.append(f"{indent}{marker} {text}" if text else "")
            continue
        out.append(_wiki_inline(line))
    if table is not None:
        out += table
    return out


def _without_attributes(cell: str) -> str:
    attributes, bar, text = cell.partition("|")
    return text.strip() if bar and "=" in attributes else cell


def _wiki_table(lines: list[str]) -> list[str]:
    """A ``{| ... |}`` table (both lines included) as a Markdown table, then blank lines to keep the count.

    ``|-`` starts a row; ``!`` cells (``!!`` between them) are the header, ``|`` cells (``||``
    between them) the row's; a cell's attributes before a single ``|`` are left out.
    """
    rows: list[list[str]] = []
    header = False
    for line in lines[1:-1]:
        stripped = line.strip()
        if stripped.startswith(("|-", "|+")):
            rows.append([])
            continue
        if not stripped or stripped[0] not in "!|":
            if rows and rows[-1]:
                rows[-1][-1] = f"{rows[-1][-1]} {_wiki_inline(stripped)}".strip()
            continue
        separator = "!!" if stripped.startswith("!") else "||"
        header = header or (stripped.startswith("!") and len(rows) <= 1)
        cells = [cell.strip() for cell in stripped[1:].split(separator)]
        cells = [
            cell.partition("|")[2].strip() if "=" in cell.partition("|")[0] and "|" in cell else cell for cell in cells
        ]
        if not rows:
            rows.append([])
        rows[-1].extend(_wiki_inline(cell).replace("|", "\\|") for cell in cells)
    rows = [row for row in rows if row]
    width = max((len(row) for row in rows), default=1)

    def text(row: list[str]) -> str:
        return "| " + " | ".join(row + [""] * (width - len(row))) + " |"

    head = text(rows[0]) if header and rows else text([" "] * width)
    body = rows[1:] if header else rows
    table = ["", head, "|" + "---|" * width, *(text(row) for row in body), ""]
    return table + [""] * max(0, len(lines) - len(table))


# ----------------------------------------------------------------------------- AsciiDoc

_ADOC_HEADING = re.compile(r"^(?P<marks>={1,6})[ \t]+(?P<title>\S.*)$")
_ADOC_ATTRIBUTE = re.compile(r"^:(?P<name>[\w-]+)!?:\s*(?P<value>.*)$")
_ADOC_BLOCK_ATTRIBUTES = re.compile(r"^\[(?P<name>[^\]]*)\]\s*$")
_ADOC_DELIMITER = re.compile(r"^(?:={4,}|\*{4,}|_{4,}|-{2}|\+{4,})\s*$")
_ADOC_LISTING = re.compile(r"^(?:-{4,}|\.{4,})\s*$")
_ADOC_LIST = re.compile(r"^(?P<marks>\*{1,5}|\.{1,5}|-)\s+(?P<text>\S.*)$")
_ADOC_ADMONITION = re.compile(r"^(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(?P<text>.*)$")
_ADOC_TITLE = re.compile(r"^\.(?P<title>[A-Za-z].*)$")
_ADOC_INLINE = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"\b(?:link:)?(https?://[^\s\[]+)\[([^\]]+)\]"), r"[\2](\1)"),
    (re.compile(r"<<[^,>]*,\s*([^>]*)>>"), r"\1"),
)
_ADOC_COLUMNS = re.compile(r"cols\s*=\s*\"?(?P<spec>[^\"\]]*)")
_ATTRIBUTE_LABELS = {"revdate": "Last updated", "author": "Author", "authors": "Authors", "email": ""}


def _is_asciidoc(lines: list[str]) -> bool:
    headings = [line for line in lines if _ADOC_HEADING.match(line) and not _WIKI_HEADING.match(line.rstrip())]
    attributes = [line for line in lines if _ADOC_ATTRIBUTE.match(line)]
    tables = [line for line in lines if line.strip() == "|==="]
    return len(headings) >= 2 or (len(headings) >= 1 and bool(attributes or tables))


def _adoc_inline(text: str) -> str:
    if "*" not in text and "[" not in text and "<<" not in text:
        return text
    for pattern, replacement in _ADOC_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _columns(spec: str) -> int:
    """The number of columns an AsciiDoc ``cols`` attribute names (``"1,4"``, ``"3*"``)."""
    spec = spec.strip()
    repeat = re.match(r"^(\d+)\*", spec)
    if repeat:
        return int(repeat.group(1))
    return len([part for part in spec.split(",") if part.strip()]) if spec else 0


@dataclass
class _AsciiDoc:
    """Where the rewriting of an AsciiDoc page is: the table or listing it is in, the block attributes."""

    out: list[str] = field(default_factory=list)
    title_seen: bool = False
    header: bool = True  # the document header: the title, its author line and attributes
    columns: int = 0
    header_option: bool = False
    table: list[str] | None = None
    listing: bool = False


def _from_asciidoc(lines: list[str]) -> list[str]:
    state = _AsciiDoc()
    out = state.out
    for index, line in enumerate(lines):
        stripped = line.strip()
        if state.listing:
            state.listing = not _ADOC_LISTING.match(stripped)
            out.append(line if state.listing else "```")
        elif state.table is not None:
            if stripped == "|===":
                out += _adoc_table(state, blank_before=not out or not out[-1].strip())
            else:
                state.table.append(line)
        elif stripped == "|===":
            state.table = []
        elif not _adoc_header_line(state, line, lines[index - 1] if index else ""):
            if stripped:
                state.header = False
            out.append(_adoc_line(state, line))
    if state.table is not None:
        out += state.table
    if state.listing:
        out.append("```")
    return out


def _adoc_header_line(state: _AsciiDoc, line: str, before: str) -> bool:
    """A heading, an attribute or the author line under the title, written; ``False`` for any other line."""
    heading = _ADOC_HEADING.match(line)
    if heading and not _WIKI_HEADING.match(line.rstrip()):
        level = len(heading.group("marks"))
        state.title_seen = state.title_seen or level == 1
        state.header = level == 1
        state.out.append(f"{'#' * level} {_adoc_inline(heading.group('title').rstrip())}")
        return True
    attribute = _ADOC_ATTRIBUTE.match(line)
    if attribute:
        name, value = attribute.group("name").casefold(), attribute.group("value").strip()
        label = _ATTRIBUTE_LABELS.get(name, name.replace("-", " ").capitalize())
        state.out.append(f"{label}: {value}" if value and label else "")
        return True
    if state.header and state.title_seen and line.strip() and _ADOC_HEADING.match(before):
        state.out.append(f"Authors: {line.strip()}")  # the line under the title names the authors
        return True
    return False


def _adoc_line(state: _AsciiDoc, line: str) -> str:
    """Any other line: block attributes, a delimiter, an admonition, a block title, a list item, prose."""
    stripped = line.strip()
    block = _ADOC_BLOCK_ATTRIBUTES.match(stripped)
    if block:
        name = block.group("name")
        found = _ADOC_COLUMNS.search(name)
        state.columns = _columns(found.group("spec")) if found else state.columns
        state.header_option = state.header_option or bool(re.search(r"options\s*=\s*\"?[^\"\]]*header|%header", name))
        kind = name.split(",")[0].strip()
        return f"**{kind.capitalize()}:**" if kind.upper() in _ADMONITIONS else ""
    if _ADOC_LISTING.match(stripped) or _ADOC_DELIMITER.match(stripped):
        state.listing = bool(_ADOC_LISTING.match(stripped))
        return "```" if state.listing else ""
    admonition = _ADOC_ADMONITION.match(line)
    if admonition:
        return f"**{admonition.group('kind').capitalize()}:** {_adoc_inline(admonition.group('text'))}"
    titled = _ADOC_TITLE.match(line)
    if titled and not stripped.startswith(".."):
        return f"**{_adoc_inline(titled.group('title'))}**"
    listed = _ADOC_LIST.match(line)
    if listed:
        marks = listed.group("marks")
        marker = "1." if marks[0] == "." else "-"
        indent = "   " * (len(marks) - 1) if marks != "-" else ""
        return f"{indent}{marker} {_adoc_inline(listed.group('text'))}"
    return _adoc_inline(line)


_ADMONITIONS = frozenset({"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"})


def _adoc_table(state: _AsciiDoc, *, blank_before: bool) -> list[str]:
    """An AsciiDoc table's lines (between its ``|===`` lines, both included in the count) as Markdown.

    A cell starts at a ``|``; a line that does not start with one goes on with the cell before it.
    The number of columns is the ``cols`` attribute's, else the first line's number of cells. The
    first row is the header when the table's options say so, when the first line holds a whole row
    and a blank line follows it (AsciiDoc's implicit header), or when it has no figure and a row
    after it has one (``|ID |Action |Owner |Due`` above dated rows); else the table gets an empty
    header, so that every row stays a row.
    """
    lines, columns, header_option = state.table or [], state.columns, state.header_option
    state.table, state.columns, state.header_option = None, 0, False
    cells: list[str] = []
    first_line_cells = 0
    first_done = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            first_done = first_done or bool(cells)
            continue
        if stripped.startswith("|"):
            pieces = re.split(r"(?<!\\)\|", stripped)[1:]
            cells += [_adoc_inline(piece.strip()) for piece in pieces]
            if not first_done:
                first_line_cells += len(pieces)
                first_done = True
        elif cells:
            cells[-1] = f"{cells[-1]} {_adoc_inline(stripped)}".strip()
    width = columns or first_line_cells or 1
    first_blank = next((i for i, line in enumerate(lines) if not line.strip()), None)
    rows = [cells[i : i + width] for i in range(0, len(cells), width)]
    rows = [row + [""] * (width - len(row)) for row in rows]
    has_header = header_option or (first_line_cells == width and first_blank == 1)
    if not has_header and len(rows) > 1 and not re.search(r"\d", " ".join(rows[0])):
        has_header = any(re.search(r"\d", " ".join(row)) for row in rows[1:])

    def text(row: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    head = text(rows[0]) if has_header and rows else text([" "] * width)
    body = rows[1:] if has_header else rows
    table = ["", head, "|" + "---|" * width, *(text(row) for row in body)]
    if blank_before:
        table = table[1:]
    total = len(lines) + 2  # the table's own lines and its two delimiters
    if len(table) + 1 <= total:
        return table + [""] * (total - len(table))
    return [*table, ""]


# ----------------------------------------------------------------------------- Org-mode

_ORG_KEYWORD = re.compile(r"^#\+(?P<name>[A-Za-z_]+):\s*(?P<value>.*)$")
_ORG_HEADING = re.compile(r"^(?P<stars>\*+)[ \t]+(?P<title>\S.*)$")
_ORG_TODO = re.compile(r"^(?P<state>TODO|DONE|NEXT|WAITING|STARTED|CANCELLED|CANCELED)\s+(?P<text>.*)$")
_ORG_TAGS = re.compile(r":[\w@:]+:")
_ORG_PLANNING = re.compile(r"^\s*(?:(?:DEADLINE|SCHEDULED|CLOSED):\s*[<\[][^>\]]*[>\]]\s*)+$")
_ORG_DEADLINE = re.compile(r"(?:DEADLINE|SCHEDULED):\s*[<\[](?P<date>\d{4}-\d{2}-\d{2})")
_ORG_OWNER = re.compile(r"^\s*(?::OWNER:|Owner:|Assignee:|Who:)[ \t]*(?P<owner>\S.*)$", re.IGNORECASE)
_ORG_DRAWER = re.compile(r"^\s*:(?P<name>[A-Za-z_]+):\s*(?P<value>.*)$")
_ORG_TIMESTAMP = re.compile(
    r"[<\[](?P<date>\d{4}-\d{2}-\d{2})(?:\s+[A-Za-z]{2,3}\.?)?(?:\s+(?P<time>\d{1,2}:\d{2})(?:-\d{1,2}:\d{2})?)?"
    r"(?:\s+[.+]?\+\d+[hdwmy])?[>\]]"
)
_ORG_BLOCK = re.compile(r"^\s*#\+(?P<edge>BEGIN|END)_(?P<kind>\w+)", re.IGNORECASE)
_ORG_TABLE_RULE = re.compile(r"^\s*\|-[-+|]*\s*$")
_ORG_INLINE = (
    (re.compile(r"\[\[([^\]]+)\]\[([^\]]+)\]\]"), r"[\2](\1)"),
    (re.compile(r"\[\[([^\]]+)\]\]"), r"<\1>"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"(?<![\w=~])[=~](?=\S)([^=~\n]*?\S)[=~](?![\w=~])"), r"`\1`"),
)
_KEYWORD_LABELS = {"title": "Title", "date": "Date", "author": "Author", "filetags": "Tags", "email": ""}


def _is_org(lines: list[str]) -> bool:
    keywords = [line for line in lines if _ORG_KEYWORD.match(line)]
    headings = [line for line in lines if _ORG_HEADING.match(line)]
    todo = [line for line in headings if _ORG_TODO.match(_ORG_HEADING.match(line).group("title"))]  # type: ignore[union-attr]
    return (bool(keywords) and (bool(headings) or any(_ORG_TIMESTAMP.search(line) for line in lines))) or len(todo) >= 2


def _org_inline(text: str) -> str:
    if "<" in text or "[" in text:
        text = _ORG_TIMESTAMP.sub(lambda found: " ".join(filter(None, found.group("date", "time"))), text)
    if "*" not in text and "[" not in text and "=" not in text and "~" not in text:
        return text
    for pattern, replacement in _ORG_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _from_org(lines: list[str]) -> list[str]:
    out: list[str] = []
    task: int | None = None  # the line of the task item the planning lines under it belong to
    block: str | None = None
    for line in lines:
        edge = _ORG_BLOCK.match(line)
        if edge:
            kind = edge.group("kind").casefold()
            block = kind if edge.group("edge").upper() == "BEGIN" else None
            out.append("```" if kind in ("src", "example") else "")
        elif block in ("src", "example"):
            out.append(line)
        elif _ORG_KEYWORD.match(line) or _ORG_HEADING.match(line):
            out.append(_org_heading(line))
            task = len(out) - 1 if out[-1].startswith("- [") else None
        elif task is not None and (_ORG_PLANNING.match(line) or _ORG_OWNER.match(line)):
            _plan(out, task, line)
            out.append("")
        else:
            if line.strip() and not line.startswith(" "):
                task = None
            out.append(_org_line(line, out[-1] if out else ""))
    return out


def _without_tags(title: str) -> str:
    """A heading's title without its tags (``Summary :incident:email:``)."""
    words = title.rsplit(None, 1)
    return words[0] if len(words) == 2 and _ORG_TAGS.fullmatch(words[1]) else title


def _org_heading(line: str) -> str:
    """A ``#+KEYWORD:`` line as a metadata line, a heading as a heading, a ``TODO`` heading as a task item."""
    keyword = _ORG_KEYWORD.match(line)
    if keyword:
        name, value = keyword.group("name").casefold(), _org_inline(keyword.group("value").strip())
        label = _KEYWORD_LABELS.get(name)
        if name == "filetags":
            value = ", ".join(tag for tag in value.split(":") if tag)
        return f"{label}: {value}" if label and value else ""
    heading = _ORG_HEADING.match(line)
    assert heading is not None
    title = _without_tags(heading.group("title").rstrip())
    todo = _ORG_TODO.match(title)
    if todo:
        box = "[ ]" if todo.group("state") in ("TODO", "NEXT", "WAITING", "STARTED") else "[x]"
        return f"- {box} {_org_inline(todo.group('text'))}"
    return f"{'#' * min(len(heading.group('stars')) + 1, 6)} {_org_inline(title)}"


def _org_line(line: str, before: str) -> str:
    """A drawer's line (a property is a metadata line), a table rule, or text."""
    if line.strip() in (":PROPERTIES:", ":END:", ":LOGBOOK:"):
        return ""
    drawer = _ORG_DRAWER.match(line)
    if drawer and drawer.group("value").strip():
        return f"{drawer.group('name').replace('_', ' ').capitalize()}: {_org_inline(drawer.group('value'))}"
    if _ORG_TABLE_RULE.match(line):
        return "|" + "---|" * max(1, before.count("|") - 1)
    return _org_inline(line)


def _plan(out: list[str], task: int, line: str) -> None:
    """Add a task's deadline or owner, written on the lines under it, to its item: ``(Owner, due date)``."""
    owner = _ORG_OWNER.match(line)
    deadline = _ORG_DEADLINE.search(line)
    item = out[task]
    known = re.search(r" \((?P<inside>[^()]*)\)$", item)
    parts = known.group("inside").split(", ") if known else []
    if owner:
        parts.insert(0, owner.group("owner").rstrip())
    elif deadline:
        parts.append(f"due {deadline.group('date')}")
    else:
        return
    base = item[: known.start()] if known else item
    out[task] = f"{base} ({', '.join(parts)})"


# ----------------------------------------------------------------------------- dispatch


def from_markup(text: str) -> tuple[str, str | None]:
    """The document with a Jira wiki, MediaWiki, AsciiDoc or Org-mode page's structure rewritten as Markdown.

    Args:
        text: The document as written.

    Returns:
        ``(markdown, markup)``: the text unchanged and ``None`` where it is not plainly one of those
        markups; else the Markdown it stands for (as many lines, where the markup allows) and
        the markup's name.
    """
    if "\n" not in text:
        return text, None
    lines = _outside_code(text.split("\n"))
    if is_jira_wiki(lines):
        return from_jira_wiki(text), "Jira wiki"
    if _is_mediawiki(lines):
        return "\n".join(_from_mediawiki(text.split("\n"))), "MediaWiki"
    if _is_org(lines):
        return "\n".join(_from_org(text.split("\n"))), "Org-mode"
    if _is_asciidoc(lines):
        return "\n".join(_from_asciidoc(text.split("\n"))), "AsciiDoc"
    return text, None


def _outside_code(lines: list[str]) -> list[str]:
    kept: list[str] = []
    inside = False
    for line in lines:
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            kept.append(line)
    return kept
