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

from postmortem.markup._tree import Node, _text_of, tree

__all__ = ["Footnotes", "gather_footnotes", "markdown_labels", "prose_texts", "with_footnotes"]

# A label is what pandoc and GitHub accept: no white space, no "]".
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*")


@attrs.define
class Footnotes:
    """The notes of one report: which labels are defined and referenced, and their numbers so far.

    Two fields may each define a note of the same label with different words (``[^1]`` in
    the summary and ``[^1]`` in a finding, each with its own ``[^1]: ...``): each is its own
    note, with its own number and anchor, and a field's references go to the note it defines
    itself (another field's, to the first such note). A note is known by its *key*: its label,
    or for the second and later notes of a label, the label, a line break and its rank.

    Attributes:
        defined: Labels with a note (``[^label]: ...``) in some prose field.
        referenced: Keys of notes that some field refers to.
        numbers: The number each key got, in the order the report reached it.
        seen: Keys whose first reference has been rendered (the back link's target exists).
        variants: For each label, its notes' words in the order of the fields (one item for a
            label defined once, or several times with the same words).
    """

    defined: set[str] = attrs.field(factory=set)
    referenced: set[str] = attrs.field(factory=set)
    numbers: dict[str, int] = attrs.field(factory=dict)
    seen: set[str] = attrs.field(factory=set)
    variants: dict[str, list[str]] = attrs.field(factory=dict)
    written: dict[str, str] = attrs.field(factory=dict)

    def number(self, key: str) -> int:
        """The note's number, given on first use: 1, 2, ... in the order the report reaches them."""
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def key(self, label: str, words: str) -> str:
        """The key of the note of ``label`` whose words are ``words``."""
        variants = self.variants.get(label, [])
        rank = variants.index(words) if words in variants else 0
        return f"{label}\n{rank}" if rank else label

    def written_label(self, key: str) -> str:
        """The label the note of ``key`` takes in Markdown output, unique in the report.

        The first note of a label keeps it; a later one (``1`` and rank 1) is ``1-2``, or a longer
        label when the report already defines that one.
        """
        if key in self.written:
            return self.written[key]
        label, _, rank = key.partition("\n")
        chosen = label
        if rank:
            taken = self.defined | set(self.written.values())
            chosen = f"{label}-{int(rank) + 1}"
            while chosen in taken:
                chosen += f"-{int(rank) + 1}"
        self.written[key] = chosen
        return chosen

    def fresh(self) -> Footnotes:
        """The same notes with no number given yet: for reading a field outside the report's order."""
        return Footnotes(set(self.defined), set(self.referenced), variants=self.variants, written=self.written)


def gather_footnotes(texts: Iterable[str], markup: object = "markdown") -> Footnotes:
    """The notes defined and referenced across a report's prose fields.

    Args:
        texts: Every prose field of the report.
        markup: The fields' markup (``plain`` fields have no footnotes).
    """
    notes = Footnotes()
    if str(markup) == "plain":
        return notes
    fields: list[tuple[dict[str, str], set[str]]] = []
    for text in texts:
        if "[^" not in text:
            continue
        own: dict[str, str] = {}
        labels: set[str] = set()
        for node in tree(text, markup).walk():
            if node.type == "paragraph":
                for label, nodes in _definitions(node.children):
                    if label is not None:
                        notes.defined.add(label)
                        words = _words(nodes)
                        variants = notes.variants.setdefault(label, [])
                        if words not in variants:
                            variants.append(words)
                        own.setdefault(label, words)
            if node.type == "text":
                # Not the label that opens a definition ("[^1]: ..." at the start of a line).
                labels.update(
                    match.group(1)
                    for match in _REFERENCE.finditer(node.text)
                    if match.start() or not node.text.startswith(":", match.end())
                )
        fields.append((own, labels))
    for own, labels in fields:
        notes.referenced.update(_local_key(notes, own, label) for label in labels if label in notes.defined)
    return notes


