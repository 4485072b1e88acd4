"""``postmortem import`` and :func:`postmortem.import_document`: real documents in, incidents out.

The development documents under ``tests/data/importing/dev`` were written for this project in
the shapes public post-mortems take; ``expected.toml`` beside them says, for each, how a reader
maps its headings and how many timeline events and action items it holds. The held-out
documents (``holdout/``) are scored once, in ``test_importing_holdout.py``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import model
from postmortem.cli import main
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_text
from postmortem.markup import to_plain_text
from postmortem.testing import examples

from ._import_scoring import DATA, expected, mapping_score, markdown_units, recall, storage_units

DEV = expected("dev")


def _export_shows_sections_and_markdown() -> bool:
    """True once the Markdown export keeps prose Markdown and shows free-form sections."""
    if "sections" not in attrs.fields_dict(model.Incident):
        return False
    probe = import_text("# T\n\nDate: 2026-01-01\n\n## Summary\n\nSee [x](https://example.com).\n\n## Extra\n\nKept.\n")
    text = str(postmortem.export(probe.incident, "markdown"))
    return "## Extra" in text and "[x](https://example.com)" in text


def _import(name: str) -> postmortem.importing.ImportResult:
    return import_document(DATA / "dev" / name)


class TestDevelopmentDocuments:
    @pytest.mark.parametrize("name", sorted(DEV))
    def test_headings_map_as_a_reader_maps_them(self, name: str) -> None:
        """Every heading of the document goes where the expectation written with it says."""
        result = _import(name)
        right, total, wrong = mapping_score(result, DEV[name]["sections"])  # type: ignore[arg-type]
        assert wrong == []
        assert right == total

    @pytest.mark.parametrize("name", sorted(DEV))
    def test_timeline_and_action_items_are_read(self, name: str) -> None:
        """The number of timeline events and action items, and the first event's time, are right."""
        result = _import(name)
        expectation = DEV[name]
        assert expectation["timeline_events"] == len(result.incident.timeline)
        assert expectation["action_items"] == len(result.incident.action_items)
        first = expectation.get("first_event")
        if first is not None:
            assert isinstance(first, str)
            got = result.incident.ordered_timeline[0].time
            if len(first) == 10:
                assert date.fromisoformat(first) == got.date()
            else:
                assert datetime.fromisoformat(first) == got
                assert datetime.fromisoformat(first).utcoffset() == got.utcoffset()

    @pytest.mark.parametrize("name", sorted(DEV))
    def test_header_and_milestones_are_read(self, name: str) -> None:
        """Title, id, severity, people and the milestones, where the expectation names them."""
        incident = _import(name).incident
        expectation = DEV[name]
        for key in ("title", "id"):
            if key in expectation:
                assert getattr(incident, key) == expectation[key]
        if "severity" in expectation:
            assert incident.severity is not None
            assert incident.severity.name == expectation["severity"]
        for key in ("authors", "reviewers"):
            if key in expectation:
                assert list(getattr(incident, key)) == expectation[key]
        if "participants" in expectation:
            people = [
                f"{person.name} ({person.role})" if person.role else person.name for person in incident.participants
            ]
            assert people == expectation["participants"]
        milestones = expectation.get("milestones", {})
        assert isinstance(milestones, dict)
        for key, value in milestones.items():
            got = getattr(incident.milestones, key)
            assert got is not None, key
            if len(value) == 10:
                assert (key, date.fromisoformat(value)) == (key, got.date())
            else:
                assert (key, datetime.fromisoformat(value)) == (key, got)
                assert datetime.fromisoformat(value).utcoffset() == got.utcoffset()

    @pytest.mark.parametrize("name", sorted(DEV))
    def test_related_incidents_and_impact_windows_are_read(self, name: str) -> None:
        """Related incidents (id and relation, in order) and impact windows are what the document lists."""
        incident = _import(name).incident
        expectation = DEV[name]
        related = [f"{entry.id}:{entry.relation.value}" for entry in incident.related]
        assert related == expectation.get("related", [])
        assert len(incident.impact.windows) == expectation.get("impact_windows", 0)

    @pytest.mark.parametrize("name", sorted(DEV))
    def test_the_incident_loads_back_from_its_yaml(self, name: str) -> None:
        """What the import writes is a valid incident file."""
        incident = _import(name).incident
        assert incident == postmortem.loads(postmortem.dumps(incident, "yaml"), "yaml")

    @pytest.mark.skipif(
        not _export_shows_sections_and_markdown(),
        reason="the Markdown exporter does not yet render free-form sections and Markdown prose (issue 13, item 1)",
    )
    @pytest.mark.parametrize("name", sorted(DEV))
    def test_every_sentence_of_the_source_is_in_the_markdown_export(self, name: str) -> None:
        """Sentence recall is 1.0: nothing of the source is lost (see tests/_import_scoring.py)."""
        path = DATA / "dev" / name
        result = import_document(path)
        text = path.read_text("utf-8")
        units = storage_units(text) if name.endswith(".xml") else markdown_units(text)
        score = recall(units, str(postmortem.export(result.incident, "markdown")), result)
        assert score.misses == []
        assert score.total > 5


