"""``postmortem actions sync --to github`` against a fake GitHub on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import postmortem
from postmortem.model import ActionStatus
from postmortem.trackers import (
    IssueDraft,
    TrackerAuthError,
    TrackerError,
    TrackerRequestError,
    TrackerUnavailableError,
)
from postmortem.trackers._github import GitHubTracker

from .conftest import INCIDENT, SENTINEL, fifty_items, sync
from .fake_github import FakeGitHub
from .fake_http import Faults, Reply, Request, Stream


def _items(path: Path) -> dict[str, postmortem.ActionItem]:
    return {item.id: item for item in postmortem.load(path).action_items}


@pytest.mark.usefixtures("github_env")
class TestRoundTrip:
    """Create, run again, close in the tracker, sync back."""

    def test_create_rerun_close_sync(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """Issues are created once; a closed issue makes the file say done, with the date."""
        first = sync(os.fspath(incident_file), "--to", "github", "--write", "--today", "2026-07-02")
        assert first.exit_code == 0, first.output
        assert fake_github.count() == 2
        items = _items(incident_file)
        assert (items["AI-1"].tracker_key, items["AI-2"].tracker_key) == ("#1", "#2")
        assert items["AI-1"].tracker_url == "https://github.example/acme/reliability/issues/1"
        assert items["AI-1"].created is not None
        # The Jira-linked item is left alone.
        assert items["AI-3"].tracker_key == "PLAT-88"
        assert (
            "AI-3 skipped - linked to PLAT-88 (https://jira.example.com/browse/PLAT-88), not an issue in this github"
            in first.stdout
        )
        # Done before the team used the tracker: no ticket opened only to be closed.
        assert "AI-4 skipped - already done; no issue is opened for a closed item" in first.stdout
        assert items["AI-4"].tracker_key is None
        # The owner's GitHub account (from the participant) is the assignee.
        assert fake_github.issues[1]["assignee"] == {"login": "priya", "id": fake_github.issues[1]["assignee"]["id"]}

        second = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert second.exit_code == 0, second.output
        assert fake_github.count() == 2
        assert "0 created, 0 linked, 0 updated, 2 unchanged, 2 skipped, 0 failed" in second.stdout
        writes = [seen for seen in fake_github.seen if seen.method in {"POST", "PATCH"}]
        assert len(writes) == 2  # the two creates of the first run, nothing since

        fake_github.close(2, when="2026-07-18T16:40:00Z")
        third = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert third.exit_code == 0, third.output
        assert "status: open → done" in third.stdout
        assert "completed: (none) → 2026-07-18" in third.stdout
        items = _items(incident_file)
        assert items["AI-2"].status is ActionStatus.DONE
        assert items["AI-2"].completed == date(2026, 7, 18)
        assert items["AI-1"].status is ActionStatus.OPEN

    def test_comments_and_layout_survive(self, incident_file: Path) -> None:
        """Only the synced keys change: every comment and the other lines stay as written."""
        result = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert result.exit_code == 0, result.output
        text = incident_file.read_text(encoding="utf-8")
        for line in INCIDENT.splitlines():
            if line.strip().startswith("#") or "# the quarter" in line or "'2026-07-20'" in line:
                assert line in text
        added = set(text.splitlines()) - set(INCIDENT.splitlines())
        assert all(line.strip().split(":")[0] in {"tracker_key", "tracker_url", "created"} for line in added), added

    def test_issue_closed_as_not_planned_is_wont_do(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """GitHub's "close as not planned" reads back as won't do, without a completion date."""
        sync(os.fspath(incident_file), "--to", "github", "--write")
        fake_github.close(1, reason="not_planned")
        result = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert result.exit_code == 0, result.output
        item = _items(incident_file)["AI-1"]
        assert (item.status, item.completed) == (ActionStatus.WONT_DO, None)

    def test_reassigned_and_redated_in_the_tracker(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """A new assignee and a milestone's due date are read back and reported as changes."""
        sync(os.fspath(incident_file), "--to", "github", "--write")
        fake_github.assign(2, "priya")
        fake_github.set_milestone(2, "Q3 hardening", "2026-09-30T07:00:00Z")
        result = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert "owner: Jonas Berg → Priya Raman" in result.stdout
        assert "due: 2026-07-20 → 2026-09-30" in result.stdout
        item = _items(incident_file)["AI-2"]
        assert (item.owner, item.due) == ("Priya Raman", date(2026, 9, 30))

    def test_keys_not_written_are_found_again_by_marker(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """Without --write the file keeps no keys; the next run finds the issues by label and marker."""
        fake_github.add_pull_request(["postmortem-INC-2026-0301"])
        first = sync(os.fspath(incident_file), "--to", "github")
        assert first.exit_code == 0, first.output
        assert incident_file.read_text(encoding="utf-8") == INCIDENT
        assert "not written (--write writes them)" in first.stdout
        second = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert second.exit_code == 0, second.output
        assert fake_github.count() == 2
        # Number 1 is the pull request, which carries the label but is not an action item's issue.
        assert "AI-1 linked #2" in second.stdout
        assert _items(incident_file)["AI-2"].tracker_key == "#3"

    def test_edited_description_updates_the_issue(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """A reworded action item rewrites the issue's title and body, not a new issue."""
        sync(os.fspath(incident_file), "--to", "github", "--write")
        text = incident_file.read_text(encoding="utf-8")
        incident_file.write_text(text.replace("Validate payment client timeouts", "Check payment timeouts"))
        result = sync(os.fspath(incident_file), "--to", "github", "--write")
        assert "AI-1 updated #1" in result.stdout
        assert (
            fake_github.issues[1]["title"]
            == "[INC-2026-0301] Check payment timeouts in CI before a config push is merged."
        )
        assert fake_github.count() == 2

    def test_dry_run_prints_the_plan_and_changes_nothing(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """--dry-run says what would be created; no issue is made and the file stays (even with --write)."""
        result = sync(os.fspath(incident_file), "--to", "github", "--dry-run", "--write")
        assert result.exit_code == 0, result.output
        assert "AI-1 would create" in result.stdout
        assert "AI-2 would create" in result.stdout
        assert "dry run: nothing was written" in result.stdout
        assert fake_github.count() == 0
        assert [seen.method for seen in fake_github.seen] == ["GET"]
        assert incident_file.read_text(encoding="utf-8") == INCIDENT

    def test_include_closed_opens_issues_for_done_items(self, fake_github: FakeGitHub, incident_file: Path) -> None:
        """--include-closed opens an issue for an item already done; the open issue then reopens the item.

        The tracker wins: an open issue for an item the file says is done makes it open again,
        which is why closed items are skipped unless asked for.
        """
        result = sync(os.fspath(incident_file), "--to", "github", "--include-closed")
        assert result.exit_code == 0, result.output
        assert fake_github.count() == 3
        assert "AI-4 created #3" in result.stdout
        assert "status: done → open" in result.stdout

    def test_json_report(self, incident_file: Path) -> None:
        """--format json gives each item's outcome, key and changes."""
        result = sync(os.fspath(incident_file), "--to", "github", "--format", "json")
        document = json.loads(result.stdout)
        items = {item["action"]: item for item in document["files"][0]["items"]}
        assert items["AI-1"]["outcome"] == "create"
        assert {"field": "tracker_key", "before": None, "after": "#1"} in items["AI-1"]["changes"]
        assert items["AI-3"]["outcome"] == "skip"


class TestUnreliableTracker:
    """30 % of requests fail with 429, 502, 503 or a 500 after the work was done."""

    def test_fifty_items_no_duplicate_no_loss(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every one of 50 items ends up with exactly one issue, and every key is written back."""
        path = fifty_items(tmp_path)
        faults = Faults(rate=0.3, seed=18, after_work=0.5)
        with FakeGitHub(SENTINEL, faults=faults) as server:
            monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", SENTINEL)
            monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", server.repo)
            monkeypatch.setenv("POSTMORTEM_GITHUB_API_URL", server.url)
            result = sync(os.fspath(path), "--to", "github", "--write", "--retries", "12")
            assert result.exit_code == 0, result.output
            assert faults.injected.get("after", 0) >= 3, faults.injected
            assert sum(faults.injected.values()) >= 15, faults.injected
            markers = [issue["body"].rsplit("<!-- postmortem-action: ", 1)[1] for issue in server.issues.values()]
            assert len(markers) == 50
            assert len(set(markers)) == 50
            items = postmortem.load(path).action_items
            assert len({item.tracker_key for item in items}) == 50
            assert all(item.tracker_key for item in items)
            again = sync(os.fspath(path), "--to", "github", "--write", "--retries", "12")
            assert again.exit_code == 0, again.output
            assert server.count() == 50

    def test_create_answered_too_late(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A create whose answer comes after the client's timeout is found, not made again; nothing hangs."""
        path = tmp_path / "INC-2026-0301.yaml"
        path.write_text(INCIDENT, encoding="utf-8")
        faults = Faults(stall_writes=2, stall_seconds=1.5)
        with FakeGitHub(SENTINEL, faults=faults) as server:
            monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", SENTINEL)
            monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", server.repo)
            monkeypatch.setenv("POSTMORTEM_GITHUB_API_URL", server.url)
            result = sync(os.fspath(path), "--to", "github", "--write", "-O", "timeout=0.3")
            assert result.exit_code == 0, result.output
            assert faults.injected["stall"] == 2
            assert server.count() == 2
            assert "AI-1 created #1" in result.stdout
            assert "the tracker's answer was lost; found by its marker" in result.stdout
            assert {item.tracker_key for item in postmortem.load(path).action_items} == {"#1", "#2", "PLAT-88", None}


class TestCredentials:
    """The token is never printed, logged or written."""

    def test_sentinel_token_never_appears(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A server that echoes the Authorization header in its errors still leaks nothing."""
        caplog.set_level(logging.DEBUG)
        path = tmp_path / "INC-2026-0301.yaml"
        path.write_text(INCIDENT, encoding="utf-8")
        faults = Faults(rate=0.3, seed=3, echo_credentials=True)
        with FakeGitHub(SENTINEL, faults=faults) as server:
            monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", SENTINEL)
            monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", server.repo)
            monkeypatch.setenv("POSTMORTEM_GITHUB_API_URL", server.url)
            outputs = [sync(os.fspath(path), "--to", "github", "--write", "--retries", "2") for _ in range(4)]
            # A wrong token: the server answers 401 and echoes what it was sent.
            with FakeGitHub("another-token", faults=Faults(echo_credentials=True)) as refusing:
                monkeypatch.setenv("POSTMORTEM_GITHUB_API_URL", refusing.url)
                outputs.append(sync(os.fspath(path), "--to", "github", "--format", "json"))
                outputs.append(sync(os.fspath(path), "--to", "github", "-O", f"token={SENTINEL}x"))
            assert any(output.exit_code == 1 for output in outputs[-2:])
            assert server.count() == 2
        assert all(seen.headers["authorization"] == f"Bearer {SENTINEL}" for seen in server.seen)
        texts = [output.stdout + output.stderr for output in outputs]
        texts.append(caplog.text)
        texts.append(path.read_text(encoding="utf-8"))
        # The echoed header reached the client and was taken out: the test sees the scrubbing work.
        assert any("Bad credentials (you sent Authorization: Bearer ***)" in text for text in texts)
        assert "Authorization: Bearer ***" in caplog.text
        for text in texts:
            assert SENTINEL not in text
            assert SENTINEL[4:20] not in text


class TestSettings:
    """Bad settings are exit 2 with a message that says what to set."""

    def test_unknown_tracker_lists_the_installed_ones(self, incident_file: Path) -> None:
        """--to with an unknown name names the installed trackers and the package for jira."""
        result = sync(os.fspath(incident_file), "--to", "youtrack")
        assert result.exit_code == 2
        assert "no tracker named 'youtrack' is installed" in result.stderr
        assert "github" in result.stderr

    def test_missing_token(self, incident_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """No token in the environment: exit 2 naming the variable."""
        monkeypatch.delenv("POSTMORTEM_GITHUB_TOKEN", raising=False)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", "acme/reliability")
        result = sync(os.fspath(incident_file), "--to", "github")
        assert result.exit_code == 2
        assert "POSTMORTEM_GITHUB_TOKEN" in result.stderr

    def test_unknown_option(self, incident_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A misspelt -O option is refused, not ignored."""
        monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", SENTINEL)
        result = sync(os.fspath(incident_file), "--to", "github", "-O", "repository=acme/x")
        assert result.exit_code == 2
        assert "unknown GitHub option 'repository'" in result.stderr


class TestOverHttp:
    """The tracker calls GitHub through ``postmortem.http``: its errors, deadline and answer bound."""

    @staticmethod
    def _tracker(server: FakeGitHub, **limits: float) -> GitHubTracker:
        return GitHubTracker(server.repo, SENTINEL, api_url=server.url, **limits)  # type: ignore[arg-type]

    @staticmethod
    def _answer(server: FakeGitHub, answer: Callable[[Request], Any]) -> None:
        """Answer reads of issue 1 with ``answer``, ahead of the fake's own route."""
        server.routes.insert(0, ("GET", re.compile(r"/repos/[^/]+/[^/]+/issues/1/?$"), answer, False))

    def _get(self, server: FakeGitHub, answer: Callable[[Request], Any], **limits: float) -> TrackerError:
        self._answer(server, answer)
        tracker = self._tracker(server, **limits)
        try:
            with pytest.raises(TrackerError) as raised:
                tracker.get("#1")
        finally:
            tracker.close()
        assert SENTINEL not in str(raised.value)
        return raised.value

    def test_an_issue_is_read(self, fake_github: FakeGitHub) -> None:
        """An issue created through the tracker reads back through the same calls."""
        tracker = self._tracker(fake_github)
        try:
            draft = IssueDraft(
                incident_id="INC-1",
                incident_title="Checkout failed",
                action_id="AI-1",
                title="INC-1: Add an alert",
                description="Add an alert on checkout errors.",
            )
            created = tracker.create(draft)
            assert tracker.get(created.key) == created
        finally:
            tracker.close()

    def test_a_dripped_answer_runs_into_the_deadline(self, fake_github: FakeGitHub) -> None:
        """An issue written a byte every 50 ms (about 15 s) fails at the 0.5 s deadline, maybe done."""
        body = json.dumps({"number": 1, "title": "x" * 300}).encode()
        error = self._get(
            fake_github, lambda _r: Stream((bytes([b]) for b in body), pause=0.05, length=len(body)), deadline=0.5
        )
        assert isinstance(error, TrackerUnavailableError)
        assert error.maybe_done
        assert str(error).startswith(
            f"GET /repos/{fake_github.repo}/issues/1: no complete answer from GitHub within 0.5 s"
        )

    def test_a_huge_answer_is_not_read(self, fake_github: FakeGitHub) -> None:
        """An answer above the bound is a tracker error, not worth a retry."""
        error = self._get(
            fake_github, lambda _r: Stream([b'{"number": 1, "x": "' + b"y" * 200_000 + b'"}']), max_answer_bytes=65536
        )
        assert not isinstance(error, TrackerUnavailableError)
        assert str(error).endswith("GitHub's answer is larger than the 64 KiB allowed")

    def test_the_rate_limit_is_not_a_refusal(self, fake_github: FakeGitHub) -> None:
        """A 403 with no requests left is GitHub's rate limit: unavailable until the reset, not carried out."""
        reset = str(int(datetime.now(timezone.utc).timestamp()) + 120)
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
        error = self._get(fake_github, lambda _r: Reply(403, {"message": "API rate limit exceeded"}, headers))
        assert isinstance(error, TrackerUnavailableError)
        assert not error.maybe_done
        assert error.retry_after is not None
        assert 100 < error.retry_after <= 120
        assert "GitHub's rate limit (403): API rate limit exceeded" in str(error)

    @pytest.mark.parametrize(
        ("status", "kind", "words"),
        [
            (301, TrackerRequestError, "GitHub answered with a redirect (301), which is not followed with the token"),
            (401, TrackerAuthError, "GitHub did not accept the token (401); check POSTMORTEM_GITHUB_TOKEN: Bad"),
            (403, TrackerAuthError, "not allowed (403); the token lacks issues: write: Bad"),
            (422, TrackerRequestError, "rejected (422): Bad"),
            (502, TrackerUnavailableError, "GitHub is unavailable (502): Bad"),
        ],
    )
    def test_each_status(self, fake_github: FakeGitHub, status: int, kind: type[TrackerError], words: str) -> None:
        """Each status is the tracker's error for it, with GitHub's words and without the token."""
        message = {"message": f"Bad request; you sent token {SENTINEL}"}
        error = self._get(fake_github, lambda _r: Reply(status, message, {"Location": "https://example.com/moved"}))
        assert type(error) is kind
        assert words in str(error)
        assert error.status == status

    def test_no_connection_was_not_carried_out(self, fake_github: FakeGitHub) -> None:
        """A closed port is unavailable, and nothing can have been done."""
        url = fake_github.url
        fake_github.stop()
        tracker = GitHubTracker(fake_github.repo, SENTINEL, api_url=url)
        with pytest.raises(TrackerUnavailableError, match=r"cannot connect to http://127\.0\.0\.1") as raised:
            tracker.get("#1")
        assert not raised.value.maybe_done

    def test_a_success_that_is_not_json(self, fake_github: FakeGitHub) -> None:
        """A 200 whose body is a proxy's HTML page is a bad answer, worth a retry."""
        error = self._get(fake_github, lambda _r: Stream([b"<html>maintenance</html>"]))
        assert isinstance(error, TrackerUnavailableError)
        assert "GitHub answered 200 but not with JSON" in str(error)
