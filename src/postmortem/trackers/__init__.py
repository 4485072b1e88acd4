"""Action items where the work happens: syncing them with issue trackers.

A tracker is a plugin in the ``postmortem.trackers`` entry-point group, like exporters:
GitHub Issues ships with postmortem, Jira with ``postmortem-tracker-jira``, and a third
party registers its own the same way. :func:`sync_incident` does the rest: it finds or
creates one issue per action item without ever duplicating one, retries 429 and 5xx
answers with backoff, and reads the tracker's state back into the action items.

``import postmortem.trackers`` imports no tracker plugin and no HTTP library.
"""

from __future__ import annotations

from postmortem.http import RetryPolicy, SecretFilter, parse_retry_after, secret_filter
from postmortem.trackers._base import (
    IssueDraft,
    Tracker,
    TrackerAuthError,
    TrackerError,
    TrackerIssue,
    TrackerNotFoundError,
    TrackerRequestError,
    TrackerSettingsError,
    TrackerUnavailableError,
    draft_for,
    marker_label,
    tracker_errors,
)
from postmortem.trackers._registry import (
    GROUP,
    KNOWN_TRACKERS,
    get_tracker,
    register_tracker,
    tracker_info,
    tracker_names,
    unregister_tracker,
)
from postmortem.trackers._sync import Change, ItemSync, SyncResult, read_back, sync_incident
from postmortem.trackers._write import synced_text, write_synced

__all__ = [
    "GROUP",
    "KNOWN_TRACKERS",
    "Change",
    "IssueDraft",
    "ItemSync",
    "RetryPolicy",
    "SecretFilter",
    "SyncResult",
    "Tracker",
    "TrackerAuthError",
    "TrackerError",
    "TrackerIssue",
    "TrackerNotFoundError",
    "TrackerRequestError",
    "TrackerSettingsError",
    "TrackerUnavailableError",
    "draft_for",
    "get_tracker",
    "marker_label",
    "parse_retry_after",
    "read_back",
    "register_tracker",
    "secret_filter",
    "sync_incident",
    "synced_text",
    "tracker_errors",
    "tracker_info",
    "tracker_names",
    "unregister_tracker",
    "write_synced",
]
