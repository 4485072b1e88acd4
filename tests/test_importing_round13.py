"""``postmortem import`` on shapes round 13 fixed by their cause, each in a document written here.

Every document below was written for its test (none is copied from a real post-mortem); each
shows one structure the import read wrongly before: a letterhead above the title, an action or
timeline heading one level down under a section of another kind, action headings outside the
word list, times inside prose sentences, numbered thread posts in a block quote, untimed lines
in a timed list, an 8D report's D6 repeating D5, and a chat message's date.
"""

from __future__ import annotations

import pytest

from postmortem.importing import ImportResult, import_text


def _import(text: str) -> ImportResult:
    return import_text(text, "markdown", name="doc")


def _mapped(result: ImportResult, heading: str) -> list[str]:
    return [mapped.target for mapped in result.mapping if mapped.heading == heading]


LETTERHEAD = """\
**Harbourline Pumps Ltd.**
Dock Road 9, Eastport

To: Site services, Millbrook Brewery
Date: 4 March 2026

# Service report: glycol pump stopped overnight, 2-3 March 2026

Dear site services team,

this report explains the stop of the glycol pump on your fermenter line.

## 1. What happened

The pump stopped at 23:10 when its inverter tripped on over-temperature.

## 2. Timeline (GMT)

| Time | Event |
|---|---|
| 2 Mar 23:10 | Inverter trips; pump stops |
| 3 Mar 05:40 | Brewer on the early shift finds tank 4 warm |
| 3 Mar 06:15 | Our engineer resets the inverter; pump runs |

## 3. Changes already made

1. The inverter cabinet has a second fan. (Done 3 March.)
2. An over-temperature alarm now rings the brewery's duty phone.
"""


class TestLetterheadAboveTheTitle:
    def test_the_heading_after_a_bold_letterhead_is_the_title_and_its_sections_are_read(self) -> None:
        """A bold sender line and an address before the title: the title is the title, not a section."""
        result = _import(LETTERHEAD)
        assert result.incident.title == "Service report: glycol pump stopped overnight, 2-3 March 2026"
        assert _mapped(result, "2. Timeline (GMT)") == ["timeline"]
        assert len(result.incident.timeline) == 3
        assert [item.description for item in result.incident.action_items] == [
            "The inverter cabinet has a second fan. (Done 3 March.)",
            "An over-temperature alarm now rings the brewery's duty phone.",
        ]

    def test_a_document_that_opens_with_prose_keeps_its_first_heading_a_section(self) -> None:
        """Only a letterhead (short lines, one in bold) moves the title: a paragraph of prose does not."""
        text = "Some notes written on 2026-01-05, before the heading, as a summary would be.\n\n# What happened\n\n## Timeline\n\n- 10:00 a\n"
        result = _import(text)
        assert _mapped(result, "What happened") != []
        assert result.incident.title != "What happened"


NESTED = """\
# Bakery delivery vans sent to a closed depot (2026-06-18)

## Summary

Eleven vans started their rounds from the old depot, which had closed the evening before.

## Part 2: what the route team found

The depot list in the planner still named the old depot as open.

### Sequence of events (CEST)

- 04:10 the planner publishes the morning rounds
- 04:35 the first driver arrives at the closed depot
- 04:50 the dispatcher re-sends the rounds from the new depot

### Actions

| Action | Owner | Due |
|---|---|---|
| Close a depot in the planner on the day it closes | Route team | 2026-06-25 |
| Show each round's start depot on the driver's app | App team | 2026-07-09 |

## Weekly notes

### Van 7 — tyre change

**Follow-ups.**

1. Order two spare tyres for the electric vans (Fleet desk, by 2026-06-30)
2. Add the tyre supplier's night number to the dispatcher's sheet (Dispatcher lead, by 2026-06-22)

The van was back on the road by noon.
"""


class TestListsOneLevelDown:
    def test_a_timeline_and_actions_under_a_section_of_another_kind_are_read(self) -> None:
        """h3 "Sequence of events" and "Actions" under an h2 that maps to nothing: read, the h2's prose kept."""
        result = _import(NESTED)
        assert [event.description for event in result.incident.timeline] == [
            "the planner publishes the morning rounds",
            "the first driver arrives at the closed depot",
            "the dispatcher re-sends the rounds from the new depot",
        ]
        owners = [item.owner for item in result.incident.action_items]
        assert owners[:2] == ["Route team", "App team"]
        kept = {section.title: section.body for section in result.incident.sections}
        assert "still named the old depot" in kept["Part 2: what the route team found"]
        assert "Close a depot" not in kept["Part 2: what the route team found"]

    def test_a_bold_follow_ups_label_before_a_list_inside_a_section(self) -> None:
        """ "**Follow-ups.**" and a numbered list inside an h3: action items; the paragraph after it stays."""
        result = _import(NESTED)
        items = result.incident.action_items
        assert [item.owner for item in items[2:]] == ["Fleet desk", "Dispatcher lead"]
        assert [str(item.due) for item in items[2:]] == ["2026-06-30", "2026-06-22"]
        kept = {section.title: section.body for section in result.incident.sections}
        assert "back on the road by noon" in kept["Weekly notes"]


