"""Reading related incidents and impact windows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from postmortem import model
from postmortem.errors import FieldError
from postmortem.importing._build_incident import _accuracy, _words_in
from postmortem.importing._build_sections import _leftover_section
from postmortem.importing._build_state import _ID, _JIRA, _SPACES, _cell_link, _empty, _enum_value, _State, _table_rows
from postmortem.importing._document import Block, Cell, Part
from postmortem.importing._prose_related import Snippet
from postmortem.importing._times import When, leading_time, resolve

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


def prose_snippets(preamble: Sequence[Block], parts: Sequence[Part]) -> list[Snippet]:
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


def related_in_prose(state: _State, own_id: str) -> None:
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
