r"""Documents written as plain text: a section name alone on a line, lists with escaped markers.

A Google Docs document downloaded as Markdown or plain text, or text pasted from an e-mail
client, has no Markdown headings: each section opens with its name alone on a line ("Summary",
"Timeline", "What went well"). Its lists may come with escaped markers (``\* 06:10 ...``,
``\- ...``, ``1\. ...``: Google Docs escapes a marker it did not write as a list), which Markdown
reads as text, so a timeline or a list of actions was one paragraph. Here a run of two lines or
more that open with an escaped marker is a list again, and (in a document without headings) a
line alone in its paragraph that names a section by the synonym table starts that section.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from postmortem.importing._build_state import _State
from postmortem.importing._document import Block, Part, bold_label, bold_line
from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader
from postmortem.importing._table import Table

__all__ = ["escaped_lists", "quoted_replies", "section_line", "split_pseudo_headings"]

_ESCAPED_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?:\\(?P<mark>[-*+])|(?P<number>\d{1,3})\\(?P<dot>[.)]))(?=[ \t]+\S)")
_SECTION_WORDS = 6


def escaped_lists(text: str) -> str:
    """The text with runs of two or more lines opening with an escaped list marker made list items."""
    if "\\" not in text:
        return text
    lines = text.split("\n")
    marked = [False] * len(lines)
    inside = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            marked[index] = _ESCAPED_MARKER.match(line) is not None
    for index, line in enumerate(lines):
        neighbour = (index and marked[index - 1]) or (index + 1 < len(lines) and marked[index + 1])
        if marked[index] and neighbour:
            lines[index] = _ESCAPED_MARKER.sub(_unescaped, line, count=1)
    return _punctuation("\n".join(lines))


# Punctuation that is no Markdown inside a line ("Wi\-Fi", "9\.2", "\(Ops\)"), which Google Docs
# escapes everywhere; where a document escapes it three times or more, the backslashes are its
# exporter's, not the author's, and are left out (not at a line's start, where "\- " stays text).
_PUNCTUATION = re.compile(r"(?:(?<=[^\s\\])|(?<=[^\s\\]\s))\\(?P<mark>[-.()!+=:'\"&,;?])")
_ESCAPES_FROM_AN_EXPORTER = 3


def _punctuation(text: str) -> str:
    if len(_PUNCTUATION.findall(text, 0, 200_000)) < _ESCAPES_FROM_AN_EXPORTER:
        return text
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            inside = not inside
        out.append(line if inside or "`" in line else _PUNCTUATION.sub(r"\g<mark>", line))
    return "\n".join(out)


def _unescaped(found: re.Match[str]) -> str:
    if found.group("mark"):
        return f"{found.group('indent')}{found.group('mark')}"
    return f"{found.group('indent')}{found.group('number')}{found.group('dot')}"


def section_line(table: Table, block: Block) -> tuple[str, str] | None:
    """``("Timeline", "")`` for a paragraph that is one short line naming a section ("What went well").

    A paragraph whose first line names a section and ends with a colon ("Timeline (CEST):" above
    its timed lines, as an e-mail writes it) is that section's name and its content:
    ``("Timeline (CEST)", "14:05 ...")``.
    """
    if block.kind != "paragraph":
        return None
    first, _, rest = block.text.strip().partition("\n")
    if rest and not first.rstrip().endswith(":"):
        return None
    text = first.strip().rstrip(":").strip()
    if not text or len(text.split()) > _SECTION_WORDS or text.endswith((".", "!", ",", ";")):
        return None
    return (text, rest.strip()) if table.section(text, allow_fallback=False) is not None else None


def split_pseudo_headings(state: _State, preamble: Part) -> list[Part]:
    """In a document without section headings, bold labels that name a section start one."""
    parts: list[Part] = []
    current = preamble
    for block in preamble.blocks:
        label = bold_label(block)
        if label is None or state.table.section(label[0]) is None:
            # "**Why**" or "Timeline" alone on its line, as e-mails and plain text write headings.
            label = bold_line(block) or section_line(state.table, block)
        if label is not None:
            title, rest = label
            current = Part(title, 2, block.line, pseudo=True)
            parts.append(current)
            if rest:
                current.blocks.append(Block("paragraph", block.line, rest, text=rest, inline=rest))
            continue
        if current is preamble:
            continue
        current.blocks.append(block)
    if not parts:
        return [preamble]
    kept = [block for block in preamble.blocks if _belongs_to_preamble(block, parts)]
    preamble.blocks = kept
    return ([preamble] if kept else []) + parts


def _belongs_to_preamble(block: Block, parts: Sequence[Part]) -> bool:
    return block.line < parts[0].line


# An e-mail's headers at the top: "From:" with "To:" or "Subject:" among the first lines.
_HEADER = re.compile(r"^(?P<name>from|to|subject|cc|date|sent)\s*:", re.IGNORECASE)
_HEADER_LINES = 12
_QUOTED = re.compile(r"^[ \t]{0,3}>[ \t]?")
_QUOTED_RUN = 3


def quoted_replies(text: str) -> str:
    """An e-mail's quoted message ("> ..." under "On ..., Ines wrote:") read as the text it quotes.

    A write-up forwarded or answered by e-mail keeps the write-up itself in the quoted part, so its
    timeline, its "Action items:" list and its account were one block quote that nothing read.
    In a document that opens with e-mail headers, each run of three quoted lines or more loses
    one level of quoting; every line stays on its line.
    """
    lines = text.split("\n")
    names = {found.group("name").casefold() for line in lines[:_HEADER_LINES] if (found := _HEADER.match(line))}
    if "from" not in names or not names & {"to", "subject"}:
        return text
    quoted = [_QUOTED.match(line) is not None for line in lines]
    start = 0
    while start < len(lines):
        if not quoted[start]:
            start += 1
            continue
        end = start
        while end < len(lines) and quoted[end]:
            end += 1
        if end - start >= _QUOTED_RUN:
            lines[start:end] = [_QUOTED.sub("", line, count=1) for line in lines[start:end]]
        start = end
    return "\n".join(lines)


# A transcript's offset into the recording, bracketed at the start of a line: "[00:00:09] So the first page ...".
_OFFSET = re.compile(r"^(\s{0,3})\[(\d{1,2}):([0-5]\d):([0-5]\d)\]\s{1,4}(?=\S)")
_SHORTEST_RUN = 3
_FIRST_OFFSET_LIMIT = 300  # a recording's first words come within its first five minutes


def without_recording_offsets(text: str) -> str:
    """A transcript's offsets into the recording (``[00:00:09]``) left out: they are no clock times.

    An automatic transcript of a voice note opens each line with how far into the recording it was
    said; read as times they made events at midnight, each described by the transcript's first line.
    Three lines or more so opened (hours, minutes and seconds), the first within five minutes of the
    start and none going back, are such offsets; a chat log's ``[14:02:11] petra: ...`` starts at a
    clock time and keeps it. Each line stays where it was.
    """
    if "[" not in text:
        return text
    lines = text.split("\n")
    found = [(number, match) for number, line in enumerate(lines) if (match := _OFFSET.match(line))]
    if len(found) < _SHORTEST_RUN:
        return text
    seconds = [int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4)) for _n, m in found]
    if seconds[0] > _FIRST_OFFSET_LIMIT or any(later < earlier for earlier, later in itertools.pairwise(seconds)):
        return text
    for number, match in found:
        lines[number] = match.group(1) + lines[number][match.end() :]
    return "\n".join(lines)
