"""``postmortem import`` on shapes round 15 wrote documents for (``tests/data/importing/shapes15``).

Each document was written for the round (none copied from a real post-mortem); the four kept
aside by the md5 rule are in ``kept15`` and no test reads what the import finds in them.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from postmortem.errors import IncidentFormatError
from postmortem.importing import ImportResult, import_text
from postmortem.importing._code_cells import code_table
from postmortem.importing._grid_tables import from_grid_tables
from postmortem.importing._latex import from_latex
from postmortem.importing._times import ordinal_day

from ._import_scoring import DATA, expected

TUNING = DATA / "shapes15"
KEPT = DATA / "kept15"


def _mapped(result: ImportResult) -> dict[str, str]:
    return {mapped.heading: mapped.target for mapped in result.mapping}


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round15:{name}".encode()).hexdigest(), 16) % 3 == 0


class TestTheSplit:
    def test_the_kept_aside_documents_are_the_ones_the_rule_picks(self) -> None:
        """Of the twelve documents written for the round, the md5 rule picks exactly the four in kept15."""
        kept = sorted(path.name for path in KEPT.glob("*.md"))
        tuning = sorted(path.name for path in TUNING.glob("*.md"))
        assert len(kept) + len(tuning) == 12
        assert all(_picked(name) for name in kept)
        assert not any(_picked(name) for name in tuning)
        assert sorted(expected(KEPT.name)) == kept
        assert sorted(expected(TUNING.name)) == tuning

    def test_every_document_has_both_counts(self) -> None:
        """Events and action items were counted for each document, as whole numbers."""
        for folder in (KEPT, TUNING):
            for name, counts in expected(folder.name).items():
                assert isinstance(counts["events"], int), name
                assert isinstance(counts["action_items"], int), name


NOTEBOOK = """\
# boiler-check.ipynb

*Exported to Markdown on 12 January 2026.*

## Boiler 2 tripped on low water pressure

**Incident window:** Thursday 8 January 2026 05:40 to Thursday 8 January 2026 07:05

### Timeline

- 05:40 Boiler 2 trips on low pressure.
- 06:15 Night porter calls the heating engineer.
- 07:05 Pressure topped up and the boiler relit.

### Impact

Three wards were cold for ninety minutes.
"""


class TestAFileNameIsNoTitle:
    def test_the_heading_under_a_notebooks_file_name_is_the_title(self) -> None:
        """ "# boiler-check.ipynb" then "## Boiler 2 tripped ...": the second heading is the title, the third level the sections."""
        result = import_text(NOTEBOOK, "markdown")
        assert result.incident.title == "Boiler 2 tripped on low water pressure"
        assert {mapped.heading: mapped.target for mapped in result.mapping}["Impact"] == "impact"

    def test_a_title_with_a_dot_in_its_words_stays_the_title(self) -> None:
        """ "# Release 2.4 broke sign-in" has spaces: a title, not a file name."""
        text = NOTEBOOK.replace("# boiler-check.ipynb", "# Release 2.4 broke sign-in")
        assert import_text(text, "markdown").incident.title == "Release 2.4 broke sign-in"

    def test_a_file_name_with_two_headings_under_it_at_one_level_stays(self) -> None:
        """Where two headings share the next level, neither is the title: the file name is kept."""
        text = NOTEBOOK.replace("### Timeline", "## Timeline")
        assert import_text(text, "markdown").incident.title == "boiler-check.ipynb"


class TestTheIncidentWindow:
    def test_the_windows_start_dates_the_times_not_the_export_date(self) -> None:
        """Events are on 8 January (the window), not 12 January (the export); started is 05:40."""
        result = import_text(NOTEBOOK, "markdown")
        assert {event.time.date() for event in result.incident.timeline} == {date(2026, 1, 8)}
        assert result.incident.milestones.started.isoformat() == "2026-01-08T05:40:00+00:00"

    def test_a_window_with_no_timeline_gives_the_start(self) -> None:
        """With no timed entries, the window's start is the incident's start, to the minute."""
        text = NOTEBOOK.split("### Timeline", maxsplit=1)[0] + "### Impact\n\nThree wards were cold.\n"
        result = import_text(text, "markdown")
        assert result.incident.timeline == ()
        assert result.incident.milestones.started.isoformat() == "2026-01-08T05:40:00+00:00"
        assert "started from the document's 'window' line" in result.inferred


CELL_ACTIONS = """\
# Label printer jammed during the Saturday rush

