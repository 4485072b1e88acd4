"""Reading JSON and TOML into plain data, with duplicate keys and nesting bounded."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from postmortem.errors import IncidentFormatError, Problem, clip
from postmortem.serialize._problems import (
    _depth_message,
    _join,
    _long_number_line,
    _number_message,
    _WrittenFloat,
    _WrittenInt,
)

_JSON_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|([\[{])|[\]}]')


def _json_depth_at(text: str, limit: int) -> int | None:
    """The offset where JSON text first nests deeper than ``limit``, or ``None``."""
    depth = 0
    for match in _JSON_BRACKETS.finditer(text):
        if match.group(1):
            depth += 1
            if depth > limit:
                return match.start()
        elif match.group(0)[0] != '"':
            depth -= 1
    return None


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: list[str]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _JsonObject(result)
    seen: set[str] = set()
    marked.duplicates = []
    for key, _value in pairs:
        if key in seen:
            marked.duplicates.append(key)
        seen.add(key)
    return marked


def _json_duplicates(data: object) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _JsonObject):
                problems.extend(
                    Problem(_join(path, clip(key)), "duplicate key (the later value would win)")
                    for key in value.duplicates
                )
            stack.extend((_join(path, str(key)), item) for key, item in value.items() if isinstance(item, (dict, list)))
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{index}]", item) for index, item in enumerate(value) if isinstance(item, (dict, list))
            )
    return sorted(problems, key=lambda problem: problem.path)


def _written_int(text: str) -> int:
    """A JSON whole number; ``-0`` keeps its sign for a text field (``"title": -0`` is the text "-0")."""
    value = int(text)
    return _WrittenInt(value, text) if value == 0 and text != "0" else value


def _written_float(text: str) -> float:
    """A JSON or TOML number with a fraction or an exponent, keeping its text when ``str()`` would not give it back.

    ``"title": 1.10`` reads as 1.1 and ``1e3`` as 1000.0: a text field keeps what was written,
    as it does from YAML (see :class:`~postmortem.serialize._problems._WrittenFloat`). Only
    numbers with a fraction or an exponent come here; the parser reads whole numbers itself,
    and their digits are what ``str()`` gives (JSON has no ``0042``), but for ``-0``
    (:func:`_written_int`). A number too large to be
    finite stays the plain infinity, which a text field refuses.
    """
    value = float(text)
    if value.__repr__() == text or value - value != 0.0:  # written as Python writes it, or not finite
        return value
    return _WrittenFloat(value, text)


def _parse_json(text: str, max_depth: int) -> tuple[object, list[Problem]]:
    # Counting brackets costs far less than the parse: only a document with more opening
    # brackets than the limit can nest too deep, so small ones are never scanned.
    if text.count("[") + text.count("{") > max_depth:
        offset = _json_depth_at(text, max_depth)
        if offset is not None:
            line = text.count("\n", 0, offset) + 1
            raise IncidentFormatError([Problem("$", _depth_message(max_depth), line)])
    duplicated: list[bool] = []

    # Called for every object: one Python call that builds the dict, the rest only for an
    # object with a key given twice (a fifth fewer instructions for the parse than before).
    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        duplicated.append(True)
        return _json_object(pairs)

    try:
        # Whole numbers are read by the parser itself, and str() gives back their digits, except
        # for -0 (read as 0): only a document that writes it pays for a hook on every whole number.
        parse_int = _written_int if "-0" in text else None
        data = json.loads(text, object_pairs_hook=pairs_hook, parse_float=_written_float, parse_int=parse_int)
    except json.JSONDecodeError as exc:
        raise IncidentFormatError([Problem("$", f"not valid JSON: {exc.msg}", exc.lineno)]) from None
    except RecursionError:
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4,300 digits.
        raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
    return data, _json_duplicates(data) if duplicated else []


def _parse_toml(text: str, max_depth: int) -> object:
    from postmortem import _toml  # noqa: PLC0415  (only when TOML is read)

    try:
        data = _toml.loads(text, parse_float=_written_float)
        if _has_whole_number(data):
            # Rare in an incident: only then is the text scanned for numbers written otherwise
            # than str() writes them (a scan of every file cost a tenth of the parse).
            read, parse_float = _toml_written_ints(text)
            if read is not text:
                data = _toml.loads(read, parse_float=parse_float)
    except _toml.TOMLDecodeError as exc:
        message, line = _toml.decode_error(exc, text)
        message += _leading_zero_hint(text, line)
        raise IncidentFormatError([Problem("$", f"not valid TOML: {clip(message)}", line)]) from None
    except RecursionError:
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4,300 digits.
        raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
    found = _too_deep(data, max_depth)
    if found is not None:
        path, keys = found
        raise IncidentFormatError([Problem(path, _depth_message(max_depth), _toml_line(text, keys))])
    return data


def _too_deep(data: object, limit: int) -> tuple[str, tuple[str, ...]] | None:
    """The path (and its keys) of the first mapping or list nested deeper than ``limit`` in plain data, or ``None``."""
    stack: list[tuple[str, tuple[str, ...], object, int]] = [("$", (), data, 1)]
    while stack:
        path, keys, value, depth = stack.pop()
        if depth > limit:
            return path, keys
        if isinstance(value, dict):
            stack.extend(
                (_join(path, str(key)), (*keys, str(key)), item, depth + 1)
                for key, item in value.items()
                if isinstance(item, (dict, list))
            )
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{index}]", keys, item, depth + 1)
                for index, item in enumerate(value)
                if isinstance(item, (dict, list))
            )
    return None


def _toml_line(text: str, keys: tuple[str, ...]) -> int | None:
    """The line of the TOML text that writes the longest start of ``keys`` (a table header or a key), or ``None``.

    Only for a document that nests too deep, whose parsed data has no lines: the line that
    opens the deepest table or key written on the way to it (a value nested inside one line,
    ``x = [[[...]]]``, is on the line of its key).
    """
    from postmortem import _toml  # noqa: PLC0415

    found = _toml.key_position(text, keys)
    return None if found is None else found[0]


# TOML whole numbers whose digits str() does not give back: 1_000, +42, 0x1F, 0o17, 0b101, -0.
_SPECIAL_INT = r"[+-]?\d(?:_?\d)*|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*"
_MAYBE_SPECIAL_INT = re.compile(r"=[ \t]*\[?[ \t]*(?:\+|-0\b|0[xob]|\d+_)|[,\[][ \t]*(?:\+|-0\b|0[xob]|\d+_)")
# A float literal no one writes, carrying the index of the whole number it stands for.
_MARK = "9.87654321e-98765"
_TOKEN_END = frozenset(" \t\r\n,[]{}=#\"'")


def _has_whole_number(data: object) -> bool:
    """Whether parsed TOML holds a whole number anywhere (``True`` and ``False`` are none)."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is int:
            return True
    return False


