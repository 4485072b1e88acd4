"""``postmortem check``: completeness and blamelessness findings for incident files."""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

import postmortem
from postmortem._parallel import default_jobs, fewer_collections
from postmortem.checks import (
    PRESETS,
    TEXT_REPORT_ID,
    Config,
    ConfigError,
    FindingSeverity,
    Report,
    available_rules,
    check_files,
    check_text,
    get_rule,
    load_config,
)
from postmortem.cli import end_at_once
from postmortem.cli._common import DAY, Choice, PathList, echo_load_error, exclude_option, jobs_option, progress_bar
from postmortem.errors import PostmortemError, shown_path
from postmortem.presentation import plural
from postmortem.serialize import max_file_size

__all__ = ["check"]

_STYLE: dict[FindingSeverity, dict[str, Any]] = {
    FindingSeverity.ERROR: {"fg": "red", "bold": True},
    FindingSeverity.WARNING: {"fg": "yellow", "bold": False},
    FindingSeverity.INFO: {"fg": "blue", "bold": False},
}


def _severity_labels(*, styled: bool = True) -> dict[FindingSeverity, str]:
    """Each severity as a report's line shows it, styled once (unless not ``styled``)."""
    labels = {}
    for severity, style in _STYLE.items():
        label = f"{severity.value:<7}"
        labels[severity] = click.style(label, fg=style["fg"], bold=style["bold"]) if styled else label
    return labels


def _styles_stripped() -> bool:
    """Whether ``click.echo`` strips styles from what it writes to standard output (no terminal, no colour asked for).

    The reports' text is then made without them: made and then stripped (a regular expression
    over each of the output's thousands of lines) it cost the calling process, after the last
    file was checked, about a sixth of what it did there. Asked of click's own function (which
    ``CliRunner(color=...)`` replaces); where that is not found, styles are made as before.
    """
    strips: Callable[..., object] | None = getattr(click.utils, "should_strip_ansi", None)
    if strips is None:
        return False
    from click.globals import resolve_color_default  # noqa: PLC0415  (click's own, imported by click)

    return bool(strips(sys.stdout, resolve_color_default()))


def _echo_made(text: str, *, styled: bool) -> None:
    """Write the reports' text made with or without styles (see :func:`_styles_stripped`).

    Text made without them is written as it is, unless it holds an escape character (from a
    report's own words): click then strips those as it always did.
    """
    click.echo(text, color=None if styled or "\x1b" in text else True)


def _text(report: Report, labels: dict[FindingSeverity, str], *, gap: bool = False, styled: bool = True) -> str:
    """One report as text (after an empty line with ``gap``), for one write; ``styled``: its header in bold."""
    counts = report.counts()
    header = shown_path(report.source) if report.source else report.incident_id
    if styled:
        header = click.style(header, bold=True)
    tally = (
        f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, {plural(counts['info'], 'info')}"
    )
    lines = [""] if gap else []
    if report.incident_id == TEXT_REPORT_ID and not report.sections:
        lines.append(f"{header}  {tally}")  # prose from standard input: no completeness
    elif not report.sections:
        lines.append(f"{header}  {report.incident_id}: {tally}; completeness not scored (no completeness rule ran)")
    else:
        lines.append(
            f"{header}  {report.incident_id}: {tally}; completeness {report.completeness:.0%} ({report.preset} preset)"
        )
    for finding in report:
        if finding.line is None:
            place = "-"
        else:
            place = f"{finding.line}" if finding.column is None else f"{finding.line}:{finding.column}"
        lines.append(
            f"{place:>8}  {labels[finding.severity]} {finding.path}: {finding.quoted_message}  [{finding.rule}]"
        )
        if finding.suggestion:
            lines.append(f"{'':8}  {'':7} -> {finding.suggestion}")
    if report.suppressed:
        lines.append(f"{'':8}  ({plural(len(report.suppressed), 'finding')} suppressed)")
    return "\n".join(lines)


