"""Merging timeline events from several sources into an incident's timeline.

:func:`merge_timeline` takes the events that :mod:`postmortem.sources` read and returns
the incident with a merged timeline:

* only imported events inside the incident's window (its milestones, widened by a
  margin) are kept; events already in the incident (written by hand) are always kept;
* times are cut to whole seconds, and the timeline is sorted by time;
* the same occurrence seen by two tools (an alert in Alertmanager and in PagerDuty, a
  minute apart, with similar text) is folded into one event that lists the other
  source in :attr:`~postmortem.model.TimelineEvent.also_in`;
* actors are mapped to the incident's participants by name, handle or account id;
* merging the same exports again changes nothing (the merge is idempotent).

:func:`suggest_milestones` reads detection, acknowledgement, mitigation and resolution
times off the timeline and says where they disagree with the incident's own milestones;
:func:`redact_incident` replaces people's names by their roles for an external version.
"""

from __future__ import annotations

import bisect
import operator
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from postmortem._events import EventRecords, Record, event_with, known_event, record_second
from postmortem._files import atomic_write
from postmortem.errors import PostmortemError
from postmortem.model import EventKind, Incident, Participant, TimelineEvent

if TYPE_CHECKING:
    from postmortem.serialize import Format

__all__ = [
    "DEFAULT_FOLD_WITHIN",
    "DEFAULT_WINDOW_MARGIN",
    "MilestoneSuggestion",
    "TimelineMerge",
    "incident_window",
    "map_actor",
    "merge_timeline",
    "merged_text",
    "redact_incident",
    "redact_timeline",
    "suggest_milestones",
    "write_timeline",
]

DEFAULT_WINDOW_MARGIN = timedelta(hours=2)
"""How far before the start and after the end of an incident imported events are kept."""

DEFAULT_FOLD_WITHIN = timedelta(minutes=5)
"""How far apart two tools' records of one occurrence may be and still be folded."""

# Kinds whose records two tools duplicate. Chat lines and responder actions are never
# folded: two people saying similar things are two events.
_FOLDABLE = frozenset(
    {
        EventKind.ALERT,
        EventKind.DEPLOY,
        EventKind.CONFIG_CHANGE,
        EventKind.STATUS_UPDATE,
        EventKind.SUPPORT_TICKET,
    }
)

_WORD = re.compile(r"[a-z0-9][a-z0-9_.%/-]*[a-z0-9%]|[a-z0-9]")
# Words every alert has: they say nothing about which alert it is.
_STOP = frozenset(
    (
        "firing",
        "triggered",
        "alert",
        "alerts",
        "resolved",
        "status",
        "update",
        "a",
        "an",
        "and",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "by",
        "is",
        "are",
        "was",
        "were",
        "with",
        "from",
    )
)


def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(text.casefold()) if word not in _STOP)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter text's words found in the other (0 when fewer than two shared)."""
    shared = len(a & b)
    if shared < 2:
        return 0.0
    return shared / min(len(a), len(b))


# --------------------------------------------------------------------------- participants


def _identities(participant: Participant) -> set[str]:
    names = {participant.name.casefold()}
    if participant.handle:
        names.add(participant.handle.casefold().lstrip("@"))
    names.update(value.casefold() for value in participant.accounts.values())
    return names


def map_actor(actor: str | None, participants: Sequence[Participant]) -> Participant | None:
    """Return the participant an actor names, by name, handle or account id (case-insensitive).

    Args:
        actor: A name as a tool shows it: ``Maria Garcia``, ``@maria``, ``U04MARIA01``.
        participants: The incident's participants.

    Returns:
        The participant, or ``None`` when no participant matches.
    """
    if not actor:
        return None
    wanted = actor.casefold().strip().lstrip("@")
    for participant in participants:
        if wanted in _identities(participant):
            return participant
    return None


# --------------------------------------------------------------------------- window


def incident_window(incident: Incident, margin: timedelta = DEFAULT_WINDOW_MARGIN) -> tuple[datetime, datetime | None]:
    """Return the span imported events are kept in: start minus margin to end plus margin.

    The end is the last milestone after ``started`` (usually ``resolved``); an incident
    with no later milestone, or an ongoing one, has an open end (``None``).

    Args:
        incident: The incident.
        margin: How much to widen the span on each side.

    Returns:
        ``(since, until)``; ``until`` is ``None`` for an open end.
    """
    end = None if incident.milestones.ongoing else incident.milestones.end
    return incident.milestones.started - margin, None if end is None else end + margin


# --------------------------------------------------------------------------- merging


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


