"""Loading and saving incidents: files and text to incidents, incidents to text and files."""

from __future__ import annotations

import errno
import functools
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
from cattrs.errors import ClassValidationError, IterableValidationError

from postmortem import model
from postmortem._detached import detached
from postmortem._files import atomic_write, open_input, read_at_most, stream_kind, too_long_a_stream
from postmortem.errors import (
    FieldError,
    IncidentFormatError,
    NotAnIncidentError,
    PostmortemError,
    Problem,
    not_utf8,
    shown_path,
)
from postmortem.serialize._converter import _converter, _lean_converter
from postmortem.serialize._formats import _parse_json, _parse_toml
from postmortem.serialize._hooks import _current_scale
from postmortem.serialize._limits import _show_size
from postmortem.serialize._limits import max_depth as _max_depth
from postmortem.serialize._limits import max_file_size as _max_file_size
from postmortem.serialize._problems import _MismatchError, _size_message, problems_of
from postmortem.serialize._yaml import _parse_yaml, _yaml_dumps, line_for

__all__ = [
    "Format",
    "dump",
    "dumps",
    "format_for_path",
    "from_dict",
    "load",
    "load_with_lines",
    "loads",
    "loads_with_lines",
    "to_dict",
]

Format = Literal["yaml", "json", "toml"]
"""The file formats an incident can be read from and written to."""

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


# --------------------------------------------------------------------------- dict level


def from_dict(data: object, *, severity_scale: model.SeverityScale | None = None) -> model.Incident:
    """Build an :class:`~postmortem.model.Incident` from plain data (what a JSON parser returns).

    Args:
        data: A mapping in the file layout.
        severity_scale: The scale severity names are resolved against when the data has no
            ``severity_scale`` of its own; the default SEV1..SEV5 scale when ``None``.

    Returns:
        The incident.

    Raises:
        IncidentFormatError: listing every problem with its ``$.path``.
    """
    token = _current_scale.set(severity_scale or model.DEFAULT_SEVERITY_SCALE)
    try:
        try:
            return _lean_converter().structure(data, model.Incident)
        except Exception:  # noqa: S110  (the detailed converter below says what is wrong)
            pass
        # Something is wrong: structure again with every check's bookkeeping, to report every
        # problem with its path. The two converters share every hook that accepts or refuses a
        # value, so they accept the same documents.
        return _converter().structure(data, model.Incident)
    except (ClassValidationError, IterableValidationError, FieldError, _MismatchError) as exc:
        raise IncidentFormatError(problems_of(exc)) from None
    finally:
        _current_scale.reset(token)


# Keys that say a document means to be a post-mortem even when no incident key is at its
# top: one wrapped in, or a list of, incidents. Such a file is a broken post-mortem.
_WRAPPERS = frozenset({"incident", "incidents", "postmortem", "postmortems", "post_mortem", "post_mortems"})


@functools.cache
def _incident_keys() -> frozenset[str]:
    return frozenset(field.alias or field.name for field in attrs.fields(model.Incident)) | _WRAPPERS


def not_an_incident(data: object) -> str | None:
    """Why parsed ``data`` is certainly not a post-mortem, or ``None`` when it may be one.

    Certainly not: nothing, a list or a scalar at the top, or a mapping none of whose keys is
    an incident's (``id``, ``title``, ``timeline``, ...) or names one (``incident``). Keys are
    compared as a person would write them: ``Title`` and ``action-items`` count. A document
    with one such key is a post-mortem with problems, never skipped.
    """
    if data is None:
        return "empty"
    if isinstance(data, list):
        return "a list at the top"
    if not isinstance(data, Mapping):
        return f"{_describe(data)} at the top"
    known = _incident_keys()
    for key in data:
        if isinstance(key, str) and key.strip().casefold().replace("-", "_").replace(" ", "_") in known:
            return None
    if not data:
        return "an empty mapping"
    return "no incident key such as id, title or timeline"


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    return f"a {type(value).__name__}"


def to_dict(incident: model.Incident) -> dict[str, Any]:
    """Return the incident as plain data in the file layout (defaults left out).

    Args:
        incident: The incident.

    Returns:
        A dict of str, int, float, bool, list and dict only.
    """
    result: dict[str, Any] = _converter().unstructure(incident)
    return result


# --------------------------------------------------------------------------- text level


