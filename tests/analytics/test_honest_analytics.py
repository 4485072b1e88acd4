"""Analytics with honest times and related incidents.

Rough figures: exact and "about" count; "at least" / "at most" and ongoing are left out and
counted. Related incidents: a parent is counted through its children, and two records of one
incident count once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from postmortem.analytics import Collection, build_review, count_once, duration_summary, durations
from postmortem.model import (
    DEFAULT_SEVERITY_SCALE,
    EXACT_TIME,
    Incident,
    Milestones,
    RelatedIncident,
    Relation,
    TimeAccuracy,
    TimeBound,
    TimePrecision,
)

T0 = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
SEV2 = DEFAULT_SEVERITY_SCALE.get("SEV2")


def incident(
    incident_id: str,
    *,
    start: timedelta = timedelta(0),
    resolve_after: timedelta | None = timedelta(hours=1),
    related: tuple[RelatedIncident, ...] = (),
    ongoing: bool = False,
    started_accuracy: TimeAccuracy = EXACT_TIME,
    severity: object = SEV2,
) -> Incident:
    started = T0 + start
    return Incident(
        id=incident_id,
        title=f"Incident {incident_id}",
        severity=severity,  # type: ignore[arg-type]
        milestones=Milestones(
            started=started,
            detected=started + timedelta(minutes=10),
            resolved=None if resolve_after is None else started + resolve_after,
            ongoing=ongoing,
            started_accuracy=started_accuracy,
        ),
        related=related,
    )


def ids(incidents: tuple[Incident, ...]) -> list[str]:
    return [item.id for item in incidents]


class TestCountOnce:
    """count_once counts a parent through its children and a duplicate record once."""

    def test_a_monthly_report_counts_through_its_outages(self) -> None:
        """A monthly report (parent) and its two outages (children) count as the two outages."""
        parent = incident("M-2026-04", related=(RelatedIncident("A", Relation.CHILD),))
        a = incident("A", start=timedelta(days=2))
        b = incident("B", start=timedelta(days=5), related=(RelatedIncident("M-2026-04", Relation.PARENT),))
        other = incident("C", start=timedelta(days=6))
        rollup = count_once([a, parent, b, other])
        assert ids(rollup.counted) == ["A", "B", "C"]
        assert rollup.parents == (("M-2026-04", ("A", "B")),)
        assert (rollup.folded, rollup.left_out) == ((), 1)

    def test_durations_and_impact_come_from_the_children(self) -> None:
        """The parent's own span (the whole write-up) is not a time to resolve; the children's are."""
        parent = incident(
            "M-2026-04",
            resolve_after=timedelta(days=20),
            related=(RelatedIncident("A", Relation.CHILD), RelatedIncident("B", Relation.CHILD)),
        )
        a = incident("A", start=timedelta(days=2), resolve_after=timedelta(hours=1))
        b = incident("B", start=timedelta(days=5), resolve_after=timedelta(hours=3))
        summary = duration_summary(count_once([parent, a, b]).counted, "time_to_resolve")["all"]
        assert (summary.count, summary.median, summary.mean) == (2, timedelta(hours=2), timedelta(hours=2))

    def test_grandchildren_count_through_the_middle(self) -> None:
        """Links are followed: only incidents with no child in the collection count."""
        top = incident("TOP")
        mid = incident("MID", start=timedelta(hours=1), related=(RelatedIncident("top", Relation.PARENT),))
        leaf = incident("LEAF", start=timedelta(hours=2), related=(RelatedIncident("MID", Relation.PARENT),))
        rollup = count_once([leaf, mid, top])
        assert ids(rollup.counted) == ["LEAF"]
        assert rollup.parents == (("MID", ("LEAF",)), ("TOP", ("MID",)))

    def test_duplicates_count_once_as_the_earliest(self) -> None:
        """Two records of one incident: the one that started first is counted."""
        first = incident("X-1")
        second = incident("X-2", start=timedelta(minutes=5), related=(RelatedIncident("X-1", Relation.DUPLICATE),))
        rollup = count_once([second, first])
        assert ids(rollup.counted) == ["X-1"]
        assert (rollup.folded, rollup.parents) == ((("X-2", "X-1"),), ())

    def test_a_duplicate_child_counts_once(self) -> None:
        """A child recorded twice (both listing the parent) is one child: the parent is left out, one record counts."""
        parent = incident("P")
        first = incident("C-1", start=timedelta(hours=1), related=(RelatedIncident("P", Relation.PARENT),))
        second = incident(
            "C-2",
            start=timedelta(hours=2),
            related=(RelatedIncident("P", Relation.PARENT), RelatedIncident("C-1", Relation.DUPLICATE)),
        )
        rollup = count_once([parent, first, second])
        assert ids(rollup.counted) == ["C-1"]
        assert rollup.parents == (("P", ("C-1",)),)
        assert rollup.folded == (("C-2", "C-1"),)

    def test_parent_outside_the_collection_folds_nothing(self) -> None:
        """A child whose parent file is not in the collection is the only record: it counts."""
        child = incident("A", related=(RelatedIncident("M-2026-04", Relation.PARENT),))
        sibling = incident("B", related=(RelatedIncident("M-2026-04", Relation.PARENT),))
        assert ids(count_once([child, sibling]).counted) == ["A", "B"]

    def test_parent_without_its_children_counts_as_itself(self) -> None:
        """A parent whose children are not in the collection (another period) is counted."""
        parent = incident("M-2026-04", related=(RelatedIncident("A", Relation.CHILD),))
        rollup = count_once([parent, incident("C")])
        assert ids(rollup.counted) == ["M-2026-04", "C"]
        assert rollup.left_out == 0

    def test_follow_up_and_similar_are_separate_incidents(self) -> None:
        """A follow-up is another incident; so is a similar one."""
        first = incident("A", related=(RelatedIncident("B", Relation.FOLLOW_UP), RelatedIncident("C")))
        assert ids(count_once([first, incident("B"), incident("C")]).counted) == ["A", "B", "C"]

    def test_cycle_still_counts_once(self) -> None:
        """Two incidents naming each other as parent (a mistake) count once, not zero times."""
        a = incident("A", related=(RelatedIncident("B", Relation.PARENT),))
        b = incident("B", start=timedelta(hours=1), related=(RelatedIncident("A", Relation.PARENT),))
        rollup = count_once([a, b])
        assert ids(rollup.counted) == ["A"]
        assert rollup.folded == (("B", "A"),)

    def test_ids_match_without_case_or_space(self) -> None:
        """'inc-7 ' names INC-7."""
        parent = incident("INC-7", related=(RelatedIncident(" inc-8", Relation.CHILD),))
        assert ids(count_once([parent, incident("INC-8")]).counted) == ["INC-8"]


class TestRoughFigures:
    """Measures count exact and about figures and say how many they left out."""

    def test_bounded_and_ongoing_are_left_out_and_counted(self) -> None:
        """Exact 1 h, about 1 h, at least 50 min, ongoing: median over the first two only."""
        incidents = [
            incident("EXACT"),
            incident("ABOUT", started_accuracy=TimeAccuracy(TimePrecision.HOUR, TimeBound.ABOUT)),
            incident("AT-LEAST", started_accuracy=TimeAccuracy(bound=TimeBound.AT_MOST)),
            incident("ONGOING", resolve_after=None, ongoing=True),
            incident("DRAFT", resolve_after=None),
        ]
        summary = duration_summary(incidents, "time_to_resolve")["all"]
        assert (summary.count, summary.approximate, summary.bounded, summary.ongoing, summary.missing) == (
            2,
            1,
            1,
            1,
            1,
        )
        assert summary.median == timedelta(hours=1)
        assert [item.id for item, _ in durations(incidents, "time_to_resolve")] == ["EXACT", "ABOUT"]

    def test_no_severity_groups_last(self) -> None:
        """Incidents with no severity group as '(no severity)', after every level."""
        incidents = [incident("A", severity=None), incident("B")]
        assert list(duration_summary(incidents, "time_to_resolve", "severity")) == ["SEV2", "(no severity)"]


class TestReview:
    """The review counts each incident once and says what it folded and left out."""

    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_review_counts_parent_once(self, fmt: str) -> None:
        """A parent with a child: the child in counts and durations, the parent left out and said so."""
        from postmortem.analytics import render_review

        parent = incident("P", related=(RelatedIncident("C", Relation.CHILD),))
        child = incident("C", start=timedelta(minutes=30), resolve_after=timedelta(hours=5))
        copy = incident("C-COPY", start=timedelta(minutes=40), related=(RelatedIncident("C", Relation.DUPLICATE),))
        ongoing = incident("O", start=timedelta(days=1), resolve_after=None, ongoing=True)
        review = build_review(
            Collection([parent, child, copy, ongoing]), since=date(2026, 4, 1), until=date(2026, 4, 30)
        )
        assert ids(review.incidents) == ["C", "O"]
        assert review.parents == (("P", ("C",)),)
        assert review.folded == (("C-COPY", "C"),)
        assert review.severity_counts == (("SEV2", 2),)
        resolve = review.measures[3].overall
        assert (resolve.count, resolve.ongoing, resolve.median) == (1, 1, timedelta(hours=5))
        text = render_review(review, fmt).text  # type: ignore[arg-type]
        assert (
            "2 incidents in the period (1 parent incident counted through its 1 child; 1 duplicate record left out)"
            in text
        )
        assert "1 ongoing" in text
