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

# As GNU coreutils read sizes (``sort -S``, ``head -c``, ``dd``): a bare letter and the
# ``-iB`` units are powers of 1024, the ``-B`` units powers of 1000. So ``16M`` is the 16 MiB
# that the defaults are stated in, and ``20MB`` is what a disk maker means by it.
_SIZE_UNITS = {"": 1, "b": 1}
for _power, _letter in enumerate("kmgt", start=1):
    _SIZE_UNITS.update({_letter: 1024**_power, f"{_letter}ib": 1024**_power, f"{_letter}b": 1000**_power})


def parse_size(text: str) -> int:
    """Read a size such as ``16MiB``, ``16M``, ``20 MB``, ``1.5GiB`` or ``1048576`` as a number of bytes.

    Every size the project reads (``--max-file-size`` and ``POSTMORTEM_MAX_FILE_SIZE``, the
    Slack source's ``--slack-max-inflated``) is read by this function, the way GNU tools read
    them: ``KiB``, ``MiB``, ``GiB``, ``TiB`` and the bare letters ``K``, ``M``, ``G``, ``T``
    are powers of 1024; ``KB``, ``MB``, ``GB``, ``TB`` are powers of 1000; ``B`` or no unit
    is bytes. Case does not matter; a fraction of a byte is dropped. Every size is a limit,
    so it is at least one byte.

    Args:
        text: The size as a person writes it.

    Returns:
        The number of bytes.

    Raises:
        ValueError: for anything else (a message the user can act on).
    """
    match = re.fullmatch(r"\s*(\d{1,15}(?:\.\d{1,15})?)\s*([a-zA-Z]*)\s*", text)
    if match is None or match.group(2).lower() not in _SIZE_UNITS:
        raise ValueError(
            f"{text!r} is not a size; write it like 16MiB or 16M (powers of 1024), 20MB (powers of 1000) or 1048576"
        )
    size = int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])
    if size < 1:
        raise ValueError(f"{text!r} is under 1 byte; a size limit must be at least 1 byte")
    return size


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
    except ValueError as exc:
        # The parser's own words say what it reads (for a size: the units and what they mean).
        raise PostmortemError(f"{variable}={text!r} is not a valid limit: {exc}; unset it or correct it") from None
    if result < 1:
        raise PostmortemError(f"{variable}={text!r} is not a valid limit: it must be at least 1")
    return result


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None


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
    return _limit(value, "POSTMORTEM_MAX_DEPTH", DEFAULT_MAX_DEPTH, _whole_number)
