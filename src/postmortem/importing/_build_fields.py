"""The incident's fields from what the section readers gathered: timeline, header, people and prose."""

from __future__ import annotations

from typing import Any

from postmortem import model
from postmortem.importing._build_incident import (
    _accuracy,
    _detection,
    _event_kind,
    _joined,
    _milestones,
    _severity,
    _title_and_id,
)
from postmortem.importing._build_related import (
    _relation,
    related_in_prose,
)
from postmortem.importing._build_sections import _with_triggers
from postmortem.importing._build_state import (
    _JIRA,
    Draft,
    _empty,
    _is_role,
    _participant,
    _people,
    _split_list,
    _State,
    _write_up_status,
)


def _timeline_fields(state: _State, fields: dict[str, Any]) -> None:
    events = state.events
    for event in events:
        if event.kind is None and event.line in state.status_lines:
            event.kind = "status_update"
        if event.kind is None:
            event.kind = _event_kind(state, event.description)
    dated_only = sum(1 for event in events if event.when.precision == "date")
    if dated_only:
        state.inferred.append(f"{dated_only} timeline event(s) known only by their date")
    approximate = sum(1 for event in events if event.when.approximate)
    if approximate:
        state.inferred.append(f"{approximate} timeline event(s) with an approximate time")
    if events and not state.doc_zone and not state.zones_seen and not any(event.when.zone for event in events):
        state.missing.append("time zone: the document names none; times were read as UTC")
    fields["milestones"] = _milestones(state, events)
    fields["timeline"] = tuple(
        model.TimelineEvent(
            time=event.time,
            time_accuracy=_accuracy(event.when),
            description=event.description,
            kind=model.EventKind(event.kind or "other"),
            actor=event.actor,
            source=event.source,
            link=event.link,
            also_in=event.also_in,
        )
        for event in events
    )
    if not events:
        state.missing.append("timeline")
    if state.doc_zone and state.doc_zone[:1] not in "+-":
        fields["timezone"] = state.doc_zone
        return
    zones = [zone for zone in state.zones_seen if zone[:1] not in "+-"]
    zones += [event.when.zone for event in events if event.when.zone and event.when.zone[:1] not in "+-"]
    if zones:
        fields["timezone"] = zones[0]


def _header_fields(state: _State, fields: dict[str, Any]) -> None:
    severity = _severity(state)
    if severity is not None:
        fields["severity"] = severity
    status = state.metadata.get("status")
    if status and _write_up_status(status[0]):
        fields["status"] = model.WriteUpStatus(_write_up_status(status[0]))
    for key in ("authors", "reviewers", "services", "tags"):
        if key in state.metadata and not _empty(state.metadata[key][0]):
            value = state.metadata[key][0]
            # "Ana Ruiz (SRE lead), Tom Ng (DBA)": names; the brackets stay in the line under Details.
            people = key in ("authors", "reviewers")
            fields[key] = tuple(name for name, _note in _people(value)) if people else _split_list(value)
    # "Parent incident: OPS-88", "Related: INC-2291, INC-2304": tracker keys, relation from the label.
    known = {entry.id.casefold() for entry in state.related} | {str(fields["id"]).casefold()}
    for label, value in state.related_lines:
        for match in _JIRA.finditer(value):
            key = match.group(1)
            if key.casefold() not in known:
                known.add(key.casefold())
                state.related.append(model.RelatedIncident(id=key, relation=_relation(state, label)))
    _people_fields(state, fields)
    if state.participants:
        fields["participants"] = tuple(state.participants)


