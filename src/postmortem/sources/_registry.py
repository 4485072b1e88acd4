"""Finding timeline sources: the ``postmortem.sources`` group on the shared plugin registry.

Sources follow the same rules as exporters and rules (:class:`postmortem._registry.PluginRegistry`):
entry points scanned once and loaded on first use, two distributions claiming one name an
error naming both unless one is registered in code with ``override=True``.
"""

from __future__ import annotations

from typing import Any

from postmortem._registry import PluginRegistry
from postmortem.sources._base import Source, SourceNotFoundError, SourcePluginError

__all__ = ["GROUP", "get_source", "refresh", "register_source", "source_names", "unregister_source"]

GROUP = "postmortem.sources"
"""The entry-point group sources register in."""


def _check(name: str, loaded: object, origin: str) -> Source:
    source: Any = loaded() if isinstance(loaded, type) else loaded
    if not isinstance(source, Source):
        raise SourcePluginError(f"the {GROUP} entry point {name!r} ({origin}) does not provide name and read()")
    return source


_SOURCES: PluginRegistry[Source] = PluginRegistry(
    GROUP,
    kind="timeline source",
    check=_check,
    error=SourcePluginError,
    not_found=SourceNotFoundError,
    register_hint="postmortem.sources.register_source",
)
# The registry's own dicts, under the names older tests use.
_registered = _SOURCES.runtime
_loaded = _SOURCES.loaded


def refresh() -> None:
    """Forget the scan and loaded sources, so that sources installed since are found."""
    _SOURCES.refresh()


_reset_cache = refresh


def source_names() -> list[str]:
    """Return the names of the installed and registered sources, sorted, importing none of them."""
    return _SOURCES.names()


def get_source(name: str) -> Source:
    """Return the source called ``name``, loading its plugin on first use.

    Args:
        name: ``slack``, ``pagerduty``, ... or a third party's name.

    Returns:
        An object satisfying :class:`~postmortem.sources.Source`.

    Raises:
        SourceNotFoundError: when no source has that name; lists the installed ones.
        SourcePluginError: when two distributions register the name, or the plugin does not
            provide ``name`` and ``read`` (it is also a :class:`TypeError`).
    """
    return _SOURCES.get(name)


def register_source(source: Source | str, *, name: str | None = None, override: bool = False) -> None:
    """Make a source available without installing a distribution (for scripts and tests).

    Args:
        source: The source object, or ``"module:attribute"`` to import when first used
            (then ``name`` is needed).
        name: The name to register under; ``source.name`` by default.
        override: Replace a source that already has this name (installed or registered).

    Raises:
        SourcePluginError: when the name is taken and ``override`` is false (it is also a
            :class:`ValueError`), or ``source`` does not satisfy the protocol (also a
            :class:`TypeError`).
    """
    if not isinstance(source, str) and not isinstance(source, Source):
        raise SourcePluginError(f"{source!r} does not provide name and read()")
    _SOURCES.register(source, name=name, override=override)


def unregister_source(name: str) -> None:
    """Remove a source registered with :func:`register_source` (installed ones stay)."""
    _SOURCES.unregister(name)
