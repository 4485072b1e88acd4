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

The package is laid out in the order of the work, each module private: ``_text`` (the
words of a description and how alike two are), ``_people`` (:func:`map_actor`, and the
redaction of names by roles), ``_milestones`` (:func:`suggest_milestones`), ``_gather``
(the sources' events inside the window, actors named, sorted), ``_merge``
(:func:`incident_window`, :func:`merge_timeline`: folding duplicates, the report) and
``_write`` (:func:`merged_text`, :func:`write_timeline`). Everything public is imported here.
"""

from __future__ import annotations

from postmortem.timeline._merge import (
    DEFAULT_FOLD_WITHIN,
    DEFAULT_WINDOW_MARGIN,
    TimelineMerge,
    incident_window,
    merge_timeline,
)
from postmortem.timeline._milestones import MilestoneSuggestion, suggest_milestones
from postmortem.timeline._people import map_actor, redact_incident, redact_timeline
from postmortem.timeline._write import merged_text, write_timeline

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
