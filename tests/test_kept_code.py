"""The code attrs and cattrs generate for postmortem's classes, kept between runs (postmortem._kept_code)."""

from __future__ import annotations

import builtins
import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import attr._make
import attrs
import cattrs.gen
import pytest

from postmortem import _kept_code

EXAMPLE = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))[0]

# Run in a new process with the cache folder of the test: how many texts of postmortem's classes
# the process compiled (rather than read from the file), and, for every method attrs or cattrs made for a class of postmortem's (taken from linecache,
# where both libraries leave the text they compiled), whether its code is the code compiling that
# text gives.
_COMPARE = textwrap.dedent(
    """
    import builtins, linecache, sys, types
    real = builtins.compile
    compiled = []
    def counting(source, filename, *args, **kwargs):
        if isinstance(filename, str) and " postmortem." in filename and "generated" in filename:
            compiled.append(filename)
        return real(source, filename, *args, **kwargs)
    builtins.compile = counting
    import postmortem
    from postmortem import _kept_code
    postmortem.load(sys.argv[1])  # the structure hooks, made on the first file
    from postmortem.checks._many import check_files
    list(check_files([sys.argv[1]], jobs=1))  # writes what is new
    import attrs
    from postmortem.serialize._converter import _lean_converter
    _lean = _lean_converter()

    def functions(code):
        yield code
        for value in code.co_consts:
            if isinstance(value, types.CodeType):
                yield from functions(value)

    print("COMPILED", len(compiled))
    builtins.compile = real
    compared = differ = 0
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("postmortem"):
            continue
        for value in list(vars(module).values()):
            if not isinstance(value, type) or not value.__module__.startswith("postmortem"):
                continue
            methods = [getattr(item, "__code__", None) for item in vars(value).values()]
            hook = _lean.get_structure_hook(value) if value.__module__.startswith("postmortem.model") and attrs.has(value) else None
            methods += [cell.cell_contents.__code__ for cell in getattr(hook, "__closure__", None) or ()
                        if hasattr(cell.cell_contents, "__code__")]
            for code in methods:
                if code is None or "generated" not in code.co_filename or " postmortem." not in code.co_filename:
                    continue
                text = "\\n".join(line.rstrip("\\n") for line in linecache.cache[code.co_filename][2])
                fresh = builtins.compile(text, code.co_filename, "exec", _kept_code._future_flags(attr_make), True)
                same = [c for c in functions(fresh) if c.co_name == code.co_name and c.co_firstlineno == code.co_firstlineno]
                compared += 1
                differ += same != [code]
    print("COMPARED", compared, "DIFFER", differ)
    """
).replace("attr_make", "sys.modules['attr._make']")


