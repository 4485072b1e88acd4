"""Confluence support for ``postmortem``: storage-format export and idempotent publishing.

``import postmortem_confluence`` stays light: atlassian-python-api and requests load only
when a client is built.
"""

from __future__ import annotations

from postmortem_confluence._storage import Deployment, page_title, render_storage, safe_url

__all__ = ["Deployment", "page_title", "render_storage", "safe_url"]
