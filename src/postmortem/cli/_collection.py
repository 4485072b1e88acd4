"""What ``postmortem actions`` and ``postmortem review`` share: loading many post-mortems, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import click

from postmortem.analytics import Collection, LoadFailure, find_incident_files
from postmortem.cli._common import echo_load_error, progress_bar
from postmortem.errors import PostmortemError
from postmortem.model import Incident

__all__ = ["DATE", "load_collection", "to_date"]


def load_collection(paths: Sequence[str]) -> Collection:
    """The incidents of ``paths`` (folders searched), loaded with a progress bar.

    Each file that does not load is named on standard error with its problems.
    """
    incidents: list[Incident] = []
    failures: list[LoadFailure] = []
    try:
        # The files are listed first so that the bar knows how far there is to go.
        groups = [find_incident_files(path) if Path(path).is_dir() else [Path(path)] for path in paths]
        with progress_bar(length=sum(map(len, groups)), label="Loading") as bar:
            for group in groups:
                part = Collection.load(group, progress=bar.update)
                incidents.extend(part.incidents)
                failures.extend(part.failures)
    except PostmortemError as exc:
        raise click.UsageError(str(exc)) from None

    for failure in failures:
        # The same located lines as `postmortem validate`: file:line $.path: message.
        echo_load_error(failure.error)
    if failures:
        click.echo(f"{len(failures)} file{'s' if len(failures) != 1 else ''} skipped: not valid incidents", err=True)
    return Collection(incidents, failures)


def to_date(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    """A click callback: the day of a ``DATE`` option's value."""
    return None if value is None else value.date()


#: A ``YYYY-MM-DD`` option value.
DATE = click.DateTime(formats=["%Y-%m-%d"])
