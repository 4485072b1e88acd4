"""Reading the metadata written before the first section (author, date, status, severity, ...)."""

from __future__ import annotations

from postmortem.importing._build_state import _key_values, _single_date, _State, _write_up_status
from postmortem.importing._document import Block
from postmortem.importing._table import normalise

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
