"""Finding plugins: a cached entry-point scan, lazy loading, runtime registration.

:class:`PluginRegistry` is the machinery; exporters (group ``postmortem.exporters``) and
trackers (``postmortem.trackers``) each have one instance. The module-level functions
below are the exporters' registry, kept as the public face :mod:`postmortem.export`
re-exports.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from postmortem._entry_points import EntryPointLike, group_entry_points
from postmortem.errors import ExporterError, ExporterNotFoundError, PostmortemError

if TYPE_CHECKING:
    from postmortem.export import Exporter

__all__ = [
    "KNOWN_PROVIDERS",
    "ExporterInfo",
    "PluginInfo",
    "PluginRegistry",
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

T = TypeVar("T")


@attrs.frozen
class PluginInfo:
    """An installed plugin, described without importing it.

    Attributes:
        name: The plugin's name.
        target: ``module:attribute`` of the plugin, or ``<runtime>`` for one registered in code.
        distribution: The distribution that provides it, when known.
        version: That distribution's version, when known.
    """

    name: str
    target: str
    distribution: str | None = None
    version: str | None = None


@attrs.frozen
class ExporterInfo(PluginInfo):
    """An installed exporter, described without importing it.

    Attributes:
        name: The exporter's name.
        target: ``module:attribute`` of the class, or ``<runtime>`` for one registered in code.
        distribution: The distribution that provides it, when known.
        version: That distribution's version, when known.
    """


def _distribution(entry_point: EntryPointLike) -> tuple[str | None, str | None]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def _import_target(target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    loaded: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        if part:
            loaded = getattr(loaded, part)
    return loaded


class PluginRegistry(Generic[T]):
    """The plugins of one entry-point group: scanned once, loaded when asked for, checked.

    Two installed distributions claiming one name are an error naming both, unless a plugin
    of that name is registered in code with ``override=True``.

    Args:
        group: The entry-point group.
        kind: What a plugin is called in messages (``exporter``, ``tracker``).
        check: Turns what an entry point loaded into a plugin, or raises ``error``. It gets
            the name, the loaded object and where it came from.
        error: The error type for broken or clashing plugins.
        not_found: Builds the error for an unknown name from the name, the installed names
            and the distribution known to provide it.
        known_providers: Distributions that provide well-known names.
        name_of: The name a plugin object calls itself, for registration without ``name=``.
        register_hint: The call that picks one of two clashing plugins, for the message.
        info_type: The class :meth:`info` describes plugins with.
    """

    def __init__(
        self,
        group: str,
        *,
        kind: str,
        check: Callable[[str, object, str], T],
        error: type[PostmortemError],
        not_found: Callable[[str, Sequence[str], str | None], Exception],
        known_providers: Mapping[str, str] | None = None,
        name_of: Callable[[object], str] | None = None,
        register_hint: str = "register",
        info_type: type[PluginInfo] = PluginInfo,
    ) -> None:
        self.group = group
        self.kind = kind
        self.known_providers: Mapping[str, str] = known_providers or {}
        self._check = check
        self._error = error
        self._not_found = not_found
        self._name_of = name_of or (lambda plugin: str(getattr(plugin, "name", "") or ""))
        self._register_hint = register_hint
        self._info_type = info_type
        self._lock = threading.Lock()
        self._scanned: dict[str, list[EntryPointLike]] | None = None
        self.runtime: dict[str, T | Callable[[], object]] = {}
        self.loaded: dict[str, T] = {}

    # ------------------------------------------------------------------ discovery

    def scan(self) -> dict[str, list[EntryPointLike]]:
        """The installed entry points of the group by name, scanned once."""
        with self._lock:
            if self._scanned is None:
                found: dict[str, list[EntryPointLike]] = {}
                seen: set[tuple[str, str]] = set()
                for entry_point in group_entry_points(self.group):
                    # The same distribution can be visible twice on sys.path (editable installs).
                    key = (entry_point.name, entry_point.value)
                    if key in seen:
                        continue
                    seen.add(key)
                    found.setdefault(entry_point.name, []).append(entry_point)
                self._scanned = found
            return self._scanned

    def refresh(self) -> None:
        """Forget the cached scan, so that plugins installed since are found."""
        with self._lock:
            self._scanned = None
            self.loaded.clear()

    def names(self) -> list[str]:
        """Names of every installed or registered plugin, sorted; imports none."""
        return sorted(set(self.scan()) | set(self.runtime))

    def info(self) -> list[PluginInfo]:
        """Describe every plugin (name, target, distribution, version) without importing any."""
        infos: list[PluginInfo] = []
        scanned = self.scan()
        for name in self.names():
            if name in self.runtime:
                infos.append(self._info_type(name, "<runtime>"))
                continue
            for entry_point in scanned[name]:
                dist, version = _distribution(entry_point)
                infos.append(self._info_type(name, entry_point.value, dist, version))
        return infos

    # ------------------------------------------------------------------ loading

    def get(self, name: str) -> T:
        """Return the plugin called ``name``, importing it on first use.

        Raises:
            Exception: ``not_found``'s error when none is installed; ``error`` when two
                distributions register the name, or the plugin is broken.
        """
        if name in self.loaded:
            return self.loaded[name]
        if name in self.runtime:
            target = self.runtime[name]
            loaded: object = target() if callable(target) and getattr(target, "_postmortem_loader", False) else target
            self.loaded[name] = self._check(name, loaded, "registered at runtime")
            return self.loaded[name]
        candidates = self.scan().get(name)
        if not candidates:
            raise self._not_found(name, self.names(), self.known_providers.get(name))
        if len(candidates) > 1:
            providers = ", ".join(
                f"{entry_point.value} ({_distribution(entry_point)[0] or 'unknown distribution'})"
                for entry_point in candidates
            )
            raise self._error(
                f"more than one installed {self.kind} is named {name!r}: {providers}. Uninstall one, or choose one "
                f"with {self._register_hint}('module:Class', name={name!r}, override=True)"
            )
        entry_point = candidates[0]
        try:
            loaded = entry_point.load()
        except ImportError as exc:
            dist = _distribution(entry_point)[0] or self.known_providers.get(name) or "its distribution"
            raise self._error(
                f"{self.kind} {name!r} is installed but cannot be imported ({exc}); "
                f"reinstall {dist} with its dependencies"
            ) from exc
        except Exception as exc:  # a plugin's module is someone else's code
            raise self._error(
                f"{self.kind} {name!r} (entry point {entry_point.value}) cannot be imported: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        self.loaded[name] = self._check(name, loaded, entry_point.value)
        return self.loaded[name]

    # ------------------------------------------------------------------ registration

    def register(self, plugin: object, *, name: str | None = None, override: bool = False) -> None:
        """Register a plugin in code, beside the installed ones.

        Args:
            plugin: The plugin, or ``"module:attribute"`` to import when first used.
            name: The name; what the plugin calls itself when not given.
            override: Replace a plugin of the same name (installed or registered).

        Raises:
            PostmortemError: ``error`` when the name is taken and ``override`` is false.
        """
        if isinstance(plugin, str):
            if name is None:
                raise self._error(f"{self._register_hint}('module:attribute') needs name=")
            spec = plugin

            def load() -> object:
                return _import_target(spec)

            load._postmortem_loader = True  # type: ignore[attr-defined]
            key = name
            value: Any = load
        else:
            key = name or self._name_of(plugin)
            if not key:
                raise self._error(f"{plugin!r} has no name; set the class attribute name or pass name=")
            value = plugin
        if not override and (key in self.runtime or (key in self.scan() and not self._installs(key, plugin))):
            taken = f"{_article(self.kind)} named {key!r} already exists{self._whose(key)}"
            raise self._error(f"{taken}; pass override=True to replace it")
        self.runtime[key] = value
        self.loaded.pop(key, None)

    def _installs(self, key: str, plugin: object) -> bool:
        """Whether every installed entry point named ``key`` names ``plugin`` itself.

        A class a distribution installs, registered again in code (a notebook beside an editable
        install), is that plugin, not a second one: compared by the entry point's text, so
        nothing is imported.
        """
        if isinstance(plugin, str) or not hasattr(plugin, "__module__") or not hasattr(plugin, "__qualname__"):
            return False
        target = f"{plugin.__module__}:{plugin.__qualname__}"
        return all("".join(entry_point.value.split()) == target for entry_point in self.scan()[key])

    def _whose(self, key: str) -> str:
        """Where the plugin called ``key`` comes from, for the error that it exists."""
        if key in self.runtime:
            return " (registered in code)"
        installed = []
        for entry_point in self.scan()[key]:
            dist, version = _distribution(entry_point)
            installed.append(f"{entry_point.value}" + (f" from {dist} {version}" if dist else ""))
        return f" (installed: {'; '.join(installed)})"

    def unregister(self, name: str) -> None:
        """Remove a plugin registered in code (installed ones stay)."""
        self.runtime.pop(name, None)
        self.loaded.pop(name, None)


def _article(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


# ---------------------------------------------------------------------- exporters


def _check_exporter(name: str, loaded: object, origin: str) -> type[Exporter]:
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


_EXPORTERS: PluginRegistry[type[Exporter]] = PluginRegistry(
    GROUP,
    kind="exporter",
    check=_check_exporter,
    error=ExporterError,
    not_found=ExporterNotFoundError,
    known_providers=KNOWN_PROVIDERS,
    register_hint="postmortem.register_exporter",
    info_type=ExporterInfo,
)
# The registry's own dicts, under the names tests and older code use.
_runtime = _EXPORTERS.runtime
_loaded = _EXPORTERS.loaded


def refresh() -> None:
    """Forget the cached scan, so that exporters installed since are found."""
    _EXPORTERS.refresh()


def exporter_names() -> list[str]:
    """Names of every installed or registered exporter, sorted; imports no plugin."""
    return _EXPORTERS.names()


def exporter_info() -> list[ExporterInfo]:
    """Describe every exporter (name, target, distribution, version) without importing any."""
    return [info for info in _EXPORTERS.info() if isinstance(info, ExporterInfo)]


def get_exporter(name: str) -> type[Exporter]:
    """Return the exporter class called ``name``, importing its plugin on first use.

    Raises:
        ExporterNotFoundError: when none is installed; the message lists the installed ones
            and the distribution to install for a known missing one.
        ExporterError: when two distributions register the same name, or the plugin is broken.
    """
    return _EXPORTERS.get(name)


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
    if isinstance(exporter, str) and name is None:
        raise ExporterError("register_exporter('module:attribute') needs name=")
    _EXPORTERS.register(exporter, name=name, override=override)
    return exporter


def unregister_exporter(name: str) -> None:
    """Remove an exporter registered with :func:`register_exporter` (installed ones stay)."""
    _EXPORTERS.unregister(name)
