"""Regular expressions compiled on first use: :func:`lazy_compile`.

A module of rules defines its patterns at the top, where they are read beside the words they
match; compiling them all there made every process that imports the checks compile a few
hundred patterns (about a fifth of starting ``postmortem check`` on one file), most of which
a given run never uses: a gate's patterns are needed only when a sentence reaches that gate.
A pattern made by :func:`lazy_compile` is compiled the first time one of its methods or
attributes is used; from then on a method is the compiled pattern's own, bound once, so a
use costs what it costs on a pattern compiled at once.
"""

from __future__ import annotations

import array
import contextlib
import glob
import importlib
import itertools
import marshal
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from postmortem import _pattern_speed

_K = TypeVar("_K")
_V = TypeVar("_V")

__all__ = ["cache_folder", "compile_pattern", "is_compiled", "lazy_compile", "save_patterns", "write_cache_file"]

# The compiled pattern's methods, bound on the wrapper at its first use.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _LazyPattern:
    """A pattern and its flags, compiled by the first use of a method or an attribute of ``re.Pattern``."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # read without compiling (patterns are built from others' text)
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def _compile(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            # Two threads may both compile it: each binds an equal pattern's methods.
            compiled = compile_pattern(self.pattern, self._flags)
            # Bound once: from now on the instance's own attribute answers, not the class's method.
            self.__dict__.update({name: getattr(compiled, name) for name in _METHODS})
            self._compiled = compiled
        return compiled

    # Each method compiles the pattern the first time, then is shadowed by the compiled one's.
    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().search(*args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().match(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().findall(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().split(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only for what the instance lacks: flags, groups, groupindex (and nothing private).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._compile(), name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return lazy_compile, (self.pattern, self._flags)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when the pattern is first used (see the module docstring).

    Its ``pattern`` is there without compiling; a pattern with an error raises ``re.error``
    at its first use, not here (the tests use every module's patterns).
    """
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


def is_compiled(pattern: object) -> bool:
    """Whether ``pattern`` (from :func:`lazy_compile`, or ``re.compile``) has been compiled yet."""
    return not isinstance(pattern, _LazyPattern) or pattern._compiled is not None


# --- Compiled patterns kept between runs -------------------------------------------------------
#
# Compiling a pattern is mostly Python (re's parser and code generator); only the last step,
# ``_sre.compile`` of the generated code, is C. ``postmortem check`` compiles a few hundred of
# the rules' patterns in each process (about a tenth of checking 1,000 files in two processes),
# the same ones every run. The generated code of each pattern compiled is kept in a file in the
# cache folder (see cache_folder), one per Python and regular-expression engine, and a pattern
# found there is made by ``_sre.compile`` alone: the same pattern object (equal, code and all)
# in a small part of the time. A file that is missing, unreadable or wrong is ignored (the
# pattern is compiled as usual); anything the engine does not accept is compiled as usual too.
#
# Each pattern's code is kept as the bytes of an array, made a list only when the pattern is
# used: reading the file does not make the hundreds of thousands of numbers of all the code
# kept (the file of 1,254 patterns that several versions had written took 9 ms to read and make
# a run's 418 patterns from, 3 ms so; 3.3 and 2.6 ms for a file of those 418 alone). Its patterns
# are in the order of their last use in a run that wrote it, and it keeps at most _MOST_KEPT of
# them: those of older versions, which no run uses any more, are the ones left out.

_Key = tuple[str, int]
_Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_Kept = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]  # _Parts with the code as bytes

# What the file holds: (_FORMAT, {(pattern, flags): _Kept}); the code's bytes are this machine's.
_FORMAT = (2, sys.byteorder)

_store_lock = threading.Lock()
_known: dict[_Key, _Kept] | None = None  # read from the file on first use
_used: dict[_Key, _Kept] = {}  # patterns of the file used in this process, in the order of first use
_new: dict[_Key, _Kept] = {}  # made in this process, not yet in the file
_engine: Any = None  # (re's parser, re's code generator, _sre), or False where they are not as expected


