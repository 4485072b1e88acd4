"""A collection of post-mortems: loading many files at once, filtering, iterating."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, overload

from postmortem._files import (
    INCIDENT_SUFFIXES,
    TOOL_FILES,
    TOOL_FOLDERS,
    FolderScan,
    SkippedFile,
    find_incident_files,
    scan_incident_files,
)
from postmortem._parallel import checked_jobs, default_jobs, fewer_collections, map_chunks
from postmortem.analytics._measures import severity_name
from postmortem.errors import IncidentFormatError, NotAnIncidentError, PostmortemError, Problem, shown_path
from postmortem.model import Incident, SeverityScale, WriteUpStatus

if TYPE_CHECKING:
    from postmortem.analytics._frames import Frames

__all__ = [
    "INCIDENT_SUFFIXES",
    "TOOL_FILES",
    "TOOL_FOLDERS",
    "Collection",
    "FolderScan",
    "LoadFailure",
    "SkippedFile",
    "find_incident_files",
    "scan_incident_files",
]

Parallelism = Literal["auto", "threads", "processes", "serial"]

# Below this many files a process pool costs more to start than it saves.
_PROCESS_THRESHOLD = 400
# Files handed to a worker process at a time: large enough that pickling overhead is small.
_CHUNK = 64


class LoadFailure(NamedTuple):
    """A file that did not load, as the pair ``(path, error)``.

    ``path`` is the file; ``error`` is what :func:`postmortem.serialize.load` raised. An
    :class:`~postmortem.errors.IncidentFormatError` lists every problem with its ``$.path``.
    """

    path: Path
    error: PostmortemError


# The result of loading one file, in a shape that pickles cleanly across processes:
# exceptions with custom constructors do not survive pickling, so problems travel as data.
# A document that is certainly no post-mortem travels as its error (it pickles whole).
_Outcome = tuple[str, Incident | None, tuple[Problem, ...] | str | NotAnIncidentError | None]


def _load_one(path: str, severity_scale: SeverityScale | None) -> _Outcome:
    from postmortem.serialize import load  # noqa: PLC0415  (imported in worker processes too)

    try:
        return path, load(path, severity_scale=severity_scale), None
    except IncidentFormatError as exc:
        return path, None, exc if isinstance(exc, NotAnIncidentError) else exc.problems
    except PostmortemError as exc:
        return path, None, str(exc)
    except Exception as exc:  # one file never stops the others
        from postmortem.errors import clip  # noqa: PLC0415

        return (
            path,
            None,
            f"{shown_path(path)}: could not be read ({type(exc).__name__}: {clip(str(exc))}); please report this bug",
        )


def _load_chunk(paths: Sequence[str], severity_scale: SeverityScale | None = None) -> list[_Outcome]:
    return [_load_one(path, severity_scale) for path in paths]


def _failure(path: str, detail: tuple[Problem, ...] | str | NotAnIncidentError) -> LoadFailure:
    if isinstance(detail, NotAnIncidentError):
        return LoadFailure(Path(path), detail)
    if isinstance(detail, str):
        return LoadFailure(Path(path), PostmortemError(detail))
    return LoadFailure(Path(path), IncidentFormatError(detail, source=path))


def _executor(parallelism: Parallelism, count: int, workers: int | None) -> Executor | None:
    """Threads for ``"threads"`` and for ``"auto"`` below the process threshold; ``None`` otherwise."""
    cpus = default_jobs()
    if parallelism in ("serial", "processes") or count < 2 or (parallelism == "auto" and cpus == 1):
        return None
    return ThreadPoolExecutor(max_workers=workers or min(8, cpus * 2))


def _load_outcomes(
    names: Sequence[str],
    severity_scale: SeverityScale | None,
    parallelism: Parallelism,
    workers: int | None,
    progress: Callable[[int], object] | None,
) -> list[_Outcome]:
    """Load every file the way ``parallelism`` asks (see :meth:`Collection.load`), in the files' order."""
    outcomes: list[_Outcome] = []
    cpus = default_jobs()
    executor = _executor(parallelism, len(names), workers)
    if parallelism == "processes" or (parallelism == "auto" and len(names) >= _PROCESS_THRESHOLD and cpus > 1):
        # Worker processes (see postmortem._parallel): forked where that is safe, so a script
        # without a __main__ guard works, and the work is done here if the pool breaks.
        jobs = workers or cpus
        load = functools.partial(_load_chunk, severity_scale=severity_scale)
        from postmortem import _records  # noqa: PLC0415

        # Chunks shrink as fewer files are left, so that the processes finish within a few files
        # of each other; incidents come back from workers as compact records (see postmortem._records).
        for chunk in map_chunks(load, names, jobs=jobs, largest=_CHUNK, pack=_records.dumps, unpack=_records.loads):
            outcomes.extend(chunk)
            if progress is not None:
                progress(len(chunk))
    elif executor is None:
        for name in names:
            outcomes.append(_load_one(name, severity_scale))
            if progress is not None:
                progress(1)
    else:
        with executor:
            futures = [executor.submit(_load_one, name, severity_scale) for name in names]
            for future in futures:
                outcomes.append(future.result())
                if progress is not None:
                    progress(1)
    return outcomes


