"""Syncing an incident's action items with a tracker: idempotent, retried, read back.

For each action item:

1. The issue is found: by the item's ``tracker_key`` when it names an issue in this
   tracker, else by the marker every issue postmortem creates carries (a label, or a
   hidden line in the description, holding the incident and action ids).
2. If there is none, it is created. A create that fails in a way that may have gone
   through (a 5xx, a timeout) is followed by a search before it is tried again, so that a
   lost answer never makes a second issue.
3. An existing issue's title, description and labels are brought in line with the file.
4. The tracker's state is read back: status, completion date, assignee, due date and
   creation date. Once an issue exists the tracker is where the work happens, so for these
   fields it wins over the file.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal, TypeVar

import attrs
from attrs import frozen

from postmortem.http import RetryPolicy
from postmortem.model import ActionItem, ActionStatus, Incident
from postmortem.trackers._base import (
    IssueDraft,
    Tracker,
    TrackerAuthError,
    TrackerError,
    TrackerIssue,
    TrackerUnavailableError,
    draft_for,
)

__all__ = ["Change", "ItemSync", "SyncResult", "sync_incident"]

log = logging.getLogger("postmortem.trackers")

T = TypeVar("T")

# A listing that keeps pointing at a next page (a broken proxy) is not followed for ever.
_MAX_PAGES = 200

Outcome = Literal["create", "link", "update", "unchanged", "skip", "failed"]


@frozen
class Change:
    """One field of an action item that the sync changes in the file.

    Attributes:
        field: The field's name (``status``, ``completed``, ``tracker_key``, ...).
        before: Its value before, as text (``None`` when unset).
        after: Its value after, as text (``None`` when removed).
    """

    field: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        return f"{self.field}: {self.before if self.before is not None else '(none)'} → {self.after or '(none)'}"


@frozen
class ItemSync:
    """What syncing one action item did (or, in a dry run, would do).

    Attributes:
        action_id: The action item's id.
        outcome: ``create`` (a new issue), ``link`` (an existing issue found by its marker),
            ``update`` (the issue's title, description or labels rewritten), ``unchanged``,
            ``skip`` (linked to another tracker) or ``failed``.
        key: The issue's key, when there is one.
        url: The issue's address, when known.
        changes: Fields of the action item that change in the file.
        pushed: What was (or would be) written to the tracker (``title``, ``description``, ...).
        note: Why an item was skipped or failed, or a warning (duplicates found).
    """

    action_id: str
    outcome: Outcome
    key: str | None = None
    url: str | None = None
    changes: tuple[Change, ...] = ()
    pushed: tuple[str, ...] = ()
    note: str = ""


@frozen
class SyncResult:
    """The result of syncing one incident.

    Attributes:
        incident: The incident with the tracker's state read back (unchanged in a dry run
            except for what could be read).
        items: One entry per action item, in file order.
        dry_run: True when nothing was written to the tracker.
    """

    incident: Incident
    items: tuple[ItemSync, ...]
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """True when some action item changes in the file."""
        return any(item.changes for item in self.items)

    def count(self, outcome: Outcome) -> int:
        """How many items had this outcome."""
        return sum(item.outcome == outcome for item in self.items)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, ActionStatus):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _owner(incident: Incident, issue: TrackerIssue, tracker: str, current: str | None) -> str | None:
    """The owner the file should name for the issue's assignee; the current one when it is the same person."""
    if not issue.assignee:
        return current
    for participant in incident.participants:
        accounts = {value.casefold() for value in participant.accounts.values()}
        own = participant.accounts.get(tracker)
        if (own and own.casefold() == issue.assignee.casefold()) or issue.assignee.casefold() in accounts:
            if current and incident.participant(current) is participant:
                return current
            return participant.name
    if current and current.casefold().lstrip("@") in {
        issue.assignee.casefold().lstrip("@"),
        (issue.assignee_name or "").casefold(),
    }:
        return current
    return issue.assignee_name or issue.assignee