@attrs.frozen
class TimelineMerge:
    """What :func:`merge_timeline` did.

    Attributes:
        incident: The incident with the merged, sorted timeline.
        origins: For each event of the merged timeline, its index in the incident's
            original timeline, or ``None`` for an added event (used to write the file back
            keeping comments on existing events).
        added: The events added, in time order, as they are in the merged timeline.
        folded: ``(kept, duplicate)`` pairs: each duplicate was folded into the kept event.
        outside_window: How many imported events fell outside the window.
        unmatched_actors: People's names seen in imported events that match no
            participant, with how often they appear, most frequent first.
        suggestions: Milestones read off the merged timeline.
        changed: True when the merged timeline differs from the original one.
        original_timeline: The incident's timeline before the merge.
    """

    incident: Incident
    origins: tuple[int | None, ...]
    added: tuple[TimelineEvent, ...]
    folded: tuple[tuple[TimelineEvent, TimelineEvent], ...]
    outside_window: int
    unmatched_actors: tuple[tuple[str, int], ...]
    suggestions: tuple[MilestoneSuggestion, ...]
    changed: bool
    original_timeline: tuple[TimelineEvent, ...] = ()

    @property
    def disagreements(self) -> tuple[MilestoneSuggestion, ...]:
        """The suggestions that do not agree with the incident's milestones."""
        return tuple(s for s in self.suggestions if not s.agrees)


@attrs.define
class _Kept:
    event: TimelineEvent
    origin: int | None
    words: frozenset[str] | None = None

    def text_words(self) -> frozenset[str]:
        if self.words is None:
            self.words = _words(_strip_status(self.event.description))
        return self.words


_STATUS_PREFIX = re.compile(r"^\s*(?:firing|triggered|resolved|alert)\s*:\s*", re.IGNORECASE)


def _strip_status(text: str) -> str:
    return _STATUS_PREFIX.sub("", text)


def _starts_with(text: str, word: str) -> bool:
    """``text.casefold().startswith(word)`` for a casefolded ``word``, folding only as many characters.

    Case folding maps each character on its own to one or more, so the first ``len(word)``
    characters of the folded text come from the first ``len(word)`` characters of the text.
    """
    return text[: len(word)].casefold().startswith(word)


def _is_resolution(event: TimelineEvent) -> bool:
    return _starts_with(event.description.lstrip(), "resolved")


class _Timeline:
    """The kept events with a time index of the foldable ones."""

    def __init__(self, fold_within: timedelta, threshold: float) -> None:
        self.kept: list[_Kept] = []
        self.exact: dict[tuple[datetime, EventKind, str, str], _Kept] = {}
        # (source, source_id) -> the kept event carrying that record's id.
        self.ids: dict[tuple[str, str], _Kept] = {}
        self._times: list[datetime] = []
        self._foldable: list[_Kept] = []
        self._within = fold_within
        self._threshold = threshold

    def add(self, kept: _Kept, key: tuple[datetime, EventKind, str, str] | None = None) -> None:
        """Add an event; ``key`` is its :func:`_key` when the caller made it already."""
        self.kept.append(kept)
        self.exact.setdefault(_key(kept.event) if key is None else key, kept)
        self.remember_id(kept)
        if kept.event.kind in _FOLDABLE:
            at = bisect.bisect_right(self._times, kept.event.time)
            self._times.insert(at, kept.event.time)
            self._foldable.insert(at, kept)

    def remember_id(self, kept: _Kept) -> None:
        if kept.event.source_id is not None:
            self.ids.setdefault((kept.event.source, kept.event.source_id), kept)

    def replace(self, kept: _Kept, event: TimelineEvent) -> None:
        """Change a kept event (a fold, an id recorded), keeping the indexes right."""
        if self.exact.get(_key(kept.event)) is kept:
            del self.exact[_key(kept.event)]
        kept.event = event
        self.exact.setdefault(_key(event), kept)
        self.remember_id(kept)

    def match(self, event: TimelineEvent) -> tuple[_Kept, bool] | None:
        """Find the kept event ``event`` duplicates; the flag says it is already folded in."""
        if event.kind not in _FOLDABLE:
            return None
        low = bisect.bisect_left(self._times, event.time - self._within)
        high = bisect.bisect_right(self._times, event.time + self._within)
        words = _words(_strip_status(event.description))
        resolution = _is_resolution(event)
        best: tuple[float, float, float, _Kept] | None = None
        for index in range(low, high):
            candidate = self._foldable[index]
            other = candidate.event
            if other.kind != event.kind or _is_resolution(other) != resolution:
                continue
            if event.source == other.source and candidate.origin is None:
                # Two records from one tool in this import are two occurrences (exact
                # repeats were dropped before matching). An event already in the incident
                # that names this tool as its source may be the same record written by hand.
                continue
            seen_here = event.source == other.source or event.source in other.also_in
            score = _similarity(words, candidate.text_words())
            if score < self._threshold:
                continue
            distance = abs((other.time - event.time).total_seconds())
            # Prefer a kept event that already records this source (a second merge of the
            # same export), then the most similar, then the nearest.
            rank = (1.0 if seen_here else 0.0, score, -distance)
            if best is None or rank > best[:3]:
                best = (*rank, candidate)
        if best is None:
            return None
        return best[3], best[0] == 1.0