def _list_rules() -> None:
    for rule_id in available_rules():
        rule = get_rule(rule_id)
        click.echo(f"{rule_id:<40} {FindingSeverity.parse(rule.severity).value:<8} {rule.summary}")


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=("A TOML or YAML configuration file (default: [tool.postmortem.check] of the nearest pyproject.toml)."),
)
@click.option("--preset", type=Choice(sorted(PRESETS)), help="Required sections to check for.")
@click.option(
    "--fail-on",
    type=Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help=("text for people, json for scripts, sarif for code scanning, github for workflow annotations."),
)
@click.option(
    "--today",
    type=DAY,
    help="Judge overdue action items as of this date (YYYY-MM-DD).",
)
@click.option(
    "--fail-on-rule",
    "fail_on_rules",
    multiple=True,
    metavar="GLOB",
    help=(
        "Exit 1 when a finding of a rule matching GLOB (e.g. 'blame/*') is reported, whatever its severity. Repeatable."
    ),
)
@click.option("--list-rules", is_flag=True, help="List the installed rules and exit.")
@click.option(
    "--cache",
    is_flag=True,
    help=(
        "Keep each file's report, and reuse it while the file, its name, the configuration, the preset, the day "
        "and postmortem's code are unchanged (in POSTMORTEM_CACHE_DIR, else ~/.cache/postmortem)."
    ),
)
@exclude_option
@jobs_option
def check(
    *,
    paths: tuple[Path, ...],
    exclude: tuple[str, ...],
    jobs: int,
    config_path: Path | None,
    preset: str | None,
    fail_on: str,
    fail_on_rules: tuple[str, ...],
    output_format: str,
    today: datetime | None,
    list_rules: bool,
    cache: bool,
) -> None:
    """Check post-mortems for completeness and blameless language.

    PATHS are incident files or folders (searched for .yaml, .yml, .json and .toml files);
    every file is checked even when one is broken. In a folder, tools' files (pyproject.toml,
    package.json, ...) and files that are certainly no post-mortem (a list at the top, no
    incident key) are skipped and named on standard error; a file named is always checked.
    A path of "-" is prose read from standard input (a paragraph, a chat message, a Markdown
    document), checked for blameless language only.

    Exit status: 0 when no finding reaches --fail-on (or matches --fail-on-rule), 1 when
    one does, 2 when a file, an option or the configuration is invalid.
    """
    end_at_once()  # it writes no file it could leave open: run as the program, that ends as soon as it is done
    if list_rules:
        _list_rules()
        return
    if not paths:
        raise click.UsageError("give at least one incident file or folder, or - for prose on standard input")
    _check_rule_globs(fail_on_rules)
    listed = PathList(paths, exclude)
    invalid = list(listed.errors)
    empty_folders = len(invalid)
    for error in invalid:
        echo_load_error(error)
    try:
        explicit = load_config(config_path) if config_path is not None else None
    except ConfigError as exc:
        _echo_config_error(exc)
        raise SystemExit(2) from None
    # Text is made as each report comes, while workers still check files, and printed at the end.
    texts: list[str] | None = [] if output_format == "text" else None
    styled = texts is not None and not _styles_stripped()
    outcome = _Outcome(fail_on, fail_on_rules)
    reports, found = _collect(listed, explicit, preset, today, jobs, texts, outcome, cache=cache, styled=styled)
    listed.echo_skipped()
    found.extend(listed.errors[empty_folders:])  # folders whose every file was skipped
    for error in found:
        echo_load_error(error)  # the same lines as `postmortem validate`
    invalid.extend(found)
    if texts is not None:
        if texts:
            _echo_made("\n".join(texts), styled=styled)  # one write: a thousand files make ten thousand lines
    else:
        _emit(reports, invalid, output_format)
    if invalid:
        noun = "path" if len(invalid) == 1 else "paths"
        click.echo(f"{len(invalid)} {noun} invalid, {outcome.checked} checked", err=True)
        raise SystemExit(2)
    if outcome.fails:
        raise SystemExit(1)


class _Outcome:
    """What the exit status needs of the reports, noted as each comes: the reports need not be kept."""

    __slots__ = ("checked", "fail_on", "fail_on_rules", "fails")

    def __init__(self, fail_on: str, fail_on_rules: tuple[str, ...]) -> None:
        self.fail_on = fail_on
        self.fail_on_rules = fail_on_rules
        self.checked = 0
        self.fails = False

    def add(self, report: Report) -> None:
        self.checked += 1
        if not self.fails:
            rules = self.fail_on_rules
            self.fails = report.fails(self.fail_on) or bool(rules and report.filter(rule=rules))


def _collect(
    listed: PathList,
    explicit: Config | None,
    preset: str | None,
    today: datetime | None,
    jobs: int,
    texts: list[str] | None,
    outcome: _Outcome,
    *,
    cache: bool = False,
    styled: bool = True,
) -> tuple[list[Report], list[PostmortemError]]:
    """The reports and load errors of the files in order, with a progress bar; each report's text goes to ``texts``.

    With ``texts``, the reports are not kept (the list returned is empty): only their text
    and what ``outcome`` notes of them are needed, and a thousand reports kept are tens of
    thousands of objects that the cyclic garbage collector would walk again and again while
    the files are checked. A file found in a folder that is certainly no post-mortem is left
    to ``listed.skipped``.
    """
    files = listed.files
    reports: list[Report] = []
    # Load errors are printed after the bar, not through it; their order stays the files' order.
    found: list[PostmortemError] = []
    labels = _severity_labels(styled=styled)
    with progress_bar(length=len(files), label="Checking") as bar, fewer_collections():
        results = _check_paths(files, explicit, preset, today, jobs or default_jobs(), cache=cache)
        for index, result in enumerate(results):
            bar.update(1)
            if listed.skips(index, result):
                continue
            if isinstance(result, Report):
                outcome.add(result)
                if texts is not None:
                    texts.append(_text(result, labels, gap=outcome.checked > 1, styled=styled))
                else:
                    reports.append(result)
            else:
                found.append(result)
    return reports, found


