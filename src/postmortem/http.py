"""Talking to a web service: retries with backoff, ``Retry-After``, errors by status, no leaked credentials.

The building blocks every client of a remote service shares (the Confluence publisher, the
GitHub and Jira trackers, a third party's tracker), so that each says the same thing the same
way and none of them logs a token:

* :class:`RetryPolicy`: how often and how long to try again after a
  :class:`~postmortem.errors.ServiceUnavailableError` (429, 5xx, a timeout, no connection),
  honouring ``Retry-After`` (read with :func:`parse_retry_after`) up to a bound;
* :class:`WebService`: one JSON-over-HTTP call made through the client's own HTTP library,
  its transport failures and error statuses turned into the client's exception types with
  messages that never hold a credential, within the client's timeout, an overall deadline
  per request and a bound on the answer's size (a service dripping its answer a byte at a
  time, or sending gigabytes, fails the call instead of hanging it or filling memory);
* :data:`secret_filter`: the one logging filter that every client registers its credentials
  with while it is open.

``import postmortem.http`` imports no HTTP library: the client passes its own (requests, for
the Atlassian ones) and its exception types.
"""

from __future__ import annotations

import base64
import importlib
import logging
import math
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from attrs import field, frozen

from postmortem.errors import ServiceUnavailableError

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_ANSWER_BYTES",
    "Answer",
    "HttpResponse",
    "RetryPolicy",
    "SecretFilter",
    "ServiceErrors",
    "WebService",
    "credential_forms",
    "parse_retry_after",
    "secret_filter",
]

_log = logging.getLogger("postmortem.http")

T = TypeVar("T")

DEFAULT_DEADLINE = 300.0
"""Seconds one request may take in all, from sending it to the last byte of the answer."""

DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024
"""The largest answer read, in bytes after decompression (32 MiB), far above any JSON answer
of the services' APIs and far below what would exhaust memory."""

# The most read at once while an answer arrives: what has arrived is taken as it comes, so
# the deadline is checked between pieces however slowly they drip in.
_PIECE = 64 * 1024


# ---------------------------------------------------------------------- retrying


@frozen
class RetryPolicy:
    """How hard to try before giving up.

    Attributes:
        attempts: Tries per request, the first included.
        backoff: Seconds to wait before the second try; doubled for each further try.
        max_delay: The longest backoff between tries.
        max_retry_after: The longest ``Retry-After`` honoured; a service asking for more makes
            the operation fail with an error rather than hang.
        jitter: Up to this share of the delay is added at random, so that many clients do not
            retry in step.
        sleep: How to wait (tests pass a recorder).
    """

    attempts: int = 6
    backoff: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 300.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, eq=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        if retry_after is not None:
            return retry_after
        base = min(self.max_delay, self.backoff * 2.0 ** (attempt - 1))
        return base * (1 + self.jitter * random.random())  # noqa: S311  (jitter, not cryptography)

    def wait(
        self,
        what: str,
        attempt: int,
        error: ServiceUnavailableError,
        *,
        service: str = "the service",
        give_up_as: type[ServiceUnavailableError] | None = None,
        log: logging.Logger | None = None,
    ) -> None:
        """Sleep before the next try, or raise when there is none or the wait is too long.

        Args:
            what: The operation, as the messages name it (``create the page``).
            attempt: The number of the try that failed (1-based).
            error: Why it failed.
            service: Who asked to wait, as the message names it (``Confluence``).
            give_up_as: The error raised when giving up; ``type(error)`` when ``None``. It is
                called with the message, the status and the ``Retry-After``.
            log: Where the warning about the retry goes.

        Raises:
            ServiceUnavailableError: (``give_up_as``) after the last attempt, or when the
                service asks to wait longer than :attr:`max_retry_after`.
        """
        give_up = give_up_as or type(error)
        if attempt >= self.attempts:
            raise give_up(f"{what}: gave up after {attempt} attempts; last error: {error}", error.status) from None
        if error.retry_after is not None and error.retry_after > self.max_retry_after:
            raise give_up(
                f"{what}: {service} asked to wait {error.retry_after:g} s, longer than the "
                f"{self.max_retry_after:g} s allowed; try again later",
                error.status,
                error.retry_after,
            ) from None
        delay = self.delay(attempt, error.retry_after)
        (log or _log).warning("%s failed (%s); retrying in %.2f s", what, error, delay)
        self.sleep(delay)

    def call(
        self,
        what: str,
        operation: Callable[[], T],
        *,
        retry_on: type[ServiceUnavailableError] = ServiceUnavailableError,
        service: str = "the service",
        give_up_as: type[ServiceUnavailableError] | None = None,
        log: logging.Logger | None = None,
    ) -> T:
        """Run an operation that is safe to repeat (a read, an update to the same values).

        ``retry_on`` is the error that is worth another try, and the one raised when giving
        up unless ``give_up_as`` says otherwise; the other arguments are :meth:`wait`'s.
        """
        if give_up_as is None and retry_on is not ServiceUnavailableError:
            give_up_as = retry_on
        attempt = 0
        while True:
            attempt += 1
            try:
                return operation()
            except retry_on as error:
                self.wait(what, attempt, error, service=service, give_up_as=give_up_as, log=log)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    Returns ``None`` when there is none or it cannot be read (the caller then backs off as for
    any failure); an infinite or absurd value comes back as given, for :meth:`RetryPolicy.wait`
    to refuse.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(0.0, seconds)
    from datetime import datetime, timezone  # noqa: PLC0415  (rare path)
    from email.utils import parsedate_to_datetime  # noqa: PLC0415

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are in GMT; "-0000" parses without a zone.
        when = when.replace(tzinfo=timezone.utc)
    try:
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except OverflowError:
        return None


