"""The tracker protocol: what postmortem asks of an issue tracker, and what it reads back."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from attrs import field, frozen

from postmortem.errors import PluginNotFoundError, PostmortemError, ServiceUnavailableError
from postmortem.http import ServiceErrors
from postmortem.model import ActionItem, ActionStatus, Incident, Priority

if TYPE_CHECKING:
    from collections.abc import Callable

# The public names are listed once, in postmortem.trackers' __all__.


# ---------------------------------------------------------------------- errors


class TrackerError(PostmortemError):
    """The tracker refused a request or could not be reached. Messages never hold credentials.

    Attributes:
        status: The HTTP status, when there was a response.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TrackerSettingsError(TrackerError):
    """A setting that can never work: no token, a URL that does not parse, an unknown option."""


class TrackerAuthError(TrackerError):
    """401 (wrong or missing credentials) or 403 (no permission)."""


class TrackerRequestError(TrackerError):
    """Another 4xx: the tracker rejected the request itself (an unknown project, a bad field)."""


class TrackerUnavailableError(TrackerError, ServiceUnavailableError):
    """429, 5xx, a timeout or no connection: worth retrying later.

    Attributes:
        retry_after: Seconds the tracker asked us to wait, when it said.
        maybe_done: True when the request may have been carried out all the same (a timeout,
            a 5xx after the request was sent); False when it was refused before any work (a
            429). Informational: after any failed create the sync looks before creating again.
    """

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None, *, maybe_done: bool = True
    ) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after
        self.maybe_done = maybe_done


class TrackerNotFoundError(PluginNotFoundError, TrackerError):
    """No tracker of that name is installed (see :class:`~postmortem.errors.PluginNotFoundError`)."""

    kind = "tracker"
    # Tracker names are few and chosen on purpose (--to jira|github): no suggestion.
    suggest = False


# ---------------------------------------------------------------------- data


@frozen
class IssueDraft:
    """What postmortem wants a tracker issue for one action item to say.

    Attributes:
        incident_id: The incident's id.
        incident_title: The incident's title.
        action_id: The action item's id within the incident.
        title: A one-line summary: the incident id and the item's first line.
        description: The item's description (Markdown, written by people).
        risk_reduction: How the item reduces risk.
        owner: The owner as the post-mortem names them.
        assignee: The owner's account in this tracker (from the participant's ``accounts``),
            when known.
        due: The due date.
        priority: The item's priority.
        kind: The kind of improvement, as a label (``CI check``).
        labels: Labels the tracker should add (the tracker adds its own marker too).
    """

    incident_id: str
    incident_title: str
    action_id: str
    title: str
    description: str
    risk_reduction: str = ""
    owner: str | None = None
    assignee: str | None = None
    due: date | None = None
    priority: Priority = Priority.MEDIUM
    kind: str = ""
    labels: tuple[str, ...] = ()


@frozen
class TrackerIssue:
    """A tracker issue as postmortem reads it back.

    Attributes:
        key: The tracker's key (``OPS-123``, ``#42``).
        url: Its address in the browser.
        action: ``(incident id, action id)`` from the issue's marker, when it carries one.
        title: Its title or summary.
        status: The tracker's state as an action status.
        status_name: The tracker's own word for it (``In Review``, ``closed``).
        exact_status: False when the tracker cannot tell open from in progress (GitHub), so
            that "open" does not overwrite the file's "in progress".
        resolution: The resolution (``Done``, ``Won't Do``, ``not_planned``), when closed.
        assignee: The assignee's account (account id, user name or login), if any.
        assignee_name: The assignee's display name, if the tracker gives one.
        due: The due date, if the tracker has one.
        created: The day the issue was created.
        completed: The day it was resolved or closed, when it is.
        labels: Its labels.
        body: Its description as the tracker stores it, to see whether it needs an update.
    """

    key: str
    url: str = ""
    action: tuple[str, str] | None = None
    title: str = ""
    status: ActionStatus = ActionStatus.OPEN
    status_name: str = ""
    exact_status: bool = True
    resolution: str | None = None
    assignee: str | None = None
    assignee_name: str | None = None
    due: date | None = None
    created: date | None = None
    completed: date | None = None
    labels: tuple[str, ...] = ()
    body: object = field(default=None, repr=False, eq=False)


# ---------------------------------------------------------------------- the protocol


