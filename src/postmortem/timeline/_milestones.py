"""Milestone times read off a timeline, compared with the incident's own."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import attrs

from postmortem.model import EventKind, Incident, TimelineEvent
from postmortem.timeline._text import description_words, is_resolution, similarity, strip_status


@attrs.frozen
class MilestoneSuggestion:
    """A milestone time read off the timeline, compared with the incident's own.

    Attributes:
        milestone: ``detected``, ``acknowledged``, ``mitigated`` or ``resolved``.
        time: The suggested time.
        event: The timeline event it comes from.
        current: The incident's own time for the milestone, if set.
        tolerance: How far apart the two may be and still agree.
    """

    milestone: str
    time: datetime
    event: TimelineEvent
    current: datetime | None
    tolerance: timedelta = timedelta(minutes=1)

    @property
    def difference(self) -> timedelta | None:
        """The suggested time minus the incident's own (``None`` when it has none)."""
        return None if self.current is None else self.time - self.current

    @property
    def agrees(self) -> bool:
        """True when the incident has this milestone within the tolerance of the suggestion."""
        difference = self.difference
        return difference is not None and abs(difference) <= self.tolerance

    def __str__(self) -> str:
        when = self.time.isoformat().replace("+00:00", "Z")
        origin = f"{self.event.source or 'the timeline'}: {self.event.description}"
        if len(origin) > 90:
            origin = origin[:87] + "..."
        text = f"{self.milestone}: {when} from {origin}"
        difference = self.difference
        if difference is None:
            return f"{text} (the incident has no {self.milestone} time)"
        if self.agrees:
            return f"{text} (agrees with the incident)"
        current = self.current.isoformat().replace("+00:00", "Z") if self.current else ""
        direction = "earlier" if difference < timedelta(0) else "later"
        span = _span(abs(difference))
        return f"{text} (the incident says {current}; the timeline is {span} {direction})"


def _span(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    if minutes:
        parts.append(f"{minutes}m")
    if seconds or not parts:
        parts.append(f"{seconds}s")
    return " ".join(parts)


_FIRST_LETTERS = frozenset("aArR")
"""The ASCII characters that fold to the first letter of "acknowledged" or "resolved by"."""

_MAY_START = re.compile(r"[aArR]|[^\x00-\x7f]")
"""A first character that may fold to the first letter of either: one of ``_FIRST_LETTERS`` or not ASCII."""

_KIND = operator.attrgetter("kind")
_DESCRIPTION = operator.attrgetter("description")
_FIRST_CHARACTER = operator.itemgetter(slice(None, 1))


def _may_start_a_word(descriptions: Sequence[str]) -> Iterator[int]:
    """The indexes of the descriptions whose first character is not an ASCII one that folds to neither first letter."""
    firsts = "".join(map(_FIRST_CHARACTER, descriptions))
    if len(firsts) == len(descriptions):
        # One character each: a match's position is its description's index.
        return (match.start() for match in _MAY_START.finditer(firsts))
    # An empty description (made without the model's checks): looked at one by one.
    return (
        index
        for index, description in enumerate(descriptions)
        if not (description[:1].isascii() and description[:1] not in _FIRST_LETTERS)
    )


def suggest_milestones(
    incident: Incident, *, tolerance: timedelta = timedelta(minutes=1)
) -> tuple[MilestoneSuggestion, ...]:
    """Read milestone times off the incident's timeline.

    * ``detected``: the first alert that is not a resolution;
    * ``acknowledged``: the first event starting ``Acknowledged`` (a page acknowledged);
    * ``mitigated``: the resolution of the alert that gave ``detected`` (the alert
      clearing is when monitoring saw impact stop);
    * ``resolved``: the last status update starting ``Resolved``, else the last paging
      event starting ``Resolved by``.

    Args:
        incident: The incident, usually after :func:`merge_timeline`.
        tolerance: How far apart the timeline and the incident may be and still agree.

    Returns:
        One suggestion per milestone the timeline gives, in milestone order.
    """
    return suggestions_in_order(incident, incident.ordered_timeline, tolerance=tolerance)


def suggestions_in_order(
    incident: Incident,
    ordered: Sequence[TimelineEvent],
    *,
    tolerance: timedelta,
    columns: tuple[Sequence[EventKind], Sequence[str]] | None = None,
) -> tuple[MilestoneSuggestion, ...]:
    """:func:`suggest_milestones` given the incident's timeline in time order (the merge has it so).

    ``columns``: the events' kinds and descriptions, in their order, when the caller has them.
    """
    milestones = incident.milestones
    found: list[tuple[str, TimelineEvent]] = []
    # A pass over the kinds, taken in C, for the alerts and status updates, and one over the
    # descriptions' first characters for those that may start "acknowledged" or "resolved by".
    kinds, descriptions = (
        columns if columns is not None else (list(map(_KIND, ordered)), list(map(_DESCRIPTION, ordered)))
    )
    alerts = list(itertools.compress(ordered, map(operator.eq, kinds, itertools.repeat(EventKind.ALERT))))
    status_resolved: TimelineEvent | None = None
    for event in itertools.compress(ordered, map(operator.eq, kinds, itertools.repeat(EventKind.STATUS_UPDATE))):
        if is_resolution(event):
            status_resolved = event
    acknowledged: TimelineEvent | None = None
    resolved_by: TimelineEvent | None = None
    for index in _may_start_a_word(descriptions):
        # Folded as far as the longest word looked for (see starts_with).
        head = descriptions[index][:12].casefold()
        if acknowledged is None and head.startswith("acknowledged"):
            acknowledged = ordered[index]
        if head.startswith("resolved by"):
            resolved_by = ordered[index]
    first_alert = next((e for e in alerts if not is_resolution(e)), None)
    if first_alert is not None:
        found.append(("detected", first_alert))
    if acknowledged is not None:
        found.append(("acknowledged", acknowledged))
    if first_alert is not None:
        words = description_words(strip_status(first_alert.description))
        clearing = next(
            (
                e
                for e in alerts
                if is_resolution(e)
                and e.time >= first_alert.time
                and similarity(words, description_words(strip_status(e.description))) >= 0.6
            ),
            None,
        )
        if clearing is not None:
            found.append(("mitigated", clearing))
    resolved = status_resolved or resolved_by
    if resolved is not None:
        found.append(("resolved", resolved))
    # Shown in the incident's own timezone, as its milestones are written.
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (tzdata lookup is slow)

    zone = ZoneInfo(incident.timezone)
    return tuple(
        MilestoneSuggestion(name, event.time.astimezone(zone), event, getattr(milestones, name), tolerance)
        for name, event in found
    )
