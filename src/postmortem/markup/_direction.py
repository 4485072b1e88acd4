"""Which way a block of prose reads: from its first letter, as a browser decides ``dir="auto"``."""

from __future__ import annotations

import re
import unicodedata

from postmortem.markup._tree import Node

__all__ = ["maybe_right_to_left", "right_to_left", "text_right_to_left"]

# Every character that can be a strong right-to-left letter lies in these blocks (Hebrew to
# NKo and Samaritan..Arabic Extended, the presentation forms, and the supplementary planes'
# right-to-left scripts): text with none of them reads left to right without a closer look.
_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def right_to_left(node: Node) -> bool:
    """Whether a block (paragraph, heading, list item, table cell) reads right to left.

    The first letter with a direction decides (Unicode's bidirectional algorithm, rules P2 and
    P3): Arabic or Hebrew first is right to left, Latin first left to right, whatever follows.
    Code (a code span's text) counts as written; a code block is never asked.

    Args:
        node: A block node of :func:`postmortem.markup.tree`.
    """
    for inner in node.walk():
        if inner.type in ("text", "code"):
            decided = _first_strong_direction(inner.text)
            if decided is not None:
                return decided
    return False


def text_right_to_left(text: str) -> bool:
    """Whether plain text (a name, a title, a table's value) reads right to left.

    Its first letter with a direction decides, as :func:`right_to_left` does for prose.

    Args:
        text: The text as written; it is not read as Markdown.
    """
    return maybe_right_to_left(text) and bool(_first_strong_direction(text))


def _first_strong_direction(text: str) -> bool | None:
    """Whether the first letter with a direction reads right to left (``None``: no such letter)."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return None


def maybe_right_to_left(text: str) -> bool:
    """Whether text holds any letter of a right-to-left script (if not, nothing in it reads right to left).

    Args:
        text: Any text, Markdown or plain.
    """
    return _MAYBE_RTL.search(text) is not None