Date: 2026-02-07

## Follow-ups

```python
followups = pd.DataFrame([
    ("Keep a spare roll of labels at the counter", "Shift lead", "2026-02-20"),
    ("Ask the vendor about the sensor that misreads glossy rolls", "Store manager", "2026-03-06"),
], columns=["Action", "Owner", "Due"])
```
"""


class TestACodeCellTable:
    def test_a_data_frame_of_follow_ups_built_in_code_is_the_action_items(self) -> None:
        """Each row of the literal table is an item, its owner and due date from their columns."""
        items = import_text(CELL_ACTIONS, "markdown").incident.action_items
        assert [(item.description, item.owner, str(item.due)) for item in items] == [
            ("Keep a spare roll of labels at the counter", "Shift lead", "2026-02-20"),
            ("Ask the vendor about the sensor that misreads glossy rolls", "Store manager", "2026-03-06"),
        ]

    def test_a_list_of_dicts_is_read_too(self) -> None:
        """``[{"action": ..., "owner": ...}, ...]`` with the same keys in every row."""
        rows = code_table('todo = pd.DataFrame([{"action": "Relabel the drawer", "owner": "Stores"},\n'
                          '                     {"action": "Add a check", "owner": "QA"}])')  # fmt: skip
        assert rows == [["action", "owner"], ["Relabel the drawer", "Stores"], ["Add a check", "QA"]]

    @pytest.mark.parametrize(
        "code",
        [
            'df = pd.DataFrame(rows, columns=["action", "owner"])',  # rows are not written out
            'df = pd.DataFrame([("a", owner)], columns=["action", "owner"])',  # a name, not a literal
            'df = pd.DataFrame([("a", "b", "c")], columns=["action", "owner"])',  # a row of another length
            'df = pd.DataFrame([("a", "b")], columns=["action", "owner"]',  # does not parse
            "x = (" * 5000 + ")" * 5000,  # nesting deeper than the parser goes
            'df = pd.DataFrame([("' + "a" * 30_000 + '", "b")], columns=["action", "owner"])',  # too long to be a table
        ],
    )
    def test_code_that_builds_no_literal_table_is_none(self, code: str) -> None:
        """Nothing is run or guessed: code that is not a literal table stays code."""
        assert code_table(code) is None

    def test_a_cell_that_builds_no_table_stays_in_the_section(self) -> None:
        """Under an action heading, other code is kept as written (no item)."""
        text = CELL_ACTIONS.replace("followups = pd.DataFrame([", "followups = load(").replace(
            "], columns", ", columns"
        )
        result = import_text(text, "markdown")
        assert result.incident.action_items == ()
        assert "followups = load(" in "".join(result.incident.narrative.aftermath or "")


LATEX = r"""```latex
\documentclass{article}
\title{Field note FN-3:\\ sprinkler zone 4 ran all night}
\date{14 July 2026}
\begin{document}
```

\section{Summary}

Zone 4 of the sports ground's sprinklers ran for nine hours because a relay stuck closed; about 40\% of the
pitch was waterlogged.

\section{Timeline}

\begin{tabular}{ll}
13 July 21:00 & Zone 4 starts its scheduled cycle. \\
13 July 21:30 & The cycle should end; the relay stays closed. \\
\hline
14 July 06:10 & Groundskeeper finds standing water and shuts the main valve. \\
\end{tabular}

\section{Follow-ups}

\begin{enumerate}
  \item Replace the zone 4 relay (Grounds team, 31 July 2026).
  \item Cap every zone at two hours in the controller (Grounds team, 7 August 2026).
