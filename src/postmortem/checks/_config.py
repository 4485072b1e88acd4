"""Check configuration: from ``[tool.postmortem.check]`` in pyproject.toml or a file."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from postmortem.checks._finding import FindingSeverity
from postmortem.checks._presets import PRESETS, did_you_mean
from postmortem.errors import PostmortemError, not_utf8
from postmortem.presentation import rendering_date

__all__ = ["Config", "ConfigError", "find_config", "load_config"]

OFF = "off"
"""The severity that turns a rule off."""


class ConfigError(PostmortemError):
    """A configuration file or value that cannot be used; the message says where and why."""


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


def _rule_problems(config: Config) -> list[str]:
    """Rule ids and globs in ``enable``, ``disable`` and ``severity`` that match no installed rule."""
    from postmortem.checks._registry import available_rules  # noqa: PLC0415

    known = available_rules()
    families = sorted({f"{rule_id.partition('/')[0]}/*" for rule_id in known})
    problems: list[str] = []
    for setting, patterns in (("enable", config.enable), ("disable", config.disable), ("severity", config.severity)):
        for pattern in patterns:
            if any(_specificity(pattern, rule_id) is not None for rule_id in known):
                continue
            hint = did_you_mean(pattern, [*known, *families])
            problems.append(f"{setting}: {pattern!r} matches no rule{hint}; `postmortem check --list-rules` lists them")
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
        where = f"{source}: " if source else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"{where}the check configuration must be a table of settings")
        kwargs: dict[str, Any] = {}
        problems: list[str] = []
        names = {
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
        for raw_key, value in data.items():
            key = str(raw_key).replace("-", "_")
            if key not in names:
                hint = did_you_mean(key, names)
                problems.append(f"unknown setting {raw_key!r}{hint} (known: {', '.join(sorted(names))})")
                continue
            try:
                kwargs.update(_convert(key, value))
            except (TypeError, ValueError) as exc:
                problems.append(f"{raw_key}: {exc}")
        if not problems:
            try:
                config = cls(**kwargs, source=source)
            except (TypeError, ValueError) as exc:
                problems.append(str(exc))
            else:
                problems.extend(_rule_problems(config))
                if not problems:
                    return config
        raise ConfigError(where + "; ".join(problems))


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
        return date.fromisoformat(value.strip())
    raise TypeError("expected a date such as 2026-06-01")


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


def _read_toml(path: Path) -> dict[str, Any]:
    from postmortem import _toml  # noqa: PLC0415

    try:
        data: dict[str, Any] = _toml.loads(_read_text(path))
    except _toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deep") from None
    return data


def _read_text(path: Path) -> str:
    """The configuration file's text (a UTF-8 byte order mark is dropped); UTF-16 and other bytes are refused."""
    try:
        return _read_bounded(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: {not_utf8(exc)}") from None


def _read_bounded(path: Path) -> bytes:
    """A configuration file's bytes, refusing one over the default incident file size limit (16 MiB).

    A fixed bound: a small ``--max-file-size`` for incidents must not refuse a pyproject.toml.
    """
    from postmortem._files import open_input, read_at_most  # noqa: PLC0415
    from postmortem.serialize import DEFAULT_MAX_FILE_SIZE  # noqa: PLC0415

    limit = DEFAULT_MAX_FILE_SIZE
    try:
        with open_input(path) as handle:
            data = read_at_most(handle, limit)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ConfigError(f"{path}: larger than {limit:,} bytes, too large for a configuration file")
    return data


def _pyproject_table(data: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, Mapping) or "postmortem" not in tool:
        return None
    table = tool["postmortem"]
    if not isinstance(table, Mapping):
        # tool.postmortem = "x" was ignored, and check ran with the defaults as if unconfigured.
        raise ConfigError(f"{path}: [tool.postmortem] must be a table, got {type(table).__name__} {table!r:.40}")
    check = table.get("check", {})
    if not isinstance(check, Mapping):
        # It was reported as "unknown setting ''".
        raise ConfigError(
            f"{path}: [tool.postmortem.check] must be a table of settings, got {type(check).__name__} {check!r:.40}"
        )
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
        if candidate.is_file() and _pyproject_table(_read_toml(candidate), candidate) is not None:
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
    if suffix == ".toml":
        raw = _read_toml(file)
        table = _pyproject_table(raw, file)
        is_pyproject = file.name == "pyproject.toml" or "tool" in raw
        data = (table if table is not None else {}) if is_pyproject else raw
    elif suffix in {".yaml", ".yml"}:
        data = _read_yaml(file)
    else:
        raise ConfigError(f"{file}: use a .toml, .yaml or .yml configuration file")
    if not isinstance(data, Mapping):
        raise ConfigError(f"{file}: the configuration must be a mapping of settings")
    return Config.from_mapping(data, source=os.fspath(file))


def _read_yaml(path: Path) -> object:
    import yaml  # noqa: PLC0415  (YAML is loaded only when a YAML file is read)

    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid YAML: nested too deep") from None
    return {} if data is None else data
