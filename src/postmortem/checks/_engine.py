"""``check()``: run the rules over an incident and build the report."""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from types import EllipsisType
from typing import Any

import attrs

from postmortem._detached import detached
from postmortem._made import maker
from postmortem._patterns import lazy_compile
from postmortem.checks._config import Config
from postmortem.checks._finding import Finding, FindingSeverity, Report, SectionScore, _path_matches
from postmortem.checks._presets import SECTIONS, get_preset, section_present
from postmortem.checks._registry import available_rules, get_rule, scan_generation
from postmortem.checks._rule import CheckContext, Rule, _Shared
from postmortem.errors import PostmortemError
from postmortem.model import Incident, Suppression

__all__ = ["check", "check_file", "check_text", "completeness_score", "value_at"]

_FIELD_ORDER = {name: index for index, name in enumerate(attrs.fields_dict(Incident))}
_PATH_PART = lazy_compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


@functools.lru_cache(maxsize=1024)
def _path_parts(path: str) -> tuple[str | int, ...]:
    # Remembered: sorting and scoring read the same few paths once per finding.
    return tuple(name if name else int(index) for name, index in _PATH_PART.findall(path))


def _sort_key(finding: Finding) -> tuple[Any, ...]:
    parts = _path_parts(finding.path)
    head = _FIELD_ORDER.get(str(parts[0]), len(_FIELD_ORDER)) if parts else -1
    # Mixed str/int parts are made comparable by tagging each with its kind.
    rest = tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in parts[1:])
    span = finding.span[0] if finding.span else -1
    return (head, rest, span, -finding.severity.rank, finding.rule)


def value_at(incident: Incident, path: str) -> object:
    """Return the value at ``$.path`` in ``incident``, or None when the path leads nowhere."""
    value: object = incident
    for part in _path_parts(path):
        if isinstance(part, int):
            if not isinstance(value, Sequence) or isinstance(value, str) or part >= len(value):
                return None
            value = value[part]
        else:
            value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _resolve(rule: Rule | str) -> Rule:
    return get_rule(rule) if isinstance(rule, str) else rule


def _suppresses(suppression: Suppression, finding: Finding) -> bool:
    if finding.rule.startswith("suppression/"):
        return False  # a suppression cannot silence what is said about suppressions
    if not (suppression.rule == finding.rule or fnmatch.fnmatchcase(finding.rule, suppression.rule)):
        return False
    return suppression.path is None or _path_matches(finding.path, suppression.path.strip())


def _section_of(path: str) -> str | None:
    parts = _path_parts(path)
    if not parts or not isinstance(parts[0], str):
        return None
    head = parts[0]
    if head == "narrative" and len(parts) > 1 and f"narrative.{parts[1]}" in SECTIONS:
        return f"narrative.{parts[1]}"
    return head


def completeness_score(
    incident: Incident, findings: Iterable[Finding], required: Sequence[str]
) -> tuple[float, tuple[SectionScore, ...]]:
    """Compute the completeness score (formula in ``docs/checks/completeness.md``).

    Args:
        incident: The incident.
        findings: The unsuppressed findings.
        required: The preset's required sections.

    Returns:
        The score from 0.0 to 1.0 and the per-section scores it averages.
    """
    worst: dict[str, int] = {}
    for finding in findings:
        if not finding.rule.startswith("completeness/"):
            continue
        section = _section_of(finding.path)
        if section is None:
            continue
        worst[section] = max(worst.get(section, -1), finding.severity.rank)
    # ``trigger`` is written under contributing_factors; findings there count for both.
    if "contributing_factors" in worst and "trigger" in required:
        worst.setdefault("trigger", worst["contributing_factors"])
    scored = list(dict.fromkeys([*required, *sorted(worst)]))
    scores: list[SectionScore] = []
    for section in scored:
        present = section_present(incident, section) if section in SECTIONS else True
        rank = worst.get(section, -1)
        if not present or rank >= FindingSeverity.ERROR.rank:
            value = 0.0
        elif rank == FindingSeverity.WARNING.rank:
            value = 0.5
        else:
            value = 1.0
        scores.append(_section_score(section, value))
    total = sum(s.score for s in scores) / len(scores) if scores else 1.0
    return total, tuple(scores)


