"""From a parsed Markdown document to an :class:`~postmortem.model.Incident`.

The steps: read metadata from the preamble, find the sections (headings, or bold labels in
documents without headings), map each to a field through the synonym table, read timeline
events and action items from lists and tables, and keep everything else, verbatim and in
order, as titled free-form sections. Every decision that was not written in the document is
recorded as an inference; every field a complete post-mortem needs and the document lacks is
recorded as missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from postmortem import model, presentation
from postmortem.errors import FieldError
from postmortem.importing._document import Block, Cell, Item, Part, bold_label, parse
from postmortem.importing._prose_related import Snippet
from postmortem.importing._table import Table, normalise, parenthesis, table
from postmortem.importing._times import When, find_date, leading_time, resolve, zone_note

__all__ = ["Draft", "FreeSection", "Mapped", "build"]

PROSE = ("summary", "impact", "root_cause", "process_cause", "trigger", "detection", "resolution")
LISTS = ("what_went_well", "what_went_poorly", "where_we_got_lucky", "lessons_learned", "contributing_factors")

_MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
# An incident id as teams write them: INC-2026-0187, SEC-2026-014, OPS-9120, #4471, 2026-05-21-vpn.
_ID = re.compile(r"#?[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}")
_JIRA = re.compile(r"(?<![\w-])([A-Z][A-Z0-9_]{1,15}-[1-9][0-9]{0,6})(?![\w-])")
_URL = re.compile(r"(?<![\w(<\"'=/])(https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])")
_ISSUE_REF = re.compile(r"(?<![\w#&])#([1-9][0-9]{0,6})(?![\w])")
_DUE = re.compile(
    r"\b(?:due(?:\s+date)?|eta|by|deadline|target)\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?)",
    re.IGNORECASE,
)
_OWNER_LABEL = re.compile(r"\b(?:owner|owners|assignee|assigned to|owned by)\s*:\s*", re.IGNORECASE)
_DONE_WORD = re.compile(r"(?:^|[\s.,;(])(done|completed|complete)\.?\)?\s*$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^\s*(?P<key>[^\W\d_#][\w #/().'-]{0,120}?)\s*:\s+(?P<value>\S.*?)\s*$")
# A ";" separates two "Key: value" pieces only when a key follows it: "SEV4 — Low: little
# impact; a workaround exists" is one value.
_PIECE_SPLIT = re.compile(r"\s+[·•|]\s+|;\s+(?=[^\W\d_][\w #/().'-]{0,60}?:\s)")
_SENTENCE_KEY = re.compile(r"(?<=\.)\s+(?=[A-Z][\w ]{0,30}:\s)")
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;]?\s*\)|\[\s*\]")
_DANGLING = re.compile(r"(?:\s*(?:[,;—–-]|\bsee\b|\btracked in\b|\bticket\b)\s*)+$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]{2,}")


@attrs.frozen
class Mapped:
    """Where one heading of the document went.

    Attributes:
        heading: The heading as written (``(preamble)`` for text before the first heading).
        target: A section name of the synonym table, ``group`` for a heading whose subheadings
            were mapped one by one, or ``section`` for a titled free-form section.
        line: 1-based line of the heading in the source.
    """

    heading: str
    target: str
    line: int


@attrs.frozen
class FreeSection:
    """A titled free-form section, kept verbatim (Markdown)."""

    title: str
    body: str


@attrs.frozen
class Draft:
    """What the import read, before it becomes an incident.

    Attributes:
        fields: Keyword arguments for :class:`~postmortem.model.Incident`.
        sections: Free-form sections, in document order.
        mapping: Where each heading went.
        inferred: What the import decided that the document did not say outright.
        missing: What a complete post-mortem needs and the document does not have.
        consumed: Sentences read as metadata or time-zone notes and stored in fields.
        precisions: For each timeline event, how precise its time is (``exact``, ``minute``,
            ``hour``, ``date``) and whether it is approximate.
        ongoing: True when the document says the incident is still going on.
        doc_date: The document's date (for times written without one), where it has one.
        doc_zone: The document's time zone, where it names one.
    """

    fields: dict[str, Any]
    sections: tuple[FreeSection, ...]
    mapping: tuple[Mapped, ...]
    inferred: tuple[str, ...]
    missing: tuple[str, ...]
    consumed: tuple[str, ...]
    precisions: tuple[tuple[str, bool], ...]
    ongoing: bool
    doc_date: date | None = None
    doc_zone: str | None = None


@attrs.define
class _Event:
    when: When
    time: datetime
    description: str
    line: int
    actor: str | None = None
    source: str = ""
    kind: str | None = None
    link: str | None = None
    also_in: tuple[str, ...] = ()


@attrs.define
class _State:
    table: Table
    name: str
    doc_date: date | None = None
    doc_zone: str | None = None
    metadata: dict[str, tuple[str, int]] = attrs.field(factory=dict)
    inferred: list[str] = attrs.field(factory=list)
    missing: list[str] = attrs.field(factory=list)
    consumed: list[str] = attrs.field(factory=list)
    mapping: list[Mapped] = attrs.field(factory=list)
    prose: dict[str, list[tuple[str, str]]] = attrs.field(factory=dict)
    lists: dict[str, list[str]] = attrs.field(factory=dict)
    events: list[_Event] = attrs.field(factory=list)
    items: list[model.ActionItem] = attrs.field(factory=list)
    sections: list[FreeSection] = attrs.field(factory=list)
    participants: list[model.Participant] = attrs.field(factory=list)
    group_notes: list[str] = attrs.field(factory=list)
    aftermath: list[str] = attrs.field(factory=list)
    ongoing: bool = False
    zones_seen: list[str] = attrs.field(factory=list)
    narrative: dict[str, list[str]] = attrs.field(factory=dict)
    hypotheses: list[model.Hypothesis] = attrs.field(factory=list)
    communications: list[model.CustomerCommunication] = attrs.field(factory=list)
    links: list[model.Link] = attrs.field(factory=list)
    factors: list[model.ContributingFactor] = attrs.field(factory=list)
    impact_facts: dict[str, Any] = attrs.field(factory=dict)
    detection_facts: dict[str, Any] = attrs.field(factory=dict)
    stated_milestones: bool = False
    related: list[model.RelatedIncident] = attrs.field(factory=list)
    related_lines: list[tuple[str, str]] = attrs.field(factory=list)
    windows: list[model.ImpactWindow] = attrs.field(factory=list)
    # The prose outside the related-incidents section, read for related incidents it names.
    prose_snippets: list[Snippet] = attrs.field(factory=list)


# ----------------------------------------------------------------------------- helpers


def _strip_prefix(markdown: str, plain_prefix: str) -> str:
    """Remove the text ``plain_prefix`` (as a reader sees it) from the start of ``markdown``."""
    i = j = 0
    target = plain_prefix.rstrip()
    while j < len(target) and i < len(markdown):
        if markdown[i] == target[j]:
            i += 1
            j += 1
        elif markdown[i] in "*_`\\":
            i += 1
        elif markdown[i].isspace() and target[j].isspace():
            i += 1
            j += 1
        else:
            return markdown
    if j < len(target):
        return markdown
    rest = markdown[i:]
    closing = len(rest) - len(rest.lstrip("*_`"))
    opened = markdown[: i - len(target)].count("*") + markdown[: i - len(target)].count("_")
    if closing and opened:
        rest = rest[closing:]
    return rest.lstrip().lstrip(":-–—|").lstrip()


def _clean(text: str) -> str:
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _DANGLING.sub("", text).strip()
    return text.strip()


def _key_values(text: str, max_words: int = 5) -> list[tuple[str, str]] | None:
    """``[("Date", "2026-06-19"), ("Severity", "SEV1")]`` when every piece of the text is ``Key: value``."""
    pairs: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        for chunk in _PIECE_SPLIT.split(line):
            for piece in _SENTENCE_KEY.split(chunk):
                match = _KEY_VALUE.match(piece)
                if match is None or len(match.group("key").split()) > max_words:
                    return None
                pairs.append((match.group("key").strip(), match.group("value").strip().rstrip(".")))
    return pairs or None


def _write_up_status(value: str) -> str | None:
    wanted = normalise(value)
    for member in model.WriteUpStatus:
        if wanted in (member.value.replace("_", " "), normalise(member.label)):
            return str(member.value)
    return None


def _single_date(value: str) -> bool:
    when = leading_time(value, table())
    return when is not None and when.clock is None and not value[when.end :].strip()


def _split_list(value: str) -> tuple[str, ...]:
    parts = re.split(r",\s*|\s+and\s+|\s*;\s*", value)
    return tuple(part.strip() for part in parts if part.strip())


# ----------------------------------------------------------------------------- metadata


_SHOWN = frozenset(
    {"id", "severity", "authors", "reviewers", "services", "tags", "started", "detected", "acknowledged",
     "mitigated", "resolved", "title"}
)  # fmt: skip


def _metadata_block(state: _State, block: Block) -> bool:  # noqa: PLR0911, PLR0912  (one case per block kind)
    """Read ``Key: value`` metadata from a preamble block; True when the whole block is metadata."""
    pairs: list[tuple[str, str]] = []
    if (
        block.kind == "table"
        and frozenset(normalise(cell.text) for cell in block.rows[0]) in state.table.derived_tables
    ):
        state.inferred.append("a table of figures derived from the milestones was left out (they are recomputed)")
        return True
    if block.kind == "table":
        rows = [row for row in block.rows if len(row) == 2]
        if len(rows) != len(block.rows) or not rows:
            return False
        header = {normalise(cell.text) for cell in block.rows[0]}
        body = block.rows[1:] if header <= {"", "field", "value", "key", "property", "item", "details"} else block.rows
        pairs = [(row[0].text.strip().rstrip(":"), row[1].text.strip()) for row in body if row[0].text.strip()]
    elif block.kind == "paragraph":
        found = _key_values(block.text)
        if found is None:
            return False
        pairs = found
    elif block.kind == "list":
        pairs = []
        for item in block.items:
            found = _key_values(item.text)
            if found is None:
                return False
            pairs += found
    else:
        return False
    known = [(state.table.metadata_key(key), key, value) for key, value in pairs]
    if not any(name for name, _key, _value in known):
        return False
    for name, key, value in known:
        if name is None:
            state.metadata.setdefault(normalise(key), (value, block.line))
        else:
            state.metadata.setdefault(name, (value, block.line))
            if name == "related":
                state.related_lines.append((key, value))
    return True


def _kept_metadata(state: _State, block: Block) -> bool:
    """True when a metadata block holds something no shown field stores (so it stays as written)."""
    pairs: list[tuple[str, str]] = []
    if (
        block.kind == "table"
        and frozenset(normalise(cell.text) for cell in block.rows[0]) in state.table.derived_tables
    ):
        return False
    if block.kind == "table":
        pairs = [(row[0].text, row[1].text) for row in block.rows if len(row) == 2 and row[0].text.strip()]
    elif block.kind == "paragraph":
        pairs = _key_values(block.text) or []
    elif block.kind == "list":
        for item in block.items:
            pairs += _key_values(item.text) or []
    for key, value in pairs:
        name = state.table.metadata_key(key.strip().rstrip(":"))
        if name in _SHOWN or (name == "timezone" and state.doc_zone):
            state.consumed.append(f"{key}: {value}")
            continue
        if name == "date" and _single_date(value):
            state.consumed.append(f"{key}: {value}")
            continue
        if name == "incident_commander" or (name == "status" and _write_up_status(value)):
            state.consumed.append(f"{key}: {value}")
            continue
        if normalise(key) in ("", "field", "key") or value.strip() in ("", "—", "-"):
            continue
        if normalise(key) == "owner" and _owner_is_an_author(state, value):
            # The Confluence page properties name the first author as the page's owner.
            state.consumed.append(f"{key}: {value}")
            continue
        return True
    return False


def _owner_is_an_author(state: _State, value: str) -> bool:
    authors = state.metadata.get("authors")
    return authors is not None and value.strip() != "" and authors[0].strip().startswith(value.strip())


# ----------------------------------------------------------------------------- sections


def _placeholder(state: _State, block: Block) -> bool:
    """Our exports' "Not written yet." in an empty section is no content."""
    return block.kind == "paragraph" and block.text.strip().casefold() in state.table.placeholders


