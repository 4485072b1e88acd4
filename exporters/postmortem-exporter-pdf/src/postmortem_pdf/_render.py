"""HTML to PDF with WeasyPrint, under the resource policy of :mod:`postmortem_pdf._fetcher`.

Everything that touches WeasyPrint goes through :func:`html_to_pdf`, so the exporter and the
security tests exercise the very same code path.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs

from postmortem.errors import ExporterError

__all__ = ["RenderedPdf", "html_to_pdf"]

logger = logging.getLogger("postmortem_pdf")


@attrs.frozen
class RenderedPdf:
    """A rendered PDF and what the fetcher refused on the way.

    Attributes:
        data: The PDF file.
        pages: How many pages it has.
        refused: Descriptions of the resources that were refused (scheme, host and path only).
    """

    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")
    pages: int
    refused: tuple[str, ...]


class _ThreadRecords(logging.Handler):
    """Collect WeasyPrint's error records emitted by this thread only (renders may run in parallel)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


@contextmanager
def _collect_errors() -> Iterator[_ThreadRecords]:
    weasyprint_logger = logging.getLogger("weasyprint")
    handler = _ThreadRecords()
    weasyprint_logger.addHandler(handler)
    try:
        yield handler
    finally:
        weasyprint_logger.removeHandler(handler)


def html_to_pdf(
    html: str,
    *,
    base_dir: Path | None = None,
    stylesheets: Sequence[str] = (),
    pdf_variant: str | None = None,
    tagged: bool = False,
    required_images: Sequence[str] = (),
) -> RenderedPdf:
    """Lay out ``html`` as a PDF, reading nothing but ``data:`` URIs (and ``base_dir`` if given).

    Args:
        html: A whole HTML document.
        base_dir: The directory relative URLs resolve against and the only place local files
            may be read from; ``None`` (the default) reads no file at all.
        stylesheets: CSS applied after the document's own, as text (loaded under the same policy).
        pdf_variant: A WeasyPrint PDF variant such as ``pdf/a-3b``, or ``None``.
        tagged: Write a tagged (structured, accessible) PDF.
        required_images: ``data:`` URIs the document must be able to show; one that fails
            to load is an error instead of a missing picture.

    Returns:
        The PDF with its page count and the refused resources.

    Raises:
        ExporterError: when a required image cannot be decoded or WeasyPrint fails.
    """
    import weasyprint  # noqa: PLC0415  (heavy: loaded only when a PDF is made)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    from postmortem_pdf._fetcher import LockedURLFetcher  # noqa: PLC0415  (imports WeasyPrint)

    try:
        fetcher = LockedURLFetcher(base_dir)
    except OSError as exc:
        raise ExporterError(f"pdf: base_dir cannot be used: {exc.strerror or exc}") from None
    base_url = base_dir.resolve().as_uri() + "/" if base_dir is not None else None
    with _collect_errors() as errors:
        try:
            # One font configuration for the document and the extra stylesheets, so that an
            # @font-face with a data: URI in them is honoured.
            fonts = FontConfiguration()
            css = [
                weasyprint.CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
                for text in stylesheets
            ]
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=fonts, stylesheets=css, pdf_variant=pdf_variant, pdf_tags=tagged
            )
            _check_images(errors.records, required_images)
            with warnings.catch_warnings():
                # WeasyPrint 70 opens its sRGB profile for PDF/A output and leaves closing it
                # to the garbage collector, which warns; the file is a read-only package file.
                warnings.filterwarnings("ignore", message=r".*sRGB2014\.icc", category=ResourceWarning)
                # No pdf_identifier for plain PDFs: pydyf would compress every stream a second
                # time to hash it (about 4% of the render). PDF/A variants turn it on, as a
                # content hash, so those files carry an /ID that is the same for the same input.
                data = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=tagged)
        except ExporterError:
            raise
        except Exception as exc:  # WeasyPrint raises many kinds; the caller gets one, with the cause chained
            raise ExporterError(f"pdf: WeasyPrint could not lay out the report: {type(exc).__name__}: {exc}") from exc
    for description in fetcher.refused:
        logger.warning("refused to load %s (allow local files with base_dir)", description)
    return RenderedPdf(data, len(document.pages), tuple(fetcher.refused))


def _check_images(records: Sequence[logging.LogRecord], required: Sequence[str]) -> None:
    """Raise if WeasyPrint reported a failure for one of the ``required`` images."""
    if not required:
        return
    wanted = set(required)
    for record in records:
        if any(isinstance(arg, str) and arg in wanted for arg in (record.args or ())):
            raise ExporterError(f"pdf: an embedded image could not be decoded ({record.getMessage()[:120]}…)")
