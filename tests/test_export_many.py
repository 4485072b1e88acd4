"""``postmortem.export_many``: many incident files rendered at once, for scripts and CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import postmortem
from postmortem.errors import ExporterError, ExporterNotFoundError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = ("api-outage-feature-flag.yaml", "latency-database-hotspot.yaml")

# A post-mortem whose severity is a guess and whose due date is a phrase: two located problems.
BROKEN = """\
id: INC-2026-0301
title: Search results went stale
severity: pretty bad
status: draft
milestones:
  started: 2026-03-01T10:00:00Z
action_items:
  - id: AI-1
    description: Alert on index age
    due: next sprint
"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """The two complete examples with a broken file between them."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "stale-search.yaml").write_text(BROKEN, encoding="utf-8")
    return [folder / GOOD[0], folder / "stale-search.yaml", folder / GOOD[1]]


class TestExportMany:
    """One outcome per file, in order; one bad file never stops the others."""

    def test_writes_what_export_writes(self, files: list[Path], tmp_path: Path) -> None:
        """Each report has the name and the bytes that ``postmortem.export`` gives it."""
        out = tmp_path / "out"
        outcomes = list(postmortem.export_many([files[0]], ["markdown", "html"], out, jobs=1))
        incident = postmortem.load(files[0])
        expected = [out / f"{incident.id}.md", out / f"{incident.id}.html"]
        assert [(files[0], tuple(expected), (), True)] == [(o.source, o.written, o.problems, o.ok) for o in outcomes]
        for path, name in zip(expected, ("markdown", "html"), strict=True):
            document, _files = postmortem.get_exporter(name)().render_with_files(incident, path.name)
            assert isinstance(document, str)
            assert document.encode("utf-8") == path.read_bytes()

    def test_broken_file_is_reported_and_the_others_written(self, files: list[Path], tmp_path: Path) -> None:
        """The broken file's outcome carries its located problems; the files around it are written."""
        outcomes = list(postmortem.export_many(files, ["markdown"], tmp_path / "out", jobs=1))
        assert [o.source for o in outcomes] == files
        assert [o.loaded for o in outcomes] == [True, False, True]
        assert [len(o.written) for o in outcomes] == [1, 0, 1]
        problems = outcomes[1].problems
        assert [problem.split(" ", 1)[1].split(":", 1)[0] for problem in problems] == [
            "$.severity",
            "$.action_items[0].due",
        ]
        assert all(problem.startswith(f"{files[1]}:") for problem in problems)  # one line a problem, as validate prints
        assert not outcomes[1].ok

    def test_workers_give_the_same_outcomes(self, files: list[Path], tmp_path: Path) -> None:
        """Two worker processes give the same outcomes, in the same order, and the same bytes as one."""
        results = []
        for jobs in (1, 2):
            out = tmp_path / f"jobs-{jobs}"
            outcomes = [
                (o.source, tuple(p.name for p in o.written), o.problems, o.loaded)
                for o in postmortem.export_many(files, ["markdown", "html"], out, jobs=jobs)
            ]
            results.append((outcomes, {p.name: p.read_bytes() for p in out.iterdir()}))
        assert results[0] == results[1]

    def test_same_incident_id_is_named(self, files: list[Path], tmp_path: Path) -> None:
        """A second file with the same incident id says which earlier file's reports it replaced."""
        copy = files[0].with_name("copy-of-outage.yaml")
        shutil.copy(files[0], copy)
        outcomes = list(postmortem.export_many([files[0], copy], ["markdown"], tmp_path / "out", jobs=1))
        assert [None, files[0]] == [o.same_id_as for o in outcomes]
        assert (outcomes[0].ok, outcomes[1].ok) == (True, False)

    def test_options_reach_each_exporter(self, files: list[Path], tmp_path: Path) -> None:
        """Options are given per exporter name, as text as on the command line."""
        out = tmp_path / "out"
        (outcome,) = postmortem.export_many(
            [files[0]], ["markdown"], out, options={"markdown": {"front_matter": "false"}}
        )
        plain = postmortem.load(files[0])
        exporter = postmortem.get_exporter("markdown")(front_matter=False)
        document, _files = exporter.render_with_files(plain, outcome.written[0].name)
        assert isinstance(document, str)
        assert document.encode() == outcome.written[0].read_bytes()
        assert not outcome.written[0].read_text(encoding="utf-8").startswith("---")

    def test_unknown_exporter_fails_before_any_work(self, files: list[Path], tmp_path: Path) -> None:
        """An exporter that is not installed is an error at the call, and no folder is made."""
        out = tmp_path / "out"
        with pytest.raises(ExporterNotFoundError, match="markdwn"):
            postmortem.export_many(files, ["markdwn"], out)
        assert not out.exists()

    def test_bad_option_fails_before_any_work(self, files: list[Path], tmp_path: Path) -> None:
        """An option the exporter does not have, or options for an exporter not given, fail at the call."""
        with pytest.raises(ExporterError, match="colour"):
            postmortem.export_many(files, ["html"], tmp_path / "a", options={"html": {"colour": "red"}})
        with pytest.raises(ExporterError, match="'pdf'"):
            postmortem.export_many(files, ["html"], tmp_path / "b", options={"pdf": {"page_size": "A4"}})

    def test_folder_that_cannot_be_made(self, files: list[Path], tmp_path: Path) -> None:
        """An output folder below a file is an OutputError naming it."""
        blocker = tmp_path / "a-file"
        blocker.write_text("", encoding="utf-8")
        with pytest.raises(postmortem.OutputError, match="cannot create the folder"):
            postmortem.export_many(files, ["markdown"], blocker / "out")

    def test_public_names(self) -> None:
        """``export_many`` and its outcome are public in both places users look for them."""
        from postmortem.export import ExportOutcome, export_many

        assert (export_many, ExportOutcome) == (postmortem.export_many, postmortem.ExportOutcome)
        assert {"export_many", "ExportOutcome"} <= set(postmortem.__all__) & set(postmortem.export.__all__)
