"""TOML for every part of the library: the standard library's ``tomllib``, or ``tomli`` before Python 3.11.

Imported where a TOML file is read (incidents, the check configuration, redaction policies,
the import synonyms), not when ``postmortem`` is. The parsed data has no lines: a problem
found in it is located by :func:`key_position`, which reads the text again only then.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["TOMLDecodeError", "decode_error", "decode_position", "key_position", "loads"]

loads = tomllib.loads
TOMLDecodeError = tomllib.TOMLDecodeError

# tomllib before Python 3.14 puts the position in the message only. The patterns here are used
# only when a file has a problem to locate: compiled then (``re`` keeps them), not at import.
_POSITION = r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$"


def decode_error(exc: Exception, text: str | None = None) -> tuple[str, int | None]:
    """What a :class:`TOMLDecodeError` says, without its position, and the line it points at."""
    message, line, _column = decode_position(exc, text)
    return message, line


def decode_position(exc: Exception, text: str | None = None) -> tuple[str, int | None, int | None]:
    """What a :class:`TOMLDecodeError` says without its position, and its 1-based line and column.

    "At end of document" is the last line of ``text`` (past its last character) when given.
    """
    message = str(getattr(exc, "msg", exc))
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    found = re.search(_POSITION, message)
    if found is not None:
        message = message[: found.start()]
        if found[1] is not None:
            line, column = int(found[1]), int(found[2])
        elif text is not None:
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
    return message, line, column


_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\\]*(?:\\.[^"\\]*)*"|'[^']*')"""
_KEYS = rf"[ \t]*(?P<header>\[\[?)?[ \t]*(?P<keys>{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*(?(header)\]|=)"
_VALUE = r"=[ \t]*(\S)"


def _key(written: str) -> str:
    if written[0] == '"':
        try:
            return str(json.loads(written))
        except ValueError:
            return written[1:-1]
    return written[1:-1] if written[0] == "'" else written


def _find_after(text: str, start: int, word: str, *, key: bool) -> int | None:
    """The offset of the first place after ``start`` that writes ``word``, or ``None``.

    A string is written quoted; a key may also be bare, then followed by ``=`` or ``.``.
    """
    found = [at for form in (json.dumps(word, ensure_ascii=False), f"'{word}'") if (at := text.find(form, start)) >= 0]
    if key and re.fullmatch(r"[A-Za-z0-9_-]+", word):
        bare = re.compile(rf"(?<![A-Za-z0-9_\-\"']){re.escape(word)}(?=[ \t]*[=.])").search(text, start)
        if bare is not None:
            found.append(bare.start())
    return min(found) if found else None


def key_position(
    text: str, keys: Sequence[str], item: str | None = None, *, value: bool = False
) -> tuple[int, int] | None:
    """Where TOML ``text`` writes ``keys`` (and the string ``item`` of its list), as a 1-based line and column.

    The line is the table header or key line that writes the longest start of ``keys``;
    the rest (a key of an inline table, ``item``) is looked for after it. With ``value``, the
    place is the value's first character rather than the key's. ``None`` when no line of the
    text writes even the first key.

    Args:
        text: The TOML text the data was read from.
        keys: The keys from the top, as the parsed data has them.
        item: A string of the list at ``keys`` to point at.
        value: Point at the value written for ``keys`` instead of the key.
    """
    keys_pattern, part_pattern = re.compile(_KEYS), re.compile(_KEY)
    best, best_at, best_end, on_header = 0, -1, -1, False
    table: tuple[str, ...] = ()
    in_string = False
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        quotes = line.count('"""') + line.count("'''")
        if in_string or not line.strip():
            in_string ^= quotes % 2 == 1
            continue
        match = keys_pattern.match(line)
        in_string = quotes % 2 == 1
        if match is None:
            continue
        written = tuple(_key(part) for part in part_pattern.findall(match["keys"]))
        full = written if match["header"] else (*table, *written)
        if match["header"]:
            table = written
        shared = 0
        for mine, wanted in zip(full, keys, strict=False):
            if mine != wanted:
                break
            shared += 1
        # A line that writes keys off the way (``other.x = 1``) is not where ``keys`` are.
        if shared > best and shared in {len(full), len(keys)}:
            on_header = bool(match["header"])
            # A key line's end is its "=": what follows is its value, searched below.
            best, best_at, best_end = shared, start + match.start("keys"), start + match.end() - (not on_header)
    if best_at < 0:
        return None
    at, end, found_all = best_at, best_end, True
    for word, is_key in (*((key, True) for key in keys[best:]), *(() if item is None else ((item, False),))):
        found = _find_after(text, end, word, key=is_key)
        if found is None:
            found_all = False
            break
        at, end = found, found + len(word)
        on_header = False
    if value and item is None and found_all and not on_header:
        first = re.compile(_VALUE).search(text, end)
        if first is not None:
            at = first.start(1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
