"""One duplicate policy for every plugin group: sources, rules and exporters share the registry.

Two distributions, written as real ``.dist-info`` directories on ``sys.path``, claim one name:
asking for it is an error naming both, until one is chosen with ``override=True``.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import postmortem
from postmortem import checks, sources
from postmortem.checks import _registry as rule_registry
from postmortem.errors import ExporterNotFoundError, PluginError
from postmortem.sources import _registry as source_registry
from postmortem.testing import sample_incident

MODULE_A = '''
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from postmortem.checks import rule
from postmortem.model import TimelineEvent


class EchoA:
    name = "echo"
    description = "one event per line, from A"

    def read(self, input, /, **options):
        for line in Path(input).read_text().splitlines():
            yield TimelineEvent(datetime(2026, 5, 4, tzinfo=timezone.utc), "A: " + line, source="echo")


@rule("acme/shared-id", severity="info")
def shared_rule(incident, context):
    """From distribution A."""
    yield context.finding("$.title", "A looked at the title")
'''

MODULE_B = MODULE_A.replace("EchoA", "EchoB").replace('"A: "', '"B: "').replace("from A", "from B")
MODULE_B = MODULE_B.replace("From distribution A", "From distribution B").replace("A looked", "B looked")


def _distribution(root: Path, dist: str, module: str, source: str, entry_points: str) -> None:
    (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def two_distributions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """pm-dup-a and pm-dup-b both provide the source ``echo`` and the rule ``acme/shared-id``."""
    for dist, module, source in (("pm-dup-a", "pm_dup_a", MODULE_A), ("pm-dup-b", "pm_dup_b", MODULE_B)):
        cls = "EchoA" if module.endswith("a") else "EchoB"
        _distribution(
            tmp_path,
            dist,
            module,
            source,
            f"[postmortem.sources]\necho = {module}:{cls}\n\n[postmortem.rules]\nacme/shared-id = {module}:shared_rule\n",
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    source_registry.refresh()
    rule_registry.refresh()
    yield
    source_registry.unregister_source("echo")
    rule_registry.unregister_rule("acme/shared-id")
    monkeypatch.undo()
    for module in ("pm_dup_a", "pm_dup_b"):
        sys.modules.pop(module, None)
    source_registry.refresh()
    rule_registry.refresh()


@pytest.mark.usefixtures("two_distributions")
class TestDuplicates:
    def test_source_claimed_twice_names_both_distributions(self, tmp_path: Path) -> None:
        """get_source refuses to pick one of two; override=True picks one."""
        assert sources.source_names().count("echo") == 1  # listed once, however many provide it
        with pytest.raises(sources.SourcePluginError) as info:
            sources.get_source("echo")
        message = str(info.value)
        assert "pm-dup-a" in message
        assert "pm-dup-b" in message
        assert "register_source" in message
        assert isinstance(info.value, PluginError)
        sources.register_source("pm_dup_b:EchoB", name="echo", override=True)
        lines = tmp_path / "lines.txt"
        lines.write_text("one\n", encoding="utf-8")
        assert [event.description for event in sources.get_source("echo").read(lines)] == ["B: one"]

    def test_rule_claimed_twice_names_both_distributions(self) -> None:
        """get_rule and check() refuse to pick one of two rules with one id; override=True picks one."""
        assert "acme/shared-id" in checks.available_rules()
        with pytest.raises(checks.RuleLoadError) as info:
            checks.get_rule("acme/shared-id")
        assert "pm-dup-a" in str(info.value)
        assert "pm-dup-b" in str(info.value)
        with pytest.raises(PluginError, match="pm-dup-b"):
            checks.check(sample_incident())
        checks.register_rule("pm_dup_a:shared_rule", name="acme/shared-id", override=True)
        report = checks.check(sample_incident())
        assert [finding.message for finding in report.filter(rule="acme/shared-id")] == ["A looked at the title"]

    def test_a_registered_name_needs_override(self) -> None:
        """A name an installed distribution provides cannot be taken silently in code."""
        with pytest.raises(sources.SourcePluginError, match="already exists"):
            sources.register_source("pm_dup_a:EchoA", name="echo")
        with pytest.raises(ValueError, match="already exists"):  # what register_source raised before
            sources.register_source("pm_dup_a:EchoA", name="echo")
        with pytest.raises(checks.RuleLoadError, match="already exists"):
            checks.register_rule("pm_dup_a:shared_rule", name="acme/shared-id")


class TestDidYouMean:
    @pytest.mark.parametrize(
        ("lookup", "error", "typo", "meant"),
        [
            (sources.get_source, sources.SourceNotFoundError, "slak", "slack"),
            (checks.get_rule, checks.RuleNotFoundError, "completeness/action-ower", "completeness/action-owner"),
            (postmortem.get_exporter, ExporterNotFoundError, "markdwn", "markdown"),
        ],
    )
    def test_a_typo_names_the_close_name(self, lookup: object, error: type[Exception], typo: str, meant: str) -> None:
        """Every group answers an unknown name with the closest installed one, in one error family."""
        with pytest.raises(error, match=f"did you mean {meant!r}") as info:
            lookup(typo)  # type: ignore[operator]
        assert isinstance(info.value, PluginError)
        assert isinstance(info.value, LookupError)


def test_a_plugin_module_that_raises_is_a_plugin_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any error while importing a plugin's module names the entry point, for every group."""
    _distribution(
        tmp_path,
        "pm-boom",
        "pm_boom",
        "raise RuntimeError('the module fails at import')\n",
        "[postmortem.sources]\nboom = pm_boom:Boom\n\n[postmortem.rules]\nacme/boom = pm_boom:boom\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    source_registry.refresh()
    rule_registry.refresh()
    try:
        with pytest.raises(sources.SourcePluginError, match=r"pm_boom:Boom\) cannot be imported: RuntimeError"):
            sources.get_source("boom")
        with pytest.raises(checks.RuleLoadError, match=r"pm_boom:boom\) cannot be imported: RuntimeError"):
            checks.get_rule("acme/boom")
    finally:
        monkeypatch.undo()
        sys.modules.pop("pm_boom", None)
        source_registry.refresh()
        rule_registry.refresh()
