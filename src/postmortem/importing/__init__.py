"""Bring existing post-mortems in: Markdown files and Confluence storage-format pages.

:func:`import_document` reads a document into an :class:`~postmortem.model.Incident` and
says what it mapped where, what it inferred and what is missing::

    result = postmortem.import_document("wiki/2026-05-21-vpn.md")
    result.incident.timeline[0].time   # read from "09:05" under "Timeline (WET):"
    print(result.report())             # mapping, inferences, what `postmortem check` will ask for

Headings map to fields through the synonym table shipped as data (``synonyms.toml``, listed
in the documentation). Whatever maps to no field is kept verbatim, in order, as a titled
free-form section, so that nothing of the source is lost.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import attrs

from postmortem import model
from postmortem.errors import FieldError, IncidentFormatError, Problem
from postmortem.importing._build import Draft, FreeSection, Mapped, build

__all__ = ["MAX_BYTES", "DocumentFormat", "FreeSection", "ImportResult", "Mapped", "import_document", "import_text"]

DocumentFormat = Literal["auto", "markdown", "confluence"]

#: Documents larger than this are refused (a post-mortem is rarely over 200 kB).
MAX_BYTES = 4 * 1024 * 1024

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt"})
_CONFLUENCE_SUFFIXES = frozenset({".xml", ".xhtml", ".html", ".htm", ".storage", ".confluence"})


@attrs.frozen
class ImportResult:
    """An imported post-mortem and an account of how it was read.

    Attributes:
        incident: The incident (a draft: ``status`` is ``draft``).
        mapping: Where each heading of the document went.
        inferred: What the import decided that the document did not say outright.
        missing: What a complete post-mortem needs that the document does not have;
            ``postmortem check`` asks for the same things.
        sections: The free-form sections, verbatim, in document order.
        consumed: Lines read as metadata or time-zone notes and stored in fields instead.
        format: ``markdown`` or ``confluence``.
        source: The file name, when read from a file.
    """

    incident: model.Incident
    mapping: tuple[Mapped, ...]
    inferred: tuple[str, ...]
    missing: tuple[str, ...]
    sections: tuple[FreeSection, ...]
    consumed: tuple[str, ...]
    format: str
    source: str | None = None

    def report(self) -> str:
        """The account as text for people: mapping, then inferred, then missing."""
        lines = [f"{self.source or 'document'}: imported {self.incident.id} ({self.format})", "sections:"]
        for mapped in self.mapping:
            target = "free-form section" if mapped.target == "section" else mapped.target.replace("_", " ")
            lines.append(f"  line {mapped.line}: {mapped.heading!r} -> {target}")
        lines.append(
            f"read: {len(self.incident.timeline)} timeline events, {len(self.incident.action_items)} action items, "
            f"{len(self.sections)} free-form sections"
        )
        if self.inferred:
            lines.append("inferred:")
            lines += [f"  - {entry}" for entry in self.inferred]
        if self.missing:
            lines.append("missing (fill these in, then run `postmortem check`):")
            lines += [f"  - {entry}" for entry in self.missing]
        return "\n".join(lines)


def _format_for(name: str | None, text: str) -> Literal["markdown", "confluence"]:
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _CONFLUENCE_SUFFIXES:
        return "confluence"
    head = text.lstrip()[:200]
    if head.startswith("<") and ("<ac:" in text or "</p>" in text or "</h" in text or "</table>" in text):
        return "confluence"
    return "markdown"


def _read(path: Path, max_bytes: int) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IncidentFormatError(
                [
                    Problem(
                        "$", f"the document is {size:,} bytes; the import reads at most {max_bytes:,}", source=source
                    )
                ],
                source=source,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IncidentFormatError(
            [Problem("$", f"cannot read the file: {exc.strerror}", source=source)], source=source
        ) from None
    return _decode(data, source, max_bytes)


def _decode(data: bytes, source: str | None, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise IncidentFormatError(
            [
                Problem(
                    "$", f"the document is {len(data):,} bytes; the import reads at most {max_bytes:,}", source=source
                )
            ],
            source=source,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IncidentFormatError(
            [Problem("$", f"not UTF-8 text (byte {exc.start}); save the document as UTF-8", line=line, source=source)],
            source=source,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise IncidentFormatError(
            [Problem("$", "the document holds NUL characters; it is not a text document", line=line, source=source)],
            source=source,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def import_document(
    source: str | os.PathLike[str],
    format: DocumentFormat = "auto",
    *,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Import a post-mortem written in Markdown or Confluence storage format.

    Args:
        source: A path (a :class:`~os.PathLike`, or a string naming an existing file and
            holding no line break), or the document's text.
        format: ``markdown``, ``confluence`` or ``auto`` (from the file suffix, else from the text).
        name: The document's name for an id or title it lacks; the file's stem by default.
        max_bytes: Refuse documents larger than this.

    Returns:
        The incident and how it was read.

    Raises:
        IncidentFormatError: when the document cannot be read (too large, not UTF-8, not
            well-formed storage XHTML, no date anywhere); each problem has a line where known.
    """
    path: Path | None = None
    if isinstance(source, os.PathLike) or (
        "\n" not in source and len(source) < 4096 and source.strip() and Path(source).is_file()
    ):
        path = Path(source)
    if path is not None:
        text = _read(path, max_bytes)
        return import_text(text, format, name=name or path.stem, source=str(path))
    assert isinstance(source, str)
    return import_text(_decode(source.encode("utf-8", "surrogatepass"), None, max_bytes), format, name=name)


def import_text(
    text: str,
    format: DocumentFormat = "auto",
    *,
    name: str | None = None,
    source: str | None = None,
) -> ImportResult:
    """Import a post-mortem from its text; see :func:`import_document`."""
    chosen = _format_for(source, text) if format == "auto" else format
    markdown = text
    notes: list[str] = []
    if chosen == "confluence":
        from postmortem.importing._confluence import storage_to_markdown  # noqa: PLC0415

        markdown, notes = storage_to_markdown(text, source=source)
    draft = build(markdown, name=name or "document")
    if notes:
        draft = attrs.evolve(draft, inferred=(*notes, *draft.inferred))
    return _result(draft, chosen, source)


def _result(draft: Draft, chosen: str, source: str | None) -> ImportResult:
    fields: dict[str, Any] = dict(draft.fields)
    inferred = list(draft.inferred)
    missing = list(draft.missing)
    if fields.get("milestones") is None:
        raise IncidentFormatError(
            [
                Problem(
                    "$.milestones.started",
                    "no date anywhere in the document; add a line such as 'Date: 2026-05-21'",
                    source=source,
                )
            ],
            source=source,
        )
    # A draft may go without a severity; `postmortem check` asks for one.
    fields.setdefault("severity", None)
    fields_of = attrs.fields_dict(model.Incident)
    section_type = getattr(model, "Section", None)
    if "sections" in fields_of and section_type is not None:
        fields["sections"] = tuple(section_type(section.title, section.body) for section in draft.sections)
    try:
        incident = model.Incident(**fields)
    except FieldError as exc:
        raise IncidentFormatError([Problem(f"$.{exc.field}", exc.message, source=source)], source=source) from None
    return ImportResult(
        incident=incident,
        mapping=draft.mapping,
        inferred=tuple(inferred),
        missing=tuple(missing),
        sections=draft.sections,
        consumed=draft.consumed,
        format=chosen,
        source=source,
    )
