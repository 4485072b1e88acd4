"""Rough times (to the hour, "about", "no later than", a bare date) keep their accuracy when the
timeline command writes events itself: a new event written into the file, the redacted preview."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem._roundtrip import event_data, replace_timeline
from postmortem.cli import main
from postmortem.model import Incident, TimeAccuracy, TimeBound, TimelineEvent, TimePrecision
from postmortem.serialize import time_as_written
from postmortem.strategies import incidents
from postmortem.testing import examples

BERLIN = ZoneInfo("Europe/Berlin")
FILE = """\
# The overnight queue incident, as the on-call wrote it.
id: INC-2026-0411
title: Queue consumers stalled overnight
timezone: Europe/Berlin
milestones:
  started: {at: 2026-04-11T02:00:00+02:00, precision: hour, bound: about}
  detected: 2026-04-11T06:40:00+02:00
participants:
  - name: Ines Duarte
    role: on-call
timeline:
  - time: {at: 2026-04-11T02:00:00+02:00, precision: hour, bound: about}  # from the consumer lag graph
    description: Consumer lag starts to grow
    actor: Ines Duarte
  - time: {at: 2026-04-11T06:30:00+02:00, bound: at_most}
    description: First customer report reaches support
  - time: 2026-04-11T06:40:00+02:00
    description: Ines Duarte acknowledges the page
    actor: Ines Duarte
"""
ROUGH = [
    TimelineEvent(
        time=datetime(2026, 4, 11, 2, tzinfo=BERLIN),
        description="a",
        time_accuracy=TimeAccuracy(TimePrecision.HOUR, TimeBound.ABOUT),
    ),
    TimelineEvent(
        time=datetime(2026, 4, 11, 2, 41, tzinfo=BERLIN),
        description="b",
        time_accuracy=TimeAccuracy(TimePrecision.MINUTE, TimeBound.AT_MOST),
    ),
    TimelineEvent(
        time=datetime(2026, 4, 11, 6, 30, tzinfo=BERLIN),
        description="c",
        time_accuracy=TimeAccuracy(bound=TimeBound.AT_MOST),
    ),
    TimelineEvent(
        time=datetime(2026, 4, 11, tzinfo=BERLIN), description="d", time_accuracy=TimeAccuracy(TimePrecision.DATE)
    ),
    TimelineEvent(
        time=datetime(2026, 4, 11, tzinfo=BERLIN),
        description="e",
        time_accuracy=TimeAccuracy(TimePrecision.DATE, TimeBound.AT_LEAST),
    ),
]


def _loaded_back(incident: Incident, events: tuple[TimelineEvent, ...]) -> tuple[TimelineEvent, ...]:
    """The events written with :func:`event_data` into the incident's file, loaded back."""
    data = postmortem.to_dict(attrs.evolve(incident, timeline=()))
    data["timeline"] = [event_data(event, incident.timezone) for event in events]
    return postmortem.loads(yaml.safe_dump(data, sort_keys=False, allow_unicode=True)).timeline


class TestEventData:
    """An event as the timeline command writes it loads back equal, its accuracy included."""

    def test_rough_times_are_written_as_a_file_has_them(self) -> None:
        """Hour and "about", "no later than", a bare date: each in the form people write."""
        written = [event_data(event, "Europe/Berlin")["time"] for event in ROUGH]
        assert written == [
            {"at": "2026-04-11T02:00:00+02:00", "precision": "hour", "bound": "about"},
            {"at": "2026-04-11T02:41:00+02:00", "precision": "minute", "bound": "at_most"},
            {"at": "2026-04-11T06:30:00+02:00", "bound": "at_most"},
            "2026-04-11",
            {"at": "2026-04-11", "bound": "at_least"},
        ]

    def test_an_exact_time_stays_a_timestamp_in_the_zone(self) -> None:
        """What the command wrote before: an exact time in the incident's timezone."""
        event = TimelineEvent(time=datetime(2026, 4, 11, 6, 40, 12, tzinfo=BERLIN), description="x")
        assert event_data(event, "UTC")["time"] == "2026-04-11T04:40:12Z"
        assert time_as_written(event.time, event.time_accuracy) == "2026-04-11T06:40:12+02:00"

    @settings(
        max_examples=examples(quick=25, full=150),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(incident=incidents(st.sampled_from(["Consumer lag grows", "Page acknowledged", "x"]), max_items=1))
    def test_any_timeline_loads_back_equal(self, incident: Incident) -> None:
        """Every event of any incident the shared strategy draws (every precision and bound)."""
        assert _loaded_back(incident, incident.timeline) == incident.timeline


class TestWritingNewEvents:
    """``replace_timeline`` (``postmortem timeline --write``) writes a new rough event that loads back."""

    def test_new_rough_events_keep_their_accuracy_and_the_comments_stay(self) -> None:
        incident = postmortem.loads(FILE)
        merged = tuple(sorted((*incident.timeline, *ROUGH), key=lambda event: event.time))
        origins = tuple(incident.timeline.index(e) if e in incident.timeline else None for e in merged)
        text = replace_timeline(FILE, merged, origins, incident.timeline, incident.timezone)
        assert postmortem.loads(text).timeline == merged
        assert "# from the consumer lag graph" in text
        assert "  - time: {at: 2026-04-11T02:41:00+02:00, precision: minute, bound: at_most}\n" in text


class TestRedactedPreview:
    """``postmortem timeline --redact`` prints the whole timeline: rough times stay rough."""

    def test_preview_keeps_about_and_no_later_than(self, tmp_path: Path) -> None:
        path = tmp_path / "INC-2026-0411.yaml"
        path.write_text(FILE, encoding="utf-8")
        # Another day's alerts: all outside the window, so the timeline is the file's own.
        alerts = Path(__file__).parent / "data" / "sources" / "alertmanager_webhooks.jsonl"
        result = CliRunner().invoke(main, ["timeline", str(path), "--alertmanager", str(alerts), "--redact"])
        assert result.exit_code == 0, result.output
        printed = yaml.safe_load(result.output.partition("Timeline (redacted):\n")[2].partition("\nDry run")[0])
        assert printed[0]["time"] == {"at": "2026-04-11T02:00:00+02:00", "precision": "hour", "bound": "about"}
        assert printed[1]["time"] == {"at": "2026-04-11T06:30:00+02:00", "bound": "at_most"}
        assert printed[0]["actor"] == "on-call"
