"""The timeline chart's time axis: a readable number of round ticks for any span, minutes to decades."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem import chart
from postmortem.model import Incident
from postmortem.testing import examples, sample_incident

_TICK = re.compile(
    r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#4b5563" class="tick-label">([^<]*)</text>'
)


def spanning(span: timedelta, *, timezone: str = "Europe/Berlin", start: datetime | None = None) -> Incident:
    """The sample incident stretched (or squeezed) so that it lasts ``span``, events spread over it."""
    incident = sample_incident()
    m = incident.milestones
    started = start or m.started
    milestones = attrs.evolve(
        m,
        started=started,
        detected=started + span * 0.01,
        acknowledged=started + span * 0.02,
        mitigated=started + span * 0.6,
        resolved=started + span,
    )
    count = len(incident.timeline)
    timeline = tuple(
        attrs.evolve(event, time=started + span * (index / count)) for index, event in enumerate(incident.timeline)
    )
    return attrs.evolve(incident, milestones=milestones, timeline=timeline, timezone=timezone)


def ticks(incident: Incident) -> list[tuple[float, str]]:
    """The axis's tick labels, with the x of each, as drawn."""
    return [(float(x), label) for x, label in _TICK.findall(chart.timeline_svg(incident))]


class TestTickLabels:
    """The labels say round times at the precision of the step, in the incident's timezone."""

    @pytest.mark.parametrize(
        ("span", "expected"),
        [
            (timedelta(hours=2), ["08:30", "09:00", "09:30", "10:00"]),
            (timedelta(days=3), ["2026-05-05", "2026-05-06", "2026-05-07"]),
            (timedelta(days=152), ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]),
            (
                timedelta(days=4 * 365 + 1),
                ["2026-07", "2027-01", "2027-07", "2028-01", "2028-07", "2029-01", "2029-07", "2030-01"],
            ),
            (timedelta(days=30 * 365), ["2030", "2035", "2040", "2045", "2050", "2055"]),
        ],
        ids=["2 hours", "3 days", "5 months", "4 years", "30 years"],
    )
    def test_spans_from_hours_to_decades(self, span: timedelta, expected: list[str]) -> None:
        """Half hours, days, months, half years, five years: never one tick a week for years."""
        assert expected == [label for _x, label in ticks(spanning(span))]

    def test_ticks_fall_on_local_midnight(self) -> None:
        """Day ticks are drawn at midnight in the incident's timezone, not at midnight UTC."""
        new_york = ZoneInfo("America/New_York")
        start = datetime(2026, 5, 4, 16, 0, tzinfo=new_york)
        span = timedelta(days=3)
        drawn = ticks(spanning(span, timezone="America/New_York", start=start))
        assert [label for _x, label in drawn] == ["2026-05-05", "2026-05-06", "2026-05-07"]
        # The chart pads the span by 3% on either side.
        left = start - span * 0.03
        for x, label in drawn:
            midnight = datetime.fromisoformat(label).replace(tzinfo=new_york)
            expected = chart.LEFT + (midnight - left) / (span * 1.06) * (chart.WIDTH - chart.LEFT - chart.RIGHT)
            assert abs(expected - x) < 0.1

    def test_a_skipped_hour_has_no_tick(self) -> None:
        """On the night clocks go forward in Berlin, 02:00 does not exist, so no tick says it."""
        start = datetime(2026, 3, 28, 23, 50, tzinfo=ZoneInfo("Europe/Berlin"))
        labels = [label for _x, label in ticks(spanning(timedelta(hours=7), start=start))]
        assert labels == ["00:00", "01:00", "03:00", "04:00", "05:00", "06:00", "07:00"]


@settings(max_examples=examples(quick=20, full=60), deadline=None)
@given(
    seconds=st.floats(min_value=1, max_value=80 * 365.25 * 86400),
    timezone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]),
)
def test_any_span_has_a_few_ticks_that_do_not_touch(seconds: float, timezone: str) -> None:
    """From a second to eighty years: one to MAX_TICKS labels, in order, none overlapping its neighbour."""
    drawn = ticks(spanning(timedelta(seconds=seconds), timezone=timezone))
    assert 1 <= len(drawn) <= chart.MAX_TICKS
    for (x0, label0), (x1, label1) in itertools.pairwise(drawn):
        assert label0 < label1
        # Digits are at most 0.62 font sizes wide: half of each label on either side of its tick.
        assert x1 - x0 >= (len(label0) + len(label1)) / 2 * chart.FONT_SIZE * 0.62


_MILESTONE = re.compile(r'class="milestone-label">([^<]*)</text>')


def milestone_labels(incident: Incident) -> list[str]:
    """The milestone labels, as drawn."""
    return _MILESTONE.findall(chart.timeline_svg(incident))


class TestMilestoneLabels:
    """A milestone label says the day as well as the time when the chart shows more than one day."""

    def test_within_one_day_labels_show_the_time(self) -> None:
        """Three hours on one day: the axis names the day once, labels need only the time."""
        incident = spanning(timedelta(hours=3), start=datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
        assert milestone_labels(incident) == [
            "Started 09:00",
            "Detected 09:01:48",
            "Acknowledged 09:03:36",
            "Mitigated 10:48",
            "Resolved 12:00",
        ]

    def test_across_midnight_labels_show_the_date(self) -> None:
        """Four hours from 22:30: two days on the chart, so each label says which."""
        incident = spanning(timedelta(hours=4), start=datetime(2026, 3, 10, 22, 30, tzinfo=ZoneInfo("Europe/Berlin")))
        labels = milestone_labels(incident)
        assert labels[0] == "Started 2026-03-10 22:30"
        assert labels[-1] == "Resolved 2026-03-11 02:30"
        assert all(re.fullmatch(r"[A-Z][a-z]+ 2026-03-1[01] \d\d:\d\d(:\d\d)?", label) for label in labels), labels

    def test_over_days_in_the_incidents_timezone(self) -> None:
        """Three days: the dates are the incident's timezone's (Tokyo is a day ahead of UTC at 20:00 UTC)."""
        incident = spanning(
            timedelta(days=3), timezone="Asia/Tokyo", start=datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("UTC"))
        )
        labels = milestone_labels(incident)
        assert labels[0] == "Started 2026-03-11 05:00"
        assert labels[-1] == "Resolved 2026-03-14 05:00"

    def test_a_day_in_another_timezone_is_one_day(self) -> None:
        """23:00 to 01:00 UTC is 08:00 to 10:00 in Tokyo: one day there, so no dates."""
        incident = spanning(
            timedelta(hours=2), timezone="Asia/Tokyo", start=datetime(2026, 3, 10, 23, 0, tzinfo=ZoneInfo("UTC"))
        )
        labels = milestone_labels(incident)
        assert labels[0] == "Started 08:00"
        assert labels[-1] == "Resolved 10:00"
