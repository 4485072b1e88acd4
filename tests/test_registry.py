"""Discovering exporters through real (committed) distribution metadata."""

from __future__ import annotations

import sys
from typing import ClassVar

import pytest

import postmortem
from postmortem import _registry
from postmortem.errors import ExporterError, ExporterNotFoundError
from postmortem.export import Exporter
from postmortem.model import Incident
from postmortem.testing import sample_incident

from .conftest import DATA

pytestmark = pytest.mark.usefixtures("clean_registry")


@pytest.fixture
def plaintext_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the committed postmortem-exporter-plaintext distribution on sys.path."""
    monkeypatch.syspath_prepend(str(DATA / "plugins" / "one"))
    monkeypatch.delitem(sys.modules, "plaintext_exporter", raising=False)
    _registry.refresh()


class Shout(Exporter):
    """A runtime-registered exporter."""

    name = "shout"
    media_type = "text/plain"
    suffix = ".txt"
    description = "The title in capitals"

    def render(self, incident: Incident) -> str:
        """Render the title."""
        return incident.title.upper()


class TestDiscovery:
    """Entry points in the postmortem.exporters group."""

    def test_builtins_register_like_third_parties(self) -> None:
        """Markdown and HTML come from postmortem's own entry points."""
        infos = {info.name: info for info in postmortem.exporter_info()}
        assert infos["markdown"].distribution == "postmortem"
        assert infos["markdown"].target == "postmortem.exporters.markdown:MarkdownExporter"
        assert infos["html"].version == postmortem.__version__

    @pytest.mark.usefixtures("plaintext_installed")
    def test_listing_does_not_import_plugins(self) -> None:
        """Names and distributions are known before the plugin module is imported."""
        assert "plaintext" in postmortem.exporter_names()
        info = next(i for i in postmortem.exporter_info() if i.name == "plaintext")
        assert (info.distribution, info.version) == ("postmortem-exporter-plaintext", "1.2.0")
        assert "plaintext_exporter" not in sys.modules
        cls = postmortem.get_exporter("plaintext")
        assert "plaintext_exporter" in sys.modules
        assert postmortem.export(sample_incident(), "plaintext") == f"INC-2026-0042: {sample_incident().title}\n"
        assert postmortem.get_exporter("plaintext") is cls

    @pytest.mark.usefixtures("plaintext_installed")
    def test_loaded_object_is_checked(self) -> None:
        """An entry point that is not an Exporter subclass is refused with its target."""
        with pytest.raises(ExporterError, match=r"plaintext_exporter:NotAnExporter\) is not a subclass"):
            postmortem.get_exporter("notanexporter")

    @pytest.mark.usefixtures("plaintext_installed")
    def test_broken_plugin_says_what_to_reinstall(self) -> None:
        """A plugin whose module is missing names its distribution."""
        with pytest.raises(ExporterError, match="reinstall postmortem-exporter-plaintext"):
            postmortem.get_exporter("brokenimport")

    @pytest.mark.usefixtures("plaintext_installed")
    def test_duplicate_names_are_rejected(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Two distributions claiming one name: an error naming both, until the user chooses."""
        monkeypatch.syspath_prepend(str(DATA / "plugins" / "dup"))
        _registry.refresh()
        with pytest.raises(ExporterError) as info:
            postmortem.get_exporter("plaintext")
        message = str(info.value)
        assert "postmortem-exporter-plaintext" in message
        assert "postmortem-exporter-otherplain" in message
        postmortem.register_exporter("other_plain:OtherPlain", name="plaintext", override=True)
        assert postmortem.get_exporter("plaintext").__name__ == "OtherPlain"

    def test_unknown_name_lists_installed_and_known_provider(self) -> None:
        """A missing known exporter names its distribution; the message lists what is installed."""
        with pytest.raises(ExporterNotFoundError) as info:
            postmortem.get_exporter("pdf" if "pdf" not in postmortem.exporter_names() else "nosuch")
        error = info.value
        assert "markdown" in error.available
        if error.name == "pdf":
            assert error.provider == "postmortem-exporter-pdf"
            assert "pip install postmortem-exporter-pdf" in str(error)

    def test_refresh_finds_newly_installed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The scan is cached until refreshed."""
        assert "plaintext" not in postmortem.exporter_names()
        monkeypatch.syspath_prepend(str(DATA / "plugins" / "one"))
        assert "plaintext" not in postmortem.exporter_names()
        _registry.refresh()
        assert "plaintext" in postmortem.exporter_names()


class TestRuntimeRegistration:
    """register_exporter and unregister_exporter."""

    def test_register_as_decorator(self) -> None:
        """A class registers under its own name and is listed at runtime."""
        postmortem.register_exporter(Shout)
        assert "shout" in postmortem.exporter_names()
        assert postmortem.export(sample_incident(), "shout") == sample_incident().title.upper()
        assert next(i for i in postmortem.exporter_info() if i.name == "shout").target == "<runtime>"
        postmortem.unregister_exporter("shout")
        assert "shout" not in postmortem.exporter_names()

    def test_taken_name_needs_override(self) -> None:
        """Replacing a built-in is explicit."""

        class MyMarkdown(Shout):
            name = "markdown"

        with pytest.raises(ExporterError, match="override=True"):
            postmortem.register_exporter(MyMarkdown)
        postmortem.register_exporter(MyMarkdown, override=True)
        assert postmortem.get_exporter("markdown") is MyMarkdown

    @pytest.mark.usefixtures("plaintext_installed")
    def test_an_installed_class_registered_again_is_itself(self) -> None:
        """The class an installed entry point names, registered in code too (a notebook beside an
        editable install, as docs/writing-an-exporter.md shows), is the same exporter, not a
        second one; another class under its name still needs override=True, and the error says
        where the name is taken."""
        import plaintext_exporter  # on sys.path through the fixture

        class Other(plaintext_exporter.PlainTextExporter):
            """Another exporter calling itself plaintext."""

        with pytest.raises(ExporterError, match="override=True") as info:
            postmortem.register_exporter(Other)
        installed = "(installed: plaintext_exporter:PlainTextExporter from postmortem-exporter-plaintext 1.2.0)"
        assert installed in str(info.value)
        postmortem.register_exporter(plaintext_exporter.PlainTextExporter)
        assert postmortem.get_exporter("plaintext") is plaintext_exporter.PlainTextExporter
        with pytest.raises(ExporterError, match=r"'plaintext' already exists \(registered in code\)"):
            postmortem.register_exporter(Other)

    def test_incomplete_exporter_is_refused(self) -> None:
        """An abstract exporter cannot be used."""

        class Half(Exporter):
            name = "half"
            media_type = "text/plain"
            suffix = ".txt"

        postmortem.register_exporter(Half)  # type: ignore[type-abstract]
        with pytest.raises(ExporterError, match="does not implement render"):
            postmortem.get_exporter("half")

    def test_name_mismatch_is_refused(self) -> None:
        """The registered name must be the exporter's own."""
        postmortem.register_exporter("tests.test_registry:Shout", name="loud")
        with pytest.raises(ExporterError, match="calls itself 'shout'"):
            postmortem.get_exporter("loud")


class TestOptions:
    """Declared options are checked and converted."""

    class WithOptions(Shout):
        name = "withoptions"
        options: ClassVar = {
            "size": postmortem.Option("size", int, 10, "A size."),
            "mode": postmortem.Option("mode", str, "a", "A mode.", choices=("a", "b")),
            "flag": postmortem.Option("flag", bool, False, "A flag."),
        }

    def test_text_values_are_converted(self) -> None:
        """Command-line text becomes the declared type."""
        exporter = self.WithOptions(size="12", flag="yes")
        assert exporter.settings == {"size": 12, "mode": "a", "flag": True}

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"size": "big"}, "option 'size' expects int"),
            ({"mode": "c"}, "must be one of a, b"),
            ({"flag": "maybe"}, "option 'flag' expects bool"),
            ({"colour": "red"}, "unknown option colour; accepted options: flag, mode, size"),
        ],
    )
    def test_bad_values_are_clear_errors(self, options: dict[str, str], message: str) -> None:
        """Each bad option names itself and what it expects."""
        with pytest.raises(ExporterError, match=message):
            self.WithOptions(**options)

    def test_publish_rejects_renderers(self) -> None:
        """Only publishers publish."""
        with pytest.raises(ExporterError, match="does not publish"):
            postmortem.publish(sample_incident(), "markdown")
