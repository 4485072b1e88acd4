"""Headings and header lines written in the shapes an author reported importing badly (round 8).

Each shape is also in a development document written for it (``tests/data/importing/dev``,
``d33``-``d38``); these tests pin the rule behind each one on short documents, and what the
rules must not catch.
"""

from __future__ import annotations

from datetime import date

import pytest

from postmortem.importing import import_text
from postmortem.importing._table import normalise, table
from postmortem.importing._times import leading_time


class TestHeadingVariants:
    @pytest.mark.parametrize(
        ("heading", "target"),
        [
            ("Impact & Metrics", "impact"),
            ("2. Impact and metrics", "impact"),
            ("5. Root cause and contributory factors", "root_cause"),
            ("Contributory factors", "contributing_factors"),
            ("Chain A: why did the export stop?", "root_cause"),
            ("Chain 2 - Why was the alert missing?", "root_cause"),
            ("Why was this not caught in review?", "process_cause"),
            ("Why didn't we catch it in staging?", "process_cause"),
            ("Chain B: why didn’t the retry recover it?", "root_cause"),
            ("Chain C: why the export stalled", "root_cause"),
            ("Q7. What are we changing?", "action_items"),
            ("Q3: How was it fixed?", "resolution"),
            ("Q4) How did we find out?", "detection"),
            ("How it was caught", "detection"),
            ("What's going to change", "action_items"),
            ("What’s going to change", "action_items"),
            ("Appendix: timeline (CET)", "timeline"),
            ("Appendix B - Timeline", "timeline"),
            ("Overview of the event", "summary"),
            ("Summary of the outage", "summary"),
            ("Themes", "lessons_learned"),
            ("Opportunities", "action_items"),
            ("Annex A – Chronology (PDT)", "timeline"),
            ("Q: What was the impact?", "impact"),
            ("Q: What caused it?", "root_cause"),
            ("What did we learn?", "lessons_learned"),
            ("What will we do differently?", "action_items"),
            ("II. Customer impact & duration", "impact"),
        ],
    )
    def test_maps(self, heading: str, target: str) -> None:
        """Numbering, "&", a question's number and order, a label before a colon, "Appendix:"."""
        assert table().section(heading) == target

    @pytest.mark.parametrize(
        "heading",
        [
            "Incident 1: API latency spike (April 3)",
            "Incident 2 – Failed password resets",
            "Appendix",
            "Q and A",
            "Our apology",
            "About this review",
            "Background",
            "What was the weather like",
        ],
    )
    def test_does_not_map(self, heading: str) -> None:
        """A label before a colon is dropped only when what follows names a section."""
        assert table().section(heading) is None

    def test_the_question_number_is_numbering(self) -> None:
        assert normalise("Q7. What are we changing?") == "what are we changing"


class TestQuestionsAndAppendix:
    def test_a_qa_write_up_fills_its_fields(self) -> None:
        """An action table under "Q2. What are we changing?" and a timeline in "Appendix: timeline (CET)"."""
        text = (
            "# Q&A: login errors\n\nDate: 3 March 2026\n\n## Q1. What happened?\n\nLogins failed.\n\n"
            "## Q2. What are we changing?\n\n| Action | Owner |\n|---|---|\n| Add a canary | Ana Ruiz |\n\n"
            "## Appendix: timeline (CET)\n\n- 09:12 Config pushed\n- 09:40 Config rolled back\n"
        )
        incident = import_text(text).incident
        assert [item.owner for item in incident.action_items] == ["Ana Ruiz"]
        assert [event.time.isoformat() for event in incident.timeline] == [
            "2026-03-03T09:12:00+01:00",
            "2026-03-03T09:40:00+01:00",
        ]

    def test_a_numbered_list_of_changes_in_an_email(self) -> None:
        """A bold "What's going to change" with a numbered list gives one action item per entry."""
        text = (
            "From: Ana Ruiz <ana@example.com>\nTo: eng@example.com\nSubject: Slow checkout on 7 October 2026\n\n"
            "Hi all,\n\nCheckout was slow.\n\n**How it was caught**\n\nThe latency alert fired.\n\n"
            "**What's going to change**\n\n1. Cache the tax lookup (Ana Ruiz).\n2. Load test with big accounts.\n"
        )
        result = import_text(text)
        assert len(result.incident.action_items) == 2
        assert result.incident.detection.notes.startswith("The latency alert fired")
        assert [m.target for m in result.mapping if m.heading == "(preamble)"] == ["summary"]


