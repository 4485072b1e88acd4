"""Reading the metadata written before the first section (author, date, status, severity, ...)."""

from __future__ import annotations

from postmortem.importing._build_state import _key_values, _single_date, _State, _write_up_status
from postmortem.importing._document import Block
from postmortem.importing._table import normalise

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
        if name is None:
            state.metadata.setdefault(normalise(key), (value, block.line))
        else:
            state.metadata.setdefault(name, (value, block.line))
            if name == "related":
                state.related_lines.append((key, value))
    return True


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
