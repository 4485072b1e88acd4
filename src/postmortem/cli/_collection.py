"""What ``postmortem actions`` and ``postmortem review`` share: loading many post-mortems, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import click

from postmortem.analytics import Collection, FolderScan, LoadFailure, SkippedFile, scan_incident_files
from postmortem.cli._common import DAY, echo_load_error, echo_skipped, no_post_mortems, progress_bar
from postmortem.errors import NotAnIncidentError, PostmortemError, shown_path
from postmortem.model import Incident

__all__ = ["DATE", "load_collection", "to_date"]


def load_collection(paths: Sequence[str], exclude: Sequence[str] = ()) -> Collection:
    """The incidents of ``paths`` (folders searched), loaded with a progress bar.

    Each file that does not load is named on standard error with its problems. In a folder,
    tools' files and files that are certainly no post-mortem are skipped, and named in one
    line on standard error; a file named is always read. A folder that holds no post-mortem
    at all is a failure of that path (named on standard error, so the command exits 2), as
    in ``postmortem check``: a mistyped folder must not pass for a clean one.
    """
    incidents: list[Incident] = []
    failures: list[LoadFailure] = []
    empty: list[LoadFailure] = []
    skipped: list[SkippedFile] = []
    try:
        # The files are listed first so that the bar knows how far there is to go.
        scans = [
            scan_incident_files(path, exclude=exclude) if Path(path).is_dir() else FolderScan([Path(path)], [])
            for path in paths
        ]
        with progress_bar(length=sum(len(scan.files) for scan in scans), label="Loading") as bar:
            for path, scan in zip(paths, scans, strict=True):
                part = Collection.load(scan.files, progress=bar.update)
                failures.extend(
                    LoadFailure(folder, PostmortemError(f"{shown_path(folder)}: {reason}"))
                    for folder, reason in scan.unreadable
                )
                incidents.extend(part.incidents)
                skipped.extend(scan.skipped)
                walked = Path(path).is_dir()
                found = len(part.incidents) + len(scan.unreadable)
                for failure in part.failures:
                    if walked and isinstance(failure.error, NotAnIncidentError):
                        skipped.append(SkippedFile(failure.path, failure.error.reason))
                    else:
                        failures.append(failure)
                        found += 1
                if walked and not found:
                    left_out = len(scan.skipped) + len(part.failures)
                    empty.append(
                        LoadFailure(Path(path), PostmortemError(f"{shown_path(path)}: {no_post_mortems(left_out)}"))
                    )
    except PostmortemError as exc:
        raise click.UsageError(str(exc)) from None

    echo_skipped(skipped)
    for failure in failures:
        # The same located lines as `postmortem validate`: file:line $.path: message.
        echo_load_error(failure.error)
    if failures:
        click.echo(f"{len(failures)} file{'s' if len(failures) != 1 else ''} skipped: not valid incidents", err=True)
    for folder in empty:
        echo_load_error(folder.error)
    return Collection(incidents, [*failures, *empty], sorted(skipped))


def to_date(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    """A click callback: the day of a ``DATE`` option's value."""
    return None if value is None else value.date()


#: A ``YYYY-MM-DD`` option value.
DATE = DAY