@functools.lru_cache(maxsize=256, typed=True)
def _section_score(section: str, score: float) -> SectionScore:
    """``SectionScore(section, score)``, one object for each (a few sections, three scores, in every report)."""
    return SectionScore(section, score)


def _plan(candidates: Sequence[Rule], config: Config) -> list[tuple[Rule, FindingSeverity]]:
    """Return the rules that run under *config*, each with the severity of its findings."""
    plan: list[tuple[Rule, FindingSeverity]] = []
    for rule in candidates:
        severity = config.decide(rule.id, FindingSeverity.parse(rule.severity))
        if severity is not None:
            plan.append((rule, severity))
    return plan


@functools.cache
def _default_config() -> Config:
    """The configuration of a check given none: one, shared, so that its plan is worked out once.

    A configuration is frozen, and the rules it runs are remembered per scan of the installed
    rules (see :func:`_installed_plan`), so sharing it changes nothing a check finds; a new one
    for each call worked the plan out again each time, about as long as checking a short text.
    """
    return Config()


def _installed_plan(config: Config) -> tuple[list[Rule], list[tuple[Rule, FindingSeverity]]]:
    """Return the installed rules *config* enables and their :func:`_plan`.

    Remembered per configuration and scan of the installed rules (``refresh()`` starts a
    new scan): check() is often called for many incidents with one configuration.
    """
    key = scan_generation()
    cached = config._plans.get(key)
    if cached is None:
        # Disabled rules are never imported: a broken or slow plugin can be switched off.
        candidates = [get_rule(rule_id) for rule_id in available_rules() if config.is_enabled(rule_id)]
        cached = config._plans[key] = (candidates, _plan(candidates, config))
    return cached


def check(
    incident: Incident,
    config: Config | None = None,
    *,
    rules: Iterable[Rule | str] | None = None,
    preset: str | None = None,
    today: date | None = None,
) -> Report:
    """Check an incident for completeness and blameless language.

    Args:
        incident: The incident.
        config: Which rules run, their severities, the preset, allowed words and names;
            the defaults when None (use :func:`load_config` for a project's settings).
        rules: The rules to run, as rule objects or installed rule ids; every installed
            rule when None. Configuration still enables, disables and re-grades them.
        preset: Overrides ``config.preset``.
        today: Overrides ``config.today`` for overdue action items.

    Returns:
        The report, findings in document order.

    Raises:
        RuleNotFoundError: when ``rules`` names a rule that is not installed.
        KeyError: for an unknown preset.
        TypeError: for anything but an :class:`~postmortem.model.Incident` (a path: see :func:`check_file`).
    """
    if not isinstance(incident, Incident):
        raise TypeError(
            f"check() takes an Incident, got {type(incident).__name__}; "
            "for a file use check_file(path), or load it first with postmortem.load(path)"
        )
    return Report(**_checked(incident, config, rules=rules, preset=preset, today=today))


def _checked(
    incident: Incident,
    config: Config | None,
    *,
    rules: Iterable[Rule | str] | None,
    preset: str | None,
    today: date | None,
) -> dict[str, Any]:
    """:func:`check`'s report as the keyword arguments of :class:`Report`, for a caller that adds to them."""
    run = _Run(incident, config, rules=rules, preset=preset, today=today)
    for rule, severity in run.plan:
        run.apply(rule, severity)
    return run.fields()


