"""``postmortem import`` in round 18: hostile inputs answer fast or are refused at their line.

The inputs are built in the tests (none copied from a real document). Work is counted, never
timed: the Python function calls an import makes (``cProfile``'s count, the same on every
machine) and the characters markdown-it's inline rules read. A reader whose work grows linearly
adds the same work for each further piece, so for sizes ``n``, ``2n`` and ``4n`` the second
step (``2n`` more pieces) costs about twice the first (``n`` more); a quadratic reader's second
step costs four times the first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it.parser_inline import ParserInline

from postmortem.cli import main
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_text
from postmortem.importing._bounds import MAX_TABLE_CELLS, MAX_TIMED_LINES

from ._import_work import import_steps

HEAD = "# Outage\n\nDate: 2026-01-01\n\n"


def _brackets(count: int) -> str:
    return HEAD + "[" * count + "\n"


def _emphasis(count: int) -> str:
    return HEAD + "*a " * count + "\n"


def _csv(rows: int) -> str:
    lines = "".join(f"2026-01-01 {row // 60 % 24:02d}:{row % 60:02d},ana,step {row}\n" for row in range(rows))
    return HEAD + "## Timeline\n\ntime,who,what\n" + lines


def _wide_table(columns: int, rows: int) -> str:
    header = "| " + " | ".join(f"c{column}" for column in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    body = "".join("| " + " | ".join("x" for _ in range(columns)) + " |\n" for _ in range(rows))
    return HEAD + "## Appendix\n\n" + header + rule + body


@pytest.fixture
def inline_characters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text markdown-it's inline rules read, in order."""
    read: list[int] = []
    real = ParserInline.parse

    def counted(self: ParserInline, src: str, *args: object, **kwargs: object) -> object:
        read.append(len(src))
        return real(self, src, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ParserInline, "parse", counted)
    return read


class TestMarkupRuns:
    """200,000 "[" and 200,000 "*a ": one paragraph of 200 or 600 KB, read inline once."""

    @pytest.mark.parametrize("make", [_brackets, _emphasis], ids=["brackets", "emphasis"])
    def test_a_long_paragraph_of_markup_is_read_inline_once(
        self, make: Callable[[int], str], inline_characters: list[int]
    ) -> None:
        """The paragraph goes through the inline rules once: bold labels and related incidents in
        prose read the tokens of the document's parse (each parsed it again: four passes)."""
        text = make(20_000)
        import_text(text)
        assert sum(inline_characters) <= len(text) * 1.05, inline_characters[:10]

    @pytest.mark.parametrize("make", [_brackets, _emphasis], ids=["brackets", "emphasis"])
    def test_the_work_grows_linearly(self, make: Callable[[int], str]) -> None:
        """From 4,000 to 8,000 to 16,000 pieces the second step costs about twice the first."""
        first, second = import_steps(make, 4_000)
        assert second <= first * 2.5, (first, second)

    def test_a_paragraph_that_opens_with_bold_is_still_a_label(self) -> None:
        """Reading the tokens kept from the parse leaves bold labels as they were read."""
        result = import_text(HEAD + "**Impact:** checkout failed for " + "many " * 600 + "shoppers.\n")
        assert "checkout failed" in result.incident.impact.summary
        assert any(mapped.target == "impact" for mapped in result.mapping)

    @pytest.mark.parametrize("references", ["", "\n\n[runbook]: https://example.org/runbook\n"])
    def test_related_incidents_in_a_long_paragraph_are_read(self, references: str) -> None:
        """Related incidents in prose read the kept tokens of a long paragraph (or, where the document
        defines link references, a parse of the paragraph alone, as before)."""
        text = HEAD + "word " * 500 + "This is a repeat of INC-4411 which broke too.\n" + references
        assert [entry.id for entry in import_text(text).incident.related] == ["INC-4411"]


