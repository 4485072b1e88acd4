"""``postmortem schema``: the JSON Schema of the incident file format."""

from __future__ import annotations

import json

import click

from postmortem._schema import json_schema

__all__ = ["schema"]


#: The widest indentation ``--indent`` takes: the schema nests about ten levels, so a width of a
#: hundred million spaces would write gigabytes (and run for minutes) before the first key.
MAX_INDENT = 16


@click.command()
@click.option(
    "--indent",
    default=2,
    show_default=True,
    type=click.IntRange(min=0, max=MAX_INDENT),
    help=f"Indentation of the JSON, 0 to {MAX_INDENT} spaces.",
)
def schema(indent: int) -> None:
    """Print the JSON Schema of the incident file format.

    Point your editor at it for completion, for example with a first line
    ``# yaml-language-server: $schema=incident.schema.json``.
    """
    click.echo(json.dumps(json_schema(), indent=indent, ensure_ascii=False))
