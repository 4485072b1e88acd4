"""A local Confluence REST server for tests: real HTTP on 127.0.0.1, state in memory.

It speaks the subset of the Confluence REST API (v1, ``/rest/api``) that publishing a page
needs, with the server's own checks and with fault injection. What it emulates and what it
does not is listed in ``docs/exporters/confluence.md``; keep the two in step.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
import secrets
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from postmortem_confluence._xml import parse_storage

__all__ = [
    "Fault",
    "LocalConfluence",
    "RecordedRequest",
    "StoredAttachment",
    "StoredPage",
    "StoredVersion",
]

Deployment = Literal["cloud", "datacenter"]

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
_LABEL_FORBIDDEN = re.compile(r"[\s:;,.?&\[\]()#^*@!'\"<>|/\\]")
_REST_PREFIXES = ("/rest/api/latest/", "/rest/api/")


class _HTTPError(Exception):
    """An error response: raised inside a handler, written as Confluence's JSON error shape."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


# ---------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """Something going wrong with one request.

    Use the constructors :meth:`status`, :meth:`timeout` and :meth:`reply`.

    Attributes:
        kind: ``"status"`` answers with an error status; ``"timeout"`` delays the answer;
            ``"reply"`` answers with exactly the given status, headers and body (what a
            proxy or a misbehaving server might send).
        code: The status code of a ``"status"`` fault.
        retry_after: Seconds sent in a ``Retry-After`` header, if any.
        after_processing: For ``"status"``: process the request first (as a gateway timing out
            in front of a server that did the work), then answer with the error.
        delay: For ``"timeout"``: seconds to wait after processing before answering; make it
            longer than the client's timeout.
        body: For ``"reply"``: the body sent; ``{headers}`` in it is replaced by the
            request's headers as JSON (a server that echoes what it was sent).
        headers: For ``"reply"``: the headers sent, as ``(name, value)`` pairs.
    """

    kind: Literal["status", "timeout", "reply"]
    code: int = 503
    retry_after: float | None = None
    after_processing: bool = False
    delay: float = 0.0
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def status(cls, code: int, *, retry_after: float | None = None, after_processing: bool = False) -> Fault:
        """An error status (429, 500, 502, 503, ...), by default before the request is processed."""
        return cls("status", code=code, retry_after=retry_after, after_processing=after_processing)

    @classmethod
    def reply(
        cls,
        code: int,
        body: bytes = b"",
        *,
        headers: Mapping[str, str] | None = None,
        after_processing: bool = False,
    ) -> Fault:
        """Answer with this status, body and headers, before (or after) processing the request."""
        return cls(
            "reply",
            code=code,
            after_processing=after_processing,
            body=body,
            headers=tuple((headers or {}).items()),
        )

    @classmethod
    def timeout(cls, delay: float) -> Fault:
        """Process the request, then hold the answer for ``delay`` seconds."""
        return cls("timeout", delay=delay)


Matcher = Callable[[str, str], bool]


def _match(methods: Iterable[str] | None, path: str | None) -> Matcher:
    wanted = {m.upper() for m in methods} if methods else None
    pattern = re.compile(path) if path else None

    def matches(method: str, request_path: str) -> bool:
        if wanted is not None and method not in wanted:
            return False
        return pattern is None or pattern.search(request_path) is not None

    return matches


class _Faults:
    """Fault injection: a scripted sequence, a random rate, or both (script first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: list[tuple[Matcher, Fault | None]] = []
        self._rate = 0.0
        self._choices: tuple[Fault, ...] = ()
        self._rate_matcher: Matcher = _match(None, None)
        self._random = random.Random(0)  # noqa: S311  (reproducible faults, not cryptography)

    def script(self, *faults: Fault | None, methods: Iterable[str] | None = None, path: str | None = None) -> None:
        """Give the next matching requests these faults, in order; ``None`` lets one through.

        Args:
            *faults: One entry per matching request.
            methods: Only requests with these methods match (all when ``None``).
            path: Only requests whose path (after the context path) matches this regex.
        """
        matcher = _match(methods, path)
        with self._lock:
            self._script.extend((matcher, fault) for fault in faults)

    def random(
        self,
        rate: float,
        faults: Sequence[Fault],
        *,
        seed: int = 0,
        methods: Iterable[str] | None = None,
        path: str | None = None,
    ) -> None:
        """Fail a share ``rate`` of matching requests with a fault picked from ``faults``."""
        with self._lock:
            self._rate = rate
            self._choices = tuple(faults)
            self._random = random.Random(seed)  # noqa: S311  (reproducible faults)
            self._rate_matcher = _match(methods, path)

    def clear(self) -> None:
        """Stop injecting faults."""
        with self._lock:
            self._script.clear()
            self._rate = 0.0
            self._choices = ()

    @property
    def pending(self) -> int:
        """Scripted faults not used yet."""
        with self._lock:
            return len(self._script)

    def next(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, (matcher, fault) in enumerate(self._script):
                if matcher(method, path):
                    del self._script[index]
                    return fault
            chosen = self._rate and self._choices and self._rate_matcher(method, path)
            if chosen and self._random.random() < self._rate:
                return self._random.choice(self._choices)
        return None


# ---------------------------------------------------------------------- state


@dataclass
class StoredVersion:
    """One version of a page."""

    number: int
    title: str
    body: str
    parent_id: str | None
    when: str
    by: str
    message: str = ""


@dataclass
class StoredPage:
    """A page as the server holds it."""

    id: str
    space: str
    versions: list[StoredVersion]
    labels: list[str] = field(default_factory=list)

    @property
    def current(self) -> StoredVersion:
        """The latest version."""
        return self.versions[-1]

    @property
    def title(self) -> str:
        """The current title."""
        return self.current.title

    @property
    def version(self) -> int:
        """The current version number."""
        return self.current.number

    @property
    def body(self) -> str:
        """The current storage body."""
        return self.current.body

    @property
    def parent_id(self) -> str | None:
        """The current parent page, if any."""
        return self.current.parent_id


@dataclass
class StoredAttachment:
    """An attachment; each upload of new data is a new version."""

    id: str
    page_id: str
    filename: str
    media_type: str
    versions: list[bytes]
    comment: str = ""

    @property
    def data(self) -> bytes:
        """The latest data."""
        return self.versions[-1]

    @property
    def version(self) -> int:
        """The current version number."""
        return len(self.versions)


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received, as tests may want to check it."""

    method: str
    path: str
    query: str
    status: int
    fault: Fault | None
    headers: Mapping[str, str]


class _State:
    def __init__(self, spaces: Iterable[str]) -> None:
        self.lock = threading.RLock()
        self.spaces = {key: f"{key} space" for key in spaces}
        self.pages: dict[str, StoredPage] = {}
        self.attachments: dict[str, StoredAttachment] = {}
        self._next_id = 98304

    def new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def page_by_title(self, space: str, title: str, exclude: str | None = None) -> StoredPage | None:
        # Titles are unique in a space regardless of case, and found regardless of case.
        wanted = title.casefold()
        for page in self.pages.values():
            if page.space == space and page.title.casefold() == wanted and page.id != exclude:
                return page
        return None


# ---------------------------------------------------------------------- checks


def check_storage(body: str) -> None:
    """Raise :class:`_HTTPError` 400 unless ``body`` is well-formed storage XHTML."""
    try:
        parse_storage(body)
    except ET.ParseError as exc:
        raise _HTTPError(400, f"Error parsing xhtml: {exc}") from None


def _check_label(name: str) -> str:
    label = name.strip().lower()
    if not label or _LABEL_FORBIDDEN.search(label) or len(label) > 255:
        raise _HTTPError(400, f"Label '{name}' contains invalid characters or is empty")
    return label


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------------- CQL


_CQL_TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>!=|=|~|!~|,|\(|\))|(?P<word>[\w.-]+))""",
    re.IGNORECASE,
)
_CQL_FIELDS = {
    "space",
    "space.key",
    "title",
    "type",
    "label",
    "parent",
    "ancestor",
    "id",
    "content",
}


def _cql_tokens(cql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(cql):
        if cql[position:].strip() == "":
            break
        match = _CQL_TOKEN.match(cql, position)
        if not match:
            raise _HTTPError(400, f"Could not parse cql : {cql}")
        position = match.end()
        if match.group("string") is not None:
            raw = match.group("string")[1:-1]
            tokens.append(("string", re.sub(r"\\(.)", r"\1", raw)))
        elif match.group("op") is not None:
            tokens.append(("op", match.group("op")))
        else:
            tokens.append(("word", match.group("word")))
    return tokens


CqlClause = tuple[str, str, tuple[str, ...]]


# A hand-written parser reads best as one loop over the tokens.
def parse_cql(cql: str) -> tuple[list[CqlClause], tuple[str, bool] | None]:  # noqa: PLR0912, PLR0915
    """Parse the CQL subset: ``field op value`` clauses joined by AND, then an optional ORDER BY.

    Returns:
        The clauses ``(field, operator, values)`` and the ordering ``(field, descending)``.
    """
    tokens = _cql_tokens(cql)
    clauses: list[CqlClause] = []
    order: tuple[str, bool] | None = None
    index = 0

    def fail() -> _HTTPError:
        return _HTTPError(400, f"Could not parse cql : {cql}")

    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "word" and value.lower() == "order":
            if index + 2 >= len(tokens) or tokens[index + 1][1].lower() != "by":
                raise fail()
            order_field = tokens[index + 2][1].lower()
            descending = index + 3 < len(tokens) and tokens[index + 3][1].lower() == "desc"
            order = (order_field, descending)
            break
        if clauses:
            if kind != "word" or value.lower() != "and":
                raise fail()
            index += 1
            if index >= len(tokens):
                raise fail()
            kind, value = tokens[index]
        if kind != "word" or value.lower() not in _CQL_FIELDS:
            raise fail()
        name = value.lower()
        if index + 2 > len(tokens):
            raise fail()
        op_kind, op = tokens[index + 1]
        index += 2
        if op_kind == "word" and op.lower() in {"in", "not"}:
            negate = op.lower() == "not"
            if negate:
                if index >= len(tokens) or tokens[index][1].lower() != "in":
                    raise fail()
                index += 1
            if index >= len(tokens) or tokens[index] != ("op", "("):
                raise fail()
            index += 1
            values: list[str] = []
            while index < len(tokens) and tokens[index] != ("op", ")"):
                if tokens[index] == ("op", ","):
                    index += 1
                    continue
                if tokens[index][0] == "op":
                    raise fail()
                values.append(tokens[index][1])
                index += 1
            if index >= len(tokens):
                raise fail()
            index += 1
            clauses.append((name, "not in" if negate else "in", tuple(values)))
            continue
        if op_kind != "op" or op not in {"=", "!=", "~", "!~"} or index >= len(tokens):
            raise fail()
        value_kind, operand = tokens[index]
        if value_kind == "op":
            raise fail()
        index += 1
        clauses.append((name, op, (operand,)))
    return clauses, order


# ---------------------------------------------------------------------- multipart


def parse_multipart(content_type: str, body: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart/form-data body into ``(disposition parameters + content-type, data)`` parts."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise _HTTPError(400, "multipart request without a boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    parts: list[tuple[dict[str, str], bytes]] = []
    for raw_part in body.split(delimiter)[1:]:
        if raw_part.startswith(b"--"):
            break
        head, separator, data = raw_part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise _HTTPError(400, "malformed multipart part")
        data = data.removesuffix(b"\r\n")
        info: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-disposition":
                for param in re.finditer(r'(\w+)="((?:[^"\\]|\\.)*)"|(\w+)=([^;]+)', value):
                    key = param.group(1) or param.group(3)
                    info[key.lower()] = param.group(2) if param.group(1) else param.group(4).strip()
            elif name.strip().lower() == "content-type":
                info["content-type"] = value.strip()
        parts.append((info, data))
    return parts


# ---------------------------------------------------------------------- the server


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
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


# ---------------------------------------------------------------------- request handling


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
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
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
