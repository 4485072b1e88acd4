"""``postmortem import`` on shapes round 16 wrote documents for (``tests/data/importing/shapes16``).

Each document was written for the round (none copied from a real post-mortem); the six kept
aside by the md5 rule are in ``kept16`` and no test reads what the import finds in them. The
documents in the tests below are written for the tests.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from postmortem.importing import ImportResult, import_text
from postmortem.importing._markups import from_markup
from postmortem.model import ActionStatus

from ._import_scoring import DATA, expected

TUNING = DATA / "shapes16"
KEPT = DATA / "kept16"


def _mapped(result: ImportResult) -> dict[str, str]:
    return {mapped.heading: mapped.target for mapped in result.mapping}


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round16:{name}".encode()).hexdigest(), 16) % 3 == 0


class TestTheSplit:
    def test_the_kept_aside_documents_are_the_ones_the_rule_picks(self) -> None:
        """The md5 rule picks every document in kept16 and none in shapes16."""
        kept = sorted(path.name for path in KEPT.glob("*.md"))
        tuning = sorted(path.name for path in TUNING.glob("*.md"))
        assert len(kept) == 6
        assert all(_picked(name) for name in kept)
        assert not any(_picked(name) for name in tuning)
        assert sorted(expected(KEPT.name)) == kept
        assert sorted(expected(TUNING.name)) == tuning


class TestMediaWiki:
    PAGE = """= Boiler lockout at the swimming baths =

'''Date:''' 3 March 2026<br>
'''Severity:''' SEV3

== Summary ==
The pool boiler locked out overnight and the water was too cold to open at 07:00.

== Timeline ==
# 02:10 Boiler locks out on a flame failure.
# 06:30 Duty manager finds the pool at 24 degrees.
# 09:40 Engineer resets the boiler.

== Actions ==
# Fit a remote alarm to the boiler panel. Owner: Estates.
# Add a 05:00 temperature check to the opening list.
## Record the reading in the plant log.

== Notes ==
* The lockout light is behind a locked door.
** Only the engineer holds the key.
"""

    def test_headings_lists_and_bold_are_read_as_markdown(self) -> None:
        """``== X ==`` is a section, ``# item`` a numbered item (not a heading), ``'''x'''`` bold."""
        markdown, markup = from_markup(self.PAGE)
        assert markup == "MediaWiki"
        assert len(markdown.split("\n")) == len(self.PAGE.split("\n"))
        lines = markdown.split("\n")
        assert lines[0] == "# Boiler lockout at the swimming baths"
        assert lines[2] == "**Date:** 3 March 2026 "
        assert "## Timeline" in lines
        assert "1. 02:10 Boiler locks out on a flame failure." in lines
        assert "   1. Record the reading in the plant log." in lines
        assert "   - Only the engineer holds the key." in lines

    def test_numbered_items_are_events_and_action_items(self) -> None:
        """The timeline's and the actions' numbered items are read, nothing becomes a heading."""
        result = import_text(self.PAGE, name="baths")
        incident = result.incident
        assert [event.description for event in incident.timeline] == [
            "Boiler locks out on a flame failure.",
            "Duty manager finds the pool at 24 degrees.",
            "Engineer resets the boiler.",
        ]
        assert len(incident.action_items) == 2
        assert incident.action_items[0].owner == "Estates"
        assert "Record the reading in the plant log" in incident.action_items[1].description
        assert set(_mapped(result).values()) >= {"summary", "timeline", "action_items"}
        assert [section.title for section in result.sections] == ["Notes"]
        assert "Only the engineer holds the key." in result.sections[0].body

    def test_an_infobox_gives_the_metadata_and_a_wiki_table_is_a_table(self) -> None:
        """``{{Infobox | date = ...}}`` fields are metadata lines; ``{| ... |}`` is a Markdown table."""
        page = """{{Infobox incident
| id       = POOL-9
| date     = 2026-03-03
| severity = SEV3
}}
== Timeline ==
{| class="wikitable"
! Time !! Event
|-
| 02:10 || Boiler locks out.
|-
| 06:30 || Pool found cold.
|}

== Summary ==
The boiler locked out.
"""
        markdown, _ = from_markup(page)
        assert len(markdown.split("\n")) == len(page.split("\n"))
        result = import_text(page, name="pool")
        assert result.incident.id == "POOL-9"
        assert result.incident.milestones.started == datetime.fromisoformat("2026-03-03T02:10:00+00:00")
        assert [event.description for event in result.incident.timeline] == ["Boiler locks out.", "Pool found cold."]

    def test_a_markdown_page_is_left_as_it_is(self) -> None:
        """Markdown with ``#`` headings and one ``=`` line is not taken for MediaWiki."""
        text = "# Title\n\n## Summary\n\nx = y\n\n## Timeline\n\n- 10:00 a\n"
        assert from_markup(text) == (text, None)


