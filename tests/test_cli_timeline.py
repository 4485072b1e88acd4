"""The ``postmortem timeline`` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import load
from postmortem.cli import main
from postmortem.model import EventKind

DATA = Path(__file__).parent / "data"
SOURCES = DATA / "sources"
INCIDENT = DATA / "timeline" / "checkout-incident.yaml"


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    target = tmp_path / "incident.yaml"
    shutil.copy(INCIDENT, target)
    return target


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["timeline", *map(str, args)])
    return result.exit_code, result.output


EXPORTS = (
    "--slack",
    SOURCES / "slack",
    "--slack-pinned",
    "--slack-reaction",
    "white_check_mark",
    "--pagerduty",
    SOURCES / "pagerduty_log_entries.json",
    "--alertmanager",
    SOURCES / "alertmanager_webhooks.jsonl",
    "--statuspage",
    SOURCES / "statuspage_incident.json",
)


class TestDryRun:
    def test_shows_new_events_and_writes_nothing(self, incident: Path) -> None:
        """Without --write the file is untouched and the new events are printed as YAML."""
        before = incident.read_text()
        code, output = _run(incident, *EXPORTS)
        assert code == 0, output
        assert incident.read_text() == before
        assert "New events:" in output
        assert "description: 'Firing: HighErrorRate: 5xx ratio above 5% on checkout-api'" in output
        assert "also_in:\n  - pagerduty" in output
        assert "Dry run: nothing written" in output

    def test_reports_milestones_and_counts(self, incident: Path) -> None:
        """The summary counts events per export and prints milestone suggestions and disagreements."""
        code, output = _run(incident, *EXPORTS)
        assert code == 0, output
        assert "6 from pagerduty" in output
        assert "folded 1 duplicate;" in output
        assert "detected: 2026-05-04T10:05:12Z from alertmanager" in output
        assert "the timeline is 1m 48s earlier" in output
        assert "(the incident has no acknowledged time)" in output

    def test_redacted_preview(self, incident: Path) -> None:
        """--redact shows the timeline with roles instead of names."""
        code, output = _run(incident, *EXPORTS, "--redact")
        assert code == 0, output
        timeline = output.partition("Timeline (redacted):")[2]
        assert "Maria Garcia" not in timeline
        assert "actor: incident commander" in timeline


class TestWrite:
    def test_write_keeps_comments_and_is_idempotent(self, incident: Path) -> None:
        """--write merges into the file, keeps its comments, and a second run changes nothing."""
        code, output = _run(incident, *EXPORTS, "--write")
        assert code == 0, output
        text = incident.read_text()
        for comment in (
            "# Post-mortem draft for the checkout errors of 4 May 2026.",
            "started: 2026-05-04T10:02:03Z   # the flag went to 100%",
            "kind: decision   # the key decision of the incident",
            "# Written by hand during the review meeting.",
        ):
            assert comment in text
        assert 'handle: "@maria"' in text
        merged = load(incident)
        assert len(merged.timeline) == 20
        assert any(e.kind == EventKind.DECISION for e in merged.timeline)
        code, output = _run(incident, *EXPORTS, "--write")
        assert code == 0, output
        assert "Added 0 events, folded 0 duplicates" in output
        assert "is up to date" in output
        assert incident.read_text() == text

    def test_output_leaves_the_original(self, incident: Path, tmp_path: Path) -> None:
        """--output writes another file; JSON output is written from the model."""
        before = incident.read_text()
        target = tmp_path / "out" / "merged.json"
        code, output = _run(incident, *EXPORTS, "--output", target)
        assert code == 0, output
        assert incident.read_text() == before
        assert len(load(target).timeline) == 20

    def test_redacted_output_has_no_names(self, incident: Path, tmp_path: Path) -> None:
        """--redact --output writes a version with roles instead of names."""
        target = tmp_path / "external.yaml"
        code, output = _run(incident, *EXPORTS, "--redact", "--output", target)
        assert code == 0, output
        text = target.read_text()
        assert "Maria Garcia" not in text
        assert "U04MARIA01" not in text

    def test_redact_refuses_to_overwrite_the_original(self, incident: Path) -> None:
        """--redact --write without --output is a usage error, and nothing changes."""
        before = incident.read_text()
        code, output = _run(incident, *EXPORTS, "--redact", "--write")
        assert code == 2
        assert "--output" in output
        assert incident.read_text() == before


class TestGenericAndGit:
    def test_csv_with_mapping_and_kind(self, incident: Path) -> None:
        """--csv with --mapping and --kind adds the rows, labelled with the file's name."""
        code, output = _run(
            incident,
            "--csv",
            SOURCES / "flag_audit.csv",
            "--mapping",
            "time=changed_at,description={flag}: {change},actor=changed_by",
            "--kind",
            "config_change",
            "--write",
        )
        assert code == 0, output
        added = [e for e in load(incident).timeline if e.source == "flag_audit"]
        assert [e.description for e in added] == [
            "checkout.banner: enabled for 10%",
            "pricing.v2: rollout 25% -> 100%",
            "pricing.v2: rollout 100% -> 0% (rollback)",
        ]
        assert all(e.kind == EventKind.CONFIG_CHANGE for e in added)

    def test_git_repo_and_branch(self, incident: Path, tmp_path: Path) -> None:
        """--git REPO:BRANCH reads merges from that branch of a real repository."""
        if shutil.which("git") is None:
            pytest.skip("needs git")
        import os
        import subprocess

        repo = tmp_path / "repo"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Devon Okafor",
            "GIT_AUTHOR_EMAIL": "d@acme.dev",
            "GIT_COMMITTER_NAME": "Devon Okafor",
            "GIT_COMMITTER_EMAIL": "d@acme.dev",
            "GIT_AUTHOR_DATE": "2026-05-04T10:01:00Z",
            "GIT_COMMITTER_DATE": "2026-05-04T10:01:00Z",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }

        def git(*args: str) -> None:
            subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)

        repo.mkdir()
        git("init", "-q", "-b", "release")
        (repo / "a").write_text("a")
        git("add", "a")
        git("commit", "-q", "-m", "base")
        git("checkout", "-q", "-b", "feature")
        (repo / "b").write_text("b")
        git("add", "b")
        git("commit", "-q", "-m", "pricing v2")
        git("checkout", "-q", "release")
        git("merge", "-q", "--no-ff", "feature", "-m", "Merge branch 'feature' into release")
        code, output = _run(incident, "--git", f"{repo}:release", "--write")
        assert code == 0, output
        (deploy,) = [e for e in load(incident).timeline if e.source == "git"]
        assert deploy.description == "Merge branch 'feature' into release"
        assert deploy.actor == "Devon Okafor"


