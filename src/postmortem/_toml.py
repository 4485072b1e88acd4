"""TOML for every part of the library: the standard library's ``tomllib``, or ``tomli`` before Python 3.11.

Imported where a TOML file is read (incidents, the check configuration, redaction policies,
the import synonyms), not when ``postmortem`` is.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["TOMLDecodeError", "decode_error", "loads"]

loads = tomllib.loads
TOMLDecodeError = tomllib.TOMLDecodeError


def decode_error(exc: Exception) -> tuple[str, int | None]:
    """What a :class:`TOMLDecodeError` says, without its position, and the line it points at."""
    return str(getattr(exc, "msg", exc)), getattr(exc, "lineno", None)
