"""Exceptions kept as results: :func:`detached`.

Where one file's failure is that file's result (``check_files``, ``load_many_with_source``),
the exception is kept in a list beside the other files' results. With its traceback (or the
traceback of an exception it was raised while handling), it would keep the frames it passed
through, whose locals hold that list: a reference cycle, with every document read, that only
the cyclic garbage collector frees.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["detached"]

_E = TypeVar("_E", bound=BaseException)


def detached(exc: _E) -> _E:
    """``exc`` without its traceback, nor the tracebacks of the exceptions it was raised from or while handling."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending.extend((current.__cause__, current.__context__))
    return exc
