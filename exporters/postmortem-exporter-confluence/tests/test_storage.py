"""Storage-format rendering: structure, macros, mentions, links and hostile text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from postmortem_confluence import page_title, render_storage, safe_url
from postmortem_confluence._xml import STORAGE_NAMESPACES, clean, el, text, wrap_for_parsing

from postmortem import model, presentation
from postmortem.strategies import HOSTILE_SNIPPETS, hostile_text, incidents
from postmortem.testing import examples

AC = "{" + STORAGE_NAMESPACES["ac"] + "}"
RI = "{" + STORAGE_NAMESPACES["ri"] + "}"
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


def parse(storage: str) -> ET.Element:
    return ET.fromstring(wrap_for_parsing(storage))


def macros(root: ET.Element, name: str) -> list[ET.Element]:
    return [m for m in root.iter(f"{AC}structured-macro") if m.get(f"{AC}name") == name]


def timeline_rows(root: ET.Element) -> list[list[str]]:
    """The text of each cell of the timeline table (the one whose first heading is "Time (zone)"), row by row."""
    for table in root.iter("table"):
        rows = [["".join(cell.itertext()) for cell in tr] for tr in table.iter("tr")]
        if rows and rows[0][0].startswith("Time ("):
            return rows
    return []


def parameter(macro: ET.Element, name: str) -> str | None:
    for p in macro.findall(f"{AC}parameter"):
        if p.get(f"{AC}name") == name:
            return "".join(p.itertext())
    return None


def all_text(root: ET.Element) -> str:
    return "".join(root.itertext())


def make_incident(**changes: Any) -> model.Incident:
    base = model.Incident(
        id="INC-7",
        title="Checkout errors",
        severity=model.DEFAULT_SEVERITY_SCALE.get("SEV2"),
        milestones=model.Milestones(
            started=T0,
            detected=T0 + timedelta(minutes=7),
            acknowledged=T0 + timedelta(minutes=9),
            mitigated=T0 + timedelta(minutes=52),
            resolved=T0 + timedelta(hours=2, minutes=5),
        ),
        summary="Checkout failed for a third of users.\n\nA config push removed a pool limit.",
        participants=(
            model.Participant(
                "Maria Lopez",
                "incident commander",
                "@maria",
                accounts={"confluence": "5b10ac8d82e0"},
            ),
            model.Participant("Sam Ode", "on-call"),
        ),
        authors=("Maria Lopez", "Sam Ode"),
        action_items=(
            model.ActionItem("AI-1", "Add a pool saturation alert", owner="@maria", tracker_key="OPS-1234"),
            model.ActionItem(
                "AI-2",
                "Write the runbook",
                owner="Sam Ode",
                status=model.ActionStatus.DONE,
                completed=date(2026, 3, 9),
                tracker_key="not a key",
                tracker_url="https://tracker.example.com/2",
            ),
        ),
    )
    return attrs.evolve(base, **changes)


class TestStructure:
    def test_sections_in_the_shared_order(self) -> None:
        """With empty sections shown, every heading appears once, in the order all exporters share."""
        root = parse(render_storage(make_incident(), include_empty=True))
        headings = ["".join(h.itertext()) for h in root.iter("h2")]
        expected = presentation.sections(make_incident(), include_empty=True)
        assert headings == ["Key metrics", *(section.title for section in expected)]
        assert headings[:10] == [
            "Key metrics",
            "Summary",
            "Impact",
            "Customer communication",
            "Root cause and trigger",
            "Contributing factors",
            "Resolution",
            "Detection",
            "Action items",
            "What went well",
        ]

    def test_empty_sections_are_left_out_by_default(self) -> None:
        """A draft shows only what is written, plus the key metrics."""
        root = parse(render_storage(make_incident()))
        headings = ["".join(h.itertext()) for h in root.iter("h2")]
        assert headings == ["Key metrics", "Summary", "Action items", "Participants"]

    def test_empty_sections_say_not_recorded(self) -> None:
        """Shown empty sections are marked rather than blank."""
        root = parse(render_storage(make_incident(), include_empty=True))
        assert all_text(root).count("Not written yet.") >= 10

    def test_table_of_contents_macro_comes_before_the_first_section(self) -> None:
        """A toc macro sits between the title block and the summary."""
        storage = render_storage(make_incident())
        assert storage.index('ac:name="toc"') < storage.index("<h2>Summary</h2>")
        assert len(macros(parse(storage), "toc")) == 1

    def test_key_metrics_come_from_the_milestones(self) -> None:
        """Time to detect, acknowledge, mitigate and resolve are computed from the milestones."""
        root = parse(render_storage(make_incident()))
        rows = {
            "".join(tr[0].itertext()): "".join(tr[1].itertext())
            for table in root.iter("table")
            for tr in table.iter("tr")
            if len(tr) >= 2
        }
        assert rows["Time to detect"] == "7 min"
        assert rows["Time to acknowledge"] == "2 min"
        assert rows["Time to mitigate"] == "52 min"
        assert rows["Time to resolve"] == "2 h 5 min"
        # The impact duration is one key metric (here the time to mitigate), printed once.
        assert rows["Impact duration"] == "52 min"
        assert sum("".join(td.itertext()) == "Impact duration" for td in root.iter("td")) == 1

    def test_missing_milestones_show_a_dash(self) -> None:
        """A metric whose milestone is missing is shown as a dash, not as zero (another is known:
        with none known the table gives way to one line)."""
        incident = make_incident(milestones=model.Milestones(started=T0, detected=T0 + timedelta(minutes=5)))
        root = parse(render_storage(incident))
        rows = {"".join(tr[0].itertext()): "".join(tr[1].itertext()) for tr in root.iter("tr") if len(tr) >= 2}
        assert rows["Time to resolve"] == "—"

    def test_paragraphs_and_line_breaks(self) -> None:
        """Blank lines separate paragraphs in the summary."""
        root = parse(render_storage(make_incident()))
        summary_paragraphs = [
            "".join(p.itertext()) for p in root.iter("p") if "third of users" in "".join(p.itertext())
        ]
        assert summary_paragraphs == ["Checkout failed for a third of users."]

    def test_times_are_shown_in_the_incident_timezone(self) -> None:
        """The title block shows the start in the incident's timezone."""
        root = parse(render_storage(make_incident(timezone="Europe/Berlin")))
        assert "2026-03-04 11:00 CET" in all_text(root)


