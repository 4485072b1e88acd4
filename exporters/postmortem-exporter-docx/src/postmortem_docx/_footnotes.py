"""Word's own footnotes: the ``footnotes.xml`` part, its relationship and the settings that name its separators.

python-docx has no API for footnotes. A report's notes (``[^1]`` and ``[^1]: note``, see
:mod:`postmortem.markup`) become ``w:footnoteReference`` runs in the body and ``w:footnote``
entries in the footnotes part, which Word and LibreOffice print at the foot of the page of
their reference and number themselves, in the order of the references. A later reference to
the same note is a ``NOTEREF`` field showing the note's number (Word has one footnote per
reference).

A reference document that has a footnotes part of its own keeps it and its separators; its
notes, which annotated the body the export discards, are left out, and the report's notes
take ids its separators do not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from postmortem_docx import _xml

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part
    from lxml.etree import _Element

__all__ = ["WordNotes"]

_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)
# What follows w:footnotePr in w:settings (ECMA-376 CT_Settings): it goes before the first of these.
_AFTER_FOOTNOTE_PR = (
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)
_RAISED = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


class WordNotes:
    """The footnotes of one document being built.

    Args:
        document: The python-docx document (python-docx's template or a reference document).
        style_id: The paragraph style of a note's text.
    """

    def __init__(self, document: Document, style_id: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415

        self._document = document
        self._style_id = style_id
        self._part: Part | None = None
        for rel in document.part.rels.values():
            if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
                self._part = rel.target_part
        self._root = self._parse_existing()
        taken = [int(note.get(_w("id")) or 0) for note in self._root.findall(_w("footnote"))]
        self._first_id = max([0, *taken]) + 1
        self._ids: dict[int, int] = {}  # note number -> footnote id, given at the first reference
        self._content: dict[int, str] = {}  # note number -> the note's runs
        self._fallback: dict[int, str] = {}  # note number -> its words, for a note never written
        self._links: dict[str, str] = {}
        self.in_note = False  # True while a note's own text is written (set by the prose writer)

    def _parse_existing(self) -> _Element:
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls  # noqa: PLC0415

        if self._part is not None:
            root = parse_xml(self._part.blob)  # an XML part serialises its element here too
            for note in root.findall(_w("footnote")):
                # The reference document's body is discarded, and with it what its notes annotate.
                if note.get(_w("type")) in (None, "normal"):
                    root.remove(note)
            return root
        return parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")

    def reference(self, number: int, words: str) -> str:
        """The runs for a reference to note ``number``: a footnote at its first reference, its number after.

        Args:
            number: The note's number in the report (:class:`postmortem.markup.Footnotes`).
            words: The note's words, written as its text should the note itself never be reached.
        """
        self._fallback.setdefault(number, words)
        if self.in_note:
            # Word has no footnote inside a footnote: the number of the note, if it has one yet.
            shown = list(self._ids).index(number) + 1 if number in self._ids else number
            return f"<w:r>{_RAISED}<w:t>{shown}</w:t></w:r>"
        if number not in self._ids:
            ident = self._first_id + len(self._ids)
            self._ids[number] = ident
            mark = _bookmark_name(number)
            return (
                f'<w:bookmarkStart w:id="{_BOOKMARK_IDS + number}" w:name="{mark}"/>'
                f'<w:r>{_RAISED}<w:footnoteReference w:id="{ident}"/></w:r>'
                f'<w:bookmarkEnd w:id="{_BOOKMARK_IDS + number}"/>'
            )
        shown = list(self._ids).index(number) + 1
        return (
            f'<w:fldSimple w:instr=" NOTEREF {_bookmark_name(number)} \\f \\h ">'
            f"<w:r>{_RAISED}<w:t>{shown}</w:t></w:r></w:fldSimple>"
        )

    def define(self, number: int, runs: str) -> None:
        """Keep ``runs`` as the text of note ``number`` (the first definition reached counts)."""
        self._content.setdefault(number, runs)

    def relate(self, url: str) -> str:
        """The relationship id of a link in a note: links of the footnotes part are its own."""
        from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415

        if url not in self._links:
            self._links[url] = self._own_part().relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return self._links[url]

    def _own_part(self) -> Part:
        from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415
        from docx.opc.packuri import PackURI  # noqa: PLC0415
        from docx.opc.part import Part  # noqa: PLC0415

        if self._part is None:
            package = self._document.part.package
            self._part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, b"", package)
            self._document.part.relate_to(self._part, RELATIONSHIP_TYPE.FOOTNOTES)
        return self._part

    def finish(self) -> None:
        """Write the notes referred to into the footnotes part (none added when the report has none)."""
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls  # noqa: PLC0415
        from lxml import etree  # noqa: PLC0415

        if not self._ids and self._part is None:
            return
        for number, ident in self._ids.items():
            runs = self._content.get(number) or _xml.text_runs(self._fallback.get(number, ""))
            self._root.append(
                parse_xml(
                    f'<w:footnote {nsdecls("w", "r")} w:id="{ident}"><w:p><w:pPr><w:pStyle w:val='
                    f"{_xml.attr(self._style_id)}/></w:pPr><w:r>{_RAISED}<w:footnoteRef/></w:r>"
                    f"<w:r><w:tab/></w:r>{runs}</w:p></w:footnote>"
                )
            )
        from docx.opc.part import XmlPart  # noqa: PLC0415

        part = self._own_part()
        if isinstance(part, XmlPart):
            part._element = self._root
        else:
            part._blob = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self._name_separators()

    def _name_separators(self) -> None:
        """``w:footnotePr`` in the settings, naming the separator notes, as Word writes it."""
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import nsdecls  # noqa: PLC0415

        settings = self._document.settings.element
        if settings.find(_w("footnotePr")) is not None:
            return
        special = [
            note.get(_w("id"))
            for note in self._root.findall(_w("footnote"))
            if note.get(_w("type")) in ("separator", "continuationSeparator")
        ]
        inner = "".join(f'<w:footnote w:id="{ident}"/>' for ident in special)
        element = parse_xml(f"<w:footnotePr {nsdecls('w')}>{inner}</w:footnotePr>")
        main = _w("id").rpartition("}")[0] + "}"
        for child in settings:
            if not isinstance(child.tag, str):
                continue  # a comment
            name = child.tag.rpartition("}")[2]
            if name in _AFTER_FOOTNOTE_PR or not child.tag.startswith(main):
                child.addprevious(element)
                return
        settings.append(element)


_BOOKMARK_IDS = 9500  # the first bookmark id of the references (each id once in a document)


def _bookmark_name(number: int) -> str:
    return f"_NoteRef{number}"


def _w(name: str) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415

    return qn(f"w:{name}")
