"""Honest times, ongoing incidents, impact windows, an unassessed severity and related incidents.

The model keeps every time a plain datetime (the time as written) with its accuracy next to
it; files write both under one key. Derived durations say how well they are known.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest

import postmortem
from postmortem import model
from postmortem.errors import FieldError, IncidentFormatError
from postmortem.model import DurationEstimate, EstimateKind, TimeAccuracy, TimeBound, TimePrecision

UTC = timezone.utc
T0 = datetime(2026, 4, 11, 2, 0, tzinfo=UTC)

OVERNIGHT = """\
id: INC-2026-0411
title: Queue consumers stalled overnight
timezone: Europe/Berlin
milestones:
  started: {at: 2026-04-11T02:00:00+02:00, precision: hour, bound: about}
  detected: 2026-04-11T06:40:00+02:00
  acknowledged: {at: 2026-04-11T06:52+02:00, precision: minute}
  ongoing: true
impact:
  summary: Orders placed overnight were confirmed hours late.
  windows:
    - start: 2026-04-11
      end: {at: 2026-04-11T08:00:00+02:00, bound: at_most}
    - start: 2026-04-12T09:00:00Z
      description: The backlog came back when the morning batch ran.
timeline:
  - time: 2026-04-10
    description: A change to the consumer's retry settings was merged.
  - time: {at: 2026-04-11T06:40:00+02:00, precision: minute}
    description: A customer reported missing order confirmations.
customer_communication:
  - channel: status_page
    time: {at: 2026-04-11T07:30:00+02:00, bound: about}
    summary: Investigating delayed order confirmations.
related:
  - {id: INC-2026-0301, relation: follow-up, url: "https://status.example.com/INC-2026-0301"}
  - {id: INC-2026-0412, relation: duplicate}