class TestAsciiDoc:
    PAGE = """= Incident review: parcel lockers refused codes
Lockers team
:revdate: 2026-05-12
:toc:

== Summary

On 10 May the parcel lockers refused valid pickup codes for an hour.

== Timeline

[cols="1,4"]
|===
|Time (CEST) |Event

|14:00
|Code service deployed.

|14:10
|Lockers refuse codes.

|15:05
|Deployment rolled back.
|===

NOTE: The lockers cache codes for one hour.

== Actions

[cols="3,1,1",options="header"]
|===
|Action |Owner |Due
|Test code changes against a locker in staging |Lockers team |2026-06-01
|===

. Tell the couriers when lockers are down
. Publish the locker status page
"""

    def test_sections_tables_and_attributes(self) -> None:
        """``==`` sections, an implicit-header table with rows over several lines, ``:revdate:``."""
        markdown, markup = from_markup(self.PAGE)
        assert markup == "AsciiDoc"
        lines = markdown.split("\n")
        assert len(lines) == len(self.PAGE.split("\n"))
        assert lines[0] == "# Incident review: parcel lockers refused codes"
        assert lines[1] == "Authors: Lockers team"
        assert lines[2] == "Last updated: 2026-05-12"
        assert "| Time (CEST) | Event |" in lines
        assert "| 14:10 | Lockers refuse codes. |" in lines
        assert "**Note:** The lockers cache codes for one hour." in lines
        assert "1. Tell the couriers when lockers are down" in lines

    def test_events_items_and_the_incident_date(self) -> None:
        """The table rows are events on 10 May (the revision date is not the incident's), items read."""
        result = import_text(self.PAGE, name="lockers")
        incident = result.incident
        assert len(incident.timeline) == 3
        assert incident.milestones.started == datetime.fromisoformat("2026-05-10T14:00:00+02:00")
        assert incident.action_items[0].owner == "Lockers team"
        assert incident.action_items[0].due == date(2026, 6, 1)
        assert len(incident.action_items) == 3

    def test_a_table_whose_first_row_has_no_figure_has_it_as_header(self) -> None:
        """``|ID |Action |Owner |Due`` straight above dated rows is the header."""
        page = "= T\n:revdate: 2026-01-02\n\n== Actions\n\n|===\n|ID |Action |Owner |Due\n|A1 |Fix it |Ops |2026-02-01\n|===\n"
        result = import_text(page, name="t")
        assert [item.description for item in result.incident.action_items] == ["Fix it"]
        assert result.incident.action_items[0].owner == "Ops"