# ---------------------------------------------------------------------- one call


class HttpResponse(Protocol):
    """What :class:`WebService` reads of a response (a ``requests.Response`` is one)."""

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        ...

    @property
    def content(self) -> bytes:
        """The body."""
        ...

    @property
    def headers(self) -> Mapping[str, str]:
        """The headers (``Retry-After`` is read)."""
        ...

    def json(self) -> Any:
        """The body parsed as JSON; raises :class:`ValueError` when it is not JSON."""
        ...


@frozen
class Answer:
    """An answer read whole, for a client whose HTTP library has no response object like requests'.

    A client built on ``urllib.request`` reads the body with :meth:`WebService.read_answer`
    inside its ``send`` and returns one of these to :meth:`WebService.call`.

    Attributes:
        status_code: The HTTP status.
        content: The body.
        headers: The headers.
    """

    status_code: int
    content: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        """The body parsed as JSON; raises :class:`ValueError` when it is not JSON."""
        import json  # noqa: PLC0415  (keeps import light)

        return json.loads(self.content)


@frozen(kw_only=True)
class ServiceErrors:
    """The exception types of one service's client, by situation.

    Each is called with the message and the HTTP status (``None`` without a response);
    ``unavailable`` with the ``Retry-After`` too.

    Attributes:
        failed: Anything not worth a retry that has no status (a bad URL, too many redirects).
        unavailable: 429, 5xx or no connection: worth trying again later.
        timed_out: No answer in time; the request may still have been carried out.
        bad_answer: A success status with a body that is not JSON.
        auth: 401 (credentials not accepted) or 403 (no permission).
        not_found: 404.
        rejected: Any other 4xx.
        conflict: 409, when the client tells it apart; ``rejected`` otherwise.
        too_large: An answer larger than :attr:`WebService.max_answer_bytes`; ``failed``
            when not given (a larger answer would come again: not worth a retry).
    """

    failed: Callable[[str, int | None], Exception]
    unavailable: Callable[[str, int | None, float | None], Exception]
    timed_out: Callable[[str, int | None], Exception]
    bad_answer: Callable[[str, int | None], Exception]
    auth: Callable[[str, int | None], Exception]
    not_found: Callable[[str, int | None], Exception]
    rejected: Callable[[str, int | None], Exception]
    conflict: Callable[[str, int | None], Exception] | None = None
    too_large: Callable[[str, int | None], Exception] | None = None