def format_for_path(path: str | os.PathLike[str]) -> Format:
    """Return the format a file name's suffix names.

    Raises:
        PostmortemError: for a suffix other than .yaml, .yml, .json or .toml.
    """
    name = os.fspath(path)
    if isinstance(name, str):
        # The usual name ends in a known suffix after a name (not after a separator, where
        # Path sees no suffix): found without making a Path, which costs more than the look-up.
        dot = name.rfind(".")
        if dot > 0 and name[dot - 1] not in "/\\":
            found = _SUFFIXES.get(name[dot:].lower())
            if found is not None:
                return found
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise PostmortemError(
            f"{shown_path(path)}: cannot tell the format from the suffix {suffix!r}; use .yaml, .yml, .json or .toml"
        ) from None


def loads(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> model.Incident:
    """Parse an incident from text.

    Args:
        text: The document.
        format: ``"yaml"``, ``"json"`` or ``"toml"``.
        source: A name for the document, used in error messages.
        severity_scale: The scale severity names are resolved against when the document
            has no ``severity_scale`` of its own.
        max_file_size: Refuse a document of more than this many bytes (default: the
            ``POSTMORTEM_MAX_FILE_SIZE`` environment variable, else ``DEFAULT_MAX_FILE_SIZE``, 16 MiB).
        max_depth: Refuse mappings and lists nested deeper than this (default: the
            ``POSTMORTEM_MAX_DEPTH`` environment variable, else ``DEFAULT_MAX_DEPTH``, 64).

    Returns:
        The incident.

    Raises:
        IncidentFormatError: listing every problem, with ``$.path`` and (YAML) line number.
    """
    return loads_with_lines(
        text,
        format,
        source=source,
        severity_scale=severity_scale,
        max_file_size=max_file_size,
        max_depth=max_depth,
    )[0]


def _utf8_size(text: str | bytes) -> int:
    return len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))


def _must_be_a_document(text: object) -> None:
    if not isinstance(text, (str, bytes)):
        kind = type(text).__name__
        raise TypeError(f"loads() takes the document as str or bytes, got {kind}; read a file with load()")


