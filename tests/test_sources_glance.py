"""CSV and JSON Lines sources look at a record's time before reading it (the window skip).

Three paths: a record inside the window is read in full; one whose time, read from its
text, is outside the window is skipped without being read (so nothing in it is checked,
unless ``strict``); one whose time cannot be read so is read in full, and a bad time in it
is reported wherever it lies. The properties check that the look changes no event of a
well-formed file, and that it never calls a time outside the window that the full reading
keeps or refuses.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from postmortem.sources import SourceError, SourceProblem, get_source
from postmortem.sources._base import ReadContext, parse_time
from postmortem.sources._tabular import _Glance
from postmortem.testing import examples

UTC = timezone.utc
SINCE = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
UNTIL = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)


def _jsonl(rows: list[dict[str, Any] | str]) -> io.StringIO:
    return io.StringIO("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))


def _csv(rows: list[list[str]]) -> io.StringIO:
    out = io.StringIO()
    csv.writer(out).writerows([["time", "description", "kind"], *rows])
    return io.StringIO(out.getvalue())


def _read(name: str, data: io.StringIO, **options: Any) -> tuple[list[str], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    options.setdefault("mapping", {"kind": "kind"})
    events = get_source(name).read(data, since=SINCE, until=UNTIL, problems=problems, **options)
    return [event.description for event in events], problems


# --------------------------------------------------------------------------- the three paths


def test_jsonl_inside_the_window_is_read_in_full() -> None:
    rows: list[dict[str, Any] | str] = [
        {"time": "2026-05-04T09:00:00Z", "description": "kept"},
        {"time": "2026-05-04T10:00:00+02:00", "description": "kept too (08:00 UTC)"},
        # Inside the window by its date, and bad: the full reading reports it.
        {"time": "2026-05-04T09:30:00Z", "description": "x", "kind": "no such kind"},
    ]
    kept, problems = _read("jsonl", _jsonl(rows))
    assert kept == ["kept", "kept too (08:00 UTC)"]
    assert [(p.record, p.message.split(";")[0]) for p in problems] == [("line 3", "unknown kind 'no such kind'")]


def test_jsonl_outside_the_window_is_skipped_unread() -> None:
    rows: list[dict[str, Any] | str] = [
        {"time": "2026-03-01T09:00:00Z"},  # no description
        '{"time": "2026-03-02T09:00:00Z", "description": "cut off',  # not JSON
        {"time": 1767225600, "kind": "no such kind", "description": "x"},  # 2026-01-01 as Unix seconds
        {"time": "2026-05-04T09:00:00Z", "description": "kept"},
    ]
    kept, problems = _read("jsonl", _jsonl(rows))
    assert kept == ["kept"]
    assert problems == []
    # Strict reads every record, and stops on the first bad one wherever it lies.
    with pytest.raises(SourceError) as caught:
        _read("jsonl", _jsonl(rows), strict=True)
    assert caught.value.record == "line 1"
    assert "no description" in str(caught.value)


def test_jsonl_a_time_not_read_at_a_glance_is_read_in_full() -> None:
    rows: list[dict[str, Any] | str] = [
        {"time": "2026-02-30T09:00:00Z", "description": "no such day"},
        {"time": "2026-03-01T09:00:00+25:00", "description": "offset out of range"},
        {"time": "2026-03-01T09:00:00", "description": "no offset, no timezone given"},
        {"time": "yesterday", "description": "words"},
        {"time": "0001-01-01T00:30:00+01:00", "description": "before year 1 in UTC"},
        '{"time": "2026-03-01T09:00:00\\u005a", "description": "an escape: read in full, kept out"}',
        '{"time": "2026-03-01T09:00:00Z", "time": "2026-05-04T10:00:00Z", "description": "twice: the last counts"}',
        '{"note": {"time": "2026-03-01T09:00:00Z"}, "time": "2026-05-04T11:00:00Z", "description": "nested"}',
        '{"time": 01767225600, "description": "a leading zero: not JSON"}',
    ]
    kept, problems = _read("jsonl", _jsonl(rows))
    assert kept == ["twice: the last counts", "nested"]
    assert [p.record for p in problems] == ["line 1", "line 2", "line 3", "line 4", "line 5", "line 9"]
    assert "not a valid time" in problems[0].message
    assert "no timezone" in problems[2].message
    assert "outside the years" in problems[4].message
    assert "not valid JSON" in problems[5].message


def test_jsonl_times_without_an_offset_use_the_timezone() -> None:
    rows: list[dict[str, Any] | str] = [
        {"time": "2026-03-01 09:00:00", "description": "March: skipped"},
        {"time": "2026-05-04 11:00:00", "description": "09:00 UTC: kept"},
        {"time": "2026-05-04 09:30:00", "description": "07:30 UTC: outside, read in full"},
    ]
    kept, problems = _read("jsonl", _jsonl(rows), timezone="Europe/Berlin")
    assert kept == ["09:00 UTC: kept"]
    assert problems == []


def test_jsonl_dotted_column() -> None:
    rows: list[dict[str, Any] | str] = [
        {"fields": {"created": "2026-01-04T09:00:00Z"}},
        {"fields": {"created": "2026-05-04T09:00:00Z"}, "summary": "kept"},
    ]
    kept, problems = _read("jsonl", _jsonl(rows), mapping="time=fields.created,description=summary")
    assert (kept, problems) == (["kept"], [])
    with pytest.raises(SourceError, match="line 1"):
        _read("jsonl", _jsonl(rows), mapping="time=fields.created,description=summary", strict=True)


def test_csv_three_paths() -> None:
    rows = [
        ["2026-05-04T09:00:00Z", "kept", ""],
        ["2026-03-04T09:00:00Z", "", ""],  # outside and no description: skipped unread
        ["2026-03-04T09:00:00Z", "x", "no such kind"],  # outside and a bad kind: so
        ["2026-02-30T09:00:00Z", "x", ""],  # a date that does not exist: reported
        ["1767225600", "x", "no such kind"],  # Unix seconds, outside: skipped unread
    ]
    kept, problems = _read("csv", _csv(rows))
    assert kept == ["kept"]
    assert [p.record for p in problems] == ["line 5"]
    assert "not a valid time" in problems[0].message
    with pytest.raises(SourceError) as caught:
        _read("csv", _csv(rows), strict=True)
    assert caught.value.record == "line 3"


def test_no_window_reads_everything() -> None:
    rows: list[dict[str, Any] | str] = [
        {"time": "2026-03-01T09:00:00Z"},
        {"time": "2026-03-01T09:01:00Z", "description": "Paged the on-call engineer"},
    ]
    problems: list[SourceProblem] = []
    events = list(get_source("jsonl").read(_jsonl(rows), problems=problems))
    assert [event.description for event in events] == ["Paged the on-call engineer"]
    assert [p.record for p in problems] == ["line 1"]


# --------------------------------------------------------------------------- properties

_OFFSETS = st.sampled_from(["Z", "z", "UTC", "+00:00", "+02:00", "-05:00", "+0530", "-09", "+14:00", "-12:00", ""])


@st.composite
def _written_time(draw: st.DrawFn) -> tuple[object, bool]:
    """A time as tools write it, near the window or far from it; the flag says it has no offset."""
    base = draw(st.sampled_from([SINCE, UNTIL, SINCE - timedelta(days=2), UNTIL + timedelta(days=2)]))
    moment = base + timedelta(microseconds=draw(st.integers(-3 * 86_400 * 10**6, 3 * 86_400 * 10**6)))
    if draw(st.booleans()):
        # Exactly on an edge, or a microsecond either side, are the cases that matter.
        moment = base + timedelta(microseconds=draw(st.sampled_from([-1_000_000, -1, 0, 1, 1_000_000])))
    shape = draw(st.sampled_from(["iso", "epoch-number", "epoch-float", "epoch-text"]))
    if shape == "epoch-number":
        return int(moment.timestamp()), False
    if shape == "epoch-float":
        return round(moment.timestamp(), draw(st.integers(0, 6))), False
    if shape == "epoch-text":
        return f"{moment.timestamp():.{draw(st.integers(0, 6))}f}", False
    offset = draw(_OFFSETS)
    hours = {"": 0, "Z": 0, "z": 0, "UTC": 0}.get(offset)
    if hours is None:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours = sign * (int(digits[:2]) + int(digits[2:] or 0) / 60)
    local = moment.astimezone(timezone(timedelta(hours=hours)))
    clock = draw(st.sampled_from(["%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%H:%M:%S,%f"]))
    text = local.strftime(f"%Y-%m-%d{draw(st.sampled_from(['T', ' ']))}{clock}")
    if "%f" in clock:
        text = text[: len(text) - draw(st.integers(0, 5))]
    return f"{text}{draw(st.sampled_from(['', ' ']))}{offset}" if offset else text, offset == ""


def _rows(times: list[tuple[object, bool]]) -> list[dict[str, Any]]:
    return [
        {"time": value, "description": f"event {index}", "id": str(index), "noise": {"time": "1999-01-01T00:00Z"}}
        if index % 5 == 4
        else {"id": str(index), "time": value, "description": f"event {index}"}
        for index, (value, _) in enumerate(times)
    ]


@settings(max_examples=examples(quick=50, full=150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_written_time(), min_size=1, max_size=30), st.booleans())
def test_the_glance_keeps_the_events_of_a_full_reading(times: list[tuple[object, bool]], zoned: bool) -> None:
    options: dict[str, Any] = {"timezone": "America/Sao_Paulo"} if zoned else {}
    if not zoned:
        times = [(value, bare) for value, bare in times if not bare]
    # Every time drawn may be a bare one, left out above: an empty file is an error of its own (tested elsewhere).
    assume(times)
    rows = _rows(times)
    text = "".join(json.dumps(row) + "\n" for row in rows)
    full = list(get_source("jsonl").read(io.StringIO(text), since=SINCE, until=UNTIL, strict=True, **options))
    problems: list[SourceProblem] = []
    glanced = list(get_source("jsonl").read(io.StringIO(text), since=SINCE, until=UNTIL, problems=problems, **options))
    assert glanced == full
    assert problems == []
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["id", "time", "description"])
    writer.writerows([row["id"], str(row["time"]), row["description"]] for row in rows)
    full_csv = list(
        get_source("csv").read(io.StringIO(table.getvalue()), since=SINCE, until=UNTIL, strict=True, **options)
    )
    glanced_csv = list(get_source("csv").read(io.StringIO(table.getvalue()), since=SINCE, until=UNTIL, **options))
    assert glanced_csv == full_csv


_TIME_TEXT = st.one_of(
    _written_time().map(lambda written: str(written[0])),
    st.from_regex(
        r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([.,][0-9]{1,9})?( ?(Z|[+-][0-9]{2}(:?[0-9]{2})?))?\Z"
    ),
    st.from_regex(r"\A\s?[0-9]{8,12}(\.[0-9]{0,8})?\s?\Z"),
    st.text(alphabet="0123456789-:T .,+Zz", max_size=30),
)


@settings(max_examples=examples(quick=170, full=500), deadline=None)
@given(_TIME_TEXT, st.sampled_from([None, timezone(timedelta(hours=-3)), UTC]))
def test_the_glance_is_never_wrong(text: str, zone: timezone | None) -> None:
    """What the glance calls outside, the full reading parses, and finds outside."""
    glance = _Glance("time", zone, ReadContext(file="f", label="l", since=SINCE, until=UNTIL))
    if glance.text_outside(text):
        moment = parse_time(text, default_timezone=zone)
        assert moment < SINCE or moment > UNTIL
    line = json.dumps({"time": text, "description": "d"})
    if glance.line_outside(line):
        moment = parse_time(json.loads(line)["time"], default_timezone=zone)
        assert moment < SINCE or moment > UNTIL


@settings(max_examples=examples(quick=100, full=300), deadline=None)
@given(st.one_of(st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False)))
def test_the_glance_is_never_wrong_for_numbers(seconds: float) -> None:
    glance = _Glance("time", None, ReadContext(file="f", label="l", since=SINCE, until=UNTIL))
    line = json.dumps({"description": "d", "time": seconds})
    if glance.line_outside(line):
        moment = parse_time(json.loads(line)["time"])
        assert moment < SINCE or moment > UNTIL
