"""The Slack source: users, channels and messages of an export as timeline events."""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from itertools import repeat
from typing import Any, ClassVar, cast

import attrs

from postmortem._events import EventRecords, Record, RecordBatch
from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.serialize import parse_size
from postmortem.sources._base import (
    Input,
    ReadContext,
    declare_options,
    input_name,
    items,
    make_event,
    mapping,
    parse_time,
    text_of,
)
from postmortem.sources._slack._archive import _array, _Export, _NotUTF8Error
from postmortem.sources._slack._naming import _actor, _participant_index, _text
from postmortem.sources._slack._users import _Fields, _fields, _User, _Users
from postmortem.sources._slack._window import (
    _EPOCH,
    _WHOLE_DAY,
    _all_plain_beyond,
    _Days,
    _items,
    _outside_window,
    _parsed_array,
    _plain,
    _plain_stamps,
    _read_all,
)

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

DEFAULT_MAX_INFLATED = 1 << 30
"""How many bytes a Slack export zip may inflate to (1 GiB); ``max_inflated`` raises it."""

DEFAULT_MAX_ENTRIES = 200_000
"""How many files a Slack export zip may hold; ``max_entries`` raises it."""


_Item = TimelineEvent | Record | RecordBatch
"""What the source hands the merge: an event, a record, or a day's usual messages as a batch."""


@attrs.frozen
class _Day:
    """One day file being read: its name, its channel, and what its events share."""

    name: str
    channel: str
    source: str
    channel_id: str | None


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
    low: float = -math.inf
    """The window's start as Unix seconds (minus infinity without one)."""
    high: float = math.inf
    """The window's end as Unix seconds."""
    first: str = ""
    """The window's start as a ts written as Slack writes it (see :func:`_window_text`)."""
    last: str = ":"
    """The window's end so."""
    actors: dict[str, str] = attrs.field(factory=dict)
    """The actor each user id of ``users`` was named as, once worked out."""

    def wants(self, message: Mapping[str, Any], *, is_bot: bool, is_reply: bool) -> bool:
        """Apply the message filters that need no parsing."""
        subtype = message.get("subtype")
        if (
            message.get("type", "message") != "message"
            or (subtype.strip() if isinstance(subtype, str) else "") in self.skip
        ):
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
            for item in items(message.get("reactions")):
                # Skin tones are written "thumbsup::skin-tone-2".
                if text_of(mapping(item).get("name")).split("::")[0] == self.reaction:
                    return True
        return False


_SLACK_TS = re.compile(r"[1-7][0-9]{9}\.[0-9]{6}")
"""A ts as Slack writes it, before 8,000,000,000 seconds (2223), where doubles are closer
together than a microsecond: its text is the exact time, and texts sort as times."""


def _window_text(edge: datetime | None, open_end: str) -> str:
    """One end of the window as a text to compare :data:`_SLACK_TS` texts with.

    Without an end, ``open_end``: ``""`` sorts before every ts and ``":"`` after. An end
    before 1,000,000,000 seconds or from 8,000,000,000 on is beyond every such ts.
    """
    if edge is None:
        return open_end
    text = _plain(edge)
    if text is not None:
        return text
    return "" if edge.timestamp() < 1_000_000_000 else "8"


_OUTSIDE = "outside"


def _window_time(ts: str, settings: _Settings) -> datetime | str | None:
    """A ts written as Unix seconds: itself as Slack writes it, else its time; ``_OUTSIDE`` outside the window.

    ``None`` for a ts written otherwise, which :func:`_time` parses once the message is wanted.
    """
    if _SLACK_TS.fullmatch(ts):
        # Exact decimals: comparing the texts is comparing the times the floats give.
        return ts if settings.first <= ts <= settings.last else _OUTSIDE
    if _EPOCH.fullmatch(ts):
        seconds = float(ts)
        if not settings.low <= seconds <= settings.high:
            return _OUTSIDE
        # What parse_time gives for digits and a fraction, without matching them again.
        return datetime.fromtimestamp(seconds, timezone.utc)
    return None


