"""Action items across many post-mortems: open, overdue, done, unverified, per owner and team."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from datetime import date

from attrs import frozen

from postmortem.model import ActionItem, ActionStatus, Incident

__all__ = [
    "NO_OWNER",
    "NO_TEAM",
    "ActionCounts",
    "ActionRecord",
    "ActionReport",
    "action_report",
    "owner_team",
]

NO_OWNER = "(no owner)"
"""The owner name used for action items without one."""

NO_TEAM = "(no team)"
"""The team name used when an owner is not a participant with a team."""


@frozen
class ActionRecord:
    """One action item with the incident it came from.

    Attributes:
        incident: The incident.
        item: The action item.
        team: The owner's team: the ``team`` of the participant whose name or handle is the
            owner; :data:`~postmortem.analytics.NO_TEAM` when there is no such participant or team.
        today: The day the report was made for.
    """

    incident: Incident
    item: ActionItem
    team: str
    today: date

    @property
    def owner(self) -> str:
        """The owner, or :data:`~postmortem.analytics.NO_OWNER`."""
        return self.item.owner or NO_OWNER

    @property
    def is_open(self) -> bool:
        """True when not done and not declined (open or in progress)."""
        return not self.item.status.is_closed

    @property
    def is_overdue(self) -> bool:
        """True when open after its due date."""
        return self.item.is_overdue(self.today)

    @property
    def is_done(self) -> bool:
        """True when done."""
        return self.item.status is ActionStatus.DONE

    @property
    def is_unverified(self) -> bool:
        """True when done but nobody wrote down how completion was verified."""
        return self.is_done and not self.item.verification.strip()

    @property
    def days_overdue(self) -> int | None:
        """Days past the due date for an overdue item, else ``None``."""
        if not self.is_overdue or self.item.due is None:
            return None
        return (self.today - self.item.due).days

    @property
    def age_days(self) -> int | None:
        """Days an open item has been open; ``None`` for closed items.

        Age counts from the item's ``created`` date (filled from the tracker by
        ``postmortem actions sync``); without one, from the day the incident was resolved
        (or started, while it is unresolved): the day follow-ups are usually written.
        """
        if not self.is_open:
            return None
        return max(0, (self.today - self.opened).days)

    @property
    def opened(self) -> date:
        """The day the item was opened.

        Its ``created`` date when it has one, else the day the incident was resolved (or
        started, while unresolved).
        """
        if self.item.created is not None:
            return self.item.created
        milestones = self.incident.milestones
        return (milestones.resolved or milestones.started).date()

    @property
    def days_to_complete(self) -> int | None:
        """Days from the incident's start to the item's completion; ``None`` unless done with a date."""
        if not self.is_done or self.item.completed is None:
            return None
        return max(0, (self.item.completed - self.incident.milestones.started.date()).days)


@frozen
class ActionCounts:
    """Action-item counts for one owner, one team, or everything.

    Attributes:
        total: All items.
        open: Open or in progress.
        overdue: Open past the due date (a subset of ``open``).
        done: Done.
        done_unverified: Done without a verification note (a subset of ``done``).
        wont_do: Declined.
        oldest_open_days: Age of the oldest open item, ``None`` when none is open.
        median_days_to_complete: Median days from the incident's start to completion, over
            the done items with a completion date; ``None`` when there are none.
    """

    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    done_unverified: int = 0
    wont_do: int = 0
    oldest_open_days: int | None = None
    median_days_to_complete: float | None = None


def _count(records: Iterable[ActionRecord]) -> ActionCounts:
    items = list(records)
    ages = [record.age_days for record in items if record.age_days is not None]
    to_complete = [record.days_to_complete for record in items if record.days_to_complete is not None]
    return ActionCounts(
        total=len(items),
        open=sum(record.is_open for record in items),
        overdue=sum(record.is_overdue for record in items),
        done=sum(record.is_done for record in items),
        done_unverified=sum(record.is_unverified for record in items),
        wont_do=sum(record.item.status is ActionStatus.WONT_DO for record in items),
        oldest_open_days=max(ages) if ages else None,
        median_days_to_complete=statistics.median(to_complete) if to_complete else None,
    )


@frozen
class ActionReport:
    """Every action item of a set of incidents, as of one day.

    Attributes:
        today: The day "overdue" and "age" are measured against.
        records: Every action item, ordered by incident start then item order.
    """

    today: date
    records: tuple[ActionRecord, ...]

    @property
    def open(self) -> tuple[ActionRecord, ...]:
        """Open and in-progress items."""
        return tuple(record for record in self.records if record.is_open)

    @property
    def overdue(self) -> tuple[ActionRecord, ...]:
        """Open items past their due date, most overdue first."""
        items = [record for record in self.records if record.is_overdue]
        return tuple(
            sorted(
                items,
                key=lambda record: (
                    -(record.days_overdue or 0),
                    record.incident.id,
                    record.item.id,
                ),
            )
        )

    @property
    def done(self) -> tuple[ActionRecord, ...]:
        """Done items."""
        return tuple(record for record in self.records if record.is_done)

    @property
    def done_unverified(self) -> tuple[ActionRecord, ...]:
        """Done items without a note of how completion was verified."""
        return tuple(record for record in self.records if record.is_unverified)

    @property
    def totals(self) -> ActionCounts:
        """Counts over every item."""
        return _count(self.records)

    def _grouped(self, key: Callable[[ActionRecord], str]) -> dict[str, ActionCounts]:
        groups: dict[str, list[ActionRecord]] = {}
        for record in self.records:
            groups.setdefault(key(record), []).append(record)
        return {
            name: _count(groups[name])
            for name in sorted(groups, key=lambda name: (name.startswith("("), name.casefold()))
        }

    def by_owner(self) -> dict[str, ActionCounts]:
        """Counts per owner, alphabetical; :data:`~postmortem.analytics.NO_OWNER` last."""
        return self._grouped(lambda record: record.owner)

    def by_team(self) -> dict[str, ActionCounts]:
        """Counts per owner's team, alphabetical; :data:`~postmortem.analytics.NO_TEAM` last."""
        return self._grouped(lambda record: record.team)


def owner_team(incident: Incident, owner: str | None) -> str:
    """Return the team of the participant named ``owner`` (name or handle).

    Returns:
        The team, or :data:`~postmortem.analytics.NO_TEAM`.
    """
    if not owner:
        return NO_TEAM
    participant = incident.participant(owner)
    if participant is None or not participant.team:
        return NO_TEAM
    return participant.team


def action_report(incidents: Iterable[Incident], today: date) -> ActionReport:
    """Collect every action item of ``incidents`` as of ``today``.

    Args:
        incidents: The incidents.
        today: The day overdue and age are measured against.

    Returns:
        The report.
    """
    ordered = sorted(incidents, key=lambda incident: (incident.milestones.started, incident.id))
    records = tuple(
        ActionRecord(incident, item, owner_team(incident, item.owner), today)
        for incident in ordered
        for item in incident.action_items
    )
    return ActionReport(today, records)