def _as_utc_start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value.isoformat()} has no timezone; give an aware datetime or a date")
        return value
    return datetime.combine(value, time.min, tzinfo=timezone.utc)


def _as_utc_end(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value.isoformat()} has no timezone; give an aware datetime or a date")
        return value
    # A date as the end of a range means "up to and including that day".
    return datetime.combine(value + timedelta(days=1), time.min, tzinfo=timezone.utc)


def _casefolded(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value.casefold()})
    return frozenset(item.casefold() for item in value)


def _meets(wanted: frozenset[str], values: Iterable[str]) -> bool:
    return not wanted.isdisjoint(value.casefold() for value in values)


class Collection:
    """Many post-mortems, loaded together for analysis.

    A collection is immutable: :meth:`filter` returns a new one. Iterating yields the
    incidents in loading order (sorted by path for a directory). Files that did not load
    are kept in :attr:`failures` rather than raised, so one broken file does not stop a
    quarterly review.

    Args:
        incidents: The incidents.
        failures: Files that did not load, when the collection came from files.

    Example:
        >>> from postmortem.analytics import Collection, generate_incidents
        >>> collection = Collection(generate_incidents(20, seed=1))
        >>> len(collection)
        20
        >>> len(collection.filter(severity=["SEV1", "SEV2"])) < 20
        True
    """

    __slots__ = ("_failures", "_incidents", "_skipped")

    def __init__(
        self,
        incidents: Iterable[Incident] = (),
        failures: Iterable[LoadFailure] = (),
        skipped: Iterable[SkippedFile] = (),
    ) -> None:
        self._incidents: tuple[Incident, ...] = tuple(incidents)
        self._failures: tuple[LoadFailure, ...] = tuple(failures)
        self._skipped: tuple[SkippedFile, ...] = tuple(skipped)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
        *,
        severity_scale: SeverityScale | None = None,
        parallelism: Parallelism = "auto",
        workers: int | None = None,
        progress: Callable[[int], object] | None = None,
        exclude: Sequence[str] = (),
    ) -> Collection:
        """Load post-mortems from a directory tree, one file, or a list of files.

        Args:
            source: A directory (searched recursively for ``*.yaml``, ``*.yml``, ``*.json``
                and ``*.toml``), a file, or an iterable of files.
            severity_scale: The scale for files that do not declare their own.
            parallelism: ``"auto"`` uses a process pool for 400 files or more on a machine
                with more than one core (parsing is CPU-bound, so threads gain little; see
                the benchmark) and threads below that; ``"threads"``, ``"processes"`` and
                ``"serial"`` force one way.
            workers: Threads, or processes working (this one included, so 2 starts one
                worker process); the number of cores when ``None`` or 0. More than four per
                core are lowered to four per core.
            progress: Called with the number of files just loaded, as loading goes on
                (for a progress bar); the calls add up to the number of files.
            exclude: For a directory: glob patterns of files and folders to leave out
                (see :func:`scan_incident_files`).

        Returns:
            The collection; files that failed are in :attr:`failures`, in path order. In a
            directory, tools' files (``pyproject.toml``, ...) and files that are certainly
            no post-mortem (:class:`~postmortem.errors.NotAnIncidentError`: a list at the
            top, no incident key) are in :attr:`skipped` instead; a file given by name is
            always read, and fails if it is no post-mortem.

        Raises:
            PostmortemError: when ``source`` is a path that does not exist.
            ValueError: when ``workers`` is negative (TypeError when it is no whole number).
        """
        if workers is not None:
            workers = checked_jobs(workers, "workers")
        skipped: list[SkippedFile] = []
        walked = isinstance(source, (str, os.PathLike)) and Path(source).is_dir()
        if isinstance(source, (str, os.PathLike)):
            scan = scan_incident_files(source, exclude=exclude)
            paths, skipped = scan.files, scan.skipped
        else:
            paths = [Path(item) for item in source]
        names = [os.fspath(path) for path in paths]
        with fewer_collections():  # thousands of objects per file, none in a cycle
            outcomes = _load_outcomes(names, severity_scale, parallelism, workers, progress)
        incidents: list[Incident] = []
        failures: list[LoadFailure] = []
        for path, incident, detail in outcomes:
            if incident is not None:
                incidents.append(incident)
            elif walked and isinstance(detail, NotAnIncidentError):
                skipped.append(SkippedFile(Path(path), detail.reason))
            elif detail is not None:
                failures.append(_failure(path, detail))
        return cls(incidents, failures, sorted(skipped))

    # ------------------------------------------------------------------ access

    @property
    def incidents(self) -> tuple[Incident, ...]:
        """The incidents, in loading order."""
        return self._incidents

    @property
    def failures(self) -> tuple[LoadFailure, ...]:
        """Files that did not load, each with its error."""
        return self._failures

    @property
    def skipped(self) -> tuple[SkippedFile, ...]:
        """Files and folders of a directory left out as no post-mortems, each with the reason."""
        return self._skipped

    def __iter__(self) -> Iterator[Incident]:
        return iter(self._incidents)

    def __len__(self) -> int:
        return len(self._incidents)

    def __bool__(self) -> bool:
        return bool(self._incidents)

    @overload
    def __getitem__(self, index: int) -> Incident: ...

    @overload
    def __getitem__(self, index: slice) -> Collection: ...

    def __getitem__(self, index: int | slice) -> Incident | Collection:
        if isinstance(index, slice):
            return Collection(self._incidents[index], self._failures, self._skipped)
        return self._incidents[index]

    def __repr__(self) -> str:
        return f"<Collection of {len(self._incidents)} incidents, {len(self._failures)} failed files>"

    def get(self, incident_id: str) -> Incident | None:
        """Return the incident with this id, or ``None``."""
        for incident in self._incidents:
            if incident.id == incident_id:
                return incident
        return None

    # ------------------------------------------------------------------ filtering

    def filter(
        self,
        *,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        severity: str | Iterable[str] | None = None,
        service: str | Iterable[str] | None = None,
        tag: str | Iterable[str] | None = None,
        status: WriteUpStatus | str | Iterable[WriteUpStatus | str] | None = None,
        where: Callable[[Incident], bool] | None = None,
    ) -> Collection:
        """Return the incidents that match every criterion given.

        Args:
            since: Keep incidents that started at or after this time. A date means the start
                of that day in UTC.
            until: Keep incidents that started before this time. A date means the end of
                that day in UTC, so ``since=date(2026, 7, 1), until=date(2026, 9, 30)`` is the
                whole third quarter.
            severity: Severity names (case-insensitive); any of them matches.
            service: Service names (case-insensitive); an incident matches when it affected
                any of them.
            tag: Tags (case-insensitive); an incident matches when it has any of them.
            status: Write-up statuses (``draft``, ``in_review``, ``published``).
            where: Any other test.

        Returns:
            A new collection; failures are carried over.

        Raises:
            ValueError: for a naive datetime or an unknown status.
        """
        start = None if since is None else _as_utc_start(since)
        end = None if until is None else _as_utc_end(until)
        severities = _casefolded(severity)
        services = _casefolded(service)
        tags = _casefolded(tag)
        statuses: frozenset[WriteUpStatus] | None = None
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            statuses = frozenset(WriteUpStatus(str(item).strip().lower()) for item in wanted)

        def keep(incident: Incident) -> bool:
            started = incident.milestones.started
            return (
                (start is None or started >= start)
                and (end is None or started < end)
                and (severities is None or severity_name(incident).casefold() in severities)
                and (services is None or _meets(services, incident.services))
                and (tags is None or _meets(tags, incident.tags))
                and (statuses is None or incident.status in statuses)
                and (where is None or where(incident))
            )

        return Collection((incident for incident in self._incidents if keep(incident)), self._failures, self._skipped)

    # ------------------------------------------------------------------ frames

    def to_pandas(self) -> Frames:
        """Return tidy pandas DataFrames of incidents, timeline events, factors and action items.

        Needs the ``pandas`` extra (``pip install postmortem[pandas]``).

        Returns:
            The four frames; see :class:`~postmortem.analytics.Frames` for their columns.

        Raises:
            PostmortemError: when pandas is not installed.
        """
        from postmortem.analytics._frames import to_frames  # noqa: PLC0415  (pandas is optional)

        return to_frames(self._incidents)
