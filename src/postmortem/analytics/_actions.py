"""Action items across many post-mortems: open, overdue, done, unverified, per owner and team."""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Literal

from attrs import evolve, frozen

from postmortem.model import ActionItem, ActionStatus, Incident
from postmortem.presentation import plural, rendering_date

__all__ = [
    "NO_OWNER",
    "NO_TEAM",
    "ActionCounts",
    "ActionRecord",
    "ActionReport",
    "ActionSelection",
    "action_report",
    "owner_team",
    "selection_heading",
]

NO_OWNER = "(no owner)"
"""The owner name used for action items without one."""

NO_TEAM = "(no team)"
"""The team name used when an owner is not a participant with a team."""

ActionSelection = Literal["open", "overdue", "unverified", "all"]
"""Which action items :meth:`ActionReport.select` keeps: open (and in progress), overdue,
done without a verification note, or all."""

# The columns of ActionRecord.to_dict, ActionReport.to_csv and the JSON listing, in order.
_FIELDS = (
    "owner",
    "team",
    "incident",
    "incident_title",
    "item",
    "description",
    "status",
    "priority",
    "due",
    "days_overdue",
    "age_days",
    "tracker",
    "created",
    "completed",
    "days_to_complete",
)

_HEADINGS: dict[str, str] = {
    "open": "Open action items",
    "overdue": "Overdue action items",
    "unverified": "Action items done without a verification note",
    "all": "Action items",
}


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

    def to_dict(self) -> dict[str, Any]:
        """The record as one row of plain values: the columns of :meth:`ActionReport.to_csv`.

        Dates are ISO 8601 text; a missing value is ``None``; ``tracker`` is the issue's URL,
        else its key.
        """
        item = self.item
        return {
            "owner": self.owner,
            "team": self.team,
            "incident": self.incident.id,
            "incident_title": self.incident.title,
            "item": item.id,
            "description": item.description,
            "status": item.status.value,
            "priority": item.priority.value,
            "due": item.due.isoformat() if item.due else None,
            "days_overdue": self.days_overdue,
            "age_days": self.age_days,
            "tracker": item.tracker_url or item.tracker_key,
            "created": item.created.isoformat() if item.created else None,
            "completed": item.completed.isoformat() if item.completed else None,
            "days_to_complete": self.days_to_complete,
        }


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

    def select(
        self, which: ActionSelection = "open", *, owners: Iterable[str] = (), teams: Iterable[str] = ()
    ) -> ActionReport:
        """The items of one kind, of some owners or teams, in the order a reminder lists them.

        Args:
            which: ``"open"`` (open and in progress), ``"overdue"``, ``"unverified"`` (done
                without a verification note) or ``"all"``.
            owners: Keep only these owners' items (case and a leading ``@`` ignored); all when empty.
            teams: Keep only items whose owner is in one of these teams (case ignored); all when empty.

        Returns:
            A report of the same day holding the selected records, in order (overdue items
            most overdue first, the others by due date, items without one last, then incident
            and item id).

        Raises:
            ValueError: For an unknown ``which``.
        """
        if which == "overdue":
            records = self.overdue
        elif which == "unverified":
            records = self.done_unverified
        elif which == "all":
            records = self.records
        elif which == "open":
            records = self.open
        else:
            raise ValueError(f"unknown selection {which!r}; use one of {', '.join(_HEADINGS)}")
        wanted_owners = {name.casefold().lstrip("@") for name in owners}
        wanted_teams = {name.casefold() for name in teams}
        kept = [
            record
            for record in records
            if (not wanted_owners or record.owner.casefold().lstrip("@") in wanted_owners)
            and (not wanted_teams or record.team.casefold() in wanted_teams)
        ]
        if which != "overdue":
            kept.sort(key=lambda record: (record.item.due or date.max, record.incident.id, record.item.id))
        return evolve(self, records=tuple(kept))

    def to_csv(self) -> str:
        """Every record as CSV (RFC 4180, CRLF line ends), one row each, with a header row.

        The columns are those of :meth:`ActionRecord.to_dict`. A cell that a spreadsheet
        would read as a formula (it starts with ``=``, ``+``, ``-``, ``@`` or a line break,
        full-width forms included) starts with an apostrophe, so that an owner's name or a
        description is shown, never run. Use :meth:`select` first for one kind of item.
        """
        buffer = io.StringIO()
        # RFC 4180 line ends: the csv module quotes a field holding any character of the line
        # terminator, so with CRLF a carriage return inside a description is quoted too. With
        # "\n" alone it was written bare, and a spreadsheet started a new row there, which let
        # a formula after it land first in a cell without its apostrophe.
        writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(_FIELDS)
        for record in self.records:
            row = record.to_dict()
            writer.writerow([_csv_cell(row[name]) for name in _FIELDS])
        return buffer.getvalue()

    def to_text(self, heading: str = "Action items") -> str:
        """The records as a plain-text reminder, grouped by owner, for a chat message or an e-mail.

        Args:
            heading: What the list is (``"Overdue action items"``); the first line adds the
                day and the counts: ``Overdue action items as of 2026-07-01: 3 items, 2 owners``.

        Returns:
            The text, ending with a line break. Owners are in alphabetical order (no owner
            last); characters that could control a terminal are shown as spaces.
        """
        owners: dict[str, list[ActionRecord]] = {}
        for record in self.records:
            owners.setdefault(record.owner, []).append(record)
        lines = [
            f"{heading} as of {self.today.isoformat()}: "
            f"{plural(len(self.records), 'item')}, {plural(len(owners), 'owner')}"
        ]
        for owner in sorted(owners, key=lambda name: (name.startswith("("), name.casefold())):
            items = owners[owner]
            lines.append("")
            lines.append(f"{_one_line(owner)} ({_one_line(items[0].team)}): {len(items)}")
            for record in items:
                item = record.item
                when = f"due {item.due.isoformat()}" if item.due else "no due date"
                if record.days_overdue is not None:
                    when += f", {plural(record.days_overdue, 'day')} overdue"
                elif record.age_days is not None:
                    when += f", open {plural(record.age_days, 'day')}"
                tracker = item.tracker_key or item.tracker_url
                lines.append(
                    f"  - {_one_line(record.incident.id)} {_one_line(item.id)} [{item.priority.value}] "
                    f"({when}): {_one_line(item.description)}"
                )
                lines.append(
                    f"    {_one_line(record.incident.title)}" + (f" | {_one_line(tracker)}" if tracker else "")
                )
        return "\n".join(lines) + "\n"


