"""Atlassian Statuspage incidents and their incident updates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.sources._base import (
    Input,
    ReadContext,
    declare_options,
    input_name,
    items,
    make_event,
    mapping,
    open_text,
    parse_time,
    text_of,
)
from postmortem.sources._json import JSONStream
from postmortem.sources._line_glance import LineGlance

__all__ = ["StatuspageSource"]

_STATUS_WORDS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "postmortem": "Postmortem",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
    "update": "Update",
}


def _component(component: Mapping[str, Any]) -> str:
    status = text_of(component.get("new_status")).replace("_", " ")
    return f"{text_of(component.get('name'))} {status}".strip()


class StatuspageSource:
    """Statuspage incidents: each incident update becomes a status update event.

    Reads one incident object (as ``GET /v1/pages/{page_id}/incidents/{id}`` returns it),
    a webhook body (``{"incident": {...}}``), the public ``/api/v2/incidents.json``
    (``{"page": ..., "incidents": [...]}``, streamed incident by incident), a JSON array
    of incidents, or JSON Lines of any of these.

    Each update gives a ``status_update`` event at its ``display_at`` (``created_at``
    when absent) reading ``<Status>: <body>``, such as ``Resolved: The fix is live.``;
    the link is the incident's ``shortlink``.

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * incident (str): Keep only the incident with this id.
    """

    name = "statuspage"
    description = "Statuspage incident JSON (incident updates with status and body)"
    input_help = "Statuspage incident JSON."

    # Not a flag of postmortem timeline (yet): its flags stay as they were.
    options: ClassVar[Mapping[str, Option]] = declare_options(
        Option("incident", str, None, "Keep only the incident with this id.", cli=False),
    )

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield a status update event per incident update; see the class docs.

        Raises:
            SourceError: when the file cannot be read, or in strict mode on a bad update.
        """
        ctx = ReadContext.from_options(input_name(input), self.name, options, self.options)
        only = options.get("incident")
        # An update's time is display_at, else created_at: each update must have one, and
        # every value of either in the line (the incident's own too) be outside the window.
        glance = LineGlance(ctx, ("display_at", "created_at"), "incident_updates")
        ctx.what = "Statuspage incidents (JSON)"
        with open_text(input, ctx) as stream:
            skip = glance.outside if glance.on else None
            reader = JSONStream(stream, ctx)
            for where, record in reader.records(("incidents",), skip_line=skip):
                incidents = record if isinstance(record, list) else [record]
                for incident in incidents:
                    if isinstance(incident, Mapping) and isinstance(incident.get("incident"), Mapping):
                        incident = incident["incident"]  # noqa: PLW2901  (unwrap a webhook body)
                    if not isinstance(incident, Mapping) or not isinstance(incident.get("incident_updates"), list):
                        ctx.problem(where, "not a Statuspage incident (no incident_updates list)")
                        continue
                    ctx.seen += 1
                    if only is not None and incident.get("id") != only:
                        continue
                    for event in self._events(incident, where, ctx):
                        if ctx.keeps(event.time):
                            yield event
            ctx.finish(empty=not reader.documents and not ctx.seen)

    def _events(self, incident: Mapping[str, Any], where: str, ctx: ReadContext) -> Iterator[TimelineEvent]:
        link = text_of(incident.get("shortlink")) or None
        for index, raw in enumerate(incident["incident_updates"]):
            place = f"{where} incident_updates[{index}]"
            update = mapping(raw)
            status = text_of(update.get("status"))
            if not status:
                ctx.problem(place, "an incident update without a status")
                continue
            try:
                time = parse_time(update.get("display_at") or update.get("created_at"))
            except ValueError as exc:
                ctx.problem(place, f"display_at/created_at: {exc}")
                continue
            if not ctx.keeps(time):
                continue  # outside the window: no event is built for it
            word = _STATUS_WORDS.get(status, status.replace("_", " ").capitalize())
            body = text_of(update.get("body"))
            components = [
                _component(mapping(c))
                for c in items(update.get("affected_components"))
                if text_of(mapping(c).get("name"))
            ]
            description = f"{word}: {body}" if body else word
            if components and not body:
                description += f" ({'; '.join(components)})"
            event = make_event(
                ctx,
                place,
                time=time,
                description=description,
                kind=EventKind.STATUS_UPDATE,
                source=ctx.label,
                link=link,
                source_id=text_of(update.get("id")) or None,
            )
            if event is not None:
                yield event
