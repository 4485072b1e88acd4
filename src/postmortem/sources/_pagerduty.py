"""PagerDuty incident log entries (REST API v2, ``GET /incidents/{id}/log_entries``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.sources._base import (
    Input,
    ReadContext,
    declare_options,
    input_name,
    make_event,
    mapping,
    open_text,
    parse_time,
    text_of,
)
from postmortem.sources._json import JSONStream
from postmortem.sources._line_glance import LineGlance

__all__ = ["PagerDutySource"]

# Log entry types that are delivery bookkeeping rather than incident events.
_NOISE = frozenset({"notify_log_entry"})


def _who(reference: Mapping[str, Any]) -> str | None:
    """A person's name from an agent or assignee reference; machines give None."""
    kind = text_of(reference.get("type"))
    name = text_of(reference.get("summary")) or text_of(reference.get("name"))
    if kind.startswith("user") and name:
        return name
    return None


def _note_text(entry: Mapping[str, Any]) -> str:
    channel = mapping(entry.get("channel"))
    # The note's text sits in channel.summary; older exports and some tools use content or notes.
    for key in ("summary", "content", "notes"):
        text = text_of(channel.get(key))
        if text:
            return text
    return text_of(mapping(entry.get("note")).get("content"))


def _names(references: object) -> str:
    if not isinstance(references, list):
        return ""
    names = [text_of(mapping(ref).get("summary")) for ref in references]
    return ", ".join(name for name in names if name)


def _prefixed(word: str, summary: str) -> str:
    """``summary`` starting with ``word``: PagerDuty's summaries usually do already."""
    if not summary or summary.casefold().startswith(word.casefold()):
        return summary
    return f"{word}: {summary}"


def _describe(
    entry_type: str, raw: Mapping[str, Any], incident: Mapping[str, Any], actor: str | None
) -> tuple[EventKind, str] | None:
    """The kind and wording of a log entry; None for a note without text."""
    summary = text_of(raw.get("summary"))
    assignees = _names(raw.get("assignees"))
    if entry_type == "trigger_log_entry":
        title = (
            text_of(incident.get("summary"))
            or text_of(incident.get("title"))
            or text_of(mapping(raw.get("event_details")).get("description"))
            or text_of(mapping(raw.get("channel")).get("summary"))
            or summary
        )
        return EventKind.ALERT, f"Triggered: {title}" if title else "Triggered"
    if entry_type == "annotate_log_entry":
        note = _note_text(raw)
        return (EventKind.CHAT, f"Note: {note}") if note else None
    actions = {
        "acknowledge_log_entry": f"Acknowledged by {actor}" if actor else "Acknowledged",
        "unacknowledge_log_entry": summary or "Acknowledgement timed out",
        "resolve_log_entry": f"Resolved by {actor}" if actor else "Resolved automatically",
        "escalate_log_entry": (_prefixed("Escalated", summary) or f"Escalated to {assignees or 'the next level'}"),
        "assign_log_entry": f"Assigned to {assignees}" if assignees else (summary or "Reassigned"),
    }
    if entry_type in actions:
        return EventKind.ACTION, actions[entry_type]
    fallback = entry_type.removesuffix("_log_entry").replace("_", " ").capitalize()
    return EventKind.OTHER, summary or fallback


def _created_at(raw: Mapping[str, Any], where: str, ctx: ReadContext) -> datetime | None:
    try:
        return parse_time(raw.get("created_at"))
    except ValueError as exc:
        ctx.problem(where, f"created_at: {exc}")
        return None