\end{enumerate}
"""


class TestLatexMarkup:
    def test_sections_a_tabular_and_an_enumerate_are_headings_a_timeline_and_items(self) -> None:
        """The preamble's title is the title; the tabular's rows are events; the items have owners and dates."""
        result = import_text(LATEX, "markdown")
        assert result.incident.title == "Field note FN-3: sprinkler zone 4 ran all night"
        assert [event.time.isoformat() for event in result.incident.timeline] == [
            "2026-07-13T21:00:00+00:00",
            "2026-07-13T21:30:00+00:00",
            "2026-07-14T06:10:00+00:00",
        ]
        assert result.incident.timeline[2].description == "Groundskeeper finds standing water and shuts the main valve."
        assert [(item.owner, str(item.due)) for item in result.incident.action_items] == [
            ("Grounds team", "2026-07-31"),
            ("Grounds team", "2026-08-07"),
        ]
        assert "about 40% of the" in result.incident.summary

    def test_every_line_stays_on_its_line(self) -> None:
        """The rewrite keeps the line count and each section on the line the author wrote."""
        markdown = from_latex(LATEX)
        assert len(markdown.split("\n")) == len(LATEX.split("\n"))
        lines = markdown.split("\n")
        assert lines[LATEX.split("\n").index(r"\section{Timeline}")] == "## Timeline"
        mapped = {mapped.heading: mapped.line for mapped in import_text(LATEX, "markdown").mapping}
        assert mapped["Follow-ups"] == LATEX.split("\n").index(r"\section{Follow-ups}") + 1

    @pytest.mark.parametrize(
        "text",
        [
            "# Title\n\nWe paid 40\\% more.\n",  # an escape in Markdown prose: no LaTeX structure
            "# Title\n\n```latex\n\\section{Example}\n\\begin{itemize}\n```\n",  # LaTeX shown as code
        ],
    )
    def test_a_document_without_latex_structure_outside_code_is_left_as_written(self, text: str) -> None:
        assert from_latex(text) == text

    def test_unclosed_environments_end_with_the_document(self) -> None:
        """A list or tabular never closed, and a section title with an odd brace, are still read line by line."""
        text = "\\section{Timeline}\n\\begin{tabular}{ll}\n10:00 & a \\\\\n\\section{Odd {brace}\n\\begin{itemize}\n\\item x\n"
        assert len(from_latex(text).split("\n")) == len(text.split("\n")) + 1  # no blank line before the tabular
        import_text(text + "\nDate: 2026-01-01\n", "markdown")

    def test_a_first_row_without_figures_is_the_tables_header(self) -> None:
        """``\\textbf{Action} & \\textbf{Owner} & \\textbf{Due}`` over a rule: the columns of an action table."""
        text = (
            "\\section{Actions}\n\nDate: 2026-03-02\n\n\\begin{tabular}{lll}\n"
            "\\textbf{Action} & \\textbf{Owner} & \\textbf{Due} \\\\\n\\hline\n"
            "Fit a second float switch & Estates & 2026-04-01 \\\\\n\\end{tabular}\n\nAfter the table.\n"
        )
        markdown = from_latex(text)
        assert len(markdown.split("\n")) == len(text.split("\n"))
        (item,) = import_text(text, "markdown").incident.action_items
        assert (item.description, item.owner, str(item.due)) == ("Fit a second float switch", "Estates", "2026-04-01")


AUDIT = """\
# Internal review IR-7: parking permits issued twice

Date: 2026-05-04

## Our comment on the responses

We accept the responses, with one change agreed at the committee.

| Ref. | Action | Owner | Due |
|---|---|---|---|
| 1 | Stop a second permit run for the same month | Permits IT | 30 Jun 2026 |
| 2 | Check the run log before any rerun | Parking office | 15 Jun 2026 |

## Ratings

| Finding | Rating |
|---|---|
| No duplicate check | High |
"""


class TestActionTablesUnderOtherHeadings:
    def test_a_table_with_an_action_and_an_owner_column_is_action_items(self) -> None:
        """An audit's table of agreed actions in its comments: items; the comment's prose stays in its section."""
        result = import_text(AUDIT, "markdown")
        assert [(item.description, item.owner, str(item.due)) for item in result.incident.action_items] == [
            ("Stop a second permit run for the same month", "Permits IT", "2026-06-30"),
            ("Check the run log before any rerun", "Parking office", "2026-06-15"),
        ]
        kept = {section.title: section.body for section in result.sections}
        assert (
            kept["Our comment on the responses"] == "We accept the responses, with one change agreed at the committee."
        )

    def test_a_table_without_an_owner_column_stays_where_it_is(self) -> None:
        """ "Finding | Rating" names no follow-up and no owner: kept as written."""
        kept = {section.title: section.body for section in import_text(AUDIT, "markdown").sections}
        assert kept["Ratings"].startswith("| Finding | Rating |")

    @pytest.mark.parametrize("heading", ["Management responses", "Management action plan", "What we changed"])
    def test_audit_and_experience_report_headings_are_action_items(self, heading: str) -> None:
        """Management's responses to an audit's findings, and an experience report's changes, are the follow-ups."""
        text = f"# Kiosk outage\n\nDate: 2026-05-04\n\n## {heading}\n\n1. Add a spare kiosk.\n2. Test the card reader weekly.\n"
        result = import_text(text, "markdown")
        assert _mapped(result)[heading] == "action_items"
        assert [item.description for item in result.incident.action_items] == [
            "Add a spare kiosk.",
            "Test the card reader weekly.",
        ]


