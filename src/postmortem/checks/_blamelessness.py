"""The blamelessness rules: the language detector applied to an incident's prose.

The detector (:func:`postmortem.checks._blame.find_blame_in_texts`, the hits
:func:`~postmortem.checks._blame.find_blame` gives each text) is handed every prose field
at once, with the names the incident knows to be people; each hit becomes a finding at its
field's ``$.path`` with the hit's character span. The incident is read once per
:func:`check` call and the hits are shared by the six rules.

Since round 8 of issue 14 the field a sentence sits in counts for one rule: ``blame/named-person``
says a person is *the cause of the failure*, and the items of ``what_went_well`` and
``where_we_got_lucky`` are by their place not an account of what caused it (*Tavita chose not
to restart the consumer* there is a decision that went well, not a lapse). Every other rule
reads those items as it reads any text: a judgement of character or hindsight is one anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from postmortem.checks._finding import Finding
from postmortem.checks._places import shared_praise_spans
from postmortem.checks._rule import CheckContext, FunctionRule, rule
from postmortem.checks._text import shared_no_cause_flags, shared_prose_fields, shared_timeline_flags
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._blame import BlameHit

__all__ = [
    "DEFAULT_SEVERITY",
    "character",
    "counterfactual",
    "culprit_question",
    "human_error",
    "named_person",
    "person_remedy",
]


def _hits(incident: Incident, context: CheckContext) -> dict[str, list[tuple[str, str, BlameHit]]]:
    from postmortem.checks._blame import find_blame_in_texts  # noqa: PLC0415  (loaded on use)

    def scan() -> dict[str, list[tuple[str, str, BlameHit]]]:
        paths, texts = zip(*shared_prose_fields(incident, context), strict=True)
        # All fields in one call: the same hits as one call per field, at a fraction of the cost.
        # The reader is told which are timeline descriptions: a chat line pasted there is not judged.
        found = find_blame_in_texts(
            texts,
            people=context.people,
            allowed=context.allowed_words,
            scorer=context.config.blame_scorer,
            timeline_entries=shared_timeline_flags(incident, context),
            document=True,
            praise=lambda index: shared_praise_spans(incident, context)[index],
        )
        by_rule: dict[str, list[tuple[str, str, BlameHit]]] = {}
        # The prose walker says which fields are by their place no account of the cause.
        no_cause = shared_no_cause_flags(incident, context)
        for path, text, hits, not_causes in zip(paths, texts, found, no_cause, strict=True):
            for hit in hits:
                if not_causes and hit.rule == "blame/named-person":
                    continue
                by_rule.setdefault(hit.rule, []).append((path, text, hit))
        return by_rule

    return context.memo("blame.hits", scan)


#: The severity of every blamelessness rule unless configured otherwise. Error, so that
#: ``postmortem check`` (which fails on errors) stops a merge that blames a person, with no
#: flag and no configuration: see "Gating CI" in docs/checks/blamelessness.md.
DEFAULT_SEVERITY = "error"


def _blame_rule(name: str, summary: str) -> FunctionRule:
    rule_id = f"blame/{name}"

    def check(incident: Incident, context: CheckContext) -> Iterator[Finding]:
        for path, text, hit in _hits(incident, context).get(rule_id, ()):
            yield context.finding(
                path,
                hit.message,
                suggestion=hit.suggestion,
                span=(hit.start, hit.end),
                phrase=text[hit.start : hit.end],
            )

    check.__doc__ = summary
    return rule(rule_id, severity=DEFAULT_SEVERITY, summary=summary)(check)


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
