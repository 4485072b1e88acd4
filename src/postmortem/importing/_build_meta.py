"""Reading the metadata written before the first section (author, date, status, severity, ...)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import date

from postmortem.importing._build_state import (
    Mapped,
    _a_sentence,
    _key_values,
    _single_date,
    _State,
    _write_up_status,
)
from postmortem.importing._document import Block, Part
from postmortem.importing._table import normalise
from postmortem.importing._times import find_date, first_yearless

# A line that says when the write-up was posted, published, written, updated or reviewed, not when
# the incident happened: "Posted on 9 September 2026", "Retrospective held: Thursday 16 April".
# Round 18: a report's own date ("Report date:", "Date of report:", an audit's or a board paper's), a
# case presented at a conference, a pull request merged; and each piece of a line of pieces
# ("Department of Medicine · Case presented 9 October 2026 · Prepared by ...") is read alone.
_WRITTEN_LINE = re.compile(
    r"^[\s*_>#-]*(?:posted|published|written|last updated|updated|presented|merged|(?:this )?(?:retrospective|retro|"
    r"review|post-mortem|postmortem|post mortem|write-up|report|audit report|paper|case)\s+(?:held|date|dated|"
    r"meeting|on|written|published|posted|presented|issued)|date of (?:the )?(?:report|review|paper)|"
    r"reviewed|meeting|held\s+on)\b",
    re.IGNORECASE,
)
_PIECES = re.compile(r"\s+[·•|]\s+")

_SHOWN = frozenset(
    {"id", "severity", "authors", "reviewers", "services", "tags", "started", "detected", "acknowledged",
     "mitigated", "resolved", "title"}
)  # fmt: skip


def _metadata_block(state: _State, block: Block) -> bool:
    """Read ``Key: value`` metadata from a preamble block; True when the block is metadata.

    A line that is not ``Label: value`` ("Reviewed in meeting of 26/06/2026") does not stop the
    block from being read when two labels or more name metadata and they outnumber such lines;
    the block is then kept as written under Details, that line with it.
    """
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
    elif block.kind in ("paragraph", "list"):
        pairs, odd = _pairs_and_odd_lines(block)
        known_labels = sum(1 for key, _value in pairs if state.table.metadata_key(key))
        if odd and (known_labels < 2 or len(pairs) <= len(odd)):
            return False
        for line, text in odd:
            # "Reviewed in meeting of 26/06/2026" among the labels: read the labels, keep the line.
            state.inferred.append(
                f"line {line}: '{text}' in the metadata block is not 'Label: value'; kept as written under Details"
            )
    else:
        return False
    known = [(state.table.metadata_key(key), key, value) for key, value in pairs]
    if not any(name for name, _key, _value in known):
        return False
    for name, key, value in known:
        if name is None and not _labelled_prose(state, key, value, block.line):
            state.metadata.setdefault(normalise(key), (value, block.line))
        elif name is not None:
            state.metadata.setdefault(name, (value, block.line))
            if name == "related":
                state.related_lines.append((key, value))
    return True


# The sections a header's "Label: value" line may fill with its text (a field written as prose).
_PHRASE_WORDS = 3
_LABELLED_FIELDS = frozenset({"summary", "impact", "root_cause", "process_cause", "trigger", "detection", "resolution"})


def labelled_field(state: _State, key: str, value: str = "") -> str | None:
    """The prose field a header label names where it names no metadata ("Impact", "Root cause"), else ``None``.

    Its value must be a phrase (three words or more): a tracker's "Resolution: Fixed" is a state, not
    how the incident was resolved.
    """
    if state.table.metadata_key(key) is not None or len(value.split()) < _PHRASE_WORDS:
        return None
    target = state.table.section(key, allow_fallback=False)
    return target if target in _LABELLED_FIELDS else None


def _labelled_prose(state: _State, key: str, value: str, line: int) -> bool:
    """Read a header line such as "**Impact:** About 4% failed" into the field it names; True when read."""
    target = labelled_field(state, key, value)
    if target is None:
        return False
    state.prose.setdefault(target, []).append((key, value.strip()))
    state.mapping.append(Mapped(key, target, line))
    state.inferred.append(f"line {line}: the '{key}:' line read as the {target.replace('_', ' ')}")
    return True


def details_markdown(state: _State, blocks: Sequence[Block]) -> str:
    """Metadata blocks as written for Details, without the lines read into a prose field."""
    return "\n\n".join(text for block in blocks if (text := _details_of(state, block)).strip())


def _details_of(state: _State, block: Block) -> str:
    if block.kind != "paragraph":
        return block.markdown
    kept = []
    for line in block.markdown.split("\n"):
        plain = re.sub(r"(\*\*|__)", "", line).rstrip("\\ ")
        pairs = _key_values(plain)
        if pairs and len(pairs) == 1 and labelled_field(state, pairs[0][0], pairs[0][1]):
            continue
        kept.append(line)
    if kept and kept[-1].endswith("\\"):
        kept[-1] = kept[-1][:-1]  # the hard break closed a line that is no longer there
    return "\n".join(kept)


def _pairs_and_odd_lines(block: Block) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """The ``Label: value`` pairs of a paragraph's lines or a list's items, and the lines that are not."""
    pairs: list[tuple[str, str]] = []
    odd: list[tuple[int, str]] = []
    if block.kind == "paragraph":
        lines = [(block.line + index, line) for index, line in enumerate(block.text.split("\n"))]
    else:
        lines = [(item.line, item.text) for item in block.items]
    for line, text in lines:
        if not text.strip():
            continue
        found = _key_values(text)
        if found is None:
            odd.append((line, text.strip()))
        else:
            pairs += found
    return pairs, odd


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
    elif block.kind in ("paragraph", "list"):
        pairs, odd = _pairs_and_odd_lines(block)
        if odd:
            return True
    for key, value in pairs:
        name = state.table.metadata_key(key.strip().rstrip(":"))
        if name in ("authors", "reviewers") and "(" in value:
            return True  # "Ana Ruiz (SRE lead)": the names are read, the roles stay in the line
        if name == "id" and _a_sentence(value):
            return True  # a sentence that describes the incident: no field shows it (see _id_line)
        if name in _SHOWN or (name == "timezone" and state.doc_zone):
            state.consumed.append(f"{key}: {value}")
            continue
        if name == "date" and _single_date(value):
            state.consumed.append(f"{key}: {value}")
            continue
        if (
            name == "incident_commander"
            or (name == "status" and _write_up_status(value, synonyms=False))  # "Final" stays as written too
            or (name is None and labelled_field(state, key.strip().rstrip(":"), value))  # "Impact: ..."
        ):
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


def _document_date(
    state: _State,
    text: str,
    title: str | None,
    context: Sequence[str],
    summaries: Sequence[str] = (),
    headings: Sequence[str] = (),
) -> None:
    """The date of times written without one: the incident's, not the write-up's.

    In order: a date line ("Date:", "Incident date:"), the title, the preamble, the summary (a
    recap paragraph: "On Monday 13 April 2026 ..."); only then the date the write-up was posted,
    written or reviewed (a "Posted on" or "Retrospective held:" line), else the first date written.
    A date without a year in the title ("on 2 September") takes the year of the first full date.
    """
    _email_headers(state, text)
    _meeting_date(state, context)
    _decision_date(state, title, headings)
    default = _first_date_anywhere(text, state.year)
    if _labelled_date(state) or _window_date(state, default):
        return
    written: list[str] = [state.metadata["written"][0]] if "written" in state.metadata else []
    title = title or state.metadata.get("title", ("", 0))[0]
    candidates: list[tuple[str, str]] = [(title, "the title")] if title else []
    candidates += _preamble_candidates(state, context, written)
    candidates += [(summary, "the summary") for summary in summaries]
    for candidate, where in candidates:
        # A date without a year ("on 2 September", "On Monday, April 13,") takes the first full date's year.
        state.doc_date = _span_start(candidate, default) or find_date(candidate) or find_date(candidate, default)
        if state.doc_date is not None:
            if (written and where != "the preamble") or where == "the summary":
                state.inferred.append(f"the document's date {state.doc_date.isoformat()}: the incident's, from {where}")
            return
    named = _INCIDENT_ON.search(text)
    if written and named is not None:
        # "Follow-up to the checkout incident on 11 August 2026" in a pull request merged a day later.
        state.doc_date = find_date(named.group("date")) or find_date(named.group("date"), default)
        if state.doc_date is not None:
            state.inferred.append(
                f"the document's date {state.doc_date.isoformat()}: the incident's, from '{_clip(named.group(0))}'"
            )
            return
    for line in written:
        state.doc_date = find_date(line)
        if state.doc_date is not None:
            state.inferred.append(
                f"the document's date {state.doc_date.isoformat()}: the date the write-up was written"
                " (the document gives no date of the incident)"
            )
            return
    state.doc_date = default
    if state.doc_date is not None:
        state.inferred.append(f"the document's date {state.doc_date.isoformat()}: the first date written in it")
        return
    _yearless_date(state, text)


# A sentence that dates the incident by name, where the document's only other date is its own:
# "the checkout incident on 11 August 2026", "after the outage of 3 March".
_INCIDENT_ON = re.compile(
    r"\b(?:incident|outage|failure|disruption|breach)\b[^.\n]{0,40}?\b(?:on|of)\s+(?P<date>(?:[A-Za-z]+,?\s+)?"
    r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}(?:\s+\d{4})?|[A-Za-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
    r"\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)


def _clip(text: str, size: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= size else line[: size - 1] + "\u2026"


def _preamble_candidates(state: _State, context: Sequence[str], written: list[str]) -> list[tuple[str, str]]:
    """The preamble's lines that may date the incident; lines saying when it was written go to ``written``."""
    candidates: list[tuple[str, str]] = []
    sent = state.metadata.get("written", ("", 0))[0].strip()
    for block in context:
        for line in block.split("\n"):
            if (
                sent
                and sent in line
                and any(state.table.metadata_key(key) in ("date", "written") for key, _value in _key_values(line) or ())
            ):
                continue  # the e-mail's or the meeting's "Date:" line, read above as when it was written
            if state.sent_days and _MESSAGE_SENT.match(line):
                written.append(line)  # a quoted message's "Sent: 18 February 2026": when it was sent
                continue
            # A line that opens with when it was written is all a byline ("Posted by ... · 9 November 2026").
            pieces = [line] if _WRITTEN_LINE.match(line) else _PIECES.split(line)
            written += [piece for piece in pieces if _WRITTEN_LINE.match(piece)]
            rest = " · ".join(piece for piece in pieces if not _WRITTEN_LINE.match(piece))
            if rest.strip() and not _labelled_span(state, rest):  # "Fieldwork: 6 to 17 July 2026": the review's work
                candidates.append((rest, "the preamble"))
    return candidates


