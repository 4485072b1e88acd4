"""Footnotes written the way pandoc and GitHub read them: ``[^label]`` in the text, ``[^label]: note`` apart.

A post-mortem's notes are document-wide: the reference sits in the summary or a finding,
the note itself in a "Notes" section at the end (an imported report keeps them so). Each
prose field is parsed on its own (:func:`postmortem.markup.tree`), where ``[^1]`` is only
text, so the notes are gathered from every field first (:func:`gather_footnotes`), and a
field's tree is then read against them (:func:`with_footnotes`): a reference to a note that
exists anywhere becomes a ``footnote_ref`` node, a paragraph that defines a note a
``footnote`` node, both numbered in the order the report reaches them (the order the
exporter renders its fields). A reference to a note written nowhere stays as written.

Checks read the tree as parsed, footnote syntax as text: a note's words are read where the
author wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from postmortem.markup._tree import Node, tree

__all__ = ["Footnotes", "gather_footnotes", "prose_texts", "with_footnotes"]

# A label is what pandoc and GitHub accept: no white space, no "]".
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*")


@attrs.define
class Footnotes:
    """The notes of one report: which labels are defined and referenced, and their numbers so far.

    Attributes:
        defined: Labels with a note (``[^label]: ...``) in some prose field.
        referenced: Labels of notes that some field refers to (``[^label]``).
        numbers: The number each label got, in the order the report reached it.
        seen: Labels whose first reference has been rendered (the back link's target exists).
    """

    defined: set[str] = attrs.field(factory=set)
    referenced: set[str] = attrs.field(factory=set)
    numbers: dict[str, int] = attrs.field(factory=dict)
    seen: set[str] = attrs.field(factory=set)

    def number(self, label: str) -> int:
        """The note's number, given on first use: 1, 2, ... in the order the report reaches them."""
        return self.numbers.setdefault(label, len(self.numbers) + 1)


def gather_footnotes(texts: Iterable[str], markup: object = "markdown") -> Footnotes:
    """The notes defined and referenced across a report's prose fields.

    Args:
        texts: Every prose field of the report.
        markup: The fields' markup (``plain`` fields have no footnotes).
    """
    notes = Footnotes()
    if str(markup) == "plain":
        return notes
    for text in texts:
        if "[^" not in text:
            continue
        for node in tree(text, markup).walk():
            if node.type == "paragraph":
                for label, _ in _definitions(node.children):
                    if label is not None:
                        notes.defined.add(label)
            if node.type == "text":
                # Not the label that opens a definition ("[^1]: ..." at the start of a line).
                notes.referenced.update(
                    match.group(1)
                    for match in _REFERENCE.finditer(node.text)
                    if match.start() or not node.text.startswith(":", match.end())
                )
    notes.referenced &= notes.defined
    return notes


def _definitions(inlines: tuple[Node, ...]) -> Iterator[tuple[str | None, list[Node]]]:
    """A paragraph's runs split at each line that defines a note: ``(label, its inline nodes)``.

    The runs before the first definition (``None``, ...) are an ordinary paragraph; a paragraph
    with no definition yields nothing.
    """
    pieces: list[tuple[str | None, list[Node]]] = []
    current: list[Node] = []
    label: str | None = None
    line_start = True
    for node in inlines:
        match = _DEFINITION.match(node.text) if line_start and node.type == "text" else None
        if match:
            if current or label is not None:
                pieces.append((label, current))
            label, current = match.group(1), []
            rest = node.text[match.end() :]
            if rest:
                current.append(attrs.evolve(node, text=rest))
        else:
            current.append(node)
        line_start = node.type in ("softbreak", "hardbreak")
    if label is None and not pieces:
        return
    pieces.append((label, current))
    for found, nodes in pieces:
        while nodes and nodes[-1].type in ("softbreak", "hardbreak"):
            nodes.pop()
        yield found, nodes


def with_footnotes(document: Node, notes: Footnotes | None) -> Node:
    """A field's tree with its note references and definitions as nodes, numbered as the report reaches them.

    A reference is ``Node("footnote_ref", text=label, level=number, info="first")`` (``info``
    empty after the first reference to the same note); a definition is
    ``Node("footnote", inline children, text=label, level=number, info="referenced")`` (``info``
    empty for a note no field refers to). Call it once per field, in the order the report
    shows the fields.

    Args:
        document: A ``document`` node of :func:`postmortem.markup.tree`.
        notes: The report's notes (:func:`gather_footnotes`); ``None`` or none defined leaves
            the tree as it is.
    """
    if notes is None or not notes.defined:
        return document
    return _block(document, notes)


def _block(node: Node, notes: Footnotes) -> Node:
    if node.type == "paragraph":
        return node  # handled by the parent, which may split it into several notes
    if node.type in ("code_block", "rule"):
        return node
    if node.type in ("heading", "table_cell"):
        return attrs.evolve(node, children=_inlines(node.children, notes))
    children: list[Node] = []
    for child in node.children:
        if child.type == "paragraph":
            children.extend(_paragraph(child, notes))
        else:
            children.append(_block(child, notes))
    return attrs.evolve(node, children=tuple(children))


def _paragraph(node: Node, notes: Footnotes) -> list[Node]:
    pieces = list(_definitions(node.children))
    if not pieces:
        return [attrs.evolve(node, children=_inlines(node.children, notes))]
    out: list[Node] = []
    for label, nodes in pieces:
        if label is None or label not in notes.defined:
            if nodes:
                out.append(Node("paragraph", _inlines(tuple(nodes), notes)))
            continue
        number = notes.number(label)
        referenced = "referenced" if label in notes.referenced else ""
        out.append(Node("footnote", _inlines(tuple(nodes), notes), text=label, level=number, info=referenced))
    return out


def _inlines(nodes: tuple[Node, ...], notes: Footnotes) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if node.type == "text" and "[^" in node.text:
            out.extend(_references(node.text, notes))
        elif node.type in ("strong", "emphasis", "strikethrough"):
            out.append(attrs.evolve(node, children=_inlines(node.children, notes)))
        else:
            out.append(node)
    return tuple(out)


def _references(text: str, notes: Footnotes) -> Iterator[Node]:
    at = 0
    for match in _REFERENCE.finditer(text):
        label = match.group(1)
        if label not in notes.defined:
            continue
        if match.start() > at:
            yield Node("text", text=text[at : match.start()])
        first = "" if label in notes.seen else "first"
        notes.seen.add(label)
        yield Node("footnote_ref", text=label, level=notes.number(label), info=first)
        at = match.end()
    if at < len(text):
        yield Node("text", text=text[at:])


def prose_texts(value: object) -> Iterator[str]:
    """Every string held by an attrs object (an incident), depth first: where notes may be written.

    Identifiers and names come along with the prose; they hold no ``[^label]:`` paragraph.
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from prose_texts(item)
    else:
        for field in getattr(type(value), "__attrs_attrs__", ()):
            yield from prose_texts(getattr(value, field.name))
