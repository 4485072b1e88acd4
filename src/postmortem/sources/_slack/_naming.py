"""Who said a Slack message and what it says: the actor and the text an event shows.

An actor is named as the incident names its participants (by ``accounts["slack"]`` user
id, handle or name), else by the user's display name; a bot's name is followed by
``(bot)``. The text has mentions, channels and links resolved and Slack's three HTML
escapes undone; a message without text shows an attachment's or its files' titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from postmortem.model import Participant
from postmortem.sources._base import items, mapping, text_of
from postmortem.sources._slack._users import _User

_MARKUP = re.compile(r"<([^<>]+)>")


def _participant_index(participants: Iterable[Participant]) -> dict[str, str]:
    """The incident's participants by ``id:`` Slack user id, ``handle:`` and ``name:`` (casefolded)."""
    index: dict[str, str] = {}
    for person in participants:
        slack_id = person.accounts.get("slack")
        if slack_id:
            index[f"id:{slack_id}"] = person.name
        if person.handle:
            index[f"handle:{person.handle.lstrip('@').casefold()}"] = person.name
        index[f"name:{person.name.casefold()}"] = person.name
    return index


def _person(user_id: str, users: Mapping[str, _User], people: Mapping[str, str]) -> str:
    """A user's participant name, else their display name, else the id itself."""
    user = users.get(user_id)
    found = people.get(f"id:{user_id}")
    if found is None and user is not None:
        found = (
            people.get(f"handle:{user.handle.casefold()}")
            or people.get(f"handle:{user.name.casefold()}")
            or people.get(f"name:{user.name.casefold()}")
        )
    if found is not None:
        return found
    return user.name if user is not None else user_id


def _actor(
    message: Mapping[str, Any],
    users: Mapping[str, _User],
    people: Mapping[str, str],
    actors: dict[str, str],
    is_bot: bool,
) -> str | None:
    """The actor of a message: a bot's name and ``(bot)``, else the person, named once per user id in ``actors``."""
    user_id = message.get("user")
    user_id = user_id.strip() if isinstance(user_id, str) else ""
    if is_bot:
        bot = (
            text_of(message.get("username"))
            or text_of(mapping(message.get("bot_profile")).get("name"))
            or (users[user_id].name if user_id in users else "")
        )
        return f"{bot or 'bot'} (bot)"
    if user_id and user_id in users:
        known = actors.get(user_id)
        if known is None:
            known = actors[user_id] = _person(user_id, users, people)
        return known
    # A user missing from users.json (a guest, a deleted account) still has the
    # profile copied into each message.
    profile = mapping(message.get("user_profile"))
    handle = text_of(profile.get("name"))
    shown = text_of(profile.get("display_name")) or text_of(profile.get("real_name")) or handle
    if shown:
        # _person looks only this user up.
        return _person(user_id, {user_id: _User(handle=handle or shown, name=shown)}, people) if user_id else shown
    return _person(user_id, users, people) if user_id else None


def _text(message: Mapping[str, Any], users: Mapping[str, _User], people: Mapping[str, str]) -> str:
    text = message.get("text")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        for attachment in items(message.get("attachments")):
            item = mapping(attachment)
            text = text_of(item.get("fallback")) or text_of(item.get("title")) or text_of(item.get("text"))
            if text:
                break
    if not text:
        titles = [
            text_of(mapping(f).get("title")) or text_of(mapping(f).get("name")) for f in items(message.get("files"))
        ]
        titles = [t for t in titles if t]
        if titles:
            text = f"Shared {', '.join(titles)}"

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return f"@{label}" if label else f"@{_person(target[1:], users, people)}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            if label:
                return label if label.startswith("@") else f"@{label}"
            return f"@{target[1:].split('^')[0]}"
        return label or target

    if "<" in text:
        text = _MARKUP.sub(replace, text)
    if "&" in text:
        # Slack escapes exactly these three characters in message text.
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text.strip()
