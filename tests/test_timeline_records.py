"""Sources that keep events as records until asked, and the shortcuts of the Slack window.

The Slack source compares a ``ts`` written as Slack writes it as text, scans the days next
to the window with one regular expression, and hands the merge records instead of events;
the merge makes each kept event once, without validating it again. Each shortcut must give
what the plain reading gives: these tests compare them with that reading, written out here.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem import Incident, Milestones
from postmortem._events import VALIDATED_FIELDS, EventRecords, RecordBatch, event_with, known_event, known_events
from postmortem.model import DEFAULT_SEVERITY_SCALE, EventKind, Participant, TimelineEvent
from postmortem.sources import SlackSource, SourceProblem, parse_time
from postmortem.sources._base import ReadContext
from postmortem.sources._slack._archive import _DAY_FILE, _Export
from postmortem.sources._slack._source import _Day, _Settings, _User
from postmortem.sources._slack._window import _all_plain_beyond, _Days, _outside_window
from postmortem.testing import examples
from postmortem.timeline import _merge, incident_window, merge_timeline
from postmortem.timeline._milestones import suggestions_in_order
from postmortem.timeline._text import description_words, is_resolution, similarity, starts_with, strip_status

UTC = timezone.utc
SINCE = datetime(2026, 5, 10, 9, 0, 0, 250_000, tzinfo=UTC)
UNTIL = datetime(2026, 5, 10, 15, 30, 0, 750_000, tzinfo=UTC)
_NUMBER = re.compile(r"-?[0-9][0-9.eE+-]*")


def _plain_outside(text: str, since: datetime | None, until: datetime | None) -> bool:
    """The rule the scan of a day next to the window follows, read from the parsed day.

    Every ``"ts"`` key, at any depth, holds a number, or text that is a number without
    spaces around it; there is at least one; all are before the window, or all after it.
    """
    found: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            found.extend(item for key, item in value.items() if key == "ts")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(text))
    if not found:
        return False
    stamps: list[float] = []
    for stamp in found:
        if isinstance(stamp, bool) or not isinstance(stamp, (int, float, str)):
            return False
        if isinstance(stamp, str) and not _NUMBER.fullmatch(stamp):
            return False
        try:
            stamps.append(float(stamp))
        except ValueError:
            return False
    before = since is not None and max(stamps) < since.timestamp()
    return before or (until is not None and min(stamps) > until.timestamp())


def _slack_ts(moment: datetime) -> str:
    """A ts as Slack writes it: the exact microseconds, ten digits and six."""
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


# Times next to the window's ends, a microsecond either side included, written as Slack
# writes them or otherwise (fewer digits, padding, a number, nine digits, far future, text).
_NEAR = st.sampled_from([SINCE, UNTIL]).flatmap(
    lambda edge: st.integers(-3, 3).map(lambda micros: edge + timedelta(microseconds=micros))
)
_MOMENTS = st.one_of(
    _NEAR,
    st.datetimes(
        min_value=datetime(2026, 5, 9), max_value=datetime(2026, 5, 12), timezones=st.just(UTC), allow_imaginary=False
    ),
)
_TS = st.one_of(
    _MOMENTS.map(_slack_ts),
    _MOMENTS.map(lambda moment: f"{moment.timestamp():.2f}"),
    _MOMENTS.map(lambda moment: f" {_slack_ts(moment)} "),
    _MOMENTS.map(lambda moment: moment.timestamp()),
    _MOMENTS.map(lambda moment: f"{moment.timestamp():.9f}"),
    st.sampled_from(["999999999.5", "8000000000.000001", "9999999999.999999", "", "soon", "1778404500"]),
    st.none(),
)


def _message(index: int, ts: object) -> dict[str, object]:
    message: dict[str, object] = {"type": "message", "user": "U1", "text": f"message {index}"}
    if ts is not None:
        message["ts"] = ts
    return message


def _export(root: Path, days: dict[str, list[dict[str, object]]]) -> Path:
    (root / "users.json").write_text(json.dumps([{"id": "U1", "name": "sam"}]), encoding="utf-8")
    (root / "channels.json").write_text(json.dumps([{"id": "C1", "name": "ops"}]), encoding="utf-8")
    (root / "ops").mkdir(exist_ok=True)
    for old in (root / "ops").iterdir():
        old.unlink()
    for day, messages in days.items():
        (root / "ops" / f"{day}.json").write_text(json.dumps(messages, indent=1), encoding="utf-8")
    return root


def _expected(day: str, messages: list[dict[str, object]]) -> tuple[list[str], list[str]]:
    """The messages kept and the problems met, by the plain rule: a ts that parses and falls in the window."""
    kept, problems = [], []
    for number, message in enumerate(messages):
        ts = message.get("ts")
        try:
            time = parse_time(ts.strip() if isinstance(ts, str) else "")
        except ValueError:
            problems.append(f"ops/{day}.json message {number}")
            continue
        if SINCE <= time <= UNTIL:
            kept.append(str(message["text"]))
    return kept, problems


class TestTheWindowShortcuts:
    """The Slack source keeps what the plain rule keeps, whichever way a ts is written."""

    @settings(
        max_examples=examples(quick=50, full=150),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(stamps=st.lists(_TS, min_size=1, max_size=12))
    def test_the_window_day_keeps_what_parsing_keeps(self, tmp_path: Path, stamps: list[object]) -> None:
        """Messages of the window's day are kept, left out or reported as parsing each ts would."""
        messages = [_message(index, ts) for index, ts in enumerate(stamps)]
        export = _export(tmp_path, {"2026-05-10": messages})
        problems: list[SourceProblem] = []
        events = list(SlackSource().read(export, since=SINCE, until=UNTIL, problems=problems))
        kept, expected_problems = _expected("2026-05-10", messages)
        assert [event.description for event in events] == kept
        assert [problem.record for problem in problems] == expected_problems
        for event, message in zip(events, [m for m in messages if m["text"] in kept], strict=True):
            assert event.time == parse_time(str(message["ts"]).strip())
            assert event.source_id == str(message["ts"]).strip()

    @settings(max_examples=examples(quick=70, full=200), deadline=None)
    @given(
        stamps=st.lists(_TS.filter(lambda ts: ts is not None), min_size=0, max_size=8),
        compact=st.booleans(),
        since=st.sampled_from([SINCE, None, datetime(1990, 1, 1, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC)]),
        until=st.sampled_from([UNTIL, None, datetime(1990, 1, 2, tzinfo=UTC)]),
        spacing=st.sampled_from([None, '"ts" : ', '"ts":\t', '"ts" :\n  "', '"ts":  ']),
        word=st.booleans(),
        escape=st.sampled_from([None, '"t\\u0073"', '"\\u0074s"', '"\\u0074\\u0073"', "digit"]),
    )
    def test_the_scan_of_a_day_next_to_the_window(
        self,
        stamps: list[object],
        compact: bool,
        since: datetime | None,
        until: datetime | None,
        spacing: str | None,
        word: bool,
        escape: str | None,
    ) -> None:
        """A day next to the window is left unparsed exactly when every ts in it is a number outside the window.

        A key or a digit written as an escape is valid JSON the scan cannot read: such a day is read in full.
        """
        messages = [_message(index, ts) for index, ts in enumerate(stamps)]
        if word and messages:
            messages[-1]["subtype"] = "ts"  # the word as a value, not a key
        text = json.dumps(messages, separators=(",", ":") if compact else (", ", ": "), indent=None if compact else 1)
        if spacing is not None:
            # Spaced as some writers space it (the first ts only, or every one).
            text = text.replace('"ts":' if compact else '"ts": ', spacing.rstrip('"'), 1 if len(stamps) % 2 else -1)
        ctx = ReadContext(file="export", label="slack", since=since, until=until)
        if escape is not None:
            # One key, or one digit of a ts, written as an escape: the same JSON values.
            escaped = re.sub(
                r'("ts"\s*:\s*"-?[0-9]{2})([0-9])' if escape == "digit" else r'"ts"(?=\s*:)',
                (lambda match: f"{match[1]}\\u003{match[2]}") if escape == "digit" else escape.replace("\\", "\\\\"),
                text,
                count=1,
            )
            assert json.loads(escaped) == json.loads(text)
            if escaped != text:
                assert not _outside_window(escaped, ctx)
                assert not _all_plain_beyond(escaped.encode("ascii"), ctx)
                assert not _all_plain_beyond(escaped, ctx)
        assert _outside_window(text, ctx) == _plain_outside(text, since, until)
        # Its ASCII bytes, scanned before they are decoded, answer as the text does.
        assert _all_plain_beyond(text.encode("ascii"), ctx) == _all_plain_beyond(text, ctx)
        if not _all_plain_beyond(text, ctx):
            assert _outside_window(text, ctx, scanned=True) == _outside_window(text, ctx)

    @settings(max_examples=examples(quick=70, full=200), deadline=None)
    @given(
        names=st.lists(
            st.one_of(
                st.dates(min_value=date(2026, 5, 1), max_value=date(2026, 5, 20)).map(lambda day: f"{day}.json"),
                st.sampled_from(
                    ["2026-02-30.json", "2026-13-01.json", "2026-05-10-notes.json", "notes.txt", ".DS_Store"]
                ),
                st.sampled_from(["2026-05-10.json\n", "2026-05-10.JSON", "2026-05-1.json", "9999-99-99.json"]),
            ),
            unique=True,
            max_size=30,
        ),
        since=st.sampled_from([SINCE, None, datetime(2026, 5, 1, tzinfo=UTC)]),
        until=st.sampled_from([UNTIL, None, datetime(2026, 5, 19, 23, tzinfo=UTC)]),
    )
    def test_the_days_selected_are_the_days_near(
        self, names: list[str], since: datetime | None, until: datetime | None
    ) -> None:
        """The day files picked from a folder's listing are those looked at one by one would give."""
        window = _Days.of(ReadContext(file="export", label="slack", since=since, until=until))
        listing = sorted(names)
        assert window.select(listing) == [name for name in listing if _DAY_FILE.match(name) and window.near(name)]

    def test_a_microsecond_either_side_of_the_window(self, tmp_path: Path) -> None:
        """A ts on either end of the window is kept; a microsecond beyond it is not."""
        moments = [
            SINCE - timedelta(microseconds=1),
            SINCE,
            UNTIL,
            UNTIL + timedelta(microseconds=1),
        ]
        messages = [_message(index, _slack_ts(moment)) for index, moment in enumerate(moments)]
        export = _export(tmp_path, {"2026-05-10": messages})
        texts = [event.description for event in SlackSource().read(export, since=SINCE, until=UNTIL)]
        assert texts == ["message 1", "message 2"]

    def test_reading_starts_when_the_first_event_is_asked_for(self, tmp_path: Path) -> None:
        """As before, a missing export is an error on the first event, not when ``read`` is called."""
        events = SlackSource().read(tmp_path / "missing.zip")
        assert isinstance(events, EventRecords)
        with pytest.raises(Exception, match="no such file"):
            next(events)


