"""Check configuration: from ``[tool.postmortem.check]`` in pyproject.toml or a file."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from postmortem.checks._finding import FindingSeverity
from postmortem.checks._presets import PRESETS, did_you_mean
from postmortem.errors import PostmortemError, not_utf8, shown_path
from postmortem.presentation import rendering_date

__all__ = ["Config", "ConfigError", "find_config", "load_config"]

OFF = "off"
"""The severity that turns a rule off."""


class ConfigError(PostmortemError):
    """A configuration file or value that cannot be used; the message says where and why.

    Each problem is a line of its own, located as ``file:line:column: what`` where the file
    is known and the place found (``file: what`` otherwise).

    Attributes:
        problems: The lines of the message, one problem each.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(message.splitlines())


@attrs.frozen
class _Problem:
    """A problem in the settings, and where it is written: the keys, a string of a list, or the value."""

    message: str
    keys: tuple[str, ...] = ()
    item: str | None = None
    value: bool = False


#: Where a problem is written: ``(line, column)`` of keys below the settings' table, or None.
Locate = Callable[[_Problem], "tuple[int, int] | None"]


def _error(problems: Iterable[_Problem], source: str | None, locate: Locate | None = None) -> ConfigError:
    lines = []
    placed = [(locate(problem) if locate is not None else None, problem) for problem in problems]
    # In the order of the file, as a person reads it; those without a place last.
    placed.sort(key=lambda pair: (pair[0] is None, pair[0] or (0, 0)))
    shown = shown_path(source)
    for place, problem in placed:
        if source is None:
            lines.append(problem.message)
        elif place is None:
            lines.append(f"{shown}: {problem.message}")
        else:
            lines.append(f"{shown}:{place[0]}:{place[1]}: {problem.message}")
    return ConfigError("\n".join(lines))