# "6 to 17 July 2026", "29 March – 1 April 2026": a span of days; its start takes the end's month and year.
_SPAN_OF_DAYS = re.compile(
    r"\b(?P<day>\d{1,2})(?:\s+(?P<month>[A-Za-z]{3,9})\.?)?\s*(?:to|until|till|–|—|-)\s*(?P<end_day>\d{1,2})\s+"
    r"(?P<end_month>[A-Za-z]{3,9})\b(?:\s+(?P<year>\d{4})\b)?"
)


# "on 15, 16 and 17 February": days listed before their month; the first is when it began.
_DAYS_LISTED = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s{0,3}\d{1,2}(?:st|nd|rd|th)?){0,30},?\s{1,3}and\s{1,3}"
    r"\d{1,2}(?:st|nd|rd|th)?\s{1,3}(?P<month>[A-Za-z]{3,9})\b(?:\s{1,3}(?P<year>\d{4})\b)?"
)


def _span_start(text: str, default: date | None) -> date | None:
    """The first day of the first span of days written in ``text`` ("3 to 14 February 2026": 3 February).

    Days listed before their month ("failed on 15, 16 and 17 February") are such a span too.
    """
    span = _SPAN_OF_DAYS.search(text)
    if span is None:
        listed = _DAYS_LISTED.search(text)
        if listed is None:
            return None
        return find_date(f"{listed.group('day')} {listed.group('month')} {listed.group('year') or ''}", default)
    year = span.group("year") or ""
    found = find_date(f"{span.group('day')} {span.group('month') or span.group('end_month')} {year}", default)
    end = find_date(f"{span.group('end_day')} {span.group('end_month')} {year}", default)
    if found is None or end is None:
        return None
    if found > end and span.group("month"):
        with contextlib.suppress(ValueError):  # 29 February
            found = found.replace(year=found.year - 1)  # "30 December to 2 January 2027"
    return found if found <= end else None


