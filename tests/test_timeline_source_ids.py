"""Each source's own record id on imported events, and merging that recognises an event by it."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from postmortem import dumps, load, loads
from postmortem.cli import main
from postmortem.model import EventKind, Incident, TimelineEvent
from postmortem.sources import get_source
from postmortem.timeline import merge_timeline

DATA = Path(__file__).parent / "data"
SOURCES = DATA / "sources"
INCIDENT = DATA / "timeline" / "checkout-incident.yaml"
UTC = timezone.utc


def _ids(name: str, path: Path, **options: object) -> dict[str, str | None]:
    return {event.description: event.source_id for event in get_source(name).read(path, **options)}


class TestEachSourceKeepsItsRecordId:
    def test_slack_keeps_the_message_ts(self) -> None:
        """A Slack event's id is its message's ts, as the export writes it."""
        ids = _ids("slack", SOURCES / "slack", channels=["inc-checkout"])
        assert ids["Resolved. Thanks all, post-mortem doc to follow."] == "1777891890.009000"
        assert all(value for value in ids.values())

    def test_pagerduty_keeps_the_log_entry_id(self) -> None:
        """A PagerDuty event's id is its log entry's id."""
        ids = _ids("pagerduty", SOURCES / "pagerduty_log_entries.json")
        assert ids["Resolved by Maria Garcia"] == "R5RESOLVE1"
        assert len(set(ids.values())) == len(ids)

    def test_alertmanager_keeps_fingerprint_and_start(self) -> None:
        """An alert's firing is fingerprint@startsAt; its resolution adds 'resolved'."""
        events = list(get_source("alertmanager").read(SOURCES / "alertmanager_webhooks.jsonl"))
        firing = next(e for e in events if e.description.startswith("Firing: HighErrorRate"))
        resolved = next(e for e in events if e.description.startswith("Resolved: HighErrorRate"))
        assert firing.source_id is not None
        fingerprint, _, start = firing.source_id.partition("@")
        assert fingerprint
        assert start == "2026-05-04T10:05:12.481723Z"
        assert resolved.source_id == f"{firing.source_id} resolved"

    def test_alertmanager_without_fingerprint_has_no_id(self, tmp_path: Path) -> None:
        """Without a fingerprint there is no stable id; matching falls back to the text."""
        payload = {
            "status": "firing",
            "alerts": [{"status": "firing", "labels": {"alertname": "Disk"}, "startsAt": "2026-05-04T10:05:00Z"}],
        }
        path = tmp_path / "alerts.json"
        path.write_text(json.dumps(payload))
        assert [e.source_id for e in get_source("alertmanager").read(path)] == [None]

    def test_statuspage_keeps_the_update_id(self) -> None:
        """A Statuspage event's id is its incident update's id."""
        raw = json.loads((SOURCES / "statuspage_incident.json").read_text())
        expected = {update["id"] for update in raw["incident_updates"]}
        events = list(get_source("statuspage").read(SOURCES / "statuspage_incident.json"))
        assert {e.source_id for e in events} == expected

    def test_jsonl_uses_an_id_column_when_there_is_one(self) -> None:
        """A JSON Lines row's id column becomes the event's id, a number as its digits."""
        ids = _ids("jsonl", SOURCES / "support_tickets.jsonl", mapping="time=created_at,description=subject")
        assert ids["Was I charged twice?"] == "48240"

    def test_csv_id_from_the_mapping(self, tmp_path: Path) -> None:
        """id=COLUMN in the mapping names the column; without one and no id column, there is no id."""
        path = tmp_path / "audit.csv"
        path.write_text("when,what,change\n2026-05-04T10:02:03Z,pricing.v2 to 100%,CHG-7\n")
        mapped = _ids("csv", path, mapping="time=when,description=what,id=change")
        assert mapped == {"pricing.v2 to 100%": "CHG-7"}
        assert _ids("csv", path, mapping="time=when,description=what") == {"pricing.v2 to 100%": None}


