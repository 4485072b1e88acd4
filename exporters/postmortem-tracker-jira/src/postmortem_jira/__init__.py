"""Jira for ``postmortem actions sync``: action items as Jira Cloud or Data Center issues.

``import postmortem_jira`` stays light: atlassian-python-api and requests load only when a
tracker is built.
"""

from __future__ import annotations

from postmortem_jira._tracker import ENV_PROJECT, ENV_TOKEN, ENV_URL, ENV_USER, JiraSettings, JiraTracker

__all__ = ["ENV_PROJECT", "ENV_TOKEN", "ENV_URL", "ENV_USER", "JiraSettings", "JiraTracker"]