def _people_fields(state: _State, fields: dict[str, Any]) -> None:
    """The incident lead, the owner and a "Participants:" line, as participants (each person once)."""
    commander = state.metadata.get("incident_commander")
    if commander:
        name, note = _people(commander[0])[0] if _people(commander[0]) else (commander[0], "")
        state.participants.append(_participant(state.table, name, note, role="incident commander"))
    owner = state.metadata.get("owner")
    if owner and not _empty(owner[0]) and not any(owner[0].startswith(name) for name in fields.get("authors", ())):
        # "Owner: Priya Raman" (or a team): who owns the incident, kept as a participant with that role.
        name, note = (_people(owner[0]) or [(owner[0], "")])[0]
        if name.casefold() not in {person.name.casefold() for person in state.participants}:
            state.participants.append(_participant(state.table, name, note, role="owner"))
    listed = state.metadata.get("participants")
    people = _people(listed[0]) if listed else []
    last = people[-1][1] if people else ""
    if len(people) > 1 and last and not any(note for _name, note in people[:-1]) and not _is_role(state.table, last):
        # "Hana Kim, Omar Said (storage team)": one team in brackets at the end is everyone's.
        people = [(name, last) for name, _note in people]
    for name, note in people:
        if name.casefold() not in {person.name.casefold() for person in state.participants}:
            state.participants.append(_participant(state.table, name, note))


def _prose_fields(state: _State, fields: dict[str, Any]) -> None:  # noqa: PLR0912  (one case per field)
    prose = {target: _joined(entries) for target, entries in state.prose.items()}
    if state.windows:
        state.impact_facts["windows"] = tuple(state.windows)
    for target in ("summary", "impact"):
        if target not in prose and not (target == "impact" and state.impact_facts):
            state.missing.append(target)
    if "summary" in prose:
        fields["summary"] = prose["summary"]
    if "impact" in prose or state.impact_facts:
        fields["impact"] = model.Impact(summary=prose.get("impact", ""), **state.impact_facts)
    if "root_cause" in prose or "process_cause" in prose:
        fields["root_cause"] = model.RootCause(
            technical=prose.get("root_cause", ""), process=prose.get("process_cause", "")
        )
    else:
        state.missing.append("root_cause")
    factors = list(state.factors)
    factors += [model.ContributingFactor(description=entry) for entry in state.lists.get("contributing_factors", [])]
    if "trigger" in prose:
        factors = _with_triggers(factors, prose["trigger"])
    if factors:
        fields["contributing_factors"] = tuple(factors)
    if "detection" in prose or state.detection_facts:
        fields["detection"] = _detection(state, prose.get("detection", ""))
    else:
        state.missing.append("detection")
    narrative = {name: "\n\n".join(texts) for name, texts in state.narrative.items()}
    if "resolution" in prose:
        narrative["resolution"] = "\n\n".join(filter(None, (narrative.get("resolution"), prose["resolution"])))
    if state.aftermath:
        narrative["aftermath"] = "\n\n".join(filter(None, (narrative.get("aftermath"), *state.aftermath)))
    if narrative or state.hypotheses:
        fields["narrative"] = model.Narrative(hypotheses=tuple(state.hypotheses), **narrative)
    for key in ("what_went_well", "what_went_poorly", "where_we_got_lucky", "lessons_learned"):
        if state.lists.get(key):
            fields[key] = tuple(state.lists[key])
    if state.communications:
        fields["customer_communication"] = tuple(state.communications)
    if state.links:
        fields["links"] = tuple(state.links)
    if state.related:
        fields["related"] = tuple(state.related)


def _finish(state: _State, title: str | None) -> Draft:
    incident_title, incident_id = _title_and_id(state, title)
    fields: dict[str, Any] = {"id": incident_id, "title": incident_title}
    _timeline_fields(state, fields)
    _header_fields(state, fields)
    related_in_prose(state, str(fields["id"]))
    _prose_fields(state, fields)
    if state.items:
        fields["action_items"] = tuple(state.items)
        if not any(item.owner for item in state.items):
            state.missing.append("action_items[*].owner")
    else:
        state.missing.append("action_items")
    events = state.events
    return Draft(
        fields=fields,
        sections=tuple(state.sections),
        mapping=tuple(state.mapping),
        inferred=tuple(state.inferred),
        missing=tuple(state.missing),
        consumed=tuple(state.consumed),
        precisions=tuple((event.when.precision, event.when.approximate) for event in events),
        ongoing=state.ongoing,
        doc_date=state.doc_date,
        doc_zone=state.doc_zone,
        warnings=tuple(sorted(state.warnings, key=lambda warning: warning[0] or 0)),
        yearless=state.yearless,
    )
