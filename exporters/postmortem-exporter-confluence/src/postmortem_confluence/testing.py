"""Test helpers for Confluence publishing: a local Confluence REST server.

:class:`LocalConfluence` serves the part of the Confluence REST API that publishing needs,
over real HTTP on 127.0.0.1, with Cloud and Data Center flavours, the server's own checks,
and fault injection (429 with Retry-After, 5xx, timeouts) by script or by rate::

    from postmortem_confluence.testing import Fault, LocalConfluence

    with LocalConfluence(deployment="cloud", users={"me@example.com": "api-token"}) as server:
        server.faults.script(Fault.status(429, retry_after=1), methods=["POST"])
        ...  # publish to server.url
        assert len(server.pages("OPS")) == 1

:func:`preview_html` turns a storage-format body into plain HTML (macros replaced by simple
HTML) to look at a page without Confluence.

What it emulates, and what it does not, is listed in the package documentation
(``docs/exporters/confluence.md``).
"""

from __future__ import annotations

from postmortem_confluence._local_server import (
    Fault,
    LocalConfluence,
    RecordedRequest,
    StoredAttachment,
    StoredPage,
    StoredVersion,
)
from postmortem_confluence._preview import preview_html

__all__ = [
    "Fault",
    "LocalConfluence",
    "RecordedRequest",
    "StoredAttachment",
    "StoredPage",
    "StoredVersion",
    "preview_html",
]
