"""The prose fields of an incident, each with its ``$.path``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._rule import CheckContext

__all__ = ["plain", "plain_prose_fields", "prose_fields", "shared_plain_prose_fields", "shared_prose_fields"]


def _items(path: str, values: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for index, value in enumerate(values):
        yield f"{path}[{index}]", value


def prose_fields(incident: Incident) -> Iterator[tuple[str, str]]:
    """Yield ``(path, text)`` for every field written in sentences, in document order.

    Identifiers, links, handles and names are left out: they are not prose.
    """
    yield "$.title", incident.title
    yield "$.summary", incident.summary
    yield "$.impact.summary", incident.impact.summary
    for index, update in enumerate(incident.customer_communication):
        yield f"$.customer_communication[{index}].summary", update.summary
    if incident.detection is not None:
        yield "$.detection.source", incident.detection.source
        yield "$.detection.notes", incident.detection.notes
    yield "$.root_cause.technical", incident.root_cause.technical
    yield "$.root_cause.process", incident.root_cause.process
    for index, factor in enumerate(incident.contributing_factors):
        yield f"$.contributing_factors[{index}].description", factor.description
    yield from _items("$.what_went_well", incident.what_went_well)
    yield from _items("$.what_went_poorly", incident.what_went_poorly)
    yield from _items("$.where_we_got_lucky", incident.where_we_got_lucky)
    yield from _items("$.lessons_learned", incident.lessons_learned)
    narrative = incident.narrative
    yield "$.narrative.user_impact", narrative.user_impact
    yield "$.narrative.detection", narrative.detection
    yield "$.narrative.responder_beliefs", narrative.responder_beliefs
    for index, hypothesis in enumerate(narrative.hypotheses):
        yield f"$.narrative.hypotheses[{index}].statement", hypothesis.statement
        yield f"$.narrative.hypotheses[{index}].evidence", hypothesis.evidence
    yield "$.narrative.resolution", narrative.resolution
    yield "$.narrative.aftermath", narrative.aftermath
    for index, event in enumerate(incident.timeline):
        yield f"$.timeline[{index}].description", event.description
    for index, item in enumerate(incident.action_items):
        yield f"$.action_items[{index}].description", item.description
        yield f"$.action_items[{index}].risk_reduction", item.risk_reduction
        yield f"$.action_items[{index}].verification", item.verification
    for index, section in enumerate(incident.sections):
        yield f"$.sections[{index}].body", section.body
    for index, suppression in enumerate(incident.suppressions):
        yield f"$.suppressions[{index}].reason", suppression.reason


def plain(incident: Incident, text: str) -> str:
    """The text a reader sees in a prose field of ``incident`` (its Markdown rendered to plain text).

    Soft line breaks are spaces; blocks (paragraphs, list items, cells) are separated by a
    blank line. See :func:`postmortem.markup.to_plain_text`.
    """
    if not text:
        return text
    from postmortem.markup import to_plain_text  # noqa: PLC0415  (markdown-it loads only when needed)

    return to_plain_text(text, incident.markup)


def plain_prose_fields(incident: Incident) -> Iterator[tuple[str, str]]:
    """:func:`prose_fields` with each text as a reader sees it (:func:`plain`)."""
    for path, text in prose_fields(incident):
        yield path, plain(incident, text)


def shared_prose_fields(incident: Incident, context: CheckContext) -> list[tuple[str, str]]:
    """Return :func:`prose_fields` as a list made once per :func:`check` call, for every rule."""
    return context.memo("prose_fields", lambda: list(prose_fields(incident)))


def shared_plain_prose_fields(incident: Incident, context: CheckContext) -> list[tuple[str, str]]:
    """Return :func:`plain_prose_fields` as a list made once per :func:`check` call."""
    return context.memo("plain_prose_fields", lambda: list(plain_prose_fields(incident)))
