"""Alertmanager, PagerDuty and Statuspage look at a JSON Lines line's times before decoding it.

A line is passed over undecoded only when every record in it has its time and all are
certainly outside the window. The tests read generated exports twice: as written, and
with a backslash escape added to every line (which sends each line to the full reading
and changes nothing else), and compare the events and the problems, with their places.
"""

from __future__ import annotations

import io
import json
import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from postmortem.sources import SourceProblem, get_source
from postmortem.sources._base import ReadContext
from postmortem.sources._line_glance import LineGlance

UTC = timezone.utc
SINCE = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
UNTIL = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)), timezone(timedelta(hours=14))]


def _time(rng: random.Random) -> object:
    """A time near the window, or far from it, written one of the ways exports write times; sometimes bad."""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(
            ["yesterday", "2026-02-30T10:00:00Z", "2026-05-04T25:00:00Z", "", None, 17, "2026-05-04 09:00"]
        )
    if roll < 0.25:
        at = rng.choice([SINCE, UNTIL]) + timedelta(seconds=rng.choice([-1, 0, 1]), microseconds=rng.choice([0, 1]))
    elif roll < 0.5:
        at = SINCE + timedelta(seconds=rng.randrange(6 * 3600))
    else:
        at = SINCE + timedelta(days=rng.choice([-40, -3, -2, -1, 1, 2, 5]), seconds=rng.randrange(86_400))
    written = at.astimezone(rng.choice(ZONES)).isoformat()
    return written.replace("+00:00", "Z") if rng.random() < 0.5 else written


def _alert_payload(rng: random.Random, number: int) -> dict[str, Any]:
    alerts = []
    for index in range(rng.choice([1, 1, 2, 3])):
        status = rng.choice(["firing", "resolved"])
        alert: dict[str, Any] = {
            "status": status,
            "labels": {"alertname": f"Rule{index}", "service": f"svc-{number % 4}"},
            "annotations": {"summary": f"rule {index} breached [{number}]"},
            "startsAt": _time(rng),
            "endsAt": _time(rng) if status == "resolved" else "0001-01-01T00:00:00Z",
            "fingerprint": f"{number:08x}{index}",
        }
        if rng.random() < 0.05:
            del alert["startsAt"]
        if rng.random() < 0.05:
            del alert["labels"]
        if rng.random() < 0.03:
            alert["endsAt"] = "0001-01-01T00:00:00Z"  # resolved, with a firing alert's end: reported
        alerts.append(alert)
    payload: dict[str, Any] = {"version": "4", "status": "firing", "receiver": "pager", "alerts": alerts}
    payload["commonLabels"] = {"alertname": "Common"} if rng.random() < 0.3 else {}
    if rng.random() < 0.05:
        payload["truncatedAlerts"] = rng.choice([0, 3])
    return payload


def _log_entry(rng: random.Random, number: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"R{number:06d}",
        "type": rng.choice(["trigger_log_entry", "acknowledge_log_entry", "annotate_log_entry", "resolve_log_entry"]),
        "created_at": _time(rng),
        "agent": {"type": "user_reference", "summary": f"Person {number % 5}"},
        "channel": {"type": "note", "summary": f"looked at [{number}]"},
        "incident": {"id": "PT4KHLK", "summary": "Checkout errors", "type": "incident_reference"},
    }
    if rng.random() < 0.05:
        del entry["created_at"]
    if rng.random() < 0.03:
        del entry["type"]
    return entry


def _pagerduty_line(rng: random.Random, number: int) -> object:
    roll = rng.random()
    if roll < 0.5:
        return _log_entry(rng, number)
    entries = [_log_entry(rng, number * 10 + index) for index in range(rng.randrange(1, 4))]
    if roll < 0.8:
        return {"log_entries": entries, "limit": 100, "offset": 0, "more": False}
    return entries


