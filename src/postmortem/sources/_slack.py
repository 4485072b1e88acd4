"""Slack workspace exports: a folder per channel of per-day JSON files, plus users.json."""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

import attrs

from postmortem.model import EventKind, Participant, TimelineEvent
from postmortem.sources._base import (
    Input,
    ReadContext,
    input_name,
    make_event,
    mapping,
    parse_time,
    text_of,
)

__all__ = ["DEFAULT_SKIPPED_SUBTYPES", "SlackSource"]

DEFAULT_SKIPPED_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "group_join",
        "group_leave",
        "bot_add",
        "bot_remove",
        "channel_archive",
        "channel_unarchive",
        "pinned_item",
        "unpinned_item",
        "reminder_add",
        "joiner_notification",
        "tombstone",
        "message_deleted",
    }
)
"""Message subtypes that record membership and housekeeping, not the incident."""

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_MARKUP = re.compile(r"<([^<>]+)>")


@attrs.frozen
class _User:
    handle: str
    name: str
    is_bot: bool = False


class _Export:
    """A workspace export, as a folder or a zip, with the same small file-reading interface."""

    def __init__(self, source: Input, ctx: ReadContext) -> None:
        self._ctx = ctx
        self._zip: zipfile.ZipFile | None = None
        self._root: Path | None = None
        self._prefix = ""
        self._days: dict[str, list[str]] = {}
        if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
            self._root = Path(source)
            return
        try:
            target = Path(source) if isinstance(source, (str, os.PathLike)) else source
            self._zip = zipfile.ZipFile(cast("Path | IO[bytes]", target))
        except FileNotFoundError:
            raise ctx.fail("", "no such file or folder") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ctx.fail("", f"not a Slack export folder or zip: {exc}") from None
        names = self._zip.namelist()
        # Some exports put everything under one top folder.
        for name in names:
            if PurePosixPath(name).name in ("users.json", "org_users.json", "channels.json"):
                self._prefix = str(PurePosixPath(name).parent).removeprefix(".")
                self._prefix = f"{self._prefix}/" if self._prefix else ""
                break
        # One pass over the archive's index: channel folder -> day files.
        for name in names:
            if not name.startswith(self._prefix):
                continue
            parts = PurePosixPath(name[len(self._prefix) :]).parts
            if len(parts) == 2 and _DAY_FILE.match(parts[1]):
                self._days.setdefault(parts[0], []).append(parts[1])

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def exists(self, name: str) -> bool:
        if self._root is not None:
            return (self._root / name).is_file()
        assert self._zip is not None
        try:
            self._zip.getinfo(self._prefix + name)
        except KeyError:
            return False
        return True

    def open(self, name: str) -> IO[bytes]:
        if self._root is not None:
            return (self._root / name).open("rb")
        assert self._zip is not None
        return self._zip.open(self._prefix + name)

    def channels(self) -> list[str]:
        if self._root is not None:
            return sorted(p.name for p in self._root.iterdir() if p.is_dir())
        return sorted(self._days)

    def days(self, channel: str) -> list[str]:
        if self._root is not None:
            return sorted(p.name for p in (self._root / channel).iterdir() if _DAY_FILE.match(p.name))
        return sorted(self._days.get(channel, []))

    def load(self, name: str) -> object:
        with self.open(name) as handle:
            return json.loads(handle.read().decode("utf-8-sig"))


@attrs.frozen
class _Settings:
    users: Mapping[str, _User]
    channel_ids: Mapping[str, str]
    people: Mapping[str, str]
    reaction: str | None
    pinned_only: bool
    include_bots: bool
    threads: bool
    skip: frozenset[str]
    workspace_url: str

    def wants(self, message: Mapping[str, Any], *, is_bot: bool, is_reply: bool) -> bool:
        """Apply the message filters that need no parsing."""
        if message.get("type", "message") != "message" or message.get("subtype") in self.skip:
            return False
        if is_bot and not self.include_bots:
            return False
        if is_reply and not self.threads and message.get("subtype") != "thread_broadcast":
            return False
        if self.pinned_only or self.reaction:
            return self._marked(message)
        return True

    def _marked(self, message: Mapping[str, Any]) -> bool:
        if self.pinned_only and (message.get("pinned_to") or message.get("is_pinned")):
            return True
        if self.reaction:
            for item in message.get("reactions") or []:
                # Skin tones are written "thumbsup::skin-tone-2".
                if text_of(mapping(item).get("name")).split("::")[0] == self.reaction:
                    return True
        return False


def _participant_index(participants: Iterable[Participant]) -> dict[str, str]:
    index: dict[str, str] = {}
    for person in participants:
        slack_id = person.accounts.get("slack")
        if slack_id:
            index[f"id:{slack_id}"] = person.name
        if person.handle:
            index[f"handle:{person.handle.lstrip('@').casefold()}"] = person.name
        index[f"name:{person.name.casefold()}"] = person.name
    return index