def _incident(*timeline: TimelineEvent) -> Incident:
    return Incident(
        id="INC-7",
        title="Checkout errors",
        severity=DEFAULT_SEVERITY_SCALE.get("SEV2"),
        milestones=Milestones(started=SINCE + timedelta(hours=2), resolved=UNTIL - timedelta(hours=2)),
        participants=(
            Participant(name="Sam Rivera", handle="@sam", accounts={"slack": "U1"}),
            Participant(name="Ana Ito", handle="@ana"),
        ),
        timeline=timeline,
    )


def _day_of_chat() -> list[dict[str, object]]:
    start = SINCE + timedelta(hours=-3)
    messages: list[dict[str, object]] = []
    for index in range(160):
        at = start + timedelta(seconds=97 * index, microseconds=(index * 7919) % 1_000_000)
        message: dict[str, object] = {"type": "message", "user": ["U1", "U2", "U3"][index % 3], "ts": _slack_ts(at)}
        message["text"] = ["rolled back <@U1>", "error rate 4% &amp; rising", "deploy 812 done", "ok"][index % 4]
        if index % 9 == 0:
            message["ts"] = f"{at.timestamp():.3f}"  # not as Slack writes it: made into an event at once
        if index % 11 == 0:
            message.update(subtype="bot_message", username="deploybot")
        if index % 13 == 0:
            message["thread_ts"] = _slack_ts(start)
        messages.append(message)
    messages.append(dict(messages[20]))  # an exact repeat
    return messages


