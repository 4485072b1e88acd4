"""``postmortem import`` on shapes round 17 wrote documents for (``tests/data/importing/shapes17``).

Each document was written for the round (none copied from a real post-mortem); the seven kept
aside by the md5 rule are in ``kept17`` and no test reads what the import finds in them. The
documents in the tests below are written for the tests.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.errors import IncidentFormatError
from postmortem.importing import ImportResult, import_document, import_split, import_text
from postmortem.importing._document import _parser
from postmortem.importing._markups import from_markup

from ._import_scoring import DATA, expected

TUNING = DATA / "shapes17"
KEPT = DATA / "kept17"
SUFFIXES = (".md", ".html", ".txt")


def _mapped(result: ImportResult) -> dict[str, str]:
    return {mapped.heading: mapped.target for mapped in result.mapping}


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round17:{name}".encode()).hexdigest(), 16) % 3 == 0


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.suffix in SUFFIXES)


def _clock(result: ImportResult) -> list[str]:
    return [event.time.strftime("%H:%M") for event in result.incident.timeline]


class TestTheSplit:
    def test_the_kept_aside_documents_are_the_ones_the_rule_picks(self) -> None:
        """The md5 rule picks every document in kept17 and none in shapes17, and each has hand counts."""
        kept = _names(KEPT)
        tuning = _names(TUNING)
        assert len(kept) == 7
        assert all(_picked(name) for name in kept)
        assert not any(_picked(name) for name in tuning)
        assert sorted(expected(KEPT.name)) == kept
        assert sorted(expected(TUNING.name)) == tuning


class TestOneParser:
    def test_the_parser_is_built_once(self) -> None:
        """Every section and paragraph read again uses the same parser (a page of 20,000 toggles built 20,000)."""
        assert _parser() is _parser()

    def test_a_page_of_many_toggles_imports_every_one(self) -> None:
        """A toggle list of 300 items is 300 sections, each with its text (the reading the parser cache serves)."""
        page = "# Toggles\n\nDate: 2026-11-11\n\n" + "".join(
            f"- ▶ Note {number}\n\n    Text of note {number} about the queue.\n\n" for number in range(300)
        )
        result = import_text(page)
        assert len(result.sections) == 300
        assert result.sections[299].title == "Note 299"
        assert "Text of note 299 about the queue." in result.sections[299].body


class TestJiraWiki:
    PAGE = """h1. OPS-5120: Nightly export stopped

*Date:* 2026-09-14
*Reporter:* Priya Natarajan

h2. Summary

The nightly export stopped _half way_ and {{export.csv}} was empty.

h2. Timeline

||Time||Event||
|02:00|Export starts.|
|02:41|Export fails on a full disk.|
|06:10|Disk cleared and export rerun.|

h2. Root cause

{code:bash}
df -h /srv/export
{code}

{quote}
Nothing expired the old archives.
{quote}

bq. A quoted line.

h2. Action items

