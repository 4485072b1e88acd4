"""One "today" everywhere: the action list, the checks, the reports and ``action_report`` agree on it.

Today is ``--today`` (``today=``) when given, else the day of ``SOURCE_DATE_EPOCH`` in UTC, else
the local calendar date (the machine's ``TZ``). The example has open items due 2026-12-04
(AI-5), 2026-12-11 (AI-1) and 2026-12-18 (AI-6), so AI-6 turns overdue as 2026-12-19 begins.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.analytics import action_report
from postmortem.cli import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "api-outage-feature-flag.yaml"
LAST_SECOND_OF_18 = datetime(2026, 12, 18, 23, 59, 59, tzinfo=timezone.utc)
FIRST_SECOND_OF_19 = datetime(2026, 12, 19, 0, 0, 0, tzinfo=timezone.utc)


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def overdue_everywhere() -> dict[str, list[str]]:
    """The overdue item ids as the action list, the check, the Markdown report and ``action_report`` say."""
    listed = json.loads(_cli("actions", "--overdue", "--format", "json", str(EXAMPLE)))
    checked = json.loads(_cli("check", "--format", "json", str(EXAMPLE)))
    markdown = str(postmortem.export(postmortem.load(EXAMPLE), "markdown"))
    report = action_report([postmortem.load(EXAMPLE)])
    return {
        "actions": sorted(item["item"] for item in listed["items"]),
        "check": sorted(
            finding["message"].split()[0]
            for finding in checked["reports"][0]["findings"]
            if finding["rule"] == "completeness/action-overdue"
        ),
        "markdown": sorted(
            re.findall(r"\| \*\*(AI-\d+)\*\*[^\n]*Overdue by", markdown),
        ),
        "action_report": sorted(record.item.id for record in report.overdue),
    }


class TestSourceDateEpochAroundMidnight:
    """A reproducible build's day is the UTC day of ``SOURCE_DATE_EPOCH``, for every part alike."""

    def test_last_second_of_the_due_date(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """At 23:59:59 UTC on its due date AI-6 is on time in the list, the check and the report."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(LAST_SECOND_OF_18.timestamp())))
        expected = ["AI-1", "AI-5"]
        assert overdue_everywhere() == dict.fromkeys(("actions", "check", "markdown", "action_report"), expected)

    def test_first_second_after_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One second later it is overdue in all four."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIRST_SECOND_OF_19.timestamp())))
        expected = ["AI-1", "AI-5", "AI-6"]
        assert overdue_everywhere() == dict.fromkeys(("actions", "check", "markdown", "action_report"), expected)

    def test_the_list_says_the_day_it_judged(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The text list's first line and the JSON's ``today`` name the epoch's day."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIRST_SECOND_OF_19.timestamp())))
        assert json.loads(_cli("actions", "--format", "json", str(EXAMPLE)))["today"] == "2026-12-19"
        assert _cli("actions", "--overdue", str(EXAMPLE)).startswith("Overdue action items as of 2026-12-19: 3 items")

    def test_today_given_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``--today`` (and ``today=``) is the explicit day, whatever the environment says."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIRST_SECOND_OF_19.timestamp())))
        listed = json.loads(_cli("actions", "--overdue", "--format", "json", "--today", "2026-12-18", str(EXAMPLE)))
        assert sorted(item["item"] for item in listed["items"]) == ["AI-1", "AI-5"]
        report = action_report([postmortem.load(EXAMPLE)], date(2026, 12, 18))
        assert sorted(record.item.id for record in report.overdue) == ["AI-1", "AI-5"]


def _a_zone_on_another_day(now: datetime) -> str:
    """UTC+14 is a day ahead of UTC from 10:00 UTC, UTC-12 a day behind until 12:00: one always differs."""
    for name in ("Etc/GMT-14", "Etc/GMT+12"):
        if now.astimezone(ZoneInfo(name)).date() != now.date():
            return name
    raise AssertionError(f"no zone on another day at {now}")  # pragma: no cover


@pytest.mark.skipif(sys.platform == "win32", reason="TZ in the environment sets the local zone on POSIX only")
def test_without_either_the_local_date_is_today_for_list_and_report(tmp_path: Path) -> None:
    """With no day given, the list and the report judge against the local date, also when UTC's differs."""
    now = datetime.now(timezone.utc)
    name = _a_zone_on_another_day(now)
    local = now.astimezone(ZoneInfo(name)).date()
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env["TZ"] = name

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "postmortem", *args], env=env, capture_output=True, text=True, check=False
        ).stdout

    listed = json.loads(run("actions", "--format", "json", str(EXAMPLE)))
    run("export", str(EXAMPLE), "--to", "markdown", "-o", str(tmp_path))
    (written,) = tmp_path.glob("*.md")
    if datetime.now(ZoneInfo(name)).date() != local:
        pytest.skip("the local date changed while the commands ran")  # pragma: no cover
    assert listed["today"] == local.isoformat()
    assert f"Overdue as of {local.isoformat()}." in written.read_text(encoding="utf-8")