def _statuspage_line(rng: random.Random, number: int) -> object:
    updates = []
    for index in range(rng.randrange(1, 4)):
        update: dict[str, Any] = {
            "id": f"u{number}-{index}",
            "status": rng.choice(["investigating", "identified", "resolved"]),
            "body": f"update {index} of {number}",
            "display_at": _time(rng),
            "created_at": _time(rng),
        }
        if rng.random() < 0.1:
            update["display_at"] = None
        if rng.random() < 0.05:
            del update["display_at"], update["created_at"]
        updates.append(update)
    incident = {"id": f"i{number}", "name": "Checkout errors", "created_at": _time(rng), "incident_updates": updates}
    roll = rng.random()
    if roll < 0.6:
        return incident
    if roll < 0.8:
        return {"incident": incident}
    return {"page": {"id": "p"}, "incidents": [incident]}


MAKERS = {"alertmanager": _alert_payload, "pagerduty": _pagerduty_line, "statuspage": _statuspage_line}


def _escaped(document: object) -> str:
    """The document's JSON with its first key's first letter written as a ``\\u`` escape: the same document."""
    text = json.dumps(document)
    at = text.index('"') + 1
    return f"{text[:at]}\\u{ord(text[at]):04x}{text[at + 1 :]}"


_TIME_WORDS = ("startsAt", "endsAt", "created_at", "display_at")