def _words(nodes: list[Node]) -> str:
    """What tells two notes of one label apart: the text of their inline nodes."""
    return _text_of(nodes)


def _local_key(notes: Footnotes, own: dict[str, str], label: str) -> str:
    """The key a reference to ``label`` means in a field defining ``own`` (label: the words of its note)."""
    return notes.key(label, own[label]) if label in own else label


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
    own = _own_notes(document) if any(len(variants) > 1 for variants in notes.variants.values()) else {}
    return _block(document, _Field(notes, own))


def _own_notes(document: Node) -> dict[str, str]:
    """The labels a field defines, each with the words of its first note."""
    own: dict[str, str] = {}
    for node in document.walk():
        if node.type == "paragraph":
            for label, nodes in _definitions(node.children):
                if label is not None:
                    own.setdefault(label, _words(nodes))
    return own


def markdown_labels(document: Node, notes: Footnotes | None) -> dict[str, str]:
    """The labels a field's own notes take in Markdown output, where they differ from its own.

    Markdown keeps notes as written, and a viewer (GitHub, pandoc) reads ``[^1]`` defined in two
    fields as one note: the first. A field whose ``[^1]`` is another note than the report's
    first ``[^1]`` writes it, and its references to it, under a label of its own
    (:meth:`Footnotes.written_label`); references to a label the field does not define go to
    the first note and keep their label.

    Args:
        document: The field's tree (:func:`postmortem.markup.tree`).
        notes: The report's notes (:func:`gather_footnotes`).
    """
    if notes is None or not any(len(variants) > 1 for variants in notes.variants.values()):
        return {}
    labels: dict[str, str] = {}
    for label, words in _own_notes(document).items():
        if label in notes.defined:
            written = notes.written_label(notes.key(label, words))
            if written != label:
                labels[label] = written
    return labels


@attrs.frozen
class _Field:
    """The report's notes as one field reads them: ``own`` maps the labels it defines to their words."""

    notes: Footnotes
    own: dict[str, str]


def _block(node: Node, field: _Field) -> Node:
    if node.type == "paragraph":
        return node  # handled by the parent, which may split it into several notes
    if node.type in ("code_block", "rule"):
        return node
    if node.type in ("heading", "table_cell"):
        return attrs.evolve(node, children=_inlines(node.children, field))
    children: list[Node] = []
    for child in node.children:
        if child.type == "paragraph":
            children.extend(_paragraph(child, field))
        else:
            children.append(_block(child, field))
    return attrs.evolve(node, children=tuple(children))


def _paragraph(node: Node, field: _Field) -> list[Node]:
    notes = field.notes
    pieces = list(_definitions(node.children))
    if not pieces:
        return [attrs.evolve(node, children=_inlines(node.children, field))]
    out: list[Node] = []
    for label, nodes in pieces:
        if label is None or label not in notes.defined:
            if nodes:
                out.append(Node("paragraph", _inlines(tuple(nodes), field)))
            continue
        key = notes.key(label, _words(nodes))
        referenced = "referenced" if key in notes.referenced else ""
        number = notes.number(key)
        out.append(Node("footnote", _inlines(tuple(nodes), field), text=label, level=number, info=referenced))
    return out


def _inlines(nodes: tuple[Node, ...], field: _Field) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if node.type == "text" and "[^" in node.text:
            out.extend(_references(node.text, field))
        elif node.type in ("strong", "emphasis", "strikethrough"):
            out.append(attrs.evolve(node, children=_inlines(node.children, field)))
        else:
            out.append(node)
    return tuple(out)


def _references(text: str, field: _Field) -> Iterator[Node]:
    notes = field.notes
    at = 0
    for match in _REFERENCE.finditer(text):
        label = match.group(1)
        if label not in notes.defined:
            continue
        if match.start() > at:
            yield Node("text", text=text[at : match.start()])
        key = _local_key(notes, field.own, label)
        first = "" if key in notes.seen else "first"
        notes.seen.add(key)
        yield Node("footnote_ref", text=label, level=notes.number(key), info=first)
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