def _strings(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _severity_map(value: Mapping[str, str | FindingSeverity]) -> Mapping[str, str]:
    result: dict[str, str] = {}
    for pattern, level in value.items():
        text = level.value if isinstance(level, FindingSeverity) else str(level).strip().lower()
        if text != OFF:
            FindingSeverity.parse(text)
        result[pattern] = text
    return MappingProxyType(result)


def _preset_name(value: object) -> str:
    return str(value).strip().lower()


def _known_preset(_inst: object, _attribute: object, value: str) -> None:
    if value not in PRESETS:
        raise ValueError(f"unknown preset {value!r}{did_you_mean(value, PRESETS)}; choose one of {', '.join(PRESETS)}")


def _rule_problems(config: Config, written: Mapping[str, str]) -> list[_Problem]:
    """Rule ids and globs in ``enable``, ``disable`` and ``severity`` that match no installed rule."""
    from postmortem.checks._registry import available_rules  # noqa: PLC0415

    known = available_rules()
    families = sorted({f"{rule_id.partition('/')[0]}/*" for rule_id in known})
    problems: list[_Problem] = []
    for setting, patterns in (("enable", config.enable), ("disable", config.disable), ("severity", config.severity)):
        for pattern in patterns:
            if any(_specificity(pattern, rule_id) is not None for rule_id in known):
                continue
            hint = did_you_mean(pattern, [*known, *families])
            message = f"{setting}: {pattern!r} matches no rule{hint}; `postmortem check --list-rules` lists them"
            key = written.get(setting, setting)
            where = (key, pattern) if setting == "severity" else (key,)
            problems.append(_Problem(message, where, None if setting == "severity" else pattern))
    return problems


def _specificity(pattern: str, rule_id: str) -> int | None:
    """How specifically ``pattern`` names ``rule_id``: None when it does not match at all."""
    if pattern == rule_id:
        return 1_000_000
    if fnmatch.fnmatchcase(rule_id, pattern):
        return sum(1 for char in pattern if char not in "*?[]")
    return None


@attrs.frozen
class Config:
    """How :func:`~postmortem.checks.check` runs.

    Attributes:
        preset: Which template's required sections apply: ``guide`` (default), ``google``,
            ``pagerduty`` or ``atlassian``.
        enable: Rule ids or globs (``blame/*``) to run.
        disable: Rule ids or globs not to run. Where both lists match a rule, the more
            specific pattern wins (an exact id beats any glob).
        severity: Rule id or glob -> ``error``, ``warning``, ``info`` or ``off``; the most
            specific pattern wins.
        allowed_words: Words and phrases the blamelessness rules accept.
        people: Names of people beyond those the incident lists (participants, authors,
            reviewers, owners), so that the blamelessness rules recognise them.
        blame_scorer: Whether the blamelessness check adds the findings of its statistical
            scorer (a second stage after the rules, trained on labelled sentences) to those
            of the rules. Off by default: see docs/checks/blamelessness.md.
        today: The date overdue action items are judged against; the real date when unset.
        timeline_margin: How far before the start and after the end of the incident a
            timeline event may lie.
        source: The file the configuration came from, if any.
    """

    preset: str = attrs.field(default="guide", converter=_preset_name, validator=_known_preset)
    enable: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    disable: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    severity: Mapping[str, str] = attrs.field(factory=dict, converter=_severity_map)
    allowed_words: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    people: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    blame_scorer: bool = False
    today: date | None = None
    timeline_margin: timedelta = timedelta(hours=24)
    source: str | None = attrs.field(default=None, eq=False)
    # Per-rule decisions, computed once per configuration: check() asks for every rule
    # on every incident.
    _decisions: dict[str, FindingSeverity | None] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    # The installed rules this configuration runs, per scan of them (see check()).
    _plans: dict[int, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def decide(self, rule_id: str, default: FindingSeverity) -> FindingSeverity | None:
        """The severity ``rule_id`` runs with, or None when it does not run."""
        key = f"{rule_id}\x00{default.value}"
        if key not in self._decisions:
            self._decisions[key] = self.severity_for(rule_id, default) if self.is_enabled(rule_id) else None
        return self._decisions[key]

    def is_enabled(self, rule_id: str) -> bool:
        """True when ``rule_id`` runs under this configuration."""
        key = f"{rule_id}\x00enabled"
        if key not in self._decisions:
            self._decisions[key] = FindingSeverity.INFO if self._is_enabled(rule_id) else None
        return self._decisions[key] is not None

    def _is_enabled(self, rule_id: str) -> bool:
        best: tuple[int, bool] | None = None
        for enabled, patterns in ((True, self.enable), (False, self.disable)):
            for pattern in patterns:
                score = _specificity(pattern, rule_id)
                # On a tie, disabling wins: an explicit "off" should not be undone by an equal glob.
                if score is not None and (best is None or score > best[0] or (score == best[0] and not enabled)):
                    best = (score, enabled)
        if best is not None and not best[1]:
            return False
        return self.severity_for(rule_id, FindingSeverity.INFO) is not None

    def severity_for(self, rule_id: str, default: FindingSeverity) -> FindingSeverity | None:
        """The severity for ``rule_id``'s findings, or None when configured ``off``."""
        best: tuple[int, str] | None = None
        for pattern, level in self.severity.items():
            score = _specificity(pattern, rule_id)
            if score is not None and (best is None or score > best[0]):
                best = (score, level)
        if best is None:
            return default
        return None if best[1] == OFF else FindingSeverity.parse(best[1])

    def effective_today(self) -> date:
        """``today`` if set, else the day :func:`postmortem.presentation.rendering_date` gives."""
        return rendering_date(self.today)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str | None = None) -> Config:
        """Build a configuration from the keys of a ``[tool.postmortem.check]`` table.

        Keys may use dashes or underscores (``allowed-words`` or ``allowed_words``);
        ``timeline-margin-hours`` sets :attr:`timeline_margin`.

        Raises:
            ConfigError: naming every unknown key or bad value, and every rule id or glob
                in ``enable``, ``disable`` or ``severity`` that matches no installed rule,
                with the closest name.
        """
        return _from_mapping(cls, data, source, None)


_NAMES = frozenset(
    {
        "preset",
        "enable",
        "disable",
        "severity",
        "allowed_words",
        "people",
        "blame_scorer",
        "today",
        "timeline_margin_hours",
    }
)


def _from_mapping(cls: type[Config], data: Mapping[str, Any], source: str | None, locate: Locate | None) -> Config:
    """:meth:`Config.from_mapping`, each problem located by ``locate`` when given (a file's settings)."""
    if not isinstance(data, Mapping):
        raise _error([_Problem("the check configuration must be a table of settings")], source, locate)
    kwargs: dict[str, Any] = {}
    problems: list[_Problem] = []
    written: dict[str, str] = {}
    for raw_key, written_value in data.items():
        key = str(raw_key).replace("-", "_")
        value = written_value
        where = (str(raw_key),)
        if key not in _NAMES:
            # Named as the file writes its keys: `allowed-words` in the docs' TOML, `allowed_words` too.
            names = {name.replace("_", "-") for name in _NAMES} if "-" in str(raw_key) else _NAMES
            hint = did_you_mean(str(raw_key), names)
            problems.append(_Problem(f"unknown setting {raw_key!r}{hint} (known: {', '.join(sorted(names))})", where))
            continue
        written[key] = str(raw_key)
        if key == "severity" and isinstance(value, Mapping):
            levels = _level_problems(value, str(raw_key))
            problems.extend(levels)
            # The other patterns are still checked against the rules.
            wrong = {problem.keys[1] for problem in levels}
            value = {pattern: level for pattern, level in value.items() if str(pattern) not in wrong}
        try:
            kwargs.update(_convert(key, value))
        except (TypeError, ValueError) as exc:
            problems.append(_Problem(f"{raw_key}: {exc}", where, value=True))
            continue
        if key == "preset" and _preset_name(kwargs["preset"]) not in PRESETS:
            name = _preset_name(kwargs.pop("preset"))
            message = f"unknown preset {name!r}{did_you_mean(name, PRESETS)}; choose one of {', '.join(PRESETS)}"
            problems.append(_Problem(message, where, value=True))
    try:
        config = cls(**kwargs, source=source)
    except (TypeError, ValueError) as exc:  # pragma: no cover - every value is checked above
        problems.append(_Problem(str(exc)))
    else:
        problems.extend(_rule_problems(config, written))
        if not problems:
            return config
    raise _error(problems, source, locate)


def _level_problems(levels: Mapping[Any, Any], setting: str) -> list[_Problem]:
    """Each level of ``severity`` other than error, warning, info or off, at its rule id or glob."""
    problems = []
    for pattern, level in levels.items():
        text = str(level).strip().lower() if isinstance(level, str) else None
        if text is not None and (text == OFF or text in {s.value for s in FindingSeverity}):
            continue
        message = f"{setting}: {pattern!r} = {level!r}: expected error, warning, info or off"
        problems.append(_Problem(message, (setting, str(pattern)), value=True))
    return problems


def _string_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise TypeError("expected a list of text")


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"expected a date such as 2026-06-01, got {value!r}") from None
    raise TypeError(f"expected a date such as 2026-06-01, got {type(value).__name__} {value!r:.40}")