def selection_heading(which: ActionSelection) -> str:
    """What a selection of :meth:`ActionReport.select` is called: ``"Overdue action items"``."""
    return _HEADINGS[which]


# What makes a spreadsheet read a cell as a formula (OWASP's list), with the full-width
# forms some locales accept, and the line breaks a cell may start with.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _csv_cell(value: object) -> str:
    """A cell's text, made inert for spreadsheet programs (see :meth:`ActionReport.to_csv`)."""
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_START or text.lstrip(" ")[:1] in _FORMULA_START:
        return "'" + text
    return text


def _one_line(text: str) -> str:
    # Terminal control characters in a description could rewrite the reminder on screen.
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


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


def action_report(incidents: Iterable[Incident], today: date | None = None) -> ActionReport:
    """Collect every action item of ``incidents`` as of ``today``.

    Args:
        incidents: The incidents.
        today: The day overdue and age are measured against; by default the day
            :func:`postmortem.presentation.rendering_date` gives (the local date, or the day of
            ``SOURCE_DATE_EPOCH``), as the exporters judge it.

    Returns:
        The report.
    """
    today = rendering_date(today)
    ordered = sorted(incidents, key=lambda incident: (incident.milestones.started, incident.id))
    records = tuple(
        ActionRecord(incident, item, owner_team(incident, item.owner), today)
        for incident in ordered
        for item in incident.action_items
    )
    return ActionReport(today, records)
