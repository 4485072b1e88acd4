"""The exporters that ship with the core: Markdown and HTML.

They register in the ``postmortem.exporters`` entry-point group exactly like third-party
exporters do; get them with :func:`postmortem.get_exporter` or :func:`postmortem.export`.
"""

from __future__ import annotations

from postmortem.exporters._template import TemplateExporter
from postmortem.exporters.html import HTMLExporter
from postmortem.exporters.markdown import MarkdownExporter

__all__ = ["HTMLExporter", "MarkdownExporter", "TemplateExporter"]
