"""docs/writing-an-exporter.md's exporter runs, installed the way the page says.

Its ``render`` was ``...``: a reader who pasted the class got an exporter that returned None.
The page's first block is now a small working exporter. This test writes it into a throw-away
distribution (a package and a ``.dist-info`` with the page's entry point, on ``sys.path``),
finds it through the entry-point group as ``postmortem export --to slack`` does, and runs the
command and the page's other examples on the project's examples.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import entry_points
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import postmortem
from postmortem import _registry
from postmortem.cli import main

from .conftest import EXAMPLES, ROOT

PAGE = ROOT / "docs" / "writing-an-exporter.md"
INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"
_FENCE = re.compile(r"^```(?P<lang>\w+)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(lang: str) -> list[str]:
    return [m.group("code") for m in _FENCE.finditer(PAGE.read_text(encoding="utf-8")) if m.group("lang") == lang]


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_registry: None) -> None:
    """The page's class as an installed distribution, registered by the page's entry point."""
    if any(point.name == "slack" for point in entry_points(group="postmortem.exporters")):
        pytest.skip("an exporter named slack is installed already (the example distribution)")
    package = tmp_path / "postmortem_slack_docs"
    package.mkdir()
    (package / "__init__.py").write_text(_blocks("python")[0], encoding="utf-8")
    toml = _blocks("toml")[0]
    (line,) = [line for line in toml.splitlines() if line.startswith("slack = ")]
    assert line == 'slack = "postmortem_slack:SlackExporter"'  # the page's, with our package's name below
    info = tmp_path / "postmortem_slack_docs-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: postmortem-slack-docs\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        '[postmortem.exporters]\nslack = "postmortem_slack_docs:SlackExporter"\n'.replace('"', ""), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    _registry.refresh()


@pytest.mark.usefixtures("installed")
class TestThePagesExporter:
    def test_listed(self) -> None:
        result = CliRunner().invoke(main, ["exporters"])
        assert "slack" in result.stdout.split()

    def test_export(self, tmp_path: Path) -> None:
        """``export --to slack`` writes a Block Kit message: a header, the summary, open items, the button."""
        out = tmp_path / "out"
        args = ["export", str(INCIDENT), "--to", "slack", "-o", str(out)]
        result = CliRunner().invoke(main, [*args, "-O", "slack.report_url=https://wiki.example.com/INC-2026-0187"])
        assert result.exit_code == 0, result.output
        (written,) = out.glob("*.slack.json")
        blocks = json.loads(written.read_text(encoding="utf-8"))["blocks"]
        incident = postmortem.load(INCIDENT)
        assert blocks[0]["text"]["text"] == incident.title
        assert [block["type"] for block in blocks] == ["header", "section", "section", "actions"]
        assert blocks[-1]["elements"][0]["url"] == "https://wiki.example.com/INC-2026-0187"

    def test_options_converted_and_checked(self) -> None:
        """``-O`` text becomes the declared int; a value below the minimum is a usage error."""
        exporter = postmortem.get_exporter("slack")
        one = json.loads(exporter(max_action_items=1).render(postmortem.load(INCIDENT)))
        assert one["blocks"][2]["text"]["text"].count("•") == 1
        result = CliRunner().invoke(main, ["export", str(INCIDENT), "--to", "slack", "-O", "slack.max_action_items=-1"])
        assert result.exit_code == 2
        assert "must be at least 0, got -1" in result.output

    def test_escaped_and_unsafe_links_left_out(self) -> None:
        """Incident text is escaped for mrkdwn; a javascript: report URL gets no button."""
        incident = postmortem.load(INCIDENT)
        incident = attrs.evolve(incident, summary="a <b> & c")
        exporter = postmortem.get_exporter("slack")(report_url="javascript:alert(1)")
        blocks = json.loads(exporter.render(incident))["blocks"]
        assert "actions" not in [block["type"] for block in blocks]
        assert "<" not in blocks[1]["text"]["text"]


@pytest.mark.usefixtures("clean_registry")
def test_the_pages_registration_and_subclass() -> None:
    """The page's second Python block: register in code, and a Markdown of one's own."""
    if any(point.name == "slack" for point in entry_points(group="postmortem.exporters")):
        pytest.skip("an exporter named slack is installed already (the example distribution)")
    namespace: dict[str, object] = {}
    exec(_blocks("python")[0], namespace)
    exec(_blocks("python")[1], namespace)
    incident = postmortem.load(INCIDENT)
    assert postmortem.get_exporter("markdown")().render(incident).endswith("\nReviewed by the SRE guild.\n")
    assert json.loads(postmortem.get_exporter("slack")().render(incident))["blocks"][0]["type"] == "header"
