"""Fault injection: scripted or random errors, replies and timeouts for matching requests."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Fault"]


@dataclass(frozen=True)
class Fault:
    """Something going wrong with one request.

    Use the constructors :meth:`status`, :meth:`timeout`, :meth:`reply`, :meth:`drip` and :meth:`drop`.

    Attributes:
        kind: ``"status"`` answers with an error status; ``"timeout"`` delays the answer;
            ``"reply"`` answers with exactly the given status, headers and body (what a
            proxy or a misbehaving server might send); ``"drip"`` processes the request and
            writes the answer a byte at a time, ``delay`` seconds apart (each byte within any
            timeout, the whole answer very late); ``"drop"`` processes the request and closes
            the connection without answering (the answer lost on the way back, at once: what a
            timeout does to the client, without depending on how fast the machine is).
        code: The status code of a ``"status"`` fault.
        retry_after: Seconds sent in a ``Retry-After`` header, if any.
        after_processing: For ``"status"``: process the request first (as a gateway timing out
            in front of a server that did the work), then answer with the error.
        delay: For ``"timeout"``: seconds to wait after processing before answering; make it
            longer than the client's timeout. For ``"drip"``: seconds between bytes.
        body: For ``"reply"``: the body sent; ``{headers}`` in it is replaced by the
            request's headers as JSON (a server that echoes what it was sent).
        headers: For ``"reply"``: the headers sent, as ``(name, value)`` pairs.
    """

    kind: Literal["status", "timeout", "reply", "drip", "drop"]
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
    def drop(cls) -> Fault:
        """Process the request, then close the connection without answering."""
        return cls("drop")

    @classmethod
    def drip(cls, delay: float) -> Fault:
        """Process the request, then write the answer one byte every ``delay`` seconds."""
        return cls("drip", delay=delay)

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
