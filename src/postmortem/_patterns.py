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

import re
from typing import Any, cast

__all__ = ["is_compiled", "lazy_compile"]

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
            compiled = re.compile(self.pattern, self._flags)
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