class TestMacros:
    def test_severity_status_colour_follows_rank(self) -> None:
        """The most severe level is red, the second yellow, lower levels blue or grey."""
        scale = model.DEFAULT_SEVERITY_SCALE
        colours = {}
        for level in scale.levels:
            root = parse(render_storage(make_incident(severity=level)))
            status = next(m for m in macros(root, "status") if parameter(m, "title") == level.name)
            colours[level.name] = parameter(status, "colour")
        assert colours == {
            "SEV1": "Red",
            "SEV2": "Yellow",
            "SEV3": "Blue",
            "SEV4": "Grey",
            "SEV5": "Grey",
        }

    def test_action_status_colours(self) -> None:
        """Open items are yellow and done items green."""
        root = parse(render_storage(make_incident()))
        titles = {parameter(m, "title"): parameter(m, "colour") for m in macros(root, "status")}
        assert titles["Open"] == "Yellow"
        assert titles["Done"] == "Green"

    def test_impact_panel_is_a_warning_for_top_severities(self) -> None:
        """SEV1 and SEV2 put impact in a warning panel; lower severities in an info panel."""
        impact = model.Impact("Checkout failed.")
        sev1 = parse(render_storage(make_incident(severity=model.DEFAULT_SEVERITY_SCALE.get("SEV1"), impact=impact)))
        sev3 = parse(render_storage(make_incident(severity=model.DEFAULT_SEVERITY_SCALE.get("SEV3"), impact=impact)))
        assert (len(macros(sev1, "warning")), len(macros(sev1, "info"))) == (1, 0)
        assert (len(macros(sev3, "warning")), len(macros(sev3, "info"))) == (0, 1)

    def test_impact_figures_are_one_list(self) -> None:
        """Users, share and every measure: one list, each figure in bold then what it counts, as in HTML and DOCX.

        They were a list (users, share) followed by a two-column table (the measures).
        """
        impact = model.Impact(
            "Checkout failed.",
            users_affected=12400,
            share_affected=0.3,
            metrics=(model.ImpactMetric("HTTP 500 rate", 30.0, "%"), model.ImpactMetric("Orders lost", 12.0, "")),
        )
        root = parse(render_storage(make_incident(impact=impact, timeline=())))
        (panel,) = macros(root, "warning") + macros(root, "info")
        assert [el.tag for el in panel.iter() if el.tag in ("table", "ul")] == ["ul"]
        items = [("".join(li.find("strong").itertext()), "".join(li.itertext())) for li in panel.iter("li")]
        assert items == [
            ("12,400", "12,400 users affected"),
            ("30%", "30% share of users or requests affected"),
            ("30%", "30% HTTP 500 rate"),
            ("12", "12 Orders lost"),
        ]

    def test_jira_macro_only_for_valid_keys(self) -> None:
        """A Jira-shaped tracker key becomes a Jira macro; other keys link to the tracker URL."""
        root = parse(render_storage(make_incident()))
        assert [parameter(m, "key") for m in macros(root, "jira")] == ["OPS-1234"]
        links = {a.get("href"): "".join(a.itertext()) for a in root.iter("a")}
        assert links["https://tracker.example.com/2"] == "not a key"

    def test_jira_server_parameter(self) -> None:
        """The Jira application link name is passed to the macro when given."""
        root = parse(render_storage(make_incident(), jira_server="Company Jira"))
        assert parameter(macros(root, "jira")[0], "server") == "Company Jira"

    def test_long_timeline_is_folded_in_an_expand_macro(self) -> None:
        """More events than expand_after go inside an expand macro; fewer do not."""
        events = tuple(model.TimelineEvent(T0 + timedelta(minutes=i), f"event {i}") for i in range(26))
        long = parse(render_storage(make_incident(timeline=events)))
        short = parse(render_storage(make_incident(timeline=events[:25])))
        (expand,) = macros(long, "expand")
        assert parameter(expand, "title") == "Show all 26 timeline events"
        assert len(list(expand.iter("tr"))) == 27
        assert macros(short, "expand") == []

    def test_timeline_is_sorted_by_time(self) -> None:
        """Events are listed in time order whatever order they were written in."""
        events = (
            model.TimelineEvent(T0 + timedelta(minutes=5), "second"),
            model.TimelineEvent(T0, "first"),
        )
        root = parse(render_storage(make_incident(timeline=events)))
        assert [row[2] for row in timeline_rows(root)] == ["Event", "first", "second"]


