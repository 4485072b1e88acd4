"""The blamelessness rules: the language detector applied to an incident's prose.

The detector (:func:`postmortem.checks._blame.find_blame`) reads one text at a time; the
rules here feed it every prose field with the names the incident knows to be people,
and turn each hit into a finding at the field's ``$.path`` with the hit's character span.
The text of the whole incident is analysed once per :func:`check` call and shared by
the six rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from postmortem.checks._finding import Finding
from postmortem.checks._rule import CheckContext, FunctionRule, rule
from postmortem.checks._text import prose_fields
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._blame import BlameHit

__all__ = [
    "character",
    "counterfactual",
    "culprit_question",
    "human_error",
    "named_person",
    "person_remedy",
]


def _hits(incident: Incident, context: CheckContext) -> list[tuple[str, BlameHit]]:
    from postmortem.checks._blame import find_blame  # noqa: PLC0415  (loaded on use)

    def scan() -> list[tuple[str, BlameHit]]:
        people = context.people
        allowed = context.allowed_words
        return [
            (path, hit)
            for path, text in prose_fields(incident)
            if text.strip()
            for hit in find_blame(text, people=people, allowed=allowed)
        ]

    return context.memo("blame.hits", scan)


def _blame_rule(name: str, summary: str) -> FunctionRule:
    rule_id = f"blame/{name}"

    def check(incident: Incident, context: CheckContext) -> Iterator[Finding]:
        for path, hit in _hits(incident, context):
            if hit.rule == rule_id:
                yield context.finding(path, hit.message, suggestion=hit.suggestion, span=(hit.start, hit.end))

    check.__doc__ = summary
    return rule(rule_id, severity="warning", summary=summary)(check)


named_person = _blame_rule("named-person", "A named person or role is not given as the cause of the failure.")
human_error = _blame_rule("human-error", "'Human error' or 'operator error' is not given as a cause.")
counterfactual = _blame_rule(
    "counterfactual",
    "People are not judged with hindsight ('should have', 'could have caught', 'obviously').",
)
culprit_question = _blame_rule(
    "culprit-question",
    "Questions look for conditions, not culprits ('who approved', 'why didn't').",
)
character = _blame_rule("character", "People's character or attention is not judged ('careless', 'ignored the alert').")
person_remedy = _blame_rule("person-remedy", "Remedies change systems, not people ('be more careful', 'retrain').")
