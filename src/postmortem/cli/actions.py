"""``postmortem actions``: action items across many post-mortems, for follow-up (``actions sync``: :mod:`.sync`)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from postmortem.analytics import ActionRecord, action_report
from postmortem.cli._collection import DATE, load_collection, to_date, today_utc

__all__ = ["actions"]


_FIELDS = (
    "owner",
    "team",
    "incident",
    "incident_title",
    "item",
    "description",
    "status",
    "priority",
    "due",
    "days_overdue",
    "age_days",
    "tracker",
    "created",
    "completed",
    "days_to_complete",
)


def _row(record: ActionRecord) -> dict[str, Any]:
    item = record.item
    return {
        "owner": record.owner,
        "team": record.team,
        "incident": record.incident.id,
        "incident_title": record.incident.title,
        "item": item.id,
        "description": item.description,
        "status": item.status.value,
        "priority": item.priority.value,
        "due": item.due.isoformat() if item.due else None,
        "days_overdue": record.days_overdue,
        "age_days": record.age_days,
        "tracker": item.tracker_url or item.tracker_key,
        "created": item.created.isoformat() if item.created else None,
        "completed": item.completed.isoformat() if item.completed else None,
        "days_to_complete": record.days_to_complete,
    }


# What makes a spreadsheet read a cell as a formula (OWASP's list), with the full-width
# forms some locales accept, and the line breaks a cell may start with.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _csv_cell(value: object) -> str:
    """A cell's text, made inert for spreadsheet programs.

    A cell whose first non-blank character starts a formula gets a leading apostrophe, so
    an owner's name or a description (``=cmd|' /C calc'!A0``) is shown, never run.
    """
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_START or text.lstrip(" ")[:1] in _FORMULA_START:
        return "'" + text
    return text


def _as_csv(records: Sequence[ActionRecord]) -> str:
    buffer = io.StringIO()
    # RFC 4180 line ends: the csv module quotes a field holding any character of the line
    # terminator, so with CRLF a carriage return inside a description is quoted too. With
    # "\n" alone it was written bare, and a spreadsheet started a new row there, which let
    # a formula after it land first in a cell without its apostrophe.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_FIELDS)
    for record in records:
        row = _row(record)
        writer.writerow([_csv_cell(row[name]) for name in _FIELDS])
    return buffer.getvalue()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _one_line(text: str) -> str:
    # Terminal control characters in a description could rewrite the reminder on screen.
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _as_text(records: Sequence[ActionRecord], heading: str) -> str:
    owners: dict[str, list[ActionRecord]] = {}
    for record in records:
        owners.setdefault(record.owner, []).append(record)
    lines = [f"{heading}: {_plural(len(records), 'item')}, {_plural(len(owners), 'owner')}"]
    for owner in sorted(owners, key=lambda name: (name.startswith("("), name.casefold())):
        items = owners[owner]
        team = items[0].team
        lines.append("")
        lines.append(f"{_one_line(owner)} ({_one_line(team)}): {len(items)}")
        for record in items:
            item = record.item
            when = f"due {item.due.isoformat()}" if item.due else "no due date"
            if record.days_overdue is not None:
                when += f", {_plural(record.days_overdue, 'day')} overdue"
            elif record.age_days is not None:
                when += f", open {_plural(record.age_days, 'day')}"
            tracker = item.tracker_key or item.tracker_url
            lines.append(
                f"  - {_one_line(record.incident.id)} {_one_line(item.id)} [{item.priority.value}] "
                f"({when}): {_one_line(item.description)}"
            )
            lines.append(f"    {_one_line(record.incident.title)}" + (f" | {_one_line(tracker)}" if tracker else ""))
    return "\n".join(lines) + "\n"


@click.command("list")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--overdue", "which", flag_value="overdue", help="Only items open past their due date.")
@click.option(
    "--open",
    "which",
    flag_value="open",
    default=True,
    help="Open and in-progress items (the default).",
)
@click.option("--unverified", "which", flag_value="unverified", help="Done items without a verification note.")
@click.option("--all", "which", flag_value="all", help="Every action item.")
@click.option(
    "--today",
    type=DATE,
    callback=to_date,
    default=None,
    help="Judge due dates against this day (default: today, UTC).",
)
@click.option("--owner", multiple=True, help="Only items of this owner (repeatable).")
@click.option("--team", multiple=True, help="Only items whose owner is in this team (repeatable).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Text for a reminder message, JSON or CSV for tools.",
)
def list_actions(
    *,
    paths: tuple[str, ...],
    which: str,
    today: date | None,
    owner: tuple[str, ...],
    team: tuple[str, ...],
    output_format: str,
) -> None:
    """List action items across the post-mortems in PATHS (folders are searched).

    Grouped by owner, most overdue first, for a weekly reminder. Files that do not load are
    named on standard error with every problem and skipped; the exit code is then 2.
    ``postmortem actions PATHS`` is short for ``postmortem actions list PATHS``.
    """
    collection = load_collection(paths)
    report = action_report(collection, today or today_utc())
    records: Sequence[ActionRecord]
    if which == "overdue":
        records, heading = report.overdue, "Overdue action items"
    elif which == "unverified":
        records, heading = report.done_unverified, "Action items done without a verification note"
    elif which == "all":
        records, heading = report.records, "Action items"
    else:
        records, heading = report.open, "Open action items"
    owners = {name.casefold().lstrip("@") for name in owner}
    teams = {name.casefold() for name in team}
    records = [
        record
        for record in records
        if (not owners or record.owner.casefold().lstrip("@") in owners)
        and (not teams or record.team.casefold() in teams)
    ]
    if which != "overdue":
        records.sort(key=lambda record: (record.item.due or date.max, record.incident.id, record.item.id))
    heading = f"{heading} as of {report.today.isoformat()}"
    if output_format == "json":
        document = {
            "today": report.today.isoformat(),
            "selection": which,
            "items": [_row(record) for record in records],
            "failures": [{"path": os.fspath(f.path), "error": str(f.error)} for f in collection.failures],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(_as_csv(records), nl=False)
    else:
        click.echo(_as_text(records, heading), nl=False)
    if collection.failures:
        sys.exit(2)


class _ActionsGroup(click.Group):
    """``postmortem actions PATHS`` lists (the ``list`` command); ``postmortem actions sync`` syncs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("sync", "-h", "--help"):
            # A path (or an option of `list`) first: the listing, as before there were subcommands.
            args = ["list", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["list", "sync"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "sync":
            from postmortem.cli.sync import sync  # noqa: PLC0415  (imported when used)

            return sync
        return super().get_command(ctx, cmd_name)


@click.group(cls=_ActionsGroup)
def actions() -> None:
    r"""Follow up action items across post-mortems.

    \b
    postmortem actions PATHS ...             list open items (same as `actions list`)
    postmortem actions sync FILE... --to jira|github   create and follow tracker issues
    """


actions.add_command(list_actions)
