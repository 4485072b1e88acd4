"""Recurrence: groups of incidents that look alike, with the reasons they were grouped.

How two incidents are compared (the documentation repeats this):

1. **Text.** The root cause (technical and process) and the impact summary are split into
   lower-case words; common English words are dropped. Each incident becomes a TF-IDF
   vector: term frequency ``1 + ln(count)`` times inverse document frequency
   ``ln((1 + N) / (1 + df)) + 1`` over the ``N`` incidents compared, normalised to length 1.
   The text similarity is the cosine of two vectors (0 to 1).
2. **Structure.** The Jaccard overlap (shared / all) of the affected services, and of the
   contributing-factor categories.
3. **Score** = ``0.6 * text + 0.2 * services + 0.2 * categories``. Two incidents are
   *linked* when the score is at least the threshold (0.6 by default): for example the same
   service and categories with a text similarity of about 0.34, or similar text (0.67) with
   nothing else shared.
4. **Groups** are built from the links, strongest first (ties by start time), as in
   agglomerative clustering: a link joins the two groups its incidents belong to, unless the
   groups' summed text vectors are less alike than ``group_similarity`` (cosine 0.5 by
   default). Without that guard a chain of pairwise links (A like B, B like C, ...) could join
   unrelated failures into one large group.

Since the structured part alone reaches at most 0.4, below the default threshold, only pairs
that share at least one word can link; up to ``exact_limit`` incidents (500) every such pair is
found with an inverted index and scored. Above it, candidate pairs come from MinHash
locality-sensitive hashing over the word sets (pure Python, seeded, so results are stable):
incidents whose signatures agree on a band fall in one bucket, and each is paired with the
bucket's first member. That finds recurring, similarly written incidents reliably and in
near-linear time, but may miss weak links.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from attrs import frozen

from postmortem.model import FactorCategory, Incident

__all__ = [
    "RecurrenceGroup",
    "RecurrenceLink",
    "RecurrenceOptions",
    "find_recurrences",
    "incident_terms",
]

_WORD = re.compile(r"[^\W_][\w-]*[^\W_]|[^\W\d_]", re.UNICODE)
_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "was",
        "were",
        "got",
        "get",
        "gets",
        "one",
        "two",
        "three",
        "per",
        "via",
    ]
)


def incident_terms(incident: Incident) -> list[str]:
    """Return the words of the incident's root cause and impact used for text similarity.

    Args:
        incident: The incident.

    Returns:
        Lower-case words in reading order, without common English words and bare numbers.
    """
    text = " ".join((incident.root_cause.technical, incident.root_cause.process, incident.impact.summary))
    return [
        word
        for word in _WORD.findall(text.casefold())
        if word not in _STOP_WORDS and not word.replace("-", "").isdigit()
    ]


@frozen
class RecurrenceOptions:
    """How alike two incidents must be to be grouped.

    Attributes:
        threshold: The least score that links two incidents.
        text_weight: Weight of the text similarity in the score.
        service_weight: Weight of the services' Jaccard overlap.
        category_weight: Weight of the factor categories' Jaccard overlap.
        group_similarity: Two groups are joined by a link only when the cosine similarity
            of their summed text vectors (their "average text") is at least this; it keeps a
            chain of pairwise links from joining unrelated failures.
        exact_limit: Up to this many incidents every pair sharing a word is scored;
            above it, MinHash candidate generation is used.
        min_size: The smallest group reported.
    """

    threshold: float = 0.6
    text_weight: float = 0.6
    service_weight: float = 0.2
    category_weight: float = 0.2
    group_similarity: float = 0.5
    exact_limit: int = 500
    min_size: int = 2


@frozen
class RecurrenceLink:
    """Why two incidents were linked.

    Attributes:
        first: The id of the earlier incident.
        second: The id of the later one.
        score: The combined score.
        text_similarity: Cosine similarity of the TF-IDF vectors.
        shared_services: Services both affected.
        shared_categories: Contributing-factor categories both name.
    """

    first: str
    second: str
    score: float
    text_similarity: float
    shared_services: tuple[str, ...]
    shared_categories: tuple[FactorCategory, ...]


@frozen
class RecurrenceGroup:
    """Incidents that look alike and what they share.

    Attributes:
        incidents: The members, oldest first.
        services: Services affected by at least half of the members, most common first,
            each with how many members affected it.
        categories: Contributing-factor categories named by at least half of the members.
        terms: Up to five words that at least half of the members use, ranked by their
            summed TF-IDF weight: the words that make these incidents alike.
        links: The links that joined the members (a spanning set: ``len(incidents) - 1``).
    """

    incidents: tuple[Incident, ...]
    services: tuple[tuple[str, int], ...]
    categories: tuple[tuple[FactorCategory, int], ...]
    terms: tuple[str, ...]
    links: tuple[RecurrenceLink, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The members' ids, oldest first."""
        return tuple(incident.id for incident in self.incidents)

    def __len__(self) -> int:
        return len(self.incidents)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            # The smaller index becomes the root so that results do not depend on pair order.
            self.parent[max(a, b)] = min(a, b)


