"""Writing synced action items back into the incident file, keeping its comments."""

from __future__ import annotations

import io
import logging
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from postmortem.errors import PostmortemError, shown_path
from postmortem.model import ActionItem, Incident
from postmortem.trackers._sync import SyncResult

__all__ = ["synced_text", "write_synced"]

log = logging.getLogger("postmortem.trackers")

# Where a field goes when the item does not have it yet: after the first of these it has.
_AFTER: dict[str, tuple[str, ...]] = {
    "owner": ("description", "id"),
    "due": ("owner", "description", "id"),
    "status": ("due", "owner", "description", "id"),
    "tracker_key": ("risk_reduction", "priority", "kind", "status", "due", "owner", "description", "id"),
    "tracker_url": ("tracker_key",),
    "completed": ("tracker_url", "tracker_key", "status"),
    "created": ("completed", "tracker_url", "tracker_key", "status"),
}


def _value(item: ActionItem, name: str) -> Any:
    value = getattr(item, name)
    if hasattr(value, "value") and not isinstance(value, date):
        return value.value
    return value


def _load_rt(text: str) -> tuple[Any, Any]:
    from ruamel.yaml import YAML  # noqa: PLC0415  (loaded only when a file is written)

    from postmortem._roundtrip import _indents  # noqa: PLC0415

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # A wide line keeps ruamel from re-wrapping long descriptions the user wrote.
    yaml.width = 4096
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    document = yaml.load(text)
    nodes = document.get("action_items") if hasattr(document, "get") else None
    if not isinstance(nodes, list):
        raise PostmortemError("the file has no action_items list to write into")
    return yaml, document


def _plain_or_quoted(value: Any, old: str | None) -> str:
    """A YAML scalar for ``value``: in the old value's quote style, plain when that reads back the same."""
    import json  # noqa: PLC0415

    import yaml  # noqa: PLC0415  (PyYAML, to check that a plain scalar reads back as written)

    text = value.isoformat() if isinstance(value, date) else str(value)
    if old and old[:1] == "'":
        return "'" + text.replace("'", "''") + "'"
    if old and old[:1] == '"':
        return json.dumps(text, ensure_ascii=False)
    expected: object = value if isinstance(value, date) else text
    if text == text.strip() and "\n" not in text and " #" not in text:
        try:
            if yaml.safe_load(f"key: {text}") == {"key": expected}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


_VALUE = re.compile(r"""^(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'|>&*!%@`{\[][^#]*?|)(?P<rest>\s+#.*|\s*)$""")


def _splice_yaml(text: str, result: SyncResult) -> str | None:  # noqa: PLR0912  (each bail-out is a layout it cannot edit)
    """Edit only the changed keys' lines; ``None`` when the layout is not one this can edit safely.

    Keys of block-style action items whose values sit on their key's line are replaced in
    place (their comments kept), removed keys lose their line, and new keys are added as
    lines at the end of their item, at the item's key indentation. Everything else in the
    file stays byte for byte.
    """
    _yaml, document = _load_rt(text)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.endswith("\r\n") or "\r\n" in text[:4096] else "\n"
    nodes = document["action_items"]
    top_lines = sorted(document.lc.key(key)[0] for key in document)
    after_list = [line for line in top_lines if line > document.lc.key("action_items")[0]]
    list_end = after_list[0] if after_list else len(lines)
    by_id = {item.id: item for item in result.incident.action_items}
    synced = result_items(result)
    # (line index, lines to put in place of lines[index:index + remove], remove)
    edits: list[tuple[int, list[str], int]] = []
    for position, node in enumerate(nodes):
        if not hasattr(node, "get"):
            continue
        entry = synced.get(str(node.get("id")))
        if entry is None or not entry.changes:
            continue
        if node.fa.flow_style() or not node:
            return None
        item = by_id[str(node.get("id"))]
        start = nodes.lc.item(position)[0]
        end = nodes.lc.item(position + 1)[0] if position + 1 < len(nodes) else list_end
        key_lines = sorted(node.lc.key(key)[0] for key in node)
        indent = node.lc.key(next(iter(node)))[1]
        last = end - 1
        while last > start and _not_content(lines[last]):
            last -= 1
        added: list[str] = []
        for change in entry.changes:
            name = change.field
            if name in node:
                key_line, _ = node.lc.key(name)
                value_line, value_col = node.lc.value(name)
                later = [line for line in key_lines if line > key_line]
                if value_line != key_line or (later and later[0] != key_line + 1 and _spans(lines, key_line, later[0])):
                    return None
                line = lines[key_line]
                body = line.rstrip("\r\n")
                match = _VALUE.match(body[value_col:])
                if match is None:
                    return None
                if change.after is None:
                    edits.append((key_line, [], 1))
                    continue
                value = _plain_or_quoted(_value(item, name), match["value"])
                edits.append((key_line, [body[:value_col] + value + match["rest"] + newline], 1))
            elif change.after is not None:
                added.append(" " * indent + f"{name}: {_plain_or_quoted(_value(item, name), None)}" + newline)
        if added:
            if not lines[last].endswith(("\n", "\r")):
                edits.append((last, [lines[last] + newline], 1))
            edits.append((last + 1, added, 0))
    for index, replacement, remove in sorted(edits, key=lambda edit: (edit[0], edit[2]), reverse=True):
        lines[index : index + remove] = replacement
    return "".join(lines)


