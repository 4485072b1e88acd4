"""``postmortem import --split``: a write-up of several incidents imports as one incident each.

The write-ups under ``tests/data/importing/split`` (and the monthly report among the development
documents) were written for this project in the shapes such reports take; ``expected.toml``
says how a reader splits each one.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem import model
from postmortem.cli import main
from postmortem.importing import import_document, import_split, import_text, incident_count

from ._import_scoring import DATA, markdown_units, recall

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SPLIT = DATA / "split"
EXPECTED = tomllib.loads((SPLIT / "expected.toml").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
class TestWriteUps:
    def test_each_incident_is_read_with_its_title_timeline_and_times(self, name: str) -> None:
        """The incidents come in document order with their titles, events and first event's time."""
        expectation = EXPECTED[name]
        parent, *children = import_split(SPLIT / name)
        assert [child.incident.title for child in children] == expectation["titles"]
        assert [len(child.incident.timeline) for child in children] == expectation["timeline_events"]
        for child, first in zip(children, expectation["first_events"], strict=True):
            if first:
                got = child.incident.ordered_timeline[0].time
                assert got == datetime.fromisoformat(first)
                assert got.utcoffset() == datetime.fromisoformat(first).utcoffset()
        assert len(parent.incident.action_items) == expectation["parent_action_items"]
        assert incident_count(SPLIT / name) == len(children)

    def test_parent_and_children_link_each_other(self, name: str) -> None:
        """The write-up lists each incident as a child; each incident names the write-up as its parent."""
        parent, *children = import_split(SPLIT / name)
        assert [(r.id, r.relation) for r in parent.incident.related] == [
            (child.incident.id, model.Relation.CHILD) for child in children
        ]
        for number, child in enumerate(children, start=1):
            assert child.incident.id == f"{parent.incident.id}-{number}"
            assert [(r.id, r.relation) for r in child.incident.related] == [(parent.incident.id, model.Relation.PARENT)]
            # Each is a valid incident file.
            assert postmortem.loads(postmortem.dumps(child.incident, "yaml"), "yaml") == child.incident

    def test_every_sentence_is_in_one_of_the_exports(self, name: str) -> None:
        """Nothing of the write-up is lost: its sentences are in the Markdown exports taken together."""
        results = import_split(SPLIT / name)
        exports = "\n\n".join(str(postmortem.export(result.incident, "markdown")) for result in results)
        score = recall(markdown_units((SPLIT / name).read_text("utf-8")), exports, results[0])
        assert score.misses == []
        assert score.total > 5


class TestSplitting:
    def test_one_incident_is_not_split(self) -> None:
        """A post-mortem of one incident gives one result, the same as a plain import."""
        path = DATA / "dev" / "d01-sre-metadata.md"
        assert incident_count(path) == 1
        (only,) = import_split(path)
        assert only.incident == import_document(path).incident

    def test_reports_give_the_write_ups_own_line_numbers(self) -> None:
        """Each heading's line in the report is its line in the write-up, for the parent and every incident."""
        path = SPLIT / "m01-hosting-monthly.md"
        lines = path.read_text("utf-8").split("\n")
        for result in import_split(path):
            for mapped in result.mapping:
                if mapped.heading != "(preamble)":
                    assert lines[mapped.line - 1].lstrip("#").strip() == mapped.heading

    def test_a_lone_incident_heading_or_repeated_numbers_are_not_a_write_up(self) -> None:
        """One "Incident 1" heading, or two headings with the same number, split nothing."""
        one = "# R\n\nDate: 2026-05-01\n\n## Incident 1: Slow API\n\nIt was slow.\n\n## Summary\n\nOne.\n"
        assert len(import_split(one)) == 1
        twice = one.replace("## Summary", "## Incident 1: Again")
        assert len(import_split(twice)) == 1

    def test_an_incident_heading_in_a_code_block_is_not_a_section(self) -> None:
        """Headings are found by a Markdown parser: a fenced "## Incident 2" is code."""
        text = (
            "# R\n\nDate: 2026-05-01\n\n## Incident 1: A\n\nFirst.\n\n```\n## Incident 2: not a heading\n```\n\n"
            "## Incident 2: B\n\nSecond.\n"
        )
        parent, first, second = import_split(text)
        assert "not a heading" in first.incident.summary
        assert second.incident.summary == "Second."
        assert parent.incident.related[1].title == "B"

    def test_the_parent_without_a_date_starts_with_its_first_incident(self) -> None:
        """A write-up whose own text has no date starts when its first incident did."""
        parent = import_split(DATA / "dev" / "d06-monthly-report.md")[0]
        assert parent.incident.milestones.started.date().isoformat() == "2026-04-03"
        assert any("first incident" in line for line in parent.inferred)

    def test_a_confluence_page_splits_too(self) -> None:
        """A storage-format page with "Incident N" headings splits as its Markdown would."""
        page = (
            "<p>Date: 2026-07-01. All times UTC.</p><h2>Incident 1: Webhooks delayed</h2>"
            "<p>Webhooks were late on July 2.</p><h3>Timeline</h3><ul><li>10:00 Queue grows.</li>"
            "<li>10:40 Queue drained.</li></ul><h2>Incident 2: Login errors</h2><p>Logins failed on July 9.</p>"
            "<h2>Action items</h2><ul><li>Alert on queue age (@ops)</li></ul>"
        )
        parent, first, second = import_split(page, "confluence", name="ops-july")
        assert (first.incident.id, first.incident.title) == ("ops-july-1", "Webhooks delayed")
        assert first.incident.ordered_timeline[0].time.isoformat() == "2026-07-02T10:00:00+00:00"
        assert second.incident.milestones.started.date().isoformat() == "2026-07-09"
        assert len(parent.incident.action_items) == 1
        assert parent.format == first.format == "confluence"

    def test_incident_text_keeps_its_own_date_line(self) -> None:
        """An incident that writes its own date line keeps it instead of the write-up's."""
        text = (
            "# R\n\nDate: 2026-05-01\n\n## Incident 1: A\n\nDate: 2026-05-09\n\nFirst.\n\n## Incident 2: B\n\nSecond.\n"
        )
        _parent, first, second = import_split(text)
        assert first.incident.milestones.started.date().isoformat() == "2026-05-09"
        assert second.incident.milestones.started.date().isoformat() == "2026-05-01"
        assert import_text(text).incident.milestones.started.date().isoformat() == "2026-05-01"


