"""Writing a merged timeline back into the incident file, keeping the file's text as written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem._files import atomic_write
from postmortem.errors import PostmortemError, shown_path
from postmortem.timeline._merge import TimelineMerge

if TYPE_CHECKING:
    from postmortem.serialize import Format


def merged_text(text: str, merge: TimelineMerge, format: Format = "yaml") -> str:
    """Return an incident file's text with the merged timeline written into it.

    YAML is edited in place: comments, quoting, key order and indentation are kept, and
    the entries already in the timeline stay the same YAML nodes. New events' times are
    written in the incident's ``timezone``. JSON and TOML files are
    written out again from the model (they carry no comments to keep).

    Args:
        text: The incident file's current text.
        merge: The result of :func:`merge_timeline` on the incident read from ``text``.
        format: ``yaml``, ``json`` or ``toml``.

    Returns:
        The new text.

    Raises:
        PostmortemError: when the result would not load back to the merged incident (the
            file is then left alone).
    """
    from postmortem.serialize import dumps, loads  # noqa: PLC0415  (keeps import light)

    if format == "yaml":
        from postmortem._roundtrip import replace_timeline  # noqa: PLC0415

        result = replace_timeline(
            text, merge.incident.timeline, merge.origins, merge.original_timeline, merge.incident.timezone
        )
    else:
        result = dumps(merge.incident, format)
    # Never write a file that no longer loads, or loads to something else.
    check = loads(result, format, severity_scale=merge.incident.severity_scale)
    if check.timeline != merge.incident.timeline:
        raise PostmortemError("the merged timeline did not survive writing; the file was left alone")
    return result


def write_timeline(
    path: str | os.PathLike[str], merge: TimelineMerge, *, output: str | os.PathLike[str] | None = None
) -> Path | None:
    """Write the merged timeline into the incident file at ``path``, atomically.

    The file's text is kept as written (for YAML: comments, quoting, key order); only the
    timeline changes. ``postmortem timeline --write`` and ``--output`` call this.

    Args:
        path: The incident file that :func:`merge_timeline`'s incident was read from.
        merge: The merge result.
        output: Write there instead and leave ``path`` alone. In the format of ``path`` the
            text is kept as written; in another format (by suffix) the merged incident is
            written out in that format.

    Returns:
        The path written, or ``None`` when ``output`` is not given and ``path`` already
        holds the merged timeline: the file is then not written at all.

    Raises:
        PostmortemError: when the file cannot be read, a suffix names no format, or the
            result would not load back.
    """
    from postmortem.serialize import dumps, format_for_path  # noqa: PLC0415  (keeps import light)

    fmt = format_for_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PostmortemError(f"{shown_path(path)}: cannot read: {exc.strerror or exc}") from None
    new_text = merged_text(text, merge, fmt)
    if output is None:
        if not merge.changed or new_text == text:
            return None
        return atomic_write(path, new_text.encode("utf-8"))
    output_format = format_for_path(output)
    if output_format != fmt:
        new_text = dumps(merge.incident, output_format)
    return atomic_write(output, new_text.encode("utf-8"))