class SlackSource:
    """A Slack workspace export (JSON), as a folder or as the zip Slack hands out.

    The export holds ``users.json`` (``org_users.json`` on Enterprise Grid),
    ``channels.json`` and a folder per channel with one ``YYYY-MM-DD.json`` file per day,
    each an array of messages. Day files are read one at a time. Each kept message
    becomes a ``chat`` event; its ``source`` is ``slack #<channel>``.

    * ``<@U024BE7LH>`` mentions become ``@name``, ``<#C0123|ops>`` becomes ``#ops`` and
      ``<https://...|label>`` becomes ``label``; HTML escapes are undone.
    * Thread replies (``thread_ts`` different from ``ts``) read ``Thread reply: ...``.
    * Bot messages (``bot_message`` subtype or a ``bot_id``) have the bot's name and
      ``(bot)`` as actor.
    * The actor is the user's participant name when ``participants`` are given and one
      matches (by ``accounts["slack"]`` user id, or handle), else the display name.

    Channels listed in ``channels.json`` and ``groups.json`` (private channels) are read;
    folders of direct and group messages only when named in ``channels``.

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * channels (list of str): Read only these channels or conversation folders (names
      without ``#``).
    * pinned_only (bool): Keep only pinned messages.
    * reaction (str): Keep only messages with this reaction (``white_check_mark``);
      with ``pinned_only`` too, a message needs either one.
    * include_bots (bool): Keep bot messages (default true).
    * threads (bool): Keep thread replies (default true).
    * skip_subtypes (set of str): Subtypes to leave out (default
      ``DEFAULT_SKIPPED_SUBTYPES``: joins, leaves and other housekeeping).
    * workspace_url (str): ``https://acme.slack.com``, to link each event to its message.
    * participants (list of Participant): To name actors as the incident does.
    """

    name = "slack"
    description = "Slack workspace export (folder or zip of per-day JSON files)"

    _OPTIONS = (
        "channels",
        "pinned_only",
        "reaction",
        "include_bots",
        "threads",
        "skip_subtypes",
        "workspace_url",
        "participants",
    )

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield a chat event per kept message; see the class docs for the options.

        Raises:
            SourceError: when the export cannot be opened, or in strict mode on a bad
                file or message.
        """
        ctx = ReadContext.from_options(input_name(input), self.name, options, self._OPTIONS)
        export = _Export(input, ctx)
        try:
            yield from self._read(export, ctx, options)
        finally:
            export.close()

    def _read(self, export: _Export, ctx: ReadContext, options: Mapping[str, Any]) -> Iterator[TimelineEvent]:
        wanted = options.get("channels")
        wanted_set = {str(c).lstrip("#") for c in wanted} if wanted else None
        settings = _Settings(
            users=self._users(export, ctx),
            channel_ids=self._channel_ids(export, ctx),
            people=_participant_index(options.get("participants") or ()),
            reaction=str(options["reaction"]).strip(":") if options.get("reaction") else None,
            pinned_only=bool(options.get("pinned_only", False)),
            include_bots=bool(options.get("include_bots", True)),
            threads=bool(options.get("threads", True)),
            skip=frozenset(options.get("skip_subtypes", DEFAULT_SKIPPED_SUBTYPES)),
            workspace_url=str(options.get("workspace_url") or "").rstrip("/"),
        )
        channels = export.channels()
        missing = sorted((wanted_set or set()) - set(channels))
        if missing:
            have = ", ".join(channels) or "none"
            raise ctx.fail("", f"no channel folder named {missing[0]!r}; the export has {have}")
        if wanted_set is None and settings.channel_ids:
            # Direct and group messages are private: read them only when asked for by name.
            wanted_set = set(settings.channel_ids)
        for channel in channels:
            if wanted_set is not None and channel not in wanted_set:
                continue
            for day in export.days(channel):
                name = f"{channel}/{day}"
                try:
                    messages = export.load(name)
                except (ValueError, UnicodeDecodeError) as exc:
                    ctx.problem(name, f"not valid JSON ({exc}); the whole day is left out")
                    continue
                if not isinstance(messages, list):
                    ctx.problem(name, "a day file must hold a JSON array of messages")
                    continue
                for number, message in enumerate(messages):
                    event = self._message(message, f"{name} message {number}", channel, ctx, settings)
                    if event is not None:
                        yield event

    def _message(
        self, message: object, where: str, channel: str, ctx: ReadContext, settings: _Settings
    ) -> TimelineEvent | None:
        if not isinstance(message, Mapping):
            ctx.problem(where, "a message must be a JSON object")
            return None
        subtype = message.get("subtype")
        is_bot = subtype == "bot_message" or bool(message.get("bot_id"))
        thread_ts = text_of(message.get("thread_ts"))
        ts = text_of(message.get("ts"))
        is_reply = bool(thread_ts) and thread_ts != ts
        if not settings.wants(message, is_bot=is_bot, is_reply=is_reply):
            return None
        try:
            time = parse_time(ts)
        except ValueError as exc:
            ctx.problem(where, f"ts: {exc}")
            return None
        text = self._text(message, settings.users, settings.people)
        if not ctx.keeps(time) or not text:
            return None
        link = None
        channel_id = settings.channel_ids.get(channel)
        if settings.workspace_url and channel_id:
            link = f"{settings.workspace_url}/archives/{channel_id}/p{ts.replace('.', '')}"
            if is_reply:
                link += f"?thread_ts={thread_ts}&cid={channel_id}"
        return make_event(
            ctx,
            where,
            time=time,
            description=f"Thread reply: {text}" if is_reply else text,
            kind=EventKind.CHAT,
            source=f"{ctx.label} #{channel}",
            actor=self._actor(message, settings.users, settings.people, is_bot),
            link=link,
        )

    @staticmethod
    def _users(export: _Export, ctx: ReadContext) -> dict[str, _User]:
        name = "org_users.json" if not export.exists("users.json") and export.exists("org_users.json") else "users.json"
        if not export.exists(name):
            ctx.problem(name, "the export has no users.json; actors are shown by user id")
            return {}
        try:
            raw = export.load(name)
        except (ValueError, UnicodeDecodeError) as exc:
            ctx.problem(name, f"not valid JSON ({exc}); actors are shown by user id")
            return {}
        users: dict[str, _User] = {}
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            user = mapping(item)
            user_id = text_of(user.get("id"))
            if not user_id:
                ctx.problem(f"{name} record {index}", "a user without an id")
                continue
            profile = mapping(user.get("profile"))
            handle = text_of(user.get("name"))
            shown = (
                text_of(profile.get("display_name"))
                or text_of(profile.get("real_name"))
                or text_of(user.get("real_name"))
                or handle
                or user_id
            )
            users[user_id] = _User(handle=handle, name=shown, is_bot=bool(user.get("is_bot")))
        return users

    @staticmethod
    def _channel_ids(export: _Export, ctx: ReadContext) -> dict[str, str]:
        ids: dict[str, str] = {}
        for name in ("channels.json", "groups.json"):
            if not export.exists(name):
                continue
            try:
                raw = export.load(name)
            except (ValueError, UnicodeDecodeError) as exc:
                ctx.problem(name, f"not valid JSON ({exc}); events will have no links")
                continue
            for item in raw if isinstance(raw, list) else []:
                channel = mapping(item)
                if text_of(channel.get("name")) and text_of(channel.get("id")):
                    ids[text_of(channel.get("name"))] = text_of(channel.get("id"))
        return ids

    @staticmethod
    def _person(user_id: str, users: Mapping[str, _User], people: Mapping[str, str]) -> str:
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
        self,
        message: Mapping[str, Any],
        users: Mapping[str, _User],
        people: Mapping[str, str],
        is_bot: bool,
    ) -> str | None:
        user_id = text_of(message.get("user"))
        if is_bot:
            bot = (
                text_of(message.get("username"))
                or text_of(mapping(message.get("bot_profile")).get("name"))
                or (users[user_id].name if user_id in users else "")
            )
            return f"{bot or 'bot'} (bot)"
        if user_id and user_id in users:
            return self._person(user_id, users, people)
        # A user missing from users.json (a guest, a deleted account) still has the
        # profile copied into each message.
        profile = mapping(message.get("user_profile"))
        handle = text_of(profile.get("name"))
        shown = text_of(profile.get("display_name")) or text_of(profile.get("real_name")) or handle
        if shown:
            known = {**users, user_id: _User(handle=handle or shown, name=shown)} if user_id else users
            return self._person(user_id, known, people) if user_id else shown
        return self._person(user_id, users, people) if user_id else None

    def _text(self, message: Mapping[str, Any], users: Mapping[str, _User], people: Mapping[str, str]) -> str:
        text = text_of(message.get("text"))
        if not text:
            for attachment in message.get("attachments") or []:
                item = mapping(attachment)
                text = text_of(item.get("fallback")) or text_of(item.get("title")) or text_of(item.get("text"))
                if text:
                    break
        if not text:
            titles = [
                text_of(mapping(f).get("title")) or text_of(mapping(f).get("name")) for f in message.get("files") or []
            ]
            titles = [t for t in titles if t]
            if titles:
                text = f"Shared {', '.join(titles)}"

        def replace(match: re.Match[str]) -> str:
            inner = match.group(1)
            target, _, label = inner.partition("|")
            if target.startswith("@"):
                return f"@{label}" if label else f"@{self._person(target[1:], users, people)}"
            if target.startswith("#"):
                return f"#{label or target[1:]}"
            if target.startswith("!"):
                if label:
                    return label if label.startswith("@") else f"@{label}"
                return f"@{target[1:].split('^')[0]}"
            return label or target

        # Slack escapes exactly these three characters in message text.
        plain = _MARKUP.sub(replace, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        return plain.strip()
