"""The DOCX exporter: an editable Word document, styled through named styles."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from postmortem.errors import ExporterError
from postmortem.export import INCLUDE_EMPTY_OPTION, TODAY_OPTION, Exporter, Option
from postmortem.model import Incident
from postmortem.presentation import clean_text, rendering_time, severity_label

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["DocxExporter"]

# Page sizes and margins in twips (1/1440 inch).
_PAGE_SIZES: Mapping[str, tuple[int, int]] = {"A4": (11906, 16838), "Letter": (12240, 15840)}
# Zip entries get a fixed date so that the same incident always gives the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CORE_TEXT_LIMIT = 255  # python-docx refuses longer core-property text


class DocxExporter(Exporter):
    """Render a post-mortem as an editable Word document.

    Headings use Word's Title and Heading styles (so the navigation pane and a table of
    contents work); the timeline, contributing factors, action items, hypotheses, customer
    communication and participants are real tables whose header row repeats on every page;
    links are real hyperlinks. Everything is formatted through named styles, so a
    ``reference_document`` with your company's styles restyles the whole report.
    """

    name = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    suffix = ".docx"
    binary = True
    description = "Editable Word document with real headings, tables and links"
    options: ClassVar[Mapping[str, Option]] = {
        "include_empty": INCLUDE_EMPTY_OPTION,
        "reference_document": Option(
            "reference_document",
            str,
            "",
            "Path of a .docx whose styles, page setup, headers and footers the report uses (your company template).",
        ),
        "page_size": Option(
            "page_size",
            str,
            "auto",
            "Paper size; auto keeps the reference document's, or A4 without one.",
            choices=("auto", "A4", "Letter"),
        ),
        "asset_dir": Option(
            "asset_dir",
            str,
            "",
            "Folder that images in prose (![alt](file.png)) may come from; they become pictures in the document "
            "(PNG, JPEG or GIF, at most 10 MiB). Empty shows images as their alt text; no other file or URL is read.",
        ),
        "today": TODAY_OPTION,
        "timeline_chart": Option(
            "timeline_chart",
            bool,
            True,
            "Show the timeline chart: a PNG made from the SVG, with the SVG for Word 2016 and later.",
        ),
    }

    def render(self, incident: Incident) -> bytes:
        """Return the document as DOCX bytes.

        Raises:
            ExporterError: when the reference document cannot be read or lacks a style the
                report needs.
        """
        from postmortem_docx._document import build_document  # noqa: PLC0415  (python-docx is heavy)

        reference = self.settings["reference_document"]
        document = _open_document(reference)
        document = build_document(
            document,
            incident,
            reference=reference or None,
            include_empty=self.settings["include_empty"],
            page_size=_page_size(self.settings["page_size"], reference),
            asset_dir=self.settings["asset_dir"] or None,
            today=self.settings["today"],
            timeline_chart=self.settings["timeline_chart"],
        )
        _set_core_properties(document, incident)
        buffer = io.BytesIO()
        document.save(buffer)
        return _normalise_zip(buffer.getvalue())


def _page_size(setting: str, reference: str) -> tuple[int, int] | None:
    if setting == "auto":
        return None if reference else _PAGE_SIZES["A4"]
    return _PAGE_SIZES[setting]


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _open_document(reference: str) -> Document:
    """python-docx's template, or the user's reference document (.docx or .dotx)."""
    import docx  # noqa: PLC0415
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    if not reference:
        return docx.Document()
    path = Path(reference).expanduser()
    if not path.is_file():
        raise ExporterError(f"docx: reference document {reference} does not exist")
    try:
        return docx.Document(io.BytesIO(_as_document_package(path.read_bytes(), reference)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ExporterError(f"docx: reference document {reference} is not a Word document (.docx or .dotx)") from None


def _as_document_package(data: bytes, reference: str) -> bytes:
    """Let a Word template (.dotx) serve as a reference: its main part is declared a document.

    Raises:
        ExporterError: for a macro-enabled file (.docm, .dotm): a report never carries macros.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        content_types = package.read("[Content_Types].xml")
        if b"macroEnabled" in content_types:
            raise ExporterError(
                f"docx: reference document {reference} contains macros (.docm or .dotm); "
                "save it as a .docx or .dotx without macros"
            )
        if _TEMPLATE_TYPE not in content_types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in package.infolist():
                blob = package.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                copy.writestr(info.filename, blob)
    return out.getvalue()


def _core_text(value: str) -> str:
    text = " ".join(clean_text(value).split())
    return text if len(text) <= _CORE_TEXT_LIMIT else text[: _CORE_TEXT_LIMIT - 1] + "…"


def _utc(value: datetime) -> datetime:
    # python-docx writes the time as if it were UTC, whatever its offset; convert first.
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _set_core_properties(document: Document, incident: Incident) -> None:
    """Title, authors and keywords from the incident; dates of the rendering.

    The creation and modification dates say when this document was made (``SOURCE_DATE_EPOCH``
    for reproducible builds), as a reader of File > Properties expects; the incident's own
    times are in the document.
    """
    props = document.core_properties
    props.title = _core_text(f"{incident.id}: {incident.title}")
    props.subject = _core_text(f"{severity_label(incident.severity)} post-mortem: {incident.title}")
    props.author = _core_text(", ".join(incident.authors))
    props.keywords = _core_text(", ".join((*incident.services, *incident.tags)))
    props.category = "Post-mortem"
    props.comments = _core_text(incident.summary)
    props.identifier = _core_text(incident.id)
    props.content_status = incident.status.label
    props.last_modified_by = _core_text(", ".join(incident.authors) or "postmortem")
    props.revision = 1
    rendered_at = _utc(rendering_time())
    props.created = rendered_at
    props.modified = rendered_at
    # A reference document's own print date and version mean nothing for this report.
    element = props._element
    for tag in ("lastPrinted", "version"):
        for child in element.findall(f"{{*}}{tag}"):
            element.remove(child)


_APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>postmortem</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    b"</Properties>"
)
"""The extended (app) properties: the application that wrote the file, and no page or word
counts (only a layout engine knows them; Word and LibreOffice recount on opening). python-docx's
template claimed "Microsoft Macintosh Word", 1 page and 0 words."""

_THUMBNAIL_RELATIONSHIP = re.compile(rb"<Relationship [^>]*Target=\"docProps/thumbnail\.[a-z]+\"[^>]*/>")


def _package_entry(name: str, blob: bytes) -> bytes | None:
    """The bytes to write for a package entry, or ``None`` to leave it out.

    The template's preview thumbnail is a blank page, so it goes (a reader shows the file's
    icon instead), with its relationship; the app properties are ours.
    """
    if name.startswith("docProps/thumbnail."):
        return None
    if name == "docProps/app.xml":
        return _APP_PROPERTIES
    if name == "_rels/.rels":
        return _THUMBNAIL_RELATIONSHIP.sub(b"", blob)
    return blob


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package: fixed entry dates, our app properties, no blank thumbnail.

    python-docx stamps entries with the current time; fixed dates keep the bytes reproducible.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = _package_entry(info.filename, source.read(info))
            if blob is None:
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, blob)
    return out.getvalue()
