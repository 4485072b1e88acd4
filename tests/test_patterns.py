"""Patterns compiled on first use (postmortem._patterns.lazy_compile)."""

from __future__ import annotations

import ast
import importlib
import pickle
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import postmortem.checks
from postmortem._patterns import _LazyPattern, is_compiled, lazy_compile


def _module_patterns() -> list[tuple[str, str, _LazyPattern]]:
    """Every lazily compiled pattern at the top of a module of postmortem.checks, imported here."""
    found = []
    for info in pkgutil.walk_packages(postmortem.checks.__path__, "postmortem.checks."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, _LazyPattern):
                found.append((info.name, name, value))
    return found


class TestLazyCompile:
    def test_not_compiled_until_used(self) -> None:
        pattern = lazy_compile(r"\bshould(?:n't)? have\b", re.IGNORECASE)
        assert not is_compiled(pattern)
        assert pattern.pattern == r"\bshould(?:n't)? have\b"  # read without compiling
        assert not is_compiled(pattern)
        found = pattern.search("They Should have waited.")
        assert is_compiled(pattern)
        assert found is not None
        assert found.group() == "Should have"

    @pytest.mark.parametrize(
        ("method", "args"),
        [
            ("search", ("a cat sat",)),
            ("match", ("cat sat",)),
            ("fullmatch", ("cat",)),
            ("findall", ("cat hat cat",)),
            ("sub", ("dog", "cat hat cat")),
            ("subn", ("dog", "cat hat cat")),
            ("split", ("a cat b cat c",)),
        ],
    )
    def test_each_method_answers_as_the_compiled_pattern(self, method: str, args: tuple[str, ...]) -> None:
        eager = re.compile(r"(c)at")
        lazy = lazy_compile(r"(c)at")
        expected = getattr(eager, method)(*args)
        got = getattr(lazy, method)(*args)  # the first use compiles
        again = getattr(lazy, method)(*args)  # then the compiled pattern's own method answers
        if isinstance(expected, re.Match):
            assert got.span() == expected.span() == again.span()
        else:
            assert got == expected == again

    def test_finditer_and_attributes(self) -> None:
        lazy = lazy_compile(r"(?P<word>[a-z]+)(\d)?", re.ASCII)
        assert [m.span() for m in lazy.finditer("ab1 cd")] == [(0, 3), (4, 6)]
        eager = re.compile(r"(?P<word>[a-z]+)(\d)?", re.ASCII)
        assert (lazy.flags, lazy.groups, dict(lazy.groupindex)) == (eager.flags, eager.groups, dict(eager.groupindex))

    def test_attributes_compile_too(self) -> None:
        lazy = lazy_compile(r"(a)(b)")
        assert lazy.groups == 2
        assert is_compiled(lazy)

    def test_a_bad_pattern_fails_at_its_first_use(self) -> None:
        lazy = lazy_compile(r"(unclosed")
        with pytest.raises(re.error):
            lazy.search("x")
        with pytest.raises(re.error):
            lazy.search("x")  # and again: nothing half-made is kept
        assert not is_compiled(lazy)

    def test_pickles_as_the_same_pattern(self) -> None:
        lazy = lazy_compile(r"b+", re.IGNORECASE)
        copy = pickle.loads(pickle.dumps(lazy))
        assert copy.pattern == "b+"
        assert copy.flags == lazy.flags
        assert copy.search("aBBa") is not None

    def test_a_compiled_pattern_counts_as_compiled(self) -> None:
        assert is_compiled(re.compile("x"))


def _compiled_at_import(tree: ast.Module) -> list[int]:
    """The lines of ``tree`` where ``re.compile`` (or a ``compile`` imported from ``re``) runs when the module is imported.

    What runs then is every statement outside a function's or a lambda's body (a class body
    runs too); a decorator or a default value is also run at import, and is looked at.
    """
    from_re = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "re"
        for alias in node.names
        if alias.name == "compile"
    }
    lines: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return
        if isinstance(node, ast.Lambda):
            for part in [*node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return
        if isinstance(node, ast.Call):
            called = node.func
            if (
                isinstance(called, ast.Attribute)
                and called.attr == "compile"
                and isinstance(called.value, ast.Name)
                and called.value.id == "re"
            ) or (isinstance(called, ast.Name) and called.id in from_re):
                lines.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return lines


class TestTheChecksPatterns:
    def test_no_module_of_the_checks_compiles_a_pattern_at_import(self) -> None:
        """Every pattern at the top of a module of ``postmortem.checks`` is made with ``lazy_compile``:
        importing the checks compiles none of them (a ``re.compile`` there fails this test)."""
        root = Path(postmortem.checks.__file__).parent
        found = {
            f"{path.relative_to(root)}:{line}"
            for path in sorted(root.rglob("*.py"))
            for line in _compiled_at_import(ast.parse(path.read_text(encoding="utf-8")))
        }
        assert found == set()

    def test_the_import_time_search_finds_re_compile(self) -> None:
        """The search above finds a module-level compile in each form, and none inside a function."""
        source = textwrap.dedent(
            """
            import re
            from re import compile as make
            A = re.compile("a")
            B = {"b": make("b")}
            class C:
                D = re.compile("d")
            def f(x=re.compile("e")):
                return re.compile("inside")
            G = lambda: re.compile("inside too")
            """
        )
        assert _compiled_at_import(ast.parse(source)) == [4, 5, 7, 8]

    def test_every_module_pattern_compiles_as_re_compile_would(self) -> None:
        """A typo in a rarely used gate's pattern fails here, not in a user's run."""
        found = _module_patterns()
        assert len(found) > 100  # the rules' modules use lazy_compile
        for module, name, lazy in found:
            eager = re.compile(lazy.pattern, lazy._flags)
            assert lazy.flags == eager.flags, (module, name)
            assert lazy.groups == eager.groups, (module, name)

    def test_importing_the_checks_compiles_only_what_the_import_uses(self) -> None:
        """In a new process, importing every rule compiles one module pattern (rule ids are checked
        as rules are made); checking a text compiles some more, not all."""
        script = textwrap.dedent(
            """
            import importlib, pkgutil, sys
            import postmortem.checks
            from postmortem._patterns import _LazyPattern

            def patterns():
                for info in pkgutil.walk_packages(postmortem.checks.__path__, "postmortem.checks."):
                    module = importlib.import_module(info.name)
                    for name, value in vars(module).items():
                        if isinstance(value, _LazyPattern):
                            yield f"{info.name}.{name}", value

            print(*sorted(name for name, p in patterns() if p._compiled is not None))
            from postmortem.checks import check_text
            check_text("Dana should have caught the bad deploy; she was careless.")
            print(sum(p._compiled is not None for _, p in patterns()), sum(1 for _ in patterns()))
            """
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        first, second = done.stdout.splitlines()
        assert first.split() == ["postmortem.checks._rule._RULE_ID"]
        after, total = map(int, second.split())
        assert 1 < after < total