def _read(name: str, text: str) -> tuple[list[Any], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    events = list(get_source(name).read(io.StringIO(text), since=SINCE, until=UNTIL, problems=problems))
    return events, problems


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("seed", range(6))
def test_the_look_gives_what_the_full_reading_gives(name: str, seed: int) -> None:
    """Events and problems (with their lines) are the same with the look and without it."""
    rng = random.Random(seed)
    documents = [MAKERS[name](rng, number) for number in range(150)]
    plain = "".join(json.dumps(document) + "\n" for document in documents)
    escaped = "".join(_escaped(document) + "\n" for document in documents)
    glanced, glanced_problems = _read(name, plain)
    full, full_problems = _read(name, escaped)
    assert glanced == full
    assert full, "the generated export keeps some events"
    # A bad or missing time is reported where it is, as the full reading reports it.
    about_times = [str(problem) for problem in full_problems if any(word in str(problem) for word in _TIME_WORDS)]
    assert about_times, "the generated export has bad times to report"
    assert [str(problem) for problem in glanced_problems if any(w in str(problem) for w in _TIME_WORDS)] == about_times
    # Anything else is reported as the full reading reports it, unless the record's time is
    # certainly outside the window (then nothing else in it is looked at).
    full_texts = [str(problem) for problem in full_problems]
    assert [str(problem) for problem in glanced_problems] == [p for p in full_texts if p in map(str, glanced_problems)]


def _glance(name: str, **options: Any) -> LineGlance:
    ctx = ReadContext(file="f", label="l", since=SINCE, until=UNTIL, **options)
    if name == "alertmanager":
        return LineGlance(ctx, ("startsAt",), "alerts", other_times=("endsAt",))
    if name == "statuspage":
        return LineGlance(ctx, ("display_at", "created_at"), "incident_updates")
    return LineGlance(ctx, ("created_at",), "log_entries", line_is_record=True, top_array_holds_records=True)


OUT = "2026-05-01T10:00:00Z"
IN = "2026-05-04T10:00:00Z"


class TestTheLook:
    """What the look passes over, and what it leaves to the full reading."""

    @pytest.mark.parametrize(
        ("name", "line", "skipped"),
        [
            ("pagerduty", {"type": "trigger_log_entry", "created_at": OUT}, True),
            ("pagerduty", {"type": "trigger_log_entry", "created_at": IN}, False),
            ("pagerduty", [{"created_at": OUT}, {"created_at": OUT}], True),
            ("pagerduty", [{"created_at": OUT}, {"type": "x_log_entry"}], False),  # one entry has no time
            ("pagerduty", {"log_entries": [{"created_at": OUT}, {"id": "R2"}], "more": False}, False),
            ("pagerduty", {"log_entries": [{"created_at": OUT}], "more": False}, True),
            # The time of a nested object is not the entry's.
            ("pagerduty", {"type": "x_log_entry", "incident": {"created_at": OUT}}, False),
            ("pagerduty", {"type": "x_log_entry", "created_at": None}, False),
            ("pagerduty", {"type": "x_log_entry", "created_at": 1777888000}, False),  # a number: read in full
            ("alertmanager", {"alerts": [{"startsAt": OUT, "endsAt": OUT}, {"startsAt": OUT}]}, True),
            ("alertmanager", {"alerts": [{"startsAt": OUT}, {"labels": {"alertname": "A"}}]}, False),
            ("alertmanager", {"alerts": [{"startsAt": OUT, "endsAt": IN}]}, False),
            ("alertmanager", [{"alerts": [{"startsAt": OUT}]}, {"alerts": [{"startsAt": OUT}]}], True),
            ("alertmanager", {"alerts": [{"startsAt": "2026-05-01T10:00:00+00:00", "x": {"y": [[{}]]}}]}, True),
            ("alertmanager", {"alerts": [{"startsAt": OUT, "x": {"y": [[{"z": {}}]]}}]}, False),  # too deep to look at
            ("statuspage", {"created_at": OUT, "incident_updates": [{"display_at": OUT}, {"created_at": OUT}]}, True),
            ("statuspage", {"created_at": IN, "incident_updates": [{"display_at": OUT}]}, False),
            ("statuspage", {"incident_updates": [{"display_at": OUT}, {"status": "resolved"}]}, False),
            ("statuspage", {"incident": {"incident_updates": [{"display_at": OUT}]}}, True),
        ],
    )
    def test_lines(self, name: str, line: object, skipped: bool) -> None:
        assert _glance(name).outside(json.dumps(line)) is skipped

    def test_not_one_whole_document(self) -> None:
        """A line with more than one document, something after it, or a document cut off is read in full."""
        glance = _glance("pagerduty")
        one = json.dumps({"created_at": OUT})
        assert glance.outside(one)
        assert not glance.outside(one + " " + one)
        assert not glance.outside(one + " x")
        assert not glance.outside(one[:-1])
        assert not glance.outside(one.replace("Z", 'Z\\"'))

    def test_off_when_strict_or_without_a_window(self) -> None:
        assert not _glance("pagerduty", strict=True).on
        assert not LineGlance(ReadContext(file="f", label="l"), ("created_at",), "log_entries").on

    def test_alertmanager_reports_what_it_must_whatever_the_times(self) -> None:
        """A payload saying alerts were left out, or an end before its start, is read and reported."""
        source = get_source("alertmanager")
        alert = {"status": "resolved", "labels": {"alertname": "A"}, "startsAt": OUT, "endsAt": OUT}
        lines = [
            {"status": "resolved", "alerts": [alert], "truncatedAlerts": 2},
            {"status": "resolved", "alerts": [{**alert, "endsAt": "2026-04-30T10:00:00Z"}]},
            {"status": "resolved", "alerts": [alert]},
            {"alerts": [{**alert, "status": " resolved ", "endsAt": "0001-01-01T00:00:00Z"}]},
            {"alerts": [{**alert, "status": "firing", "endsAt": "0001-01-01T00:00:00Z"}]},
        ]
        text = "".join(json.dumps(line) + "\n" for line in lines)
        problems: list[SourceProblem] = []
        assert list(source.read(io.StringIO(text), since=SINCE, until=UNTIL, problems=problems)) == []
        assert [problem.record for problem in problems] == ["line 1", "line 2 alert 0", "line 4 alert 0"]

    @pytest.mark.parametrize(
        ("starts", "ends", "skipped"),
        [
            ("2026-05-01T10:05:12.481723910Z", "2026-05-01T10:12:00.5Z", True),  # Go trims zeros: parsed
            ("2026-05-01T10:05:12.481723910Z", "2026-05-01T10:05:12.4Z", False),  # an end before its start
            ("2026-05-01T10:05:12Z", "2026-05-01T12:05:12+02:00", True),  # the same moment
            ("2026-05-01T10:05:12Z", "2026-05-01T11:05:11+01:00", False),
        ],
    )
    def test_alertmanager_ends_before_starts(self, starts: str, ends: str, skipped: bool) -> None:
        """A resolved alert's end is compared with its start as times, however each is written."""
        line = {"status": "resolved", "alerts": [{"startsAt": starts, "endsAt": ends}]}
        glance = LineGlance(
            ReadContext(file="f", label="l", since=SINCE, until=UNTIL),
            ("startsAt",),
            "alerts",
            other_times=("endsAt",),
            unless="resolved",
            ordered=("startsAt", "endsAt"),
        )
        assert glance.outside(json.dumps(line)) is skipped
