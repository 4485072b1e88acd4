"""Output formats of ``postmortem check``: text, JSON, SARIF 2.1.0 and GitHub annotations."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from postmortem.checks._finding import Finding, FindingSeverity, Report
from postmortem.errors import IncidentFormatError, PostmortemError, Problem

__all__ = ["github_annotations", "rule_help_uri", "sarif_log"]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
DOCS = "https://postmortem.readthedocs.io/en/latest/checks/"
_FAMILY_PAGES = {
    "completeness": "completeness",
    "blame": "blamelessness",
    "suppression": "configuration",
}
_SARIF_LEVEL = {
    FindingSeverity.ERROR: "error",
    FindingSeverity.WARNING: "warning",
    FindingSeverity.INFO: "note",
}
_GITHUB_LEVEL = {
    FindingSeverity.ERROR: "error",
    FindingSeverity.WARNING: "warning",
    FindingSeverity.INFO: "notice",
}


def rule_help_uri(rule_id: str) -> str | None:
    """The documentation page of one of our rules, or None for a third party's."""
    family, _, name = rule_id.partition("/")
    page = _FAMILY_PAGES.get(family)
    return f"{DOCS}{page}.html#{family}-{name}" if page else None


@functools.lru_cache(maxsize=4096)  # each finding of a file names it again
def _uri(source: str | None) -> str:
    if source is None:
        return "<incident>"
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    # A URI reference, as SARIF asks: the name's bytes percent-encoded where a URI cannot hold them
    # (a line break, a space, a byte that is not UTF-8), as as_uri() does for an absolute path.
    from urllib.parse import quote_from_bytes  # noqa: PLC0415

    return quote_from_bytes(os.fsencode(path.as_posix()), safe="/!$&'()*+,;=@~")


def _fingerprint(finding: Finding) -> str:
    # Stable across runs and line moves, so code scanning keeps one alert per problem.
    text = "\x1f".join((finding.rule, finding.path, finding.message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _location(source: str | None, line: int | None, path: str | None, finding: Finding | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(source)}}
    # GitHub code scanning needs a region; JSON and TOML files have no line map, so their
    # findings sit on line 1 and the $.path below says where.
    region: dict[str, Any] = {"startLine": line or 1}
    if finding is not None and finding.line is not None and finding.column is not None:
        # The words found: columns are 1-based, the end column just past the last character.
        region["startColumn"] = finding.column
        if finding.end_line is not None and finding.end_column is not None:
            region["endLine"] = finding.end_line
            region["endColumn"] = finding.end_column
        if finding.phrase:
            region["snippet"] = {"text": finding.phrase}
    physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if path:
        location["logicalLocations"] = [{"fullyQualifiedName": path, "kind": "member"}]
    return location


def sarif_log(
    reports: Sequence[Report],
    *,
    rules: Iterable[tuple[str, str, FindingSeverity]] = (),
    invalid: Sequence[IncidentFormatError | PostmortemError] = (),
    version: str = "",
) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log of the reports, ready for ``json.dumps``.

    Args:
        reports: One report per file checked.
        rules: ``(id, summary, default severity)`` of each rule that ran.
        invalid: Files that did not load; reported as tool execution notifications.
        version: The tool version to record.

    Returns:
        The log as plain data.
    """
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule_id, summary, severity in rules:
        if rule_id in index:
            continue
        index[rule_id] = len(descriptors)
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "shortDescription": {"text": summary or rule_id},
            "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
        }
        uri = rule_help_uri(rule_id)
        if uri:
            descriptor["helpUri"] = uri
        descriptors.append(descriptor)
    results: list[dict[str, Any]] = []
    for report in reports:
        for finding in report.findings:
            message = finding.quoted_message
            text = message if not finding.suggestion else f"{message.rstrip('.')}. Suggestion: {finding.suggestion}"
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": text},
                "locations": [_location(finding.source or report.source, finding.line, finding.path, finding)],
                "partialFingerprints": {"postmortemFinding/v1": _fingerprint(finding)},
                "properties": {"path": finding.path},
            }
            if finding.rule in index:
                result["ruleIndex"] = index[finding.rule]
            if finding.suggestion:
                result["properties"]["suggestion"] = finding.suggestion
            if finding.phrase:
                result["properties"]["phrase"] = finding.phrase
            results.append(result)
    notifications: list[dict[str, Any]] = []
    for error in invalid:
        problems: Sequence[Problem] = error.problems if isinstance(error, IncidentFormatError) else ()
        if not problems:
            notifications.append({"level": "error", "message": {"text": str(error)}})
        for problem in problems:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{problem.path}: {problem.message}"},
                    "locations": [_location(problem.source, problem.line, problem.path)],
                }
            )
    driver: dict[str, Any] = {
        "name": "postmortem",
        "informationUri": "https://postmortem.readthedocs.io/",
        "rules": descriptors,
    }
    if version:
        driver["version"] = version
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [
                    {
                        "executionSuccessful": not invalid,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(
    level: str, source: str | None, line: int | None, title: str, message: str, finding: Finding | None = None
) -> str:
    props = []
    if source:
        props.append(f"file={_escape_property(os.fspath(source))}")
    if line is not None:
        props.append(f"line={line}")
        if finding is not None and finding.column is not None:
            # GitHub underlines the columns only within one line.
            props.append(f"col={finding.column}")
            if finding.end_line == line and finding.end_column is not None:
                props.append(f"endColumn={finding.end_column}")
            elif finding.end_line is not None:
                props.append(f"endLine={finding.end_line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def github_annotations(
    reports: Sequence[Report], *, invalid: Sequence[IncidentFormatError | PostmortemError] = ()
) -> list[str]:
    """Return one GitHub Actions workflow command (``::error file=...,line=...::...``) per finding.

    Values are escaped as the workflow-command rules require: ``%``, CR and LF everywhere,
    and ``:`` and ``,`` in properties.
    """
    lines: list[str] = []
    for error in invalid:
        problems: Sequence[Problem] = error.problems if isinstance(error, IncidentFormatError) else ()
        if not problems:
            lines.append(_annotation("error", None, None, "postmortem: invalid input", str(error)))
        lines.extend(
            _annotation("error", p.source, p.line, "postmortem: invalid input", f"{p.path}: {p.message}")
            for p in problems
        )
    for report in reports:
        for finding in report.findings:
            message = f"{finding.path}: {finding.quoted_message}"
            if finding.suggestion:
                message += f"\nSuggestion: {finding.suggestion}"
            lines.append(
                _annotation(
                    _GITHUB_LEVEL[finding.severity],
                    finding.source or report.source,
                    finding.line,
                    finding.rule,
                    message,
                    finding,
                )
            )
    return lines
