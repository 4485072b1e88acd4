"""Finding timeline sources: entry points scanned once, plugins loaded only when asked for."""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint, entry_points

from postmortem.sources._base import Source, SourceNotFoundError

__all__ = ["GROUP", "get_source", "register_source", "source_names"]

GROUP = "postmortem.sources"
"""The entry-point group sources register in."""

_lock = threading.Lock()
_scanned: dict[str, EntryPoint] | None = None
_registered: dict[str, Source] = {}
_loaded: dict[str, Source] = {}


def _entry_points() -> dict[str, EntryPoint]:
    global _scanned  # noqa: PLW0603  (the one cached scan of installed distributions)
    with _lock:
        if _scanned is None:
            found: dict[str, EntryPoint] = {}
            for entry in entry_points(group=GROUP):
                # The first distribution to claim a name keeps it, so the result does not
                # depend on dictionary order from one run to the next.
                found.setdefault(entry.name, entry)
            _scanned = found
        return _scanned


def _reset_cache() -> None:
    """Forget the scan and loaded sources (for tests that install a distribution)."""
    global _scanned  # noqa: PLW0603
    with _lock:
        _scanned = None
        _loaded.clear()


def source_names() -> list[str]:
    """Return the names of the installed and registered sources, sorted, importing none of them."""
    return sorted(set(_entry_points()) | set(_registered))


def get_source(name: str) -> Source:
    """Return the source called ``name``, loading its plugin on first use.

    Args:
        name: ``slack``, ``pagerduty``, ... or a third party's name.

    Returns:
        An object satisfying :class:`~postmortem.sources.Source`.

    Raises:
        SourceNotFoundError: when no source has that name; lists the installed ones.
        TypeError: when the plugin does not provide ``name`` and ``read``.
    """
    if name in _registered:
        return _registered[name]
    if name in _loaded:
        return _loaded[name]
    entry = _entry_points().get(name)
    if entry is None:
        raise SourceNotFoundError(name, source_names())
    target = entry.load()
    source = target() if isinstance(target, type) else target
    if not isinstance(source, Source):
        raise TypeError(f"the {GROUP} entry point {name!r} ({entry.value}) does not provide name and read()")
    _loaded[name] = source
    return source


def register_source(source: Source, *, name: str | None = None, override: bool = False) -> None:
    """Make a source available without installing a distribution (for scripts and tests).

    Args:
        source: The source object.
        name: The name to register under; ``source.name`` by default.
        override: Replace a source that already has this name.

    Raises:
        ValueError: when the name is taken and ``override`` is false.
        TypeError: when ``source`` does not satisfy the protocol.
    """
    if not isinstance(source, Source):
        raise TypeError(f"{source!r} does not provide name and read()")
    key = name or source.name
    if not override and (key in _registered or key in _entry_points()):
        raise ValueError(f"a timeline source named {key!r} already exists; pass override=True to replace it")
    _registered[key] = source
    _loaded.pop(key, None)
