"""``postmortem diff``: section-by-section changes between two versions of a post-mortem."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import postmortem
from postmortem.cli import main
from postmortem.comparison import diff, section_view, word_diff

from .conftest import EXAMPLES

DATA = Path(__file__).parent / "data" / "diff"
DRAFT = EXAMPLES / "draft-checkout-errors.yaml"
COMPLETE = DATA / "checkout-errors-complete.yaml"
GOLDEN = DATA / "golden"
NAMES = {"before": "examples/draft-checkout-errors.yaml", "after": "tests/data/diff/checkout-errors-complete.yaml"}


@pytest.fixture(scope="module")
def draft_to_complete() -> postmortem.comparison.IncidentDiff:  # type: ignore[name-defined]
    return diff(postmortem.load(DRAFT), postmortem.load(COMPLETE), **NAMES)


class TestDraftToComplete:
    """The must-show: the finished draft shows added sections, closed items, changed milestones."""

    def test_sections_added(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """Both free-form sections of the finished version are reported added."""
        added = [(c.kind, c.label) for c in draft_to_complete.changes if c.section == "sections"]
        assert added == [("added", "Note to customers"), ("added", "Follow-up review")]

    def test_action_items_closed_opened_redated(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """AI-2, AI-3 and AI-4 close; AI-5 opens; AI-2 gets a due date; AI-1 an owner."""
        items = {(c.kind, c.label) for c in draft_to_complete.changes if c.section == "action_items"}
        assert {("closed", "AI-2"), ("closed", "AI-3"), ("closed", "AI-4"), ("opened", "AI-5")} <= items
        assert ("re-dated", "AI-2") in items
        assert ("owner", "AI-1") in items

    def test_milestones_and_measures(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """Detected, acknowledged and mitigated are added; TTD/TTA/TTM appear, impact shrinks."""
        milestones = [(c.kind, c.label) for c in draft_to_complete.changes if c.section == "milestones"]
        assert milestones == [("added", "detected"), ("added", "acknowledged"), ("added", "mitigated")]
        assert draft_to_complete.measures == (
            ("TTD", "-", "11m"),
            ("TTA", "-", "21m"),
            ("TTM", "-", "1h20m"),
            ("impact", "1h25m", "1h20m"),
        )

    def test_timeline_matched_not_replaced(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """The reverted-config event moved by a minute and was reworded; two events are new."""
        timeline = [(c.kind, c.path) for c in draft_to_complete.changes if c.section == "timeline"]
        assert ("moved", "$.timeline[4].time") in timeline
        assert [kind for kind, _ in timeline].count("added") == 2
        assert "removed" not in [kind for kind, _ in timeline]

    @pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md")])
    def test_golden(self, draft_to_complete, fmt: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
        """Text and Markdown output equal the reviewed golden files."""
        expected = (GOLDEN / f"draft-to-complete.{suffix}").read_text(encoding="utf-8")
        actual = draft_to_complete.to_text() if fmt == "text" else draft_to_complete.to_markdown()
        assert expected == actual

    def test_markdown_parses_with_user_text_escaped(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """User text cannot become markup: the Markdown has no raw HTML and no links."""
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").parse(draft_to_complete.to_markdown())
        kinds = {child.type for token in tokens for child in (token.children or [])}
        assert "html_inline" not in kinds
        assert "link_open" not in kinds
        assert {"s_open"} <= kinds or "~~" in draft_to_complete.to_markdown()

    def test_json(self, draft_to_complete) -> None:  # type: ignore[no-untyped-def]
        """JSON carries every change and the measures."""
        data = json.loads(draft_to_complete.to_json())
        assert len(data["changes"]) == len(draft_to_complete.changes)
        assert data["measures"][0] == {"name": "TTD", "before": "-", "after": "11m"}


class TestNoise:
    """Re-wrapping and re-ordering are no change."""

    def test_rewrapped_prose_is_no_change(self) -> None:
        """A paragraph wrapped differently has the same words."""
        assert word_diff("one two three\nfour five", "one two\nthree four   five") == ()

    def test_reordered_timeline_is_no_change(self) -> None:
        """A timeline written in another order is the same timeline."""
        incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
        shuffled = attrs.evolve(incident, timeline=tuple(reversed(incident.timeline)))
        assert not diff(incident, shuffled)
        assert section_view(incident) == section_view(shuffled)

    def test_identical_is_empty(self) -> None:
        """No changes reads as such."""
        incident = postmortem.load(DRAFT)
        assert diff(incident, incident).to_text() == "--- a\n+++ b\nno changes\n"

    def test_source_id_matches_an_edited_moved_event(self) -> None:
        """Events with the same source id match even when text and time both changed."""
        incident = postmortem.load(DRAFT)
        if "source_id" not in attrs.fields_dict(type(incident.timeline[0])):
            pytest.skip("TimelineEvent.source_id is not in this model yet")
        old = attrs.evolve(incident, timeline=(attrs.evolve(incident.timeline[0], source_id="1767889200.000100"),))
        event = attrs.evolve(
            old.timeline[0], description="Completely different words here now", time=incident.timeline[1].time
        )
        kinds = [c.kind for c in diff(old, attrs.evolve(old, timeline=(event,))).changes]
        assert kinds == ["moved", "edited"]


class TestCli:
    """``postmortem diff`` on files and git revisions; bad input exits 2."""

    def test_two_files_markdown(self) -> None:
        """The Markdown output of the command equals the golden file (paths as given)."""
        result = CliRunner().invoke(main, ["diff", NAMES["before"], NAMES["after"], "--format", "markdown"])
        assert result.exit_code == 0, result.output
        assert result.output == (GOLDEN / "draft-to-complete.md").read_text(encoding="utf-8")

    def test_git_revisions(self, tmp_path: Path) -> None:
        """--git A..B reads both versions with git show; --git A compares with the working tree."""
        repo = tmp_path / "repo"
        repo.mkdir()
        git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        subprocess.run([*git, "init", "-q"], check=True)
        target = repo / "incident.yaml"
        target.write_bytes(DRAFT.read_bytes())
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-qm", "draft"], check=True)
        target.write_bytes(COMPLETE.read_bytes())
        subprocess.run([*git, "commit", "-qam", "complete"], check=True)
        runner = CliRunner()
        result = runner.invoke(main, ["diff", str(target), "--git", "HEAD~1..HEAD", "--format", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["before"] == f"HEAD~1:{target}"
        assert any(c["kind"] == "closed" and c["label"] == "AI-2" for c in data["changes"])
        result = runner.invoke(main, ["diff", str(target), "--git", "HEAD", "--exit-code"])
        assert result.exit_code == 0
        assert result.output.endswith("no changes\n")
        result = runner.invoke(main, ["diff", str(target), "--git", "no-such-rev"])
        assert result.exit_code == 2
        assert "no-such-rev" in result.output
        assert "Traceback" not in result.output

    def test_textconv(self) -> None:
        """--textconv prints the stable section view."""
        result = CliRunner().invoke(main, ["diff", "--textconv", str(DRAFT)])
        assert result.exit_code == 0
        assert "## Action items\n- AI-1 [open] owner -, due 2026-02-27: Add validation" in result.output

    def test_bad_input_exits_2(self, tmp_path: Path) -> None:
        """A broken file: exit 2 with file, line and $.path; wrong arguments: exit 2."""
        broken = tmp_path / "broken.yaml"
        broken.write_text("id: X\ntitle: T\nseverity: SEV2\nmilestones: {started: yesterday}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["diff", str(DRAFT), str(broken)])
        assert result.exit_code == 2
        assert f"{broken}:4 $.milestones.started" in result.output
        assert CliRunner().invoke(main, ["diff", str(DRAFT)]).exit_code == 2


class TestNotebook:
    """A diff and a redaction result display as HTML in a notebook, user text escaped."""

    def test_diff_html(self) -> None:
        """Removed and added words are <del>/<ins>; markup in the incident stays text."""
        incident = postmortem.load(DRAFT)
        edited = attrs.evolve(incident, summary=incident.summary + " <script>alert(1)</script>")
        page = diff(incident, edited)._repr_html_()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in page
        assert "<script>" not in page

    def test_redaction_html(self) -> None:
        """The result lists each replacement by path and kind; the originals are absent."""
        from postmortem.redaction import redact

        page = redact(postmortem.load(DRAFT))._repr_html_()
        assert "<code>$.participants[0].name</code></td><td>person</td>" in page
        assert "Dave" not in page
        assert "Miller" not in page
