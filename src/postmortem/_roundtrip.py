"""Editing an incident's YAML file in place, keeping its comments, quoting and layout.

ruamel.yaml's round-trip mode is imported only here, and only when a file is written.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from postmortem.model import TimelineEvent

__all__ = ["event_data", "replace_timeline", "time_text"]

_DASH = re.compile(r"^( *)- ")
_KEY_OPENS_BLOCK = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def time_text(value: datetime, zone: str = "UTC") -> str:
    """Write a time as people write it in incident files, in the incident's timezone.

    ``2026-05-04T10:05:12Z`` in UTC, ``2026-05-04T12:05:12+02:00`` in Europe/Berlin.
    """
    if zone == "UTC":
        local = value.astimezone(timezone.utc)
    else:
        from zoneinfo import ZoneInfo  # noqa: PLC0415  (tzdata lookup is slow)

        local = value.astimezone(ZoneInfo(zone))
    return local.isoformat().replace("+00:00", "Z")


def event_data(event: TimelineEvent, zone: str = "UTC") -> dict[str, Any]:
    """The file layout of one event, fields equal to their default left out, in field order.

    A rough time keeps its accuracy (``{at: ..., precision: hour, bound: about}``, a bare date),
    as :func:`postmortem.serialize.time_as_written` writes it; an exact one is a timestamp in
    the incident's timezone.
    """
    if event.time_accuracy.is_exact:
        time: object = time_text(event.time, zone)
    else:
        from postmortem.serialize import time_as_written  # noqa: PLC0415  (keeps import light)

        time = time_as_written(event.time, event.time_accuracy, zone)
    data: dict[str, Any] = {"time": time, "description": event.description}
    if str(event.kind) != "other":
        data["kind"] = str(event.kind)
    for name in ("source", "actor", "link"):
        value = getattr(event, name)
        if value:
            data[name] = value
    if event.also_in:
        data["also_in"] = list(event.also_in)
    if event.source_id is not None:
        data["source_id"] = event.source_id
    return data


def _indents(text: str) -> tuple[int, int, int]:
    """Guess ``(mapping, sequence, offset)`` indentation from the file, for ruamel."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping = 2
    sequence, offset = 2, 0
    found_mapping = found_sequence = False
    for previous, line in itertools.pairwise(lines):
        opener = _KEY_OPENS_BLOCK.match(previous)
        if opener is None:
            continue
        parent = len(opener.group(1))
        dash = _DASH.match(line)
        if dash is not None and not found_sequence:
            offset = max(len(dash.group(1)) - parent, 0)
            sequence = offset + 2
            found_sequence = True
            continue
        key = _KEY.match(line)
        if key is not None and not found_mapping and len(key.group(1)) > parent:
            mapping = len(key.group(1)) - parent
            found_mapping = True
        if found_mapping and found_sequence:
            break
    return mapping, max(sequence, offset + 2), offset


def replace_timeline(
    text: str,
    events: Sequence[TimelineEvent],
    origins: Sequence[int | None],
    original: Sequence[TimelineEvent],
    zone: str = "UTC",
) -> str:
    """Return the YAML document ``text`` with its ``timeline`` replaced by ``events``.

    Entries that came from the original timeline (``origins[i]`` is their old index) are
    kept as the same YAML nodes, so their comments and quoting survive; only an
    ``also_in`` list (and a ``link`` or ``source_id`` they lacked) is updated on them.
    New events are inserted where they sort.

    Args:
        text: The incident file's text.
        events: The merged timeline.
        origins: For each merged event, its index in the original timeline or ``None``.
        original: The original timeline, to see which entries changed.
        zone: The incident's timezone, in which new events' times are written.

    Returns:
        The new text.
    """
    from ruamel.yaml import YAML  # noqa: PLC0415  (loaded only when a file is written)
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # noqa: PLC0415

    class _Time(str):
        """A time written as a plain YAML timestamp, not a quoted string."""

        __slots__ = ()

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # A wide line keeps ruamel from re-wrapping long descriptions the user wrote.
    yaml.width = 4096
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(
        _Time, lambda rep, value: rep.represent_scalar("tag:yaml.org,2002:timestamp", str(value))
    )
    document = yaml.load(text)

    def new_node(event: TimelineEvent) -> Any:
        node = CommentedMap()
        for key, value in event_data(event, zone).items():
            if key == "time" and isinstance(value, dict):
                # A rough time: a flow mapping, as people write {at: ..., precision: hour}.
                node[key] = _flow(CommentedMap({k: _Time(v) if k == "at" else v for k, v in value.items()}))
            elif key == "time":
                node[key] = _Time(value)
            elif key == "also_in":
                node[key] = _flow(CommentedSeq([_scalar(item) for item in value]))
            else:
                node[key] = _scalar(value)
        return node

    old = document.get("timeline")
    old_items = list(old) if isinstance(old, list) else []
    in_order = [origin for origin in origins if origin is not None]
    for merged, origin in zip(events, origins, strict=True):
        if origin is None or not isinstance(old_items[origin], dict):
            continue
        # A fold changes only these two fields of an existing entry.
        if merged.link != original[origin].link and merged.link:
            old_items[origin]["link"] = _scalar(merged.link)
        if merged.also_in != original[origin].also_in:
            old_items[origin]["also_in"] = _flow(CommentedSeq([_scalar(item) for item in merged.also_in]))
        if merged.source_id != original[origin].source_id and merged.source_id is not None:
            # An event imported before ids were kept gets its record's id on the next import.
            old_items[origin]["source_id"] = _scalar(merged.source_id)
    if isinstance(old, CommentedSeq) and in_order == sorted(in_order) and len(in_order) == len(old_items):
        # Insert new entries in place: comments between existing entries stay put.
        for index, (event, origin) in enumerate(zip(events, origins, strict=True)):
            if origin is None:
                old.insert(index, new_node(event))
    else:
        seq = CommentedSeq()
        for new_index, (event, origin) in enumerate(zip(events, origins, strict=True)):
            seq.append(new_node(event) if origin is None else old_items[origin])
            if origin is not None and isinstance(old, CommentedSeq) and origin in old.ca.items:
                seq.ca.items[new_index] = old.ca.items[origin]
        document["timeline"] = seq
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


# Characters a YAML reader takes as line breaks (NEL, LINE and PARAGRAPH SEPARATOR) or
# that YAML cannot hold unescaped. ruamel writes a NEL inside a plain scalar, where it
# reads back as a line break; in a double-quoted scalar it is escaped (\N, \L, \P).
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any) -> Any:
    """A string that holds such characters, as a double-quoted scalar; anything else unchanged."""
    if isinstance(value, str) and _NEEDS_ESCAPES.search(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString  # noqa: PLC0415

        return DoubleQuotedScalarString(value)
    return value


def _flow(seq: Any) -> Any:
    seq.fa.set_flow_style()
    return seq
