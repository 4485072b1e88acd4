"""Careless settings and a misbehaving server: a clear error or a correct publish, never a traceback or a leak."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from confluence_support import EMAIL, Sleeps, settings_for, target
from postmortem_confluence._client import (
    ConfluenceClient,
    ConfluenceError,
    ConfluenceResponseError,
    ConfluenceSettings,
    ConfluenceSettingsError,
)
from postmortem_confluence._publish import AttachmentFile, RetryPolicy, publish_page
from postmortem_confluence_testing import Fault, LocalConfluence

from postmortem.errors import ExporterOptionError
from postmortem.export import Attachment, publish
from postmortem.testing import sample_incident

SENTINEL = "SENTINEL-token-4f9c-do-not-log"


class TestSettings:
    @pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf, "nan", "soon", 1e9])
    def test_a_timeout_that_can_never_work(self, timeout: object) -> None:
        """timeout=0, -1, NaN, infinity or text is a settings error naming the timeout, not a ValueError later."""
        with pytest.raises(ConfluenceSettingsError, match="timeout must be a number of seconds"):
            ConfluenceSettings.from_options({"url": "https://acme.atlassian.net", "token": "t", "timeout": timeout})

    @pytest.mark.parametrize(
        "url", ["http://[::1", "http://[::1]:99999/", "https://acme.example:port/", "http://[nothost]/", "ftp://x"]
    )
    def test_a_url_that_does_not_parse(self, url: str) -> None:
        """A URL with an unclosed bracket, a bad port or another scheme is a settings error."""
        with pytest.raises(ConfluenceSettingsError, match="must be an http"):
            ConfluenceSettings(url=url, token="t")

    def test_a_url_with_credentials_is_not_echoed(self) -> None:
        """Even when it does not parse, a URL holding a secret is not repeated in the message."""
        with pytest.raises(ConfluenceSettingsError) as raised:
            ConfluenceSettings(url=f"http://me:{SENTINEL}@[::1", token="t")
        assert SENTINEL not in str(raised.value)

    def test_settings_errors_are_option_errors(self) -> None:
        """The command line tells bad settings (exit 2) from failed publishing (exit 1) by this class."""
        assert issubclass(ConfluenceSettingsError, ExporterOptionError)
        assert issubclass(ConfluenceSettingsError, ConfluenceError)


class TestRetryAfter:
    @pytest.mark.parametrize(
        "header",
        [
            "Sun, 06 Nov 1994 08:49:37 GMT",  # long past: retry at once
            "Sun, 06 Nov 1994 08:49:37 -0000",  # parses without a zone
            "soon",
            "NaN",
            "",
        ],
    )
    def test_odd_retry_after_values(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, sleeps: Sleeps, header: str
    ) -> None:
        """A past HTTP date, a zone-less date or text in Retry-After: publishing waits a bounded time and succeeds."""
        server.faults.script(Fault.reply(429, b"{}", headers={"Retry-After": header}), methods=["POST"])
        result = publish_page(client, target(), policy=policy)
        assert result.action == "created"
        assert len(sleeps.delays) == 1
        assert 0 <= sleeps.delays[0] <= policy.max_delay * (1 + policy.jitter)

    def test_an_http_date_in_the_future_is_waited_for(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, sleeps: Sleeps
    ) -> None:
        """Retry-After as an HTTP date 30 s ahead makes publishing wait about 30 s, then go on."""
        when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
        server.faults.script(Fault.reply(503, b"", headers={"Retry-After": when}), methods=["POST"])
        assert publish_page(client, target(), policy=policy).action == "created"
        assert 25 <= sleeps.delays[0] <= 31

    def test_a_date_too_far_ahead_stops_with_a_message(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A date beyond max_retry_after stops publishing with a message, never a long sleep."""
        when = format_datetime(datetime.now(timezone.utc) + timedelta(days=2), usegmt=True)
        server.faults.script(Fault.reply(429, b"", headers={"Retry-After": when}), methods=["POST"])
        with pytest.raises(ConfluenceError, match="asked to wait"):
            publish_page(client, target(), policy=policy)