def read_back(
    incident: Incident, item: ActionItem, issue: TrackerIssue, tracker: str, today: date
) -> tuple[ActionItem, tuple[Change, ...]]:
    """The action item with the tracker's state, and the changes that makes.

    Args:
        incident: The incident the item belongs to (for owner names).
        item: The item as the file has it.
        issue: The tracker's issue.
        tracker: The tracker's name.
        today: The completion date used when a done issue carries none.

    Returns:
        The new item and its changes, in field order.
    """
    values: dict[str, object] = {"tracker_key": issue.key}
    if issue.url:
        values["tracker_url"] = issue.url
    status = issue.status
    if not issue.exact_status and status is ActionStatus.OPEN and item.status is ActionStatus.IN_PROGRESS:
        # The tracker cannot say "in progress"; its "open" does not undo the file's.
        status = item.status
    values["status"] = status
    if status is ActionStatus.DONE:
        values["completed"] = issue.completed or item.completed or today
    else:
        values["completed"] = None
    values["owner"] = _owner(incident, issue, tracker, item.owner)
    if issue.due is not None:
        values["due"] = issue.due
    if issue.created is not None:
        values["created"] = issue.created
    changes = tuple(
        Change(name, _text(getattr(item, name)), _text(value))
        for name, value in values.items()
        if getattr(item, name) != value
    )
    try:
        new_item = attrs.evolve(item, **values)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        # A key or URL the model refuses (a control character from a hostile tracker).
        raise TrackerError(f"{item.id}: the tracker's answer cannot be stored: {exc}") from None
    return new_item, changes


def _oldest(issues: Sequence[TrackerIssue]) -> TrackerIssue:
    def order(issue: TrackerIssue) -> tuple[date, int, str]:
        digits = "".join(char for char in issue.key if char.isdigit())
        return (issue.created or date.max, int(digits) if digits and len(digits) < 18 else 0, issue.key)

    return min(issues, key=order)