class TestCsvTimeline:
    """A CSV timeline: linear up to its bound, refused at the line past it."""

    def test_the_work_grows_linearly(self) -> None:
        """From 200 to 400 to 800 rows the second step costs about twice the first (milestones read
        each event with one search a word list, where a search a word compiled its pattern again)."""
        first, second = import_steps(_csv, 200)
        assert second <= first * 2.5, (first, second)

    def test_a_log_of_timed_lines_is_refused_at_its_line(self) -> None:
        """50,000 timed CSV rows are a log: exit 2 at the line past the bound, before any Markdown is read."""
        text = _csv(50_000)
        with pytest.raises(IncidentFormatError) as caught:
            import_text(text, source="log.md")
        problem = caught.value.problems[0]
        first_row = text.split("\n").index("time,who,what") + 2
        assert problem.line == first_row + MAX_TIMED_LINES
        assert "lines open with a time" in problem.message
        assert problem.source == "log.md"

    def test_a_timeline_at_the_bound_is_read(self) -> None:
        """Up to the bound, every row is an event."""
        rows = 2_000
        assert len(import_text(_csv(rows)).incident.timeline) == rows


class TestWideTable:
    def test_a_table_of_2000_columns_is_refused_at_its_line(self) -> None:
        """2,000 columns by 60 rows is 120,000 cells: refused at the row where the count passes the bound."""
        text = _wide_table(2_000, 60)
        with pytest.raises(IncidentFormatError) as caught:
            import_text(text)
        problem = caught.value.problems[0]
        lines = text.split("\n")
        counts = [line.count("|") for line in lines]
        passed = next(number for number in range(len(lines)) if sum(counts[: number + 1]) > MAX_TABLE_CELLS)
        assert problem.line == passed + 1
        assert lines[problem.line - 1].startswith("| x |")
        assert "table cells" in problem.message

    def test_a_wide_table_of_a_few_rows_is_read(self) -> None:
        """2,000 columns by 3 rows is far below the bound: imported, the table kept."""
        result = import_text(_wide_table(2_000, 3))
        assert any("c1999" in section.body for section in result.sections)

    def test_the_command_exits_2_with_the_line(self, tmp_path: Path) -> None:
        """The command says where, with exit 2 and no traceback."""
        path = tmp_path / "wide.md"
        path.write_text(_wide_table(2_000, 60), encoding="utf-8")
        result = CliRunner().invoke(main, ["import", str(path)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}:")
        assert "Traceback" not in result.output


class TestFootnotesAfterTheLastSection:
    PAGE = (
        "# Disk full on build runners\n\nDate: 2026-05-04\n\n## Summary\n\n"
        "The runners filled their disks[^1] and builds failed for two hours.\n\n"
        "## Impact\n\nAbout 300 builds failed.[^2]\n\n## Action items\n\n- Add a disk usage alert (Ops)\n\n"
        "[^1]: The scratch volume, not the root volume.\n[^2]: Counted from the CI database.\n"
    )

    def test_each_definition_joins_the_section_that_cites_it(self) -> None:
        """No "Action items (notes)" section: each note ends the field whose text cites it."""
        result = import_text(self.PAGE)
        assert result.sections == ()
        assert result.incident.summary.endswith("[^1]: The scratch volume, not the root volume.")
        assert result.incident.impact.summary.endswith("[^2]: Counted from the CI database.")
        assert [item.description for item in result.incident.action_items] == ["Add a disk usage alert"]

    def test_a_definition_no_section_cites_stays_where_it_is(self) -> None:
        """A note nobody cites is kept as written, at the end."""
        page = self.PAGE.replace("[^2]: Counted", "[^9]: Counted")
        result = import_text(page)
        assert [section.title for section in result.sections] == ["Action items (notes)"]
        assert "[^9]: Counted from the CI database." in result.sections[0].body


class TestOwnersAndAuthors:
    MAIL = (
        "From: Tomasz Wojcik <t.wojcik@example.org>\nTo: platform@example.org\nSubject: Re: Resizer down\n"
        "Date: Thu, 7 May 2026 09:14:02 +0200\n\nThanks, agreed.\n\n"
        "On Wed, 6 May 2026 at 19:02, Ines Moreau <i.moreau@example.org> wrote:\n"
        "> The resizer stopped at 14:05 on 6 May 2026.\n>\n> Action items:\n>\n"
        "> - clear scratch files when a worker starts (Ines)\n> - alert on scratch disk above 80% (Tomasz)\n"
        "> - move the cache to its own volume (Postgres)\n"
    )

    def test_a_first_name_in_brackets_is_the_owner(self) -> None:
        """A first name alone is the owner when the document names that person (an e-mail's sender, a
        name before an address); a capitalised word that is no one's name stays in the item."""
        items = import_text(self.MAIL).incident.action_items
        assert [(item.description, item.owner) for item in items] == [
            ("clear scratch files when a worker starts", "Ines"),
            ("alert on scratch disk above 80%", "Tomasz"),
            ("move the cache to its own volume (Postgres)", None),
        ]

    @pytest.mark.parametrize(
        ("line", "owner"),
        [
            ("Action for me: add the key's expiry to the renewal calendar.", "Rui Almeida"),
            ("**Action on Sara:** ask the vendor for the expiry notice.", "Sara"),
            ("Actions for the DBA team: check every job's credential expiry.", "the DBA team"),
        ],
    )
    def test_an_action_for_someone_is_an_item(self, line: str, owner: str) -> None:
        """A paragraph line "Action for <someone>: <what>" is an action item; "me" is the author (the sender)."""
        mail = (
            "From: Rui Almeida <rui@example.net>\nTo: ops@example.net\nSubject: Backups failing\n"
            f"Date: 19 Feb 2026 08:30\n\nThe backup ran clean last night.\n\n{line}\n\nRui\n"
        )
        result = import_text(mail)
        assert [item.owner for item in result.incident.action_items] == [owner]
        assert "expir" in result.incident.action_items[0].description
        assert any("read as an action item" in note for note in result.inferred)

    def test_a_task_closing_with_a_full_name_is_an_item_under_any_heading(self) -> None:
        """A tracker's sub-issues, each with its assignee in brackets, done or not."""
        page = (
            "# OPS-9 Export sent to the wrong bucket\n\nCreated: 3 March 2026\n\n## Sub-issues\n\n"
            "- [x] OPS-10 Delete the file from the shared bucket (Rafaela Costa)\n"
            "- [ ] OPS-11 Check bucket names at job start (Jonas Berg, due 20 March 2026)\n- [ ] Nice to have\n"
        )
        items = import_text(page).incident.action_items
        assert [(item.owner, item.status.value) for item in items] == [
            ("Rafaela Costa", "done"),
            ("Jonas Berg", "open"),
        ]


class TestDatesOfReports:
    def test_an_audit_is_dated_by_its_background_not_its_report_date(self) -> None:
        """ "Report date:" says when the report was written; the incident's date is the background's."""
        page = (
            "# Internal audit: the cooling failure\n\nAudit reference: IA-9\nReport date: 2 June 2026\n\n"
            "## Background\n\nOn 17 March 2026 the cooling in hall 2 failed.\n\n## Findings\n\nContacts were old.\n"
        )
        result = import_text(page)
        assert result.incident.milestones.started.date() == date(2026, 3, 17)

    def test_a_report_dated_only_by_its_own_day_dates_its_times_so_and_says_so(self) -> None:
        """Where the report's day is the only date, the timeline's times are on it and the notes say why."""
        page = (
            "# Audit of the badge reader outage\n\nReport date: 2 June 2026\n\n## Background\n\n"
            "The readers at the north gate stopped.\n\n## Timeline\n\n- 07:10 readers stop\n- 07:40 guards open the gate\n"
        )
        result = import_text(page)
        assert [event.time.date() for event in result.incident.timeline] == [date(2026, 6, 2)] * 2
        assert any("the date the write-up was written" in note for note in result.inferred)

    @pytest.mark.parametrize(
        "byline",
        [
            "**Opened by** tomasz-k · merged into `main` on 12 Aug 2026",
            "*Department of Medicine · Case presented 12 August 2026 · Prepared by the registrar*",
        ],
    )
    def test_a_merged_or_presented_date_is_the_write_ups(self, byline: str) -> None:
        """A piece of a line saying when the document was merged or presented dates the write-up, and a
        sentence naming the incident's day ("the checkout incident on 11 August 2026") dates the incident."""
        page = (
            f"# Pool floor for checkout\n\n{byline}\n\n## Why\n\n"
            "Follow-up to the checkout incident on 11 August 2026: the pool was too small.\n\n"
            "## Timeline\n\n- 11:58 latency passes 4 s\n- 12:40 error rate back under 0.5%\n"
        )
        result = import_text(page)
        assert result.incident.milestones.started.date() == date(2026, 8, 11)

    def test_a_byline_that_opens_with_posted_stays_one_byline(self) -> None:
        """ "Posted by ... · 9 November 2026" is all the write-up's date: a Saturday in the text still dates it."""
        page = (
            "# What went wrong on Saturday\n\nPosted by the live team · 9 November 2026 · 7 min read\n\n"
            "## TL;DR\n\nPenalties from 8 November between 13:00 and 16:30 CET were removed.\n"
        )
        assert import_text(page).incident.milestones.started.date() == date(2026, 11, 8)


class TestAfterActionReviews:
    def test_what_to_sustain_is_what_went_well_not_an_action(self) -> None:
        """Under "What will we sustain or improve?", the list after "**Sustain**" is what went well; the
        list after "**Improve**" is the action items."""
        page = (
            "# AAR: Flooded underpass\n\nDate: 2026-03-02\n\n## What will we sustain or improve?\n\n"
            "**Sustain**\n\n- Early road closure by the first crew\n\n**Improve**\n\n"
            "1. Pump list to be shared with the council. Owner: Ops desk. By 30 April 2026.\n"
        )
        incident = import_text(page).incident
        assert incident.what_went_well == ("Early road closure by the first crew",)
        assert [item.owner for item in incident.action_items] == ["Ops desk"]

    def test_a_sustain_heading_is_what_went_well(self) -> None:
        """ "## Sustain" maps to what went well, as "## Improve" under it does not map to actions."""
        page = "# AAR\n\nDate: 2026-03-02\n\n## Sustain\n\n- Calm handover at shift change\n"
        result = import_text(page)
        assert result.incident.what_went_well == ("Calm handover at shift change",)


class TestTimelineHeadingDates:
    def test_a_span_in_the_timeline_heading_dates_its_entries(self) -> None:
        """ "Timeline of care (night of 2-3 October 2026)": the entries are on 2 October, after midnight on 3 October,
        though the write-up is dated by when the case was presented."""
        page = (
            "# M&M: delayed escalation\n\n*Medicine · Case presented 9 October 2026*\n\n"
            "## Timeline of care (night of 2-3 October 2026)\n\n- 22:00 score 4\n- 00:30 score 6, bleep unanswered\n"
            "- 02:35 registrar reviews\n"
        )
        result = import_text(page)
        assert [event.time.isoformat()[:16] for event in result.incident.timeline] == [
            "2026-10-02T22:00",
            "2026-10-03T00:30",
            "2026-10-03T02:35",
        ]
        assert any("from its heading" in note for note in result.inferred)

    def test_a_zone_in_the_heading_is_no_date(self) -> None:
        """ "Timeline (UTC)" names no day: the document's date stays."""
        page = "# Outage\n\nDate: 2026-05-04\n\n## Timeline (UTC)\n\n- 10:00 alert\n- 10:20 fixed\n"
        assert import_text(page).incident.timeline[0].time.isoformat()[:16] == "2026-05-04T10:00"


class TestRetroBoardExport:
    BOARD = (
        "Retro: checkout retries, 24 June 2026\n\nExported from the board on 26 June 2026.\n\n"
        "Column\tCard\tVotes\n"
        "Went well\tRollback was quick\t4\n"
        "Didn't go well\tRetries doubled the load\t6\n"
        "Action\tAdd a retry budget to the client (Ana, 8 July)\t7\n"
        "Action\tAlert on retry rate\t\n"
    )

    def test_each_board_column_is_a_section_and_each_card_an_entry(self) -> None:
        """The board's columns are sections, its cards entries; votes stay on the card's next line."""
        result = import_text(self.BOARD)
        incident = result.incident
        assert incident.title == "Retro: checkout retries, 24 June 2026"
        assert incident.what_went_well == ("Rollback was quick\nVotes: 4",)
        assert incident.what_went_poorly == ("Retries doubled the load\nVotes: 6",)
        assert [(item.owner, str(item.due)) for item in incident.action_items] == [
            ("Ana", "2026-07-08"),
            (None, "None"),
        ]
        assert any("retro board" in note for note in result.inferred)

    def test_a_tab_separated_block_without_a_board_column_is_left_as_written(self) -> None:
        """A sheet whose header names no board column (no "Column", "Category", "Lane", ...) is not a board."""
        from postmortem.importing._board_export import board_exports

        sheet = "Host\tLoad\tNote\nweb-1\t0.4\tok\nweb-2\t0.9\thot\nweb-3\t0.2\tok\n"
        assert board_exports(sheet) == sheet