"""


def load(text: str) -> model.Incident:
    return postmortem.loads(text)


def problems(text: str) -> list[str]:
    with pytest.raises(IncidentFormatError) as info:
        postmortem.loads(text)
    return [str(problem) for problem in info.value.problems]


class TestTimesInFiles:
    """A time is a timestamp, a bare date or {at, precision, bound}."""

    def test_plain_timestamp_is_exact(self) -> None:
        """Existing files mean what they meant: an exact time, read as a plain datetime."""
        incident = postmortem.load("examples/api-outage-feature-flag.yaml")
        assert isinstance(incident.milestones.started, datetime)
        assert all(
            accuracy.is_exact for accuracy in (incident.milestones.accuracy(n) for n, _ in incident.milestones.items())
        )
        assert incident.milestones.time_to_detect == timedelta(minutes=5)

    def test_mapping_carries_precision_and_bound(self) -> None:
        """{at, precision, bound} sets the time and its accuracy."""
        milestones = load(OVERNIGHT).milestones
        assert milestones.started == datetime(2026, 4, 11, tzinfo=UTC)
        assert milestones.started_accuracy == TimeAccuracy(TimePrecision.HOUR, TimeBound.ABOUT)
        assert milestones.acknowledged_accuracy == TimeAccuracy(TimePrecision.MINUTE)
        assert milestones.detected_accuracy == model.EXACT_TIME

    def test_bare_date_is_the_day_in_the_incident_timezone(self) -> None:
        """2026-04-10 in Europe/Berlin starts at local midnight, with date precision."""
        event = load(OVERNIGHT).timeline[0]
        assert event.time == datetime(2026, 4, 10, tzinfo=ZoneInfo("Europe/Berlin"))
        assert event.time == datetime(2026, 4, 9, 22, 0, tzinfo=UTC)
        assert event.time_accuracy == TimeAccuracy(TimePrecision.DATE)

    def test_date_in_mapping_implies_date_precision(self) -> None:
        """{at: 2026-04-11, bound: about} is a date, about."""
        text = OVERNIGHT.replace(
            "time: {at: 2026-04-11T07:30:00+02:00, bound: about}", "time: {at: 2026-04-11, bound: about}"
        )
        update = load(text).customer_communication[0]
        assert update.time_accuracy == TimeAccuracy(TimePrecision.DATE, TimeBound.ABOUT)

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_round_trip(self, fmt: postmortem.serialize.Format) -> None:
        """Precision, bounds, dates, windows, ongoing and related incidents survive every format."""
        incident = load(OVERNIGHT)
        assert postmortem.loads(postmortem.dumps(incident, fmt), fmt) == incident

    def test_written_back_as_people_write_them(self) -> None:
        """A date stays a bare date, a rough time a mapping, an exact time a timestamp."""
        data = postmortem.to_dict(load(OVERNIGHT))
        assert data["timeline"][0]["time"] == "2026-04-10"
        assert data["milestones"]["started"] == {
            "at": "2026-04-11T02:00:00+02:00",
            "precision": "hour",
            "bound": "about",
        }
        assert data["milestones"]["detected"] == "2026-04-11T06:40:00+02:00"
        assert data["milestones"]["ongoing"] is True
        assert data["impact"]["windows"][0]["start"] == "2026-04-11"
        assert "started_accuracy" not in data["milestones"]

    def test_toml_native_date(self) -> None:
        """TOML's own date type is a bare date too."""
        text = 'id = "INC-1"\ntitle = "t"\n[milestones]\nstarted = 2026-04-11\n'
        incident = postmortem.loads(text, "toml")
        assert incident.milestones.started_accuracy.precision is TimePrecision.DATE

    def test_errors_point_at_the_key_as_written(self) -> None:
        """Mistakes inside a time mapping are reported at milestones.<name>.<key>, with hints."""
        text = """\
id: INC-1
title: t
milestones:
  started: {precision: hour}
  detected: {at: 2026-04-11T06:40:00Z, precison: hour}
  mitigated: {at: 2026-04-11T07:40:00Z, bound: sometimes}
  resolved_accuracy: {precision: hour}
timeline:
  - time: {at: 2026-04-11, precision: minute}
    description: x
"""
        assert problems(text) == [
            "line 4 $.milestones.started: the time itself is missing: write it as "
            "{at: 2026-04-11T02:00:00Z, precision: hour}",
            "line 5 $.milestones.detected.precison: unknown key (did you mean 'precision'?)",
            'line 6 $.milestones.mitigated.bound: expected one of about, at_most, at_least, got "sometimes"',
            "line 7 $.milestones.resolved_accuracy: unknown key (did you mean 'resolved'?)",
            "line 9 $.timeline[0].time: 2026-04-11 is a date without a time, so its precision is date, "
            'not "minute"; write the time too, such as 2026-04-11T02:00:00Z',
        ]

    def test_rough_times_only_need_to_be_able_to_be_in_order(self) -> None:
        """Detected 02:00 to the hour may follow a start at 02:10; exact times may not."""
        model.Milestones(
            started=T0 + timedelta(minutes=10), detected=T0, detected_accuracy=TimeAccuracy(TimePrecision.HOUR)
        )
        with pytest.raises(FieldError, match=r"detected .* is before started"):
            model.Milestones(started=T0 + timedelta(minutes=10), detected=T0)

    def test_accuracy_needs_its_time(self) -> None:
        """An accuracy with no time to describe is a mistake, not silently dropped."""
        with pytest.raises(FieldError, match="mitigated_accuracy is set but mitigated is not"):
            model.Milestones(started=T0, mitigated_accuracy=TimeAccuracy(TimePrecision.HOUR))