def _not_content(line: str) -> bool:
    """Blank lines, comment lines and document markers end no mapping."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in {"---", "..."}


def _spans(lines: list[str], key_line: int, next_key: int) -> bool:
    """True when the lines between a key and the next key hold more than blanks and comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines[key_line + 1 : next_key])


def _edit_yaml(text: str, result: SyncResult) -> str:
    from postmortem._roundtrip import _scalar  # noqa: PLC0415

    yaml, document = _load_rt(text)
    nodes = document["action_items"]
    by_id = {item.id: item for item in result.incident.action_items}
    for node in nodes:
        if not hasattr(node, "get"):
            continue
        synced = result_items(result).get(str(node.get("id")))
        if synced is None or not synced.changes:
            continue
        item = by_id[str(node.get("id"))]
        for change in synced.changes:
            name = change.field
            if change.after is None:
                if name in node:
                    del node[name]
                continue
            value = _scalar(_value(item, name))
            if name in node:
                node[name] = value
                continue
            keys = list(node.keys())
            position = len(keys)
            for anchor in _AFTER.get(name, ()):
                if anchor in node:
                    position = keys.index(anchor) + 1
                    break
            node.insert(position, name, value)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def result_items(result: SyncResult) -> dict[str, Any]:
    """The result's items by action id."""
    return {item.action_id: item for item in result.items}


def synced_text(text: str, result: SyncResult, format: str = "yaml") -> str:
    """Return an incident file's text with the synced action items written into it.

    YAML is edited in place: only the changed keys of the changed action items are
    touched, so comments, quoting, key order and indentation stay. JSON and TOML files are
    written out again from the model (they carry no comments to keep).

    Raises:
        PostmortemError: when the result would not load back to the synced incident (the
            file is then left alone).
    """
    from postmortem.serialize import dumps, loads  # noqa: PLC0415

    if not result.changed:
        return text

    def survives(candidate: str | None) -> bool:
        if candidate is None:
            return False
        try:
            check: Incident = loads(candidate, format, severity_scale=result.incident.severity_scale)  # type: ignore[arg-type]
        except PostmortemError:
            return False
        return check.action_items == result.incident.action_items

    if format != "yaml":
        candidate: str | None = dumps(result.incident, format)  # type: ignore[arg-type]
        if survives(candidate):
            assert candidate is not None
            return candidate
    else:
        # The line edit keeps the file byte for byte outside the changed keys; ruamel's
        # round trip (comments kept, layout normalised) is the fallback for other layouts.
        candidate = _splice_yaml(text, result)
        if survives(candidate):
            assert candidate is not None
            return candidate
        log.info("the synced keys could not be edited line by line; rewriting the file with ruamel")
        candidate = _edit_yaml(text, result)
        if survives(candidate):
            return candidate
    raise PostmortemError("the synced action items did not survive writing; the file was left alone")


def write_synced(path: str | os.PathLike[str], result: SyncResult) -> Path:
    """Write the synced action items into the incident file at ``path``, atomically.

    Raises:
        PostmortemError: when the file cannot be read or the result would not load back.
    """
    from postmortem._files import atomic_write  # noqa: PLC0415
    from postmortem.serialize import format_for_path  # noqa: PLC0415

    fmt = format_for_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PostmortemError(f"{shown_path(path)}: cannot read: {exc.strerror or exc}") from None
    return atomic_write(path, synced_text(text, result, fmt).encode("utf-8"))
