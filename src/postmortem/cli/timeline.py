"""``postmortem timeline``: build an incident's timeline from alerting, paging and chat exports.

The flags of the sources are not written here: each installed source is offered as
``--<name> FILE``, with a flag for each option it declares (see
:class:`~postmortem.sources.Source`), so that a third-party source gets flags as the
built-in ones do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import click
import yaml

from postmortem import serialize
from postmortem._files import output_error
from postmortem._roundtrip import event_data
from postmortem.cli._common import Choice, progress_bar
from postmortem.errors import IncidentFormatError, OutputError, PluginError, PostmortemError, shown_path
from postmortem.export import Option
from postmortem.model import Incident, TimelineEvent
from postmortem.sources import Source, SourceError, SourceProblem, get_source, parse_duration, source_names
from postmortem.timeline import TimelineMerge, incident_window, merge_timeline, redact_incident, write_timeline

__all__ = ["timeline"]

# The built-in sources come first, in the order the command has always read them (the order
# of the "Read ..." summary); other installed sources follow by name.
_FIRST = ("slack", "pagerduty", "alertmanager", "statuspage", "git", "csv", "jsonl")


def _duration(_ctx: click.Context, param: click.Parameter, value: str) -> timedelta:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


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


@attrs.frozen
class _Flag:
    """One generated flag: a source's input (``option`` is None) or an option of one or more sources."""

    dest: str
    sources: tuple[str, ...]
    option: Option | None = None


def _offered(option: Option) -> bool:
    # Text gives strings, numbers, flags and lists of strings; not mappings or sets.
    return option.cli and option.name != "participants" and option.type in (str, int, float, bool, tuple)


def _installed_sources() -> list[Source]:
    """The installed sources, built-ins first; one that cannot be loaded is left out (``--source`` reports it)."""
    names = sorted(source_names(), key=lambda name: (name not in _FIRST, _FIRST.index(name) if name in _FIRST else 0))
    sources: list[Source] = []
    for name in names:
        try:
            sources.append(get_source(name))
        except PluginError:
            continue
    return sources


def _convert(option: Option) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(_ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or option.parse is None:
            return value
        try:
            return option.parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param=param) from None

    return callback


def _click_option(flag: str, dest: str, option: Option) -> click.Option:
    common: dict[str, Any] = {"help": option.help, "expose_value": True}
    if option.type is bool:
        return click.Option([flag, dest], is_flag=True, default=False, **common)
    if option.type is tuple:
        return click.Option([flag, dest], multiple=True, metavar=option.metavar, **common)
    kind: Any = Choice([str(choice) for choice in option.choices]) if option.choices else None
    if kind is None and option.parse is None:
        kind = {int: click.INT, float: click.FLOAT}.get(option.type, click.STRING)
    # A choice shows its default in the help, as click shows defaults.
    shown = bool(option.choices) and option.default is not None
    return click.Option(
        [flag, dest],
        type=kind,
        metavar=option.metavar,
        default=option.default if shown else None,
        show_default=shown,
        callback=_convert(option),
        **common,
    )


def _source_flags(taken: set[str]) -> tuple[list[click.Option], list[_Flag]]:
    """The click options of every installed source, and what each gives to which sources.

    A flag already taken (by the command or an earlier source) is not made again: a flag
    two sources declare (``--mapping``) is one flag for both, listed after the sources' own.
    """
    own: list[click.Option] = []
    shared: list[click.Option] = []
    flags: dict[str, _Flag] = {}
    declared: dict[str, list[str]] = {}
    sources = _installed_sources()
    for source in sources:
        for option in getattr(source, "options", {}).values():
            if _offered(option):
                declared.setdefault(option.flag or _default_flag(source.name, option.name), []).append(source.name)
    for index, source in enumerate(sources):
        flag = f"--{source.name}"
        if flag in taken or not source.name.replace("-", "").replace("_", "").isalnum():
            continue
        taken.add(flag)
        dest = f"source_{index}"
        help_text = getattr(source, "input_help", "") or source.description
        metavar = getattr(source, "input_metavar", "FILE")
        own.append(click.Option([flag, dest], multiple=True, metavar=metavar, help=help_text))
        flags[dest] = _Flag(dest, (source.name,))
        for number, option in enumerate(getattr(source, "options", {}).values()):
            if not _offered(option):
                continue
            option_flag = option.flag or _default_flag(source.name, option.name)
            users = tuple(declared[option_flag])
            if option_flag in taken:
                continue
            taken.add(option_flag)
            option_dest = f"source_{index}_{number}"
            (shared if len(users) > 1 else own).append(_click_option(option_flag, option_dest, option))
            flags[option_dest] = _Flag(option_dest, users, option)
    return own + shared, list(flags.values())