class TestTheMergeOfRecords:
    """Merging a source's records gives what merging its events gives."""

    @pytest.mark.parametrize("url", [None, "https://acme.slack.com"])
    def test_records_and_events_merge_alike(self, tmp_path: Path, url: str | None) -> None:
        """The same timeline, additions, folds, outside count, unmatched actors and suggestions either way."""
        export = _export(tmp_path, {"2026-05-10": _day_of_chat()})
        (export / "users.json").write_text(
            json.dumps([{"id": "U1", "name": "sam"}, {"id": "U2", "name": "ana"}, {"id": "U3", "name": "kim"}]),
            encoding="utf-8",
        )
        # A message the incident already holds, reworded by hand: it stays as written.
        first = next(iter(SlackSource().read(export, workspace_url=url, since=SINCE)))
        by_hand = TimelineEvent(
            time=SINCE + timedelta(hours=2), description="Paged the on-call", kind=EventKind.ALERT, source="pagerduty"
        )
        edited = attrs.evolve(first, description="Rolled back, as Sam wrote it", time=first.time.replace(microsecond=0))
        incident = _incident(by_hand, edited)
        since, until = incident_window(incident)
        options = {"since": since, "until": until, "workspace_url": url}
        from_records = merge_timeline(incident, [SlackSource().read(export, **options)])
        from_events = merge_timeline(incident, [list(SlackSource().read(export, **options))])
        assert from_records == from_events
        assert 40 < len(from_records.added) < len(from_records.incident.timeline)
        assert "Rolled back, as Sam wrote it" in [event.description for event in from_records.incident.timeline]
        assert [name for name, _count in from_records.unmatched_actors] == ["kim"]
        assert all(event.time.microsecond == 0 for event in from_records.added)

    def test_iterating_records_gives_validated_events(self, tmp_path: Path) -> None:
        """Each event a source gives from its records equals the event the model builds and checks."""
        export = _export(tmp_path, {"2026-05-10": _day_of_chat()})
        for event in SlackSource().read(export):
            assert event == TimelineEvent(**{name: getattr(event, name) for name in attrs.fields_dict(TimelineEvent)})


