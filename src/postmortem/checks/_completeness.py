"""The completeness rules: is every part of a good post-mortem written, and written well?

Each rule is a module-level object registered under its id in the ``postmortem.rules``
entry-point group. ``docs/checks/completeness.md`` shows a hit and a rewrite for each.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from postmortem.checks._finding import Finding
from postmortem.checks._presets import section_present
from postmortem.checks._registry import available_rules
from postmortem.checks._rule import CheckContext, rule
from postmortem.checks._text import plain, shared_plain_prose_fields
from postmortem.model import ActionStatus, DetectionMethod, Incident, TimeAccuracy

# --------------------------------------------------------------------------- sections

_SECTION_HELP = {
    "summary": "Write two or three sentences: what happened, for how long, and to whom.",
    "authors": "List who wrote the post-mortem.",
    "participants": "List the responders and their roles (incident commander, on-call, ...).",
    "impact": "Say what users experienced and how many: a count or share, and for how long.",
    "customer_communication": "Record each status page post, email or support macro with its time.",
    "detection": "Say how it was detected: monitor, user report, internal alert or escalation.",
    "root_cause": "Describe the technical and process causes below the trigger.",
    "trigger": "Mark the contributing factor that set the incident off with `trigger: true`.",
    "contributing_factors": "List the monitoring, documentation, tooling or process gaps.",
    "timeline": "List the key events, alerts, decisions and changes with their times.",
    "what_went_well": "Name the practices that reduced impact or sped up recovery.",
    "what_went_poorly": "Name what slowed detection, diagnosis, communication or resolution.",
    "where_we_got_lucky": "Name what went right by chance.",
    "lessons_learned": "Write the key insights for the team and the organisation.",
    "action_items": "Add follow-ups with an owner, a due date and how each reduces risk.",
    "narrative": "Tell the story plainly: impact, detection, beliefs, hypotheses, resolution.",
    "narrative.user_impact": "Describe the impact in users' terms.",
    "narrative.detection": "Tell how the issue was noticed.",
    "narrative.responder_beliefs": "Describe who responded, when, and what they believed.",
    "narrative.hypotheses": "List the hypotheses responders held and which were right.",
    "narrative.resolution": "Describe what resolved the incident, temporary and lasting fixes.",
    "narrative.aftermath": "Describe what changed after the incident.",
}


@rule(
    "completeness/required-section",
    severity="error",
    summary="Every section the preset requires is written.",
)
def required_section(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every section the preset requires is written."""
    preset = context.preset
    for section, heading in preset.sections.items():
        if section_present(incident, section):
            continue
        path = "$.contributing_factors" if section == "trigger" else f"$.{section}"
        yield context.finding(
            path,
            f"the {heading!r} section is missing (required by the {preset.name!r} preset)",
            suggestion=_SECTION_HELP[section],
        )


# --------------------------------------------------------------------------- placeholders

_PLACEHOLDER_WORDS = frozenset(
    {
        *("tbd", "tba", "tbc", "n/a", "na", "n.a.", "todo", "to do", "fixme", "xxx", "wip", "tk"),
        *("-", "--", "---", "\u2014", "\u2013", "?", "??", "???", "...", "\u2026", "."),
        *("placeholder", "pending", "later", "same as above", "see above", "insert text here"),
        *("to be determined", "to be decided", "to be confirmed", "to be added", "to be written"),
        *("to be filled in", "fill in", "fill me in", "coming soon"),
    }
)
# The prompts of the starter file ``postmortem new`` writes: left in place, they are not content.
_STARTER_TEXTS = frozenset(
    {
        "two or three sentences for leadership: what happened, who was affected, for how long.",
        "what users experienced, in their terms.",
    }
)
_PLACEHOLDER_MARKER = re.compile(r"^\s*(?:TBD|TODO|FIXME|XXX|TBA|TBC)\b|\b(?:TODO|FIXME|TBD)\s*:")
_TEMPLATE_SLOT = re.compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>|\{\{[^}]*\}\}|_{3,})\s*$")
_SHORT = 200  # whole-text placeholders and template slots are short; long text is only scanned