class PagerDutySource:
    """PagerDuty incident log entries as saved from the REST API v2.

    Reads ``{"log_entries": [...], "limit": ..., "more": ...}`` pages (one or several
    concatenated, or JSON Lines of pages or entries) or a bare array of entries. Entries
    are decoded one at a time.

    ==========================  ==========  =====================================
    Log entry type              Event kind  Description
    ==========================  ==========  =====================================
    ``trigger_log_entry``       alert       ``Triggered: <incident title>``
    ``acknowledge_log_entry``   action      ``Acknowledged by <user>``
    ``escalate_log_entry``      action      ``Escalated: <summary>``
    ``assign_log_entry``        action      ``Assigned to <users>``
    ``resolve_log_entry``       action      ``Resolved by <user>``
    ``annotate_log_entry``      chat        ``Note: <text>``
    ``notify_log_entry``        (skipped)   kept with ``include_notifications``
    anything else               other       the entry's summary
    ==========================  ==========  =====================================

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * include_notifications (bool): Keep ``notify_log_entry`` records (who was paged how).
    * incident (str): Keep only entries of this PagerDuty incident id (``PT4KHLK``).
    """

    name = "pagerduty"
    description = "PagerDuty incident log entries (REST API v2 JSON)"
    input_help = "PagerDuty log entries (REST API v2 JSON)."

    # Not flags of postmortem timeline (yet): its flags stay as they were.
    options: ClassVar[Mapping[str, Option]] = declare_options(
        Option("include_notifications", bool, False, "Keep notify_log_entry records.", cli=False),
        Option("incident", str, None, "Keep only entries of this PagerDuty incident id.", cli=False),
    )

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield an event per log entry; see the class docs for the options.

        Raises:
            SourceError: when the file cannot be read, or in strict mode on a bad entry.
        """
        ctx = ReadContext.from_options(input_name(input), self.name, options, self.options)
        include_notifications = bool(options.get("include_notifications", False))
        only_incident = options.get("incident")
        glance = LineGlance(ctx, ("created_at",), "log_entries", line_is_record=True, top_array_holds_records=True)
        ctx.what = "PagerDuty log entries (REST API v2 JSON)"
        with open_text(input, ctx) as stream:
            skip = glance.outside if glance.on else None
            reader = JSONStream(stream, ctx)
            for where, record in reader.records(("log_entries",), skip_line=skip):
                if isinstance(record, Mapping) and isinstance(record.get("log_entry"), Mapping):
                    # GET /log_entries/{id} wraps the one entry.
                    entries = [record["log_entry"]]
                else:
                    entries = record if isinstance(record, list) else [record]
                for entry in entries:
                    event = self._event(entry, where, ctx, include_notifications, only_incident)
                    if event is not None and ctx.keeps(event.time):
                        yield event
            ctx.finish(empty=not reader.documents and not ctx.seen)

    def _event(
        self,
        raw: object,
        where: str,
        ctx: ReadContext,
        include_notifications: bool,
        only_incident: object,
    ) -> TimelineEvent | None:
        if not isinstance(raw, Mapping):
            ctx.problem(where, "a log entry must be a JSON object")
            return None
        entry_type = text_of(raw.get("type"))
        if not entry_type.endswith("_log_entry"):
            ctx.problem(where, f"not a PagerDuty log entry (type {entry_type or 'missing'!r})")
            return None
        ctx.seen += 1
        incident = mapping(raw.get("incident"))
        other_incident = only_incident is not None and text_of(incident.get("id")) != only_incident
        if other_incident or (entry_type in _NOISE and not include_notifications):
            return None
        time = _created_at(raw, where, ctx)
        if time is None or not ctx.keeps(time):
            return None  # outside the window: no event is built for it
        actor = _who(mapping(raw.get("agent")))
        described = _describe(entry_type, raw, incident, actor)
        if described is None:
            ctx.problem(where, "a note (annotate_log_entry) without text")
            return None
        kind, description = described
        link = text_of(raw.get("html_url")) or text_of(incident.get("html_url")) or None
        return make_event(
            ctx,
            where,
            time=time,
            description=description,
            kind=kind,
            source=ctx.label,
            actor=actor,
            link=link,
            source_id=text_of(raw.get("id")) or None,
        )
