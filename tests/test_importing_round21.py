"""``postmortem import`` in round 21: round 20's left-overs, each reproduced first on a document written for it.

The documents built here are written for the tests, none copied from a real post-mortem; round
20's documents (``shapes20``, ``kept20``) are tuning documents now. Round 21's kept-aside documents
(``kept21``) are not read here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_text
from postmortem.importing._times import find_date

from ._import_work import import_steps

DATA = Path(__file__).parent / "data" / "importing"


def _times(text: str) -> list[str]:
    return [event.time.isoformat()[:16] for event in import_text(text).incident.timeline]


class TestDiscordExports:
    def test_discordchatexporters_text_export(self) -> None:
        """Round 20's Discord export (``[30-Oct-26 08:14 PM] kestrel`` over each message): six events, no refusal."""
        result = import_document(DATA / "kept20" / "t03-discord-channel-export.txt")
        timeline = result.incident.timeline
        assert [event.time.isoformat()[:16] for event in timeline] == [
            "2026-10-30T20:14",
            "2026-10-30T20:16",
            "2026-10-30T20:22",
            "2026-10-30T20:31",
            "2026-10-30T20:37",
            "2026-10-30T20:45",
        ]
        assert [event.actor for event in timeline[:2]] == ["kestrel", "orla.dev"]
        assert timeline[0].description == "matchmaking queue times are spiking, eu-west is at 4 minutes"

    def test_today_and_yesterday_are_read_against_the_exports_date(self) -> None:
        """A client's copy ("kestrel — Today at 00:10") is on the header's date, "Yesterday" the day before it."""
        text = (
            "Guild: Northwind Games\nChannel: incident-room\nExported: 03-Dec-26 03:10 PM\n\n"
            "kestrel — Yesterday at 23:50\nqueue times spiking\n\n"
            "orla.dev — Today at 00:10\nrolled back to 3.8\n\n"
            "kestrel — Today at 00:31\nqueue times normal\n"
        )
        result = import_text(text)
        assert [event.time.isoformat()[:16] for event in result.incident.timeline] == [
            "2026-12-02T23:50",
            "2026-12-03T00:10",
            "2026-12-03T00:31",
        ]
        assert result.incident.timeline[1].actor == "orla.dev"

    def test_a_yearless_date_takes_the_headers_year(self) -> None:
        """``[03/12 14:02] kestrel`` with "Exported: 3 December 2026" in the header: 3 December 2026."""
        text = (
            "Channel: incident-room\nExported: 3 December 2026\n\n"
            "[03/12 14:02] kestrel\nqueue times spiking\n\n"
            "[03/12 14:05] orla.dev\nlooking\n\n"
            "[03/12 14:31] kestrel\nback to normal\n"
        )
        assert _times(text) == ["2026-12-03T14:02", "2026-12-03T14:05", "2026-12-03T14:31"]

    def test_today_without_any_date_is_refused_not_read_as_the_clock(self) -> None:
        """No date stated anywhere: "Today at 23:50" is never today's date; the import asks for one."""
        text = "kestrel — Today at 23:50\nspiking\n\norla.dev — Today at 23:55\nrolled back\n\nkestrel — Today at 23:58\nok\n"
        with pytest.raises(IncidentFormatError, match="no date anywhere"):
            import_text(text)

    @pytest.mark.parametrize(
        ("written", "day"),
        [
            ("30-Oct-26", date(2026, 10, 30)),
            ("on 30-Oct-2026", date(2026, 10, 30)),
            ("1-May-27 09:00", date(2027, 5, 1)),
        ],
    )
    def test_a_day_month_abbreviation_and_year(self, written: str, day: date) -> None:
        """DiscordChatExporter's (and a database's) ``30-Oct-26`` is a date with its year."""
        assert find_date(written) == day

    def test_many_posts_cost_linear_work(self) -> None:
        """Thousands of posts: each more post adds the same work (counted calls, not seconds)."""

        def posts(n: int) -> str:
            return "Exported: 3 December 2026\n\n" + "".join(
                f"kestrel — Today at {i % 24:02d}:{i % 60:02d}\nmessage {i}\n\n" for i in range(n)
            )

        first, second = import_steps(posts, 200)
        assert second < 2.6 * first