_DRAFT_NOTICE = presentation.LABELS["draft"].casefold()
_FRONT_MATTER_LINES = 200


def _draft_notice(block: Block) -> bool:
    """Our exports' notice on a draft ("Draft: this post-mortem is not reviewed yet; ..."), or its title."""
    if block.kind not in ("paragraph", "quote"):
        return False
    text = re.sub(r"[*_>\s]+", " ", block.text or block.markdown).strip().casefold()
    return text in (_DRAFT_NOTICE, "draft")


def _without_front_matter(text: str) -> str:
    """The document with a leading YAML front matter block blanked (line numbers kept).

    Our Markdown export opens with one; its facts are in the document again, so it is read
    as no content. Only a block that opens on the first line and closes within
    :data:`_FRONT_MATTER_LINES` lines counts.
    """
    if not text.startswith("---"):
        return text
    lines = text.split("\n", _FRONT_MATTER_LINES + 1)
    if lines[0].strip() != "---":
        return text
    for end in range(1, min(len(lines) - 1, _FRONT_MATTER_LINES) + 1):
        if lines[end].strip() in ("---", "..."):
            return "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return text


def _split_pseudo_headings(state: _State, preamble: Part) -> list[Part]:
    """In a document without section headings, bold labels that name a section start one."""
    parts: list[Part] = []
    current = preamble
    for block in preamble.blocks:
        label = bold_label(block)
        if label is not None and state.table.section(label[0]) is not None:
            title, rest = label
            current = Part(title, 2, block.line, pseudo=True)
            parts.append(current)
            if rest:
                current.blocks.append(Block("paragraph", block.line, rest, text=rest, inline=rest))
            continue
        if current is preamble:
            continue
        current.blocks.append(block)
    if not parts:
        return [preamble]
    kept = [block for block in preamble.blocks if _belongs_to_preamble(block, parts)]
    preamble.blocks = kept
    return ([preamble] if kept else []) + parts


def _belongs_to_preamble(block: Block, parts: Sequence[Part]) -> bool:
    return block.line < parts[0].line


def _assign(state: _State, parts: Sequence[Part]) -> list[tuple[Part, str | None]]:
    """Decide the target of each top-level part (fallback names only where nothing else maps)."""
    firm = {part.line: state.table.section(part.title, allow_fallback=False) for part in parts if part.level}
    taken = {target for target in firm.values() if target}
    for part in parts:
        for child in part.walk():
            if child is not part:
                name = state.table.section(child.title, allow_fallback=False)
                if name:
                    taken.add(name)
    out: list[tuple[Part, str | None]] = []
    for part in parts:
        target = firm.get(part.line) if part.level else None
        if part.level and target is None and state.table.is_fallback(part.title):
            fallback = state.table.section(part.title)
            if fallback is not None and fallback not in taken:
                target = fallback
                state.inferred.append(
                    f"'{part.title}' read as {fallback.replace('_', ' ')} (the document has no other)"
                )
                taken.add(fallback)
        out.append((part, target))
    return out


def _structured(target: str | None) -> bool:
    """Sections read by a reader of their own, whose subheadings belong to them."""
    return target in (
        "timeline", "action_items", "customer_communication", "narrative", "participants", "links", "key_metrics",
        "contributing_factors", "related", "impact_windows",
    )  # fmt: skip


def _holds_narrative_parts(state: _State, part: Part) -> bool:
    """Whether every subheading of ``part`` names a narrative part, one of them only that.

    Subheadings such as "Detection" also name a section of their own, so at least one must be
    a narrative part and nothing else ("Hypotheses", "What responders believed").
    """
    if not part.children:
        return False
    names = [normalise(child.title) for child in part.children]
    parts = state.table.narrative_parts
    return all(name in parts for name in names) and any(
        state.table.section(child.title, allow_fallback=False) is None for child in part.children
    )


def _narrative_home(state: _State, part: Part, target: str | None) -> str | None:
    """The narrative part a subheading names when it sits in the section that part belongs to.

    Our exports put "User impact" under "Impact", "What resolved it" and "What changed after"
    under "Resolution", "How it was detected" under "Detection" (``presentation.SUBSECTIONS``).
    """
    name = state.table.narrative_parts.get(normalise(part.title))
    if name is None or target is None:
        return None
    homes = {path for path, _heading in presentation.SUBSECTIONS.get(target, ())}
    return name if f"narrative.{name}" in homes else None


def _visit(state: _State, part: Part, target: str | None) -> None:
    mapped_children = [
        (
            child,
            None if _narrative_home(state, child, target) else state.table.section(child.title, allow_fallback=False),
        )
        for child in part.children
    ]
    if not _structured(target) and not part.blocks and any(name for _child, name in mapped_children):
        # "Lessons learned" holding only "What went well", "What went wrong": a group.
        state.mapping.append(Mapped(part.title, "group", part.line))
        for child, name in mapped_children:
            _visit(state, child, name)
        return
    if target is None and _holds_narrative_parts(state, part):
        # "Response" holding "What responders believed" and "Hypotheses": the heading is the
        # document's own, the subheadings say it is the narrative.
        state.inferred.append(f"'{part.title}' read as narrative (its subheadings are narrative parts)")
        target = "narrative"
    if target is None:
        state.mapping.append(Mapped(part.title, "section", part.line))
        body = part.markdown()
        if body.strip():
            state.sections.append(FreeSection(part.title, body))
        return
    _visit_mapped(state, part, target)


def _visit_mapped(state: _State, part: Part, target: str) -> None:
    state.mapping.append(Mapped(part.title, target, part.line))
    readers = {
        "timeline": _timeline,
        "action_items": _action_items,
        "customer_communication": _customer_communication,
        "narrative": _narrative,
        "participants": _participants,
        "links": _links,
        "key_metrics": _key_metrics,
        "contributing_factors": _contributing_factors,
        "related": _related,
        "impact_windows": _impact_windows,
    }
    if target in readers:
        readers[target](state, part)
        return
    own = attrs.evolve(part, children=[], blocks=list(part.blocks))
    for child in part.children:
        narrative_part = _narrative_home(state, child, target)
        if narrative_part is not None:
            state.mapping.append(Mapped(child.title, f"narrative.{narrative_part}", child.line))
            state.narrative.setdefault(narrative_part, []).append(child.markdown())
            continue
        name = state.table.section(child.title, allow_fallback=False)
        if name and name != target:
            _visit(state, child, name)
        elif name and not child.children:
            # "Technical" under "Root cause": the same field; the heading adds nothing.
            state.mapping.append(Mapped(child.title, name, child.line))
            own.blocks += child.blocks
        else:
            if name:
                state.mapping.append(Mapped(child.title, name, child.line))
            own.children.append(child)
    if target == "impact":
        own.blocks = [block for block in own.blocks if not _facts(state, block, "impact", state.impact_facts)]
        own.blocks = [block for block in own.blocks if not _window_block(state, block, explicit=False)]
    elif target == "detection":
        own.blocks = [block for block in own.blocks if not _facts(state, block, "detection", state.detection_facts)]
    if target in PROSE:
        text = own.markdown()
        if text.strip() or target not in ("impact", "detection"):
            state.prose.setdefault(target, []).append((part.title, text))
    else:
        state.lists.setdefault(target, []).extend(_entries(own))


