"""``postmortem actions``: action items across many post-mortems, for follow-up (``actions sync``: :mod:`.sync`)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import click

from postmortem.analytics import ActionSelection, action_report, selection_heading
from postmortem.cli._collection import DATE, load_collection, to_date
from postmortem.cli._common import Choice, exclude_option

__all__ = ["actions"]


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
    help="Judge due dates against this day (default: today's local date, or the day of SOURCE_DATE_EPOCH).",
)
@click.option("--owner", multiple=True, help="Only items of this owner (repeatable).")
@click.option("--team", multiple=True, help="Only items whose owner is in this team (repeatable).")
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Text for a reminder message, JSON or CSV for tools.",
)
@exclude_option
def list_actions(
    *,
    paths: tuple[str, ...],
    exclude: tuple[str, ...],
    which: ActionSelection,
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
    collection = load_collection(paths, exclude)
    report = action_report(collection, today)
    chosen = report.select(which, owners=owner, teams=team)
    if output_format == "json":
        document = {
            "today": report.today.isoformat(),
            "selection": which,
            "items": [record.to_dict() for record in chosen.records],
            "failures": [{"path": os.fspath(f.path), "error": str(f.error)} for f in collection.failures],
        }
        from postmortem._json import escape_surrogates  # noqa: PLC0415

        click.echo(escape_surrogates(json.dumps(document, indent=2, ensure_ascii=False)))
    elif output_format == "csv":
        click.echo(chosen.to_csv(), nl=False)
    else:
        click.echo(chosen.to_text(selection_heading(which)), nl=False)
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
    """Follow up action items across post-mortems.

    \b
    postmortem actions PATHS ...             list open items (same as `actions list`)
    postmortem actions sync PATHS ... --to jira|github   create and follow tracker issues
    """  # noqa: D301  (Click needs the backspace character itself: \b keeps the lines unwrapped)


actions.add_command(list_actions)