class TestAboutBounds:
    """An "about" time can be off either way: one unit of its precision, and at least 15 minutes."""

    @pytest.mark.parametrize(
        ("precision", "earliest", "latest"),
        [
            # about 02:00:00 exactly, or to the minute: 01:45 to 02:15 (02:16 to the minute)
            (TimePrecision.EXACT, timedelta(minutes=-15), timedelta(minutes=15)),
            (TimePrecision.MINUTE, timedelta(minutes=-15), timedelta(minutes=16)),
            # about 02:00 to the hour: 01:00 to 04:00
            (TimePrecision.HOUR, timedelta(hours=-1), timedelta(hours=2)),
            # about the 11th: the 10th to the end of the 12th
            (TimePrecision.DATE, timedelta(days=-1), timedelta(days=2)),
        ],
    )
    def test_about_widens_both_sides(self, precision: TimePrecision, earliest: timedelta, latest: timedelta) -> None:
        """earliest() and latest() of an about time lie beyond the unit it was written to."""
        about = TimeAccuracy(precision, TimeBound.ABOUT)
        assert (about.earliest(T0), about.latest(T0)) == (T0 + earliest, T0 + latest)
        plain = TimeAccuracy(precision)
        assert (plain.earliest(T0), plain.latest(T0)) == (T0, T0 + precision.unit)

    def test_other_bounds_do_not_widen(self) -> None:
        """No later than / no earlier than keep their one open side and their written side."""
        at_most = TimeAccuracy(TimePrecision.HOUR, TimeBound.AT_MOST)
        at_least = TimeAccuracy(TimePrecision.HOUR, TimeBound.AT_LEAST)
        assert (at_most.earliest(T0), at_most.latest(T0)) == (None, T0 + timedelta(hours=1))
        assert (at_least.earliest(T0), at_least.latest(T0)) == (T0, None)

    def test_about_makes_milestones_able_to_be_in_order(self) -> None:
        """Detected 01:50 and started about 02:00 (minute): possible, since about 02:00 may be 01:45."""
        about = TimeAccuracy(TimePrecision.MINUTE, TimeBound.ABOUT)
        m = model.Milestones(started=T0, detected=T0 - timedelta(minutes=10), started_accuracy=about)
        assert m.estimate("time_to_detect") is not None
        with pytest.raises(FieldError):
            model.Milestones(started=T0, detected=T0 - timedelta(minutes=10))

    def test_analytics_count_about_figures_as_approximate(self) -> None:
        """A review's summary keeps an about figure and says it is approximate."""
        from postmortem.analytics import duration_summary

        about = TimeAccuracy(TimePrecision.MINUTE, TimeBound.ABOUT)
        incident = attrs.evolve(
            load(OVERNIGHT.replace("  ongoing: true\n", "")),
            milestones=model.Milestones(started=T0, detected=T0 + timedelta(minutes=10), started_accuracy=about),
        )
        summary = duration_summary([incident], "time_to_detect")["all"]
        assert (summary.count, summary.approximate, summary.bounded) == (1, 1, 0)
        assert summary.median == timedelta(minutes=10)


