from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from postmortem import FactorCategory, Incident
from postmortem.analytics import RecurrenceOptions, find_recurrences, generate_incidents, incident_terms

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
MakeIncident = Callable[..., Incident]

POOL = "Database connection pool exhausted after the deploy raised the worker count"
POOL_IMPACT = "Checkout requests timed out"
CERT = "TLS certificate expired because the renewal job failed silently"
CERT_IMPACT = "Clients saw handshake errors"
DISK = "Disk filled with debug logs after log rotation broke"


@pytest.fixture
def crafted(make: MakeIncident) -> list[Incident]:
    """Three pool exhaustions on checkout, two certificate expiries (one on another service), unrelated others."""

    def at(day: int) -> datetime:
        return T0 + timedelta(days=day)

    return [
        make(
            "POOL-1",
            start=at(0),
            services=("checkout",),
            categories=[FactorCategory.PROCESS],
            technical=POOL,
            impact=POOL_IMPACT,
        ),
        make(
            "CERT-1",
            start=at(1),
            services=("auth",),
            categories=[FactorCategory.MONITORING],
            technical=CERT,
            impact=CERT_IMPACT,
        ),
        make(
            "POOL-2",
            start=at(5),
            services=("checkout",),
            categories=[FactorCategory.PROCESS, FactorCategory.DOCUMENTATION],
            technical=POOL,
            impact=POOL_IMPACT,
        ),
        # Same service and category as the pool incidents, but nothing alike in the text.
        make(
            "DISK-1",
            start=at(6),
            services=("checkout",),
            categories=[FactorCategory.PROCESS],
            technical=DISK,
            impact="Writes failed",
        ),
        make(
            "CERT-2",
            start=at(9),
            services=("search",),
            categories=[FactorCategory.MONITORING],
            technical=CERT,
            impact=CERT_IMPACT,
        ),
        make(
            "POOL-3",
            start=at(12),
            services=("checkout", "billing"),
            categories=[FactorCategory.PROCESS],
            technical=POOL,
            impact=POOL_IMPACT,
        ),
        make(
            "ALONE",
            start=at(13),
            services=("cdn",),
            technical="Cache purge script deleted the wrong prefix",
            impact="Images missing",
        ),
    ]


class TestTerms:
    def test_words(self, make: MakeIncident) -> None:
        """Root cause and impact words, lower case, without stop words or bare numbers."""
        incident = make("A", technical="The API-gateway failed after 3 retries", impact="Users saw 502 errors")
        assert incident_terms(incident) == ["api-gateway", "failed", "retries", "users", "saw", "errors"]


