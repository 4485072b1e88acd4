"""Counting each incident once: a parent through its children, a duplicate record once.

A monthly report written as a parent incident with one child per outage, or the same outage
recorded twice, would otherwise be counted two or more times in incident counts and in every
duration summary. The rule, applied to one collection at a time (incident ids are compared
without case or surrounding space):

* **Duplicates.** Two incidents of the collection are records of one incident when either
  lists the other as ``duplicate`` (followed transitively). They count once, as the record
  that started first (then by id); the others are *folded* into it.
* **Parents and children.** An incident is a *parent* when another incident of the
  collection is its child: it lists that one as ``child``, or that one lists it as
  ``parent``. A parent is counted **through its children only**: it is left out, and each
  child counts once, with its own severity, milestones and impact. The parent of a write-up
  of several outages holds the write-up (its introduction, the follow-ups across outages),
  and its own times span the write-up rather than any one outage, so counting it as well
  would add an incident that never happened on its own; counting it instead of its
  children would hide all but one. A child that is itself a parent is counted through its
  own children, so only incidents with no child in the collection count.
* A parent whose children are not in the collection (another team's files, another
  period) counts as itself: it is the only record the collection has of them.
* In a cycle (two incidents each naming the other as parent, a mistake in the files) every
  member is somebody's parent; the one that started first (then by id) is counted, so the
  family counts once, not zero times.
* ``follow_up`` and ``similar`` change nothing: a follow-up is another incident.

:class:`Rollup` lists what was left out and why, so a report can say "12 incidents (1
parent counted through its 3 children, 1 duplicate record counted once)".
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from postmortem.model import Incident, Relation

__all__ = ["Rollup", "count_once"]


@frozen
class Rollup:
    """A collection's incidents, each counted once.

    Attributes:
        counted: The incidents counted, in the order given: every incident that is neither
            a duplicate record of another nor a parent of one.
        folded: ``(record id, kept id)`` for each duplicate record folded into the record
            that is counted, in the order given (and for the members of a parent cycle that
            are not counted, folded into the one that is).
        parents: ``(parent id, child ids)`` for each parent counted through its children,
            in the order given; the child ids are those of the collection, in the order given.
    """

    counted: tuple[Incident, ...]
    folded: tuple[tuple[str, str], ...] = ()
    parents: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def left_out(self) -> int:
        """How many incidents of the collection are not counted themselves."""
        return len(self.folded) + len(self.parents)


def _key(incident_id: str) -> str:
    return incident_id.strip().casefold()


class _Families:
    """Union-find over indexes: incidents linked by a relation form one family."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, one: int, other: int) -> None:
        self.parent[self.find(one)] = self.find(other)

    def groups(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            found.setdefault(self.find(index), []).append(index)
        return found


def count_once(incidents: Iterable[Incident]) -> Rollup:
    """Count a parent through its children and a duplicate record once (see the module's rule).

    Args:
        incidents: The collection.

    Returns:
        The incidents to count, the duplicate records folded, and the parents counted
        through their children.
    """
    items = list(incidents)
    by_id: dict[str, int] = {}
    for index, incident in enumerate(items):
        by_id.setdefault(_key(incident.id), index)

    def order(index: int) -> tuple[object, str, int]:
        return (items[index].milestones.started, items[index].id, index)

    def links(relation: Relation) -> Iterable[tuple[int, int]]:
        """``(index, other index)`` for each link of this relation between two incidents of the collection."""
        for index, incident in enumerate(items):
            for related in incident.related:
                other = by_id.get(_key(related.id))
                if related.relation is relation and other is not None and other != index:
                    yield index, other

    # Duplicates first: each set of records of one incident keeps its earliest record.
    records = _Families(len(items))
    for index, other in links(Relation.DUPLICATE):
        records.join(index, other)
    kept_of = {index: min(members, key=order) for members in records.groups().values() for index in members}

    # Then parents and children, between the kept records.
    children: dict[int, list[int]] = {}
    lineage = _Families(len(items))
    pairs = [*links(Relation.CHILD), *((child, parent) for parent, child in links(Relation.PARENT))]
    for parent, child in ((kept_of[a], kept_of[b]) for a, b in pairs):
        if parent != child and child not in children.setdefault(parent, []):
            children[parent].append(child)
            lineage.join(parent, child)

    counted = {index for index in range(len(items)) if kept_of[index] == index and index not in children}
    cycle_head: dict[int, int] = {}
    for members in lineage.groups().values():
        kept = [index for index in members if kept_of[index] == index]
        if kept and counted.isdisjoint(kept):
            # Every member is somebody's parent: a cycle. The earliest counts for the family.
            head = min(kept, key=order)
            counted.add(head)
            cycle_head.update((index, head) for index in kept if index != head)

    folded: list[tuple[str, str]] = []
    parents: list[tuple[str, tuple[str, ...]]] = []
    for index, incident in enumerate(items):
        if index in counted:
            continue
        if kept_of[index] != index or index in cycle_head:
            folded.append((incident.id, items[cycle_head.get(index, kept_of[index])].id))
        else:
            parents.append((incident.id, tuple(items[child].id for child in sorted(children[index]))))
    return Rollup(tuple(items[index] for index in sorted(counted)), tuple(folded), tuple(parents))