class TestEstimates:
    """Derived durations say exact, about, at least, at most or ongoing."""

    def test_exact_times_give_exact_durations(self) -> None:
        """Plain timestamps: the figure and its kind are what they always were."""
        m = model.Milestones(started=T0, detected=T0 + timedelta(minutes=5))
        assert m.estimate("time_to_detect") == DurationEstimate(
            EstimateKind.EXACT, timedelta(minutes=5), timedelta(minutes=5), timedelta(minutes=5)
        )

    def test_about_start(self) -> None:
        """A start 'about 02:00, to the hour' (01:00 to 04:00) makes time to detect about 4 h 40 min (2 h 40 to 5 h 40)."""
        estimate = load(OVERNIGHT).estimate("time_to_detect")
        assert estimate is not None
        assert (estimate.kind, estimate.figure) == (EstimateKind.ABOUT, timedelta(hours=4, minutes=40))
        assert (estimate.low, estimate.high) == (timedelta(hours=2, minutes=40), timedelta(hours=5, minutes=40))

    def test_start_no_later_than_gives_at_least(self) -> None:
        """Started no later than 02:00, detected 06:40 exactly: at least 4 h 40 min to detect."""
        m = model.Milestones(
            started=T0,
            detected=T0 + timedelta(hours=4, minutes=40),
            started_accuracy=TimeAccuracy(bound=TimeBound.AT_MOST),
        )
        estimate = m.estimate("time_to_detect")
        assert estimate is not None
        assert (estimate.kind, estimate.figure, estimate.high) == (
            EstimateKind.AT_LEAST,
            timedelta(hours=4, minutes=40),
            None,
        )

    def test_start_known_by_date_gives_at_most(self) -> None:
        """Started some time on the 11th, detected at 06:40 that day: at most 6 h 40 min."""
        m = model.Milestones(
            started=datetime(2026, 4, 11, tzinfo=UTC),
            detected=datetime(2026, 4, 11, 6, 40, tzinfo=UTC),
            started_accuracy=TimeAccuracy(TimePrecision.DATE),
        )
        estimate = m.estimate("time_to_detect")
        assert estimate is not None
        assert (estimate.kind, estimate.figure, estimate.low) == (
            EstimateKind.AT_MOST,
            timedelta(hours=6, minutes=40),
            timedelta(0),
        )

    def test_minutes_give_about(self) -> None:
        """10:42 and 10:47, each to the minute: about 5 min (4 to 6)."""
        minute = TimeAccuracy(TimePrecision.MINUTE)
        m = model.Milestones(
            started=T0, detected=T0 + timedelta(minutes=5), started_accuracy=minute, detected_accuracy=minute
        )
        estimate = m.estimate("time_to_detect")
        assert estimate == DurationEstimate(
            EstimateKind.ABOUT, timedelta(minutes=5), timedelta(minutes=4), timedelta(minutes=6)
        )

    def test_about_near_zero_is_still_about(self) -> None:
        """Started about 06:00, detected 06:10: "about 10 min", not "at most 25 min" (the range reaches 0 only by "about")."""
        about_minute = TimeAccuracy(TimePrecision.MINUTE, TimeBound.ABOUT)
        m = model.Milestones(started=T0, detected=T0 + timedelta(minutes=10), started_accuracy=about_minute)
        assert m.estimate("time_to_detect") == DurationEstimate(
            EstimateKind.ABOUT, timedelta(minutes=10), timedelta(0), timedelta(minutes=25)
        )

    def test_date_start_with_an_about_end_stays_at_most(self) -> None:
        """Started some time on the 11th, detected about 06:40: at most, as without "about"."""
        m = model.Milestones(
            started=datetime(2026, 4, 11, tzinfo=UTC),
            detected=datetime(2026, 4, 11, 6, 40, tzinfo=UTC),
            started_accuracy=TimeAccuracy(TimePrecision.DATE),
            detected_accuracy=TimeAccuracy(TimePrecision.MINUTE, TimeBound.ABOUT),
        )
        estimate = m.estimate("time_to_detect")
        assert estimate is not None
        assert (estimate.kind, estimate.low, estimate.high) == (
            EstimateKind.AT_MOST,
            timedelta(0),
            timedelta(hours=6, minutes=56),
        )

    def test_ongoing(self) -> None:
        """An ongoing incident has no time to resolve or impact duration yet: they are ongoing."""
        incident = load(OVERNIGHT)
        assert incident.is_ongoing
        assert incident.milestones.estimate("time_to_resolve") == DurationEstimate.ongoing()
        assert incident.milestones.estimate("time_to_mitigate") == DurationEstimate.ongoing()
        assert incident.milestones.time_to_resolve is None

    def test_missing_milestone_is_none_when_not_ongoing(self) -> None:
        """A draft that has not written its resolution has no estimate, not 'ongoing'."""
        m = model.Milestones(started=T0)
        assert m.estimate("time_to_resolve") is None
        assert m.estimate("time_to_detect") is None

    def test_ongoing_cannot_be_resolved(self) -> None:
        """Both resolved and ongoing is a contradiction."""
        with pytest.raises(FieldError, match="ongoing"):
            model.Milestones(started=T0, resolved=T0, ongoing=True)

    def test_windows_add_up(self) -> None:
        """Two closed windows of 30 and 45 minutes: impact duration 1 h 15 min, exact."""
        windows = (
            model.ImpactWindow(T0, T0 + timedelta(minutes=30)),
            model.ImpactWindow(T0 + timedelta(hours=2), T0 + timedelta(hours=2, minutes=45)),
        )
        incident = attrs.evolve(load(OVERNIGHT.replace("  ongoing: true\n", "")), impact=model.Impact(windows=windows))
        assert incident.estimate("impact_duration") == DurationEstimate(
            EstimateKind.EXACT, timedelta(minutes=75), timedelta(minutes=75), timedelta(minutes=75)
        )

    def test_open_window_is_ongoing(self) -> None:
        """A window with no end makes the impact duration ongoing."""
        assert load(OVERNIGHT).estimate("impact_duration") == DurationEstimate.ongoing()

    def test_window_end_before_start_is_an_error(self) -> None:
        """An impact window cannot end before it starts."""
        with pytest.raises(FieldError, match=r"end .* is before start"):
            model.ImpactWindow(T0, T0 - timedelta(minutes=1))

    def test_unknown_measure(self) -> None:
        """A typo in a measure name is a KeyError naming the measures."""
        with pytest.raises(KeyError, match="time_to_detect"):
            model.Milestones(started=T0).estimate("time_to_fix")


