"""Exporters that render a Jinja2 template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from postmortem import _templates
from postmortem.errors import ExporterError
from postmortem.export import INCLUDE_EMPTY_OPTION, TODAY_OPTION, Exporter, Option
from postmortem.model import Incident

__all__ = ["TemplateExporter"]

COMMON_OPTIONS: dict[str, Option] = {
    "include_empty": INCLUDE_EMPTY_OPTION,
    "template_dirs": Option(
        "template_dirs",
        tuple,
        (),
        "Directories searched before the built-in templates, to override a block or a whole template.",
    ),
    "template": Option("template", str, "", "Name of the template to render instead of the default one."),
    "today": TODAY_OPTION,
}


class TemplateExporter(Exporter):
    """Base for exporters that render one Jinja2 template per incident.

    Subclasses set :attr:`template_kind` (``markdown`` or ``html``: HTML autoescapes) and
    :attr:`default_template`, and may add variables in :meth:`context`.
    """

    template_kind: ClassVar[str]
    default_template: ClassVar[str]
    options: ClassVar[Mapping[str, Option]] = COMMON_OPTIONS

    def context(self, incident: Incident) -> dict[str, Any]:
        """Variables for the template beyond the common ones."""
        return {}

    def render(self, incident: Incident) -> str:
        """Render the template for ``incident``."""
        return self.render_template(incident)

    def render_template(self, incident: Incident, **extra: Any) -> str:
        """Render the template for ``incident`` with ``extra`` variables beyond :meth:`context`."""
        import jinja2  # noqa: PLC0415
        from jinja2.exceptions import SecurityError  # noqa: PLC0415

        env = _templates.environment(self.template_kind, self.settings["template_dirs"])
        name = self.settings["template"] or self.default_template
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            raise ExporterError(f"{self.name}: template {name!r} not found") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ExporterError(f"{self.name}: template {exc.name or name}:{exc.lineno}: {exc.message}") from None
        context = _templates.template_context(
            incident,
            include_empty=self.settings["include_empty"],
            asset_dir=self.settings.get("asset_dir") or None,
            today=self.settings["today"],
            **{**self.context(incident), **extra},
        )
        try:
            return template.render(context)
        except jinja2.UndefinedError as exc:
            raise ExporterError(f"{self.name}: template {name!r}: {exc.message}") from None
        except SecurityError as exc:
            raise ExporterError(
                f"{self.name}: template {name!r} tried something templates may not do ({exc}); "
                "templates from your folders run sandboxed"
            ) from None
        except OverflowError as exc:
            # The sandbox refuses range() beyond 100,000 items this way.
            raise ExporterError(f"{self.name}: template {name!r}: {exc}") from None
        except RecursionError:
            # A user template that extends itself (same name earlier in the search path).
            raise ExporterError(
                f"{self.name}: template {name!r} extends itself; give your template another name "
                "and choose it with the template option"
            ) from None
