"""Runs of bold label lines ("**Facility:** ...", "**Date of occurrence:** ...") kept a line each.

An occurrence report, a Notion page or a Word form writes its fields one under the other, each line
a bold label and its value, with no blank line between. In Markdown such lines are one paragraph, so
every export showed them run together ("Facility: Riverside ... Date of occurrence: 9 January 2026
Reported by: ..."). Each line but the last of such a run gets a hard line break (a backslash at its
end, as pandoc writes one; the import's readers leave it out of a value), so that each stays its own
line wherever the text is shown; the lines themselves are unchanged.
"""

from __future__ import annotations

import re

from postmortem.importing._grid_tables import _FENCE  # one code-fence pattern for every reader

__all__ = ["first_broken_label", "label_lines"]

# "**Facility:** Riverside", "**Facility**: Riverside", "__Area affected:__ Dock 3".
_BOLD_LABEL = re.compile(r"^[ \t]{0,3}(?:\*\*|__)[^*_\n]{1,60}?(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*:)[ \t]*\S")
_BROKEN = re.compile(r"(?:  |\\)$")
_LABEL = re.compile(r"(?:\*\*|__)([^*_\n]{1,60}?)[ \t]*(?::(?:\*\*|__)|(?:\*\*|__)[ \t]*:)")


def label_lines(text: str) -> str:
    """The text with a hard break after each bold label line followed by another (outside code)."""
    if "**" not in text and "__" not in text:
        return text
    lines = text.split("\n")
    inside = False
    for index, line in enumerate(lines[:-1]):
        if _FENCE.match(line):
            inside = not inside
            continue
        if inside or _BROKEN.search(line):
            continue
        if _BOLD_LABEL.match(line) and _BOLD_LABEL.match(lines[index + 1]):
            lines[index] = line.rstrip() + "\\"
    return "\n".join(lines)


def first_broken_label(before: str, after: str) -> str:
    """The label of the first line :func:`label_lines` broke (``before`` to ``after``), for the import's note.

    The note names the document's own label (``'**Date:** ...'``), not an example it may not have.
    """
    for old, new in zip(before.split("\n"), after.split("\n"), strict=True):
        if old != new:
            found = _LABEL.search(old)
            if found:
                return found.group(1).strip()
    return "Facility"
