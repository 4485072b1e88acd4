"""A local Confluence REST server for tests: real HTTP on 127.0.0.1, state in memory.

:class:`LocalConfluence` serves the part of the Confluence REST API (v1, ``/rest/api``) that
publishing needs, with Cloud and Data Center flavours, the server's own checks, and fault
injection (429 with Retry-After, 5xx, timeouts) by script or by rate::

    from postmortem_confluence_testing import Fault, LocalConfluence

    with LocalConfluence(deployment="cloud", users={"me@example.com": "api-token"}) as server:
        server.faults.script(Fault.status(429, retry_after=1), methods=["POST"])
        ...  # publish to server.url
        assert len(server.pages("OPS")) == 1

What it emulates, and what it does not, is listed in ``docs/exporters/confluence.md``; keep
the two in step. The modules: ``_server`` (start, stop, inspection, JSON shapes),
``_handler`` (authentication, routing, each resource), ``_state`` (what the server holds and
its checks), ``_faults``, ``_cql`` (the CQL subset) and ``_multipart`` (uploads, read with
the standard library's MIME parser).
"""

from __future__ import annotations

from postmortem_confluence_testing._faults import Fault
from postmortem_confluence_testing._server import LocalConfluence
from postmortem_confluence_testing._state import RecordedRequest, StoredAttachment, StoredPage, StoredVersion

__all__ = [
    "Fault",
    "LocalConfluence",
    "RecordedRequest",
    "StoredAttachment",
    "StoredPage",
    "StoredVersion",
]
