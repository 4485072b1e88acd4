"""What building a draft carries along: the draft itself, its events and state, and small text helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs

from postmortem import model, presentation
from postmortem.importing._document import Block, Cell
from postmortem.importing._prose_related import Snippet
from postmortem.importing._table import Table, normalise, table
from postmortem.importing._times import DateOrder, When, leading_time, zone_note

PROSE = ("summary", "impact", "root_cause", "process_cause", "trigger", "detection", "resolution")
LISTS = ("what_went_well", "what_went_poorly", "where_we_got_lucky", "lessons_learned", "contributing_factors")

_MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
# An incident id as teams write them: INC-2026-0187, SEC-2026-014, OPS-9120, #4471, 2026-05-21-vpn.
_ID = re.compile(r"#?[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}")
_JIRA = re.compile(r"(?<![\w-])([A-Z][A-Z0-9_]{1,15}-[1-9][0-9]{0,6})(?![\w-])")


def _a_sentence(value: str) -> bool:
    """True when an "Incident:" line's value is a sentence that describes it, not its id.

    "Incident: main arena held, then partly evacuated, during a thunderstorm ...": taken as the
    id, it headed every page of the report and named its files. An id is a few words at most.
    """
    return len(value) > 48 or len(value.split()) > 5


_URL = re.compile(r"(?<![\w(<\"'=/])(https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])")
_ISSUE_REF = re.compile(r"(?<![\w#&])#([1-9][0-9]{0,6})(?![\w])")
# Round 22: a numeric date with its year ("by 15/12/2026") is a due date too ("before 1 November every
# year" is a rule, not a due date).
_DUE = re.compile(
    r"\b(?:due(?:\s+date)?|eta|by|deadline|target)\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}(?!\d))|\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?)",
    re.IGNORECASE,
)
_OWNER_LABEL = re.compile(r"\b(?:owner|owners|assignee|assigned to|owned by)\s*:\s*", re.IGNORECASE)
_DONE_WORD = re.compile(r"(?:^|[\s.,;(])(done|completed|complete)\.?\)?\s*$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^\s*(?P<key>[^\W\d_#][\w #/().'-]{0,120}?)\s*:\s+(?P<value>\S(?:.*\S)?)\s*$")
# A ";" separates two "Key: value" pieces only when a key follows it: "SEV4 — Low: little
# impact; a workaround exists" is one value.
_PIECE_SPLIT = re.compile(r"(?<!\s)\s+[·•|]\s+|;\s+(?=[^\W\d_][\w #/().'-]{0,60}?:\s)")
_SENTENCE_KEY = re.compile(r"(?<=\.)\s+(?=[A-Z][\w ]{0,30}:\s)")
# "… | Incident lead: Dalia Sørensen · All times CEST": a zone note as the last piece of a metadata line.
_ZONE_PIECE = re.compile(r"^\s*(?P<key>(?:all )?times)\s+(?:(?:are|in)\s+)?(?P<value>\S(?:.*\S)?)\s*$", re.IGNORECASE)
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
        warnings: What the import could not read, or read with doubt, as ``(line, $.path, message)``.
        date_order: How the document's numeric dates were read (``dmy`` or ``mdy``).
        yearless: Where the document has no date but writes one without a year: the line and
            its words, for the message that says how to give the year.
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
    warnings: tuple[tuple[int | None, str, str], ...] = ()
    date_order: DateOrder = "dmy"
    yearless: tuple[int, str] | None = None


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
    # The year given for dates written without one (``--year``), the front matter's ``date``,
    # and, where the document has no date, its first date written without a year.
    year: int | None = None
    front_date: tuple[str, int] | None = None
    # The front matter's ``title``: the title where the document gives none (no single first heading).
    front_title: tuple[str, int] | None = None
    yearless: tuple[int, str] | None = None
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
    # "D5" -> the ids of the action items read under "D5: Permanent corrective actions", for a later
    # section that reports on them by reference ("D5-1 variable rename | done 18.11").
    action_refs: dict[str, list[str]] = attrs.field(factory=dict)
    reported: int = 0
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
    warnings: list[tuple[int | None, str, str]] = attrs.field(factory=list)
    # Names written before an e-mail address anywhere in the document ("Ines Moreau <i.m@...>"):
    # people, whose first name alone in an item's closing bracket ("(Ines)") is its owner.
    mailed: tuple[str, ...] = ()
    # Round 25: first names the document writes as someone's (the first word of a full name, or a word
    # before a verb it does: "Kenji Watanabe", "Ahmed opens up"), whose name alone can own an item.
    named: frozenset[str] = frozenset()
    # The lines of the paragraphs read as a status page's updates: their events are status updates.
    status_lines: set[int] = attrs.field(factory=set)
    # The lines of the lists made of a status page's updates or an activity feed (importing._feeds).
    streams: set[int] = attrs.field(factory=set)
    # The lines of their entries (an update's paragraph, a feed's entry line).
    stream_entries: set[int] = attrs.field(factory=set)
    # The first names in brackets that own the items of the action list being read (_build_owners.list_owners).
    list_owners: frozenset[str] = frozenset()
    # An e-mail's sending dates by line: its "Date:" and each quoted or forwarded message's "Sent:".
    sent_days: tuple[tuple[int, date], ...] = ()
    # The timeline was read from sentences (the document has no timed entries; round 20: a start the
    # text states before its first event is the start).
    events_from_prose: bool = False

    def warn(self, line: int | None, path: str, message: str) -> None:
        """Record what the import could not read, or read with doubt, at ``line`` of the document."""
        self.warnings.append((line, path, message))


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
    elif opened and (label := _LABEL_CLOSE.match(rest)) is not None:
        # "**00:00, item 1.** CRAC B4 ...", "**03:10.** Temperature alarm": the bold label the time opens
        # closes after it; its marker never reaches the text ("item 1. CRAC B4 ...", round 24).
        rest = (label.group("label").strip() + " " + rest[label.end() :].lstrip()).lstrip(" ,.;")
    return rest.lstrip().lstrip(":-–—|").lstrip()


# What is left of a bold label after its time: ", item 1.**", ".**", " (Sipho):__".
_LABEL_CLOSE = re.compile(r"^(?P<label>[^*_\n]{0,60}?)(?:\*\*|__)(?!\w)")


def _clean(text: str) -> str:
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _DANGLING.sub("", text).strip()
    if text.count("**") % 2 or text.count("__") % 2:
        # "... first. **" once "**Owner:** Priya" is read as the owner: a marker left alone at an end
        # (round 24: markup never reaches the imported text).
        text = _LONE_MARKER.sub("", text).strip()
    return text.strip()


_LONE_MARKER = re.compile(r"(?:^|\s)(?:\*\*|__)\s*$|^\s*(?:\*\*|__)(?=\s)")


def _key_values(text: str, max_words: int = 5) -> list[tuple[str, str]] | None:
    """``[("Date", "2026-06-19"), ("Severity", "SEV1")]`` when every piece of the text is ``Key: value``."""
    pairs: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        chunks = _PIECE_SPLIT.split(line)
        for chunk in chunks:
            for piece in _SENTENCE_KEY.split(chunk):
                match = _KEY_VALUE.match(piece)
                if match is None and len(chunks) > 1 and zone_note(piece, table()) is not None:
                    match = _ZONE_PIECE.match(piece)
                if match is None or len(match.group("key").split()) > max_words:
                    return None
                pairs.append((match.group("key").strip(), match.group("value").strip().rstrip(".")))
    return pairs or None


def _write_up_status(value: str, *, synonyms: bool = True) -> str | None:
    """The write-up status a status line names: the model's words, or (``synonyms``) the table's ("Final")."""
    wanted = normalise(value)
    for member in model.WriteUpStatus:
        if wanted in (member.value.replace("_", " "), normalise(member.label)):
            return str(member.value)
    return table().write_up_words.get(wanted) if synonyms else None


def _single_date(value: str) -> bool:
    when = leading_time(value, table())
    return when is not None and when.clock is None and not value[when.end :].strip()


def _split_list(value: str) -> tuple[str, ...]:
    parts = re.split(r",\s*|\s+and\s+|\s*;\s*", value)
    return tuple(part.strip() for part in parts if part.strip())


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


def _enum_value(enum: Any, text: str) -> str | None:
    wanted = normalise(text).replace(" ", "_").replace("'", "")
    for member in enum:
        if wanted in (member.value, normalise(member.label).replace(" ", "_").replace("'", "")):
            return str(member.value)
    return None


# What a cell says when it holds nothing: a dash, "n/a", and our exports' words for an action
# item's missing owner and due date ("no owner yet", "no due date"), so that an export reads back.
_EMPTY_CELLS = frozenset(("", "—", "-", "–", "n/a", presentation.LABELS["no_owner"], presentation.LABELS["no_due"]))


def _empty(text: str) -> bool:
    return text.strip().strip("_*").strip().lower() in _EMPTY_CELLS


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
    inside = children[1:-1]
    if all(child.type in ("text", "softbreak") for child in inside):
        # The label as it reads: "\#channel" and "bulk\_save" are escapes of "#" and "_".
        return "".join(child.content if child.type == "text" else " " for child in inside), url
    return text[1:middle], url


def _table_rows(state: _State, block: Block, kind: str) -> tuple[dict[str, int], list[list[Cell]]] | None:
    if block.kind != "table" or len(block.rows) < 2:
        return None
    header = block.rows[0]
    columns = _columns(header, dict(state.table.columns[kind]))
    rows = [list(row) + [Cell("", "")] * (len(header) - len(row)) for row in block.rows[1:]]
    return columns, rows


def _plain_inline(markdown: str) -> str:
    from postmortem.importing._document import _parser, plain  # noqa: PLC0415

    return plain(_parser().parseInline(markdown)[0])  # type: ignore[attr-defined]


# The name starts and ends with a non-space, so a long run of spaces is not tried at every split (linear).
_PERSON = re.compile(r"^(?P<name>[^()\s](?:[^()]*[^()\s])?)(?:\s*\((?P<note>[^()]*)\))?\s*$")


def _people(value: str) -> list[tuple[str, str]]:
    """``[("Ana Ruiz", "SRE lead"), ("Tom Ng", "")]`` from "Ana Ruiz (SRE lead), Tom Ng".

    Commas, semicolons and "and" separate people only outside brackets, so a role written
    "(SRE lead, payments)" stays with its person.
    """
    pieces: list[str] = []
    depth = 0
    current = ""
    for index, char in enumerate(value):
        depth += (char == "(") - (char == ")")
        if depth == 0 and (char in ",;" or value.startswith(" and ", index)):
            pieces.append(current)
            current = ""
            continue
        current += char
    pieces.append(current)
    people: list[tuple[str, str]] = []
    for raw in pieces:
        piece = raw.strip().removeprefix("and ").strip()
        match = _PERSON.match(piece)
        if not piece:
            continue
        if match is None:
            people.append((piece, ""))
        else:
            people.append((match.group("name").strip(), (match.group("note") or "").strip()))
    return people


def _is_role(table_: Table, text: str) -> bool:
    """Whether a bracket after a name says a role ("SRE lead", "DBA on-call"), not a team."""
    low = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low) for word in table_.role_words)


def _participant(table_: Table, name: str, note: str, role: str = "") -> model.Participant:
    """A person with the note in brackets after their name as their role or their team."""
    handle = name if name.startswith("@") else None
    if note and _is_role(table_, note) and not role:
        return model.Participant(name=name, role=note, handle=handle)
    return model.Participant(name=name, role=role, handle=handle, team=note or None)