class TestCommand:
    def test_split_writes_one_file_per_incident(self, tmp_path: Path) -> None:
        """--split -o FOLDER writes the write-up and each incident; each loads back."""
        out = tmp_path / "out"
        run = CliRunner().invoke(main, ["import", str(SPLIT / "m01-hosting-monthly.md"), "--split", "-o", str(out)])
        assert run.exit_code == 0, run.output
        names = sorted(path.name for path in out.iterdir())
        assert names == ["m01-hosting-monthly-1.yaml", "m01-hosting-monthly-2.yaml", "m01-hosting-monthly.yaml"]
        child = postmortem.load(out / "m01-hosting-monthly-2.yaml")
        assert child.related[0].id == "m01-hosting-monthly"
        # A second run refuses to overwrite, and --force overwrites.
        again = CliRunner().invoke(main, ["import", str(SPLIT / "m01-hosting-monthly.md"), "--split", "-o", str(out)])
        assert again.exit_code == 2
        assert "--force" in again.output
        forced = ["import", str(SPLIT / "m01-hosting-monthly.md"), "--split", "-o", str(out), "--force", "-q"]
        assert CliRunner().invoke(main, forced).exit_code == 0

    def test_split_needs_a_folder(self, tmp_path: Path) -> None:
        """--split without -o, or with a file as -o, exits 2 with a message."""
        source = str(SPLIT / "m02-weekly-ops-review.md")
        run = CliRunner().invoke(main, ["import", source, "--split"])
        assert run.exit_code == 2
        assert "-o FOLDER" in run.output
        existing = tmp_path / "x.yaml"
        existing.write_text("x", "utf-8")
        run = CliRunner().invoke(main, ["import", source, "--split", "-o", str(existing)])
        assert run.exit_code == 2
        assert "needs a folder" in run.output

    def test_without_split_the_command_says_how_many_incidents(self, tmp_path: Path) -> None:
        """A plain import of a write-up of several incidents says so and how to split it."""
        out = tmp_path / "all.yaml"
        run = CliRunner().invoke(main, ["import", str(SPLIT / "m02-weekly-ops-review.md"), "-o", str(out)])
        assert run.exit_code == 0, run.output
        assert "describes 3 incidents" in run.output
        assert "--split" in run.output
        assert postmortem.load(out).related == ()


class TestAnalyticsOfASplitWriteUp:
    def test_review_counts_the_outages_not_the_write_up(self, tmp_path: Path) -> None:
        """A weekly review of three outages, split to a folder: the review counts three, and says the write-up was left out."""
        from datetime import timedelta

        from postmortem.analytics import Collection, build_review, count_once

        out = tmp_path / "out"
        run = CliRunner().invoke(main, ["import", str(SPLIT / "m02-weekly-ops-review.md"), "--split", "-o", str(out)])
        assert run.exit_code == 0, run.output
        collection = Collection.load(out)
        assert len(collection) == 4
        rollup = count_once(collection)
        parent = next(incident for incident in collection if incident.id == "m02-weekly-ops-review")
        assert sorted(incident.id for incident in rollup.counted) == [f"m02-weekly-ops-review-{n}" for n in (1, 2, 3)]
        assert rollup.parents == (("m02-weekly-ops-review", tuple(f"m02-weekly-ops-review-{n}" for n in (1, 2, 3))),)
        started = min(incident.milestones.started for incident in collection).date()
        review = build_review(collection, since=started, until=started + timedelta(days=31))
        assert parent not in review.incidents
        assert len(review.incidents) == 3
        assert review.counting_note == "1 parent incident counted through its 3 children"