def _facts(state: _State, block: Block, kind: str, into: dict[str, Any]) -> bool:  # noqa: PLR0911, PLR0912  (one case per fact)
    """Read a list of "**Label:** value" facts (users affected, detection method); True when all were read."""
    if kind == "impact" and block.kind == "table" and block.rows:
        if frozenset(normalise(cell.text) for cell in block.rows[0]) not in state.table.impact_tables:
            return False
        table_metrics: list[model.ImpactMetric] = []
        for row in block.rows[1:]:
            if len(row) != 2 or not row[0].text.strip():
                return False
            number_text, _, unit = row[1].text.strip().partition(" ")
            number = _number(number_text)
            if number is None:
                return False
            table_metrics.append(model.ImpactMetric(name=row[0].text.strip(), value=number, unit=unit.strip()))
        into["metrics"] = tuple(into.get("metrics", ())) + tuple(table_metrics)
        return True
    if block.kind != "list" or any(item.depth for item in block.items):
        return False
    labels = state.table.facts[kind]
    found: dict[str, Any] = {}
    metrics: list[model.ImpactMetric] = []
    for item in block.items:
        pair = _whole_fact(item.text) or (_figure_fact(item.first) if kind == "impact" else None)
        if pair is None:
            return False
        label, value = pair
        name = labels.get(normalise(label))
        if kind == "impact":
            if name == "derived":
                state.consumed.append(item.text)
                continue
            if name == "users_affected":
                number = _number(value)
                if number is None or number != int(number):
                    return False
                found[name] = int(number)
                continue
            if name == "share_affected" and value.endswith("%") and _number(value[:-1]) is not None:
                found[name] = round(float(_number(value[:-1]) or 0) / 100, 12)
                continue
            number_text, _, unit = value.partition(" ")
            if not unit and number_text[-1:] in ("%", "‰"):
                # format_measure writes "31.2%" and "99.9‰" without a space.
                number_text, unit = number_text[:-1], number_text[-1]
            number = _number(number_text)
            if number is None:
                return False
            metrics.append(model.ImpactMetric(name=label, value=number, unit=unit.strip()))
        elif name is None:
            return False
        else:
            found[name] = value
    if metrics:
        found["metrics"] = tuple(into.get("metrics", ())) + tuple(metrics)
    into.update(found)
    return True


_FIGURE_FIRST = re.compile(r"^\s*\*\*(?P<figure>[-+]?\d[^*\n]*?)\*\*\s+(?P<label>[^\n]*\S)\s*$")


def _figure_fact(markdown: str) -> tuple[str, str] | None:
    """``("users affected", "14,860")`` for "**14,860** users affected", as our exports list figures."""
    match = _FIGURE_FIRST.match(markdown)
    if match is None:
        return None
    return match.group("label").strip(), match.group("figure").strip()


def _whole_fact(text: str) -> tuple[str, str] | None:
    """``("Users affected", "14,860")`` for one "Label: value" line (the label may be long)."""
    match = _KEY_VALUE.match(text)
    if match is None or "\n" in text.strip():
        return None
    return match.group("key").strip(), match.group("value").strip()


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _empty(text: str) -> bool:
    return text.strip() in ("", "—", "-", "–", "n/a", "N/A")


def _cell_link(markdown: str) -> tuple[str, str] | None:
    """``(label, url)`` when a cell or item is one Markdown link and nothing else."""
    text = markdown.strip()
    if not text.startswith("[") or not text.endswith(")"):
        return None
    middle = text.rfind("](")
    if middle < 1:
        return None
    from postmortem.importing._document import _parser  # noqa: PLC0415

    children = _parser().parseInline(text)[0].children or []  # type: ignore[attr-defined]
    children = [child for child in children if child.type != "text" or child.content]
    if not children or children[0].type != "link_open" or children[-1].type != "link_close":
        return None
    if sum(1 for child in children if child.type == "link_open") != 1:
        return None
    url = text[middle + 2 : -1].strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return text[1:middle], url


def _table_rows(state: _State, block: Block, kind: str) -> tuple[dict[str, int], list[list[Cell]]] | None:
    if block.kind != "table" or len(block.rows) < 2:
        return None
    header = block.rows[0]
    columns = _columns(header, dict(state.table.columns[kind]))
    rows = [list(row) + [Cell("", "")] * (len(header) - len(row)) for row in block.rows[1:]]
    return columns, rows


def _leftover_section(state: _State, part: Part, leftovers: list[str], *, parsed: bool) -> None:
    if leftovers:
        title = f"{part.title} (notes)" if parsed else part.title
        state.sections.append(FreeSection(title, "\n\n".join(leftovers)))


def _customer_communication(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.communications)
    for block in part.blocks:
        table_ = _table_rows(state, block, "communication")
        if table_ is None or not {"time", "channel"} <= set(table_[0]):
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:
            when = leading_time(row[columns["time"]].text, state.table, state.doc_date)
            time = resolve(when, state.doc_date, state.doc_zone) if when else None
            channel = _enum_value(model.CommunicationChannel, row[columns["channel"]].text) or "other"
            if time is None:
                leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
                continue
            summary = row[columns["summary"]].markdown.strip() if "summary" in columns else ""
            link: str | None = None
            if "link" in columns and not _empty(row[columns["link"]].text):
                found = _cell_link(row[columns["link"]].markdown)
                link = found[1] if found else row[columns["link"]].text.strip()
            elif "<br>" in summary and _cell_link(summary.rpartition("<br>")[2].strip()):
                # Markdown export: the address on its own line under the update.
                head, _, tail = summary.rpartition("<br>")
                found = _cell_link(tail.strip())
                if found:
                    summary, link = head.strip(), found[1]
            elif summary.endswith(")") and " (" in summary:
                # Confluence export: "summary ([url](url))".
                head, _, tail = summary.rpartition(" (")
                found = _cell_link(tail[:-1])
                if found:
                    summary, link = head, found[1]
            state.communications.append(
                model.CustomerCommunication(
                    channel=model.CommunicationChannel(channel),
                    time=time,
                    summary="" if _empty(summary) else summary,
                    link=link,
                )
            )
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.communications) > before)


def _narrative(state: _State, part: Part) -> None:
    leftovers = [block.markdown for block in part.blocks]
    for child in part.children:
        name = state.table.narrative_parts.get(normalise(child.title))
        if name is None:
            leftovers.append(child.markdown(with_heading=True))
            continue
        state.mapping.append(Mapped(child.title, f"narrative.{name}", child.line))
        if name != "hypotheses":
            state.narrative.setdefault(name, []).append(child.markdown())
            continue
        for block in child.blocks:
            table_ = _table_rows(state, block, "hypothesis")
            if table_ is None or "statement" not in table_[0]:
                leftovers.append(block.markdown)
                continue
            columns, rows = table_
            for row in rows:
                statement = row[columns["statement"]].markdown.strip()
                if not statement:
                    continue
                outcome = (
                    _enum_value(model.HypothesisOutcome, row[columns["outcome"]].text) if "outcome" in columns else None
                )
                evidence = row[columns["evidence"]].markdown.strip() if "evidence" in columns else ""
                state.hypotheses.append(
                    model.Hypothesis(
                        statement=statement,
                        outcome=model.HypothesisOutcome(outcome or "untested"),
                        evidence="" if _empty(evidence) else evidence,
                    )
                )
    _leftover_section(state, part, leftovers, parsed=bool(state.narrative or state.hypotheses))


def _participants(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.participants)
    for block in part.blocks:
        table_ = _table_rows(state, block, "participant")
        if table_ is None or "name" not in table_[0]:
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:

            def cell(role: str, row: list[Cell] = row) -> str:
                return row[columns[role]].text.strip() if role in columns else ""  # noqa: B023  (used at once)

            if _empty(cell("name")):
                continue
            state.participants.append(
                model.Participant(
                    name=cell("name"),
                    role="" if _empty(cell("role")) else cell("role"),
                    handle=None if _empty(cell("handle")) else cell("handle"),
                    team=None if _empty(cell("team")) else cell("team"),
                )
            )
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.participants) > before)


def _links(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.links)
    for block in part.blocks:
        if block.kind != "list":
            leftovers.append(block.markdown)
            continue
        for item in block.items:
            found = _cell_link(item.markdown) if item.depth == 0 else None
            if found is None:
                if item.depth == 0:
                    leftovers.append(f"- {item.markdown}")
                continue
            label, url = found
            title = "" if _plain_inline(label) == url else label
            state.links.append(model.Link(url=url, title=title))
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.links) > before)


def _plain_inline(markdown: str) -> str:
    from postmortem.importing._document import _parser, plain  # noqa: PLC0415

    return plain(_parser().parseInline(markdown)[0])  # type: ignore[attr-defined]


def _key_metrics(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    for block in part.blocks:
        if block.kind == "table" and block.rows:
            header = frozenset(normalise(cell.text) for cell in block.rows[0])
            if header in state.table.derived_tables:
                continue
            if header == frozenset({"milestone", "time"}):
                for row in block.rows[1:]:
                    key = state.table.metadata_key(row[0].text) if len(row) == 2 else None
                    if key in ("started", "detected", "acknowledged", "mitigated", "resolved"):
                        state.metadata.setdefault(key, (row[1].text.strip(), block.line))
                continue
        leftovers.append(block.markdown)
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=False)


