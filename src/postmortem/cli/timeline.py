"""``postmortem timeline``: build an incident's timeline from alerting, paging and chat exports."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
import yaml

from postmortem import serialize
from postmortem._files import atomic_write
from postmortem._roundtrip import event_data
from postmortem.cli._common import progress_bar
from postmortem.errors import IncidentFormatError, PostmortemError
from postmortem.model import EventKind, Incident, TimelineEvent
from postmortem.sources import SourceError, SourceProblem, get_source, parse_duration
from postmortem.timeline import incident_window, merge_timeline, merged_text, redact_incident

__all__ = ["timeline"]


def _duration(_ctx: click.Context, param: click.Parameter, value: str) -> timedelta:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def _size(_ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Parse ``512MiB``, ``2G``, ``4GB`` or a number of bytes (units are powers of 1024)."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", value.lower())
    if match is None or float(match[1]) <= 0:
        raise click.BadParameter(f"not a size: {value!r}; write it like 512MiB, 2GiB or 4G", param=param)
    return int(float(match[1]) * _UNITS[match[2]])


def _git_target(text: str) -> tuple[str, str | None]:
    """Split ``REPO[:BRANCH]``; a path that exists as written is taken whole."""
    if Path(text).is_dir() or ":" not in text:
        return text, None
    repo, _, branch = text.rpartition(":")
    return (repo, branch or None) if repo else (text, None)


class _Counted:
    """Counts the events a source yields, for the summary."""

    def __init__(self, label: str, events: Iterator[TimelineEvent]) -> None:
        self.label = label
        self.count = 0
        self._events = events
        self.finished: Callable[[int], object] | None = None

    def __iter__(self) -> Iterator[TimelineEvent]:
        for event in self._events:
            self.count += 1
            yield event
        if self.finished is not None:
            self.finished(1)


@click.command("timeline")
@click.argument("incident_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slack", "slack", multiple=True, metavar="DIR_OR_ZIP", help="Slack workspace export.")
@click.option("--slack-channel", multiple=True, metavar="NAME", help="Read only this channel (repeatable).")
@click.option("--slack-pinned", is_flag=True, help="Keep only pinned Slack messages.")
@click.option("--slack-reaction", metavar="NAME", help="Keep only Slack messages with this reaction.")
@click.option("--slack-no-bots", is_flag=True, help="Leave out bot messages.")
@click.option("--slack-no-threads", is_flag=True, help="Leave out thread replies.")
@click.option("--slack-url", metavar="URL", help="Workspace URL (https://acme.slack.com) for message links.")
@click.option(
    "--slack-max-inflated",
    metavar="SIZE",
    callback=_size,
    help="Refuse a Slack zip that inflates to more than this (default 1GiB).",
)
@click.option("--pagerduty", multiple=True, metavar="FILE", help="PagerDuty log entries (REST API v2 JSON).")
@click.option(
    "--alertmanager",
    multiple=True,
    metavar="FILE",
    help="Alertmanager webhook payloads (JSON or JSON Lines).",
)
@click.option("--statuspage", multiple=True, metavar="FILE", help="Statuspage incident JSON.")
@click.option("--git", "git", multiple=True, metavar="REPO[:BRANCH]", help="Deploys from git history.")
@click.option(
    "--git-mode",
    type=click.Choice(["merges", "tags", "commits"]),
    default="merges",
    show_default=True,
    help="Deploys are merges onto the branch, tags reachable from it, or every commit.",
)
@click.option(
    "--git-config-path",
    multiple=True,
    metavar="GLOB",
    help="Paths that make a commit a config change.",
)
@click.option(
    "--git-commit-url",
    metavar="TEMPLATE",
    help="Commit link, e.g. https://github.com/acme/shop/commit/{sha}.",
)
@click.option("--csv", "csv_files", multiple=True, metavar="FILE", help="Any CSV file (with --mapping).")
@click.option(
    "--jsonl",
    "jsonl_files",
    multiple=True,
    metavar="FILE",
    help="Any JSON Lines file (with --mapping).",
)
@click.option(
    "--mapping",
    metavar="FIELD=COLUMN,...",
    help="Columns for --csv/--jsonl: time=created_at,description=subject,actor=agent,kind=type.",
)
@click.option(
    "--kind",
    "default_kind",
    type=click.Choice([kind.value for kind in EventKind]),
    help="Kind of --csv/--jsonl rows without a kind column.",
)
@click.option("--timezone", metavar="ZONE", help="Zone of --csv/--jsonl times written without an offset.")
@click.option("--source", "extra", multiple=True, metavar="NAME=PATH", help="Any installed source, by name.")
@click.option(
    "--margin",
    metavar="DURATION",
    callback=_duration,
    default="2h",
    show_default=True,
    help="Keep imported events this long before the start and after the end (90s, 15m, 2h).",
)
@click.option(
    "--fold-within",
    metavar="DURATION",
    callback=_duration,
    default="5m",
    show_default=True,
    help="Fold two tools' records of one event when this close in time.",
)
@click.option("--write/--dry-run", default=False, help="Write the incident file back (default: show only).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Replace people's names by their roles (with --output or --dry-run).",
)
@click.option("--strict", is_flag=True, help="Stop at the first bad record instead of skipping it.")
def timeline(incident_file: Path, **options: Any) -> None:
    """Merge exports into INCIDENT_FILE's timeline and suggest milestone times.

    Events are kept inside the incident's window (its milestones, widened by --margin),
    duplicates seen by two tools are folded into one event, and events already in the
    file are kept. Without --write nothing is written. Running it twice with the same
    exports gives the same file.
    """
    if options["redact"] and options["write"] and options["output"] is None:
        raise click.UsageError("--redact with --write would overwrite the names in the original; add --output FILE")
    try:
        incident = serialize.load(incident_file)
    except IncidentFormatError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None
    except PostmortemError as exc:
        raise click.ClickException(str(exc)) from None

    problems: list[SourceProblem] = []
    since, until = incident_window(incident, options["margin"])
    try:
        readers = _readers(incident, options, problems)
    except (PostmortemError, ValueError, TypeError) as exc:
        raise click.UsageError(str(exc)) from None
    if not readers:
        raise click.UsageError("name at least one export: --slack, --pagerduty, --alertmanager, --git, ...")

    try:
        with progress_bar(length=len(readers), label="Reading exports") as bar:
            for reader in readers:
                reader.finished = bar.update
            merge = merge_timeline(
                incident, readers, window_margin=options["margin"], fold_within=options["fold_within"]
            )
    except SourceError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None

    read = ", ".join(f"{reader.count} from {reader.label}" for reader in readers)
    click.echo(f"Read {read}.")
    start = since.isoformat().replace("+00:00", "Z")
    end = "open end" if until is None else until.isoformat().replace("+00:00", "Z")
    folded = len(merge.folded)
    click.echo(
        f"Added {len(merge.added)} events, folded {folded} duplicate{'s' if folded != 1 else ''}; "
        f"{merge.outside_window} outside the window {start} to {end}."
    )
    if problems:
        click.echo(f"Skipped {len(problems)} unreadable record{'s' if len(problems) != 1 else ''}:")
        for problem in problems:
            click.echo(f"  {problem}")
    if merge.suggestions:
        click.echo("Milestones the timeline suggests:")
        for suggestion in merge.suggestions:
            click.echo(f"  {suggestion}")
    if merge.unmatched_actors:
        people = ", ".join(f"{name} ({count})" for name, count in merge.unmatched_actors)
        click.echo(f"People who are not participants (add them to map and redact their names): {people}")

    result: Incident = redact_incident(merge.incident) if options["redact"] else merge.incident
    _finish(incident_file, merge, result, options)


def _finish(incident_file: Path, merge: Any, result: Incident, options: dict[str, Any]) -> None:
    output: Path | None = options["output"]
    if not options["write"] and output is None:
        new = [event for event, origin in zip(result.timeline, merge.origins, strict=True) if origin is None]
        events = result.timeline if options["redact"] else tuple(new)
        if events:
            heading = "Timeline (redacted):" if options["redact"] else "New events:"
            click.echo(heading)
            text = yaml.safe_dump(
                [event_data(e, result.timezone) for e in events], sort_keys=False, allow_unicode=True, width=100
            )
            click.echo(text.rstrip("\n"))
        click.echo("Dry run: nothing written (use --write or --output FILE).")
        return
    target = output or incident_file
    try:
        if options["redact"]:
            serialize.dump(result, target)
        else:
            text = incident_file.read_text(encoding="utf-8-sig")
            fmt = serialize.format_for_path(incident_file)
            new_text = merged_text(text, merge, fmt)
            if output is not None and serialize.format_for_path(output) != fmt:
                new_text = serialize.dumps(result, serialize.format_for_path(output))
            if output is None and (not merge.changed or new_text == text):
                click.echo(f"{os.fspath(target)} is up to date.")
                return
            atomic_write(target, new_text.encode("utf-8"))
    except (PostmortemError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {os.fspath(target)}.")


def _readers(incident: Incident, options: dict[str, Any], problems: list[Any]) -> list[_Counted]:
    since, until = incident_window(incident, options["margin"])
    # Sources drop what lies outside the window as they read, so memory follows the kept events.
    common: dict[str, Any] = {"strict": options["strict"], "problems": problems, "since": since, "until": until}
    readers: list[_Counted] = []

    def add(name: str, path: str, **extra: Any) -> None:
        source = get_source(name)
        readers.append(_Counted(f"{name} {path}", source.read(path, **common, **extra)))

    def add_table(name: str, path: str) -> None:
        # A generic file's events say which file they came from: flag_audit, tickets.
        add(name, path, label=Path(path).stem, **tabular)

    for path in options["slack"]:
        add(
            "slack",
            path,
            channels=list(options["slack_channel"]) or None,
            pinned_only=options["slack_pinned"],
            reaction=options["slack_reaction"],
            include_bots=not options["slack_no_bots"],
            threads=not options["slack_no_threads"],
            workspace_url=options["slack_url"],
            participants=incident.participants,
            **({"max_inflated": options["slack_max_inflated"]} if options["slack_max_inflated"] else {}),
        )
    for name in ("pagerduty", "alertmanager", "statuspage"):
        for path in options[name]:
            add(name, path)
    for target in options["git"]:
        repo, branch = _git_target(target)
        add(
            "git",
            repo,
            branch=branch,
            mode=options["git_mode"],
            config_paths=list(options["git_config_path"]),
            commit_url=options["git_commit_url"],
        )
    tabular = {
        "mapping": options["mapping"],
        "default_kind": options["default_kind"],
        "timezone": options["timezone"],
    }
    for path in options["csv_files"]:
        add_table("csv", path)
    for path in options["jsonl_files"]:
        add_table("jsonl", path)
    for item in options["extra"]:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"write --source as NAME=PATH, got {item!r}")
        add(name.strip(), path.strip())
    return readers
