"""The Markdown exporter: GitHub-flavoured Markdown with tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from postmortem.export import Option
from postmortem.exporters._template import COMMON_OPTIONS, TemplateExporter
from postmortem.model import Incident

__all__ = ["MarkdownExporter"]

_BLANK_RUNS = re.compile(r"\n{3,}")


class MarkdownExporter(TemplateExporter):
    """Render a post-mortem as GitHub-flavoured Markdown.

    Tables hold the timeline, contributing factors and action items. All incident text is
    escaped: ``|``, line breaks, leading ``#``, raw HTML and link syntax cannot change the
    document's structure.
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
    }

    def context(self, incident: Incident) -> dict[str, Any]:
        """Add the front matter setting."""
        return {"front_matter": self.settings["front_matter"]}

    def render(self, incident: Incident) -> str:
        """Render the Markdown document."""
        text = super().render(incident)
        return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