def _vectors(documents: Sequence[list[str]]) -> list[dict[str, float]]:
    count = len(documents)
    frequencies = [Counter(words) for words in documents]
    document_frequency: Counter[str] = Counter()
    for counts in frequencies:
        document_frequency.update(counts.keys())
    idf = {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in document_frequency.items()}
    vectors = []
    for counts in frequencies:
        weights = {term: (1.0 + math.log(n)) * idf[term] for term, n in counts.items()}
        norm = math.sqrt(math.fsum(value * value for value in weights.values()))
        vectors.append({term: value / norm for term, value in weights.items()} if norm else {})
    return vectors


def _cosine(first: dict[str, float], second: dict[str, float]) -> float:
    if len(second) < len(first):
        first, second = second, first
    return min(1.0, sum(value * second.get(term, 0.0) for term, value in first.items()))


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first and not second:
        return 0.0
    return len(first & second) / len(first | second)


def _exact_candidates(vectors: Sequence[dict[str, float]]) -> Iterator[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for index, vector in enumerate(vectors):
        for term in vector:
            postings.setdefault(term, []).append(index)
    for index, vector in enumerate(vectors):
        partners: set[int] = set()
        for term in vector:
            partners.update(other for other in postings[term] if other > index)
        for other in sorted(partners):
            yield index, other


# A Mersenne prime below 2**31: (a * x + b) stays within a machine word, which keeps the
# arithmetic of the pure-Python MinHash fast.
_PRIME = (1 << 31) - 1
_BANDS = 12
_ROWS = 3


def _minhash_parameters() -> list[tuple[int, int]]:
    rng = random.Random(20260701)  # noqa: S311  (fixed hash parameters, not secrets)
    return [(rng.randrange(1, _PRIME), rng.randrange(_PRIME)) for _ in range(_BANDS * _ROWS)]


def _lsh_pairs(documents: Sequence[list[str]]) -> Iterator[tuple[int, int]]:
    params = _minhash_parameters()
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    # Incidents with the same set of words share one signature; computing it once per set
    # matters for collections where the same failure is written up the same way many times.
    signatures: dict[frozenset[int], list[int]] = {}
    for index, words in enumerate(documents):
        hashes = frozenset(zlib.crc32(word.encode()) % _PRIME for word in words)
        if not hashes:
            continue
        signature = signatures.get(hashes)
        if signature is None:
            signature = [min([(a * x + b) % _PRIME for x in hashes]) for a, b in params]
            signatures[hashes] = signature
        for band in range(_BANDS):
            key = (band, tuple(signature[band * _ROWS : (band + 1) * _ROWS]))
            buckets.setdefault(key, []).append(index)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        # Each member is paired with the bucket's first member only: linear in the bucket's
        # size, where all pairs would be quadratic for a failure written up many times.
        leader = members[0]
        for member in members[1:]:
            if (leader, member) not in seen:
                seen.add((leader, member))
                yield leader, member


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(math.fsum(value * value for value in vector.values()))


def _centroid_cosine(first: dict[str, float], second: dict[str, float], norms: float) -> float:
    if not norms:
        return 0.0
    if len(second) < len(first):
        first, second = second, first
    return sum(value * second.get(term, 0.0) for term, value in first.items()) / norms


def find_recurrences(incidents: Iterable[Incident], options: RecurrenceOptions | None = None) -> list[RecurrenceGroup]:
    """Group incidents that look alike.

    Args:
        incidents: The incidents to compare.
        options: Threshold and weights; :class:`RecurrenceOptions` defaults when ``None``.

    Returns:
        Groups of at least ``options.min_size`` incidents, largest first, then by the
        earliest member's start time.
    """
    options = options or RecurrenceOptions()
    items = sorted(incidents, key=lambda incident: (incident.milestones.started, incident.id))
    documents = [incident_terms(incident) for incident in items]
    vectors = _vectors(documents)
    services = [frozenset(incident.services) for incident in items]
    categories = [frozenset(factor.category.value for factor in incident.contributing_factors) for incident in items]
    structure_max = options.service_weight + options.category_weight

    def score(first: int, second: int) -> tuple[float, float]:
        text = _cosine(vectors[first], vectors[second])
        total = (
            options.text_weight * text
            + options.service_weight * _jaccard(services[first], services[second])
            + options.category_weight * _jaccard(categories[first], categories[second])
        )
        return total, text

    pairs: Iterable[tuple[int, int]]
    if len(items) <= options.exact_limit:
        if structure_max >= options.threshold:
            # Structure alone could link two incidents with nothing in common in their text.
            pairs = ((a, b) for a in range(len(items)) for b in range(a + 1, len(items)))
        else:
            pairs = _exact_candidates(vectors)
    else:
        pairs = _lsh_pairs(documents)
    candidates: list[tuple[float, int, int, float]] = []
    for first, second in pairs:
        total, text = score(first, second)
        if total >= options.threshold:
            candidates.append((total, first, second, text))
    # Strongest links first, as in agglomerative clustering: the result does not depend on
    # the order pairs were found in.
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1], candidate[2]))

    groups = _UnionFind(len(items))
    centroids: dict[int, tuple[dict[str, float], float]] = {}
    links: dict[int, list[RecurrenceLink]] = {}
    for total, first, second, text in candidates:
        root_a, root_b = groups.find(first), groups.find(second)
        if root_a == root_b:
            continue
        # A lone incident's centroid is its own vector (length 1); a group's is the sum of its
        # members' vectors, with its length kept beside it.
        centroid_a, norm_a = centroids.get(root_a, (vectors[root_a], 1.0))
        centroid_b, norm_b = centroids.get(root_b, (vectors[root_b], 1.0))
        if _centroid_cosine(centroid_a, centroid_b, norm_a * norm_b) < options.group_similarity:
            continue
        merged = dict(centroid_a)
        for term, weight in centroid_b.items():
            merged[term] = merged.get(term, 0.0) + weight
        groups.union(first, second)
        centroids.pop(root_a, None)
        centroids.pop(root_b, None)
        centroids[groups.find(first)] = (merged, _norm(merged))
        link = RecurrenceLink(
            items[first].id,
            items[second].id,
            round(total, 4),
            round(text, 4),
            tuple(sorted(services[first] & services[second])),
            tuple(FactorCategory(value) for value in sorted(categories[first] & categories[second])),
        )
        links.setdefault(min(first, second), []).append(link)

    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(groups.find(index), []).append(index)
    result = [
        _describe(
            items=items,
            indices=indices,
            vectors=vectors,
            services=services,
            categories=categories,
            links=links,
        )
        for indices in members.values()
        if len(indices) >= options.min_size
    ]
    result.sort(key=lambda group: (-len(group.incidents), group.incidents[0].milestones.started, group.ids))
    return result


def _describe(
    *,
    items: Sequence[Incident],
    indices: Sequence[int],
    vectors: Sequence[dict[str, float]],
    services: Sequence[frozenset[str]],
    categories: Sequence[frozenset[str]],
    links: dict[int, list[RecurrenceLink]],
) -> RecurrenceGroup:
    half = len(indices) / 2
    service_counts = Counter(service for index in indices for service in services[index])
    category_counts = Counter(category for index in indices for category in categories[index])
    term_counts = Counter(term for index in indices for term in vectors[index])
    term_weight: dict[str, float] = {}
    for index in indices:
        for term, weight in vectors[index].items():
            if term_counts[term] >= max(2, half):
                term_weight[term] = term_weight.get(term, 0.0) + weight
    terms = tuple(term for term, _weight in sorted(term_weight.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
    group_links = tuple(link for index in indices for link in links.get(index, ()))
    return RecurrenceGroup(
        incidents=tuple(items[index] for index in indices),
        services=tuple(
            (name, n) for name, n in sorted(service_counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= max(2, half)
        ),
        categories=tuple(
            (FactorCategory(name), n)
            for name, n in sorted(category_counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= max(2, half)
        ),
        terms=terms,
        links=group_links,
    )
