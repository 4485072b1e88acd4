"""Words, durations and values as a comparison shows them."""

from __future__ import annotations

import difflib
import enum
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs

from postmortem.comparison._changes import _MAX_WORDS
from postmortem.model import Incident
from postmortem.presentation import format_duration


def _words(text: str) -> list[str]:
    return text.split()


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The word diff of two texts; empty when they hold the same words (re-wrapping is no change)."""
    old, new = _words(before), _words(after)
    if old == new:
        return ()
    if len(old) > _MAX_WORDS or len(new) > _MAX_WORDS:
        return (("-", " ".join(old)), ("+", " ".join(new)))
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(old[i1:i2])))
        else:
            if i2 > i1:
                ops.append(("-", " ".join(old[i1:i2])))
            if j2 > j1:
                ops.append(("+", " ".join(new[j1:j2])))
    return tuple(ops)


def _similarity(a: str, b: str) -> float:
    old, new = _words(a.casefold())[:2000], _words(b.casefold())[:2000]
    if not old and not new:
        return 1.0
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()


def _same_words(a: str, b: str) -> bool:
    return _words(a) == _words(b)


def _duration(value: timedelta | None) -> str:
    return format_duration(value, compact=True)


def _zone(incident: Incident) -> tzinfo | None:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    try:
        return ZoneInfo(incident.timezone)
    except Exception:
        return None


def _show(value: Any, zone: tzinfo | None = None) -> str:  # noqa: PLR0911  (one form per type)
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (tuple, list)):
        return ", ".join(_show(item, zone) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_show(item, zone)}" for key, item in value.items())
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        shown = [
            f"{field.name}={_show(getattr(value, field.name), zone)}"
            for field in fields
            if getattr(value, field.name) != field.default and field.init
        ]
        name = getattr(value, "name", None)
        return name if isinstance(name, str) and type(value).__name__ == "Severity" else "; ".join(shown)
    return str(value)


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
