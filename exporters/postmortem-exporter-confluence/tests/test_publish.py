"""Publishing against the local Confluence server, through atlassian-python-api over real HTTP."""

from __future__ import annotations

import dataclasses
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from confluence_support import API_TOKEN, BODY, EMAIL, PAT, READER, READER_TOKEN, SECRETS, Sleeps, settings_for, target
from postmortem_confluence._client import (
    ConfluenceAuthError,
    ConfluenceClient,
    ConfluenceError,
    ConfluenceNotFoundError,
    ConfluenceRequestError,
    ConfluenceSettings,
    ConfluenceSettingsError,
    ConfluenceTimeoutError,
    ConfluenceUnavailableError,
    Page,
)
from postmortem_confluence._publish import (
    AttachmentFile,
    PageTarget,
    RetryPolicy,
    normalise_label,
    publish_page,
    same_storage,
)
from postmortem_confluence_testing import Fault, LocalConfluence

BODY2 = "<h2>Summary</h2><p>Checkout failed for 31% of users.</p>"


def writes(server: LocalConfluence) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.requests if r.method != "GET"]


class TestCreateAndUpdate:
    def test_create_then_update_bumps_the_version(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """The first publish creates version 1; a changed body makes version 2 of the same page."""
        first = publish_page(client, target(), policy=policy)
        second = publish_page(client, target(body=BODY2), policy=policy)
        assert (first.action, first.version) == ("created", 1)
        assert (second.action, second.version, second.page_id) == ("updated", 2, first.page_id)
        (page,) = server.pages("OPS")
        assert [v.body for v in page.versions] == [BODY, BODY2]

    def test_unchanged_body_keeps_the_version(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """Publishing the same body again writes nothing."""
        publish_page(client, target(), policy=policy)
        before = writes(server)
        again = publish_page(client, target(), policy=policy)
        assert (again.action, again.version) == ("unchanged", 1)
        assert writes(server) == before

    def test_confluence_rewrites_do_not_count_as_changes(self) -> None:
        """Macro ids, attribute order and self-closing added by Confluence are not changes; text is."""
        ours = '<p>a<br/></p><ac:structured-macro ac:name="toc" ac:schema-version="1"></ac:structured-macro>'
        stored = '<p>a<br /></p><ac:structured-macro ac:schema-version="1" ac:name="toc" ac:macro-id="9f2"/>'
        assert same_storage(ours, stored)
        assert not same_storage(ours, ours.replace("a<br/>", "b<br/>"))
        assert same_storage("<p>a\u00a0b\u2014</p>", "<p>a&nbsp;b&mdash;</p>")

    def test_remembered_page_id_survives_a_rename(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """With the page id remembered, a new title renames the page instead of creating another."""
        first = publish_page(client, target(), policy=policy)
        renamed = publish_page(client, target(title="INC-7: Checkout outage", page_id=first.page_id), policy=policy)
        assert renamed.page_id == first.page_id
        assert [p.title for p in server.pages("OPS")] == ["INC-7: Checkout outage"]

    def test_vanished_remembered_page_falls_back_to_the_title(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A remembered id that no longer exists is not an error: the page is found by title or created."""
        result = publish_page(client, target(page_id="424242"), policy=policy)
        assert result.action == "created"
        assert len(server.pages("OPS")) == 1

    def test_page_under_a_parent_with_many_children_is_not_duplicated(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """With more than 25 siblings the page is still found again (the library's update_or_create is not)."""
        parent = server.add_page("OPS", "Post-mortems")
        for index in range(30):
            server.add_page("OPS", f"INC-{index}: older", parent_id=parent.id)
        first = publish_page(client, target(parent_id=parent.id), policy=policy)
        second = publish_page(client, target(parent_id=parent.id, body=BODY2), policy=policy)
        assert (second.page_id, second.version) == (first.page_id, 2)
        assert len(client.children(parent.id)) == 31
        assert server.page(first.page_id or "").parent_id == parent.id

    def test_title_case_differences_find_the_same_page(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """Confluence titles are unique regardless of case; a differently cased title updates the page."""
        publish_page(client, target(), policy=policy)
        again = publish_page(client, target(title="inc-7: checkout errors"), policy=policy)
        assert again.action == "updated"
        assert [p.title for p in server.pages("OPS")] == ["inc-7: checkout errors"]


class TestLabels:
    def test_labels_are_added_once(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """Labels are normalised and added; publishing again adds nothing."""
        result = publish_page(client, target(labels=("postmortem", "SEV 2", "Checkout")), policy=policy)
        assert server.page(result.page_id or "").labels == ["postmortem", "sev-2", "checkout"]
        before = writes(server)
        publish_page(client, target(labels=("postmortem", "SEV 2", "Checkout")), policy=policy)
        assert writes(server) == before

    def test_labels_added_by_people_stay(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A label someone added by hand is kept."""
        result = publish_page(client, target(labels=("postmortem",)), policy=policy)
        client.add_labels(result.page_id or "", ["reviewed"])
        publish_page(client, target(labels=("postmortem", "q1")), policy=policy)
        assert server.page(result.page_id or "").labels == ["postmortem", "reviewed", "q1"]

    @pytest.mark.parametrize(
        ("tag", "label"), [("SEV 1", "sev-1"), ("a:b;c", "abc"), ("  Payments  API ", "payments-api"), ("x.y", "xy")]
    )
    def test_normalise_label(self, tag: str, label: str) -> None:
        """Tags become valid Confluence labels."""
        assert normalise_label(tag) == label


class TestAttachments:
    PDF = AttachmentFile("INC-7.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "application/pdf")

    def test_attachment_added_then_replaced(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """New data replaces the attachment (a new attachment version), never a second attachment."""
        result = publish_page(client, target(attachments=(self.PDF,)), policy=policy)
        changed = AttachmentFile("INC-7.pdf", b"%PDF-1.7\nnew", "application/pdf")
        publish_page(client, target(attachments=(changed,)), policy=policy)
        (attachment,) = server.attachments(result.page_id or "")
        assert attachment.versions == [self.PDF.data, changed.data]

    def test_unchanged_attachment_is_not_uploaded_again(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """The same bytes are recognised by their SHA-256 and not uploaded again."""
        publish_page(client, target(attachments=(self.PDF,)), policy=policy)
        before = writes(server)
        result = publish_page(client, target(attachments=(self.PDF,)), policy=policy)
        assert writes(server) == before
        assert [str(s) for s in result.steps][-1].startswith("unchanged attachment 'INC-7.pdf'")

    def test_library_attachment_update_is_rejected_where_ours_is_not(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """atlassian-python-api 5.x updates attachments with a multipart PUT (415); our client does not."""
        import requests

        result = publish_page(client, target(attachments=(self.PDF,)), policy=policy)
        library = client._api
        with pytest.raises(requests.HTTPError, match="Unsupported Media Type"):
            library.attach_content(b"v2", "INC-7.pdf", "application/pdf", page_id=result.page_id)
        publish_page(
            client, target(attachments=(AttachmentFile("INC-7.pdf", b"v2", "application/pdf"),)), policy=policy
        )
        assert server.attachments(result.page_id or "")[0].data == b"v2"


class TestDryRun:
    def test_dry_run_writes_nothing_and_plans_a_create(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A dry run against an empty space plans the page, its labels and attachments."""
        plan = publish_page(
            client, target(labels=("postmortem",), attachments=(TestAttachments.PDF,)), policy=policy, dry_run=True
        )
        assert writes(server) == []
        assert server.pages() == []
        assert plan.describe().splitlines() == [
            "Would:",
            "  create page 'INC-7: Checkout errors' (space OPS)",
            "  add label 'postmortem'",
            "  add attachment 'INC-7.pdf'",
        ]

    def test_dry_run_plans_an_update(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """After a publish, a dry run with a new body plans version 2 and the attachment replacement."""
        done = publish_page(client, target(attachments=(TestAttachments.PDF,)), policy=policy)
        new_pdf = AttachmentFile("INC-7.pdf", b"new", "application/pdf")
        plan = publish_page(client, target(body=BODY2, attachments=(new_pdf,)), policy=policy, dry_run=True)
        assert [str(s) for s in plan.steps] == [
            f"update page 'INC-7: Checkout errors' (id {done.page_id}, version 1 → 2)",
            "replace attachment 'INC-7.pdf' (version 2)",
        ]
        assert server.page(done.page_id or "").version == 1


class TestRetries:
    def test_429_honours_retry_after(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, sleeps: Sleeps
    ) -> None:
        """A 429 on create waits as long as Retry-After says, then creates exactly one page."""
        server.faults.script(Fault.status(429, retry_after=7), methods=["POST"], path=r"^/rest/api/content$")
        result = publish_page(client, target(), policy=policy)
        assert sleeps.delays == [7.0]
        assert result.version == 1
        assert len(server.pages("OPS")) == 1

    def test_too_long_retry_after_gives_up_with_a_clear_error(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, sleeps: Sleeps
    ) -> None:
        """A server asking for an hour's pause stops publishing rather than hanging."""
        server.faults.script(Fault.status(429, retry_after=3600))
        with pytest.raises(ConfluenceUnavailableError, match="asked to wait 3600 s"):
            publish_page(client, target(), policy=policy)
        assert sleeps.delays == []

    def test_5xx_is_retried_with_backoff(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy, sleeps: Sleeps
    ) -> None:
        """Two 503s on the update are retried; the page ends at version 2, not 3."""
        publish_page(client, target(), policy=policy)
        server.faults.script(Fault.status(503), Fault.status(500), methods=["PUT"])
        result = publish_page(client, target(body=BODY2), policy=policy)
        assert result.version == 2
        assert len(sleeps.delays) == 2
        assert sleeps.delays[1] > sleeps.delays[0]

    def test_gateway_error_after_the_create_does_not_duplicate(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A 502 returned after Confluence created the page: the retry finds it instead of creating again."""
        server.faults.script(Fault.status(502, after_processing=True), methods=["POST"], path=r"content$")
        result = publish_page(client, target(), policy=policy)
        assert (result.action, result.version) == ("created", 1)
        assert len(server.pages("OPS")) == 1

    def test_timeout_on_create_does_not_duplicate(self, server: LocalConfluence, policy: RetryPolicy) -> None:
        """The create is carried out but its answer comes too late; the retry finds the page by title."""
        with ConfluenceClient(settings_for(server, timeout=0.3)) as slow:
            server.faults.script(Fault.timeout(0.8), methods=["POST"], path=r"content$")
            result = publish_page(slow, target(), policy=policy)
        assert (result.action, result.version) == ("created", 1)
        assert [p.version for p in server.pages("OPS")] == [1]
        assert [r.fault for r in server.requests if r.method == "POST"] == [Fault.timeout(0.8)]

    def test_timeout_on_update_does_not_write_twice(self, server: LocalConfluence, policy: RetryPolicy) -> None:
        """An update that timed out but landed is recognised on re-read; the page stays at version 2."""
        with ConfluenceClient(settings_for(server, timeout=0.3)) as slow:
            publish_page(slow, target(), policy=policy)
            server.faults.script(Fault.timeout(0.8), methods=["PUT"])
            result = publish_page(slow, target(body=BODY2), policy=policy)
        assert (result.action, result.version) == ("updated", 2)
        assert [p.version for p in server.pages("OPS")] == [2]

    def test_timeout_on_attachment_upload_does_not_duplicate(
        self, server: LocalConfluence, policy: RetryPolicy
    ) -> None:
        """An upload that timed out but landed is found by name and hash; no second upload."""
        with ConfluenceClient(settings_for(server, timeout=0.3)) as slow:
            server.faults.script(Fault.timeout(0.8), methods=["POST"], path="child/attachment$")
            result = publish_page(slow, target(attachments=(TestAttachments.PDF,)), policy=policy)
        (attachment,) = server.attachments(result.page_id or "")
        assert attachment.version == 1

    def test_conflict_rereads_and_retries(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """Someone saves a version between our read and our write: the 409 makes us re-read and write on top."""
        first = publish_page(client, target(), policy=policy)
        page_id = first.page_id or ""

        class StaleClient(ConfluenceClient):
            """Reads the page, then lets a colleague edit it before our write."""

            def find_page(self, space: str, title: str) -> Page | None:
                found = super().find_page(space, title)
                client.update_page(page_id, title, "<p>edited by a colleague</p>", 2)
                return found

        with StaleClient(settings_for(server)) as stale:
            result = publish_page(stale, target(body=BODY2), policy=policy)
        assert result.version == 3
        assert [v.body for v in server.page(page_id).versions] == [BODY, "<p>edited by a colleague</p>", BODY2]
        assert [r.status for r in server.requests if r.method == "PUT"] == [200, 409, 200]

    def test_gives_up_after_the_last_attempt(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """A server that always answers 503 ends publishing with an error naming the attempts."""
        server.faults.random(1.0, [Fault.status(503)])
        with pytest.raises(ConfluenceUnavailableError, match="gave up after 6 attempts"):
            publish_page(client, target(), policy=policy)
        assert len(server.requests) == 6

    def test_no_server_is_unavailable(self, policy: RetryPolicy) -> None:
        """A closed port is retried, then reported as unavailable."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        settings = ConfluenceSettings(url=f"http://127.0.0.1:{port}", token=PAT, timeout=1)
        with ConfluenceClient(settings) as offline, pytest.raises(ConfluenceUnavailableError, match="cannot connect"):
            publish_page(offline, target(), policy=policy)


class TestErrors:
    def test_redirect_loop_is_a_clear_error(self, policy: RetryPolicy) -> None:
        """A server that redirects forever gives a ConfluenceError, not a raw requests exception."""
        import http.server
        import threading

        class Loop(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(302)
                self.send_header("Location", self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        loop = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Loop)
        thread = threading.Thread(target=loop.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            settings = ConfluenceSettings(url=f"http://127.0.0.1:{loop.server_address[1]}", token=PAT)
            with ConfluenceClient(settings) as client, pytest.raises(ConfluenceError, match="TooManyRedirects"):
                publish_page(client, target(), policy=policy)
        finally:
            loop.shutdown()
            loop.server_close()

    def test_wrong_token_is_a_clear_401(self, server: LocalConfluence, policy: RetryPolicy) -> None:
        """A wrong token says which settings to check."""
        bad_settings = settings_for(server, token="wrong-token-123")
        with ConfluenceClient(bad_settings) as bad, pytest.raises(ConfluenceAuthError, match="401") as caught:
            publish_page(bad, target(), policy=policy)
        assert "POSTMORTEM_CONFLUENCE_TOKEN" in str(caught.value)
        assert caught.value.status == 401

    def test_bearer_token_is_refused_by_cloud(self, policy: RetryPolicy) -> None:
        """Cloud wants e-mail and API token; an API token alone (Bearer) gets 401."""
        with LocalConfluence(deployment="cloud", users={EMAIL: API_TOKEN}) as cloud:
            settings = ConfluenceSettings(url=cloud.url, token=API_TOKEN, deployment="cloud")
            with ConfluenceClient(settings) as bearer, pytest.raises(ConfluenceAuthError, match="401"):
                publish_page(bearer, target(), policy=policy)

    def test_read_only_user_gets_403(self, server: LocalConfluence, policy: RetryPolicy) -> None:
        """A user without write permission gets a 403 that says so."""
        settings = ConfluenceSettings(
            url=server.site_url + server.context_path, user=READER, token=READER_TOKEN, deployment=server.deployment
        )
        with ConfluenceClient(settings) as reader, pytest.raises(ConfluenceAuthError, match="403") as caught:
            publish_page(reader, target(), policy=policy)
        assert caught.value.status == 403

    def test_unknown_space_is_404(self, client: ConfluenceClient, policy: RetryPolicy) -> None:
        """Publishing to a space that does not exist names the space."""
        with pytest.raises(ConfluenceNotFoundError, match="NOPE"):
            publish_page(client, target(space="NOPE"), policy=policy)

    def test_unknown_parent_is_rejected(self, client: ConfluenceClient, policy: RetryPolicy) -> None:
        """A parent page that does not exist is a request error, not a retry loop."""
        with pytest.raises(ConfluenceRequestError, match="parent"):
            publish_page(client, target(parent_id="777"), policy=policy)

    def test_malformed_body_is_rejected_by_the_server(self, client: ConfluenceClient, policy: RetryPolicy) -> None:
        """The server checks the storage XHTML, as Confluence does."""
        with pytest.raises(ConfluenceRequestError, match="xhtml"):
            publish_page(client, target(body="<p>unclosed"), policy=policy)


class TestCredentialsStayHidden:
    @pytest.fixture
    def all_logs(self, caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
        caplog.set_level(logging.DEBUG)
        names = ("", "urllib3", "atlassian", "postmortem_confluence")
        levels = {name: logging.getLogger(name).level for name in names}
        for name in names:
            logging.getLogger(name).setLevel(logging.DEBUG)
        yield caplog
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)

    def test_no_error_path_shows_a_credential(
        self, server: LocalConfluence, policy: RetryPolicy, all_logs: pytest.LogCaptureFixture
    ) -> None:
        """Trigger every error path and look for the tokens in messages, reprs and logs."""
        seen: list[str] = []

        def record(error: BaseException) -> None:
            seen.extend([str(error), repr(error), repr(error.__cause__), repr(error.__context__)])

        good = settings_for(server, timeout=0.3)
        cases: list[tuple[ConfluenceSettings, PageTarget]] = [
            (settings_for(server, token=READER_TOKEN), target()),  # 401
            (good, target(space="NOPE")),  # 404
            (good, target(parent_id="777")),  # 400
            (good, target(body="<p>bad")),  # 400
        ]
        for settings, page in cases:
            with ConfluenceClient(settings) as each:
                seen.extend([repr(each), repr(settings)])
                with pytest.raises(ConfluenceError) as caught:
                    publish_page(each, page, policy=policy)
                record(caught.value)
        with ConfluenceClient(good) as each:
            server.faults.random(1.0, [Fault.status(503), Fault.status(429, retry_after=0), Fault.timeout(0.6)])
            with pytest.raises(ConfluenceUnavailableError) as caught:
                publish_page(each, target(), policy=policy)
            record(caught.value)
        server.faults.clear()
        reader = ConfluenceSettings(
            url=server.url, user=READER, token=READER_TOKEN, deployment=server.deployment, timeout=1
        )
        with ConfluenceClient(reader) as each, pytest.raises(ConfluenceAuthError) as caught:
            publish_page(each, target(), policy=policy)
        record(caught.value)
        with pytest.raises(ConfluenceError) as caught:
            ConfluenceSettings(url=f"https://{EMAIL}:{API_TOKEN}@example.atlassian.net", token=API_TOKEN)
        record(caught.value)
        text = "\n".join(seen) + "\n" + all_logs.text
        assert "401" in text
        assert "403" in text
        for secret in SECRETS:
            assert secret not in text
        assert "Bearer" not in all_logs.text


class TestSettings:
    def test_user_and_token_mean_cloud_basic(self) -> None:
        """POSTMORTEM_CONFLUENCE_USER with a token is Cloud, served under /wiki."""
        env = {
            "POSTMORTEM_CONFLUENCE_URL": "https://example.atlassian.net",
            "POSTMORTEM_CONFLUENCE_USER": EMAIL,
            "POSTMORTEM_CONFLUENCE_TOKEN": API_TOKEN,
        }
        settings = ConfluenceSettings.from_options({}, env)
        assert (settings.flavour, settings.base_url, settings.user) == (
            "cloud",
            "https://example.atlassian.net/wiki",
            EMAIL,
        )

    def test_token_alone_means_data_center_bearer(self) -> None:
        """A token without a user is a Data Center personal access token."""
        env = {"POSTMORTEM_CONFLUENCE_URL": "https://wiki.example.com/confluence/", "POSTMORTEM_CONFLUENCE_TOKEN": PAT}
        settings = ConfluenceSettings.from_options(None, env)
        assert (settings.flavour, settings.base_url, settings.user) == (
            "datacenter",
            "https://wiki.example.com/confluence",
            None,
        )

    def test_options_win_over_the_environment(self) -> None:
        """Options given in code override the environment."""
        env = {"POSTMORTEM_CONFLUENCE_URL": "https://a.example.com", "POSTMORTEM_CONFLUENCE_TOKEN": PAT}
        settings = ConfluenceSettings.from_options({"url": "https://b.example.com", "token": "t2"}, env)
        assert (settings.url, settings.token) == ("https://b.example.com", "t2")

    @pytest.mark.parametrize(
        ("env", "message"),
        [
            ({}, "no Confluence URL"),
            ({"POSTMORTEM_CONFLUENCE_URL": "https://a.example.com"}, "no Confluence token"),
            ({"POSTMORTEM_CONFLUENCE_URL": "ftp://a.example.com", "POSTMORTEM_CONFLUENCE_TOKEN": "x"}, "http"),
        ],
    )
    def test_missing_or_bad_settings(self, env: dict[str, str], message: str) -> None:
        """Missing URL or token, or a URL that is not http(s), is a clear error."""
        with pytest.raises(ConfluenceError, match=message):
            ConfluenceSettings.from_options({}, env)

    def test_token_is_not_in_the_repr(self) -> None:
        """The settings' repr leaves the token out."""
        settings = ConfluenceSettings(url="https://example.atlassian.net", user=EMAIL, token=API_TOKEN)
        assert API_TOKEN not in repr(settings)


class TestLibraryTraps:
    def test_library_cloud_class_cannot_write_pages(self) -> None:
        """atlassian.Confluence on a Cloud URL lacks create_page; this is why we pick the class ourselves."""
        from atlassian import Confluence

        library: Any = Confluence
        confluence = library("https://example.atlassian.net/wiki", username=EMAIL, password=API_TOKEN)
        assert not hasattr(confluence, "create_page")

    def test_our_cloud_client_writes_pages(self, client: ConfluenceClient, server: LocalConfluence) -> None:
        """Our client creates and updates pages on both flavours."""
        page = client.create_page("OPS", "Direct", BODY)
        updated = client.update_page(page.id, "Direct", BODY2, 2)
        assert (page.version, updated.version) == (1, 2)
        assert server.page(page.id).body == BODY2


class TestBoundedAnswers:
    """Every answer is read within the client's deadline and size bound (``postmortem.http``)."""

    def test_a_dripped_answer_runs_into_the_deadline(self, server: LocalConfluence) -> None:
        """A listing written a byte every 50 ms fails at the 0.5 s deadline, as a timeout."""
        settings = dataclasses.replace(settings_for(server), deadline=0.5)
        with ConfluenceClient(settings) as client:
            server.faults.script(Fault.drip(0.05), methods=["GET"])
            with pytest.raises(ConfluenceTimeoutError, match=r"no complete answer from Confluence within 0\.5 s"):
                client.find_page("OPS", "INC-7: Checkout errors")
        assert server.faults.pending == 0

    def test_a_huge_answer_is_not_read(self, server: LocalConfluence) -> None:
        """An answer above the bound fails with a Confluence error that is not worth a retry."""
        settings = dataclasses.replace(settings_for(server), max_answer_bytes=64 * 1024)
        huge = b'{"results": [], "padding": "' + b"x" * 300_000 + b'"}'
        with ConfluenceClient(settings) as client:
            server.faults.script(Fault.reply(200, huge, headers={"Content-Type": "application/json"}), methods=["GET"])
            with pytest.raises(
                ConfluenceError, match=r"Confluence's answer is .+, larger than the 64 KiB allowed$"
            ) as raised:
                client.find_page("OPS", "INC-7: Checkout errors")
        assert not isinstance(raised.value, ConfluenceUnavailableError)

    def test_settings_refuse_a_zero_bound(self, server: LocalConfluence) -> None:
        """A deadline or size bound of 0 is a settings error, before any request."""
        with pytest.raises(ConfluenceSettingsError, match="deadline and max_answer_bytes must be above 0"):
            dataclasses.replace(settings_for(server), deadline=0)
