"""Completeness rules for action items: owned, dated, specific, verb first, not overdue, verified."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem._patterns import lazy_compile
from postmortem.checks._completeness._causes import _WORD
from postmortem.checks._completeness._sections import is_placeholder
from postmortem.checks._finding import Finding
from postmortem.checks._rule import CheckContext, rule
from postmortem.checks._text import plain
from postmortem.model import ActionStatus, Incident


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


_VAGUE_ALWAYS = lazy_compile(
    r"^(?:look(?:ing)? into|think(?:ing)? about|figure out|try(?:ing)? to"
    r"|follow(?:ing)? up(?: on)?|"
    r"check on|keep an eye on|be (?:more )?(?:careful|vigilant|aware)|do better|make sure "
    r"(?:it|this) (?:does not|doesn't) happen)\b",
    re.IGNORECASE,
)
_VAGUE_SHORT = lazy_compile(
    r"^(?:investigate|consider|explore|discuss|review|revisit|improve|fix|address|handle"
    r"|resolve|update|"
    r"monitor|clean up|sort out)\b",
    re.IGNORECASE,
)
_VAGUE_OBJECT = lazy_compile(
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
_NOUN_OR_FORM = lazy_compile(r"(?:ing|ed|tion|sion|ment|ness|ity|ance|ence|ies)$")


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
