"""The PagerDuty, Alertmanager and Statuspage sources."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.model import EventKind
from postmortem.sources import (
    AlertmanagerSource,
    PagerDutySource,
    SourceError,
    SourceProblem,
    StatuspageSource,
)
from postmortem.testing import examples

DATA = Path(__file__).parent / "data" / "sources"
UTC = timezone.utc


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 5, 4, hour, minute, second, tzinfo=UTC)


class TestPagerDuty:
    def test_each_log_entry_kind(self) -> None:
        """Trigger, escalate, acknowledge, assign, note and resolve each give their event; notify is left out."""
        events = sorted(PagerDutySource().read(DATA / "pagerduty_log_entries.json"), key=lambda e: e.time)
        assert [(e.time, e.kind, e.description) for e in events] == [
            (
                _at(10, 5, 40),
                EventKind.ALERT,
                "Triggered: [#1042] [FIRING:1] HighErrorRate checkout-api (5xx ratio above 5%)",
            ),
            (_at(10, 8, 41), EventKind.ACTION, "Escalated to Maria Garcia (level 2) after no acknowledgement"),
            (_at(10, 9, 11), EventKind.ACTION, "Acknowledged by Maria Garcia"),
            (_at(10, 13, 20), EventKind.ACTION, "Assigned to Devon Okafor"),
            (
                _at(10, 25, 31),
                EventKind.CHAT,
                "Note: Flag pricing.v2 rolled back at 10:18; 5xx ratio recovering, now 0.4%.",
            ),
            (_at(10, 45, 2), EventKind.ACTION, "Resolved by Maria Garcia"),
        ]

    def test_actors_are_people_only(self) -> None:
        """A user agent is the actor; a service or escalation policy agent leaves it empty."""
        events = {e.description[:9]: e for e in PagerDutySource().read(DATA / "pagerduty_log_entries.json")}
        assert events["Triggered"].actor is None
        assert events["Acknowled"].actor == "Maria Garcia"
        assert events["Escalated"].actor is None

    def test_links_and_source(self) -> None:
        """Each event links to its log entry and says pagerduty (or the label given)."""
        events = list(PagerDutySource().read(DATA / "pagerduty_log_entries.json", label="pagerduty payments"))
        assert all(e.source == "pagerduty payments" for e in events)
        assert all(
            (e.link or "").startswith("https://acme.pagerduty.com/incidents/Q1W2E3R4T5Y6U7/log_entries/")
            for e in events
        )

    def test_notifications_on_request(self) -> None:
        """include_notifications keeps notify_log_entry records."""
        events = list(PagerDutySource().read(DATA / "pagerduty_log_entries.json", include_notifications=True))
        assert any(e.description == "Notified Devon Okafor by push notification." for e in events)

    def test_incident_filter(self) -> None:
        """incident keeps only that incident's entries."""
        assert len(list(PagerDutySource().read(DATA / "pagerduty_log_entries.json", incident="Q1W2E3R4T5Y6U7"))) == 6
        assert list(PagerDutySource().read(DATA / "pagerduty_log_entries.json", incident="PNOTTHIS")) == []

    def test_pages_as_json_lines_and_bare_arrays(self) -> None:
        """Several saved pages (JSON Lines) and a bare array of entries read the same."""
        page = json.loads((DATA / "pagerduty_log_entries.json").read_text())
        entries = page["log_entries"]
        first = {**page, "log_entries": entries[:3], "more": True}
        second = {**page, "log_entries": entries[3:], "offset": 3}
        lines = io.StringIO(json.dumps(first) + "\n" + json.dumps(second) + "\n")
        bare = io.StringIO(json.dumps(entries))
        expected = list(PagerDutySource().read(DATA / "pagerduty_log_entries.json"))
        assert list(PagerDutySource().read(lines)) == expected
        assert list(PagerDutySource().read(bare)) == expected

    def test_note_text_in_content(self) -> None:
        """Notes written by tools that put the text in channel.content are read too."""
        entry = {
            "type": "annotate_log_entry",
            "created_at": "2026-05-04T12:25:31+02:00",
            "channel": {"type": "note", "content": "restarted pricing"},
        }
        (event,) = PagerDutySource().read(io.StringIO(json.dumps({"log_entries": [entry]})))
        assert event.description == "Note: restarted pricing"
        assert event.time == _at(10, 25, 31)

    def test_bad_entries_are_skipped_and_named(self) -> None:
        """A bad time or type is reported with its index and line; the other entries are kept."""
        entries: list[Any] = [
            {
                "type": "acknowledge_log_entry",
                "created_at": "soon",
                "agent": {"type": "user_reference", "summary": "A"},
            },
            {"type": "something_else"},
            {"type": "resolve_log_entry", "created_at": "2026-05-04T10:45:02Z"},
        ]
        problems: list[SourceProblem] = []
        text = json.dumps({"log_entries": entries}, indent=1)
        events = list(PagerDutySource().read(io.StringIO(text), problems=problems))
        assert [e.description for e in events] == ["Resolved automatically"]
        assert [p.record.split(" ")[0] for p in problems] == ["log_entries[0]", "log_entries[1]"]
        assert "created_at" in problems[0].message
        assert problems[0].file == "<stream>"

    def test_truncated_file_keeps_what_came_before(self, tmp_path: Path) -> None:
        """A download cut off mid-entry keeps the complete entries and names the file and line."""
        text = (DATA / "pagerduty_log_entries.json").read_text()
        cut = tmp_path / "log_entries.json"
        cut.write_text(text[: text.index('"R2ACK00001"') + 40])
        problems: list[SourceProblem] = []
        events = list(PagerDutySource().read(cut, problems=problems))
        assert [e.description[:8] for e in events] == ["Resolved", "Note: Fl", "Assigned"]
        (problem,) = problems
        assert problem.file == str(cut)
        assert "truncated" in problem.message
        with pytest.raises(SourceError, match=r"log_entries\.json: line \d+: malformed or truncated JSON"):
            list(PagerDutySource().read(cut, strict=True))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an error naming it."""
        with pytest.raises(SourceError, match=r"missing.json: cannot read"):
            list(PagerDutySource().read(tmp_path / "missing.json"))


class TestAlertmanager:
    def test_firing_and_resolved_once_each(self) -> None:
        """Repeated notifications give one firing event per alert and one resolution."""
        events = list(AlertmanagerSource().read(DATA / "alertmanager_webhooks.jsonl"))
        assert [(e.time.replace(microsecond=0), e.description) for e in events] == [
            (_at(10, 5, 12), "Firing: HighErrorRate: 5xx ratio above 5% on checkout-api"),
            (_at(10, 6, 30), "Firing: HighLatencyP95: p95 latency above 2s on checkout-api"),
            (_at(10, 22, 45), "Resolved: HighLatencyP95: p95 latency above 2s on checkout-api"),
            (_at(10, 24, 12), "Resolved: HighErrorRate: 5xx ratio above 5% on checkout-api"),
        ]
        assert all(e.kind == EventKind.ALERT and e.source == "alertmanager" for e in events)
        assert all((e.link or "").startswith("https://prometheus.acme.dev/graph?g0.expr=") for e in events)

    def test_nanosecond_times(self) -> None:
        """Go's nanosecond times keep microseconds and become UTC."""
        (event,) = AlertmanagerSource().read(DATA / "alertmanager_payload.json")
        assert event.time == datetime(2026, 5, 4, 10, 5, 12, 481723, tzinfo=UTC)

    def test_one_payload_an_array_or_lines(self) -> None:
        """A single payload, an array of payloads and JSON Lines read the same."""
        lines = (DATA / "alertmanager_webhooks.jsonl").read_text().splitlines()
        array = io.StringIO(json.dumps([json.loads(line) for line in lines]))
        assert list(AlertmanagerSource().read(array)) == list(
            AlertmanagerSource().read(DATA / "alertmanager_webhooks.jsonl")
        )

    def test_resolved_can_be_left_out(self) -> None:
        """resolved=False keeps only firing events."""
        events = list(AlertmanagerSource().read(DATA / "alertmanager_webhooks.jsonl", resolved=False))
        assert [e.description.split(":")[0] for e in events] == ["Firing", "Firing"]

    def test_receiver_filter(self) -> None:
        """receiver keeps payloads sent to that receiver only."""
        assert list(AlertmanagerSource().read(DATA / "alertmanager_webhooks.jsonl", receiver="slack")) == []

    def test_subject_label_when_the_summary_lacks_it(self) -> None:
        """The service label is named when the summary does not already say it."""
        payload = {
            "status": "firing",
            "alerts": [
                {
                    "status": "firing",
                    "labels": {"alertname": "DiskFull", "service": "ledger-db"},
                    "annotations": {"summary": "disk 95% full"},
                    "startsAt": "2026-05-04T10:00:00Z",
                    "endsAt": "0001-01-01T00:00:00Z",
                }
            ],
        }
        (event,) = AlertmanagerSource().read(io.StringIO(json.dumps(payload)))
        assert event.description == "Firing: DiskFull on ledger-db: disk 95% full"
        assert event.link is None

    def test_bad_line_is_skipped_and_reading_resumes(self) -> None:
        """In JSON Lines a malformed line is named and the following lines are still read."""
        lines = (DATA / "alertmanager_webhooks.jsonl").read_text().splitlines()
        broken = "\n".join([lines[0], lines[1][:50], *lines[2:]]) + "\n"
        problems: list[SourceProblem] = []
        events = list(AlertmanagerSource().read(io.StringIO(broken), problems=problems))
        assert len(events) == 4
        assert [p.record for p in problems] == ["line 2"]

    def test_bad_alerts_are_named(self) -> None:
        """An alert without a name or with a bad status is reported by payload and index."""
        payload = {
            "alerts": [
                {"status": "firing", "labels": {}, "startsAt": "2026-05-04T10:00:00Z"},
                {"status": "pending", "labels": {"alertname": "X"}, "startsAt": "2026-05-04T10:00:00Z"},
                {
                    "status": "resolved",
                    "labels": {"alertname": "Y"},
                    "startsAt": "2026-05-04T10:00:00Z",
                    "endsAt": "2026-05-04T09:00:00Z",
                },
            ],
            "truncatedAlerts": 2,
        }
        problems: list[SourceProblem] = []
        events = list(AlertmanagerSource().read(io.StringIO(json.dumps(payload)), problems=problems))
        assert [e.description for e in events] == ["Firing: Y"]
        messages = [f"{p.record}: {p.message}" for p in problems]
        assert messages[0] == "line 1: Alertmanager left out 2 alerts (max_alerts)"
        assert messages[1].startswith("line 1 alert 0: an alert without an alertname")
        assert messages[2].startswith("line 1 alert 1: status must be firing or resolved")
        assert messages[3].startswith("line 1 alert 2: a resolved alert whose endsAt")

    def test_not_a_payload(self) -> None:
        """JSON that is not a webhook payload is reported, and is an error in strict mode."""
        with pytest.raises(SourceError, match=r"not an Alertmanager webhook payload"):
            list(AlertmanagerSource().read(io.StringIO('{"hello": 1}'), strict=True))


