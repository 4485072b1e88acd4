"""``postmortem schema``: the JSON Schema of the incident file format."""

from __future__ import annotations

import json

import click

from postmortem._schema import json_schema

__all__ = ["schema"]


@click.command()
@click.option("--indent", default=2, show_default=True, type=click.IntRange(min=0), help="Indentation of the JSON.")
def schema(indent: int) -> None:
    """Print the JSON Schema of the incident file format.

    Point your editor at it for completion, for example with a first line
    ``# yaml-language-server: $schema=incident.schema.json``.
    """
    click.echo(json.dumps(json_schema(), indent=indent, ensure_ascii=False))