def _convert(key: str, value: object) -> dict[str, Any]:
    if key == "preset":
        if not isinstance(value, str):
            raise TypeError("expected a preset name")
        return {"preset": value}
    if key in {"enable", "disable", "allowed_words", "people"}:
        return {key: _string_list(value)}
    if key == "severity":
        if not isinstance(value, Mapping):
            raise TypeError("expected a table of rule id or glob = error, warning, info or off")
        return {"severity": _severity_map(value)}
    if key == "today":
        return {"today": _date(value)}
    if key == "blame_scorer":
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return {"blame_scorer": value}
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a number of hours, 0 or more")
    return {"timeline_margin": timedelta(hours=value)}


# --------------------------------------------------------------------------- files


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """A TOML file's data and text; a syntax error names its line and column."""
    from postmortem import _toml  # noqa: PLC0415

    text = _read_text(path)
    try:
        data: dict[str, Any] = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        message, line, column = _toml.decode_position(exc, text)
        where = f"{shown_path(path)}:{line}:{column}" if line is not None and column is not None else shown_path(path)
        raise ConfigError(f"{where}: not valid TOML: {message}") from None
    except RecursionError:
        raise ConfigError(f"{shown_path(path)}: not valid TOML: nested too deep") from None
    return data, text


def _toml_locator(text: str, prefix: tuple[str, ...]) -> Locate:
    """Where TOML ``text`` writes a problem's keys below ``prefix`` (``tool.postmortem.check`` in pyproject.toml)."""
    from postmortem import _toml  # noqa: PLC0415

    def locate(problem: _Problem) -> tuple[int, int] | None:
        return _toml.key_position(text, (*prefix, *problem.keys), problem.item, value=problem.value)

    return locate


