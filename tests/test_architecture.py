"""The import rules of docs/architecture.md hold: which way the imports run.

Every ``import`` and ``from ... import`` statement of the library and of the exporter
packages is read with :mod:`ast` (nothing is imported), so a new import that breaks a rule
fails here with the module and the line that broke it.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "src" / "postmortem"
PLUGIN_PACKAGES = ("postmortem_docx", "postmortem_pdf", "postmortem_confluence", "postmortem_jira")

# Imports that break a rule today. The list may only shrink: a new entry needs a reason.
# Empty since issue 19: the CLI uses the public names of postmortem.checks and
# postmortem.analytics, the exporters draw the chart with postmortem.chart, and serialize
# and strategies use postmortem.model.LabelledEnum and NOT_IN_TOKENS.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str]] = set()
KNOWN_EXPORTER_PRIVATE_IMPORTS: set[tuple[str, str]] = set()


def module_name(path: Path, source_root: Path) -> str:
    """The dotted name of the module in ``path`` (a package is its ``__init__``)."""
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _parsed(path: Path, stamp: tuple[int, int]) -> ast.Module:
    """The syntax tree of ``path`` as of ``stamp`` (size, modification time), parsed once per process.

    The rules read the same modules again and again (each test walks them all); a tree is
    only read, never changed. A file changed since it was parsed has a new stamp and is read again.
    """
    del stamp  # part of the cache key only
    return ast.parse(path.read_text(encoding="utf-8"))


def parse(path: Path) -> ast.Module:
    """The syntax tree of ``path`` (cached: see :func:`_parsed`)."""
    status = path.stat()
    return _parsed(path, (status.st_size, status.st_mtime_ns))


def imports(path: Path, source_root: Path, *, top_level_only: bool = False) -> Iterator[tuple[str, str, int]]:
    """Yield ``(importer, imported, line)`` for every import in a module.

    ``from a import b`` yields ``a.b`` as well as ``a`` (``b`` may be a module). With
    ``top_level_only``, imports inside functions (run when called, not when imported) and
    under ``if TYPE_CHECKING:`` are left out.
    """
    tree = parse(path)
    importer = module_name(path, source_root)
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield importer, alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield importer, base, node.lineno
            for alias in node.names:
                yield importer, f"{base}.{alias.name}", node.lineno


def private_attributes(path: Path, source_root: Path) -> Iterator[tuple[str, str, int]]:
    """Yield ``(importer, module._name, line)`` for every private name read off an imported module.

    ``from postmortem import model`` then ``model._token`` reaches a private name as surely as
    importing it does; ``model.__doc__`` does not count.
    """
    tree = parse(path)
    importer = module_name(path, source_root)
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("postmortem"):
            bound.update({alias.asname or alias.name: f"{node.module}.{alias.name}" for alias in node.names})
        elif isinstance(node, ast.Import):
            bound.update({alias.asname: alias.name for alias in node.names if alias.asname})
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield importer, f"{bound[node.value.id]}.{node.attr}", node.lineno


def library_imports(*, top_level_only: bool = False) -> list[tuple[str, str, int]]:
    """Every import of every module of the library."""
    return [
        found
        for path in sorted(LIBRARY.rglob("*.py"))
        for found in imports(path, LIBRARY.parent, top_level_only=top_level_only)
    ]


def private_package_module(imported: str) -> str | None:
    """``postmortem.serialize._yaml`` for an import of (a name in) a package's private module."""
    parts = imported.split(".")
    if len(parts) < 3 or parts[1].startswith("_"):
        return None  # a shared helper at the top (postmortem._files) may be used anywhere in the library
    for index in range(2, len(parts)):
        if parts[index].startswith("_") and not parts[index].startswith("__"):
            return ".".join(parts[: index + 1])
    return None