def _run(folder: Path, seed: int) -> dict[str, int]:
    env = {**os.environ, "POSTMORTEM_CACHE_DIR": str(folder), "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-c", _COMPARE, str(EXAMPLE)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    return {words[index]: int(words[index + 1]) for index in range(0, len(words), 2)}


class TestKeptCode:
    def test_a_later_process_reads_the_code_and_it_is_what_compiling_gives(self, tmp_path: Path) -> None:
        """The first process compiles and writes; later ones, with other hash seeds, read the code of most
        classes, and every generated method (attrs' __init__, __eq__, __hash__..., cattrs' hooks) has the code
        compiling its text gives, the number in a __hash__ included."""
        first = _run(tmp_path, 1)
        assert first["COMPILED"] > 50
        assert first["COMPARED"] > 100
        assert first["DIFFER"] == 0
        runs = [_run(tmp_path, seed) for seed in (2, 3, 4, 5)]
        # A hash number's placeholder has the number's length, and the first run's may be another one.
        assert all(run["COMPILED"] < first["COMPILED"] / 2 for run in runs), runs
        assert runs[-1]["COMPILED"] <= 5, runs
        assert all(run["COMPARED"] == first["COMPARED"] and run["DIFFER"] == 0 for run in runs), runs

    def test_a_hash_number_is_kept_as_a_placeholder_of_its_length(self) -> None:
        """The one text that changes from process to process, attrs' __hash__ number, is replaced by ones of
        the same length, and put back in the code's constants."""
        filename = "<attrs generated methods postmortem.model._sections.Impact>"
        number = hash("<attrs generated hash postmortem.model._sections.Impact>")
        text = f"def __hash__(self):\n    return hash((\n        {number},\n        self.a,\n    ))\n"
        kept, found, placeholder = _kept_code._placeholder(text, filename) or ("", 0, 0)
        assert found == number
        assert str(number) not in kept
        assert len(str(placeholder)) == len(str(number))
        fresh = builtins.compile(text, filename, "exec")
        assert _kept_code._with_constant(builtins.compile(kept, filename, "exec"), placeholder, number) == fresh

    def test_texts_without_the_number_are_kept_as_they_are(self) -> None:
        assert _kept_code._placeholder("x = 1\n", "<attrs generated methods postmortem.model.X>") is None
        assert _kept_code._placeholder("x = 1\n", "<cattrs generated structure postmortem.model.X>") is None

    def test_another_packages_classes_are_compiled_and_not_kept(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A class of another package goes through attrs and cattrs as before; nothing of it is noted."""
        monkeypatch.setattr(_kept_code, "_new", {})
        monkeypatch.setattr(_kept_code, "_known", {})

        @attrs.frozen
        class Elsewhere:
            name: str
            count: int = 0

        assert Elsewhere("a", 2) == Elsewhere("a", 2)
        assert hash(Elsewhere("a")) == hash(Elsewhere("a"))
        assert cattrs.Converter().structure({"name": "b"}, Elsewhere) == Elsewhere("b")
        assert _kept_code._new == {}

    def test_each_library_has_its_compile_and_it_compiles_as_the_built_in(self) -> None:
        """Set up by importing postmortem; calls that are not a class's text reach the built-in unchanged."""
        assert "compile" in vars(attr._make)
        assert "compile" in vars(cattrs.gen)
        compile_ = vars(attr._make)["compile"]
        assert compile_("1 + 1", "<x>", "eval") == builtins.compile("1 + 1", "<x>", "eval")
        assert eval(compile_("a = 2", "<attrs generated other.Module>", "exec"), {}) is None
        with pytest.raises(SyntaxError):
            compile_("def (", "<attrs generated methods postmortem.model.X>", "exec")

    def test_a_damaged_file_means_compiling_as_before(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(tmp_path))
        path = _kept_code._store_path()
        assert path is not None
        for damaged in (b"not marshal", marshal.dumps((99, {})), marshal.dumps([1, 2])):
            path.write_bytes(damaged)
            assert _kept_code._read() == {}
        key = ("<attrs generated methods postmortem.model.X>", "x = 1\n")
        path.write_bytes(marshal.dumps((_kept_code._FORMAT, {key: b"\x00not code"})))
        monkeypatch.setattr(_kept_code, "_known", None)
        monkeypatch.setattr(_kept_code, "_new", {})
        monkeypatch.setattr(_kept_code, "_used", {})
        code = _kept_code._code(key[1], key[0], 0)
        assert code == builtins.compile(key[1], key[0], "exec", 0, True)
        assert key in _kept_code._new

    def test_an_empty_setting_turns_it_off(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", "")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        monkeypatch.setattr(_kept_code, "_new", {("a", "b"): marshal.dumps(builtins.compile("1", "a", "exec"))})
        _kept_code.save_generated_code()
        assert list(tmp_path.iterdir()) == []
        assert _kept_code._new == {}

    def test_the_file_keeps_at_most_its_bound_this_process_first(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("POSTMORTEM_CACHE_DIR", str(tmp_path))
        monkeypatch.setattr(_kept_code, "_MOST_KEPT", 3)
        code = marshal.dumps(builtins.compile("1", "a", "exec"))
        for batch in (["a", "b"], ["c", "d"]):
            monkeypatch.setattr(_kept_code, "_new", {(name, "x"): code for name in batch})
            monkeypatch.setattr(_kept_code, "_used", {})
            _kept_code.save_generated_code()
        path = _kept_code._store_path()
        assert path is not None
        assert list(marshal.loads(path.read_bytes())[1]) == [("c", "x"), ("d", "x"), ("a", "x")]
