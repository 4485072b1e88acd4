from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import pytest

from postmortem import ActionItem, ActionStatus, Incident, Participant
from postmortem.analytics import NO_OWNER, NO_TEAM, ActionCounts, action_report

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]

PEOPLE = (
    Participant("Maria Lopez", handle="@maria", team="payments"),
    Participant("Jonas Berg", handle="@jonas", team="platform"),
    Participant("Guest Responder"),
)


@pytest.fixture
def incidents(make: MakeIncident) -> list[Incident]:
    """Two incidents whose action items cover every status, resolved on 1 and 11 July."""
    first = make(
        "INC-1",
        resolve=60,
        participants=PEOPLE,
        action_items=[
            ActionItem("AI-1", "Add alert", owner="Maria Lopez", due=date(2026, 7, 15)),
            ActionItem("AI-2", "Fix runbook", owner="@jonas", due=date(2026, 9, 1), status=ActionStatus.IN_PROGRESS),
            ActionItem(
                "AI-3",
                "Add check",
                owner="maria lopez",
                status=ActionStatus.DONE,
                completed=date(2026, 7, 20),
                verification="Alert fired in staging.",
            ),
            ActionItem("AI-4", "Tune pool", owner="Jonas Berg", status=ActionStatus.DONE, completed=date(2026, 7, 22)),
        ],
    )
    second = make(
        "INC-2",
        start=T0 + timedelta(days=10),
        resolve=60,
        participants=PEOPLE,
        action_items=[
            ActionItem("AI-1", "Train on-call", owner="Guest Responder", due=date(2026, 7, 20)),
            ActionItem("AI-2", "Write doc", due=date(2026, 7, 1), status=ActionStatus.WONT_DO),
            ActionItem("AI-3", "Ask vendor", owner="Outside Person", due=None),
        ],
    )
    return [second, first]


class TestActionReport:
    def test_empty(self, today: date) -> None:
        """No incidents, no items, zero counts."""
        report = action_report([], today)
        assert report.records == ()
        assert report.totals == ActionCounts()
        assert report.by_owner() == {}

    def test_records_in_incident_order(self, incidents: list[Incident], today: date) -> None:
        """Records follow incident start time, then the order items were written."""
        report = action_report(incidents, today)
        assert [(r.incident.id, r.item.id) for r in report.records] == [
            ("INC-1", "AI-1"),
            ("INC-1", "AI-2"),
            ("INC-1", "AI-3"),
            ("INC-1", "AI-4"),
            ("INC-2", "AI-1"),
            ("INC-2", "AI-2"),
            ("INC-2", "AI-3"),
        ]

    def test_selections(self, incidents: list[Incident], today: date) -> None:
        """Open, overdue (most overdue first), done and done-without-verification, as of 1 August."""
        report = action_report(incidents, today)
        label = lambda records: [(r.incident.id, r.item.id) for r in records]  # noqa: E731
        assert label(report.open) == [("INC-1", "AI-1"), ("INC-1", "AI-2"), ("INC-2", "AI-1"), ("INC-2", "AI-3")]
        assert label(report.overdue) == [("INC-1", "AI-1"), ("INC-2", "AI-1")]
        assert [r.days_overdue for r in report.overdue] == [17, 12]
        assert label(report.done) == [("INC-1", "AI-3"), ("INC-1", "AI-4")]
        assert label(report.done_unverified) == [("INC-1", "AI-4")]

    def test_age_of_open_items(self, incidents: list[Incident], today: date) -> None:
        """Age counts from the incident's resolution day; closed items have none."""
        report = action_report(incidents, today)
        ages = {(r.incident.id, r.item.id): r.age_days for r in report.records}
        assert ages[("INC-1", "AI-1")] == 31
        assert ages[("INC-2", "AI-3")] == 21
        assert ages[("INC-1", "AI-3")] is None

    def test_age_counts_from_created_date(self, make: MakeIncident, today: date) -> None:
        """An item with a created date (synced from its tracker) is as old as its ticket, not as the incident."""
        incident = make(
            "INC-9",
            resolve=60,
            action_items=[
                ActionItem("AI-1", "Add alert", created=date(2026, 7, 25)),
                ActionItem("AI-2", "Fix runbook"),
            ],
        )
        ages = {r.item.id: r.age_days for r in action_report([incident], today).records}
        assert ages == {"AI-1": 7, "AI-2": 31}

    def test_days_from_incident_to_completion(self, incidents: list[Incident], today: date) -> None:
        """Done items with a date count days from the incident's start; others have none."""
        report = action_report(incidents, today)
        days = {(r.incident.id, r.item.id): r.days_to_complete for r in report.records}
        assert days[("INC-1", "AI-3")] == 19
        assert days[("INC-1", "AI-4")] == 21
        assert days[("INC-1", "AI-1")] is None

    def test_teams_from_participants(self, incidents: list[Incident], today: date) -> None:
        """An owner named by name or handle, in any case, finds the participant's team."""
        report = action_report(incidents, today)
        teams = {(r.incident.id, r.item.id): r.team for r in report.records}
        assert teams[("INC-1", "AI-2")] == "platform"
        assert teams[("INC-1", "AI-3")] == "payments"
        assert teams[("INC-2", "AI-1")] == NO_TEAM  # a participant without a team
        assert teams[("INC-2", "AI-3")] == NO_TEAM  # not a participant
        assert teams[("INC-2", "AI-2")] == NO_TEAM  # no owner

    def test_by_owner(self, incidents: list[Incident], today: date) -> None:
        """Owners as written, alphabetical, with the no-owner bucket last."""
        by_owner = action_report(incidents, today).by_owner()
        assert list(by_owner) == [
            "@jonas",
            "Guest Responder",
            "Jonas Berg",
            "Maria Lopez",
            "maria lopez",
            "Outside Person",
            NO_OWNER,
        ]
        assert by_owner["Maria Lopez"] == ActionCounts(total=1, open=1, overdue=1, oldest_open_days=31)
        assert by_owner[NO_OWNER] == ActionCounts(total=1, wont_do=1)

    def test_by_team(self, incidents: list[Incident], today: date) -> None:
        """Per team totals add up to the overall totals."""
        report = action_report(incidents, today)
        by_team = report.by_team()
        assert list(by_team) == ["payments", "platform", NO_TEAM]
        assert by_team["payments"] == ActionCounts(
            total=2, open=1, overdue=1, done=1, oldest_open_days=31, median_days_to_complete=19
        )
        assert by_team["platform"] == ActionCounts(
            total=2, open=1, overdue=0, done=1, done_unverified=1, oldest_open_days=31, median_days_to_complete=21
        )
        assert sum(counts.total for counts in by_team.values()) == report.totals.total == 7
        assert report.totals == ActionCounts(
            total=7,
            open=4,
            overdue=2,
            done=2,
            done_unverified=1,
            wont_do=1,
            oldest_open_days=31,
            median_days_to_complete=20,
        )

    def test_due_today_is_not_overdue(self, make: MakeIncident) -> None:
        """An item due today is not yet overdue."""
        incident = make("A", action_items=[ActionItem("AI-1", "x", due=date(2026, 8, 1))])
        assert action_report([incident], date(2026, 8, 1)).overdue == ()
        assert len(action_report([incident], date(2026, 8, 2)).overdue) == 1