def _labelled_span(state: _State, line: str) -> bool:
    """A ``Label: span of days`` line whose label names no date of the incident ("Fieldwork:", "Review period:")."""
    pairs = _key_values(line)
    if not pairs or len(pairs) != 1 or not _SPAN_OF_DAYS.search(pairs[0][1]):
        return False
    return state.table.metadata_key(pairs[0][0]) not in ("date", "window", "started")


# "Friday 17 April": a day name before a date written without a year.
_NAMED_DAY = re.compile(r"^\W*(?P<name>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d", re.IGNORECASE)
_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_YEARS_AHEAD = 11  # a day of the year falls on each day of the week within eleven years


def _named_day_year(text: str, found: date) -> date:
    """``found`` moved to the first year from its own in which it falls on the day ``text`` names.

    "Friday 17 April" in a document whose only year is an earlier "since March 2023" is not 17
    April 2023 (a Monday): the incident comes after the years a write-up looks back on.
    """
    named = _NAMED_DAY.match(text)
    if named is None:
        return found
    weekday = _NAMES.index(named.group("name").casefold()[:3])
    for year in range(found.year, found.year + _YEARS_AHEAD + 1):
        with contextlib.suppress(ValueError):  # 29 February
            if (candidate := found.replace(year=year)).weekday() == weekday:
                return candidate
    return found