def _with_triggers(factors: list[model.ContributingFactor], text: str) -> list[model.ContributingFactor]:
    """The factors with the trigger section's entries marked or added as triggers.

    A trigger section written as a list names one trigger per item; a factor of the same
    description (our exports list a trigger both under "Trigger" and among the factors) is
    marked as the trigger instead of being read twice.
    """
    items = [match.group(1).strip() for match in re.finditer(r"(?m)^[-*+] +(.+)$", text)]
    whole_list = items and all(line.strip()[:1] in "-*+" for line in text.splitlines() if line.strip())
    triggers = items if whole_list else [text]
    found: list[model.ContributingFactor] = []
    for description in triggers:
        same = [i for i, factor in enumerate(factors) if factor.description == description]
        if same:
            factors[same[0]] = attrs.evolve(factors[same[0]], trigger=True)
        else:
            found.append(model.ContributingFactor(description=description, trigger=True))
    return found + factors


def _contributing_factors(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    for block in part.blocks:
        table_ = _table_rows(state, block, "factor")
        if block.kind == "list":
            state.factors += [
                model.ContributingFactor(description=item.markdown) for item in block.items if not item.depth
            ]
            continue
        if table_ is None or "description" not in table_[0]:
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:
            description = row[columns["description"]].markdown.strip()
            if not description:
                continue
            category_text = row[columns["category"]].text.strip() if "category" in columns else ""
            trigger = False
            if category_text.endswith("(trigger)"):
                trigger, category_text = True, category_text[: -len("(trigger)")].strip()
            # "Monitoring<br>Trigger" (our exports put the trigger label under the category).
            lines = [line.strip() for line in re.split(r"<br\s*/?>|\n", category_text) if line.strip()]
            if len(lines) > 1 and normalise(lines[-1]) == "trigger":
                trigger, category_text = True, " ".join(lines[:-1])
            if "trigger" in columns:
                trigger = normalise(row[columns["trigger"]].text) in ("yes", "true", "x", "y")
            category = _enum_value(model.FactorCategory, category_text) if category_text else None
            state.factors.append(
                model.ContributingFactor(
                    description=description, category=model.FactorCategory(category or "other"), trigger=trigger
                )
            )
            if category_text and category is None:
                leftovers.append(f"- {category_text}: {description}")
    for child in part.children:
        leftovers.append(child.markdown(with_heading=True))
    _leftover_section(state, part, leftovers, parsed=bool(state.factors))


def _entries(part: Part) -> list[str]:
    entries: list[str] = []
    for block in part.blocks:
        if block.kind == "list":
            entries += [item.markdown for item in block.items if item.depth == 0]
        elif block.markdown.strip():
            entries.append(block.markdown)
    for child in part.children:
        entries.append(child.markdown(with_heading=True))
    return entries


# ----------------------------------------------------------------------------- timeline


def _columns(header: Sequence[Cell], roles: dict[str, frozenset[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = normalise(cell.text)
        bare = normalise(name.split("(")[0])
        for role, names in roles.items():
            if role not in found and (name in names or bare in names):
                found[role] = index
                break
    return found


def _timeline(state: _State, part: Part) -> None:
    zone = None
    inner = parenthesis(part.title)
    if inner:
        zone = state.table.zone(inner) or zone_note(f"times {inner}", state.table)
        if zone:
            state.zones_seen.append(zone)
    day = state.doc_date
    leftovers: list[str] = []
    count_before = len(state.events)

    def walk(node: Part, day: date | None, zone: str | None) -> None:  # noqa: PLR0912  (one case per block kind)
        for block in node.blocks:
            if block.kind in ("paragraph", "quote"):
                note_zone = zone_note(block.text, state.table)
                note_day = find_date(block.text, day)
                if note_zone or (note_day and len(block.text.split()) <= 8):
                    zone = note_zone or zone
                    if note_zone:
                        state.zones_seen.append(note_zone)
                    day = note_day or day
                    state.consumed.append(block.text)
                    state.inferred.append(
                        f"timeline: times read in {zone or 'UTC'}"
                        + (f" on {day.isoformat()}" if day else "")
                        + f" from the note '{block.text.strip()}'"
                    )
                    continue
                leftovers.append(block.markdown)
            elif block.kind == "list":
                for item in block.items:
                    if item.depth:
                        continue
                    event = _event_from_text(state, item.text, item.markdown, item.line, day, zone)
                    if event is None:
                        leftovers.append(f"- {item.markdown}")
                    else:
                        state.events.append(event)
            elif block.kind == "table":
                _timeline_table(state, block, day, zone, leftovers)
            elif block.markdown.strip():
                leftovers.append(block.markdown)
        for child in node.children:
            heading_time = leading_time(child.title, state.table, day)
            child_day, child_zone = day, zone
            if heading_time is not None and heading_time.day is not None:
                child_day = heading_time.day
                child_zone = heading_time.zone or zone
            else:
                inner_zone = parenthesis(child.title)
                child_zone = (state.table.zone(inner_zone) if inner_zone else None) or zone
                leftovers.append(child.heading)
            walk(child, child_day, child_zone)

    walk(part, day, zone)
    if len(state.events) == count_before:
        state.inferred.append(f"'{part.title}': no timeline entries with a time; kept as written")
    if leftovers:
        title = part.title if len(state.events) == count_before else f"{part.title} (notes)"
        state.sections.append(FreeSection(title, "\n\n".join(leftovers)))


def _event_from_text(
    state: _State, text: str, markdown: str, line: int, day: date | None, zone: str | None
) -> _Event | None:
    when = leading_time(text, state.table, day)
    if when is None:
        if day is None or not text.strip():
            return None
        # A line under a date heading with no time of its own happened that day.
        when = When(None, None, None, False, "date", 0)
        description = markdown
    else:
        rest = text[when.end :]
        if re.match(r"^(?:to|until|through|–|-)\s", rest) and find_date(rest, day):
            # A span of days ("2026-02-11 to 2026-02-12: ..."): dated by its first day, kept whole.
            description = markdown
        else:
            description = _strip_prefix(markdown, text[: when.end])
    time = resolve(when, day, zone or state.doc_zone)
    if time is None or not description.strip():
        return None
    return _Event(when, time, description.strip(), line)


def _extra_columns(state: _State, title: str, first: str, rows: list[tuple[str, dict[str, str]]]) -> None:
    """Keep table columns the import has no field for, as a free-form section of their own."""
    heads: list[str] = []
    for _key, values in rows:
        heads += [head for head in values if head not in heads]
    rows = [(key, values) for key, values in rows if any(value.strip() for value in values.values())]
    if not rows:
        return
    lines = ["| " + " | ".join([first, *heads]) + " |", "|" + "---|" * (len(heads) + 1)]
    lines += [
        "| " + " | ".join([key] + [values.get(head, " ") or " " for head in heads]) + " |" for key, values in rows
    ]
    state.sections.append(FreeSection(title, "\n".join(lines)))


def _timeline_table(  # noqa: PLR0912, PLR0915  (one case per column role)
    state: _State, block: Block, day: date | None, zone: str | None, leftovers: list[str]
) -> None:
    if len(block.rows) < 2:
        leftovers.append(block.markdown)
        return
    header, rows = block.rows[0], block.rows[1:]
    columns = _columns(header, dict(state.table.timeline_columns))
    for role in ("time", "date"):
        inner = parenthesis(header[columns[role]].text) if role in columns else None
        if inner:
            # "Time (UTC)", or our export's "Time (2026-05-04, CEST)" for a one-day timeline.
            when = leading_time(inner, state.table, day)
            inner_zone = (
                state.table.zone(inner) or (when.zone if when else None) or zone_note(f"times {inner}", state.table)
            )
            if when is not None and when.day is not None:
                day = when.day
            if inner_zone:
                zone = inner_zone
                state.zones_seen.append(inner_zone)
    if "time" not in columns and "date" not in columns:
        if all(leading_time(row[0].text, state.table, day) for row in rows if row):
            columns["time"] = 0
        else:
            leftovers.append(block.markdown)
            return
    if "description" not in columns:
        rest = [i for i in range(len(header)) if i not in columns.values()]
        if not rest:
            leftovers.append(block.markdown)
            return
        columns["description"] = rest[0]
    other = [i for i in range(len(header)) if i not in columns.values()]
    extra: list[tuple[str, dict[str, str]]] = []
    for raw_row in rows:
        row = list(raw_row) + [Cell("", "")] * (len(header) - len(raw_row))
        when_text = " ".join(row[columns[role]].text.strip() for role in ("date", "time") if role in columns)
        event = _event_from_text(state, when_text, "x", block.line, day, zone)
        if event is None:
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        if event.when.day is not None:
            # A table that writes the date only when it changes: later rows are on that day.
            day = event.when.day
        description = row[columns["description"]].markdown.strip()
        if not description:
            leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        link = _cell_link(description)
        if link is not None:
            description, event.link = link
        elif description.endswith(")") and " [(record)](" in description:
            # Our Confluence export: "description (record)", the record a link.
            head, _, tail = description.rpartition(" [(record)](")
            description, event.link = head, tail[:-1].strip("<>")
        event.description = description
        if "actor" in columns and not _empty(row[columns["actor"]].text):
            event.actor = row[columns["actor"]].text.strip()
        if "source" in columns and not _empty(row[columns["source"]].text):
            source, _, also = row[columns["source"]].markdown.partition("<br>also in ")
            event.source = _plain_inline(source).strip()
            if also:
                event.also_in = tuple(part.strip() for part in _plain_inline(also).split(", ") if part.strip())
        if "kind" in columns:
            event.kind = _enum_value(model.EventKind, row[columns["kind"]].text)
        state.events.append(event)
        extra.append((when_text, {header[i].markdown: row[i].markdown for i in other}))
    _extra_columns(state, "Timeline: other columns", "Time", extra)


def _enum_value(enum: Any, text: str) -> str | None:
    wanted = normalise(text).replace(" ", "_").replace("'", "")
    for member in enum:
        if wanted in (member.value, normalise(member.label).replace(" ", "_").replace("'", "")):
            return str(member.value)
    return None


# ----------------------------------------------------------------------------- action items


_OVERDUE = re.escape(presentation.LABELS["overdue"])
_OVERDUE_MARK = re.compile(rf"(?:^|\s*<br>)\s*\**{_OVERDUE} by \d+ days?\**\s*(?=<br>|$)", re.IGNORECASE)
_OVERDUE_NOTE = re.compile(rf"\**_?{_OVERDUE} as of \d{{4}}-\d{{2}}-\d{{2}}\._?\**", re.IGNORECASE)


def _action_items(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    count_before = len(state.items)

    def walk(node: Part, group: str | None) -> None:
        for block in node.blocks:
            if block.kind == "list":
                for item in block.items:
                    if item.depth == 0:
                        _action_from_item(state, item, group)
            elif block.kind == "table":
                _action_table(state, block, leftovers)
            elif block.kind == "paragraph" and _OVERDUE_NOTE.fullmatch(block.text.strip()):
                # Our exports' "Overdue as of 2026-12-05." under the table: derived from the
                # due dates and the day of the export, so nothing to keep.
                continue
            elif block.markdown.strip():
                leftovers.append(block.markdown)
        for child in node.children:
            before = len(state.items)
            walk(child, child.title)
            state.mapping.append(Mapped(child.title, "action_items", child.line))
            ids = [item.id for item in state.items[before:]]
            if ids:
                state.group_notes.append(f"- **{child.title}:** {', '.join(ids)}")
            else:
                leftovers.append(child.heading)

    walk(part, None)
    if len(state.items) == count_before:
        if leftovers:
            state.aftermath.extend(leftovers)
            state.inferred.append(f"'{part.title}' has no list or table of action items; kept as what changed after")
        return
    if leftovers:
        state.sections.append(FreeSection(f"{part.title} (notes)", "\n\n".join(leftovers)))


def _next_id(state: _State) -> str:
    taken = {item.id for item in state.items}
    number = len(state.items) + 1
    while f"AI-{number}" in taken:
        number += 1
    return f"AI-{number}"


def _tracker(text: str) -> tuple[str | None, str | None]:
    key = _JIRA.search(text)
    url = _URL.search(text)
    ref = _ISSUE_REF.search(text)
    tracker_key = key.group(1) if key else (f"#{ref.group(1)}" if ref else None)
    tracker_url = url.group(1) if url else None
    if tracker_key is None and tracker_url:
        issue = re.search(r"/(?:issues|pull|browse)/([\w-]+)$", tracker_url)
        if issue:
            number = issue.group(1)
            tracker_key = f"#{number}" if number.isdigit() else number
    return tracker_key, tracker_url


def _action_from_item(state: _State, item: Item, group: str | None) -> None:
    text = item.markdown
    first, _, more = text.partition("\n")
    owner: str | None = None
    labelled = _OWNER_LABEL.search(first)
    if labelled:
        after = first[labelled.end() :]
        stop = re.search(r"[,;)]|\.\s|\.$|\s+due\b", after)
        value = after[: stop.start()] if stop else after
        owner = value.strip() or None
        first = first[: labelled.start()] + after[len(value) :]
    mentions = _MENTION.findall(first)
    if owner is None and mentions:
        owner = "@" + mentions[0]
    if owner and owner.startswith("@"):
        first = re.sub(rf"(?<![\w.@/]){re.escape(owner)}(?![\w-])", "", first)
    due: date | None = None
    due_match = _DUE.search(first)
    if due_match:
        due = find_date(due_match.group("date"), state.doc_date)
        if due is not None:
            first = first[: due_match.start()] + first[due_match.end() :]
    tracker_key, tracker_url = _tracker(first)
    for found in (tracker_url, tracker_key):
        if found:
            first = first.replace(found, "", 1)
    status = model.ActionStatus.DONE if item.checked else model.ActionStatus.OPEN
    done = _DONE_WORD.search(_clean(first))
    if done and item.checked is not False:
        status = model.ActionStatus.DONE
        first = _clean(first)[: done.start(1)]
    description = _clean(first)
    if more.strip():
        description = f"{description}\n{more}" if description else more
    if not description:
        description = item.markdown
    state.items.append(
        model.ActionItem(
            id=_next_id(state),
            description=description,
            owner=owner,
            due=due,
            status=status,
            tracker_key=tracker_key,
            tracker_url=tracker_url,
        )
    )


_DETAIL_LABELS = {
    normalise(presentation.LABELS["risk_reduction"]): "risk_reduction",
    normalise(presentation.LABELS["verification"]): "verification",
}


def _action_details(description: str) -> tuple[str, dict[str, str]]:
    """Split the lines our exports add under an action item's description.

    The Markdown export writes ``<br>_Reduces risk:_ text`` and ``<br>_Verified:_ text``; the
    Confluence export also writes the kind in italics on a line of its own (``<br>*Monitor or
    alert*``), and older Confluence exports wrote the risk reduction that way without a label.
    """
    details: dict[str, str] = {}
    lines = description.split("<br>")
    while len(lines) > 1:
        line = lines[-1].strip()
        labelled = re.fullmatch(r"([*_])([^*_]+?):\s*\1\s*(.*)", line, flags=re.S)
        if labelled and normalise(labelled.group(2)) in _DETAIL_LABELS:
            details.setdefault(_DETAIL_LABELS[normalise(labelled.group(2))], labelled.group(3).strip())
        elif re.fullmatch(r"([*_])[^*_].*\1", line, flags=re.S):
            inner = line[1:-1].strip()
            if "kind" not in details and _enum_value(model.ActionKind, inner):
                details["kind"] = inner
            elif "risk_reduction" not in details:
                details["risk_reduction"] = inner
            else:
                break
        else:
            break
        lines.pop()
    return "<br>".join(lines), details


def _split_id(text: str) -> tuple[str, str]:
    """``("AI-1", "OPS-12")`` from an id cell that also holds a tracker key, else ``(text, "")``."""
    parts = re.split(r"\s*(?:<br\s*/?>|\n| · )\s*", text.strip(), maxsplit=1)
    return (parts[0], parts[1].strip()) if len(parts) == 2 else (text.strip(), "")


def _action_table(state: _State, block: Block, leftovers: list[str]) -> None:  # noqa: PLR0912, PLR0915  (one case per column)
    if len(block.rows) < 2:
        leftovers.append(block.markdown)
        return
    header, rows = block.rows[0], block.rows[1:]
    columns = _columns(header, dict(state.table.action_columns))
    if "description" not in columns:
        widths = [
            (sum(len(row[i].text) for row in rows if i < len(row)), i)
            for i in range(len(header))
            if i not in columns.values()
        ]
        if not widths:
            leftovers.append(block.markdown)
            return
        columns["description"] = max(widths)[1]
    other = [i for i in range(len(header)) if i not in columns.values()]
    extra: list[tuple[str, dict[str, str]]] = []
    for raw_row in rows:
        cells = list(raw_row) + [Cell("", "")] * (len(header) - len(raw_row))
        description = cells[columns["description"]].markdown.strip()
        if not description:
            continue

        def cell(role: str, cells: list[Cell] = cells) -> str:
            text = cells[columns[role]].text.strip() if role in columns else ""
            return "" if _empty(text) else text

        description, details = _action_details(description)
        verification = details.get("verification", "")
        risk_reduction = details.get("risk_reduction", "")
        description = description.replace("<br>", "\n")
        # Our exports write the tracker key with the id: "**AI-1** · OPS-12" in Markdown, the id
        # and a Jira macro or link on the next line in Confluence.
        id_text, id_extra = _split_id(cell("id"))
        _id_markdown, tracker_extra = _split_id(cells[columns["id"]].markdown.strip() if "id" in columns else "")
        item_id = _plain_inline(id_text).strip() or _next_id(state)
        if item_id in {existing.id for existing in state.items}:
            item_id = _next_id(state)
        # Our exports mark an overdue item beside its status ("In progress<br>Overdue by 3 days"):
        # derived from the due date and the day of the export, so only the status is read.
        status_text = _OVERDUE_MARK.sub("", cell("status").replace("\n", "<br>")).strip()
        completed = None
        head, _, tail = status_text.replace("\n", "<br>").rpartition("<br>")
        if head.strip() and find_date(tail.strip()) is not None:
            # Our exports write the completion date on its own line: "Done<br>2026-05-18".
            status_text = f"{head.strip()} ({tail.strip()})"
        if status_text.endswith(")") and " (" in status_text:
            head, _, tail = status_text.rpartition(" (")
            completed = find_date(tail[:-1])
            if completed is not None:
                status_text = head
        status = _enum_value(model.ActionStatus, status_text) or ("done" if normalise(status_text) in (
            "yes", "x", "[x]", "complete", "completed", "closed", "fixed", "✓", "✔") else "open")  # fmt: skip
        due = find_date(cell("due"), state.doc_date) if cell("due") else None
        tracker_key, tracker_url = None, None
        tracker_text, tracker_markdown = cell("tracker"), ""
        if tracker_text:
            tracker_markdown = cells[columns["tracker"]].markdown.strip()
        elif id_extra:
            tracker_text, tracker_markdown = id_extra, tracker_extra
        if tracker_text:
            link = _cell_link(tracker_markdown)
            if link is not None:
                tracker_key, tracker_url = _plain_inline(link[0]).strip() or None, link[1]
                if tracker_key == tracker_url:
                    tracker_key = None
            else:
                tracker_key, tracker_url = _tracker(tracker_markdown)
                if tracker_key is None and tracker_url is None:
                    tracker_key = tracker_text
        priority = _priority(cell("priority"))
        kind = _enum_value(model.ActionKind, cell("kind") or details.get("kind", ""))
        state.items.append(
            model.ActionItem(
                id=item_id,
                description=description.strip(),
                owner=cell("owner") or None,
                due=due,
                status=model.ActionStatus(status),
                priority=priority or model.Priority.MEDIUM,
                kind=model.ActionKind(kind) if kind else model.ActionKind.OTHER,
                tracker_key=tracker_key,
                tracker_url=tracker_url,
                risk_reduction=risk_reduction.strip(),
                verification=verification.strip(),
                completed=completed if status == "done" else None,
            )
        )
        kept = {header[i].markdown: cells[i].markdown for i in other}
        if cell("kind") and kind is None:
            kept[header[columns["kind"]].markdown] = cells[columns["kind"]].markdown
        if cell("priority") and priority is None:
            kept[header[columns["priority"]].markdown] = cells[columns["priority"]].markdown
        extra.append((item_id, kept))
    _extra_columns(state, "Action items: other columns", "ID", extra)


def _priority(text: str) -> model.Priority | None:
    value = _enum_value(model.Priority, text)
    if value:
        return model.Priority(value)
    words = {"p0": "critical", "p1": "critical", "p2": "high", "p3": "medium", "p4": "low", "urgent": "critical"}
    key = normalise(text)
    return model.Priority(words[key]) if key in words else None


# ----------------------------------------------------------------------------- incident


def _severity(state: _State) -> model.Severity | None:
    value = state.metadata.get("severity")
    if value is None:
        state.missing.append("severity: the document names none")
        return None
    text = normalise(value[0])
    for level in model.DEFAULT_SEVERITY_SCALE:
        # "SEV1", or our export's "SEV1 — Critical: ..."
        if normalise(level.name) == text or value[0].strip().startswith(f"{level.name} — "):
            return level
    for word, name in sorted(state.table.severity_words.items(), key=lambda pair: -len(pair[0])):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            level = model.DEFAULT_SEVERITY_SCALE.get(name)
            state.inferred.append(f"severity {level.name} from '{value[0]}'")
            return level
    state.missing.append(f"severity: '{value[0]}' is not a level of the scale")
    return None


def _accuracy(when: When) -> model.TimeAccuracy:
    """The model's accuracy of a time as written: its precision, "about" for ``~10:00``."""
    return model.TimeAccuracy(
        precision=model.TimePrecision(when.precision), bound=model.TimeBound.ABOUT if when.approximate else None
    )


def _milestone_value(state: _State, name: str) -> tuple[datetime, When] | None:
    value = state.metadata.get(name)
    if value is None:
        return None
    when = leading_time(value[0], state.table, state.doc_date)
    if when is None:
        return None
    time = resolve(when, state.doc_date, state.doc_zone)
    return None if time is None else (time, when)


def _words_in(text: str, words: Iterable[str]) -> bool:
    low = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(word)}", low) for word in words)


def _milestones(state: _State, events: Sequence[_Event]) -> model.Milestones | None:  # noqa: PLR0912  (one case per milestone source)
    stated = {
        name: _milestone_value(state, name) for name in ("started", "detected", "acknowledged", "mitigated", "resolved")
    }
    values: dict[str, Any] = {name: value[0] for name, value in stated.items() if value}
    values.update({f"{name}_accuracy": _accuracy(value[1]) for name, value in stated.items() if value})
    for name, value in stated.items():
        if value:
            state.inferred.append(f"{name} from the document's '{name}' line")
    ordered = sorted(events, key=lambda event: event.time)
    if "started" not in values:
        if ordered:
            values["started"] = ordered[0].time
            values["started_accuracy"] = _accuracy(ordered[0].when)
            state.inferred.append(f"started: the first timeline event ({ordered[0].time.isoformat()})")
        elif state.doc_date is not None:
            values["started"] = resolve(When(state.doc_date, None, None, False, "date", 0), None, state.doc_zone)
            values["started_accuracy"] = model.TimeAccuracy(precision=model.TimePrecision.DATE)
            state.inferred.append(f"started: the document's date {state.doc_date.isoformat()} (time unknown)")
        else:
            return None
    timed = [event for event in ordered if event.when.precision != "date" and event.time >= values["started"]]
    if any(stated.values()):
        # The document states its milestones; those it leaves out are missing, not guessed.
        timed = []
    previous = values["started"]
    for name in ("detected", "mitigated", "resolved"):
        if name in values:
            previous = values[name]
            continue
        if name == "resolved" and state.ongoing:
            continue
        words = state.table.milestone_words[name]
        found = next((event for event in timed if event.time >= previous and _words_in(event.description, words)), None)
        if found is not None:
            values[name] = found.time
            values[f"{name}_accuracy"] = _accuracy(found.when)
            previous = found.time
            state.inferred.append(
                f"{name}: the timeline event '{_short(found.description)}' ({found.time.isoformat()})"
            )
    for name in ("detected", "acknowledged", "mitigated", "resolved"):
        if name not in values and not (name == "resolved" and state.ongoing):
            state.missing.append(f"milestones.{name}")
    if state.ongoing and "resolved" not in values:
        values["ongoing"] = True
    try:
        return model.Milestones(**values)
    except FieldError as exc:
        state.inferred.append(f"milestones: {exc.message}; kept only started")
        return model.Milestones(
            started=values["started"], started_accuracy=values.get("started_accuracy", model.EXACT_TIME)
        )


def _short(text: str, size: int = 50) -> str:
    line = " ".join(text.split())
    return line if len(line) <= size else line[: size - 1] + "…"


def _event_kind(state: _State, description: str) -> str:
    for kind, words in state.table.event_kinds:
        if _words_in(description, words):
            return kind
    return "other"


def _detection(state: _State, text: str) -> model.Detection:
    facts = state.detection_facts
    source = "" if _empty(facts.get("source", "")) else str(facts.get("source", ""))
    time: datetime | None = None
    if not _empty(facts.get("time", "")):
        when = leading_time(str(facts["time"]), state.table, state.doc_date)
        time = resolve(when, state.doc_date, state.doc_zone) if when else None
    method_text = str(facts.get("method", ""))
    for suffix in ("(automated)", "(not automated)"):
        method_text = method_text.removesuffix(suffix).strip()
    method = _enum_value(model.DetectionMethod, method_text) if method_text else None
    if method is None:
        for candidate, words in state.table.detection_methods:
            if _words_in(text, words):
                method = candidate
                state.inferred.append(
                    f"detection method {candidate.replace('_', ' ')} from the detection section's words"
                )
                break
    if method is None:
        state.missing.append("detection.method: the detection section does not say")
    return model.Detection(method=model.DetectionMethod(method or "other"), source=source, time=time, notes=text)


def _joined(entries: Sequence[tuple[str, str]]) -> str:
    if len(entries) == 1:
        return entries[0][1]
    return "\n\n".join(f"**{title}**\n\n{body}" for title, body in entries)


def _title_and_id(state: _State, title: str | None) -> tuple[str, str]:
    incident_id = None
    if "id" in state.metadata:
        value = state.metadata["id"][0]
        key = _JIRA.search(value)
        incident_id = key.group(1) if key else value.split(":")[0].strip()
        if title is None and ":" in value:
            title = value.split(":", 1)[1].strip()
    text = (title or state.metadata.get("title", ("", 0))[0] or "").strip()
    bracket = re.match(r"^\[([^\]]{1,20})\]\s*", text)
    if bracket and normalise(bracket.group(1)) in state.table.ongoing:
        state.ongoing = True
        state.inferred.append(f"ongoing: the title says '{bracket.group(1)}'")
        text = text[bracket.end() :]
    head, sep, rest = text.partition(": ")
    if sep and rest.strip():
        if _ID.fullmatch(head.strip()) and any(ch.isdigit() for ch in head):
            incident_id = incident_id or head.strip()
            text = rest.strip()
        elif normalise(head) in state.table.title_prefixes:
            text = rest.strip()
    else:
        dash = re.match(r"^(.*?)\s+[—–-]\s+(.+)$", text)
        if dash and normalise(dash.group(1)) in state.table.title_prefixes:
            text = dash.group(2).strip()
    if not text:
        text = state.name
        state.inferred.append(f"title from the file name '{state.name}'")
    if incident_id is None:
        incident_id = re.sub(r"[^A-Za-z0-9]+", "-", state.name).strip("-")[:60] or "IMPORTED"
        state.inferred.append(f"id '{incident_id}' from the file name (the document has none)")
    return text, incident_id


# ------------------------------------------------------------------ related incidents, impact windows


_LEADING_LABEL = re.compile(r"^\s*(?P<label>[\w -]{1,30}?)\s*:\s+")
_LEAD_PUNCTUATION = re.compile(r"^[\s:;,.—–-]+|[\s:;,—–-]+$")


def _relation(state: _State, text: str) -> model.Relation:
    for relation, words in state.table.relation_words:
        if _words_in(text, words):
            return model.Relation(relation)
    return model.Relation.SIMILAR


def _link_in(markdown: str) -> tuple[str, str] | None:
    """``(text, url)`` of the first Markdown link or autolink of an inline text."""
    from postmortem.importing._document import _parser  # noqa: PLC0415

    children = _parser().parseInline(markdown)[0].children or []  # type: ignore[attr-defined]
    for index, child in enumerate(children):
        if child.type != "link_open":
            continue
        label: list[str] = []
        for inner in children[index + 1 :]:
            if inner.type == "link_close":
                break
            if inner.type in ("text", "code_inline"):
                label.append(inner.content)
        return "".join(label), str(child.attrs.get("href", ""))
    return None


def _id_of_url(url: str) -> str:
    """``2026-02-14-dns`` for ``../2026-02-14-dns.md``; the last path segment without its suffix."""
    path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    last = path.rsplit("/", 1)[-1]
    stem = re.sub(r"\.(?:md|markdown|html?|xml|ya?ml|json|pdf|docx)$", "", last, flags=re.IGNORECASE)
    return stem or url


def _related_entry(state: _State, markdown: str, text: str) -> model.RelatedIncident | None:
    """One related incident from a list item: a link or a tracker key, its relation and its title."""
    link = _link_in(markdown)
    key = _JIRA.search(text)
    url: str | None = None
    if link is not None and link[1]:
        url = link[1]
        link_key = _JIRA.fullmatch(link[0].strip())
        identifier = link_key.group(1) if link_key else (key.group(1) if key else _id_of_url(url))
    elif key is not None:
        identifier = key.group(1)
    else:
        return None
    if not _ID.fullmatch(identifier):
        identifier = _id_of_url(url) if url else identifier
    if not _ID.fullmatch(identifier) or identifier.casefold() == state.name.casefold():
        return None
    title = text
    if url is not None and link is not None and link[0].strip() == identifier:
        title = title.replace(link[0], " ", 1)
    elif key is not None and identifier == key.group(1):
        title = title.replace(identifier, " ", 1)
    relation = _relation(state, text)
    label = _LEADING_LABEL.match(title)
    if label and _enum_value(model.Relation, label.group("label")) == relation.value:
        # "Parent: [INC-2291](…) April outage": the relation column says "Parent".
        title = title[label.end() :]
    title = _SPACES.sub(" ", _LEAD_PUNCTUATION.sub("", title.replace(" ( )", " ").replace("()", " "))).strip()
    if url is not None and title.strip() == url:
        title = ""
    return model.RelatedIncident(id=identifier, relation=relation, url=url, title=title)


def _related(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.related)
    seen = {related.id.casefold() for related in state.related}

    def add(found: model.RelatedIncident | None, verbatim: str) -> None:
        if found is None or found.id.casefold() in seen:
            leftovers.append(verbatim)
            return
        seen.add(found.id.casefold())
        state.related.append(found)

    for block in part.blocks:
        table_ = _table_rows(state, block, "related")
        if table_ is not None and "id" in table_[0]:
            columns, rows = table_
            for row in rows:
                add(_related_row(state, columns, row), "| " + " | ".join(cell.markdown for cell in row) + " |")
            continue
        if block.kind != "list":
            leftovers.append(block.markdown)
            continue
        for item in block.items:
            if item.depth == 0:
                add(_related_entry(state, item.markdown, item.text), f"- {item.markdown}")
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.related) > before)


def _related_row(state: _State, columns: dict[str, int], row: list[Cell]) -> model.RelatedIncident | None:
    cell = row[columns["id"]]
    found = _related_entry(state, cell.markdown, cell.text)
    if found is None and not _empty(cell.text) and _ID.fullmatch(cell.text.strip()):
        found = model.RelatedIncident(id=cell.text.strip())
    if found is None:
        return None
    relation = found.relation
    if "relation" in columns and not _empty(row[columns["relation"]].text):
        relation = _relation(state, row[columns["relation"]].text)
    url = found.url
    if "url" in columns and not _empty(row[columns["url"]].text):
        linked = _cell_link(row[columns["url"]].markdown)
        url = linked[1] if linked else row[columns["url"]].text.strip()
    title = row[columns["title"]].markdown.strip() if "title" in columns else found.title
    return model.RelatedIncident(id=found.id, relation=relation, url=url, title="" if _empty(title) else title)


def _window_times(state: _State, text: str) -> tuple[datetime, When, datetime | None, When | None, str] | None:
    """``(start, start as written, end, end as written, rest)`` of "09:12-09:47 UTC: checkout failed"."""
    words = state.table.window_words
    rest = text.strip()
    for word in words.get("from", ()):
        if rest.casefold().startswith(word + " "):
            rest = rest[len(word) + 1 :]
            break
    first = leading_time(rest, state.table, state.doc_date)
    if first is None:
        return None
    rest = rest[first.end :].lstrip()
    for word in words.get("to", ()):
        if rest.casefold().startswith(word + " "):
            rest = rest[len(word) + 1 :]
            break
    lowered = rest.casefold()
    for word in words.get("ongoing", ()):
        if lowered.startswith(word) and (len(rest) == len(word) or not rest[len(word)].isalnum()):
            start = resolve(first, state.doc_date, state.doc_zone)
            if start is None:
                return None
            return start, first, None, None, rest[len(word) :]
    second = leading_time(rest, state.table, first.day or state.doc_date)
    if second is None:
        return None
    # "09:12-09:47 UTC": the zone written after the end is the start's zone too.
    first = attrs.evolve(first, zone=first.zone or second.zone, written_zone=first.written_zone or second.written_zone)
    start = resolve(first, state.doc_date, state.doc_zone)
    end = resolve(attrs.evolve(second, day=second.day or first.day), state.doc_date, state.doc_zone)
    if start is None or end is None:
        return None
    if second.day is None and end < start:
        end += timedelta(days=1)  # "23:40-00:25": past midnight
    return start, first, end, second, rest[second.end :]


def _window(state: _State, text: str, description: str | None = None) -> model.ImpactWindow | None:
    found = _window_times(state, text)
    if found is None:
        return None
    start, first, end, second, rest = found
    if description is None:
        description = _LEAD_PUNCTUATION.sub("", rest).strip()
    try:
        return model.ImpactWindow(
            start=start,
            end=end,
            description=description,
            start_accuracy=_accuracy(first),
            end_accuracy=_accuracy(second) if second is not None else model.EXACT_TIME,
        )
    except FieldError:
        return None


def _window_block(state: _State, block: Block, *, explicit: bool) -> bool:
    """Read a list or table of impact windows; True when every entry was one.

    In an impact section a list is read as windows only when it has two entries or more, each
    "from-until: what users saw"; under an "Impact windows" heading one entry is enough.
    """
    windows: list[model.ImpactWindow] = []
    table_ = _table_rows(state, block, "window")
    if table_ is not None and {"start", "end"} <= set(table_[0]):
        columns, rows = table_
        for row in rows:
            described = row[columns["description"]].markdown.strip() if "description" in columns else ""
            span = f"{row[columns['start']].text.strip()} to {row[columns['end']].text.strip()}"
            window = _window(state, span, "" if _empty(described) else described)
            if window is None:
                return False
            windows.append(window)
    elif block.kind == "list" and not any(item.depth for item in block.items):
        if len(block.items) < (1 if explicit else 2):
            return False
        for item in block.items:
            window = _window(state, item.text)
            if window is None:
                return False
            if window.description:
                # Keep the author's markup in the description.
                markdown_window = _window(state, item.markdown)
                if markdown_window is not None:
                    window = attrs.evolve(window, description=markdown_window.description)
            windows.append(window)
    else:
        return False
    state.windows.extend(windows)
    state.inferred.append(f"{len(windows)} impact window(s) from line {block.line}")
    return True


def _impact_windows(state: _State, part: Part) -> None:
    leftovers = [block.markdown for block in part.blocks if not _window_block(state, block, explicit=True)]
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=bool(state.windows))


def build(text: str, *, name: str = "document") -> Draft:
    """Read a Markdown post-mortem into a :class:`Draft`.

    Args:
        text: The Markdown document.
        name: The document's name (the file's stem), for an id and title the document lacks.

    Returns:
        The draft; :func:`postmortem.importing.import_document` turns it into an incident.
    """
    state = _State(table(), name)
    text = _without_front_matter(text)
    title, _title_line, parts = parse(text, lambda heading: state.table.section(heading) is not None)
    for top in parts:
        for part in top.walk():
            part.blocks = [block for block in part.blocks if not _placeholder(state, block)]
    if parts:  # the notice opens the document, before its first section
        parts[0].blocks = [block for block in parts[0].blocks if not _draft_notice(block)]
    if len(parts) == 1 and parts[0].level == 0:
        parts = _split_pseudo_headings(state, parts[0])
    preamble = parts[0] if parts and parts[0].level == 0 else None
    sections = parts[1:] if preamble else parts

    # Metadata, the document's date and zone come first: every time depends on them.
    prose_preamble: list[Block] = []
    metadata_blocks: list[Block] = []
    for block in preamble.blocks if preamble is not None else ():
        (metadata_blocks if _metadata_block(state, block) else prose_preamble).append(block)
    context = [title or ""] + [block.text for block in prose_preamble + metadata_blocks]
    _document_zone(state, context)
    _document_date(state, text, title, context[1:])
    status = state.metadata.get("status")
    if status and any(_words_in(status[0], [word]) for word in state.table.ongoing):
        state.ongoing = True
        state.inferred.append(f"ongoing: the status says '{status[0]}'")

    assigned = _assign(state, sections)
    kept_preamble = [block for block in metadata_blocks if _kept_metadata(state, block)]
    if kept_preamble:
        state.sections.append(FreeSection("Details", "\n\n".join(block.markdown for block in kept_preamble)))
    if prose_preamble:
        body = "\n\n".join(block.markdown for block in prose_preamble)
        if any(target == "summary" for _part, target in assigned):
            state.mapping.append(Mapped("(preamble)", "section", 1))
            state.sections.append(FreeSection("Introduction", body))
        else:
            state.mapping.append(Mapped("(preamble)", "summary", 1))
            state.prose.setdefault("summary", []).append(("(preamble)", body))
    for part, target in assigned:
        _visit(state, part, target)
    state.prose_snippets = _snippets(prose_preamble, [part for part, target in assigned if target != "related"])
    if state.group_notes:
        state.sections.append(FreeSection("Action item groups", "\n".join(state.group_notes)))
    return _finish(state, title)


def _document_zone(state: _State, context: Sequence[str]) -> None:
    """The zone times are written in: a time-zone line, a note, or the zone of a stated time."""
    zone_value = state.metadata.get("timezone")
    if zone_value:
        state.doc_zone = zone_note(f"times {zone_value[0]}", state.table)
    for line in (line for candidate in context for line in candidate.split("\n")):
        if state.doc_zone is not None:
            return
        found = zone_note(line, state.table)
        if found:
            state.doc_zone = found
            state.inferred.append(f"time zone {found} from '{_short(line, 70)}'")
    for key in ("started", "detected", "acknowledged", "mitigated", "resolved", "date"):
        if state.doc_zone is not None:
            return
        value = state.metadata.get(key)
        when = leading_time(value[0], state.table) if value else None
        if when is not None and when.zone:
            state.doc_zone = when.zone
            state.inferred.append(f"time zone {when.zone} from the document's '{key}' line")


def _document_date(state: _State, text: str, title: str | None, context: Sequence[str]) -> None:
    """The date of times written without one: a date line, the title, the preamble, else the first date."""
    date_value = state.metadata.get("date")
    candidates = ([date_value[0]] if date_value else []) + ([title] if title else []) + list(context)
    for candidate in candidates:
        state.doc_date = find_date(candidate)
        if state.doc_date is not None:
            return
    state.doc_date = _first_date_anywhere(text)
    if state.doc_date is not None:
        state.inferred.append(f"the document's date {state.doc_date.isoformat()}: the first date written in it")


def _first_date_anywhere(text: str) -> date | None:
    month_year = re.search(
        r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})\b",
        text,
        re.IGNORECASE,
    )
    default = date(int(month_year.group(2)), 1, 1) if month_year else None
    return find_date(text, default)