class TestActionItemsWrittenOtherwise:
    def test_a_start_stop_continue_boards_start_and_stop_cards(self) -> None:
        """Round 20's board: the Start and Stop cards are action items (five), three with their owners."""
        result = import_document(DATA / "kept20" / "t04-start-stop-continue-board.md")
        items = result.incident.action_items
        assert len(items) == 5
        assert [item.owner for item in items] == ["Felix", "Noor", None, "Marketing ops", None]
        assert result.incident.what_went_well[0].startswith("Keeping the incident channel")

    def test_a_board_with_its_own_action_section(self) -> None:
        """Where a board's write-up has an "Actions" section, that holds the work; the cards stay sections."""
        text = (
            "# Retro\n\nDate: 2026-11-02\n\n## Stop\n\n- Stop Friday releases\n\n## Start\n\n- Start load tests\n\n"
            "## Continue\n\n- Rolling back first\n\n## Actions\n\n- [ ] Add a release freeze calendar (@noor)\n"
        )
        result = import_text(text)
        assert [item.description for item in result.incident.action_items] == ["Add a release freeze calendar"]
        assert [section.title for section in result.sections] == ["Stop", "Start", "Continue"]

    def test_start_alone_is_no_board(self) -> None:
        """One "Start" heading (a race's, a timeline's part) names nothing: its list stays a section."""
        text = "# Race day\n\nDate: 2026-05-02\n\n## Start\n\n- Gun at 09:00 (owner: Ana)\n- Timing mats armed\n"
        result = import_text(text)
        assert result.incident.action_items == ()
        assert [section.title for section in result.sections] == ["Start"]

    def test_commitments_numbered_in_prose(self) -> None:
        """Round 20's shareholder letter: "We are doing three things. First, ... Second, ... Third, ..."."""
        result = import_document(DATA / "shapes20" / "t09-shareholder-letter.md")
        items = [item.description for item in result.incident.action_items]
        assert len(items) == 3
        assert items[0].startswith("The order database will run in both data centres")
        assert items[2].startswith("Our board's risk committee will review")

    def test_a_story_told_in_order_is_no_commitment(self) -> None:
        """ "First, the cache filled. Second, ..." telling what happened is no action item."""
        text = (
            "# Cache outage\n\nDate: 2026-05-02\n\nTwo things went wrong. First, the cache filled up. Second, "
            "the eviction job had been paused a week before.\n"
        )
        assert import_text(text).incident.action_items == ()

    def test_a_talk_pages_follow_ups_in_signed_comments(self) -> None:
        """Round 20's talk page: the lock retry (Okonkwo, done later by {{done}}) and the alert Ferris offers to write."""
        result = import_document(DATA / "kept20" / "t19-wiki-talk-page.md")
        items = result.incident.action_items
        assert [(item.owner, item.status.value) for item in items] == [("Okonkwo", "done"), ("Ferris", "open")]
        assert items[1].description.startswith("Could we also get an alert")

    def test_first_person_words_outside_a_signed_comment_are_no_follow_up(self) -> None:
        """ "I'll roll back" in a write-up's prose, or a question nobody offers to take, stays text."""
        text = (
            "# Queue stall\n\nDate: 2026-11-12\n\nI'll roll back if it happens again, said the on-call.\n\n"
            ":Could we page sooner? [[User:Ferris|Ferris]] ([[User talk:Ferris|talk]]) 09:15, 12 November 2026 (UTC)\n"
        )
        assert import_text(text).incident.action_items == ()

    def test_initials_in_brackets_own_their_items(self) -> None:
        """Round 20's lab notebook: "(KM, by 13 March)" and "(JT)" close its next steps: KM and JT own them."""
        result = import_document(DATA / "shapes20" / "t08-lab-notebook-page.md")
        assert [item.owner for item in result.incident.action_items] == ["KM", "JT"]
        assert result.incident.action_items[1].description.endswith("with facilities")

    def test_capitals_that_name_a_thing_own_nothing(self) -> None:
        """ "(TBD)", "(API)" close items as notes, not owners; one item's initials alone are no pattern."""
        text = (
            "# Outage\n\nDate: 2026-05-02\n\n## Action items\n\n- Rate-limit the export (API)\n"
            "- Decide the retention period (TBD)\n- Add an alert on queue depth (JT)\n"
        )
        assert [item.owner for item in import_text(text).incident.action_items] == [None, None, None]


HEADER = """\
# Payment gateway timeouts

**Incident ID:** PAY-2291
**Status:** {status}
**Severity:** SEV2
**Date:** 2026-11-18
**Impact:** About 4% of card payments timed out for 40 minutes
**Root cause:** A connection pool sized for the old gateway
**Customer tier:** Enterprise

## Timeline

| Time (UTC) | Type | Event |
|---|---|---|
| 09:12 | Observation | Synthetic probe fails |
| 09:20 | Decision | On-call raises the pool size |
| 09:52 | | Timeouts stop |
"""


