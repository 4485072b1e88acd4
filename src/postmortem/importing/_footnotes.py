"""Footnote definitions written after the last section go back to the section that cites them.

A document written with footnotes (``The disks filled[^1] ...`` with ``[^1]: The scratch volume.``
at the end of the page, as pandoc, GitHub and most wiki editors write them) keeps the definitions
after its last section, so the last section took them as its own text: under an action heading
they became a free-form section "Action items (notes)", elsewhere they ended the last field. Each
definition now joins the section that cites it first, after that section's blocks, so that the
field holding the citation holds its note too; a definition no other section cites stays where it
is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from postmortem.importing._document import Block, Part

__all__ = ["footnotes_where_cited"]

_DEFINITION = re.compile(r"^\[\^(?P<id>[^\]\s]{1,40})\]:")


def footnotes_where_cited(parts: Sequence[Part]) -> None:
    """Move each footnote definition to the first section that cites it (in place)."""
    sections = [part for top in parts for part in top.walk()]
    for part in sections:
        for block in list(part.blocks):
            definitions = _definitions(block)
            if not definitions:
                continue
            kept: list[str] = []
            for label, offset, markdown in definitions:
                home = _citing(sections, label, block)
                if home is None or home is part:
                    kept.append(markdown)
                    continue
                home.blocks.append(Block("paragraph", block.line + offset, markdown, markdown, inline=markdown))
            index = part.blocks.index(block)
            if kept:
                text = "\n".join(kept)
                part.blocks[index] = Block("paragraph", block.line, text, text, inline=text)
            else:
                del part.blocks[index]


def _definitions(block: Block) -> list[tuple[str, int, str]]:
    """``(label, line offset, markdown)`` of each definition of a paragraph made only of footnote definitions."""
    if block.kind != "paragraph" or not _DEFINITION.match(block.markdown):
        return []
    found: list[tuple[str, int, list[str]]] = []
    for offset, line in enumerate(block.markdown.split("\n")):
        start = _DEFINITION.match(line)
        if start is not None:
            found.append((start.group("id"), offset, [line]))
        else:
            found[-1][2].append(line)  # a definition's next line
    return [(label, offset, "\n".join(lines)) for label, offset, lines in found]


def _citing(sections: Sequence[Part], label: str, definition: Block) -> Part | None:
    citation = f"[^{label}]"
    for part in sections:
        for block in part.blocks:
            if block is definition:
                continue
            text = block.markdown
            at = text.find(citation)
            while at >= 0:
                if not text.startswith(":", at + len(citation)):
                    return part
                at = text.find(citation, at + 1)
    return None