def _timeline_fields(state: _State, fields: dict[str, Any]) -> None:
    events = state.events
    for event in events:
        if event.kind is None:
            event.kind = _event_kind(state, event.description)
    dated_only = sum(1 for event in events if event.when.precision == "date")
    if dated_only:
        state.inferred.append(f"{dated_only} timeline event(s) known only by their date")
    approximate = sum(1 for event in events if event.when.approximate)
    if approximate:
        state.inferred.append(f"{approximate} timeline event(s) with an approximate time")
    if events and not state.doc_zone and not state.zones_seen and not any(event.when.zone for event in events):
        state.missing.append("time zone: the document names none; times were read as UTC")
    fields["milestones"] = _milestones(state, events)
    fields["timeline"] = tuple(
        model.TimelineEvent(
            time=event.time,
            time_accuracy=_accuracy(event.when),
            description=event.description,
            kind=model.EventKind(event.kind or "other"),
            actor=event.actor,
            source=event.source,
            link=event.link,
            also_in=event.also_in,
        )
        for event in events
    )
    if not events:
        state.missing.append("timeline")
    if state.doc_zone and state.doc_zone[:1] not in "+-":
        fields["timezone"] = state.doc_zone
        return
    zones = [zone for zone in state.zones_seen if zone[:1] not in "+-"]
    zones += [event.when.zone for event in events if event.when.zone and event.when.zone[:1] not in "+-"]
    if zones:
        fields["timezone"] = zones[0]


