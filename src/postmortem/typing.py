"""The contracts a plugin implements, in one place.

A plugin author imports what their class must satisfy from here (as from structlog's
``typing`` module), whatever kind of plugin it is:

- an output format: :class:`~postmortem.export.Exporter`, a base class (entry-point group ``postmortem.exporters``);
- a format that also publishes: :class:`~postmortem.export.Publisher`, a base class (``postmortem.exporters``);
- a timeline source: :class:`~postmortem.sources.Source` (``postmortem.sources``);
- a check rule: :class:`~postmortem.checks.Rule` (``postmortem.rules``);
- an issue tracker: :class:`~postmortem.trackers.Tracker` (``postmortem.trackers``);
- a print layout for whole HTML documents: :class:`HtmlLayout`, offered by an exporter.

Exporters and publishers subclass their base classes, which check options and write files
for them; the others are protocols, so any object with the right members will do, and
``isinstance`` tells whether it has them. Each contract is also importable from the module
that uses it (``postmortem.export``, ``postmortem.sources``, ``postmortem.checks``,
``postmortem.trackers``).

Example:
    >>> from postmortem.sources import SlackSource
    >>> from postmortem.typing import Source
    >>> isinstance(SlackSource(), Source)
    True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from postmortem.checks import Rule
from postmortem.export import Exporter, Publisher
from postmortem.sources import Source
from postmortem.trackers import Tracker

__all__ = ["Exporter", "HtmlLayout", "Publisher", "Rule", "Source", "Tracker"]


@runtime_checkable
class HtmlLayout(Protocol):
    """An exporter that lays out a whole HTML document of the caller's, such as a review.

    The PDF exporter offers it, so that an analytics review is printed with the same page
    size, fonts, PDF/A setting and rule against reading local files or the network as an
    incident report (:func:`postmortem.analytics.review_pdf`).
    """

    def render_html(self, html: str) -> bytes:
        """Return the document laid out from ``html``, a complete HTML page.

        Raises:
            ExporterError: when the page cannot be laid out with this exporter's settings.
        """
        ...