def _read_text(path: Path) -> str:
    """The configuration file's text (a UTF-8 byte order mark is dropped); UTF-16 and other bytes are refused."""
    try:
        return _read_bounded(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown_path(path)}: {not_utf8(exc)}") from None


def _read_bounded(path: Path) -> bytes:
    """A configuration file's bytes, refusing one over the default incident file size limit (16 MiB).

    A fixed bound: a small ``--max-file-size`` for incidents must not refuse a pyproject.toml.
    """
    from postmortem._files import open_input, read_at_most, stream_kind, too_long_a_stream  # noqa: PLC0415
    from postmortem.serialize import DEFAULT_MAX_FILE_SIZE  # noqa: PLC0415

    limit = DEFAULT_MAX_FILE_SIZE
    try:
        with open_input(path) as handle:
            data = read_at_most(handle, limit)
            kind = stream_kind(handle) if len(data) > limit else None
    except OSError as exc:
        raise ConfigError(f"{shown_path(path)}: cannot read: {exc.strerror or exc}") from None
    if kind is not None:
        endless = too_long_a_stream(kind, "16 MiB").replace("an incident file", "a configuration file")
        raise ConfigError(f"{shown_path(path)}: {endless}")
    if len(data) > limit:
        raise ConfigError(f"{shown_path(path)}: larger than {limit:,} bytes, too large for a configuration file")
    return data


_CHECK_TABLE = ("tool", "postmortem", "check")