class TestSeverityNotAssessed:
    """A missing severity loads; it is a completeness finding, not a load error."""

    def test_loads_without_severity(self) -> None:
        """The key may be left out; the model holds None and the file stays without it."""
        incident = load(OVERNIGHT)
        assert incident.severity is None
        assert "severity" not in postmortem.to_dict(incident)

    def test_unknown_severity_is_still_an_error(self) -> None:
        """Leaving it out is fine; writing a level the scale lacks is not."""
        assert problems(OVERNIGHT + "severity: SEV9\n")[0].endswith(
            '$.severity: unknown severity "SEV9"; expected one of SEV1, SEV2, SEV3, SEV4, SEV5'
        )


class TestRelatedIncidents:
    """related: [{id, relation, url}]."""

    def test_loaded(self) -> None:
        """follow-up is read as follow_up; the url is kept."""
        related = load(OVERNIGHT).related
        assert [(r.id, r.relation, r.url) for r in related] == [
            ("INC-2026-0301", model.Relation.FOLLOW_UP, "https://status.example.com/INC-2026-0301"),
            ("INC-2026-0412", model.Relation.DUPLICATE, None),
        ]
        assert model.Relation.FOLLOW_UP.label == "Follow-up"

    def test_not_related_to_itself(self) -> None:
        """An incident listing its own id is a located error."""
        text = OVERNIGHT + "  - {id: inc-2026-0411, relation: parent}\n"
        assert any("$.related[2].id: 'inc-2026-0411' is this incident's own id" in p for p in problems(text))

    def test_unknown_relation(self) -> None:
        """A relation outside the list names the list."""
        text = OVERNIGHT + "  - {id: INC-9, relation: cousin}\n"
        assert any(
            "$.related[2].relation: expected one of parent, child, duplicate, follow_up, similar" in p
            for p in problems(text)
        )


