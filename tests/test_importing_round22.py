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
