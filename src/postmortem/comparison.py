"""Comparing two versions of a post-mortem, section by section.

:func:`diff` matches timeline events (by ``source_id`` when both have one, else by time and
text), action items (by id, else by text), milestones, free-form sections (by title) and
every other field, and reports what was added, removed, moved, closed, re-dated or
reworded. Prose is compared word by word, so re-wrapping a paragraph is no change.

:func:`section_view` prints an incident in a stable, line-per-item form for ``git diff``
(``postmortem diff --textconv``).
"""

from __future__ import annotations

import difflib
import enum
import html
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs
from attrs import frozen

from postmortem.model import ActionItem, Incident, Milestones, Section, TimelineEvent

__all__ = ["Change", "IncidentDiff", "diff", "section_view"]

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


# --------------------------------------------------------------------------- text helpers


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
    if value is None:
        return "-"
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    text = "".join(parts) or f"{seconds}s"
    return sign + text


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


# --------------------------------------------------------------------------- comparing


class _Differ:
    def __init__(self, a: Incident, b: Incident) -> None:
        self.a, self.b = a, b
        self.zone = _zone(b)
        self.changes: list[Change] = []

    def add(self, section: str, kind: str, path: str, label: str = "", **values: Any) -> None:
        self.changes.append(Change(section, kind, path, label, **values))

    # ------------------------------------------------------------------ generic

    def value(self, section: str, path: str, label: str, old: Any, new: Any) -> None:
        """Compare two values of the same field, however deep."""
        if old == new:
            return
        if isinstance(old, enum.Enum) or isinstance(new, enum.Enum):
            self.add(section, "changed", path, label, before=_show(old), after=_show(new))
            return
        if isinstance(old, str) and isinstance(new, str):
            words = word_diff(old, new)
            if words:
                self.add(section, "edited", path, label, before=_show(old), after=_show(new), words=words)
            return
        if old is None or new is None:
            if old is None:
                self.add(section, "added", path, label, after=_show(new, self.zone))
            else:
                self.add(section, "removed", path, label, before=_show(old, self.zone))
            return
        if attrs.has(type(old)) and type(old) is type(new) and type(old).__name__ != "Severity":
            for field in attrs.fields(type(old)):
                self.value(
                    section,
                    f"{path}.{field.name}",
                    label or field.name,
                    getattr(old, field.name),
                    getattr(new, field.name),
                )
            return
        if isinstance(old, tuple) and isinstance(new, tuple):
            self.items(section, path, old, new)
            return
        self.add(section, "changed", path, label, before=_show(old, self.zone), after=_show(new, self.zone))

    def items(self, section: str, path: str, old: Sequence[Any], new: Sequence[Any]) -> None:
        """Compare two lists: match items by identity, then by similar text."""
        pairs, removed, added = _match(old, new, key=_identity, text=_show, threshold=0.5)
        for i, j in pairs:
            self.value(section, f"{path}[{j}]", _label(new[j]), old[i], new[j])
        for i in removed:
            self.add(section, "removed", f"{path}[{i}]", _label(old[i]), before=_show(old[i], self.zone))
        for j in added:
            self.add(section, "added", f"{path}[{j}]", _label(new[j]), after=_show(new[j], self.zone))

    # ------------------------------------------------------------------ sections

    def milestones(self) -> None:
        old, new = self.a.milestones, self.b.milestones
        for field in attrs.fields(Milestones):
            before, after = getattr(old, field.name), getattr(new, field.name)
            if before != after:
                kind = "added" if before is None else "removed" if after is None else "changed"
                self.add(
                    "milestones",
                    kind,
                    f"$.milestones.{field.name}",
                    field.name,
                    before=None if before is None else _show(before, self.zone),
                    after=None if after is None else _show(after, self.zone),
                )

    def measures(self) -> tuple[tuple[str, str, str], ...]:
        rows = []
        for name, short in _MEASURES:
            before = _duration(getattr(self.a.milestones, name, None))
            after = _duration(getattr(self.b.milestones, name, None))
            if before != after:
                rows.append((short, before, after))
        return tuple(rows)

    def timeline(self) -> None:
        old, new = self.a.timeline, self.b.timeline
        pairs = _match_events(old, new)
        matched_old = {i for i, _ in pairs}
        matched_new = {j for _, j in pairs}
        for i, j in pairs:
            before, after = old[i], new[j]
            path = f"$.timeline[{j}]"
            label = self._event_label(after)
            if before.time != after.time:
                self.add(
                    "timeline",
                    "moved",
                    f"{path}.time",
                    label,
                    before=_show(before.time, self.zone),
                    after=_show(after.time, self.zone),
                )
            for field in attrs.fields(TimelineEvent):
                if field.name == "time":
                    continue
                where = label if field.name == "description" else f"{label} ({field.name})"
                self.value(
                    "timeline", f"{path}.{field.name}", where, getattr(before, field.name), getattr(after, field.name)
                )
        for i, event in enumerate(old):
            if i not in matched_old:
                self.add(
                    "timeline", "removed", f"$.timeline[{i}]", self._event_label(event), before=_show(event.description)
                )
        for j, event in enumerate(new):
            if j not in matched_new:
                self.add(
                    "timeline", "added", f"$.timeline[{j}]", self._event_label(event), after=_show(event.description)
                )

    def _event_label(self, event: TimelineEvent) -> str:
        return f"{_show(event.time, self.zone)} {_clip(event.description, 60)}"

    def action_items(self) -> None:
        old, new = self.a.action_items, self.b.action_items
        pairs, removed, added = _match(
            old, new, key=lambda item: item.id, text=lambda item: item.description, threshold=0.6
        )
        for i, j in pairs:
            before, after = old[i], new[j]
            path = f"$.action_items[{j}]"
            label = after.id
            if before.status != after.status:
                if after.status.is_closed and not before.status.is_closed:
                    kind = "closed"
                elif before.status.is_closed and not after.status.is_closed:
                    kind = "reopened"
                else:
                    kind = "changed"
                self.add(
                    "action_items", kind, f"{path}.status", label, before=before.status.value, after=after.status.value
                )
            if before.due != after.due:
                self.add(
                    "action_items", "re-dated", f"{path}.due", label, before=_show(before.due), after=_show(after.due)
                )
            if before.owner != after.owner:
                self.add(
                    "action_items",
                    "owner",
                    f"{path}.owner",
                    label,
                    before=_show(before.owner),
                    after=_show(after.owner),
                )
            for field in attrs.fields(ActionItem):
                if field.name in ("status", "due", "owner"):
                    continue
                where = label if field.name == "description" else f"{label} ({field.name})"
                self.value(
                    "action_items",
                    f"{path}.{field.name}",
                    where,
                    getattr(before, field.name),
                    getattr(after, field.name),
                )
        for i in removed:
            item = old[i]
            self.add("action_items", "removed", f"$.action_items[{i}]", item.id, before=_show(item.description))
        for j in added:
            item = new[j]
            detail = (
                f"{_show(item.description)} (owner {_show(item.owner)}, due {_show(item.due)}, {item.status.value})"
            )
            self.add("action_items", "opened", f"$.action_items[{j}]", item.id, after=detail)

    def free_sections(self) -> None:
        old, new = self.a.sections, self.b.sections
        pairs, removed, added = _match(
            old, new, key=lambda s: " ".join(s.title.casefold().split()), text=lambda s: s.body, threshold=0.6
        )
        for i, j in pairs:
            before, after = old[i], new[j]
            label = after.title
            path = f"$.sections[{j}]"
            if not _same_words(before.title, after.title):
                self.add(
                    "sections", "renamed", f"{path}.title", label, before=_show(before.title), after=_show(after.title)
                )
            words = word_diff(before.body, after.body)
            if words:
                self.add("sections", "edited", f"{path}.body", label, words=words)
            for field in attrs.fields(Section):
                if field.name not in ("title", "body"):
                    self.value(
                        "sections",
                        f"{path}.{field.name}",
                        label,
                        getattr(before, field.name),
                        getattr(after, field.name),
                    )
        for i in removed:
            self.add("sections", "removed", f"$.sections[{i}]", old[i].title, before=_clip(old[i].body, 120))
        for j in added:
            self.add("sections", "added", f"$.sections[{j}]", new[j].title, after=_clip(new[j].body, 120))

    def run(self) -> IncidentDiff:
        for field in attrs.fields(Incident):
            name = field.name
            if name in _SKIP:
                continue
            if name == "milestones":
                self.milestones()
            elif name == "timeline":
                self.timeline()
            elif name == "action_items":
                self.action_items()
            elif name == "sections":
                self.free_sections()
            else:
                self.value(name, f"$.{name}", "", getattr(self.a, name), getattr(self.b, name))
        if self.a.severity_scale != self.b.severity_scale:
            self.add("severity_scale", "changed", "$.severity_scale")
        order = {name: index for index, name in enumerate(f.name for f in attrs.fields(Incident))}
        changes = sorted(self.changes, key=lambda change: order.get(change.section, len(order)))
        return IncidentDiff("", "", tuple(changes), self.measures())


