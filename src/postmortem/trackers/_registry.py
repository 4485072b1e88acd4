"""Finding trackers: the ``postmortem.trackers`` entry-point group, on the exporters' registry machinery."""

from __future__ import annotations

from postmortem._registry import PluginInfo, PluginRegistry
from postmortem.trackers._base import Tracker, TrackerError, TrackerNotFoundError

__all__ = [
    "GROUP",
    "KNOWN_TRACKERS",
    "get_tracker",
    "refresh",
    "register_tracker",
    "tracker_info",
    "tracker_names",
    "unregister_tracker",
]

GROUP = "postmortem.trackers"
"""The entry-point group trackers register in."""

KNOWN_TRACKERS: dict[str, str] = {"jira": "postmortem-tracker-jira"}
"""Trackers the project publishes as separate distributions, by name."""

_METHODS = ("from_options", "owns", "get", "search", "create", "differences", "update", "secrets", "close")


def _check(name: str, loaded: object, origin: str) -> type[Tracker]:
    if not isinstance(loaded, type):
        raise TrackerError(f"tracker {name!r} ({origin}) is not a class")
    missing = [method for method in _METHODS if not callable(getattr(loaded, method, None))]
    if missing:
        raise TrackerError(f"tracker {name!r} ({origin}) does not implement {', '.join(missing)}")
    own_name = getattr(loaded, "name", None)
    if own_name != name:
        raise TrackerError(f"tracker {origin} is registered as {name!r} but calls itself {own_name!r}")
    return loaded


_TRACKERS: PluginRegistry[type[Tracker]] = PluginRegistry(
    GROUP,
    kind="tracker",
    check=_check,
    error=TrackerError,
    not_found=TrackerNotFoundError,
    known_providers=KNOWN_TRACKERS,
    register_hint="postmortem.trackers.register_tracker",
)


def tracker_names() -> list[str]:
    """Names of every installed or registered tracker, sorted; imports none of them."""
    return _TRACKERS.names()


def tracker_info() -> list[PluginInfo]:
    """Describe every tracker (name, target, distribution, version) without importing any."""
    return _TRACKERS.info()


def get_tracker(name: str) -> type[Tracker]:
    """Return the tracker class called ``name``, importing its plugin on first use.

    Raises:
        TrackerNotFoundError: when none is installed; the message lists the installed ones
            and the distribution to install for a known missing one.
        TrackerError: when two distributions register the name, or the plugin is broken.
    """
    return _TRACKERS.get(name)


def register_tracker(
    tracker: type[Tracker] | str, *, name: str | None = None, override: bool = False
) -> type[Tracker] | str:
    """Register a tracker class in code, beside the installed ones; works as a class decorator.

    Args:
        tracker: The class, or ``"module:attribute"`` to import when first used.
        name: The name; the class's ``name`` when not given.
        override: Replace a tracker of the same name (installed or registered).

    Returns:
        ``tracker`` unchanged.

    Raises:
        TrackerError: when the name is taken and ``override`` is false.
    """
    _TRACKERS.register(tracker, name=name, override=override)
    return tracker


def unregister_tracker(name: str) -> None:
    """Remove a tracker registered with :func:`register_tracker` (installed ones stay)."""
    _TRACKERS.unregister(name)


def refresh() -> None:
    """Forget the cached scan, so that trackers installed since are found."""
    _TRACKERS.refresh()
