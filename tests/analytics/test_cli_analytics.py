from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import ActionItem, ActionStatus, Incident, Participant, dump
from postmortem.analytics import generate_incidents, write_collection
from postmortem.cli import main

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]


@pytest.fixture
def folder(tmp_path: Path, make: MakeIncident) -> Path:
    """Two post-mortems: three open items (two overdue on 1 August), one done without verification."""
    people = (Participant("Maria Lopez", handle="@maria", team="payments"), Participant("Jonas Berg", team="platform"))
    dump(
        make(
            "INC-1",
            participants=people,
            action_items=[
                ActionItem(
                    "AI-1",
                    "Add an alert on pool saturation",
                    owner="Maria Lopez",
                    due=date(2026, 7, 10),
                    tracker_key="OPS-1",
                ),
                ActionItem("AI-2", '=HYPERLINK("http://evil")', owner="@maria", due=date(2026, 7, 25)),
                ActionItem(
                    "AI-3",
                    "Write the runbook",
                    owner="Jonas Berg",
                    status=ActionStatus.DONE,
                    completed=date(2026, 7, 9),
                ),
            ],
        ),
        tmp_path / "inc-1.yaml",
    )
    dump(
        make(
            "INC-2",
            start=T0 + timedelta(days=3),
            participants=people,
            action_items=[ActionItem("AI-1", "Stage the rollout", owner="Jonas Berg", due=date(2026, 9, 1))],
        ),
        tmp_path / "nested" / "inc-2.json",
    )
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class TestActions:
    def test_overdue_text(self, folder: Path) -> None:
        """The reminder groups overdue items by owner, most overdue first, with due date and days."""
        code, out, _err = run("actions", str(folder), "--overdue", "--today", "2026-08-01")
        assert code == 0
        assert out.splitlines() == [
            "Overdue action items as of 2026-08-01: 2 items, 2 owners",
            "",
            "@maria (payments): 1",
            '  - INC-1 AI-2 [medium] (due 2026-07-25, 7 days overdue): =HYPERLINK("http://evil")',
            "    Incident INC-1",
            "",
            "Maria Lopez (payments): 1",
            "  - INC-1 AI-1 [medium] (due 2026-07-10, 22 days overdue): Add an alert on pool saturation",
            "    Incident INC-1 | OPS-1",
        ]

    def test_open_is_the_default(self, folder: Path) -> None:
        """Without a selection, open items are listed, soonest due first, with their age."""
        code, out, _err = run("actions", str(folder), "--today", "2026-08-01")
        assert code == 0
        assert out.startswith("Open action items as of 2026-08-01: 3 items, 3 owners")
        assert "INC-2 AI-1 [medium] (due 2026-09-01, open 28 days): Stage the rollout" in out

    def test_json(self, folder: Path) -> None:
        """JSON lists each item with its owner, team and days overdue."""
        code, out, _err = run("actions", str(folder), "--overdue", "--today", "2026-08-01", "--format", "json")
        assert code == 0
        document = json.loads(out)
        assert document["today"] == "2026-08-01"
        assert document["selection"] == "overdue"
        assert [(item["incident"], item["item"], item["team"], item["days_overdue"]) for item in document["items"]] == [
            ("INC-1", "AI-1", "payments", 22),
            ("INC-1", "AI-2", "payments", 7),
        ]
        assert document["failures"] == []

    def test_csv_neutralises_formulas(self, folder: Path) -> None:
        """CSV has a header row; a cell that a spreadsheet would run as a formula starts with an apostrophe."""
        code, out, _err = run("actions", str(folder), "--overdue", "--today", "2026-08-01", "--format", "csv")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [row["item"] for row in rows] == ["AI-1", "AI-2"]
        assert rows[1]["description"] == '\'=HYPERLINK("http://evil")'
        assert rows[0]["tracker"] == "OPS-1"

    def test_unverified_and_filters(self, folder: Path) -> None:
        """--unverified lists done items without a note; --owner and --team narrow any list."""
        _code, out, _err = run("actions", str(folder), "--unverified", "--format", "json")
        assert [item["item"] for item in json.loads(out)["items"]] == ["AI-3"]
        _code, out, _err = run("actions", str(folder), "--all", "--team", "PLATFORM", "--format", "json")
        assert {item["owner"] for item in json.loads(out)["items"]} == {"Jonas Berg"}
        _code, out, _err = run("actions", str(folder), "--all", "--owner", "maria", "--format", "json")
        assert [item["item"] for item in json.loads(out)["items"]] == ["AI-2"]

    def test_broken_file_is_reported(self, folder: Path) -> None:
        """A file that does not load is named on stderr with its line, the rest is listed, and the exit code is 2."""
        (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
        code, out, err = run("actions", str(folder), "--overdue", "--today", "2026-08-01")
        assert code == 2
        assert f"{folder / 'bad.yaml'}:2 $: not valid YAML" in err
        assert "2 items" in out

    def test_bad_date(self, folder: Path) -> None:
        """A malformed --today is a usage error (exit code 2)."""
        code, _out, err = run("actions", str(folder), "--today", "August")
        assert code == 2
        assert "--today" in err


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 generated post-mortems in YAML and JSON."""
    folder = tmp_path_factory.mktemp("incidents")
    write_collection(folder, generate_incidents(200, seed=3, today=date(2026, 10, 1)), formats=("yaml", "json"))
    return folder


class TestReview:
    def test_html_and_markdown(self, generated: Path, tmp_path: Path) -> None:
        """The review command writes one file per format, named after the period, and lists them."""
        code, out, _err = run(
            "review",
            str(generated),
            "--since",
            "2026-07-01",
            "--until",
            "2026-09-30",
            "--to",
            "html,md",
            "-o",
            str(tmp_path),
        )
        assert code == 0
        listed = [Path(line) for line in out.splitlines()]
        html = tmp_path / "review-2026-07-01-to-2026-09-30.html"
        markdown = tmp_path / "review-2026-07-01-to-2026-09-30.md"
        assert html in listed
        assert markdown in listed
        assert len(listed) == 11  # two documents and nine chart files
        assert "Reliability review, 2026-07-01 to 2026-09-30" in html.read_text(encoding="utf-8")

    def test_title_and_unknown_format(self, generated: Path, tmp_path: Path) -> None:
        """--title sets the heading; an unknown format is a usage error."""
        code, _out, _err = run(
            "review",
            str(generated),
            "--since",
            "2026-07-01",
            "--until",
            "2026-07-31",
            "--title",
            "July & more",
            "-o",
            str(tmp_path),
        )
        assert code == 0
        assert "<h1>July &amp; more</h1>" in (tmp_path / "review-2026-07-01-to-2026-07-31.html").read_text(
            encoding="utf-8"
        )
        code, _out, err = run("review", str(generated), "--since", "2026-07-01", "--to", "docx")
        assert code == 2
        assert "unknown format 'docx'" in err

    def test_reversed_period(self, generated: Path) -> None:
        """--until before --since is a usage error."""
        code, _out, err = run("review", str(generated), "--since", "2026-07-01", "--until", "2026-06-01")
        assert code == 2
        assert "before" in err

    def test_pdf_needs_the_exporter(self, generated: Path, tmp_path: Path) -> None:
        """Without a PDF exporter, --to pdf fails with what to install and writes nothing."""
        from postmortem.export import exporter_names

        if "pdf" in exporter_names():
            pytest.skip("a PDF exporter is installed")
        code, _out, err = run(
            "review",
            str(generated),
            "--since",
            "2026-07-01",
            "--until",
            "2026-09-30",
            "--to",
            "html,pdf",
            "-o",
            str(tmp_path / "out"),
        )
        assert code == 1
        assert "postmortem-exporter-pdf" in err
        assert not (tmp_path / "out").exists()