# Expire archives after 90 days [~priya.n]
# Alert on the disk at 80%
* (/) Clear the disk
* ( ) Move archives to object storage [~ops]
"""

    def test_lines_are_read_as_markdown_line_for_line(self) -> None:
        """Headings, tables (the header on the blank line before), code, quotes, lists and inline marks."""
        markdown, markup = from_markup(self.PAGE)
        assert markup == "Jira wiki"
        lines = markdown.split("\n")
        assert len(lines) == len(self.PAGE.split("\n"))
        assert lines[0] == "# OPS-5120: Nightly export stopped"
        assert lines[2] == "**Date:** 2026-09-14"
        assert lines[7] == "The nightly export stopped *half way* and `export.csv` was empty."
        assert lines[10:13] == ["| Time | Event |", "|---|---|", "| 02:00 | Export starts. |"]
        assert lines[18:21] == ["```bash", "df -h /srv/export", "```"]
        assert lines[22:25] == ["", "> Nothing expired the old archives.", ""]
        assert lines[26] == "> A quoted line."
        assert lines[30:34] == [
            "1. Expire archives after 90 days @priya.n",
            "1. Alert on the disk at 80%",
            "- [x] Clear the disk",
            "- [ ] Move archives to object storage @ops",
        ]

    def test_the_timeline_and_action_items_are_read(self) -> None:
        """The page's table is the timeline; its numbered and task items are the action items, with owners."""
        result = import_text(self.PAGE)
        assert result.incident.id == "OPS-5120"
        assert _clock(result) == ["02:00", "02:41", "06:10"]
        items = result.incident.action_items
        assert [item.owner for item in items] == ["@priya.n", None, None, "@ops"]
        assert items[2].status.value == "done"
        assert _mapped(result)["Root cause"] == "root_cause"
        assert "Nothing expired the old archives." in (result.incident.root_cause.technical or "")

    def test_markdown_with_a_bold_line_is_not_jira(self) -> None:
        """A Markdown page with ``*emphasis*`` and ``# heading`` is left as it is (no ``hN.`` headings)."""
        page = "# Title\n\n*Date:* 2026-01-02\n\n## Summary\n\n* one\n* two\n"
        assert from_markup(page) == (page, None)

    def test_rows_without_a_header_row_are_still_a_table(self) -> None:
        """``|07:00|...|`` rows with no ``||`` header get an empty header, so they stay a table."""
        page = "h1. T\n\nh2. Timeline\n\n|07:00|Starts.|\n|07:05|Runs again.|\n"
        lines = from_markup(page)[0].split("\n")
        assert lines[3:7] == ["|   |   |", "|---|---|", "| 07:00 | Starts. |", "| 07:05 | Runs again. |"]


class TestTwoTimesInOneSentence:
    DOCUMENT = """# Lift stops in block C

Date: 12 March 2026

## What happened

The lift controller restarted at 06:12 and again at 06:48, both times between floors.
At 07:30 the engineer replaced the power supply, and the lift was back in service by 08:05.
The watchdog fired at 09:10 as well, but the car was at a landing and the doors opened normally.
The count read ten hours at 10:00 and the fault at 10:20 means the counter was wrong.
"""

    def test_each_clause_with_its_time_is_an_event(self) -> None:
        """ "at 06:12 and again at 06:48", "at 07:30 ..., and ... by 08:05": two events a sentence."""
        result = import_text(self.DOCUMENT)
        assert _clock(result)[:4] == ["06:12", "06:48", "07:30", "08:05"]
        first, second = result.incident.timeline[:2]
        assert first.description == second.description  # the sentence is each event's description

    def test_normally_at_a_clause_end_is_no_habit(self) -> None:
        """ "the doors opened normally" tells how it went; the sentence's 09:10 is an event."""
        assert "09:10" in _clock(import_text(self.DOCUMENT))

    def test_a_second_time_without_a_verb_before_it_is_context(self) -> None:
        """ "... at 10:00 and the fault at 10:20 means ...": no verb or "again" before 10:20, one event."""
        clocks = _clock(import_text(self.DOCUMENT))
        assert "10:00" in clocks
        assert "10:20" not in clocks

    def test_between_a_place_is_no_span(self) -> None:
        """ "between floors" is no span of time; "between 10:05 and 10:40" still is (no event)."""
        spans = "# T\n\nDate: 2026-03-12\n\n## What happened\n\nThe lift stopped at 06:12 between floors.\n"
        assert _clock(import_text(spans)) == ["06:12"]
        span = "# T\n\nDate: 2026-03-12\n\n## What happened\n\nThe lift was down between 10:05 and 10:40.\n"
        assert _clock(import_text(span)) == []