class _AnswerBound(Exception):  # noqa: N818  (not an error of its own: call() turns it into the client's)
    """An answer was too slow or too large; raised while it is read, inside the client's ``send``."""

    def __init__(self, kind: str, message: str, status: int | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status


def _no_detail(_body: object) -> str:
    return ""


def _requests_error(name: str) -> tuple[type[BaseException], ...]:
    # Only when a client leaves the types out, which means it calls through requests.
    requests: Any = importlib.import_module("requests")
    return (getattr(requests, name),)


def _positive(_instance: object, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not value > 0:
        raise ValueError(f"{attribute.name} must be above 0, got {value!r}")


def _size(count: int) -> str:
    """``32 MiB``, ``64 KiB``, ``100 bytes``."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def credential_forms(token: str, user: str | None = None) -> tuple[str, ...]:
    """Every form in which a token could leak into text.

    The token itself, as a Bearer header value, and as HTTP Basic credentials
    (``user:token`` in base64) when there is a user. A client registers these with
    :data:`secret_filter` and passes them to :class:`WebService`.
    """
    forms = [token, f"Bearer {token}"]
    if user:
        forms.append(base64.b64encode(f"{user}:{token}".encode()).decode())
    return tuple(form for form in forms if form)


@frozen(kw_only=True)
class WebService:
    """One JSON-over-HTTP service as its client calls it.

    The client makes the request with its own HTTP library; :meth:`call` turns what comes
    back (or what that library raised) into the answer or into one of the client's errors.
    Every message is passed through ``scrub`` and :data:`secret_filter`, so no credential
    reaches an error, a log line or an output.

    Attributes:
        name: The service as messages name it (``Jira``).
        url: Its address, shown when it cannot be reached (never holds credentials).
        timeout: Seconds the client waits for each answer (the client's HTTP library enforces
            it; the messages say it).
        deadline: Seconds one request may take in all, however the answer trickles in. It is
            checked whenever a piece of the answer arrives, so a call ends at most ``timeout``
            after it (the wait for one piece). Enforced by :meth:`read_answer`, which the
            client's ``send`` calls, or by the hook :meth:`bound` installs in a requests session.
        max_answer_bytes: The largest answer read, after decompression; a larger one (by its
            ``Content-Length`` or as it arrives) fails the call, unread past the bound.
        credentials: What to check when the service refuses the credentials (the names of the
            environment variables).
        errors: The client's exception types.
        secrets: The client's credentials in every form they could take in text (see
            :func:`credential_forms`), replaced by ``***`` in the order given.
        timeout_types: What the HTTP library raises when no answer comes in time
            (``requests.Timeout`` when not given).
        connection_types: What it raises when it cannot connect (``requests.ConnectionError``).
        request_types: What else it raises, checked last (``requests.RequestException``).
        detail: The service's own words from an error body (parsed JSON, ``None`` when the
            body is not JSON), already shortened; scrubbed here.
        log: Where each call's status is logged (at DEBUG).
        special: A service's own reading of an error status (3xx and above), tried before the
            common one: called with the request as messages name it, the response and the
            service's own words (scrubbed, ``""`` when none); returns the error, or ``None``
            for the common reading (GitHub's rate limit answers 403, which is not a refusal).
    """

    name: str
    url: str
    timeout: float
    credentials: str
    errors: ServiceErrors
    secrets: tuple[str, ...] = field(default=(), repr=False)
    timeout_types: tuple[type[BaseException], ...] = field(factory=lambda: _requests_error("Timeout"))
    connection_types: tuple[type[BaseException], ...] = field(factory=lambda: _requests_error("ConnectionError"))
    request_types: tuple[type[BaseException], ...] = field(factory=lambda: _requests_error("RequestException"))
    detail: Callable[[object], str] = _no_detail
    log: logging.Logger = _log
    special: Callable[[str, HttpResponse, str], Exception | None] | None = None
    deadline: float = field(default=DEFAULT_DEADLINE, validator=_positive)
    max_answer_bytes: int = field(default=DEFAULT_MAX_ANSWER_BYTES, validator=_positive)

    def clean(self, text: str) -> str:
        """``text`` without the client's credentials or any other registered secret."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return secret_filter.scrub(text)

    def call(self, what: str, send: Callable[[], HttpResponse]) -> Any:
        """Send one request and return the JSON answer (``None`` for an empty one).

        Args:
            what: The request as messages name it (``GET /rest/api/2/issue/OPS-1``).
            send: Makes the request with the client's HTTP library and returns the response.

        Raises:
            Exception: one of :attr:`errors`, for a transport failure, an error status or a
                success status whose body is not JSON.
        """
        errors = self.errors
        try:
            response = send()
        except _AnswerBound as bound:
            self.log.debug("%s: %s", what, bound.message)
            if bound.kind == "slow":
                raise errors.timed_out(f"{what}: {bound.message}", bound.status) from None
            too_large = errors.too_large or errors.failed
            raise too_large(f"{what}: {bound.message}", bound.status) from None
        except self.timeout_types:
            self.log.debug("%s: no answer within %ss", what, self.timeout)
            raise errors.timed_out(
                f"{what}: no answer from {self.name} within {self.timeout:g} s "
                "(the request may still have been carried out)",
                None,
            ) from None
        except self.connection_types:
            self.log.debug("%s: cannot connect", what)
            raise errors.unavailable(f"{what}: cannot connect to {self.url}", None, None) from None
        except self.request_types as error:
            # Anything else (a bad URL, too many redirects) is not worth a retry.
            raise errors.failed(f"{what}: {type(error).__name__}: {self.clean(str(error))}", None) from None
        self.log.debug("%s -> %s", what, response.status_code)
        # A redirect that reached here was not followed (a client may refuse to send its
        # credentials on): not a success.
        if response.status_code < 300:
            if response.status_code == 204 or not response.content:
                return None
            try:
                return response.json()
            except (ValueError, RecursionError):
                raise errors.bad_answer(
                    f"{what}: {self.name} answered {response.status_code} but not with JSON", response.status_code
                ) from None
        raise self.error_for(what, response)

    def read_answer(
        self,
        read: Callable[[int], bytes],
        *,
        started: float,
        length: str | int | None = None,
        status: int | None = None,
    ) -> bytes:
        """Read an answer's body within :attr:`deadline` and :attr:`max_answer_bytes`.

        Call it inside the ``send`` given to :meth:`call`, which turns what it raises into the
        client's errors (:attr:`ServiceErrors.timed_out`, :attr:`ServiceErrors.too_large`).

        Args:
            read: Returns what has arrived of the body, at most the number of bytes asked for
                and at least one unless the body has ended (``b""``): ``read1`` of
                ``http.client`` and urllib3 responses. Waiting for all the bytes asked for
                instead would let a slow drip run past the deadline.
            started: ``time.monotonic()`` when the request was sent.
            length: The answer's ``Content-Length``, if it gave one.
            status: The answer's status, for the error.

        Returns:
            The body.
        """
        most = self.max_answer_bytes
        declared = _declared_length(length)
        if declared is not None and declared > most:
            raise _AnswerBound(
                "large",
                f"{self.name}'s answer is {_size(declared)}, larger than the {_size(most)} allowed",
                status,
            )
        pieces: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() - started > self.deadline:
                raise _AnswerBound(
                    "slow",
                    f"no complete answer from {self.name} within {self.deadline:g} s "
                    f"({_size(size)} had arrived; the request may still have been carried out)",
                    status,
                )
            piece = read(min(_PIECE, most + 1 - size))
            if not piece:
                return b"".join(pieces)
            size += len(piece)
            if size > most:
                raise _AnswerBound("large", f"{self.name}'s answer is larger than the {_size(most)} allowed", status)
            pieces.append(piece)

    def bound(self, session: Any) -> Any:
        """Make a ``requests.Session`` read every answer with :meth:`read_answer`.

        A response hook reads the body as it arrives (before requests would read it whole),
        so every call made through the session keeps to :attr:`deadline` and
        :attr:`max_answer_bytes`. Returns the session.
        """
        session.hooks["response"].append(self._read_requests_answer)
        return session

    def _read_requests_answer(self, response: Any, *_args: Any, **_kwargs: Any) -> Any:
        # requests' Session.send calls the hook before it reads the body (stream=False reads
        # it afterwards), so the body is read here, bounded, and kept where requests keeps it.
        import requests  # noqa: PLC0415  (only a requests-based client installs the hook)
        import urllib3  # noqa: PLC0415

        started = time.monotonic() - response.elapsed.total_seconds()
        raw = response.raw
        read1 = getattr(raw, "read1", None)  # urllib3 2; 1.26 waits for what was asked
        reader = raw.read if read1 is None else read1

        def read(amount: int) -> bytes:
            return bytes(reader(amount, decode_content=True))

        try:
            body = self.read_answer(
                read, started=started, length=response.headers.get("Content-Length"), status=response.status_code
            )
        except urllib3.exceptions.ReadTimeoutError as error:
            response.close()
            raise requests.exceptions.ReadTimeout(error, response=response) from None
        except urllib3.exceptions.HTTPError as error:
            response.close()
            # What requests raises for the same failure while it reads the body itself.
            raise requests.exceptions.ChunkedEncodingError(error, response=response) from None
        except BaseException:
            response.close()
            raise
        response._content = body  # where requests keeps a body it has read
        response._content_consumed = True
        return response

    def error_for(self, what: str, response: HttpResponse) -> Exception:  # noqa: PLR0911  (one return per kind of answer)
        """The client's error for an error status, with the service's own words when it gave any."""
        status = response.status_code
        try:
            body = response.json()
        except (ValueError, RecursionError):
            body = None
        detail = self.clean(self.detail(body))
        if self.special is not None:
            error = self.special(what, response, detail)
            if error is not None:
                return error
        suffix = f": {detail}" if detail else ""
        errors = self.errors
        if status == 429 or status >= 500:
            return errors.unavailable(
                f"{what}: {self.name} is unavailable ({status}){suffix}",
                status,
                parse_retry_after(response.headers.get("Retry-After")),
            )
        if status == 401:
            return errors.auth(
                f"{what}: {self.name} did not accept the credentials (401); check {self.credentials}{suffix}", status
            )
        if status == 403:
            return errors.auth(f"{what}: not allowed (403); the account lacks permission{suffix}", status)
        if status == 404:
            return errors.not_found(f"{what}: not found (404){suffix}", status)
        if status == 409 and errors.conflict is not None:
            return errors.conflict(f"{what}: conflict (409){suffix}", status)
        return errors.rejected(f"{what}: rejected ({status}){suffix}", status)


def _declared_length(value: str | int | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------- logging


class SecretFilter(logging.Filter):
    """Takes every known credential (and any ``Authorization`` header value) out of log records.

    Installed on the loggers that may see request or response text, because a filter on a
    parent logger does not see its children's records. Clients add their secrets while
    they are open and discard them when closed.
    """

    _HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer|token)?\s*[^\s'\",;)}]+")

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: list[tuple[str, ...]] = []
        self._installed: set[str] = set()

    def add(self, secrets: tuple[str, ...], loggers: Iterable[str] = ()) -> None:
        """Remember ``secrets`` and filter the named loggers (and their children) too."""
        with self._lock:
            self._secrets.append(secrets)
        self.install(("postmortem", "urllib3", "requests", *loggers))

    def discard(self, secrets: tuple[str, ...]) -> None:
        """Forget secrets added with :meth:`add`."""
        with self._lock:
            if secrets in self._secrets:
                self._secrets.remove(secrets)

    def install(self, roots: Iterable[str]) -> None:
        """Attach to the loggers named and their existing children, once each."""
        wanted = set(roots)
        names = set(wanted)
        names.update(name for name in list(logging.Logger.manager.loggerDict) if name.split(".")[0] in wanted)
        with self._lock:
            new = sorted(names - self._installed)
            self._installed.update(new)
        for name in new:
            logging.getLogger(name).addFilter(self)

    def scrub(self, text: str) -> str:
        """``text`` with every known secret replaced by ``***``."""
        with self._lock:
            secrets = sorted({s for group in self._secrets for s in group if s}, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "***")
        return self._HEADER.sub(lambda m: f"{m[1]}{m[2] + ' ' if m[2] else ''}***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub the record's message in place; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot format is logged as it is
            return True
        cleaned = self.scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


secret_filter = SecretFilter()
"""The one filter every client of a remote service registers its credentials with."""
