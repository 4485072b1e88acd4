"""``postmortem import`` on the shapes an author met importing a team's existing post-mortems.

The documents under ``tests/data/importing/shapes`` were written for these tests in those
shapes: day-first and month-first numeric dates, time columns headed in other words or
languages, a metadata block with one line that is not ``Label: value``, timelines that cross
midnight, an id and a title on one line, headings such as "What went badly", impact that
ends before the clean-up, and severities written ``Sev: 1 (privacy)`` or as a label.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from postmortem.cli import main
from postmortem.importing import ImportResult, import_document, import_text
from postmortem.importing._table import table
from postmortem.importing._times import date_order, find_date, leading_time, numeric_dates

from ._import_scoring import DATA

SHAPES = DATA / "shapes"


def _import(name: str) -> ImportResult:
    return import_document(SHAPES / name)


def _times(result: ImportResult) -> list[str]:
    return [event.time.isoformat() for event in result.incident.timeline]


class TestNumericDates:
    def test_day_first_rows_keep_their_date_time_and_the_headers_zone(self) -> None:
        """`22/06 19:30` under `Time (CEST)` is 19:30 on 22 June in Berlin; `23/06 10:30` the next day."""
        result = _import("s01-day-first-table.md")
        assert _times(result) == [
            "2026-06-22T19:30:00+02:00",
            "2026-06-22T19:52:00+02:00",
            "2026-06-22T20:10:00+02:00",
            "2026-06-22T20:41:00+02:00",
            "2026-06-22T21:15:00+02:00",
            "2026-06-23T10:30:00+02:00",
        ]
        assert all(event.time_accuracy.precision.value == "minute" for event in result.incident.timeline)
        assert any("'22/06/2026' (line 3) cannot be month first" in note for note in result.inferred)

    def test_a_time_the_import_cannot_read_is_warned_at_its_row_and_kept(self) -> None:
        """`yesterday evening` is no event on the document's date: a warning at line 29, the row kept as text."""
        result = _import("s01-day-first-table.md")
        assert [(w.line, w.path) for w in result.warnings] == [(29, "$.timeline")]
        assert "'yesterday evening' is not a date or time" in result.warnings[0].message
        assert str(result.warnings[0]).startswith(f"{SHAPES / 's01-day-first-table.md'}:29 $.timeline: ")
        notes = [section for section in result.sections if section.title.startswith("Timeline")]
        assert len(notes) == 1
        assert "| yesterday evening | Vouchers bought with duplicate points honoured" in notes[0].body
        assert not any("Vouchers" in event.description for event in result.incident.timeline)

    def test_month_first_document(self) -> None:
        """`06/23/2026` settles a US document: `07/01 14:00` is 1 July, in US Eastern time."""
        result = _import("s02-month-first-list.md")
        assert _times(result)[0] == "2026-06-23T08:02:00-04:00"
        assert _times(result)[-1] == "2026-07-01T14:00:00-04:00"
        assert result.warnings == ()
        assert any("read month first: '06/23/2026' (line 3)" in note for note in result.inferred)

    def test_an_undecided_document_is_read_day_first_with_a_located_warning(self) -> None:
        result = _import("s03-ambiguous-utc.md")
        assert _times(result)[0] == "2026-04-03T02:00:00+00:00"
        assert [(w.line, w.path) for w in result.warnings] == [(3, "$")]
        assert "could be day first or month first" in result.warnings[0].message

    def test_zones_and_words_decide_where_every_date_could_be_either(self) -> None:
        assert date_order("| 03/04 | 10:00 |\n\nAll times PDT.", table()).order == "mdy"  # type: ignore[union-attr]
        assert date_order("| Heure | Événement |\n| 03/04 10:00 | x |", table()).order == "dmy"  # type: ignore[union-attr]
        assert date_order("Times are CEST.\n- 03/04 10:00 x", table()).warning is None  # type: ignore[union-attr]
        assert date_order("We run 24/7 and serve 1/3 of requests from the cache.", table()) is None

    def test_day_first_and_month_first_in_one_document_is_warned(self) -> None:
        decision = date_order("- 22/06/2026 10:00 a\n- 06/23/2026 11:00 b", table())
        assert decision is not None
        assert decision.warning is not None
        assert decision.line == 2

    def test_numeric_forms(self) -> None:
        """Slashes, dashes with a year, dots (day first), year first; `24/7` and `10-12` are no dates."""
        rules = table()
        default = date(2026, 6, 1)
        with numeric_dates("dmy"):
            assert leading_time("22.06.2026 19:30 x", rules).day == date(2026, 6, 22)  # type: ignore[union-attr]
            assert leading_time("22.06. 19:30 x", rules, default).day == date(2026, 6, 22)  # type: ignore[union-attr]
            assert leading_time("22-06-2026 10:00 x", rules).day == date(2026, 6, 22)  # type: ignore[union-attr]
            assert leading_time("2026/06/22 10:00 x", rules).day == date(2026, 6, 22)  # type: ignore[union-attr]
            assert leading_time("22/06/26 10:00 x", rules).day == date(2026, 6, 22)  # type: ignore[union-attr]
            assert leading_time("03/04 – export re-run", rules, default).day == date(2026, 4, 3)  # type: ignore[union-attr]
            assert leading_time("19h30 bascule", rules).clock == (19, 30, 0)  # type: ignore[union-attr]
            assert leading_time("24/7 support engaged", rules, default) is None
            assert leading_time("10-12 requests failed", rules, default) is None
            assert find_date("on call 24/7 since 22/06/2026") == date(2026, 6, 22)
        with numeric_dates("mdy"):
            assert leading_time("03/04 10:00 x", rules, default).day == date(2026, 3, 4)  # type: ignore[union-attr]
            assert leading_time("22/06 10:00 x", rules, default).day == date(2026, 6, 22)  # type: ignore[union-attr]

    def test_a_list_entry_with_a_time_it_cannot_read_is_warned(self) -> None:
        result = import_text("# T\n\nDate: 2026-05-04\n\n## Timeline\n\n- 10:02 a\n- 25:10 b happened\n")
        assert [(w.line, w.path) for w in result.warnings] == [(8, "$.timeline")]
        assert "'25:10'" in result.warnings[0].message
        assert datetime.fromisoformat(_times(result)[1]).date() == date(2026, 5, 4)

    def test_the_command_prints_warnings_even_when_quiet(self, tmp_path: Path) -> None:
        out = tmp_path / "incident.yaml"
        run = CliRunner().invoke(main, ["import", str(SHAPES / "s03-ambiguous-utc.md"), "-q", "-o", str(out)])
        assert run.exit_code == 0
        assert run.stderr.strip().startswith("warning: ")
        assert "s03-ambiguous-utc.md:3 $: '03/04/2026' could be day first" in run.stderr


