"""Counting each incident once: children and duplicates fold into the incident they belong to.

A monthly report written as a parent incident with one child per outage, or the same outage
recorded twice, would otherwise be counted two or more times in incident counts and in every
duration summary. The rule, applied to one collection at a time:

* Two incidents of the collection are **linked** when either lists the other in ``related``
  as ``parent``, ``child`` or ``duplicate``. ``follow_up`` and ``similar`` do not link: a
  follow-up is another incident.
* Linked incidents form a **family** (links are followed transitively: a grandchild belongs
  to its grandparent's family).
* Each family counts **once**, as its **head**: among the members that have no parent in the
  family (nobody in the family lists them as ``child``, and they list no member as
  ``parent``), the one that started first (then by id). When every member has a parent in
  the family (a cycle, a mistake in the files), the member that started first is the head.
* Incidents whose parent or duplicate is not in the collection are not folded: they are the
  only record of that incident the collection has.

The head's own milestones give the family's durations; the members folded into it are
listed, so a report can say "12 incidents (3 more recorded as part of another)".
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from postmortem.model import Incident, Relation

__all__ = ["Rollup", "count_once"]

_LINKS = frozenset({Relation.PARENT, Relation.CHILD, Relation.DUPLICATE})


@frozen
class Rollup:
    """A collection's incidents, each counted once.

    Attributes:
        counted: The incidents counted: every incident not folded into another, in the
            order given.
        folded: ``(member id, head id)`` for each incident folded into its family's head,
            in the order given.
    """

    counted: tuple[Incident, ...]
    folded: tuple[tuple[str, str], ...] = ()


def _key(incident_id: str) -> str:
    return incident_id.strip().casefold()


def count_once(incidents: Iterable[Incident]) -> Rollup:
    """Fold children and duplicates into the incident they belong to (see the module's rule).

    Args:
        incidents: The collection. Incident ids are compared without case or surrounding space.

    Returns:
        The incidents to count, and which ones were folded into which.
    """
    items = list(incidents)
    by_id: dict[str, int] = {}
    for index, incident in enumerate(items):
        by_id.setdefault(_key(incident.id), index)

    parent = list(range(len(items)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    has_parent = [False] * len(items)
    for index, incident in enumerate(items):
        for related in incident.related:
            if related.relation not in _LINKS:
                continue
            other = by_id.get(_key(related.id))
            if other is None or other == index:
                continue
            parent[find(index)] = find(other)
            if related.relation is Relation.PARENT:
                has_parent[index] = True
            elif related.relation is Relation.CHILD:
                has_parent[other] = True

    families: dict[int, list[int]] = {}
    for index in range(len(items)):
        families.setdefault(find(index), []).append(index)

    def order(index: int) -> tuple[object, str, int]:
        return (items[index].milestones.started, items[index].id, index)

    head_of: dict[int, int] = {}
    for members in families.values():
        roots = [index for index in members if not has_parent[index]] or members
        head = min(roots, key=order)
        for index in members:
            head_of[index] = head

    counted = tuple(incident for index, incident in enumerate(items) if head_of[index] == index)
    folded = tuple(
        (incident.id, items[head_of[index]].id) for index, incident in enumerate(items) if head_of[index] != index
    )
    return Rollup(counted, folded)