class TestChecks:
    """Checks read rough times as spans and leave incidents with no end alone."""

    @staticmethod
    def rules(incident: model.Incident, rule: str) -> list[str]:
        from postmortem.checks import Config, check

        return [f"{f.path}: {f.message}" for f in check(incident, Config(), rules=[rule])]

    def test_no_after_end_finding_without_an_end(self) -> None:
        """An ongoing incident's event three days in is not 'after the incident ended'."""
        incident = load(OVERNIGHT)
        late = model.TimelineEvent(T0 + timedelta(days=3), "Backlog drained")
        incident = attrs.evolve(incident, timeline=(*incident.timeline, late))
        assert not [m for m in self.rules(incident, "completeness/timeline-window") if "after" in m]

    def test_after_end_still_found_when_resolved(self) -> None:
        """With a resolution time, an event three days later is still reported."""
        incident = load(OVERNIGHT.replace("  ongoing: true\n", "  resolved: 2026-04-11T09:00:00+02:00\n"))
        late = model.TimelineEvent(T0 + timedelta(days=3), "Backlog drained")
        incident = attrs.evolve(incident, timeline=(*incident.timeline, late))
        assert any("after the incident ended" in m for m in self.rules(incident, "completeness/timeline-window"))

    def test_date_only_event_is_a_whole_day(self) -> None:
        """A date-only event written after a timed event of the same day is not out of order."""
        events = (
            model.TimelineEvent(datetime(2026, 4, 11, 10, tzinfo=UTC), "Timed"),
            model.TimelineEvent(
                datetime(2026, 4, 11, tzinfo=UTC), "That day", time_accuracy=TimeAccuracy(TimePrecision.DATE)
            ),
        )
        incident = attrs.evolve(load(OVERNIGHT), timeline=events)
        assert self.rules(incident, "completeness/timeline-order") == []
        exact = attrs.evolve(incident, timeline=(events[0], attrs.evolve(events[1], time_accuracy=model.EXACT_TIME)))
        assert len(self.rules(exact, "completeness/timeline-order")) == 1

    def test_detection_time_known_by_date_agrees(self) -> None:
        """detection.time written as a date agrees with an exact detected time that day."""
        detection = model.Detection(
            model.DetectionMethod.USER_REPORT,
            time=datetime(2026, 4, 11, tzinfo=ZoneInfo("Europe/Berlin")),
            time_accuracy=TimeAccuracy(TimePrecision.DATE),
        )
        incident = attrs.evolve(load(OVERNIGHT), detection=detection)
        assert self.rules(incident, "completeness/milestones-consistent") == []
        exact = attrs.evolve(incident, detection=attrs.evolve(detection, time_accuracy=model.EXACT_TIME))
        assert len(self.rules(exact, "completeness/milestones-consistent")) == 1

    def test_date_only_events_cover_detection_and_resolution(self) -> None:
        """Events known only by their date cover a detection and a resolution on those days."""
        detected = datetime(2026, 10, 5, 14, 20, tzinfo=UTC)
        resolved = datetime(2026, 10, 7, 16, 45, tzinfo=UTC)
        by_date = TimeAccuracy(TimePrecision.DATE)
        events = (
            model.TimelineEvent(
                datetime(2026, 10, 5, tzinfo=UTC), "Support reports slow exports", time_accuracy=by_date
            ),
            model.TimelineEvent(datetime(2026, 10, 7, tzinfo=UTC), "Export queue drained", time_accuracy=by_date),
        )
        incident = attrs.evolve(
            load(OVERNIGHT.replace("  ongoing: true\n", "")),
            milestones=model.Milestones(
                started=datetime(2026, 10, 5, 9, tzinfo=UTC), detected=detected, resolved=resolved
            ),
            timeline=events,
        )
        assert self.rules(incident, "completeness/timeline-coverage") == []
        assert self.rules(incident, "completeness/timeline-window") == []
        # Written as exact midnights, the same events cover neither.
        exact = attrs.evolve(incident, timeline=tuple(attrs.evolve(e, time_accuracy=model.EXACT_TIME) for e in events))
        messages = self.rules(exact, "completeness/timeline-coverage")
        assert len(messages) == 2
        assert "detection" in messages[0]
        assert "resolution" in messages[1]

    def test_about_event_covers_a_detection_a_little_off(self) -> None:
        """ "About 14:00" (to the hour) covers a detection at 15:20; written as exact 14:00 it does not."""
        detected = datetime(2026, 10, 5, 15, 20, tzinfo=UTC)
        about = TimeAccuracy(TimePrecision.HOUR, TimeBound.ABOUT)
        event = model.TimelineEvent(
            datetime(2026, 10, 5, 14, tzinfo=UTC), "Customers report errors", time_accuracy=about
        )
        incident = attrs.evolve(
            load(OVERNIGHT),
            milestones=model.Milestones(started=datetime(2026, 10, 5, 13, tzinfo=UTC), detected=detected, ongoing=True),
            timeline=(event,),
        )
        assert self.rules(incident, "completeness/timeline-coverage") == []
        exact = attrs.evolve(incident, timeline=(attrs.evolve(event, time_accuracy=model.EXACT_TIME),))
        assert [m for m in self.rules(exact, "completeness/timeline-coverage") if "detection" in m]

    def test_ongoing_incident_needs_no_event_at_its_end(self) -> None:
        """An ongoing incident without mitigation has no end for the timeline to reach, and no event is after it."""
        incident = load(OVERNIGHT)
        assert incident.milestones.ongoing
        assert incident.milestones.resolved is None
        assert incident.milestones.mitigated is None
        late = model.TimelineEvent(T0 + timedelta(days=4), "Still investigating")
        incident = attrs.evolve(incident, timeline=(*incident.timeline, late))
        assert not [m for m in self.rules(incident, "completeness/timeline-coverage") if "resolution" in m]
        assert not [m for m in self.rules(incident, "completeness/timeline-window") if "after" in m]

    def test_missing_severity_is_a_finding(self) -> None:
        """No severity: one finding at $.severity naming the scale."""
        assert self.rules(load(OVERNIGHT), "completeness/severity") == [
            "$.severity: no severity: readers cannot tell how serious the incident was, and reviews cannot group it"
        ]
        assert self.rules(load(OVERNIGHT + "severity: SEV3\n"), "completeness/severity") == []

    def test_ongoing_resolution_finding_says_ongoing(self) -> None:
        """The resolution finding of an ongoing incident says it is ongoing."""
        messages = self.rules(load(OVERNIGHT), "completeness/milestones-missing")
        assert any("the incident is ongoing" in m for m in messages)


