"""``postmortem import`` on shapes round 16 wrote documents for (``tests/data/importing/shapes16``).

Each document was written for the round (none copied from a real post-mortem); the six kept
aside by the md5 rule are in ``kept16`` and no test reads what the import finds in them. The
documents in the tests below are written for the tests.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from pathlib import Path

from postmortem.importing import ImportResult, import_text
from postmortem.importing._markups import from_markup
from postmortem.model import ActionStatus

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "importing"
TUNING = DATA / "shapes16"
KEPT = DATA / "kept16"


def _expected(folder: Path) -> dict[str, dict[str, object]]:
    with (folder / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


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
        assert sorted(_expected(KEPT)) == kept
        assert sorted(_expected(TUNING)) == tuning


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
