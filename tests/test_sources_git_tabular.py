"""The git source (against a real temporary repository) and the generic CSV / JSON Lines sources."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from postmortem.model import EventKind
from postmortem.sources import CSVSource, GitSource, JSONLinesSource, SourceError, SourceProblem, parse_mapping

DATA = Path(__file__).parent / "data" / "sources"
UTC = timezone.utc

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


class _Repo:
    """A real repository whose commits carry chosen dates and authors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "2026-05-01T09:00:00+00:00", who: str = "Devon Okafor") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": "dev@acme.dev",
            "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": "dev@acme.dev",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(["git", "-C", str(self.path), *args], env=env, check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def commit(self, name: str, text: str, message: str, when: str, who: str = "Devon Okafor") -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        self.git("add", name, when=when, who=who)
        self.git("commit", "-q", "-m", message, when=when, who=who)

    def merge(self, branch: str, message: str, when: str, who: str = "Maria Garcia") -> None:
        self.git("merge", "-q", "--no-ff", branch, "-m", message, when=when, who=who)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> _Repo:
    repo = _Repo(tmp_path_factory.mktemp("git") / "shop")
    repo.commit("README", "shop\n", "Start the shop", "2026-04-01T09:00:00+00:00")
    repo.git("tag", "v1.0.0", when="2026-04-01T09:05:00+00:00")
    repo.git("checkout", "-q", "-b", "pricing-v2")
    repo.commit("src/pricing.py", "v2\n", "Add the pricing v2 client", "2026-05-04T09:20:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.merge(
        "pricing-v2",
        "Merge pull request #412 from acme/pricing-v2\n\nUse the pricing v2 client",
        "2026-05-04T09:50:00+02:00",
    )
    repo.git("tag", "-a", "v1.1.0", "-m", "Release 1.1.0", when="2026-05-04T09:55:00+00:00", who="Release Bot")
    repo.git("checkout", "-q", "-b", "flags")
    repo.commit(
        "config/flags.yaml", "pricing.v2: 100\n", "Roll pricing.v2 out to everyone", "2026-05-04T10:01:00+00:00"
    )
    repo.git("checkout", "-q", "main")
    repo.merge("flags", "Merge branch 'flags'", "2026-05-04T10:02:00+00:00")
    repo.commit("NOTES", "n\n", "Direct commit on main", "2026-05-04T11:00:00+00:00", who="Sam Lee")
    return repo


class TestGit:
    def test_merges_on_the_branch(self, repo: _Repo) -> None:
        """Merge commits become deploy events at the merge time, in UTC, with the pull request title."""
        events = sorted(GitSource().read(repo.path), key=lambda e: e.time)
        assert [(e.time, e.description, e.actor, e.kind) for e in events] == [
            (
                datetime(2026, 5, 4, 7, 50, tzinfo=UTC),
                "Merge pull request #412 from acme/pricing-v2: Use the pricing v2 client",
                "Maria Garcia",
                EventKind.DEPLOY,
            ),
            (datetime(2026, 5, 4, 10, 2, tzinfo=UTC), "Merge branch 'flags'", "Maria Garcia", EventKind.DEPLOY),
        ]
        assert all(e.source == "git" for e in events)

    def test_config_paths_mark_config_changes(self, repo: _Repo) -> None:
        """A merge touching a config path is a config change."""
        events = {e.description: e for e in GitSource().read(repo.path, config_paths=["config/*"])}
        assert events["Merge branch 'flags'"].kind == EventKind.CONFIG_CHANGE
        assert (
            events["Merge pull request #412 from acme/pricing-v2: Use the pricing v2 client"].kind == EventKind.DEPLOY
        )

    def test_tags(self, repo: _Repo) -> None:
        """Tags reachable from the branch become events at their creation time."""
        events = list(GitSource().read(repo.path, mode="tags"))
        assert [(e.description, e.actor) for e in events] == [
            ("Tagged v1.0.0: Start the shop", "Devon Okafor"),
            ("Tagged v1.1.0: Release 1.1.0", "Release Bot"),
        ]
        assert events[1].time == datetime(2026, 5, 4, 9, 55, tzinfo=UTC)

    def test_commits_and_links(self, repo: _Repo) -> None:
        """commits mode lists first-parent commits; commit_url makes links."""
        events = list(
            GitSource().read(
                repo.path, mode="commits", branch="main", commit_url="https://git.acme.dev/shop/commit/{sha}"
            )
        )
        assert [e.description for e in events][:2] == ["Direct commit on main", "Merge branch 'flags'"]
        head = repo.git("rev-parse", "HEAD")
        assert events[0].link == f"https://git.acme.dev/shop/commit/{head}"

    def test_window_and_branch(self, repo: _Repo) -> None:
        """since/until limit the events; another branch has its own history."""
        since = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
        events = list(GitSource().read(repo.path, mode="commits", since=since))
        assert [e.description for e in events] == ["Direct commit on main", "Merge branch 'flags'"]
        flags = list(GitSource().read(repo.path, mode="commits", branch="flags"))
        assert [e.description for e in flags] == [
            "Roll pricing.v2 out to everyone",
            "Merge pull request #412 from acme/pricing-v2: Use the pricing v2 client",
            "Start the shop",
        ]

    def test_unknown_branch_is_an_error(self, repo: _Repo) -> None:
        """git's complaint about a missing branch is passed on."""
        with pytest.raises(SourceError, match=r"git failed: .*no-such-branch"):
            list(GitSource().read(repo.path, branch="no-such-branch"))

    def test_option_looking_branch_is_refused(self, repo: _Repo) -> None:
        """A branch starting with '-' never reaches git as an option."""
        with pytest.raises(SourceError, match=r"not a branch or ref name"):
            list(GitSource().read(repo.path, branch="--output=/tmp/x"))

    def test_not_a_repository(self, tmp_path: Path) -> None:
        """A folder that is not a repository is an error naming it."""
        with pytest.raises(SourceError, match=f"{tmp_path}: git failed"):
            list(GitSource().read(tmp_path, branch="main"))

    def test_stopping_early_stops_git(self, repo: _Repo) -> None:
        """Reading only the first event is allowed and leaves no error."""
        first = next(iter(GitSource().read(repo.path, mode="commits")))
        assert first.description == "Direct commit on main"


class TestCSV:
    MAPPING = "time=changed_at,description={flag}: {change},actor=changed_by,link=audit_url"

    def test_flag_audit_log(self) -> None:
        """Each row is an event, with a pattern joining two columns into the description."""
        events = list(
            CSVSource().read(DATA / "flag_audit.csv", mapping=self.MAPPING, default_kind="config_change", label="flags")
        )
        assert [(e.time, e.description, e.actor) for e in events][1] == (
            datetime(2026, 5, 4, 10, 2, 3, tzinfo=UTC),
            "pricing.v2: rollout 25% -> 100%",
            "Devon Okafor",
        )
        assert all(e.kind == EventKind.CONFIG_CHANGE and e.source == "flags" for e in events)
        assert events[0].link == "https://flags.acme.dev/audit/88112"

    def test_kind_column_and_kind_map(self) -> None:
        """A kind column takes event kind names or values mapped with kind_map."""
        text = (
            "when,what,type\n"
            "2026-05-04T10:00:00Z,a,deploy\n"
            "2026-05-04T10:01:00Z,b,Ticket\n"
            "2026-05-04T10:02:00Z,c,config change\n"
        )
        events = list(
            CSVSource().read(
                io.StringIO(text),
                mapping={"time": "when", "description": "what", "kind": "type"},
                kind_map={"ticket": "support_ticket"},
            )
        )
        assert [e.kind for e in events] == [EventKind.DEPLOY, EventKind.SUPPORT_TICKET, EventKind.CONFIG_CHANGE]

    def test_local_times_with_a_zone(self) -> None:
        """Times without an offset need timezone=; with it they become UTC."""
        text = "time,description\n2026-05-04 12:00:00,lunch deploy\n"
        with pytest.raises(SourceError, match=r"line 2: .*has no timezone"):
            list(CSVSource().read(io.StringIO(text), strict=True))
        (event,) = CSVSource().read(io.StringIO(text), timezone="Europe/Madrid")
        assert event.time == datetime(2026, 5, 4, 10, 0, tzinfo=UTC)

    def test_bad_rows_are_named_by_line(self) -> None:
        """Rows with a bad time, no description, an unknown kind or extra fields are skipped and named."""
        text = (
            "time,description,kind\n"
            "never,x,deploy\n"
            "2026-05-04T10:00:00Z,,deploy\n"
            "2026-05-04T10:00:00Z,y,party\n"
            "2026-05-04T10:00:00Z,z,deploy,extra\n"
            "2026-05-04T10:01:00Z,ok,deploy\n"
        )
        problems: list[SourceProblem] = []
        events = list(CSVSource().read(io.StringIO(text), mapping="kind=kind", problems=problems))
        assert [e.description for e in events] == ["ok"]
        assert [p.record for p in problems] == ["line 2", "line 3", "line 4", "line 5"]
        assert "unknown kind 'party'" in problems[2].message

    def test_missing_column_is_an_error(self) -> None:
        """A mapping naming a column the header lacks lists the columns."""
        with pytest.raises(SourceError, match=r"no column 'created' for time; the columns are changed_at, flag"):
            list(CSVSource().read(DATA / "flag_audit.csv", mapping="time=created"))

    def test_unknown_field_and_bad_mapping(self) -> None:
        """Only event fields can be mapped, written as field=column."""
        with pytest.raises(SourceError, match=r"cannot map 'owner'"):
            list(CSVSource().read(DATA / "flag_audit.csv", mapping="owner=changed_by"))
        with pytest.raises(ValueError, match=r"field=column"):
            parse_mapping("time")


class TestJSONLines:
    def test_support_tickets_with_nested_fields(self) -> None:
        """Each line is an event; a dotted column reaches into nested objects."""
        events = list(
            JSONLinesSource().read(
                DATA / "support_tickets.jsonl",
                mapping={"time": "created_at", "description": "{subject} (via {via.channel})", "link": "url"},
                default_kind="support_ticket",
            )
        )
        assert events[0].description == "Card payment fails with 'something went wrong' (via web)"
        assert events[0].time == datetime(2026, 5, 4, 10, 11, 47, tzinfo=UTC)
        assert all(e.kind == EventKind.SUPPORT_TICKET for e in events)
        actors = list(
            JSONLinesSource().read(
                DATA / "support_tickets.jsonl", mapping="time=created_at,description=subject,actor=requester.name"
            )
        )
        assert {e.actor for e in actors} == {"Customer"}

    def test_bad_lines_are_skipped(self) -> None:
        """A line that is not JSON or not an object is named; the rest is read."""
        text = (
            '{"time": "2026-05-04T10:00:00Z", "description": "a"}\n'
            '{"time": \n'
            "[1]\n"
            "\n"
            '{"time": "2026-05-04T10:01:00Z", "description": "b"}\n'
        )
        problems: list[SourceProblem] = []
        events = list(JSONLinesSource().read(io.StringIO(text), problems=problems))
        assert [e.description for e in events] == ["a", "b"]
        assert [p.record for p in problems] == ["line 2", "line 3"]
