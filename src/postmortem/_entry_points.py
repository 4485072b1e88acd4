"""The installed entry points of a group, found without importing :mod:`importlib.metadata`.

Every command looks up its plugins (rules, exporters, sources) on start, and importing
``importlib.metadata`` (with :mod:`email`, :mod:`zipfile` and :mod:`csv`, which it needs
for other things) costs about a sixth of starting ``postmortem check``. The entry points
themselves are only lines in ``entry_points.txt`` files of the ``.dist-info`` and
``.egg-info`` folders on :data:`sys.path`, which this module reads as
:func:`importlib.metadata.entry_points` reads them: the same folders in the same order, one
distribution per normalized name (the first on the path wins), the same file format.

Where the answer could differ, :func:`importlib.metadata.entry_points` is asked instead: a
path entry that is a zip file or an ``.egg``, a metadata folder whose name it would read
from the metadata file, or an import finder of the program's own that can list
distributions. A distribution's name and version are read only when asked for (to say
which distribution provides a plugin), through :mod:`importlib.metadata`.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from importlib.metadata import Distribution

__all__ = ["EntryPointLike", "group_entry_points"]


class EntryPointLike(Protocol):
    """What the plugin registry uses of an entry point (:class:`importlib.metadata.EntryPoint` has it all)."""

    @property
    def name(self) -> str: ...

    @property
    def value(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def dist(self) -> Distribution | None: ...

    def load(self) -> Any: ...


# importlib.metadata.EntryPoint.pattern: ``module``, ``module:attr.attr``, extras ignored.
_TARGET = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_SUFFIXES = (".dist-info", ".egg-info")


class LightEntryPoint:
    """An entry point read from a metadata folder; loads its object as ``EntryPoint.load`` does."""

    __slots__ = ("_info", "group", "name", "value")

    def __init__(self, name: str, value: str, group: str, info: str) -> None:
        self.name = name
        self.value = value
        self.group = group
        self._info = info

    @property
    def dist(self) -> Distribution | None:
        """The distribution whose metadata folder lists this entry point."""
        from importlib.metadata import PathDistribution  # noqa: PLC0415  (only to name a provider)

        return PathDistribution(Path(self._info))

    def load(self) -> Any:
        """Import the module and return the object the entry point names.

        Raises:
            ValueError: When the value is not ``module`` or ``module:attribute``.
        """
        match = _TARGET.match(self.value)
        if match is None:
            raise ValueError(f"entry point value {self.value!r} is not 'module' or 'module:attribute'")
        loaded: Any = importlib.import_module(match.group("module"))
        for part in (match.group("attr") or "").split("."):
            if part:
                loaded = getattr(loaded, part)
        return loaded

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def _normalize(name: str) -> str:
    # importlib.metadata.Prepared.normalize: PEP 503, then dashes as underscores.
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


class _Unusual(Exception):  # noqa: N818  (a signal, not an error)
    """Something on the path that only importlib.metadata reads faithfully."""


def _standard_finders_only() -> bool:
    """Whether distributions are found only by the path finder (no finder of the program's own)."""
    from importlib.machinery import PathFinder  # noqa: PLC0415  (loaded with the interpreter)

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return False
    return True


def _metadata_folders() -> list[str]:
    """The metadata folders on sys.path, in importlib.metadata's order, one per distribution name."""
    seen: set[str] = set()
    folders: list[str] = []
    for entry in sys.path:
        if not isinstance(entry, str):
            raise _Unusual  # bytes or an object: left to importlib.metadata
        root = entry
        if Path(root).name.lower().endswith(".egg"):
            raise _Unusual
        try:
            children = os.listdir(root or ".")  # noqa: PTH208  (names, as importlib.metadata lists them)
        except NotADirectoryError:
            raise _Unusual from None  # a zip file on the path
        except OSError:
            continue  # missing or unreadable: nothing there
        # importlib.metadata groups a folder's metadata by normalized name, in listing order.
        by_name: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith(_SUFFIXES):
                by_name.setdefault(_normalize(low.rpartition(".")[0].partition("-")[0]), []).append(child)
        for group in by_name.values():
            for child in group:
                stem, dot, extension = child.rpartition(".")
                if dot + extension not in _SUFFIXES:
                    raise _Unusual  # its name would come from the metadata file
                name = _normalize(stem.partition("-")[0])
                if name not in seen:
                    seen.add(name)
                    folders.append(str(Path(root, child)))
    return folders


def _read_entry_points(folder: str, group: str) -> list[LightEntryPoint]:
    """The entry points of ``group`` in one metadata folder (importlib.metadata's ``Sectioned``)."""
    try:
        text = Path(folder, "entry_points.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return []
    found: list[LightEntryPoint] = []
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section != group:
            continue
        name, _, value = line.partition("=")
        if not _:
            raise _Unusual  # importlib.metadata fails on such a line; let it say so
        found.append(LightEntryPoint(name.strip(), value.strip(), group, folder))
    return found


def group_entry_points(group: str) -> list[EntryPointLike]:
    """The installed entry points of ``group``, as :func:`importlib.metadata.entry_points` finds them.

    Args:
        group: The entry-point group, such as ``postmortem.rules``.

    Returns:
        The entry points in the order of the distributions on :data:`sys.path`.
    """
    try:
        if not _standard_finders_only():
            raise _Unusual
        return [point for folder in _metadata_folders() for point in _read_entry_points(folder, group)]
    except _Unusual:
        from importlib.metadata import entry_points  # noqa: PLC0415

        return list(entry_points(group=group))