class TestHostileShapes:
    def test_long_runs_in_an_items_closing_parenthesis_import_at_once(self) -> None:
        """The "(Owner, date)" reading and the bold-label split stay linear on long runs of spaces and commas."""
        spaces = " " * 50_000
        commas = "(a," * 20_000
        text = (
            f"# T\n\nDate: 2026-06-09\n\n## Notes\n\n**Follow-ups.**\n\n- Fix it (Ops{spaces}, by{spaces}2026-06-30)\n"
            f"- Then {commas} x)\n- Last (A{spaces}\n"
        )
        result = _import(text)
        assert len(result.incident.action_items) == 3
        assert result.incident.action_items[0].due is None or str(result.incident.action_items[0].due) == "2026-06-30"


def _action_document(heading: str) -> str:
    return (
        "# Ferry ticket gates rejected season passes (2026-04-02)\n\n"
        "## What happened\n\nThe gates read every season pass as expired for two hours.\n\n"
        f"## {heading}\n\n"
        "- Load the pass list before the first sailing (Gate team, by 2026-04-10)\n"
        "- Let the gate staff open a gate for a pass the list lacks (Terminal manager, by 2026-04-17)\n"
    )


class TestActionHeadingsByTheirGrammar:
    @pytest.mark.parametrize(
        "heading",
        [
            "Actions for the summer timetable",
            "Actions before Friday's sailings",
            "Part C. Further actions",
            "D2. Internal actions",
            "Safety recommendations",
            "Passenger actions already taken",
            "Actions agreed at the debrief",
            "For next season",
            "Next month",
            "What we'll change",
            "What will be done so this does not happen again",
            "How we will prevent a repeat",
            "Section 4: Commitments agreed",
            "Changes we will make",
        ],
    )
    def test_a_heading_that_names_follow_up_work_is_the_action_items(self, heading: str) -> None:
        """A follow-up noun with a qualifier, a future of doing or changing, or "next <time>": action items."""
        result = _import(_action_document(heading))
        assert _mapped(result, heading) == ["action_items"]
        assert [item.owner for item in result.incident.action_items] == ["Gate team", "Terminal manager"]

    @pytest.mark.parametrize(
        "heading",
        [
            "Actions taken",
            "Actions of the gate staff",
            "Immediate actions",
            "Containment actions",
            "Changes shipped this week",
            "What will passengers see",
            "Why actions were late",
        ],
    )
    def test_a_heading_about_what_was_done_or_asked_is_not(self, heading: str) -> None:
        """What responders did, a question, or changes with no future: not the action items."""
        result = _import(_action_document(heading))
        assert _mapped(result, heading) != ["action_items"]
        assert result.incident.action_items == ()


PROSE_TIMES = """\
# Swimming pool closed by a dosing fault (2026-08-14)

## What happened

The chlorine dosing pump is checked every morning at 06:00. At 06:12 the duty attendant found the
reading at zero and closed the pool. The maintenance contractor was called at 06:20 and arrived at
about 07:05. Why was the pump not checked at 05:30? The checklist starts at 06:00. By 08:40 a
spare pump was running, and the pool reopened at 09:15 after two clear tests.

Swimmers were kept out between 06:12 and 09:15. The contractor will service both pumps at 18:00.
If the spare had failed, the pool would have stayed shut past 12:00. The attendant had been on shift
since 05:45.

## Impact

From 06:12 to 09:15 about 40 early swimmers were turned away.

**Nell Okafor** · 14 Aug 2026 at 10:02
"""


