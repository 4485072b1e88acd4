"""A second distribution claiming the name ``plaintext``, for duplicate-name tests."""

from __future__ import annotations

from postmortem.export import Exporter
from postmortem.model import Incident


class OtherPlain(Exporter):
    """Another plain-text exporter."""

    name = "plaintext"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, incident: Incident) -> str:
        """Render the title only."""
        return incident.title
