"""What a comparison finds: each change, and the whole difference between two versions."""

from __future__ import annotations

import json

import attrs
from attrs import frozen

from postmortem.comparison._render import _HTMLStyle, _MarkdownStyle, _render, _TextStyle

_MEASURES = (
    ("time_to_detect", "TTD"),
    ("time_to_acknowledge", "TTA"),
    ("time_to_mitigate", "TTM"),
    ("time_to_resolve", "TTR"),
    ("impact_duration", "impact"),
)
# Sections in the order a reader meets them; each field of Incident belongs to one.
_SPECIAL = ("milestones", "timeline", "action_items", "sections")
_SKIP = ("severity_scale",)
# Short fields that head the section view; every other field is a section of its own.
_HEAD_FIELDS = frozenset({"id", "title", "severity", "status", "timezone", "markup"})
_MAX_WORDS = 20_000


@frozen
class Change:
    """One difference between two versions.

    Attributes:
        section: Where: ``milestones``, ``timeline``, ``action_items``, ``sections`` or the
            name of another field (``summary``, ``root_cause``, ``participants``).
        kind: What happened: ``added``, ``removed``, ``changed``, ``edited`` (reworded),
            ``moved`` (a timeline event's time), ``opened``, ``closed``, ``reopened``,
            ``re-dated``, ``owner``.
        path: The ``$.path`` of the item (in the newer version; in the older when removed).
        label: A short name for the item: an action item's id, an event's time and text.
        before: The old value as text, where there is one.
        after: The new value as text, where there is one.
        words: For reworded prose, the word diff: ``("=", text)``, ``("-", text)``, ``("+", text)``.
    """

    section: str
    kind: str
    path: str
    label: str = ""
    before: str | None = None
    after: str | None = None
    words: tuple[tuple[str, str], ...] = ()


@frozen
class IncidentDiff:
    """The differences between two versions of an incident.

    Attributes:
        before: A name for the older version (a file, ``REV:file``).
        after: A name for the newer version.
        changes: Every change, grouped by section in reading order.
        measures: ``(name, before, after)`` for each of TTD, TTA, TTM, TTR and impact
            duration that changed, as text.
    """

    before: str
    after: str
    changes: tuple[Change, ...]
    measures: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def sections(self) -> dict[str, list[Change]]:
        """The changes grouped by section, in reading order."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)
        return grouped

    def to_json(self) -> str:
        """The diff as JSON."""
        data = {
            "before": self.before,
            "after": self.after,
            "measures": [{"name": n, "before": b, "after": a} for n, b, a in self.measures],
            "changes": [
                {
                    **attrs.asdict(change, filter=lambda a, v: a.name != "words"),
                    "words": [list(w) for w in change.words],
                }
                for change in self.changes
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_text(self, *, color: bool = False) -> str:
        """The diff as text; ANSI colours when ``color``."""
        return _render(self, _TextStyle(color))

    def to_markdown(self) -> str:
        """The diff as Markdown, for a pull-request comment; user text is escaped."""
        return _render(self, _MarkdownStyle())

    def _repr_html_(self) -> str:
        return _render(self, _HTMLStyle())