@runtime_checkable
class Tracker(Protocol):
    """An issue tracker that action items can be synced with.

    A tracker plugin is a class registered in the ``postmortem.trackers`` entry-point group;
    ``postmortem actions sync --to NAME`` builds it with :meth:`from_options`. The tracker
    only talks to its service: retries, idempotency (looking before creating again) and
    writing the file back are done by :func:`~postmortem.trackers.sync_incident`.

    A tracker raises :class:`TrackerUnavailableError` for what is worth retrying (429,
    5xx, timeouts), :class:`TrackerAuthError` or :class:`TrackerRequestError` for what is
    not, and never puts a credential in a message or a log record.
    """

    name: ClassVar[str]

    @classmethod
    def from_options(cls, options: Mapping[str, str], environ: Mapping[str, str]) -> Tracker:
        """Build the tracker from ``-O key=value`` options and the environment.

        Raises:
            TrackerSettingsError: when a setting is missing or can never work.
        """
        ...

    def owns(self, item: ActionItem) -> bool:
        """True when the item's ``tracker_key``/``tracker_url`` name an issue in this tracker."""
        ...

    def get(self, key: str) -> TrackerIssue | None:
        """Read one issue; ``None`` when it does not exist (or cannot be seen)."""
        ...

    def search(self, incident_id: str, cursor: str | None = None) -> tuple[list[TrackerIssue], str | None]:
        """One page of the issues that carry this incident's marker, closed ones included.

        Args:
            incident_id: The incident.
            cursor: ``None`` for the first page, else what the previous page returned.

        Returns:
            The page's marked issues and the next page's cursor (``None`` after the last),
            so that the sync retries one page, not the whole listing.
        """
        ...

    def create(self, draft: IssueDraft) -> TrackerIssue:
        """Create an issue for the draft, with the marker that :meth:`search` finds."""
        ...

    def differences(self, issue: TrackerIssue, draft: IssueDraft) -> list[str]:
        """Names of what :meth:`update` would change (title, description, labels)."""
        ...

    def update(self, issue: TrackerIssue, draft: IssueDraft) -> TrackerIssue:
        """Bring the issue's title, description and labels in line with the draft."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Every form in which this tracker's credentials could appear in text."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


# ---------------------------------------------------------------------- drafts

_TITLE_LIMIT = 200


def _first_line(text: str) -> str:
    for line in text.splitlines():
        cleaned = " ".join(line.split()).strip()
        if cleaned:
            return cleaned
    return ""


def _account(incident: Incident, owner: str | None, tracker: str) -> str | None:
    if not owner:
        return None
    participant = incident.participant(owner)
    if participant is None:
        return None
    return participant.accounts.get(tracker) or None


def draft_for(incident: Incident, item: ActionItem, tracker: str, labels: Sequence[str] = ()) -> IssueDraft:
    """The issue a tracker should hold for one action item.

    Args:
        incident: The incident.
        item: One of its action items.
        tracker: The tracker's name, to find the owner's account in ``participant.accounts``.
        labels: Extra labels to ask for.

    Returns:
        The draft.
    """
    # Titles are one line: a description written as a paragraph gives its first line.
    summary = _first_line(item.description) or item.id
    title = f"[{incident.id}] {summary}"
    if len(title) > _TITLE_LIMIT:
        title = title[: _TITLE_LIMIT - 1].rstrip() + "…"
    return IssueDraft(
        incident_id=incident.id,
        incident_title=incident.title,
        action_id=item.id,
        title=title,
        description=item.description.strip(),
        risk_reduction=item.risk_reduction.strip(),
        owner=item.owner,
        assignee=_account(incident, item.owner, tracker),
        due=item.due,
        priority=item.priority,
        kind=item.kind.label,
        labels=tuple(dict.fromkeys(label for label in labels if label)),
    )


def tracker_errors(unavailable: Callable[[str, int | None, float | None], TrackerUnavailableError]) -> ServiceErrors:
    """The tracker errors a :class:`~postmortem.http.WebService` raises, by situation.

    Every tracker reports a failed request the same way: a timeout or an answer that is not
    JSON is :class:`TrackerUnavailableError` (worth retrying), 401/403 is
    :class:`TrackerAuthError`, 404 and any other 4xx are :class:`TrackerRequestError`, and
    anything else without a status is :class:`TrackerError`. Only whether a 429, a 5xx or a
    lost connection may have been carried out differs between trackers, so ``unavailable``
    (called with the message, the status and the ``Retry-After`` seconds) is the tracker's own.
    """
    return ServiceErrors(
        failed=TrackerError,
        unavailable=unavailable,
        timed_out=TrackerUnavailableError,
        bad_answer=TrackerUnavailableError,
        auth=TrackerAuthError,
        not_found=TrackerRequestError,
        rejected=TrackerRequestError,
    )


_UNSAFE_LABEL = re.compile(r"[\s,]+")


def marker_label(incident_id: str, action_id: str | None = None, *, limit: int = 255) -> str:
    """The label that marks issues of one incident (and one action item, when given).

    Spaces and commas, which trackers split labels on, become ``_``; a label longer than
    ``limit`` is shortened with a hash, so two long ids never share a label.
    """
    text = f"postmortem-{incident_id}" + (f"--{action_id}" if action_id is not None else "")
    text = _UNSAFE_LABEL.sub("_", text)
    if len(text) <= limit:
        return text
    import hashlib  # noqa: PLC0415  (rare path)

    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{text[: limit - 13]}-{digest}"
