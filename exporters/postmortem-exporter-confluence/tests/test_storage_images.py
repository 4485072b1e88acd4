"""Images in prose become page attachments, shown with ``ac:image``, from the asset folder only.

The same policy as every exporter (:func:`postmortem.markup.read_image`): a file inside
``asset_dir``, at most 10 MiB, PNG, JPEG, GIF or WebP by its content. Any other image, and
every image without an asset folder, is its alt text in italics; no other file is read.
Publishing (to the local Confluence server) uploads each image once and the page refers to it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from click.testing import CliRunner
from postmortem_confluence import render_storage
from postmortem_confluence._storage import render_page
from postmortem_confluence._xml import STORAGE_NAMESPACES, wrap_for_parsing

import postmortem
from postmortem import model
from postmortem.cli import main
from postmortem.export import Attachment, publish
from postmortem.serialize import dump
from postmortem.testing import sample_incident, solid_png

if TYPE_CHECKING:
    from postmortem_confluence_testing import LocalConfluence

AC = "{" + STORAGE_NAMESPACES["ac"] + "}"
RI = "{" + STORAGE_NAMESPACES["ri"] + "}"


png = solid_png


def with_summary(summary: str) -> model.Incident:
    return attrs.evolve(sample_incident(), summary=summary)


def images(body: str) -> list[tuple[str | None, str | None]]:
    """``(file name, alt text)`` of every ``ac:image`` of the body, in order."""
    root = ET.fromstring(wrap_for_parsing(body))
    found = []
    for image in root.iter(f"{AC}image"):
        attachment = image.find(f"{RI}attachment")
        found.append((None if attachment is None else attachment.get(f"{RI}filename"), image.get(f"{AC}alt")))
    return found


def italic_texts(body: str) -> list[str]:
    root = ET.fromstring(wrap_for_parsing(body))
    return ["".join(em.itertext()) for em in root.iter("em")]


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "graphs").mkdir(parents=True)
    (folder / "map.png").write_bytes(png(40, 20))
    (folder / "graphs" / "map.png").write_bytes(png(20, 40, (21, 128, 61)))
    (tmp_path / "secret.png").write_bytes(png(4, 4, (0, 0, 0)))
    return folder


class TestStorage:
    """The body refers to attachments; render_page says which files they are."""

    def test_image_from_the_asset_folder_is_an_attachment(self, assets: Path) -> None:
        """ac:image with ri:attachment and the alt text; the file is listed to attach."""
        page = render_page(with_summary("Traffic moved:\n\n![Failover map, A to B](map.png)"), asset_dir=assets)
        assert images(page.body) == [("map.png", "Failover map, A to B")]
        (image,) = page.images
        assert (image.filename, image.media_type, image.data) == ("map.png", "image/png", png(40, 20))

    def test_each_file_is_attached_once_and_names_do_not_clash(self, assets: Path) -> None:
        """The same file twice is one attachment; another file of the same name gets -2; reserved names are kept free."""
        summary = "![a](map.png) ![b](map.png) ![c](graphs/map.png)"
        page = render_page(with_summary(summary), asset_dir=assets)
        assert images(page.body) == [("map.png", "a"), ("map.png", "b"), ("map-2.png", "c")]
        assert [image.filename for image in page.images] == ["map.png", "map-2.png"]
        reserved = render_page(with_summary("![a](map.png)"), asset_dir=assets, reserved=["MAP.png"])
        assert images(reserved.body) == [("map-2.png", "a")]

    def test_without_an_asset_folder_images_are_alt_text(self, assets: Path) -> None:
        """No asset_dir: no ac:image, the alt text in italics, nothing to attach."""
        page = render_page(with_summary("See ![Failover map](map.png) here."))
        assert images(page.body) == []
        assert page.images == ()
        assert "Failover map" in italic_texts(page.body)

    @pytest.mark.parametrize(
        "source", ["../secret.png", "/etc/hostname", "file:///etc/hostname", "https://example.com/x.png", "nope.png"]
    )
    def test_images_outside_the_folder_are_alt_text(self, assets: Path, source: str) -> None:
        """Leaving the folder, an absolute path, a URL or a missing file: alt text, nothing attached."""
        page = render_page(with_summary(f"![not attached]({source})"), asset_dir=assets)
        assert (images(page.body), page.images) == ([], ())
        assert "not attached" in italic_texts(page.body)

    def test_a_file_that_is_not_an_image_is_alt_text(self, assets: Path) -> None:
        """A .png that holds text and an SVG are never attached."""
        (assets / "notes.png").write_bytes(b"plain text")
        (assets / "chart.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
        page = render_page(with_summary("![a](notes.png) ![b](chart.svg)"), asset_dir=assets)
        assert (images(page.body), page.images) == ([], ())

    def test_file_names_are_cleaned(self, assets: Path) -> None:
        """Characters an attachment name should not hold become dashes; the name stays readable."""
        (assets / 'p99 "latency" #1.png').write_bytes(png(8, 8))
        page = render_page(with_summary("![p99](p99%20%22latency%22%20%231.png)"), asset_dir=assets)
        assert [image.filename for image in page.images] == ["p99 -latency- -1.png"]

    def test_render_storage_takes_the_asset_folder_too(self, assets: Path) -> None:
        """The offline body with asset_dir refers to the attachment publishing would upload."""
        body = render_storage(with_summary("![map](map.png)"), asset_dir=assets)
        assert images(body) == [("map.png", "map")]
        plain = postmortem.export(with_summary("![map](map.png)"), "confluence", timeline_chart=False)
        assert images(str(plain)) == []

    def test_import_reads_the_image_back(self, assets: Path) -> None:
        """postmortem import turns ac:image back into the Markdown image it came from."""
        from postmortem.importing import import_text

        summary = "Traffic moved.\n\n![Failover map, A to B](map.png)"
        body = render_storage(with_summary(summary), asset_dir=assets)
        assert import_text(body, "confluence").incident.summary == summary


class TestPublish:
    """Publishing to the local Confluence server uploads the images and the page shows them."""

    def test_images_are_uploaded_and_referenced(self, env: LocalConfluence, assets: Path) -> None:
        """Each image is an attachment of the page with its bytes; the stored body refers to it by name."""
        incident = with_summary("![Failover map](map.png) and ![other](graphs/map.png)")
        pdf = Attachment("map.png", b"%PDF-1.7 not an image", "application/pdf")
        result = publish(
            incident,
            "confluence",
            space="OPS",
            attachments=[pdf],
            exporter_options={"asset_dir": str(assets), "timeline_chart": False},
        )
        page = env.page(result.identifier or "")
        stored = {a.filename: (a.media_type, a.data) for a in env.attachments(page.id)}
        assert stored == {
            "map.png": ("application/pdf", b"%PDF-1.7 not an image"),
            "map-2.png": ("image/png", png(40, 20)),
            "map-3.png": ("image/png", png(20, 40, (21, 128, 61))),
        }
        assert images(page.body) == [("map-2.png", "Failover map"), ("map-3.png", "other")]

    def test_publishing_again_leaves_the_images_alone(self, env: LocalConfluence, assets: Path) -> None:
        """A second publish of the same incident uploads nothing; a changed image is a new version."""
        incident = with_summary("![Failover map](map.png)")
        options = {"asset_dir": str(assets), "timeline_chart": False}
        first = publish(incident, "confluence", space="OPS", exporter_options=options)
        again = publish(incident, "confluence", space="OPS", exporter_options=options)
        assert (first.action, again.action) == ("created", "unchanged")
        (assets / "map.png").write_bytes(png(41, 20))
        publish(incident, "confluence", space="OPS", exporter_options=options)
        (attachment,) = env.attachments(first.identifier or "")
        assert (attachment.filename, attachment.version, attachment.data) == ("map.png", 2, png(41, 20))

    def test_cli_asset_dir_attaches_images(self, env: LocalConfluence, assets: Path, tmp_path: Path) -> None:
        """`postmortem publish --asset-dir` attaches the images; without it the page shows alt text."""
        path = tmp_path / "incident.yaml"
        dump(with_summary("![Failover map](map.png)"), path)
        runner = CliRunner()
        plain = runner.invoke(main, ["publish", str(path), "--to", "confluence", "--space", "ENG"])
        assert plain.exit_code == 0, plain.output
        result = runner.invoke(
            main, ["publish", str(path), "--to", "confluence", "--space", "OPS", "--asset-dir", str(assets)]
        )
        assert result.exit_code == 0, result.output
        (eng,) = env.pages("ENG")
        (ops,) = env.pages("OPS")
        # Each page shows its timeline chart (attached as PNG, with the SVG) before any image of prose.
        chart = images(eng.body)
        assert [name for name, _alt in chart] == ["INC-2026-0042-timeline.png"]
        assert [a.filename for a in env.attachments(eng.id)] == [
            "INC-2026-0042-timeline.png",
            "INC-2026-0042-timeline.svg",
        ]
        assert "Failover map" in italic_texts(eng.body)
        assert images(ops.body) == [*chart, ("map.png", "Failover map")]
        assert [a.filename for a in env.attachments(ops.id)] == [
            "INC-2026-0042-timeline.png",
            "INC-2026-0042-timeline.svg",
            "map.png",
        ]


class TestSparseIncident:
    """An incident that records only its start: nothing to chart, no metric to measure."""

    def test_no_chart_attachment_and_one_line_for_the_metrics(self) -> None:
        """No chart PNG or SVG is attached or shown; one paragraph replaces the table of dashes,
        and the milestone table stays."""
        from postmortem import presentation, serialize

        incident = serialize.loads(
            "id: AUDIT-7\ntitle: Duplicate collection run\nmilestones:\n  started: 2026-07-01T10:15:00Z\n"
            "summary: The collection run was submitted twice.\n"
        )
        page = render_page(incident, timeline_chart=True)
        assert page.images == ()
        assert "ri:attachment" not in page.body
        assert f"<p>{presentation.LABELS['no_key_metrics']}</p>" in page.body
        assert "Time to detect" not in page.body
        assert "<th>Milestone</th>" in page.body
        two_moments = attrs.evolve(
            incident,
            timeline=(model.TimelineEvent(incident.milestones.started.replace(minute=40), "Refunds started."),),
        )
        assert [image.filename for image in render_page(two_moments, timeline_chart=True).images] == [
            "AUDIT-7-timeline.png",
            "AUDIT-7-timeline.svg",
        ]
