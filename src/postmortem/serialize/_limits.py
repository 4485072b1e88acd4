"""The limits on what is read: file size and nesting depth, from arguments or the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from postmortem.errors import PostmortemError

__all__ = ["DEFAULT_MAX_DEPTH", "DEFAULT_MAX_FILE_SIZE", "max_depth", "max_file_size", "parse_size"]


DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
"""The largest incident file read by default, in bytes (16 MiB: some 50,000 timeline events)."""

DEFAULT_MAX_DEPTH = 64
"""The deepest nesting of mappings and lists read by default (an incident needs 5)."""

_SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2, "mib": 1024**2}
_SIZE_UNITS.update({"g": 1000**3, "gb": 1000**3, "gib": 1024**3})


def parse_size(text: str) -> int:
    """Read a size such as ``16MiB``, ``20 MB``, ``500k`` or ``1048576`` as a number of bytes.

    Raises:
        ValueError: for anything else.
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if match is None or match.group(2).lower() not in _SIZE_UNITS:
        raise ValueError(f"{text!r} is not a size; write it like 16MiB, 20MB, 500k or 1048576")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def _show_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    if size >= 1024:
        return f"{size / 1024:.1f} KiB".replace(".0 ", " ")
    return f"{size} bytes"


def _limit(value: int | None, variable: str, default: int, parse: Callable[[str], int]) -> int:
    if value is not None:
        if value < 1:
            raise PostmortemError(f"a limit must be at least 1, got {value}")
        return value
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        result = parse(text)
    except ValueError:
        raise PostmortemError(f"{variable}={text!r} is not a valid limit; unset it or give a number") from None
    if result < 1:
        raise PostmortemError(f"{variable}={text!r} is not a valid limit; it must be at least 1")
    return result


def max_file_size(value: int | None = None) -> int:
    """The file size limit in force: ``value``, else ``POSTMORTEM_MAX_FILE_SIZE``, else the default.

    Raises:
        PostmortemError: when the environment variable holds no valid size.
    """
    return _limit(value, "POSTMORTEM_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE, parse_size)


def max_depth(value: int | None = None) -> int:
    """The nesting limit in force: ``value``, else ``POSTMORTEM_MAX_DEPTH``, else the default.

    Raises:
        PostmortemError: when the environment variable holds no valid number.
    """
    return _limit(value, "POSTMORTEM_MAX_DEPTH", DEFAULT_MAX_DEPTH, int)