class TestTimeColumns:
    def test_hour_column_reads_the_zone_of_its_header(self) -> None:
        """`Hour (CEST)` with `10:14` is 10:14 in Berlin (+02:00 in September), as `Time (CEST)` is."""
        result = _import("s04-hour-column.md")
        assert _times(result) == [
            "2026-09-14T10:14:00+02:00",
            "2026-09-14T10:31:00+02:00",
            "2026-09-14T10:40:00+02:00",
            "2026-09-14T10:55:00+02:00",
        ]
        assert result.incident.timeline[0].description.startswith("Suggestion index rebuild fails")
        assert result.incident.timezone == "Europe/Berlin"

    def test_heure_column_with_day_first_dates_and_french_clock_times(self) -> None:
        """`Heure (CEST)` / `Événement` with `02/10 14h05`: four events on 2 October, none kept as text."""
        result = _import("s05-heure-column.md")
        assert _times(result) == [
            "2026-10-02T14:05:00+02:00",
            "2026-10-02T14:12:00+02:00",
            "2026-10-02T14:40:00+02:00",
            "2026-10-02T15:20:00+02:00",
        ]
        assert not any("|" in section.body for section in result.sections)

    def test_other_header_words(self) -> None:
        """`When`, `Timestamp`, `Zeit`, `Hora`, `Date & time` are the time column, with the zone they name."""
        for header, zone, offset in [
            ("When (PDT)", "America/Los_Angeles", "-07:00"),
            ("Timestamp (UTC)", "UTC", "+00:00"),
            ("Zeit (MESZ)", "Europe/Berlin", "+02:00"),
            ("Hora (BRT)", "America/Sao_Paulo", "-03:00"),
            ("Date & time (IST)", "Asia/Kolkata", "+05:30"),
        ]:
            text = (
                f"# Queue stall\n\nDate: 2026-07-08\n\n## Timeline\n\n| {header} | Event |\n|---|---|\n"
                "| 09:10 | Consumers stall |\n| 09:25 | Consumers restarted |\n"
            )
            result = import_text(text)
            assert _times(result) == [f"2026-07-08T09:10:00{offset}", f"2026-07-08T09:25:00{offset}"], header
            assert result.incident.timezone == zone, header

    def test_an_unnamed_first_column_of_times_still_reads_its_zone(self) -> None:
        text = (
            "# Queue stall\n\nDate: 2026-07-08\n\n## Timeline\n\n| Uhr (MESZ) | Was |\n|---|---|\n"
            "| 09:10 | Consumers stall |\n| 09:25 | Consumers restarted |\n"
        )
        result = import_text(text)
        assert _times(result) == ["2026-07-08T09:10:00+02:00", "2026-07-08T09:25:00+02:00"]
        assert any("the column 'Uhr (MESZ)' read as the time" in note for note in result.inferred)