class TestTimesInProse:
    def test_sentences_that_say_what_happened_at_a_time_are_the_timeline(self) -> None:
        """With no timed list anywhere, each sentence with "at/by/about HH:MM" that tells an event is one."""
        result = _import(PROSE_TIMES)
        times = [event.time.isoformat() for event in result.incident.timeline]
        # "called at 06:20 and arrived at about 07:05", "By 08:40 ..., and the pool reopened at 09:15":
        # a second clause with its own time is a second event (round 17; one a sentence before).
        assert times == [
            "2026-08-14T06:12:00+00:00",
            "2026-08-14T06:20:00+00:00",
            "2026-08-14T07:05:00+00:00",
            "2026-08-14T08:40:00+00:00",
            "2026-08-14T09:15:00+00:00",
        ]
        assert result.incident.timeline[0].description.startswith("At 06:12 the duty attendant found")

    def test_no_event_from_a_schedule_a_span_a_question_a_plan_or_a_byline(self) -> None:
        """ "every morning at 06:00", "between 06:12 and 09:15", "...at 05:30?", "will ... at 18:00", "since": none."""
        result = _import(PROSE_TIMES)
        described = " ".join(event.description for event in result.incident.timeline)
        for words in ("every morning", "between", "Why was", "will service", "would have", "since", "Nell"):
            assert words not in described

    def test_the_sentences_stay_in_their_section(self) -> None:
        """The events are a reading of the prose: "What happened" keeps every sentence."""
        result = _import(PROSE_TIMES)
        assert "At 06:12 the duty attendant found" in result.incident.root_cause.technical

    def test_a_document_with_a_timeline_reads_no_prose_times(self) -> None:
        """Prose times repeat a timeline where there is one: only its entries are events."""
        text = PROSE_TIMES + "\n## Timeline\n\n- 06:12 pool closed\n- 09:15 pool reopened\n- 10:00 report written\n"
        result = _import(text)
        assert [event.description for event in result.incident.timeline] == [
            "pool closed",
            "pool reopened",
            "report written",
        ]

    def test_a_time_before_the_sentence_before_it_is_the_next_day_within_twelve_hours(self) -> None:
        """ "At 22:40 ... At 01:15 ...": the second is after midnight, as a list's entries are."""
        text = (
            "# Night bus tracker stopped (2026-03-02)\n\n## What happened\n\nAt 22:40 the tracker feed stopped "
            "updating. The night controller restarted the feed at 01:15 and buses showed again.\n"
        )
        times = [event.time.isoformat() for event in _import(text).incident.timeline]
        assert times == ["2026-03-02T22:40:00+00:00", "2026-03-03T01:15:00+00:00"]

    def test_long_runs_in_prose_import_at_once(self) -> None:
        """Sentence splitting, the time patterns and line counting stay linear on long paragraphs."""
        sentences = "At 10:01 it ran. " * 20_000
        runs = "at " * 30_000 + "at" + " " * 50_000 + "10:00 x. " + "a" * 50_000 + "ed at 10:02."
        text = f"# T\n\nDate: 2026-06-09\n\n## What happened\n\n{sentences}\n\n{runs}\n"
        result = _import(text)
        assert [event.time.isoformat() for event in result.incident.timeline][:1] == ["2026-06-09T10:01:00+00:00"]


THREAD = """\
# Choir concert tickets oversold (2026-05-09)

## The thread we posted

> 1/ 18:02 Doors are delayed: some seats were sold twice and we are sorting it out.

> **2/** 18:15 Everyone with a ticket will get a seat; we are adding a row at the back.

> 3/ 18:31 Doors are open. Thank you for waiting.

> 4/4 21:40 Concert over. We will write up what went wrong with the seat map.

## Why

The seat map was copied from last year's layout, which had one more row.

## Actions

- Check the seat map against the hall's plan before sales open (Box office, by 2026-06-01)
"""


class TestThreadPosts:
    def test_numbered_thread_posts_quoted_one_by_one_are_the_timeline(self) -> None:
        """ "> 1/ 18:02 ...", "> **2/** 18:15 ...": one event a post, the post's number left out."""
        result = _import(THREAD)
        assert [(event.time.isoformat(), event.description) for event in result.incident.timeline] == [
            ("2026-05-09T18:02:00+00:00", "Doors are delayed: some seats were sold twice and we are sorting it out."),
            ("2026-05-09T18:15:00+00:00", "Everyone with a ticket will get a seat; we are adding a row at the back."),
            ("2026-05-09T18:31:00+00:00", "Doors are open. Thank you for waiting."),
            ("2026-05-09T21:40:00+00:00", "Concert over. We will write up what went wrong with the seat map."),
        ]

    def test_quotes_that_are_not_timed_posts_stay_apart(self) -> None:
        """Reply quotes without times are not joined and give no events."""
        text = THREAD.replace("> 1/ 18:02", "> One").replace("> **2/** 18:15", "> Two").replace("> 3/ 18:31", "> Three")
        result = _import(text)
        assert result.incident.timeline == ()


