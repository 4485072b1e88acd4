"""``postmortem publish --to confluence`` with careless settings and a misbehaving server, as a subprocess.

Bad settings exit 2 (invalid input) with a message naming the setting; a server that keeps
misbehaving exits 1 (publishing failed) with a message naming the request; never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from postmortem.serialize import dump
from postmortem.testing import sample_incident

from ._limited import Run, assert_refused, postmortem

confluence_testing = pytest.importorskip(
    "postmortem_confluence_testing",
    reason="needs postmortem-confluence-testing (postmortem-exporter-confluence[testing])",
)
Fault = confluence_testing.Fault
LocalConfluence = confluence_testing.LocalConfluence

TOKEN = "dc-personal-access-token-hostile-7"


@pytest.fixture
def server() -> Iterator[object]:
    confluence = LocalConfluence(deployment="datacenter", tokens={TOKEN: "responder"}, spaces=("OPS",))
    with confluence:
        yield confluence


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    path = tmp_path / "incident.yaml"
    dump(sample_incident(), path)
    return path


# What publishing to Confluence imports after reading its arguments (about 0.7 s of CPU a run):
# imported once by the command server of these cases (their memory limit is on the total).
CONFLUENCE_MODULES = ("postmortem_confluence", "postmortem_confluence._client", "atlassian.confluence")


def _publish(server: object, incident: Path, *args: str, url: str | None = None) -> Run:
    env = {"POSTMORTEM_CONFLUENCE_URL": url or server.url, "POSTMORTEM_CONFLUENCE_TOKEN": TOKEN}  # type: ignore[attr-defined]
    return postmortem(
        "publish", incident, "--to", "confluence", "--space", "OPS", *args, env=env, preload=CONFLUENCE_MODULES
    )


class TestSettings:
    @pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf", "soon"])
    def test_a_timeout_that_can_never_work(self, server: object, incident: Path, timeout: str) -> None:
        """-O timeout=0, -1, nan, inf or text: exit 2 naming the timeout, nothing sent."""
        run = _publish(server, incident, "-O", f"timeout={timeout}")
        assert_refused(run, "timeout")
        assert server.requests == []  # type: ignore[attr-defined]

    @pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/", "http://[::1]:port/"])
    def test_a_url_that_does_not_parse(self, server: object, incident: Path, url: str) -> None:
        """A Confluence URL with an open bracket or a bad port: exit 2 naming the URL setting."""
        assert_refused(_publish(server, incident, url=url), "POSTMORTEM_CONFLUENCE_URL")

    def test_a_padded_title_publishes_twice(self, server: object, incident: Path) -> None:
        """--title '  x  ' creates 'x', and publishing again finds it (Confluence trims titles)."""
        first = _publish(server, incident, "--title", "  INC-42 checkout  ")
        second = _publish(server, incident, "--title", "  INC-42 checkout  ")
        assert (first.code, second.code) == (0, 0), first.output + second.output
        assert second.stdout.startswith("unchanged")
        assert [p.title for p in server.pages("OPS")] == ["INC-42 checkout"]  # type: ignore[attr-defined]


class TestServer:
    def test_retry_after_as_an_http_date(self, server: object, incident: Path) -> None:
        """A 429 whose Retry-After is an HTTP date is waited out, then the page is created."""
        server.faults.script(  # type: ignore[attr-defined]
            Fault.reply(429, b"{}", headers={"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}), methods=["POST"]
        )
        run = _publish(server, incident)
        assert run.code == 0, run.output
        assert "Traceback" not in run.output
        assert len(server.pages("OPS")) == 1  # type: ignore[attr-defined]

    @pytest.mark.slow
    @pytest.mark.parametrize("body", [b"", b"{}", b"[]", b"null"])
    def test_an_empty_answer_to_create(self, server: object, incident: Path, body: bytes) -> None:
        """A 200 with an empty, {}, [] or null body after creating: found by title, one page, exit 0."""
        server.faults.script(  # type: ignore[attr-defined]
            Fault.reply(200, body, after_processing=True), methods=["POST"], path=r"/content$"
        )
        run = _publish(server, incident)
        assert run.code == 0, run.output
        assert "Traceback" not in run.output
        assert len(server.pages("OPS")) == 1  # type: ignore[attr-defined]

    def test_a_listing_that_never_ends(self, server: object, incident: Path) -> None:
        """Every listing page points to a next one: exit 1 after 200 pages, naming the request."""
        listing = json.dumps({"results": [{"id": "1", "title": "x"}], "_links": {"next": "/rest/api/content?s=1"}})
        server.faults.random(1.0, [Fault.reply(200, listing.encode())], methods=["GET"])  # type: ignore[attr-defined]
        run = _publish(server, incident)
        assert run.code == 1, run.output
        assert "Traceback" not in run.output
        assert "GET rest/api/content: the listing still pointed to a next page after 200 pages" in run.stderr
        assert TOKEN not in run.output