class _Run:
    """One incident's check under way: its plan of rules, the findings so far, then the report's fields.

    :func:`check` applies every rule of the plan in turn; :func:`check_loaded_together` applies
    each rule to several incidents before the next rule, in the same order for each incident.
    """

    __slots__ = ("chosen", "findings", "incident", "plan", "shared")

    def __init__(
        self,
        incident: Incident,
        config: Config | None,
        *,
        rules: Iterable[Rule | str] | None,
        preset: str | None,
        today: date | None,
    ) -> None:
        config = config or _default_config()
        self.incident = incident
        self.chosen = get_preset(preset or config.preset)
        if rules is None:
            candidates, self.plan = _installed_plan(config)
        else:
            candidates = [_resolve(r) for r in rules]
            self.plan = _plan(candidates, config)
        people = frozenset(incident.people | {name for name in config.people if name.strip()})
        running = frozenset(rule.id for rule in candidates)
        self.shared = _Shared(incident, config, self.chosen, today or config.effective_today(), people, running)
        self.findings: list[Finding] = []

    def apply(self, rule: Rule, severity: FindingSeverity) -> None:
        context = CheckContext(rule.id, severity, shared=self.shared)
        self.findings.extend(
            _placed(f, severity=severity) if f.severity is not severity else f
            for f in rule.check(self.incident, context)
        )

    def fields(self) -> dict[str, Any]:
        incident, findings, chosen = self.incident, self.findings, self.chosen
        ran = [rule.id for rule, _ in self.plan]
        kept: list[Finding] = []
        suppressed: list[Finding] = []
        if incident.suppressions:
            for finding in findings:
                if any(_suppresses(s, finding) for s in incident.suppressions):
                    suppressed.append(finding)
                else:
                    kept.append(finding)
        else:
            kept = findings  # most incidents suppress nothing
        kept.sort(key=_sort_key)
        suppressed.sort(key=_sort_key)
        if any(rule_id.startswith("completeness/") for rule_id in ran):
            score, sections = completeness_score(incident, kept, chosen.required)
        else:
            # No completeness rule ran: nothing was scored, and no report shows a percentage.
            score, sections = 1.0, ()
        return {
            "incident_id": incident.id,
            "findings": kept,
            "suppressed": suppressed,
            "preset": chosen.name,
            "completeness": score,
            "sections": sections,
            "rules": ran,
        }


# The line breaks of YAML (and of JSON and TOML, which use a subset): a file's line numbers.
_LINE_BREAK = lazy_compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_BREAK_CHARACTERS = "\r\n\x85\u2028\u2029"
# What str.splitlines also breaks at and YAML does not.
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e"


def _file_lines(text: str) -> list[str]:
    """The lines of a file's text, split at YAML's line breaks (the last one empty after a final break)."""
    if any(character in text for character in _OTHER_BREAKS):
        return _LINE_BREAK.split(text)
    # str.splitlines breaks at the same characters then, several times faster than a pattern.
    lines = text.splitlines()
    if not text or text[-1] in _BREAK_CHARACTERS:
        lines.append("")
    return lines


def _placed(
    finding: Finding,
    *,
    severity: FindingSeverity | None = None,
    line: int | EllipsisType | None = ...,
    source: str | EllipsisType | None = ...,
    column: int | EllipsisType | None = ...,
    end_line: int | EllipsisType | None = ...,
    end_column: int | EllipsisType | None = ...,
) -> Finding:
    """``attrs.evolve(finding, ...)`` without its look-ups (many times a file); ``...`` keeps a value.

    Made by :func:`_new_finding`: the values are a finding's own (and a severity that is one),
    so its converters have nothing to do.
    """
    return _new_finding()(
        finding.rule,
        finding.severity if severity is None else severity,
        finding.path,
        finding.message,
        finding.suggestion,
        finding.span,
        finding.line if isinstance(line, EllipsisType) else line,
        finding.source if isinstance(source, EllipsisType) else source,
        finding.phrase,
        finding.column if isinstance(column, EllipsisType) else column,
        finding.end_line if isinstance(end_line, EllipsisType) else end_line,
        finding.end_column if isinstance(end_column, EllipsisType) else end_column,
    )


