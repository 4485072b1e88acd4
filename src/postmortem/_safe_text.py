"""Text every format can hold, and the links every format may make.

Part of :mod:`postmortem.presentation`, which re-exports every public name here; import them
from there.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_safe_url", "paragraphs"]


# Control characters (Unicode category Cc) except tab and newline, and the two noncharacters
# XML forbids; surrogates are handled separately because they become a replacement mark.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Remove characters no document format can hold: control characters and lone surrogates.

    Newlines and tabs stay; carriage returns become newlines; a lone surrogate becomes U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)  # a surrogate is not ASCII


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines; single newlines stay inside a paragraph."""
    blocks: list[str] = []
    current: list[str] = []
    for line in clean_text(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def is_safe_url(url: str | None) -> bool:
    """True for http, https and mailto URLs: the only ones any exporter turns into a link.

    ``javascript:``, ``data:``, ``file:`` and relative URLs are shown as text instead.
    """
    if not url:
        return False
    stripped = url.strip()
    if _UNSAFE_IN_URL.search(stripped) is not None:
        return False
    return stripped.lower().startswith(_SAFE_SCHEMES) and len(stripped) > len("https://")


# Whitespace (what str.isspace() calls whitespace: re's \s for text is the same set) and the
# control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F), found by one
# regular expression rather than a Python loop over the characters.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
