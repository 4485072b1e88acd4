"""Writing a review to files: HTML, Markdown with its chart files, and PDF."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from postmortem._files import atomic_write
from postmortem.analytics._review import Review, render_review
from postmortem.errors import ExporterError, PostmortemError

__all__ = ["review_pdf", "write_review"]


def review_pdf(html: str, **options: Any) -> bytes:
    """Lay out a rendered HTML review as PDF with the installed ``pdf`` exporter.

    The review reuses the PDF exporter rather than a layout engine of its own, so page size,
    PDF/A and the rule that rendering reads no local file or network URL are the same as for
    incident reports. The exporter must be a :class:`~postmortem.typing.HtmlLayout`: lay out a
    whole HTML document with its print stylesheet and settings (see the analytics docs).

    Args:
        html: The review as a whole HTML document (:func:`render_review` with ``"html"``).
        **options: Options for the PDF exporter, such as ``page_size="Letter"``.

    Returns:
        The PDF.

    Raises:
        ExporterNotFoundError: when no ``pdf`` exporter is installed; the message names the
            package to install (``postmortem-exporter-pdf``).
        ExporterError: when the installed exporter cannot lay out arbitrary HTML, or fails.
    """
    from postmortem.export import get_exporter  # noqa: PLC0415  (scans entry points)
    from postmortem.typing import HtmlLayout  # noqa: PLC0415  (imports every plugin contract)

    exporter = get_exporter("pdf")(**options)
    if not isinstance(exporter, HtmlLayout):
        raise ExporterError(
            f"the installed pdf exporter ({type(exporter).__module__}) cannot lay out a review: it has no "
            "render_html(html) method; upgrade postmortem-exporter-pdf"
        )
    data = exporter.render_html(html)
    if not isinstance(data, bytes):
        raise ExporterError(f"pdf: render_html returned {type(data).__name__}, not bytes")
    return data


def write_review(
    review: Review,
    formats: Sequence[str],
    directory: Path,
    *,
    stem: str = "review",
    template_dirs: Sequence[str | os.PathLike[str]] = (),
    pdf_options: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Render ``review`` in each format and write the files atomically into ``directory``.

    Args:
        review: The review.
        formats: Any of ``html``, ``markdown`` and ``pdf``.
        directory: The output folder; created when missing.
        stem: The file name without suffix.
        template_dirs: Template folders searched before the built-in ones.
        pdf_options: Options for the PDF exporter (``page_size``, ``pdf_variant``, ...).

    Returns:
        The files written, charts of the Markdown review included.

    Raises:
        PostmortemError: for an unknown format; :class:`~postmortem.errors.ExporterError`
            (a subclass) when PDF is asked for and cannot be made. Nothing is written then.
    """
    unknown = [name for name in formats if name not in ("html", "markdown", "pdf")]
    if unknown:
        raise PostmortemError(f"unknown review format {unknown[0]!r}; use html, markdown or pdf")
    outputs: dict[Path, bytes] = {}
    html: str | None = None
    if "html" in formats or "pdf" in formats:
        html = render_review(review, "html", template_dirs=template_dirs).text
    if "pdf" in formats:
        assert html is not None
        outputs[directory / f"{stem}.pdf"] = review_pdf(html, **(pdf_options or {}))
    if "html" in formats:
        assert html is not None
        outputs[directory / f"{stem}.html"] = html.encode("utf-8")
    if "markdown" in formats:
        rendered = render_review(review, "markdown", template_dirs=template_dirs, chart_folder=f"{stem}-charts")
        outputs[directory / f"{stem}.md"] = rendered.text.encode("utf-8")
        for relative, data in rendered.attachments.items():
            outputs[directory.joinpath(*PurePosixPath(relative).parts)] = data
    # Everything is rendered before anything is written, so a failure leaves no partial set.
    return [atomic_write(path, data) for path, data in sorted(outputs.items())]
