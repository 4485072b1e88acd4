from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem import DetectionMethod, FactorCategory, Incident
from postmortem.analytics import (
    MEASURES,
    Collection,
    DetectionShare,
    DurationSummary,
    by_month,
    category_counts_by_month,
    detection_method_counts_by_month,
    detection_share,
    duration_summary,
    durations,
    month_of,
    nearest_rank,
    summarize,
)

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]


def minutes(*values: float) -> list[timedelta]:
    return [timedelta(minutes=value) for value in values]


class TestNearestRank:
    def test_ten_values(self) -> None:
        """p90 of 1..10 is the 9th value: ceil(0.9 * 10) = 9."""
        assert nearest_rank(minutes(*range(1, 11)), 0.9) == timedelta(minutes=9)

    def test_eleven_values(self) -> None:
        """p90 of 1..11 is the 10th value: ceil(0.9 * 11) = ceil(9.9) = 10."""
        assert nearest_rank(minutes(*range(1, 12)), 0.9) == timedelta(minutes=10)

    def test_one_value(self) -> None:
        """Every percentile of one value is that value."""
        assert nearest_rank(minutes(7), 0.9) == timedelta(minutes=7)

    def test_median_rank(self) -> None:
        """The nearest-rank 50th percentile of four values is the second."""
        assert nearest_rank(minutes(1, 2, 3, 4), 0.5) == timedelta(minutes=2)

    def test_empty_is_an_error(self) -> None:
        """There is no percentile of nothing."""
        with pytest.raises(ValueError, match="at least one"):
            nearest_rank([], 0.9)

    @pytest.mark.parametrize("fraction", [0.0, -0.1, 1.5])
    def test_fraction_out_of_range(self, fraction: float) -> None:
        """Fractions must lie in (0, 1]."""
        with pytest.raises(ValueError, match="fraction"):
            nearest_rank(minutes(1), fraction)

    @given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=200))
    def test_definition(self, values: list[int]) -> None:
        """The p90 occurred, at least 90 % of values are <= it, and no smaller value has that property."""
        ordered = sorted(minutes(*values))
        p90 = nearest_rank(ordered, 0.9)
        assert p90 in ordered
        assert sum(value <= p90 for value in ordered) >= 0.9 * len(ordered)
        smaller = [value for value in ordered if value < p90]
        if smaller:
            assert sum(value <= smaller[-1] for value in ordered) < 0.9 * len(ordered)


class TestSummarize:
    def test_empty(self) -> None:
        """No values give a count of zero and no statistics."""
        assert summarize([]) == DurationSummary(count=0)

    def test_single(self) -> None:
        """One value is its own median, p90, mean, minimum and maximum."""
        value = timedelta(minutes=42)
        assert summarize([value]) == DurationSummary(1, 0, value, value, value, value, value)

    def test_hand_computed(self) -> None:
        """Median of an even count averages the middle pair; the mean is pulled up by the outlier."""
        summary = summarize(minutes(10, 20, 30, 40, 50, 60, 70, 80, 90, 1000), missing=2)
        assert summary.count == 10
        assert summary.missing == 2
        assert summary.median == timedelta(minutes=55)
        assert summary.p90 == timedelta(minutes=90)
        assert summary.mean == timedelta(minutes=145)
        assert summary.minimum == timedelta(minutes=10)
        assert summary.maximum == timedelta(minutes=1000)


