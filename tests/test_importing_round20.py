"""``postmortem import`` in round 20: round 19's left-overs, each reproduced first on a document written for it.

The documents are in earlier rounds' folders (round 18's and 19's kept-aside documents are tuning
documents now) and ``tests/data/importing/shapes20``; the texts built here are written for the
tests, none copied from a real post-mortem. Round 20's kept-aside documents (``kept20``) are not
read here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from postmortem import model
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_text
from postmortem.importing._bounds import MAX_TIMED_LINES, refuse_oversized_shapes

from ._import_work import import_calls

DATA = Path(__file__).parent / "data" / "importing"


def _hhmm(value: datetime | None) -> str | None:
    """A milestone's clock time as written (``None`` where it is not set)."""
    return None if value is None else value.isoformat()[11:16]


def _status_page(first_words: str = "Between 15:04 and 16:15 UTC about 18% of requests failed.") -> str:
    return (
        "# Elevated API errors\n\n"
        "Resolved - This incident has been resolved.\nPosted Nov 04, 2026 - 16:52 UTC\n\n"
        "Monitoring - The fix is out. We are monitoring the results.\nPosted Nov 04, 2026 - 16:20 UTC\n\n"
        "Identified - A load-balancer change removed healthy nodes.\nPosted Nov 04, 2026 - 15:31 UTC\n\n"
        "Investigating - We are seeing elevated 503 errors.\nPosted Nov 04, 2026 - 15:12 UTC\n\n"
        f"## Post-incident report\n\n{first_words}\n"
    )


class TestStatedStart:
    def test_a_status_pages_report_states_an_earlier_start(self) -> None:
        """Round 18's status page: "Between 15:04 and 16:15 UTC ..." under updates from 15:12 starts at 15:04."""
        result = import_document(DATA / "kept18" / "s11-status-page-history.md")
        assert result.incident.milestones.started.isoformat() == "2026-11-04T15:04:00+00:00"
        assert len(result.incident.timeline) == 5  # the stated start is a milestone, not one more event
        assert any("started: 2026-11-04T15:04" in note and "Between 15:04" in note for note in result.inferred)

    @pytest.mark.parametrize(
        ("words", "started", "about"),
        [
            ("From 15:04 UTC customers saw errors on every API call.", "15:04", False),
            ("Since about 14:58 some requests failed.", "14:58", True),
            ("From roughly 3:01 PM UTC requests failed.", "15:01", True),
            # Later than the first update: the first update stays the start.
            ("From 15:30 UTC the errors grew.", "15:12", False),
        ],
    )
    def test_the_reports_words(self, words: str, started: str, about: bool) -> None:
        milestones = import_text(_status_page(words)).incident.milestones
        assert milestones.started.isoformat()[11:16] == started
        assert (milestones.started_accuracy.bound is not None) is about

    @pytest.mark.parametrize(
        "words",
        [
            "Between 14:10 and 14:40 UTC a routine deploy ran.",  # a span over before the first update
            "From 06:02 to 09:14 UTC on 3 November 2026 the same errors were seen.",  # another day's
        ],
    )
    def test_other_spans_are_no_start(self, words: str) -> None:
        assert _hhmm(import_text(_status_page(words)).incident.milestones.started) == "15:12"

    def test_a_timeline_read_from_sentences(self) -> None:
        """A shareholder letter with no timeline: "from 06:40 to 11:15 CEST, customers could not ..." starts it."""
        result = import_document(DATA / "shapes20" / "t09-shareholder-letter.md")
        assert result.incident.milestones.started.isoformat() == "2026-06-04T06:40:00+02:00"

    def test_another_day_is_no_start(self) -> None:
        """A time the day before the first update ("since 23:50", the day is not written) is not taken."""
        page = _status_page("Errors were seen from 23:50 on the evening before.")
        assert import_text(page).incident.milestones.started.isoformat()[11:16] == "15:12"

    @pytest.mark.parametrize(
        ("path", "started"),
        [
            # "Documents uploaded since about 07:40 do not show up" in the first update.
            ("kept19/r03-betterstack-status-report.md", "2026-11-18T07:40:00+01:00"),
            # "From about 13:50 the staging API answered 500" in a Linear card's description.
            ("kept19/r07-linear-activity-feed.md", "2026-12-03T13:50:00+00:00"),
        ],
    )
    def test_since_about_and_from_about(self, path: str, started: str) -> None:
        milestones = import_document(DATA / path).incident.milestones
        assert milestones.started.isoformat() == started
        assert milestones.started_accuracy.bound is model.TimeBound.ABOUT

    def test_a_timeline_that_starts_with_its_first_cause_keeps_it(self) -> None:
        """A summary's "from 09:12" after the timeline's first event changes nothing."""
        text = (
            "# Uploads failed\n\nDate: 2026-09-14\n\n## Summary\n\nFrom 09:12 to 10:03 UTC uploads failed.\n\n"
            "## Timeline (UTC)\n\n- 09:05 Config push starts\n- 09:12 Upload errors climb\n- 09:58 Config reverted\n"
        )
        assert import_text(text).incident.milestones.started.isoformat() == "2026-09-14T09:05:00+00:00"


