"""``postmortem new``: a commented starter post-mortem."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click

from postmortem._files import atomic_write, output_error
from postmortem._schema import SCHEMA_ID
from postmortem.cli._common import echo_load_error
from postmortem.errors import IncidentFormatError, shown_path
from postmortem.serialize import loads

__all__ = ["new"]

_STARTER = """\
# yaml-language-server: $schema={schema}
# A post-mortem, written blameless: describe systems and conditions, not people's failings.
# Check it with:   postmortem check {name}
# Render it with:  postmortem export {name} --to markdown,html -o out/

id: {id}
title: {title}
severity: {severity}          # SEV1 (critical) .. SEV5 (no customer impact)
status: draft                 # draft | in_review | published
timezone: UTC                 # reports show times in this IANA timezone
summary: |
  Two or three sentences for leadership: what happened, who was affected, for how long.
authors: []
reviewers: []
services: []
tags: []

milestones:                   # every time needs an offset (Z or +02:00)
  started: {started}          # impact began
  # detected:                 # first alert or report
  # acknowledged:             # a responder took ownership
  # mitigated:                # customer impact stopped
  # resolved:                 # incident declared over

impact:
  summary: What users experienced, in their terms.
  # users_affected: 1200
  # share_affected: 0.3       # a fraction: 0.3 is 30%
  # metrics:
  #   - {{name: HTTP 500 rate, value: 30, unit: "%"}}

# detection:
#   method: monitor           # monitor | user_report | internal_alert | support_escalation | other
#   source: api error-rate monitor
#   time: {started}

customer_communication: []    # - {{channel: status_page, time: ..., summary: ..., link: ...}}

root_cause:
  technical: ""
  process: ""

contributing_factors: []      # - {{description: ..., category: monitoring|documentation|tooling|process|...}}
what_went_well: []
what_went_poorly: []
where_we_got_lucky: []
lessons_learned: []

narrative:
  user_impact: ""
  detection: ""
  responder_beliefs: ""
  hypotheses: []              # - {{statement: ..., outcome: confirmed|ruled_out|partly_right|untested}}
  resolution: ""
  aftermath: ""

participants: []              # - {{name: ..., role: incident commander, handle: "@..."}}

timeline: []                  # - {{time: ..., kind: alert|deploy|config_change|chat|..., description: ...}}

action_items: []              # - {{id: AI-1, description: Add ..., owner: ..., due: 2026-12-01}}
"""


# A file name that reads as an incident id (INC-0042, ops-2026-17, SEC-9.postmortem.yaml): letters,
# a hyphen, then letters, digits and hyphens holding a digit.
_ID_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*")
_DEFAULT_ID = "INC-0001"


def _id_from_name(file: Path) -> str:
    """The incident id the file is named for (``INC-0042.yaml``, ``INC-0042.postmortem.yaml``), else INC-0001."""
    stem = file.stem.removesuffix(".postmortem")
    return stem if _ID_NAME.fullmatch(stem) else _DEFAULT_ID


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--id",
    "incident_id",
    default=None,
    help=f"The incident id.  [default: the file's name when it reads as one, like INC-0042.yaml; else {_DEFAULT_ID}]",
)
@click.option("--title", default="Short descriptive title", show_default=True, help="The incident title.")
@click.option("--severity", default="SEV3", show_default=True, help="The severity level.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file: Path, incident_id: str | None, title: str, severity: str, force: bool) -> None:
    """Write a commented starter post-mortem to FILE (YAML).

    Exits 0 when it is written and 2 when FILE exists (pass --force to overwrite it) or cannot
    be written.
    """
    try:
        exists = file.exists()
    except OSError as exc:  # a name longer than the file system allows
        click.echo(f"error: {output_error(file, exc)}", err=True)
        sys.exit(2)
    if exists and not force:
        click.echo(f"error: {shown_path(file)} exists; pass --force to overwrite it", err=True)
        sys.exit(2)
    if file.suffix.lower() not in (".yaml", ".yml"):
        click.echo("error: the starter file is YAML; give a name ending in .yaml", err=True)
        sys.exit(2)
    started = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(second=0, microsecond=0)
    text = _STARTER.format(
        schema=SCHEMA_ID,
        name=file.name,
        id=json.dumps(incident_id if incident_id is not None else _id_from_name(file)),
        title=json.dumps(title),
        severity=json.dumps(severity),
        started=started.isoformat().replace("+00:00", "Z"),
    )
    try:
        loads(text, "yaml", source=str(file))
    except IncidentFormatError as exc:
        echo_load_error(exc)
        sys.exit(2)
    atomic_write(file, text.encode("utf-8"))
    click.echo(f"wrote {shown_path(file)}")
