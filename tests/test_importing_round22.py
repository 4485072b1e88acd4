"""Round 22's import readings: round 21's left-overs and the shapes round 22's own documents showed.

Each test failed before its change. Round 21's kept-aside documents (``kept21``) are tuning documents
now; round 22's kept-aside documents (``kept22``) are not read here.
"""

from __future__ import annotations

from datetime import date

from postmortem.importing import import_text


class TestTextAsWritten:
    """A number written with ``#`` stays in the item's words; an unread due date stays with its item."""

    ITEMS = """# Freezer excursion

Date: 2026-03-10

## Actions

- Connect freezer #2's alarm to the on-call phone (KM, by 13 March)
- Replace pump #2 seal before the next run (JT)
- Fix issue #45 in the sampler first (JT)
- Bump the timeout (@hsu) #4410
- Add a floor to the autoscaler (#4179)
"""

    def test_a_numbered_thing_is_no_tracker_key(self) -> None:
        """ "freezer #2's alarm" and "pump #2 seal" keep "#2" (it was read as the tracker key and cut out)."""
        items = import_text(self.ITEMS, name="freezer").incident.action_items
        assert items[0].description == "Connect freezer #2's alarm to the on-call phone"
        assert items[0].tracker_key is None
        assert items[1].description == "Replace pump #2 seal before the next run"
        assert items[1].tracker_key is None

    def test_an_issue_reference_is_still_read(self) -> None:
        """ "issue #45" in the sentence is the key and stays in the words; a closing "#4410" or "(#4179)" is taken out."""
        items = import_text(self.ITEMS, name="freezer").incident.action_items
        assert (items[2].description, items[2].tracker_key) == ("Fix issue #45 in the sampler first", "#45")
        assert (items[3].description, items[3].tracker_key, items[3].owner) == ("Bump the timeout", "#4410", "@hsu")
        assert (items[4].description, items[4].tracker_key) == ("Add a floor to the autoscaler", "#4179")

    def test_a_due_cell_the_import_cannot_read_stays_with_its_item(self) -> None:
        """ "Raised 27/11, chase monthly" under "Due" is in the item's words, not only under "other columns"."""
        text = """# Wrong prescription

Date: 2026-11-12

## Actions

| Action | Owner | Due |
|---|---|---|
| Ask the supplier to show allergy alerts | Lucy Evans | Raised 27/11, chase monthly |
| Re-audit prescriptions | Gemma Hart | 2026-12-20 |
"""
        result = import_text(text, name="sea")
        items = result.incident.action_items
        assert items[0].description == "Ask the supplier to show allergy alerts (Due: Raised 27/11, chase monthly)"
        assert (items[1].description, items[1].due) == ("Re-audit prescriptions", date(2026, 12, 20))
        assert not [section for section in result.sections if section.title == "Action items: other columns"]


class TestRoutineFirstEntries:
    """A log that opens with routine entries starts at the first entry after them."""

    def test_a_shift_start_and_a_position_report_are_not_the_start(self) -> None:
        """ "06:00 Shift start" and a deck log's midnight "Course 012°, speed 14 kn" are the day's context."""
        text = """# Press 2 stoppage

Date: 2026-12-01

## Log

- 06:00 Shift start, 12 operators on the line
- 06:10 Course 012, speed 14 kn, wind SW 6
- 07:55 Feed roller jammed; press stopped
- 08:30 Running again
"""
        result = import_text(text, name="press")
        assert result.incident.milestones is not None
        assert result.incident.milestones.started.strftime("%H:%M") == "07:55"
        assert any("after 2 routine entries" in line for line in result.inferred)

    def test_a_routine_word_with_trouble_is_the_start(self) -> None:
        """A kick-off that names a setback ("Kick-off delayed: floodlights fail") is where it started."""
        text = """# Floodlights

Date: 2026-11-14

## Timeline

- 15:00 Kick-off delayed: floodlights fail on the south stand
- 15:38 Lights back
"""
        milestones = import_text(text, name="match").incident.milestones
        assert milestones is not None
        assert milestones.started.strftime("%H:%M") == "15:00"

    def test_a_log_of_routine_entries_only_starts_at_its_first(self) -> None:
        """Where every entry is routine the first is still the start."""
        text = """# Quiet shift

Date: 2026-11-14

## Log

- 06:00 Shift start
- 14:00 Shift change
"""
        milestones = import_text(text, name="quiet").incident.milestones
        assert milestones is not None
        assert milestones.started.strftime("%H:%M") == "06:00"


