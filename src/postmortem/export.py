"""The exporter plugin API.

An exporter turns an :class:`~postmortem.model.Incident` into a document. Every exporter,
the built-in Markdown and HTML ones included, is found through the entry-point group
``postmortem.exporters``::

    [project.entry-points."postmortem.exporters"]
    slack = "postmortem_slack:SlackExporter"

A :class:`Publisher` is an exporter that can also send its output somewhere (a wiki, a chat
channel); it implements :meth:`Publisher.publish` on top of the usual rendering.

The one-call API is :func:`export`; :func:`publish` is its counterpart for publishers, and
:func:`export_many` renders many incident files at once, in parallel.
"""

from __future__ import annotations

import abc
import io
import math
import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

import attrs

from postmortem._files import atomic_write
from postmortem._registry import (
    ExporterInfo,
    exporter_info,
    exporter_names,
    get_exporter,
    register_exporter,
    unregister_exporter,
)
from postmortem.errors import ExporterError, ExporterOptionError
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem._batch import ExportOutcome, export_many

__all__ = [
    "INCLUDE_EMPTY_OPTION",
    "TODAY_OPTION",
    "Attachment",
    "ExportOutcome",
    "Exporter",
    "ExporterInfo",
    "Option",
    "PublishResult",
    "Publisher",
    "default_filename",
    "export",
    "export_many",
    "exporter_info",
    "exporter_names",
    "get_exporter",
    "publish",
    "register_exporter",
    "unregister_exporter",
]

_MISSING: Any = object()


@attrs.frozen
class Option:
    """An option an exporter or a timeline source accepts.

    Attributes:
        name: The keyword (``page_size``).
        type: The Python type a value must have; ``bool``, ``int``, ``float``, ``str``, ``tuple``,
            ``date`` or any class. Strings from the command line are converted for the first
            four and for ``date`` (``YYYY-MM-DD``).
        default: The value when the option is not given.
        help: One sentence for ``postmortem exporters``, ``postmortem timeline --help`` and the docs.
        choices: The allowed values, when they are few.
        flag: For a timeline source, its flag on ``postmortem timeline``; by default
            ``--<source>-<name>`` with dashes for underscores. A flag that several sources
            declare (``--mapping`` of ``csv`` and ``jsonl``) is one flag given to each.
        metavar: What the flag's value is called in the help (``NAME``, ``URL``).
        parse: Turns the flag's text into the value (such as ``2GiB`` into a number of
            bytes), raising :class:`ValueError` with a message for the user.
        cli: Whether ``postmortem timeline`` offers the option as a flag. Options of types
            that text cannot give (a mapping, a set) never are.
        minimum: The smallest value an ``int`` or ``float`` option takes, when it has one.
        maximum: The largest value an ``int`` or ``float`` option takes, when it has one.
    """

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    flag: str | None = None
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None
    cli: bool = True
    minimum: float | None = None
    maximum: float | None = None

    def convert(self, value: Any, exporter: str) -> Any:
        """Check ``value`` (converting command-line text) and return it.

        Raises:
            ExporterOptionError: when the value has the wrong type, is not one of the choices,
                is out of the option's range or is a float that is not finite (``nan``, ``inf``).
        """
        if isinstance(value, str) and self.type is not str:
            value = _from_text(value, self.type, self.name, exporter)
        if self.type is tuple and isinstance(value, list):
            value = tuple(value)
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is date and isinstance(value, datetime):
            value = value.date()
        if value is not None and not isinstance(value, self.type):
            raise ExporterOptionError(
                f"{exporter}: option {self.name!r} expects {self.type.__name__}, got {type(value).__name__}"
            )
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(str(choice) for choice in self.choices)
            raise ExporterOptionError(f"{exporter}: option {self.name!r} must be one of {allowed}, got {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_range(value, exporter)
        return value

    def _check_range(self, value: float, exporter: str) -> None:
        if not math.isfinite(value):
            raise ExporterOptionError(f"{exporter}: option {self.name!r} expects a finite number, got {value!r}")
        if self.minimum is not None and value < self.minimum:
            raise ExporterOptionError(
                f"{exporter}: option {self.name!r} must be at least {self.minimum:g}, got {value!r}"
            )
        if self.maximum is not None and value > self.maximum:
            raise ExporterOptionError(
                f"{exporter}: option {self.name!r} must be at most {self.maximum:g}, got {value!r}"
            )


TODAY_OPTION = Option(
    "today",
    date,
    None,
    "The day open action items are judged overdue against (YYYY-MM-DD); "
    "default: today, or the day of SOURCE_DATE_EPOCH when it is set.",
)
"""The ``today`` option of every exporter that shows action items: ours, and yours to reuse.

Pass the value to :func:`postmortem.presentation.rendering_date` to get the day to judge
against, and mark items with :func:`postmortem.presentation.overdue_mark`.
"""

INCLUDE_EMPTY_OPTION = Option(
    "include_empty", bool, False, "Show empty sections, marked as not written, instead of leaving them out."
)
"""The ``include_empty`` option of every exporter that lays out the sections: ours, and yours to reuse.

Declare it as ``options = {"include_empty": INCLUDE_EMPTY_OPTION, ...}`` and read
``self.settings["include_empty"]``; :func:`postmortem.presentation.sections` takes it.
"""


def _date_from_text(text: str) -> date | None:
    # Only YYYY-MM-DD: fromisoformat also reads "20261220" and week dates, which no one means.
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) != len("2026-12-01"):
        raise ValueError(text)
    return date.fromisoformat(stripped)


