"""From a parsed Markdown document to an :class:`~postmortem.model.Incident`.

The steps: read metadata from the preamble, find the sections (headings, or bold labels in
documents without headings), map each to a field through the synonym table, read timeline
events and action items from lists and tables, and keep everything else, verbatim and in
order, as titled free-form sections. Every decision that was not written in the document is
recorded as an inference; every field a complete post-mortem needs and the document lacks is
recorded as missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import attrs

from postmortem import presentation
from postmortem.importing._as_markdown import as_markdown
from postmortem.importing._bounds import refuse_oversized_shapes
from postmortem.importing._build_action_prose import (
    actions_for_someone,
    management_responses,
    ordinal_commitments,
    talk_page_follow_ups,
)
from postmortem.importing._build_actions import _action_items
from postmortem.importing._build_fields import _finish
from postmortem.importing._build_incident import (
    _short,
    _words_in,
    bold_title,
)
from postmortem.importing._build_meta import (
    _WRITTEN_LINE,
    _document_date,
    _kept_metadata,
    _metadata_block,
    decision_context,
    details_markdown,
    mailed_names,
    named_people,
)
from postmortem.importing._build_nested import events_in_prose, inner_labels, preamble_tasks, without_lists_of_their_own
from postmortem.importing._build_related import (
    _impact_windows,
    _related,
    _window_block,
    prose_snippets,
)
from postmortem.importing._build_sections import (
    _contributing_factors,
    _customer_communication,
    _entries,
    _factors_beside_the_cause,
    _facts,
    _key_metrics,
    _links,
    _narrative,
    _participants,
    our_metrics_note,
)
from postmortem.importing._build_state import (
    PROSE,
    Draft,
    FreeSection,
    Mapped,
    _State,
)
from postmortem.importing._build_timeline import _timeline
from postmortem.importing._build_timeline_found import _timed_lists, preamble_timeline
from postmortem.importing._document import Block, Part, breadcrumb, forget_inline, parse
from postmortem.importing._feeds import activity_feeds, status_updates
from postmortem.importing._footnotes import footnotes_where_cited
from postmortem.importing._four_digits import four_digit_clocks, writes_four_digit_times
from postmortem.importing._plain_text import split_pseudo_headings
from postmortem.importing._runs import bold_time_runs, chat_post_runs, comment_thread_runs
from postmortem.importing._table import normalise, table
from postmortem.importing._times import (
    DateOrder,
    date_order,
    leading_time,
    numeric_dates,
    zone_note,
)
from postmortem.presentation import plural

__all__ = ["Draft", "FreeSection", "Mapped", "build"]

# The steps live in sibling modules: _build_state (the draft, the state carried along, small
# helpers), _build_meta (metadata before the first section), _build_sections (facts, impact,
# narrative, people, links, factors), _build_timeline (lists, tables, chat logs) and
# _build_timeline_found (the timed block where no heading names a timeline), _build_actions (lists
# and tables), _build_owners (an item's bracketed owner and due date) and _build_action_prose
# (management responses, "Action for me: ..."), _build_incident (severity, milestones, detection,
# title and id), _build_related (related incidents, impact windows) and _build_fields (the
# incident's fields from what the readers gathered). This module finds the sections, sends each to
# its reader, and builds.


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


_OUR_CHART = re.compile(r"!\[Timeline chart of [^\n]*\]\(<?[^()\s<>]*-timeline\.svg>?\)")


def _our_chart(block: Block) -> bool:
    """The timeline chart our Markdown export links (``![Timeline chart of ...](INC-7-timeline.svg)``)."""
    return block.kind == "paragraph" and _OUR_CHART.fullmatch(block.markdown.strip()) is not None


_FRONT_MATTER_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]{0,40})\s*:\s*(?P<value>.{0,200})$")


def _without_our_notice_and_chart(state: _State, blocks: list[Block]) -> list[Block]:
    """The opening blocks without our exports' draft notice, key metrics note and timeline chart image."""
    charts = [block for block in blocks if _our_chart(block)]
    if charts:
        state.inferred.append("the timeline chart image was left out (an export draws it again)")
    return [
        block for block in blocks if not _draft_notice(block) and not our_metrics_note(block) and block not in charts
    ]