def _window_date(state: _State, default: date | None) -> bool:
    """An "Incident window:" line's start ("Friday 17 April 16:38 to ..."), before an export or review date."""
    window = state.metadata.get("window")
    if not window:
        return False
    found = _span_start(window[0], default) or find_date(window[0])
    if found is None and (found := find_date(window[0], default)) is not None:
        found = _named_day_year(window[0], found)  # the year was not written: the day's name may tell it
    if found is None:
        return False
    state.doc_date = found
    state.inferred.append(f"the document's date {found.isoformat()}: the start of the incident window")
    return True


def _labelled_date(state: _State) -> bool:
    """A "Date:" line's date, else the front matter's ``date`` (a static site's post)."""
    date_value = state.metadata.get("date")
    if date_value and (found := find_date(date_value[0])) is not None:
        state.doc_date = found
        return True
    if state.front_date is None or (found := find_date(state.front_date[0])) is None:
        return False
    state.doc_date = found
    line = state.front_date[1]
    state.inferred.append(f"the document's date {found.isoformat()}: the front matter's date (line {line})")
    return True


def _yearless_date(state: _State, text: str) -> None:
    """No date with a year anywhere: the first date written without one, in the year given, if any.

    Without a year given, the line is kept for the message that says how to give one.
    """
    found = first_yearless(text, state.table)
    if found is None:
        return
    line, words, placeholder = found
    if state.year is None:
        state.yearless = (line, words)
        return
    try:
        state.doc_date = placeholder.replace(year=state.year)
    except ValueError:  # 29 February in a year that has none
        state.yearless = (line, words)
        return
    state.inferred.append(
        f"the document's date {state.doc_date.isoformat()}: line {line}'s date, in the year given ({state.year})"
    )


