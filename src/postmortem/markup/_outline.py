"""The outline of a prose field: its headings numbered by rank, not by how many ``#`` they have.

Prose sits under the report's own headings, so every exporter moves a field's headings down
below them. Moved by what the author wrote, a field that starts at ``###`` (a document
pasted from a larger one, an imported subsection) became h5 and h6, smaller than the text in
some readers and two levels deeper than its place in the report. Numbered by rank instead,
the shallowest heading a field uses is its first level, the next one its second, and a
skipped level (``#`` then ``###``) is no gap: the outline goes no deeper than it needs to.
"""

from __future__ import annotations

import attrs

from postmortem.markup._tree import Node, _text_of

__all__ = ["LABEL_LENGTH", "is_label", "outlined"]

LABEL_LENGTH = 80
"""The most characters a paragraph opening in bold may have and still be a label (see :func:`is_label`)."""


def is_label(node: Node) -> bool:
    """Whether a block is a bold label over what follows it, read as a heading though written as a paragraph.

    A short paragraph that opens in bold: "**What happened**", an imported forum post's
    "**fenslodger** · 18 Mar", a form's "**Q3. Cause**". Printed, it keeps with the next block,
    as a heading does: alone at a page's foot it read as a label for nothing.

    Args:
        node: A block node of :func:`postmortem.markup.tree`.
    """
    if node.type != "paragraph" or not node.children or node.children[0].type != "strong":
        return False
    if any(child.type in ("hardbreak", "image") for child in node.children):
        return False
    return len(_text_of(node.children).strip()) <= LABEL_LENGTH


def outlined(document: Node) -> Node:
    """``document`` with each heading's ``level`` replaced by its rank among the field's heading levels.

    Args:
        document: A ``document`` node of :func:`postmortem.markup.tree`.

    Returns:
        The same tree when its headings already run 1, 2, ... without a gap; otherwise a copy
        whose shallowest heading level is 1, the next 2, and so on.
    """
    levels = sorted({node.level for node in document.walk() if node.type == "heading"})
    if levels == list(range(1, len(levels) + 1)):
        return document
    rank = {level: depth for depth, level in enumerate(levels, 1)}
    return _relevel(document, rank)


def _relevel(node: Node, rank: dict[int, int]) -> Node:
    if node.type == "heading":
        return attrs.evolve(node, level=rank[node.level])
    if not node.is_block or not node.children:
        return node
    return attrs.evolve(node, children=tuple(_relevel(child, rank) for child in node.children))