def _without_front_matter(text: str) -> tuple[str, dict[str, tuple[str, int]]]:
    """The document with a leading YAML front matter block blanked (line numbers kept), and its flat keys.

    Our Markdown export opens with one; its facts are in the document again, so it is read
    as no content, except the time zone, which the document names only by its abbreviation
    (``GMT`` is Europe/London or UTC). Only a block that opens on the first line and closes
    within :data:`_FRONT_MATTER_LINES` lines counts; a value is a plain or quoted scalar on
    its key's line (nothing is loaded as YAML).
    """
    if not text.startswith("---"):
        return text, {}
    lines = text.split("\n", _FRONT_MATTER_LINES + 1)
    if lines[0].strip() != "---":
        return text, {}
    for end in range(1, min(len(lines) - 1, _FRONT_MATTER_LINES) + 1):
        if lines[end].strip() in ("---", "..."):
            keys: dict[str, tuple[str, int]] = {}
            for number, line in enumerate(lines[1:end], start=2):
                pair = _FRONT_MATTER_KEY.match(line.rstrip())
                if pair is not None:
                    keys.setdefault(pair.group("key").casefold(), (_scalar(pair.group("value")), number))
            return "\n" * (end + 1) + "\n".join(lines[end + 1 :]), keys
    return text, {}


def _front_matter_zone(state: _State, front_matter: dict[str, tuple[str, int]]) -> None:
    """The front matter's ``timezone`` (our export writes it), when it names a zone."""
    zone = front_matter.get("timezone")
    if zone is not None and zone_note(f"times {zone[0]}", state.table) is not None:
        state.metadata["timezone"] = zone
        state.inferred.append(f"time zone {zone[0]} from the front matter (line {zone[1]})")


def _scalar(value: str) -> str:
    """A front-matter value as written: ``"Europe/London"`` (JSON, as our export quotes it), ``'x'`` or plain."""
    value = value.strip()
    if value[:1] == '"':
        try:
            loaded = json.loads(value)
        except ValueError:
            return value.strip('"')
        return loaded if isinstance(loaded, str) else value
    return value[1:-1].replace("''", "'") if len(value) > 1 and value[0] == value[-1] == "'" else value


def _fallback_summary(state: _State, part: Part) -> bool:
    if not state.table.is_fallback(part.title) or state.table.fallback.get(normalise(part.title)) != "summary":
        return False
    state.inferred = [note for note in state.inferred if not note.startswith(f"'{part.title}' read as summary")]
    return True


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
    firm |= _board_columns(state, parts, taken)
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
            elif normalise(part.title) in state.table.also:
                target = state.table.also[normalise(part.title)]
                state.inferred.append(f"'{part.title}' joins the {target.replace('_', ' ')} ({fallback} is taken)")
        out.append((part, target))
    return out


# A Start / Stop / Continue retro board's columns: what to start and what to stop doing are the
# cards to act on, what to continue is what went well. "Start" alone names no section (a timeline's
# part, a race's), so the columns are read so only where two of them or more are sibling headings.
_BOARD_COLUMNS = {"start": "action_items", "stop": "action_items", "continue": "what_went_well"}


def _board_columns(state: _State, parts: Sequence[Part], taken: set[str]) -> dict[int, str]:
    """The targets of a Start / Stop / Continue board's columns, by their heading's line.

    Where the write-up has an action section of its own, that holds the work agreed and the Start
    and Stop cards are the proposals it was chosen from: they stay sections as written.
    """
    columns = {part.line: _BOARD_COLUMNS[name] for part in parts if (name := normalise(part.title)) in _BOARD_COLUMNS}
    if len(columns) < 2 or "action_items" not in columns.values() or "action_items" in taken:
        return {}
    names = ", ".join(f"'{part.title}'" for part in parts if part.line in columns)
    state.inferred.append(f"{names}: a Start / Stop / Continue board, its Start and Stop cards action items")
    return columns


_STRUCTURED = frozenset(
    {"timeline", "action_items", "customer_communication", "narrative", "participants", "links", "key_metrics",
     "contributing_factors", "related", "impact_windows"}
)  # fmt: skip