# Remembered per text: a check asks about every prose field and owner, and owners and short
# answers ("N/A", "") repeat within and across incidents.
@functools.lru_cache(maxsize=4096)
def is_placeholder(text: str) -> bool:
    """True when ``text`` is boilerplate standing in for content (TBD, N/A, lorem ipsum, "-")."""
    stripped = text.strip()
    if not stripped:
        return False
    if len(stripped) <= _SHORT:
        lowered = stripped.lower()
        if lowered in _PLACEHOLDER_WORDS or lowered.rstrip(".!:; ") in _PLACEHOLDER_WORDS:
            return True
        if " ".join(lowered.split()) in _STARTER_TEXTS:
            return True
        if _TEMPLATE_SLOT.match(stripped):
            return True
    # Substring tests first: the regular expressions then run on the few texts that need them.
    if ("TODO" in stripped or "FIXME" in stripped or "TB" in stripped or "XXX" in stripped) and (
        _PLACEHOLDER_MARKER.search(stripped)
    ):
        return True
    return "ipsum" in stripped.lower() and "lorem ipsum" in " ".join(stripped.lower().split())


@rule(
    "completeness/placeholder",
    severity="error",
    summary="No text is boilerplate such as TBD, N/A, TODO, lorem ipsum or '-'.",
)
def placeholder(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """No text is boilerplate such as TBD, N/A, TODO, lorem ipsum or '-'."""
    fields = [*shared_plain_prose_fields(incident, context)]
    fields += [(f"$.action_items[{i}].owner", item.owner or "") for i, item in enumerate(incident.action_items)]
    for path, text in fields:
        if is_placeholder(text):
            yield context.finding(
                path,
                f"{text.strip()!r} is a placeholder, not content",
                suggestion="Write what is known, or remove the entry until it is known.",
                span=(0, len(text)),
            )


# --------------------------------------------------------------------------- impact, detection

_CLOCK_OR_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_NUMBER = re.compile(r"\d")
_SHARE_WORDS = re.compile(
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


# --------------------------------------------------------------------------- milestones, timeline

_TOLERANCE = timedelta(minutes=15)


def _clock(value: object) -> str:
    from datetime import datetime  # noqa: PLC0415

    return value.isoformat() if isinstance(value, datetime) else str(value)


@rule(
    "completeness/milestones-missing",
    severity="error",
    summary="The detection and resolution times are recorded.",
)
def milestones_missing(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The detection and resolution times are recorded."""
    milestones = incident.milestones
    if milestones.detected is None:
        yield context.finding(
            "$.milestones.detected",
            "no detection time: time to detect cannot be measured",
            suggestion="Set milestones.detected to the time of the first alert or report.",
        )
    if milestones.resolved is None and milestones.ongoing:
        yield context.finding(
            "$.milestones.resolved",
            "the incident is ongoing: its resolution and duration are not known yet",
            suggestion="When it ends, set milestones.resolved and remove ongoing.",
        )
    elif milestones.resolved is None:
        yield context.finding(
            "$.milestones.resolved",
            "no resolution time: the incident has no end and its duration is unknown",
            suggestion=(
                "Set milestones.resolved to when the incident was declared over, or ongoing: true if it has not ended."
            ),
        )


@rule(
    "completeness/severity",
    severity="error",
    summary="The severity is assessed.",
)
def severity_assessed(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The severity is assessed."""
    if incident.severity is None:
        levels = ", ".join(level.name for level in incident.severity_scale)
        yield context.finding(
            "$.severity",
            "no severity: readers cannot tell how serious the incident was, and reviews cannot group it",
            suggestion=f"Set severity to a level of the scale ({levels}).",
        )


def _apart(first: tuple[datetime, TimeAccuracy], second: tuple[datetime, TimeAccuracy]) -> timedelta:
    """How far apart two times must be, given the spans they stand for (zero when they may meet)."""
    a_low, a_high = first[1].earliest(first[0]), first[1].latest(first[0])
    b_low, b_high = second[1].earliest(second[0]), second[1].latest(second[0])
    if a_high is not None and b_low is not None and a_high < b_low:
        return b_low - a_high
    if b_high is not None and a_low is not None and b_high < a_low:
        return a_low - b_high
    return timedelta(0)


@rule(
    "completeness/milestones-consistent",
    severity="error",
    summary=("Times that describe the same moment agree (detection time, milestones, updates, completions)."),
)
def milestones_consistent(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Times that describe the same moment agree."""
    milestones = incident.milestones
    detection = incident.detection
    if detection is not None and detection.time is not None:
        if milestones.detected is None:
            yield context.finding(
                "$.milestones.detected",
                f"detection.time is {_clock(detection.time)} but milestones.detected is not set",
                suggestion="Set milestones.detected to the same time.",
            )
        elif _apart(
            (detection.time, detection.time_accuracy), (milestones.detected, milestones.detected_accuracy)
        ) > timedelta(minutes=1):
            yield context.finding(
                "$.detection.time",
                f"detection.time ({_clock(detection.time)}) differs from milestones.detected "
                f"({_clock(milestones.detected)})",
                suggestion="Use one detection time: the first alert or report.",
            )
    earliest = milestones.started - context.config.timeline_margin
    for index, update in enumerate(incident.customer_communication):
        if update.time < earliest:
            yield context.finding(
                f"$.customer_communication[{index}].time",
                f"customer update at {_clock(update.time)} is before the incident started "
                f"({_clock(milestones.started)})",
                suggestion="Check the date and the timezone offset of this update.",
            )
    for index, item in enumerate(incident.action_items):
        if item.completed is not None and item.completed < milestones.started.date():
            yield context.finding(
                f"$.action_items[{index}].completed",
                f"{item.id} was completed on {item.completed}, before the incident started",
                suggestion=("Check the completion date; work done before the incident is not a follow-up."),
            )


@rule(
    "completeness/timeline-order",
    severity="warning",
    summary="Timeline events are written in the order they happened.",
)
def timeline_order(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Timeline events are written in the order they happened."""
    events = incident.timeline
    for index in range(1, len(events)):
        # A rough time is out of order only when it must be before the one written above it.
        latest = events[index].time_accuracy.latest(events[index].time)
        earliest = events[index - 1].time_accuracy.earliest(events[index - 1].time)
        if latest is not None and earliest is not None and latest < earliest:
            yield context.finding(
                f"$.timeline[{index}].time",
                f"event at {_clock(events[index].time)} is written after a later one "
                f"({_clock(events[index - 1].time)})",
                suggestion=("Sort the timeline by time so that readers follow the incident as it unfolded."),
            )


@rule(
    "completeness/timeline-window",
    severity="warning",
    summary="Timeline events lie inside the incident window, give or take the configured margin.",
)
def timeline_window(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Timeline events lie inside the incident window, give or take the configured margin.

    Rough times count as the whole span they stand for. An incident without a resolution time
    (ongoing, or not written yet) has no end, so no event is after it.
    """
    margin = context.config.timeline_margin
    milestones = incident.milestones
    start = milestones.started_accuracy.earliest(milestones.started)
    end = None if milestones.resolved is None else milestones.resolved_accuracy.latest(milestones.resolved)
    hours = margin.total_seconds() / 3600
    for index, event in enumerate(incident.timeline):
        latest = event.time_accuracy.latest(event.time)
        earliest = event.time_accuracy.earliest(event.time)
        if start is not None and latest is not None and latest < start - margin:
            where = "before the incident started"
        elif end is not None and earliest is not None and earliest > end + margin:
            where = "after the incident ended"
        else:
            continue
        yield context.finding(
            f"$.timeline[{index}].time",
            f"event at {_clock(event.time)} is more than {hours:g} h {where}",
            suggestion=("Check the date and timezone offset, or move lead-up history into the narrative."),
        )


def _span(
    at: datetime, accuracy: TimeAccuracy, tolerance: timedelta = timedelta(0)
) -> tuple[datetime | None, datetime | None]:
    """The earliest and latest a time written as ``at`` can be, widened by ``tolerance``.

    An "about" time's own margin is already in its earliest and latest.
    """
    low, high = accuracy.earliest(at), accuracy.latest(at)
    return (None if low is None else low - tolerance, None if high is None else high + tolerance)


def _overlap(one: tuple[datetime | None, datetime | None], other: tuple[datetime | None, datetime | None]) -> bool:
    """True when two spans (``None``: unbounded on that side) share an instant."""
    return (one[0] is None or other[1] is None or one[0] <= other[1]) and (
        other[0] is None or one[1] is None or other[0] <= one[1]
    )


@rule(
    "completeness/timeline-coverage",
    severity="error",
    summary="The timeline covers at least the detection and the resolution.",
)
def timeline_coverage(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The timeline covers at least the detection and the resolution.

    Rough times count as the whole span they stand for, widened by one unit when written as
    "about": an event known only by its date covers a detection that day. An incident with no
    resolution or mitigation time (ongoing) asks for no event at its end.
    """
    events = incident.timeline
    if not events:
        return
    milestones = incident.milestones
    detected, detected_accuracy = milestones.detected, milestones.detected_accuracy
    if detected is None and incident.detection is not None:
        detected, detected_accuracy = incident.detection.time, incident.detection.time_accuracy
    spans = [_span(event.time, event.time_accuracy, _TOLERANCE) for event in events]
    if detected is not None:
        low, high = _span(detected, detected_accuracy)
        if not any(_overlap((lo, hi), (low, high)) for lo, hi in spans):
            yield context.finding(
                "$.timeline",
                f"no timeline event near the detection at {_clock(detected)}",
                suggestion=("Add the first alert or report as an event, e.g. 'API error-rate monitor fired'."),
            )
    end: datetime | None = milestones.resolved
    end_accuracy = milestones.resolved_accuracy
    if end is None:
        end, end_accuracy = milestones.mitigated, milestones.mitigated_accuracy
    end_low = None if end is None else _span(end, end_accuracy)[0]
    if end is not None and end_low is not None and not any(hi is None or hi >= end_low for _lo, hi in spans):
        yield context.finding(
            "$.timeline",
            f"no timeline event at the resolution ({_clock(end)})",
            suggestion=(
                "Add the event that ended the incident, e.g. 'Error rate back to baseline; incident resolved'."
            ),
        )


# --------------------------------------------------------------------------- causes

_HUMAN_ERROR = re.compile(
    r"\b(?:human|operator|user|engineer|developer|manual|pilot|admin(?:istrator)?)"
    r" (?:error|mistake|failure)s?\b"
    r"|\b(?:someone|somebody|an? (?:engineer|developer|operator|admin|person)"
    r"|the (?:engineer|developer|operator|on-?call))"
    r" (?:made an? (?:mistake|error)|messed up|screwed up|forgot)\b"
    r"|\b(?:a |the )?(?:mistake|carelessness|negligence|oversight|typo)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
_STOPWORDS = frozenset(
    {
        *("a", "an", "the", "and", "or", "but", "of", "to", "in"),
        *("on", "at", "by", "for", "with", "from", "as", "is", "was"),
        *("were", "be", "been", "being", "it", "its", "this", "that", "these"),
        *("those", "there", "their", "they", "we", "our", "us", "he", "she"),
        *("his", "her", "who", "which", "due", "caused", "cause", "causes", "root"),
        *("simply", "just", "only", "basically"),
    }
)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


def _fewer_content_words(text: str, limit: int) -> bool:
    """Tell whether ``len(_content_words(text)) < limit``, reading only as far as needed."""
    if limit <= 0:
        return False
    count = 0
    for match in _WORD.finditer(text.lower()):
        if match.group() not in _STOPWORDS:
            count += 1
            if count >= limit:
                return False
    return True


_NEGATED = re.compile(
    r"\b(?:not|no|never|rather than|instead of|beyond|more than|other than|calling (?:this|it))"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.;!?]+[.;!?]*")


_HINT_WORDS = (
    "error",
    "mistake",
    "failure",
    "careless",
    "negligen",
    "oversight",
    "typo",
    "forgot",
    "messed",
    "screwed",
)
_HUMAN_ERROR_HINT = re.compile("|".join(_HINT_WORDS), re.I)
# The characters other than ASCII letters that IGNORECASE lets match an ASCII letter
# (Python's re documentation lists these four).
_CASE_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hint(text: str) -> bool:
    """Tell cheaply whether ``_HUMAN_ERROR_HINT`` could match in ``text``.

    False only when it cannot: an ASCII letter matched case-insensitively lower-cases to
    the pattern's letter, unless it is one of the four other characters IGNORECASE
    accepts. Substring tests are many times faster than the case-insensitive pattern.
    """
    low = text.lower()
    return any(word in low for word in _HINT_WORDS) or any(char in text for char in _CASE_FOLDED_LETTERS)


def _declares_human_error(sentence: str) -> bool:
    """True when a sentence gives a person's error as the cause and says little else."""
    if not _may_hint(sentence) or not _HUMAN_ERROR_HINT.search(sentence):
        return False  # a cheap test first: most sentences mention no error at all
    for match in _HUMAN_ERROR.finditer(sentence):
        if _NEGATED.search(sentence[: match.start()]):
            continue
        rest = sentence[: match.start()] + " " + sentence[match.end() :]
        if _fewer_content_words(rest, 5):
            return True
    return False


@rule(
    "completeness/root-cause-depth",
    severity="error",
    summary="The root cause explains the system and process, not just 'human error'.",
)
def root_cause_depth(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The root cause explains the system and process, not just 'human error'."""
    cause = incident.root_cause
    technical, process = plain(incident, cause.technical), plain(incident, cause.process)
    for path, text in (
        ("$.root_cause.technical", technical),
        ("$.root_cause.process", process),
    ):
        if not _may_hint(text):
            continue  # no sentence of it can declare a human error
        for match in _SENTENCE.finditer(text):
            if _declares_human_error(match.group(0)):
                yield context.finding(
                    path,
                    "the root cause stops at a person's error",
                    suggestion=(
                        "Ask what allowed the mistake to happen and to escape detection: "
                        "which safeguard, "
                        "test, alert or review was missing? E.g. 'The deploy tool accepted a "
                        "gateway config "
                        "that no test had exercised'."
                    ),
                    span=(match.start(), match.end()),
                )
                break
    text = f"{technical} {process}".strip()
    if text and not is_placeholder(text) and _fewer_content_words(text, 4) and not _HUMAN_ERROR.search(text):
        path = "$.root_cause.technical" if technical.strip() else "$.root_cause.process"
        yield context.finding(
            path,
            f"the root cause is too short to explain anything ({text!r})",
            suggestion=("Describe the mechanism: what failed, why it failed then, and what let it reach users."),
        )


@rule(
    "completeness/factor-beyond-trigger",
    severity="error",
    summary="At least one contributing factor goes beyond the immediate trigger.",
)
def factor_beyond_trigger(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """At least one contributing factor goes beyond the immediate trigger."""
    factors = incident.contributing_factors
    if factors and all(factor.trigger for factor in factors):
        yield context.finding(
            "$.contributing_factors",
            "every contributing factor is the trigger; nothing says what made the system vulnerable to it",
            suggestion=(
                "Add the gaps that let the trigger cause harm: missing alerts, ambiguous runbooks, "
                "untested paths, unclear ownership."
            ),
        )


# --------------------------------------------------------------------------- customers


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


# --------------------------------------------------------------------------- action items


def _active(status: ActionStatus) -> bool:
    return status is not ActionStatus.WONT_DO


@rule("completeness/action-owner", severity="error", summary="Every action item has an owner.")
def action_owner(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every action item has an owner."""
    for index, item in enumerate(incident.action_items):
        if _active(item.status) and not (item.owner or "").strip():
            yield context.finding(
                f"$.action_items[{index}].owner",
                f"{item.id} has no owner",
                suggestion="Name one person or team accountable for it.",
            )


@rule("completeness/action-due", severity="error", summary="Every open action item has a due date.")
def action_due(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every open action item has a due date."""
    for index, item in enumerate(incident.action_items):
        if not item.status.is_closed and item.due is None:
            yield context.finding(
                f"$.action_items[{index}].due",
                f"{item.id} has no due date",
                suggestion="Agree a date with the owner; follow-ups without one tend to disappear.",
            )


@rule(
    "completeness/action-risk-reduction",
    severity="error",
    summary="Every action item says how it reduces the risk or impact of a similar incident.",
)
def action_risk_reduction(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every action item says how it reduces the risk or impact of a similar incident."""
    for index, item in enumerate(incident.action_items):
        if _active(item.status) and not item.risk_reduction.strip():
            yield context.finding(
                f"$.action_items[{index}].risk_reduction",
                f"{item.id} does not say how it reduces risk",
                suggestion=(
                    "Say what it prevents, detects sooner or limits, e.g. 'pages within 2 minutes of a 5xx spike'."
                ),
            )


_VAGUE_ALWAYS = re.compile(
    r"^(?:look(?:ing)? into|think(?:ing)? about|figure out|try(?:ing)? to"
    r"|follow(?:ing)? up(?: on)?|"
    r"check on|keep an eye on|be (?:more )?(?:careful|vigilant|aware)|do better|make sure "
    r"(?:it|this) (?:does not|doesn't) happen)\b",
    re.IGNORECASE,
)
_VAGUE_SHORT = re.compile(
    r"^(?:investigate|consider|explore|discuss|review|revisit|improve|fix|address|handle"
    r"|resolve|update|"
    r"monitor|clean up|sort out)\b",
    re.IGNORECASE,
)
_VAGUE_OBJECT = re.compile(
    r"^(?:fix|address|handle|resolve|solve|sort out|improve)\s+"
    r"(?:it|this|that|things|stuff|the (?:issue|bug|problem|incident|outage))\W*$",
    re.IGNORECASE,
)


@rule(
    "completeness/action-specific",
    severity="error",
    summary=("Action item descriptions are specific: not 'fix it', 'look into', 'improve monitoring'."),
)
def action_specific(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Action item descriptions are specific: not 'fix it', 'look into', 'improve monitoring'."""
    for index, item in enumerate(incident.action_items):
        text = plain(incident, item.description).strip()
        words = _WORD.findall(text)
        vague = (
            _VAGUE_ALWAYS.match(text)
            or _VAGUE_OBJECT.match(text)
            or (_VAGUE_SHORT.match(text) and len(words) <= 4)
            or len(words) < 3
        )
        if vague and not is_placeholder(text):
            yield context.finding(
                f"$.action_items[{index}].description",
                f"{item.id} is too vague to act on or to verify as done: {text!r}",
                suggestion=(
                    "Say exactly what will change, verb first, so anyone can tell when it is done: "
                    "'Add a CI check that fails when a feature flag needs an unapplied migration'."
                ),
                span=(0, len(item.description)),
            )


_NOT_VERB_START = frozenset(
    {
        *("a", "an", "the", "we", "i", "you", "they", "he", "she"),
        *("it", "our", "my", "their", "this", "that", "these", "those", "there"),
        *("maybe", "perhaps", "possibly", "probably", "should", "must", "need", "needs", "needed"),
        *("more", "better", "new", "some", "all", "any", "no", "not", "someone"),
        *(
            "somebody",
            "everyone",
            "team",
            "teams",
            "engineers",
            "engineer",
            "ops",
            "sre",
            "on-call",
        ),
        *("oncall", "lack", "missing"),
    }
)
_VERBS_WITH_NOUN_ENDINGS = frozenset(
    {
        *(
            "implement",
            "document",
            "comment",
            "segment",
            "augment",
            "increment",
            "supplement",
            "partition",
            "position",
        ),
        *(
            "provision",
            "version",
            "condition",
            "transition",
            "function",
            "question",
            "mention",
            "caption",
            "harness",
        ),
        *("ping", "bring", "string", "embed", "feed", "seed", "shed", "proceed", "exceed"),
        *("succeed", "spring", "sing", "bling", "wing", "ring"),
    }
)
_NOUN_OR_FORM = re.compile(r"(?:ing|ed|tion|sion|ment|ness|ity|ance|ence|ies)$")


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group(0).lower() if match else ""


@rule(
    "completeness/action-verb-first",
    severity="warning",
    summary="Action item descriptions start with a verb: 'Add', 'Move', 'Document'.",
)
def action_verb_first(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Action item descriptions start with a verb: 'Add', 'Move', 'Document'."""
    for index, item in enumerate(incident.action_items):
        word = _first_word(plain(incident, item.description))
        if not word or word in _VERBS_WITH_NOUN_ENDINGS:
            continue
        if word in _NOT_VERB_START or _NOUN_OR_FORM.search(word):
            yield context.finding(
                f"$.action_items[{index}].description",
                f"{item.id} does not start with a verb ({word!r})",
                suggestion=("Start with what will be done: 'Add ...', 'Move ...', 'Document ...', 'Alert on ...'."),
                span=(0, len(item.description)),
            )


@rule(
    "completeness/action-overdue",
    severity="warning",
    summary="Open action items are not past their due date.",
)
def action_overdue(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Open action items are not past their due date."""
    today = context.today
    for index, item in enumerate(incident.action_items):
        if item.is_overdue(today) and item.due is not None:
            days = (today - item.due).days
            yield context.finding(
                f"$.action_items[{index}].due",
                f"{item.id} is overdue: due {item.due}, {days} day{'s' if days != 1 else ''} "
                f"ago, still {item.status.label.lower()}",
                suggestion=("Finish it, or agree a new due date with the owner and record why it moved."),
            )


@rule(
    "completeness/action-verification",
    severity="warning",
    summary="Done action items say how completion was verified.",
)
def action_verification(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Done action items say how completion was verified."""
    for index, item in enumerate(incident.action_items):
        if item.status is ActionStatus.DONE and not item.verification.strip():
            yield context.finding(
                f"$.action_items[{index}].verification",
                f"{item.id} is done but nothing says how that was verified",
                suggestion=("Say what showed it works: a test, a drill, an alert that fired in staging, a dashboard."),
            )


# --------------------------------------------------------------------------- suppressions


@rule(
    "suppression/missing-reason",
    severity="error",
    summary="Every suppression says why the rule does not apply.",
)
def suppression_missing_reason(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every suppression says why the rule does not apply."""
    for index, suppression in enumerate(incident.suppressions):
        if not suppression.reason.strip() or is_placeholder(suppression.reason):
            yield context.finding(
                f"$.suppressions[{index}].reason",
                f"the suppression of {suppression.rule!r} gives no reason",
                suggestion=("Say why the rule does not apply to this incident, so reviewers can agree or not."),
            )


@rule(
    "suppression/unknown-rule",
    severity="warning",
    summary="Every suppression names an installed rule (or a glob matching one).",
)
def suppression_unknown_rule(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Every suppression names an installed rule (or a glob matching one)."""
    import fnmatch  # noqa: PLC0415

    # Rules passed to check() directly count as known, like installed ones.
    installed = sorted(set(available_rules()) | context.rule_ids)
    for index, suppression in enumerate(incident.suppressions):
        if any(fnmatch.fnmatchcase(rule_id, suppression.rule) for rule_id in installed):
            continue
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(suppression.rule, installed, n=1, cutoff=0.6)
        yield context.finding(
            f"$.suppressions[{index}].rule",
            f"no installed rule is called {suppression.rule!r}, so this suppression silences nothing",
            suggestion=f"Did you mean {close[0]!r}?" if close else "Run `postmortem check --list-rules` for the ids.",
        )