@functools.cache
def _new_finding() -> Callable[..., Finding]:
    """``Finding(*values)`` for values already converted, each set through its slot.

    A frozen attrs class sets each field in ``__init__`` through ``object.__setattr__`` bound to
    the instance (a call that packs and unpacks its arguments) and runs the converters of
    ``severity`` and ``span`` (three Python calls): about half the cost of placing a finding,
    twice a finding, for values that are a finding's own already. Same fields, same object.
    """
    return maker(Finding)


def _place(
    finding: Finding,
    incident: Incident,
    lines: Mapping[str, int],
    file_lines: Sequence[str] | None,
    source: str | None,
    *,
    yaml: bool = True,
) -> Finding:
    """Return *finding* with its source and line, and for a span its column and end, in the file."""
    line = key_line = _line_for()(finding.path, lines)
    if finding.span is None:
        if line == finding.line and source == finding.source:
            return finding
        return _placed(finding, line=line, source=source)
    text = value_at(incident, finding.path)
    if yaml and line is not None and isinstance(text, str) and "\n" in text:
        # A multi-line text is a YAML block scalar; its first line follows the key's line.
        line = line + 1 + text.count("\n", 0, finding.span[0])
    if file_lines is not None and isinstance(text, str):
        from postmortem.checks._position import span_position  # noqa: PLC0415

        found = span_position(file_lines, key_line, text, finding.span)
        if found is not None:
            first, column, end_line, end_column = found
            return _placed(finding, line=first, column=column, end_line=end_line, end_column=end_column, source=source)
    return _placed(finding, line=line, source=source)


def locate(
    report: Report,
    incident: Incident,
    lines: Mapping[str, int],
    source: str | None,
    *,
    text: str | None = None,
) -> Report:
    """Return ``report`` with each finding's place in the file and its source set.

    Args:
        report: The report of :func:`check`.
        incident: The incident checked.
        lines: The line of each ``$.path`` (YAML; empty for other formats).
        source: The file's name.
        text: The file's text: with it, a finding about words in a field gets the line and
            column of those words in the file (see ``_position``), not only its key's line.
    """
    findings, suppressed = _located(report.findings, report.suppressed, incident, lines, source, text)
    return attrs.evolve(report, findings=findings, suppressed=suppressed, source=source)


def _unlined_format(source: str) -> str | None:
    """``json`` or ``toml`` for a file of a format whose parser keeps no lines, else None."""
    try:
        fmt = _format_for_path()(source)
    except PostmortemError:  # a name the loader read anyway: no lines is the safe answer
        return None
    return fmt if fmt in ("json", "toml") else None


@functools.cache
def _format_for_path() -> Callable[[str], str]:
    """:func:`postmortem.serialize.format_for_path`, imported once (see :func:`_line_for`)."""
    from postmortem.serialize import format_for_path  # noqa: PLC0415

    return format_for_path


def _located(
    findings: Iterable[Finding],
    suppressed: Iterable[Finding],
    incident: Incident,
    lines: Mapping[str, int],
    source: str | None,
    text: str | None,
    *,
    yaml: bool = True,
) -> tuple[list[Finding], list[Finding]]:
    """The findings and suppressed findings of :func:`locate`, placed and in line order.

    ``yaml`` False: a multi-line text is a JSON or TOML string, not a YAML block scalar whose
    lines follow its key's; where its words are not found, the finding keeps its key's line.
    """
    file_lines = _file_lines(text) if text is not None else None

    def by_line(found: Iterable[Finding]) -> list[Finding]:
        placed = [_place(f, incident, lines, file_lines, source, yaml=yaml) for f in found]
        # Stable sort: findings on one line keep their document order.
        placed.sort(key=_line_or_zero)
        return placed

    return by_line(findings), by_line(suppressed)


def _line_or_zero(finding: Finding) -> int:
    return finding.line if finding.line is not None else 0


