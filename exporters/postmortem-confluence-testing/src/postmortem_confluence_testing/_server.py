"""The server: start, stop, what it holds, and the JSON shapes Confluence answers with."""

from __future__ import annotations

import sys
import threading
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from http.server import ThreadingHTTPServer
from typing import Any

from postmortem_confluence_testing._faults import _Faults
from postmortem_confluence_testing._handler import _Handler
from postmortem_confluence_testing._state import (
    Deployment,
    RecordedRequest,
    StoredAttachment,
    StoredPage,
    StoredVersion,
    _now,
    _State,
)

__all__ = ["LocalConfluence"]


class _QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that says nothing when a client goes away mid-request.

    A client cut off while it talks to the server (a publish stopped by its time or memory
    limit, a test that closes its socket early) resets the connection; the standard server
    prints a traceback on standard error for that, in the middle of the test run's output.
    Confluence itself drops such a request without a word, and so does this server. Any
    other error in a request is printed as before.
    """

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


class LocalConfluence:
    """A Confluence REST server on 127.0.0.1 for tests, with state in memory.

    Args:
        deployment: ``"cloud"`` serves under ``/wiki`` and accepts HTTP Basic (e-mail and API
            token) only; ``"datacenter"`` serves at the root (or ``context_path``) and accepts
            Bearer personal access tokens and HTTP Basic.
        users: Basic credentials, user name (or e-mail) to password or API token.
        tokens: Bearer personal access tokens (Data Center), token to user name.
        read_only: Users who may read but not write (their writes get 403).
        spaces: Space keys that exist.
        context_path: Where the REST API lives; ``/wiki`` on Cloud, ``""`` on Data Center.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        *,
        deployment: Deployment = "datacenter",
        users: Mapping[str, str] | None = None,
        tokens: Mapping[str, str] | None = None,
        read_only: Iterable[str] = (),
        spaces: Iterable[str] = ("OPS",),
        context_path: str | None = None,
    ) -> None:
        self.deployment: Deployment = deployment
        self.users = dict(users or {})
        self.tokens = dict(tokens or {})
        self.read_only = frozenset(read_only)
        self.context_path = ("/wiki" if deployment == "cloud" else "") if context_path is None else context_path
        self.faults = _Faults()
        self.requests: list[RecordedRequest] = []
        self._state = _State(spaces)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LocalConfluence:
        """Start serving on a free port.

        Returns:
            This server.
        """
        handler = type("_BoundHandler", (_Handler,), {"confluence": self})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # A short poll interval makes stop() quick; tests start and stop many servers.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="local-confluence", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LocalConfluence:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def site_url(self) -> str:
        """The site root, ``http://127.0.0.1:PORT``."""
        if self._server is None:
            raise RuntimeError("the local Confluence server is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        """The base URL a client is configured with (site root plus context path)."""
        return self.site_url + self.context_path

    # ------------------------------------------------------------------ inspection

    def pages(self, space: str | None = None) -> list[StoredPage]:
        """The pages, in creation order, optionally of one space."""
        with self._state.lock:
            return [p for p in self._state.pages.values() if space is None or p.space == space]

    def page(self, page_id: str) -> StoredPage:
        """One page by id."""
        with self._state.lock:
            return self._state.pages[page_id]

    def attachments(self, page_id: str) -> list[StoredAttachment]:
        """The attachments of one page, in upload order."""
        with self._state.lock:
            return [a for a in self._state.attachments.values() if a.page_id == page_id]

    def add_space(self, key: str) -> None:
        """Create a space."""
        with self._state.lock:
            self._state.spaces[key] = f"{key} space"

    def add_page(self, space: str, title: str, body: str = "<p>seed</p>", parent_id: str | None = None) -> StoredPage:
        """Create a page directly (no HTTP), as set-up for a test."""
        with self._state.lock:
            page = StoredPage(
                self._state.new_id(),
                space,
                [StoredVersion(1, title, body, parent_id, _now(), "setup")],
            )
            self._state.pages[page.id] = page
            return page

    # ------------------------------------------------------------------ JSON shapes

    def _links(self) -> dict[str, str]:
        return {"base": self.url, "context": self.context_path}

    def page_json(self, page: StoredPage, expand: set[str], version: StoredVersion | None = None) -> dict[str, Any]:
        shown = version or page.current
        state = self._state
        webui = (
            f"/spaces/{page.space}/pages/{page.id}"
            if self.deployment == "cloud"
            else f"/pages/viewpage.action?pageId={page.id}"
        )
        data: dict[str, Any] = {
            "id": page.id,
            "type": "page",
            "status": "current" if shown is page.current else "historical",
            "title": shown.title,
            "space": {
                "key": page.space,
                "name": state.spaces.get(page.space, page.space),
                "type": "global",
            },
            "version": {
                "number": shown.number,
                "when": shown.when,
                "by": {"type": "known", "displayName": shown.by},
                "message": shown.message,
                "minorEdit": False,
            },
            "_links": {
                "webui": webui,
                "self": f"{self.url}/rest/api/content/{page.id}",
                **self._links(),
            },
            "_expandable": {},
        }
        if "body.storage" in expand or "body" in expand:
            data["body"] = {"storage": {"value": shown.body, "representation": "storage"}}
        else:
            data["_expandable"]["body"] = ""
        if "ancestors" in expand:
            ancestors: list[dict[str, str]] = []
            parent = shown.parent_id
            while parent is not None and parent in state.pages:
                ancestors.insert(0, {"id": parent, "type": "page", "title": state.pages[parent].title})
                parent = state.pages[parent].parent_id
            data["ancestors"] = ancestors
        if "history" in expand:
            data["history"] = self.history_json(page)
        if "metadata.labels" in expand:
            data["metadata"] = {"labels": self.listing([self.label_json(n) for n in page.labels], 0, 200, "")}
        return data

    def history_json(self, page: StoredPage) -> dict[str, Any]:
        first = page.versions[0]
        return {
            "latest": True,
            "createdBy": {"type": "known", "displayName": first.by},
            "createdDate": first.when,
            "lastUpdated": {
                "number": page.version,
                "when": page.current.when,
                "by": {"displayName": page.current.by},
            },
        }

    @staticmethod
    def label_json(name: str) -> dict[str, str]:
        return {"prefix": "global", "name": name, "id": str(abs(hash(name)) % 10**9), "label": name}

    def attachment_json(self, attachment: StoredAttachment) -> dict[str, Any]:
        quoted = urllib.parse.quote(attachment.filename)
        return {
            "id": attachment.id,
            "type": "attachment",
            "status": "current",
            "title": attachment.filename,
            "version": {"number": attachment.version},
            "metadata": {"mediaType": attachment.media_type, "comment": attachment.comment},
            "extensions": {
                "mediaType": attachment.media_type,
                "fileSize": len(attachment.data),
                "comment": attachment.comment,
            },
            "container": {"id": attachment.page_id, "type": "page"},
            "_links": {
                "download": f"/download/attachments/{attachment.page_id}/{quoted}?version={attachment.version}",
                **self._links(),
            },
        }

    def listing(self, results: Sequence[Any], start: int, limit: int, next_path: str) -> dict[str, Any]:
        page = list(results[start : start + limit])
        links = self._links()
        if start + limit < len(results) and next_path:
            separator = "&" if "?" in next_path else "?"
            links["next"] = f"{next_path}{separator}start={start + limit}&limit={limit}"
        return {"results": page, "start": start, "limit": limit, "size": len(page), "_links": links}