def _key(event: TimelineEvent) -> tuple[datetime, EventKind, str, str]:
    return (event.time, event.kind, event.description, event.source)


def merge_timeline(
    incident: Incident,
    sources: Iterable[Iterable[TimelineEvent]],
    *,
    window_margin: timedelta = DEFAULT_WINDOW_MARGIN,
    fold_within: timedelta = DEFAULT_FOLD_WITHIN,
    fold_similarity: float = 0.6,
    milestone_tolerance: timedelta = timedelta(minutes=1),
) -> TimelineMerge:
    """Merge events from several sources into the incident's timeline.

    Args:
        incident: The incident; its timeline events are kept as written.
        sources: Event iterables, typically ``get_source(name).read(path, ...)`` results.
            They are consumed one event at a time; only events inside the window are kept
            in memory. Passing ``since``/``until`` from :func:`incident_window` to the
            sources lets them skip the rest while reading.
        window_margin: How far before ``started`` and after the last milestone to keep
            imported events.
        fold_within: How far apart two tools' records may be and still be folded.
        fold_similarity: The share (0 to 1) of words the shorter description must share
            with the other for a fold.
        milestone_tolerance: How far a suggested milestone may be from the incident's own
            and still agree.

    Returns:
        The merged incident and a report of what changed.
    """
    since, until = incident_window(incident, window_margin)
    participants = incident.participants
    timeline = _Timeline(fold_within, fold_similarity)
    for index, event in enumerate(incident.timeline):
        timeline.add(_Kept(event, index))

    incoming, outside, unmatched = _imported(sources, since, until, participants)
    incoming.sort(key=_ORDER)

    folded = _fold_in(timeline, incoming)

    ordered = sorted(timeline.kept, key=_KEPT_TIME)
    merged_incident = attrs.evolve(incident, timeline=tuple(map(_KEPT_EVENT, ordered)))
    return TimelineMerge(
        incident=merged_incident,
        origins=tuple(map(_KEPT_ORIGIN, ordered)),
        added=tuple([kept.event for kept in ordered if kept.origin is None]),
        folded=tuple(folded),
        outside_window=outside,
        unmatched_actors=tuple(sorted(unmatched.items(), key=lambda item: (-item[1], item[0]))),
        suggestions=suggest_milestones(merged_incident, tolerance=milestone_tolerance),
        changed=merged_incident.timeline != incident.timeline,
        original_timeline=incident.timeline,
    )


_KEPT_TIME = operator.attrgetter("event.time")
_KEPT_EVENT = operator.attrgetter("event")
_KEPT_ORIGIN = operator.attrgetter("origin")


def _fold_in(timeline: _Timeline, incoming: list[TimelineEvent]) -> list[tuple[TimelineEvent, TimelineEvent]]:
    """Add the imported events (in order) to the timeline, folding duplicates; return the folds."""
    folded: list[tuple[TimelineEvent, TimelineEvent]] = []
    ids, exact, append = timeline.ids, timeline.exact, timeline.kept.append
    for event in incoming:
        source, source_id = event.source, event.source_id
        if source_id is not None and (source, source_id) in ids:
            # The same record as an event already there, whatever its text says now: the
            # user may have reworded it, and their wording stays.
            continue
        key = (event.time, event.kind, event.description, source)
        same = exact.get(key)
        if same is not None:
            _record_id(timeline, same, event)
            continue
        if event.kind not in _FOLDABLE:
            # What timeline.add does, for an event that no other is folded into.
            kept = _Kept(event, None)
            append(kept)
            exact[key] = kept
            if source_id is not None:
                ids[source, source_id] = kept
            continue
        found = timeline.match(event)
        if found is None:
            timeline.add(_Kept(event, None), key)
            continue
        kept, already = found
        if already:
            if kept.event.source == source:
                _record_id(timeline, kept, event)
            continue
        merged = attrs.evolve(
            kept.event,
            also_in=tuple(sorted({*kept.event.also_in, source} - {kept.event.source})),
            link=kept.event.link or event.link,
        )
        folded.append((merged, event))
        timeline.replace(kept, merged)
    return folded