class TestWhatTheDocumentsSay:
    def test_metadata_table_fills_the_header(self) -> None:
        """A Google-SRE style table gives id, authors, reviewers, severity and services."""
        incident = _import("d01-sre-metadata.md").incident
        assert incident.id == "INC-2026-0311"
        assert incident.title == "Message queue partition loss in eu-west"
        assert incident.authors == ("Agnieszka Wolna", "Tariq Haddad")
        assert incident.reviewers == ("Lucía Fernández",)
        assert incident.severity.name == "SEV1"
        assert incident.services == ("order-events", "notifications")

    def test_lessons_learned_subsections_go_to_their_lists(self) -> None:
        """What went well / wrong / lucky under a Lessons learned group become the three lists."""
        incident = _import("d01-sre-metadata.md").incident
        assert len(incident.what_went_well) == 2
        assert incident.what_went_poorly == ("The runbook for offline partitions was out of date.",)
        assert incident.where_we_got_lucky == ("The patch run happened at night, when order volume is lowest.",)

    def test_trigger_is_a_contributing_factor_marked_as_trigger(self) -> None:
        """The Trigger section becomes the trigger factor."""
        factors = _import("d01-sre-metadata.md").incident.contributing_factors
        assert [factor.trigger for factor in factors] == [True]
        assert factors[0].description.startswith("The monthly kernel patch run")

    def test_checklist_items_carry_owner_due_status_and_tracker(self) -> None:
        """GitHub-style task lists: [x] is done, @handle the owner, due dates and issue links."""
        items = _import("d02-github-issue.md").incident.action_items
        assert items[0].status == model.ActionStatus.DONE
        assert items[0].owner == "@mbrandt"
        assert items[1].description == "Move redirect rules into the docs repository"
        assert date(2026, 7, 23) == items[1].due
        assert items[2].tracker_url == "https://github.com/example-org/docs/issues/2214"
        assert items[2].tracker_key == "#2214"
        assert items[3].owner == "@ofelia"

    def test_action_table_with_jira_keys_and_status(self) -> None:
        """A table with Jira, Action, Assignee, Due date and Status columns."""
        items = _import("d12-tables-jira.md").incident.action_items
        assert [item.tracker_key for item in items] == ["LOG-311", "LOG-312", "LOG-313"]
        assert [item.status.value for item in items] == ["in_progress", "open", "done"]
        assert date(2026, 12, 9) == items[0].due
        assert items[0].owner == "Network team"

    def test_date_headings_give_date_only_events(self) -> None:
        """Events under a date heading without a clock time are dated that day."""
        timeline = _import("d05-multi-day.md").incident.ordered_timeline
        assert date(2026, 10, 5) == timeline[0].time.date()
        assert (timeline[0].time.hour, timeline[0].time.minute) == (0, 0)
        assert datetime(2026, 10, 8, 9, 15, tzinfo=timezone.utc) == timeline[3].time

    def test_several_zones_in_one_timeline(self) -> None:
        """Each event keeps the zone it was written in (AEDT, UTC, CET)."""
        timeline = _import("d07-several-zones.md").incident.timeline
        offsets = [event.time.utcoffset() for event in timeline]
        assert [timedelta(hours=11), timedelta(0), timedelta(hours=1)] == offsets[:3]

    def test_local_time_note_sets_the_zone_and_the_incident_timezone(self) -> None:
        """'All times are US Eastern (ET)' reads 07:00 on 24 October as EDT."""
        incident = _import("d08-eastern-time.md").incident
        assert incident.timezone == "America/New_York"
        assert datetime(2026, 10, 24, 11, 0, tzinfo=timezone.utc) == incident.timeline[0].time

    def test_prose_keeps_its_markdown(self) -> None:
        """Links and code blocks stay Markdown in the field they land in."""
        incident = _import("d15-tldr-links.md").incident
        assert "[crash report](https://crashes.example.com/issue/5512)" in incident.summary
        assert "```\nFatal error: Division by zero" in incident.root_cause.technical

    def test_unmapped_sections_are_kept_in_order(self) -> None:
        """An apology, an appendix and a glossary stay as titled sections, in document order."""
        result = _import("d11-apology-appendix.md")
        titles = [section.title for section in result.sections]
        assert titles == ["A note to our customers", "Appendix: affected regions", "Glossary"]
        assert (
            result.sections[2].body == "- **Billing region:** the group of countries that share one invoicing schedule."
        )

    def test_action_groups_are_recorded(self) -> None:
        """Immediate / short term / long term groups are kept as a section naming their items."""
        result = _import("d16-where-lucky-groups.md")
        groups = next(section for section in result.sections if section.title == "Action item groups")
        assert groups.body == "- **Immediate:** AI-1\n- **Short term:** AI-2\n- **Long term:** AI-3"

    def test_approximate_and_ongoing_are_reported(self) -> None:
        """An ongoing incident is not given an end; approximate times are reported."""
        result = _import("d13-ongoing.md")
        assert result.incident.milestones.resolved is None
        assert any("ongoing" in line for line in result.inferred)
        assert any("approximate" in line for line in result.inferred)

    def test_impact_windows_past_midnight_ongoing_and_about(self) -> None:
        """A window ending after midnight ends the next day; "ongoing" leaves the end open; "~" is "about"."""
        text = (
            "# Queue backlog\n\nDate: 2026-08-02\nAll times CEST.\n\n## Impact\n\nEmails were delayed.\n\n"
            "### Periods of impact\n\n- from 23:40 until 00:25: welcome emails delayed\n"
            "- 2026-08-03 ~06:10 to ongoing: digest emails delayed\n"
        )
        windows = import_text(text).incident.impact.windows
        berlin = timezone(timedelta(hours=2))
        assert [(w.start, w.end) for w in windows] == [
            (datetime(2026, 8, 2, 23, 40, tzinfo=berlin), datetime(2026, 8, 3, 0, 25, tzinfo=berlin)),
            (datetime(2026, 8, 3, 6, 10, tzinfo=berlin), None),
        ]
        assert windows[0].description == "welcome emails delayed"
        assert windows[1].start_accuracy.bound is model.TimeBound.ABOUT
        assert windows[1].duration.ongoing

    def test_one_time_range_in_an_impact_section_stays_prose(self) -> None:
        """A single "from-until" line in an impact section is prose; only a list of two or more is windows."""
        text = "# T\n\nDate: 2026-08-02\n\n## Impact\n\n- 10:00 - 10:30: everything was slow\n"
        incident = import_text(text).incident
        assert incident.impact.windows == ()
        assert "everything was slow" in incident.impact.summary

    def test_related_entries_from_relative_links_and_keys(self) -> None:
        """A relative link names the other post-mortem by its file; a bare key is an id; other lines stay."""
        text = (
            "# T\n\nDate: 2026-08-02\n\n## Previous incidents\n\n"
            "- Duplicate of [the DNS outage](../2026-02-14-dns.md)\n"
            "- OPS-512, part of the May network maintenance\n"
            "- We have seen slow DNS before but never wrote it up.\n"
        )
        result = import_text(text)
        related = result.incident.related
        assert [(r.id, r.relation, r.url) for r in related] == [
            ("2026-02-14-dns", model.Relation.DUPLICATE, "../2026-02-14-dns.md"),
            ("OPS-512", model.Relation.PARENT, None),
        ]
        assert related[1].title == "part of the May network maintenance"
        assert [section.title for section in result.sections] == ["Previous incidents (notes)"]
        assert "never wrote it up" in result.sections[0].body

    def test_related_metadata_lines_give_keys_with_the_labels_relation(self) -> None:
        """ "Parent incident: OPS-88" and "Related: INC-2291, INC-2304" in the header; the lines stay in Details."""
        text = (
            "# T\n\nIncident: OPS-90\nDate: 2026-05-01\nParent incident: OPS-88\nRelated: INC-2291, INC-2304, OPS-90\n\n"
            "## Summary\n\nIt broke.\n"
        )
        result = import_text(text)
        assert [(r.id, r.relation) for r in result.incident.related] == [
            ("OPS-88", model.Relation.PARENT),
            ("INC-2291", model.Relation.SIMILAR),
            ("INC-2304", model.Relation.SIMILAR),
        ]
        assert "Parent incident: OPS-88" in result.sections[0].body

    def test_prose_only_follow_ups_become_what_changed_after(self) -> None:
        """A blog post's 'What we are changing' has no list: it is kept as the aftermath."""
        incident = _import("d03-blog-post.md").incident
        assert incident.narrative.aftermath.startswith("We are changing our migration tooling")
        assert incident.action_items == ()

    def test_missing_lists_what_check_will_ask_for(self) -> None:
        """The report names what the document lacks."""
        result = _import("d03-blog-post.md")
        assert {"root_cause", "detection"} <= set(result.missing)
        assert "missing (fill these in, then run `postmortem check`):" in result.report()