class TestEventsWithoutValidation:
    """The shortcut past the model's validators covers exactly the fields it is told about."""

    def test_the_validated_fields_are_the_ones_vouched_for(self) -> None:
        """A validator or converter added to TimelineEvent fails here, so that the shortcut is looked at again."""
        checked = {field.name for field in attrs.fields(TimelineEvent) if field.validator or field.converter}
        assert checked == VALIDATED_FIELDS

    @given(
        time=st.datetimes(timezones=st.just(UTC)),
        description=st.text(min_size=1).filter(str.strip),
        kind=st.sampled_from(EventKind),
        actor=st.none() | st.text(),
        source_id=st.none() | st.text(),
    )
    def test_a_known_event_is_the_model_s_event(
        self, time: datetime, description: str, kind: EventKind, actor: str | None, source_id: str | None
    ) -> None:
        """``known_event`` and ``event_with`` give what the model's constructor and ``attrs.evolve`` give."""
        made = known_event(time, description, kind, "slack #ops", actor, None, source_id)
        expected = TimelineEvent(
            time=time, description=description, kind=kind, source="slack #ops", actor=actor, source_id=source_id
        )
        assert made == expected
        assert type(made) is TimelineEvent
        later = time.replace(microsecond=0)
        assert event_with(made, later, "Sam") == attrs.evolve(expected, time=later, actor="Sam")


class TestFoldedPrefixes:
    """Milestone suggestions fold only the start of each description."""

    @given(text=st.text(), word=st.sampled_from(["resolved", "acknowledged", "resolved by"]))
    def test_folding_the_start_is_folding_the_whole(self, text: str, word: str) -> None:
        """``starts_with`` answers as folding the whole text would, whatever characters it holds."""
        for written in (text, word.upper() + text, "\u1e9e" + text, word.title() + text):
            assert starts_with(written, word) == written.casefold().startswith(word)


_TEXTS = st.sampled_from(
    ["deploy 812 done", "  padded  ", "rolled back <@U1>", "error rate 4% &amp; rising", "", "   ", None, 7]
)