class TestOrgMode:
    PAGE = """#+TITLE: Cold store door left open
#+DATE: <2026-07-09 Thu>
#+FILETAGS: :incident:facilities:

* Summary
The cold store door stayed open for two hours and *stock* warmed up.

* Timeline
- <2026-07-08 Wed 23:10> Door propped open for a delivery.
- <2026-07-09 Thu 01:15> Night guard closes the door.

* Actions
** TODO Fit a door-open alarm
   DEADLINE: <2026-07-31 Fri>
   Owner: Facilities
** DONE Move stock to the spare freezer
   CLOSED: [2026-07-09 Thu 02:00]
"""

    def test_keywords_headings_tasks_and_timestamps(self) -> None:
        """``#+TITLE`` is the title line, ``*`` headings sections, ``** TODO`` a task with its deadline."""
        markdown, markup = from_markup(self.PAGE)
        assert markup == "Org-mode"
        lines = markdown.split("\n")
        assert len(lines) == len(self.PAGE.split("\n"))
        assert lines[:3] == ["Title: Cold store door left open", "Date: 2026-07-09", "Tags: incident, facilities"]
        assert "## Timeline" in lines
        assert "- 2026-07-08 23:10 Door propped open for a delivery." in lines
        assert "- [ ] Fit a door-open alarm (Facilities, due 2026-07-31)" in lines
        assert "- [x] Move stock to the spare freezer" in lines
        assert "The cold store door stayed open for two hours and **stock** warmed up." in lines

    def test_the_import(self) -> None:
        """Title, events with their times, the task's owner, due date and done status."""
        result = import_text(self.PAGE, name="cold")
        incident = result.incident
        assert incident.title == "Cold store door left open"
        assert incident.milestones.started == datetime.fromisoformat("2026-07-08T23:10:00+00:00")
        assert len(incident.timeline) == 2
        first, second = incident.action_items
        assert (first.owner, first.due, first.status) == ("Facilities", date(2026, 7, 31), ActionStatus.OPEN)
        assert second.status == ActionStatus.DONE

    def test_markdown_with_star_lists_is_not_org(self) -> None:
        """A Markdown page whose lists use ``*`` bullets is left as it is."""
        text = "# Title\n\n## Summary\n\n* one\n* two\n"
        assert from_markup(text) == (text, None)


class TestDecisionRecordDate:
    def test_an_adr_date_line_is_the_decision_not_the_incident(self) -> None:
        """An ADR's ``Date:`` is when the decision was taken; the incident starts on its context's date."""
        text = """# ADR 7: Cap the retry queue

Date: 2026-03-30
Status: Accepted

## Context

On 21 March the retry queue grew without limit and the workers ran out of memory.

## Decision

The retry queue holds at most 10,000 messages.
"""
        result = import_text(text, name="adr")
        assert result.incident.milestones.started.date() == date(2026, 3, 21)
        assert any("decision record" in note for note in result.inferred)

    def test_context_and_decision_sections_make_a_decision_record_without_the_word(self) -> None:
        """A page with "Context" and "Decision" sections is a decision record whatever its title."""
        text = "# Cap the retry queue\n\nDate: 2026-03-30\n\n## Context\n\nOn 21 March the queue grew.\n\n## Decision\n\nCap it.\n"
        assert import_text(text, name="adr").incident.milestones.started.date() == date(2026, 3, 21)

    def test_a_post_mortem_date_line_still_dates_the_incident(self) -> None:
        """Without a decision record's title or sections, ``Date:`` stays the incident's date."""
        text = "# Queue outage\n\nDate: 2026-03-30\n\n## Summary\n\nOn 21 March we planned the change.\n"
        assert import_text(text, name="q").incident.milestones.started.date() == date(2026, 3, 30)


