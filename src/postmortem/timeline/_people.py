"""People on the timeline: which participant an actor is, and names replaced by roles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from postmortem.model import Incident, Participant, TimelineEvent


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


def is_machine(actor: str) -> bool:
    """True for a bot's name as the tools write it (``PagerDuty (bot)``): not a person to name."""
    return actor.endswith("(bot)")


def role_of(participant: Participant) -> str:
    """What a participant is called in a redacted version: their role, else ``responder``."""
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
        role = role_of(participant)
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
                actor = role_of(person)
            elif not is_machine(actor):
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
    participants = tuple(Participant(name=role_of(p), role=p.role, team=p.team) for p in incident.participants)
    return attrs.evolve(incident, timeline=timeline, participants=participants)
