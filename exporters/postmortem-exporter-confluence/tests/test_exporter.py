"""The confluence exporter: the shared contract, and publishing through the exporter API."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import settings
from postmortem_confluence import ConfluenceExporter, normalise_label
from postmortem_confluence._xml import STORAGE_NAMESPACES, parse_storage, wrap_for_parsing

from postmortem import model
from postmortem.cli import main
from postmortem.errors import ExporterError
from postmortem.export import Attachment, export, get_exporter, publish
from postmortem.serialize import dump, load
from postmortem.testing import HOSTILE_SETTINGS, ExporterContract, examples, sample_incident

if TYPE_CHECKING:
    from postmortem_confluence_testing import LocalConfluence

RI = "{" + STORAGE_NAMESPACES["ri"] + "}"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def readable_text(storage: str) -> str:
    """The text a reader sees, with a space between elements so cells do not run together."""
    root = ET.fromstring(wrap_for_parsing(storage))
    return " ".join(part for part in root.itertext())


@pytest.mark.slow
class TestConfluenceContract(ExporterContract):
    """The contract every exporter passes."""

    exporter_name = "confluence"
    # Fewer hostile incidents in the everyday run, the contract's 25 in the thorough run.
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=8, full=25))

    def extract_text(self, output: str | bytes) -> str:
        assert isinstance(output, str)
        return readable_text(output)

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        assert isinstance(output, str)
        root = ET.fromstring(wrap_for_parsing(output))
        assert root.find("h2") is not None

    shows_chart = True

    def check_chart(self, document: bytes, files: dict[str, bytes], incident: model.Incident) -> None:
        """The body shows the chart's PNG attachment, written beside it with the SVG; the alt text describes it."""
        from postmortem import chart

        # Page attachments are named after the incident, whatever the file's name.
        assert sorted(files) == [f"{incident.id}-timeline.png", f"{incident.id}-timeline.svg"]
        root = parse_storage(document.decode("utf-8"))
        ac = "{" + STORAGE_NAMESPACES["ac"] + "}"
        (image,) = root.iter(f"{ac}image")
        shown = image.find(f"{RI}attachment")
        assert shown is not None
        assert files[str(shown.get(f"{RI}filename"))] == chart.timeline_png(incident)
        assert image.get(f"{ac}alt") == chart.timeline_description(incident)
        svg = next(data for name, data in files.items() if name.endswith(".svg"))
        assert svg == chart.timeline_svg(incident, standalone=True).encode("utf-8")


