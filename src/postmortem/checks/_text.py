"""The prose fields of an incident, each with its ``$.path``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Final

from postmortem._patterns import lazy_compile
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._rule import CheckContext

__all__ = [
    "plain",
    "plain_prose_fields",
    "prose_fields",
    "shared_no_cause_flags",
    "shared_plain_prose_fields",
    "shared_prose_fields",
    "shared_timeline_flags",
]


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
    yield from _timeline_descriptions(incident)
    for index, item in enumerate(incident.action_items):
        yield f"$.action_items[{index}].description", item.description
        yield f"$.action_items[{index}].risk_reduction", item.risk_reduction
        yield f"$.action_items[{index}].verification", item.verification
    for index, section in enumerate(incident.sections):
        yield f"$.sections[{index}].body", section.body
    for index, suppression in enumerate(incident.suppressions):
        yield f"$.suppressions[{index}].reason", suppression.reason


def _timeline_descriptions(incident: Incident) -> Iterator[tuple[str, str]]:
    for index, event in enumerate(incident.timeline):
        yield f"$.timeline[{index}].description", event.description


def _no_cause_items(incident: Incident) -> Iterator[tuple[str, str]]:
    """The items that by their field are no account of the failure's cause: what went well, where we got lucky."""
    yield from _items("$.what_went_well", incident.what_went_well)
    yield from _items("$.where_we_got_lucky", incident.where_we_got_lucky)


def plain(incident: Incident, text: str) -> str:
    """The text a reader sees in a prose field of ``incident`` (its Markdown rendered to plain text).

    Soft line breaks are spaces; blocks (paragraphs, list items, cells) are separated by a
    blank line. See :func:`postmortem.markup.to_plain_text`.
    """
    return _plain(text, str(incident.markup)) if text else text


@functools.lru_cache(maxsize=16384)
def _plain(text: str, markup: str) -> str:
    """Return :func:`plain` of *text* in *markup*, remembered: every check() reads each field."""
    to_plain_text, plain_paragraphs, simple_plain_text = _readers()
    if markup != "plain":
        # Most fields are ASCII sentences with no character to mask: one search reads them.
        seen = simple_plain_text(text)
        if seen is None:
            seen = _masked_plain(text, plain_paragraphs)
        if seen is not None:
            return seen
    return to_plain_text(text, markup)


@functools.cache
def _readers() -> tuple[Callable[[str, object], str], Callable[[str], str | None], Callable[[str], str | None]]:
    """``to_plain_text``, ``plain_paragraphs`` and ``simple_plain_text`` of :mod:`postmortem.markup`.

    Imported on first use (markdown-it loads only when needed) and kept: importing a name
    from a package inside a function runs importlib's Python code (``_handle_fromlist``)
    every time, here once per prose field.
    """
    from postmortem.markup import plain_paragraphs, simple_plain_text, to_plain_text  # noqa: PLC0415

    return to_plain_text, plain_paragraphs, simple_plain_text


def _masked_plain(text: str, plain_paragraphs: Callable[[str], str | None]) -> str | None:
    """Return the plain text of Markdown *text* read with its maskable characters masked, or None.

    Characters Markdown reads as plain text where they stand are masked, so that the
    parser-free reading of :mod:`postmortem.markup` takes the text; they are put back after.
    None where that reading declines: the caller then parses the text as written (never
    the masked one). ``plain_paragraphs`` is :func:`postmortem.markup.plain_paragraphs`.
    """
    masked = _masked(text)
    if masked is None:
        return None
    from postmortem.presentation import clean_text  # noqa: PLC0415  (a module: no importlib code runs)

    seen = plain_paragraphs(clean_text(masked))
    if seen is None:
        return None
    for char, mask in _MASK.items():
        if mask in seen:  # str.replace is C-level; translate with a table is not
            seen = seen.replace(mask, char)
    return seen


