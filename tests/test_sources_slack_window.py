"""The Slack source leaves out days outside the incident's window before parsing them."""

from __future__ import annotations

import json
import random
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem import Incident, Milestones
from postmortem.model import DEFAULT_SEVERITY_SCALE, Participant
from postmortem.sources import SlackSource, SourceProblem
from postmortem.timeline import merge_timeline

UTC = timezone.utc
SINCE = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
UNTIL = datetime(2026, 5, 11, 15, 0, tzinfo=UTC)


def _message(at: datetime, text: str) -> dict[str, str]:
    return {"type": "message", "user": "U1", "text": text, "ts": f"{at.timestamp():.6f}"}


def _export(root: Path, days: dict[str, object]) -> Path:
    """An export of one channel, ``ops``, with the given day files (a list of messages, or raw text)."""
    (root / "users.json").write_text(json.dumps([{"id": "U1", "name": "sam"}]), encoding="utf-8")
    (root / "channels.json").write_text(json.dumps([{"id": "C1", "name": "ops"}]), encoding="utf-8")
    (root / "ops").mkdir()
    for day, content in days.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (root / "ops" / f"{day}.json").write_text(text, encoding="utf-8")
    return root


def _read(source: Path) -> tuple[list[str], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    events = SlackSource().read(source, since=SINCE, until=UNTIL, problems=problems)
    return [event.description for event in events], problems


class TestWindow:
    """Days far from the window are not read; days next to it are read only when they hold its messages."""

    def test_far_days_are_not_read(self, tmp_path: Path) -> None:
        """A broken day file a week before the window is never opened, so it is no problem."""
        export = _export(
            tmp_path,
            {
                "2026-05-03": "[not json",
                "2026-05-10": [_message(SINCE + timedelta(hours=1), "rolled back the flag")],
                "2026-05-20": "[also not json",
            },
        )
        texts, problems = _read(export)
        assert texts == ["rolled back the flag"]
        assert problems == []

    def test_near_days_are_read(self, tmp_path: Path) -> None:
        """A broken day file next to the window is read, and reported, as before."""
        export = _export(tmp_path, {"2026-05-09": "[not json", "2026-05-12": "[not json either"})
        texts, problems = _read(export)
        assert texts == []
        assert sorted(problem.record for problem in problems) == ["ops/2026-05-09.json", "ops/2026-05-12.json"]

    @pytest.mark.parametrize("zipped", [False, True])
    def test_a_day_of_another_timezone(self, tmp_path: Path, zipped: bool) -> None:
        """A day file named for the day after the window's last UTC day still gives the window's messages.

        An export made in a timezone ahead of UTC files a message sent at 23:30 UTC under the
        next day; one behind UTC files a message at 00:30 UTC under the day before.
        """
        late = datetime(2026, 5, 11, 14, 30, tzinfo=UTC)
        early = SINCE + timedelta(minutes=30)
        (tmp_path / "export").mkdir()
        export = _export(
            tmp_path / "export",
            {
                "2026-05-09": [_message(SINCE - timedelta(hours=3), "too early"), _message(early, "paged")],
                "2026-05-12": [_message(late, "resolved"), _message(UNTIL + timedelta(hours=5), "too late")],
            },
        )
        source = export
        if zipped:
            source = tmp_path / "export.zip"
            with zipfile.ZipFile(source, "w") as archive:
                for path in sorted(export.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(export).as_posix())
        texts, problems = _read(source)
        assert texts == ["paged", "resolved"]
        assert problems == []

    def test_edge_days_outside_the_window_are_not_parsed(self, tmp_path: Path) -> None:
        """A day next to the window whose messages all fall outside it is left out unparsed.

        The file's messages are valid, but one of them is not a mapping: parsing it would
        report a problem, so no problem shows that the file was not parsed.
        """
        outside = SINCE - timedelta(hours=12)
        day = [_message(outside, "before"), 7, _message(outside + timedelta(minutes=1), "still before")]
        export = _export(tmp_path, {"2026-05-09": day})
        texts, problems = _read(export)
        assert texts == []
        assert problems == []
        day.append(_message(SINCE + timedelta(minutes=5), "inside"))
        (export / "ops" / "2026-05-09.json").write_text(json.dumps(day), encoding="utf-8")
        texts, problems = _read(export)
        assert texts == ["inside"]
        assert [problem.record for problem in problems] == ["ops/2026-05-09.json message 1"]

    def test_without_a_window_every_day_is_read(self, tmp_path: Path) -> None:
        """With no since and until, every day file is read."""
        export = _export(tmp_path, {"2016-01-01": [_message(SINCE - timedelta(days=3650), "long ago")]})
        assert [event.description for event in SlackSource().read(export)] == ["long ago"]

    @pytest.mark.parametrize(
        "written",
        [
            lambda at: f"{at.timestamp():.6f}",  # as Slack writes it: the texts' order is the numbers'
            lambda at: f"{at.timestamp():.2f}",  # fewer digits: compared as numbers
        ],
    )
    def test_an_edge_day_is_judged_by_its_times_as_numbers(self, tmp_path: Path, written: object) -> None:
        """Times written another way than Slack's are compared as numbers, not as text.

        ``"999999999.5"`` sorts after ``"1778400000.000000"`` as text; a day holding both with
        the later one in the window is read whichever way its times are written.
        """
        assert callable(written)
        early = datetime(2001, 9, 9, 1, 46, 39, tzinfo=UTC)  # 999,999,999 seconds: nine digits
        inside = SINCE + timedelta(minutes=5)
        day = [
            {"type": "message", "user": "U1", "text": "long before", "ts": written(early)},
            {"type": "message", "user": "U1", "text": "inside", "ts": written(inside)},
        ]
        texts, problems = _read(_export(tmp_path, {"2026-05-09": day}))
        assert texts == ["inside"]
        assert problems == []


def _read_between(source: Path, since: datetime, until: datetime) -> tuple[list[str], list[str]]:
    problems: list[SourceProblem] = []
    events = SlackSource().read(source, since=since, until=until, problems=problems)
    return [event.description for event in events], [problem.record for problem in problems]


class TestTimezoneBounds:
    """A day file holds a day of a timezone from UTC-12 to UTC+14: a day that cannot reach the window is not read."""

    def test_the_day_before_an_afternoon_window_is_not_read(self, tmp_path: Path) -> None:
        """Even at UTC-12 the day before ends at noon UTC: a window from 12:00 on cannot be in it."""
        export = _export(tmp_path, {"2026-05-09": "[not json", "2026-05-12": "[not json either"})
        since = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
        assert _read_between(export, since, since + timedelta(hours=3)) == ([], [])

    def test_the_day_before_a_morning_window_is_read(self, tmp_path: Path) -> None:
        """A minute before noon, the day before of an export at UTC-12 may hold it: the file is read."""
        export = _export(tmp_path, {"2026-05-09": "[not json"})
        since = datetime(2026, 5, 10, 11, 59, tzinfo=UTC)
        assert _read_between(export, since, since + timedelta(hours=3)) == ([], ["ops/2026-05-09.json"])

    def test_the_day_after_a_morning_window_is_not_read(self, tmp_path: Path) -> None:
        """Even at UTC+14 the day after starts at 10:00 UTC: a window ending before cannot reach it."""
        export = _export(tmp_path, {"2026-05-11": "[not json"})
        since = datetime(2026, 5, 10, 3, 0, tzinfo=UTC)
        assert _read_between(export, since, since + timedelta(hours=6, minutes=59)) == ([], [])
        assert _read_between(export, since, since + timedelta(hours=7)) == ([], ["ops/2026-05-11.json"])

    @pytest.mark.parametrize("hours", [-12, -5, 0, 9, 14])
    def test_messages_filed_in_any_timezone_are_found(self, tmp_path: Path, hours: int) -> None:
        """An export filed by the days of a timezone from UTC-12 to UTC+14 gives the window's messages.

        The window is the first and last minutes of a UTC day; each message is filed under
        its local date, so at the extremes they sit in the files of the days before and after.
        """
        zone = timezone(timedelta(hours=hours))
        since = datetime(2026, 5, 10, 0, 0, tzinfo=UTC)
        until = datetime(2026, 5, 10, 23, 59, tzinfo=UTC)
        moments = [
            since - timedelta(minutes=1),
            since,
            since + timedelta(hours=12),
            until,
            until + timedelta(minutes=1),
        ]
        days: dict[str, list[dict[str, str]]] = {}
        for number, moment in enumerate(moments):
            days.setdefault(moment.astimezone(zone).date().isoformat(), []).append(_message(moment, f"m{number}"))
        texts, problems = _read_between(_export(tmp_path, days), since, until)
        assert sorted(texts) == ["m1", "m2", "m3"]
        assert problems == []


class TestDaysReadWhole:
    """A day whose every ts is written as Slack writes it is read from its ts alone, with the same result."""

    @staticmethod
    def _day(start: datetime, count: int, seed: int) -> list[dict[str, object]]:
        rng = random.Random(seed)
        day: list[dict[str, object]] = []
        for number in range(count):
            at = start + timedelta(seconds=rng.randrange(86_400), microseconds=rng.randrange(1_000_000))
            message: dict[str, object] = {"type": "message", "user": f"U{number % 3}", "text": f"line {number}"}
            message["ts"] = f"{at.timestamp():.6f}"
            if number % 9 == 0:
                message["thread_ts"] = message["ts"] if number % 2 else f"{(at - timedelta(minutes=3)).timestamp():.6f}"
            if number % 13 == 0:
                message["subtype"] = "bot_message"
                message["username"] = "deploybot"
            if number % 17 == 0:
                message["text"] = "<@U1> &amp; <#C1|ops> look"
            if number % 19 == 0:
                message["subtype"] = "channel_join"
            day.append(message)
        return day

    @pytest.mark.parametrize("in_order", [True, False])
    def test_same_events_as_message_by_message(self, tmp_path: Path, in_order: bool) -> None:
        """The same export read with one ts written another way (far outside the window) gives the same events.

        That one ts sends every day through the reading of message after message; the
        events, their order and the problems must not change. Messages on the window's
        ends, repeated ts and days in and out of time order are included.
        """
        days: dict[str, list[dict[str, object]]] = {}
        for offset in range(-2, 4):
            start = datetime(2026, 5, 10, tzinfo=UTC) + timedelta(days=offset)
            day = self._day(start, 300, seed=offset + 10)
            if start.date() == UNTIL.date():
                day += [_message(UNTIL, "at the end"), _message(UNTIL, "at the end")]
                day.append(_message(UNTIL + timedelta(microseconds=1), "just after"))
            if start.date() == SINCE.date():
                day += [_message(SINCE, "at the start"), _message(SINCE - timedelta(microseconds=1), "just before")]
            day.sort(key=lambda message: str(message["ts"]))
            if not in_order:
                random.Random(offset).shuffle(day)
            days[start.date().isoformat()] = day
        plain, mixed = tmp_path / "plain", tmp_path / "mixed"
        plain.mkdir()
        mixed.mkdir()
        _export(plain, days)
        long_ago = {"type": "message", "user": "U1", "text": "long ago", "ts": "1009843200.5"}  # not as Slack writes it
        _export(mixed, {name: [*day, long_ago] for name, day in days.items()})
        for options in ({}, {"threads": False}, {"include_bots": False}):
            read = [list(SlackSource().read(path, since=SINCE, until=UNTIL, **options)) for path in (plain, mixed)]
            assert read[0] == read[1]
            assert "at the start" in [event.description for event in read[0]]
            assert [event.description for event in read[0]].count("at the end") == 2
            assert not {"just after", "just before", "long ago"} & {event.description for event in read[0]}


_SPOILERS: list[dict[str, object] | None] = [
    None,
    {"text": "rolled back <@U1>"},
    {"text": "error rate 4% &amp; rising"},
    {"text": "   "},
    {"text": 7},
    {"thread_ts": "1778400000.000100"},  # a reply
    {"thread_ts": " SAME "},  # its own ts, padded
    {"thread_ts": 3},
    {"type": "event"},
    {"type": 5},
    {"user": "U9"},  # not in users.json
    {"user": " U2 "},
    {"user": ["U1"]},
    {"user": None},
    {"user_profile": {"display_name": "Guest"}, "user": "U7"},
]


class TestUsualMessagesTogether:
    """A day of usual messages is read a field at a time; one message of another shape must not change the events."""

    @pytest.mark.parametrize("spoiler", _SPOILERS)
    @pytest.mark.parametrize("threads", [True, False])
    def test_same_events_as_message_by_message(
        self, tmp_path: Path, spoiler: dict[str, object] | None, threads: bool
    ) -> None:
        start = SINCE + timedelta(hours=1)
        day: list[dict[str, object]] = []
        for number in range(40):
            message = _message(start + timedelta(seconds=37 * number, microseconds=number), f" line {number} ")
            message["user"] = ("U1", "U2", "U3")[number % 3]
            if number % 4 == 0:
                message["thread_ts"] = message["ts"]  # a thread's first message
            day.append(message)
        if spoiler is not None:
            changed = dict(day[17])
            changed.update(spoiler)
            if changed.get("thread_ts") == " SAME ":
                changed["thread_ts"] = f" {changed['ts']} "
            for key in [key for key, value in changed.items() if value is None]:
                del changed[key]
            day[17] = changed
        plain, mixed = tmp_path / "plain", tmp_path / "mixed"
        days = {SINCE.date().isoformat(): day}
        users = [{"id": "U1", "name": "sam"}, {"id": "U2", "name": "ana", "real_name": "Ana Ito"}, {"id": "U3"}]
        for root, extra in ((plain, []), (mixed, [{"type": "message", "text": "x", "ts": "1009843200.5"}])):
            root.mkdir()
            _export(root, {name: [*messages, *extra] for name, messages in days.items()})
            (root / "users.json").write_text(json.dumps(users), encoding="utf-8")
        participants = [Participant(name="Sam Rivera", handle="@sam", accounts={"slack": "U1"})]
        options = {"since": SINCE, "until": UNTIL, "threads": threads, "participants": participants}
        read = [list(SlackSource().read(path, **options)) for path in (plain, mixed)]  # type: ignore[arg-type]
        assert read[0] == read[1]
        assert len(read[0]) >= 39
        merged = [merge_timeline(_incident(), [SlackSource().read(path, **options)]) for path in (plain, mixed)]  # type: ignore[arg-type]
        assert merged[0] == merged[1]


def _incident() -> Incident:
    return Incident(
        id="INC-9",
        title="Checkout errors",
        severity=DEFAULT_SEVERITY_SCALE.get("SEV2"),
        milestones=Milestones(started=SINCE + timedelta(hours=2), resolved=UNTIL - timedelta(hours=2)),
    )


class TestIndexFiles:
    """users.json and channels.json of a usual size are parsed at once; a broken one is a problem, as before."""

    @pytest.mark.parametrize("content", [b'[{"id": "U1", "name": "sam"}', b'{"id": "U1"}', b"[1, 2] 3", b'["\xff"]'])
    @pytest.mark.parametrize("name", ["users.json", "channels.json"])
    def test_a_broken_index_file_is_a_problem(self, tmp_path: Path, content: bytes, name: str) -> None:
        _export(tmp_path, {SINCE.date().isoformat(): [_message(SINCE + timedelta(hours=1), "deploy done")]})
        (tmp_path / name).write_bytes(content)
        texts, problems = _read(tmp_path)
        assert texts == ["deploy done"]
        assert [problem.record for problem in problems] == [name]
        assert "not valid JSON" in problems[0].message


class TestEdgeDaysAsWritten:
    """A day next to the window is scanned as bytes when it is ASCII; text of any other kind is read as before."""

    @pytest.mark.parametrize(
        ("content", "problem"),
        [
            ("ascii", None),
            ("accents", None),  # raw UTF-8: decoded, then scanned
            ("bom", None),
            ("latin-1", "not UTF-8"),
            ("cut", "not UTF-8"),  # a character cut off at the end
        ],
    )
    def test_a_day_before_the_window(self, tmp_path: Path, content: str, problem: str | None) -> None:
        before = [
            _message(SINCE - timedelta(hours=3), "caf\u00e9 deploy"),
            _message(SINCE + timedelta(hours=1), "inside"),
        ]
        text = json.dumps(before, ensure_ascii=content == "ascii")
        data = {
            "ascii": text.encode(),
            "accents": text.encode(),
            "bom": b"\xef\xbb\xbf" + text.encode(),
            "latin-1": text.encode("latin-1"),
            "cut": text.encode() + b"\xc3",
        }[content]
        _export(tmp_path, {SINCE.date().isoformat(): [_message(SINCE + timedelta(hours=2), "window day")]})
        (tmp_path / "ops" / "2026-05-09.json").write_bytes(data)
        texts, problems = _read(tmp_path)
        if problem is None:
            assert texts == ["inside", "window day"]
            assert problems == []
        else:
            assert texts == ["window day"]
            assert [p.record for p in problems] == ["ops/2026-05-09.json"]
            assert problem in problems[0].message

    def test_an_ascii_day_outside_is_not_decoded(self, tmp_path: Path) -> None:
        """All before the window: left unparsed whether written in ASCII or not."""
        for ensure_ascii in (True, False):
            day = [_message(SINCE - timedelta(hours=5), "r\u00e9sum\u00e9 posted")]
            (tmp_path / str(ensure_ascii)).mkdir()
            _export(tmp_path / str(ensure_ascii), {"2026-05-09": json.dumps(day, ensure_ascii=ensure_ascii)})
            assert _read(tmp_path / str(ensure_ascii)) == ([], [])


class TestEdgeDaysWithEscapes:
    """A day next to the window whose ts is written in a way the scan cannot read is read in full."""

    @pytest.mark.parametrize(
        "written",
        [
            '"t\\u0073": "{ts}"',  # the key with an escape: the same key to a JSON reader
            '"\\u0074s": "{ts}"',
            '"\\u0074\\u0073": "{ts}"',
            '"ts": "{head}\\u003{digit}{tail}"',  # a digit of the time as an escape
            '"ts": " {ts} "',  # spaces around the time, which the reader strips
        ],
    )
    @pytest.mark.parametrize("ensure_ascii", [True, False])
    def test_the_message_inside_is_found(self, tmp_path: Path, written: str, ensure_ascii: bool) -> None:
        """The message inside the window is kept, as reading the day message by message keeps it."""
        before = [_message(SINCE - timedelta(hours=hours), f"r\u00e9sum\u00e9 {hours}h before") for hours in (9, 5, 2)]
        ts = f"{(SINCE + timedelta(minutes=20)).timestamp():.6f}"
        key = written.format(ts=ts, head=ts[:3], digit=ts[3], tail=ts[4:])
        # The day as a writer wrote it, the last message's "ts" as the case says.
        messages = json.dumps(before, indent=4, ensure_ascii=ensure_ascii).removesuffix("\n]")
        text = f'{messages},\n    {{"type": "message", "user": "U1", "text": "inside", {key}}}\n]'
        assert json.loads(text)[-1] == {
            "type": "message",
            "user": "U1",
            "text": "inside",
            "ts": json.loads(f"{{{key}}}")["ts"],
        }
        assert json.loads(f"{{{key}}}")["ts"].strip() == ts  # to a JSON reader, a time inside the window
        texts, problems = _read(_export(tmp_path, {"2026-05-09": text}))
        assert texts == ["inside"]
        assert problems == []

    def test_a_ts_that_is_not_a_time_is_reported(self, tmp_path: Path) -> None:
        """A day next to the window with a message whose ts is no time is read, and the message reported."""
        day = [
            _message(SINCE - timedelta(hours=5), "before"),
            {"type": "message", "user": "U1", "text": "x", "ts": None},
        ]
        texts, problems = _read(_export(tmp_path, {"2026-05-09": day}))
        assert texts == []
        assert [problem.record for problem in problems] == ["ops/2026-05-09.json message 1"]
