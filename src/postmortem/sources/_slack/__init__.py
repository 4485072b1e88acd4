"""Slack workspace exports: a folder per channel of per-day JSON files, plus users.json.

The source is split by what each part reads, each module private: ``_archive`` (the
export as a folder or a zip, bounded in size, entries and decompressed bytes, and its JSON
arrays read a chunk at a time), ``_window`` (which day files and messages can fall in the
``since``/``until`` window), ``_users`` (``users.json``'s users, each made when first
named), ``_naming`` (a message's actor and text) and ``_source`` (:class:`SlackSource`:
the options, the day files and their messages).
"""

from __future__ import annotations

from postmortem.sources._slack._source import (
    DEFAULT_MAX_ENTRIES,
    DEFAULT_MAX_INFLATED,
    DEFAULT_SKIPPED_SUBTYPES,
    SlackSource,
)

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_MAX_INFLATED", "DEFAULT_SKIPPED_SUBTYPES", "SlackSource"]