class TestStatuspage:
    def test_each_update_is_a_status_update(self) -> None:
        """Every incident update gives a status update event at display_at, in UTC."""
        events = sorted(StatuspageSource().read(DATA / "statuspage_incident.json"), key=lambda e: e.time)
        assert [(e.time.replace(microsecond=0), e.description.split(":")[0]) for e in events] == [
            (_at(10, 15, 2), "Investigating"),
            (_at(10, 20, 33), "Identified"),
            (_at(10, 30, 5), "Monitoring"),
            (_at(10, 50, 41), "Resolved"),
        ]
        assert all(e.kind == EventKind.STATUS_UPDATE and e.link == "https://stspg.io/acme42ck" for e in events)
        assert (
            events[-1].description
            == "Resolved: This incident has been resolved. Payments at checkout are working normally."
        )

    def test_public_api_list_and_webhook_body(self) -> None:
        """The public incidents.json list and a webhook body give the same events."""
        incident = json.loads((DATA / "statuspage_incident.json").read_text())
        other = {**incident, "id": "other0000001", "incident_updates": incident["incident_updates"][:1]}
        listing = {"page": {"id": "y0acmestatus1", "name": "Acme"}, "incidents": [incident, other]}
        webhook = {"meta": {"unsubscribe": "x"}, "page": {"id": "y0acmestatus1"}, "incident": incident}
        expected = list(StatuspageSource().read(DATA / "statuspage_incident.json"))
        assert list(StatuspageSource().read(io.StringIO(json.dumps(listing)), incident="p8k2m4q7r1t3")) == expected
        assert len(list(StatuspageSource().read(io.StringIO(json.dumps(listing))))) == 5
        assert list(StatuspageSource().read(io.StringIO(json.dumps(webhook)))) == expected

    def test_update_without_body_names_components(self) -> None:
        """An update with no text says which components changed."""
        incident = {
            "id": "x",
            "incident_updates": [
                {
                    "status": "identified",
                    "body": "",
                    "created_at": "2026-05-04T10:20:00Z",
                    "affected_components": [{"name": "Checkout", "new_status": "partial_outage"}],
                }
            ],
        }
        (event,) = StatuspageSource().read(io.StringIO(json.dumps(incident)))
        assert event.description == "Identified (Checkout partial outage)"

    def test_bad_updates_are_skipped(self) -> None:
        """An update without a status or time is reported by index; the others are kept."""
        incident = {
            "id": "x",
            "incident_updates": [
                {"status": "", "body": "?", "created_at": "2026-05-04T10:20:00Z"},
                {"status": "monitoring", "body": "ok"},
                {"status": "resolved", "body": "done", "display_at": "2026-05-04T10:50:00Z"},
            ],
        }
        problems: list[SourceProblem] = []
        events = list(StatuspageSource().read(io.StringIO(json.dumps(incident)), problems=problems))
        assert [e.description for e in events] == ["Resolved: done"]
        assert [p.record for p in problems] == ["line 1 incident_updates[0]", "line 1 incident_updates[1]"]


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=30)
    | st.sampled_from(["2026-05-04T10:00:00Z", "firing", "resolved"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "log_entries",
                    "type",
                    "created_at",
                    "alerts",
                    "labels",
                    "alertname",
                    "status",
                    "startsAt",
                    "endsAt",
                    "incident_updates",
                    "incident",
                    "incidents",
                    "body",
                    "display_at",
                    "channel",
                    "agent",
                    "summary",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


class TestAnyInput:
    @settings(max_examples=examples(quick=50, full=150), deadline=None)
    @given(json_like, st.sampled_from([PagerDutySource, AlertmanagerSource, StatuspageSource]))
    def test_any_json_gives_events_or_problems_never_a_crash(self, value: Any, source: type) -> None:
        """Whatever JSON a file holds, a source yields events and problems, or says it is not its format.

        Never an unexpected exception: a file of which no record is the source's own is a
        :class:`SourceError` naming the file (``postmortem timeline`` exits 2 on it).
        """
        problems: list[SourceProblem] = []
        refused: SourceError | None = None
        try:
            events = list(source().read(io.StringIO(json.dumps(value)), problems=problems))
        except SourceError as exc:
            refused, events = exc, []
        if refused is not None:
            assert refused.file == "<stream>"
            assert "no record in it could be read as" in str(refused) or "the file is empty" in str(refused)
        assert all(e.time.utcoffset() is not None for e in events)

    @settings(max_examples=examples(quick=30, full=100), deadline=None)
    @given(st.text(max_size=200), st.sampled_from([PagerDutySource, AlertmanagerSource, StatuspageSource]))
    def test_any_text_gives_events_or_problems(self, text: str, source: type) -> None:
        """Arbitrary text never escapes as anything but problems (or SourceError in strict mode)."""
        problems: list[SourceProblem] = []
        try:
            lenient = list(source().read(io.StringIO(text), problems=problems))
        except SourceError:
            # Not the format at all (or empty): strict reading refuses it too.
            with pytest.raises(SourceError) as raised:
                list(source().read(io.StringIO(text), strict=True))
            assert raised.value.file == "<stream>"
            return
        if problems:
            with pytest.raises(SourceError) as raised:
                list(source().read(io.StringIO(text), strict=True))
            assert raised.value.file == "<stream>"
        else:
            assert list(source().read(io.StringIO(text), strict=True)) == lenient
