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
import shlex
from pathlib import Path
from typing import Any, Literal

import attrs

from postmortem import model
from postmortem._files import open_input, read_at_most, stream_kind, too_long_a_stream
from postmortem.errors import FieldError, IncidentFormatError, Problem, not_utf8, shown_path
from postmortem.importing._build import Draft, FreeSection, Mapped, build
from postmortem.importing._table import table
from postmortem.presentation import plural

__all__ = [
    "MAX_BYTES",
    "DocumentFormat",
    "FreeSection",
    "ImportResult",
    "Mapped",
    "import_document",
    "import_split",
    "import_text",
    "incident_count",
]

DocumentFormat = Literal["auto", "markdown", "confluence"]

#: Documents larger than this are refused (a post-mortem is rarely over 200 kB).
MAX_BYTES = 4 * 1024 * 1024

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt"})
_CONFLUENCE_SUFFIXES = frozenset({".xml", ".xhtml", ".html", ".htm", ".storage", ".confluence"})
# The incident file formats themselves: such a file is already imported.
_INCIDENT_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".toml"})


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
        warnings: What the import could not read or read with doubt (a time it did not
            understand, dates that could be day or month first, a timeline out of order), each
            located by line and ``$.path``; the text stays in the incident.
    """

    incident: model.Incident
    mapping: tuple[Mapped, ...]
    inferred: tuple[str, ...]
    missing: tuple[str, ...]
    sections: tuple[FreeSection, ...]
    consumed: tuple[str, ...]
    format: str
    source: str | None = None
    warnings: tuple[Problem, ...] = ()

    def report(self) -> str:
        """The account as text for people: mapping, then warnings, inferred and missing."""
        lines = [f"{shown_path(self.source) or 'document'}: imported {self.incident.id} ({self.format})", "sections:"]
        for mapped in self.mapping:
            target = "free-form section" if mapped.target == "section" else mapped.target.replace("_", " ")
            lines.append(f"  line {mapped.line}: {mapped.heading!r} -> {target}")
        lines.append(
            f"read: {plural(len(self.incident.timeline), 'timeline event')}, "
            f"{plural(len(self.incident.action_items), 'action item')}, "
            f"{plural(len(self.sections), 'free-form section')}"
        )
        if self.warnings:
            lines.append("warnings (check these in the document):")
            lines += [f"  - {warning}" for warning in self.warnings]
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
        # At most one byte past the limit, and no endless wait on a pipe: /dev/zero or a FIFO.
        with open_input(path) as handle:
            data = read_at_most(handle, max_bytes)
            kind = stream_kind(handle) if len(data) > max_bytes else None
    except OSError as exc:
        raise IncidentFormatError(
            [Problem("$", f"cannot read the file: {exc.strerror}", source=source)], source=source
        ) from None
    if kind is not None:
        message = too_long_a_stream(kind, f"{max_bytes:,} bytes").replace("an incident file", "a document")
        raise IncidentFormatError([Problem("$", message, source=source)], source=source)
    return _decode(data, source, max_bytes)


def _undecodable(exc: UnicodeDecodeError) -> str:
    message = not_utf8(exc)
    if message.startswith("not UTF-8"):
        return f"not UTF-8 text (byte {exc.start}); save the document as UTF-8"
    return message


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
            [Problem("$", _undecodable(exc), line=line, source=source)],
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
    year: int | None = None,
) -> ImportResult:
    """Import a post-mortem written in Markdown or Confluence storage format.

    Args:
        source: A path, or the document's text. A :class:`~os.PathLike` is a path; a
            ``str`` is the document's text when it holds a line break or starts with ``<``
            (a storage-format body or HTML page on one line), and a file name otherwise, so
            ``import_document("typo.md")`` fails with "no such file" rather than importing
            the name as a one-line document. :func:`import_text` always takes text.
        format: ``markdown``, ``confluence`` or ``auto`` (from the file suffix, else from the text).
        name: The document's name for an id or title it lacks; the file's stem by default.
        max_bytes: Refuse documents larger than this.
        year: The year of dates written without one ("Tue 14 Mar 09:12", "14/03"), used only
            where the document names none (no date with a year, no "Date:" line, no front
            matter ``date``). A document that writes dates without a year and names none fails
            without it, with the line of its first such date.

    Returns:
        The incident and how it was read.

    Raises:
        IncidentFormatError: when the document cannot be read (no such file, too large, not
            UTF-8, not well-formed storage XHTML, no date anywhere); each problem has a line
            where known.
    """
    text, name, where = _source(source, name, max_bytes)
    return import_text(text, format, name=name, source=where, year=year)


def _is_text(source: str) -> bool:
    """Whether a ``str`` given as the source is a document's text rather than a file name.

    The rule (documented in :func:`import_document`): a line break, or markup first (a
    Confluence storage body or an HTML page often comes on one line), means text; anything
    else names a file. A file name that does not exist is an error, never a one-line document.
    """
    return "\n" in source or "\r" in source or source.lstrip().startswith("<")


def _source(source: str | os.PathLike[str], name: str | None, max_bytes: int) -> tuple[str, str | None, str | None]:
    """``(text, name, file name)`` of a path or a document's text."""
    if isinstance(source, str) and _is_text(source):
        return _decode(source.encode("utf-8", "surrogatepass"), None, max_bytes), name, None
    if isinstance(source, str) and not source.strip():
        message = "an empty file name (a str with no line break names a file); pass a document's text to import_text()"
        raise IncidentFormatError([Problem("$", message)])
    path = Path(source)
    if isinstance(source, str) and not path.exists():
        where = str(path)
        message = "no such file (a str with no line break names a file); pass a document's text to import_text()"
        raise IncidentFormatError([Problem("$", message, source=where)], source=where)
    return _read(path, max_bytes), name or path.stem, str(path)