class TestPresentation:
    """One place words the honest times for every format."""

    def test_format_time(self) -> None:
        """Each precision and bound reads as what is known."""
        from postmortem.presentation import format_time

        at = datetime(2026, 4, 11, 0, 0, tzinfo=UTC)
        zone = "Europe/Berlin"
        assert format_time(at, zone, accuracy=TimeAccuracy(TimePrecision.DATE)) == "2026-04-11"
        assert format_time(at, zone, accuracy=TimeAccuracy(TimePrecision.HOUR)) == "2026-04-11 02:00\u201303:00 CEST"
        assert (
            format_time(at, zone, accuracy=TimeAccuracy(TimePrecision.HOUR, TimeBound.ABOUT))
            == "about 2026-04-11 02:00 CEST"
        )
        assert (
            format_time(at, zone, accuracy=TimeAccuracy(TimePrecision.HOUR, TimeBound.AT_MOST))
            == "no later than 2026-04-11 03:00 CEST"
        )
        assert (
            format_time(at, zone, accuracy=TimeAccuracy(bound=TimeBound.AT_LEAST))
            == "no earlier than 2026-04-11 02:00 CEST"
        )
        assert format_time(at, zone, with_date=False, accuracy=TimeAccuracy(TimePrecision.DATE)) == "time unknown"
        assert format_time(at + timedelta(seconds=7), zone) == "2026-04-11 02:00:07 CEST"

    def test_no_later_than_a_day_names_that_day(self) -> None:
        """A date "no later than" reads as by the end of that day; it used to name the next day."""
        from postmortem.presentation import format_time

        day = datetime(2026, 4, 11, tzinfo=ZoneInfo("Europe/Berlin"))
        at_most = TimeAccuracy(TimePrecision.DATE, TimeBound.AT_MOST)
        assert format_time(day, "Europe/Berlin", accuracy=at_most) == "no later than 2026-04-11"
        assert format_time(day, "Europe/Berlin", accuracy=TimeAccuracy(TimePrecision.DATE, TimeBound.AT_LEAST)) == (
            "no earlier than 2026-04-11"
        )

    def test_format_estimate(self) -> None:
        """Figures say about, at least, at most, ongoing; nothing for an unknown one."""
        from postmortem.presentation import format_estimate

        minutes = timedelta(minutes=40)
        assert format_estimate(DurationEstimate(EstimateKind.EXACT, minutes, minutes, minutes)) == "40 min"
        assert format_estimate(DurationEstimate(EstimateKind.ABOUT, minutes, None, None)) == "about 40 min"
        assert format_estimate(DurationEstimate(EstimateKind.AT_LEAST, minutes, minutes, None)) == "at least 40 min"
        assert (
            format_estimate(DurationEstimate(EstimateKind.AT_MOST, minutes, timedelta(0), minutes)) == "at most 40 min"
        )
        assert format_estimate(DurationEstimate.ongoing()) == "ongoing"
        assert format_estimate(None) == "\u2014"

    def test_key_metrics_are_honest(self) -> None:
        """The headline figures of the overnight incident."""
        from postmortem.presentation import key_metrics

        values = {m.key: m.value for m in key_metrics(load(OVERNIGHT))}
        assert values == {
            "time_to_detect": "about 4 h 40 min",
            "time_to_acknowledge": "about 12 min",
            "time_to_mitigate": "ongoing",
            "time_to_resolve": "ongoing",
            "impact_duration": "ongoing",
        }


