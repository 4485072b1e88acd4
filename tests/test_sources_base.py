"""What all sources share: times, streaming JSON, options, and discovery through entry points."""

from __future__ import annotations

import io
import json
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.errors import PostmortemError
from postmortem.model import TimelineEvent
from postmortem.sources import (
    Source,
    SourceError,
    SourceNotFoundError,
    SourceProblem,
    _registry,
    get_source,
    parse_duration,
    parse_time,
    register_source,
    source_names,
)
from postmortem.sources._base import ReadContext
from postmortem.sources._json import JSONStream

UTC = timezone.utc


class TestParseTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-05-04T10:05:12Z", datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)),
            ("2026-05-04T12:05:12+02:00", datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)),
            ("2026-05-04 12:05:12 +0200", datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)),
            ("2026-05-04T10:05:12.481723910Z", datetime(2026, 5, 4, 10, 5, 12, 481723, tzinfo=UTC)),
            ("2026-05-04T06:05:12.4-04:00", datetime(2026, 5, 4, 10, 5, 12, 400000, tzinfo=UTC)),
            ("1777889112", datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)),
            ("1777889112.000200", datetime(2026, 5, 4, 10, 5, 12, 200, tzinfo=UTC)),
            (1777889112, datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)),
        ],
    )
    def test_formats_tools_write(self, text: object, expected: datetime) -> None:
        """RFC 3339 with any precision, offsets without colons, and epoch seconds all become UTC."""
        parsed = parse_time(text)
        assert parsed == expected
        assert parsed.utcoffset() == timedelta(0)

    def test_naive_times_need_a_default_zone(self) -> None:
        """A time without an offset is rejected unless a zone is given."""
        with pytest.raises(ValueError, match=r"has no timezone"):
            parse_time("2026-05-04T10:05:12")
        berlin = timezone(timedelta(hours=2))
        assert parse_time("2026-05-04T12:05:12", default_timezone=berlin) == datetime(2026, 5, 4, 10, 5, 12, tzinfo=UTC)

    @pytest.mark.parametrize("text", ["yesterday", "", "2026-13-40T10:00:00Z", True, None])
    def test_rejects_what_is_not_a_time(self, text: object) -> None:
        """Nonsense is a ValueError that quotes it."""
        with pytest.raises(ValueError, match=r"time"):
            parse_time(text)

    @given(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
        st.integers(min_value=-14 * 60, max_value=14 * 60),
    )
    def test_round_trips_isoformat(self, naive: datetime, offset_minutes: int) -> None:
        """Any aware datetime written with isoformat() reads back as the same instant."""
        value = naive.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
        assert parse_time(value.isoformat()) == value


class TestParseDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("90s", timedelta(seconds=90)),
            ("15m", timedelta(minutes=15)),
            ("2h", timedelta(hours=2)),
            ("1h30m", timedelta(minutes=90)),
            ("1d", timedelta(days=1)),
        ],
    )
    def test_units(self, text: str, expected: timedelta) -> None:
        """Seconds, minutes, hours and days, alone or combined."""
        assert parse_duration(text) == expected

    @pytest.mark.parametrize("text", ["", "2", "2 hours", "h", "1h-30m"])
    def test_rejects_others(self, text: str) -> None:
        """Anything else is a ValueError with an example."""
        with pytest.raises(ValueError, match=r"write it like"):
            parse_duration(text)


def _records(text: str, keys: tuple[str, ...] = (), chunk: int = 1 << 16) -> tuple[list[Any], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    ctx = ReadContext(file="test.json", label="test", problems=problems)
    values = [value for _where, value in JSONStream(io.StringIO(text), ctx, chunk_size=chunk).records(keys)]
    return values, problems


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=10,
)


class TestJSONStream:
    @given(st.lists(json_values, max_size=8), st.integers(min_value=1, max_value=64))
    def test_array_items_whatever_the_chunk_size(self, items: list[Any], chunk: int) -> None:
        """Items of an array are decoded the same however the input is cut into chunks."""
        values, problems = _records(
            json.dumps({"meta": {"x": [1, 2]}, "log_entries": items, "more": False}), ("log_entries",), chunk
        )
        assert values == items
        assert problems == []

    @pytest.mark.slow
    @given(
        st.lists(st.dictionaries(st.text(max_size=5), json_values, max_size=3), max_size=6),
        st.integers(min_value=1, max_value=32),
    )
    def test_json_lines_whatever_the_chunk_size(self, documents: list[dict[str, Any]], chunk: int) -> None:
        """Concatenated documents (JSON Lines) come out one each."""
        text = "".join(json.dumps(document) + "\n" for document in documents)
        assert _records(text, chunk=chunk)[0] == documents

    def test_numbers_cut_by_a_chunk_boundary(self) -> None:
        """A number split across chunks is read whole."""
        assert _records("[12345, 678]", chunk=3)[0] == [12345, 678]
        assert _records("123456", chunk=2)[0] == [123456]

    def test_object_without_the_key_is_one_record(self) -> None:
        """An object lacking the streamed key is yielded as a whole."""
        assert _records('{"a": 1}', ("log_entries",))[0] == [{"a": 1}]

    def test_truncated_array_keeps_earlier_items(self) -> None:
        """Items before the cut survive; the problem names the line."""
        values, problems = _records('{"log_entries": [\n{"id": 1},\n{"id": 2},\n{"id": 3', ("log_entries",))
        assert values == [{"id": 1}, {"id": 2}]
        assert len(problems) == 1
        assert problems[0].record == "line 4"
        assert "truncated" in problems[0].message

    def test_empty_input(self) -> None:
        """An empty file has no records and no problems."""
        assert _records("  \n") == ([], [])

    def test_not_utf8(self) -> None:
        """Bytes that are not UTF-8 are an error naming the file."""
        ctx = ReadContext(file="bad.json", label="test")
        stream = io.TextIOWrapper(io.BytesIO(b'[{"a": "\xff"}]'), encoding="utf-8")
        with pytest.raises(SourceError, match=r"bad.json: not UTF-8"):
            list(JSONStream(stream, ctx).records())