class TestSummaryFallback:
    def test_an_introduction_is_the_summary_where_nothing_else_is(self) -> None:
        text = "# T\n\nDate: 2026-05-04\n\n## Introduction\n\nUploads failed.\n\n## Root cause\n\nA bad hash.\n"
        result = import_text(text)
        assert [m.target for m in result.mapping if m.heading == "Introduction"] == ["summary"]

    def test_not_where_text_comes_before_the_first_heading(self) -> None:
        text = "# T\n\nDate: 2026-05-04\n\nUploads failed.\n\n## Introduction\n\nWe run an upload service.\n"
        result = import_text(text)
        assert [m.target for m in result.mapping if m.heading in ("(preamble)", "Introduction")] == [
            "summary",
            "section",
        ]

    def test_a_first_free_form_section_gives_the_date(self) -> None:
        """A retro whose only Date line is the meeting's: the date comes from its first section."""
        text = (
            "# Retro\n\nFacilitated by: Noor Aziz\nDate: Thursday 12 March 2026\n\n## Background\n\n"
            "On Monday, March 9, we switched providers.\n\n## Timeline\n\n- Mon 09:00 Switch enabled\n"
        )
        incident = import_text(text).incident
        assert incident.timeline[0].time.date() == date(2026, 3, 9)


class TestHeaderLines:
    def test_a_pipe_line_ending_with_a_zone_note(self) -> None:
        """ "Severity: SEV2 | Date: 9 June 2026 · All times CEST" is read as metadata and a zone."""
        text = "# T\n\nSeverity: SEV2 | Date: 9 June 2026 · All times CEST\n\n## Timeline\n\n- 14:02 Restart\n"
        incident = import_text(text).incident
        assert incident.severity is not None
        assert incident.severity.name == "SEV2"
        assert incident.timeline[0].time.isoformat() == "2026-06-09T14:02:00+02:00"

    def test_a_zone_note_alone_is_not_a_metadata_line(self) -> None:
        text = "# T\n\nAll times CEST.\n\n## Timeline\n\n- 14:02 Restart on 9 June 2026\n"
        assert "All times CEST." in import_text(text).incident.summary

    def test_a_date_without_a_year_in_the_summary(self) -> None:
        """ "On Monday, April 13," takes the year of the first full date (a "Written" line)."""
        text = (
            "# T\n\nWritten 17 April 2026.\n\n## Summary\n\nOn Monday, April 13, exports stopped.\n\n"
            "## Timeline\n\n- 02:10 Export stops\n"
        )
        incident = import_text(text).incident
        assert incident.timeline[0].time.date() == date(2026, 4, 13)

    @pytest.mark.parametrize(("label", "day"), [("Date", 20), ("Incident date", 22)])
    def test_a_review_meetings_date(self, label: str, day: int) -> None:
        """A bare "Date:" beside the facilitator is when the review met; "Incident date:" stays the incident's."""
        text = (
            f"# Learning review\n\nFacilitator: Tove Lindahl\n{label}: 22 January 2026\nAttendees: Jun Park\n\n"
            "## Summary\n\nOn Tuesday, January 20, sign-ins failed.\n\n## Timeline\n\n- 08:03 Sign-ins fail\n"
        )
        incident = import_text(text).incident
        assert incident.timeline[0].time.date() == date(2026, 1, day)

    def test_an_emails_date_line_is_not_the_incidents(self) -> None:
        """The incident's date comes from the text ("on 7 October"), not from the e-mail's Date header."""
        text = (
            "From: Ana Ruiz <ana@example.com>\nTo: eng@example.com\nSubject: Slow checkout\n"
            "Date: Thu, 8 Oct 2026 09:30:00 +0200\n\nHi all,\n\nCheckout was slow on 7 October.\n\n"
            "**What happened**\n\n- 14:05 Tax change released\n- 14:25 Latency alert\n- 15:02 Rolled back\n"
        )
        incident = import_text(text).incident
        assert incident.ordered_timeline[0].time.date() == date(2026, 10, 7)