class TestSplitTimedListUnderTheHeading:
    REPORT = """# Platform incidents, week 12

Date: 2026-03-20

## Incident 1: Cache down (16 March)

- 09:10 Builds slow down.
- 09:25 Cache shows no healthy backends.
- 09:40 Cache nodes restarted.

## Incident 2: DNS records deleted (18 March)

- 14:02 Clean-up script removes the staging records.
- 14:20 Staging hosts do not resolve.
- 15:05 Records restored.
"""

    def test_each_incident_reads_its_list(self) -> None:
        """A timed list right under "Incident N" is that incident's timeline with --split (it gave 0 events)."""
        parent, first, second = import_split(self.REPORT)
        assert parent.incident.timeline == ()
        assert _clock(first) == ["09:10", "09:25", "09:40"]
        assert first.incident.milestones.started == datetime.fromisoformat("2026-03-16T09:10:00+00:00")
        assert _clock(second) == ["14:02", "14:20", "15:05"]

    def test_a_titled_note_with_only_a_list(self) -> None:
        """A title, a date line and a timed list (no sections): the list is the timeline."""
        note = (
            "# Cache down\n\nDate: 2026-03-16\n\n- 09:10 Builds slow down.\n- 09:25 No backends.\n- 09:40 Restarted.\n"
        )
        result = import_text(note)
        assert _clock(result) == ["09:10", "09:25", "09:40"]


class TestManagementResponses:
    AUDIT = """# Review of the ticketing outage

Issued: 20 April 2026

## Findings

### Finding 1: The runbook was out of date

Management response: Agreed. The runbook will be reviewed every quarter. Owner: Service Manager. Target date: 30 June 2026.

### Finding 2: There is no second site

Management response: Not agreed. A second site would cost more than the expected loss; management accepts the risk.

## Observations and management responses

1. Alerts went only to e-mail.
   Management response: Agreed, owner Ops Lead, by 31 May 2026.
2. The recovery plan was last tested in 2023.
   Management comment: Disagree. The plan was exercised in a tabletop review in 2025.
"""

    def test_a_refusal_is_no_action_item(self) -> None:
        """ "Not agreed" and "Disagree" record a decision to do nothing: two agreed responses, two items."""
        result = import_text(self.AUDIT)
        items = result.incident.action_items
        assert len(items) == 2
        assert items[0].owner == "Service Manager"
        assert "Alerts went only to e-mail." in items[1].description
        assert not any("Not agreed" in item.description or "Disagree" in item.description for item in items)

    def test_a_listed_findings_response_gives_the_owner_and_due_date(self) -> None:
        """A finding with "Management response: Agreed, owner X, by <date>" on its next line: owner and due read."""
        item = import_text(self.AUDIT).incident.action_items[1]
        assert (item.owner, str(item.due)) == ("Ops Lead", "2026-05-31")
        assert item.description == "Alerts went only to e-mail. Management response: Agreed."

    def test_the_refusals_text_is_kept(self) -> None:
        """The refusals stay in the imported document, where the blamelessness check reads them."""
        result = import_text(self.AUDIT)
        kept = "\n".join(section.body for section in result.sections)
        assert "Management response: Not agreed. A second site would cost more" in kept
        assert "Management comment: Disagree. The plan was exercised" in kept


class TestAnIncidentFile:
    def test_importing_an_incident_file_says_what_to_do(self, tmp_path: Path) -> None:
        """``postmortem import incident.yaml`` exits 2 and names validate, check and export (it exited 0)."""
        incident = tmp_path / "incident.yaml"
        incident.write_text("id: INC-1\ntitle: Cache down\n", encoding="utf-8")
        run = CliRunner().invoke(main, ["import", str(incident)])
        assert run.exit_code == 2
        assert f"{incident}:1 $: .yaml is an incident file format" in run.output
        assert f"postmortem validate {incident}" in run.output
        assert "--format markdown" in run.output

    def test_every_incident_format_is_refused(self, tmp_path: Path) -> None:
        """JSON and TOML incident files too; ``--format markdown`` still imports such a file as a document."""
        for suffix in (".json", ".toml", ".yml"):
            path = tmp_path / f"incident{suffix}"
            path.write_text("# Cache down\n\nDate: 2026-03-16\n", encoding="utf-8")
            with pytest.raises(IncidentFormatError, match="incident file format"):
                import_document(path)
            assert import_document(path, "markdown").incident.title == "Cache down"


