"""The exceptions of ``postmortem``.

Every error the library raises on purpose is a :class:`PostmortemError`. Problems in an
incident file are collected, not raised one at a time: :class:`IncidentFormatError` carries
all of them, each a :class:`Problem` addressed by a ``$.path`` (and, for YAML, a line).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs

__all__ = [
    "ExporterError",
    "ExporterNotFoundError",
    "ExporterOptionError",
    "FieldError",
    "IncidentFormatError",
    "NotAnIncidentError",
    "OutputError",
    "PluginError",
    "PluginNotFoundError",
    "PostmortemError",
    "Problem",
    "ServiceUnavailableError",
    "clip",
    "shown_path",
]


class PostmortemError(Exception):
    """Base class of every error ``postmortem`` raises on purpose."""


class FieldError(ValueError):
    """A value the model rejects, raised by model validators.

    Args:
        field: The field name, or a relative path such as ``action_items[1].id``.
        message: What is wrong, in words a user understands.

    The loader turns this into a :class:`Problem` at the field's full ``$.path``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


_C_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def shown_path(name: str | os.PathLike[str] | None) -> str:
    r"""A file name as every message prints it: as it is, or quoted with escapes when it cannot be.

    A name that prints as it is (letters, digits, punctuation, spaces) is shown unchanged. A
    name holding a line break, a tab, any other control or format character (an ANSI escape,
    a right-to-left override), a byte that is not UTF-8 or a character that does not print
    is shown in double quotes, as git quotes such names: ``"a\nb.yaml"``, ``"caf\xe9.yaml"``
    for the byte 0xE9 (which ``os.fsdecode`` keeps as a lone surrogate), ``"\x1b[31m.yaml"``;
    ``"`` and ``\`` in such a name are escaped too, as is a name written in double quotes
    itself. The name cannot then break a message's line, forge another, or change the
    terminal. Machine-read output (JSON's ``source``, SARIF's ``uri``) keeps the name itself.

    Args:
        name: A file name or path; ``None`` is shown as the empty string.

    Returns:
        The name as printed.
    """
    if name is None:
        return ""
    text = os.fspath(name)
    if text.isprintable() and not (text[:1] == '"' and text[-1:] == '"' and len(text) > 1):
        return text
    shown = []
    for char in text:
        code = ord(char)
        if char in _C_ESCAPES and not (char == "\\" and os.sep == "\\"):  # Windows' separator stays
            shown.append(_C_ESCAPES[char])
        elif char.isprintable():
            shown.append(char)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            shown.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            shown.append(f"\\x{code:02x}")
        elif code < 0x10000:
            shown.append(f"\\u{code:04x}")
        else:
            shown.append(f"\\U{code:08x}")
    return '"' + "".join(shown) + '"'


@attrs.frozen
class Problem:
    """One thing wrong in an incident file.

    Attributes:
        path: Where, as a JSONPath-like string: ``$.action_items[1].due``.
        message: What is wrong.
        line: 1-based line in the source file, when known (YAML).
        source: The file name, when known.
    """

    path: str
    message: str
    line: int | None = None
    source: str | None = None

    def __str__(self) -> str:
        where = shown_path(self.source)
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        prefix = f"{where} " if where else ""
        return f"{prefix}{self.path}: {self.message}"


class IncidentFormatError(PostmortemError):
    """An incident file (or data) that cannot be loaded; lists every problem at once.

    Attributes:
        problems: Each problem with its path and, where known, line.
        source: The file or stream name.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        count = len(self.problems)
        head = f"{shown_path(source)}: " if source else ""
        noun = "problem" if count == 1 else "problems"
        lines = [f"{head}{count} {noun}:"] + [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))

    def with_source(self, source: str) -> IncidentFormatError:
        """Return the same error with every problem naming ``source``."""
        return IncidentFormatError((attrs.evolve(problem, source=source) for problem in self.problems), source=source)


class NotAnIncidentError(IncidentFormatError):
    """A document that is certainly not a post-mortem.

    It holds nothing, a list or a scalar at its top, or a mapping without any key of an
    incident (a tool's ``pyproject.toml``, a data file). It is an :class:`IncidentFormatError`
    with the same problems, so a file named on purpose fails as before; a folder walk
    (``postmortem check incidents/``, :meth:`postmortem.analytics.Collection.load` of a
    folder) skips such a file and says so.

    Attributes:
        reason: Why the document is not a post-mortem, in a few words.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None, *, reason: str) -> None:
        super().__init__(problems, source)
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword arguments do not survive pickling as exceptions do it (worker processes).
        return _not_an_incident, (self.problems, self.source, self.reason)

    def with_source(self, source: str) -> NotAnIncidentError:
        """Return the same error with every problem naming ``source``."""
        problems = (attrs.evolve(problem, source=source) for problem in self.problems)
        return NotAnIncidentError(problems, source=source, reason=self.reason)


def _not_an_incident(problems: tuple[Problem, ...], source: str | None, reason: str) -> NotAnIncidentError:
    return NotAnIncidentError(problems, source, reason=reason)


class OutputError(PostmortemError, OSError):
    """A file could not be written: permission denied, disk full, a name too long, ...

    It is also an :class:`OSError`, with the ``errno`` of the failure, so code that caught
    ``OSError`` before keeps working. Any earlier file at the path is left as it was.
    """

    def __str__(self) -> str:
        return str(self.strerror)


