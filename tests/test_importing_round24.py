"""Round 24's import readings: round 23's left-overs and the shapes round 24's own documents showed.

Each test failed before its change. Round 23's kept-aside documents (``kept23``) are tuning documents
now; round 24's kept-aside documents (``kept24``) are not read here.
"""

from __future__ import annotations

from pathlib import Path

from postmortem.importing import import_document, import_text

DATA = Path(__file__).parent / "data"


def _times(result: object) -> list[str]:
    return [event.time.strftime("%d %H:%M") for event in result.incident.timeline]  # type: ignore[attr-defined]


class TestWorkNotesNewestFirst:
    """A service desk ticket's work notes, written newest first under their writer and time."""

    TICKET = """# INC0041877 - Staff car park exit barrier stuck closed

## Work notes

2026-11-03 10:42:05 - Sam Patel (Work notes)
Contractor confirms the loop detector card was replaced. Ticket resolved.

2026-11-03 09:20:13 - Sam Patel (Work notes)
Barrier Services Ltd engineer on site.

2026-11-03 08:06:02 - Ruth Adeyemi (Work notes)
Security report the barrier has not read permits since about 07:45.
"""

    def test_each_note_is_an_event_by_its_writer(self) -> None:
        result = import_text(self.TICKET)
        assert len(result.incident.timeline) == 3
        assert {event.actor for event in result.incident.timeline} == {"Sam Patel", "Ruth Adeyemi"}

    def test_the_timeline_is_in_time_order_and_the_report_says_so(self) -> None:
        result = import_text(self.TICKET)
        assert _times(result) == ["03 08:06", "03 09:20", "03 10:42"]
        assert result.incident.timeline[0].description.startswith("Security report")
        assert any("newest first" in note and "time order" in note for note in result.inferred)

    def test_a_list_written_newest_first_is_read_oldest_first(self) -> None:
        text = "# T\n\nDate: 2026-05-04\n\n## Timeline (UTC)\n\n- 11:40 Resolved\n- 11:05 Fix deployed\n- 09:58 Alert\n"
        result = import_text(text)
        assert [event.description for event in result.incident.timeline] == ["Alert", "Fix deployed", "Resolved"]
        assert result.warnings == ()

    def test_the_problem_record_starts_at_the_patch(self) -> None:
        result = import_document(DATA / "importing" / "shapes24" / "y01-itil-problem-record-print-queue.md")
        assert len(result.incident.timeline) == 5
        assert result.incident.milestones.started.isoformat() == "2026-11-16T22:10:00+00:00"


class TestFourDigitTimes:
    """A ship's log or a report in the 24-hour clock writes "0640" and "at 1915"."""

    def test_a_log_of_four_digit_times_is_read(self) -> None:
        result = import_document(DATA / "importing" / "kept23" / "x11-ferry-ramp-hydraulic-fault.md")
        assert _times(result) == ["08 06:40", "08 06:52", "08 07:00", "08 07:25", "08 08:10", "08 08:34", "08 09:05"]
        assert result.incident.timeline[3].description.startswith("Foot passengers")  # "Foot" is no unit

    def test_four_digit_times_in_sentences_are_events(self) -> None:
        result = import_document(DATA / "importing" / "shapes24" / "y06-research-cruise-winch-incident.md")
        times = _times(result)
        assert {"22 09:38", "22 09:41", "22 19:15", "22 23:05"} <= set(times)
        assert result.incident.milestones.started.isoformat() == "2026-11-22T09:38:00+00:00"

    def test_a_span_of_readings_is_no_span_of_times(self) -> None:
        """ "swing between 2.1 and 4.8 tonnes" does not make "At 0938 ..." a span."""
        result = import_document(DATA / "importing" / "shapes24" / "y06-research-cruise-winch-incident.md")
        assert any(event.description.startswith("At 0938 the winch") for event in result.incident.timeline)

    def test_only_a_document_that_writes_its_times_so(self) -> None:
        from postmortem.importing._four_digits import writes_four_digit_times

        assert writes_four_digit_times("0640 Arrived\n0652 Ramp stuck\n0700 Engineer down\n")
        assert writes_four_digit_times("On station at 0540. Stopped at 0941. Back by 1230.")
        assert not writes_four_digit_times("- 2019 founded\n- 2020 moved\n- 2021 grew\n")  # years
        assert not writes_four_digit_times("at 1200 m, at 1500 rpm and at 0900 users")  # counts
        assert not writes_four_digit_times("0640 Arrived\n0652 Ramp stuck\n07:00 x\n07:10 y\n07:20 z\n")

    def test_counts_stay_counts(self) -> None:
        text = "# T\n\nDate: 2026-05-04\n\n## Timeline\n\n- 0640 Arrived\n- 0652 Ramp stuck\n- 0700 1200 m of hose checked\n"
        assert _times(import_text(text)) == ["04 06:40", "04 06:52", "04 07:00"]
        plain = "# T\n\nDate: 2026-05-04\n\n## Timeline\n\n- 10:02 deploy\n- 10:30 2000 users saw errors\n"
        assert _times(import_text(plain)) == ["04 10:02", "04 10:30"]