def cache_folder() -> Path | None:
    r"""The folder postmortem keeps its caches in, or None when caching is turned off.

    ``POSTMORTEM_CACHE_DIR`` names it (an empty value turns caching off); else
    ``$XDG_CACHE_HOME/postmortem``, else ``~/.cache/postmortem`` (``%LOCALAPPDATA%\\postmortem``
    on Windows).
    """
    named = os.environ.get("POSTMORTEM_CACHE_DIR")
    if named is not None:
        return Path(named) if named.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if base:
        return Path(base) / "postmortem"
    try:
        return Path.home() / ".cache" / "postmortem"
    except RuntimeError:  # no home folder
        return None


def _store_path(prefix: str = "patterns-v2") -> Path | None:
    folder = cache_folder()
    engine = _the_engine()
    if folder is None or not engine:
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    version = ".".join(map(str, sys.version_info[:3]))
    return folder / f"{prefix}-{tag}-{version}-{engine[2].MAGIC}-{engine[2].CODESIZE}.marshal"


def _the_engine() -> Any:
    global _engine  # noqa: PLW0603  (looked up once)
    if _engine is None:
        try:
            _sre = importlib.import_module("_sre")

            if sys.version_info >= (3, 11):
                parser, generator = importlib.import_module("re._parser"), importlib.import_module("re._compiler")
            else:  # pragma: no cover  (Python 3.10)
                parser, generator = importlib.import_module("sre_parse"), importlib.import_module("sre_compile")
            _engine = (parser.parse, generator._code, _sre) if hasattr(generator, "_code") else False
        except ImportError:  # pragma: no cover  (another Python)
            _engine = False
    return _engine


def _read_store() -> dict[_Key, _Kept]:
    # What the file holds is checked by _sre.compile before use (see compile_pattern).
    return read_cache_file(_store_path(), _FORMAT)


def read_cache_file(path: Path | None, form: object) -> dict[Any, Any]:
    """The table a cache file written as ``marshal.dumps((form, table))`` holds, or ``{}``.

    Args:
        path: The cache file; ``None`` (caching is off) reads nothing.
        form: The format the reader knows; a file of another (an older release's) is not read.

    Returns:
        The table, or an empty one where the file is missing, unreadable, cut short or of
        another format: a cache only saves time.
    """
    if path is None:
        return {}
    try:
        # The file is this library's own, in the user's cache folder, as Python's bytecode in
        # __pycache__ is (which is also marshal data, and run): read several times faster than JSON.
        found = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if isinstance(found, tuple) and len(found) == 2 and found[0] == form and isinstance(found[1], dict):
        return found[1]
    return {}