class TestUselessAnswers:
    @pytest.mark.parametrize("body", [b"", b"{}", b"[]", b"null", b'"ok"', b'{"id": null}', b"[[[[[[", b"{"])
    def test_a_create_that_went_through(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, body: bytes
    ) -> None:
        """A 2xx with an empty or useless body after the page was created: it is found by title, not created twice."""
        server.faults.script(Fault.reply(200, body, after_processing=True), methods=["POST"], path=r"/content$")
        result = publish_page(client, target(), policy=policy)
        assert result.action == "created"
        assert len(server.pages("OPS")) == 1
        assert result.page_id == server.pages("OPS")[0].id

    @pytest.mark.parametrize("body", [b"", b"{}", b"[]", b"null"])
    def test_a_create_that_did_not(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, body: bytes
    ) -> None:
        """The same answer before anything was created: the create is tried again, once."""
        server.faults.script(Fault.reply(201, body), methods=["POST"], path=r"/content$")
        assert publish_page(client, target(), policy=policy).action == "created"
        assert len(server.pages("OPS")) == 1

    def test_a_server_that_never_answers_properly(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """Every create answered with {}: publishing gives up with a message saying so."""
        server.faults.random(1.0, [Fault.reply(200, b"{}")], methods=["POST"], path=r"/content$")
        with pytest.raises(ConfluenceError, match=r"gave up after 6 attempts; .* answered with dict \{\}"):
            publish_page(client, target(), policy=policy)

    def test_a_useless_update_answer(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """An update answered with null after it was stored: the page is read again and the update counted once."""
        publish_page(client, target(), policy=policy)
        server.faults.script(Fault.reply(200, b"null", after_processing=True), methods=["PUT"])
        result = publish_page(client, target(body="<p>Changed.</p>"), policy=policy)
        assert (result.action, result.version) == ("updated", 2)
        assert len(server.pages("OPS")[0].versions) == 2

    def test_an_attachment_answer_without_results(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """An upload answered with {} after it was stored: the attachment is found by its hash, not uploaded twice."""
        file = AttachmentFile("report.pdf", b"%PDF-1.7 one", "application/pdf")
        server.faults.script(Fault.reply(200, b"{}", after_processing=True), methods=["POST"], path=r"attachment$")
        publish_page(client, target(attachments=(file,)), policy=policy)
        (page,) = server.pages("OPS")
        assert [a.filename for a in server.attachments(page.id)] == ["report.pdf"]


class TestListing:
    def test_a_next_link_for_ever_is_not_followed_for_ever(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A listing whose every page points to another stops after 200 pages with a message."""
        listing = {"results": [{"id": "1", "title": "Other"}], "_links": {"next": "/rest/api/content?start=1"}}
        server.faults.random(1.0, [Fault.reply(200, json.dumps(listing).encode())], methods=["GET"], path=r"/content$")
        with pytest.raises(ConfluenceError, match="still pointed to a next page after 200 pages"):
            client.find_page("OPS", "INC-7: Checkout errors")
        assert sum(1 for r in server.requests if r.method == "GET") == 200

    @pytest.mark.parametrize("body", [b'{"results": {"id": "1"}}', b'{"results": ["a"]}', b"[1, 2]"])
    def test_a_listing_of_the_wrong_shape(self, server: LocalConfluence, client: ConfluenceClient, body: bytes) -> None:
        """Results that are not a list of objects are an error naming the request."""
        server.faults.script(Fault.reply(200, body), methods=["GET"])
        with pytest.raises(ConfluenceResponseError, match="not a listing"):
            client.find_page("OPS", "x")


class TestTitles:
    def test_a_padded_title_publishes_again(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """'  x  ' is trimmed as Confluence trims it, so the second publish finds the page instead of failing."""
        first = publish_page(client, target(title="  INC-7: Checkout errors \t"), policy=policy)
        second = publish_page(client, target(title="  INC-7: Checkout errors \t"), policy=policy)
        assert (first.action, second.action) == ("created", "unchanged")
        assert [p.title for p in server.pages("OPS")] == ["INC-7: Checkout errors"]

    def test_a_blank_title(self, client: ConfluenceClient, policy: RetryPolicy) -> None:
        """A title of spaces is a settings error before anything is sent."""
        with pytest.raises(ConfluenceSettingsError, match="title is empty"):
            publish_page(client, target(title="   "), policy=policy)


class TestLogging:
    @pytest.fixture
    def echoing(self) -> Iterator[LocalConfluence]:
        confluence = LocalConfluence(deployment="cloud", users={EMAIL: SENTINEL}, spaces=("OPS",))
        with confluence:
            yield confluence

    @pytest.mark.parametrize("deployment", ["cloud", "datacenter"])
    def test_debug_logs_never_hold_the_token(
        self, echoing: LocalConfluence, caplog: pytest.LogCaptureFixture, deployment: str
    ) -> None:
        """A server that echoes the request headers in its answers: at DEBUG the token appears nowhere in the log."""
        echoing.faults.random(1.0, [Fault.reply(200, b'{"results": [], "you_sent": {headers}}')], methods=["GET"])
        user = EMAIL if deployment == "cloud" else None
        url = echoing.site_url if deployment == "cloud" else echoing.url
        settings = ConfluenceSettings(url=url, user=user, token=SENTINEL, deployment=deployment)  # type: ignore[arg-type]
        with caplog.at_level(logging.DEBUG), ConfluenceClient(settings) as client:
            assert client.find_page("OPS", "anything") is None
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert "you_sent" in logged  # the library did log the body
        assert "Authorization" in logged
        assert SENTINEL not in logged
        assert "***" in logged
        for secret in settings.secrets():
            assert secret not in logged


class TestPythonAttachments:
    def test_publish_with_files(
        self, server: LocalConfluence, monkeypatch: pytest.MonkeyPatch, policy: RetryPolicy
    ) -> None:
        """postmortem.publish(..., attachments=[Attachment(...)]) attaches the files, next to any exports."""
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_URL", server.site_url if server.deployment == "cloud" else server.url)
        settings = settings_for(server)
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_TOKEN", settings.token)
        if settings.user:
            monkeypatch.setenv("POSTMORTEM_CONFLUENCE_USER", settings.user)
        screenshot = Attachment("latency.png", b"\x89PNG\r\n\x1a\n-fake-", "image/png")
        publish(sample_incident(), "confluence", attach=("markdown",), attachments=[screenshot], space="OPS")
        (page,) = server.pages("OPS")
        assert sorted(a.filename for a in server.attachments(page.id)) == [
            "INC-2026-0042-timeline.png",  # the page's own timeline chart
            "INC-2026-0042-timeline.svg",
            "INC-2026-0042.md",
            "latency.png",
        ]

    def test_attachments_must_be_attachments(self) -> None:
        """A path or bytes given as an attachment is a TypeError saying what to pass."""
        with pytest.raises(TypeError, match=r"Attachment\(filename, data, media_type\)"):
            publish(sample_incident(), "confluence", attachments=["report.pdf"], space="OPS")  # type: ignore[list-item]