class TestMetadataBlock:
    def test_a_line_that_is_not_label_value_does_not_hide_the_block(self) -> None:
        """The labels around "Reviewed in meeting of 26/06/2026" are read; the line stays under Details."""
        result = _import("s06-metadata-odd-line.md")
        incident = result.incident
        assert incident.id == "RF-2026-031"
        assert incident.severity is not None
        assert incident.severity.name == "SEV2"
        assert incident.authors == ("Kwame Asante", "Laura Lindqvist")
        assert not any(entry.startswith("severity") for entry in result.missing)
        details = [section for section in result.sections if section.title == "Details"]
        assert len(details) == 1
        assert "Reviewed in meeting of 26/06/2026" in details[0].body
        assert any(note.startswith("line 7: 'Reviewed in meeting of 26/06/2026'") for note in result.inferred)
        assert _times(result)[0] == "2026-06-24T08:00:00+02:00"

    def test_a_list_of_labels_with_one_odd_item(self) -> None:
        text = (
            "# Cache stampede on the catalogue\n\n- Severity: SEV3\n- Date: 2026-03-02\n- Owner: Priya Nair\n"
            "- Discussed at the weekly ops review\n\n## Summary\n\nThe catalogue cache expired all at once.\n"
        )
        result = import_text(text)
        assert result.incident.severity is not None
        assert result.incident.severity.name == "SEV3"
        assert result.incident.summary == "The catalogue cache expired all at once."
        assert any("Discussed at the weekly ops review" in section.body for section in result.sections)

    def test_prose_with_one_label_stays_prose(self) -> None:
        """One label and a sentence is not a metadata block: it is the summary, as before."""
        text = (
            "# Lost writes\n\nStatus: resolved\nThe primary lost its disk and an hour of writes.\n\nDate: 2026-03-02\n"
        )
        result = import_text(text)
        assert "The primary lost its disk" in result.incident.summary


