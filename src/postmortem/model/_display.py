"""How a notebook shows one part of an incident: a timeline event, an action item, a factor, a person.

The incident shows its report (``_repr_html_`` and ``_repr_markdown_`` in ``_incident.py``); a
part alone showed only its ``repr``, one long line of ``datetime.datetime(2026, 5, 4, 8, 12,
tzinfo=...)`` and enum names. Each part here is a short card: a headline (the time and kind of an
event, the id, status and priority of an action item), the text as the report renders it, then
the fields that are set, each with its name. Everything written by a person is escaped (HTML) or
kept on its own line (Markdown); the prose is rendered as the report renders it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem.model._people import Participant
    from postmortem.model._sections import ActionItem, ContributingFactor, Hypothesis, TimelineEvent

# A time written to a unit, as "known to the day".
_UNITS = {"date": "day"}

# The fields under the headline: each one's name and value as a person reads them.
Fields = Sequence[tuple[str, str]]


def _time(value: datetime) -> str:
    """``2026-05-04 08:12 UTC+02:00``: the time as written, in its own zone (seconds only when set)."""
    shown = value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    return f"{shown} {value.strftime('%Z') or value.strftime('%z')}"


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _prose_html(text: str) -> str:
    from postmortem.markup import to_inline_html  # noqa: PLC0415  (keeps import postmortem.model light)

    return to_inline_html(text)


def _card_html(kind: str, headline: Sequence[str], text: str, fields: Fields) -> str:
    """A part as HTML: its headline in bold parts, its text as the report renders it, its fields."""
    head = " · ".join(f"<b>{html.escape(part)}</b>" if i == 0 else html.escape(part) for i, part in enumerate(headline))
    rows = "".join(
        f"<tr><th scope=row style='text-align:left;padding-right:1em'>{html.escape(name)}</th>"
        f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
        for name, value in fields
        if value
    )
    table = f"<table>{rows}</table>" if rows else ""
    prose = f"<div>{_prose_html(text)}</div>" if text.strip() else ""
    return f'<div class="postmortem-part {kind}"><div>{head}</div>{prose}{table}</div>'


def _card_markdown(headline: Sequence[str], text: str, fields: Fields) -> str:
    """A part as Markdown: the headline's first part bold, the text, then one line a field."""
    first, *rest = headline
    head = " · ".join([f"**{first}**", *rest])
    # A field is one line of the list: its own line breaks would end the item.
    lines = [f"- {name}: {' '.join(value.split())}" for name, value in fields if value.strip()]
    return "\n\n".join(part for part in (head, text.strip(), "\n".join(lines)) if part) + "\n"


def _event_parts(event: TimelineEvent) -> tuple[list[str], Fields]:
    accuracy = event.time_accuracy
    known = [
        *([str(accuracy.bound.value).replace("_", " ")] if accuracy.bound is not None else []),
        *(
            [f"to the {_UNITS.get(str(accuracy.precision.value), str(accuracy.precision.value))}"]
            if not accuracy.is_exact and accuracy.precision.value != "exact"
            else []
        ),
    ]
    headline = [_time(event.time), event.kind.label]
    fields = [
        ("Time known", ", ".join(known)),
        ("Actor", event.actor or ""),
        ("Source", ", ".join([event.source, *event.also_in] if event.source else event.also_in)),
        ("Link", event.link or ""),
        ("Id in its source", event.source_id or ""),
    ]
    return headline, fields


def event_html(event: TimelineEvent) -> str:
    """A timeline event as HTML: its time and kind, what happened, then who and where from."""
    headline, fields = _event_parts(event)
    return _card_html("timeline-event", headline, event.description, fields)


def event_markdown(event: TimelineEvent) -> str:
    """A timeline event as Markdown (see :func:`event_html`)."""
    headline, fields = _event_parts(event)
    return _card_markdown(headline, event.description, fields)


def _action_parts(item: ActionItem) -> tuple[list[str], Fields]:
    headline = [item.id, item.status.label, f"{item.priority.label} priority"]
    fields = [
        ("Owner", item.owner or "no owner"),
        ("Due", _day(item.due) or "no due date"),
        ("Kind", item.kind.label),
        ("Reduces the risk by", item.risk_reduction),
        ("Tracker", " ".join(part for part in (item.tracker_key, item.tracker_url) if part)),
        ("Opened", _day(item.created)),
        ("Done on", _day(item.completed)),
        ("Verified by", item.verification),
    ]
    return headline, fields


def action_html(item: ActionItem) -> str:
    """An action item as HTML: its id, status and priority, what will be done, then the rest."""
    headline, fields = _action_parts(item)
    return _card_html("action-item", headline, item.description, fields)


def action_markdown(item: ActionItem) -> str:
    """An action item as Markdown (see :func:`action_html`)."""
    headline, fields = _action_parts(item)
    return _card_markdown(headline, item.description, fields)


def factor_html(factor: ContributingFactor) -> str:
    """A contributing factor as HTML: its category (and whether it was the trigger), then its text."""
    headline = [factor.category.label, *(["Trigger"] if factor.trigger else [])]
    return _card_html("contributing-factor", headline, factor.description, [])


def factor_markdown(factor: ContributingFactor) -> str:
    """A contributing factor as Markdown (see :func:`factor_html`)."""
    headline = [factor.category.label, *(["Trigger"] if factor.trigger else [])]
    return _card_markdown(headline, factor.description, [])


def hypothesis_html(hypothesis: Hypothesis) -> str:
    """A hypothesis as HTML: what became of it, what was believed, then the evidence."""
    return _card_html(
        "hypothesis", [hypothesis.outcome.label], hypothesis.statement, [("Evidence", hypothesis.evidence)]
    )


def hypothesis_markdown(hypothesis: Hypothesis) -> str:
    """A hypothesis as Markdown (see :func:`hypothesis_html`)."""
    return _card_markdown([hypothesis.outcome.label], hypothesis.statement, [("Evidence", hypothesis.evidence)])


def _participant_parts(person: Participant) -> tuple[list[str], Fields]:
    fields = [("Team", person.team or ""), ("Handle", person.handle or "")]
    fields += [(f"On {system}", account) for system, account in sorted(person.accounts.items())]
    return [person.name, *([person.role] if person.role else [])], fields


def participant_html(person: Participant) -> str:
    """A participant as HTML: name and role, then team, handle and accounts."""
    headline, fields = _participant_parts(person)
    return _card_html("participant", headline, "", fields)


def participant_markdown(person: Participant) -> str:
    """A participant as Markdown (see :func:`participant_html`)."""
    headline, fields = _participant_parts(person)
    return _card_markdown(headline, "", fields)