class TestHtmlPage:
    PAGE = """<!DOCTYPE html>
<html><head><title>Ops : Cache outage</title><meta charset="utf-8">
<script>if (a < b && c) { go(); }</script><style>p { color: red }</style></head>
<body>
<nav><ul><li>Home<li>Recent changes</ul></nav>
<div id="breadcrumb-section"><ol><li>Ops<li>Reviews</ol></div>
<h1 id="title-heading"><span>Ops : Cache outage</span></h1>
<p><b>Date:</b> 2026-01-27<br>
<b>Authors:</b> Ana Ruiz, Tom Ng
<h2>Timeline (CET)</h2>
<ul>
<li>08:20 First reports from support.
<li>08:55 Both cache nodes restart in turn.
<li>10:05 Heartbeat cable replaced.
</ul>
<h2>Action items</h2>
<ul class="inline-task-list">
<li class="checked">Replace the cable (Ana Ruiz)
<li>Alert on restarts (Ops team, due 2026-02-10)
</ul>
<p>Note<br>- this line is no item
</body></html>
"""

    def test_a_saved_page_is_read_as_its_sections(self) -> None:
        """Unclosed <p> and <li>, <br> without a slash, scripts and styles: read as a browser shows it."""
        result = import_text(self.PAGE, "confluence")
        assert result.format == "html"
        assert result.incident.title == "Cache outage"  # the space name before " : " is left out
        assert result.incident.authors == ("Ana Ruiz", "Tom Ng")  # <br> keeps the label lines apart
        assert _clock(result) == ["08:20", "08:55", "10:05"]
        items = result.incident.action_items
        assert [(item.description, item.status.value) for item in items] == [
            ("Replace the cable", "done"),
            ("Alert on restarts", "open"),
        ]

    def test_what_a_reader_does_not_see_is_left_out(self) -> None:
        """Scripts, styles, navigation and breadcrumbs are no part of the incident; a line after a break stays text."""
        from postmortem.importing._html_page import html_page_to_markdown

        markdown, _notes = html_page_to_markdown(self.PAGE)
        for hidden in ("go()", "color: red", "Recent changes", "Reviews"):
            assert hidden not in markdown
        assert "Note\n\\- this line is no item" in markdown

    def test_a_file_with_an_html_suffix_is_read_as_a_page(self, tmp_path: Path) -> None:
        """``import page.html`` reads a saved page (the storage-format parser refused it: not well-formed)."""
        page = tmp_path / "page.html"
        page.write_text(self.PAGE, encoding="utf-8")
        assert len(import_document(page).incident.timeline) == 3

    def test_deep_nesting_is_refused_with_a_line(self) -> None:
        """Elements nested deeper than the import reads: exit 2's message, with a line, never a RecursionError."""
        page = "<!doctype html><html><body>\n" + "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>"
        with pytest.raises(IncidentFormatError, match="nested more than 200 deep") as raised:
            import_text(page, "confluence")
        assert raised.value.problems[0].line == 2