class TestEveryFormat:
    """Markdown, HTML, DOCX and Confluence all say about / ongoing, show windows and related incidents."""

    @pytest.mark.parametrize("fmt", ["markdown", "html", "confluence", "docx"])
    def test_honest_figures_and_related(self, fmt: str) -> None:
        """The figures, an hour-precision start, a date-only event, a window and a related link appear."""
        from postmortem.export import export, exporter_names

        if fmt not in exporter_names():
            pytest.skip(f"{fmt} exporter not installed")
        output = export(load(OVERNIGHT), fmt)
        if isinstance(output, bytes):
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(output)) as archive:
                text = archive.read("word/document.xml").decode()
            # A key metric's duration is joined with no-break spaces (kept on one line).
            text = text.replace("\u2019", "'").replace("\u00a0", " ")
            # A date's or an id's hyphens are non-breaking hyphens, elements between its pieces.
            text = re.sub(r'</w:t><w:noBreakHyphen/><w:t xml:space="preserve">', "-", text)
        else:
            text = str(output)
        if fmt == "html":
            # what a reader sees: a time's words and its date and clock are separate nowrap spans
            text = re.sub(r"<[^>]+>", "", text)
        for expected in (
            "about 4 h 40 min",
            "ongoing",
            "about 2026-04-11 02:00 CEST",
            "2026-04-10",
            "no later than 2026-04-11 08:00 CEST",
            "at most 8 h",
            "Related incidents",
            "INC-2026-0301",
            "Follow-up",
            "Not assessed",
        ):
            assert expected in text, expected


class TestTimelineWindow:
    """Imports into an ongoing incident keep events after its last milestone."""

    def test_ongoing_incident_window_is_open(self) -> None:
        """An ongoing incident's window has no end, even with a mitigation time."""
        from postmortem.timeline import incident_window

        incident = load(OVERNIGHT)
        mitigated = attrs.evolve(incident.milestones, mitigated=T0 + timedelta(hours=8))
        assert incident_window(attrs.evolve(incident, milestones=mitigated))[1] is None
        ended = attrs.evolve(mitigated, ongoing=False, resolved=T0 + timedelta(hours=9))
        assert incident_window(attrs.evolve(incident, milestones=ended))[1] == T0 + timedelta(hours=11)
