"""One incident in a stable, line-per-item form for ``git diff`` (``postmortem diff --textconv``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import tzinfo
from typing import Any

import attrs

from postmortem.comparison._changes import _HEAD_FIELDS, _MEASURES, _SKIP
from postmortem.comparison._render import _title
from postmortem.comparison._text import _duration, _show, _zone
from postmortem.model import ActionItem, Incident, TimelineEvent


def _paragraphs(text: str) -> Iterator[str]:
    """Each paragraph on one line: re-wrapping a paragraph does not change the view."""
    block: list[str] = []
    for line in text.splitlines():
        if line.strip():
            block.append(line.strip())
        elif block:
            yield " ".join(" ".join(block).split())
            block = []
    if block:
        yield " ".join(" ".join(block).split())


def _view_value(name: str, value: Any, zone: tzinfo | None, indent: str = "") -> Iterable[str]:
    if value is None or value in ((), "", {}):
        return
    if isinstance(value, str):
        paragraphs = list(_paragraphs(value))
        if len(paragraphs) == 1:
            yield f"{indent}{name}: {paragraphs[0]}"
        else:
            yield f"{indent}{name}:"
            yield from (f"{indent}  {p}" for p in paragraphs)
        return
    if isinstance(value, tuple):
        yield f"{indent}{name}:"
        for item in value:
            if attrs.has(type(item)):
                lines = [
                    line
                    for field in attrs.fields(type(item))
                    for line in _view_value(field.name, getattr(item, field.name), zone, indent + "    ")
                ]
                if lines:
                    yield f"{indent}  - " + lines[0].strip()
                    yield from lines[1:]
            else:
                yield f"{indent}  - {_show(item, zone)}"
        return
    if attrs.has(type(value)) and type(value).__name__ != "Severity":
        lines = [
            line
            for field in attrs.fields(type(value))
            if getattr(value, field.name) != field.default
            for line in _view_value(field.name, getattr(value, field.name), zone, indent + "  ")
        ]
        if lines:
            yield f"{indent}{name}:"
            yield from lines
        return
    yield f"{indent}{name}: {_show(value, zone)}"


def section_view(incident: Incident) -> str:  # noqa: PLR0912  (one block per kind of section)
    """The incident as stable text, one item per line, for ``git diff`` (textconv).

    The timeline is in time order, action items in id order, and each paragraph of prose on
    one line, so re-wrapping text or re-ordering the file shows no difference.
    """
    zone = _zone(incident)
    lines: list[str] = []
    for field in attrs.fields(Incident):
        name = field.name
        value = getattr(incident, name)
        if name in _SKIP or value == field.default:
            continue
        if name == "timeline":
            lines.append("")
            lines.append("## Timeline")
            for event in incident.ordered_timeline:
                head = f"{_show(event.time, zone)} [{event.kind.value}]"
                actor = f" ({event.actor})" if event.actor else ""
                lines.append(f"- {head}{actor} {' '.join(event.description.split())}")
                for sub in attrs.fields(TimelineEvent):
                    if sub.name in ("time", "kind", "actor", "description"):
                        continue
                    lines.extend(_view_value(sub.name, getattr(event, sub.name), zone, "    "))
            continue
        if name == "action_items":
            lines.append("")
            lines.append("## Action items")
            for item in sorted(incident.action_items, key=lambda item: item.id):
                lines.append(
                    f"- {item.id} [{item.status.value}] owner {_show(item.owner)}, due {_show(item.due)}: "
                    f"{' '.join(item.description.split())}"
                )
                for sub in attrs.fields(ActionItem):
                    if sub.name in ("id", "status", "owner", "due", "description"):
                        continue
                    if getattr(item, sub.name) != sub.default:
                        lines.extend(_view_value(sub.name, getattr(item, sub.name), zone, "    "))
            continue
        if name == "sections":
            for section in incident.sections:
                lines.append("")
                lines.append(f"## {' '.join(section.title.split())}")
                lines.extend(_paragraphs(section.body))
            continue
        rendered = list(_view_value(name, value, zone))
        if name not in _HEAD_FIELDS:
            lines.append("")
            lines.append(f"## {_title(name)}")
            if len(rendered) > 1:
                rendered = [line[2:] if line.startswith("  ") else line for line in rendered[1:]]
            else:
                rendered = [line.partition(": ")[2] for line in rendered]
        lines.extend(rendered)
    lines.append("")
    lines.append("## Measures")
    for measure, short in _MEASURES:
        lines.append(f"{short}: {_duration(getattr(incident.milestones, measure, None))}")
    return "\n".join(lines).lstrip("\n") + "\n"