def _structured(target: str | None) -> bool:
    """Sections read by a reader of their own, whose subheadings belong to them."""
    return target in _STRUCTURED


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
    if not _structured(target) and not part.blocks and any(name for child, name in mapped_children if not child.pseudo):
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
        events, items = len(state.events), len(state.items)
        part = without_lists_of_their_own(state, part, _visit)
        body = part.markdown()
        counts = ((len(state.events) - events, "timeline event"), (len(state.items) - items, "action item"))
        read = [plural(count, name) for count, name in counts if count]
        if not body.strip() and read:
            # An incident's section of a report of several, all of it lists: its title says whose they are.
            body = f"Read into the timeline and action items: {' and '.join(read)} (line {part.line})."
        if body.strip():
            state.sections.append(FreeSection(part.title, body))
        return
    _visit_mapped(state, part, target)


def _prepared(state: _State, part: Part, target: str) -> Part:
    """A prose section with its labelled lists as subsections, and a root cause without its factors.

    "Follow-up tasks:" before a task list in an issue's description is the action items.
    """
    part = _factors_beside_the_cause(state, part) if target == "root_cause" else part
    return inner_labels(state, part) if target in PROSE else part


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
    part = _prepared(state, part, target)
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


# ----------------------------------------------------------------------------- building


def build(
    text: str,
    *,
    name: str = "document",
    order: DateOrder | None = None,
    year: int | None = None,
    source: str | None = None,
) -> Draft:
    """Read a Markdown post-mortem into a :class:`Draft`.

    Args:
        text: The Markdown document.
        name: The document's name (the file's stem), for an id and title the document lacks.
        order: How numeric dates (``03/04``) are read; decided from the document when ``None``.
        year: The year of dates written without one, where the document names none.
        source: The file name, for the message of a document refused for its shape.

    Returns:
        The draft; :func:`postmortem.importing.import_document` turns it into an incident.

    Raises:
        IncidentFormatError: when the document holds more table cells or timed lines than any
            post-mortem (:mod:`postmortem.importing._bounds`).
    """
    state = _State(table(), name, year=year)
    text, notes = as_markdown(text)
    refuse_oversized_shapes(text, source)
    state.inferred += notes
    text, front_matter = _without_front_matter(text)
    _front_matter_zone(state, front_matter)
    state.front_date, state.front_title = front_matter.get("date"), front_matter.get("title")
    decision = date_order(text, state.table) if order is None else None
    if decision is not None:
        state.inferred.append(decision.note)
        if decision.warning:
            state.warn(decision.line, "$", decision.warning)
    chosen: DateOrder = order or (decision.order if decision else "dmy")
    try:
        with numeric_dates(chosen), four_digit_clocks(writes_four_digit_times(text)):
            draft = _build(state, text)
    finally:
        forget_inline()
    return attrs.evolve(draft, date_order=chosen)


