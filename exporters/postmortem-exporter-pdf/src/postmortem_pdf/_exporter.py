"""The ``pdf`` exporter: the core HTML report, laid out for print by WeasyPrint."""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from postmortem import presentation
from postmortem.errors import ExporterError
from postmortem.export import INCLUDE_EMPTY_OPTION, TODAY_OPTION, Exporter, Option
from postmortem.model import Incident

__all__ = ["PAGE_SIZES", "PDF_VARIANTS", "PdfExporter"]

PAGE_SIZES: dict[str, str] = {"A4": "A4", "Letter": "letter"}
"""Page size option values and the CSS ``size`` each one sets."""

PDF_VARIANTS: tuple[str, ...] = ("", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")
"""Accepted ``pdf_variant`` values; ``""`` is a plain PDF.

PDF/A-4 is left out on purpose: WeasyPrint writes a random document id into its metadata,
which would make two renders of the same incident differ.
"""

# Options the PDF passes on to the HTML exporter unchanged.
_HTML_OPTIONS = ("include_empty", "template_dirs", "template", "timeline_chart", "lang", "asset_dir", "today")

# The logo sits top right of the title block, scaled to fit a box the size of a letterhead mark.
_LOGO_BOX = (
    'content: ""; display: block; float: right; width: 42mm; height: 16mm; margin: 0 0 2mm 6mm;'
    " background: no-repeat right top / contain;"
)


def print_stylesheet(*, incident: bool = True) -> str:
    """The PDF's own CSS (page boxes, running header and footer, breaks), as shipped in the package.

    Args:
        incident: Include the rules only an incident report needs (its footer names the
            incident, severity and status); leave out for other documents.
    """
    package = files("postmortem_pdf")
    names = ("print.css", "incident.css") if incident else ("print.css",)
    return "\n".join(package.joinpath(name).read_text(encoding="utf-8") for name in names)


class PdfExporter(Exporter):
    """Render a post-mortem as a print-quality PDF.

    The PDF is the core HTML report laid out by WeasyPrint with a print stylesheet: A4 or
    Letter pages, a running header with the incident id and title, "Page X of Y" in the
    footer, an outline (bookmarks) from the headings and the document metadata (title,
    authors, keywords, dates) from the incident. Fonts are embedded.

    Rendering reads no local file and makes no network request: only ``data:`` URIs are
    loaded, unless ``base_dir`` names a directory whose files may be read. WeasyPrint is
    imported when a PDF is made, not when this module is.
    """

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"
    binary = True
    description = "Print-quality PDF (A4 or Letter, outline, metadata, optional PDF/A)"
    options: ClassVar[Mapping[str, Option]] = {
        "include_empty": INCLUDE_EMPTY_OPTION,
        "template_dirs": Option("template_dirs", tuple, (), "Directories searched before the built-in HTML templates."),
        "template": Option("template", str, "", "Name of the HTML template to render instead of the default one."),
        "timeline_chart": Option("timeline_chart", bool, True, "Draw the visual SVG timeline."),
        "today": TODAY_OPTION,
        "lang": Option("lang", str, "en", "The document language, for hyphenation and the PDF metadata."),
        "page_size": Option("page_size", str, "A4", "The paper size.", choices=tuple(PAGE_SIZES)),
        "pdf_variant": Option(
            "pdf_variant", str, "", "Write a PDF/A (archival) or PDF/UA file, e.g. pdf/a-3b.", choices=PDF_VARIANTS
        ),
        "tagged": Option(
            "tagged", bool, True, "Write a tagged PDF (PDF/UA structure for screen readers); false for an untagged one."
        ),
        "extra_css": Option(
            "extra_css", str, "", "CSS applied after the built-in styles; it may load only data: URIs."
        ),
        "logo": Option(
            "logo",
            object,
            None,
            "A logo for the title block: image bytes, or a file path inside base_dir (PNG, JPEG, GIF, WebP, SVG).",
        ),
        "asset_dir": Option(
            "asset_dir",
            str,
            "",
            "Folder that images in prose (![alt](file.png)) may come from; they are embedded as data: URIs "
            "before layout, so the PDF still reads no file itself. Empty: images show as their alt text.",
        ),
        "base_dir": Option(
            "base_dir",
            object,
            None,
            "A directory the PDF may read files from (logo, images in custom templates); none by default.",
        ),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        base_dir = self.settings["base_dir"]
        if base_dir is not None:
            if not isinstance(base_dir, (str, os.PathLike)):
                raise ExporterError(f"pdf: option 'base_dir' expects a path, got {type(base_dir).__name__}")
            if not Path(base_dir).is_dir():
                raise ExporterError(f"pdf: base_dir {os.fspath(base_dir)!r} is not a directory")
        logo = self.settings["logo"]
        if logo is not None and not isinstance(logo, (bytes, str, os.PathLike)):
            raise ExporterError(f"pdf: option 'logo' expects image bytes or a path, got {type(logo).__name__}")

    def html(self, incident: Incident) -> str:
        """Return the HTML that is laid out as the PDF: the core report with the print stylesheet.

        Raises:
            ExporterError: for a missing template or an unreadable logo.
        """
        return self._html(incident, self._logo_uri())

    def render(self, incident: Incident) -> bytes:
        """Return the PDF for ``incident``.

        Raises:
            ExporterError: for a missing template, an unreadable logo or a layout failure.
        """
        logo = self._logo_uri()
        return self._lay_out(self._html(incident, logo), logo)

    def render_html(self, html: str) -> bytes:
        """Lay out another whole HTML document (a reliability review) with this exporter's settings.

        The document gets the generic print stylesheet (page size, running header from its
        ``.title-block``, page numbers, breaks), the logo and ``extra_css``, and is rendered
        under the same resource policy as an incident report. The options that shape the
        incident report's HTML (``template``, ``include_empty``, ...) do not apply.

        Args:
            html: A whole HTML document.

        Returns:
            The PDF.

        Raises:
            ExporterError: for an unreadable logo or a layout failure.
        """
        logo = self._logo_uri()
        return self._lay_out(html, logo, stylesheets=(self._stylesheet(logo, incident=False),))

    def _lay_out(self, html: str, logo: str | None, stylesheets: tuple[str, ...] = ()) -> bytes:
        from postmortem_pdf._render import html_to_pdf  # noqa: PLC0415  (imports WeasyPrint)

        return html_to_pdf(
            html,
            base_dir=self._base_dir(),
            stylesheets=stylesheets,
            pdf_variant=self.settings["pdf_variant"] or None,
            tagged=self.settings["tagged"],
            required_images=(logo,) if logo else (),
        ).data

    def _stylesheet(self, logo: str | None, *, incident: bool) -> str:
        css = [print_stylesheet(incident=incident), f"@page {{ size: {PAGE_SIZES[self.settings['page_size']]}; }}"]
        if logo is not None:
            # Our own base64 data: URI (no quotes or backslashes), so it is safe in a CSS string.
            css.append(f'header.title-block::before {{ {_LOGO_BOX} background-image: url("{logo}"); }}')
        css.append(self.settings["extra_css"])
        return "\n".join(css)

    def _html(self, incident: Incident, logo: str | None) -> str:
        from postmortem.exporters.html import HTMLExporter  # noqa: PLC0415  (loads Jinja2)

        html_options = {name: self.settings[name] for name in _HTML_OPTIONS}
        # The print stylesheet goes inside the document (as the HTML exporter's extra CSS), so
        # the HTML returned by html() is exactly what is laid out.
        extra_css = self._stylesheet(logo, incident=True)
        # The PDF's creation and modification dates are when it is rendered (SOURCE_DATE_EPOCH
        # for reproducible builds), not when the incident happened.
        rendered_at = presentation.rendering_time().isoformat()
        return HTMLExporter(standalone=True, extra_css=extra_css, document_date=rendered_at, **html_options).render(
            incident
        )

    def _base_dir(self) -> Path | None:
        base_dir = self.settings["base_dir"]
        return Path(base_dir) if base_dir is not None else None

    def _logo_uri(self) -> str | None:
        """The logo as a checked ``data:`` URI, read from ``base_dir`` when given as a path."""
        from postmortem_pdf._images import image_data_uri  # noqa: PLC0415

        logo = self.settings["logo"]
        if logo is None:
            return None
        if isinstance(logo, bytes):
            return image_data_uri(logo, "logo")
        return image_data_uri(self._read_inside_base_dir(Path(logo), "logo"), "logo")

    def _read_inside_base_dir(self, path: Path, what: str) -> bytes:
        base_dir = self._base_dir()
        if base_dir is None:
            raise ExporterError(f"pdf: the {what} is a path, so base_dir must name the directory it is in")
        root = base_dir.resolve()
        try:
            resolved = (root / path).resolve(strict=True)
        except OSError as exc:
            raise ExporterError(f"pdf: the {what} {os.fspath(path)!r} cannot be read: {exc.strerror or exc}") from None
        except RuntimeError:  # a symbolic link loop
            raise ExporterError(f"pdf: the {what} {os.fspath(path)!r} cannot be read: symbolic link loop") from None
        if not resolved.is_relative_to(root):
            raise ExporterError(f"pdf: the {what} {os.fspath(path)!r} is outside base_dir")
        if not resolved.is_file():
            raise ExporterError(f"pdf: the {what} {os.fspath(path)!r} is not a file")
        return resolved.read_bytes()