def _mitigated(*rows: str) -> datetime | None:
    text = "# T\n\nDate: 2026-05-04\nAll times UTC.\n\n## Timeline\n\n" + "".join(f"- {row}\n" for row in rows)
    return import_text(text).incident.milestones.mitigated


class TestMitigatedTime:
    def test_a_hypothetical_clause_is_no_event(self) -> None:
        """ "If it happens again we roll back" and "we will revert if ..." say what would happen."""
        assert _mitigated(
            "10:00 Release 7 deployed",
            "10:05 Alert fires",
            "10:20 Decision: if it happens again we roll back",
            "10:40 Queue consumers healthy again",
        ) == datetime(2026, 5, 4, 10, 40, tzinfo=timezone.utc)
        assert _mitigated(
            "10:00 Release 7 deployed",
            "10:05 Alert fires",
            "10:20 Release 7 will be reverted if latency stays high",
            "10:50 Release 7 reverted",
        ) == datetime(2026, 5, 4, 10, 50, tzinfo=timezone.utc)

    def test_an_action_done_again_and_the_first_event_are_not_the_end(self) -> None:
        """ "The nightly job runs again" opens the impact; "again" inside "against" is no word."""
        assert _mitigated(
            "02:00 Nightly import runs again after the pause",
            "02:30 Import re-run against the old schema",
            "03:10 Import finished; reports correct again",
        ) == datetime(2026, 5, 4, 3, 10, tzinfo=timezone.utc)
        assert _mitigated("02:00 Import starts", "02:05 Alert fires", "02:30 Import restarted again") is None

    def test_a_recovery_that_the_impact_comes_back_after_was_partial(self) -> None:
        """ "Errors return" after "responding again" (or "working again for most users") is no end."""
        assert _mitigated(
            "09:00 Reindex starts",
            "09:05 Latency alert fires",
            "09:20 Search responding again",
            "09:40 Timeouts return",
            "10:00 Reindex moved; search latency back to normal",
        ) == datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)
        assert _mitigated(
            "09:00 Reindex starts",
            "09:05 Latency alert fires",
            "09:20 Search working again for most users",
            "10:00 Reindex moved; search latency back to normal",
        ) == datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)

    def test_a_long_thread_reads_each_event_a_bounded_number_of_times(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Whether impact comes back after an event is read in one pass from the last event back: a
        thread of events that never recover (a comment thread, a ticket's history) reads each event
        a bounded number of times. Before, each event read every later one: a 600-event thread ran
        past the import's 30 s limit."""
        from postmortem.importing import _build_incident

        calls = {"n": 0}
        real = _build_incident._said

        def counting(*args: object, **kwargs: object) -> object:
            calls["n"] += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(_build_incident, "_said", counting)
        per_event = []
        for size in (40, 160):
            calls["n"] = 0
            rows = [f"{9 + i // 60:02d}:{i % 60:02d} Errors still elevated on shard {i}" for i in range(size)]
            assert _mitigated(*rows) is None
            per_event.append(calls["n"] / size)
        assert per_event[1] <= per_event[0] * 1.5, per_event


class TestDetectedTime:
    @pytest.mark.parametrize(
        "silent",
        [
            "Queue depth starts rising; there is no alert on it",
            "Error rate climbs without an alert",
            "Latency doubles; the alert did not fire (it was muted last week)",
            "Error budget burning; if an alert fires the on-call is paged",
        ],
    )
    def test_a_denied_or_hypothetical_alert_is_no_detection(self, silent: str) -> None:
        """The first report that came in is the detection, not a row saying no alert fired."""
        text = (
            "# T\n\nDate: 2026-05-04\nAll times UTC.\n\n## Timeline\n\n- 08:00 Release 9 deployed\n"
            f"- 08:10 {silent}\n- 11:45 A customer reports failed exports\n- 12:10 Release 9 rolled back\n"
        )
        detected = import_text(text).incident.milestones.detected
        assert detected == datetime(2026, 5, 4, 11, 45, tzinfo=timezone.utc)


class TestPeople:
    def test_names_with_roles_or_teams_in_brackets(self) -> None:
        """Commas inside brackets do not split a person; a role word makes the bracket a role, else a team."""
        text = (
            "# T\n\nDate: 2026-05-04\nIncident lead: Sam Okafor (Payments)\n"
            "Reviewed by: Ana Ruiz (SRE lead, payments), Tom Ng (DBA) and Li Wei\n"
            "Prepared by: Bea Lindgren\nOwner: Checkout team\nParticipants: Sam Okafor, Joel Marsh (support)\n\n"
            "## Summary\n\nIt broke.\n"
        )
        result = import_text(text)
        incident = result.incident
        assert incident.reviewers == ("Ana Ruiz", "Tom Ng", "Li Wei")
        assert incident.authors == ("Bea Lindgren",)
        people = [(p.name, p.role, p.team) for p in incident.participants]
        assert people == [
            ("Sam Okafor", "incident commander", "Payments"),
            ("Checkout team", "owner", None),
            ("Joel Marsh", "", "support"),
        ]
        assert "Ana Ruiz (SRE lead, payments)" in result.sections[0].body

    def test_a_responders_list(self) -> None:
        """ "Name — role", "Role: Name", "Name (role)" items; an item that names no one stays as written."""
        text = (
            "# T\n\nDate: 2026-05-04\n\n## Responders\n\n- Priya Raman — incident lead\n"
            "- Scribe: Omar Said\n- Luis Ortega (DBA on-call)\n- the whole storage team joined at 11:00\n"
        )
        result = import_text(text)
        people = [(p.name, p.role) for p in result.incident.participants]
        assert people == [("Priya Raman", "incident lead"), ("Omar Said", "Scribe"), ("Luis Ortega", "DBA on-call")]
        assert "the whole storage team joined" in result.sections[-1].body


class TestTicketShape:
    @pytest.mark.parametrize(
        ("heading", "expected"),
        [
            ("[OPS-4471] Checkout 502s", ("OPS-4471", "Checkout 502s")),
            ("OPS-4471 Checkout 502s", ("OPS-4471", "Checkout 502s")),
            ("SEV-12 checkout outage", ("t", "SEV-12 checkout outage")),
        ],
    )
    def test_a_key_before_the_summary_is_the_id(self, heading: str, expected: tuple[str, str]) -> None:
        incident = import_document_text(f"# {heading}\n\nDate: 2026-01-01\n")
        assert (incident.id, incident.title) == expected

    def test_priority_gives_the_severity_only_without_a_severity_line(self) -> None:
        both = import_document_text("# T\n\nPriority: Highest\nSeverity: SEV3\nDate: 2026-01-01\n")
        assert both.severity is not None
        assert both.severity.name == "SEV3"
        alone = import_document_text("# T\n\nPriority: Highest\nDate: 2026-01-01\n")
        assert alone.severity is not None
        assert alone.severity.name == "SEV1"


def import_document_text(text: str) -> model.Incident:
    return import_text(text, name="t").incident


class TestSummaryAndByline:
    def test_a_byline_is_no_summary(self) -> None:
        """A blog's "Posted on ... by ..." line is kept with the details; the summary is the post's text."""
        result = _import("d20-blog-posted-later.md")
        assert result.incident.summary.startswith("The short version: for 47 minutes")
        assert "Posted on 9 September 2026" in result.sections[0].body

    def test_what_happened_joins_the_summary_when_a_root_cause_heading_exists(self) -> None:
        incident = _import("d31-pagerduty-template.md").incident
        assert "notification workers changed the default batch size" in incident.summary
        assert incident.root_cause.technical.startswith("The new worker version's default batch size")


class TestConfluence:
    def test_template_page_properties_tasks_and_mentions(self) -> None:
        """Page properties give the header; tasks give done status, assignee, due date and Jira key."""
        incident = _import("c01-confluence-template.xml").incident
        assert incident.id == "OPS-9120"
        assert incident.title == "Login latency after identity cache upgrade"
        assert incident.authors == ("Rosa Lindqvist",)
        first, second = incident.action_items
        assert (first.status, first.owner) == (model.ActionStatus.DONE, "Rosa Lindqvist")
        assert ("Jonas Berg", date(2026, 5, 26), "OPS-9131") == (second.owner, second.due, second.tracker_key)

    def test_entities_code_and_macros(self) -> None:
        """HTML entities read as characters; a code macro becomes a code block."""
        result = import_text(
            "<h2>Root cause</h2><p>Retry&nbsp;storm &mdash; see below.</p>"
            '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b && c]]>'
            "</ac:plain-text-body></ac:structured-macro><p>Date: 2026-01-02</p>",
            "confluence",
        )
        technical = result.incident.root_cause.technical
        assert "Retry\u00a0storm \u2014 see below." in technical
        assert "```\na < b && c\n```" in technical

    @settings(max_examples=examples(quick=60, full=300), deadline=None)
    @given(
        st.text(
            st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")) | st.sampled_from("_*#>!<&[]|`~\\"),
            min_size=1,
            max_size=60,
        )
    )
    def test_paragraph_text_reads_back_as_written(self, words: str) -> None:
        """Any text of a paragraph is that text in the summary: no markup made, no backslash left over."""
        written = " ".join(words.split())
        assume(written)
        page = f"<p>Date: 2026-01-02</p><h2>Summary</h2><p>{xml_escape(written)}</p>"
        summary = import_text(page, "confluence").incident.summary
        assert " ".join(to_plain_text(summary).split()) == written

    @pytest.mark.parametrize(
        "written", ["0)", "1.", "12) of 14 shards", "- not a list", "+ 3", "> not a quote", "---", "-- -", "- - -"]
    )
    def test_a_paragraph_or_item_that_looks_like_a_list_marker_reads_back(self, written: str) -> None:
        """A paragraph or list item opening with "1." or "0)" is text: its escape goes before the "." or
        ")" (a backslash before a digit is no escape and was shown as written). A paragraph of dashes
        ("---", "-- -") is text too, not a thematic break (Hypothesis found "---" read back empty)."""
        for body, plain in (
            (f"<p>{xml_escape(written)}</p>", written),
            (f"<ul><li>{xml_escape(written)}</li></ul>", written),
        ):
            page = f"<p>Date: 2026-01-02</p><h2>Summary</h2>{body}"
            summary = import_text(page, "confluence").incident.summary
            assert to_plain_text(summary) == plain, summary

    def test_text_is_stored_without_needless_escapes(self) -> None:
        """snake_case, a #channel, "&", "!" and "<3" are not markup where they stand, so no backslash."""
        written = "Flag documents.bulk_save_v2 in #inc-42: rates &amp; errors, 5 &lt; 6! &lt;3 _start_ a*b"
        page = f"<p>Date: 2026-01-02</p><h2>Summary</h2><p>{written}</p>"
        summary = import_text(page, "confluence").incident.summary
        assert summary == r"Flag documents.bulk_save_v2 in #inc-42: rates & errors, 5 < 6! <3 \_start\_ a\*b"

    def test_a_doctype_of_the_document_is_refused(self) -> None:
        """A page cannot declare entities: no expansion, no external entity, ever."""
        bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><p>&b;</p>'
        with pytest.raises(IncidentFormatError) as caught:
            import_text(bomb, "confluence")
        assert "not well-formed storage format" in caught.value.problems[0].message

    def test_external_entity_is_not_read(self, tmp_path: Path) -> None:
        """An entity naming a local file is an undefined entity, not the file's content."""
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET")
        page = f'<p>Date: 2026-01-02 &xxe;</p><p>SYSTEM "file://{secret}"</p>'
        with pytest.raises(IncidentFormatError) as caught:
            import_text(page, "confluence")
        assert "TOP-SECRET" not in str(caught.value)

    def test_malformed_storage_is_located(self) -> None:
        """A tag left open is reported with its line."""
        with pytest.raises(IncidentFormatError) as caught:
            import_text("<p>Date: 2026-01-02</p>\n<p>one\n<p>two</p>", "confluence", source="page.xml")
        problem = caught.value.problems[0]
        assert problem.source == "page.xml"
        assert problem.line == 3

    def test_deep_nesting_is_refused(self) -> None:
        """Thousands of nested elements give a located error, not a RecursionError."""
        page = "<div>" * 5000 + "x" + "</div>" * 5000
        with pytest.raises(IncidentFormatError) as caught:
            import_text(page, "confluence")
        assert "nested more than" in caught.value.problems[0].message


class TestBadInput:
    def test_no_date_anywhere(self) -> None:
        """A document without any date cannot place its incident in time: a located error."""
        with pytest.raises(IncidentFormatError) as caught:
            import_text("# Something broke\n\nIt broke and we fixed it.\n")
        assert caught.value.problems[0].path == "$.milestones.started"

    def test_too_large(self, tmp_path: Path) -> None:
        """A document over the size bound is refused before it is read."""
        path = tmp_path / "big.md"
        path.write_text("Date: 2026-01-01\n\n" + "word " * 1000)
        with pytest.raises(IncidentFormatError) as caught:
            import_document(path, max_bytes=1000)
        assert "at most 1,000" in caught.value.problems[0].message

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Latin-1 bytes are located by line."""
        path = tmp_path / "old.md"
        path.write_bytes(b"# Title\n\nDate: 2026-01-01\n\nCaf\xe9 down\n")
        with pytest.raises(IncidentFormatError) as caught:
            import_document(path)
        assert caught.value.problems[0].line == 5

    def test_pathological_markdown_finishes(self) -> None:
        """Deeply nested quotes and lists, and long lines of markup, are read without error."""
        text = "Date: 2026-01-01\n\n" + "> " * 3000 + "x\n\n" + "- " * 3000 + "y\n\n" + "*a" * 20000 + "\n"
        result = import_text(text)
        assert result.incident.milestones.started.date() == date(2026, 1, 1)


class TestCommand:
    def test_writes_the_incident_and_reports(self, tmp_path: Path) -> None:
        """-o writes a loadable incident; the report goes to standard error."""
        out = tmp_path / "incident.yaml"
        runner = CliRunner()
        result = runner.invoke(main, ["import", str(DATA / "dev" / "d08-eastern-time.md"), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "'Overview' -> summary" in result.stderr
        assert "missing (fill these in" in result.stderr
        assert len(postmortem.load(out).timeline) == 5

    def test_json_output(self, tmp_path: Path) -> None:
        """The suffix picks the format."""
        out = tmp_path / "incident.json"
        runner = CliRunner()
        result = runner.invoke(main, ["import", "-q", str(DATA / "dev" / "d02-github-issue.md"), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Incident: docs site" not in out.read_text()
        assert len(json.loads(out.read_text())["action_items"]) == 4

    def test_bad_input_exits_2_with_a_located_message(self, tmp_path: Path) -> None:
        """No traceback: file, line and $.path."""
        page = tmp_path / "page.xml"
        page.write_text("<p>Date: 2026-01-02</p>\n<p>open\n")
        runner = CliRunner()
        result = runner.invoke(main, ["import", str(page)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{page}:")
        assert "$: not well-formed storage format" in result.stderr
        assert "Traceback" not in result.output

    def test_missing_file_exits_2(self, tmp_path: Path) -> None:
        """A file that does not exist is a located error too."""
        runner = CliRunner()
        result = runner.invoke(main, ["import", str(tmp_path / "nope.md")])
        assert result.exit_code == 2
        assert "cannot read the file" in result.stderr

    def test_refuses_to_overwrite(self, tmp_path: Path) -> None:
        """An existing output file is kept unless --force."""
        out = tmp_path / "incident.yaml"
        out.write_text("keep")
        runner = CliRunner()
        result = runner.invoke(main, ["import", str(DATA / "dev" / "d02-github-issue.md"), "-o", str(out)])
        assert result.exit_code == 2
        assert out.read_text() == "keep"
