"""What the fake GitHub and Jira servers share: a thread on 127.0.0.1, a request log, injected faults.

Faults are injected before or after the work: a 429 or 502/503 *before* a request is
carried out, and a 500 *after* a write was carried out (its answer lost), which is the
case that makes a naive client create a second issue.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int = 0


@dataclass
class Faults:
    """Injected failures.

    Attributes:
        rate: Share of requests that fail (0 to 1).
        seed: Seed of the random choice, so that a failing run can be repeated.
        after_work: Share of failing *writes* that fail after the work was done.
        echo_credentials: Error bodies repeat the request's Authorization header (a hostile proxy).
        stall_writes: This many writes are carried out and then answered only after
            ``stall_seconds`` (a client with a shorter timeout sees no answer).
    """

    rate: float = 0.0
    seed: int = 0
    after_work: float = 0.5
    echo_credentials: bool = False
    stall_writes: int = 0
    stall_seconds: float = 0.0
    rng: random.Random = field(init=False)
    injected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)


class Reply(Exception):  # noqa: N818  (a reply, raised to unwind the route)
    """Raised by a route to answer with a status and a JSON body."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


@dataclass
class Stream:
    """A route's answer written as it goes: a slow drip, or more than a client should read.

    Attributes:
        pieces: The body, written piece by piece.
        pause: Seconds between pieces.
        length: The ``Content-Length`` sent (it may claim more than is sent); none when ``None``,
            and the connection then closes after the body.
        status: The status.
    """

    pieces: Iterable[bytes]
    pause: float = 0.0
    length: int | None = None
    status: int = 200


Route = Callable[["Request"], Any]


@dataclass
class Request:
    """A parsed request, as routes see it."""

    method: str
    path: str
    match: re.Match[str]
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            raise Reply(400, {"message": "Problems parsing JSON"}) from None

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


class FakeServer:
    """A threaded HTTP server with routes, started and stopped by tests (a context manager)."""

    def __init__(self, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self.seen: list[Seen] = []
        self.lock = threading.RLock()
        self.routes: list[tuple[str, re.Pattern[str], Route, bool]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ routing

    def route(self, method: str, pattern: str, handler: Route, *, write: bool = False) -> None:
        self.routes.append((method, re.compile(pattern + r"/?$"), handler, write))

    def authorised(self, headers: dict[str, str]) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def _fault(self, method: str, write: bool) -> str | None:
        faults = self.faults
        if faults.rate <= 0 or faults.rng.random() >= faults.rate:
            return None
        if write and faults.rng.random() < faults.after_work:
            return "after"
        return faults.rng.choice(["429", "502", "503"])

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(raw_path)
        query = parse_qs(parts.query)
        seen = Seen(method, parts.path, query, headers, body)
        with self.lock:
            self.seen.append(seen)
        status, payload, extra = self._dispatch(method, parts.path, query, headers, body)
        seen.status = status
        return status, payload, extra

    def _dispatch(  # noqa: PLR0911, PLR0912  (one return per kind of answer)
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        if not self.authorised(headers):
            message = "Bad credentials"
            if self.faults.echo_credentials:
                message += f" (you sent Authorization: {headers.get('authorization', '')})"
            return 401, {"message": message, "errorMessages": [message]}, {}
        for route_method, pattern, handler, write in self.routes:
            match = pattern.match(path)
            if route_method != method or match is None:
                continue
            fault = self._fault(method, write)
            with self.lock:
                if fault is not None:
                    self.faults.injected[fault] = self.faults.injected.get(fault, 0) + 1
                if fault in {"429", "502", "503"}:
                    text = f"injected {fault}"
                    if self.faults.echo_credentials:
                        text += f" for a request with Authorization: {headers.get('authorization', '')}"
                    echoed = {"message": text, "errorMessages": [text]}
                    extra = {"Retry-After": "0"} if fault == "429" else {}
                    return int(fault), echoed, extra
                request = Request(method, path, match, query, headers, body)
                try:
                    result = handler(request)
                except Reply as reply:
                    return reply.status, reply.body, reply.headers
                if fault == "after":
                    # The work is done; the answer is lost on the way back.
                    return 500, {"message": "injected 500 after the work was done"}, {}
                stall = write and self.faults.stall_writes > 0
                if stall:
                    self.faults.stall_writes -= 1
                    self.faults.injected["stall"] = self.faults.injected.get("stall", 0) + 1
            if stall:
                # Outside the lock: the client gives up and asks again meanwhile.
                time.sleep(self.faults.stall_seconds)
            if isinstance(result, Reply):
                return result.status, result.body, result.headers
            if isinstance(result, Stream):
                return result.status, result, {}
            return 200, result, {}
        return 404, {"message": "Not Found"}, {}

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body in one write: separate small writes on a kept-alive connection
            # meet delayed ACKs and cost 40 ms a request.
            wbufsize = -1

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {key.lower(): value for key, value in self.headers.items()}
                status, payload, extra = fake.handle(self.command, self.path, headers, body)
                if isinstance(payload, Stream):
                    self._stream(payload)
                    return
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                for key, value in extra.items():
                    self.send_header(key, value)
                if data:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, stream: Stream) -> None:
                self.send_response(stream.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if stream.length is None:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(stream.length))
                self.end_headers()
                try:
                    for piece in stream.pieces:
                        self.wfile.write(piece)
                        self.wfile.flush()
                        time.sleep(stream.pause)
                except OSError:
                    # The client stopped reading, as it should.
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests read the request log instead."""

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                """Quiet: a stalled answer's client has gone away, as intended."""

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # serve_forever looks for shutdown() every poll_interval: at its default of 0.5 s, stop()
        # waited up to half a second, in each of the 50-odd tests that start a server (issue 19).
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