class TestMidnight:
    def test_day_markers_are_honoured(self) -> None:
        """`(+1 day)`, `(+1d)`, a trailing `(next day)` and `[D+1]` put the entries on the next day."""
        result = _import("s07-day-markers.md")
        assert _times(result) == [
            "2026-11-19T21:40:00+00:00",
            "2026-11-19T22:15:00+00:00",
            "2026-11-20T01:30:00+00:00",
            "2026-11-20T02:05:00+00:00",
            "2026-11-20T03:10:00+00:00",
            "2026-11-20T07:55:00+00:00",
        ]
        assert result.warnings == ()
        descriptions = [event.description for event in result.incident.timeline]
        assert descriptions[2] == "Batch monitor warns the run is behind its usual pace"
        assert descriptions[4].endswith("(next day)")  # the words stay as written

    def test_a_table_crossing_midnight_rolls_over_and_a_step_back_is_warned(self) -> None:
        """23:52 then 00:06 is the next day (reported); 01:40 then 01:15 is a warning at its row."""
        result = _import("s08-table-crosses-midnight.md")
        assert _times(result) == [
            "2026-08-30T22:48:00+00:00",
            "2026-08-30T23:30:00+00:00",
            "2026-08-30T23:52:00+00:00",
            "2026-08-31T00:06:00+00:00",
            "2026-08-31T01:40:00+00:00",
            "2026-08-31T01:15:00+00:00",
        ]
        assert any(note.startswith("line 21: 00:06 read as 2026-08-31") for note in result.inferred)
        assert [(w.line, w.path) for w in result.warnings] == [(23, "$.timeline")]
        assert "01:15 is earlier than the entry before it (01:40, line 22)" in result.warnings[0].message

    def test_a_bare_offset_is_still_a_zone(self) -> None:
        result = import_text("# T\n\nDate: 2026-05-04\n\n## Timeline\n\n- 10:02 +1 deploy\n- 10:30 +01:00 alert\n")
        assert _times(result) == ["2026-05-04T10:02:00+01:00", "2026-05-04T10:30:00+01:00"]

    def test_a_list_written_newest_first_is_not_warned(self) -> None:
        text = (
            "# T\n\nDate: 2026-05-04\n\n## Timeline (UTC)\n\n- 11:40 Resolved\n- 11:05 Fix deployed\n"
            "- 10:20 Cause found\n- 09:58 Alert\n"
        )
        result = import_text(text)
        assert result.warnings == ()
        assert any("listed newest first" in note for note in result.inferred)
        assert result.incident.ordered_timeline[0].description == "Alert"

    def test_the_entries_after_a_dated_entry_are_on_its_date(self) -> None:
        text = "# T\n\nDate: 2026-05-04\n\n## Timeline (UTC)\n\n- 2026-05-05 23:50 Failover\n- 23:58 Failback\n"
        assert _times(import_text(text)) == ["2026-05-05T23:50:00+00:00", "2026-05-05T23:58:00+00:00"]


class TestIdAndTitle:
    def test_the_incident_line_gives_the_id_and_the_title(self) -> None:
        """`**Incident:** DE-INC-58 – Revenue dashboards ...` is the id DE-INC-58 and the title, not one id."""
        result = _import("s09-id-and-title.md")
        assert result.incident.id == "DE-INC-58"
        assert result.incident.title == "Revenue dashboards showed the previous day's figures"
        assert not any("from the file name" in note for note in result.inferred)

    def test_separators_and_what_is_not_an_id(self) -> None:
        for line, wanted in [
            ("OPS-4410 - Login failures for SSO users", ("OPS-4410", "Login failures for SSO users")),
            ("INC-2026-0187: Card payments declined", ("INC-2026-0187", "Card payments declined")),
            ("OPS-88—Login failures", ("OPS-88", "Login failures")),
            ("#4471 — Runner tokens leaked to fork builds", ("#4471", "Runner tokens leaked to fork builds")),
        ]:
            result = import_text(f"Incident: {line}\nDate: 2026-04-16\n\n## Summary\n\nText.\n")
            assert (result.incident.id, result.incident.title) == wanted, line
        for title in ("2026-05-21 – VPN outage", "v2 - API limits tightened", "Log4j – response review"):
            result = import_text(f"# {title}\n\nDate: 2026-04-16\n\n## Summary\n\nText.\n", name="doc")
            assert result.incident.title == title
            assert result.incident.id == "doc"

    def test_an_id_and_title_in_the_document_title(self) -> None:
        result = import_text("# OPS-4410 – Login failures for SSO users\n\nDate: 2026-04-16\n\n## Summary\n\nText.\n")
        assert (result.incident.id, result.incident.title) == ("OPS-4410", "Login failures for SSO users")


class TestRetrospectiveHeadings:
    def test_went_badly_was_good_and_why_not_caught(self) -> None:
        result = _import("s10-retro-headings.md")
        targets = {mapped.heading: mapped.target for mapped in result.mapping}
        assert targets["Why this was not caught for 9 days"] == "process_cause"
        assert targets["What was good"] == "what_went_well"
        assert targets["What went badly"] == "what_went_poorly"
        incident = result.incident
        assert incident.root_cause.process.startswith("The rate table is baked into the worker image")
        assert len(incident.what_went_well) == 2
        assert incident.what_went_poorly[0] == "Nobody owned the list of rate changes due at the new year."
        assert result.sections == ()

    def test_other_wordings(self) -> None:
        for heading, target in [
            ("What was not good", "what_went_poorly"),
            ("What wasn't good", "what_went_poorly"),
            ("Things that went badly", "what_went_poorly"),
            ("What went right", "what_went_well"),
            ("Why wasn't this caught?", "process_cause"),
            ("Why wasn’t this caught earlier?", "process_cause"),
            ("Why didn't we catch it in staging", "process_cause"),
            ("Things that went right by chance", "where_we_got_lucky"),
        ]:
            assert table().section(heading) == target, heading


