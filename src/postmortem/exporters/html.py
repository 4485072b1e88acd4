"""The HTML exporter: one standalone, print-ready file with an SVG timeline."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from typing import Any, ClassVar

from markupsafe import Markup

from postmortem import chart
from postmortem.export import Option
from postmortem.exporters._template import COMMON_OPTIONS, TemplateExporter
from postmortem.model import Incident

__all__ = ["HTMLExporter"]


def stylesheet() -> str:
    """The report's CSS, as shipped in the package."""
    return files("postmortem").joinpath("templates/html/style.css").read_text(encoding="utf-8")


class HTMLExporter(TemplateExporter):
    """Render a post-mortem as one standalone HTML file.

    The file holds its CSS and an SVG timeline inline and loads nothing from the network;
    it prints well (A4 or Letter) and is what the PDF exporter lays out. Prose fields are
    Markdown rendered by :mod:`postmortem.markup` (raw HTML shown as text, only safe links);
    other incident text is autoescaped.
    """

    name = "html"
    media_type = "text/html; charset=utf-8"
    suffix = ".html"
    description = "Standalone, print-ready HTML with an SVG timeline"
    template_kind = "html"
    default_template = "html/incident.html.j2"
    options: ClassVar[Mapping[str, Option]] = {
        **COMMON_OPTIONS,
        "standalone": Option(
            "standalone", bool, True, "Write a whole document with its CSS; false gives an embeddable fragment."
        ),
        "timeline_chart": Option("timeline_chart", bool, True, "Draw the visual SVG timeline."),
        "extra_css": Option("extra_css", str, "", "CSS appended to the built-in stylesheet (your own branding)."),
        "lang": Option("lang", str, "en", "The document language, for hyphenation and screen readers."),
        "document_date": Option(
            "document_date",
            str,
            "",
            "The document's creation time (ISO 8601) for its metadata; empty leaves it out (the PDF sets it).",
        ),
        "asset_dir": Option(
            "asset_dir",
            str,
            "",
            "Folder that images in prose may come from (embedded in the file); empty shows images as their alt text.",
        ),
    }

    def context(self, incident: Incident) -> dict[str, Any]:
        """Add the stylesheet, the SVG timeline and document settings."""
        from postmortem import __version__  # noqa: PLC0415

        draw_chart = self.settings["timeline_chart"] and chart.worth_drawing(incident)
        return {
            "standalone": self.settings["standalone"],
            "timeline_chart": draw_chart,
            "css": Markup(stylesheet()),  # noqa: S704  (our own package data, not user text)
            "extra_css": Markup(self.settings["extra_css"].replace("</", "<\\/")),  # noqa: S704  (the caller's own CSS)
            "lang": self.settings["lang"],
            "document_date": self.settings["document_date"],
            "version": __version__,
            "chart": Markup(chart.timeline_svg(incident)) if draw_chart else "",  # noqa: S704  (escaped inside)
        }
