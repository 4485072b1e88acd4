"""Round 25's import readings: round 24's left-overs and the shapes round 25's own documents showed.

Each test failed before its change. Round 24's kept-aside documents (``kept24``) are tuning documents
now; round 25's kept-aside documents (``kept25``) are not read here.
"""

from __future__ import annotations

from pathlib import Path

from postmortem.checks._blame._scan import _normalise
from postmortem.importing import import_document, import_text

DATA = Path(__file__).parent / "data"


class TestOwnerThatIsADepartment:
    """An owner that is a department, a place or a thing never becomes a person's name for the checks."""

    def test_a_department_alone_names_no_one(self) -> None:
        names = _normalise(["Maintenance", "stores", "Estates office", "@ops"], people=True)
        assert not {"maintenance", "stores", "estates", "estates office", "office", "ops", "@ops"} & names

    def test_a_person_or_a_role_beside_a_department_stays(self) -> None:
        names = _normalise(["Maintenance planning (Harriet Obi)", "maintenance chief", "Kieran"], people=True)
        assert {"chief", "kieran", "maintenance chief"} <= names
        assert "maintenance" not in names


BOILER = """# Boiler outage

Date: 2026-11-03

## Timeline

- 09:00 boiler trips
- 09:10 Priya pages Amara
- 09:30 Gareth Lloyd resets it, and Kieran checks the valves
- 10:00 heating back

## Actions

- Replace the pressure switch (Priya)
- Gareth will replace the expansion vessel before the frost.
- Check the flue every month - Duty Engineer
- TODO (Amara): add a pressure alarm
- Paint the valve handles (Kieran, before next Saturday's wedding)
- Log the pressure at every handover - it was low for a week
"""


class TestOwners:
    """Round 24's left-over owners: a first name the document gives, a subject with *will*, a role after a hyphen."""

    def owners(self) -> dict[str, str | None]:
        return {item.description: item.owner for item in import_text(BOILER).incident.action_items}

    def test_a_first_name_in_brackets_that_the_document_names(self) -> None:
        assert self.owners()["Replace the pressure switch"] == "Priya"

    def test_an_owner_as_the_subject_with_will(self) -> None:
        assert self.owners()["Gareth will replace the expansion vessel before the frost."] == "Gareth"

    def test_a_capitalised_role_after_a_hyphen(self) -> None:
        assert self.owners()["Check the flue every month"] == "Duty Engineer"

    def test_a_name_in_brackets_after_a_todo_label(self) -> None:
        assert self.owners()["TODO (Amara): add a pressure alarm"] == "Amara"

    def test_a_first_name_then_when_in_words(self) -> None:
        assert self.owners()["Paint the valve handles (before next Saturday's wedding)"] == "Kieran"

    def test_what_names_no_one_stays(self) -> None:
        owners = self.owners()
        assert owners["Log the pressure at every handover - it was low for a week"] is None

    def test_one_word_owners_of_a_list_stay_owners_beside_a_name_the_text_gives(self) -> None:
        """ "(Hannah)" is named in the text: "(Yusuf)" and "(Mei)" beside it still own their items."""
        result = import_document(DATA / "importing" / "kept19" / "r08-standup-action-list.md")
        assert [item.owner for item in result.incident.action_items][:3] == ["Yusuf", "Mei", "Hannah"]


class TestTaskNumbers:
    """An ITIL record's "Task" column holds the tasks' numbers: the items say what the description column says."""

    def test_the_task_number_is_the_id(self) -> None:
        result = import_document(DATA / "importing" / "shapes24" / "y01-itil-problem-record-print-queue.md")
        items = result.incident.action_items
        assert [item.id for item in items] == ["PTASK0012044", "PTASK0012045", "PTASK0012046"]
        assert items[0].description == "Add the port monitor timeout to the print server build standard"
        assert items[0].owner == "Femi Adebayo"


class TestWhereTheTroubleBegins:
    """Round 24's left-over starts: a show going up, and a cause the night before what the summary says began."""

    SHOW = """# Show report: Performance 23

**Date:** Friday 27 November 2026

## Show stop

19:31 Act 1 up, one minute late for the box office queue.
21:26 Revolve did not start on the Act 2 sc. 4 cue. Company held in place.
21:33 Drive reset at the cabinet; revolve tested at crawl speed.
22:11 Curtain down.
"""

    ISSUE = """# Runner cache bucket full

## Summary

From 08:40 UTC on 2 December 2026 pipelines on the shared runners failed at "Restoring cache".

## Timeline

* 2026-12-01 23:15 - nightly cache clean-up job skipped: its schedule was owned by a deactivated account
* 2026-12-02 08:40 - first `Restoring cache` timeouts in `#ci-alerts`
* 2026-12-02 09:24 - quota raised as a stop-gap; new uploads succeed
"""

    def test_a_show_going_up_is_routine(self) -> None:
        started = import_text(self.SHOW).incident.milestones.started
        assert started.isoformat() == "2026-11-27T21:26:00+00:00"

    def test_the_summary_says_when_the_trouble_began(self) -> None:
        result = import_text(self.ISSUE)
        assert result.incident.milestones.started.isoformat() == "2026-12-02T08:40:00+00:00"
        assert any("where the summary says the trouble began" in note for note in result.inferred)
        assert len(result.incident.timeline) == 3  # the skipped job stays an event

    def test_an_earlier_event_naming_trouble_stays_the_start(self) -> None:
        text = self.ISSUE.replace("nightly cache clean-up job skipped", "cache uploads fail for the nightly job")
        assert import_text(text).incident.milestones.started.isoformat() == "2026-12-01T23:15:00+00:00"
