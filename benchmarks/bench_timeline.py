"""Benchmark: merge a large Slack export and many Alertmanager alerts into an incident's timeline.

Generates, in a temporary folder, a Slack workspace export (4 channels, a day file per
channel per day, users.json; each channel's messages at its own random times of the day, so
the channels interleave and no two messages share a ts) and an Alertmanager JSON Lines file, then runs the same code
path as ``postmortem timeline``: read every export, keep the events inside the incident's
window, fold, sort and suggest milestones.

Two sizes with the same message density are run: the larger export covers twice as many
days, so the events inside the incident window (the kept events) stay the same. Reading
must take time in proportion to the export, while peak memory should stay flat: sources
stream, and only kept events are held.

Figures: seconds (without tracing, pinned to one core when the platform allows) and the
peak of Python allocations measured by tracemalloc in a second run.

Then, side by side (alternating rounds, CPU time, see _measure.py), the Slack part alone at
a fixed density of 5,000 messages a day: reading the export into the incident's timeline
(``SlackSource.read`` with the window, then ``merge_timeline``) against two floors written
with nothing but ``json.loads``, a float per ``ts`` and a sort: one that reads every day
file, and one that reads only the day files the window touches (by their names). The
issue's size is ``--floor-messages 500000`` (100 days); the aim is at most 2x the second floor.
A third floor parses the days next to the window too (a day file holds a day of the export's
timezone, which the reader does not know), for what the merge's own work costs beyond reading.

Then a JSON Lines file of ``--jsonl-records`` tickets over 100 days read into a 10-hour
window as ``postmortem timeline`` does (each line's time looked at before the line is
decoded) against reading every line in full (``strict=True``, which turns the look off);
last, the same for ``--json-records`` Alertmanager payloads, PagerDuty log entries and
Statuspage incidents, one a line (``--only slack`` or ``--only json`` runs one part).

    python benchmarks/bench_timeline.py [--messages 50000 --alerts 5000] [--floor-messages 100000]
        [--jsonl-records 200000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import compare

from postmortem import Incident, Milestones
from postmortem.model import DEFAULT_SEVERITY_SCALE
from postmortem.sources import get_source
from postmortem.timeline import incident_window, merge_timeline

START = datetime(2026, 5, 1, tzinfo=timezone.utc)
CHANNELS = ("inc-checkout", "ops", "payments", "general")
WORDS = [
    "checkout",
    "payments",
    "pricing",
    "error",
    "rate",
    "rollback",
    "deploy",
    "flag",
    "latency",
    "database",
    "pod",
    "restart",
    "looks",
    "fine",
]


def _write_slack(folder: Path, messages: int, days: int, rng: random.Random) -> None:
    users = [
        {"id": f"U{i:08d}", "name": f"user{i}", "real_name": f"User {i}", "profile": {"display_name": f"user{i}"}}
        for i in range(50)
    ]
    (folder / "users.json").write_text(json.dumps(users))
    (folder / "channels.json").write_text(
        json.dumps([{"id": f"C{i:08d}", "name": name} for i, name in enumerate(CHANNELS)])
    )
    per_file = messages // (days * len(CHANNELS))
    for channel in CHANNELS:
        (folder / channel).mkdir()
    for day in range(days):
        base = int((START + timedelta(days=day)).timestamp())
        # Each channel's own times, as in a real workspace: a day's messages at random
        # microseconds of the day, in time order within a channel, and no two messages of
        # the day share a ts (the channels interleave in the merge).
        drawn = rng.sample(range(86_400_000_000), per_file * len(CHANNELS))
        for index, channel in enumerate(CHANNELS):
            micros = sorted(drawn[index * per_file : (index + 1) * per_file])
            batch = []
            for n, micro in enumerate(micros):
                ts = f"{base + micro // 1_000_000}.{micro % 1_000_000:06d}"
                message = {
                    "type": "message",
                    "user": f"U{rng.randrange(50):08d}",
                    "text": " ".join(rng.choices(WORDS, k=12)),
                    "ts": ts,
                }
                if n % 7 == 0:
                    message["reactions"] = [{"name": "white_check_mark", "users": ["U00000001"], "count": 1}]
                if n % 11 == 0:
                    message.update(thread_ts=ts, reply_count=1)
                batch.append(message)
            day_name = (START + timedelta(days=day)).date().isoformat()
            (folder / channel / f"{day_name}.json").write_text(json.dumps(batch, indent=1))


def _write_alerts(path: Path, alerts: int, days: int) -> None:
    step = days * 86400 / alerts
    with path.open("w") as handle:
        for n in range(alerts):
            starts = START + timedelta(seconds=n * step)
            ends = starts + timedelta(minutes=7)
            alert = {
                "status": "resolved",
                "labels": {"alertname": f"Rule{n % 40}", "service": f"svc-{n % 9}", "severity": "page"},
                "annotations": {"summary": f"rule {n % 40} breached on svc-{n % 9}"},
                "startsAt": starts.isoformat(),
                "endsAt": ends.isoformat(),
                "generatorURL": f"https://prometheus.example.com/graph?g0.expr=rule{n % 40}",
                "fingerprint": f"{n:016x}",
            }
            payload = {"version": "4", "status": "resolved", "receiver": "pager", "alerts": [alert]}
            handle.write(json.dumps(payload) + "\n")


def _incident(days: int) -> Incident:
    middle = START + timedelta(days=days // 2, hours=9)
    return Incident(
        id="INC-BENCH",
        title="Benchmark incident",
        severity=DEFAULT_SEVERITY_SCALE.get("SEV2"),
        milestones=Milestones(started=middle, resolved=middle + timedelta(hours=6)),
    )


def _merge(folder: Path, incident: Incident) -> int:
    since, until = incident_window(incident)
    merge = merge_timeline(
        incident,
        [
            get_source("slack").read(folder / "slack", since=since, until=until),
            get_source("alertmanager").read(folder / "alerts.jsonl", since=since, until=until),
        ],
    )
    return len(merge.incident.timeline)


def _run(messages: int, alerts: int, days: int) -> None:
    rng = random.Random(42)
    with tempfile.TemporaryDirectory(prefix="pm-bench-timeline-") as tmp:
        folder = Path(tmp)
        (folder / "slack").mkdir()
        _write_slack(folder / "slack", messages, days, rng)
        _write_alerts(folder / "alerts.jsonl", alerts, days)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        incident = _incident(days)
        started = time.perf_counter()
        kept = _merge(folder, incident)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        _merge(folder, incident)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"{messages:>7} messages + {alerts:>6} alerts over {days:>2} days ({size / 1e6:6.1f} MB): "
        f"{seconds:5.2f} s, peak {peak / 1e6:6.1f} MB traced, {kept} events kept"
    )


def _floor(folder: Path, since: datetime, until: datetime | None, *, window_days_only: bool, near_days: int = 0) -> int:
    """The least work that gives the window's messages in time order: parse, keep, sort.

    ``near_days`` widens the days read by that many on each side: a day file holds a day of
    the export's timezone, so a reader that does not know it must look at the day before
    and the day after the window's UTC dates too.
    """
    low, high = since.timestamp(), (until.timestamp() if until is not None else float("inf"))
    widen = timedelta(days=near_days)
    first, last = (since.date() - widen).isoformat(), ((until or since).date() + widen).isoformat()
    kept: list[tuple[float, str]] = []
    for channel in sorted(path for path in folder.iterdir() if path.is_dir()):
        for day in sorted(channel.iterdir()):
            if window_days_only and not first <= day.stem <= last:
                continue
            for message in json.loads(day.read_bytes()):
                stamp = float(message["ts"])
                if low <= stamp <= high:
                    kept.append((stamp, message["text"]))
    kept.sort()
    return len(kept)


def _slack_merge(folder: Path, incident: Incident) -> int:
    since, until = incident_window(incident)
    merge = merge_timeline(incident, [get_source("slack").read(folder, since=since, until=until)])
    return len(merge.incident.timeline)


def _compare_floor(messages: int, rounds: int) -> None:
    days = max(1, messages // 5_000)
    with tempfile.TemporaryDirectory(prefix="pm-bench-floor-") as tmp:
        folder = Path(tmp)
        _write_slack(folder, messages, days, random.Random(7))
        incident = _incident(days)
        since, until = incident_window(incident)
        kept = _slack_merge(folder, incident)
        floor_kept = _floor(folder, since, until, window_days_only=True)
        print(
            f"Slack export of {messages:,} messages over {days} days; "
            f"{kept:,} events kept ({floor_kept:,} by the floor)"
        )

        def against_floor(label: str, peer_name: str, *, window_days_only: bool, near_days: int = 0) -> float:
            return compare(
                label,
                lambda: _slack_merge(folder, incident),
                lambda: _floor(folder, since, until, window_days_only=window_days_only, near_days=near_days),
                rounds=rounds,
                peer_name=peer_name,
                use="cpu",
            )

        against_floor("  merge vs the floor that reads every day", "floor (all days)", window_days_only=False)
        ratio = against_floor(
            "  merge vs the floor that reads only the window's days", "floor (window's days)", window_days_only=True
        )
        print(f"  aim <= 2x the window's-days floor: {'met' if ratio <= 2 else 'NOT met'}", flush=True)
        against_floor(
            "  merge vs the floor that also parses the days next to the window (which the merge only scans)",
            "floor (window's days and next to them)",
            window_days_only=True,
            near_days=1,
        )


def _write_tickets(path: Path, records: int) -> None:
    step = 100 * 86400 / records
    with path.open("w") as handle:
        for n in range(records):
            created = (START + timedelta(seconds=n * step)).isoformat().replace("+00:00", "Z")
            ticket = {
                "id": n,
                "created_at": created,
                "subject": f"checkout fails with error {n % 97} for customer {n % 1009}",
                "requester": {"name": f"customer {n % 1009}", "plan": "business"},
                "status": "open",
            }
            handle.write(json.dumps(ticket) + "\n")


def _compare_jsonl(records: int, rounds: int) -> None:
    since = START + timedelta(days=50, hours=7)
    until = since + timedelta(hours=10)
    options = {"since": since, "until": until, "mapping": "time=created_at,description=subject"}
    source = get_source("jsonl")
    with tempfile.TemporaryDirectory(prefix="pm-bench-jsonl-") as tmp:
        path = Path(tmp) / "tickets.jsonl"
        _write_tickets(path, records)
        kept = len(list(source.read(path, **options)))
        full = len(list(source.read(path, strict=True, **options)))
        print(f"JSON Lines of {records:,} tickets over 100 days; {kept:,} in the window ({full:,} read in full)")
        compare(
            "  a look at each line's time first vs every line read in full (strict)",
            lambda: list(source.read(path, **options)),
            lambda: list(source.read(path, strict=True, **options)),
            rounds=rounds,
            peer_name="full reading",
            use="cpu",
        )


def _write_json_sources(folder: Path, records: int) -> dict[str, Path]:
    """JSON Lines of Alertmanager payloads, PagerDuty log entries and Statuspage incidents over 100 days."""
    step = 100 * 86400 / records
    paths = {name: folder / f"{name}.jsonl" for name in ("alertmanager", "pagerduty", "statuspage")}
    with (
        paths["alertmanager"].open("w") as alerts,
        paths["pagerduty"].open("w") as entries,
        paths["statuspage"].open("w") as incidents,
    ):
        for n in range(records):
            at = START + timedelta(seconds=n * step)
            stamp = at.isoformat().replace("+00:00", "Z")
            later = (at + timedelta(minutes=7)).isoformat().replace("+00:00", "Z")
            alert = {
                "status": "resolved",
                "labels": {"alertname": f"Rule{n % 40}", "service": f"svc-{n % 9}"},
                "annotations": {"summary": f"rule {n % 40} breached on svc-{n % 9}"},
                "startsAt": stamp,
                "endsAt": later,
                "fingerprint": f"{n:016x}",
            }
            alerts.write(json.dumps({"version": "4", "status": "resolved", "alerts": [alert]}) + "\n")
            entry = {
                "id": f"R{n:08d}",
                "type": ("trigger_log_entry", "acknowledge_log_entry", "resolve_log_entry")[n % 3],
                "created_at": stamp,
                "agent": {"type": "user_reference", "summary": f"User {n % 50}"},
                "incident": {"id": f"P{n // 3:07d}", "type": "incident_reference", "summary": f"svc-{n % 9} errors"},
            }
            entries.write(json.dumps(entry) + "\n")
            updates = [
                {"id": f"u{n}-{k}", "status": status, "body": f"{status} on svc-{n % 9}", "display_at": time}
                for k, (status, time) in enumerate((("investigating", stamp), ("resolved", later)))
            ]
            incident = {"id": f"i{n}", "name": f"svc-{n % 9} errors", "created_at": stamp, "incident_updates": updates}
            incidents.write(json.dumps(incident) + "\n")
    return paths


def _compare_json_sources(records: int, rounds: int) -> None:
    since = START + timedelta(days=50, hours=7)
    until = since + timedelta(hours=10)
    with tempfile.TemporaryDirectory(prefix="pm-bench-json-") as tmp:
        paths = _write_json_sources(Path(tmp), records)
        for name, path in paths.items():
            source = get_source(name)
            kept = len(list(source.read(path, since=since, until=until)))
            full = len(list(source.read(path, since=since, until=until, strict=True)))
            print(f"{name}: JSON Lines of {records:,} records over 100 days; {kept:,} events in the window ({full:,})")
            compare(
                f"  {name}: a look at each line's times first vs every line read in full (strict)",
                lambda source=source, path=path: list(source.read(path, since=since, until=until)),
                lambda source=source, path=path: list(source.read(path, since=since, until=until, strict=True)),
                rounds=rounds,
                peer_name="full reading",
                use="cpu",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--alerts", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--floor-messages", type=int, default=100_000, help="Slack size for the floor comparison.")
    parser.add_argument("--jsonl-records", type=int, default=200_000, help="JSON Lines size for the glance.")
    parser.add_argument("--json-records", type=int, default=50_000, help="Alertmanager/PagerDuty/Statuspage size.")
    parser.add_argument("--only", choices=("slack", "json"), help="Run only the Slack or the JSON sources' comparison.")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        # One core, as the target says; the merge is single-threaded anyway.
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.only is None:
        print("bench_timeline: target < 5 s for 50,000 messages + 5,000 alerts; peak memory flat across sizes")
        _run(args.messages, args.alerts, args.days)
        _run(args.messages * 2, args.alerts * 2, args.days * 2)
    if args.only in (None, "slack"):
        _compare_floor(args.floor_messages, args.rounds)
    if args.only is None:
        _compare_jsonl(args.jsonl_records, args.rounds)
    if args.only in (None, "json"):
        _compare_json_sources(args.json_records, args.rounds)


if __name__ == "__main__":
    main()