class TestOwnersWrittenFirst:
    """Owners written before the item, in a "Lead" column or after a dash as a role."""

    ITEMS = """# Steering pump

Date: 2026-11-28

## Follow-up

1. Chief engineer: correct the PMS lubrication interval for both steering pump motors.
2. Superintendent (D. Hansen): check sister vessels' PMS entries by 15/12/2026.
3. Crane supervisor to record every wind stand-down in the crane log.
4. EVC (Rachel Burrows) to add buddy pairs to the risk assessment template.
5. Move the team to the new rota.
6. Note: the pump was replaced twice this year.
7. Add a reminder to the beach safety board — Community Safety Partner, by end of November.
8. Kwame Asante to be taken off the rota for a month.
"""

    def test_a_role_or_person_before_a_colon_or_to_is_the_owner(self) -> None:
        """The item's words stay as written; the owner is read from them (it was none)."""
        items = import_text(self.ITEMS, name="deck").incident.action_items
        assert [item.owner for item in items[:4]] == [
            "Chief engineer",
            "D. Hansen (Superintendent)",
            "Crane supervisor",
            "Rachel Burrows (EVC)",
        ]
        assert (
            items[0].description
            == "Chief engineer: correct the PMS lubrication interval for both steering pump motors."
        )
        assert items[1].due == date(2026, 12, 15)

    def test_words_that_name_no_one_are_no_owner(self) -> None:
        """Words like "Move the team to ..." (an article), "Note:" and "X to be taken off ..." (done to X) name no owner."""
        items = import_text(self.ITEMS, name="deck").incident.action_items
        assert [item.owner for item in items[4:6]] == [None, None]
        assert items[7].owner is None

    def test_a_role_after_a_dash_is_the_owner(self) -> None:
        """ "— Community Safety Partner, by end of November": the role owns it; when stays in the words."""
        item = import_text(self.ITEMS, name="deck").incident.action_items[6]
        assert item.owner == "Community Safety Partner"
        assert item.description == "Add a reminder to the beach safety board, by end of November."

    def test_a_lead_column_and_a_timescale(self) -> None:
        """An action table's "Lead" is the owner and its "Timescale" the due date, under "What has been changed?"."""
        text = """# Significant Event Analysis

Date of event: 12 November 2026

## What happened?

A prescription was issued for a drug the patient is allergic to.

## What has been changed?

| Action | Lead | Timescale |
|---|---|---|
| Verbal allergy check before every prescription | All clinicians | 1 December 2026 |
| Re-audit prescriptions | Gemma Hart | Three months |
"""
        items = import_text(text, name="sea").incident.action_items
        assert [(item.owner, item.due) for item in items] == [
            ("All clinicians", date(2026, 12, 1)),
            ("Gemma Hart", None),
        ]
        assert items[1].description == "Re-audit prescriptions (Timescale: Three months)"


class TestExerciseAndReportShapes:
    """A label holding an entry's time, department notes that ask for work, and more action headings."""

    def test_a_label_holding_the_time_leads_the_entry(self) -> None:
        """A tabletop exercise's "**Inject 1 (09:30):** ..." entries are events at their times (they gave none)."""
        text = """# Tabletop exercise

Exercise date: 17 September 2026

## Injects and responses

- **Inject 1 (09:30):** Help desk reports users cannot open shared files.
- **Inject 2 (09:55):** A ransom note is found on the share.
- **Inject 3 (10:20):** A journalist calls the switchboard.
"""
        incident = import_text(text, name="tabletop").incident
        assert [event.time.strftime("%H:%M") for event in incident.timeline] == ["09:30", "09:55", "10:20"]
        assert "Inject 1" in incident.timeline[0].description
        assert "Help desk reports users cannot open shared files." in incident.timeline[0].description

    def test_department_notes_that_ask_for_work_are_action_items(self) -> None:
        """ "**Lighting:** Please can ... (Production LX, Kit)" is an item Kit owns; "No notes." stays a note."""
        text = """# Show report

Date: 10 November 2026

## Show notes

- 20:14 — LX: cue 88 did not fire from the desk.

## Department notes

**Lighting:** Please can the electrician check the DMX node before tomorrow's show. (Production LX, Kit)

**Wardrobe:** No notes.
"""
        result = import_text(text, name="show")
        (item,) = result.incident.action_items
        assert item.owner == "Kit (Production LX)"
        assert item.description.startswith("Lighting: Please can the electrician check the DMX node")
        (notes,) = [section for section in result.sections if section.title == "Department notes"]
        assert "No notes." in notes.body
        assert "DMX node" not in notes.body

    def test_more_action_headings(self) -> None:
        """ "Issues / instructions", "Follow-up action required (by whom, by when)" and "Notes for day shift"."""
        for heading in ("Issues / instructions", "Follow-up action required (by whom, by when)", "Notes for day shift"):
            text = f"""# Crane stand-down at Block C

Date: 21 October 2026

## {heading}

- Re-fix the sheeting on the north elevation before Friday (Owen Price)
- Record every wind stand-down in the crane log
"""
            items = import_text(text, name="diary").incident.action_items
            assert len(items) == 2, heading
            assert items[0].owner == "Owen Price"

    def test_instructions_for_a_procedure_are_no_action_section(self) -> None:
        """ "Instructions for restoring the database" is a procedure, not follow-up work."""
        text = """# Restore

Date: 21 October 2026

## Instructions for restoring the database

- Stop the writer
- Restore the snapshot
"""
        assert import_text(text, name="restore").incident.action_items == ()

    def test_many_issue_references_in_one_item_stay_linear(self) -> None:
        """An item of many "#N" is read in bounded time (each reference reads only the words just before it)."""
        text = "# Many\n\nDate: 2026-03-10\n\n## Actions\n\n- Fix " + "thing #7 " * 20000 + "now\n"
        (item,) = import_text(text, name="many").incident.action_items
        assert item.tracker_key is None
        assert item.description.count("#7") == 20000
