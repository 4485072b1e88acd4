"""Tidy pandas frames of a collection (the optional ``pandas`` extra).

One row per observation, one column per variable: incidents, timeline events, contributing
factors and action items each get a frame, joined by ``incident_id``. Durations are pandas
``Timedelta`` columns, times are timezone-aware (UTC) timestamps, enums are their file values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from postmortem.errors import PostmortemError
from postmortem.model import Incident

if TYPE_CHECKING:
    import pandas

__all__ = ["Frames", "to_frames"]


@frozen
class Frames:
    """The tidy frames of a collection.

    Attributes:
        incidents: One row per incident: ``incident_id``, ``title``, ``severity``,
            ``severity_rank``, ``status``, ``started``, ``detected``, ``acknowledged``,
            ``mitigated``, ``resolved``, ``time_to_detect``, ``time_to_acknowledge``,
            ``time_to_mitigate``, ``time_to_resolve``, ``month``, ``services`` (a tuple),
            ``tags`` (a tuple), ``detection_method``, ``detection_automated``,
            ``users_affected``, ``share_affected``, ``ongoing``, and for each duration
            ``<duration>_kind``: ``exact``, ``about``, ``at_least``, ``at_most``, ``ongoing``
            or none (see :class:`~postmortem.model.DurationEstimate`). Durations are the
            differences of the times as written; filter on the kind before averaging.
            ``severity`` and ``severity_rank`` are empty for an incident not yet assessed.
        timeline: One row per timeline event: ``incident_id``, ``time``, ``kind``,
            ``description``, ``source``, ``actor``.
        factors: One row per contributing factor: ``incident_id``, ``category``,
            ``description``, ``trigger``.
        actions: One row per action item: ``incident_id``, ``action_id``, ``description``,
            ``owner``, ``team``, ``status``, ``kind``, ``priority``, ``due``, ``completed``,
            ``verified`` (a verification note is written), ``created`` (when the item was opened).
    """

    incidents: pandas.DataFrame
    timeline: pandas.DataFrame
    factors: pandas.DataFrame
    actions: pandas.DataFrame


def _pandas() -> Any:
    try:
        import pandas  # noqa: PLC0415  (optional dependency)
    except ImportError:
        raise PostmortemError("to_pandas() needs pandas; install it with: pip install postmortem[pandas]") from None
    return pandas


_INCIDENT_COLUMNS = (
    "incident_id",
    "title",
    "severity",
    "severity_rank",
    "status",
    "started",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "time_to_detect",
    "time_to_acknowledge",
    "time_to_mitigate",
    "time_to_resolve",
    "month",
    "services",
    "tags",
    "detection_method",
    "detection_automated",
    "users_affected",
    "share_affected",
    "ongoing",
    "time_to_detect_kind",
    "time_to_acknowledge_kind",
    "time_to_mitigate_kind",
    "time_to_resolve_kind",
)
_TIMELINE_COLUMNS = ("incident_id", "time", "kind", "description", "source", "actor")
_FACTOR_COLUMNS = ("incident_id", "category", "description", "trigger")
_ACTION_COLUMNS = (
    "incident_id",
    "action_id",
    "description",
    "owner",
    "team",
    "status",
    "kind",
    "priority",
    "due",
    "completed",
    "verified",
    "created",
)
_TIMES = ("started", "detected", "acknowledged", "mitigated", "resolved")
_DURATIONS = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


def to_frames(incidents: Sequence[Incident]) -> Frames:
    """Build the tidy frames; see :class:`Frames` for the columns.

    Raises:
        PostmortemError: when pandas is not installed.
    """
    from postmortem.analytics._actions import NO_TEAM, owner_team  # noqa: PLC0415
    from postmortem.analytics._measures import month_of  # noqa: PLC0415

    pd = _pandas()
    incident_rows: list[dict[str, Any]] = []
    timeline_rows: list[dict[str, Any]] = []
    factor_rows: list[dict[str, Any]] = []
    action_rows: list[dict[str, Any]] = []
    for incident in incidents:
        milestones = incident.milestones
        detection = incident.detection
        row: dict[str, Any] = {
            "incident_id": incident.id,
            "title": incident.title,
            "severity": None if incident.severity is None else incident.severity.name,
            "severity_rank": None if incident.severity is None else incident.severity.rank,
            "status": incident.status.value,
            "month": month_of(milestones.started),
            "services": incident.services,
            "tags": incident.tags,
            "detection_method": detection.method.value if detection else None,
            "detection_automated": detection.method.is_automated if detection else None,
            "users_affected": incident.impact.users_affected,
            "share_affected": incident.impact.share_affected,
        }
        row.update({name: getattr(milestones, name) for name in _TIMES})
        row.update({name: getattr(milestones, name) for name in _DURATIONS})
        row["ongoing"] = milestones.ongoing
        for name in _DURATIONS:
            estimate = incident.estimate(name)
            row[f"{name}_kind"] = None if estimate is None else estimate.kind.value
        incident_rows.append(row)
        timeline_rows.extend(
            {
                "incident_id": incident.id,
                "time": event.time,
                "kind": event.kind.value,
                "description": event.description,
                "source": event.source,
                "actor": event.actor,
            }
            for event in incident.ordered_timeline
        )
        factor_rows.extend(
            {
                "incident_id": incident.id,
                "category": factor.category.value,
                "description": factor.description,
                "trigger": factor.trigger,
            }
            for factor in incident.contributing_factors
        )
        for item in incident.action_items:
            team = owner_team(incident, item.owner)
            action_rows.append(
                {
                    "incident_id": incident.id,
                    "action_id": item.id,
                    "description": item.description,
                    "owner": item.owner,
                    "team": None if team == NO_TEAM else team,
                    "status": item.status.value,
                    "kind": item.kind.value,
                    "priority": item.priority.value,
                    "due": item.due,
                    "completed": item.completed,
                    "verified": bool(item.verification.strip()),
                    "created": item.created,
                }
            )

    incidents_frame = pd.DataFrame(incident_rows, columns=list(_INCIDENT_COLUMNS))
    for name in _TIMES:
        incidents_frame[name] = pd.to_datetime(incidents_frame[name], utc=True)
    for name in _DURATIONS:
        incidents_frame[name] = pd.to_timedelta(incidents_frame[name])
    # Nullable: an incident whose severity is not assessed yet has no rank.
    has_all = incidents_frame["severity_rank"].notna().all()
    incidents_frame["severity_rank"] = incidents_frame["severity_rank"].astype("int64" if has_all else "Int64")
    timeline_frame = pd.DataFrame(timeline_rows, columns=list(_TIMELINE_COLUMNS))
    timeline_frame["time"] = pd.to_datetime(timeline_frame["time"], utc=True)
    factors_frame = pd.DataFrame(factor_rows, columns=list(_FACTOR_COLUMNS))
    actions_frame = pd.DataFrame(action_rows, columns=list(_ACTION_COLUMNS))
    for name in ("due", "completed", "created"):
        actions_frame[name] = pd.to_datetime(actions_frame[name])
    return Frames(incidents_frame, timeline_frame, factors_frame, actions_frame)