class TestPageProperties:
    def test_page_properties_macro_lists_id_severity_status_date_and_owner(self) -> None:
        """A Page Properties (details) macro holds what a Page Properties Report lists."""
        root = parse(render_storage(make_incident()))
        (details,) = macros(root, "details")
        rows = {
            "".join(tr.find("th").itertext()): tr.find("td")  # type: ignore[arg-type,union-attr]
            for tr in details.iter("tr")
        }
        assert {"Incident", "Severity", "Status", "Date", "Owner"} <= set(rows)
        assert "".join(rows["Incident"].itertext()) == "INC-7"
        assert rows["Date"].find("time").get("datetime") == T0.date().isoformat()  # type: ignore[union-attr]
        assert [parameter(m, "title") for m in macros(rows["Status"], "status")] == ["Draft"]
        assert [u.get(f"{RI}account-id") for u in rows["Owner"].iter(f"{RI}user")] == ["5b10ac8d82e0"]


class TestMentions:
    def test_cloud_mentions_use_account_ids(self) -> None:
        """A participant with a Confluence account id is mentioned by ri:account-id on Cloud."""
        root = parse(render_storage(make_incident(), deployment="cloud"))
        ids = [u.get(f"{RI}account-id") for u in root.iter(f"{RI}user")]
        # Page properties owner and author, participant list, owner of AI-1 (given by handle).
        assert ids == ["5b10ac8d82e0"] * 4

    def test_data_center_mentions_use_user_keys(self) -> None:
        """On Data Center the same id is written as ri:userkey."""
        root = parse(render_storage(make_incident(), deployment="datacenter"))
        users = list(root.iter(f"{RI}user"))
        assert [u.get(f"{RI}userkey") for u in users] == ["5b10ac8d82e0"] * 4
        assert all(u.get(f"{RI}account-id") is None for u in users)

    def test_people_without_accounts_are_plain_text(self) -> None:
        """Sam has no Confluence account, so Sam's name is text."""
        root = parse(render_storage(make_incident()))
        assert "Sam Ode" in all_text(root)

    def test_hostile_account_id_stays_an_attribute(self) -> None:
        """An account id full of quotes and markup is escaped inside the attribute."""
        bad = '"/><ac:structured-macro ac:name="html">'
        person = model.Participant("Eve", accounts={"confluence": bad})
        root = parse(render_storage(make_incident(participants=(person,), authors=("Eve",))))
        assert [u.get(f"{RI}account-id") for u in root.iter(f"{RI}user")] == [bad, bad, bad]
        assert macros(root, "html") == []