def _check_rule_globs(globs: tuple[str, ...]) -> None:
    """Exit 2 for a --fail-on-rule glob that matches no installed rule, with a did-you-mean."""
    if not globs:
        return
    installed = list(available_rules())
    for glob in globs:
        if any(fnmatch.fnmatchcase(rule_id, glob) for rule_id in installed):
            continue
        import difflib  # noqa: PLC0415  (only for a glob that matches nothing)

        families = sorted({rule_id.partition("/")[0] + "/*" for rule_id in installed})
        close = difflib.get_close_matches(glob, [*families, *installed], n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f"; rule families: {', '.join(families)}"
        click.echo(f"error: --fail-on-rule {glob!r} matches no installed rule{hint}", err=True)
        raise SystemExit(2)


def _check_paths(
    files: list[Path],
    explicit: Config | None,
    preset: str | None,
    today: datetime | None,
    jobs: int,
    *,
    cache: bool = False,
) -> Iterator[Report | PostmortemError]:
    """The report or load error of each path, in order; "-" is prose read from standard input in its place."""
    day = today.date() if today else None
    incident_files = [path for path in files if str(path) != "-"]
    try:
        results = check_files(incident_files, explicit, preset=preset, today=day, jobs=jobs, cache=cache)
        for path in files:
            if str(path) == "-":
                yield _check_stdin(explicit)
            else:
                yield next(results)
    except ConfigError as exc:  # a bad configuration file or an unknown preset: stop
        _echo_config_error(exc)
        raise SystemExit(2) from None


def _check_stdin(explicit: Config | None) -> Report | PostmortemError:
    """The report for prose on standard input, checked for blameless language only."""
    # Prose on standard input uses the configuration found from the current folder.
    config = explicit if explicit is not None else load_config()
    limit = max_file_size()
    text = sys.stdin.read(limit + 1)
    if len(text.encode("utf-8", "surrogateescape")) > limit:
        return PostmortemError(
            f"<stdin>: more than {limit:,} bytes, over the limit; raise it with --max-file-size "
            "or POSTMORTEM_MAX_FILE_SIZE"
        )
    return check_text(text, config, source="<stdin>")


def _emit(reports: list[Report], invalid: list[PostmortemError], output_format: str) -> None:
    """Print the reports as json, sarif or github annotations (text is made as they come: see check)."""
    # SARIF and annotations (and hashlib for SARIF's fingerprints) load only when asked for.
    from postmortem._json import dumps_indented, escape_surrogates  # noqa: PLC0415
    from postmortem.checks import github_annotations, sarif_log  # noqa: PLC0415

    if output_format == "json":
        data = {
            "reports": [report.to_dict() for report in reports],
            "invalid": [
                {
                    "source": getattr(error, "source", None),
                    "problems": [
                        {"path": p.path, "message": p.message, "line": p.line} for p in getattr(error, "problems", ())
                    ],
                    "message": str(error),
                }
                for error in invalid
            ],
        }
        # A file name's bytes that are not UTF-8 stay faithful as \udcXX escapes (valid JSON and UTF-8).
        click.echo(escape_surrogates(dumps_indented(data, indent=2, ensure_ascii=False)))
    elif output_format == "sarif":
        ran = dict.fromkeys(rule_id for report in reports for rule_id in report.rules)
        rules = []
        for rule_id in ran:
            rule = get_rule(rule_id)
            rules.append((rule_id, rule.summary, FindingSeverity.parse(rule.severity)))
        click.echo(
            dumps_indented(sarif_log(reports, rules=rules, invalid=invalid, version=postmortem.__version__), indent=2)
        )
    else:
        for line in github_annotations(reports, invalid=invalid):
            click.echo(line)


def _echo_config_error(exc: ConfigError) -> None:
    """Each problem of the configuration on a line of its own, located (``file:line:column: ...``)."""
    for line in str(exc).splitlines() or [""]:
        click.echo(f"error: {line}", err=True)
