"""``postmortem exporters``: the installed exporters and who provides them."""

from __future__ import annotations

import click

from postmortem._registry import KNOWN_PROVIDERS, exporter_info
from postmortem.errors import ExporterError
from postmortem.export import get_exporter

__all__ = ["exporters"]


@click.command()
@click.option("--options", "show_options", is_flag=True, help="Also list each exporter's options (imports them).")
def exporters(show_options: bool) -> None:
    """List the installed exporters with the distribution and version that provide them."""
    infos = exporter_info()
    width = max((len(info.name) for info in infos), default=4)
    for info in infos:
        provider = f"{info.distribution} {info.version}" if info.distribution else info.target
        click.echo(f"{info.name:<{width}}  {provider}")
        if show_options:
            try:
                cls = get_exporter(info.name)
            except ExporterError as exc:
                click.echo(f"{'':<{width}}  (cannot load: {exc})")
                continue
            for option in cls.options.values():
                click.echo(f"{'':<{width}}    {option.name}={option.default!r}  {option.help}")
    missing = sorted(set(KNOWN_PROVIDERS) - {info.name for info in infos})
    for name in missing:
        click.echo(f"{name:<{width}}  not installed: pip install {KNOWN_PROVIDERS[name]}", err=True)
