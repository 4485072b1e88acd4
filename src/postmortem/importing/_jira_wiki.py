"""A page in Jira's (and old Confluence's) wiki markup, read as the Markdown it stands for, line for line.

A Jira issue's description or a post-mortem pasted from a Jira comment writes ``h2. Timeline``
headings, ``||Time||Event||`` header rows and ``|07:00|...|`` rows, ``*bold*``, ``{code}`` and
``{noformat}`` blocks, ``{quote}`` blocks, ``* item`` and ``# item`` lists and ``[~user]`` mentions.
Read as Markdown it is one paragraph: its timeline and action items were not read. Where a
document is plainly in this markup (two ``hN.`` headings, or one and a table or block of its own),
each line is rewritten to its Markdown and stays on its line; a table's header row takes the blank
line before it, so that its rows keep their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["from_jira_wiki", "is_jira_wiki"]

_HEADING = re.compile(r"^h(?P<level>[1-6])\.[ \t]+(?P<title>\S.*)$")
_HEADER_ROW = re.compile(r"^\s*\|\|.*\|\|\s*$")
_ROW = re.compile(r"^\s*\|(?!\|).*\|\s*$")
_BLOCK = re.compile(r"^\s*\{(?P<kind>code|noformat|quote|panel|info|note|warning|tip|expand)(?::(?P<options>[^}]*))?\}")
_LIST = re.compile(r"^(?P<marks>[*#-]+)[ \t]+(?P<text>\S.*)$")
_TASK = re.compile(r"^\((?P<mark>[ x/X])\)[ \t]*")
_BQ = re.compile(r"^bq\.[ \t]+")
_INLINE = (
    # *bold*, not inside a word and not a list marker (handled before)
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"), r"*\1*"),
    (re.compile(r"\{\{([^}\n]+)\}\}"), r"`\1`"),
    (re.compile(r"\[~([\w.@-]+)\]"), r"@\1"),
    (re.compile(r"\[([^|\]\n]+)\|((?:https?://|mailto:)[^\]\s]+)\]"), r"[\1](\2)"),
    (re.compile(r"\[((?:https?://)[^\]\s]+)\]"), r"<\1>"),
)
_LANGUAGE = re.compile(r"^[\w+-]+$")


def is_jira_wiki(lines: list[str]) -> bool:
    """Whether lines (outside Markdown code) are plainly Jira wiki markup."""
    headings = 0
    own = 0
    for line in lines:
        if _HEADING.match(line):
            headings += 1
        elif _HEADER_ROW.match(line) or _BLOCK.match(line):
            own += 1
        if headings >= 2 or (headings and own):
            return True
    return False


def _inline(text: str) -> str:
    if not any(mark in text for mark in "*_{["):
        return text
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _cells(line: str, separator: str) -> list[str]:
    body = line.strip()[len(separator) :]
    if body.endswith(separator):
        body = body[: -len(separator)]
    return [_inline(cell.strip()).replace("|", "\\|") for cell in body.split(separator)]


def from_jira_wiki(text: str) -> str:
    """The page with Jira wiki headings, tables, blocks, lists and inline marks written as Markdown.

    Args:
        text: The page as written.

    Returns:
        The Markdown it stands for, a line for each line (a table's header row and its rule take
        the blank line before the table where there is one).
    """
    reader = _Reader()
    for line in text.split("\n"):
        reader.read(line)
    return "\n".join(reader.out)


@dataclass
class _Reader:
    out: list[str] = field(default_factory=list)
    block: str | None = None  # the open {code}, {noformat} or {quote}
    width: int = 0  # the columns of the table being read

    def read(self, line: str) -> None:
        opened = _BLOCK.match(line)
        if self.block in ("code", "noformat"):
            closes = opened is not None and opened.group("kind") == self.block
            self.out.append("```" if closes else line)
            self.block = None if closes else self.block
        elif opened:
            self._open(opened, line[opened.end() :])
        elif self.block == "quote":
            self.out.append(f"> {_inline(line)}" if line.strip() else ">")
        elif _HEADER_ROW.match(line):
            cells = _cells(line, "||")
            self._head(cells)
        elif _ROW.match(line):
            cells = _cells(line, "|")
            if not self.width:  # rows with no header row: an empty header keeps them a table
                self._head([" "] * len(cells))
            self.out.append("| " + " | ".join(cells + [""] * (self.width - len(cells))) + " |")
        else:
            self.width = 0
            self.out.append(_jira_line(line))

    def _open(self, opened: re.Match[str], rest: str) -> None:
        kind = opened.group("kind")
        if kind in ("code", "noformat"):
            options = opened.group("options") or ""
            language = options if kind == "code" and _LANGUAGE.match(options) else ""
            self.out.append(f"```{language}")
            self.block = kind
        elif kind == "quote":
            inner, closed, after = rest.partition("{quote}")
            if closed:  # {quote}text{quote} on one line
                self.out.append(f"> {_inline(inner.strip())} {_inline(after.strip())}".rstrip())
                return
            self.block = None if self.block == "quote" else "quote"
            self.out.append(f"> {_inline(rest.strip())}" if self.block and rest.strip() else "")
        else:
            # {panel:title=...}, {info}, {note}, ...: the panel's title stays as a bold line
            title = re.search(r"title=([^|}]+)", opened.group("options") or "")
            self.out.append(f"**{title.group(1).strip()}**" if title else _inline(rest.strip()))

    def _head(self, cells: list[str]) -> None:
        """A table's header row and rule, on the blank line before the table and the row's own line."""
        self.width = len(cells)
        head = "| " + " | ".join(cells) + " |"
        rule = "|" + "---|" * self.width
        if self.out and not self.out[-1].strip():
            self.out[-1] = head
            self.out.append(rule)
        else:
            self.out += [head, rule]


def _jira_line(line: str) -> str:
    heading = _HEADING.match(line)
    if heading:
        return f"{'#' * int(heading.group('level'))} {_inline(heading.group('title').strip())}"
    if _BQ.match(line):
        return f"> {_inline(_BQ.sub('', line))}"
    listed = _LIST.match(line)
    if listed and not (listed.group("marks") == "-" * len(listed.group("marks")) and len(listed.group("marks")) > 1):
        marks = listed.group("marks")
        item = listed.group("text")
        task = _TASK.match(item)
        if task:
            item = ("[ ] " if task.group("mark") == " " else "[x] ") + item[task.end() :]
        marker = "1." if marks[-1] == "#" else "-"
        return f"{'   ' * (len(marks) - 1)}{marker} {_inline(item)}"
    if line.rstrip().endswith("\\\\"):
        line = line.rstrip()[:-2]
    return _inline(line)
