"""Comparing two versions of a post-mortem, section by section.

:func:`diff` matches timeline events (by ``source_id`` when both have one, else by time and
text), action items (by id, else by text), milestones, free-form sections (by title) and
every other field, and reports what was added, removed, moved, closed, re-dated or
reworded. Prose is compared word by word, so re-wrapping a paragraph is no change.

:func:`section_view` prints an incident in a stable, line-per-item form for ``git diff``
(``postmortem diff --textconv``).

The package is laid out in the order of the work, each module private: ``_changes``
(:class:`Change` and :class:`IncidentDiff`), ``_text`` (words, durations, values as shown),
``_differ`` (matching and comparing, :func:`diff`), ``_render`` (text, Markdown and HTML) and
``_view`` (:func:`section_view`). Everything public is imported here.
"""

from __future__ import annotations

from postmortem.comparison._changes import Change, IncidentDiff
from postmortem.comparison._differ import diff
from postmortem.comparison._text import word_diff as word_diff
from postmortem.comparison._view import section_view

__all__ = ["Change", "IncidentDiff", "diff", "section_view"]