class TestOfflineExport:
    def test_export_needs_no_credentials(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Exporting writes the storage XHTML without any Confluence settings."""
        for name in ("POSTMORTEM_CONFLUENCE_URL", "POSTMORTEM_CONFLUENCE_USER", "POSTMORTEM_CONFLUENCE_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        written = export(sample_incident(), "confluence", tmp_path)
        assert isinstance(written, Path)
        assert written.name == "INC-2026-0042.xhtml"
        assert "Summary marker SUMMARY7" in readable_text(written.read_text(encoding="utf-8"))

    def test_rendering_does_not_load_the_http_stack(self) -> None:
        """Importing the package and rendering leave requests and atlassian-python-api unloaded."""
        code = (
            "import sys\n"
            "from postmortem.export import export\n"
            "from postmortem.testing import sample_incident\n"
            "export(sample_incident(), 'confluence')\n"
            "print(sorted(m for m in ('requests', 'atlassian', 'urllib3') if m in sys.modules))\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "[]"

    def test_declared_format(self) -> None:
        """Name, media type, suffix and text output are as documented."""
        cls = get_exporter("confluence")
        assert (cls.name, cls.media_type, cls.suffix, cls.binary) == (
            "confluence",
            "application/xhtml+xml",
            ".xhtml",
            False,
        )

    def test_deployment_option_picks_the_mention_form(self) -> None:
        """deployment=datacenter mentions by user key; the default (cloud) by account id."""
        cloud = ET.fromstring(wrap_for_parsing(ConfluenceExporter().render(sample_incident())))
        dc = ET.fromstring(wrap_for_parsing(ConfluenceExporter(deployment="datacenter").render(sample_incident())))
        assert {u.get(f"{RI}account-id") for u in cloud.iter(f"{RI}user")} == {"5b10ac8d82e05b22cc7d4ef5"}
        assert {u.get(f"{RI}userkey") for u in dc.iter(f"{RI}user")} == {"5b10ac8d82e05b22cc7d4ef5"}

    def test_bad_option_value_is_rejected(self) -> None:
        """An unknown deployment is a clear error naming the choices."""
        with pytest.raises(ExporterError, match="cloud, datacenter"):
            ConfluenceExporter(deployment="server")


class TestPublishThroughTheAPI:
    def test_publish_creates_then_updates(self, env: LocalConfluence) -> None:
        """postmortem.export.publish creates version 1, then 2 after a change, with labels and attachments."""
        incident = sample_incident()
        pdf = Attachment("INC-2026-0042.pdf", b"%PDF-1.7 one", "application/pdf")
        first = publish(incident, "confluence", space="OPS", labels=("postmortem", "sev2"))
        assert (first.action, first.version) == ("created", 1)
        exporter = ConfluenceExporter()
        changed = attrs.evolve(incident, summary="A new summary.")
        second = exporter.publish(changed, space="OPS", attachments=[pdf])
        assert (second.action, second.version, second.identifier) == ("updated", 2, first.identifier)
        page = env.page(first.identifier or "")
        assert page.title == "INC-2026-0042: Checkout outage marker TITLE7"
        assert page.labels == ["postmortem", "sev2"]
        assert [a.filename for a in env.attachments(page.id)] == [
            "INC-2026-0042-timeline.png",
            "INC-2026-0042-timeline.svg",
            "INC-2026-0042.pdf",
        ]

    def test_the_timeline_chart_is_uploaded_and_shown(self, env: LocalConfluence) -> None:
        """The page shows the chart's PNG attachment with its description as alt text; the SVG is attached and linked."""
        from postmortem import chart

        incident = sample_incident()
        result = publish(incident, "confluence", space="OPS")
        page = env.page(result.identifier or "")
        stored = {a.filename: (a.media_type, a.data) for a in env.attachments(page.id)}
        assert stored == {
            "INC-2026-0042-timeline.png": ("image/png", chart.timeline_png(incident)),
            "INC-2026-0042-timeline.svg": (
                "image/svg+xml",
                chart.timeline_svg(incident, standalone=True).encode("utf-8"),
            ),
        }
        root = parse_storage(page.body)
        ac, ri = "{http://atlassian.com/content}", "{http://atlassian.com/resource/identifier}"
        (image,) = root.iter(f"{ac}image")
        assert image.get(f"{ac}alt") == chart.timeline_description(incident)
        assert image.find(f"{ri}attachment").get(f"{ri}filename") == "INC-2026-0042-timeline.png"
        links = [link.find(f"{ri}attachment") for link in root.iter(f"{ac}link")]
        assert "INC-2026-0042-timeline.svg" in [link.get(f"{ri}filename") for link in links if link is not None]

    @pytest.mark.parametrize("example", ["api-outage-feature-flag", "latency-database-hotspot"])
    def test_examples_publish_then_update(self, env: LocalConfluence, example: str) -> None:
        """Each complete example is created at version 1 with attachments, then updated to 2 with them replaced."""
        incident = load(EXAMPLES / f"{example}.yaml")
        labels = ("postmortem", *incident.tags)
        first = publish(incident, "confluence", attach=("markdown", "html"), space="OPS", labels=labels)
        again = publish(incident, "confluence", attach=("markdown", "html"), space="OPS", labels=labels)
        changed = attrs.evolve(incident, summary=incident.summary + "\n\nReviewed again.")
        second = publish(changed, "confluence", attach=("markdown", "html"), space="OPS", labels=labels)
        assert [r.action for r in (first, again, second)] == ["created", "unchanged", "updated"]
        assert [r.version for r in (first, again, second)] == [1, 1, 2]
        page = env.page(first.identifier or "")
        assert page.labels == [normalise_label(label) for label in labels]
        attachments = {a.filename: a.version for a in env.attachments(page.id)}
        stem = incident.id
        # The chart did not change with the summary: its attachments stay at version 1.
        assert attachments == {f"{stem}.md": 2, f"{stem}.html": 2, f"{stem}-timeline.png": 1, f"{stem}-timeline.svg": 1}
        assert "Reviewed again." in readable_text(page.body)

    def test_mentions_follow_the_connection(self, env: LocalConfluence) -> None:
        """Publishing to Data Center writes user keys, to Cloud account ids, without any option."""
        result = publish(sample_incident(), "confluence", space="OPS")
        body = env.page(result.identifier or "").body
        expected = "ri:account-id" if env.deployment == "cloud" else "ri:userkey"
        assert f'{expected}="5b10ac8d82e05b22cc7d4ef5"' in body

    def test_dry_run_reports_a_plan(self, env: LocalConfluence) -> None:
        """A dry run writes nothing and lists what it would do."""
        result = publish(sample_incident(), "confluence", space="OPS", dry_run=True)
        assert result.action == "would create"
        assert result.details["plan"][0] == "create page 'INC-2026-0042: Checkout outage marker TITLE7' (space OPS)"
        assert env.pages() == []

    def test_cli_dry_run_prints_the_plan(self, env: LocalConfluence, tmp_path: Path) -> None:
        """`postmortem publish --dry-run` prints each step it would take, and changes nothing."""
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        result = CliRunner().invoke(
            main, ["publish", str(path), "--to", "confluence", "--space", "OPS", "--label", "postmortem", "--dry-run"]
        )
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith("would create")
        assert lines[1] == "  create page 'INC-2026-0042: Checkout outage marker TITLE7' (space OPS)"
        assert env.pages() == []

    def test_space_is_required(self, env: LocalConfluence) -> None:
        """Publishing without a space (or a remembered page) says what is missing."""
        with pytest.raises(ExporterError, match="space"):
            publish(sample_incident(), "confluence")

    def test_cli_publish(self, env: LocalConfluence, tmp_path: Path) -> None:
        """`postmortem publish` creates the page, and a second run leaves it unchanged."""
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        runner = CliRunner()
        first = runner.invoke(main, ["publish", str(path), "--to", "confluence", "--space", "OPS"])
        second = runner.invoke(main, ["publish", str(path), "--to", "confluence", "--space", "OPS"])
        assert first.exit_code == 0, first.output
        assert first.output.startswith("created ")
        assert second.output.startswith("unchanged ")
        assert [p.version for p in env.pages("OPS")] == [1]

    def test_cli_attaching_an_exporter_not_installed_is_bad_input(self, env: LocalConfluence, tmp_path: Path) -> None:
        """``--attach`` naming no installed exporter exits 2 before anything is sent."""
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        before = len(env.requests)
        args = ["publish", str(path), "--to", "confluence", "--space", "OPS", "--attach", "no-such-format"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert "no exporter named 'no-such-format'" in result.output
        assert len(env.requests) == before
        assert env.pages("OPS") == []

    def test_cli_error_hides_the_token(
        self, env: LocalConfluence, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A rejected token is reported with exit code 1 and without the token."""
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_TOKEN", "wrong-secret-token-991")
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        result = CliRunner().invoke(main, ["publish", str(path), "--to", "confluence", "--space", "OPS"])
        assert result.exit_code == 1
        assert "401" in result.output
        assert "wrong-secret-token-991" not in result.output
