"""A file that is not the format a source reads is an error, not an export with every record skipped.

``postmortem timeline --pagerduty notes.txt`` used to say "Read 0 from pagerduty, skipped 1
unreadable record" and exit 0. Now a source raises :class:`SourceError` (exit 2 in the
command) for an input that is empty, holds a NUL byte (binary data, UTF-16, ``/dev/zero``),
or of which not one record is the source's own; an export with some bad records among good
ones is still read, the bad ones skipped and listed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from postmortem.sources import SourceError, SourceProblem, get_source
from postmortem.sources._base import GIVE_UP

from .hostile._limited import postmortem

ROOT = Path(__file__).resolve().parents[1]
INCIDENT = ROOT / "examples" / "api-outage-feature-flag.yaml"

# One good record of each line-or-document source, inside the example incident's window.
GOOD = {
    "pagerduty": (
        '{"type": "acknowledge_log_entry", "created_at": "2026-10-13T12:10:00Z", '
        '"agent": {"type": "user_reference", "summary": "Ada"}}'
    ),
    "alertmanager": (
        '{"status": "firing", "alerts": [{"status": "firing", "labels": {"alertname": "HighErrorRate"}, '
        '"startsAt": "2026-10-13T12:09:00Z"}]}'
    ),
    "statuspage": (
        '{"id": "s1", "name": "Checkout errors", "incident_updates": [{"status": "investigating", '
        '"body": "We are looking into errors at checkout.", "display_at": "2026-10-13T12:20:00Z"}]}'
    ),
    "jsonl": '{"time": "2026-10-13T12:30:00Z", "description": "Rolled back the flag"}',
}
CSV_GOOD = "time,description\n2026-10-13T12:30:00Z,Rolled back the flag\n"
SOURCES = sorted([*GOOD, "csv"])


def _good(name: str) -> str:
    return CSV_GOOD if name == "csv" else GOOD[name] + "\n"


def _read(name: str, text: str, **options: object) -> tuple[list[object], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    events = list(get_source(name).read(io.StringIO(text), problems=problems, **options))
    return events, problems


@pytest.mark.parametrize("name", SOURCES)
def test_a_good_record_reads(name: str) -> None:
    events, problems = _read(name, _good(name))
    assert len(events) == 1
    assert problems == []


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("text", ["", "  \n\n"], ids=["empty", "blank"])
def test_an_empty_file_is_an_error(name: str, text: str) -> None:
    with pytest.raises(SourceError, match="the file is empty; expected"):
        _read(name, text)


@pytest.mark.parametrize("name", SOURCES)
def test_text_that_is_not_the_format_is_an_error_at_its_first_record(name: str) -> None:
    """Notes where an export was meant: the error names the file, the first record and why."""
    text = "Incident notes\nwe rolled back at noon\n"
    with pytest.raises(SourceError) as caught:
        _read(name, text)
    assert caught.value.file == "<stream>"
    assert caught.value.record == "line 1"
    message = str(caught.value)
    assert "no record in it could be read as" in message or "no column 'time'" in message


@pytest.mark.parametrize("name", [n for n in SOURCES if n != "csv"])
def test_json_of_another_shape_is_an_error(name: str) -> None:
    """Another tool's JSON (a list of channels) is not this source's format."""
    with pytest.raises(SourceError, match="no record in it could be read as"):
        _read(name, '[{"id": "C01", "name": "incident-42"}]\n' if name != "jsonl" else '[{"id": "C01"}]\n')


@pytest.mark.parametrize("name", SOURCES)
def test_a_nul_byte_is_binary_data(name: str) -> None:
    text = _good(name) + "\x00\x00\x00"
    with pytest.raises(SourceError, match="a NUL byte"):
        _read(name, text)


@pytest.mark.parametrize("name", SOURCES)
def test_bad_records_among_good_ones_are_skipped_and_listed(name: str) -> None:
    """The export is the format: its unreadable record is listed, the good one read, no error."""
    bad = "not a record at all\n" if name != "csv" else "2026-13-45 nonsense,\n"
    text = _good(name) + bad if name == "csv" else bad + _good(name)
    events, problems = _read(name, text)
    assert len(events) == 1
    assert len(problems) == 1


def test_an_empty_export_of_the_format_reads_as_no_events() -> None:
    """``[]`` and a page with no log entries are PagerDuty's own answer for a quiet incident."""
    assert _read("pagerduty", "[]") == ([], [])
    assert _read("pagerduty", '{"log_entries": [], "more": false}') == ([], [])
    assert _read("csv", "time,description\n") == ([], [])


def test_endless_garbage_gives_up_after_a_bound() -> None:
    """A stream of text lines that never holds a record stops at GIVE_UP, not at its end."""
    lines = "no json here\n" * (GIVE_UP * 3)
    problems: list[SourceProblem] = []
    with pytest.raises(SourceError, match=f"\\({GIVE_UP} unreadable\\)"):
        list(get_source("jsonl").read(io.StringIO(lines), problems=problems))
    assert len(problems) == GIVE_UP - 1


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("name", [*SOURCES, "slack"])
def test_dev_zero_is_refused_at_once(name: str) -> None:
    with pytest.raises(SourceError) as caught:
        list(get_source(name).read("/dev/zero"))
    assert "NUL byte" in str(caught.value) or "a pipe or device" in str(caught.value)


def test_an_empty_folder_is_no_slack_export(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a Slack export: no channel folders"):
        list(get_source("slack").read(tmp_path))


@pytest.mark.parametrize("name", ["pagerduty", "alertmanager", "statuspage", "jsonl", "csv"])
def test_timeline_exits_2_on_a_file_of_another_format(tmp_path: Path, name: str) -> None:
    """The command: exit 2, the file and its first record named, nothing merged, no traceback."""
    notes = tmp_path / "notes.txt"
    notes.write_text("Incident notes\nwe rolled back at noon\n", encoding="utf-8")
    run = postmortem("timeline", INCIDENT, f"--{name}", notes, cwd=tmp_path)
    assert run.code == 2, run.output
    assert f"{notes}: line 1: " in run.stderr
    assert "Traceback" not in run.output
    assert "Read " not in run.stdout