class TestStatusWordsSetMilestones:
    def test_monitoring_is_where_the_impact_stopped(self) -> None:
        """Round 19's Statuspage history: mitigated at "Monitoring" (13:22), not at "Resolved" (14:05)."""
        milestones = import_document(DATA / "kept19" / "r01-statuspage-incident-history.md").incident.milestones
        assert _hhmm(milestones.mitigated) == "13:22"
        assert _hhmm(milestones.resolved) == "14:05"

    def test_the_status_word_alone_sets_them(self) -> None:
        """An update whose text says nothing of the end ("The fix is out") sets the milestone by its word."""
        result = import_text(_status_page())
        milestones = result.incident.milestones
        assert _hhmm(milestones.mitigated) == "16:20"
        assert _hhmm(milestones.resolved) == "16:52"
        assert any("status page's update says 'Monitoring'" in note for note in result.inferred)

    def test_other_tools_words(self) -> None:
        """Cachet's "Watching" and "Fixed"; "Identified" and "Update" set nothing."""
        page = (
            "# Card payments failing\n\n"
            "**Fixed** · Nov 2, 2026 17:40 UTC\nAll good.\n\n"
            "**Watching** · Nov 2, 2026 17:05 UTC\nA new build is out.\n\n"
            "**Update** · Nov 2, 2026 16:50 UTC\nStill working on it.\n\n"
            "**Identified** · Nov 2, 2026 16:31 UTC\nA certificate expired.\n\n"
            "**Investigating** · Nov 2, 2026 16:20 UTC\nPayments fail.\n"
        )
        milestones = import_text(page).incident.milestones
        assert _hhmm(milestones.mitigated) == "17:05"
        assert _hhmm(milestones.resolved) == "17:40"

    def test_a_stated_milestone_wins(self) -> None:
        """A document that states its milestones keeps them: the stream sets only what is not stated."""
        page = "Mitigated: 2026-11-04 16:00 UTC\n\n" + _status_page()
        milestones = import_text(page).incident.milestones
        assert _hhmm(milestones.mitigated) == "16:00"


class TestTimedLineBound:
    def test_a_price_alone_in_a_cell_is_no_timed_line(self) -> None:
        """10,001 rows of "| 10.50 | ..." under "| Price |" are amounts; under "| Time |" still a log."""
        rows = "".join(f"| 10.50 | order {n} |\n" for n in range(MAX_TIMED_LINES + 1))
        refuse_oversized_shapes("| Price (EUR) | Order |\n|---|---|\n" + rows, None)
        with pytest.raises(IncidentFormatError, match="lines open with a time"):
            refuse_oversized_shapes("| Time (CET) | Event |\n|---|---|\n" + rows, None)

    def test_a_price_table_in_a_document_is_read(self) -> None:
        text = "# Refunds\n\nDate: 2026-10-02\n\n## Impact\n\n| Price | Order |\n|---|---|\n" + "".join(
            f"| 10.50 | order {n} |\n" for n in range(MAX_TIMED_LINES + 1)
        )
        assert import_text(text).incident.title == "Refunds"


class TestIssueTasks:
    def test_a_github_issues_task_list_is_its_action_items(self) -> None:
        """Round 19's GitHub issue: the three tasks at the top of its description, done or not."""
        items = import_document(DATA / "kept19" / "r05-github-issue-timeline.md").incident.action_items
        assert [(item.owner, item.status.value) for item in items] == [
            (None, "done"),
            ("@dchen", "open"),
            ("@mkowalski", "open"),
        ]

    def test_tasks_before_the_first_heading(self) -> None:
        text = (
            "# Leaked API key\n\nDate: 2026-10-07\n\n- [ ] Rotate the key (@lena)\n- [x] Revoke the old token\n\n"
            "## Summary\n\nA key was committed to a public repository.\n"
        )
        items = import_text(text).incident.action_items
        assert [(item.description, item.owner) for item in items] == [
            ("Rotate the key", "@lena"),
            ("Revoke the old token", None),
        ]

    def test_a_checklist_without_owners_stays_text(self) -> None:
        """A list of tasks none of which names an owner or a due date is no list of follow-ups."""
        text = "# Runbook check\n\nDate: 2026-10-07\n\n- [x] Paged the on-call\n- [x] Opened the bridge\n"
        assert import_text(text).incident.action_items == ()


