"""Writing synced action items back into the incident file, keeping its comments."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path
from typing import Any

from postmortem.errors import PostmortemError
from postmortem.model import ActionItem, Incident
from postmortem.trackers._sync import SyncResult

__all__ = ["synced_text", "write_synced"]

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


def _edit_yaml(text: str, result: SyncResult) -> str:
    from ruamel.yaml import YAML  # noqa: PLC0415  (loaded only when a file is written)

    from postmortem._roundtrip import _indents, _scalar  # noqa: PLC0415

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

    new_text = _edit_yaml(text, result) if format == "yaml" else dumps(result.incident, format)  # type: ignore[arg-type]
    check: Incident = loads(new_text, format, severity_scale=result.incident.severity_scale)  # type: ignore[arg-type]
    if check.action_items != result.incident.action_items:
        raise PostmortemError("the synced action items did not survive writing; the file was left alone")
    return new_text


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
        raise PostmortemError(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None
    return atomic_write(path, synced_text(text, result, fmt).encode("utf-8"))