def _imported(
    sources: Iterable[Iterable[TimelineEvent]],
    since: datetime,
    until: datetime | None,
    participants: Sequence[Participant],
) -> tuple[list[TimelineEvent], int, Counter[str]]:
    """The sources' events inside the window, cut to the second and with actors named as participants.

    Returns:
        The events, how many fell outside the window, and the actors matching no participant.
    """
    incoming: list[TimelineEvent] = []
    outside = 0
    unmatched: Counter[str] = Counter()
    # Each actor's participant name, and whether it is a person matching none, worked out once.
    actors: dict[str | None, tuple[str | None, bool]] = {}
    for source in sources:
        # A source that keeps its events as records until asked gives them so: each event
        # kept is made once, with its time cut, instead of made there and copied here.
        items: Iterable[TimelineEvent | Record] = source.records() if isinstance(source, EventRecords) else source
        for item in items:
            record = item if type(item) is tuple else None
            event = item if record is None else None
            given = record[0] if record is not None else event.time  # type: ignore[union-attr]
            # record_second(given), with its usual case inline.
            time = datetime.fromtimestamp(int(given[:-7]), timezone.utc) if type(given) is str else record_second(given)
            if time < since or (until is not None and time > until):
                outside += 1
                continue
            actor = record[4] if record is not None else event.actor  # type: ignore[union-attr]
            naming = actors.get(actor)
            if naming is None:
                person = map_actor(actor, participants)
                naming = actors[actor] = (
                    person.name if person is not None else actor,
                    person is None and actor is not None and actor != "" and not _is_machine(actor),
                )
            named, unknown = naming
            if unknown:
                unmatched[actor] += 1  # type: ignore[index]
            if record is not None:
                event = known_event(time, record[1], record[2], record[3], named, record[5], record[6])
            elif time is not given or named != event.actor:  # type: ignore[union-attr]
                event = event_with(event, time, named)  # type: ignore[arg-type]
            incoming.append(event)  # type: ignore[arg-type]
    return incoming, outside, unmatched


# Kinds are strings: ordering them is ordering their values.
_ORDER = operator.attrgetter("time", "source", "kind", "description")


def _record_id(timeline: _Timeline, kept: _Kept, event: TimelineEvent) -> None:
    """Give an event imported before ids were kept (or written by hand for this record) the record's id."""
    if kept.event.source_id is None and event.source_id is not None and kept.event.source == event.source:
        timeline.replace(kept, attrs.evolve(kept.event, source_id=event.source_id))


def _is_machine(actor: str) -> bool:
    return actor.endswith("(bot)")


