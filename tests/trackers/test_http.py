"""``postmortem.http``: one call, its errors and its retries, with real requests against a server on 127.0.0.1."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs
import pytest

from postmortem import trackers
from postmortem.errors import ServiceUnavailableError
from postmortem.http import RetryPolicy, ServiceErrors, WebService, parse_retry_after, secret_filter

from .fake_http import FakeServer, Faults, Reply, Request, Stream

requests = pytest.importorskip("requests", reason="requests comes with the Atlassian plugins")

TOKEN = "svc_SENTINEL3333TOKEN4444never5555shown"


class ServiceError(Exception):
    """What a client raises for anything not worth a retry."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class UnavailableError(ServiceError, ServiceUnavailableError):
    """429, 5xx, no connection."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class TimedOutError(UnavailableError):
    """No answer in time."""


class BadAnswerError(UnavailableError):
    """A success without JSON."""


class AuthError(ServiceError):
    """401 or 403."""


class NotFoundError(ServiceError):
    """404."""


class RejectedError(ServiceError):
    """Another 4xx."""


class ConflictError(ServiceError):
    """409."""


ERRORS = ServiceErrors(
    failed=ServiceError,
    unavailable=UnavailableError,
    timed_out=TimedOutError,
    bad_answer=BadAnswerError,
    auth=AuthError,
    not_found=NotFoundError,
    rejected=RejectedError,
    conflict=ConflictError,
)


class FakeService(FakeServer):
    """Answers ``/status/<code>`` with that status, ``/items`` with JSON, ``/slow`` late."""

    def __init__(self, faults: Faults | None = None) -> None:
        super().__init__(faults)
        self.route("GET", r"/items", lambda _request: {"items": [1, 2]})
        self.route("GET", r"/empty", lambda _request: Reply(204))
        self.route("GET", r"/status/(?P<code>[0-9]{3})", self.status)
        self.route("GET", r"/slow", self.slow)
        # An answer dripped a byte at a time: 40 s in all, each byte well within any timeout.
        drip = b'{"items": [' + b" " * 800 + b"]}"
        self.route("GET", r"/drip", lambda _request: Stream((bytes([b]) for b in drip), pause=0.05, length=len(drip)))
        # 10 MB announced; and 2 MB without a Content-Length, in 16 KiB pieces.
        self.route("GET", r"/huge", lambda _request: Stream([b"[" + b"0," * 5_000_000 + b"0]"], length=10_000_003))
        self.route("GET", r"/unsized", lambda _request: Stream(b"[" + b"0," * 8192 + b"0]" for _ in range(128)))

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") == f"Bearer {TOKEN}"

    def status(self, request: Request) -> Any:
        code = int(request.match["code"])
        retry_after = request.arg("retry_after")
        # A hostile proxy repeats the request's credentials in its error text.
        body = {"message": f"refused; you sent Authorization: {request.headers.get('authorization')}"}
        raise Reply(code, body, {"Retry-After": retry_after} if retry_after else {})

    def slow(self, _request: Request) -> Any:
        time.sleep(0.5)
        return {"late": True}


@pytest.fixture
def server() -> Iterator[FakeService]:
    with FakeService() as fake:
        yield fake


@pytest.fixture
def session() -> Iterator[Any]:
    with requests.Session() as opened:
        opened.headers["Authorization"] = f"Bearer {TOKEN}"
        secret_filter.add((TOKEN,))
        try:
            yield opened
        finally:
            secret_filter.discard((TOKEN,))


def service(url: str, *, timeout: float = 5.0, conflict: bool = True) -> WebService:
    errors = ERRORS if conflict else ServiceErrors(**{**_fields(ERRORS), "conflict": None})
    return WebService(
        name="Example",
        url=url,
        timeout=timeout,
        credentials="EXAMPLE_TOKEN",
        errors=errors,
        secrets=(TOKEN,),
        timeout_types=(requests.Timeout,),
        connection_types=(requests.ConnectionError,),
        request_types=(requests.RequestException,),
        detail=lambda body: str(body.get("message", "")) if isinstance(body, dict) else "",
    )


def _fields(errors: ServiceErrors) -> dict[str, Any]:
    return attrs.asdict(errors, recurse=False)


def get(session: Any, url: str, timeout: float = 5.0) -> Any:
    return lambda: session.get(url, timeout=timeout)


class TestOneCall:
    """What comes back, and what is raised for each status."""

    def test_json_and_empty_answers(self, server: FakeService, session: Any) -> None:
        """A JSON body is returned parsed; a 204 is ``None``."""
        web = service(server.url)
        assert web.call("GET /items", get(session, f"{server.url}/items")) == {"items": [1, 2]}
        assert web.call("GET /empty", get(session, f"{server.url}/empty")) is None

    @pytest.mark.parametrize(
        ("code", "expected", "words"),
        [
            (401, AuthError, "Example did not accept the credentials (401); check EXAMPLE_TOKEN"),
            (403, AuthError, "not allowed (403)"),
            (404, NotFoundError, "not found (404)"),
            (409, ConflictError, "conflict (409)"),
            (400, RejectedError, "rejected (400)"),
            (429, UnavailableError, "Example is unavailable (429)"),
            (503, UnavailableError, "Example is unavailable (503)"),
        ],
    )
    def test_each_status_is_the_clients_error(
        self, server: FakeService, session: Any, code: int, expected: type[Exception], words: str
    ) -> None:
        """The status picks the client's type; the message says it and never holds the token."""
        with pytest.raises(expected) as raised:
            service(server.url).call(f"GET /status/{code}", get(session, f"{server.url}/status/{code}"))
        assert type(raised.value) is expected
        message = str(raised.value)
        assert words in message
        assert "refused; you sent Authorization: Bearer ***" in message
        assert TOKEN not in message
        assert code == raised.value.status  # type: ignore[attr-defined]

    def test_a_conflict_is_rejected_when_the_client_does_not_tell_it_apart(
        self, server: FakeService, session: Any
    ) -> None:
        """Without a ``conflict`` type a 409 is a plain rejection."""
        with pytest.raises(RejectedError, match=r"rejected \(409\)"):
            service(server.url, conflict=False).call("GET", get(session, f"{server.url}/status/409"))

    def test_retry_after_is_read(self, server: FakeService, session: Any) -> None:
        """A 429's ``Retry-After`` reaches the unavailable error."""
        with pytest.raises(UnavailableError) as raised:
            service(server.url).call("GET", get(session, f"{server.url}/status/429?retry_after=7"))
        assert raised.value.retry_after == 7.0

    def test_no_connection_and_no_answer(self, server: FakeService, session: Any) -> None:
        """A closed port is unavailable; an answer later than the timeout is a timeout."""
        closed = FakeService().start()
        url = closed.url
        closed.stop()
        with pytest.raises(UnavailableError, match=r"cannot connect to http://127\.0\.0\.1"):
            service(url).call("GET /items", get(session, f"{url}/items"))
        with pytest.raises(TimedOutError, match=r"no answer from Example within 0.1 s"):
            service(server.url, timeout=0.1).call("GET /slow", get(session, f"{server.url}/slow", timeout=0.1))

    def test_a_success_that_is_not_json(self, session: Any) -> None:
        """A 200 whose body does not parse is a bad answer, worth a retry."""

        class Plain:
            status_code = 200
            content = b"<html>maintenance</html>"
            headers: ClassVar[dict[str, str]] = {}

            def json(self) -> Any:
                raise ValueError("not JSON")

        with pytest.raises(BadAnswerError, match="Example answered 200 but not with JSON"):
            service("http://127.0.0.1:9").call("GET /items", Plain)

    def test_a_log_record_holding_the_token_is_scrubbed(
        self, server: FakeService, session: Any, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The filter the client registered with takes the token out of any record."""
        caplog.set_level(logging.DEBUG)
        logging.getLogger("postmortem.http").debug("sent Authorization: Bearer %s", TOKEN)
        assert TOKEN not in caplog.text
        assert "Authorization: Bearer ***" in caplog.text


class Sleeps(list[float]):
    """A sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class TestBoundedAnswers:
    """An answer that drips in or is too large fails the call; it never hangs it or fills memory."""

    @pytest.fixture
    def bounded(self, session: Any, server: FakeService) -> Any:
        """The session with the hook of a service allowing 0.5 s per request and 64 KiB."""
        return bounded_service(server.url).bound(session)

    def test_an_answer_within_the_bounds_is_read(self, server: FakeService, bounded: Any) -> None:
        """The hook hands requests the body as read: JSON and empty answers as without it."""
        web = bounded_service(server.url)
        assert web.call("GET /items", get(bounded, f"{server.url}/items")) == {"items": [1, 2]}
        assert web.call("GET /empty", get(bounded, f"{server.url}/empty")) is None
        with pytest.raises(NotFoundError, match=r"not found \(404\): refused"):
            web.call("GET /status/404", get(bounded, f"{server.url}/status/404"))

    def test_a_slow_drip_runs_into_the_deadline(self, server: FakeService, bounded: Any) -> None:
        """Each byte comes well within the timeout, the whole would take 40 s: a timeout at the deadline."""
        web = bounded_service(server.url)
        with pytest.raises(TimedOutError) as raised:
            web.call("GET /drip", get(bounded, f"{server.url}/drip"))
        message = str(raised.value)
        assert message.startswith("GET /drip: no complete answer from Example within 0.5 s (")
        assert "the request may still have been carried out" in message
        assert raised.value.status == 200

    def test_an_announced_large_answer_is_not_read(self, server: FakeService, bounded: Any) -> None:
        """A ``Content-Length`` above the bound fails at once, with both sizes and the client's error."""
        with pytest.raises(TooLargeError) as raised:
            bounded_service(server.url).call("GET /huge", get(bounded, f"{server.url}/huge"))
        assert str(raised.value) == "GET /huge: Example's answer is 9.54 MiB, larger than the 64 KiB allowed"

    def test_an_unannounced_large_answer_stops_at_the_bound(self, server: FakeService, bounded: Any) -> None:
        """Without a ``Content-Length`` the answer is read up to the bound, then the call fails."""
        with pytest.raises(TooLargeError, match=r"^GET /unsized: Example's answer is larger than the 64 KiB allowed$"):
            bounded_service(server.url).call("GET /unsized", get(bounded, f"{server.url}/unsized"))

    def test_too_large_is_failed_when_the_client_has_no_type_for_it(self, server: FakeService, bounded: Any) -> None:
        """A client without a ``too_large`` type gets its ``failed`` error: not worth a retry."""
        web = attrs.evolve(bounded_service(server.url), errors=ERRORS)
        with pytest.raises(ServiceError) as raised:
            web.call("GET /unsized", get(bounded, f"{server.url}/unsized"))
        assert type(raised.value) is ServiceError

    def test_the_bounds_must_be_positive(self, server: FakeService) -> None:
        """A deadline or size of 0 is refused when the service is described."""
        with pytest.raises(ValueError, match="deadline must be above 0"):
            attrs.evolve(bounded_service(server.url), deadline=0)
        with pytest.raises(ValueError, match="max_answer_bytes must be above 0"):
            attrs.evolve(bounded_service(server.url), max_answer_bytes=0)


class TooLargeError(ServiceError):
    """An answer above the bound."""


def bounded_service(url: str) -> WebService:
    """The example service with a short deadline and a small answer bound, and a type for too large."""
    return attrs.evolve(
        service(url),
        errors=ServiceErrors(**{**_fields(ERRORS), "too_large": TooLargeError}),
        deadline=0.5,
        max_answer_bytes=64 * 1024,
    )


class TestRetrying:
    """One policy for every client: bounded tries, bounded waits, the client's error at the end."""

    def test_retries_until_the_service_answers(self, session: Any) -> None:
        """429 and 5xx before the work are tried again; the answer comes through."""
        sleeps = Sleeps()
        policy = RetryPolicy(attempts=30, backoff=0.001, max_delay=0.01, sleep=sleeps)
        with FakeService(Faults(rate=0.5, seed=3)) as server:
            web = service(server.url)
            answers = [
                policy.call("read the items", lambda: web.call("GET /items", get(session, f"{server.url}/items")))
                for _ in range(10)
            ]
            injected = sum(server.faults.injected.values())
        assert answers == [{"items": [1, 2]}] * 10
        assert injected == len(sleeps) > 0

    def test_gives_up_with_the_clients_error(self, server: FakeService, session: Any) -> None:
        """After the last attempt the error is ``give_up_as``, saying how many tries were made."""
        sleeps = Sleeps()
        policy = RetryPolicy(attempts=3, backoff=0.001, sleep=sleeps)
        web = service(server.url)
        with pytest.raises(UnavailableError) as raised:
            policy.call(
                "read the items",
                lambda: web.call("GET", get(session, f"{server.url}/status/503")),
                retry_on=UnavailableError,
                give_up_as=UnavailableError,
            )
        assert type(raised.value) is UnavailableError
        assert str(raised.value).startswith("read the items: gave up after 3 attempts; last error: GET: Example")
        assert len(sleeps) == 2

    def test_gives_up_as_the_error_retried_on(self) -> None:
        """Without ``give_up_as``, giving up raises ``retry_on`` itself, not the last error's subclass."""

        def times_out() -> None:
            raise TimedOutError("GET /items: no answer from Example within 5 s")

        with pytest.raises(UnavailableError) as raised:
            RetryPolicy(attempts=2, sleep=Sleeps()).call("read", times_out, retry_on=UnavailableError)
        assert type(raised.value) is UnavailableError
        with pytest.raises(TimedOutError):
            RetryPolicy(attempts=2, sleep=Sleeps()).call("read", times_out)

    def test_a_long_retry_after_is_refused_without_waiting(self, server: FakeService, session: Any) -> None:
        """A service asking for more than ``max_retry_after`` gets an error at once, never a long sleep."""
        sleeps = Sleeps()
        policy = RetryPolicy(max_retry_after=60, sleep=sleeps)
        web = service(server.url)
        with pytest.raises(UnavailableError, match="Example asked to wait 3600 s, longer than the 60 s allowed"):
            policy.call(
                "read",
                lambda: web.call("GET", get(session, f"{server.url}/status/429?retry_after=3600")),
                service="Example",
            )
        assert sleeps == []

    def test_other_errors_are_not_retried(self, server: FakeService, session: Any) -> None:
        """A 404 is raised at the first try."""
        sleeps = Sleeps()
        web = service(server.url)
        with pytest.raises(NotFoundError):
            RetryPolicy(sleep=sleeps).call("read", lambda: web.call("GET", get(session, f"{server.url}/status/404")))
        assert sleeps == []
        assert len(server.seen) == 1

    @pytest.mark.parametrize(
        ("header", "expected"),
        [(None, None), ("12", 12.0), (" 0 ", 0.0), ("-5", 0.0), ("nan", None), ("soon", None), ("inf", float("inf"))],
    )
    def test_retry_after_values(self, header: str | None, expected: float | None) -> None:
        """Seconds are read as given (an absurd value too, for the policy to refuse); junk is ``None``."""
        assert expected == parse_retry_after(header)

    def test_retry_after_as_a_past_http_date(self) -> None:
        """An HTTP date in the past means no wait."""
        assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


class TestTheTrackersShareIt:
    """The trackers' names are the shared ones, so a policy built for one serves the other."""

    def test_same_objects(self) -> None:
        """``postmortem.trackers`` re-exports the policy, the header reader and the filter."""
        assert trackers.RetryPolicy is RetryPolicy
        assert trackers.parse_retry_after is parse_retry_after
        assert trackers.secret_filter is secret_filter
        assert issubclass(trackers.TrackerUnavailableError, ServiceUnavailableError)


class TestCredentialForms:
    """What a client registers, so that no form of its token reaches a message or a log."""

    def test_bearer_and_basic(self) -> None:
        """The token, its Bearer header value, and the Basic credentials with the user."""
        from postmortem.http import credential_forms

        assert credential_forms("t0k") == ("t0k", "Bearer t0k")
        assert credential_forms("t0k", "sre@example.com") == ("t0k", "Bearer t0k", "c3JlQGV4YW1wbGUuY29tOnQwaw==")
