"""Requests written as prose: an action section's paragraphs and department notes (round 23).

A "Notes for next shift" paragraph asks for work in sentences ("Please keep an eye on belt 3 ...
Could someone also chase the bearings order?"), a make-ready log's notes write one request a line,
and a show report's or a daily report's department notes ("**Sound:** New batteries for the radio
mics") are requests where their siblings ask for work. This module only splits and judges the text;
``_build_actions`` and ``_build_action_prose`` make the action items.
"""

from __future__ import annotations

import re
from typing import Final

# Words that ask for work: "Please can ...", "... please", "Can we ...", "Could someone ...", "... needs
# to ...", "... need checking", "... to be checked". After a label too ("Automation: can the supplier ...").
ASKS: Final = re.compile(
    r"\bplease\b|(?:^|:\s+)(?:can|could|would) (?:we|someone|somebody|the|you|anyone)\b|\bneeds? (?:to|a|an|new)\b"
    r"|\bneeds? (?!nothing)\w+ing\b|\bto be (?:checked|fixed|replaced|repaired|chased|ordered)\b",
    re.IGNORECASE,
)
# A note that asks for nothing ("No notes.", "Nothing to report", "All fine") or tells what happened
# ("Performance ran 2h10", "All cues called as written"): no request, whatever its siblings say.
_NOTHING: Final = re.compile(r"^(?:no\b|nothing\b|none\b|nil\b|n/a\b|ok\b|fine\b|all (?:fine|good|ok|well)\b)", re.I)
_REPORTED: Final = re.compile(r"\b(?:was|were|went|ran|had|did|happened)\b|\b\w{4,}ed\b", re.I)
# A label opening a line: "**Sound:**", "Flys:", "Dariusz:" (up to three words, then a colon).
_LABEL: Final = re.compile(
    r"^(?:\*\*|__)?(?P<label>[A-Z][\w'’&/ -]{0,30}?)(?::(?:\*\*|__)|(?:\*\*|__)?:)\s+(?P<text>\S.*)$"
)
_LABEL_WORDS: Final = 3
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LINE_END: Final = re.compile(r"[.!?]\s*$")
_LONGEST: Final = 4000  # a paragraph longer than this is no list of requests


def labelled(text: str) -> tuple[str, str] | None:
    """``(label, text)`` for a line opening with a short label and a colon ("**Sound:** New batteries ...")."""
    found = _LABEL.match(text.strip())
    if found is None or len(found.group("label").split()) > _LABEL_WORDS:
        return None
    return found.group("label").strip(), " ".join(found.group("text").split())


def asks(text: str) -> bool:
    """Whether the text asks for work."""
    return ASKS.search(text) is not None


def wants_nothing(text: str) -> bool:
    """Whether a note without an asking word asks for nothing: "No notes.", or it tells what happened."""
    return _NOTHING.match(text.strip()) is not None or _REPORTED.search(text) is not None


def requests(markdown: str) -> tuple[list[tuple[str, int]], str] | None:
    """The requests of one paragraph of an action section that gives no list: ``(text, line offset)``.

    A paragraph of several lines each ending a sentence is a list written without markers: one request a
    line, whatever it says (the section says they are work). A paragraph of sentences gives the sentences
    that ask for work; a line opening with a label ("**Fans:** New shear pins ...") is one request.
    With them, the paragraph's other sentences, as written; ``None`` where nothing in it reads as one.
    """
    if len(markdown) > _LONGEST:
        return None
    lines = [line.strip() for line in markdown.strip().split("\n")]
    if len(lines) > 1 and all(_LINE_END.search(line) or labelled(line) for line in lines[:-1]):
        return [(_plain(line), offset) for offset, line in enumerate(lines) if line], ""
    text = " ".join(markdown.split())
    if labelled(text) is not None:
        return [(_plain(text), 0)], ""
    sentences = _SENTENCE_END.split(text)
    found = [(sentence, 0) for sentence in sentences if asks(sentence)]
    rest = " ".join(sentence for sentence in sentences if not asks(sentence))
    return (found, rest) if found else None


def _plain(line: str) -> str:
    """A line's text with a bold label's markers taken out ("**Fans:** New ..." is "Fans: New ...")."""
    found = labelled(line)
    return f"{found[0]}: {found[1]}" if found else " ".join(line.split())
