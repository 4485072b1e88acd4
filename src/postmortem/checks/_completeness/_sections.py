"""Completeness rules for the sections: each required one written, none left a placeholder."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from postmortem._patterns import lazy_compile
from postmortem.checks._finding import Finding
from postmortem.checks._presets import section_present
from postmortem.checks._rule import CheckContext, rule
from postmortem.checks._text import shared_plain_prose_fields
from postmortem.model import Incident

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
        "short descriptive title",  # the title it writes when --title is not given
    }
)
_STARTER_HEADS = tuple(sorted({text.split()[0] for text in _STARTER_TEXTS}))
_PLACEHOLDER_MARKER = lazy_compile(r"^\s*(?:TBD|TODO|FIXME|XXX|TBA|TBC)\b|\b(?:TODO|FIXME|TBD)\s*:")
_TEMPLATE_SLOT = lazy_compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>|\{\{[^}]*\}\}|_{3,})\s*$")
_SHORT = 200  # whole-text placeholders and template slots are short; long text is only scanned


# Remembered per text: a check asks about every prose field and owner, and owners and short
# answers ("N/A", "") repeat within and across incidents.
@functools.lru_cache(maxsize=4096)
def is_placeholder(text: str) -> bool:
    """True when ``text`` is boilerplate standing in for content (TBD, N/A, lorem ipsum, "-")."""
    stripped = text.strip()
    if not stripped:
        return False
    lowered = stripped.lower()
    if len(stripped) <= _SHORT:
        if lowered in _PLACEHOLDER_WORDS or lowered.rstrip(".!:; ") in _PLACEHOLDER_WORDS:
            return True
        # A starter text's first word starts the text (it holds no white space at its ends).
        if lowered.startswith(_STARTER_HEADS) and " ".join(lowered.split()) in _STARTER_TEXTS:
            return True
        if _TEMPLATE_SLOT.match(stripped):
            return True
    # Substring tests first: the regular expressions then run on the few texts that need them.
    if ("TODO" in stripped or "FIXME" in stripped or "TB" in stripped or "XXX" in stripped) and (
        _PLACEHOLDER_MARKER.search(stripped)
    ):
        return True
    return "ipsum" in lowered and "lorem ipsum" in " ".join(lowered.split())


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