def _markdown_of(text: str, format: DocumentFormat, source: str | None) -> tuple[str, str, list[str]]:
    if format == "auto" and source is not None and Path(source).suffix.lower() in _INCIDENT_SUFFIXES:
        # A user who runs `import incident.yaml` has an incident file already: say what reads it
        # rather than import its YAML as prose (which "succeeded" with the file as the summary).
        # The commands name the file as a shell would read it, or escaped when it cannot be printed.
        name = shlex.quote(source) if source.isprintable() else shown_path(source)
        raise IncidentFormatError(
            [
                Problem(
                    "$",
                    f"{Path(source).suffix} is an incident file format, not a document to import: run "
                    f"`postmortem validate {name}` to check it, `postmortem check {name}` for what to fill in, "
                    f"or `postmortem export {name} --to markdown` for a document; "
                    "to import a document saved with this suffix, pass --format markdown",
                    line=1,
                    source=source,
                )
            ],
            source=source,
        )
    chosen = _format_for(source, text) if format == "auto" else format
    if chosen == "confluence":
        from postmortem.importing._confluence import storage_to_markdown  # noqa: PLC0415
        from postmortem.importing._html_page import html_page_to_markdown, is_html_page  # noqa: PLC0415

        if is_html_page(text):  # a page saved from a wiki or a browser, not a storage-format body
            markdown, notes = html_page_to_markdown(text, source=source)
            return markdown, "html", notes

        markdown, notes = storage_to_markdown(text, source=source)
        return markdown, chosen, notes
    return text, chosen, []


def incident_count(
    source: str | os.PathLike[str], format: DocumentFormat = "auto", *, max_bytes: int = MAX_BYTES
) -> int:
    """How many incidents a write-up describes: 1, or N for "Incident 1" .. "Incident N" sections."""
    from postmortem.importing._split import incident_parts  # noqa: PLC0415

    text, _name, where = _source(source, None, max_bytes)
    markdown, _chosen, _notes = _markdown_of(text, format, where)
    return len(incident_parts(markdown)) or 1


