"""A plain-text exporter installed through a committed .dist-info, for discovery tests."""

from __future__ import annotations

from postmortem.export import Exporter
from postmortem.model import Incident

IMPORTED = True


class PlainTextExporter(Exporter):
    """The incident id and title as plain text."""

    name = "plaintext"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, incident: Incident) -> str:
        """Render the headline."""
        return f"{incident.id}: {incident.title}\n"


class NotAnExporter:
    """Registered by mistake: not an Exporter subclass."""
