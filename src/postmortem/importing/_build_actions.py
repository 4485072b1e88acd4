"""Reading action items from lists and tables: owner, due date, status, tracker key, priority."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import attrs

from postmortem import model, presentation
from postmortem.importing._build_nested import label_line
from postmortem.importing._build_owners import _owner_at_the_end, list_owners, owner_first
from postmortem.importing._build_requests import requests
from postmortem.importing._build_state import (
    _DONE_WORD,
    _DUE,
    _ISSUE_REF,
    _JIRA,
    _MENTION,
    _OWNER_LABEL,
    _URL,
    FreeSection,
    Mapped,
    _cell_link,
    _clean,
    _columns,
    _empty,
    _enum_value,
    _plain_inline,
    _State,
)
from postmortem.importing._build_timeline import _extra_columns
from postmortem.importing._code_cells import code_table
from postmortem.importing._document import Block, Cell, Item, Part, bold_line
from postmortem.importing._table import normalise
from postmortem.importing._times import find_date, time_spans

_OVERDUE = re.escape(presentation.LABELS["overdue"])
_OVERDUE_MARK = re.compile(rf"(?:^|\s*<br>)\s*\**{_OVERDUE} by \d+ days?\**\s*(?=<br>|$)", re.IGNORECASE)
_OVERDUE_NOTE = re.compile(rf"\**_?{_OVERDUE} as of \d{{4}}-\d{{2}}-\d{{2}}\._?\**", re.IGNORECASE)


# "D5: Permanent corrective actions", "B2. Actions": the label a later section refers to items by ("D5-1").
_SECTION_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z]{1,3}\d{1,2})\s*[:.)–—-]\s")
# "D5-1 variable rename", "D5-2: approval with decode script": an item of that section, by number.
_ITEM_REF = re.compile(r"^\s*(?P<label>[A-Za-z]{1,3}\d{1,2})[-./](?P<number>\d{1,2})\b")


def _reported_item(state: _State, description: str) -> int | None:
    """The index in ``state.items`` of the earlier item a row refers to by its section's label, if any.

    An 8D report's D6 ("Implementation and verification") lists D5's actions again as "D5-1 ...",
    "D5-2 ...", with who did them and when: the same actions, not new ones.
    """
    found = _ITEM_REF.match(description)
    if found is None:
        return None
    ids = state.action_refs.get(found.group("label").upper(), [])
    number = int(found.group("number"))
    if not 1 <= number <= len(ids):
        return None
    wanted = ids[number - 1]
    return next((index for index, item in enumerate(state.items) if item.id == wanted), None)


def _report_on(state: _State, index: int, owner: str | None, due: date | None, done: bool) -> None:
    """Fill in what a later section says of an earlier item: its owner and due date where it had none."""
    item = state.items[index]
    state.items[index] = attrs.evolve(
        item,
        owner=item.owner or owner,
        due=item.due or due,
        status=model.ActionStatus.DONE if done else item.status,
    )
    state.inferred.append(f"'{_clean(item.description)[:40]}' ({item.id}) reported on again later; read once")


# A committee's resolutions in a list of recommendations ("The Board is asked to: ... Note the apology
# sent", "Notes this report", "Receives the update") ask it to take note, not to do work.
_NOTES = re.compile(r"^\s*(?:to\s+)?(?:note|notes|receive|receives)\s+(?:the|this|that|these|its|our)\b", re.IGNORECASE)
# A management response that refuses the finding ("Not agreed. ... management accepts the risk",
# "Disagree.", "Rejected"): it records a decision to do nothing, so it is no action item; its text
# stays where it is written.
_REFUSAL = re.compile(
    r"^(?:\*\*|__)?\s*(?:not\s+agreed|disagreed?|rejected|not\s+accepted|declined|risk\s+accepted|"
    r"no\s+(?:further\s+)?action)\b",
    re.IGNORECASE,
)
# An audit's target date and an owner written in a response's prose (read as "due" and "Owner:").
_TARGET_DATE = re.compile(
    r"\b(?:target(?:\s+date)?|deadline|completion\s+date|implementation\s+date)\s*:\s*", re.IGNORECASE
)
_OWNER_WORD = re.compile(r"(?<![\w:])\b[Oo]wner\s+(?=[A-Z])")
# What taking the owner and due date out of a sentence leaves: ", , ." and " ." runs.
_LEFT_PUNCTUATION = re.compile(r"(?:\s*,)+\s*(?=[.;]|$)|\s+(?=[.,;])|(?<=\.)\s*\.")
_RESPONSE_IN_ITEM = re.compile(r"\bmanagement(?:'s)?\s+(?:response|comment)(?:\*\*|__)?\s*[:.–—-]\s*", re.IGNORECASE)


def _item_with_response(state: _State, item: Item, group: str | None) -> None:
    """An item; a finding with its agreed response on the next lines is read as one line.

    "Owner: X" (or "owner X") and "Target date: ..." in the response give the owner and due date,
    as in a response written as prose; what taking them out leaves (", , .") is tidied.
    """
    if "\n" not in item.markdown.strip() or not _RESPONSE_IN_ITEM.search(item.markdown):
        _action_from_item(state, item, group)
        return
    said = " ".join(_OWNER_WORD.sub("Owner: ", _TARGET_DATE.sub("due ", item.markdown)).split())
    before = len(state.items)
    _action_from_item(state, attrs.evolve(item, markdown=said, first=said, text=said), group)
    if len(state.items) > before:
        made = state.items[-1]
        tidied = re.sub(r"\.(?:\s*\.)+", ".", _LEFT_PUNCTUATION.sub("", made.description)).strip()
        state.items[-1] = attrs.evolve(made, description=tidied or made.description)


def refused(text: str) -> bool:
    """Whether a finding's text holds a management response that refuses it (no work agreed)."""
    found = _RESPONSE_IN_ITEM.search(text)
    return found is not None and _REFUSAL.match(text[found.end() :]) is not None