class TestFindRecurrences:
    def test_known_groups(self, crafted: list[Incident]) -> None:
        """The pool and certificate incidents form two groups, largest first; the rest stand alone."""
        groups = find_recurrences(crafted)
        assert [group.ids for group in groups] == [("POOL-1", "POOL-2", "POOL-3"), ("CERT-1", "CERT-2")]

    def test_what_the_pool_group_shares(self, crafted: list[Incident]) -> None:
        """Shared services and categories count members; terms are the words the members share."""
        pool = find_recurrences(crafted)[0]
        assert pool.services == (("checkout", 3),)
        assert pool.categories == ((FactorCategory.PROCESS, 3),)
        assert len(pool.terms) == 5
        assert set(pool.terms) <= set(incident_terms(crafted[0]))
        assert len(pool.links) == len(pool) - 1

    def test_text_alone_can_link(self, crafted: list[Incident]) -> None:
        """Identical text on different services links through the text (0.6) plus the category (0.2)."""
        cert = find_recurrences(crafted)[1]
        assert cert.services == ()  # auth and search: each in only one member
        assert cert.categories == ((FactorCategory.MONITORING, 2),)
        (link,) = cert.links
        assert (link.first, link.second) == ("CERT-1", "CERT-2")
        assert link.text_similarity == pytest.approx(1.0)
        assert link.shared_services == ()
        assert link.shared_categories == (FactorCategory.MONITORING,)
        assert link.score == pytest.approx(0.8)

    def test_structure_alone_does_not_link(self, crafted: list[Incident]) -> None:
        """DISK-1 shares service and category with the pool incidents but scores at most 0.4 < 0.6."""
        ids = {member for group in find_recurrences(crafted) for member in group.ids}
        assert "DISK-1" not in ids

    def test_structure_links_when_allowed(self, crafted: list[Incident]) -> None:
        """With a threshold below the structural weight and no text guard, service and category suffice."""
        groups = find_recurrences(crafted, RecurrenceOptions(threshold=0.35, group_similarity=0.0))
        pool = next(group for group in groups if "POOL-1" in group.ids)
        assert "DISK-1" in pool.ids

    def chain(self, make: MakeIncident) -> list[Incident]:
        return [
            make("A", technical="alpha beta"),
            make("B", start=T0 + timedelta(days=1), technical="alpha beta gamma delta"),
            make("C", start=T0 + timedelta(days=2), technical="gamma delta"),
            make("D", start=T0 + timedelta(days=3), technical="omega"),
        ]

    def test_single_linkage_chains_without_the_guard(self, make: MakeIncident) -> None:
        """A is like B and B is like C, so A, B and C are one group though A and C share no word."""
        options = RecurrenceOptions(
            text_weight=1.0, service_weight=0.0, category_weight=0.0, threshold=0.7, group_similarity=0.0
        )
        (group,) = find_recurrences(self.chain(make), options)
        assert group.ids == ("A", "B", "C")
        # All four words have the same document frequency, so cos(A, B) = 2 / (sqrt(2) * 2).
        assert {(link.first, link.second) for link in group.links} == {("A", "B"), ("B", "C")}
        assert all(link.text_similarity == pytest.approx(0.7071, abs=1e-4) for link in group.links)

    def test_group_similarity_stops_the_chain(self, make: MakeIncident) -> None:
        """With the guard, C does not join A+B: the group's summed text is only 0.38 like C's."""
        options = RecurrenceOptions(text_weight=1.0, service_weight=0.0, category_weight=0.0, threshold=0.7)
        (group,) = find_recurrences(self.chain(make), options)
        # A-B and B-C score the same; the tie goes to the earlier pair, so A and B join first.
        assert group.ids == ("A", "B")

    def test_threshold_just_above(self, make: MakeIncident) -> None:
        """Raising the threshold above the pair's score separates them."""
        options = RecurrenceOptions(text_weight=1.0, service_weight=0.0, category_weight=0.0, threshold=0.71)
        incidents = [make("A", technical="alpha beta"), make("B", technical="alpha beta gamma delta")]
        assert find_recurrences(incidents, options) == []

    def test_empty_and_single(self, make: MakeIncident) -> None:
        """Nothing to compare gives no groups."""
        assert find_recurrences([]) == []
        assert find_recurrences([make("A", technical=POOL)]) == []

    def test_min_size(self, crafted: list[Incident]) -> None:
        """Groups smaller than min_size are left out."""
        groups = find_recurrences(crafted, RecurrenceOptions(min_size=3))
        assert [group.ids for group in groups] == [("POOL-1", "POOL-2", "POOL-3")]

    def test_order_independent(self, crafted: list[Incident]) -> None:
        """Shuffled input gives the same groups and links."""
        forward = find_recurrences(crafted)
        backward = find_recurrences(list(reversed(crafted)))
        assert [(g.ids, g.links) for g in forward] == [(g.ids, g.links) for g in backward]

    def test_text_guard_keeps_structure_from_joining(self, crafted: list[Incident]) -> None:
        """At the same low threshold the default guard keeps the unlike DISK-1 out of the pool group."""
        groups = find_recurrences(crafted, RecurrenceOptions(threshold=0.35))
        pool = next(group for group in groups if "POOL-1" in group.ids)
        assert "DISK-1" not in pool.ids

    def test_minhash_path_finds_the_same_groups(self, crafted: list[Incident]) -> None:
        """Above exact_limit, MinHash candidates still find groups of near-identical incidents."""
        exact = find_recurrences(crafted)
        approximate = find_recurrences(crafted, RecurrenceOptions(exact_limit=0))
        assert [group.ids for group in approximate] == [group.ids for group in exact]

    def test_synthetic_themes_recover(self) -> None:
        """On generated incidents, every group is dominated by one failure theme (tagged theme-NN)."""
        incidents = generate_incidents(300, seed=11)
        groups = find_recurrences(incidents)
        assert len(groups) >= 8
        for group in groups:
            themes = [next(tag for tag in member.tags if tag.startswith("theme-")) for member in group.incidents]
            top = max(set(themes), key=themes.count)
            assert themes.count(top) / len(themes) >= 0.9