def _bool_from_text(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(text)


# How command-line text becomes a value of each type that can be written as text.
_PARSERS: dict[type, Any] = {
    bool: _bool_from_text,
    int: int,
    float: float,
    tuple: lambda text: tuple(part.strip() for part in text.split(",") if part.strip()),
    date: _date_from_text,
}


def _from_text(text: str, type_: type, name: str, exporter: str) -> Any:
    parse = _PARSERS.get(type_)
    if parse is None:
        return text
    try:
        return parse(text)
    except ValueError:
        expected = "a date (YYYY-MM-DD)" if type_ is date else type_.__name__
        raise ExporterOptionError(f"{exporter}: option {name!r} expects {expected}, got {text!r}") from None


class Exporter(abc.ABC):
    """Base class of every exporter.

    Subclasses set the class attributes and implement :meth:`Exporter.render`. Options are passed to
    the constructor as keywords and checked against :attr:`options`; the checked values are
    in ``self.settings``.

    Attributes:
        name: The name users ask for (``markdown``); the entry point's name must match.
        media_type: The IANA media type of the output (``text/markdown``).
        suffix: The file suffix, dot included (``.md``).
        binary: True when :meth:`Exporter.render` returns bytes, False for text.
        description: One line for ``postmortem exporters``.
        options: The options the exporter accepts, by name.
    """

    name: ClassVar[str]
    media_type: ClassVar[str]
    suffix: ClassVar[str]
    binary: ClassVar[bool] = False
    description: ClassVar[str] = ""
    options: ClassVar[Mapping[str, Option]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            accepted = ", ".join(sorted(self.options)) or "none"
            raise ExporterOptionError(
                f"{self.name}: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                f"accepted options: {accepted}"
            )
        self.settings: dict[str, Any] = {
            name: option.convert(options[name], self.name) if name in options else option.default
            for name, option in self.options.items()
        }

    @abc.abstractmethod
    def render(self, incident: Incident) -> str | bytes:
        """Return the document: ``str`` when :attr:`binary` is false, ``bytes`` otherwise.

        Raises:
            ExporterError: when the incident cannot be rendered with these options.
        """

    def render_bytes(self, incident: Incident) -> bytes:
        """Return the document as bytes (text is encoded as UTF-8)."""
        output = self.render(incident)
        if isinstance(output, str):
            return output.encode("utf-8")
        return output

    def render_with_files(self, incident: Incident, filename: str) -> tuple[str | bytes, tuple[Attachment, ...]]:
        """Render the document to be saved as ``filename``, with the files it refers to.

        Some documents refer to files kept beside them: the Markdown report links its
        timeline chart, ``report-timeline.svg`` beside ``report.md``; the Confluence body shows
        the chart attached to its page. :meth:`Exporter.write` saves these files in the document's folder.
        :meth:`Exporter.render` gives a document that stands alone, referring to no such file. The
        default refers to none: :meth:`Exporter.render` and no files.

        Args:
            incident: The incident.
            filename: The document's file name (no folder); the files' names may derive from it.

        Returns:
            The document (as :meth:`Exporter.render` returns it) and the files, each with a plain file
            name (no folder) other than ``filename``.
        """
        return self.render(incident), ()

    def write(self, incident: Incident, destination: str | os.PathLike[str] | IO[bytes] | IO[str]) -> Path | None:
        """Render and write to a path (atomically) or to an open stream.

        A directory gets a file named after the incident id and :attr:`suffix`: an existing
        one, or a path ending in ``/``, which is created. The files the document refers to
        (see :meth:`Exporter.render_with_files`) are written beside it, before it, each atomically. A
        stream gets the standalone document of :meth:`Exporter.render`.

        Returns:
            The path written, or ``None`` for a stream.

        Raises:
            ~postmortem.errors.OutputError: when the file cannot be written (any earlier file stays intact).
            ExporterError: when the exporter names a file to write beside the document that is
                not a plain file name.
        """
        if isinstance(destination, (str, os.PathLike)):
            return _write_with_files(self, incident, destination)[-1]
        output = self.render(incident)
        if isinstance(destination, io.TextIOBase):
            destination.write(output if isinstance(output, str) else output.decode("utf-8"))
        else:
            destination.write(output.encode("utf-8") if isinstance(output, str) else output)  # type: ignore[arg-type]
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def _write_with_files(exporter: Exporter, incident: Incident, destination: str | os.PathLike[str]) -> list[Path]:
    """What :meth:`Exporter.write` does for a path: the files written beside the document, then the document."""
    target = Path(destination)
    raw = os.fspath(destination)
    if target.is_dir() or raw.endswith(("/", os.sep)):
        target = target / default_filename(incident, exporter.suffix)
    output, files = exporter.render_with_files(incident, target.name)
    for file in files:
        name = file.filename
        if not name or name in (".", "..", target.name) or Path(name).name != name or "\\" in name:
            raise ExporterError(f"{exporter.name}: cannot write {name!r} beside the document: not a plain file name")
    written = [atomic_write(target.with_name(file.filename), file.data) for file in files]
    return [*written, atomic_write(target, output.encode("utf-8") if isinstance(output, str) else output)]


def write_counted(exporter: Exporter, incident: Incident, destination: str | os.PathLike[str]) -> list[Path]:
    """Write ``incident`` to the path ``destination`` as :meth:`Exporter.write` does; return every file written.

    Those beside the document come first, then the document. An exporter that writes its own
    way (it overrides :meth:`Exporter.write`) is known to have written the path it returns, alone.
    """
    if type(exporter).write is Exporter.write:
        return _write_with_files(exporter, incident, destination)
    written = exporter.write(incident, destination)
    return [written if written is not None else Path(destination)]


def default_filename(incident: Incident, suffix: str) -> str:
    """A safe file name for an incident's document: its id with unsafe characters replaced."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in incident.id).strip("._") or "incident"
    return f"{stem[:120]}{suffix}"


@attrs.frozen
class Attachment:
    """A file to publish alongside a document (for instance the PDF next to a wiki page)."""

    filename: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")
    media_type: str


@attrs.frozen
class PublishResult:
    """What a publisher did (or, in a dry run, would do).

    Attributes:
        action: ``created``, ``updated`` or ``unchanged`` (``would create``, ``would update``,
            ``would leave unchanged`` in a dry run).
        location: Where the document can be read (a URL), when known.
        identifier: The target system's id for it (a page id), when known.
        version: The version after publishing, when the target versions documents.
        details: Anything else worth reporting (labels set, attachments replaced).
    """

    action: str
    location: str | None = None
    identifier: str | None = None
    version: int | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)

    def __str__(self) -> str:
        parts = [self.action]
        if self.location:
            parts.append(self.location)
        if self.version is not None:
            parts.append(f"(version {self.version})")
        return " ".join(parts)


class Publisher(Exporter):
    """An exporter that can also send its output to a system (a wiki, a chat channel).

    :meth:`Exporter.render` still works offline. :meth:`Publisher.publish` sends the rendered document, with
    settings checked against :attr:`publish_options`.

    Attributes:
        publish_options: The settings :meth:`publish` accepts (space, parent page, labels, ...).
    """

    publish_options: ClassVar[Mapping[str, Option]] = {}

    def check_publish_settings(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``settings`` checked and completed with defaults.

        Raises:
            ExporterOptionError: for an unknown setting or a value of the wrong type.
        """
        unknown = sorted(set(settings) - set(self.publish_options))
        if unknown:
            accepted = ", ".join(sorted(self.publish_options)) or "none"
            raise ExporterOptionError(
                f"{self.name}: unknown publish setting(s) {', '.join(unknown)}; accepted: {accepted}"
            )
        return {
            name: option.convert(settings[name], self.name) if name in settings else option.default
            for name, option in self.publish_options.items()
        }

    @abc.abstractmethod
    def publish(
        self,
        incident: Incident,
        *,
        attachments: Sequence[Attachment] = (),
        dry_run: bool = False,
        **settings: Any,
    ) -> PublishResult:
        """Render the incident and send it, idempotently: publishing again updates, never duplicates.

        Args:
            incident: What to publish.
            attachments: Files to attach (added, or replaced when one of that name exists).
            dry_run: Report what would be done without changing anything.
            **settings: Target settings, checked against :attr:`publish_options`.

        Returns:
            What was done.

        Raises:
            ExporterError: with a message that never contains credentials.
        """


def _create(name_or_exporter: str | Exporter, options: Mapping[str, Any]) -> Exporter:
    if isinstance(name_or_exporter, Exporter):
        if options:
            raise ExporterError("pass options to the exporter's constructor, not to export(), when giving an instance")
        return name_or_exporter
    return get_exporter(name_or_exporter)(**options)


def export(
    incident: Incident,
    to: str | Exporter,
    path: str | os.PathLike[str] | None = None,
    **options: Any,
) -> str | bytes | Path:
    """Render an incident with one exporter, to memory or to a file.

    Args:
        incident: The incident.
        to: An exporter name (``"markdown"``, ``"html"``, ``"pdf"``) or an exporter instance.
        path: Where to write. ``None`` returns the document; a directory (an existing one,
            or a path ending in ``/``) gets a file named after the incident id, such as
            ``out/INC-0042.html``. Files are written atomically.
        **options: The exporter's options.

    Returns:
        The document (``str`` or ``bytes``) when ``path`` is ``None``, else the path written.

    Raises:
        ExporterNotFoundError: when no such exporter is installed (the message says what to install).
        ExporterError: for bad options or a document that cannot be rendered.
        ~postmortem.errors.OutputError: when the file cannot be written.
    """
    exporter = _create(to, options)
    if path is None:
        return exporter.render(incident)
    written = exporter.write(incident, path)
    assert written is not None  # a path was given
    return written


# Publisher options that the exports attached to the page take too, when they have them.
_SHARED_WITH_ATTACHMENTS = ("asset_dir", "today")


def publish(
    incident: Incident,
    to: str | Publisher,
    *,
    attach: Iterable[str] = (),
    attachments: Iterable[Attachment] = (),
    dry_run: bool = False,
    exporter_options: Mapping[str, Any] | None = None,
    **settings: Any,
) -> PublishResult:
    """Publish an incident with a publishing exporter, attaching other exports and files if asked.

    Args:
        incident: The incident.
        to: A publisher name (``"confluence"``) or instance.
        attach: Names of other exporters whose output is attached (``("pdf", "docx")``).
        attachments: Files to attach as they are, such as a dashboard screenshot:
            ``Attachment("latency.png", data, "image/png")``. Attached after the exports.
        dry_run: Report what would be done without changing anything.
        exporter_options: Options for the publisher's own rendering. Its ``asset_dir`` (the
            folder images in prose may come from) and ``today`` (the day action items are
            judged overdue against) are given to the exporters in ``attach`` that take them
            too, so the attached PDF or DOCX shows the same pictures and the same marks.
        **settings: Target settings (space, parent, labels, ...).

    Returns:
        What the publisher did.

    Raises:
        ExporterError: when ``to`` does not publish, or publishing fails.
        ExporterOptionError: for a setting that is unknown or not valid.
        TypeError: when an item of ``attachments`` is not an :class:`Attachment`.
    """
    files = list(attachments)
    for item in files:
        if not isinstance(item, Attachment):
            raise TypeError(
                f"attachments must be Attachment(filename, data, media_type) objects, got {type(item).__name__}"
            )
    exporter = _create(to, exporter_options or {})
    if not isinstance(exporter, Publisher):
        raise ExporterError(f"exporter {exporter.name!r} does not publish; it only renders files")
    shared = {
        key: value
        for key, value in (exporter_options or {}).items()
        if key in _SHARED_WITH_ATTACHMENTS and value not in (None, "")
    }
    rendered = []
    for name in attach:
        kind = get_exporter(name)
        other = kind(**{key: value for key, value in shared.items() if key in kind.options})
        rendered.append(
            Attachment(default_filename(incident, other.suffix), other.render_bytes(incident), other.media_type)
        )
    return exporter.publish(incident, attachments=[*rendered, *files], dry_run=dry_run, **settings)


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`export`.

    ``postmortem.export`` names both this module and the function. Making the module
    callable keeps ``postmortem.export(incident, "html")`` working while
    ``import postmortem.export as e`` gives the module, as every import form should.
    """

    def __call__(
        self, incident: Incident, to: str | Exporter, path: str | os.PathLike[str] | None = None, **options: Any
    ) -> str | bytes | Path:
        return export(incident, to, path, **options)


def __getattr__(name: str) -> Any:
    # export_many starts worker processes: its module, and multiprocessing with it, is
    # imported when first used, so that `import postmortem` stays light.
    if name in ("ExportOutcome", "export_many"):
        from postmortem import _batch  # noqa: PLC0415

        return getattr(_batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _CallableModule