class TestTheUsualMessage:
    """The short reading of a usual message (no subtype, no bot) gives what the full reading gives."""

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(
        text=_TEXTS,
        user=st.sampled_from(["U1", "U2", " U1 ", "", None, "U9"]),
        thread=st.sampled_from([None, "same", "1778404500.000100", " ", 3]),
        kind=st.sampled_from([None, "message", "event"]),
        attachments=st.booleans(),
        threads=st.booleans(),
        profile=st.booleans(),
    )
    def test_common_is_message(
        self,
        text: object,
        user: object,
        thread: object,
        kind: object,
        attachments: bool,
        threads: bool,
        profile: bool,
    ) -> None:
        ts = "1778404600.000200"
        message: dict[str, object] = {"ts": ts}
        for key, value in (("text", text), ("user", user), ("type", kind)):
            if value is not None:
                message[key] = value
        if thread is not None:
            message["thread_ts"] = ts if thread == "same" else thread
        if attachments:
            message["attachments"] = [{"fallback": "a chart"}]
            message["files"] = [{"title": "graph.png"}]
        if profile:
            message["user_profile"] = {"name": "guest", "display_name": "Guest Person"}
        made = []
        for _ in range(2):  # a second time, with the actors named already
            settings_ = _Settings(
                users={"U1": _User(handle="sam", name="Sam"), "U2": _User(handle="ana", name="Ana")},
                channel_ids={},
                people={"id:U1": "Sam Rivera"},
                reaction=None,
                pinned_only=False,
                include_bots=True,
                threads=threads,
                skip=frozenset({"channel_join"}),
                workspace_url="",
            )
            day = _Day("ops/2026-05-10.json", "ops", "slack #ops", None)
            ctx = ReadContext(file="export", label="slack")
            source = SlackSource()
            common = source._common(message, ts, day, settings_)
            full = source._message(message, day, 0, ctx, settings_, ts)
            again = source._common(message, ts, day, settings_)
            made.append((common, full, again))
        for common, full, again in made:
            assert common == full == again


class TestTheMergeOrder:
    """The merge sorts imported events by time, source, kind and description, ties as they came."""

    @settings(max_examples=examples(quick=50, full=150), deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(0, 40),
                st.sampled_from(["slack #ops", "pagerduty", "git"]),
                st.sampled_from([EventKind.CHAT, EventKind.ACTION, EventKind.OTHER]),
                st.sampled_from(["a", "b", "Deploy 1", "deploy 1"]),
                st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-7, minutes=-30))]),
                st.integers(0, 999_999),
                st.sampled_from([None, "Kim", "Ana Ito"]),
            ),
            max_size=25,
        )
    )
    def test_the_order_is_the_plain_sort(self, rows: list[tuple[Any, ...]]) -> None:
        base = SINCE + timedelta(hours=3)
        events = [
            TimelineEvent(
                time=(base + timedelta(seconds=seconds, microseconds=micros)).astimezone(zone),
                description=text,
                kind=kind,
                source=source,
                actor=actor,
            )
            for seconds, source, kind, text, zone, micros, actor in rows
        ]
        merge = merge_timeline(_incident(), [events])
        cut = [attrs.evolve(e, time=e.time.replace(microsecond=0)) for e in events]
        # A stable sort, then exact repeats (time, kind, text and source) after the first dropped.
        plain, seen = [], set()
        for event in sorted(cut, key=lambda e: (e.time, e.source, e.kind, e.description)):
            key = (event.time, event.kind, event.description, event.source)
            if key not in seen:
                seen.add(key)
                plain.append(event)
        assert list(merge.added) == plain
        assert merge.incident.timeline == tuple(plain)


_KINDS = st.sampled_from([EventKind.CHAT, EventKind.ACTION, EventKind.ALERT, EventKind.STATUS_UPDATE])


