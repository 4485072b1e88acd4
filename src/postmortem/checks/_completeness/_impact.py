"""Completeness rules for impact, detection and customer communication."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem._patterns import lazy_compile
from postmortem.checks._completeness._sections import is_placeholder
from postmortem.checks._finding import Finding
from postmortem.checks._rule import CheckContext, rule
from postmortem.checks._text import plain
from postmortem.model import DetectionMethod, Incident

_CLOCK_OR_DATE = lazy_compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_NUMBER = lazy_compile(r"\d")
_SHARE_WORDS = lazy_compile(
    r"\b(?:all|every|half|a third|a quarter|most|none|no) (?:of )?(?:our |the )?"
    r"(?:users|customers|accounts|requests|tenants|traffic|orders|merchants)\b",
    re.IGNORECASE,
)


@rule(
    "completeness/impact-quantified",
    severity="error",
    summary="The impact says how many users, requests or what share were affected.",
)
def impact_quantified(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The impact says how many users, requests or what share were affected."""
    impact = incident.impact
    summary = plain(incident, impact.summary)
    if impact.is_quantified or not summary.strip() or is_placeholder(summary):
        return
    words = _CLOCK_OR_DATE.sub(" ", summary)
    if _NUMBER.search(words) or _SHARE_WORDS.search(words):
        return
    yield context.finding(
        "$.impact",
        "the impact is not quantified: no count, share or measured effect",
        suggestion=(
            "Add users_affected, share_affected (0.3 for 30%) or a metric, e.g. "
            "'About 30% of API requests failed with HTTP 500 for 47 minutes'."
        ),
    )


@rule(
    "completeness/detection-method",
    severity="error",
    summary="Detection says what noticed the incident: which monitor, queue or report.",
)
def detection_method(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Detection says what noticed the incident: which monitor, queue or report."""
    detection = incident.detection
    if detection is None or detection.source.strip() or detection.notes.strip():
        return
    if detection.method is DetectionMethod.OTHER:
        message = "detection method is 'other' and nothing says what detected the incident"
    else:
        message = f"detection names no source: which {detection.method.label.lower()} noticed it?"
    yield context.finding(
        "$.detection.source",
        message,
        suggestion=("Name the alert, dashboard, support queue or report, e.g. 'API error-rate monitor (5xx > 2%)'."),
    )


@rule(
    "completeness/customer-communication",
    severity="error",
    summary="Incidents of the top two severities record what customers were told.",
)
def customer_communication(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Incidents of the top two severities record what customers were told."""
    if (
        incident.customer_communication
        or incident.severity is None
        or not incident.severity_scale.is_top(incident.severity, 2)
    ):
        return
    yield context.finding(
        "$.customer_communication",
        f"a {incident.severity.name} incident has no record of customer communication",
        suggestion=("Record each status page post, email or support macro with its channel and time."),
    )
