"""Realistic synthetic post-mortems for tests, benchmarks and the documentation notebook.

Everything is drawn from one seeded :class:`random.Random`, so the same seed gives the same
incidents on every machine and Python version (only ``random.Random`` methods whose output
is documented as stable are used).

The incidents follow patterns analysts look for: a few failure *themes* recur on the same
services with similar wording (so recurrence grouping has something to find), durations are
heavy-tailed (log-normal), more severe incidents are rarer, and some action items are overdue
or closed without a verification note.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.model import (
    DEFAULT_SEVERITY_SCALE,
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    Detection,
    DetectionMethod,
    FactorCategory,
    Impact,
    Incident,
    Milestones,
    Participant,
    Priority,
    RootCause,
    WriteUpStatus,
)

if TYPE_CHECKING:
    from postmortem.serialize import Format

__all__ = ["generate_incidents", "write_collection"]

_TEAMS: dict[str, tuple[str, ...]] = {
    "payments": ("checkout", "billing", "ledger"),
    "platform": ("api-gateway", "auth", "dns", "load-balancer"),
    "data": ("postgres", "kafka", "search-index", "reporting"),
    "mobile": ("ios-app", "android-app", "push-notifications"),
    "web": ("storefront", "cdn", "image-resizer"),
}
_SERVICE_TEAM = {service: team for team, services in _TEAMS.items() for service in services}
_PEOPLE: dict[str, tuple[str, ...]] = {
    "payments": ("Maria Lopez", "Kenji Sato", "Amara Obi"),
    "platform": ("Jonas Berg", "Priya Nair", "Tom Walsh"),
    "data": ("Lena Fischer", "Omar Haddad", "Chen Wei"),
    "mobile": ("Sofia Rossi", "Ravi Patel"),
    "web": ("Elif Kaya", "Noah Smith", "Ines Duarte"),
}

# Each theme: (root-cause technical text, process text, impact text, factor categories,
# detection methods it is usually found by). ``{svc}``, ``{n}`` and ``{pct}`` are filled in.
_THEMES: tuple[tuple[str, str, str, tuple[FactorCategory, ...], tuple[DetectionMethod, ...]], ...] = (
    (
        "TLS certificate for {svc} expired because the renewal job failed {n} days earlier",
        "certificate expiry had no alert and renewal ownership was unclear",
        "clients of {svc} failed TLS handshakes and saw connection errors",
        (FactorCategory.MONITORING, FactorCategory.ORGANIZATIONAL),
        (DetectionMethod.USER_REPORT, DetectionMethod.SUPPORT_ESCALATION),
    ),
    (
        "database connection pool of {svc} exhausted after a deploy raised worker count to {n}",
        "capacity review skipped for the deploy; pool limits not documented",
        "{svc} requests timed out and {pct} percent of checkouts failed",
        (FactorCategory.PROCESS, FactorCategory.DOCUMENTATION),
        (DetectionMethod.MONITOR, DetectionMethod.INTERNAL_ALERT),
    ),
    (
        "configuration change disabled the cache in {svc} and load on the primary database tripled",
        "config changes bypass review and canary rollout",
        "pages served by {svc} were slow and {pct} percent of requests returned errors",
        (FactorCategory.PROCESS, FactorCategory.TOOLING),
        (DetectionMethod.MONITOR,),
    ),
    (
        "disk on {svc} nodes filled with debug logs after log rotation was misconfigured",
        "disk usage alert threshold set too high to fire before the disk was full",
        "{svc} stopped accepting writes for {n} minutes",
        (FactorCategory.MONITORING, FactorCategory.TOOLING),
        (DetectionMethod.INTERNAL_ALERT, DetectionMethod.MONITOR),
    ),
    (
        "retry storm from {svc} clients overloaded the upstream after a brief network partition",
        "retry policy lacked jitter and backoff; runbook did not cover shedding load",
        "{svc} was unavailable and users saw repeated errors for {n} minutes",
        (FactorCategory.TOOLING, FactorCategory.DOCUMENTATION),
        (DetectionMethod.MONITOR, DetectionMethod.USER_REPORT),
    ),
    (
        "schema migration locked a large table in {svc} during peak traffic",
        "migration review checklist did not ask about table locks or timing",
        "writes to {svc} queued and {pct} percent of orders were delayed",
        (FactorCategory.PROCESS, FactorCategory.DOCUMENTATION),
        (DetectionMethod.MONITOR, DetectionMethod.SUPPORT_ESCALATION),
    ),
    (
        "DNS record for {svc} pointed at a decommissioned load balancer after a manual edit",
        "manual DNS edits are not tracked in version control",
        "users in some regions could not resolve {svc}",
        (FactorCategory.TOOLING, FactorCategory.PROCESS),
        (DetectionMethod.USER_REPORT, DetectionMethod.SUPPORT_ESCALATION),
    ),
    (
        "memory leak in the image decoding library made {svc} pods restart every {n} minutes",
        "memory alerts were routed to a channel nobody watched",
        "{svc} responses were intermittently failing for {pct} percent of users",
        (FactorCategory.MONITORING, FactorCategory.COMMUNICATION),
        (DetectionMethod.USER_REPORT, DetectionMethod.MONITOR),
    ),
    (
        "feature flag rollout enabled an untested code path in {svc} for all users at once",
        "flag rollout was not staged and had no owner on call",
        "{svc} showed wrong prices to {pct} percent of sessions",
        (FactorCategory.PROCESS, FactorCategory.ORGANIZATIONAL),
        (DetectionMethod.SUPPORT_ESCALATION, DetectionMethod.USER_REPORT),
    ),
    (
        "message queue consumer lag in {svc} grew after a partition rebalance stalled",
        "lag dashboards existed but paging thresholds were missing",
        "notifications from {svc} arrived up to {n} minutes late",
        (FactorCategory.MONITORING,),
        (DetectionMethod.INTERNAL_ALERT, DetectionMethod.USER_REPORT),
    ),
    (
        "third-party payment provider timeouts were not handled by {svc} circuit breaker",
        "vendor status updates reached the team only through support",
        "{pct} percent of payments failed in {svc}",
        (FactorCategory.COMMUNICATION, FactorCategory.TOOLING),
        (DetectionMethod.SUPPORT_ESCALATION, DetectionMethod.MONITOR),
    ),
    (
        "expired API credentials for {svc} batch export were rotated without updating the job",
        "credential rotation procedure lacked a checklist of consumers",
        "daily exports from {svc} were missing for {n} hours",
        (FactorCategory.PROCESS, FactorCategory.DOCUMENTATION, FactorCategory.COMMUNICATION),
        (DetectionMethod.USER_REPORT, DetectionMethod.OTHER),
    ),
)

_DETAILS = (
    "The rollback took longer than expected because the previous build had been deleted",
    "The first responder was new to the service and escalated after twenty minutes",
    "A similar warning had been seen in staging the week before",
    "Traffic was twice the usual level because of a marketing campaign",
    "The change had passed review and all automated tests",
    "Dashboards showed the problem but nobody was looking at them during the night",
    "The vendor confirmed the issue only after several hours",
    "Part of the fleet was still on the old version, which hid the problem at first",
)
_REGIONS = ("Europe", "North America", "Asia Pacific", "South America", "one availability zone")

_FACTOR_TEXT: dict[FactorCategory, tuple[str, ...]] = {
    FactorCategory.MONITORING: (
        "no alert covered the failing signal",
        "alert threshold too high to fire in time",
        "dashboards lacked the saturation metric",
    ),
    FactorCategory.DOCUMENTATION: ("runbook out of date", "no runbook for this failure mode"),
    FactorCategory.TOOLING: (
        "deploy tooling cannot roll back config",
        "no canary stage for this service",
    ),
    FactorCategory.PROCESS: ("change review skipped under time pressure", "rollout not staged"),
    FactorCategory.ORGANIZATIONAL: (
        "ownership of the component unclear",
        "on-call rotation understaffed",
    ),
    FactorCategory.COMMUNICATION: ("status page update came late", "vendor notice not forwarded"),
    FactorCategory.OTHER: ("unusual traffic pattern",),
}

_ACTIONS: tuple[tuple[str, ActionKind], ...] = (
    ("Add an alert on the failing signal", ActionKind.MONITORING),
    ("Write a runbook section for this failure", ActionKind.DOCUMENTATION),
    ("Stage the rollout behind a feature flag", ActionKind.DEPLOY_SAFETY),
    ("Add a CI check for the configuration", ActionKind.CI_CHECK),
    ("Run a game day on this failure mode", ActionKind.TRAINING),
    ("Name an owner and add the component to the on-call handbook", ActionKind.COORDINATION),
)

# Severity weights: SEV1 rare, SEV3/SEV4 common.
_SEVERITY_WEIGHTS = (2, 8, 30, 40, 20)
# Median minutes (log-normal) per milestone step, scaled down for less severe incidents.
_MEDIAN_DETECT = 9.0
_MEDIAN_ACK = 4.0
_MEDIAN_MITIGATE = 35.0
_MEDIAN_RESOLVE = 90.0


def _title(text: str) -> str:
    clause = text.split(" because ", maxsplit=1)[0].split(" after ", maxsplit=1)[0]
    if len(clause) > 70:
        clause = clause[:70].rsplit(" ", 1)[0]
    return clause[0].upper() + clause[1:]


def _lognormal_minutes(rng: random.Random, median: float, sigma: float = 0.9) -> timedelta:
    return timedelta(minutes=round(math.exp(rng.gauss(math.log(median), sigma)), 1))


def _make_actions(
    rng: random.Random, participants: Sequence[Participant], resolved_day: date, today: date
) -> list[ActionItem]:
    action_items = []
    for number in range(1, rng.randint(1, 4) + 1):
        description, kind = rng.choice(_ACTIONS)
        owner = rng.choice(participants).name if rng.random() < 0.92 else None
        due = resolved_day + timedelta(days=rng.choice((7, 14, 30, 60)))
        roll = rng.random()
        status: ActionStatus
        if due < today and roll < 0.55:
            status = ActionStatus.DONE
        elif roll < 0.62:
            status = ActionStatus.WONT_DO
        elif roll < 0.8:
            status = ActionStatus.IN_PROGRESS
        else:
            status = ActionStatus.OPEN
        completed = None
        verification = ""
        if status is ActionStatus.DONE:
            completed = min(today, due + timedelta(days=rng.randint(-10, 10)))
            completed = max(completed, resolved_day)
            if rng.random() < 0.7:
                verification = "Verified by triggering the failure in staging."
        action_items.append(
            ActionItem(
                id=f"AI-{number}",
                description=description,
                owner=owner,
                due=due,
                status=status,
                kind=kind,
                priority=rng.choice(list(Priority)),
                completed=completed,
                verification=verification,
            )
        )

    return action_items


def _make_incident(rng: random.Random, index: int, start: datetime, span: timedelta, today: date) -> Incident:
    theme_index = rng.randrange(len(_THEMES))
    technical, process, impact_text, categories, methods = _THEMES[theme_index]
    # Each theme mostly hits one home service, so the same failure recurs on the same service.
    services_all = sorted(_SERVICE_TEAM)
    home = services_all[(theme_index * 7) % len(services_all)]
    service = home if rng.random() < 0.7 else rng.choice(services_all)
    services = [service]
    if rng.random() < 0.2:
        other = rng.choice(services_all)
        if other != service:
            services.append(other)
    team = _SERVICE_TEAM[service]
    people = _PEOPLE[team]

    share = rng.randint(1, 60)
    fill: dict[str, object] = {"svc": service, "n": rng.randint(2, 90), "pct": share}
    # Write-ups of the same failure differ: some add a detail or say where users were.
    detail = f". {rng.choice(_DETAILS)}" if rng.random() < 0.6 else ""
    where = f" in {rng.choice(_REGIONS)}" if rng.random() < 0.4 else ""
    severity = rng.choices(DEFAULT_SEVERITY_SCALE.levels, weights=_SEVERITY_WEIGHTS)[0]
    scale = 1.0 + 0.3 * (severity.rank - 1)

    started = start + timedelta(seconds=rng.randrange(int(span.total_seconds())))
    started = started.replace(microsecond=0)
    method = rng.choice(methods) if rng.random() < 0.85 else rng.choice(list(DetectionMethod))
    detect_median = _MEDIAN_DETECT * (3.0 if not method.is_automated else 1.0)
    detected = started + _lognormal_minutes(rng, detect_median)
    acknowledged = detected + _lognormal_minutes(rng, _MEDIAN_ACK, 0.7)
    mitigated = acknowledged + _lognormal_minutes(rng, _MEDIAN_MITIGATE * scale)
    resolved = mitigated + _lognormal_minutes(rng, _MEDIAN_RESOLVE * scale, 1.1)
    ongoing = started.date() >= today - timedelta(days=2) and rng.random() < 0.5
    milestones = Milestones(
        started=started,
        detected=detected,
        acknowledged=acknowledged if rng.random() < 0.95 else None,
        mitigated=None if ongoing else mitigated,
        resolved=None if ongoing else resolved,
    )

    factors = [
        ContributingFactor(rng.choice(_FACTOR_TEXT[category]), category, trigger=position == 0)
        for position, category in enumerate(categories)
        if position == 0 or rng.random() < 0.8
    ]
    if rng.random() < 0.3:
        extra = rng.choice(list(FactorCategory))
        factors.append(ContributingFactor(rng.choice(_FACTOR_TEXT[extra]), extra))

    participants = tuple(
        Participant(name, role=role, handle="@" + name.split()[0].lower(), team=team)
        for name, role in zip(
            rng.sample(people, k=min(2, len(people))),
            ("incident commander", "on-call"),
            strict=False,
        )
    )
    resolved_day = (milestones.resolved or started).date()
    action_items = _make_actions(rng, participants, resolved_day, today)

    year = started.year
    return Incident(
        id=f"INC-{year}-{index:05d}",
        title=_title(technical.format(**fill)),
        severity=severity,
        milestones=milestones,
        status=rng.choice(list(WriteUpStatus)),
        summary=f"{impact_text.format(**fill).capitalize()}.",
        participants=participants,
        services=tuple(services),
        tags=tuple(sorted({team, f"theme-{theme_index:02d}"} | ({"customer-facing"} if rng.random() < 0.6 else set()))),
        impact=Impact(summary=impact_text.format(**fill).capitalize() + where, share_affected=share / 100),
        detection=Detection(method=method, source="synthetic", time=detected),
        root_cause=RootCause(technical=technical.format(**fill).capitalize() + detail, process=process.capitalize()),
        contributing_factors=tuple(factors),
        action_items=tuple(action_items),
    )


def generate_incidents(
    count: int,
    *,
    seed: int = 0,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    today: date | None = None,
) -> list[Incident]:
    """Make ``count`` realistic incidents that started between ``start`` and ``end``.

    Args:
        count: How many incidents.
        seed: The random seed; the same seed gives the same incidents.
        start: The earliest start day (UTC).
        end: The latest start day (UTC), inclusive.
        today: The day action-item statuses are drawn against (overdue items are due
            before it); ``end`` when ``None``.

    Returns:
        The incidents, sorted by start time; ids are ``INC-<year>-<number>``.

    Raises:
        ValueError: when ``count`` is negative or ``end`` is before ``start``.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")
    rng = random.Random(seed)  # noqa: S311  (reproducible test data, not secrets)
    first = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
    span = timedelta(days=(end - start).days + 1)
    today = today or end
    incidents = [_make_incident(rng, index + 1, first, span, today) for index in range(count)]
    incidents.sort(key=lambda incident: (incident.milestones.started, incident.id))
    return incidents


def write_collection(
    directory: str | os.PathLike[str],
    incidents: Sequence[Incident],
    *,
    formats: Sequence[str] = ("yaml",),
    per_folder: int = 500,
) -> list[Path]:
    """Write incidents as files under ``directory``, spread over sub-folders.

    Args:
        directory: Where to write; created when missing.
        incidents: What to write.
        formats: File formats used in turn (``yaml``, ``json``, ``toml``).
        per_folder: How many files go in each sub-folder (``batch-000``, ...).

    Returns:
        The paths written, in the order of ``incidents``.
    """
    from postmortem.serialize import dumps  # noqa: PLC0415

    root = Path(directory)
    paths: list[Path] = []
    suffixes: dict[str, tuple[Format, str]] = {
        "yaml": ("yaml", ".yaml"),
        "json": ("json", ".json"),
        "toml": ("toml", ".toml"),
    }
    for position, incident in enumerate(incidents):
        fmt, suffix = suffixes[formats[position % len(formats)]]
        folder = root / f"batch-{position // per_folder:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{incident.id}{suffix}"
        path.write_text(dumps(incident, fmt), encoding="utf-8")
        paths.append(path)
    return paths
