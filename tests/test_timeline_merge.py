"""Merging imported events into an incident's timeline, milestones, participants and redaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem import dumps, load, loads
from postmortem.model import EventKind, Incident, Milestones, Participant, TimelineEvent
from postmortem.serialize import to_dict
from postmortem.sources import get_source
from postmortem.testing import examples
from postmortem.timeline import (
    incident_window,
    map_actor,
    merge_timeline,
    merged_text,
    redact_incident,
    redact_timeline,
    suggest_milestones,
)

DATA = Path(__file__).parent / "data"
SOURCES = DATA / "sources"
UTC = timezone.utc


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 5, 4, hour, minute, second, tzinfo=UTC)


def _incident(**changes: object) -> Incident:
    return attrs.evolve(load(DATA / "timeline" / "checkout-incident.yaml"), **changes)


def _exports(incident: Incident) -> list[Iterator[TimelineEvent]]:
    return [
        get_source("slack").read(
            SOURCES / "slack", participants=incident.participants, pinned_only=True, reaction="white_check_mark"
        ),
        get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json"),
        get_source("alertmanager").read(SOURCES / "alertmanager_webhooks.jsonl"),
        get_source("statuspage").read(SOURCES / "statuspage_incident.json"),
    ]


def _event(
    minute: int, description: str, kind: EventKind = EventKind.ALERT, source: str = "a", **extra: object
) -> TimelineEvent:
    return TimelineEvent(_at(10, minute), description, kind, source, **extra)  # type: ignore[arg-type]


class TestAlsoInField:
    def test_round_trips_and_is_left_out_when_empty(self) -> None:
        """also_in is written only when set, and loads back equal, in YAML, JSON and TOML."""
        incident = _incident(timeline=(_event(5, "x", also_in=("pagerduty", "grafana")), _event(6, "y")))
        assert "also_in" not in to_dict(incident)["timeline"][1]
        for fmt in ("yaml", "json", "toml"):
            assert loads(dumps(incident, fmt), fmt) == incident

    def test_a_lone_string_becomes_a_tuple(self) -> None:
        """also_in: pagerduty (without brackets) is read as one source."""
        assert _event(5, "x", also_in="pagerduty").also_in == ("pagerduty",)


class TestWindow:
    def test_from_start_to_last_milestone_with_margin(self) -> None:
        """The window runs from started minus the margin to the last milestone plus the margin."""
        since, until = incident_window(_incident(), timedelta(minutes=30))
        assert since == datetime(2026, 5, 4, 9, 32, 3, tzinfo=UTC)
        assert until == datetime(2026, 5, 4, 11, 20, 41, tzinfo=UTC)

    def test_open_end(self) -> None:
        """An incident with only a start time has an open end."""
        incident = _incident(milestones=Milestones(started=_at(10, 0)))
        assert incident_window(incident)[1] is None

    def test_events_outside_are_counted_not_kept(self) -> None:
        """Imported events outside the window are dropped and counted; hand-written ones stay."""
        incident = _incident(timeline=(TimelineEvent(_at(1, 0), "note", EventKind.OTHER),))
        merge = merge_timeline(
            incident,
            [[_event(5, "inside"), TimelineEvent(_at(20, 0), "much later", source="a")]],
            window_margin=timedelta(hours=1),
        )
        assert [e.description for e in merge.incident.timeline] == ["note", "inside"]
        assert merge.outside_window == 1


class TestMerge:
    def test_sorted_with_hand_written_events_kept(self) -> None:
        """The merged timeline is in time order and keeps the events written by hand."""
        incident = _incident()
        merge = merge_timeline(incident, _exports(incident))
        times = [e.time for e in merge.incident.timeline]
        assert times == sorted(times)
        for event in incident.timeline:
            assert event in merge.incident.timeline
        assert [merge.origins.index(i) >= 0 for i in (0, 1)] == [True, True]
        assert len(merge.added) == len(merge.incident.timeline) - 2
        assert merge.changed

    def test_the_same_alert_from_two_tools_is_folded(self) -> None:
        """Alertmanager's firing alert and PagerDuty's trigger become one event listing both sources."""
        incident = _incident()
        merge = merge_timeline(incident, _exports(incident))
        alerts = [e for e in merge.incident.timeline if e.kind == EventKind.ALERT and "HighErrorRate" in e.description]
        firing = [e for e in alerts if not e.description.startswith("Resolved")]
        assert len(firing) == 1
        assert firing[0].source == "alertmanager"
        assert firing[0].also_in == ("pagerduty",)
        assert firing[0].time == _at(10, 5, 12)
        ((kept, duplicate),) = merge.folded
        assert kept == firing[0]
        assert duplicate.description.startswith("Triggered: [#1042]")

    def test_times_are_whole_seconds(self) -> None:
        """Imported times lose their fractions, so that files stay readable and merges stable."""
        incident = _incident()
        merge = merge_timeline(incident, _exports(incident))
        assert all(e.time.microsecond == 0 for e in merge.added)

    def test_idempotent(self) -> None:
        """Merging the same exports into the merged incident changes nothing."""
        incident = _incident()
        first = merge_timeline(incident, _exports(incident))
        second = merge_timeline(first.incident, _exports(first.incident))
        assert second.incident == first.incident
        assert not second.changed
        assert (second.added, second.folded) == ((), ())

    def test_order_of_sources_does_not_matter(self) -> None:
        """The result is the same whichever source is named first."""
        incident = _incident()
        forward = merge_timeline(incident, _exports(incident))
        backward = merge_timeline(incident, list(reversed(_exports(incident))))
        assert forward.incident == backward.incident

    def test_hand_written_event_absorbs_the_import(self) -> None:
        """An imported alert matching a hand-written one is folded into it; the hand-written text stays."""
        mine = TimelineEvent(_at(10, 5), "HighErrorRate alert for checkout-api: 5xx ratio above 5%", EventKind.ALERT)
        incident = _incident(timeline=(mine,))
        merge = merge_timeline(incident, [get_source("alertmanager").read(SOURCES / "alertmanager_webhooks.jsonl")])
        kept = merge.incident.timeline[0]
        assert kept.description == mine.description
        assert kept.also_in == ("alertmanager",)
        assert merge.origins[0] == 0

    def test_chat_is_never_folded(self) -> None:
        """Two people saying nearly the same thing are two events."""
        events = [
            _event(5, "rolling back pricing flag now", EventKind.CHAT, "slack"),
            _event(6, "rolling back pricing flag now!", EventKind.CHAT, "pagerduty"),
        ]
        merge = merge_timeline(_incident(timeline=()), [events])
        assert len(merge.incident.timeline) == 2

    def test_same_tool_repeats_are_two_events_unless_identical(self) -> None:
        """Two similar alerts from one tool stay apart; an identical record is dropped."""
        events = [
            _event(5, "Firing: HighErrorRate on cart-api"),
            _event(6, "Firing: HighErrorRate on cart-api again"),
            _event(5, "Firing: HighErrorRate on cart-api"),
        ]
        merge = merge_timeline(_incident(timeline=()), [events])
        assert [e.description for e in merge.incident.timeline] == [
            "Firing: HighErrorRate on cart-api",
            "Firing: HighErrorRate on cart-api again",
        ]

    def test_resolutions_do_not_fold_into_firings(self) -> None:
        """A resolution and a firing of the same alert are different events."""
        events = [_event(5, "Firing: DiskFull on db", source="a"), _event(7, "Resolved: DiskFull on db", source="b")]
        assert len(merge_timeline(_incident(timeline=()), [events]).incident.timeline) == 2

    def test_far_apart_records_stay_apart(self) -> None:
        """Records further apart than fold_within are not folded."""
        events = [_event(5, "Firing: DiskFull on db", source="a"), _event(15, "Triggered: DiskFull on db", source="b")]
        assert len(merge_timeline(_incident(timeline=()), [events]).incident.timeline) == 2
        assert (
            len(merge_timeline(_incident(timeline=()), [events], fold_within=timedelta(minutes=15)).incident.timeline)
            == 1
        )

    @settings(max_examples=examples(quick=15, full=40), deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=40),
                st.sampled_from(
                    [
                        "Firing: DiskFull on db",
                        "Triggered: DiskFull on db",
                        "Firing: HighErrorRate on api",
                        "deploy 1.2",
                        "Resolved: DiskFull on db",
                    ]
                ),
                st.sampled_from([EventKind.ALERT, EventKind.DEPLOY, EventKind.CHAT]),
                st.sampled_from(["alertmanager", "pagerduty", "git"]),
            ),
            max_size=12,
        )
    )
    def test_idempotent_for_any_events(self, rows: list[tuple[int, str, EventKind, str]]) -> None:
        """Whatever the events, merging them a second time changes nothing."""
        events = [_event(minute, text, kind, source) for minute, text, kind, source in rows]
        first = merge_timeline(_incident(timeline=()), [events])
        second = merge_timeline(first.incident, [events])
        assert second.incident.timeline == first.incident.timeline
        times = [e.time for e in first.incident.timeline]
        assert times == sorted(times)


class TestParticipants:
    def test_actors_map_by_name_handle_or_account(self) -> None:
        """A participant is found by name, handle (with or without @) or account id, ignoring case."""
        people = (Participant("Maria Garcia", handle="@maria", accounts={"pagerduty": "PMARIA1"}),)
        for actor in ("maria garcia", "@Maria", "maria", "PMARIA1"):
            assert map_actor(actor, people) is people[0]
        assert map_actor("Mario", people) is None
        assert map_actor(None, people) is None

    def test_unmatched_people_are_reported(self) -> None:
        """Actors who are not participants are listed, most frequent first; bots are not."""
        events = [
            _event(5, "a", EventKind.CHAT, actor="Sam Lee"),
            _event(6, "b", EventKind.CHAT, actor="Sam Lee"),
            _event(7, "c", EventKind.CHAT, actor="Ana"),
            _event(8, "d", EventKind.CHAT, actor="PagerDuty (bot)"),
            _event(9, "e", EventKind.CHAT, actor="@maria"),
        ]
        merge = merge_timeline(_incident(timeline=()), [events])
        assert merge.unmatched_actors == (("Sam Lee", 2), ("Ana", 1))
        assert merge.incident.timeline[-1].actor == "Maria Garcia"


class TestMilestones:
    def test_suggestions_and_disagreements(self) -> None:
        """Detection, acknowledgement, mitigation and resolution come from the merged timeline."""
        incident = _incident()
        merge = merge_timeline(incident, _exports(incident))
        found = {s.milestone: s for s in merge.suggestions}
        assert found["detected"].time == _at(10, 5, 12)
        assert found["acknowledged"].time == _at(10, 9, 11)
        assert found["mitigated"].time == _at(10, 24, 12)
        assert found["resolved"].time == _at(10, 50, 41)
        assert [s.milestone for s in merge.disagreements] == ["detected", "acknowledged"]
        assert str(found["detected"]).endswith(
            "(the incident says 2026-05-04T10:07:00Z; the timeline is 1m 48s earlier)"
        )
        assert str(found["acknowledged"]).endswith("(the incident has no acknowledged time)")
        assert str(found["resolved"]).endswith("(agrees with the incident)")

    def test_paging_resolution_when_no_status_page(self) -> None:
        """Without a status page, PagerDuty's 'Resolved by' gives the resolution time."""
        incident = _incident(timeline=())
        merge = merge_timeline(incident, [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")])
        found = {s.milestone: s for s in merge.suggestions}
        assert found["resolved"].time == _at(10, 45, 2)
        assert found["detected"].time == _at(10, 5, 40)
        assert "mitigated" not in found

    def test_empty_timeline_suggests_nothing(self) -> None:
        """No events, no suggestions."""
        assert suggest_milestones(_incident(timeline=())) == ()


class TestRedaction:
    def test_names_become_roles(self) -> None:
        """Participants' names and handles become their roles in actors and descriptions."""
        people = (
            Participant("Maria Garcia", role="incident commander", handle="@maria"),
            Participant("Devon Okafor", role=""),
        )
        events = [
            _event(5, "Acknowledged by Maria Garcia", EventKind.ACTION, actor="Maria Garcia"),
            _event(6, "@maria asked Devon Okafor to roll back", EventKind.CHAT, actor="Devon Okafor"),
            _event(7, "Mariachi band deploy", EventKind.DEPLOY, actor="Sam Lee"),
            _event(8, "bot says hi", EventKind.CHAT, actor="PagerDuty (bot)"),
            _event(9, "alert", EventKind.ALERT),
        ]
        redacted = redact_timeline(events, people)
        assert [(e.actor, e.description) for e in redacted] == [
            ("incident commander", "Acknowledged by the incident commander"),
            ("responder", "the incident commander asked the responder to roll back"),
            ("responder", "Mariachi band deploy"),
            ("PagerDuty (bot)", "bot says hi"),
            (None, "alert"),
        ]

    def test_redacted_incident_has_no_names(self) -> None:
        """After redaction no participant's name or handle appears anywhere in the file."""
        incident = _incident()
        redacted = redact_incident(merge_timeline(incident, _exports(incident)).incident)
        text = dumps(redacted)
        for name in ("Maria Garcia", "Devon Okafor", "@maria", "U04MARIA01", "maria.g"):
            assert name not in text
        assert {p.name for p in redacted.participants} == {"incident commander", "payments engineer"}


class TestWrite:
    def test_yaml_keeps_comments_and_loads_back(self) -> None:
        """The merged YAML keeps every comment and loads to the merged incident."""
        path = DATA / "timeline" / "checkout-incident.yaml"
        incident = load(path)
        merge = merge_timeline(incident, _exports(incident))
        text = merged_text(path.read_text(), merge)
        for line in path.read_text().splitlines():
            if "#" in line:
                assert line.strip() in text
        assert loads(text).timeline == merge.incident.timeline
        assert "  - time: 2026-05-04T10:05:12Z\n" in text
        assert "also_in: [pagerduty]" in text

    def test_fold_into_a_hand_written_entry_adds_its_link(self) -> None:
        """A hand-written entry without a link gets the tool's link and also_in, in place."""
        text = (
            "id: INC-1\ntitle: t\nseverity: SEV3\nmilestones:\n  started: 2026-05-04T10:00:00Z\n"
            "timeline:\n"
            "  - time: 2026-05-04T10:05:00Z  # from memory\n"
            "    description: HighErrorRate alert for checkout-api, 5xx ratio above 5%\n"
            "    kind: alert\n"
        )
        merge = merge_timeline(loads(text), [get_source("alertmanager").read(SOURCES / "alertmanager_webhooks.jsonl")])
        result = merged_text(text, merge)
        assert "  - time: 2026-05-04T10:05:00Z  # from memory\n" in result
        first = loads(result).timeline[0]
        assert first.also_in == ("alertmanager",)
        assert (first.link or "").startswith("https://prometheus.acme.dev/")
        again = merge_timeline(
            loads(result), [get_source("alertmanager").read(SOURCES / "alertmanager_webhooks.jsonl")]
        )
        assert merged_text(result, again) == result

    def test_json_is_rewritten(self) -> None:
        """JSON files are written from the model and load back equal."""
        incident = _incident()
        merge = merge_timeline(incident, _exports(incident))
        assert loads(merged_text(dumps(incident, "json"), merge, "json"), "json") == merge.incident

    def test_unsorted_hand_written_timeline(self) -> None:
        """A timeline written out of order is sorted, keeping each entry's own comments."""
        text = (DATA / "timeline" / "checkout-incident.yaml").read_text()
        head, _, _ = text.partition("timeline:")
        text = head + (
            "timeline:\n"
            "  - time: 2026-05-04T10:30:00Z\n"
            "    description: later  # second\n"
            "  - time: 2026-05-04T10:00:00Z\n"
            "    description: earlier  # first\n"
        )
        incident = loads(text)
        merge = merge_timeline(incident, [[_event(15, "Firing: X on y")]])
        result = merged_text(text, merge)
        assert result.index("earlier  # first") < result.index("Firing: X on y") < result.index("later  # second")
        assert [e.description for e in loads(result).timeline] == ["earlier", "Firing: X on y", "later"]

    def test_no_timeline_key_yet(self) -> None:
        """A file without a timeline gets one."""
        text = (DATA / "timeline" / "checkout-incident.yaml").read_text().partition("timeline:")[0]
        merge = merge_timeline(loads(text), [[_event(15, "Firing: X on y")]])
        assert loads(merged_text(text, merge)).timeline == merge.incident.timeline


@pytest.mark.parametrize("indent", [0, 2, 4])
def test_sequence_indentation_is_kept(indent: int) -> None:
    """However the file indents its lists, new entries follow it."""
    pad = " " * indent
    text = (
        "id: INC-1\ntitle: t\nseverity: SEV3\nmilestones:\n  started: 2026-05-04T10:00:00Z\n"
        f"timeline:\n{pad}- time: 2026-05-04T10:00:00Z\n{pad}  description: first\n"
    )
    merge = merge_timeline(loads(text), [[_event(15, "Firing: X on y")]])
    result = merged_text(text, merge)
    assert f"\n{pad}- time: 2026-05-04T10:15:00Z\n{pad}  description: 'Firing: X on y'\n" in result
    assert result.startswith(text.rstrip("\n").rpartition("\n")[0])


class TestHandWrittenSameSource:
    def test_hand_written_event_naming_the_tool_absorbs_its_record(self) -> None:
        """An event written by hand with source pagerduty is not duplicated by PagerDuty's own record."""
        mine = TimelineEvent(
            _at(10, 6), "HighErrorRate page for checkout-api (5xx ratio above 5%)", EventKind.ALERT, "pagerduty"
        )
        merge = merge_timeline(
            _incident(timeline=(mine,)), [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")]
        )
        alerts = [e for e in merge.incident.timeline if e.kind == EventKind.ALERT]
        # The text stays the user's; the record's id is noted so that later imports know it.
        assert alerts == [attrs.evolve(mine, source_id="R0TRIGGER1")]
        assert merge.folded == ()