class TestSeveralIncidentsImportedWhole:
    REPORT = """# Operations review, March 2026

Date: 2026-04-02

## Incident 1: Tills froze at the market stall (7 March)

- 09:05 Tills freeze after an update.
- 09:40 Update rolled back.

Follow-ups:

- [ ] Stage till updates on one till first (@retail-it, due 2026-04-20)

## Incident 2: Card reader offline (19 March)

- 14:00 Card reader loses its SIM connection.
- 14:25 Spare reader swapped in.
- 14:30 Payments taken again.

## Across the month

Both incidents started with a change nobody announced.
"""

    def test_every_incident_section_gives_its_events_on_its_heading_date(self) -> None:
        """Imported whole, each "Incident N" section's timed list is read on the date its heading names."""
        incident = import_text(self.REPORT, name="review").incident
        assert [(event.time.date(), event.description) for event in incident.timeline] == [
            (date(2026, 3, 7), "Tills freeze after an update."),
            (date(2026, 3, 7), "Update rolled back."),
            (date(2026, 3, 19), "Card reader loses its SIM connection."),
            (date(2026, 3, 19), "Spare reader swapped in."),
            (date(2026, 3, 19), "Payments taken again."),
        ]
        assert incident.milestones.started.date() == date(2026, 3, 7)

    def test_a_plain_label_line_before_a_list_reads_its_action_items(self) -> None:
        """ "Follow-ups:" on a line of its own before a task list is read as that section's action items."""
        incident = import_text(self.REPORT, name="review").incident
        assert [(item.description, item.owner) for item in incident.action_items] == [
            ("Stage till updates on one till first", "@retail-it")
        ]

    def test_a_section_that_was_all_lists_keeps_its_title(self) -> None:
        """A section whose lists were all read keeps its heading, saying what was read from it and where."""
        result = import_text(self.REPORT, name="review")
        sections = {section.title: section.body for section in result.sections}
        assert sections["Incident 2: Card reader offline (19 March)"] == (
            "Read into the timeline and action items: 3 timeline events (line 14)."
        )
        assert "Both incidents started" in sections["Across the month"]

    def test_bold_timeline_labels_in_dated_sections(self) -> None:
        """A "**Timeline (GMT).**" label in each dated section: every list is read, each on its section's date."""
        text = """# Store systems, Q2

Date: 2026-07-01

## Scales misread weights — 4 May

**Timeline (GMT).**

- 10:00 Scales show zero.
- 10:30 Scales recalibrated.

## Receipt printer jam — 2 June

**Timeline (GMT).**

- 16:00 Printers jam.
- 16:20 Paper roll replaced.
"""
        incident = import_text(text, name="q2").incident
        assert [event.time.date() for event in incident.timeline] == [date(2026, 5, 4)] * 2 + [date(2026, 6, 2)] * 2

    def test_split_still_gives_one_incident_a_section(self) -> None:
        """``import_split`` gives the parent and one incident a section, as before; the parent has no events."""
        from postmortem.importing import import_split

        parent, first, second = import_split(self.REPORT, name="review")
        assert (first.incident.id, second.incident.id) == ("review-1", "review-2")
        assert first.incident.milestones.started.date() == date(2026, 3, 7)
        assert not parent.incident.timeline


class TestManagementResponsesInProse:
    AUDIT = """# Audit of the stores' cash handling

Report date: 2026-10-05

## Findings

### Finding 1: safes left open

Safes in two stores were found open during the day.

Management response: Agreed. Store managers will close the safe after every cash drop. Owner: Retail operations. Target date: 30 November 2026.

### Finding 2: counts not signed

Cash counts were not countersigned.

**Management response:** Agreed, owner Finance controller, by 15 December 2026. Counts get a second signature line.

## Conclusion

Both findings are agreed.
"""

    def test_each_response_is_an_action_item_with_its_owner_and_due_date(self) -> None:
        """A "Management response:" paragraph under a finding is an action item; the finding stays."""
        result = import_text(self.AUDIT, name="audit")
        items = [(item.description, item.owner, item.due) for item in result.incident.action_items]
        assert items == [
            (
                "Agreed. Store managers will close the safe after every cash drop.",
                "Retail operations",
                date(2026, 11, 30),
            ),
            ("Agreed. Counts get a second signature line.", "Finance controller", date(2026, 12, 15)),
        ]
        kept = " ".join(section.body for section in result.sections) + " ".join(
            factor.description for factor in result.incident.contributing_factors
        )
        assert "Safes in two stores were found open" in kept
        assert "Management response" not in kept

    def test_a_response_without_an_owner_or_date_is_still_an_item(self) -> None:
        """ "Management response: Agreed ..." is kept as an item with its words, no owner or due date.

        (A response that refuses, "Not agreed; the risk is accepted.", was an item here until round 17;
        it is none now: ``test_importing_shapes17.py::TestManagementResponses``.)
        """
        text = "# Audit\n\nDate: 2026-01-10\n\n## Findings\n\nFinding text.\n\nManagement response: Agreed; the form is changed.\n"
        (item,) = import_text(text, name="a").incident.action_items
        assert (item.description, item.owner, item.due) == ("Agreed; the form is changed.", None, None)

    def test_a_sentence_that_mentions_a_response_is_not_one(self) -> None:
        """Prose that only mentions the management response is left where it is."""
        text = "# Audit\n\nDate: 2026-01-10\n\n## Summary\n\nThe management response was agreed in the meeting.\n"
        assert import_text(text, name="a").incident.action_items == ()


