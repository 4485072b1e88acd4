"""PDF post-mortems for ``postmortem``, laid out by WeasyPrint.

Installing this distribution registers the ``pdf`` exporter::

    import postmortem
    postmortem.export(incident, "pdf", "INC-42.pdf", page_size="Letter")

Importing this package does not import WeasyPrint; that happens when a PDF is made.
"""

from __future__ import annotations

from postmortem_pdf._exporter import PAGE_SIZES, PDF_VARIANTS, PdfExporter, print_stylesheet

__all__ = ["PAGE_SIZES", "PDF_VARIANTS", "PdfExporter", "print_stylesheet"]
