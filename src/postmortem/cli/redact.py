"""``postmortem redact``: a public copy of a post-mortem, or a check that one is public."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from postmortem._files import atomic_write
from postmortem.cli._common import Choice, echo_load_error
from postmortem.errors import IncidentFormatError, PostmortemError, shown_path
from postmortem.redaction import RedactionPolicy, find_private, load_policy
from postmortem.redaction import redact as redact_incident
from postmortem.serialize import dumps, format_for_path, load, loads

__all__ = ["redact"]


@click.command("redact")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML file of what to keep, drop and replace (default: the built-in policy).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the public copy here (YAML, JSON or TOML by suffix); default: YAML on stdout.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report of every replacement here ('-' for stderr); .json gives JSON.",
)
@click.option("--check", is_flag=True, help="Change nothing: list what still looks private; exit 1 if anything does.")
@click.option(
    "--format",
    "output_format",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the --check listing.",
)
def redact(  # noqa: PLR0912  (check, write and report are one command)
    file: Path,
    policy_path: Path | None,
    output: Path | None,
    report_path: Path | None,
    check: bool,
    output_format: str,
) -> None:
    """Make a public copy of the post-mortem in FILE.

    People become consistent pseudonyms (Engineer A, B, ...) with their roles kept; links
    to hosts not listed as public, e-mail and IP addresses, internal hostnames, credentials
    and customer names are replaced. The report names each replacement by $.path and kind,
    never the original text.

    With --check, nothing is written: every field that still looks private is listed and
    the exit status is 1 (0 when the incident looks public). Run it in CI before publishing
    to a public space. Invalid input exits 2.
    """
    try:
        policy = load_policy(policy_path) if policy_path is not None else RedactionPolicy()
        incident = load(file)
        out_format = format_for_path(output) if output is not None else "yaml"
    except PostmortemError as exc:
        echo_load_error(exc)
        sys.exit(2)
    if check:
        findings = find_private(incident, policy)
        if output_format == "json":
            data = {"file": str(file), "findings": [{"path": f.path, "kind": f.kind} for f in findings]}
            click.echo(json.dumps(data, indent=2))
        else:
            for finding in findings:
                click.echo(f"{shown_path(file)}: {finding.path}: looks private ({finding.kind})")
            noun = "field" if len({f.path for f in findings}) == 1 else "fields"
            if findings:
                click.echo(
                    f"{shown_path(file)}: {len(findings)} private values in {len({f.path for f in findings})} {noun}",
                    err=True,
                )
            else:
                click.echo(f"{shown_path(file)}: nothing looks private", err=True)
        sys.exit(1 if findings else 0)

    result = redact_incident(incident, policy)
    text = dumps(result.incident, out_format)
    try:
        # The copy must load back: a redaction that broke the file is a bug, not output.

        loads(text, out_format, source="redacted copy")
    except IncidentFormatError as exc:  # pragma: no cover - would be a bug in redaction
        echo_load_error(exc)
        sys.exit(1)

    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))
    if report_path is not None:
        report = result.report_json() if report_path.suffix.lower() == ".json" else result.report_text()
        if str(report_path) == "-":
            click.echo(report, nl=False, err=True)
        else:
            atomic_write(report_path, report.encode("utf-8"))
    click.echo(
        f"{shown_path(file)}: {result.summary()}" + (f"; wrote {shown_path(output)}" if output else ""), err=True
    )