class TestIssueTrackerExports:
    ISSUE = """# [SHIP-418] Parcel labels printed without barcodes

Created: 14/Sep/26 8:02 AM

## Description

Labels came out of the depot printers without their barcodes for most of the morning.

Follow-ups:

- [x] Reprint the morning's labels
- [ ] Pin the printer driver version (@depot-it, due 2026-09-30)

## Comments

**Lena Fischer** added a comment - 14/Sep/26 8:15 AM

Depot reports blank barcodes on every label since the first run.

**Omar Said** added a comment - 14/Sep/26 9:40 AM

Driver update overnight changed the barcode font.

Rolled the driver back on one printer to check.

**Omar Said** added a comment - 14/Sep/26 10:05 AM

All printers on the old driver; barcodes print again.
"""

    def test_tracker_dates_are_read_as_day_month_year(self) -> None:
        """``14/Sep/26`` is 14 September 2026; other slashes are left as they are."""
        from postmortem.importing._tool_markdown import tracker_dates

        assert tracker_dates("Created: 14/Sep/26 8:02 AM, 24/7 on call") == "Created: 14 Sep 2026 8:02 AM, 24/7 on call"
        assert tracker_dates("03/mar/2026") == "3 Mar 2026"

    def test_each_comment_is_an_event_by_its_author(self) -> None:
        """The comment thread: one event a comment, at its byline's time, its paragraphs joined."""
        incident = import_text(self.ISSUE, name="ship").incident
        assert [(event.time.isoformat(), event.actor, event.description) for event in incident.timeline] == [
            (
                "2026-09-14T08:15:00+00:00",
                "Lena Fischer",
                "Depot reports blank barcodes on every label since the first run.",
            ),
            (
                "2026-09-14T09:40:00+00:00",
                "Omar Said",
                "Driver update overnight changed the barcode font. Rolled the driver back on one printer to check.",
            ),
            ("2026-09-14T10:05:00+00:00", "Omar Said", "All printers on the old driver; barcodes print again."),
        ]
        assert incident.id == "SHIP-418"

    def test_a_label_before_a_task_list_in_the_description_gives_the_action_items(self) -> None:
        """ "Follow-ups:" and a task list inside a section mapped to the summary: action items, out of the summary."""
        incident = import_text(self.ISSUE, name="ship").incident
        assert [(item.description, item.status) for item in incident.action_items] == [
            ("Reprint the morning's labels", ActionStatus.DONE),
            ("Pin the printer driver version", ActionStatus.OPEN),
        ]
        assert "Reprint" not in incident.summary
        assert "without their barcodes" in incident.summary

    def test_two_comments_are_not_a_thread(self) -> None:
        """Fewer than three comments stay prose where they are."""
        text = self.ISSUE.split("**Omar Said** added a comment - 14/Sep/26 10:05 AM")[0]
        incident = import_text(text, name="ship").incident
        assert incident.timeline == ()