# Characters that to_plain_text hands to the Markdown parser wherever they stand, but that
# are plain text where post-mortems mostly use them (a time, an @handle, snake_case, "->"):
# each is masked by a private-use character while the text is read (see _masked).
_MASK: Final = {
    ":": "\ue000",
    "@": "\ue001",
    "_": "\ue002",
    "!": "\ue003",
    "&": "\ue004",
    ">": "\ue005",
    "~": "\ue006",
    "#": "\ue007",
}
_MASKS: Final = frozenset(_MASK.values())
_MASKS_RE: Final = lazy_compile("[" + "".join(sorted(_MASKS)) + "]")
_MASKABLE_ANY_RE: Final = lazy_compile("[" + "".join(map(re.escape, sorted(_MASK))) + "]")
# The characters masked by a look at their neighbours (see _mask_one).
_MASKABLE_RE: Final = lazy_compile("[@_!>#~]")
_ENTITY_RE: Final = lazy_compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK_HINTS: Final = ("://", "mailto:", "www.")
_EMAIL_LOCAL: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_ALNUM: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _mask_one(m: re.Match[str]) -> str:
    """Mask one character where Markdown reads it as plain text (see _masked)."""
    char = m.group()
    text = m.string
    pos = m.start()
    before = text[pos - 1] if pos else "\n"
    after = text[pos + 1 : pos + 2]
    if char == "@":
        # Not after a character an e-mail address's local part could end with ("@handle").
        return char if before in _EMAIL_LOCAL else _MASK[char]
    if char == "_":
        # Between two letters or digits: never emphasis (snake_case, max_connections).
        return _MASK[char] if before in _ALNUM and after in _ALNUM else char
    if char == "!":
        return char if after == "[" else _MASK[char]  # "![" opens an image
    if char == "~":
        # Strikethrough takes two tildes, a fence three.
        return _MASK[char] if before != "~" and after != "~" else char
    # ">" opens a quote and "#" a heading only at the start of a line (after up to three spaces).
    line_start = text.rfind("\n", 0, pos) + 1
    return _MASK[char] if text[line_start:pos].strip(" \t") else char


def _masked(text: str) -> str | None:
    """Return *text* with its maskable characters masked, or None when that cannot help.

    None when the text holds none of them, already holds a mask character, holds a link
    hint (near which ":" and "@" matter) or an entity (near which "&" does).
    """
    # Character classes searched in C (a set's isdisjoint makes a string of each character).
    if not _MASKABLE_ANY_RE.search(text) or _MASKS_RE.search(text):
        return None
    low = text.lower()
    if any(hint in low for hint in _LINK_HINTS) or ("&" in text and _ENTITY_RE.search(text)):
        return None
    # ":" and "&" are masked wherever they stand (the checks above cover them), by C-level
    # replaces; the others need a look at their neighbours.
    text = text.replace(":", _MASK[":"]).replace("&", _MASK["&"])
    return _MASKABLE_RE.sub(_mask_one, text)


def plain_prose_fields(incident: Incident) -> Iterator[tuple[str, str]]:
    """:func:`prose_fields` with each text as a reader sees it (:func:`plain`)."""
    markup = str(incident.markup)
    for path, text in prose_fields(incident):
        yield path, _plain(text, markup) if text else text


def shared_prose_fields(incident: Incident, context: CheckContext) -> list[tuple[str, str]]:
    """Return :func:`prose_fields` as a list made once per :func:`check` call, for every rule."""
    return context.memo("prose_fields", lambda: list(prose_fields(incident)))


def shared_timeline_flags(incident: Incident, context: CheckContext) -> list[bool]:
    """Return, for each field of :func:`shared_prose_fields`, whether it is a timeline event's description.

    The reader needs to know: a description keeps its time in the event's own field, so one
    that opens with a chat handle is a pasted chat line (see the ``timeline_entry`` of
    :func:`postmortem.checks._blame._reading.prose_view`).
    """

    def flags() -> list[bool]:
        timeline = {path for path, _ in _timeline_descriptions(incident)}
        return [path in timeline for path, _ in shared_prose_fields(incident, context)]

    return context.memo("timeline_flags", flags)


def shared_no_cause_flags(incident: Incident, context: CheckContext) -> list[bool]:
    """Return, for each field of :func:`shared_prose_fields`, whether it is by its place no account of the cause.

    The items of *what went well* and *where we got lucky* tell what helped, not what caused
    the failure: ``blame/named-person`` (a person as the cause) does not read them.
    """

    def flags() -> list[bool]:
        items = {path for path, _ in _no_cause_items(incident)}
        return [path in items for path, _ in shared_prose_fields(incident, context)]

    return context.memo("no_cause_flags", flags)


def shared_plain_prose_fields(incident: Incident, context: CheckContext) -> list[tuple[str, str]]:
    """Return :func:`plain_prose_fields` as a list made once per :func:`check` call."""
    return context.memo("plain_prose_fields", lambda: list(plain_prose_fields(incident)))