class TestPeople:
    def test_one_team_in_brackets_at_the_end_is_everyones(self) -> None:
        """ "Hana Kim, Omar Said (storage team)": both in the storage team."""
        text = "# T\n\nDate: 2026-05-04\nParticipants: Hana Kim, Omar Said (storage team)\n\n## Summary\n\nIt broke.\n"
        people = [(p.name, p.role, p.team) for p in import_text(text).incident.participants]
        assert people == [("Hana Kim", "", "storage team"), ("Omar Said", "", "storage team")]

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("Hana Kim, Omar Said (DBA on-call)", [("Hana Kim", "", None), ("Omar Said", "DBA on-call", None)]),
            ("Hana Kim (payments), Omar Said (storage)", [("Hana Kim", "", "payments"), ("Omar Said", "", "storage")]),
        ],
    )
    def test_a_role_or_several_brackets_stay_with_their_person(
        self, line: str, expected: list[tuple[str, str, str | None]]
    ) -> None:
        text = f"# T\n\nDate: 2026-05-04\nParticipants: {line}\n\n## Summary\n\nIt broke.\n"
        people = [(p.name, p.role, p.team) for p in import_text(text).incident.participants]
        assert people == expected


class TestDayNames:
    def test_entries_opening_with_a_day_of_the_week(self) -> None:
        """ "Wed 18 Nov:" is that date; "Sat 22:12" is the next Saturday from the entry before; "Sun" follows."""
        text = (
            "# T\n\nDate: 18 November 2026\n\n## Timeline (UTC)\n\n- Wed 18 Nov: broker upgraded\n"
            "- Wed 18 Nov 16:40: queue grows\n- Fri 20 Nov: partners report delays\n"
            "- Sat 21:35 on-call paged\n- Saturday, 22:12 prefetch restored\n- Sun 03:10 queue empty\n"
        )
        incident = import_text(text).incident
        assert [(event.time.isoformat(), event.description) for event in incident.ordered_timeline] == [
            ("2026-11-18T00:00:00+00:00", "broker upgraded"),
            ("2026-11-18T16:40:00+00:00", "queue grows"),
            ("2026-11-20T00:00:00+00:00", "partners report delays"),
            ("2026-11-21T21:35:00+00:00", "on-call paged"),
            ("2026-11-21T22:12:00+00:00", "prefetch restored"),
            ("2026-11-22T03:10:00+00:00", "queue empty"),
        ]

    @pytest.mark.parametrize("entry", ["Saturday night the queue drained", "Sat 3 servers restarted", "Sun: quiet"])
    def test_a_day_name_without_a_clock_time_is_not_a_time(self, entry: str) -> None:
        assert leading_time(entry, table(), date(2026, 11, 18)) is None

    def test_a_day_name_is_linear_in_time(self) -> None:
        """A long run of day names and spaces is read (or not) at once, not by backtracking."""
        assert leading_time("Sat " * 20_000 + "x", table(), date(2026, 11, 18)) is None


class TestCauseAndFactors:
    def test_the_lists_are_the_factors_and_the_prose_the_cause(self) -> None:
        """Under "Root cause and contributory factors": prose is the root cause, a flat list the factors."""
        text = (
            "# T\n\nDate: 2026-06-09\n\n## 5. Root cause and contributory factors\n\nThe workers exited.\n\n"
            "- Exits were logged at debug level.\n- The upgrade ran at peak.\n"
        )
        result = import_text(text)
        incident = result.incident
        assert incident.root_cause.technical == "The workers exited."
        assert [factor.description for factor in incident.contributing_factors] == [
            "Exits were logged at debug level.",
            "The upgrade ran at peak.",
        ]
        assert [m.target for m in result.mapping] == ["root_cause", "contributing_factors"]

    @pytest.mark.parametrize("heading", ["Root cause and contributing factors", "Root cause", "Root cause and impact"])
    def test_a_list_alone_stays_the_root_cause(self, heading: str) -> None:
        """A section that is only a list (five whys), or whose heading names no factors, is the root cause."""
        text = f"# T\n\nDate: 2026-06-09\n\n## {heading}\n\n- Why? A lock.\n- Why? A drain.\n"
        incident = import_text(text).incident
        assert "A lock." in incident.root_cause.technical
        assert incident.contributing_factors == ()


class TestLongRuns:
    def test_long_runs_of_spaces_in_headings_and_metadata_lines(self) -> None:
        """Label, zone-note, person and bracket patterns stay linear: long space runs import at once."""
        spaces = " " * 100_000
        text = (
            f"# T\n\nDate: 2026-06-09 | Severity: SEV2 | All times UTC{spaces}x\nOwner: a{spaces}b\n"
            f"Participants: a{spaces}b (x) y, c{spaces}(d)\n\n"
            f"## Chain A{spaces}: why did it stop?\n\nIt stopped.\n\n## Timeline{spaces}(UTC)\n\n- 10:00 Stop\n"
        )
        result = import_text(text)
        assert len(result.incident.timeline) == 1
        assert result.incident.root_cause.technical == "It stopped."