class PluginError(PostmortemError):
    """A plugin (exporter, timeline source, rule) is missing, broken, or clashes with another.

    Every plugin registry raises it or a subclass: :class:`ExporterError`,
    ``postmortem.sources.SourcePluginError``, :class:`~postmortem.checks.RuleLoadError` and
    the ``...NotFoundError`` of each.
    """


class PluginNotFoundError(PluginError, LookupError):
    """No plugin of that name is installed: the base of every registry's ``...NotFoundError``.

    Attributes:
        name: The name asked for.
        available: The names that are installed.
        provider: The distribution that would provide ``name``, when it is a known one.
    """

    #: What the plugin is, as the message names it (``exporter``).
    kind: ClassVar[str] = "plugin"
    #: Whether the message suggests a close installed name.
    suggest: ClassVar[bool] = True

    def __init__(self, name: str, available: Iterable[str], provider: str | None = None) -> None:
        self.name = name
        self.available = tuple(available)
        self.provider = provider
        super().__init__(self._message())

    def _message(self) -> str:
        return not_installed_message(self.kind, self.name, self.available, self.provider, suggest=self.suggest)

    @property
    def reason(self) -> str:
        """The message without the list of installed names, for one line of several (``--to a,b,c``)."""
        return not_installed_message(
            self.kind, self.name, self.available, self.provider, suggest=self.suggest, listed=False
        )


class ServiceUnavailableError(Exception):
    """A remote service was unavailable: 429, 5xx, a timeout or no connection. Worth retrying later.

    A mixin: each client's own error for it (``postmortem.trackers.TrackerUnavailableError``,
    ``postmortem_confluence.ConfluenceUnavailableError``) is also one of these, so that one
    :class:`postmortem.http.RetryPolicy` retries them all.

    Attributes:
        status: The HTTP status, when there was a response.
        retry_after: Seconds the service asked to wait (``Retry-After``), when it said.
    """

    status: int | None
    retry_after: float | None


def not_installed_message(
    kind: str, name: str, available: Sequence[str], provider: str | None, *, suggest: bool = True, listed: bool = True
) -> str:
    """``no exporter named 'pfd' is installed; did you mean 'pdf'? Installed exporters: ...``.

    Args:
        kind: What was asked for (``exporter``, ``tracker``).
        name: The name asked for.
        available: The names that are installed.
        provider: The distribution that would provide ``name``, when it is a known one; the
            message then says how to install it instead of suggesting another name.
        suggest: Whether to suggest a close installed name.
        listed: Whether to end with the installed names.
    """
    message = f"no {kind} named {name!r} is installed"
    if provider:
        message += f"; install it with: pip install {provider}"
    elif suggest:
        message += did_you_mean(name, available)
    return message + (f". Installed {kind}s: {', '.join(available) or 'none'}" if listed else "")


def did_you_mean(name: str, available: Iterable[str]) -> str:
    """A hint naming the closest of ``available`` to ``name``, or the empty string."""
    import difflib  # noqa: PLC0415  (only for a name that is not there: not on every start)

    close = difflib.get_close_matches(name, list(available), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def not_utf8(exc: UnicodeDecodeError) -> str:
    """What to tell a person whose file did not decode as UTF-8, naming UTF-16 and UTF-32 when it is one.

    Windows tools (PowerShell's ``>``, Notepad's "Unicode") save text as UTF-16 with a byte
    order mark; the generic "invalid start byte at byte 0" does not say that, nor what to do.

    Args:
        exc: The error of decoding the file's bytes (its ``object``) as UTF-8.

    Returns:
        A message without the file's name, such as ``"UTF-16 text (it starts with a UTF-16
        byte order mark); postmortem reads UTF-8: save the file as UTF-8, e.g. iconv -f UTF-16
        -t UTF-8"``.
    """
    data = bytes(exc.object)
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark) and _decodes(data, encoding):
            return (
                f"{encoding} text (it starts with a {encoding} byte order mark); postmortem reads UTF-8: "
                f"save the file as UTF-8, e.g. iconv -f {encoding} -t UTF-8"
            )
    return f"not UTF-8 text: {exc.reason} at byte {exc.start}"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def clip(text: str, limit: int = 200) -> str:
    r"""Text from a document or an exception, made safe to quote in a message.

    Args:
        text: The text to quote.
        limit: The most characters kept; longer text is cut and says how long it was.

    Returns:
        The text, at most ``limit`` characters, with lone surrogates (which cannot be printed)
        written as ``\udcxx`` escapes.
    """
    if len(text) > limit:
        text = f"{text[: limit - 40]}... ({len(text):,} characters)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class ExporterError(PluginError):
    """An exporter could not produce its output (bad option, missing style, corrupt image)."""


class ExporterOptionError(ExporterError):
    """An exporter option or publish setting that is not valid.

    Unknown, of the wrong type, not one of the choices, or out of range (a timeout of 0, a
    URL that does not parse). The command line exits 2 for it (invalid input), and 1 for other publishing failures.
    """


class ExporterNotFoundError(ExporterError, PluginNotFoundError):
    """No exporter of that name is installed (see :class:`PluginNotFoundError` for the attributes)."""

    kind = "exporter"
