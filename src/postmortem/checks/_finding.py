"""Findings and the report that holds them."""

from __future__ import annotations

import enum
import fnmatch
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from postmortem._patterns import lazy_compile

if TYPE_CHECKING:
    from postmortem.model import Incident

__all__ = ["Finding", "FindingSeverity", "Report", "SectionScore"]


class FindingSeverity(str, enum.Enum):
    """How much a finding matters; ordered ``info`` < ``warning`` < ``error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]

    @classmethod
    def parse(cls, value: str | FindingSeverity) -> FindingSeverity:
        """Return the severity named ``value`` (case-insensitive).

        Raises:
            ValueError: for a name other than error, warning or info.
        """
        if isinstance(value, FindingSeverity):
            return value
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown finding severity {value!r}; use error, warning or info") from None

    def __str__(self) -> str:
        return self.value


_RANKS = {FindingSeverity.INFO: 0, FindingSeverity.WARNING: 1, FindingSeverity.ERROR: 2}


def _parse_severity(value: str | FindingSeverity) -> FindingSeverity:
    return FindingSeverity.parse(value)


def _span(value: tuple[int, int] | list[int] | None) -> tuple[int, int] | None:
    if value is None:
        return None
    start, end = value
    return (int(start), int(end))


@attrs.frozen
class Finding:
    """One thing a rule found in an incident.

    Attributes:
        rule: The rule's stable id, such as ``completeness/action-owner``.
        severity: Error, warning or info (after configuration is applied).
        path: Where, as a ``$.path`` into the incident (``$.action_items[1].owner``).
        message: What is wrong, in words the author of the post-mortem understands.
        suggestion: A rewrite, or a question to ask instead, where the rule has one.
        span: ``(start, end)`` character offsets into the text at ``path``, when the
            finding points into text.
        line: 1-based line in the source file, when known (from a file: YAML, JSON or TOML).
        source: The file the incident was read from, when known.
        phrase: The words the finding is about, as written (``span`` of the text at ``path``).
        column: 1-based column of the phrase's first character on ``line``, when known.
        end_line: 1-based line of the phrase's last character, when known.
        end_column: 1-based column just past the phrase's last character on ``end_line``
            (the convention of SARIF regions), when known.
    """

    rule: str
    severity: FindingSeverity = attrs.field(converter=_parse_severity)
    path: str
    message: str
    suggestion: str = ""
    span: tuple[int, int] | None = attrs.field(default=None, converter=_span)
    line: int | None = None
    source: str | None = None
    phrase: str = ""
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    @property
    def where(self) -> str:
        """Return ``file:line:column`` as far as known (``line 3``, ``incident.yaml:3:14``), or ``""``."""
        where = self.source or ""
        if self.line is not None:
            place = f"{self.line}:{self.column}" if self.column is not None else f"{self.line}"
            where = f"{where}:{place}" if where else f"line {place}"
        return where

    @property
    def quoted_message(self) -> str:
        """Return the message led by the quoted phrase, when there is one (``"forgot to" ...``)."""
        return f'"{_one_line(self.phrase)}": {self.message}' if self.phrase else self.message

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON-ready data; empty optional fields are left out."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
        }
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.span is not None:
            data["span"] = list(self.span)
        if self.line is not None:
            data["line"] = self.line
        if self.source is not None:
            data["source"] = self.source
        if self.phrase:
            data["phrase"] = self.phrase
        for key in ("column", "end_line", "end_column"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Build a finding from :meth:`to_dict` output."""
        return cls(
            rule=data["rule"],
            severity=data["severity"],
            path=data["path"],
            message=data["message"],
            suggestion=data.get("suggestion", ""),
            span=data.get("span"),
            line=data.get("line"),
            source=data.get("source"),
            phrase=data.get("phrase", ""),
            column=data.get("column"),
            end_line=data.get("end_line"),
            end_column=data.get("end_column"),
        )

    def __str__(self) -> str:
        prefix = f"{self.where} " if self.where else ""
        return f"{prefix}{self.path}: {self.severity.value}: {self.quoted_message} [{self.rule}]"