class TestHeadersAndTables:
    @pytest.mark.parametrize(
        ("status", "want"),
        [("Final", "published"), ("Approved", "published"), ("Under review", "in_review"), ("Draft", "draft")],
    )
    def test_a_status_word_names_the_write_ups_status(self, status: str, want: str) -> None:
        """ "**Status:** Final" is a finished write-up (it was imported as a draft)."""
        assert import_text(HEADER.format(status=status)).incident.status.value == want

    def test_a_closed_incident_names_no_write_up_status(self) -> None:
        """ "Status: Closed" tells the incident's state, not the write-up's: a draft as before."""
        assert import_text(HEADER.format(status="Closed")).incident.status.value == "draft"

    def test_bold_labels_that_name_a_field_fill_it(self) -> None:
        """ "**Impact:**" and "**Root cause:**" in the header are the impact and root cause, not Details lines."""
        result = import_text(HEADER.format(status="Final"))
        assert result.incident.impact.summary == "About 4% of card payments timed out for 40 minutes"
        assert result.incident.root_cause.technical == "A connection pool sized for the old gateway"
        details = next(section.body for section in result.sections if section.title == "Details")
        assert "Customer tier:** Enterprise" in details
        assert "Impact" not in details
        assert "Root cause" not in details

    def test_a_trackers_resolution_state_is_no_narrative(self) -> None:
        """A Jira header's "**Resolution:** Fixed" is the ticket's state: no resolution narrative, the line kept."""
        text = "# BLD-7731 – CI failing\n\n**Status:** Resolved\n**Resolution:** Fixed\n**Created:** 2026-10-14 09:22\n"
        result = import_text(text)
        assert "resolution" not in [mapped.target for mapped in result.mapping]
        assert "Resolution:** Fixed" in next(section.body for section in result.sections if section.title == "Details")

    def test_a_type_that_names_no_kind_is_kept(self) -> None:
        """A "Type" cell naming no kind of event ("Observation") is kept with the other columns, not dropped."""
        result = import_text(HEADER.format(status="Final"))
        assert result.incident.timeline[1].kind is not None  # "Decision" is a kind
        kept = next(section.body for section in result.sections if section.title == "Timeline: other columns")
        assert "| 09:12 | Observation |" in kept

    def test_a_shift_logs_time_spans(self) -> None:
        """ "06:00-06:30  Safety meeting" is an event at 06:00 (until 06:30), not 06:00 at a UTC-06:30 offset."""
        text = (
            "# Daily drilling report\n\nDate: 2026-10-14\n\n## Time breakdown\n\n"
            "06:00-06:30  Safety meeting and handover\n06:30-09:15  Drilled ahead to 2,466 m\n"
            "09:15-10:40  Lost circulation; pumped LCM pill\n10:40-12:00  Tripped out to the shoe\n"
        )
        timeline = import_text(text).incident.timeline
        assert [event.time.isoformat() for event in timeline] == [
            "2026-10-14T06:00:00+00:00",
            "2026-10-14T06:30:00+00:00",
            "2026-10-14T09:15:00+00:00",
            "2026-10-14T10:40:00+00:00",
        ]
        assert timeline[3].description == "Tripped out to the shoe (until 12:00)"

    def test_an_iso_offset_stays_an_offset(self) -> None:
        """ "2026-10-14T14:02-05:00" and "09:00 -05:00" (earlier than the time) are zones as before."""
        text = "# Outage\n\n## Timeline\n\n- 2026-10-14T14:02-05:00 alert\n- 2026-10-14T14:30-05:00 fixed\n"
        assert import_text(text).incident.timeline[0].time.isoformat() == "2026-10-14T14:02:00-05:00"

    def test_numbered_steps_key_their_rows(self) -> None:
        """A HACCP record's "Step" column ("1", "2") is no description: the column with the words is."""
        text = (
            "# HACCP deviation\n\nDate: 2026-09-03\n\n## Deviation steps\n\n| Step | Time | What was done |\n|---|---|---|\n"
            "| 1 | 10:05 | Probe read 9 °C at 90 minutes |\n| 2 | 10:10 | Batch held |\n| 3 | 10:40 | Batch discarded |\n"
        )
        assert [event.description for event in import_text(text).incident.timeline] == [
            "Probe read 9 °C at 90 minutes",
            "Batch held",
            "Batch discarded",
        ]

    def test_numbered_steps_with_the_time_in_the_text(self) -> None:
        """ "| 1 | 10:05 Probe read 9 °C |" under "No. | Description": the text after the time, no warning."""
        text = (
            "# HACCP deviation\n\nDate: 2026-09-03\n\n| No. | Description |\n|---|---|\n"
            "| 1 | 10:05 Probe read 9 °C |\n| 2 | 10:10 Batch held |\n| 3 | 10:40 Batch discarded |\n"
        )
        result = import_text(text)
        assert [event.description for event in result.incident.timeline] == [
            "Probe read 9 °C",
            "Batch held",
            "Batch discarded",
        ]
        assert result.warnings == ()


