"""Reading JSON and TOML into plain data, with duplicate keys and nesting bounded."""

from __future__ import annotations

import json
import re
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
    except _toml.TOMLDecodeError as exc:
        message, line = _toml.decode_error(exc, text)
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
