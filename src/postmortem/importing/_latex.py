r"""A note written in LaTeX markup, pasted into a Markdown file, read as the Markdown it stands for.

Teams that write in LaTeX (a lab's technical note, a report exported from Overleaf) paste it
into a wiki page as it is: ``\section{Timeline}``, ``\begin{itemize}`` with ``\item`` lines, a
``tabular`` of ``date & event \\`` rows, and often the preamble (``\title{...}``, ``\date{...}``)
in a code block. Where a document has such sectioning or list markup outside code blocks, each
line is rewritten to its Markdown: a section is a heading, an item a list item, a tabular a
table, the preamble's title a title heading and its date a ``Date:`` line. Every line stays on
its line, so a message about the document still names the line the author wrote (a tabular with
no blank line before it, or with a header row and no rule under it, moves the lines after it down
by one).
"""

from __future__ import annotations

import re

from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader

__all__ = ["from_latex"]

_SECTION = re.compile(r"^\s*\\(?P<kind>section|subsection|subsubsection|chapter|paragraph)\*?\{(?P<title>.*)\}\s*$")
_BEGIN_LIST = re.compile(r"^\s*\\begin\{(?P<kind>itemize|enumerate|description)\}")
_END_LIST = re.compile(r"^\s*\\end\{(?:itemize|enumerate|description)\}")
_ITEM = re.compile(r"^\s*\\item(?:\[(?P<label>[^\]]*)\])?\s*(?P<text>.*)$")
_BEGIN_TABULAR = re.compile(r"^\s*\\begin\{(?:tabular|tabularx|longtable)\*?\}")
_END_TABULAR = re.compile(r"^\s*\\end\{(?:tabular|tabularx|longtable)\*?\}")
_RULE = re.compile(r"^\s*\\(?:hline|toprule|midrule|bottomrule|cline\{[^}]*\})\s*$")
# Markup that marks a document as LaTeX (outside code blocks): sectioning or a list or tabular environment.
_MARKS = re.compile(r"^\s*\\(?:(?:sub)*section\*?\{|begin\{(?:itemize|enumerate|tabular))", re.MULTILINE)
_PREAMBLE = re.compile(r"\\(?:documentclass|begin\{document\}|maketitle)")
_COMMAND = re.compile(r"^\s*\\(?P<name>title|date|author)\{(?P<value>.*)\}\s*$")
_LEVELS = {"chapter": "#", "section": "##", "subsection": "###", "subsubsection": "####"}
_INLINE = (
    (re.compile(r"\\(?:textbf)\{([^{}]*)\}"), r"**\1**"),
    (re.compile(r"\\(?:emph|textit)\{([^{}]*)\}"), r"*\1*"),
    (re.compile(r"\\(?:texttt|url)\{([^{}]*)\}"), r"`\1`"),
    (re.compile(r"\\(?:href)\{([^{}]*)\}\{([^{}]*)\}"), r"[\2](\1)"),
    (re.compile(r"\$\^\{?([^${}]*)\}?\$"), r"^\1"),
    (re.compile(r"``|''"), '"'),
    (re.compile(r"(?<!-)---(?!-)"), "—"),
    (re.compile(r"(?<!-)--(?!-)"), "–"),
    (re.compile(r"\\([%&_#$])"), r"\1"),
    (re.compile(r"\\[,;:]|~"), " "),
    (re.compile(r"\s*\\\\\s*"), " "),
)

_INLINE_MARKS = re.compile(r"[\\`'~$]|--")


def from_latex(text: str) -> str:
    """The document with its LaTeX structure rewritten as Markdown, line for line.

    Args:
        text: The document as written.

    Returns:
        The same text where it has no LaTeX sectioning, list or tabular markup outside code
        blocks; else the Markdown those stand for, with as many lines as ``text``.
    """
    if "\\" not in text or not _MARKS.search(_outside_code(text)):
        return text
    lines = text.split("\n")
    out: list[str] = []
    fence: list[str] | None = None
    lists: list[str] = []
    table: list[int] | None = None  # rows written and rules skipped, inside a tabular
    for line in lines:
        if fence is not None:
            fence.append(line)
            if _FENCE.match(line):
                out += _code_block(fence)
                fence = None
            continue
        if _FENCE.match(line):
            fence = [line]
            continue
        if table is not None:
            table = _table_line(line, table, out)
            continue
        out.append(_line(line, lists))
        if _BEGIN_TABULAR.match(line):
            table = []
    if fence is not None:
        out += fence
    if table:
        out += [""] * table[1]
    return "\n".join(out)