def _action_items(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    count_before = len(state.items)
    label = _SECTION_LABEL.match(part.title)
    reported_before = state.reported

    def walk(node: Part, group: str | None) -> None:  # noqa: PLR0912  (one case per block kind)
        kept_well = False  # after a "**Sustain**" label: what went well, until the next label
        for block in node.blocks:
            label = bold_line(block) or label_line(block)
            if label is not None:
                kept_well = state.table.section(label[0], allow_fallback=False) == "what_went_well"
            if kept_well and block.kind == "list":
                state.lists.setdefault("what_went_well", []).extend(
                    item.markdown for item in block.items if item.depth == 0
                )
                continue
            if block.kind == "list":
                state.list_owners = list_owners(state, block.items)
                for item in block.items:
                    if item.depth == 0 and (_NOTES.match(item.text) or refused(item.text)):
                        # "Notes this report": a resolution; "Management response: Not agreed": a refusal
                        leftovers.append(f"- {item.markdown}")
                    elif item.depth == 0:
                        _item_with_response(state, item, group)
                state.list_owners = frozenset()
            elif block.kind == "table":
                _action_table(state, block, leftovers)
            elif block.kind == "code" and (built := _code_block_table(block)) is not None:
                _action_table(state, built, leftovers)
            elif block.kind == "paragraph" and _OVERDUE_NOTE.fullmatch(block.text.strip()):
                # Our exports' "Overdue as of 2026-12-05." under the table: derived from the
                # due dates and the day of the export, so nothing to keep.
                continue
            elif block.markdown.strip():
                if block.kind == "paragraph" and node is part:
                    prose.append((len(leftovers), block))
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

    prose: list[tuple[int, Block]] = []
    walk(part, None)
    if len(state.items) == count_before and state.reported == reported_before:
        _prose_requests(state, prose, leftovers)
    if label is not None and len(state.items) > count_before:
        state.action_refs.setdefault(label.group("label").upper(), [item.id for item in state.items[count_before:]])
    if len(state.items) == count_before and state.reported == reported_before:
        if leftovers:
            state.aftermath.extend(leftovers)
            state.inferred.append(f"'{part.title}' has no list or table of action items; kept as what changed after")
        return
    if leftovers:
        state.sections.append(FreeSection(f"{part.title} (notes)", "\n\n".join(leftovers)))


def _prose_requests(state: _State, prose: list[tuple[int, Block]], leftovers: list[str]) -> None:
    """An action section with no list or table: its paragraphs' requests, each an action item (round 23).

    "Notes for next shift" written as sentences ("Please keep an eye on ...", "Could someone chase ..."),
    a make-ready log's notes a line each, department notes under "Notes for tomorrow". A paragraph that
    gives items leaves the section; one that gives none stays, as before, with what changed after.
    """
    for index, block in prose:
        read = requests(block.markdown)
        if read is None:
            continue
        found, leftovers[index] = read
        for text, offset in found:
            _action_from_item(state, Item(text, text, text, None, block.line + offset, 0), None)
        state.inferred.append(f"line {block.line}: {len(found)} request(s) in prose read as action items")
    leftovers[:] = [text for text in leftovers if text]


def _code_block_table(block: Block) -> Block | None:
    """A notebook cell that builds the follow-ups as a literal table, as a table block (same line)."""
    rows = code_table(block.text)
    if rows is None:
        return None
    cells = tuple(tuple(Cell(text, text) for text in row) for row in rows)
    return attrs.evolve(block, kind="table", rows=cells)


def _next_id(state: _State) -> str:
    taken = {item.id for item in state.items}
    number = len(state.items) + 1
    while f"AI-{number}" in taken:
        number += 1
    return f"AI-{number}"


# A bare "#2214" names an issue where it closes the item, stands in brackets or follows a word that
# says so ("see #5120", "issue #45", "tracked in #4186"); "freezer #2's door" or "pump #2 seal" numbers
# a thing, and its words stay as written (round 22).
_REF_WORD = re.compile(
    r"(?:\b(?:issue|issues|ticket|bug|pr|mr|pull request|merge request|see|in|task|story|card|tracked)\s*|[(\[]\s*)$",
    re.IGNORECASE,
)
_REF_ENDS = re.compile(r"\s*[)\].;,]*\s*$")
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _issue_ref(text: str) -> re.Match[str] | None:
    """The first ``#N`` in an item's running text that names an issue (see ``_REF_WORD``)."""
    for ref in _ISSUE_REF.finditer(text):
        if _POSSESSIVE.match(text, ref.end()):
            continue  # "freezer #2's door": a possessive names a thing
        # Only the words just before it are read, so that an item of many "#N" stays linear.
        if _REF_ENDS.fullmatch(text, ref.end()) or _REF_WORD.search(text[max(0, ref.start() - 40) : ref.start()]):
            return ref
    return None


def _tracker(text: str, running: bool = False) -> tuple[str | None, str | None]:
    """The tracker key and link in a cell, or in an item's running text.

    In running text (``running``) a bare ``#N`` is a key only where it reads as one (``_issue_ref``).
    """
    key = _JIRA.search(text)
    url = _URL.search(text)
    ref = _issue_ref(text) if running else _ISSUE_REF.search(text)
    tracker_key = key.group(1) if key else (f"#{ref.group(1)}" if ref else None)
    tracker_url = url.group(1) if url else None
    if tracker_key is None and tracker_url:
        issue = re.search(r"/(?:issues|pull|browse)/([\w-]+)$", tracker_url)
        if issue:
            number = issue.group(1)
            tracker_key = f"#{number}" if number.isdigit() else number
    return tracker_key, tracker_url


# A label before an item's text, then a colon: "**A1**: text", "**A1:** text", "A1: text",
# "PROB-312: text", "**Owner: Dana**: text". Bold, it may be any short phrase (then classified);
# plain, only an id or a tracker key, since "Note: ..." or "Rollback: ..." starts a sentence.
_LEAD_LABEL = re.compile(
    r"^\s*(?:\*\*(?P<bold>[^*\n]{1,40}?)(?::\*\*|\*\*\s*:)"
    r"|(?P<plain>[A-Za-z]{1,3}\d{1,3}|[A-Z][A-Z0-9_]{1,15}-[1-9][0-9]{0,6})\s*:)\s+"
)
_ITEM_ID = re.compile(r"[A-Za-z]{1,3}\d{1,3}")
_OWNER_IN_LABEL = re.compile(r"(?:owner|owners|assignee|assigned to|owned by)\s*:\s*(?P<owner>\S.*)", re.IGNORECASE)


def _lead_label(first: str) -> tuple[str | None, str | None, str]:
    """The item's own id and its owner from a label before its text; the text from where the label stops.

    A tracker key as the label stays in the text without its colon, where the tracker key is read
    from; a bold phrase that is none of these is the item's title and is kept ("**Alert on
    duplicates**: same card ...").
    """
    found = _LEAD_LABEL.match(first)
    if found is None:
        return None, None, first
    label = (found.group("bold") or found.group("plain")).strip().rstrip(":").strip()
    rest = first[found.end() :]
    if _ITEM_ID.fullmatch(label):
        return label, None, rest
    if _JIRA.fullmatch(label):
        return None, None, f"{label} {rest}"
    owner = _OWNER_IN_LABEL.fullmatch(label)
    if owner:
        return None, owner.group("owner").strip(), rest
    return None, None, first


# What opens a block of its own inside an item (a nested list, a table, a quote, code, a task box).
# A line of its own too: a field a tool writes under the item ("Votes: 7 · Author: Anon", "Due: ...").
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|[|>`#~]|\[[ xX]\]|$|[^\W\d_][\w' -]{0,30}:\s)")
_WRAPPED_LINES = 20


def _first_line(text: str) -> tuple[str, str]:
    """An item's first line and the rest; a soft-wrapped first paragraph is one line.

    "... before its next" then "fixture (Harbour Rovers secretary)." on the next line is read as one line, so
    that an owner or due date closing its last line is read as one closing the item.
    """
    first, _, more = text.partition("\n")
    for _line in range(_WRAPPED_LINES):
        line, _, rest = more.partition("\n")
        if not more or _BLOCK_START.match(line) or first.endswith(("  ", "\\")):
            break
        first, more = f"{first.rstrip()} {line.strip()}", rest
    return first, more


def _labelled_owner(first: str, labelled: re.Match[str]) -> tuple[str | None, str]:
    """The owner after an ``Owner:`` label, and the line without the label and the owner."""
    after = first[labelled.end() :]
    head = first[: labelled.start()]
    if after.lstrip().startswith(("**", "__")) and head.rstrip().endswith(("**", "__")):
        # "**Owner:** Priya Nandakumar": the label's bold closes after its colon; neither marker is text.
        after, head = after.lstrip()[2:], head.rstrip()[:-2]
    # "Owner: Tech Services (R. Mehta), due ...": a bracket after the owner belongs to it, dots and all.
    bracket = re.match(r"[^,;()]{1,60}\([^()]{1,60}\)", after)
    stop = None if bracket else re.search(r"[,;)]|\.\s|\.$|\s+due\b", after)
    value = bracket.group(0) if bracket else after[: stop.start()] if stop else after
    # The dash that led to the label ("... within 10 days — Owner: ...") goes with it.
    head = re.sub(r"\s+[—–]\s*$", "", head)
    return value.strip() or None, head + after[len(value) :]


def _action_from_item(state: _State, item: Item, group: str | None) -> None:
    first, more = _first_line(item.markdown)
    item_id, owner, first = _lead_label(first)
    written = first
    labelled = None if owner else _OWNER_LABEL.search(first)
    if labelled:
        owner, first = _labelled_owner(first, labelled)
    due: date | None = None
    if owner is None:
        owner, due, first = _owner_at_the_end(state, first)
    mentions = _MENTION.findall(first)
    if owner is None and mentions:
        owner = "@" + mentions[0]
    if owner is None:
        owner = owner_first(state, first)
    addressed = re.match(r"\s*@[\w.-]+\s*:\s", first)
    if owner and owner.startswith("@") and not addressed:
        # "(@owner, due ...)" is a field; an item addressed to someone ("@aarav: no pushes until ...")
        # keeps its words as written, the handle the owner too, so what it asks of whom stays checked.
        first = re.sub(rf"(?<![\w.@/]){re.escape(owner)}(?![\w-])", "", first)
    due_match = _DUE.search(first) if due is None else None
    if due_match:
        due = find_date(due_match.group("date"), state.doc_date)
        if due is not None:
            first = first[: due_match.start()] + first[due_match.end() :]
    tracker_key, tracker_url = _tracker(first, running=True)
    first = _without_tracker(first, tracker_key, tracker_url)
    first = _without_left_stops(first) if first != written else first
    status = model.ActionStatus.DONE if item.checked else model.ActionStatus.OPEN
    done = _DONE_WORD.search(_clean(first))
    if done and item.checked is not False:
        status = model.ActionStatus.DONE
        first = _clean(first)[: done.start(1)]
    description = _clean(first)
    if more.strip():
        description = f"{description}\n{more}" if description else more
    description = description or item.markdown
    if not description.strip():
        return  # an empty item ("1. " with nothing after it) asks for nothing
    if item_id is None or item_id in {existing.id for existing in state.items}:
        item_id = _next_id(state)
    state.items.append(
        model.ActionItem(
            id=item_id,
            description=description,
            owner=owner,
            due=due,
            status=status,
            tracker_key=tracker_key,
            tracker_url=tracker_url,
        )
    )


def _without_tracker(first: str, tracker_key: str | None, tracker_url: str | None) -> str:
    """An item's text without the tracker key and link read from it.

    A bare "#45" is taken out where it stands in brackets or after the item's fields ("(@hsu) #4410");
    in the sentence ("fix issue #45 first", "add it to #1412.") it is one of its words.
    """
    if tracker_url:
        first = first.replace(tracker_url, "", 1)
    if not tracker_key:
        return first
    if not tracker_key.startswith("#") or tracker_url:
        return first.replace(tracker_key, "", 1)
    ref = _issue_ref(first)
    if ref is None:
        return first
    before = first[: ref.start()]
    if re.search(r"[(\[]\s*$", before) or (
        _REF_ENDS.fullmatch(first[ref.end() :]) and re.search(r"(?:[)\]\u2014\u2013\u00b7|-]|^)\s*$", before)
    ):
        return before + first[ref.end() :]
    return first


# The stops that stood after fields taken out of an item's text: ". . .", "; ; ." (one kept; a full stop wins).
_LEFT_SEPARATORS = re.compile(r"\s*([.;,])(?:\s+[.;,])+")


def _without_left_stops(text: str) -> str:
    """An item's text after fields were taken out of it, without the stops they left.

    "Fix it. Owner: Ana. Due: 2026-04-01." left "Fix it. . ." and "Fix it, tracked in OPS-1." left
    "Fix it, tracked in ."; both are "Fix it.".
    """
    text = _LEFT_SEPARATORS.sub(lambda run: "." if "." in run.group(0) else run.group(1), text).rstrip()
    kept = _clean(text.removesuffix("."))
    return f"{kept}." if text.endswith(".") and kept and not kept.endswith((".", "!", "?")) else kept


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


# "PTASK0012044", "B-211", "#42": a record's number, one word with a digit.
_RECORD_ID = re.compile(r"#?[A-Za-z]{0,12}[-_.]?\d[\w.-]{0,20}")


def _ids_as_tasks(columns: dict[str, int], header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> None:
    """Round 25: a "Task" column of record numbers is the items' ids; the column of words beside it says what.

    An ITIL record's problem tasks (``| Task | Short description | Assigned to | Due date |``) name each
    task by its number: the description is the widest other column of words, the number the item's id.
    """
    at = columns.get("description")
    if at is None or "id" in columns:
        return
    cells = [row[at].text.strip() for row in rows if at < len(row) and row[at].text.strip()]
    if not cells or not all(_RECORD_ID.fullmatch(cell) for cell in cells):
        return
    widths = [
        (sum(len(row[i].text.split()) for row in rows if i < len(row)), i)
        for i in range(len(header))
        if i not in columns.values()
    ]
    if widths and max(widths)[0] >= 2 * len(rows):
        columns["id"], columns["description"] = at, max(widths)[1]


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
    _ids_as_tasks(columns, header, rows)
    other = [i for i in range(len(header)) if i not in columns.values()]
    extra: list[tuple[str, dict[str, str]]] = []
    for raw_row in rows:
        cells = list(raw_row) + [Cell("", "")] * (len(header) - len(raw_row))
        description = cells[columns["description"]].markdown.strip()
        if not description:
            continue

        def cell(role: str, cells: list[Cell] = cells) -> str:
            text = cells[columns[role]].text.strip() if role in columns else ""
            return "" if _empty(text) or text.casefold() in _EXPORT_BLANKS else text

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
        if not cell("status") and _DONE_IN_DUE.search(cell("due")) and not _more_than_a_date(cell("due")):
            status = "done"  # "Done", "15 October 2026 (done)" where the table has no status column
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
        reported = _reported_item(state, description)
        if reported is not None:
            _report_on(state, reported, cell("owner") or None, due, status == "done")
            state.reported += 1
            # What the row adds ("Verified: yes, 2 alarms tested") stays with the item it reports on.
            extra.append((state.items[reported].id, {header[i].markdown: cells[i].markdown for i in other}))
            continue
        if _more_than_a_date(cell("due")):
            # "Complete for Kelsey Ridge; all sites by 31 January 2027", "February 2027", "Three months":
            # kept as written with the item it times (round 22; it was only under "other columns").
            description = (
                f"{description.strip()} ({_plain_inline(header[columns['due']].markdown).strip()}: {cell('due')})"
            )
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


# What our exports write in an empty Owner or Due cell ("no owner yet", "no due date"): no value.
_EXPORT_BLANKS = frozenset(presentation.LABELS[key].casefold() for key in ("no_owner", "no_due"))
# Words a due cell may hold beside its date without saying more than the date.
_DUE_WORDS = frozenset(
    {"by", "due", "on", "before", "until", "end", "of", "the", "eod", "eow", "target", "done", "complete", "completed",
     "closed", "fixed"}
)  # fmt: skip
_DONE_IN_DUE = re.compile(r"\b(?:done|complete|completed|closed|fixed)\b|[✓✔]", re.IGNORECASE)


def _more_than_a_date(text: str) -> bool:
    """Whether a due cell says more than a due date (words besides it, or a date the import cannot read)."""
    if not text.strip():
        return False
    rest, position = [], 0
    for start, end in sorted(time_spans(text)):
        if start >= position:
            rest.append(text[position:start])
            position = end
    rest.append(text[position:])
    words = [word for word in re.findall(r"[^\W\d_]+", " ".join(rest).casefold()) if word not in _DUE_WORDS]
    return bool(words)


def _priority(text: str) -> model.Priority | None:
    value = _enum_value(model.Priority, text)
    if value:
        return model.Priority(value)
    words = {"p0": "critical", "p1": "critical", "p2": "high", "p3": "medium", "p4": "low", "urgent": "critical"}
    key = normalise(text)
    return model.Priority(words[key]) if key in words else None
