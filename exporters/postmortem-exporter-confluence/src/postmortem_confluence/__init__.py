"""Confluence support for ``postmortem``: storage-format export and idempotent publishing.

``import postmortem_confluence`` stays light: atlassian-python-api and requests load only
when a client is built (see :class:`ConfluenceClient`).
"""

from __future__ import annotations

from postmortem_confluence._client import (
    Attachment,
    ConfluenceAuthError,
    ConfluenceClient,
    ConfluenceConflictError,
    ConfluenceError,
    ConfluenceNotFoundError,
    ConfluenceRequestError,
    ConfluenceSettings,
    ConfluenceTimeoutError,
    ConfluenceUnavailableError,
    Page,
)
from postmortem_confluence._exporter import ConfluenceExporter
from postmortem_confluence._publish import (
    AttachmentFile,
    PageTarget,
    PlannedStep,
    PublishResult,
    RetryPolicy,
    normalise_label,
    publish_page,
    same_storage,
)
from postmortem_confluence._storage import Deployment, page_title, render_storage, safe_url
from postmortem_confluence._xml import parse_storage

__all__ = [
    "Attachment",
    "AttachmentFile",
    "ConfluenceAuthError",
    "ConfluenceClient",
    "ConfluenceConflictError",
    "ConfluenceError",
    "ConfluenceExporter",
    "ConfluenceNotFoundError",
    "ConfluenceRequestError",
    "ConfluenceSettings",
    "ConfluenceTimeoutError",
    "ConfluenceUnavailableError",
    "Deployment",
    "Page",
    "PageTarget",
    "PlannedStep",
    "PublishResult",
    "RetryPolicy",
    "normalise_label",
    "page_title",
    "parse_storage",
    "publish_page",
    "render_storage",
    "safe_url",
    "same_storage",
]
