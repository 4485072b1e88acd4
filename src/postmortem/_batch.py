"""Many incident files rendered at once, across worker processes: :func:`export_many`.

Public as ``postmortem.export_many`` and ``postmortem.export.export_many``; this module (and
``multiprocessing`` with it) is imported on first use, so ``import postmortem`` stays light.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from postmortem._files import output_error, without_fsync
from postmortem._parallel import checked_jobs, default_jobs, map_chunks, unexpected_error
from postmortem.errors import (
    ExporterOptionError,
    IncidentFormatError,
    NotAnIncidentError,
    OutputError,
    PostmortemError,
    shown_path,
)
from postmortem.export import default_filename, get_exporter, write_counted
from postmortem.serialize import load

__all__ = ["ExportOutcome", "export_many"]


@attrs.frozen
class ExportOutcome:
    """What :func:`export_many` did with one incident file.

    Attributes:
        source: The incident file, as given.
        written: The reports written, in the order of the exporters given.
        problems: One message per failure, ``file: exporter: message`` (or the file's load
            error, one ``file:line $.path: message`` line per problem).
        loaded: Whether the file is a valid incident. When it is not, nothing was written.
        unwritable: Whether a report could not be written (permission, a full disk, a name
            too long); the message is in :attr:`problems`.
        beside: The files written beside the reports that refer to them (the Markdown
            report's timeline chart), in the order written.
        same_id_as: An earlier file of the batch with the same incident id, whose reports
            this file's reports replaced (the folder holds one report per incident id).
        not_an_incident: Why the file is certainly no post-mortem (a list at its top, no
            incident key), when that is why it did not load; a caller that found the file in
            a folder may skip it (:class:`~postmortem.errors.NotAnIncidentError`).
    """

    source: Path
    written: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()
    loaded: bool = True
    unwritable: bool = False
    same_id_as: Path | None = None
    not_an_incident: str | None = None
    beside: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every report of this file was written and replaced no other file's."""
        return self.loaded and not self.problems and self.same_id_as is None


def export_many(
    files: Iterable[str | os.PathLike[str]],
    to: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int = 0,
    fsync: bool = True,
) -> Iterator[ExportOutcome]:
    """Render many incident files with several exporters, in parallel across cores.

    Each file is loaded and rendered in a worker process; each report is written atomically
    as ``out_dir/<incident id><suffix>``, the name :func:`postmortem.export` gives it. One
    file that does not load, or one exporter that fails on it, never stops the others: the
    outcome of each file says what happened. ``postmortem export`` is this function with a
    progress bar.

    Example::

        for outcome in postmortem.export_many(paths, ["html", "pdf"], "out/"):
            for problem in outcome.problems:
                print(problem)

    Args:
        files: The incident files (``.yaml``, ``.yml``, ``.json`` or ``.toml``). For the files
            of a folder, see :func:`postmortem.analytics.find_incident_files`.
        to: Exporter names, such as ``["markdown", "html", "pdf"]``.
        out_dir: The folder for the reports; created when missing (and there are files).
        options: Each exporter's options, by exporter name: ``{"pdf": {"page_size": "Letter"}}``.
            Values may be given as text, as on the command line.
        jobs: Processes rendering, this one included; 0 (the default) uses one per core, 1
            renders in this process only. More than four per core are lowered to four per
            core, as ``postmortem export -j`` does.
        fsync: Force each report to disk before it replaces an older one. ``False`` is faster
            for many reports; a power cut soon after may then lose them (they are still
            never seen half-written).

    Returns:
        One outcome per file, in the order of ``files``, each as soon as it and every file
        before it are done.

    Raises:
        ValueError: When ``jobs`` is negative (before any work); a ``jobs`` that is no whole
            number raises TypeError.
        ExporterNotFoundError: When an exporter of ``to`` is not installed (before any work).
        ExporterError: For an option an exporter does not accept (before any work).
        OutputError: When ``out_dir`` cannot be created.
    """
    jobs = checked_jobs(jobs)
    names = list(dict.fromkeys(to))
    settings = {name: dict(values) for name, values in (options or {}).items()}
    unknown = sorted(set(settings) - set(names))
    if unknown:
        raise ExporterOptionError(f"options for {', '.join(map(repr, unknown))}, not among the exporters {names}")
    # Unknown exporters and bad options fail here, once, not in every worker for every file.
    for name in names:
        get_exporter(name)(**settings.get(name, {}))
    paths = [Path(file) for file in files]
    target = Path(out_dir)
    try:
        if paths:
            target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc, "cannot create the folder") from None
    workers = jobs or min(len(paths), default_jobs())
    return _outcomes(paths, names, target, settings, workers, fsync)


def _outcomes(
    paths: list[Path],
    names: list[str],
    out_dir: Path,
    options: dict[str, dict[str, Any]],
    jobs: int,
    fsync: bool,
) -> Iterator[ExportOutcome]:
    # Rendering a file takes long next to handing it over (PDF, DOCX): small chunks balance best.
    render = functools.partial(_render_chunk, names=names, out_dir=str(out_dir), options=options, fsync=fsync)
    owners: dict[Path, Path] = {}
    chunks = map_chunks(render, [str(path) for path in paths], jobs=jobs, chunk=1 if len(paths) < 64 else 4)
    outcomes = (outcome for chunk in chunks for outcome in chunk)
    for path, outcome in zip(paths, outcomes, strict=True):
        earlier = next((owners[report] for report in outcome.written if report in owners), None)
        owners.update(dict.fromkeys(outcome.written, path))
        yield attrs.evolve(outcome, source=path, same_id_as=earlier)


def _render_chunk(
    paths: Sequence[str], names: Sequence[str], out_dir: str, options: dict[str, dict[str, Any]], fsync: bool
) -> list[ExportOutcome]:
    """Render a chunk of files; runs in a worker process."""
    if fsync:
        return [_render_file(path, names, out_dir, options) for path in paths]
    with without_fsync():
        return [_render_file(path, names, out_dir, options) for path in paths]


def _lines(exc: IncidentFormatError) -> tuple[str, ...]:
    return tuple(str(problem) for problem in exc.problems) or (str(exc),)


def _render_file(path: str, names: Sequence[str], out_dir: str, options: dict[str, dict[str, Any]]) -> ExportOutcome:
    """Load one incident and write it with every exporter."""
    source = Path(path)
    try:
        incident = load(path)
    except NotAnIncidentError as exc:
        return ExportOutcome(source, problems=_lines(exc), loaded=False, not_an_incident=exc.reason)
    except IncidentFormatError as exc:
        # One line a problem, as `postmortem validate` prints them.
        return ExportOutcome(source, problems=_lines(exc), loaded=False)
    except PostmortemError as exc:
        return ExportOutcome(source, problems=(str(exc),), loaded=False)
    except Exception as exc:  # one file never stops the others
        return ExportOutcome(source, problems=(str(unexpected_error(path, exc)),), loaded=False)
    problems: list[str] = []
    written: list[Path] = []
    beside: list[Path] = []
    unwritable = False
    for name in names:
        try:
            exporter = get_exporter(name)(**options.get(name, {}))
            report = Path(out_dir) / default_filename(incident, exporter.suffix)
            *files, _report = write_counted(exporter, incident, report)
            written.append(report)
            beside.extend(files)
        except OutputError as exc:
            unwritable = True
            problems.append(f"{shown_path(path)}: {name}: {exc}")
        except PostmortemError as exc:
            problems.append(f"{shown_path(path)}: {name}: {exc}")
    return ExportOutcome(source, tuple(written), tuple(problems), unwritable=unwritable, beside=tuple(beside))