class TestPlainText:
    DOCUMENT = """Postmortem: Warehouse scanners offline

Date: 15 November 2026
Severity: SEV3

Summary

Handheld scanners could not reach the stock service for 47 minutes.

Timeline

\\* 06:10 Wi\\-Fi controller pushes firmware 9\\.2 to all access points\\.
\\* 06:14 Scanners drop off the network\\.
\\* 06:57 All scanners connected again\\.

Action items

\\* Stage firmware pushes to one aisle first \\(Aoife Byrne\\)
\\* Turn off automatic firmware updates \\(Network team, 2026\\-11\\-30\\)
"""

    def test_section_names_alone_on_a_line_start_sections(self) -> None:
        """With no headings, "Summary", "Timeline", "Action items" alone on a line are the sections."""
        result = import_text(self.DOCUMENT)
        assert _mapped(result) == {"Summary": "summary", "Timeline": "timeline", "Action items": "action_items"}
        assert result.incident.title == "Warehouse scanners offline"

    def test_escaped_markers_and_punctuation_are_read(self) -> None:
        """``\\*`` runs are lists again; an exporter's ``\\-``, ``\\.``, ``\\(`` are plain punctuation."""
        result = import_text(self.DOCUMENT)
        assert result.incident.timeline[0].description == ("Wi-Fi controller pushes firmware 9.2 to all access points.")
        second = result.incident.action_items[1]
        assert (second.description, second.owner, str(second.due)) == (
            "Turn off automatic firmware updates",
            "Network team",
            "2026-11-30",
        )

    def test_one_escaped_marker_stays_text(self) -> None:
        """A single ``\\- `` line, or one or two escapes, are the author's: left as written."""
        from postmortem.importing._plain_text import escaped_lists

        text = "Intro\n\n\\- not a list\n\nA price of 3\\.50 and 4\\.20.\n"
        assert escaped_lists(text) == text

    def test_a_sentence_alone_is_no_section(self) -> None:
        """A line that ends with a full stop, or names no section, does not start one."""
        text = "Cache down\n\nDate: 2026-03-16\n\nTimeline.\n\nThe cache went down.\n"
        assert "Timeline." not in _mapped(import_text(text))


class TestTitlesAndLabelLines:
    def test_pandocs_bold_first_paragraph_is_the_title(self) -> None:
        """``**Post-incident review: Loss of telephony**`` above the first heading is the title."""
        text = "**Loss of telephony at the contact centre**\n\nDate: 2026-08-04\n\nSummary\n=======\n\nCalls failed.\n"
        result = import_text(text, name="doc")
        assert result.incident.title == "Loss of telephony at the contact centre"
        assert result.sections == ()

    def test_a_bold_section_name_is_no_title(self) -> None:
        """``**Summary**`` first is the summary's name, not a title."""
        text = "**Summary**\n\nDate: 2026-08-04\n\n## Impact\n\nCalls failed.\n"
        assert import_text(text, name="doc").incident.title == "doc"

    def test_bold_label_lines_stay_lines(self) -> None:
        """``**Facility:** ...`` lines one under the other get a hard break each, and the date label is read."""
        text = (
            "# Ammonia alarm\n\n**Facility:** Riverside, cold store 3\n**Date of occurrence:** 9 January 2026\n"
            "**Classification:** Near miss\n\n## Description\n\nThe alarm sounded.\n"
        )
        result = import_text(text)
        assert result.incident.milestones.started.date().isoformat() == "2026-01-09"
        (details,) = result.sections
        assert details.body.split("\n") == [
            "**Facility:** Riverside, cold store 3\\",
            "**Date of occurrence:** 9 January 2026\\",
            "**Classification:** Near miss",
        ]
        assert "bold label lines ('**Facility:** ...') kept a line each" in result.inferred

    def test_the_note_names_the_documents_own_label(self) -> None:
        """The import's note quotes the document's first broken label, not an example it does not have."""
        text = "# Checkout errors\n\n**Date:** 2026-11-03\n**Severity:** SEV2\n\n## Summary\n\nCalls failed.\n"
        inferred = import_text(text).inferred
        assert "bold label lines ('**Date:** ...') kept a line each" in inferred
        assert not [note for note in inferred if "Facility" in note]