class TestErrors:
    def test_needs_an_export(self, incident: Path) -> None:
        """Naming no export is a usage error."""
        code, output = _run(incident)
        assert code == 2
        assert "name at least one export" in output

    def test_unreadable_export_exits_2(self, incident: Path, tmp_path: Path) -> None:
        """A missing export file is reported by name with exit code 2."""
        code, output = _run(incident, "--pagerduty", tmp_path / "nope.json")
        assert code == 2
        assert "nope.json: cannot read" in output

    def test_strict_stops_at_a_bad_record(self, incident: Path, tmp_path: Path) -> None:
        """--strict turns a skipped record into an error naming it."""
        bad = tmp_path / "alerts.jsonl"
        bad.write_text((SOURCES / "alertmanager_webhooks.jsonl").read_text() + "{not json\n")
        code, output = _run(incident, "--alertmanager", bad)
        assert code == 0
        assert "Skipped 1 unreadable record:" in output
        assert "alerts.jsonl: line 6: malformed or truncated JSON" in output
        code, output = _run(incident, "--alertmanager", bad, "--strict")
        assert code == 2
        assert "alerts.jsonl: line 6" in output

    def test_bad_margin(self, incident: Path) -> None:
        """An unreadable duration is a usage error with an example."""
        code, output = _run(incident, "--pagerduty", SOURCES / "pagerduty_log_entries.json", "--margin", "two hours")
        assert code == 2
        assert "write it like 90s, 15m, 2h" in output

    def test_unknown_source_name(self, incident: Path) -> None:
        """--source with a name nobody installed lists the installed sources."""
        code, output = _run(incident, "--source", "jira=tickets.json")
        assert code == 2
        assert "no timeline source named 'jira'" in output

    def test_invalid_incident_file(self, tmp_path: Path) -> None:
        """An incident file that does not load exits 2 with its problems."""
        broken = tmp_path / "broken.yaml"
        broken.write_text("id: X\n")
        code, output = _run(broken, "--pagerduty", SOURCES / "pagerduty_log_entries.json")
        assert code == 2
        assert "$.title" in output