class TestProseBesideAShortTimeline:
    """Sentences after a short timeline, in its section, that tell what happened after its last entry."""

    def test_the_school_trip_form_reads_the_calls_after_the_timeline(self) -> None:
        result = import_document(DATA / "importing" / "shapes22" / "v12-school-trip-incident-form.md")
        assert _times(result)[-2:] == ["06 12:20", "06 12:25"]
        assert len(result.incident.timeline) == 7

    def test_a_recap_elsewhere_is_not_an_event_again(self) -> None:
        text = (
            "# T\n\nDate: 2026-05-04\n\n## Summary\n\nThe queue stalled at 10:40 and was drained by 11:50.\n\n"
            "## Timeline\n\n- 10:02 deploy\n- 10:30 alert\n- 10:45 rollback\n\n## Lessons\n\nWe met at 15:00.\n"
        )
        assert _times(import_text(text)) == ["04 10:02", "04 10:30", "04 10:45"]

    def test_a_denied_since_is_no_stated_start(self) -> None:
        """ "No duplicates since 11:26" in the next day's comment is when the trouble ended."""
        result = import_document(DATA / "importing" / "shapes22" / "v07-jira-ticket-comment-export.md")
        assert result.incident.milestones.started.isoformat() == "2026-12-01T17:48:00+00:00"


class TestActionsWrittenInsideOtherText:
    """Requests in a deviations list, minutes' "ACTION:" lines and "(me)" closing a comment's follow-ups."""

    def test_a_deviations_list_gives_its_requests(self) -> None:
        result = import_document(DATA / "importing" / "shapes22" / "v10-laboratory-notebook-deviations.md")
        owners = [item.owner for item in result.incident.action_items]
        assert owners == ["Hugo Marchetti", "Dr Sunita Bhatt", "Facilities"]
        assert (
            result.incident.action_items[2].description == "Facilities: restore the chamber's alarm relay to the BMS."
        )
        assert "Deviations" in [section.title for section in result.incident.sections]  # the entries stay

    def test_an_action_line_names_its_owner_in_the_sentence(self) -> None:
        text = (
            "# Minutes\n\nDate: 17 November 2026\n\n## 2. Gala\n\nMark noted the lid was cracked.\n\n"
            "ACTION: Mark to replace the seal before the December gala.\n\n"
            "ACTION: Bleed valve connector found loose, cleaned and refitted.\n"
        )
        items = import_text(text).incident.action_items
        assert [(item.description, item.owner) for item in items] == [
            ("Mark to replace the seal before the December gala.", "Mark")
        ]

    def test_the_committee_minutes_give_three_items(self) -> None:
        result = import_document(DATA / "importing" / "shapes23" / "x05-swimming-gala-timing-failure.md")
        assert [item.owner for item in result.incident.action_items] == ["Mark", "Ibrahim", "Committee"]

    def test_me_in_a_comments_follow_ups_is_its_writer(self) -> None:
        result = import_document(DATA / "importing" / "shapes22" / "v07-jira-ticket-comment-export.md")
        first, _second, third = result.incident.action_items
        assert (first.description, first.owner) == ("Remove the legacy sender and its flag", "Marta Lindgren")
        assert "Closing" not in third.description  # the comment goes on after its list