class TestDecisionRecordStatusFirst:
    ADR = """# ADR 14: Keep a warm standby for the order database

## Status

Superseded by ADR 19 on 2026-11-02. Originally accepted 2026-02-16.

## Context

The order database's primary failed on 9 February 2026 and the restore took three hours.

## Decision

Run a streaming replica in the second zone.
"""

    def test_the_incident_is_dated_from_the_context_not_the_status(self) -> None:
        """An ADR's Status dates the decision; the incident's date is the one its context tells."""
        result = import_text(self.ADR)
        assert result.incident.milestones.started.date().isoformat() == "2026-02-09"

    def test_a_first_section_that_is_no_decision_record_still_dates(self) -> None:
        """Elsewhere a first section that maps to nothing ("Background") still gives the date."""
        text = "# Cache down\n\n## Background\n\nOn 9 February 2026 the cache failed.\n\n## Impact\n\nSlow builds.\n"
        assert import_text(text).incident.milestones.started.date().isoformat() == "2026-02-09"


class TestQuotedReplies:
    MAIL = """From: Tomasz Wojcik <t.wojcik@example.org>
To: platform-leads@example.org
Subject: Re: Outage summary - image resizer down on 6 May
Date: Thu, 7 May 2026 09:14:02 +0200

Thanks Ines, agreed. One correction: the disk alert did fire at 14:20.

On Wed, 6 May 2026 at 19:02, Ines Moreau <i.moreau@example.org> wrote:
> What happened: the scratch disk filled with temporary files.
>
> Timeline (CEST):
> 14:05 first placeholder reported by the content team
> 14:32 on-call finds the scratch disk at 100%
> 15:10 resize queue empty, images showing again
>
> Action items:
> - clean up temporary files on worker start (@ines)
> - alert on scratch disk usage above 80% (@tomasz)
"""

    def test_the_quoted_write_up_is_read(self) -> None:
        """The quoted message's timeline and action items are read; its lines keep their numbers."""
        result = import_text(self.MAIL)
        assert _clock(result) == ["14:05", "14:32", "15:10"]
        assert [item.owner for item in result.incident.action_items] == ["@ines", "@tomasz"]
        assert _mapped(result)["Timeline (CEST)"] == "timeline"

    def test_the_attribution_line_is_no_event(self) -> None:
        """ "On ... at 19:02, Ines ... wrote:" says when the quoted mail was sent, not what happened."""
        from postmortem.importing._plain_text import quoted_replies

        assert len(quoted_replies(self.MAIL).split("\n")) == len(self.MAIL.split("\n"))
        text = "# Disk full\n\nDate: 2026-05-06\n\n## What happened\n\nOn Wed, 6 May 2026 at 19:02, Ines wrote:\n"
        assert _clock(import_text(text)) == []

    def test_a_quote_in_a_document_that_is_no_mail_stays_a_quote(self) -> None:
        """Without e-mail headers a block quote is a quote (a customer's words, a chat log)."""
        from postmortem.importing._plain_text import quoted_replies

        text = "# Cache down\n\n> one\n> two\n> three\n"
        assert quoted_replies(text) == text


class TestCsvTimeline:
    BARE = """# Card terminal timeouts

Date: 2026-06-19

## Timeline

time,event,who
11:50,"Gateway latency rises above 3 s, then 5 s",monitoring
11:58,"Stores start calling the help desk",help desk
13:15,"Timeouts stop",monitoring
"""
    FENCED = """# Freezer warm overnight

Date: 12 March 2026

## Timeline

```csv
Timestamp;Reading;Note
2026-03-11 22:40;-79;Compressor trips
2026-03-12 07:30;-52;Technician finds the freezer warm
2026-03-12 07:45;-52;Samples moved
```
"""

    def test_a_pasted_csv_is_the_timeline_with_its_actors(self) -> None:
        """``time,event,who`` rows are events; a quoted cell keeps its comma; the who column is the actor."""
        result = import_text(self.BARE)
        first = result.incident.timeline[0]
        assert (first.description, first.actor) == ("Gateway latency rises above 3 s, then 5 s", "monitoring")
        assert _clock(result) == ["11:50", "11:58", "13:15"]

    def test_a_fenced_csv_keeps_its_lines(self) -> None:
        """A ```` ```csv ```` block with a time column is a table of as many lines (it was code: no events)."""
        from postmortem.importing._csv_tables import csv_tables

        assert len(csv_tables(self.FENCED).split("\n")) == len(self.FENCED.split("\n"))
        result = import_text(self.FENCED)
        assert [event.time.strftime("%d %H:%M") for event in result.incident.timeline] == [
            "11 22:40",
            "12 07:30",
            "12 07:45",
        ]

    def test_rows_of_other_shapes_stay_as_written(self) -> None:
        """No time column in the header, uneven rows, or code of another language: left as written."""
        from postmortem.importing._csv_tables import csv_tables

        for text in (
            "name,team\nAna,ops\nTom,dba\nLi,web\n",
            "time,event\n10:00,a,b\n10:05,c\n10:10,d\n",
            "```python\ntime,event\n10:00,a\n10:05,b\n10:10,c\n```\n",
        ):
            assert csv_tables(text) == text


