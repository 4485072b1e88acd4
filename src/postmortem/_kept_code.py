"""The code attrs and cattrs generate for postmortem's classes, kept between runs.

attrs writes each class's methods (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``...) as
Python source and compiles it when the class is made, and cattrs does the same for each
structure hook: about 100,000 characters for postmortem's classes, a seventh of starting
``postmortem check`` on one file, the same text in every process. The code compiled from it is
kept in the cache folder (see :func:`postmortem._patterns.cache_folder`), one file per Python
version, and a text found there is not compiled again: its code is read back with ``marshal``,
as Python reads a module's bytecode from ``__pycache__``.

Only the compiling is replaced, in those two libraries alone (:func:`keep_generated_code`
gives each module a ``compile`` of its own, which the module's calls find before the built-in
one): the text is still written, and the code run, by attrs and cattrs themselves, and a text
is looked up whole, so only the same text gets the same code. A class of another package is
compiled as before, and nothing of it is kept. The one part of a text that changes from
process to process, the number attrs writes into a ``__hash__`` (the hash of a name, which
Python seeds anew in each process), is kept as a placeholder of the same length and put back
in the code's constants when read: the code is the same as compiling the text would give
(the tests compare every class's). A file that is missing, damaged or of another version only
means compiling as before.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import marshal
import sys
import threading
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from postmortem._patterns import cache_folder, merge_kept, read_cache_file, write_cache_file

__all__ = ["keep_generated_code", "save_generated_code"]

# What the file holds: (_FORMAT, {(file name, text): marshalled code}).
_FORMAT = 1
# The most texts kept: the classes of one version are about 70, each with up to two forms of its
# hash's placeholder (see _placeholder); the rest is room for a few versions, newest used first.
_MOST_KEPT = 600
# Generated code of these packages' classes is kept: the part of attrs' and cattrs' file names
# (``<attrs generated methods postmortem.model._sections.Impact>``) that names the class's module.
_OURS = " postmortem."

_lock = threading.Lock()
_known: dict[tuple[str, str], bytes] | None = None  # read from the file on first use
_used: dict[tuple[str, str], bytes] = {}  # read from the file and used in this process, in order of use
_new: dict[tuple[str, str], bytes] = {}  # compiled in this process, not yet in the file
_installed = False


def keep_generated_code() -> None:
    """Let attrs and cattrs take the code of postmortem's classes from the cache folder (once per process).

    Called when this module is imported, which ``import postmortem`` does before any of its
    classes is made. Where either library
    does not compile its text with ``compile`` (another version), nothing changes for it.
    """
    global _installed  # noqa: PLW0603  (once per process)
    if _installed:
        return
    _installed = True
    from attr import _make  # noqa: PLC0415
    from cattrs import gen  # noqa: PLC0415

    for module in (_make, gen):
        if "compile" not in vars(module):  # the module's own compile, if it ever has one, is left alone
            module.compile = _compile_for(module)  # type: ignore[attr-defined]


def _future_flags(module: ModuleType) -> int:
    """The ``from __future__`` features of ``module``, which its ``compile`` calls pass on to the code."""
    flags = 0
    for name in __future__.all_feature_names:
        feature: __future__._Feature = getattr(__future__, name)
        if vars(module).get(name) is feature:
            flags |= feature.compiler_flag
    return flags


def _compile_for(module: ModuleType) -> Any:
    """A ``compile`` for ``module``: the built-in as the module would call it, kept code for postmortem's classes."""
    inherited = _future_flags(module)

    def compile(
        source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False, optimize: int = -1
    ) -> Any:
        if not dont_inherit:
            flags |= inherited
        if (
            mode == "exec"
            and flags == inherited
            and optimize == -1
            and isinstance(source, str)
            and isinstance(filename, str)
            and _OURS in filename
        ):
            return _code(source, filename, flags)
        return builtins.compile(source, filename, mode, flags, True, optimize)

    return compile


def _placeholder(text: str, filename: str) -> tuple[str, int, int] | None:
    """``text`` with attrs' hash number replaced by a placeholder of its length; the number and the placeholder.

    None when the text holds no such number (or already holds the placeholder, when nothing
    is replaced).
    """
    if not filename.startswith("<attrs generated ") or not filename.endswith(">"):
        return None
    parts = filename[1:-1].split(" ", 3)
    if len(parts) != 4:
        return None
    name = parts[3]
    if name.rpartition("-")[2].isdigit():  # attrs' "-2" for a second class of one name
        name = name.rpartition("-")[0]
    number = hash(f"<attrs generated hash {name}>")
    written = f" {number},"
    if written not in text:
        return None
    # The same length, so that the code's positions (columns) are those of the text as written.
    placeholder = "1" * len(str(number))
    if f" {placeholder}," in text:
        return None
    return text.replace(written, f" {placeholder},"), number, int(placeholder)


def _code(text: str, filename: str, flags: int) -> CodeType:
    global _known  # noqa: PLW0603  (one table per process)
    key_text, number, placeholder = _placeholder(text, filename) or (text, 0, 0)
    if _known is None:
        with _lock:
            if _known is None:
                _known = _read()
    key = (filename, key_text)
    kept = _known.get(key)
    code: CodeType | None = None
    if kept is not None:
        try:
            found = marshal.loads(kept)  # noqa: S302  (see _read)
        except (ValueError, EOFError, TypeError):
            _known.pop(key, None)
        else:
            if isinstance(found, CodeType):
                code = found
                _used[key] = kept
    if code is None:
        code = builtins.compile(key_text, filename, "exec", flags, True)
        kept = marshal.dumps(code)
        _known[key] = _new[key] = kept
    return _with_constant(code, placeholder, number) if placeholder else code


def _with_constant(code: CodeType, old: int, new: int) -> CodeType:
    """``code`` (and the code of its functions) with the constant ``old`` replaced by ``new``."""
    constants = tuple(
        new
        if value.__class__ is int and value == old
        else _with_constant(value, old, new)
        if isinstance(value, CodeType)
        else value
        for value in code.co_consts
    )
    return code.replace(co_consts=constants) if constants != code.co_consts else code


def _store_path() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    version = ".".join(map(str, sys.version_info[:3]))
    return folder / f"generated-code-{tag}-{version}-O{sys.flags.optimize}.marshal"


def _read() -> dict[tuple[str, str], bytes]:
    return read_cache_file(_store_path(), _FORMAT)


def save_generated_code() -> None:
    """Write the code compiled in this process for postmortem's classes, and not yet kept, to the cache folder.

    As :func:`postmortem._patterns.save_patterns` writes patterns: added to what is there,
    this process's first, at most ``_MOST_KEPT``, written whole to a new file that replaces
    the old one; nothing is written when nothing is new or caching is off.
    """
    if not _new:
        return
    path = _store_path()
    if path is None:
        _new.clear()
        return
    ours = merge_kept(_new, _used, _lock, _read, _MOST_KEPT)
    with contextlib.suppress(ValueError):  # a value marshal cannot write: nothing is kept
        write_cache_file(path, marshal.dumps((_FORMAT, ours)))


keep_generated_code()