class TestDurationSummary:
    def test_empty_collection(self) -> None:
        """An empty collection still has an ``all`` entry, with count zero."""
        assert duration_summary(Collection(), "time_to_resolve") == {"all": DurationSummary(count=0)}

    def test_empty_collection_grouped(self) -> None:
        """Grouping nothing gives no groups."""
        assert duration_summary([], "time_to_detect", "severity") == {}

    def test_single_incident(self, make: MakeIncident) -> None:
        """Every measure of one incident follows from its milestones."""
        incident = make("A", detect=10, acknowledge=5, mitigate=60, resolve=120)
        expected = {
            "time_to_detect": 10,
            "time_to_acknowledge": 5,
            "time_to_mitigate": 60,
            "time_to_resolve": 120,
        }
        for measure in MEASURES:
            summary = duration_summary([incident], measure)["all"]
            assert summary.count == 1
            assert summary.median == timedelta(minutes=expected[measure])

    def test_missing_milestones_are_counted(self, make: MakeIncident) -> None:
        """An unresolved incident is left out of time to resolve and counted as missing."""
        incidents = [make("A", resolve=100), make("B", resolve=None), make("C", resolve=300)]
        summary = duration_summary(incidents, "time_to_resolve")["all"]
        assert (summary.count, summary.missing) == (2, 1)
        assert summary.median == timedelta(minutes=200)

    def test_by_severity_most_severe_first(self, make: MakeIncident) -> None:
        """Groups follow the severity rank, not the alphabet or the input order."""
        incidents = [
            make("A", severity="SEV3", detect=30),
            make("B", severity="SEV1", detect=2),
            make("C", severity="SEV3", detect=10),
            make("D", severity="SEV1", detect=4),
            make("E", severity="SEV3", detect=20),
        ]
        result = duration_summary(incidents, "time_to_detect", "severity")
        assert list(result) == ["SEV1", "SEV3"]
        assert result["SEV1"].median == timedelta(minutes=3)
        assert result["SEV1"].p90 == timedelta(minutes=4)
        assert result["SEV3"].median == timedelta(minutes=20)
        assert result["SEV3"].p90 == timedelta(minutes=30)

    def test_by_service_counts_each_service(self, make: MakeIncident) -> None:
        """An incident affecting two services counts in both; one with none goes to (no service)."""
        incidents = [
            make("A", services=("api", "db"), mitigate=20, resolve=60),
            make("B", services=("db",), mitigate=20, resolve=180),
            make("C", services=(), mitigate=20, resolve=30),
        ]
        result = duration_summary(incidents, "time_to_resolve", "service")
        assert list(result) == ["(no service)", "api", "db"]
        assert result["api"].count == 1
        assert result["db"].median == timedelta(minutes=120)
        assert result["(no service)"].median == timedelta(minutes=30)

    def test_by_month_uses_utc(self, make: MakeIncident) -> None:
        """An incident starting 23:30 on 31 July at UTC-2 began in August in UTC."""
        late = datetime(2026, 7, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
        incidents = [make("A", start=T0, detect=1, acknowledge=1, mitigate=10), make("B", start=late, mitigate=50)]
        result = duration_summary(incidents, "time_to_mitigate", "month")
        assert list(result) == ["2026-07", "2026-08"]
        assert result["2026-08"].median == timedelta(minutes=50)

    def test_unknown_measure(self) -> None:
        """A misspelt measure is refused with the list of valid ones."""
        with pytest.raises(ValueError, match="time_to_detect"):
            duration_summary([], "time_to_fix")  # type: ignore[arg-type]

    def test_unknown_grouping(self) -> None:
        """A grouping other than severity, service and month is refused."""
        with pytest.raises(ValueError, match="grouping"):
            duration_summary([], "time_to_detect", "team")  # type: ignore[arg-type]

    def test_durations_pairs(self, make: MakeIncident) -> None:
        """durations() gives (incident, value) only for incidents with the measure."""
        a, b = make("A", acknowledge=3), make("B", acknowledge=None)
        assert durations([a, b], "time_to_acknowledge") == [(a, timedelta(minutes=3))]


class TestDetectionShare:
    def test_empty(self) -> None:
        """No incidents: no shares rather than a division by zero."""
        share = detection_share([])
        assert share == DetectionShare()
        assert share.automated_share is None
        assert share.by_people_share is None

    def test_hand_computed(self, make: MakeIncident) -> None:
        """Monitors and internal alerts are automated; users and support are people; shares skip unknowns."""
        incidents = [
            make("A", method=DetectionMethod.MONITOR),
            make("B", method=DetectionMethod.INTERNAL_ALERT),
            make("C", method=DetectionMethod.USER_REPORT),
            make("D", method=DetectionMethod.SUPPORT_ESCALATION),
            make("E", method=DetectionMethod.OTHER),
            make("F", method=None),
        ]
        share = detection_share(incidents)
        assert share == DetectionShare(automated=2, by_people=2, other=1, unknown=1)
        assert share.total == 6
        assert share.automated_share == pytest.approx(0.4)
        assert share.by_people_share == pytest.approx(0.4)


class TestOverTime:
    def test_month_of(self) -> None:
        """Months are written YYYY-MM in UTC."""
        assert month_of(datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))) == "2025-12"

    def test_by_month_fills_gaps(self, make: MakeIncident) -> None:
        """Months without incidents between the first and last appear, empty."""
        incidents = [make("A", start=T0), make("B", start=T0.replace(month=9))]
        assert {month: len(members) for month, members in by_month(incidents).items()} == {
            "2026-07": 1,
            "2026-08": 0,
            "2026-09": 1,
        }

    def test_by_month_across_a_year(self, make: MakeIncident) -> None:
        """December is followed by January of the next year."""
        incidents = [make("A", start=T0.replace(month=12)), make("B", start=T0.replace(year=2027, month=1))]
        assert list(by_month(incidents)) == ["2026-12", "2027-01"]

    def test_categories_counted_once_per_incident(self, make: MakeIncident) -> None:
        """Two monitoring factors in one incident count as one incident with a monitoring gap."""
        incidents = [
            make("A", categories=[FactorCategory.MONITORING, FactorCategory.MONITORING]),
            make("B", categories=[FactorCategory.MONITORING, FactorCategory.PROCESS]),
            make("C", start=T0.replace(month=8), categories=[FactorCategory.TOOLING]),
        ]
        counts = category_counts_by_month(incidents)
        assert counts["2026-07"][FactorCategory.MONITORING] == 2
        assert counts["2026-07"][FactorCategory.PROCESS] == 1
        assert counts["2026-07"][FactorCategory.TOOLING] == 0
        assert counts["2026-08"][FactorCategory.TOOLING] == 1
        assert set(counts["2026-08"]) == set(FactorCategory)

    def test_detection_methods_by_month(self, make: MakeIncident) -> None:
        """Each incident counts under its method, or None when no detection is recorded."""
        incidents = [
            make("A", method=DetectionMethod.MONITOR),
            make("B", method=None),
            make("C", start=T0.replace(month=8), method=DetectionMethod.USER_REPORT),
        ]
        counts = detection_method_counts_by_month(incidents)
        assert counts["2026-07"][DetectionMethod.MONITOR] == 1
        assert counts["2026-07"][None] == 1
        assert counts["2026-08"][DetectionMethod.USER_REPORT] == 1
        assert sum(counts["2026-08"].values()) == 1

    def test_empty(self) -> None:
        """Nothing over time gives empty mappings."""
        assert category_counts_by_month([]) == {}
        assert detection_method_counts_by_month([]) == {}