class TestRoundTwentyOnesTuningShapes:
    """Readings the round's own tuning documents (``shapes21``) showed, each general."""

    def test_a_follow_up_heading_with_a_qualifier(self) -> None:
        """An aircraft tech log's "Engineering follow-up" list is its action items, owners and due dates read."""
        result = import_document(DATA / "shapes21" / "u02-aircraft-tech-log.md")
        items = result.incident.action_items
        assert len(items) == 2
        assert items[0].due == date(2026, 11, 30)
        assert all(item.owner for item in items)

    def test_a_follow_up_with_someone_is_a_conversation(self) -> None:
        """ "Scheme manager's follow-up with the reporter" names no action section (the singular only closing one)."""
        text = "# Report\n\nDate: 2026-08-12\n\n## Part 2: Scheme manager's follow-up with the reporter\n\n- Called on 14 August\n"
        result = import_text(text)
        assert result.incident.action_items == ()

    def test_notes_for_tomorrow(self) -> None:
        """A daily report's "NOTES FOR TOMORROW" holds the next day's work: its two items."""
        result = import_document(DATA / "shapes21" / "u05-film-daily-production-report.md")
        assert len(result.incident.action_items) == 2
        assert result.incident.action_items[1].owner == "Location manager"

    def test_a_name_after_a_dash_owns_the_item(self) -> None:
        """A card's checklist "Re-run the export — Priya Shah": Priya Shah owns it, the dash and name left out."""
        result = import_document(DATA / "shapes21" / "u03-kanban-card-history.md")
        items = result.incident.action_items
        assert [item.owner for item in items] == ["Priya Shah", "Tomasz Lis", "Priya Shah"]
        assert items[1].description == "Alert when the export has not finished by 03:00"

    def test_a_dash_before_words_that_are_no_name(self) -> None:
        """ "Add a retry — Postgres only" names no one: the item keeps its words."""
        text = "# Outage\n\nDate: 2026-05-02\n\n## Action items\n\n- Add a retry — postgres only\n- Page the DBA\n"
        assert [item.owner for item in import_text(text).incident.action_items] == [None, None]

    def test_a_log_of_what_was_done_with_who_did_it(self) -> None:
        """An NCR's containment table (| Date | Action | Who |, each date with a clock time) is its timeline."""
        result = import_document(DATA / "shapes21" / "u06-quality-nonconformance-report.md")
        assert [event.time.isoformat()[:16] for event in result.incident.timeline][-3:] == [
            "2026-12-02T10:45",
            "2026-12-02T14:00",
            "2026-12-03T09:00",
        ]

    def test_due_dates_with_an_owner_are_still_no_timeline(self) -> None:
        """ "| Commitment | Owner | Date |" with dates alone are due dates, as before."""
        text = (
            "# Outage\n\n## Summary\n\nThe queue stopped on 2026-05-02.\n\n## Notes\n\n| Commitment | Owner | Date |\n|---|---|---|\n"
            "| Alert on depth | Ana | 2026-05-09 |\n| Runbook | Tom | 2026-05-12 |\n| Load test | Ana | 2026-05-20 |\n"
        )
        assert import_text(text).incident.timeline == ()

    def test_a_club_secretary_owns_an_item(self) -> None:
        """A referee's recommendation "(Harbour Rovers secretary)" is owned by the secretary."""
        result = import_document(DATA / "shapes21" / "u01-referee-match-report.md")
        assert result.incident.action_items[0].owner == "Harbour Rovers secretary"

    def test_an_owner_label_with_a_bracketed_person(self) -> None:
        """ "— Owner: Tech Services (R. Mehta), due 2026-11-30": the owner whole, the dash left out."""
        result = import_document(DATA / "shapes21" / "u02-aircraft-tech-log.md")
        first = result.incident.action_items[0]
        assert first.owner == "Tech Services (R. Mehta)"
        assert first.description == "Fleet inspection of No. 2 bleed valve connectors within 10 days"

    def test_a_role_and_the_person_holding_it(self) -> None:
        """ "(Transport captain, Gil Moreno)": Gil Moreno owns the item, the role kept beside the name."""
        result = import_document(DATA / "shapes21" / "u05-film-daily-production-report.md")
        assert result.incident.action_items[0].owner == "Gil Moreno (Transport captain)"

    def test_an_owner_closing_a_wrapped_item(self) -> None:
        """An item wrapped over two lines reads its closing "(Owner)" as one closing the item."""
        text = (
            "# Outage\n\nDate: 2026-05-02\n\n## Action items\n\n- Inspect the switch room before the next\n"
            "  fixture (Facilities team)\n- Add a floodlight test (Venues officer)\n"
        )
        items = import_text(text).incident.action_items
        assert [item.owner for item in items] == ["Facilities team", "Venues officer"]
        assert items[0].description == "Inspect the switch room before the next fixture"
