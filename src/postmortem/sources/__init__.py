"""Timeline sources: read alerts, pages, chat, status updates and deploys as timeline events.

Each source reads one tool's export in that tool's own format and yields
:class:`~postmortem.model.TimelineEvent` objects, times in UTC, one at a time::

    from postmortem.sources import get_source

    problems = []
    for event in get_source("pagerduty").read("log_entries.json", problems=problems):
        print(event.time, event.description)

Sources are found through the entry-point group ``postmortem.sources``; the built-in
ones register there like any third party's. :func:`source_names` lists them without
importing any; :func:`get_source` loads one when asked.
"""

from __future__ import annotations

from postmortem.sources._alertmanager import AlertmanagerSource
from postmortem.sources._base import (
    Input,
    Source,
    SourceError,
    SourceNotFoundError,
    SourcePluginError,
    SourceProblem,
    declare_options,
    parse_duration,
    parse_time,
)
from postmortem.sources._git import GitSource
from postmortem.sources._pagerduty import PagerDutySource
from postmortem.sources._registry import GROUP, get_source, refresh, register_source, source_names, unregister_source
from postmortem.sources._slack import DEFAULT_SKIPPED_SUBTYPES, SlackSource
from postmortem.sources._statuspage import StatuspageSource
from postmortem.sources._tabular import CSVSource, JSONLinesSource, parse_mapping

__all__ = [
    "DEFAULT_SKIPPED_SUBTYPES",
    "GROUP",
    "AlertmanagerSource",
    "CSVSource",
    "GitSource",
    "Input",
    "JSONLinesSource",
    "PagerDutySource",
    "SlackSource",
    "Source",
    "SourceError",
    "SourceNotFoundError",
    "SourcePluginError",
    "SourceProblem",
    "StatuspageSource",
    "declare_options",
    "get_source",
    "parse_duration",
    "parse_mapping",
    "parse_time",
    "refresh",
    "register_source",
    "source_names",
    "unregister_source",
]