@functools.cache
def _line_for() -> Callable[[str, Mapping[str, int]], int | None]:
    """:func:`postmortem.serialize.line_for`, imported once (the checks do not import the loader).

    Not imported in each call: a name imported from a package inside a function runs
    importlib's Python code (``_handle_fromlist``) every time, here once per finding.
    """
    from postmortem.serialize import line_for  # noqa: PLC0415

    return line_for


def check_file(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    rules: Iterable[Rule | str] | None = None,
    preset: str | None = None,
    today: date | None = None,
) -> Report:
    """Load an incident file and check it; findings carry the file name and their lines.

    JSON's and TOML's parsers keep no lines: a file with findings is read again for them.

    The report's :attr:`~postmortem.checks.Report.incident` is the incident loaded, so a
    script that also needs the incident reads the file once.

    Args:
        path: A .yaml, .yml, .json or .toml incident file.
        config: As for :func:`check`.
        rules: As for :func:`check`.
        preset: As for :func:`check`.
        today: As for :func:`check`.

    Returns:
        The report.

    Raises:
        IncidentFormatError: when the file does not load (every problem listed).
        PostmortemError: when the file cannot be read.
    """
    from postmortem.serialize import load_with_source  # noqa: PLC0415

    incident, lines, data = load_with_source(path)
    return check_loaded(path, (incident, lines, data), config, rules=rules, preset=preset, today=today)


def check_loaded(
    path: str | os.PathLike[str],
    loaded: tuple[Incident, Mapping[str, int], bytes],
    config: Config | None = None,
    *,
    rules: Iterable[Rule | str] | None = None,
    preset: str | None = None,
    today: date | None = None,
    keep_incident: bool = True,
) -> Report:
    """:func:`check_file` of a file already read by ``load_with_source(path)`` (``loaded``).

    For ``check_files``, which reads a few files before it checks them (see ``_many``), and
    keeps the incident out of the report (``keep_incident=False``) since it stays in the worker.
    """
    fields = _checked(loaded[0], config, rules=rules, preset=preset, today=today)
    return _report(path, loaded, fields, keep_incident=keep_incident)


def check_loaded_together(
    files: Sequence[tuple[str | os.PathLike[str], tuple[Incident, Mapping[str, int], bytes], Config | None]],
    *,
    preset: str | None = None,
    today: date | None = None,
    keep_incident: bool = True,
) -> list[Report | Exception]:
    """:func:`check_loaded` of several files read already, each rule applied to them all before the next.

    Each file gets the report :func:`check_loaded` gives it, or the exception that stopped its
    check (a file's failure stops no other), without its tracebacks (see ``postmortem._detached``).
    Rule by rule, the code and tables of one rule are used for a few incidents in a row instead
    of every rule's in turn for each incident: less of the memory they work over is fetched
    again (for ``check_files``; see ``_many``).
    Files whose configurations plan other rules are checked one after the other.
    """
    runs: list[_Run | Exception] = []
    for _path, loaded, config in files:
        try:
            runs.append(_Run(loaded[0], config, rules=None, preset=preset, today=today))
        except Exception as exc:  # the file's result (see the docstring)
            runs.append(detached(exc))
    plans = {id(run.plan): run.plan for run in runs if isinstance(run, _Run)}
    for plan in plans.values():
        for rule, severity in plan:
            for index, run in enumerate(runs):
                if not isinstance(run, _Run) or run.plan is not plan:
                    continue
                try:
                    run.apply(rule, severity)
                except Exception as exc:  # as above
                    runs[index] = detached(exc)
    results: list[Report | Exception] = []
    for (path, loaded, _config), run in zip(files, runs, strict=True):
        if isinstance(run, Exception):
            results.append(run)
            continue
        try:
            results.append(_report(path, loaded, run.fields(), keep_incident=keep_incident))
        except Exception as exc:  # as above
            results.append(detached(exc))
    return results