class TestLinks:
    @pytest.mark.parametrize(
        "url",
        [
            "https://example.com/x?a=1&b=2",
            "http://example.com",
            "mailto:oncall@example.com",
            "HTTPS://EXAMPLE.COM",
        ],
    )
    def test_safe_schemes_become_links(self, url: str) -> None:
        """http, https and mailto URLs are kept."""
        assert safe_url(url) == url

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "java\nscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//example.com/x",
            "https://",
            "https://exa mple.com",
            "vbscript:x",
            "",
        ],
    )
    def test_other_urls_are_refused(self, url: str) -> None:
        """Anything that is not an absolute http(s) or mailto URL is refused."""
        assert safe_url(url) is None

    def test_unsafe_links_are_shown_as_text(self) -> None:
        """A javascript: link in the incident's links is shown as text, not as an anchor."""
        links = (
            model.Link("javascript:alert(1)", "click me"),
            model.Link("https://ok.example.com", "ok"),
        )
        root = parse(render_storage(make_incident(links=links)))
        assert [a.get("href") for a in root.iter("a")] == [
            "https://tracker.example.com/2",
            "https://ok.example.com",
        ]
        assert "click me" in all_text(root)


class TestEscaping:
    @pytest.mark.parametrize("snippet", HOSTILE_SNIPPETS)
    def test_hostile_text_round_trips_as_text(self, snippet: str) -> None:
        """Hostile text comes back as the same text (less what XML cannot hold), not markup."""
        root = parse(render_storage(make_incident(summary=snippet, title="T " + snippet)))
        expected_lines = [
            line.strip()
            for line in clean(snippet).replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if line.strip()
        ]
        text_content = all_text(root)
        for line in expected_lines:
            assert line in text_content
        assert macros(root, "html") == []
        assert list(root.iter("script")) == []

    def test_control_characters_are_removed(self) -> None:
        """NUL and other characters XML 1.0 forbids are stripped; tab and newline stay."""
        assert clean("a\x00b\x0bc\tde\ufffe\ud800f") == "abc\tdef"

    def test_builder_rejects_markup_in_names(self) -> None:
        """Tag and attribute names must be plain XML names."""
        with pytest.raises(ValueError, match="not an XML name"):
            el("p onclick=x")
        with pytest.raises(ValueError, match="not an XML name"):
            el("p", attrs={'x="1" y': "2"})

    def test_attribute_whitespace_survives_parsing(self) -> None:
        """Newlines and tabs in attribute values are written as character references."""
        node = ET.fromstring(el("a", "x", attrs={"title": "a\nb\tc"}))
        assert node.get("title") == "a\nb\tc"

    def test_text_escapes_markup(self) -> None:
        """The text escaper turns markup characters into entities."""
        assert text("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"

    def test_page_title_is_one_clean_line(self) -> None:
        """The page title has no control characters or newlines and fits Confluence's 255 limit."""
        incident = make_incident(title="a\nb\x00c\t" + "x" * 400)
        title = page_title(incident)
        assert title.startswith("INC-7: a bc ")
        assert len(title) == 255

    @pytest.mark.slow
    @settings(
        max_examples=examples(quick=15, full=60),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(incidents(hostile_text(), max_events=30), st.sampled_from(["cloud", "datacenter"]), st.booleans())
    def test_any_incident_renders_well_formed(
        self, incident: model.Incident, deployment: str, include_empty: bool
    ) -> None:
        """Any incident renders to well-formed XML with only our macros and only safe links."""
        storage = render_storage(
            incident,
            deployment=deployment,  # type: ignore[arg-type]
            include_empty=include_empty,
            expand_after=5,
        )
        root = parse(storage)
        # "code" holds a Markdown code block as plain text (a CDATA body, never markup).
        allowed = {"toc", "status", "info", "warning", "expand", "jira", "code", "details", "note"}
        assert {m.get(f"{AC}name") for m in root.iter(f"{AC}structured-macro")} <= allowed
        for anchor in root.iter("a"):
            assert safe_url(anchor.get("href")) is not None
        # CDATA appears only as a code macro's plain-text body ("]]>" inside is split in two).
        bodies = re.sub(
            r"<ac:plain-text-body><!\[CDATA\[.*?\]\]></ac:plain-text-body>",
            "",
            storage.replace("]]]]><![CDATA[>", "]]&gt;"),
            flags=re.DOTALL,
        )
        assert "<![CDATA[" not in bodies
        # The incident id is shown as text in the title block.
        assert clean(incident.id).replace("\r\n", "\n").replace("\r", "\n").strip() in all_text(root)


class TestTimelineAndActions:
    def test_timeline_writes_the_date_only_when_it_changes(self) -> None:
        """The time column names the zone once and repeats the date only on a new day."""
        events = (
            model.TimelineEvent(T0, "first"),
            model.TimelineEvent(T0 + timedelta(minutes=5), "second"),
            model.TimelineEvent(T0 + timedelta(days=1), "next day"),
        )
        root = parse(render_storage(make_incident(timeline=events)))
        rows = timeline_rows(root)
        assert [row[0] for row in rows] == ["Time (UTC)", "2026-03-04 10:00", "10:05", "2026-03-05 10:00"]

    def test_actor_and_source_columns_only_when_an_event_has_one(self) -> None:
        """No event names an actor or a source: Time, Kind and Event only, no columns of dashes."""
        events = (model.TimelineEvent(T0, "first"), model.TimelineEvent(T0 + timedelta(minutes=5), "second"))
        rows = timeline_rows(parse(render_storage(make_incident(timeline=events))))
        assert rows[0] == ["Time (UTC)", "Kind", "Event"]
        assert all(len(row) == 3 for row in rows)
        with_actor = (attrs.evolve(events[0], actor="on-call"), events[1])
        rows = timeline_rows(parse(render_storage(make_incident(timeline=with_actor))))
        assert rows[0] == ["Time (UTC)", "Kind", "Event", "Actor"]
        assert [row[3] for row in rows[1:]] == ["on-call", "—"]

    def test_event_record_link_follows_the_description(self) -> None:
        """A safe event link is a separate "(record)" link; an unsafe one is dropped."""
        events = (
            model.TimelineEvent(T0, "alert fired", link="https://pagerduty.example.com/i/1"),
            model.TimelineEvent(T0, "chat", link="javascript:alert(1)"),
        )
        root = parse(render_storage(make_incident(timeline=events)))
        anchors = [(a.get("href"), "".join(a.itertext())) for a in root.iter("a")]
        assert ("https://pagerduty.example.com/i/1", "(record)") in anchors
        assert all(href != "javascript:alert(1)" for href, _ in anchors)

    def test_risk_reduction_is_shown_under_the_action(self) -> None:
        """How an action item reduces risk is shown, labelled as in every format, in the action's cell."""
        item = model.ActionItem("AI-9", "Add an alert", risk_reduction="Pages within 2 minutes")
        root = parse(render_storage(make_incident(action_items=(item,))))
        cells = ["".join(td.itertext()) for td in root.iter("td") if "Add an alert" in "".join(td.itertext())]
        assert len(cells) == 1
        assert "Reduces risk: Pages within 2 minutes" in cells[0]