def import_split(
    source: str | os.PathLike[str],
    format: DocumentFormat = "auto",
    *,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    year: int | None = None,
) -> tuple[ImportResult, ...]:
    """Import a write-up of several incidents (a monthly report) as one incident each, and their parent.

    The write-up describes several incidents when two headings or more of one level read
    "Incident 1: ...", "Incident 2: ..." (or Outage / Event / Disruption N). Each such section
    becomes an incident of its own, with the write-up's date and time zone where it gives none,
    and the id ``{parent id}-{N}``; the rest of the write-up (its introduction, the follow-ups
    across incidents) becomes the parent. The parent lists each incident as a ``child`` in
    ``related``, and each incident lists the parent as its ``parent``.

    Returns:
        The parent first, then the incidents in document order; one result (as
        :func:`import_document` gives it) for a write-up of one incident.
    """
    from postmortem.importing._split import split  # noqa: PLC0415

    text, name, where = _source(source, name, max_bytes)
    markdown, chosen, notes = _markdown_of(text, format, where)
    whole = build(markdown, name=name or "document", year=year, source=where)
    from postmortem.importing._four_digits import four_digit_clocks, writes_four_digit_times  # noqa: PLC0415
    from postmortem.importing._times import numeric_dates  # noqa: PLC0415

    with numeric_dates(whole.date_order), four_digit_clocks(writes_four_digit_times(markdown)):
        parent_text, children = split(markdown, table(), whole.doc_date, whole.doc_zone)
    if not children:
        return (import_text(text, format, name=name, source=where, year=year),)
    parent_draft = build(parent_text, name=name or "document", order=whole.date_order, year=year)
    if notes:
        parent_draft = attrs.evolve(parent_draft, inferred=(*notes, *parent_draft.inferred))
    parent_id = str(parent_draft.fields["id"])
    parent_title = str(parent_draft.fields.get("title", ""))
    results: list[ImportResult] = []
    for child in children:
        draft = build(child.markdown, name=f"{parent_id}-{child.number}", order=whole.date_order, year=year)
        line = f"incident {child.number} of the write-up (line {child.line}); its parent is {parent_id}"
        mapping = tuple(attrs.evolve(m, line=child.source_line(m.line)) for m in draft.mapping)
        warnings = tuple(
            (None if at is None else child.source_line(at), path, message) for at, path, message in draft.warnings
        )
        draft = attrs.evolve(draft, inferred=(line, *draft.inferred), mapping=mapping, warnings=warnings)
        result = _result(draft, chosen, where)
        if result.incident.id.casefold() != parent_id.casefold():
            link = model.RelatedIncident(parent_id, model.Relation.PARENT, title=parent_title)
            result = attrs.evolve(
                result, incident=attrs.evolve(result.incident, related=(link, *result.incident.related))
            )
        results.append(result)
    if parent_draft.fields.get("milestones") is None:
        # The write-up's own text has no date: it began when its first incident did.
        first = min(results, key=lambda result: result.incident.milestones.started)
        fields = dict(parent_draft.fields)
        fields["milestones"] = model.Milestones(
            started=first.incident.milestones.started,
            started_accuracy=first.incident.milestones.started_accuracy,
        )
        note = f"started: when its first incident, {first.incident.id}, started"
        parent_draft = attrs.evolve(parent_draft, fields=fields, inferred=(*parent_draft.inferred, note))
    parent = _result(parent_draft, chosen, where)
    child_links = tuple(
        model.RelatedIncident(result.incident.id, model.Relation.CHILD, title=result.incident.title)
        for result in results
        if result.incident.id.casefold() != parent_id.casefold()
    )
    parent_incident = attrs.evolve(parent.incident, related=(*child_links, *parent.incident.related))
    inferred = (f"a write-up of {len(results)} incidents, imported one by one", *parent.inferred)
    parent = attrs.evolve(parent, incident=parent_incident, inferred=inferred)
    return (parent, *results)


def import_text(
    text: str,
    format: DocumentFormat = "auto",
    *,
    name: str | None = None,
    source: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Import a post-mortem from its text; see :func:`import_document`."""
    # Line ends as a file read by import_document has them ("\r" alone ended a line for the
    # parser but not for the line numbers, and an item's line was looked up past the end).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    markdown, chosen, notes = _markdown_of(text, format, source)
    draft = build(markdown, name=name or "document", year=year, source=source)
    if notes:
        draft = attrs.evolve(draft, inferred=(*notes, *draft.inferred))
    return _result(draft, chosen, source)


def _no_date(draft: Draft, source: str | None) -> Problem:
    """Why the document has no date, located at its first date written without a year where it has one."""
    if draft.yearless is None:
        message = "no date anywhere in the document; add a line such as 'Date: 2026-05-21'"
        return Problem("$.milestones.started", message, source=source)
    line, words = draft.yearless
    shown = words if len(words) <= 60 else words[:57] + "..."
    return Problem(
        "$.milestones.started",
        f"'{shown}' is a date without a year, and the document names no year anywhere; give the year with"
        " --year YYYY (import_document(..., year=YYYY)) or add a line such as 'Date: 2026-05-21' under the title",
        line=line,
        source=source,
    )


def _result(draft: Draft, chosen: str, source: str | None) -> ImportResult:
    fields: dict[str, Any] = dict(draft.fields)
    inferred = list(draft.inferred)
    missing = list(draft.missing)
    if fields.get("milestones") is None:
        raise IncidentFormatError([_no_date(draft, source)], source=source)
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
        warnings=tuple(Problem(path, message, line=line, source=source) for line, path, message in draft.warnings),
    )