@st.composite
def _imports(draw: st.DrawFn) -> tuple[list[TimelineEvent], list[Any]]:
    """The incident's own events and one source's items: events, records and batches, with repeats and one id twice."""
    base = SINCE + timedelta(hours=3)
    texts = st.sampled_from(["deploy 812 done", "Resolved: errors", "errors on checkout", "Acknowledged by Kim"])
    sources = st.sampled_from(["slack #ops", "pagerduty", "git"])
    ids = st.none() | st.sampled_from(["a1", "a2", "1778404600.000200"])
    own = draw(
        st.lists(
            st.builds(
                lambda seconds, text, kind, source, source_id: TimelineEvent(
                    time=base + timedelta(seconds=seconds),
                    description=text,
                    kind=kind,
                    source=source,
                    source_id=source_id,
                ),
                st.integers(-40, 40),
                texts,
                _KINDS,
                sources,
                ids,
            ),
            max_size=draw(st.sampled_from([0, 4])),
        )
    )
    items: list[Any] = []
    shapes = st.just("batch") if draw(st.booleans()) else st.sampled_from(["event", "record", "batch"])
    ids_are_times = draw(st.booleans())
    for _ in range(draw(st.integers(0, 6))):
        shape = draw(shapes)
        seconds = draw(st.lists(st.integers(-300, 40) | st.just(-7 * 3600), min_size=1, max_size=6))
        stamps = [_slack_ts(base + timedelta(seconds=n, microseconds=250)) for n in seconds]
        kind = draw(_KINDS)
        source = draw(sources)
        descriptions = [draw(texts) for _ in stamps]
        actors = [draw(st.sampled_from([None, "Kim", "Sam Rivera", "@ana", "deploy bot"])) for _ in stamps]
        source_ids = [draw(ids) for _ in stamps]
        if shape == "batch":
            # A Slack day's batch has its times as its ids (the same list).
            ids_of = stamps if ids_are_times else source_ids
            items.append(RecordBatch(stamps, descriptions, actors, kind, source, ids_of))  # type: ignore[arg-type]
            continue
        for stamp, text, actor, source_id in zip(stamps, descriptions, actors, source_ids, strict=True):
            record = (stamp, text, kind, source, actor, None, source_id)
            items.append(record if shape == "record" else known_event(parse_time(stamp), *record[1:]))
    if items and draw(st.booleans()):
        items.append(items[0])  # an exact repeat
    return own, items


