"""The ``$.path`` of each problem in an incident file, and the words that describe it.

cattrs reports what failed to structure as nested exceptions with notes; :func:`problems_of`
walks them into :class:`~postmortem.errors.Problem` records addressed by ``$.path``. The
messages for documents over a limit live here too, so that every reader (YAML, JSON, TOML)
says the same thing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from postmortem import model
from postmortem.errors import FieldError, Problem, clip, did_you_mean
from postmortem.serialize._limits import _show_size

__all__ = ["problems_of"]


class _MismatchError(ValueError):
    """A value of the wrong shape; the message is shown to the user as is."""


class _WrittenInt(int):
    """A whole number read from YAML whose written form ``str()`` does not give back.

    YAML 1.1 reads ``id: 0042`` as the octal number 34 and ``1_000`` as 1000; a text field given
    such a number keeps what the user wrote (``"0042"``), not the number's digits.
    """

    written: str

    def __new__(cls, value: int, written: str) -> _WrittenInt:
        self = super().__new__(cls, value)
        self.written = written
        return self

    def __reduce__(self) -> tuple[type[int], tuple[int]]:
        return int, (int(self),)  # a copy or a pickle is the plain number


class _WrittenFloat(float):
    """A number with a fraction read from YAML, JSON or TOML whose written form ``str()`` does not give back.

    ``title: 1.10`` reads as 1.1 and ``1e3`` as 1000.0: a text field keeps what was written.
    """

    written: str

    def __new__(cls, value: float, written: str) -> _WrittenFloat:
        self = super().__new__(cls, value)
        self.written = written
        return self

    def __reduce__(self) -> tuple[type[float], tuple[float]]:
        return float, (float(self),)


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false: quote the text)"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return repr(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


_TIME_KEYS = ("at", "precision", "bound")


_ACCURACY_SEGMENT = re.compile(r"\.(started|detected|acknowledged|mitigated|resolved|time|start|end)_accuracy(?=[.\[])")


def _time_path(path: str) -> str:
    """Write a path into an accuracy field as the key the file has: ``$.milestones.started.bound``."""
    return _ACCURACY_SEGMENT.sub(r".\1", path)


def _join(path: str, part: str) -> str:
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _field_path(path: str, field: str) -> str:
    # FieldError.field may be "detected" or "action_items[1].id".
    head, sep, rest = field.partition("[")
    result = _join(path, head) if head else path
    return f"{result}[{rest}" if sep else result


def _key_names(cl: type) -> list[str]:
    """The keys a file may write for class ``cl``, for "did you mean" hints."""
    if cl is model.TimeAccuracy:
        return list(_TIME_KEYS)  # written inside a time: {at, precision, bound}
    return [a.name for a in attrs.fields(cl) if "accuracy_of" not in a.metadata] if attrs.has(cl) else []


def _walk(exc: BaseException, path: str, cl: type | None) -> Iterator[tuple[str, str]]:
    if isinstance(exc, ForbiddenExtraKeysError):
        names = _key_names(exc.cl)
        extra: set[object] = set(exc.extra_fields)  # YAML keys need not be text
        for key in sorted(extra, key=str):
            if not isinstance(key, str):
                # YAML reads ``1:``, ``true:`` and ``null:`` as a number, a boolean and nothing.
                shown = json.dumps(key) if key is None or isinstance(key, bool) else clip(str(key))
                yield _join(path, shown), f"a key must be a name such as summary, got {_describe(key)}"
                continue
            hint = did_you_mean(key, names) if len(key) <= _MESSAGE_TEXT else ""
            yield _join(path, clip(key)), f"unknown key{hint}"
        return
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    sub_path = _join(path, note.name)
                    break
                if isinstance(note, IterableValidationNote):
                    sub_path = f"{path}[{note.index}]"
                    break
            if isinstance(sub, KeyError) and sub_path != path and not isinstance(sub, ForbiddenExtraKeysError):
                yield sub_path, "missing (required)"
                continue
            yield from _walk(sub, sub_path, None)
        return
    if isinstance(exc, FieldError):
        yield _field_path(path, exc.field), exc.message
        return
    if isinstance(exc, _MismatchError):
        yield path, str(exc)
        return
    if isinstance(exc, (ValueError, TypeError)):
        yield path, str(exc) or type(exc).__name__
        return
    yield path, f"{type(exc).__name__}: {exc}"


def _printable(text: str) -> str:
    # Messages quote the document; a lone surrogate in it would make printing them fail.
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(text) else text


def problems_of(exc: BaseException) -> list[Problem]:
    """The problems a structuring error stands for, each at its ``$.path``.

    For the errors a converter of :func:`~postmortem.serialize.make_converter` raises (with
    ``detailed_validation``): cattrs' grouped errors are walked down to each value that was
    refused, so a plugin that structures part of an incident reports what
    :func:`~postmortem.serialize.load` would (``$.action_items[1].due: expected a date ...``).

    Args:
        exc: The exception raised by ``converter.structure``.

    Returns:
        One :class:`~postmortem.errors.Problem` per refused value, in the order found.
    """
    return [Problem(_printable(_time_path(path)), _printable(message)) for path, message in _walk(exc, "$", None)]


def _size_message(size: int, limit: int, *, at_least: bool = False) -> str:
    shown = f"more than {_show_size(limit)}" if at_least else _show_size(size)
    return (
        f"the file is {shown}, over the {_show_size(limit)} limit; raise it with --max-file-size "
        "or POSTMORTEM_MAX_FILE_SIZE (max_file_size= in Python)"
    )


def _depth_message(limit: int) -> str:
    return (
        f"nested more than {limit} levels deep, over the limit; raise it with --max-depth "
        "or POSTMORTEM_MAX_DEPTH (max_depth= in Python)"
    )


_MESSAGE_TEXT = 200


_LONG_NUMBER = re.compile(r"\d{1000,}")


def _long_number_line(text: str) -> int | None:
    match = _LONG_NUMBER.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _number_message(exc: Exception, text: str) -> str:
    match = _LONG_NUMBER.search(text)
    if match is None:
        return (
            "cannot read a value as its YAML tag (such as !!timestamp or !!int) says; remove the tag or fix the value"
        )
    return f"a number of {len(match.group(0)):,} digits is too long to read; numbers here need at most 16"