# Labels that say the block describes the review meeting ("Facilitator:", "Attendees:"): its bare
# "Date:" is then the meeting's, not the incident's.
_MEETING_LABELS = frozenset({"facilitator", "facilitators", "facilitated by", "attendees", "attended by", "present"})


def _meeting_date(state: _State, context: Sequence[str]) -> None:
    """A bare ``Date:`` among a review meeting's labels is when the review met: read it as the write-up's date.

    "Incident date:" beside a facilitator stays the incident's date.
    """
    if "date" not in state.metadata or "written" in state.metadata:
        return
    if not any(key in state.metadata for key in _MEETING_LABELS):
        return
    value, line = state.metadata["date"]
    labels = [
        normalise(key)
        for block in context
        for text in block.split("\n")
        if value.strip() and value.strip() in text
        for key, found in _key_values(text) or ()
        if found.strip() == value.strip()
    ]
    if labels[:1] != ["date"]:
        return
    state.metadata["written"] = state.metadata.pop("date")
    state.inferred.append(
        f"line {line}: the 'Date:' line beside the review meeting's facilitator or attendees is when the review met;"
        " the incident's date is read from the title and the text"
    )


# A decision record (an ADR written after an incident): its title, or its own sections.
_DECISION_TITLE = re.compile(r"^\W*(?:ADR|(?:architecture )?decision record)\b[\s\d:#.-]", re.IGNORECASE)
_DECISION_SECTIONS = frozenset({"context", "decision"})


def _decision_date(state: _State, title: str | None, headings: Sequence[str]) -> None:
    """A decision record's bare ``Date:`` is when the decision was taken: read it as the write-up's date.

    An ADR written after an incident ("ADR 14: ...", or a page with "Context" and "Decision"
    sections) dates itself with the decision; the incident it answers is dated in its related
    incident line or its context ("On 22 September a rolling restart ..."), read in their turn.
    """
    if "date" not in state.metadata or "written" in state.metadata:
        return
    named = {normalise(heading) for heading in headings}
    if not (_DECISION_TITLE.match(title or "") or named >= _DECISION_SECTIONS):
        return
    line = state.metadata["date"][1]
    state.metadata["written"] = state.metadata.pop("date")
    state.inferred.append(
        f"line {line}: the 'Date:' line of a decision record is when the decision was taken;"
        " the incident's date is read from the text"
    )


def decision_context(title: str | None, sections: Sequence[Part]) -> list[Part] | None:
    """A decision record's "Context" section: where its incident is told and dated.

    An ADR opens with "Status" ("Accepted, 2026-07-08", "Superseded by ADR 19 on 2026-11-02"): the
    dates there are the decision's, so the first section is not read for the incident's date as a
    first section that maps to nothing is elsewhere; the context is. ``None`` for other documents.
    """
    named = {normalise(part.title): part for part in sections}
    if not (_DECISION_TITLE.match(title or "") or set(named) >= _DECISION_SECTIONS) or "context" not in named:
        return None
    return [named["context"]]


# A message's sending line in an e-mail thread: "Date: ...", a quoted or forwarded "Sent: ...", "> Date: ...".
_MESSAGE_SENT = re.compile(
    r"^[>\s]{0,40}(?:\*\*|__)?(?:sent|date)(?:\*\*|__)?\s*:\s*(?P<when>\S.{0,80})$", re.IGNORECASE
)