def package_of(module: str) -> str:
    """``postmortem.serialize`` for ``postmortem.serialize._io``; the top level for ``postmortem._files``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


class TestTheLibrary:
    """Rules 1 to 4 of docs/architecture.md."""

    def test_the_library_never_imports_the_cli(self) -> None:
        """Only the CLI itself and ``python -m postmortem`` import ``postmortem.cli``."""
        found = [
            (importer, line)
            for importer, imported, line in library_imports()
            if (imported == "postmortem.cli" or imported.startswith("postmortem.cli."))
            and not (
                importer == "postmortem.cli"
                or importer.startswith("postmortem.cli.")
                or importer == "postmortem.__main__"
            )
        ]
        assert found == []

    def test_the_library_never_imports_a_plugin_package(self) -> None:
        """Exporter and tracker packages are found through entry points, never imported by name."""
        found = [
            (importer, imported, line)
            for importer, imported, line in library_imports()
            if imported.split(".")[0] in PLUGIN_PACKAGES
        ]
        assert found == []

    def test_errors_and_model_are_the_base(self) -> None:
        """``errors`` imports nothing of postmortem; ``model`` only ``errors`` (and itself) when imported."""
        found = [
            (importer, imported, line)
            for importer, imported, line in library_imports(top_level_only=True)
            if imported.startswith("postmortem")
            and (
                importer == "postmortem.errors"
                or (
                    importer.startswith("postmortem.model")
                    and not imported.startswith(("postmortem.model", "postmortem.errors"))
                )
            )
        ]
        assert found == []

    def test_private_modules_stay_inside_their_package(self) -> None:
        """A package's private module is imported only inside that package (known debts aside)."""
        found = set()
        for importer, imported, _line in library_imports():
            private = private_package_module(imported)
            if private is None or not imported.startswith("postmortem."):
                continue
            if package_of(importer) != package_of(private):
                found.add((importer, private))
        assert found - KNOWN_PRIVATE_IMPORTS == set()

    def test_the_known_debts_are_still_there(self) -> None:
        """An entry of the allowlist that no longer happens is removed from it."""
        found = set()
        for importer, imported, _line in library_imports():
            private = private_package_module(imported)
            if private is not None and package_of(importer) != package_of(private):
                found.add((importer, private))
        assert KNOWN_PRIVATE_IMPORTS - found == set()

    def test_no_private_name_is_read_off_another_package(self) -> None:
        """``model._token`` from outside ``postmortem.model`` is as private as importing it."""
        found = [
            (importer, name, line)
            for path in sorted(LIBRARY.rglob("*.py"))
            for importer, name, line in private_attributes(path, LIBRARY.parent)
            if name.startswith("postmortem.") and package_of(importer) != package_of(name)
        ]
        assert found == []

    @pytest.mark.parametrize("user", ["postmortem.checks", "postmortem.cli", "postmortem.analytics"])
    def test_loading_is_used_through_its_public_names(self, user: str) -> None:
        """Checks, the CLI and analytics use ``postmortem.serialize``'s public functions only."""
        found = [
            (importer, imported, line)
            for importer, imported, line in library_imports()
            if (importer == user or importer.startswith(f"{user}."))
            and imported.startswith("postmortem.serialize.")
            and imported.split(".")[2].startswith("_")
        ]
        assert found == []


class TestTheExporterPackages:
    """Rule 5: the packages under exporters/ import only public modules of postmortem."""

    def test_only_public_modules(self) -> None:
        """No exporter or tracker package imports a private module of the core (known debts aside)."""
        found = set()
        for source_root in sorted((ROOT / "exporters").glob("*/src")):
            for path in sorted(source_root.rglob("*.py")):
                for importer, imported, _line in imports(path, source_root):
                    parts = imported.split(".")
                    if parts[0] != "postmortem":
                        continue
                    private = next(
                        (
                            ".".join(parts[: i + 1])
                            for i, p in enumerate(parts[1:], 1)
                            if p.startswith("_") and not p.startswith("__")
                        ),
                        None,
                    )
                    if private is not None:
                        found.add((importer, private))
        assert found - KNOWN_EXPORTER_PRIVATE_IMPORTS == set()
        assert found >= KNOWN_EXPORTER_PRIVATE_IMPORTS

    def test_no_private_name_is_read_off_a_core_module(self) -> None:
        """``chart._place_labels`` from an exporter package reaches as far as importing it would."""
        found = [
            found
            for source_root in sorted((ROOT / "exporters").glob("*/src"))
            for path in sorted(source_root.rglob("*.py"))
            for found in private_attributes(path, source_root)
            if found[1].startswith("postmortem.")
        ]
        assert found == []