def _parts(pattern: str, flags: int, faster: bool = False) -> _Parts:
    """What ``_sre.compile`` takes for ``pattern``, made as ``re.compile`` makes it.

    With *faster*, the parsed pattern is rewritten first (see ``_pattern_speed``): the same
    matches, found sooner.
    """
    parse, generate, _ = _the_engine()
    parsed = parse(pattern, flags)
    if faster:
        try:
            code = generate(_pattern_speed.faster_tree(parsed, flags), flags)
        except Exception:  # a tree the generator does not take: the pattern's own code
            code = generate(parsed, flags)
    else:
        code = generate(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the generator's opcodes are named constants, an int subclass.
    return flags | parsed.state.flags, list(map(int, code)), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile_pattern(pattern: str, flags: int = 0, *, faster: bool = False) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the generated code kept in the cache folder where it is there.

    The pattern returned is equal to ``re.compile``'s (same code, flags and groups). A pattern
    not yet kept is compiled and its code noted, to be written by :func:`save_patterns`.
    With *faster*, its code is generated from the rewritten pattern of ``_pattern_speed``: it
    finds the same matches (spans and groups) sooner, and is no longer equal to ``re.compile``'s.
    """
    global _known  # noqa: PLW0603  (one table per process)
    flags = int(flags)
    if flags & ~_CACHED_FLAGS or not _the_engine():
        return re.compile(pattern, flags)
    if _known is None:
        with _store_lock:
            if _known is None:
                _known = _read_store()
    # The rewritten code is kept apart from the pattern's own, by the rewriting's version (bits no flag uses).
    key = (pattern, flags | _FASTER << _pattern_speed.VERSION if faster else flags)
    kept = _known.get(key)
    if kept is not None:
        try:
            found, code, groups, groupindex, indexgroup = kept
            compiled = cast(
                "re.Pattern[str]",
                _engine[2].compile(pattern, found, array.array("I", code).tolist(), groups, groupindex, indexgroup),
            )
        except Exception:
            _known.pop(key, None)
        else:
            _used[key] = kept
            return compiled
    try:
        parts = _parts(pattern, flags, faster)
        compiled = cast("re.Pattern[str]", _engine[2].compile(pattern, *parts))
        code = array.array("I", parts[1]).tobytes()
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags)
    _known[key] = _new[key] = (parts[0], code, *parts[2:])
    return compiled


def merge_kept(
    new: dict[_K, _V], used: dict[_K, _V], lock: threading.Lock, stored: Callable[[], dict[_K, _V]], most: int
) -> dict[_K, _V]:
    """What a cache file keeps, shared by the patterns' and the generated code's stores.

    This process's entries (``new``, emptied, then ``used``) first, then the ``stored`` ones not
    among them, at most ``most`` in all.
    """
    with lock:
        ours = {**new, **used}
        new.clear()
    for key, value in stored().items():
        if len(ours) >= most:
            break
        ours.setdefault(key, value)
    if len(ours) > most:
        ours = dict(itertools.islice(ours.items(), most))
    return ours


def save_patterns() -> None:
    """Write the code of the patterns compiled in this process, and not yet kept, to the cache folder.

    Added to what is there (another process may have written since), this process's patterns
    first, and at most ``_MOST_KEPT`` in all (those last used longest ago are left out); written
    whole to a new file that then replaces the old one, so a reader never sees half a file.
    Nothing is written when nothing is new, or when caching is off; a folder that cannot be
    written is left alone. The file of the earlier format (the code of every pattern read
    whenever the file was, and up to 20,000 patterns kept) is removed when this one is written.
    """
    if not _new:
        return
    path = _store_path()
    if path is None:
        _new.clear()
        return
    ours = merge_kept(_new, _used, _store_lock, _read_store, _MOST_KEPT)
    if write_cache_file(path, marshal.dumps((_FORMAT, ours))):
        earlier = _store_path("patterns")
        if earlier is not None:
            with contextlib.suppress(OSError):
                earlier.unlink(missing_ok=True)


# A temporary file of a cache file older than this (seconds) was left by a writer that was
# stopped (killed, or the machine went down): no write takes this long.
_STALE_AFTER = 600


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to the cache file ``path`` whole, or leave it as it was; whether it was written.

    The data goes to a temporary file beside it (named by this process and thread), which
    then replaces ``path``, so a reader never sees half a file. The temporary file is
    removed whatever stops the write, an interruption (Ctrl-C) included; one left by a
    writer that could not remove it (a process killed) is removed by the next write of
    ``path`` once it is old (see ``_STALE_AFTER``). A folder that cannot be written is
    left alone: a cache only saves time.
    """
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return True


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files of ``path`` (see :func:`write_cache_file`) left by stopped writers."""
    now = time.time()
    for found in path.parent.glob(f"{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - found.stat().st_mtime > _STALE_AFTER:
                found.unlink()


# Flags a kept pattern may have (not DEBUG, which prints, nor re's template flag).
_CACHED_FLAGS = re.IGNORECASE | re.LOCALE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE | re.ASCII
# Marks a kept pattern's key when its code is the rewritten one (see compile_pattern): above every flag of re.
_FASTER = 1 << 24
# The most patterns kept in the file: a run of `postmortem check` uses some hundreds, and every pattern of the
# checks in their three forms is about 1,300; the rest is room for the patterns of another version or two.
_MOST_KEPT = 3_000