class _Syncer:
    def __init__(
        self,
        incident: Incident,
        tracker: Tracker,
        *,
        policy: RetryPolicy,
        dry_run: bool,
        labels: Sequence[str],
        today: date,
        only: Callable[[ActionItem], bool] | None,
        include_closed: bool = False,
    ) -> None:
        self.incident = incident
        self.tracker = tracker
        self.policy = policy
        self.dry_run = dry_run
        self.labels = tuple(labels)
        self.today = today
        self.only = only
        self.include_closed = include_closed
        self._found: dict[str, list[TrackerIssue]] | None = None

    def retry(self, what: str, operation: Callable[[], T]) -> T:
        """Run an operation that is safe to repeat under the policy."""
        return self.policy.call(what, operation, retry_on=TrackerUnavailableError, service="the tracker", log=log)

    def search(self, *, fresh: bool = False) -> dict[str, list[TrackerIssue]]:
        """This incident's marked issues by action id; one listing per incident unless ``fresh``."""
        if self._found is None or fresh:
            issues: list[TrackerIssue] = []
            cursor: str | None = None
            for number in range(1, _MAX_PAGES + 1):
                page, cursor = self.retry(
                    f"search {self.tracker.name} for {self.incident.id} (page {number})",
                    functools.partial(self.tracker.search, self.incident.id, cursor),
                )
                issues.extend(page)
                if cursor is None:
                    break
            else:
                raise TrackerError(
                    f"the search for {self.incident.id}'s issues still had more pages after {_MAX_PAGES}; stopped there"
                )
            found: dict[str, list[TrackerIssue]] = {}
            for issue in issues:
                if issue.action is not None and issue.action[0] == self.incident.id:
                    found.setdefault(issue.action[1], []).append(issue)
            self._found = found
        return self._found

    def create(self, draft: IssueDraft) -> tuple[TrackerIssue, bool]:
        """Create the issue; after a failure that may have gone through, look before trying again.

        Returns:
            The issue, and True when it was found after all rather than created by the last try.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                issue = self.tracker.create(draft)
            except TrackerUnavailableError as error:
                self.policy.wait(
                    f"create an issue for {draft.action_id}",
                    attempt,
                    error,
                    service="the tracker",
                    give_up_as=TrackerUnavailableError,
                    log=log,
                )
                # Look even when the error says the request was refused: a tracker's create may
                # be several requests (Jira reads the new issue back), and a look costs one listing.
                found = self.search(fresh=True).get(draft.action_id)
                if found:
                    log.info("%s: the issue exists after all (%s)", draft.action_id, _oldest(found).key)
                    return _oldest(found), True
                continue
            self.search().setdefault(draft.action_id, []).append(issue)
            return issue, False

    def locate(self, item: ActionItem) -> tuple[TrackerIssue | None, str]:
        note = ""
        if item.tracker_key:
            key = item.tracker_key
            issue = self.retry(f"read {key}", lambda: self.tracker.get(key))
            if issue is not None:
                return issue, note
            note = f"the linked issue {key} is gone; "
        found = self.search().get(item.id)
        if not found:
            return None, note
        chosen = _oldest(found)
        if len(found) > 1:
            others = ", ".join(sorted(issue.key for issue in found if issue is not chosen))
            note += f"also marked for this item: {others} (left alone)"
        return chosen, note

    def item(self, item: ActionItem) -> tuple[ActionItem, ItemSync]:
        tracker = self.tracker
        if (item.tracker_key or item.tracker_url) and not tracker.owns(item):
            where = item.tracker_key or item.tracker_url
            if item.tracker_key and item.tracker_url:
                where = f"{item.tracker_key} ({item.tracker_url})"
            return item, ItemSync(item.id, "skip", note=f"linked to {where}, not an issue in this {tracker.name}")
        draft = draft_for(self.incident, item, tracker.name, self.labels)
        issue, note = self.locate(item)
        pushed: tuple[str, ...] = ()
        outcome: Outcome
        if issue is None and item.status.is_closed and not self.include_closed:
            # A follow-up finished before the team used the tracker needs no ticket to close.
            return item, ItemSync(
                item.id, "skip", note=f"already {item.status.value}; no issue is opened for a closed item"
            )
        if issue is None:
            pushed = ("title", "description", "labels")
            if self.dry_run:
                return item, ItemSync(item.id, "create", pushed=pushed, note=note.rstrip("; "))
            issue, found_after_all = self.create(draft)
            outcome = "create"
            if found_after_all:
                # The create went through but its answer was lost: the marker found the issue.
                note += "the tracker's answer was lost; found by its marker"
        else:
            outcome = "unchanged" if item.tracker_key == issue.key else "link"
            differences = tuple(tracker.differences(issue, draft))
            if differences:
                pushed = differences
                if outcome == "unchanged":
                    outcome = "update"
                if not self.dry_run:
                    current = issue
                    issue = self.retry(f"update {issue.key}", lambda: tracker.update(current, draft))
        new_item, changes = read_back(self.incident, item, issue, tracker.name, self.today)
        return new_item, ItemSync(item.id, outcome, issue.key, issue.url or None, changes, pushed, note.rstrip("; "))

    def run(self) -> SyncResult:
        items: list[ActionItem] = []
        results: list[ItemSync] = []
        for item in self.incident.action_items:
            if self.only is not None and not self.only(item):
                items.append(item)
                continue
            try:
                new_item, result = self.item(item)
            except TrackerAuthError:
                # Wrong credentials fail every item alike: stop at the first.
                raise
            except TrackerError as exc:
                # One item failing (a refused field, a tracker that stays down) does not stop the others.
                new_item, result = item, ItemSync(item.id, "failed", item.tracker_key, note=str(exc))
            items.append(new_item)
            results.append(result)
        incident = attrs.evolve(self.incident, action_items=tuple(items))
        return SyncResult(incident, tuple(results), self.dry_run)


def sync_incident(
    incident: Incident,
    tracker: Tracker,
    *,
    policy: RetryPolicy | None = None,
    dry_run: bool = False,
    labels: Sequence[str] = (),
    today: date | None = None,
    only: Callable[[ActionItem], bool] | None = None,
    include_closed: bool = False,
) -> SyncResult:
    """Sync every action item of ``incident`` with ``tracker``; idempotently.

    Args:
        incident: The incident.
        tracker: The tracker, built with its ``from_options``.
        policy: Retries for 429, 5xx and timeouts; six tries with backoff from 0.5 s by default.
        dry_run: Read only: report what would be created and updated, and what the file
            would take from issues that already exist.
        labels: Labels every issue gets besides the tracker's marker.
        today: The completion date for an issue that is done but carries no date.
        only: Sync only the items this returns True for.
        include_closed: Open issues for items the file already says are done or won't do
            (by default they are skipped unless an issue exists for them).

    Returns:
        The incident with the tracker's state read back, and what happened to each item.
        A tracker error on one item is reported on that item (``failed``) and the others go on.

    Raises:
        TrackerAuthError: when the tracker refuses the credentials (nothing else would work either).
    """
    if today is None:
        from datetime import datetime, timezone  # noqa: PLC0415

        today = datetime.now(timezone.utc).date()
    syncer = _Syncer(
        incident,
        tracker,
        policy=policy or RetryPolicy(),
        dry_run=dry_run,
        labels=labels,
        today=today,
        only=only,
        include_closed=include_closed,
    )
    return syncer.run()