def loads_with_lines(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> tuple[model.Incident, Mapping[str, int]]:
    """:func:`loads`, also returning where each ``$.path`` is in the document.

    For tools that point at a line, as ``postmortem check`` does for each finding.

    Args:
        text: As for :func:`loads`.
        format: As for :func:`loads`.
        source: As for :func:`loads`.
        severity_scale: As for :func:`loads`.
        max_file_size: As for :func:`loads`.
        max_depth: As for :func:`loads`.

    Returns:
        The incident, and the line of each ``$.path`` of a YAML document (empty for JSON and
        TOML). The map looks a line up only when asked; :func:`line_for` also finds the
        line of a path below the deepest one written (a default, a part of a text).

    Raises:
        IncidentFormatError: as for :func:`loads`.
    """
    _must_be_a_document(text)
    parsed = _parsed(text, format, source=source, max_file_size=max_file_size, max_depth=max_depth)
    return _incident_of(parsed, format, source=source, severity_scale=severity_scale)


# A document parsed, not yet an incident: its data, the lines of its paths, its syntax problems, its text.
_Parsed = tuple[object, Mapping[str, int], list[Problem], str]


def _parsed(
    text: str | bytes,
    format: Format,
    *,
    source: str | None,
    max_file_size: int | None,
    max_depth: int | None,
) -> _Parsed:
    """The first half of :func:`loads_with_lines`: the document parsed (its limits, its syntax)."""
    try:
        size_limit = _max_file_size(max_file_size)
        depth_limit = _max_depth(max_depth)
        # A character is at most 4 bytes: only a long text needs its size counted.
        if len(text) > size_limit // 4 and _utf8_size(text) > size_limit:
            raise IncidentFormatError([Problem("$", _size_message(_utf8_size(text), size_limit))])
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise IncidentFormatError([Problem("$", not_utf8(exc))]) from None
        lines: Mapping[str, int] = {}
        syntax_problems: list[Problem] = []
        data: object
        if format == "yaml":
            data, lines, syntax_problems = _parse_yaml(text, depth_limit)
        elif format == "json":
            data, syntax_problems = _parse_json(text, depth_limit)
        elif format == "toml":
            data = _parse_toml(text, depth_limit)
        else:
            raise PostmortemError(f"unknown format {format!r}; use yaml, json or toml")
        if data is None:
            empty = [*syntax_problems, Problem("$", "the document is empty")]
            raise (NotAnIncidentError(empty, reason="empty") if not syntax_problems else IncidentFormatError(empty))
        return data, lines, syntax_problems, text
    except IncidentFormatError as exc:
        if source is None:
            raise
        raise exc.with_source(source) from None


def _incident_of(
    parsed: _Parsed, format: Format, *, source: str | None, severity_scale: model.SeverityScale | None
) -> tuple[model.Incident, Mapping[str, int]]:
    """The second half of :func:`loads_with_lines`: the incident of a document parsed, and its lines."""
    data, lines, syntax_problems, text = parsed
    try:
        try:
            incident = from_dict(data, severity_scale=severity_scale)
        except IncidentFormatError as exc:
            raise _located(exc, syntax_problems, _lines_of(format, text, lines), data) from None
        if syntax_problems:
            # A JSON duplicate key in a file that is otherwise valid: read again for its line too.
            raise _located(IncidentFormatError([]), syntax_problems, _lines_of(format, text, lines), data)
        return incident, lines
    except IncidentFormatError as exc:
        if source is None:
            raise
        raise exc.with_source(source) from None


def _lines_of(format: str, text: str, lines: Mapping[str, int]) -> Mapping[str, int]:
    """The lines of a document with problems: YAML's as parsed; JSON's and TOML's read again, only now.

    Their parsers keep no positions; a valid document never comes here, so it costs nothing more.
    """
    if format == "yaml":
        return lines
    from postmortem.serialize._text_lines import json_lines, toml_lines  # noqa: PLC0415

    return json_lines(text) if format == "json" else toml_lines(text)


def _located(
    exc: IncidentFormatError, syntax_problems: list[Problem], lines: Mapping[str, int], data: object
) -> IncidentFormatError:
    """The problems of a document that did not load, each with its line, in reading order."""
    located = [
        attrs.evolve(problem, line=problem.line or line_for(problem.path, lines))
        for problem in syntax_problems + list(exc.problems)
    ]
    # Report in reading order: by line where known, then by path.
    located.sort(key=lambda problem: (problem.line or 0, problem.path))
    # Only a document that failed is looked at, so a valid one costs nothing more.
    reason = None if syntax_problems else not_an_incident(data)
    if reason is not None:
        return NotAnIncidentError(located, reason=reason)
    return IncidentFormatError(located)


def load(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> model.Incident:
    """Read an incident from a file; the format follows the suffix unless given.

    Args:
        path: The file.
        format: ``"yaml"``, ``"json"`` or ``"toml"``; by default from the suffix.
        severity_scale: As for :func:`loads`.
        max_file_size: As for :func:`loads`; a larger file is refused without reading it whole.
        max_depth: As for :func:`loads`.

    Raises:
        IncidentFormatError: every problem in the file, each naming the file, line and path.
        PostmortemError: when the file cannot be read.
    """
    return load_with_lines(
        path, format=format, severity_scale=severity_scale, max_file_size=max_file_size, max_depth=max_depth
    )[0]


def _read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a file, refusing one larger than ``limit`` without reading it whole."""
    name = os.fspath(path)
    shown = shown_path(name)
    try:
        with open_input(path) as handle:  # no Path made for each file: it costs more than the read
            data = read_at_most(handle, limit)
            kind = stream_kind(handle) if len(data) > limit else None
    except IsADirectoryError:
        raise PostmortemError(f"{shown}: is a directory, not an incident file") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENXIO:  # "No such device or address": a socket, a device nobody serves
            reason = "a socket or a device with nothing behind it, not an incident file"
        raise PostmortemError(f"{shown}: cannot read: {reason}") from None
    if len(data) > limit:
        message = too_long_a_stream(kind, _show_size(limit)) if kind else _size_message(len(data), limit, at_least=True)
        if kind == "a pipe":
            # A pipe may carry a real file larger than the limit (``<(zcat big.yaml.gz)``): say how to raise it.
            how = _size_message(len(data), limit, at_least=True).split("; ", 1)[-1]
            message += f"; for a larger incident file, {how}"
        raise IncidentFormatError([Problem("$", message)], name).with_source(name)
    return data


def load_with_lines(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> tuple[model.Incident, Mapping[str, int]]:
    """:func:`load`, also returning where each ``$.path`` is in the file.

    Args:
        path: As for :func:`load`.
        format: As for :func:`load`.
        severity_scale: As for :func:`load`.
        max_file_size: As for :func:`load`.
        max_depth: As for :func:`load`.

    Returns:
        The incident, and the line of each ``$.path`` (see :func:`loads_with_lines`).

    Raises:
        IncidentFormatError: as for :func:`load`.
        PostmortemError: when the file cannot be read.
    """
    incident, lines, _ = load_with_source(
        path, format=format, severity_scale=severity_scale, max_file_size=max_file_size, max_depth=max_depth
    )
    return incident, lines


def load_with_source(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> tuple[model.Incident, Mapping[str, int], bytes]:
    """:func:`load_with_lines`, also returning the bytes read, for a caller that needs the text too.

    The file is read once: a checker that quotes words of the file (line and column) decodes
    these bytes instead of reading it again.
    """
    fmt, limit, data = _read_document(path, format, max_file_size)
    incident, lines = loads_with_lines(
        data, fmt, source=os.fspath(path), severity_scale=severity_scale, max_file_size=limit, max_depth=max_depth
    )
    return incident, lines, data


def _read_document(
    path: str | os.PathLike[str], format: Format | None, max_file_size: int | None
) -> tuple[Format, int, bytes]:
    """A file's format, the size limit in force and its bytes, for :func:`load_with_source`."""
    try:
        fmt = format or format_for_path(path)
    except PostmortemError:
        if Path(path).is_dir():  # a folder has no suffix, and the suffix is not what is wrong
            raise PostmortemError(f"{shown_path(path)}: is a directory, not an incident file") from None
        raise
    limit = _max_file_size(max_file_size)
    return fmt, limit, _read_bounded(path, limit)


def load_many_with_source(
    paths: Sequence[str | os.PathLike[str]],
) -> list[tuple[model.Incident, Mapping[str, int], bytes] | Exception]:
    """:func:`load_with_source` of each file, or the exception it raises; every file parsed before any is structured.

    An exception comes without its tracebacks (see ``postmortem._detached``).

    Parsing (the YAML reader) and structuring (the incident's classes) each work over code and
    tables of their own: done a few files at a time, each half's stay in the processor's caches
    (``check_files`` reads its batches of files so).
    """
    parsed: list[tuple[Format, _Parsed, bytes] | Exception] = []
    for path in paths:
        try:
            fmt, limit, data = _read_document(path, None, None)
            parsed.append((fmt, _parsed(data, fmt, source=os.fspath(path), max_file_size=limit, max_depth=None), data))
        except Exception as exc:  # the file's result
            parsed.append(detached(exc))  # see postmortem._detached
    results: list[tuple[model.Incident, Mapping[str, int], bytes] | Exception] = []
    for path, item in zip(paths, parsed, strict=True):
        if isinstance(item, Exception):
            results.append(item)
            continue
        fmt, document, data = item
        try:
            incident, lines = _incident_of(document, fmt, source=os.fspath(path), severity_scale=None)
        except Exception as exc:  # as above
            results.append(detached(exc))
        else:
            results.append((incident, lines, data))
    return results


def dumps(incident: model.Incident, format: Format = "yaml") -> str:
    """Return the incident as YAML, JSON or TOML text.

    Fields equal to their defaults are left out; ``loads(dumps(x), format)`` equals ``x``.
    """
    data = to_dict(incident)
    if format == "yaml":
        return _yaml_dumps(data)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        import tomli_w  # noqa: PLC0415

        # Multi-line strings read better, but TOML readers fold \r\n inside them to \n.
        return tomli_w.dumps(data, multiline_strings=not _has_carriage_return(data))
    raise PostmortemError(f"unknown format {format!r}; use yaml, json or toml")


def _has_carriage_return(data: object) -> bool:
    if isinstance(data, str):
        return "\r" in data
    if isinstance(data, dict):
        return any(_has_carriage_return(value) for value in data.values())
    if isinstance(data, list):
        return any(_has_carriage_return(value) for value in data)
    return False


def dump(
    incident: model.Incident,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
) -> Path:
    """Write the incident to a file atomically; the format follows the suffix unless given.

    Returns:
        The path written.
    """
    fmt = format or format_for_path(path)
    return atomic_write(path, dumps(incident, fmt).encode("utf-8"))