def _report(
    path: str | os.PathLike[str],
    loaded: tuple[Incident, Mapping[str, int], bytes],
    fields: dict[str, Any],
    *,
    keep_incident: bool,
) -> Report:
    """The report of a file checked (``fields`` from :class:`_Run`), its findings placed in the file."""
    incident, lines, data = loaded
    found = (*fields["findings"], *fields["suppressed"])
    source = os.fspath(path)
    # JSON's and TOML's parsers keep no lines: a file with findings to place is read again
    # for them (serialize.json_lines/toml_lines, as for its load errors); a file without costs nothing.
    unlined = _unlined_format(source) if found else None
    text = None
    if unlined is not None or any(finding.span is not None for finding in found):
        # The text to place words found in it (the loader keeps no columns), from the bytes
        # read once, as a text-mode read gives it: line breaks as "\n".
        text = data.decode("utf-8-sig", errors="replace")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    if unlined is not None and text is not None:
        from postmortem.serialize import json_lines, toml_lines  # noqa: PLC0415

        lines = json_lines(text) if unlined == "json" else toml_lines(text)
    # One report made, placed: not a report, a placed copy and a copy with the incident.
    fields["findings"], fields["suppressed"] = _located(
        fields["findings"], fields["suppressed"], incident, lines, source, text, yaml=unlined is None
    )
    return Report(**fields, source=source, incident=incident if keep_incident else None)


#: The ``incident_id`` of a :func:`check_text` report: there is no incident.
TEXT_REPORT_ID = "text"


def check_text(
    text: str,
    config: Config | None = None,
    *,
    people: Collection[str] = (),
    source: str | None = None,
) -> Report:
    """Check a piece of prose for blameful language: a paragraph, a chat message, a document.

    For editors and chat bots, which hold text rather than an incident. The blamelessness
    rules that *config* enables run on the text, with the severities it gives them; there is
    no completeness to score. Each finding's ``path`` is ``$``, its ``span`` indexes *text*,
    and ``line``, ``column``, ``end_line`` and ``end_column`` are places in *text*.

    Args:
        text: The prose.
        config: Enabled rules, severities, allowed words and people, as for :func:`check`.
        people: Names and handles of people, beyond ``config.people``: they count as
            persons even in lower case.
        source: A name for the text (a file name, ``<stdin>``), recorded in the report.

    Returns:
        The report; its ``rules`` are the blamelessness rules that ran.

    Example:
        >>> import postmortem
        >>> report = postmortem.check_text("The engineer forgot to drain the node.")
        >>> [(f.rule, f.phrase, f.line, f.column) for f in report]
        [('blame/character', 'forgot', 1, 14)]
    """
    from postmortem.checks._blame import find_blame  # noqa: PLC0415  (loaded on use)
    from postmortem.checks._position import text_position  # noqa: PLC0415

    given: object = text  # what a caller without type checking may pass
    if not isinstance(given, str):
        hint = "; decode it first (text.decode('utf-8'))" if isinstance(given, (bytes, bytearray)) else ""
        raise TypeError(f"check_text() takes text (str), got {type(given).__name__}{hint}")
    config = config or _default_config()
    _, plan = _installed_plan(config)
    severities = {rule.id: severity for rule, severity in plan if rule.id.startswith("blame/")}
    names = {name for name in (*config.people, *people) if name.strip()}
    findings: list[Finding] = []
    for hit in find_blame(text, people=names, allowed=config.allowed_words, scorer=config.blame_scorer):
        severity = severities.get(hit.rule)
        if severity is None:
            continue  # the configuration disables this rule
        line, column = text_position(text, hit.start)
        end_line, end_column = text_position(text, hit.end)
        findings.append(
            Finding(
                hit.rule,
                severity,
                "$",
                hit.message,
                hit.suggestion,
                (hit.start, hit.end),
                line=line,
                source=source,
                phrase=text[hit.start : hit.end],
                column=column,
                end_line=end_line,
                end_column=end_column,
            )
        )
    return Report(
        incident_id=TEXT_REPORT_ID,
        findings=findings,
        preset="none",
        rules=tuple(severities),
        source=source,
    )