class TestToggles:
    PAGE = """# Ferry tickets sold twice

Date: 2026-06-20

## Summary

Two ticket machines sold the same seats for the 18:00 crossing.

- ▶ Timeline (CEST)

    - 16:05 Machine B loses its link to the seat server.
    - 16:40 Machine B sells seats from its cached map.
    - 17:30 Staff find two passengers with the same seat.

- ▶ Notes from the crew

    The crew seated everyone; nobody missed the crossing.

- A plain item stays an item.
"""

    def test_a_toggle_is_a_heading_and_its_content_a_section(self) -> None:
        """``- ▶ Title`` becomes a heading one level down, its nested lines dedented, line for line."""
        from postmortem.importing._tool_markdown import from_toggles

        lines = from_toggles(self.PAGE).split("\n")
        assert len(lines) == len(self.PAGE.split("\n"))
        assert lines[8] == "### Timeline (CEST)"
        assert lines[10] == "- 16:05 Machine B loses its link to the seat server."
        assert lines[14] == "### Notes from the crew"
        assert lines[16] == "The crew seated everyone; nobody missed the crossing."
        assert lines[18] == "- A plain item stays an item."

    def test_the_toggled_timeline_is_read(self) -> None:
        """The toggle's list is the timeline, in the zone its title names."""
        result = import_text(self.PAGE, name="ferry")
        assert [event.time.isoformat() for event in result.incident.timeline] == [
            "2026-06-20T16:05:00+02:00",
            "2026-06-20T16:40:00+02:00",
            "2026-06-20T17:30:00+02:00",
        ]
        kept = result.incident.summary + " ".join(section.body for section in result.sections)
        assert "nobody missed the crossing" in kept


class TestPandocTables:
    def test_a_multiline_table_is_a_table_line_for_line(self) -> None:
        """Dashes above, a dash run per column under the header, rows over several lines, dashes below."""
        from postmortem.importing._tool_markdown import from_pandoc_tables

        text = """# Actions

  --------------------------------------------
  **Action**              **Owner**   **Due**
  ----------------------- ----------- --------
  Rotate the relay        Infra       2026-05-01
  certificate

  Alert on expiry         Infra       2026-05-15
  --------------------------------------------

After.
"""
        lines = from_pandoc_tables(text).split("\n")
        assert len(lines) == len(text.split("\n"))
        assert lines[2:6] == [
            "| Action | Owner | Due |",
            "|---|---|---|",
            "| Rotate the relay certificate | Infra | 2026-05-01 |",
            "| Alert on expiry | Infra | 2026-05-15 |",
        ]
        assert lines[-2] == "After."

    def test_a_simple_table_and_its_action_items(self) -> None:
        """A header, dash runs, a row a line: read as the action items table under an action heading."""
        text = """# Badge readers offline

Date: 2026-02-02

## Actions

Action                         Owner        Due
------------------------------ ------------ ----------
Add the readers to monitoring  Facilities   2026-03-01
Keep a paper sign-in sheet     Reception    2026-02-09

## Notes

Nothing else.
"""
        items = import_text(text, name="badges").incident.action_items
        assert [(item.description, item.owner, item.due) for item in items] == [
            ("Add the readers to monitoring", "Facilities", date(2026, 3, 1)),
            ("Keep a paper sign-in sheet", "Reception", date(2026, 2, 9)),
        ]

    def test_a_setext_heading_and_a_rule_are_not_tables(self) -> None:
        """A heading underlined with dashes and a lone rule are left as they are."""
        from postmortem.importing._tool_markdown import from_pandoc_tables

        text = "Title\n-----\n\ntext\n\n---\n\nmore - - - text\n"
        assert from_pandoc_tables(text) == text