def _one_line(text: str) -> str:
    # A phrase that runs across a soft line break is shown on one line.
    return " ".join(text.split())


@attrs.frozen
class SectionScore:
    """How complete one scored section is.

    Attributes:
        section: The section's name in the model (``action_items``, ``root_cause``).
        score: 1.0 without completeness findings, 0.5 with warnings only, 0.0 when
            missing or with an error.
    """

    section: str
    score: float


def _path_matches(path: str, prefix: str) -> bool:
    """True when ``path`` is ``prefix`` or inside it: ``$.a`` holds ``$.a[1].b``, not ``$.ab``."""
    if path == prefix:
        return True
    return path.startswith(prefix) and path[len(prefix)] in ".["


_MD_SPECIAL = lazy_compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def _md(text: str) -> str:
    # User text is escaped so that it can never become links, images or HTML in a notebook.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _line_text(finding: Finding) -> str:
    column = "" if finding.column is None else f", column {finding.column}"
    return f"line {finding.line}{column}"


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _sections(value: Iterable[SectionScore]) -> tuple[SectionScore, ...]:
    return tuple(value)


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Report:
    """The outcome of :func:`~postmortem.checks.check`: findings and a completeness score.

    A report is iterable (findings in reading order), has a length, and is falsy when
    there are no findings. Filtering returns a new report; the score always describes the
    whole incident.

    Attributes:
        incident_id: The incident checked.
        findings: Findings that are not suppressed.
        suppressed: Findings silenced by one of the incident's suppressions.
        preset: The preset of required sections that was used.
        completeness: The completeness score from 0.0 to 1.0 (see :doc:`/checks/completeness`).
        sections: The per-section scores the completeness score averages.
        rules: The ids of the rules that ran.
        source: The file the incident was read from, when known.
        incident: The incident that was checked, when the report was made by
            :func:`~postmortem.checks.check_file` (so that a script need not load the file
            again); not part of equality or :meth:`to_dict`.
    """

    incident_id: str
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    suppressed: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    preset: str = "guide"
    completeness: float = 1.0
    sections: tuple[SectionScore, ...] = attrs.field(default=(), converter=_sections)
    rules: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    source: str | None = None
    incident: Incident | None = attrs.field(default=None, eq=False, repr=False)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return tuple(f for f in self.findings if f.severity is FindingSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is FindingSeverity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """Findings of severity info."""
        return tuple(f for f in self.findings if f.severity is FindingSeverity.INFO)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids among the findings, sorted."""
        return tuple(sorted({f.rule for f in self.findings}))

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity: ``{"error": 2, "warning": 1, "info": 0}``."""
        result = {severity.value: 0 for severity in reversed(FindingSeverity)}
        for finding in self.findings:
            result[finding.severity.value] += 1
        return result

    def fails(self, at: FindingSeverity | str = FindingSeverity.ERROR) -> bool:
        """True when some finding is at least as severe as ``at``."""
        threshold = FindingSeverity.parse(at).rank
        return any(f.severity.rank >= threshold for f in self.findings)

    def filter(
        self,
        *,
        severity: FindingSeverity | str | Iterable[FindingSeverity | str] | None = None,
        min_severity: FindingSeverity | str | None = None,
        rule: str | Iterable[str] | None = None,
        path: str | None = None,
    ) -> Report:
        """Return a report with only the findings that match every given criterion.

        Args:
            severity: One severity or several, matched exactly.
            min_severity: Keep findings at least this severe.
            rule: A rule id or glob (``blame/*``), or several; a finding matching any is kept.
            path: Keep findings at this ``$.path`` or inside it (``$.action_items``).

        Returns:
            A new report with the same score, preset and rules.
        """
        kept: Iterable[Finding] = self.findings
        if severity is not None:
            wanted = (
                {FindingSeverity.parse(severity)}
                if isinstance(severity, str)
                else {FindingSeverity.parse(s) for s in severity}
            )
            kept = [f for f in kept if f.severity in wanted]
        if min_severity is not None:
            threshold = FindingSeverity.parse(min_severity).rank
            kept = [f for f in kept if f.severity.rank >= threshold]
        if rule is not None:
            patterns = [rule] if isinstance(rule, str) else list(rule)
            kept = [f for f in kept if any(fnmatch.fnmatchcase(f.rule, p) for p in patterns)]
        if path is not None:
            kept = [f for f in kept if _path_matches(f.path, path)]
        return attrs.evolve(self, findings=tuple(kept))

    # ----------------------------------------------------------------- serialisation

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready data."""
        data: dict[str, Any] = {
            "incident": self.incident_id,
            "preset": self.preset,
            "completeness": self.completeness,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [f.to_dict() for f in self.suppressed],
            "sections": {s.section: s.score for s in self.sections},
            "rules": list(self.rules),
        }
        if self.source is not None:
            data["source"] = self.source
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return :meth:`to_dict` as JSON text."""
        from postmortem._json import escape_surrogates  # noqa: PLC0415

        return escape_surrogates(json.dumps(self.to_dict(), indent=indent, ensure_ascii=False))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Build a report from :meth:`to_dict` output."""
        return cls(
            incident_id=data["incident"],
            findings=[Finding.from_dict(f) for f in data.get("findings", ())],
            suppressed=[Finding.from_dict(f) for f in data.get("suppressed", ())],
            preset=data.get("preset", "guide"),
            completeness=float(data.get("completeness", 1.0)),
            sections=[SectionScore(name, float(score)) for name, score in data.get("sections", {}).items()],
            rules=data.get("rules", ()),
            source=data.get("source"),
        )

    # ----------------------------------------------------------------- notebooks

    def _summary_line(self) -> str:
        counts = self.counts()
        parts = [f"{counts[name]} {name}{'s' if counts[name] != 1 else ''}" for name in counts]
        if not self.sections:
            # A check of text alone (check_text), or with every completeness rule disabled.
            return ", ".join(parts)
        return f"completeness {self.completeness:.0%} ({self.preset} preset); " + ", ".join(parts)

    def _repr_markdown_(self) -> str:
        lines = [f"**Check of {_md(self.incident_id)}**: {_md(self._summary_line())}", ""]
        if self.findings:
            lines += ["| severity | rule | where | finding | suggestion |", "|---|---|---|---|---|"]
            for f in self.findings:
                where = f.path if f.line is None else f"{f.path} ({_line_text(f)})"
                finding = f"“{_md(_one_line(f.phrase))}”: {_md(f.message)}" if f.phrase else _md(f.message)
                lines.append(f"| {f.severity.value} | `{f.rule}` | {_md(where)} | {finding} | {_md(f.suggestion)} |")
        else:
            lines.append("No findings.")
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        import html  # noqa: PLC0415  (for notebooks: not on every start of the checks)

        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(f.severity.value)}</td><td><code>{esc(f.rule)}</code></td>"
            f"<td><code>{esc(f.path)}</code>{'' if f.line is None else f' ({esc(_line_text(f))})'}</td>"
            f"<td>{f'<q>{esc(_one_line(f.phrase))}</q>: ' if f.phrase else ''}{esc(f.message)}</td>"
            f"<td>{esc(f.suggestion)}</td></tr>"
            for f in self.findings
        )
        table = (
            "<table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>finding</th>"
            f"<th>suggestion</th></tr></thead><tbody>{rows}</tbody></table>"
            if self.findings
            else "<p>No findings.</p>"
        )
        return (
            f'<div class="postmortem-report"><p><strong>Check of {esc(self.incident_id)}</strong>: '
            f"{esc(self._summary_line())}</p>{table}</div>"
        )