class TestUntimedEntries:
    def test_an_entry_without_a_time_in_a_timed_list_is_kept_not_an_event_at_midnight(self) -> None:
        """ "By then the tank was cold." between timed entries: in the timeline's notes, not at 00:00."""
        text = (
            "# Cold store alarm (2026-02-03)\n\n## Timeline\n\n- Mon 2 Feb: new door seal fitted.\n"
            "- The seal was the supplier's second design.\n- 21:40 temperature alarm.\n"
            "- By then the store was at 4 degrees.\n- 22:15 door closed properly, store cooling again.\n"
        )
        result = _import(text)
        assert [(event.time.isoformat(), event.description) for event in result.incident.timeline] == [
            ("2026-02-02T00:00:00+00:00", "new door seal fitted."),
            ("2026-02-02T21:40:00+00:00", "temperature alarm."),
            ("2026-02-02T22:15:00+00:00", "door closed properly, store cooling again."),
        ]
        notes = {section.title: section.body for section in result.incident.sections}["Timeline (notes)"]
        assert "By then the store was at 4 degrees." in notes
        assert "second design" in notes

    def test_a_list_of_untimed_entries_under_a_date_heading_is_that_days(self) -> None:
        """No entry writes a time: under "### 2026-02-02" each entry is an event of that day."""
        text = "# Cold store (2026-02-03)\n\n## Timeline\n\n### 2026-02-02\n\n- seal fitted\n- seal checked\n"
        result = _import(text)
        assert [event.time.isoformat() for event in result.incident.timeline] == [
            "2026-02-02T00:00:00+00:00",
            "2026-02-02T00:00:00+00:00",
        ]


EIGHT_D = """\
# 8D: pallets shipped with the wrong stretch film (2026-09-14)

## D4: Root cause

The film roll's lot number was not scanned at the wrapper.

## D5: Permanent corrective actions

1. Wrapper refuses to start until the film roll's lot is scanned.
2. Film storage split by width, each bay labelled.

## D6: Implementation and verification

| Action | Responsible | Planned | Status |
|---|---|---|---|
| D5-1 scan interlock on the wrapper | Maintenance | 2026-10-01 | Done |
| D5-2 storage split | Warehouse lead | 2026-10-15 | Open |
| Audit the other two wrappers for the same gap | Maintenance | 2026-10-20 | Open |
"""


class TestActionsReportedOnAgain:
    def test_a_later_section_that_reports_on_earlier_items_by_reference_adds_no_item(self) -> None:
        """D6's "D5-1 ...", "D5-2 ..." rows are D5's items with their owner, date and status; a new row is new."""
        items = _import(EIGHT_D).incident.action_items
        assert [(item.description[:30], item.owner, str(item.due), item.status.value) for item in items] == [
            ("Wrapper refuses to start until", "Maintenance", "2026-10-01", "done"),
            ("Film storage split by width, e", "Warehouse lead", "2026-10-15", "open"),
            ("Audit the other two wrappers f", "Maintenance", "2026-10-20", "open"),
        ]

    def test_a_reference_past_the_items_of_its_section_is_an_item_of_its_own(self) -> None:
        """ "D5-7" where D5 has two items refers to nothing read: the row is kept as an item."""
        text = EIGHT_D.replace("| D5-2 storage split", "| D5-7 storage split")
        assert len(_import(text).incident.action_items) == 4


class TestTaggedEntries:
    def test_a_meeting_bots_tag_before_each_entry_leaves_the_entrys_own_date_and_time(self) -> None:
        """ "INFO: 2026-04-02 21:10: ..." in minutes written on 2026-04-09: the event is on 2 April at 21:10."""
        text = (
            "# Allotment society committee, 2026-04-09: water timer review\n\n## Timeline\n\n"
            "- INFO: 2026-04-02 21:10: main tap timer stuck open\n"
            "- INFO: 2026-04-03 06:30: plot holders find the lower path flooded\n"
            "- INFO: 2026-04-03 07:05: water board turns the supply off at the meter\n"
        )
        result = _import(text)
        assert [(event.time.isoformat(), event.description) for event in result.incident.timeline] == [
            ("2026-04-02T21:10:00+00:00", "main tap timer stuck open"),
            ("2026-04-03T06:30:00+00:00", "plot holders find the lower path flooded"),
            ("2026-04-03T07:05:00+00:00", "water board turns the supply off at the meter"),
        ]


class TestIncidentTables:
    def test_a_table_of_other_incidents_by_date_is_not_the_timeline(self) -> None:
        """ "| Date | Sev | Summary |" in a quarterly review lists incidents, each with its own timeline."""
        text = (
            "# Library systems: quarterly review, Q2 2026\n\n## Overview\n\nThree incidents this quarter.\n\n"
            "## Appendix: smaller incidents\n\n| Date | Sev | Summary |\n|---|---|---|\n"
            "| 2026-04-03 | 3 | Catalogue search slow for an hour |\n| 2026-05-11 | 3 | Self-checkout kiosk offline |\n"
            "| 2026-06-19 | 2 | Room booking e-mails late |\n"
        )
        assert _import(text).incident.timeline == ()