def _time(ts: str, day: _Day, number: int, ctx: ReadContext) -> datetime | None:
    """A message's ``ts`` written another way than Slack writes it, or ``None`` (a problem noted)."""
    try:
        return parse_time(ts)
    except ValueError as exc:
        ctx.problem(f"{day.name} message {number}", f"ts: {exc}")
        return None


def _limit(options: Mapping[str, Any], name: str, default: int) -> int:
    value = options.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    return value


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
    * max_inflated (int): The most bytes a zip may inflate to (default 1 GiB). The
      sizes the zip declares are checked before anything is inflated, and every entry
      is read a chunk at a time, so a small zip that inflates to gigabytes is refused
      with a message naming the limit.
    * max_entries (int): The most files a zip may hold (default 200,000).

    A zip's entries must be stored or deflated (as Slack writes them) and not
    encrypted; anything else, or a damaged zip, is an error naming the file.
    """

    name = "slack"
    description = "Slack workspace export (folder or zip of per-day JSON files)"
    input_metavar = "DIR_OR_ZIP"
    input_help = "Slack workspace export."

    options: ClassVar[Mapping[str, Option]] = declare_options(
        Option("channels", tuple, None, "Read only this channel (repeatable).", flag="--slack-channel", metavar="NAME"),
        Option("pinned_only", bool, False, "Keep only pinned Slack messages.", flag="--slack-pinned"),
        Option("reaction", str, None, "Keep only Slack messages with this reaction.", metavar="NAME"),
        # A flag turns a true default off.
        Option("include_bots", bool, True, "Leave out bot messages.", flag="--slack-no-bots"),
        Option("threads", bool, True, "Leave out thread replies.", flag="--slack-no-threads"),
        Option("skip_subtypes", frozenset, DEFAULT_SKIPPED_SUBTYPES, "Message subtypes to leave out."),
        Option(
            "workspace_url",
            str,
            None,
            "Workspace URL (https://acme.slack.com) for message links.",
            flag="--slack-url",
            metavar="URL",
        ),
        Option("participants", tuple, (), "The incident's participants, to name actors as the incident does."),
        Option(
            "max_inflated",
            int,
            DEFAULT_MAX_INFLATED,
            "Refuse a Slack zip that inflates to more than this (default 1GiB).",
            metavar="SIZE",
            parse=parse_size,
        ),
        Option("max_entries", int, DEFAULT_MAX_ENTRIES, "The most files a zip may hold.", cli=False, minimum=1),
    )

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield a chat event per kept message; see the class docs for the options.

        Nothing is read before the first event is asked for.

        Raises:
            SourceError: when the export cannot be opened, or in strict mode on a bad
                file or message.
        """
        return EventRecords(self._records(input, options))

    def _records(self, input: Input, options: dict[str, Any]) -> Iterator[_Item]:
        ctx = ReadContext.from_options(input_name(input), self.name, options, self.options)
        max_inflated = _limit(options, "max_inflated", DEFAULT_MAX_INFLATED)
        max_entries = _limit(options, "max_entries", DEFAULT_MAX_ENTRIES)
        export = _Export(input, ctx, max_inflated, max_entries)
        try:
            yield from self._read(export, ctx, options)
        finally:
            export.close()

    def _read(self, export: _Export, ctx: ReadContext, options: Mapping[str, Any]) -> Iterator[_Item]:
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
            low=ctx.since.timestamp() if ctx.since is not None else -math.inf,
            high=ctx.until.timestamp() if ctx.until is not None else math.inf,
            first=_window_text(ctx.since, ""),
            last=_window_text(ctx.until, ":"),
        )
        channels = export.channels()
        if not channels:
            raise ctx.fail("", "not a Slack export: no channel folders (of YYYY-MM-DD.json day files) in it")
        missing = sorted((wanted_set or set()) - set(channels))
        if missing:
            have = ", ".join(channels) or "none"
            raise ctx.fail("", f"no channel folder named {missing[0]!r}; the export has {have}")
        if wanted_set is None and settings.channel_ids:
            # Direct and group messages are private: read them only when asked for by name.
            wanted_set = set(settings.channel_ids)
        selected = [channel for channel in channels if wanted_set is None or channel in wanted_set]
        window = _Days.of(ctx)
        days = {channel: window.select(export.names(channel)) for channel in selected}
        # A zip bomb is refused here, from the sizes the archive declares, before a byte is inflated.
        export.check_size(f"{channel}/{day}" for channel in selected for day in days[channel])
        for channel in selected:
            for day in days[channel]:
                yield from self._day(export, f"{channel}/{day}", channel, ctx, settings, edge=window.on_edge(day))

    def _day(
        self, export: _Export, name: str, channel: str, ctx: ReadContext, settings: _Settings, *, edge: bool = False
    ) -> list[_Item]:
        """The kept events of one day file; a day that does not parse to the end gives none.

        A day file of a usual size is read whole and parsed at once; a larger one is parsed a
        message at a time, so that it is never held whole. A day on the edge of the window (see
        :meth:`_Days.on_edge`) is first scanned for its messages' times, and left unparsed when none
        falls inside the window.
        """
        events: list[_Item] = []
        size = export.size(name)
        day = _Day(name, channel, f"{ctx.label} #{channel}", settings.channel_ids.get(channel))
        # The usual message (no subtype, no bot, no filter by pin or reaction, no link to
        # make) is read by _common; any other by _message.
        common = (
            not settings.pinned_only
            and not settings.reaction
            and "" not in settings.skip
            and not (settings.workspace_url and day.channel_id)
        )
        with export.text(name) as stream:
            try:
                messages: Iterable[object]
                if size is not None and size <= _WHOLE_DAY:
                    if edge:
                        # Scanned before it is decoded when it is ASCII: its text is the same
                        # characters, and certainly UTF-8.
                        data = stream.read_raw(size + 1)
                        plain = data.isascii()
                        if plain and _all_plain_beyond(data, ctx):
                            return []
                        text = stream.decode(data) + _read_all(stream)
                        if _outside_window(text, ctx, scanned=plain):
                            return []
                    else:
                        text = _read_all(stream, size)
                    messages = _parsed_array(text)
                    if self._plain_day(messages, day, ctx, settings, common, events):
                        return events
                else:
                    messages = _array(stream, ctx)
                self._each_message(messages, day, ctx, settings, common, events)
            except json.JSONDecodeError as exc:
                ctx.problem(name, f"not valid JSON ({exc.msg}); the whole day is left out")
                return []
            except _NotUTF8Error as exc:
                ctx.problem(name, f"not UTF-8 text ({exc}); the whole day is left out")
                return []
        return events

    def _each_message(
        self,
        messages: Iterable[object],
        day: _Day,
        ctx: ReadContext,
        settings: _Settings,
        common: bool,
        events: list[_Item],
    ) -> None:
        """Add the kept events of a day's messages, looked at one by one."""
        first, last = settings.first, settings.last
        for number, message in enumerate(messages):
            plain = None
            if type(message) is dict:
                # Most messages of the window's days are outside the window: a look at
                # the ts leaves them out, and one written as Slack writes it is not
                # looked at again.
                ts = message.get("ts")
                if type(ts) is str and _SLACK_TS.fullmatch(ts):
                    if not first <= ts <= last:
                        continue
                    if common and "subtype" not in message and "bot_id" not in message:
                        common_record = self._common(message, ts, day, settings)
                        if common_record is not None:
                            events.append(common_record)
                        continue
                    plain = ts
            event = self._message(message, day, number, ctx, settings, plain)
            if event is not None:
                events.append(event)

    def _plain_day(
        self,
        messages: list[Any],
        day: _Day,
        ctx: ReadContext,
        settings: _Settings,
        common: bool,
        events: list[_Item],
    ) -> bool:
        """Add the kept events of a parsed day whose messages are all mappings with a ts as Slack writes it.

        What the loop of :meth:`_day` gives for such a day, in the same order: the texts of
        the ts are compared with the window's ends, in order, and the messages inside it
        read. Returns ``False``, having added nothing, for any other day.
        """
        stamps = _plain_stamps(messages)
        if stamps is None:
            return False
        first, last = settings.first, settings.last
        inside: Iterable[int]
        if stamps == sorted(stamps):
            # In time order, as Slack writes a day: the window is one run of it.
            inside = range(bisect.bisect_left(stamps, first), bisect.bisect_right(stamps, last))
        else:
            inside = [number for number, ts in enumerate(stamps) if first <= ts <= last]
        if common:
            chosen = list(map(messages.__getitem__, inside))
            if not any(map(dict.__contains__, chosen, repeat("subtype"))) and not any(
                map(dict.__contains__, chosen, repeat("bot_id"))
            ):
                # Usual messages only: their records go to the merge as one batch.
                batch = self._batch(chosen, list(map(stamps.__getitem__, inside)), day, settings)
                if batch.stamps:
                    events.append(batch)
                return True
        append = events.append
        record: TimelineEvent | Record | None
        for number in inside:
            message, ts = messages[number], stamps[number]
            if common and "subtype" not in message and "bot_id" not in message:
                record = self._common(message, ts, day, settings)
            else:
                record = self._message(message, day, number, ctx, settings, ts)
            if record is not None:
                append(record)
        return True

    def _message(
        self,
        message: object,
        day: _Day,
        number: int,
        ctx: ReadContext,
        settings: _Settings,
        plain: str | None = None,
    ) -> TimelineEvent | Record | None:
        """The event or record of one message, if it is kept.

        ``plain`` is the message's ts when the caller found it written as Slack writes it and
        inside the window.
        """
        if plain is not None:
            ts: str = plain
            when: datetime | str | None = plain
        elif type(message) is not dict and not isinstance(message, Mapping):
            ctx.problem(f"{day.name} message {number}", "a message must be a JSON object")
            return None
        else:
            raw = message.get("ts")
            ts = raw.strip() if isinstance(raw, str) else ""  # text_of, inline: this runs for every message
            when = _window_time(ts, settings)
            if when is _OUTSIDE:
                return None  # outside the window: nothing more of the message is needed
        message = cast("Mapping[str, Any]", message)  # a dict when plain is given
        subtype = message.get("subtype")
        is_bot = subtype == "bot_message" or bool(message.get("bot_id"))
        thread_ts = message.get("thread_ts")
        thread_ts = thread_ts.strip() if isinstance(thread_ts, str) else ""
        is_reply = bool(thread_ts) and thread_ts != ts
        if not settings.wants(message, is_bot=is_bot, is_reply=is_reply):
            return None
        if when is None:
            when = _time(ts, day, number, ctx)
        keep = when is not None and (type(when) is str or ctx.keeps(when))  # type: ignore[arg-type]
        text = _text(message, settings.users, settings.people) if keep else ""
        if not text:
            return None
        assert when is not None
        description = f"Thread reply: {text}" if is_reply else text
        actor = _actor(message, settings.users, settings.people, settings.actors, is_bot)
        if settings.workspace_url and day.channel_id:
            link = f"{settings.workspace_url}/archives/{day.channel_id}/p{ts.replace('.', '')}"
            if is_reply:
                link += f"?thread_ts={thread_ts}&cid={day.channel_id}"
            # The workspace URL is the user's text: the model checks the link.
            time = datetime.fromtimestamp(float(when), timezone.utc) if isinstance(when, str) else when
            fields = {"time": time, "description": description, "actor": actor, "link": link, "source_id": ts}
            return make_event(ctx, f"{day.name} message {number}", kind=EventKind.CHAT, source=day.source, **fields)
        # A time, a stripped text that is not empty, no link: what the model checks.
        return (when, description, EventKind.CHAT, day.source, actor, None, ts)

    def _common(self, message: dict[str, Any], ts: str, day: _Day, settings: _Settings) -> Record | None:
        """What :meth:`_message` gives for a usual message, in one call instead of four.

        The caller has found ``ts`` written as Slack writes it and inside the window, no
        ``subtype`` and no ``bot_id`` in the message, and settings that keep every such
        message (no pin or reaction filter, no link to make, an empty subtype not skipped).
        """
        if message.get("type", "message") != "message":
            return None
        thread_ts = message.get("thread_ts")
        thread_ts = thread_ts.strip() if isinstance(thread_ts, str) else ""
        is_reply = bool(thread_ts) and thread_ts != ts
        if is_reply and not settings.threads:
            return None
        text = message.get("text")
        if type(text) is str and "<" not in text and "&" not in text and (text := text.strip()):
            pass  # what _text gives for text without markup or escapes
        else:
            text = _text(message, settings.users, settings.people)
            if not text:
                return None
        user_id = message.get("user")
        # A user id named already (kept stripped: one with spaces is not found and named anew).
        actor = settings.actors.get(user_id) if type(user_id) is str else None
        if actor is None:
            actor = _actor(message, settings.users, settings.people, settings.actors, False)
        return (ts, f"Thread reply: {text}" if is_reply else text, EventKind.CHAT, day.source, actor, None, ts)

    def _batch(self, messages: list[dict[str, Any]], stamps: list[str], day: _Day, settings: _Settings) -> RecordBatch:
        """The records :meth:`_common` gives for usual messages (no ``subtype``, no ``bot_id``), as one batch.

        Text that needs nothing resolved, not a reply, of a user named already, is read here.
        """
        kept: list[str] = []
        descriptions: list[str] = []
        actors: list[str | None] = []
        known = settings.actors
        for message, ts in zip(messages, stamps, strict=True):
            text = message.get("text")
            thread_ts = message.get("thread_ts")
            user_id = message.get("user")
            if (
                type(text) is str
                and "<" not in text
                and "&" not in text
                and (text := text.strip())
                and (thread_ts is None or thread_ts == ts)
                and message.get("type", "message") == "message"
                and type(user_id) is str
                and (actor := known.get(user_id)) is not None
            ):
                kept.append(ts)
                descriptions.append(text)
                actors.append(actor)
                continue
            record = self._common(message, ts, day, settings)
            if record is not None:
                kept.append(ts)
                descriptions.append(record[1])
                actors.append(record[4])
        return RecordBatch(kept, descriptions, actors, EventKind.CHAT, day.source, kept)  # type: ignore[arg-type]

    @staticmethod
    def _users(export: _Export, ctx: ReadContext) -> Mapping[str, _User]:
        name = "org_users.json" if not export.exists("users.json") and export.exists("org_users.json") else "users.json"
        if not export.exists(name):
            ctx.problem(name, "the export has no users.json; actors are shown by user id")
            return {}
        users: dict[str, _Fields] = {}
        try:
            with export.text(name) as stream:
                for index, item in enumerate(_items(export, name, stream, ctx)):
                    user = mapping(item)
                    user_id = text_of(user.get("id"))
                    if not user_id:
                        ctx.problem(f"{name} record {index}", "a user without an id")
                        continue
                    users[user_id] = _fields(user)
        except (json.JSONDecodeError, _NotUTF8Error) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else f"not UTF-8: {exc}"
            ctx.problem(name, f"not valid JSON ({reason}); actors are shown by user id")
            return {}
        return _Users(users)

    @staticmethod
    def _channel_ids(export: _Export, ctx: ReadContext) -> dict[str, str]:
        ids: dict[str, str] = {}
        for name in ("channels.json", "groups.json"):
            if not export.exists(name):
                continue
            found: dict[str, str] = {}
            try:
                with export.text(name) as stream:
                    for item in _items(export, name, stream, ctx):
                        channel = mapping(item)
                        if text_of(channel.get("name")) and text_of(channel.get("id")):
                            found[text_of(channel.get("name"))] = text_of(channel.get("id"))
            except (json.JSONDecodeError, _NotUTF8Error) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else f"not UTF-8: {exc}"
                ctx.problem(name, f"not valid JSON ({reason}); events will have no links")
                continue
            ids.update(found)
        return ids