class TestActionListings:
    """``select``, ``to_text``, ``to_csv`` and ``to_dict``: the listings ``postmortem actions`` prints."""

    def test_select_open_by_due_date(self, incidents: list[Incident], today: date) -> None:
        """Open items are listed by due date, items without one last."""
        chosen = action_report(incidents, today).select("open")
        assert [(r.incident.id, r.item.id) for r in chosen.records] == [
            ("INC-1", "AI-1"),
            ("INC-2", "AI-1"),
            ("INC-1", "AI-2"),
            ("INC-2", "AI-3"),
        ]
        assert chosen.today == today

    def test_select_overdue_keeps_most_overdue_first(self, incidents: list[Incident], today: date) -> None:
        """The overdue selection keeps the report's order: most overdue first."""
        report = action_report(incidents, today)
        assert report.overdue == report.select("overdue").records

    def test_select_by_owner_and_team(self, incidents: list[Incident], today: date) -> None:
        """Owners match without case or a leading @; teams without case."""
        report = action_report(incidents, today)
        by_owner = report.select("all", owners=["@Maria Lopez"])
        assert [r.item.id for r in by_owner.records] == ["AI-1", "AI-3"]
        by_team = report.select("all", teams=["PLATFORM"])
        assert {r.owner for r in by_team.records} == {"@jonas", "Jonas Berg"}

    def test_select_unknown(self, incidents: list[Incident], today: date) -> None:
        """An unknown selection names the known ones."""
        with pytest.raises(ValueError, match="overdue"):
            action_report(incidents, today).select("late")  # type: ignore[arg-type]

    def test_to_text(self, incidents: list[Incident], today: date) -> None:
        """The reminder: heading with the day and counts, then each owner's items."""
        chosen = action_report(incidents, today).select("overdue")
        expected = (
            "Overdue action items as of 2026-08-01: 2 items, 2 owners\n"
            "\n"
            "Guest Responder ((no team)): 1\n"
            "  - INC-2 AI-1 [medium] (due 2026-07-20, 12 days overdue): Train on-call\n"
            "    Incident INC-2\n"
            "\n"
            "Maria Lopez (payments): 1\n"
            "  - INC-1 AI-1 [medium] (due 2026-07-15, 17 days overdue): Add alert\n"
            "    Incident INC-1\n"
        )
        assert expected == chosen.to_text("Overdue action items")

    def test_to_text_shows_control_characters_as_spaces(self, make: MakeIncident, today: date) -> None:
        """A description cannot move the cursor or clear the terminal the reminder is read in."""
        item = ActionItem("AI-1", "Rotate\x1b[2J keys\nnow", owner="Ana", due=date(2026, 7, 1))
        text = action_report([make("INC-9", action_items=[item])], today).to_text()
        assert "\x1b" not in text
        assert "Rotate [2J keys now" in text

    def test_to_csv_is_inert_in_spreadsheets(self, make: MakeIncident, today: date) -> None:
        """A formula-like owner or description gets an apostrophe; rows end in CRLF."""
        item = ActionItem("AI-1", '=HYPERLINK("http://x")', owner="+Ana", due=date(2026, 7, 1))
        csv_text = action_report([make("INC-9", action_items=[item])], today).to_csv()
        header, row, end = csv_text.split("\r\n")
        assert header.startswith("owner,team,incident,incident_title,item,description,status")
        assert row.startswith("'+Ana,(no team),INC-9,")
        assert '"\'=HYPERLINK(""http://x"")"' in row
        assert end == ""

    def test_to_dict(self, incidents: list[Incident], today: date) -> None:
        """One record as plain values, dates as ISO text."""
        record = action_report(incidents, today).overdue[0]
        row = record.to_dict()
        assert (row["incident"], row["item"], row["due"], row["days_overdue"], row["team"]) == (
            "INC-1",
            "AI-1",
            "2026-07-15",
            17,
            "payments",
        )
