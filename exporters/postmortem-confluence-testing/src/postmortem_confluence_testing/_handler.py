"""Request handling: authentication, routing, and each resource of the emulated REST API."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
import urllib.parse
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from postmortem_confluence_testing._cql import CqlClause, parse_cql
from postmortem_confluence_testing._faults import Fault
from postmortem_confluence_testing._multipart import parse_multipart
from postmortem_confluence_testing._state import (
    _REST_PREFIXES,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    RecordedRequest,
    StoredAttachment,
    StoredPage,
    StoredVersion,
    _check_label,
    _HTTPError,
    _now,
    check_storage,
)

if TYPE_CHECKING:
    from postmortem_confluence_testing._server import LocalConfluence


def _int(query: Mapping[str, list[str]], name: str, default: int) -> int:
    try:
        return int(query.get(name, [str(default)])[0])
    except ValueError:
        raise _HTTPError(400, f"{name} must be a number") from None


def _paging(query: Mapping[str, list[str]]) -> tuple[int, int]:
    start = max(0, _int(query, "start", 0))
    limit = min(MAX_LIMIT, max(1, _int(query, "limit", DEFAULT_LIMIT)))
    return start, limit


def _expand(query: Mapping[str, list[str]]) -> set[str]:
    return {part.strip() for value in query.get("expand", []) for part in value.split(",") if part.strip()}


class _Handler(BaseHTTPRequestHandler):
    confluence: LocalConfluence
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
    # delayed ACKs add ~40 ms to every response.
    disable_nagle_algorithm = True
    server_version = "LocalConfluence/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read :attr:`LocalConfluence.requests` instead of stderr."""

    def do_GET(self) -> None:
        """Handle GET."""
        self._handle("GET")

    def do_POST(self) -> None:
        """Handle POST."""
        self._handle("POST")

    def do_PUT(self) -> None:
        """Handle PUT."""
        self._handle("PUT")

    def do_DELETE(self) -> None:
        """Handle DELETE."""
        self._handle("DELETE")

    # ------------------------------------------------------------------ plumbing

    def _handle(self, method: str) -> None:
        confluence = self.confluence
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        fault: Fault | None = None
        status, payload, headers = 200, b"", {"Content-Type": "application/json;charset=UTF-8"}
        if not path.startswith(confluence.context_path + "/") and confluence.context_path:
            status, payload = 404, b'{"statusCode":404,"message":"No such path"}'
        else:
            path = path[len(confluence.context_path) :]
            fault = confluence.faults.next(method, path)
            if fault is not None and fault.kind in ("status", "reply") and not fault.after_processing:
                status, payload, headers = self._fault_response(fault)
            else:
                status, payload, headers = self._process(method, path, split.query, raw)
                if fault is not None and fault.kind in ("status", "reply"):
                    status, payload, headers = self._fault_response(fault)
        confluence.requests.append(
            RecordedRequest(method, path, split.query, status, fault, dict(self.headers.items()))
        )
        if fault is not None and fault.kind == "timeout":
            time.sleep(fault.delay)
        if fault is not None and fault.kind == "drop":
            # The work is done; the client sees the connection close with no answer.
            self.close_connection = True
            return
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if fault is not None and fault.kind == "drip":
                # The client gives up part way: the connection ends with this answer, so the
                # next request is not read from a socket the client has reset.
                self.close_connection = True
                self.wfile.flush()
                for byte in payload:
                    time.sleep(fault.delay)
                    self.wfile.write(bytes((byte,)))
                    self.wfile.flush()
            else:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up waiting (a timeout fault); the work is done regardless.
            self.close_connection = True

    def _fault_response(self, fault: Fault) -> tuple[int, bytes, dict[str, str]]:
        if fault.kind == "reply":
            echoed = json.dumps(dict(self.headers.items()))
            return fault.code, fault.body.replace(b"{headers}", echoed.encode()), dict(fault.headers)
        headers = {"Content-Type": "application/json;charset=UTF-8"}
        if fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        body = json.dumps({"statusCode": fault.code, "message": f"Injected fault {fault.code}"})
        return fault.code, body.encode(), headers

    def _process(self, method: str, path: str, query_string: str, raw: bytes) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Content-Type": "application/json;charset=UTF-8"}
        try:
            user = self._authenticate()
            result = self._route(method, path, urllib.parse.parse_qs(query_string), raw, user)
        except _HTTPError as error:
            headers.update(error.headers)
            body = {
                "statusCode": error.status,
                "message": error.message,
                "data": {"authorized": error.status != 401},
            }
            return error.status, json.dumps(body).encode(), headers
        if isinstance(result, bytes):
            return 200, result, {"Content-Type": "application/octet-stream"}
        if result is None:
            return 204, b"", {}
        return 200, json.dumps(result).encode(), headers

    def _authenticate(self) -> str:
        confluence = self.confluence
        header = self.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        challenge = {"WWW-Authenticate": 'Basic realm="Protected"'}
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise _HTTPError(401, "Basic authentication header is malformed", challenge) from None
            user, _, password = decoded.partition(":")
            expected = confluence.users.get(user)
            if expected is not None and secrets.compare_digest(expected.encode(), password.encode()):
                return user
            raise _HTTPError(401, "Authentication failed", challenge)
        if scheme.lower() == "bearer" and confluence.deployment == "datacenter":
            for token, user in confluence.tokens.items():
                if secrets.compare_digest(token.encode(), value.strip().encode()):
                    return user
            raise _HTTPError(401, "Authentication failed", challenge)
        raise _HTTPError(401, "This resource requires authentication", challenge)

    def _json(self, raw: bytes) -> Any:
        if "multipart/" in (self.headers.get("Content-Type") or ""):
            raise _HTTPError(415, "Unsupported Media Type: this resource consumes application/json")
        try:
            return json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError):
            raise _HTTPError(400, "The request body is not valid JSON") from None

    def _writable(self, user: str, space: str) -> None:
        if user in self.confluence.read_only:
            raise _HTTPError(403, f"User {user} does not have permission to edit content in space {space}")

    # ------------------------------------------------------------------ routes

    # The routing table of the emulated API: one branch per resource, kept in one place.
    def _route(  # noqa: PLR0911, PLR0912
        self, method: str, path: str, query: dict[str, list[str]], raw: bytes, user: str
    ) -> dict[str, Any] | bytes | None:
        confluence = self.confluence
        state = confluence._state
        if path.startswith("/download/attachments/") and method == "GET":
            return self._download(path)
        for prefix in _REST_PREFIXES:
            if path.startswith(prefix):
                rest = path[len(prefix) :].strip("/")
                break
        else:
            raise _HTTPError(404, f"No REST resource at {path}")
        parts = rest.split("/")
        with state.lock:
            if parts == ["content"] and method == "GET":
                return self._list_content(query)
            if parts == ["content"] and method == "POST":
                return self._create(self._json(raw), user)
            if parts == ["content", "search"] and method == "GET":
                return self._search(query)
            if parts[0] != "content" or len(parts) < 2:
                raise _HTTPError(404, f"No REST resource at {path}")
            content_id = parts[1]
            if content_id in state.attachments and len(parts) == 2:
                if method == "PUT":
                    self._json(raw)  # multipart here is the 415 that trips atlassian-python-api 5.x
                    raise _HTTPError(400, "Updating attachment metadata is not supported by the local server")
                if method == "GET":
                    return confluence.attachment_json(state.attachments[content_id])
            page = state.pages.get(content_id)
            if page is None:
                raise _HTTPError(404, f"No content found with id: ContentId{{id={content_id}}}")
            tail = parts[2:]
            if not tail:
                if method == "GET":
                    return self._get_page(page, query)
                if method == "PUT":
                    return self._update(page, self._json(raw), user)
                if method == "DELETE":
                    self._writable(user, page.space)
                    del state.pages[page.id]
                    return None
            elif tail == ["history"] and method == "GET":
                return confluence.history_json(page)
            elif tail == ["version"] and method == "GET":
                start, limit = _paging(query)
                versions = [
                    {
                        "number": v.number,
                        "when": v.when,
                        "message": v.message,
                        "by": {"displayName": v.by},
                    }
                    for v in reversed(page.versions)
                ]
                return confluence.listing(versions, start, limit, f"/rest/api/content/{page.id}/version")
            elif tail == ["label"]:
                return self._labels(method, page, query, raw, user)
            elif len(tail) == 2 and tail[0] == "label" and method == "DELETE":
                self._writable(user, page.space)
                self._remove_label(page, urllib.parse.unquote(tail[1]))
                return None
            elif tail == ["child"] and method == "GET":
                expand = _expand(query)
                result: dict[str, Any] = {}
                if "page" in expand:
                    result["page"] = self._children(page, 0, DEFAULT_LIMIT)
                if "attachment" in expand:
                    result["attachment"] = self._attachment_list(page, query, 0, DEFAULT_LIMIT)
                return result
            elif tail == ["child", "page"] and method == "GET":
                start, limit = _paging(query)
                return self._children(page, start, limit, _expand(query))
            elif tail[:2] == ["child", "attachment"]:
                return self._attachments(method, page, tail[2:], query, raw, user)
        raise _HTTPError(405, f"{method} is not supported on {path}")

    def _get_page(self, page: StoredPage, query: dict[str, list[str]]) -> dict[str, Any]:
        expand = _expand(query)
        wanted = query.get("version")
        if wanted:
            number = _int(query, "version", page.version)
            matching = [v for v in page.versions if v.number == number]
            if not matching:
                raise _HTTPError(404, f"No version {number} of content {page.id}")
            return self.confluence.page_json(page, expand, matching[0])
        return self.confluence.page_json(page, expand)

    def _list_content(self, query: dict[str, list[str]]) -> dict[str, Any]:
        confluence = self.confluence
        start, limit = _paging(query)
        content_type = query.get("type", ["page"])[0]
        space = query.get("spaceKey", [None])[0]
        title = query.get("title", [None])[0]
        pages: list[StoredPage] = []
        if content_type == "page":
            for page in confluence._state.pages.values():
                if space is not None and page.space != space:
                    continue
                if title is not None and page.title.casefold() != title.casefold():
                    continue
                pages.append(page)
        expand = _expand(query)
        next_query = urllib.parse.urlencode(
            {k: v[0] for k, v in query.items() if k not in {"start", "limit"}},
            quote_via=urllib.parse.quote,
        )
        results = [confluence.page_json(p, expand) for p in pages]
        return confluence.listing(results, start, limit, f"/rest/api/content?{next_query}")

    def _search(self, query: dict[str, list[str]]) -> dict[str, Any]:
        confluence = self.confluence
        cql = query.get("cql", [""])[0]
        if not cql.strip():
            raise _HTTPError(400, "cql is required")
        clauses, order = parse_cql(cql)
        pages = [p for p in confluence._state.pages.values() if all(self._cql_holds(p, c) for c in clauses)]
        types = [values for name, op, values in clauses if name == "type" and op in {"=", "in"}]
        if types and not any("page" in values for values in types):
            pages = []
        if order is not None:
            key_field, descending = order
            keys: dict[str, Callable[[StoredPage], Any]] = {
                "title": lambda p: p.title.casefold(),
                "created": lambda p: int(p.id),
                "id": lambda p: int(p.id),
                "lastmodified": lambda p: p.current.when,
            }
            if key_field not in keys:
                raise _HTTPError(400, f"Could not parse cql : cannot order by {key_field}")
            pages.sort(key=keys[key_field], reverse=descending)
        start, limit = _paging(query)
        expand = _expand(query)
        next_query = urllib.parse.urlencode(
            {k: v[0] for k, v in query.items() if k not in {"start", "limit"}},
            quote_via=urllib.parse.quote,
        )
        results = [confluence.page_json(p, expand) for p in pages]
        listing = confluence.listing(results, start, limit, f"/rest/api/content/search?{next_query}")
        listing["totalSize"] = len(results)
        return listing

    def _cql_holds(self, page: StoredPage, clause: CqlClause) -> bool:
        name, op, values = clause
        state = self.confluence._state
        if name in {"space", "space.key"}:
            actual: list[str] = [page.space]
        elif name == "title":
            actual = [page.title]
        elif name == "type":
            return True  # only pages are searchable here; filtered by the caller
        elif name == "label":
            actual = list(page.labels)
        elif name in {"id", "content"}:
            actual = [page.id]
        elif name == "parent":
            actual = [page.parent_id] if page.parent_id else []
        else:  # ancestor
            actual = []
            parent = page.parent_id
            while parent is not None and parent in state.pages:
                actual.append(parent)
                parent = state.pages[parent].parent_id
        folded = [a.casefold() for a in actual]
        if op in {"=", "in"}:
            return any(v.casefold() in folded for v in values)
        if op in {"!=", "not in"}:
            return not any(v.casefold() in folded for v in values)
        words = values[0].casefold().replace("*", "")
        contains = any(words in a for a in folded)
        return contains if op == "~" else not contains

    def _create(self, data: Any, user: str) -> dict[str, Any]:
        state = self.confluence._state
        if not isinstance(data, dict):
            raise _HTTPError(400, "The request body must be a JSON object")
        if data.get("type", "page") != "page":
            raise _HTTPError(400, f"Content type {data.get('type')!r} is not supported by the local server")
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _HTTPError(400, "Content title is required")
        # Confluence stores titles without leading and trailing white space.
        title = title.strip()
        if len(title) > 255:
            raise _HTTPError(400, "Title cannot be longer than 255 characters")
        space = (data.get("space") or {}).get("key")
        if space not in state.spaces:
            raise _HTTPError(404, f"No space with key : {space}")
        self._writable(user, space)
        body = self._body(data)
        parent_id = self._parent(data, space)
        existing = state.page_by_title(space, title)
        if existing is not None:
            raise _HTTPError(
                400,
                f"A page with this title already exists: A page already exists with the title {title} "
                f"in the space with key {space}",
            )
        message = str((data.get("version") or {}).get("message") or "")
        page = StoredPage(state.new_id(), space, [StoredVersion(1, title, body, parent_id, _now(), user, message)])
        state.pages[page.id] = page
        return self.confluence.page_json(page, {"body.storage", "ancestors"})

    def _body(self, data: dict[str, Any]) -> str:
        storage = ((data.get("body") or {}).get("storage")) or {}
        if storage.get("representation", "storage") != "storage":
            raise _HTTPError(400, "Only the storage representation is supported by the local server")
        value = storage.get("value", "")
        if not isinstance(value, str):
            raise _HTTPError(400, "body.storage.value must be a string")
        check_storage(value)
        return value

    def _parent(self, data: dict[str, Any], space: str) -> str | None:
        ancestors = data.get("ancestors") or []
        if not ancestors:
            return None
        parent_id = str(ancestors[-1].get("id"))
        parent = self.confluence._state.pages.get(parent_id)
        if parent is None or parent.space != space:
            raise _HTTPError(400, f"Could not find parent page {parent_id} in space {space}")
        return parent_id

    def _update(self, page: StoredPage, data: Any, user: str) -> dict[str, Any]:
        state = self.confluence._state
        if not isinstance(data, dict):
            raise _HTTPError(400, "The request body must be a JSON object")
        self._writable(user, page.space)
        number = (data.get("version") or {}).get("number")
        if not isinstance(number, int):
            raise _HTTPError(400, "version.number is required to update content")
        if number != page.version + 1:
            raise _HTTPError(409, f"Version must be incremented on update. Current version is: {page.version}")
        title = data.get("title") or page.title
        if isinstance(title, str):
            title = title.strip() or page.title
        if not isinstance(title, str) or len(title) > 255:
            raise _HTTPError(400, "Title cannot be longer than 255 characters")
        if state.page_by_title(page.space, title, exclude=page.id) is not None:
            raise _HTTPError(400, f"A page with this title already exists: {title}")
        body = self._body(data) if data.get("body") else page.body
        parent_id = self._parent(data, page.space) if data.get("ancestors") else page.parent_id
        message = str((data.get("version") or {}).get("message") or "")
        page.versions.append(StoredVersion(number, title, body, parent_id, _now(), user, message))
        return self.confluence.page_json(page, {"body.storage", "ancestors"})

    def _children(self, page: StoredPage, start: int, limit: int, expand: set[str] | None = None) -> dict[str, Any]:
        confluence = self.confluence
        children = [p for p in confluence._state.pages.values() if p.parent_id == page.id]
        results = [confluence.page_json(p, expand or set()) for p in children]
        return confluence.listing(results, start, limit, f"/rest/api/content/{page.id}/child/page")

    # ------------------------------------------------------------------ labels

    def _labels(
        self, method: str, page: StoredPage, query: dict[str, list[str]], raw: bytes, user: str
    ) -> dict[str, Any] | None:
        confluence = self.confluence
        if method == "GET":
            start, limit = _paging(query)
            results = [confluence.label_json(name) for name in page.labels]
            return confluence.listing(results, start, limit, f"/rest/api/content/{page.id}/label")
        if method == "POST":
            self._writable(user, page.space)
            data = self._json(raw)
            entries = data if isinstance(data, list) else [data]
            names = []
            for entry in entries:
                if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                    raise _HTTPError(400, "A label needs a name")
                names.append(_check_label(entry["name"]))
            for name in names:
                if name not in page.labels:
                    page.labels.append(name)
            results = [confluence.label_json(name) for name in page.labels]
            return confluence.listing(results, 0, max(len(results), 1), "")
        if method == "DELETE":
            self._writable(user, page.space)
            name = query.get("name", [""])[0]
            self._remove_label(page, name)
            return None
        raise _HTTPError(405, f"{method} is not supported on labels")

    @staticmethod
    def _remove_label(page: StoredPage, name: str) -> None:
        label = name.strip().lower()
        if label not in page.labels:
            raise _HTTPError(404, f"Label {name} is not on content {page.id}")
        page.labels.remove(label)

    # ------------------------------------------------------------------ attachments

    def _attachment_list(self, page: StoredPage, query: dict[str, list[str]], start: int, limit: int) -> dict[str, Any]:
        confluence = self.confluence
        filename = query.get("filename", [None])[0]
        found = [
            a
            for a in confluence._state.attachments.values()
            if a.page_id == page.id and (filename is None or a.filename == filename)
        ]
        results = [confluence.attachment_json(a) for a in found]
        suffix = f"?filename={urllib.parse.quote(filename)}" if filename else ""
        return confluence.listing(results, start, limit, f"/rest/api/content/{page.id}/child/attachment{suffix}")

    def _attachments(
        self,
        method: str,
        page: StoredPage,
        tail: list[str],
        query: dict[str, list[str]],
        raw: bytes,
        user: str,
    ) -> dict[str, Any]:
        state = self.confluence._state
        if not tail and method == "GET":
            start, limit = _paging(query)
            return self._attachment_list(page, query, start, limit)
        if method not in {"POST", "PUT"}:
            raise _HTTPError(405, f"{method} is not supported on attachments")
        if (self.headers.get("X-Atlassian-Token") or "").lower() != "no-check":
            raise _HTTPError(403, "XSRF check failed")
        self._writable(user, page.space)
        content_type = self.headers.get("Content-Type") or ""
        if not content_type.startswith("multipart/form-data"):
            raise _HTTPError(415, "Unsupported Media Type: attachments are uploaded as multipart/form-data")
        parts = parse_multipart(content_type, raw)
        files = [(info, data) for info, data in parts if info.get("name") == "file" and "filename" in info]
        fields = {info.get("name"): data.decode("utf-8", "replace") for info, data in parts if "filename" not in info}
        if not files:
            raise _HTTPError(400, "No file part named 'file' in the upload")
        comment = fields.get("comment", "")
        if tail:
            # POST .../child/attachment/{id}/data: a new version of one attachment.
            if len(tail) != 2 or tail[1] != "data" or method != "POST":
                raise _HTTPError(405, f"{method} is not supported here")
            attachment = state.attachments.get(tail[0])
            if attachment is None or attachment.page_id != page.id:
                raise _HTTPError(404, f"No attachment {tail[0]} on content {page.id}")
            info, data = files[0]
            attachment.versions.append(data)
            attachment.media_type = info.get("content-type", attachment.media_type)
            attachment.comment = comment
            return self.confluence.attachment_json(attachment)
        results = []
        for info, data in files:
            filename = info["filename"]
            existing = next(
                (a for a in state.attachments.values() if a.page_id == page.id and a.filename == filename),
                None,
            )
            if existing is not None and method == "POST":
                raise _HTTPError(
                    400,
                    "Cannot add a new attachment with same file name as an existing attachment: " + filename,
                )
            media_type = info.get("content-type", "application/octet-stream")
            if existing is not None:
                existing.versions.append(data)
                existing.media_type = media_type
                existing.comment = comment
                results.append(self.confluence.attachment_json(existing))
                continue
            attachment = StoredAttachment(f"att{state.new_id()}", page.id, filename, media_type, [data], comment)
            state.attachments[attachment.id] = attachment
            results.append(self.confluence.attachment_json(attachment))
        return self.confluence.listing(results, 0, max(len(results), 1), "")

    def _download(self, path: str) -> bytes:
        state = self.confluence._state
        parts = path.split("/")
        if len(parts) < 5:
            raise _HTTPError(404, "No such attachment")
        page_id, filename = parts[3], urllib.parse.unquote("/".join(parts[4:]))
        with state.lock:
            for attachment in state.attachments.values():
                if attachment.page_id == page_id and attachment.filename == filename:
                    return attachment.data
        raise _HTTPError(404, "No such attachment")