class TestMergeByRecordId:
    def _imported(self) -> tuple[Incident, TimelineEvent]:
        incident = load(INCIDENT)
        first = merge_timeline(incident, [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")])
        event = next(e for e in first.incident.timeline if e.source_id == "R5RESOLVE1")
        return first.incident, event

    def test_an_edited_description_is_not_imported_again(self) -> None:
        """After the user rewrites an imported event, the next import recognises it by id and keeps their text."""
        incident, event = self._imported()
        edited = attrs.evolve(event, description="Maria resolved the PagerDuty incident after the rollback held")
        timeline = tuple(edited if e is event else e for e in incident.timeline)
        mine = attrs.evolve(incident, timeline=timeline)
        again = merge_timeline(mine, [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")])
        assert again.added == ()
        assert not again.changed
        assert edited in again.incident.timeline

    def test_an_edited_time_and_kind_are_kept_too(self) -> None:
        """The id, not the time or kind, says which record an event is."""
        incident, event = self._imported()
        edited = attrs.evolve(event, time=event.time.replace(minute=0), kind=EventKind.DECISION)
        timeline = tuple(edited if e is event else e for e in incident.timeline)
        again = merge_timeline(
            attrs.evolve(incident, timeline=timeline),
            [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")],
        )
        assert again.added == ()

    def test_an_id_is_only_the_same_record_within_its_source(self) -> None:
        """The same id from another source is another record."""
        at = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
        incident = attrs.evolve(
            load(INCIDENT), timeline=(TimelineEvent(at, "Deploy 42", EventKind.DEPLOY, "git", source_id="42"),)
        )
        other = TimelineEvent(at, "Ticket 42 about checkout", EventKind.CHAT, "tickets", source_id="42")
        merge = merge_timeline(incident, [[other]])
        assert merge.added == (other,)

    def test_events_imported_before_ids_get_theirs(self) -> None:
        """An event imported by an older version (no id, same text) gets the record's id; nothing is added."""
        incident, event = self._imported()
        old = attrs.evolve(event, source_id=None)
        timeline = tuple(old if e is event else e for e in incident.timeline)
        again = merge_timeline(
            attrs.evolve(incident, timeline=timeline),
            [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")],
        )
        assert again.added == ()
        assert event in again.incident.timeline
        third = merge_timeline(again.incident, [get_source("pagerduty").read(SOURCES / "pagerduty_log_entries.json")])
        assert not third.changed

    def test_events_without_ids_still_match_by_text(self) -> None:
        """A source that gives no ids is merged as before: an exact repeat is not added twice."""
        at = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
        event = TimelineEvent(at, "Feature flag flipped", EventKind.CONFIG_CHANGE, "flags")
        first = merge_timeline(load(INCIDENT), [[event]])
        second = merge_timeline(first.incident, [[event]])
        assert first.added == (event,)
        assert second.added == ()


class TestFileFormat:
    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_source_id_round_trips_and_is_left_out_when_unset(self, fmt: str) -> None:
        """source_id is written only when set and loads back equal."""
        at = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
        with_id = TimelineEvent(at, "Paged", EventKind.ALERT, "pagerduty", source_id="R1")
        without = TimelineEvent(at, "Noted", EventKind.CHAT, "slack #inc")
        incident = attrs.evolve(load(INCIDENT), timeline=(with_id, without))
        text = dumps(incident, fmt)  # type: ignore[arg-type]
        assert text.count("source_id") == 1
        assert loads(text, fmt).timeline == (with_id, without)  # type: ignore[arg-type]


class TestCommand:
    def test_rewording_an_imported_event_survives_the_next_import(self, tmp_path: Path) -> None:
        """timeline --write, edit an imported description in the file, --write again: nothing is added back."""
        incident = tmp_path / "incident.yaml"
        shutil.copy(INCIDENT, incident)
        args = ["timeline", str(incident), "--pagerduty", str(SOURCES / "pagerduty_log_entries.json"), "--write"]
        first = CliRunner().invoke(main, args)
        assert first.exit_code == 0, first.output
        text = incident.read_text()
        assert "source_id: R5RESOLVE1" in text
        incident.write_text(
            text.replace("description: Resolved by Maria Garcia", "description: Rollback held; resolved")
        )
        second = CliRunner().invoke(main, args)
        assert second.exit_code == 0, second.output
        assert "Added 0 events" in second.output
        descriptions = [e.description for e in load(incident).timeline]
        assert "Rollback held; resolved" in descriptions
        assert "Resolved by Maria Garcia" not in descriptions
