"""Where a span of a field's text sits in the file it was read from: line and column.

A loaded field holds its text, not its place in the file. YAML keeps the line of each key;
a block scalar (``|``) holds the text's lines one per file line after the key, indented; a
plain or quoted scalar sits on the key's line or folds over the next ones; JSON and TOML keep
no lines at all. So a position is found by looking for the text itself: the field's line
holding the offset is searched for in the file lines where the field can be, and where it
is not found as a whole (a folded scalar, an escaped quote) a few words next to the offset
are. A position that cannot be found is left unknown rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["span_position", "text_position"]

# How many characters next to an offset are looked for when its whole line is not found.
_NEAR = 24


def text_position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of *offset* in *text* itself."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, line_start) + 1, offset - line_start + 1


def span_position(
    lines: Sequence[str], key_line: int | None, text: str, span: tuple[int, int]
) -> tuple[int, int, int, int] | None:
    """Return ``(line, column, end_line, end_column)`` of ``text[start:end]`` in a file.

    Args:
        lines: The file's lines, without their line breaks.
        key_line: The 1-based line where the field's key is, when the format keeps one
            (YAML); None to search the whole file.
        text: The field's text as loaded.
        span: The ``(start, end)`` offsets into *text*.

    Returns:
        1-based lines and columns, the end column just past the last character; None when
        the start cannot be found.
    """
    start, end = span
    if key_line is None:
        window = range(len(lines))
    else:
        # A block scalar's lines follow its key; a folded one may take more file lines
        # than it has text lines. The window is bounded by the text's length.
        first = max(0, key_line - 1)
        window = range(first, min(len(lines), first + text.count("\n") + len(text) // 20 + 3))
    begin = _find(lines, window, text, start, at_end=False)
    if begin is None:
        return None
    rest = range(begin[0] - 1, window.stop) if window.stop > begin[0] - 1 else window
    stop = _find(lines, rest, text, end, at_end=True)
    if stop is None or stop < begin:
        stop = (begin[0], begin[1] + (end - start)) if "\n" not in text[start:end] else begin
    return begin[0], begin[1], stop[0], stop[1]


def _find(lines: Sequence[str], window: range, text: str, offset: int, *, at_end: bool) -> tuple[int, int] | None:
    """Return the 1-based line and column of *offset* of *text* in the file, searched in *window*."""
    line_start = text.rfind("\n", 0, offset - 1 if at_end and offset > 0 else offset) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    piece = text[line_start:line_end]
    if piece.strip():
        # Where the text's lines follow one another, its n-th line is tried first.
        # (The line after the key's, then the key's, then every line of the window in order.)
        nth = text.count("\n", 0, line_start)
        first, second = window.start + nth + 1, window.start + nth
        for index in (first, second):
            if index in window:
                column = lines[index].find(piece)
                if column >= 0:
                    return index + 1, column + (offset - line_start) + 1
        for index in window:
            if index not in (first, second):
                column = lines[index].find(piece)
                if column >= 0:
                    return index + 1, column + (offset - line_start) + 1
    # Not found whole (folded or escaped): a few characters beside the offset.
    near = text[max(line_start, offset - _NEAR) : offset] if at_end else text[offset : min(line_end, offset + _NEAR)]
    if not near.strip():
        return None
    for index in window:
        column = lines[index].find(near)
        if column >= 0:
            return index + 1, column + (len(near) if at_end else 0) + 1
    return None
