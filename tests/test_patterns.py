"""Patterns compiled on first use (postmortem._patterns.lazy_compile)."""

from __future__ import annotations

import array
import ast
import importlib
import marshal
import os
import pickle
import pkgutil
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import postmortem.checks
from postmortem import _patterns
from postmortem._patterns import (
    _LazyPattern,
    cache_folder,
    compile_pattern,
    is_compiled,
    lazy_compile,
    save_patterns,
)


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


@pytest.fixture
def pattern_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of its own for compile_pattern, with nothing read or noted yet in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(folder))
    _forget_in_this_process(monkeypatch)
    return folder


def _forget_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process would start: nothing read from the folder yet, nothing noted."""
    monkeypatch.setattr(_patterns, "_known", None)
    monkeypatch.setattr(_patterns, "_new", {})
    monkeypatch.setattr(_patterns, "_used", {})


def _kept_in(path: Path) -> dict[tuple[str, int], tuple[object, ...]]:
    """The patterns in the file ``path``, in its order, each with what ``_sre.compile`` takes."""
    version, kept = marshal.loads(path.read_bytes())
    assert version == _patterns._FORMAT
    return {key: (flags, array.array("I", code).tolist(), *rest) for key, (flags, code, *rest) in kept.items()}


def _every_checks_pattern() -> list[tuple[str, int]]:
    """Each pattern of postmortem.checks with its flags: the modules' and every blamelessness rule's three forms."""
    from postmortem.checks._blame._rule_keys import _RULES

    found = {(lazy.pattern, int(lazy._flags)) for _, _, lazy in _module_patterns()}
    for rule in _RULES:
        found.update((rule.source, int(flags)) for flags in (re.IGNORECASE, 0, re.ASCII))
    return sorted(found)


class TestKeptPatterns:
    def test_every_pattern_of_the_checks_is_the_same_compiled_or_kept(
        self, pattern_cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Compiled (and noted), then written, then made from the file in a fresh start: each time
        equal to ``re.compile``'s pattern (Python compares patterns by their code, flags and text)."""
        every = _every_checks_pattern()
        assert len(every) > 1000
        for pattern, flags in every:
            assert compile_pattern(pattern, flags) == re.compile(pattern, flags), pattern
        save_patterns()
        (kept,) = pattern_cache.iterdir()
        _forget_in_this_process(monkeypatch)
        parse = _patterns._the_engine()[0]
        parsed: list[str] = []
        monkeypatch.setattr(_patterns, "_engine", (lambda *a: parsed.append(a[0]) or parse(*a), *_patterns._engine[1:]))
        for pattern, flags in every:
            made = compile_pattern(pattern, flags)
            assert made == re.compile(pattern, flags), pattern
            assert made.groupindex == re.compile(pattern, flags).groupindex
        assert parsed == []  # every one came from the file
        save_patterns()  # nothing new: the file stays as it was
        assert list(pattern_cache.iterdir()) == [kept]

    def test_matches_as_re_compile_does(self, pattern_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        pattern, flags = r"(?P<who>\w+) should(?:n't)? have (\w+)", re.IGNORECASE
        compile_pattern(pattern, flags)
        save_patterns()
        _forget_in_this_process(monkeypatch)
        kept = compile_pattern(pattern, flags)
        text = "Then DANA should have ROLLED back, and Lee shouldn't have waited."
        assert [m.groupdict() | {"2": m.group(2)} for m in kept.finditer(text)] == [
            {"who": "DANA", "2": "ROLLED"},
            {"who": "Lee", "2": "waited"},
        ]
        assert (kept.flags, kept.groups, kept.pattern) == (re.compile(pattern, flags).flags, 2, pattern)

    def test_a_damaged_or_wrong_file_is_not_used(self, pattern_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file that is not marshal data, or holds code the engine refuses, gives the pattern compiled as usual."""
        pattern = r"\bblame[sd]?\b"
        compile_pattern(pattern)
        save_patterns()
        (path,) = pattern_cache.iterdir()
        path.write_bytes(b"not marshal data")
        _forget_in_this_process(monkeypatch)
        assert compile_pattern(pattern) == re.compile(pattern)
        for wrong in (
            (32, array.array("I", [99, 99, 99]).tobytes(), 0, {}, ()),  # code the engine refuses
            (32, b"\x01\x02\x03", 0, {}, ()),  # not whole numbers of the code's size
            "not the parts",
            b"not marshal data",
        ):
            path.write_bytes(marshal.dumps((_patterns._FORMAT, {(pattern, 0): wrong})))
            _forget_in_this_process(monkeypatch)
            assert compile_pattern(pattern) == re.compile(pattern)
        # The earlier format (a mapping of each pattern to its parts), as older versions wrote it: not read.
        path.write_bytes(marshal.dumps({(pattern, 0): _patterns._parts(pattern, 0)}))
        _forget_in_this_process(monkeypatch)
        assert _patterns._read_store() == {}
        assert compile_pattern(pattern) == re.compile(pattern)

    def test_a_bad_pattern_raises_as_re_compile_does(self, pattern_cache: Path) -> None:
        with pytest.raises(re.error):
            compile_pattern(r"(unclosed")
        with pytest.raises(ValueError, match="LOCALE"):
            compile_pattern(r"x", re.LOCALE)

    def test_an_empty_setting_turns_the_cache_off(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", "")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        _forget_in_this_process(monkeypatch)
        assert cache_folder() is None
        assert compile_pattern(r"a+b") == re.compile(r"a+b")
        save_patterns()
        assert list(tmp_path.iterdir()) == []

    def test_the_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("POSTMORTEM_CACHE_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert cache_folder() == tmp_path / "xdg" / "postmortem"
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(tmp_path / "mine"))
        assert cache_folder() == tmp_path / "mine"

    def test_a_folder_that_cannot_be_written_is_left_alone(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        blocker = tmp_path / "a file"
        blocker.write_text("")
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(blocker / "cache"))
        _forget_in_this_process(monkeypatch)
        assert compile_pattern(r"c+d") == re.compile(r"c+d")
        save_patterns()  # no error
        assert blocker.read_text() == ""

    def test_an_interrupted_write_leaves_no_temporary_file(
        self, pattern_cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C between writing the new file and putting it in place: the interruption goes on,
        the file kept before is as it was, and nothing else is left in the folder."""
        compile_pattern(r"paged (?:twice|again)")
        save_patterns()
        (kept,) = pattern_cache.iterdir()
        before = kept.read_bytes()
        compile_pattern(r"rolled back at \d+:\d+")

        def interrupted(self: Path, target: object) -> Path:
            raise KeyboardInterrupt

        monkeypatch.setattr(Path, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            save_patterns()
        monkeypatch.undo()
        assert list(pattern_cache.iterdir()) == [kept]
        assert kept.read_bytes() == before

    def test_a_killed_writers_temporary_file_goes_with_the_next_write(self, pattern_cache: Path) -> None:
        """A temporary file nobody removed (its writer was killed) is removed by the next write once old;
        a recent one, which another process may still be writing, stays."""
        compile_pattern(r"queue depth (?:rose|fell)")
        save_patterns()
        (kept,) = pattern_cache.iterdir()
        old = kept.with_name(f"{kept.name}.4242.1.tmp")
        recent = kept.with_name(f"{kept.name}.4343.1.tmp")
        for left in (old, recent):
            left.write_bytes(b"half a fi")
        an_hour_ago = time.time() - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))
        compile_pattern(r"disk (?:full|filled)")
        save_patterns()
        assert sorted(pattern_cache.iterdir()) == sorted([kept, recent])
        assert (r"disk (?:full|filled)", 0) in _kept_in(kept)

    def test_the_file_keeps_at_most_its_bound_the_latest_used_first(
        self, pattern_cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Patterns of runs long past (older versions' ones) give way to the ones runs use: the file
        never holds more than ``_MOST_KEPT``, and a run's own patterns, kept or new, stay in it."""
        monkeypatch.setattr(_patterns, "_MOST_KEPT", 10)
        first = [rf"first run {number}\b" for number in range(8)]
        for pattern in first:
            compile_pattern(pattern)
        save_patterns()
        (path,) = pattern_cache.iterdir()
        assert list(_kept_in(path)) == [(pattern, 0) for pattern in first]
        # A later run uses two of those and compiles five new ones: 13 in all, 10 kept.
        _forget_in_this_process(monkeypatch)
        second = [rf"second run {number}\b" for number in range(5)]
        for pattern in [first[6], first[2], *second]:
            compile_pattern(pattern)
        save_patterns()
        kept = list(_kept_in(path))
        assert kept == [(pattern, 0) for pattern in [*second, first[6], first[2], first[0], first[1], first[3]]]
        # Each kept pattern is made from the file as re.compile makes it.
        _forget_in_this_process(monkeypatch)
        parse = _patterns._the_engine()[0]
        parsed: list[str] = []
        monkeypatch.setattr(_patterns, "_engine", (lambda *a: parsed.append(a[0]) or parse(*a), *_patterns._engine[1:]))
        for pattern, flags in kept:
            assert compile_pattern(pattern, flags) == re.compile(pattern, flags)
        assert parsed == []

    def test_writing_removes_the_earlier_formats_file(self, pattern_cache: Path) -> None:
        """The file older versions wrote (every pattern's code read with it, up to 20,000 kept) goes
        when this version writes its own; another Python's file stays."""
        earlier = _patterns._store_path("patterns")
        assert earlier is not None
        other = earlier.with_name("patterns-cpython-39-3.9.0-20171005-4.marshal")
        pattern_cache.mkdir()
        for path in (earlier, other):
            path.write_bytes(marshal.dumps({("x", 0): _patterns._parts("x", 0)}))
        compile_pattern(r"rolled (?:back|forward)")
        save_patterns()
        assert sorted(path.name for path in pattern_cache.iterdir()) == sorted(
            [other.name, _patterns._store_path().name]  # type: ignore[union-attr]
        )

    def test_a_check_run_keeps_its_patterns_for_the_next(self, tmp_path: Path) -> None:
        """``postmortem check`` writes the patterns' code; the next run parses none of the rules' patterns
        (counted in a new process) and prints the same findings."""
        script = textwrap.dedent(
            """
            import sys
            from postmortem import _patterns
            engine = _patterns._the_engine()
            parsed = []
            _patterns._engine = (lambda *a: parsed.append(a[0]) or engine[0](*a), *engine[1:])
            from postmortem.cli import main
            sys.argv = ["postmortem", "check", "--jobs", "1", "--today", "2027-01-15", sys.argv[1]]
            try:
                main()
            except SystemExit:
                pass
            print("PARSED", len(parsed))
            """
        )
        example = Path(__file__).resolve().parent.parent / "examples"
        target = sorted(example.glob("*.yaml"))[0]
        env = {**os.environ, "POSTMORTEM_CACHE_DIR": str(tmp_path / "cache")}
        runs = [
            subprocess.run(
                [sys.executable, "-c", script, str(target)], check=True, capture_output=True, text=True, env=env
            )
            for _ in range(2)
        ]
        first, second = (run.stdout.rsplit("PARSED", 1) for run in runs)
        assert int(first[1]) > 50, runs[0].stderr
        assert int(second[1]) == 0
        assert first[0] == second[0]
        assert "blameless" in first[0] or "completeness" in first[0] or first[0].strip()