class TestTimesMentionedInAComment:
    @pytest.mark.parametrize(
        "sentence",
        [
            "We also note that the early report mattered: it was the cashier who raised the alarm at 09:20.",
            "We thank the caretaker, who switched the pumps off at 05:10.",
            "The trust thanks the night porter, who heard the alarm at 02:45.",
        ],
    )
    def test_the_writers_comment_in_the_present_is_no_event(self, sentence: str) -> None:
        """A time in a clause the writers' comment or thanks is about is mentioned, not told as an event."""
        text = f"# Flooded basement\n\nDate: 2026-04-02\n\n## Comments\n\n{sentence}\n"
        assert import_text(text, "markdown").incident.timeline == ()

    @pytest.mark.parametrize(
        "sentence",
        ["We switched the pumps off at 05:10.", "The caretaker noted the water level at 05:10 and rang the office."],
    )
    def test_the_same_time_told_as_what_happened_is_an_event(self, sentence: str) -> None:
        text = f"# Flooded basement\n\nDate: 2026-04-02\n\n## What happened\n\n{sentence}\n"
        (event,) = import_text(text, "markdown").incident.timeline
        assert event.time.isoformat() == "2026-04-02T05:10:00+00:00"


class TestSpansOfDays:
    def test_an_incident_span_in_the_preamble_starts_the_incident_on_its_first_day(self) -> None:
        """ "Incident dates: 3 to 14 February 2026" (a sentence, not a label line): 3 February."""
        text = (
            "# Records pointed one drawer along\n\n*Workshop paper, 2026. Incident dates: 3 to 14 February 2026.*\n\n"
            "## What we changed\n\n1. Scan every drawer label on a move.\n"
        )
        assert str(import_text(text, "markdown").incident.milestones.started.date()) == "2026-02-03"

    def test_a_labelled_span_of_the_reviews_own_work_is_not_the_incidents_date(self) -> None:
        """ "Fieldwork: 6 to 17 July 2026" is when the auditors worked: the summary's 1 July is the incident's."""
        text = (
            "# Audit report: duplicate refunds\n\n**Fieldwork:** 6 to 17 July 2026\n**Rating:** Limited\n\n"
            "## Executive summary\n\nOn 1 July 2026 the refund run was sent twice.\n"
        )
        assert str(import_text(text, "markdown").incident.milestones.started.date()) == "2026-07-01"

    def test_a_span_across_the_new_year_starts_in_the_year_before(self) -> None:
        text = (
            "# Heating failure\n\nIncident window: 30 December to 2 January 2027\n\n## Summary\n\nThe boiler failed.\n"
        )
        assert str(import_text(text, "markdown").incident.milestones.started.date()) == "2026-12-30"


CHAT = """\
# Ticket printer offline at the ferry terminal

## Channel log

```
[21/05 06:40] tomas: ticket printer at gate 2 prints blank tickets
[21/05 06:52] ines: ribbon replaced, still blank
[21/05 07:15] tomas: print head reseated; tickets readable again
```
"""


class TestChatLinesWithoutAYear:
    def test_day_and_month_chat_lines_take_the_documents_year(self) -> None:
        """ "[21/05 06:40] tomas: ..." with a year elsewhere in the document: one event a line, the speaker the actor."""
        result = import_text(CHAT + "\nReviewed 28 May 2026.\n", "markdown")
        assert [(event.time.isoformat(), event.actor) for event in result.incident.timeline] == [
            ("2026-05-21T06:40:00+00:00", "tomas"),
            ("2026-05-21T06:52:00+00:00", "ines"),
            ("2026-05-21T07:15:00+00:00", "tomas"),
        ]

    def test_without_a_year_anywhere_the_import_stops_at_the_first_chat_line(self) -> None:
        """No year in the document and none given: a located message, not events in a guessed year."""
        with pytest.raises(IncidentFormatError) as caught:
            import_text(CHAT, "markdown")
        (problem,) = caught.value.problems
        assert (
            problem.line
            == CHAT.split("\n").index("[21/05 06:40] tomas: ticket printer at gate 2 prints blank tickets") + 1
        )
        assert len(import_text(CHAT, "markdown", year=2026).incident.timeline) == 3