class TestTicketDetection:
    def test_a_support_ticket_is_detection(self) -> None:
        text = (
            "# Checkout errors\n\nDate: 2026-10-05\n\n## Timeline (UTC)\n\n- 09:02 Deploy 5.2 of checkout\n"
            "- 09:14 Ticket #4411 opened by a customer: card payments fail\n- 09:30 Rolled back to 5.1\n"
        )
        detected = import_text(text).incident.milestones.detected
        assert _hhmm(detected) == "09:14"


class TestHostile:
    def test_start_phrases_cost_the_same_each(self) -> None:
        """A summary of thousands of "from about 07:40" phrases: each costs what the one before did."""

        def page(n: int) -> str:
            return (
                "# Slow\n\nDate: 2026-10-05\n\n## Summary\n\n"
                + "From about 07:40 it was slow, and since 07:41 worse. " * n
                + "\n\n## Timeline\n\n- 08:00 Alert\n- 08:30 Fixed\n"
            )

        base, once, twice = (import_calls(page(n)) for n in (100, 1100, 2100))
        assert twice - once <= 1.2 * (once - base)


class TestRoundTwentyShapes:
    """What round 20's own tuning documents showed, each read by a general reading."""

    def test_a_mention_by_name_closing_an_item_is_its_owner(self) -> None:
        """Notion writes a mention as "@Jonas Weber": the owner is the person, the item keeps its words."""
        items = import_document(DATA / "shapes20" / "t01-notion-export-toggles.md").incident.action_items
        assert [(item.owner, item.description) for item in items] == [
            ("Jonas Weber", "Alert on retry queue age over five minutes"),
            ("Priya Nair", "Contract test for the retry delay's unit between the worker and the queue"),
            ("Jonas Weber", "Add the unit to the delay field's name"),
        ]

    def test_a_handle_keeps_its_reading(self) -> None:
        text = "# Slow\n\nDate: 2026-10-05\n\n## Action items\n\n- [ ] Add an alert @lena\n- [ ] Tune the pool @Ana\n"
        items = import_text(text).incident.action_items
        assert [item.owner for item in items] == ["@lena", "@Ana"]

    def test_the_time_of_occurrence_is_the_start(self) -> None:
        """An occurrence report's "Time of occurrence | 14:37 UTC" is when it started, not its first listed event."""
        milestones = import_document(DATA / "shapes20" / "t07-atc-occurrence-report.md").incident.milestones
        assert milestones.started.isoformat() == "2026-08-21T14:37:00+00:00"

    def test_timed_paragraphs_before_the_first_section(self) -> None:
        """A lab notebook's "**08:10** Arrived. ..." paragraphs above its "Next steps:" are its timeline."""
        result = import_document(DATA / "shapes20" / "t08-lab-notebook-page.md")
        assert [event.time.isoformat()[11:16] for event in result.incident.timeline] == [
            "08:10",
            "08:25",
            "08:40",
            "09:55",
            "11:20",
        ]
        assert len(result.incident.action_items) == 2

    def test_a_recordings_offsets_are_no_clock_times(self) -> None:
        """A voice note's transcript: "[00:00:09] So the first page came at 21:58 ..." is an event at 21:58."""
        result = import_document(DATA / "shapes20" / "t06-voice-note-transcript.txt")
        assert [(event.time.isoformat()[11:16], event.description[:24]) for event in result.incident.timeline] == [
            ("21:58", "So the first page came a"),
            ("22:05", "I logged in at about 22:"),
            ("22:20", "At 22:20 I failed the co"),
            ("22:31", "By 22:31 everything was "),
        ]

    def test_a_chat_log_keeps_its_times(self) -> None:
        """Lines opening with a clock time and a speaker ("[14:02:11] petra: ...") are a chat log, not offsets."""
        from postmortem.importing._plain_text import without_recording_offsets

        log = "[14:02:11] petra: errors?\n[14:03:40] jonas: yes\n[14:05:02] petra: rolling back\n"
        assert without_recording_offsets(log) == log
        memo = "[00:00:02] It is late.\n[00:00:09] The page came at 21:58.\n[00:00:17] I logged in.\n"
        assert without_recording_offsets(memo) == "It is late.\nThe page came at 21:58.\nI logged in.\n"
