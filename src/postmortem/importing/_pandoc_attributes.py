"""pandoc's attributes taken out of a document: ``# Summary {#summary}``, ``[]{#_Toc1 .anchor}``.

A Word document converted by pandoc carries them: an id after each heading, an empty span
for each of Word's bookmarks, a class on underlined words (``[Lock 4]{.underline}``), a size
after a picture (``![](beam.png){width=50%}``). They name and size things for pandoc; left in,
no heading matched a section's synonyms ("Summary {#summary}") and the document was read as
free-form sections.
"""

from __future__ import annotations

import re

__all__ = ["without_pandoc_attributes"]

# One attribute: "#id", ".class", "key=value" or "key=\"a value\"", or "-" (unnumbered).
_ATTRIBUTE = r"""(?:[#.][^\s{}"]+|[A-Za-z_][\w:.-]*=(?:"[^"\n]*"|[^\s{}"]*)|-)"""
_ATTRIBUTES = rf"\{{[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}"
_HEADING_RE = re.compile(rf"^(?P<heading>[ ]{{0,3}}#{{1,6}}[ \t]+.*?\S)[ \t]+{_ATTRIBUTES}[ \t]*$")
# A span (its text in brackets) or a picture's or link's destination, then attributes.
_SPAN_RE = re.compile(rf"(?<!\\)\[(?P<text>[^\[\]\n]*)\](?!\()(?P<attributes>{_ATTRIBUTES})")
_AFTER_TARGET_RE = re.compile(rf"(?P<target>\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)){_ATTRIBUTES}")
_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def without_pandoc_attributes(text: str) -> str:
    """The document without pandoc's attributes, each line where it was (code blocks untouched).

    Args:
        text: Markdown as pandoc writes it.

    Returns:
        The text with attributes left out: a heading keeps its words, a span its text, a picture
        or link its destination; a line of anchors alone is blank.
    """
    if "{" not in text:
        return text
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE_RE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "{" not in line:
            continue
        changed = _HEADING_RE.sub(r"\g<heading>", line)
        changed = _AFTER_TARGET_RE.sub(r"\g<target>", changed)
        changed = _SPAN_RE.sub(r"\g<text>", changed)
        if changed != line:
            lines[index] = changed if changed.strip() else ""
    return "\n".join(lines)