# Issue 19: "no module under src/postmortem/ above about 700 lines, except vocabulary data
# files" (those are .txt). A module that reaches this has a seam to split along (timeline
# did: merge, milestones, people, writing; the blame rule families put their gates in
# modules of their own).
MOST_LINES = 700


def long_modules(root: Path, most: int) -> list[tuple[str, int]]:
    """``(path, lines)`` for each Python module under ``root`` longer than ``most`` lines."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > most:
            found.append((path.relative_to(root).as_posix(), lines))
    return found


class TestModuleSize:
    """A module stays short enough to read in one sitting."""

    def test_no_library_module_is_too_long(self) -> None:
        """Every module under ``src/postmortem/`` has at most :data:`MOST_LINES` lines."""
        assert long_modules(LIBRARY, MOST_LINES) == []

    def test_no_exporter_module_is_too_long(self) -> None:
        """The exporter and tracker packages keep to the same length (the Confluence storage
        renderer, 838 lines, keeps the page layout; its building blocks are ``_blocks``)."""
        for package in sorted((ROOT / "exporters").glob("*/src")):
            assert long_modules(package, MOST_LINES) == [], package.parent.name

    def test_a_long_module_is_found(self, tmp_path: Path) -> None:
        """A module one line over the limit is listed with its length; one at the limit is not."""
        (tmp_path / "pkg").mkdir()
        (tmp_path / "pkg" / "_long.py").write_text("x = 1\n" * 11, encoding="utf-8")
        (tmp_path / "short.py").write_text("x = 1\n" * 10, encoding="utf-8")
        assert long_modules(tmp_path, 10) == [("pkg/_long.py", 11)]


class TestTheRulesCanFail:
    """The readers find what they look for, so an empty list above means something."""

    def test_imports_are_found(self, tmp_path: Path) -> None:
        """A module importing the CLI, a private module and a relative name is read as such."""
        package = tmp_path / "postmortem" / "checks"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        module = package / "_rule.py"
        module.write_text(
            "from postmortem.cli import main\nfrom postmortem.serialize._yaml import _parse_yaml\nfrom . import _engine\n"
            "def later():\n    import postmortem_docx\n",
            encoding="utf-8",
        )
        found = {imported for _importer, imported, _line in imports(module, tmp_path)}
        assert {"postmortem.cli", "postmortem.serialize._yaml", "postmortem.checks._engine", "postmortem_docx"} <= found
        top = {imported for _importer, imported, _line in imports(module, tmp_path, top_level_only=True)}
        assert "postmortem_docx" not in top
        assert private_package_module("postmortem.serialize._yaml._parse_yaml") == "postmortem.serialize._yaml"
        assert private_package_module("postmortem.serialize.load") is None

    def test_private_attributes_are_found(self, tmp_path: Path) -> None:
        """A private name read off an imported module is found; a dunder or a local name is not."""
        module = tmp_path / "postmortem" / "strategies.py"
        module.parent.mkdir(parents=True)
        module.write_text(
            "from postmortem import model\nimport postmortem.checks as checks\n"
            "a = model._NOT_IN_TOKENS\nb = model.__doc__\nc = checks._engine\nd = object()._x\n",
            encoding="utf-8",
        )
        found = {name for _importer, name, _line in private_attributes(module, tmp_path)}
        assert found == {"postmortem.model._NOT_IN_TOKENS", "postmortem.checks._engine"}