def _build(state: _State, text: str) -> Draft:  # noqa: PLR0915  (one step a part of the document)
    state.mailed = mailed_names(text)
    state.named = named_people(text)
    title, _title_line, parts = parse(text, lambda heading: state.table.section(heading) is not None)
    footnotes_where_cited(parts)
    for top in parts:
        for part in top.walk():
            blocks = [block for block in part.blocks if not _placeholder(state, block)]
            blocks = comment_thread_runs(chat_post_runs(bold_time_runs(state, blocks)))
            part.blocks = activity_feeds(state, status_updates(state, blocks))
    if parts:  # the notice and the chart open the document, before its first section
        parts[0].blocks = _without_our_notice_and_chart(state, parts[0].blocks)
    if len(parts) == 1 and parts[0].level == 0:
        parts = split_pseudo_headings(state, parts[0])
    preamble = parts[0] if parts and parts[0].level == 0 else None
    sections = parts[1:] if preamble else parts

    # Metadata, the document's date and zone come first: every time depends on them.
    prose_preamble: list[Block] = []
    metadata_blocks: list[Block] = []
    for block in preamble.blocks if preamble is not None else ():
        (metadata_blocks if _metadata_block(state, block) else prose_preamble).append(block)
    title, prose_preamble = bold_title(state, title, prose_preamble, sections)
    context = [title or ""] + [block.text for block in prose_preamble + metadata_blocks]
    _document_zone(state, context)
    # The summary, then a "What happened" account (which joins the summary where root_cause is taken).
    summaries = [part for part in sections if state.table.section(part.title, allow_fallback=False) == "summary"]
    summaries += [part for part in sections if state.table.section(part.title) == "summary" and part not in summaries]
    summaries += [part for part in sections if state.table.also.get(normalise(part.title)) == "summary"]
    # Then a first section that maps to nothing ("Background": "On Monday, March 9, we moved ...").
    summaries += decision_context(title, sections) or [
        part for part in sections[:1] if state.table.section(part.title) is None
    ]
    headings = [part.title for part in sections]
    _document_date(state, text, title, context[1:], [part.markdown() for part in summaries], headings)
    status = state.metadata.get("status")
    if status and any(_words_in(status[0], [word]) for word in state.table.ongoing):
        state.ongoing = True
        state.inferred.append(f"ongoing: the status says '{status[0]}'")

    management_responses(state, sections)
    assigned = _assign(state, sections)
    _timed_lists(state, assigned)
    kept_preamble = [block for block in metadata_blocks if _kept_metadata(state, block)]
    # "Posted on 9 September 2026 by the platform team": a byline, not the summary; kept with the details.
    bylines = [block for block in prose_preamble if _byline(block)]
    prose_preamble = preamble_tasks(
        preamble_timeline(state, [block for block in prose_preamble if block not in bylines], assigned), assigned
    )
    kept_preamble += bylines
    if kept_preamble:
        state.sections.append(FreeSection("Details", details_markdown(state, kept_preamble)))
    if prose_preamble:
        # "Background" is the summary only where no text comes before the first heading.
        assigned = [(part, None if target == "summary" and _fallback_summary(state, part) else target)
                    for part, target in assigned]  # fmt: skip
        body = "\n\n".join(block.markdown for block in prose_preamble)
        # A "What happened" that only joins the summary (root_cause is taken) comes after the preamble.
        if any(state.table.section(part.title, allow_fallback=False) == "summary" for part, _target in assigned):
            state.mapping.append(Mapped("(preamble)", "section", 1))
            state.sections.append(FreeSection("Introduction", body))
        else:
            state.mapping.append(Mapped("(preamble)", "summary", 1))
            state.prose.setdefault("summary", []).append(("(preamble)", body))
    _visit_all(state, prose_preamble, assigned)
    state.prose_snippets = prose_snippets(prose_preamble, [part for part, target in assigned if target != "related"])
    if state.group_notes:
        state.sections.append(FreeSection("Action item groups", "\n".join(state.group_notes)))
    return _finish(state, title)


# A timeline of this many entries or fewer may leave what happened after it to the prose ("Action taken
# at the time: Parents phoned at 12:20."); a longer one is the document's account.
_SHORT_TIMELINE = 8


def _visit_all(state: _State, prose_preamble: list[Block], assigned: list[tuple[Part, str | None]]) -> None:
    """Read every section; then, where nothing gave a timed entry, the sentences that tell the times."""
    for part, target in assigned:
        _visit(state, part, target)
    blocks = [*prose_preamble, *(block for part, _target in assigned for block in part.blocks)]
    actions_for_someone(state, blocks)
    if not state.items:
        ordinal_commitments(state, blocks)
    if not state.items:
        talk_page_follow_ups(state, blocks)
    if not state.events:
        events_in_prose(state, prose_preamble, assigned)
    elif all(event.line in state.stream_entries for event in state.events):
        first = min(event.time for event in state.events)
        events_in_prose(state, prose_preamble, assigned, before=first)
    elif len(state.events) <= _SHORT_TIMELINE:
        events_in_prose(state, prose_preamble, assigned, beside=True)


def _byline(block: Block) -> bool:
    """A one-sentence line saying when the write-up was posted or written, and by whom (or a page's trail)."""
    text = block.text.strip()
    if block.kind == "paragraph" and "\n" not in text and breadcrumb(text):
        return True  # "Facilities Hub > Site Pages" above a saved page's title: where the page was, not the summary
    return (
        block.kind == "paragraph"
        and "\n" not in text
        and len(text.split()) <= 15
        and ". " not in text
        and _WRITTEN_LINE.match(text) is not None
    )


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