def _header_fields(state: _State, fields: dict[str, Any]) -> None:
    severity = _severity(state)
    if severity is not None:
        fields["severity"] = severity
    status = state.metadata.get("status")
    if status and _write_up_status(status[0]):
        fields["status"] = model.WriteUpStatus(_write_up_status(status[0]))
    for key in ("authors", "reviewers", "services", "tags"):
        if key in state.metadata and not _empty(state.metadata[key][0]):
            fields[key] = _split_list(state.metadata[key][0])
    # "Parent incident: OPS-88", "Related: INC-2291, INC-2304": tracker keys, relation from the label.
    known = {entry.id.casefold() for entry in state.related} | {str(fields["id"]).casefold()}
    for label, value in state.related_lines:
        for match in _JIRA.finditer(value):
            key = match.group(1)
            if key.casefold() not in known:
                known.add(key.casefold())
                state.related.append(model.RelatedIncident(id=key, relation=_relation(state, label)))
    commander = state.metadata.get("incident_commander")
    if commander:
        state.participants.append(model.Participant(name=commander[0], role="incident commander"))
    if state.participants:
        fields["participants"] = tuple(state.participants)


def _prose_fields(state: _State, fields: dict[str, Any]) -> None:  # noqa: PLR0912  (one case per field)
    prose = {target: _joined(entries) for target, entries in state.prose.items()}
    if state.windows:
        state.impact_facts["windows"] = tuple(state.windows)
    for target in ("summary", "impact"):
        if target not in prose and not (target == "impact" and state.impact_facts):
            state.missing.append(target)
    if "summary" in prose:
        fields["summary"] = prose["summary"]
    if "impact" in prose or state.impact_facts:
        fields["impact"] = model.Impact(summary=prose.get("impact", ""), **state.impact_facts)
    if "root_cause" in prose or "process_cause" in prose:
        fields["root_cause"] = model.RootCause(
            technical=prose.get("root_cause", ""), process=prose.get("process_cause", "")
        )
    else:
        state.missing.append("root_cause")
    factors = list(state.factors)
    factors += [model.ContributingFactor(description=entry) for entry in state.lists.get("contributing_factors", [])]
    if "trigger" in prose:
        factors = _with_triggers(factors, prose["trigger"])
    if factors:
        fields["contributing_factors"] = tuple(factors)
    if "detection" in prose or state.detection_facts:
        fields["detection"] = _detection(state, prose.get("detection", ""))
    else:
        state.missing.append("detection")
    narrative = {name: "\n\n".join(texts) for name, texts in state.narrative.items()}
    if "resolution" in prose:
        narrative["resolution"] = "\n\n".join(filter(None, (narrative.get("resolution"), prose["resolution"])))
    if state.aftermath:
        narrative["aftermath"] = "\n\n".join(filter(None, (narrative.get("aftermath"), *state.aftermath)))
    if narrative or state.hypotheses:
        fields["narrative"] = model.Narrative(hypotheses=tuple(state.hypotheses), **narrative)
    for key in ("what_went_well", "what_went_poorly", "where_we_got_lucky", "lessons_learned"):
        if state.lists.get(key):
            fields[key] = tuple(state.lists[key])
    if state.communications:
        fields["customer_communication"] = tuple(state.communications)
    if state.links:
        fields["links"] = tuple(state.links)
    if state.related:
        fields["related"] = tuple(state.related)