class TestBoundedReading:
    def test_a_long_quote_of_untimed_lines_is_not_read_line_by_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A quoted block whose lines mostly have no figure near their start is no timeline, decided before
        any line is read as Markdown (30,000 nested quoted lines took 20 s of CPU, now about 1)."""
        from postmortem.importing import _build_timeline

        reads: list[str] = []
        real = _build_timeline._plain_inline

        def counted(line: str) -> str:
            reads.append(line)
            return real(line)

        monkeypatch.setattr(_build_timeline, "_plain_inline", counted)
        mail = "From: a@example.org\nSubject: Disk full\nDate: 1 Jan 2026\n\n" + "".join(
            "> " * (2 + number % 40) + f"line {number}\n" for number in range(300)
        )
        assert import_text(mail).incident.timeline == ()
        assert len(reads) < 30
        timed = "# T\n\nDate: 2026-01-01\n\n> 1/ 09:12 pager fires\n> 2/ 09:20 on-call joins\n> 3/ 09:40 fixed\n"
        assert _clock(import_text(timed)) == ["09:12", "09:20", "09:40"]


class TestBreadcrumbAboveAnIdLine:
    def test_an_id_line_with_a_title_wins_over_a_first_line(self) -> None:
        """A wiki page's breadcrumb line above "**Incident:** ID – title" is not the title (round 17's end scoring)."""
        text = (
            "Ops / Incidents / 2026\n\n**Incident:** OPS-58 – Dashboards showed doubled figures\n\n"
            "**Date:** 11 August 2026\n\n**Summary:** The pipeline loaded one day twice.\n\n**Impact:** Two dashboards.\n"
        )
        result = import_text(text)
        assert (result.incident.id, result.incident.title) == ("OPS-58", "Dashboards showed doubled figures")


@pytest.mark.parametrize(
    ("item", "description"),
    [
        ("Replace the port limit switch. Owner: Shore engineering. Due: 2026-04-01.", "Replace the port limit switch."),
        ("Replace the port limit switch. Owner: Ana. Due: 2026-04-01", "Replace the port limit switch."),
        ("Replace the switch; owner: Ana; due: 2026-04-01.", "Replace the switch."),
        ("Fix the gate, owner: Ana, due: 2026-04-01, tracked in OPS-1.", "Fix the gate."),
        ("Fix the gate. Tracked in OPS-1. Owner: Ana.", "Fix the gate."),
        ("Wait... then retry the pump. Owner: Ana.", "Wait... then retry the pump."),
        ("Ask the supplier why the seal failed? Owner: Ana.", "Ask the supplier why the seal failed?"),
    ],
)
def test_an_items_fields_taken_out_leave_no_stray_stops(item: str, description: str) -> None:
    """Owner, due date and tracker key written as sentences of the item are read, and the stops that
    stood after them go too ("Replace the port limit switch. . ." before)."""
    result = import_text(f"# Ramp stuck on 2026-03-03\n\n## Action items\n- {item}\n", "markdown")
    (action,) = result.incident.action_items
    assert action.description == description
    assert action.owner == "Shore engineering" if "Shore" in item else action.owner == "Ana"
