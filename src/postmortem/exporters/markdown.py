"""The Markdown exporter: GitHub-flavoured Markdown with tables."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any, ClassVar

from postmortem.chart import timeline_description, timeline_svg, worth_drawing
from postmortem.export import Attachment, Option
from postmortem.exporters._template import COMMON_OPTIONS, TemplateExporter
from postmortem.model import Incident

__all__ = ["MarkdownExporter"]

_BLANK_RUNS = re.compile(r"\n{3,}")


class MarkdownExporter(TemplateExporter):
    """Render a post-mortem as GitHub-flavoured Markdown.

    Tables hold the timeline, contributing factors and action items. All incident text is
    escaped: ``|``, line breaks, leading ``#``, raw HTML and link syntax cannot change the
    document's structure.

    Written to a file, the report shows the timeline chart: an SVG file beside it, named
    after it (``INC-7.md`` links ``INC-7-timeline.svg``), as GitHub, GitLab and static site
    generators display it. The string from :meth:`~postmortem.export.Exporter.render` stands
    alone and has no chart, since it has no folder to refer to;
    :meth:`~postmortem.export.Exporter.render_with_files` gives the document with the link and
    the chart's file, for you to store together.
    """

    name = "markdown"
    media_type = "text/markdown; charset=utf-8"
    suffix = ".md"
    description = "GitHub-flavoured Markdown with tables"
    template_kind = "markdown"
    default_template = "markdown/incident.md.j2"
    options: ClassVar[Mapping[str, Option]] = {
        **COMMON_OPTIONS,
        "front_matter": Option(
            "front_matter",
            bool,
            True,
            "Start with YAML front matter (id, title, severity, status, milestones) for static site generators.",
        ),
        "timeline_chart": Option(
            "timeline_chart",
            bool,
            True,
            "Link the SVG timeline chart, written beside the file as NAME-timeline.svg (files only, not strings).",
        ),
    }

    def context(self, incident: Incident) -> dict[str, Any]:
        """Add the front matter setting; no chart (see :meth:`~postmortem.export.Exporter.render_with_files`)."""
        return {"front_matter": self.settings["front_matter"], "chart": None}

    def render(self, incident: Incident) -> str:
        """Render the Markdown document, standing alone (without the chart, which is a file)."""
        return self._render(incident, None)

    def render_with_files(self, incident: Incident, filename: str) -> tuple[str, tuple[Attachment, ...]]:
        """Render the document to be saved as ``filename``, linking its chart, and the chart's SVG file.

        Returns:
            The Markdown and, unless the ``timeline_chart`` option is off or the chart has
            nothing to show (:func:`postmortem.chart.worth_drawing`), the chart named
            ``<stem of filename>-timeline.svg``.
        """
        if not self.settings["timeline_chart"] or not worth_drawing(incident):
            return self.render(incident), ()
        name = f"{PurePath(filename).stem or 'incident'}-timeline.svg"
        chart = {"src": urllib.parse.quote(name), "alt": timeline_description(incident)}
        svg = timeline_svg(incident, standalone=True).encode("utf-8")
        return self._render(incident, chart), (Attachment(name, svg, "image/svg+xml"),)

    def _render(self, incident: Incident, chart: dict[str, str] | None) -> str:
        text = self.render_template(incident, chart=chart)
        return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