def _snippets(preamble: Sequence[Block], parts: Sequence[Part]) -> list[Snippet]:
    """The paragraphs and list items of the prose, as inline Markdown with their lines."""
    blocks = list(preamble) + [block for top in parts for part in top.walk() for block in part.blocks]
    found: list[Snippet] = []
    for block in blocks:
        if block.kind == "paragraph":
            found.append(Snippet(block.inline or block.text, block.line))
        elif block.kind == "list":
            found.extend(Snippet(item.first, item.line) for item in block.items)
        elif block.kind == "quote":
            text = " ".join(line.lstrip("> ").strip() for line in block.markdown.splitlines())
            found.append(Snippet(text, block.line))
    return found


def _related_in_prose(state: _State, own_id: str) -> None:
    """Related incidents the prose names with clear wording; the sentences stay where they are."""
    from postmortem.importing._prose_related import mentions  # noqa: PLC0415

    known = {entry.id.casefold() for entry in state.related}
    tickets = [item.tracker_key for item in state.items if item.tracker_key]
    for mention in mentions(state.prose_snippets, own_id, tickets):
        if mention.related is None:
            state.missing.append(
                f"related: '{mention.sentence}' (line {mention.line}) names an incident without an id or "
                "link; add it under related"
            )
            continue
        if mention.related.id.casefold() in known:
            continue
        known.add(mention.related.id.casefold())
        state.related.append(mention.related)
        state.inferred.append(
            f"related: {mention.related.id} ({mention.related.relation.label.lower()}) from "
            f"'{mention.sentence}' (line {mention.line})"
        )


def _finish(state: _State, title: str | None) -> Draft:
    incident_title, incident_id = _title_and_id(state, title)
    fields: dict[str, Any] = {"id": incident_id, "title": incident_title}
    _timeline_fields(state, fields)
    _header_fields(state, fields)
    _related_in_prose(state, str(fields["id"]))
    _prose_fields(state, fields)
    if state.items:
        fields["action_items"] = tuple(state.items)
        if not any(item.owner for item in state.items):
            state.missing.append("action_items[*].owner")
    else:
        state.missing.append("action_items")
    events = state.events
    return Draft(
        fields=fields,
        sections=tuple(state.sections),
        mapping=tuple(state.mapping),
        inferred=tuple(state.inferred),
        missing=tuple(state.missing),
        consumed=tuple(state.consumed),
        precisions=tuple((event.when.precision, event.when.approximate) for event in events),
        ongoing=state.ongoing,
        doc_date=state.doc_date,
        doc_zone=state.doc_zone,
    )
