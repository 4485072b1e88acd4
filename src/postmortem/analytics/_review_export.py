"""Writing a review to files: HTML, Markdown with its chart files, and PDF."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from postmortem._files import atomic_write
from postmortem.analytics._review import Review, render_review
from postmortem.errors import PostmortemError

__all__ = ["review_pdf", "write_review"]


def review_pdf(html: str) -> bytes:
    """Turn a rendered HTML review into PDF with the installed PDF exporter.

    Raises:
        PostmortemError: when no PDF exporter is installed (with the package to install).
    """
    raise PostmortemError(
        "writing a review as PDF needs the PDF exporter; install it with: pip install postmortem[pdf]"
    )


def write_review(
    review: Review,
    formats: Sequence[str],
    directory: Path,
    *,
    stem: str = "review",
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Render ``review`` in each format and write the files atomically into ``directory``.

    Args:
        review: The review.
        formats: Any of ``html``, ``markdown`` and ``pdf``.
        directory: The output folder; created when missing.
        stem: The file name without suffix.
        template_dirs: Template folders searched before the built-in ones.

    Returns:
        The files written, charts of the Markdown review included.

    Raises:
        PostmortemError: for an unknown format, or PDF without a PDF exporter; nothing is
            written then.
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
        outputs[directory / f"{stem}.pdf"] = review_pdf(html)
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