def _sending_days(text: str) -> tuple[tuple[int, date], ...]:
    """Each message's sending day in an e-mail thread, by line (the e-mail's own "Date:" first)."""
    days: list[tuple[int, date]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = _MESSAGE_SENT.match(line) if ":" in line[:60] else None
        day = find_date(found.group("when")) if found else None
        if day is not None:
            days.append((number, day))
    return tuple(days)


def _email_headers(state: _State, text: str) -> None:
    """A write-up sent as an e-mail ("From:", "To:" or "Subject:", "Date:"): its Date is when it was sent.

    The Subject is the title (a ``title`` label), the sender the author where none is named.
    """
    if "from" not in state.metadata or not ("to" in state.metadata or "title" in state.metadata):
        return
    if "date" in state.metadata:
        state.metadata.setdefault("written", state.metadata.pop("date"))
        state.inferred.append("the 'Date:' line is when the e-mail was sent, not the incident's date")
    state.sent_days = _sending_days(text)
    sender, line = state.metadata["from"]
    name = re.sub(r"<?[\w.+-]+@[\w.-]+>?", "", sender).strip().strip('"').strip()
    if name and "@" not in name and "authors" not in state.metadata:
        state.metadata["authors"] = (name, line)
        state.inferred.append(f"author {name}: the e-mail's sender")


def _first_date_anywhere(text: str, year: int | None = None) -> date | None:
    """The first date written; one without a year takes a "March 2026" line's year, else ``year``."""
    month_year = re.search(
        r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})\b",
        text,
        re.IGNORECASE,
    )
    default = date(int(month_year.group(2)), 1, 1) if month_year else None
    if default is None and year is not None:
        default = date(year, 1, 1)
    return find_date(text, default)


# "Ines Moreau <i.moreau@example.org>": a person's name before an e-mail address (bounded, linear).
_MAILED = re.compile(r"\b([A-Z][\w'’-]{1,30}(?: [A-Z][\w'’-]{1,30}){1,3}) ?<[\w.+-]{1,64}@")


def mailed_names(text: str) -> tuple[str, ...]:
    """The names written before an e-mail address anywhere in the document, each once, in order."""
    return tuple(dict.fromkeys(found.group(1) for found in _MAILED.finditer(text)))


# Round 25: "Kenji Watanabe", "Tomás Ruiz": a first name and a surname (bounded, linear).
_FULL_NAME = re.compile(r"(?<![\w.'’-])([A-Z][a-zà-ÿ'’]{1,20}) (?:[A-Z][a-zà-ÿ'’]{1,20}|[A-Z]\.)(?![\w'’-])")
# "Ahmed opens up", "Lena confirms", "Kieran goes": a capitalised word, not opening a sentence, before a verb.
_DOES = re.compile(
    r"(?<=[a-z0-9,;:] )([A-Z][a-zà-ÿ'’]{1,20}) (?:(?:will|would|was|has|had|is|to|and|said|says|did|does)\b|"
    r"[a-z]{2,20}(?:ed|s)\b)"
)
# Capitalised words that open sentences, days, months and places, never a first name on their own.
_NOT_NAMES_WRITTEN = """The This That These Those There Then When What Where Who Why How And But Our Their His Her
    Its All Any
    Each Every Some Not One Two Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December New Dear So Hi Hello Thanks
    Notified North South East West Act Part Room Team Service Status Owner Action Note"""
_NOT_NAMES = frozenset(_NOT_NAMES_WRITTEN.split())


def named_people(text: str) -> frozenset[str]:
    """First names the document writes as someone's: of a full name, or before a verb mid-sentence (round 25)."""
    found = {match.group(1) for match in _FULL_NAME.finditer(text)}
    found.update(match.group(1) for match in _DOES.finditer(text))
    # A word the document also writes in lower case ("Queue holds" beside "the queue") is a thing.
    lower = {word for word in found if re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w'’-])", text)}
    return frozenset(found - _NOT_NAMES - lower)
