"""The ``postmortem timeline`` command."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import load
from postmortem.cli import main
from postmortem.model import EventKind
from postmortem.sources import get_source
from postmortem.timeline import TimelineMerge, merge_timeline, write_timeline

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


SHIFT_LOG = '''
from datetime import datetime, timezone
from pathlib import Path

from postmortem.export import Option
from postmortem.model import TimelineEvent
from postmortem.sources import declare_options


class ShiftLogSource:
    """A team's hand-written shift log: one "HH:MM text" line per event, on 4 May 2026."""

    name = "shiftlog"
    description = "Shift log lines"
    input_metavar = "LOG"
    options = declare_options(
        Option("desk", str, None, "Keep only this desk's lines.", metavar="DESK"),
        Option("loud", bool, False, "Write descriptions in capitals."),
        Option("tags", tuple, (), "Tags to add (repeatable).", metavar="TAG"),
        Option("timezone", str, None, "Zone of --csv/--jsonl times written without an offset.", flag="--timezone"),
        Option("team_map", dict, None, "Names to teams (not a flag: text cannot give a mapping)."),
    )

    def read(self, input, /, **options):
        unknown = set(options) - {"strict", "problems", "since", "until", "label", *self.options}
        if unknown:
            raise TypeError(f"unknown option {sorted(unknown)[0]!r}")
        for line in Path(input).read_text(encoding="utf-8").splitlines():
            desk, _, rest = line.partition(" ")
            if options.get("desk") and desk != options["desk"]:
                continue
            clock, _, text = rest.partition(" ")
            hour, minute = map(int, clock.split(":"))
            if options.get("loud"):
                text = text.upper()
            text += "".join(f" #{tag}" for tag in options.get("tags", ()))
            text += f" ({options['timezone']})" if options.get("timezone") else ""
            time = datetime(2026, 5, 4, hour, minute, tzinfo=timezone.utc)
            yield TimelineEvent(time, text, source=options.get("label") or self.name)
'''


@pytest.fixture
def shift_log_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A third-party source installed as a distribution (a real .dist-info on the path); its log file."""
    from postmortem.sources import _registry

    site = tmp_path / "site"
    site.mkdir()
    (site / "pm_shift_log.py").write_text(SHIFT_LOG, encoding="utf-8")
    info = site / "pm_shift_log-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pm-shift-log\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[postmortem.sources]\nshiftlog = pm_shift_log:ShiftLogSource\n")
    monkeypatch.syspath_prepend(str(site))
    _registry.refresh()
    log = tmp_path / "shift.log"
    log.write_text("web 10:10 Paged the checkout owner\ndb 10:12 Replica lag rising\n", encoding="utf-8")
    yield log
    monkeypatch.delitem(sys.modules, "pm_shift_log", raising=False)
    monkeypatch.undo()
    _registry.refresh()


class TestSourceFlags:
    """Each installed source's flags come from the options it declares, a third party's too."""

    def test_third_party_source_gets_flags(self, incident: Path, shift_log_installed: Path) -> None:
        """--shiftlog LOG with --shiftlog-desk, a flag and a repeatable option reach the source's read()."""
        code, output = _run(
            incident,
            "--shiftlog",
            shift_log_installed,
            "--shiftlog-desk",
            "web",
            "--shiftlog-loud",
            "--shiftlog-tags",
            "pager",
            "--shiftlog-tags",
            "checkout",
        )
        assert code == 0, output
        assert f"Read 1 from shiftlog {shift_log_installed}." in output
        assert "PAGED THE CHECKOUT OWNER #pager #checkout" in output

    def test_shared_flag_reaches_every_source_declaring_it(self, incident: Path, shift_log_installed: Path) -> None:
        """A flag several sources declare (--timezone) is one flag, given to each of them."""
        code, output = _run(incident, "--shiftlog", shift_log_installed, "--timezone", "Europe/Oslo")
        assert code == 0, output
        assert "Replica lag rising (Europe/Oslo)" in output

    def test_help_lists_the_third_party_flags(self, shift_log_installed: Path) -> None:
        """The help shows the source's flag with its metavar, and its options; a mapping gets no flag."""
        code, output = _run("--help")
        assert code == 0, output
        for flag in ("--shiftlog LOG", "--shiftlog-desk DESK", "--shiftlog-loud", "--shiftlog-tags TAG"):
            assert flag in output
        assert "team-map" not in output
        assert output.count("--timezone") == 1

    def test_bad_size_is_a_usage_error(self, incident: Path) -> None:
        """An option's own parser turns bad text into a usage error naming the flag (exit 2)."""
        result = CliRunner().invoke(
            main, ["timeline", str(incident), "--slack", str(SOURCES / "slack"), "--slack-max-inflated", "lots"]
        )
        assert result.exit_code == 2
        assert "--slack-max-inflated" in result.output
        assert "'lots' is not a size" in result.output


class TestWriteTimeline:
    """``postmortem.timeline.write_timeline``, which ``--write`` and ``--output`` call."""

    def _merge(self, incident: Path) -> TimelineMerge:
        return merge_timeline(load(incident), [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")])

    def test_writes_in_place_then_nothing_to_do(self, incident: Path) -> None:
        """The file gets the merged timeline, comments kept; merging again writes nothing (None)."""

        merge = self._merge(incident)
        assert write_timeline(incident, merge) == incident
        text = incident.read_text(encoding="utf-8")
        assert "# Written by hand during the review meeting." in text
        again = self._merge(incident)
        assert write_timeline(incident, again) is None
        assert incident.read_text(encoding="utf-8") == text

    def test_output_in_another_format(self, incident: Path, tmp_path: Path) -> None:
        """With output in another format, the merged incident is written there and the original is left alone."""

        before = incident.read_text(encoding="utf-8")
        merge = self._merge(incident)
        target = tmp_path / "merged.toml"
        assert write_timeline(incident, merge, output=target) == target
        assert incident.read_text(encoding="utf-8") == before
        assert load(target).timeline == merge.incident.timeline