GRID = """\
Lift B stopped between floors
=============================

:Date: 2026-06-03

Follow-ups
----------

+--------------------------------+-------------+------------+
| Action                         | Owner       | Due        |
+================================+=============+============+
| Replace the door sensor        | Facilities  | 2026-06-20 |
+--------------------------------+-------------+------------+
| Add the lift to the weekly     | Estates     | 2026-07-01 |
| walk-round                     |             |            |
+--------------------------------+-------------+------------+

Written by the facilities desk.
"""


class TestGridTables:
    def test_a_grid_table_is_a_table_a_cells_lines_joined(self) -> None:
        """The header above the ``=`` border names the columns; a cell over two lines is one cell."""
        items = import_text(GRID, "markdown").incident.action_items
        assert [(item.description, item.owner, str(item.due)) for item in items] == [
            ("Replace the door sensor", "Facilities", "2026-06-20"),
            ("Add the lift to the weekly walk-round", "Estates", "2026-07-01"),
        ]

    def test_the_lines_after_the_table_stay_on_their_lines(self) -> None:
        markdown = from_grid_tables(GRID)
        assert markdown.split("\n")[-2] == "Written by the facilities desk."
        assert len(markdown.split("\n")) == len(GRID.split("\n"))

    def test_a_grid_table_without_a_header_border_has_an_empty_header(self) -> None:
        text = "+------+-----+\n| a    | b   |\n+------+-----+\n| c    | d   |\n+------+-----+\n"
        assert from_grid_tables(text).split("\n")[:4] == ["|   |   |", "|---|---|", "| a | b |", "| c | d |"]

    @pytest.mark.parametrize(
        "text",
        [
            "```\n+---+---+\n| a | b |\n+---+---+\n```\n",  # shown as code
            "+---+---+\nnot a row\n",  # a border with no row under it
            "Totals: 3+-2 = 1\n",  # a plus and a minus in prose
        ],
    )
    def test_what_is_no_grid_table_is_left_as_written(self, text: str) -> None:
        assert from_grid_tables(text) == text

    def test_a_row_wider_or_narrower_than_its_border_is_still_read(self) -> None:
        text = "+---+---+\n| a | b | extra |\n| c |\n+---+---+\n"
        markdown = from_grid_tables(text)
        assert len(markdown.split("\n")) == len(text.split("\n"))
        assert markdown.split("\n")[2] == "| a c | b |"


DIARY = """\
# Kiln room extraction fault

Week of 9 March 2026.

## Diary

### Monday 9th

- 08:10 Extraction alarm on kiln 3.
- 08:30 Kiln 3 switched off.

### Wed the 11th

- 13:00 New fan belt fitted; airflow normal.

### Monday 6th

- 09:00 Monthly check: belt tension fine.

## Follow-ups

- Check the fan belt every month (Studio technician)
- Move the kiln log to the shared drive (Ana Ruiz).
- Tidy the glaze shelf (optional)
"""


class TestDiaries:
    def test_a_diarys_days_date_its_entries(self) -> None:
        """ "Monday 9th" is the next 9th that is a Monday: 9 March; "Monday 6th" after it is 6 April."""
        result = import_text(DIARY, "markdown")
        assert _mapped(result)["Diary"] == "timeline"
        assert [event.time.isoformat() for event in result.incident.timeline] == [
            "2026-03-09T08:10:00+00:00",
            "2026-03-09T08:30:00+00:00",
            "2026-03-11T13:00:00+00:00",
            "2026-04-06T09:00:00+00:00",
        ]

    def test_a_role_team_or_name_in_brackets_at_an_items_end_is_its_owner(self) -> None:
        """ "(Studio technician)" and "(Ana Ruiz)" are owners; "(optional)" stays in the item's words."""
        items = import_text(DIARY, "markdown").incident.action_items
        assert [(item.description, item.owner) for item in items] == [
            ("Check the fan belt every month", "Studio technician"),
            ("Move the kiln log to the shared drive", "Ana Ruiz"),
            ("Tidy the glaze shelf (optional)", None),
        ]

    @pytest.mark.parametrize(
        ("heading", "expected"),
        [
            ("Monday 31st", date(2026, 8, 31)),  # the first 31st that is a Monday
            ("Fri, 13th", date(2026, 3, 13)),
            ("Someday 9th", None),  # no day name
            ("Monday 9", None),  # no ordinal: a date the other readers decide on
        ],
    )
    def test_a_day_name_and_an_ordinal_is_the_next_such_day(self, heading: str, expected: date | None) -> None:
        assert ordinal_day(heading, date(2026, 3, 9)) == expected