def _milestone_note(result: ImportResult, name: str) -> str:
    return next(note for note in result.inferred if note.startswith(f"{name}: "))


def _timeline_doc(*entries: str) -> str:
    return "# Checkout errors\n\nDate: 2026-05-27\n\n## Timeline (UTC)\n\n" + "".join(f"- {e}\n" for e in entries)


class TestMitigatedTime:
    def test_the_event_where_impact_ended_not_a_later_one(self) -> None:
        """Not the restart with no effect, the queue drained, the precautionary revert or the vendor's recovery."""
        result = _import("s11-mitigation-traps.md")
        milestones = result.incident.milestones
        assert milestones.mitigated == datetime.fromisoformat("2026-05-27T12:02:00+00:00")
        note = _milestone_note(result, "mitigated")
        assert "'Card payment error rate back to normal'" in note
        assert "line 22" in note
        assert "the first event that says impact ended ('back to normal')" in note
        assert milestones.resolved == datetime.fromisoformat("2026-05-27T16:00:00+00:00")

    def test_a_purge_after_which_pages_are_right_again(self) -> None:
        """The rollback at 11:05 changed nothing users saw; the purge at 11:20 made the pages right again."""
        result = _import("s12-rollback-then-recovery.md")
        assert result.incident.milestones.mitigated == datetime.fromisoformat("2026-03-09T11:20:00+00:00")

    def test_an_action_when_no_event_says_impact_ended(self) -> None:
        result = import_text(
            _timeline_doc("10:00 Alert fires for checkout", "10:20 Release 88 rolled back", "11:30 Retry queue drained")
        )
        assert result.incident.milestones.mitigated == datetime.fromisoformat("2026-05-27T10:20:00+00:00")
        assert "the first action that ends it ('rolled back')" in _milestone_note(result, "mitigated")

    def test_denied_and_failed_are_not_the_end(self) -> None:
        result = import_text(
            _timeline_doc(
                "10:00 Alert fires for checkout",
                "10:10 Service not restored after the restart",
                "10:15 Cache flushed; did not help",
                "10:40 Checkout working again",
            )
        )
        assert result.incident.milestones.mitigated == datetime.fromisoformat("2026-05-27T10:40:00+00:00")

    def test_a_providers_recovery_only_when_nothing_else_is_written(self) -> None:
        result = import_text(
            _timeline_doc("10:00 Alert fires for checkout", "12:10 AWS reports the eu-west-1 network recovered")
        )
        assert result.incident.milestones.mitigated == datetime.fromisoformat("2026-05-27T12:10:00+00:00")
        assert "a later recovery" in _milestone_note(result, "mitigated")

    def test_a_setback_said_again_is_no_recovery(self) -> None:
        result = import_text(_timeline_doc("10:00 Alert fires for checkout", "10:30 Checkout fails again"))
        assert result.incident.milestones.mitigated is None


def _severity_of(meta: str) -> tuple[str | None, list[str]]:
    result = import_text(f"# Checkout errors\n\nDate: 2026-05-01\n{meta}\n\n## Summary\n\nCheckout failed.\n")
    severity = result.incident.severity
    return (severity.name if severity else None), [entry for entry in result.missing if entry.startswith("severity")]


class TestSeverity:
    def test_a_level_by_its_number(self) -> None:
        """`Sev: 1 (privacy)` is SEV1, as `Sev 3 (...)` is SEV3; the report says how it was read."""
        result = _import("s14-sev-number-note.md")
        assert result.incident.severity is not None
        assert result.incident.severity.name == "SEV1"
        assert "severity SEV1 from '1 (privacy)' (the level's number)" in result.inferred
        assert _severity_of("Severity: Sev: 2 (data)") == ("SEV2", [])
        assert _severity_of("Severity: S3") == ("SEV3", [])

    def test_a_number_the_scale_has_not_is_missing_without_a_traceback(self) -> None:
        assert _severity_of("Sev: 0 (everything down)") == (
            None,
            ["severity: '0 (everything down)' is not a level of the scale"],
        )
        assert _severity_of("Severity: 2.5 hours") == (None, ["severity: '2.5 hours' is not a level of the scale"])

    def test_a_github_label(self) -> None:
        """`**Labels:** incident, sev-2, ci` in an issue's header line gives SEV2 where no severity is written."""
        result = _import("s13-github-labels.md")
        assert result.incident.severity is not None
        assert result.incident.severity.name == "SEV2"
        assert "severity SEV2 from the label 'sev-2' (line 3)" in result.inferred
        assert _severity_of("Labels: bug, severity/high") == ("SEV2", [])
        assert _severity_of("Labels: bug, sev-9") == (None, ["severity: the document names none"])
        assert _severity_of("Labels: several, seven") == (None, ["severity: the document names none"])


