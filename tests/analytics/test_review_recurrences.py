"""Reviews of one history share one grouping of alike incidents."""

from __future__ import annotations

from datetime import date

from postmortem.analytics import Collection, build_review, find_recurrences, generate_incidents


class TestRecurrencesGivenOnce:
    """``build_review(recurrences=...)`` uses the groups given instead of grouping again."""

    def test_same_review(self) -> None:
        """Groups found once over the history give the review that grouping inside it gives."""
        collection = Collection(generate_incidents(300, seed=11, start=date(2025, 1, 1), end=date(2025, 12, 31)))
        groups = find_recurrences(collection)
        assert groups, "the generated history has recurring incidents"
        for since, until in ((date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))):
            grouped_inside = build_review(collection, since=since, until=until)
            given = build_review(collection, since=since, until=until, recurrences=groups)
            assert grouped_inside.recurrences == given.recurrences
            assert grouped_inside.recurrences

    def test_only_groups_touching_the_period(self) -> None:
        """A given group with no incident in the period is left out."""
        collection = Collection(generate_incidents(300, seed=11, start=date(2025, 1, 1), end=date(2025, 12, 31)))
        groups = find_recurrences(collection)
        review = build_review(collection, since=date(2025, 3, 1), until=date(2025, 3, 31), recurrences=groups)
        in_period = {incident.id for incident in review.incidents}
        assert all(any(member.id in in_period for member in group.incidents) for group in review.recurrences)
        assert len(review.recurrences) < len(groups)
