"""``postmortem actions sync``: action items as tracker issues, and the tracker's state read back."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from postmortem._json import escape_surrogates
from postmortem.cli._common import DAY, Choice, PathList, echo_load_error, exclude_option, parse_options
from postmortem.errors import PostmortemError, shown_path
from postmortem.presentation import rendering_date
from postmortem.serialize import load
from postmortem.trackers import (
    RetryPolicy,
    TrackerAuthError,
    TrackerError,
    TrackerNotFoundError,
    TrackerSettingsError,
    get_tracker,
    secret_filter,
    sync_incident,
    write_synced,
)

if TYPE_CHECKING:
    from postmortem.trackers import SyncResult

__all__ = ["sync"]

# outcome: (done, planned in a dry run, counted in a dry run's summary)
_VERBS = {
    "create": ("created", "would create", "to create"),
    "link": ("linked", "would link", "to link"),
    "update": ("updated", "would update", "to update"),
    "unchanged": ("unchanged", "unchanged", "unchanged"),
    "skip": ("skipped", "skipped", "skipped"),
    "failed": ("failed", "failed", "failed"),
}


def _one_line(text: str) -> str:
    # Terminal control characters from a tracker's answer could rewrite the report on screen.
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _report(path: Path, result: SyncResult, scrub: Any) -> list[str]:
    dry = result.dry_run
    lines = [f"{shown_path(path)} ({_one_line(result.incident.id)})"]
    for item in result.items:
        verb = _VERBS[item.outcome][1 if dry else 0]
        parts = [f"  {_one_line(item.action_id)}", verb]
        if item.key:
            parts.append(_one_line(item.key))
        if item.url:
            parts.append(_one_line(item.url))
        if item.pushed and item.outcome != "create":
            parts.append(f"({', '.join(item.pushed)})")
        if item.note:
            parts.append(f"- {_one_line(item.note)}")
        lines.append(scrub(" ".join(parts)))
        lines.extend(scrub(f"      {_one_line(str(change))}") for change in item.changes)
    return lines


def _as_json(path: Path, result: SyncResult, written: bool) -> dict[str, Any]:
    return {
        "path": os.fspath(path),
        "incident": result.incident.id,
        "dry_run": result.dry_run,
        "written": written,
        "items": [
            {
                "action": item.action_id,
                "outcome": item.outcome,
                "key": item.key,
                "url": item.url,
                "pushed": list(item.pushed),
                "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in item.changes],
                "note": item.note,
            }
            for item in result.items
        ],
    }


def _today(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date:
    return rendering_date(value)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--to", "target", required=True, help="The tracker: github, jira, or an installed plugin's name.")
@click.option("--dry-run", is_flag=True, help="Print the plan: what would be created, updated and read back.")
@click.option("--write", is_flag=True, help="Write new issue keys and the tracker's state into the files.")
@click.option(
    "-O", "--option", "raw_options", multiple=True, metavar="KEY=VALUE", help="A tracker setting (repeatable)."
)
@click.option("--label", "labels", multiple=True, help="A label every issue gets (repeatable).")
@click.option(
    "--include-closed",
    is_flag=True,
    help="Also open issues for items already done or won't do (skipped by default).",
)
@click.option("--retries", type=click.IntRange(1, 20), default=6, show_default=True, help="Tries per request.")
@click.option(
    "--backoff",
    type=click.FloatRange(0, 60),
    default=0.5,
    show_default=True,
    help="Seconds before the first retry; doubled for each further one.",
)
@click.option(
    "--today",
    type=DAY,
    callback=_today,
    default=None,
    help="The completion date for an issue closed without one (default: today's local date, or SOURCE_DATE_EPOCH's).",
)
@click.option("--format", "output_format", type=Choice(["text", "json"]), default="text", show_default=True)
@exclude_option
def sync(  # noqa: PLR0912, PLR0915  (the command's whole flow, from options to exit code, in one place)
    *,
    paths: tuple[str, ...],
    target: str,
    dry_run: bool,
    write: bool,
    raw_options: tuple[str, ...],
    labels: tuple[str, ...],
    include_closed: bool,
    retries: int,
    backoff: float,
    today: date,
    output_format: str,
    exclude: tuple[str, ...],
) -> None:
    """Sync the action items of the post-mortems in PATHS with an issue tracker.

    Each action item gets one issue, found again on every run by its key or by the
    marker it carries (never created twice). The tracker's status, completion date,
    assignee, due date and creation date are read back and shown as changes; --write
    writes them, with new issue keys, into the files (YAML keeps its comments).

    Settings come from -O KEY=VALUE and the environment (GitHub: POSTMORTEM_GITHUB_REPO,
    POSTMORTEM_GITHUB_TOKEN; Jira: POSTMORTEM_JIRA_URL, _USER, _TOKEN, _PROJECT).
    In a folder, tools' files (pyproject.toml, package.json, ...) and files that are certainly
    no post-mortem (a list at the top, no incident key) are skipped and named on standard
    error; a file named is always read.

    Exits 0 when every item synced, 1 when some failed, 2 for invalid input or settings.
    """
    # A value may be a token: a bad pair is named by its key only.
    options = parse_options(raw_options, param_hint="-O", key_only=True)
    try:
        tracker_class = get_tracker(target)
        tracker = tracker_class.from_options(options, os.environ)
    except (TrackerNotFoundError, TrackerSettingsError) as exc:
        click.echo(f"error: {secret_filter.scrub(str(exc))}", err=True)
        sys.exit(2)
    except TrackerError as exc:
        click.echo(f"error: {secret_filter.scrub(str(exc))}", err=True)
        sys.exit(2)
    secrets = tracker.secrets()

    def scrub(text: str) -> str:
        for secret in sorted((s for s in secrets if s), key=len, reverse=True):
            text = text.replace(secret, "***")
        return secret_filter.scrub(text)

    policy = RetryPolicy(attempts=retries, backoff=backoff)
    listed = PathList([Path(path) for path in paths], exclude)
    files = listed.files
    invalid = bool(listed.errors)
    for error in listed.errors:
        echo_load_error(error)
    empty_folders = len(listed.errors)
    failed = written_files = changes = 0
    counts = dict.fromkeys(_VERBS, 0)
    documents: list[dict[str, Any]] = []
    try:
        for index, path in enumerate(files):
            try:
                incident = load(path)
            except PostmortemError as exc:
                if listed.skips(index, exc):
                    continue
                echo_load_error(exc)
                invalid = True
                continue
            try:
                result = sync_incident(
                    incident,
                    tracker,
                    policy=policy,
                    dry_run=dry_run,
                    labels=labels,
                    today=today,
                    include_closed=include_closed,
                )
            except TrackerAuthError as exc:
                click.echo(scrub(f"error: {exc}"), err=True)
                sys.exit(1)
            for item in result.items:
                counts[item.outcome] += 1
                changes += len(item.changes)
            failed += result.count("failed")
            written = False
            if write and not dry_run and result.changed:
                try:
                    write_synced(path, result)
                except PostmortemError as exc:
                    message, shown = str(exc), shown_path(path)
                    if not message.startswith(f"{shown}: "):  # write_synced names the file it cannot read
                        message = f"{shown}: {message}"
                    click.echo(scrub(message), err=True)
                    failed += 1
                else:
                    written = True
                    written_files += 1
            if output_format == "json":
                documents.append(_as_json(path, result, written))
            else:
                for line in _report(path, result, scrub):
                    click.echo(line)
    except Exception as exc:
        # Whatever escaped (a bug, a library's error) is reported without any credential in it.
        if os.environ.get("POSTMORTEM_DEBUG"):
            raise
        click.echo(scrub(f"error: {type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)
    finally:
        tracker.close()
    listed.echo_skipped()
    for error in listed.errors[empty_folders:]:  # folders whose every file was skipped
        echo_load_error(error)
        invalid = True
    if output_format == "json":
        # A name's byte that is not UTF-8 is written \udcXX, as check and actions write it.
        click.echo(
            scrub(escape_surrogates(json.dumps({"tracker": target, "files": documents}, indent=2, ensure_ascii=False)))
        )
    else:
        total = sum(counts.values())
        done = ", ".join(f"{counts[key]} {_VERBS[key][2 if dry_run else 0]}" for key in _VERBS)
        if dry_run:
            tail = "dry run: nothing was written"
        elif write:
            tail = f"{changes} change{'s' if changes != 1 else ''} written to {written_files} file"
            tail += "s" if written_files != 1 else ""
        else:
            tail = f"{changes} change{'s' if changes != 1 else ''} not written (--write writes them)"
        click.echo(f"{total} item{'s' if total != 1 else ''}: {done}; {tail}")
    if invalid:
        sys.exit(2)
    if failed:
        sys.exit(1)