def _toml_written_ints(text: str) -> tuple[str, Callable[[str], float]]:
    """TOML text whose whole numbers written otherwise than ``str()`` writes them stand in as marked floats.

    ``tomllib`` reads ``id = 1_000`` as 1000, and a text field then held "1000"; it has no hook
    for whole numbers, only ``parse_float``. Each such number (in a value: not a key, a
    string, a comment or a date) becomes a float literal that names it; the returned
    ``parse_float`` gives it back as a :class:`_WrittenInt` keeping what was written. Text
    without such a number (nearly all) is returned as it is, with the plain float reader.
    """
    if _MAYBE_SPECIAL_INT.search(text) is None:
        return text, _written_float
    special = re.compile(_SPECIAL_INT)
    written: list[str] = []
    out: list[str] = []
    index, in_value, depth, length = 0, False, 0, len(text)
    while index < length:
        char = text[index]
        if char in "\"'#":
            end = _past_string_or_comment(text, index)
            out.append(text[index:end])
            index = end
            continue
        if char not in _TOKEN_END:
            end = index
            while end < length and text[end] not in _TOKEN_END:
                end += 1
            token = text[index:end]
            after = text[end:].lstrip(" \t")[:1]
            if in_value and after not in ("=", ".") and special.fullmatch(token) and str(_toml_int(token)) != token:
                out.append(f"{_MARK}{len(written):06d}")
                written.append(token)
            else:
                out.append(token)
            index = end
            continue
        if char == "=":
            in_value = True
        elif char in "[{" and in_value:
            depth += 1
        elif char in "]}" and in_value:
            depth -= 1
        elif char == "\n" and depth <= 0:
            in_value, depth = False, 0
        out.append(char)
        index += 1
    if not written:
        return text, _written_float

    def parse_float(literal: str) -> float:
        if literal.startswith(_MARK):
            token = written[int(literal[len(_MARK) :])]
            return _WrittenInt(_toml_int(token), token)
        return _written_float(literal)

    return "".join(out), parse_float


def _past_string_or_comment(text: str, index: int) -> int:
    """The offset just past the TOML string or comment that starts at ``index``."""
    char = text[index]
    if char == "#":
        end = text.find("\n", index)
        return len(text) if end < 0 else end
    quote = char * 3 if text.startswith(char * 3, index) else char
    end = index + len(quote)
    while end < len(text) and not text.startswith(quote, end):
        end += 2 if char == '"' and text[end] == "\\" else 1
    return min(len(text), end + len(quote))


def _toml_int(token: str) -> int:
    bare = token.replace("_", "")
    base = {"0x": 16, "0o": 8, "0b": 2}.get(bare[:2], 10)
    return int(bare[2:] if base != 10 else bare, base)


_LEADING_ZERO = re.compile(r"=[ \t]*[+-]?0\d[\d_]*[ \t]*(?:#.*)?$")


def _leading_zero_hint(text: str, line: int | None) -> str:
    """A hint for ``id = 007``: TOML has no whole number with a leading zero, and text goes in quotes."""
    if line is None:
        return ""
    lines = text.split("\n")
    found = _LEADING_ZERO.search(lines[line - 1]) if 0 < line <= len(lines) else None
    if found is None:
        return ""
    written = found.group().lstrip("= \t").split("#")[0].strip()
    return f' ({written}: TOML has no whole number with a leading zero; write text in quotes: "{written}")'
