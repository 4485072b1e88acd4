"""The users of a Slack export (``users.json``), each read when a message first names it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from postmortem.sources._base import mapping, text_of


@attrs.frozen
class _User:
    handle: str
    name: str
    is_bot: bool = False


_Fields = tuple[object, object, object, object, object]
"""What a user's entry says of it, as written: name, real_name, is_bot, and the profile's display_name and real_name."""


def _fields(user: Mapping[str, Any]) -> _Fields:
    """The values of a ``users.json`` entry that :func:`_user` reads (only these are kept)."""
    profile = mapping(user.get("profile"))
    return (
        user.get("name"),
        user.get("real_name"),
        user.get("is_bot"),
        profile.get("display_name"),
        profile.get("real_name"),
    )


def _user(fields: _Fields, user_id: str) -> _User:
    name, real_name, is_bot, display_name, profile_real_name = fields
    handle = text_of(name)
    shown = text_of(display_name) or text_of(profile_real_name) or text_of(real_name) or handle or user_id
    return _User(handle=handle, name=shown, is_bot=bool(is_bot))


class _Users(Mapping[str, _User]):
    """``users.json``'s users by id, each made a :class:`_User` the first time it is asked for.

    A workspace's export lists every account (thousands in a large one); an incident's
    messages name a few of them. Only the values a user is made from are kept (:func:`_fields`).
    """

    __slots__ = ("_made", "_raw")

    def __init__(self, raw: dict[str, _Fields]) -> None:
        self._raw = raw
        self._made: dict[str, _User] = {}

    def __getitem__(self, user_id: str) -> _User:
        made = self._made.get(user_id)
        if made is None:
            made = self._made[user_id] = _user(self._raw[user_id], user_id)
        return made

    def get(self, user_id: str, default: Any = None) -> Any:
        """The user, or ``default`` when users.json has no such id."""
        return self[user_id] if user_id in self._raw else default

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)