class TestTheMergeWithoutFolds:
    """A merge in which nothing folds keeps every imported event without looking at each: as the full fold would."""

    @settings(max_examples=examples(quick=70, full=200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_imports())
    def test_the_short_way_is_the_fold(self, drawn: tuple[list[TimelineEvent], list[Any]]) -> None:
        own, items = drawn
        incident = _incident(*own)
        short = merge_timeline(incident, [EventRecords(iter(items))])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_merge, "_nothing_to_fold", lambda timeline, imported: False)
            folded = merge_timeline(incident, [EventRecords(iter(items))])
        assert short == folded
        # And records or batches give what the same events give.
        as_events = [event for item in items for event in EventRecords(iter([item]))]
        assert merge_timeline(incident, [as_events]) == short

    @pytest.mark.parametrize(
        ("seconds", "ids", "texts", "kept"),
        [
            ((1, 5), ["a1", "a1"], ["x", "y"], ["x"]),  # one record id at two times: the first kept
            ((1, 1), None, ["x", "y"], ["x", "y"]),  # one second, two texts
            ((1, 1), None, ["x", "x"], ["x"]),  # an exact repeat
            ((2, 1, 1, 2), None, ["b", "a", "b", "a"], ["a", "b", "a", "b"]),  # a second's records by text
        ],
    )
    def test_batches_alike_in_part(
        self, seconds: tuple[int, ...], ids: list[str] | None, texts: list[str], kept: list[str]
    ) -> None:
        # Times in one second, apart by microseconds: one second once cut, and distinct ids.
        stamps = [_slack_ts(SINCE + timedelta(hours=3, seconds=n, microseconds=at)) for at, n in enumerate(seconds)]
        batch = RecordBatch(stamps, texts, ["Kim"] * len(texts), EventKind.CHAT, "git", ids or stamps)  # type: ignore[arg-type]
        merge = merge_timeline(_incident(), [EventRecords(iter([batch]))])
        assert [event.description for event in merge.added] == kept
        records = [list(record) for record in batch]
        assert merge == merge_timeline(_incident(), [[known_event(parse_time(r[0]), *r[1:]) for r in records]])

    @settings(max_examples=examples(quick=70, full=200), deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["slack #ops", "slack #inc", "git"]),
                st.sampled_from([EventKind.CHAT, EventKind.ACTION]),
                st.lists(
                    st.tuples(
                        st.integers(-4, 4) | st.just(-7 * 3600) | st.just(9 * 3600),  # many in one second
                        st.integers(0, 999_999),
                        st.sampled_from(["b", "a", "B", "deploy 1", "Deploy 1"]),
                        st.sampled_from([None, "Kim", "Sam Rivera", "@ana"]),
                    ),
                    max_size=8,
                ),
            ),
            min_size=1,
            max_size=5,
        )
    )
    def test_batches_only_are_sorted_as_rows(self, drawn: list[tuple[str, EventKind, list[tuple[Any, ...]]]]) -> None:
        """Batches alone are sorted a column at a time: the same merge as their records one by one."""
        batches = []
        for source, kind, records in drawn:
            stamps = [
                _slack_ts(SINCE + timedelta(hours=3, seconds=n, microseconds=micros)) for n, micros, _, _ in records
            ]
            texts = [text for _, _, text, _ in records]
            actors = [actor for _, _, _, actor in records]
            batches.append(RecordBatch(stamps, texts, actors, kind, source, stamps))  # type: ignore[arg-type]
        columns = merge_timeline(_incident(), [EventRecords(iter(batches))])
        records: list[Any] = [record for batch in batches for record in batch]
        rows = merge_timeline(_incident(), [EventRecords(iter(records))])
        assert columns == rows
        assert [event.time for event in columns.added] == sorted(event.time for event in columns.added)

    @settings(max_examples=examples(quick=70, full=200), deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["slack #ops", "slack #inc"]),
                _KINDS,
                st.lists(
                    st.tuples(
                        st.integers(0, 3),
                        st.sampled_from(["a", "b"]),
                        st.sampled_from([None, "1778404600.000200", "1778404600.000300"]),
                    ),
                    min_size=1,
                    max_size=5,
                ),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def test_plain_batches_are_plain(self, drawn: list[tuple[str, EventKind, list[tuple[Any, ...]]]]) -> None:
        """Batches said to hold nothing that folds hold no foldable kind, no two alike and no id twice."""
        batches = []
        for source, kind, records in drawn:
            stamps = [
                _slack_ts(SINCE + timedelta(hours=3, seconds=n, microseconds=at))
                for at, (n, _, _) in enumerate(records)
            ]
            ids = [
                stamp if source_id is None else source_id
                for stamp, (_, _, source_id) in zip(stamps, records, strict=True)
            ]
            texts = [text for _, text, _ in records]
            batches.append(RecordBatch(stamps, texts, ["Kim"] * len(texts), kind, source, ids))  # type: ignore[arg-type]
        since, until = incident_window(_incident())
        imported = _merge._imported([EventRecords(iter(batches))], since, until, ())
        pairs = [pair for pair in imported.ids if pair[1] is not None]
        alike = len(set(imported.keys)) != len(imported.keys) or len(set(pairs)) != len(pairs)
        foldable = any(key[1] in _merge._FOLDABLE for key in imported.keys)
        if imported.plain:
            assert not alike
            assert not foldable
        if not alike and not foldable and len({source for source, _, _ in drawn}) == 1:
            assert imported.plain  # with one source, the cheap look sees all there is

    def test_the_short_way_is_taken(self) -> None:
        """Usual chat records, no repeats: the fold's loop is not run."""
        stamps = [_slack_ts(SINCE + timedelta(hours=3, seconds=n)) for n in range(5)]
        batch = RecordBatch(stamps, [f"line {n}" for n in range(5)], ["Kim"] * 5, EventKind.CHAT, "slack #ops", stamps)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_merge, "_fold_in", None)  # would fail if called
            merge = merge_timeline(_incident(), [EventRecords(iter([batch]))])
        assert [event.description for event in merge.added] == [f"line {n}" for n in range(5)]
        assert merge.unmatched_actors == (("Kim", 5),)


class TestEventsMadeTogether:
    @given(
        st.lists(
            st.tuples(
                st.datetimes(timezones=st.just(UTC)),
                st.text(min_size=1).filter(str.strip),
                st.sampled_from(EventKind),
                st.none() | st.text(),
                st.none() | st.text(),
            ),
            max_size=5,
        )
    )
    def test_known_events_is_known_event_for_each(self, rows: list[tuple[Any, ...]]) -> None:
        columns = list(zip(*rows, strict=True)) or [(), (), (), (), ()]
        times, texts, kinds, actors, ids = columns
        made = known_events(times, texts, kinds, ["git"] * len(rows), actors, [None] * len(rows), ids)
        assert made == [known_event(t, d, k, "git", a, None, i) for t, d, k, a, i in rows]
        assert all(type(event) is TimelineEvent for event in made)

    def test_sequences_of_other_lengths_are_refused(self) -> None:
        with pytest.raises(ValueError, match="one length"):
            known_events([SINCE], [], [], [], [], [], [])


