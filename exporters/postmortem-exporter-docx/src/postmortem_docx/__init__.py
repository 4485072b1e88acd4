"""Editable Word (DOCX) post-mortems for ``postmortem``.

Installing this distribution registers the ``docx`` exporter::

    import postmortem
    from postmortem.export import export

    incident = postmortem.load("incident.yaml")
    export(incident, "docx", "report.docx", reference_document="company.docx")

The report is formatted through named styles: Word's own (:data:`REQUIRED_STYLES`, which a
reference document must define) and a few of ours (:data:`OWN_STYLES`, added when missing).
"""

from __future__ import annotations

from postmortem_docx._exporter import DocxExporter
from postmortem_docx._styles import OWN_STYLES, REQUIRED_STYLES

__all__ = ["OWN_STYLES", "REQUIRED_STYLES", "DocxExporter"]