class TestRoutineFirstRows:
    """The normal work of the day before anything goes wrong is not the incident's start."""

    def test_the_pharmacy_review_starts_at_the_wrong_label(self) -> None:
        """ "09:40 Prescription screened ...; weekly dosing confirmed on the chart" is the day's routine."""
        result = import_document(DATA / "importing" / "shapes23" / "x01-hospital-pharmacy-dispensing-near-miss.md")
        assert result.incident.milestones.started.isoformat() == "2026-11-14T10:55:00+00:00"
        assert len(result.incident.timeline) == 5  # the routine row stays an event
        assert any("after 1 routine entries" in note for note in result.inferred)

    def test_normal_opening_rows_in_other_folders(self) -> None:
        starts = {
            "shapes23/x05-swimming-gala-timing-failure.md": "2026-11-14T10:42:00+00:00",  # warm-up, ran to time
            "shapes22/v12-school-trip-incident-form.md": "2026-10-06T11:30:00+00:00",  # the group set off
            "kept22/v04-harbour-master-incident-book.md": "2026-11-19T07:05:00+00:00",  # made fast at the berth
            "shapes24/y07-filled-template-instructions-left.md": "2026-12-03T07:30:00+00:00",  # normal trading
        }
        for name, start in starts.items():
            assert import_document(DATA / "importing" / name).incident.milestones.started.isoformat() == start, name

    def test_the_usual_run_that_fails_is_still_the_start(self) -> None:
        text = (
            "# Export\n\nDate: 2026-03-03\n\n## Timeline (UTC)\n\n- 02:00 Export ran as usual\n"
            "- 02:40 Export failed: disk full\n- 08:14 Issue created\n"
        )
        assert import_text(text).incident.milestones.started.isoformat() == "2026-03-03T02:00:00+00:00"


class TestSavedPageTrail:
    """A saved intranet page's breadcrumb trail above its title."""

    def test_the_title_and_date_of_a_sharepoint_page(self) -> None:
        result = import_document(DATA / "importing" / "shapes24" / "y04-sharepoint-page-badge-readers.html")
        assert result.incident.title == "door badge readers offline at Harbour House"
        assert result.incident.milestones.started.isoformat() == "2026-11-25T07:48:00+00:00"  # not the page's date
        details = next(section.body for section in result.incident.sections if section.title == "Details")
        assert details.startswith("Facilities Hub > Site Pages")
        assert "Facilities Hub" not in (result.incident.summary or "")


class TestNoMarkupInImportedText:
    """A bold label's markers never reach an event's or an item's text."""

    def test_the_walk_through_remarks_start_with_their_words(self) -> None:
        result = import_document(DATA / "blameless_documents_v22" / "17-dc-walkthrough-checklist.md")
        descriptions = [event.description for event in result.incident.timeline]
        assert descriptions[0].startswith('item 1. CRAC B4 showing "high head pressure" alarm')
        assert descriptions[1].startswith("Temperature alarm on BMS")
        assert not any("**" in text or text[:1] in ",." for text in descriptions)

    def test_a_bold_owner_label_leaves_no_marker(self) -> None:
        result = import_document(DATA / "importing" / "shapes24" / "y04-sharepoint-page-badge-readers.html")
        first, second = result.incident.action_items[:2]
        assert (first.owner, second.owner) == ("Priya Nandakumar", "Security team")
        assert not any("**" in item.description for item in result.incident.action_items)