def _plain_suggestions(ordered: list[TimelineEvent]) -> dict[str, TimelineEvent]:
    """The milestones read off a timeline in time order, event by event, as the rules say (see suggest_milestones)."""
    found: dict[str, TimelineEvent] = {}
    alerts = [event for event in ordered if event.kind == EventKind.ALERT]
    first_alert = next((event for event in alerts if not is_resolution(event)), None)
    if first_alert is not None:
        found["detected"] = first_alert
    acknowledged = [event for event in ordered if event.description.casefold().startswith("acknowledged")]
    if acknowledged:
        found["acknowledged"] = acknowledged[0]
    if first_alert is not None:
        words = description_words(strip_status(first_alert.description))
        for event in alerts:
            if (
                is_resolution(event)
                and event.time >= first_alert.time
                and similarity(words, description_words(strip_status(event.description))) >= 0.6
            ):
                found["mitigated"] = event
                break
    status = [event for event in ordered if event.kind == EventKind.STATUS_UPDATE and is_resolution(event)]
    resolved_by = [event for event in ordered if event.description.casefold().startswith("resolved by")]
    if status or resolved_by:
        found["resolved"] = (status or resolved_by)[-1]
    return found


_STARTS = st.sampled_from(
    [
        *(
            "Acknowledged by Kim",
            "acknowledged",
            "ACKNOWLEDGED page",
            "Resolved by Ana",
            "resolved: errors",
            "Resolved",
        ),
        *("\u0130cknowledged", "\ufb00 resolved by", "\xc4rger", "rolled back", "alert fired", "errors rising", "\xe9"),
    ]
)


class TestSuggestionsReadInOnePass:
    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(
        st.lists(
            st.tuples(st.integers(0, 600), _STARTS, st.text(max_size=3), _KINDS | st.sampled_from([EventKind.OTHER])),
            max_size=30,
        ),
        st.booleans(),
    )
    def test_the_suggestions_are_the_plain_reading(self, rows: list[tuple[Any, ...]], empty: bool) -> None:
        base = SINCE + timedelta(hours=3)
        events = [
            known_event(base + timedelta(seconds=seconds), start + tail, kind, "pagerduty", None, None, None)
            for seconds, start, tail, kind in sorted(rows, key=lambda row: row[0])
        ]
        if empty and events:
            # An event made without the model's checks, with no text: passed over, not a failure.
            events.insert(len(events) // 2, known_event(events[0].time, "", EventKind.ALERT, "git", None, None, None))
        found = {s.milestone: s.event for s in suggestions_in_order(_incident(), events, tolerance=timedelta(0))}
        assert found == _plain_suggestions(events)


class TestUsersReadWhenNamed:
    """users.json's users are made when a message names them: the same users as made all at once."""

    def test_the_same_users(self, tmp_path: Path) -> None:
        raw = [
            {"id": "U1", "name": "sam", "profile": {"display_name": "Sam R"}},
            {"id": "U2", "name": "ana", "real_name": "Ana Ito", "profile": {"display_name": "  "}},
            {"id": "U3", "is_bot": True, "profile": "not a mapping"},
            {"name": "no id"},
            {"id": "U1", "name": "sam2"},  # the same id again: the last one counts
        ]
        (tmp_path / "users.json").write_text(json.dumps(raw), encoding="utf-8")
        problems: list[SourceProblem] = []
        ctx = ReadContext(file="export", label="slack", problems=problems)
        export = _Export(tmp_path, ctx, 1 << 20, 10)
        users = SlackSource._users(export, ctx)
        assert [problem.record for problem in problems] == ["users.json record 3"]
        assert dict(users) == {
            "U1": _User(handle="sam2", name="sam2"),
            "U2": _User(handle="ana", name="Ana Ito"),
            "U3": _User(handle="", name="U3", is_bot=True),
        }
        assert users.get("U9") is None
        assert "U2" in users
        assert len(users) == 3
