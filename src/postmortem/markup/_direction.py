"""Which way a block of prose reads: from its first letter, as a browser decides ``dir="auto"``."""

from __future__ import annotations

import unicodedata

from postmortem.markup._tree import Node

__all__ = ["right_to_left"]


def right_to_left(node: Node) -> bool:
    """Whether a block (paragraph, heading, list item, table cell) reads right to left.

    The first letter with a direction decides (Unicode's bidirectional algorithm, rules P2 and
    P3): Arabic or Hebrew first is right to left, Latin first left to right, whatever follows.
    Code (a code span's text) counts as written; a code block is never asked.

    Args:
        node: A block node of :func:`postmortem.markup.tree`.
    """
    for inner in node.walk():
        if inner.type not in ("text", "code"):
            continue
        for character in inner.text:
            direction = unicodedata.bidirectional(character)
            if direction in ("R", "AL"):
                return True
            if direction == "L":
                return False
    return False