def _pyproject_table(data: Mapping[str, Any], path: Path, text: str) -> Mapping[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, Mapping) or "postmortem" not in tool:
        return None
    locate = _toml_locator(text, ())
    table = tool["postmortem"]
    if not isinstance(table, Mapping):
        # tool.postmortem = "x" was ignored, and check ran with the defaults as if unconfigured.
        message = f"[tool.postmortem] must be a table, got {type(table).__name__} {table!r:.40}"
        raise _error([_Problem(message, _CHECK_TABLE[:2], value=True)], str(path), locate)
    check = table.get("check", {})
    if not isinstance(check, Mapping):
        # It was reported as "unknown setting ''".
        message = f"[tool.postmortem.check] must be a table of settings, got {type(check).__name__} {check!r:.40}"
        raise _error([_Problem(message, _CHECK_TABLE, value=True)], str(path), locate)
    return check


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the nearest pyproject.toml with a ``[tool.postmortem]`` table.

    Args:
        start: A file or directory to search upwards from; the current directory when None.
    """
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            data, text = _read_toml(candidate)
            if _pyproject_table(data, candidate, text) is not None:
                return candidate
    return None


def load_config(path: str | os.PathLike[str] | None = None, *, start: str | os.PathLike[str] | None = None) -> Config:
    """Load the check configuration.

    Args:
        path: A configuration file: a ``pyproject.toml`` (its ``[tool.postmortem.check]``
            table is read), or a TOML or YAML file whose top level holds the settings.
            When None, the nearest pyproject.toml up from ``start`` is used, and the
            defaults when there is none.
        start: Where to start looking when ``path`` is None.

    Returns:
        The configuration.

    Raises:
        ConfigError: when the file cannot be read or holds unknown or bad settings.
    """
    if path is None:
        found = find_config(start)
        if found is None:
            return Config()
        path = found
    file = Path(path)
    suffix = file.suffix.lower()
    data: object
    locate: Locate
    if suffix == ".toml":
        raw, text = _read_toml(file)
        table = _pyproject_table(raw, file, text)
        is_pyproject = file.name == "pyproject.toml" or "tool" in raw
        data = (table if table is not None else {}) if is_pyproject else raw
        locate = _toml_locator(text, _CHECK_TABLE if is_pyproject else ())
    elif suffix in {".yaml", ".yml"}:
        data, text = _read_yaml(file)
        locate = _yaml_locator(text)
    else:
        raise ConfigError(f"{shown_path(file)}: use a .toml, .yaml or .yml configuration file")
    if not isinstance(data, Mapping):
        problem = _Problem(f"the configuration must be a mapping of settings, got {_kind(data)}")
        raise _error([problem], os.fspath(file), locate)
    return _from_mapping(Config, data, os.fspath(file), locate)


def _kind(data: object) -> str:
    return "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r:.40}"


def _read_yaml(path: Path) -> tuple[object, str]:
    """A YAML file's data and text; a syntax error names its line and column."""
    import yaml  # noqa: PLC0415  (YAML is loaded only when a YAML file is read)

    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(f"{shown_path(path)}:{_yaml_syntax(exc)}") from None
    except yaml.YAMLError as exc:
        from postmortem.serialize import yaml_problem  # noqa: PLC0415

        problem = yaml_problem(exc, text)
        where = f"{shown_path(path)}:{problem.line}:1" if problem.line is not None else shown_path(path)
        raise ConfigError(f"{where}: {problem.message}") from None
    except RecursionError:
        raise ConfigError(f"{shown_path(path)}: not valid YAML: nested too deep") from None
    return ({} if data is None else data), text


def _yaml_syntax(exc: Any) -> str:
    """``line:column: not valid YAML: ...`` of PyYAML's error, its context's place in words (one line)."""
    mark = exc.problem_mark or exc.context_mark
    place = f"{mark.line + 1}:{mark.column + 1}:" if mark is not None else ""
    message = " ".join(str(exc.problem or exc.context or "").split())
    context = exc.context_mark
    if exc.context and exc.problem and context is not None:
        message += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
    return f"{place} not valid YAML: {message}"


def _yaml_locator(text: str) -> Locate:
    """Where YAML ``text`` writes a problem's keys, string of a list or value, read from PyYAML's nodes."""

    def locate(problem: _Problem) -> tuple[int, int] | None:
        import yaml  # noqa: PLC0415

        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, RecursionError):  # pragma: no cover - the text was read already
            return None
        if node is None:
            return None
        mark = node.start_mark
        for key in problem.keys:
            if not isinstance(node, yaml.MappingNode):
                return None
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
            if found is None:
                return None
            mark, node = found[0].start_mark, found[1]
        if problem.item is not None and isinstance(node, yaml.SequenceNode):
            item = next((n for n in node.value if isinstance(n, yaml.ScalarNode) and n.value == problem.item), None)
            mark = item.start_mark if item is not None else mark
        elif problem.value and problem.keys:
            mark = node.start_mark
        return mark.line + 1, mark.column + 1

    return locate