# Time cells as teams write them, and as they mistype them.
_CELL = st.one_of(
    st.from_regex(r"(~?[0-2]?[0-9][:h][0-5][0-9]|[0-3]?[0-9][/.-][01]?[0-9]([/.-](20)?26)?( [0-2][0-9]:[0-5][0-9])?)"
                  r"( ?\((\+[1-3] ?d(ays?)?|next day)\))?( [A-Z]{3,4})?", fullmatch=True),
    st.text(alphabet="0123456789:/.-+() hdayUTCEST~", max_size=16),
)  # fmt: skip


class TestOddTimes:
    @given(cells=st.lists(_CELL, min_size=1, max_size=8), header=st.sampled_from(["Time (CEST)", "Hour", "Uhr"]))
    def test_every_row_is_an_event_or_a_located_warning(self, cells: list[str], header: str) -> None:
        """Whatever the time cells hold: no traceback, and a row that is not an event is warned at its line."""
        rows = "".join(f"| {cell.replace('|', ' ').strip()} | step {index} |\n" for index, cell in enumerate(cells))
        text = f"# Odd times\n\nDate: 2026-03-29\n\n## Timeline\n\n| {header} | Event |\n|---|---|\n{rows}"
        result = import_text(text)
        events = {event.description for event in result.incident.timeline}
        warned = {warning.line for warning in result.warnings if warning.path == "$.timeline"}
        if 7 in warned:  # the table as a whole: no time column
            assert not events
            return
        for index, cell in enumerate(cells):
            if f"step {index}" not in events:
                assert 9 + index in warned, (cell, result.warnings)

    def test_carriage_returns_in_text_given_directly(self) -> None:
        """Text with old Mac line ends, passed to import_text, reads as a file would (it raised IndexError)."""
        result = import_text("# T\r\rDate: 2026-03-29\r\r## Timeline\r\r- 10:00 a\r- 10:05 b\r")
        assert _times(result) == ["2026-03-29T10:00:00+00:00", "2026-03-29T10:05:00+00:00"]


class TestDetectedTime:
    def test_product_pages_are_not_a_page(self) -> None:
        """'... keeps serving the old pages' is no page to the on-call; the report at 10:58 is the detection."""
        result = _import("s12-rollback-then-recovery.md")
        assert result.incident.milestones.detected == datetime.fromisoformat("2026-03-09T10:58:00+00:00")
        result = import_text(_timeline_doc("10:00 Pages render blank", "10:09 Error alert pages the web on-call"))
        assert result.incident.milestones.detected == datetime.fromisoformat("2026-05-27T10:09:00+00:00")


class TestDetectionMethodWords:
    """The detection method is read from words the section says, not from words it denies."""

    @staticmethod
    def _method(detection: str) -> str:
        text = (
            f"# Checkout errors\n\nDate: 2026-05-04\n\n## Summary\n\nPayments failed.\n\n## Detection\n\n{detection}\n"
        )
        return import_text(text).incident.detection.method.value

    def test_denied_monitoring_is_not_detection_by_monitoring(self) -> None:
        assert self._method("Nothing in our monitoring caught it; a customer emailed support at 09:12.") == (
            "support_escalation"
        )
        assert self._method("None of the alerts fired. A merchant reported failed payouts.") == "user_report"
        assert self._method("No alert fired. A merchant wrote in on the forum.") == "user_report"
        assert self._method("The alert did not fire; merchants reported failed payouts.") == "user_report"

    def test_stated_monitoring_still_is(self) -> None:
        assert self._method("The synthetic probe alerted the on-call at 09:12.") == "monitor"
        assert self._method("Our burn-rate alert paged the on-call before any customer noticed.") == "monitor"
