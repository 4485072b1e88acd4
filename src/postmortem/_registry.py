"""Finding exporters: a cached entry-point scan, lazy loading, runtime registration."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

import attrs

from postmortem.errors import ExporterError, ExporterNotFoundError

if TYPE_CHECKING:
    from postmortem.export import Exporter

__all__ = [
    "KNOWN_PROVIDERS",
    "ExporterInfo",
    "exporter_info",
    "exporter_names",
    "get_exporter",
    "register_exporter",
    "unregister_exporter",
]

GROUP = "postmortem.exporters"

KNOWN_PROVIDERS: dict[str, str] = {
    "docx": "postmortem-exporter-docx",
    "pdf": "postmortem-exporter-pdf",
    "confluence": "postmortem-exporter-confluence",
}
"""Exporters the project publishes as separate distributions, by name."""


@attrs.frozen
class ExporterInfo:
    """An installed exporter, described without importing it.

    Attributes:
        name: The exporter's name.
        target: ``module:attribute`` of the class, or ``<runtime>`` for one registered in code.
        distribution: The distribution that provides it, when known.
        version: That distribution's version, when known.
    """

    name: str
    target: str
    distribution: str | None = None
    version: str | None = None


_lock = threading.Lock()
_scanned: dict[str, list[EntryPoint]] | None = None
_runtime: dict[str, type[Exporter] | Callable[[], type[Exporter]]] = {}
_loaded: dict[str, type[Exporter]] = {}


def _scan() -> dict[str, list[EntryPoint]]:
    global _scanned  # noqa: PLW0603  (the cache is module state on purpose)
    with _lock:
        if _scanned is None:
            found: dict[str, list[EntryPoint]] = {}
            seen: set[tuple[str, str]] = set()
            for entry_point in entry_points(group=GROUP):
                # The same distribution can be visible twice on sys.path (editable installs).
                key = (entry_point.name, entry_point.value)
                if key in seen:
                    continue
                seen.add(key)
                found.setdefault(entry_point.name, []).append(entry_point)
            _scanned = found
        return _scanned


def refresh() -> None:
    """Forget the cached scan, so that exporters installed since are found."""
    global _scanned  # noqa: PLW0603
    with _lock:
        _scanned = None
        _loaded.clear()


def _distribution(entry_point: EntryPoint) -> tuple[str | None, str | None]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def exporter_names() -> list[str]:
    """Names of every installed or registered exporter, sorted; imports no plugin."""
    return sorted(set(_scan()) | set(_runtime))


def exporter_info() -> list[ExporterInfo]:
    """Describe every exporter (name, target, distribution, version) without importing any."""
    infos: list[ExporterInfo] = []
    scanned = _scan()
    for name in exporter_names():
        if name in _runtime:
            infos.append(ExporterInfo(name, "<runtime>"))
            continue
        for entry_point in scanned[name]:
            dist, version = _distribution(entry_point)
            infos.append(ExporterInfo(name, entry_point.value, dist, version))
    return infos


def _check(name: str, loaded: object, origin: str) -> type[Exporter]:
    from postmortem.export import Exporter  # noqa: PLC0415  (circular at import time)

    if not (isinstance(loaded, type) and issubclass(loaded, Exporter)):
        raise ExporterError(f"exporter {name!r} ({origin}) is not a subclass of postmortem.export.Exporter")
    missing = [attr for attr in ("name", "media_type", "suffix") if not isinstance(getattr(loaded, attr, None), str)]
    if missing:
        raise ExporterError(f"exporter {name!r} ({origin}) does not set {', '.join(missing)}")
    if loaded.name != name:
        raise ExporterError(f"exporter {origin} is registered as {name!r} but calls itself {loaded.name!r}")
    if getattr(loaded, "__abstractmethods__", None):
        raise ExporterError(
            f"exporter {name!r} ({origin}) does not implement {', '.join(sorted(loaded.__abstractmethods__))}"
        )
    return loaded


def get_exporter(name: str) -> type[Exporter]:
    """Return the exporter class called ``name``, importing its plugin on first use.

    Raises:
        ExporterNotFoundError: when none is installed; the message lists the installed ones
            and the distribution to install for a known missing one.
        ExporterError: when two distributions register the same name, or the plugin is broken.
    """
    if name in _loaded:
        return _loaded[name]
    if name in _runtime:
        target = _runtime[name]
        loaded: Any = target if isinstance(target, type) else target()
        _loaded[name] = _check(name, loaded, "registered at runtime")
        return _loaded[name]
    candidates = _scan().get(name)
    if not candidates:
        raise ExporterNotFoundError(name, exporter_names(), KNOWN_PROVIDERS.get(name))
    if len(candidates) > 1:
        providers = ", ".join(
            f"{entry_point.value} ({_distribution(entry_point)[0] or 'unknown distribution'})"
            for entry_point in candidates
        )
        raise ExporterError(
            f"more than one installed exporter is named {name!r}: {providers}. Uninstall one, or choose one "
            f"with postmortem.register_exporter('module:Class', name={name!r}, override=True)"
        )
    entry_point = candidates[0]
    try:
        loaded = entry_point.load()
    except ImportError as exc:
        dist = _distribution(entry_point)[0] or KNOWN_PROVIDERS.get(name) or "its distribution"
        raise ExporterError(
            f"exporter {name!r} is installed but cannot be imported ({exc}); reinstall {dist} with its dependencies"
        ) from exc
    _loaded[name] = _check(name, loaded, entry_point.value)
    return _loaded[name]


def register_exporter(
    exporter: type[Exporter] | str, *, name: str | None = None, override: bool = False
) -> type[Exporter] | str:
    """Register an exporter in code, beside the installed ones.

    Can be used as a class decorator::

        @register_exporter
        class SlackExporter(Exporter):
            name = "slack"
            ...

    Args:
        exporter: The class, or ``"module:attribute"`` to import when first used.
        name: The name; the class's ``name`` when not given.
        override: Replace an exporter of the same name (installed or registered).

    Returns:
        ``exporter`` unchanged, so that it works as a decorator.

    Raises:
        ExporterError: when the name is taken and ``override`` is false.
    """
    if isinstance(exporter, str):
        if name is None:
            raise ExporterError("register_exporter('module:attribute') needs name=")
        module_name, _, attribute = exporter.partition(":")

        def load() -> type[Exporter]:
            target: Any = importlib.import_module(module_name)
            for part in attribute.split("."):
                target = getattr(target, part)
            return target  # type: ignore[no-any-return]

        key = name
        target_value: type[Exporter] | Callable[[], type[Exporter]] = load
    else:
        key = name or str(getattr(exporter, "name", "") or "")
        if not key:
            raise ExporterError(f"{exporter!r} has no name; set the class attribute name or pass name=")
        target_value = exporter
    if not override and (key in _runtime or key in _scan()):
        raise ExporterError(f"an exporter named {key!r} already exists; pass override=True to replace it")
    _runtime[key] = target_value
    _loaded.pop(key, None)
    return exporter


def unregister_exporter(name: str) -> None:
    """Remove an exporter registered with :func:`register_exporter` (installed ones stay)."""
    _runtime.pop(name, None)
    _loaded.pop(name, None)