def _outside_code(text: str) -> str:
    kept: list[str] = []
    inside = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def _inline(text: str) -> str:
    if not _INLINE_MARKS.search(text):
        return text.strip()
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()


def _line(line: str, lists: list[str]) -> str:
    """One line outside a tabular: a section, a list's start or end, an item, or prose."""
    section = _SECTION.match(line)
    if section:
        title = _inline(section.group("title"))
        level = _LEVELS.get(section.group("kind"))
        return f"{level} {title}" if level else f"**{title}**"
    listed = _list_line(line, lists)
    if listed is not None:
        return listed
    if _BEGIN_TABULAR.match(line) or re.match(r"^\s*\\(?:begin|end)\{(?:document|center|table|figure)\}", line):
        return ""
    if re.match(r"^\s*\\(?:maketitle|centering|caption\{.*\}|label\{.*\})\s*$", line):
        return ""
    return _inline(line) if line.strip() else line


def _list_line(line: str, lists: list[str]) -> str | None:
    """A list's start or end (a blank line), an item (``- text``, ``1. text``); ``None`` for any other line."""
    begin = _BEGIN_LIST.match(line)
    if begin:
        lists.append(begin.group("kind"))
        return ""
    if _END_LIST.match(line):
        if lists:
            lists.pop()
        return ""
    item = _ITEM.match(line)
    if item is None or not lists:
        return None
    indent = "  " * (len(lists) - 1)
    marker = "1." if lists[-1] == "enumerate" else "-"
    label = f"**{_inline(item.group('label'))}** " if item.group("label") else ""
    return f"{indent}{marker} {label}{_inline(item.group('text'))}"


def _table_line(line: str, seen: list[int], out: list[str]) -> list[int] | None:
    r"""One line inside a tabular: a row (``a & b \\``), a rule, or its end (``None``).

    ``seen`` counts the rows written and the rules skipped. A rule (``\hline``) or a blank line
    inside the table would end a Markdown table, so it is written as a blank line after the table
    ends instead: the rows after a rule move up a line, the lines after the table do not move.
    """
    rows, skipped = seen or [0, 0]
    if _END_TABULAR.match(line):
        # The table ends with a blank line; a header row's separator took the line of the rule under it.
        out += [""] * max(skipped + 1, 1)
        return None
    if _RULE.match(line) or not line.strip():
        return [rows, skipped + 1]
    cells = [_inline(cell) for cell in re.split(r"(?<!\\)&", re.sub(r"\\\\\s*(?:\\hline)?\s*$", "", line))]
    row = "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
    if not rows and not any(character.isdigit() for character in line):
        # A first row with no figure in it ("\textbf{Action} & \textbf{Owner}") is the header.
        out += [row, "|" + "---|" * len(cells)]
        return [rows + 1, skipped - 1]
    if not rows:
        # Else a LaTeX table has no header row of its own: an empty one, so that every row is a row.
        # It takes the blank line before the environment and the environment's line where there is one.
        header = ["| " + " | ".join(" " for _ in cells) + " |", "|" + "---|" * len(cells)]
        if len(out) >= 2 and not out[-2].strip():
            out[-2:] = header
        else:
            out[-1] = "\n".join(header)  # the lines after this table move down by one
    out.append(row)
    return [rows + 1, skipped]


def _code_block(fence: list[str]) -> list[str]:
    """A code block holding the LaTeX preamble: its title a heading, its date a line; else as written."""
    if not any(_PREAMBLE.search(line) for line in fence):
        return fence
    out: list[str] = []
    for line in fence:
        command = _COMMAND.match(line)
        if command is None:
            out.append("")
            continue
        value = _inline(command.group("value"))
        name = command.group("name")
        out.append(f"# {value}" if name == "title" else f"Date: {value}" if name == "date" else f"Author: {value}")
    return out