def _default_flag(source: str, option: str) -> str:
    return f"--{source}-{option.replace('_', '-')}"


_META_KEY = "postmortem.timeline.flags"


class _SourcesCommand(click.Command):
    """A command whose flags include those of every source installed (or registered) when it runs."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        taken = {name for param in params for name in getattr(param, "opts", ())}
        generated, flags = _source_flags(taken)
        ctx.meta[_META_KEY] = flags
        # After INCIDENT_FILE, before the command's own options, as the help has always listed them.
        return [*params[:1], *generated, *params[1:]]


def _flags() -> Sequence[_Flag]:
    flags: Sequence[_Flag] = click.get_current_context().meta[_META_KEY]
    return flags


@click.command("timeline", cls=_SourcesCommand)
@click.argument("incident_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
@click.option(
    "--strict", is_flag=True, help="Read every record in full and stop at the first bad one instead of skipping it."
)
def timeline(incident_file: Path, **options: Any) -> None:
    """Merge exports into INCIDENT_FILE's timeline and suggest milestone times.

    Events are kept inside the incident's window (its milestones, widened by --margin),
    duplicates seen by two tools are folded into one event, and events already in the
    file are kept. Without --write nothing is written. Running it twice with the same
    exports gives the same file.

    Records that cannot be read are skipped and listed (--strict stops at the first). Exits 0
    on success, 2 for invalid input, an export that is not the format named, no export named,
    or a result that could not be written.
    """
    if options["redact"] and options["write"] and options["output"] is None:
        raise click.UsageError("--redact with --write would overwrite the names in the original; add --output FILE")
    try:
        incident = serialize.load(incident_file)
    except IncidentFormatError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None
    except PostmortemError as exc:
        # A file that cannot be read or whose format the name does not tell: invalid input.
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None

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
    _finish(incident_file, merge, options)


def _finish(incident_file: Path, merge: TimelineMerge, options: dict[str, Any]) -> None:
    result: Incident = redact_incident(merge.incident) if options["redact"] else merge.incident
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
            # Every name is replaced, so the file is written out again from the redacted incident.
            serialize.dump(result, target)
        elif write_timeline(incident_file, merge, output=output) is None:
            click.echo(f"{shown_path(target)} is up to date.")
            return
    except OutputError:
        raise  # already names the path and the reason
    except OSError as exc:
        raise output_error(target, exc) from None
    click.echo(f"Wrote {shown_path(target)}.")


def _readers(incident: Incident, options: dict[str, Any], problems: list[Any]) -> list[_Counted]:
    since, until = incident_window(incident, options["margin"])
    # Sources drop what lies outside the window as they read, so memory follows the kept events.
    common: dict[str, Any] = {"strict": options["strict"], "problems": problems, "since": since, "until": until}
    readers: list[_Counted] = []

    def add(name: str, path: str, **extra: Any) -> None:
        source = get_source(name)
        readers.append(_Counted(f"{name} {shown_path(path)}", source.read(path, **common, **extra)))

    for flag in _flags():
        if flag.option is not None:
            continue
        (name,) = flag.sources
        source = get_source(name)
        given = _options_given(name, options)
        if "participants" in getattr(source, "options", {}):
            given["participants"] = incident.participants
        for text in options[flag.dest]:
            parse: Callable[[str], tuple[str, dict[str, Any]]] | None = getattr(source, "parse_input", None)
            path, implied = parse(text) if parse is not None else (text, {})
            add(name, path, **implied, **given)
    for item in options["extra"]:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"write --source as NAME=PATH, got {item!r}")
        add(name.strip(), path.strip())
    return readers


def _options_given(source: str, values: dict[str, Any]) -> dict[str, Any]:
    """The options of ``source`` given on the command line (flags left out give the source's defaults)."""
    given: dict[str, Any] = {}
    for flag in _flags():
        if flag.option is None or source not in flag.sources:
            continue
        value = values[flag.dest]
        option = flag.option
        if option.type is bool:
            if value:
                given[option.name] = not option.default  # a flag turns a true default off
        elif option.type is tuple:
            if value:
                given[option.name] = list(value)
        elif value is not None:
            given[option.name] = value
    return given