class TestDueCellsThatSayMore:
    TABLE = """# Pump station alarm missed

Date: 2026-11-03

## Actions

| Action | Owner | Due |
|---|---|---|
| Restore the level telemetry | Control systems | Done for station 4; the rest by 31 January 2027 |
| Add alarm priorities | Operations | February 2027 |
| Call the operator directly | Operations | 2026-12-01 |
| Replace the float switch | Maintenance | 20 November 2026 (done) |
"""

    def test_a_due_cell_with_more_than_a_date_is_kept_as_written(self) -> None:
        """Words beside the date ("Done for station 4; the rest by ...") and a month alone stay with the item
        (round 22: in its description, as written; they were kept under "other columns" by its id)."""
        result = import_text(self.TABLE, name="pump")
        items = result.incident.action_items
        assert [item.due for item in items] == [date(2027, 1, 31), None, date(2026, 12, 1), date(2026, 11, 20)]
        assert items[0].description.endswith("(Due: Done for station 4; the rest by 31 January 2027)")
        assert items[1].description == "Add alarm priorities (Due: February 2027)"
        assert items[2].description == "Call the operator directly"

    def test_done_in_the_due_cell_is_the_status_where_no_column_says_it(self) -> None:
        """The due column's "20 November 2026 (done)" marks the item done; "Done for station 4; ..." does not."""
        items = import_text(self.TABLE, name="pump").incident.action_items
        assert [item.status for item in items] == [
            ActionStatus.OPEN,
            ActionStatus.OPEN,
            ActionStatus.OPEN,
            ActionStatus.DONE,
        ]


class TestEntriesWrittenAsHeadings:
    def test_a_heading_that_opens_with_a_time_and_goes_on_is_an_event(self) -> None:
        """Under a timeline, "### 2026-05-02 09:10 Door stuck open" is an entry; a bare date heading still dates."""
        text = """# Door fault

Date: 2026-05-02

## Timeline

### 2026-05-02 09:10 Door stuck open

Staff propped it.

### 3 May 2026

- 10:00 Engineer fixes the door.
"""
        result = import_text(text, name="door")
        assert [(event.time.isoformat(), event.description) for event in result.incident.timeline] == [
            ("2026-05-02T09:10:00+00:00", "Door stuck open"),
            ("2026-05-03T10:00:00+00:00", "Engineer fixes the door."),
        ]
        assert [(section.title, section.body) for section in result.sections] == [
            ("Timeline (notes)", "Staff propped it.")
        ]

    def test_org_log_entries_as_headings_keep_their_words(self) -> None:
        """An Org file whose log entries are headings (``** [2026-05-02 Sat 09:10] ...``) reads them as events."""
        text = "#+TITLE: Door fault\n\n* Log\n** [2026-05-02 Sat 09:10] Door stuck open\n** [2026-05-02 Sat 11:00] Door fixed\n"
        incident = import_text(text, name="door").incident
        assert [event.description for event in incident.timeline] == ["Door stuck open", "Door fixed"]


class TestOddInput:
    def test_headings_with_runs_of_spaces_and_unclosed_marks(self) -> None:
        """Trailing spaces after a MediaWiki heading, an unclosed one, Org tags: read as written, no error."""
        text = "== Summary ==   \n== Timeline\n\nx\n== Notes ==\n"
        lines = from_markup(text)[0].split("\n")
        assert lines[0] == "## Summary"
        assert lines[1] == "== Timeline"
        org = "#+TITLE: t\n* Summary    :incident:email:\n* Log\n"
        assert from_markup(org)[0].split("\n")[1] == "## Summary"

    def test_a_pandoc_table_wider_than_any_post_mortem_is_left_as_text(self) -> None:
        """A line of more than thirty dash runs is not taken for a table's columns."""
        from postmortem.importing._tool_markdown import from_pandoc_tables

        text = "a\n" + "--- " * 40 + "\nx\n"
        assert from_pandoc_tables(text) == text
