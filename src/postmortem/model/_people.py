"""People, links and related incidents."""

from __future__ import annotations

from attrs import field, frozen

from postmortem.model._base import LabelledEnum, _non_empty, _token


@frozen
class Participant:
    """A person involved in the incident or its review.

    Attributes:
        name: Display name.
        role: Role during the incident, such as ``incident commander`` or ``on-call``.
        handle: Chat or paging handle (``@maria``), used to recognise the person in text.
        team: The team the person belongs to.
        accounts: Identities in other systems, such as ``{"confluence": "5b10ac8d82e05b22cc7d4ef5"}``.
    """

    name: str = field(validator=_non_empty)
    role: str = ""
    handle: str | None = None
    team: str | None = None
    accounts: dict[str, str] = field(factory=dict, hash=False)

    def _repr_html_(self) -> str:
        from postmortem.model._display import participant_html  # noqa: PLC0415  (only a notebook asks)

        return participant_html(self)

    def _repr_markdown_(self) -> str:
        from postmortem.model._display import participant_markdown  # noqa: PLC0415  (only a notebook asks)

        return participant_markdown(self)


@frozen
class Link:
    """A titled link: a dashboard, a chat channel, a ticket, a pull request."""

    url: str = field(validator=[_non_empty, _token])
    title: str = ""


class Relation(LabelledEnum):
    """What another incident is to this one."""

    PARENT = "parent"
    CHILD = "child"
    DUPLICATE = "duplicate"
    FOLLOW_UP = "follow_up"
    SIMILAR = "similar"

    @property
    def label(self) -> str:
        """Human wording: ``Parent``, ``Follow-up``."""
        return "Follow-up" if self is Relation.FOLLOW_UP else super().label


@frozen
class RelatedIncident:
    """Another incident and what it is to this one.

    Attributes:
        id: The other incident's id.
        relation: What the other incident is to this one: ``parent`` (this one is part of
            it), ``child`` (it is part of this one), ``duplicate`` (it records the same
            incident), ``follow_up`` (it followed from this one) or ``similar``.
        url: Where its post-mortem is.
        title: Its title, for readers without the other file.
    """

    id: str = field(validator=[_non_empty, _token])
    relation: Relation = Relation.SIMILAR
    url: str | None = field(default=None, validator=_token)
    title: str = ""
