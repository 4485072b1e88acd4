"""``postmortem actions sync --to jira``: real atlassian-python-api against a fake Jira on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import postmortem
from postmortem.model import ActionStatus
from postmortem.trackers import TrackerError, TrackerUnavailableError

from .conftest import INCIDENT, SENTINEL, fifty_items, sync
from .fake_http import Faults, Stream
from .fake_jira import FakeJira

pytest.importorskip("postmortem_jira", reason="postmortem-tracker-jira is not installed")

USER = "sre-bot@example.com"
FLAVOURS = {
    "cloud-v3": ("cloud", "3"),
    "cloud-v2": ("cloud", "2"),
    "datacenter-v2": ("datacenter", "2"),
}


@pytest.fixture(params=sorted(FLAVOURS))
def jira(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeJira]:
    """A fake Jira of each flavour, with the environment a CI job would set."""
    deployment, version = FLAVOURS[request.param]
    with FakeJira(SENTINEL, deployment=deployment, user=USER) as server:
        _environment(monkeypatch, server, version)
        yield server


def _environment(monkeypatch: pytest.MonkeyPatch, server: FakeJira, version: str) -> None:
    monkeypatch.setenv("POSTMORTEM_JIRA_URL", server.url)
    monkeypatch.setenv("POSTMORTEM_JIRA_TOKEN", SENTINEL)
    monkeypatch.setenv("POSTMORTEM_JIRA_PROJECT", "OPS")
    if server.deployment == "cloud":
        monkeypatch.setenv("POSTMORTEM_JIRA_USER", USER)
    else:
        monkeypatch.delenv("POSTMORTEM_JIRA_USER", raising=False)
    monkeypatch.setenv("JIRA_API_VERSION_FOR_TESTS", version)


def _file(tmp_path: Path, server: FakeJira) -> Path:
    text = INCIDENT
    if server.deployment == "datacenter":
        # Data Center names users by user name, not by Cloud account id.
        text = text.replace("jira: 5b10ac8d82e05b22cc7d4ef5", "jira: priya")
    path = tmp_path / "INC-2026-0301.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(path: Path, *args: str) -> object:
    version = os.environ["JIRA_API_VERSION_FOR_TESTS"]
    return sync(os.fspath(path), "--to", "jira", "-O", f"api_version={version}", *args)


def _items(path: Path) -> dict[str, postmortem.ActionItem]:
    return {item.id: item for item in postmortem.load(path).action_items}


class TestRoundTrip:
    """Create, run again, move the issue on the board, sync back; in each flavour."""

    def test_create_rerun_transition_sync(self, jira: FakeJira, tmp_path: Path) -> None:
        """Issues are created once with every mapped field; a done issue makes the file say done, with the date."""
        path = _file(tmp_path, jira)
        first = _run(path, "--write", "-O", "incident_field=customfield_10050", "--label", "checkout")
        assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
        assert jira.count() == 2
        items = _items(path)
        assert (items["AI-1"].tracker_key, items["AI-2"].tracker_key) == ("OPS-1", "OPS-2")
        assert items["AI-1"].tracker_url == f"{jira.url}/browse/OPS-1"
        assert items["AI-3"].tracker_key == "PLAT-88"
        fields = jira.issues["OPS-1"]["fields"]
        assert (
            fields["summary"]
            == "[INC-2026-0301] Validate payment client timeouts in CI before a config push is merged."
        )
        assert fields["priority"] == {"name": "High"}
        assert fields["duedate"] == "2026-08-01"
        assert fields["customfield_10050"] == "INC-2026-0301"
        assert {"postmortem", "checkout", "postmortem-INC-2026-0301", "postmortem-INC-2026-0301--AI-1"} <= set(
            fields["labels"]
        )
        assert fields["assignee"]["displayName"] == "Priya Raman"
        if jira.issues["OPS-1"]["_version"] == 3:
            assert fields["description"]["type"] == "doc"
        else:
            assert isinstance(fields["description"], str)
            # Wiki markup characters in people's text are escaped, never markup.
            assert "Reduces risk: A zero or negative timeout fails the build" in fields["description"]

        second = _run(path, "--write", "-O", "incident_field=customfield_10050", "--label", "checkout")
        assert second.exit_code == 0, second.output  # type: ignore[attr-defined]
        assert jira.count() == 2
        assert "0 created, 0 linked, 0 updated, 2 unchanged" in second.stdout  # type: ignore[attr-defined]
        assert [seen.method for seen in jira.seen].count("PUT") == 0

        jira.transition("OPS-2", "Done", when="2026-07-19T15:02:11.000+0000")
        jira.transition("OPS-1", "In Progress")
        third = _run(path, "--write")
        assert third.exit_code == 0, third.output  # type: ignore[attr-defined]
        assert "status: open → done" in third.stdout  # type: ignore[attr-defined]
        assert "completed: (none) → 2026-07-19" in third.stdout  # type: ignore[attr-defined]
        items = _items(path)
        assert (items["AI-2"].status, items["AI-2"].completed) == (ActionStatus.DONE, date(2026, 7, 19))
        assert items["AI-1"].status is ActionStatus.IN_PROGRESS
        text = path.read_text(encoding="utf-8")
        assert "  # Owned by payments; agreed in the review on 3 July." in text
        assert "    due: 2026-08-01   # the quarter's last release train" in text

    def test_wont_do_assignee_and_due_date_read_back(self, jira: FakeJira, tmp_path: Path) -> None:
        """A "Won't Do" resolution, a new assignee and a new due date each come back as a change."""
        path = _file(tmp_path, jira)
        _run(path, "--write")
        jira.transition("OPS-1", "Done", resolution="Won't Do")
        jira.assign("OPS-2", "5b10ac8d82e05b22cc7d4ef5" if jira.deployment == "cloud" else "priya")
        jira.set_due("OPS-2", "2026-09-15")
        result = _run(path, "--write")
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        items = _items(path)
        assert (items["AI-1"].status, items["AI-1"].completed) == (ActionStatus.WONT_DO, None)
        assert (items["AI-2"].owner, items["AI-2"].due) == ("Priya Raman", date(2026, 9, 15))
        assert "due: 2026-07-20 → 2026-09-15" in result.stdout  # type: ignore[attr-defined]


class TestJiraSpecifics:
    """Cloud v3 only, where one flavour is enough."""

    @pytest.fixture
    def cloud(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeJira]:
        with FakeJira(SENTINEL, user=USER) as server:
            _environment(monkeypatch, server, "3")
            yield server

    def test_priority_mapping_and_issue_type(self, cloud: FakeJira, tmp_path: Path) -> None:
        """-O priorities maps ours to the instance's names; a priority left out is not sent."""
        path = _file(tmp_path, cloud)
        result = _run(path, "-O", "priorities=high=Highest,medium=", "-O", "issue_type=Story")
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert cloud.issues["OPS-1"]["fields"]["priority"] == {"name": "Highest"}
        assert "priority" not in cloud.issues["OPS-2"]["fields"]
        assert cloud.issues["OPS-1"]["fields"]["issuetype"] == {"name": "Story"}

    def test_refused_field_fails_that_item_only(self, cloud: FakeJira, tmp_path: Path) -> None:
        """An unknown priority name is Jira's 400: the item fails with Jira's words, exit 1."""
        path = _file(tmp_path, cloud)
        result = _run(path, "-O", "priorities=high=P2")
        assert result.exit_code == 1
        assert "AI-1 failed" in result.stdout  # type: ignore[attr-defined]
        assert "priority: Specify the Priority (name)" in result.stdout  # type: ignore[attr-defined]
        assert "AI-2 created OPS-1" in result.stdout  # type: ignore[attr-defined]

    def test_dry_run(self, cloud: FakeJira, tmp_path: Path) -> None:
        """--dry-run creates nothing and leaves the file alone."""
        path = _file(tmp_path, cloud)
        result = _run(path, "--dry-run", "--write")
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert "AI-1 would create" in result.stdout  # type: ignore[attr-defined]
        assert cloud.count() == 0
        assert {seen.method for seen in cloud.seen} == {"GET"}

    def test_data_center_refuses_v3(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Data Center has REST v2 only: asking for v3 is a settings error (exit 2)."""
        with FakeJira(SENTINEL, deployment="datacenter") as server:
            _environment(monkeypatch, server, "3")
            result = _run(_file(tmp_path, server))
        assert result.exit_code == 2
        assert "Data Center has REST API version 2 only" in result.stderr  # type: ignore[attr-defined]

    def test_missing_project(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cloud: FakeJira) -> None:
        """No project key: exit 2 naming the variable."""
        monkeypatch.delenv("POSTMORTEM_JIRA_PROJECT")
        result = _run(_file(tmp_path, cloud))
        assert result.exit_code == 2
        assert "POSTMORTEM_JIRA_PROJECT" in result.stderr  # type: ignore[attr-defined]


class TestUnreliableJira:
    """30 % of requests fail with 429, 502, 503 or a 500 after the work was done; search is paged."""

    @pytest.mark.parametrize("flavour", ["cloud-v3", "datacenter-v2"])
    def test_fifty_items_no_duplicate_no_loss(
        self, flavour: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every one of 50 items ends up with exactly one issue, and every key is written back."""
        path = fifty_items(tmp_path)
        deployment, version = FLAVOURS[flavour]
        faults = Faults(rate=0.3, seed=50, after_work=0.5)
        with FakeJira(SENTINEL, deployment=deployment, user=USER, faults=faults) as server:
            _environment(monkeypatch, server, version)
            result = _run(path, "--write", "--retries", "12")
            assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
            assert faults.injected.get("after", 0) >= 3, faults.injected
            markers = [
                label
                for issue in server.issues.values()
                for label in issue["fields"]["labels"]
                if label.startswith("postmortem-INC-2026-0412--")
            ]
            assert len(markers) == 50
            assert len(set(markers)) == 50
            items = postmortem.load(path).action_items
            assert len({item.tracker_key for item in items}) == 50
            again = _run(path, "--write", "--retries", "12")
            assert again.exit_code == 0, again.output  # type: ignore[attr-defined]
            assert server.count() == 50

    def test_create_answered_too_late(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A create whose answer comes after the client's timeout is found by its label, not made again."""
        faults = Faults(stall_writes=1, stall_seconds=1.5)
        with FakeJira(SENTINEL, user=USER, faults=faults) as server:
            _environment(monkeypatch, server, "3")
            path = _file(tmp_path, server)
            result = _run(path, "--write", "-O", "timeout=0.3")
            assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
            assert faults.injected["stall"] == 1
            assert server.count() == 2
            assert "AI-1 created OPS-1" in result.stdout  # type: ignore[attr-defined]
            assert "found by its marker" in result.stdout  # type: ignore[attr-defined]


class TestCredentials:
    """The token, and the Basic header that carries it, are never printed, logged or written."""

    @pytest.mark.parametrize("deployment", ["cloud", "datacenter"])
    def test_sentinel_token_never_appears(
        self, deployment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A server echoing the Authorization header, and the library's curl debug log, leak nothing."""
        caplog.set_level(logging.DEBUG)
        outputs = []
        with FakeJira(
            SENTINEL, deployment=deployment, user=USER, faults=Faults(rate=0.3, seed=5, echo_credentials=True)
        ) as server:
            _environment(monkeypatch, server, "2")
            path = _file(tmp_path, server)
            outputs += [_run(path, "--write", "--retries", "2") for _ in range(4)]
        with FakeJira(
            "another-token", deployment=deployment, user=USER, faults=Faults(echo_credentials=True)
        ) as refusing:
            _environment(monkeypatch, refusing, "2")
            fresh = tmp_path / "fresh"
            fresh.mkdir()
            outputs.append(_run(_file(fresh, refusing), "--format", "json"))
        assert outputs[-1].exit_code == 1  # type: ignore[attr-defined]
        basic = base64.b64encode(f"{USER}:{SENTINEL}".encode()).decode()
        texts = [output.stdout + output.stderr for output in outputs]  # type: ignore[attr-defined]
        texts += [caplog.text, path.read_text(encoding="utf-8")]
        # The library logs each request as a curl command line at DEBUG; the server echoed the header.
        assert "curl --show-error" in caplog.text
        # ... and its response text too, which here holds the echoed header: scrubbed by the filter.
        assert "HTTP: Response text ->" in caplog.text
        assert re.search(r"Authorization: (Basic |Bearer )?\*\*\*", caplog.text)
        assert any("you sent Authorization:" in text for text in texts)
        for text in texts:
            assert SENTINEL not in text
            assert basic not in text


class TestBoundedAnswers:
    """The tracker reads every answer within its deadline and size bound (``postmortem.http``)."""

    @staticmethod
    def _tracker(server: FakeJira, **limits: float) -> Any:
        from postmortem_jira import JiraSettings, JiraTracker

        settings = JiraSettings(
            url=server.url,
            token=SENTINEL,
            project="OPS",
            user=USER if server.deployment == "cloud" else None,
            deployment=server.deployment,  # type: ignore[arg-type]
            api_version=int(os.environ["JIRA_API_VERSION_FOR_TESTS"]),
            **limits,  # type: ignore[arg-type]
        )
        return JiraTracker(settings)

    @staticmethod
    def _answer(server: FakeJira, stream: Stream) -> None:
        """Answer the next reads of issue OPS-1 with ``stream`` (ahead of the fake's own route)."""
        server.routes.insert(0, ("GET", re.compile(r".*/issue/OPS-1/?$"), lambda _request: stream, False))

    def test_a_dripped_issue_runs_into_the_deadline(self, jira: FakeJira) -> None:
        """An issue whose JSON comes a byte every 50 ms (20 s in all) fails at the 0.5 s deadline."""
        body = json.dumps({"key": "OPS-1", "fields": {"summary": "x" * 400}}).encode()
        self._answer(jira, Stream((bytes([b]) for b in body), pause=0.05, length=len(body)))
        tracker = self._tracker(jira, deadline=0.5)
        try:
            with pytest.raises(TrackerUnavailableError, match=r"no complete answer from Jira within 0\.5 s") as raised:
                tracker.get("OPS-1")
        finally:
            tracker.close()
        assert SENTINEL not in str(raised.value)

    def test_a_huge_issue_is_not_read(self, jira: FakeJira) -> None:
        """An answer above the bound fails the read with a tracker error, not a retry."""
        self._answer(jira, Stream([b'{"key": "OPS-1", "x": "' + b"y" * 300_000 + b'"}']))
        tracker = self._tracker(jira, max_answer_bytes=64 * 1024)
        try:
            with pytest.raises(TrackerError, match=r"Jira's answer is larger than the 64 KiB allowed$") as raised:
                tracker.get("OPS-1")
        finally:
            tracker.close()
        assert not isinstance(raised.value, TrackerUnavailableError)