class TestOptions:
    def test_since_must_be_aware(self) -> None:
        """A naive since is refused rather than compared wrongly."""
        with pytest.raises(TypeError, match=r"since must be a timezone-aware datetime"):
            ReadContext.from_options("f", "x", {"since": datetime(2026, 5, 4)})

    def test_problem_message_names_file_and_record(self) -> None:
        """A problem reads file: record: message."""
        assert (
            str(SourceProblem("log.json", "record 3 (line 40)", "bad time")) == "log.json: record 3 (line 40): bad time"
        )

    def test_source_error_is_a_postmortem_error(self) -> None:
        """Callers can catch every library error with PostmortemError."""
        error = SourceError(SourceProblem("a.json", "line 2", "bad"))
        assert isinstance(error, PostmortemError)
        assert (error.file, error.record) == ("a.json", "line 2")


class _Echo:
    """A third-party style source that yields one event per line of text."""

    name = "echo"
    description = "one event per line"

    def read(self, input: Any, /, **options: Any) -> Iterator[TimelineEvent]:
        for line in Path(input).read_text().splitlines():
            yield TimelineEvent(datetime(2026, 5, 4, tzinfo=UTC), line, source="echo")


class TestDiscovery:
    @pytest.fixture(autouse=True)
    def _fresh(self) -> Iterator[None]:
        _registry._reset_cache()
        saved = dict(_registry._registered)
        yield
        _registry._registered.clear()
        _registry._registered.update(saved)
        _registry._reset_cache()

    def test_built_ins_register_as_entry_points(self) -> None:
        """Our sources are found through the postmortem.sources entry-point group."""
        assert {"alertmanager", "csv", "git", "jsonl", "pagerduty", "slack", "statuspage"} <= set(source_names())
        slack = get_source("slack")
        assert isinstance(slack, Source)
        assert slack.name == "slack"
        assert get_source("slack") is slack

    def test_unknown_name_lists_the_installed_ones(self) -> None:
        """An unknown name says which sources exist."""
        with pytest.raises(SourceNotFoundError, match=r"no timeline source named 'jira'.*pagerduty"):
            get_source("jira")

    def test_third_party_distribution(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A distribution installed on the path is discovered by its entry point and loaded on use."""
        (tmp_path / "pm_echo_source.py").write_text(
            textwrap.dedent(
                """
                from datetime import datetime, timezone
                from pathlib import Path
                from postmortem.model import TimelineEvent

                class EchoSource:
                    name = "echo"
                    description = "one event per line"

                    def read(self, input, /, **options):
                        for line in Path(input).read_text().splitlines():
                            yield TimelineEvent(datetime(2026, 5, 4, tzinfo=timezone.utc), line, source="echo")
                """
            )
        )
        info = tmp_path / "pm_echo_source-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pm-echo-source\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text("[postmortem.sources]\necho = pm_echo_source:EchoSource\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        _registry._reset_cache()
        assert "echo" in source_names()
        assert "pm_echo_source" not in sys.modules
        data = tmp_path / "lines.txt"
        data.write_text("first\nsecond\n")
        assert [e.description for e in get_source("echo").read(data)] == ["first", "second"]
        monkeypatch.delitem(sys.modules, "pm_echo_source")

    def test_register_source_and_duplicates(self) -> None:
        """register_source adds a source; a taken name needs override=True."""
        register_source(_Echo())
        assert "echo" in source_names()
        with pytest.raises(ValueError, match=r"already exists"):
            register_source(_Echo())
        with pytest.raises(ValueError, match=r"already exists"):
            register_source(_Echo(), name="slack")
        replacement = _Echo()
        register_source(replacement, override=True)
        assert get_source("echo") is replacement

    def test_register_rejects_what_is_not_a_source(self) -> None:
        """An object without name and read() is refused."""
        with pytest.raises(TypeError, match=r"does not provide name and read"):
            register_source(object())  # type: ignore[arg-type]