class TestResolutions:
    def test_an_item_that_asks_to_take_note_is_no_action(self) -> None:
        """A board paper's "Note the apology sent" asks for no work: kept with the section's notes, not an item."""
        text = (
            "# Paper 4: website outage\n\nDate: 2026-10-01\n\n## Recommendations\n\nThe Board is asked to:\n\n"
            "1. Approve a second hosting provider (Director of IT, by 31 January 2027).\n"
            "2. Note the statement published to members.\n3. Note: the costs are in annex B.\n"
        )
        result = import_text(text, "markdown")
        assert [item.description for item in result.incident.action_items] == [
            "Approve a second hosting provider",
            "Note: the costs are in annex B.",
        ]
        assert "Note the statement published to members." in result.sections[-1].body


class TestAssignedTasksUnderOtherHeadings:
    TEXT = """\
# ADR 4: Serve thumbnails from the object store

Date: 2026-02-02

## Consequences

- [ ] Move the thumbnail job to the object store (@mina, due 2026-02-27)
- [x] Drop the old resize cache (@joel)
- Storage costs rise a little; the team accepted that.
- [ ] Someday: look at WebP
"""

    def test_open_and_done_tasks_with_an_owner_or_due_date_are_action_items(self) -> None:
        """Task items that name who or by when are follow-ups; the section keeps its other items."""
        result = import_text(self.TEXT, "markdown")
        assert [(item.description, item.owner, item.status.value) for item in result.incident.action_items] == [
            ("Move the thumbnail job to the object store", "@mina", "open"),
            ("Drop the old resize cache", "@joel", "done"),
        ]
        kept = {section.title: section.body for section in result.sections}
        assert kept["Consequences"] == (
            "- Storage costs rise a little; the team accepted that.\n- [ ] Someday: look at WebP"
        )


class TestEmptyItems:
    @pytest.mark.parametrize("empty", ["1. ", "- [ ] ", "\\item"])
    def test_an_empty_item_in_an_action_list_is_skipped_not_a_crash(self, empty: str) -> None:
        """An item with nothing after its marker asks for nothing: the others are read (before: a FieldError)."""
        if empty == "\\item":
            text = "\\section{Actions}\n\nDate: 2026-01-01\n\n\\begin{itemize}\n\\item\n\\item Do a thing\n\\end{itemize}\n"
        else:
            text = f"# T\n\nDate: 2026-01-01\n\n## Actions\n\n{empty}\n- Do a thing\n"
        assert [item.description for item in import_text(text, "markdown").incident.action_items] == ["Do a thing"]


class TestTheWindowsDayName:
    def test_a_day_name_the_only_written_year_contradicts_moves_the_window_to_a_year_it_fits(self) -> None:
        """ "Thursday 14 May" with only "since June 2023" written: 14 May 2023 was a Sunday, 14 May 2026 a Thursday."""
        text = (
            "# Freezer alarm silent\n\n**Incident window:** Thursday 14 May 09:10 to Thursday 14 May 11:00\n\n"
            "## Background\n\nThe freezer has run on this controller since June 2023.\n"
        )
        assert import_text(text, "markdown").incident.milestones.started.isoformat() == "2026-05-14T09:10:00+00:00"

    def test_a_day_name_that_fits_keeps_the_year(self) -> None:
        text = (
            "# Freezer alarm silent\n\n**Incident window:** Sunday 14 May 09:10 to Sunday 14 May 11:00\n\n"
            "## Background\n\nThe freezer has run on this controller since June 2023.\n"
        )
        assert import_text(text, "markdown").incident.milestones.started.isoformat() == "2023-05-14T09:10:00+00:00"