def _identity(item: Any) -> Any:
    """What names a list item: an id, a name, a URL, else the item's words."""
    if isinstance(item, str):
        return " ".join(item.casefold().split())
    for name in ("id", "name", "url", "statement", "title"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value.strip():
            return (name, " ".join(value.casefold().split()))
    return _show(item).casefold()


def _label(item: Any) -> str:
    """A short name for a list item of several fields; empty for a plain string item."""
    if isinstance(item, str):
        return ""
    for name in ("id", "name", "url", "statement", "title", "description", "summary"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value.strip():
            return _clip(value, 60)
    return ""


def _match(
    old: Sequence[Any],
    new: Sequence[Any],
    *,
    key: Callable[[Any], Any],
    text: Callable[[Any], str],
    threshold: float,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of matching items, then the unmatched old and new indexes."""
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    new_keys: dict[Any, list[int]] = {}
    for j in free_new:
        new_keys.setdefault(key(new[j]), []).append(j)
    free_old: list[int] = []
    for i, item in enumerate(old):
        candidates = new_keys.get(key(item))
        if candidates:
            pairs.append((i, candidates.pop(0)))
        else:
            free_old.append(i)
    taken = {j for _, j in pairs}
    free_new = [j for j in free_new if j not in taken]
    if free_old and free_new and len(free_old) * len(free_new) <= 10_000:
        scored = sorted(
            ((_similarity(text(old[i]), text(new[j])), i, j) for i in free_old for j in free_new),
            key=lambda row: -row[0],
        )
        used_old: set[int] = set()
        used_new: set[int] = set()
        for score, i, j in scored:
            if score < threshold:
                break
            if i in used_old or j in used_new:
                continue
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
        free_old = [i for i in free_old if i not in used_old]
        free_new = [j for j in free_new if j not in used_new]
    return sorted(pairs, key=lambda pair: pair[1]), free_old, free_new


def _match_events(old: Sequence[TimelineEvent], new: Sequence[TimelineEvent]) -> list[tuple[int, int]]:
    """Timeline events matched by source id, then same time and words, then similar text nearby."""
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()

    def take_by(key: Callable[[TimelineEvent], Any]) -> None:
        # Indexed, so that matching long timelines stays linear.
        free: dict[Any, list[int]] = {}
        for j, after in enumerate(new):
            if j not in used_new:
                found = key(after)
                if found is not None:
                    free.setdefault(found, []).append(j)
        for i, before in enumerate(old):
            found = key(before)
            if i in used_old or found is None or not free.get(found):
                continue
            j = free[found].pop(0)
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)

    take_by(lambda event: getattr(event, "source_id", None))
    take_by(lambda event: (event.time, tuple(_words(event.description))))
    take_by(lambda event: tuple(_words(event.description)))
    rest_old = [i for i in range(len(old)) if i not in used_old]
    rest_new = [j for j in range(len(new)) if j not in used_new]
    if rest_old and rest_new and len(rest_old) * len(rest_new) <= 10_000:
        scored = []
        for i in rest_old:
            for j in rest_new:
                gap = abs((old[i].time - new[j].time).total_seconds())
                score = _similarity(old[i].description, new[j].description)
                if (gap <= 6 * 3600 and score >= 0.6) or (gap == 0 and score >= 0.3):
                    scored.append((score - gap / 86400, i, j))
        for _score, i, j in sorted(scored, key=lambda row: -row[0]):
            if i not in used_old and j not in used_new:
                pairs.append((i, j))
                used_old.add(i)
                used_new.add(j)
    return sorted(pairs, key=lambda pair: pair[1])


def diff(a: Incident, b: Incident, *, before: str = "a", after: str = "b") -> IncidentDiff:
    """Compare two versions of an incident, section by section.

    Args:
        a: The older version.
        b: The newer version.
        before: A name for ``a`` in the output (a file name, ``HEAD~1:incident.yaml``).
        after: A name for ``b``.

    Returns:
        The changes, grouped by section; falsy when the versions say the same thing.
    """
    result = _Differ(a, b).run()
    return attrs.evolve(result, before=before, after=after)


# --------------------------------------------------------------------------- rendering

_TITLES = {
    "milestones": "Milestones",
    "timeline": "Timeline",
    "action_items": "Action items",
    "sections": "Sections",
}


def _title(section: str) -> str:
    return _TITLES.get(section, section.replace("_", " ").capitalize())


class _TextStyle:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _paint(self, text: str, fg: str) -> str:
        if not self.color:
            return text
        import click  # noqa: PLC0415

        return click.style(text, fg=fg)

    def header(self, d: IncidentDiff) -> str:
        return f"--- {d.before}\n+++ {d.after}\n"

    def section(self, title: str) -> str:
        return f"\n{title}\n"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        return "".join(f"  {name}: {b} -> {a}\n" for name, b, a in rows)

    def change(self, change: Change) -> str:
        mark = {"added": "+", "opened": "+", "removed": "-"}.get(change.kind, "~")
        colour = {"+": "green", "-": "red", "~": "yellow"}[mark]
        where = f"{change.label}: " if change.label else ""
        line = f"  {self._paint(mark + ' ' + change.kind, colour)} {where}"
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{change.before} -> {change.after}"
        else:
            body = change.after if change.after is not None else change.before or ""
        return f"{line}{body}  ({change.path})\n"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return self._paint(f"[-{text}-]", "red")
        if op == "+":
            return self._paint(f"{{+{text}+}}", "green")
        return text

    def empty(self) -> str:
        return "no changes\n"


# Escaped wherever they are: every line of the output starts with our own markup, so the
# characters that only matter at the start of a line (-, +, 1.) need no escape.
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|~&"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MD_SPECIAL)


class _MarkdownStyle:
    def header(self, d: IncidentDiff) -> str:
        return f"**Post-mortem changes** from `{_code(d.before)}` to `{_code(d.after)}`\n"

    def section(self, title: str) -> str:
        return f"\n### {title}\n\n"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        lines = ["| Measure | Before | After |", "|---|---|---|"]
        lines += [f"| {name} | {b} | {a} |" for name, b, a in rows]
        return "\n".join(lines) + "\n\n"

    def change(self, change: Change) -> str:
        where = f"**{_md(change.label)}** " if change.label else ""
        kind = change.kind
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{_md(change.before)} → {_md(change.after)}"
        else:
            body = _md(change.after if change.after is not None else change.before or "")
        return f"- *{kind}* {where}{body}\n"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return f"~~{_md(text)}~~"
        if op == "+":
            return f"**{_md(text)}**"
        return _md(text)

    def empty(self) -> str:
        return "\nNo changes.\n"


def _code(text: str) -> str:
    return text.replace("`", "'")


# Inline styles: a notebook has no stylesheet of ours.
_DEL = '<del style="background:#ffebe9;color:#82071e">'
_INS = '<ins style="background:#dafbe1;color:#116329;text-decoration:none">'


class _HTMLStyle:
    def header(self, d: IncidentDiff) -> str:
        return (
            '<div class="postmortem-diff"><p><strong>Changes</strong> from '
            f"<code>{html.escape(d.before)}</code> to <code>{html.escape(d.after)}</code></p>"
        )

    def section(self, title: str) -> str:
        return f"<h4>{html.escape(title)}</h4>"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(b)}</td><td>{html.escape(a)}</td></tr>" for n, b, a in rows
        )
        return f"<table><tr><th>Measure</th><th>Before</th><th>After</th></tr>{body}</table>"

    def change(self, change: Change) -> str:
        where = f"<strong>{html.escape(change.label)}</strong> " if change.label else ""
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{_DEL}{html.escape(change.before)}</del> → {_INS}{html.escape(change.after)}</ins>"
        else:
            body = html.escape(change.after if change.after is not None else change.before or "")
        return f"<li><em>{html.escape(change.kind)}</em> {where}{body}</li>"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return f"{_DEL}{html.escape(text)}</del>"
        if op == "+":
            return f"{_INS}{html.escape(text)}</ins>"
        return html.escape(text)

    def empty(self) -> str:
        return "<p>No changes.</p></div>"


def _render(d: IncidentDiff, style: Any) -> str:
    parts = [style.header(d)]
    if not d.changes:
        parts.append(style.empty())
        return "".join(parts)
    html_style = isinstance(style, _HTMLStyle)
    for section, changes in d.sections().items():
        parts.append(style.section(_title(section)))
        if section == "milestones" and d.measures:
            parts.append(style.measures(d.measures))
        if html_style:
            parts.append("<ul>")
        parts.extend(style.change(change) for change in changes)
        if html_style:
            parts.append("</ul>")
    if d.measures and "milestones" not in d.sections():
        parts.append(style.section("Milestones"))
        parts.append(style.measures(d.measures))
    if html_style:
        parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- section view


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