# --------------------------------------------------------------------------- milestones


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
    milestones = incident.milestones
    found: list[tuple[str, TimelineEvent]] = []
    # One pass over the timeline in time order; the searches below look at what it kept.
    alerts: list[TimelineEvent] = []
    acknowledged: TimelineEvent | None = None
    status_resolved: TimelineEvent | None = None
    resolved_by: TimelineEvent | None = None
    for event in incident.ordered_timeline:
        if event.kind == EventKind.ALERT:
            alerts.append(event)
        elif event.kind == EventKind.STATUS_UPDATE and _is_resolution(event):
            status_resolved = event
        # Folded as far as the longest word looked for (see _starts_with).
        head = event.description[:12].casefold()
        if acknowledged is None and head.startswith("acknowledged"):
            acknowledged = event
        if head.startswith("resolved by"):
            resolved_by = event
    first_alert = next((e for e in alerts if not _is_resolution(e)), None)
    if first_alert is not None:
        found.append(("detected", first_alert))
    if acknowledged is not None:
        found.append(("acknowledged", acknowledged))
    if first_alert is not None:
        words = _words(_strip_status(first_alert.description))
        clearing = next(
            (
                e
                for e in alerts
                if _is_resolution(e)
                and e.time >= first_alert.time
                and _similarity(words, _words(_strip_status(e.description))) >= 0.6
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


# --------------------------------------------------------------------------- redaction


def _role(participant: Participant) -> str:
    return participant.role.strip() or "responder"


def redact_timeline(
    events: Iterable[TimelineEvent],
    participants: Sequence[Participant],
    *,
    unknown: str = "responder",
) -> tuple[TimelineEvent, ...]:
    """Replace people's names by roles, for a version shown outside the team.

    Actors that are participants become their role (``incident commander``); other
    actors become ``unknown`` unless they are bots (``... (bot)``); machine events
    without an actor stay so. Participants' names and handles in descriptions become
    their roles. Names of people who are not participants cannot be found in free text:
    add them as participants first (:attr:`TimelineMerge.unmatched_actors` lists them).

    Args:
        events: The events.
        participants: The people to recognise.
        unknown: What an actor who is not a participant becomes.

    Returns:
        The redacted events.
    """
    replacements: list[tuple[re.Pattern[str], str]] = []
    for participant in participants:
        role = _role(participant)
        names = {participant.name}
        if participant.handle:
            names.add(participant.handle.lstrip("@"))
        for name in sorted(names, key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w@])@?{re.escape(name)}(?!\w)", re.IGNORECASE)
            replacements.append((pattern, f"the {role}"))
    result = []
    for event in events:
        description = event.description
        for pattern, role in replacements:
            description = pattern.sub(role, description)
        actor = event.actor
        if actor:
            person = map_actor(actor, participants)
            if person is not None:
                actor = _role(person)
            elif not _is_machine(actor):
                actor = unknown
        result.append(attrs.evolve(event, description=description, actor=actor))
    return tuple(result)


def redact_incident(incident: Incident, *, unknown: str = "responder") -> Incident:
    """Return the incident with its timeline redacted and participants shown by role only.

    Args:
        incident: The incident.
        unknown: What an actor who is not a participant becomes.

    Returns:
        A copy whose timeline is :func:`redact_timeline`'s and whose participants are
        named by their roles, without handles or accounts.
    """
    timeline = redact_timeline(incident.timeline, incident.participants, unknown=unknown)
    participants = tuple(Participant(name=_role(p), role=p.role, team=p.team) for p in incident.participants)
    return attrs.evolve(incident, timeline=timeline, participants=participants)


# --------------------------------------------------------------------------- writing


def merged_text(text: str, merge: TimelineMerge, format: Format = "yaml") -> str:
    """Return an incident file's text with the merged timeline written into it.

    YAML is edited in place: comments, quoting, key order and indentation are kept, and
    the entries already in the timeline stay the same YAML nodes. New events' times are
    written in the incident's ``timezone``. JSON and TOML files are
    written out again from the model (they carry no comments to keep).

    Args:
        text: The incident file's current text.
        merge: The result of :func:`merge_timeline` on the incident read from ``text``.
        format: ``yaml``, ``json`` or ``toml``.

    Returns:
        The new text.

    Raises:
        PostmortemError: when the result would not load back to the merged incident (the
            file is then left alone).
    """
    from postmortem.serialize import dumps, loads  # noqa: PLC0415  (keeps import light)

    if format == "yaml":
        from postmortem._roundtrip import replace_timeline  # noqa: PLC0415

        result = replace_timeline(
            text, merge.incident.timeline, merge.origins, merge.original_timeline, merge.incident.timezone
        )
    else:
        result = dumps(merge.incident, format)
    # Never write a file that no longer loads, or loads to something else.
    check = loads(result, format, severity_scale=merge.incident.severity_scale)
    if check.timeline != merge.incident.timeline:
        raise PostmortemError("the merged timeline did not survive writing; the file was left alone")
    return result


def write_timeline(
    path: str | os.PathLike[str], merge: TimelineMerge, *, output: str | os.PathLike[str] | None = None
) -> Path | None:
    """Write the merged timeline into the incident file at ``path``, atomically.

    The file's text is kept as written (for YAML: comments, quoting, key order); only the
    timeline changes. ``postmortem timeline --write`` and ``--output`` call this.

    Args:
        path: The incident file that :func:`merge_timeline`'s incident was read from.
        merge: The merge result.
        output: Write there instead and leave ``path`` alone. In the format of ``path`` the
            text is kept as written; in another format (by suffix) the merged incident is
            written out in that format.

    Returns:
        The path written, or ``None`` when ``output`` is not given and ``path`` already
        holds the merged timeline: the file is then not written at all.

    Raises:
        PostmortemError: when the file cannot be read, a suffix names no format, or the
            result would not load back.
    """
    from postmortem.serialize import dumps, format_for_path  # noqa: PLC0415  (keeps import light)

    fmt = format_for_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PostmortemError(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None
    new_text = merged_text(text, merge, fmt)
    if output is None:
        if not merge.changed or new_text == text:
            return None
        return atomic_write(path, new_text.encode("utf-8"))
    output_format = format_for_path(output)
    if output_format != fmt:
        new_text = dumps(merge.incident, output_format)
    return atomic_write(output, new_text.encode("utf-8"))
