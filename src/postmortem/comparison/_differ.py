"""Matching and comparing two versions of an incident, section by section."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from postmortem.comparison._changes import _MEASURES, _SKIP, Change, IncidentDiff
from postmortem.comparison._text import _clip, _duration, _same_words, _show, _similarity, _words, _zone, word_diff
from postmortem.model import ActionItem, Incident, Milestones, Section, TimelineEvent


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
