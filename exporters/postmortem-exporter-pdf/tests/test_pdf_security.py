"""Rendering reads no local file and makes no network request unless the caller allows a directory."""

from __future__ import annotations

import base64
import enum
import io
import logging
from pathlib import Path
from typing import Any

import attrs
import pypdf
import pytest
from postmortem_pdf import PdfExporter
from postmortem_pdf._fetcher import describe_url
from postmortem_pdf._render import html_to_pdf

from postmortem.errors import ExporterError
from postmortem.export import export
from postmortem.testing import pdf_text, sample_incident, thorough_only

from .pdf_helpers import CANARY_TEXT, LoopbackServer, image_objects, png_bytes, short_incident


def hostile_payload(canary: Path, server: LoopbackServer) -> str:
    """Markup and CSS that would load the canary file and hit the server if it were ever honoured."""
    file_url = canary.as_uri()
    web = server.url
    return (
        f'<img src="{file_url}"><img src="{web}/text.png">'
        f'<link rel="attachment" href="{file_url}"><link rel="stylesheet" href="{web}/link.css">'
        f"<style>@import url({web}/import.css); body {{ background: url({file_url}) }}</style>"
        f'<object data="{web}/object.png"></object><svg><image href="{web}/svg.png"/></svg>'
        f" url({web}/bare.png) url({file_url}) @import url({web}/bare.css);"
    )


def poison(value: Any, payload: str) -> Any:
    """Append ``payload`` to every text field of an attrs object that accepts it, recursively."""
    if isinstance(value, tuple):
        return tuple(poison(item, payload) for item in value)
    if not attrs.has(type(value)):
        return value
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if isinstance(current, str) and not isinstance(current, enum.Enum):
            replacement: Any = f"{current} {payload}" if current else payload
        elif isinstance(current, (tuple, list)) or attrs.has(type(current)):
            replacement = poison(current, payload)
        else:
            continue
        try:
            value = attrs.evolve(value, **{field.name: replacement})
        except (ValueError, TypeError, LookupError):
            continue  # the field must keep a valid value (an enum, a timezone name)
    return value


def one_of_each(incident: Any) -> Any:
    """``incident`` with each of its lists cut to its first entry, so that every field is still written."""
    cut = {
        field.name: getattr(incident, field.name)[:1]
        for field in attrs.fields(type(incident))
        if isinstance(getattr(incident, field.name), tuple)
    }
    assert all(value != () for name, value in cut.items() if name != "suppressions")
    return attrs.evolve(incident, **cut)


def attachments(data: bytes) -> dict[str, list[bytes]]:
    """The files embedded in a PDF."""
    return dict(pypdf.PdfReader(io.BytesIO(data)).attachments)


def image_count(data: bytes) -> int:
    """How many distinct raster images the PDF holds."""
    return len(image_objects(data))


class TestDefaultPolicy:
    """By default, only data: URIs are loaded: whatever the incident, template or CSS asks for."""

    def test_control_plain_weasyprint_does_fetch(self, canary: Path, loopback: LoopbackServer) -> None:
        """Control: WeasyPrint's own fetcher loads the same markup, so the checks below can fail."""
        import weasyprint

        data = weasyprint.HTML(string=f"<html><body>{hostile_payload(canary, loopback)}</body></html>").write_pdf()
        assert loopback.requests != []
        assert CANARY_TEXT.encode() in b"".join(b"".join(files) for files in attachments(data).values())

    # Everyday, the sample with one entry in each list (every field still written: 15 pages,
    # 2.5 s of CPU to render); the thorough tier also poisons the whole sample (20 pages, 3.7 s).
    @pytest.mark.slow
    @pytest.mark.parametrize("whole", [False, pytest.param(True, marks=thorough_only)], ids=["one-of-each", "whole"])
    def test_incident_text_in_every_field_loads_nothing(
        self, whole: bool, canary: Path, loopback: LoopbackServer
    ) -> None:
        """Markup in every text field of an incident is shown as text and fetches nothing."""
        base = sample_incident() if whole else one_of_each(sample_incident(events=1))
        incident = poison(base, hostile_payload(canary, loopback))
        assert incident.title.endswith("bare.css);")
        assert incident.timeline[0].description.endswith("bare.css);")
        assert incident.action_items[0].owner is not None
        assert incident.action_items[0].owner.endswith("bare.css);")
        data = export(incident, "pdf")
        assert isinstance(data, bytes)
        assert loopback.requests == []
        # One pypdf reader for the structure of this 20-page PDF; PDFium reads its text.
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert dict(reader.attachments) == {}
        assert len(image_objects(reader)) == 0
        text = pdf_text(data)
        assert CANARY_TEXT not in text
        assert "import.css" in text  # the markup is visible as text, escaped

    def test_raw_hostile_html_is_refused(self, canary: Path, loopback: LoopbackServer) -> None:
        """Unescaped hostile HTML through the rendering function itself loads nothing and says what it refused."""
        html = f"<!DOCTYPE html><html><body><p>Report</p>{hostile_payload(canary, loopback)}</body></html>"
        rendered = html_to_pdf(html)
        assert loopback.requests == []
        assert attachments(rendered.data) == {}
        assert image_count(rendered.data) == 0
        assert CANARY_TEXT not in pdf_text(rendered.data)
        assert f"{loopback.url}/text.png" in rendered.refused
        assert f"{loopback.url}/import.css" in rendered.refused
        assert canary.as_uri() in rendered.refused

    @pytest.mark.parametrize(
        "css",
        [
            "@import url({web}/extra.css);",
            '@import "{web}/extra2.css";',
            "body {{ background: url({web}/bg.png) }}",
            "body {{ background: url({file}) }}",
            "@font-face {{ font-family: X; src: url({web}/font.woff) }} body {{ font-family: X }}",
            "@font-face {{ font-family: Y; src: url({file}) }} body {{ font-family: Y }}",
            "h1::after {{ content: url({web}/after.png) }}",
            "li {{ list-style-image: url({file}) }}",
        ],
    )
    def test_extra_css_cannot_load(self, css: str, canary: Path, loopback: LoopbackServer) -> None:
        """The caller's extra_css may not import stylesheets, fonts or images from the web or disk.

        The two-page incident has what the rules select (the body, the h1, list items)."""
        incident = short_incident()
        assert all(tag in PdfExporter().html(incident) for tag in ("<body", "<h1", "<li"))
        data = export(incident, "pdf", extra_css=css.format(web=loopback.url, file=canary.as_uri()))
        assert isinstance(data, bytes)
        assert loopback.requests == []
        assert image_count(data) == 0
        assert CANARY_TEXT.encode() not in data

    def test_custom_template_cannot_load(self, tmp_path: Path, canary: Path, loopback: LoopbackServer) -> None:
        """A custom template's own <img> and <link rel=attachment> are refused too."""
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "branded.html.j2").write_text(
            '{% extends "html/incident.html.j2" %}{% block footer %}'
            f'<img src="{loopback.url}/tpl.png"><link rel="attachment" href="{canary.as_uri()}">'
            "{% endblock %}",
            encoding="utf-8",
        )
        data = export(short_incident(), "pdf", template_dirs=(str(templates),), template="branded.html.j2")
        assert isinstance(data, bytes)
        assert loopback.requests == []
        assert attachments(data) == {}

    def test_refusals_are_logged_without_credentials(
        self, loopback: LoopbackServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Refused URLs are logged by scheme, host and path, never with user, password or query."""
        secret_url = loopback.url.replace("http://", "http://alice:hunter2@") + "/img.png?token=s3cr3t#frag"
        with caplog.at_level(logging.WARNING, logger="postmortem_pdf"):
            rendered = html_to_pdf(f'<html><body><img src="{secret_url}"></body></html>')
        assert rendered.refused == (f"{loopback.url}/img.png",)
        messages = " ".join(record.getMessage() for record in caplog.records if record.name == "postmortem_pdf")
        assert f"{loopback.url}/img.png" in messages
        for secret in ("alice", "hunter2", "s3cr3t", "frag"):
            assert secret not in messages
        assert loopback.requests == []


class TestBaseDir:
    """A base directory, named by the caller, is the only place files may come from."""

    @pytest.fixture
    def assets(self, tmp_path: Path, canary: Path) -> Path:
        base = tmp_path / "assets"
        base.mkdir()
        (base / "inside.png").write_bytes(png_bytes(colour="blue"))
        (base / "sub").mkdir()
        (base / "sub" / "other.png").write_bytes(png_bytes(colour="yellow"))
        (base / "escape.png").symlink_to(canary)
        (tmp_path / "outside.png").write_bytes(png_bytes(colour="green"))
        return base

    def test_files_inside_are_read(self, assets: Path) -> None:
        """Images inside base_dir, by relative path or file: URL, are embedded."""
        html = f'<html><body><img src="inside.png"><img src="{(assets / "sub" / "other.png").as_uri()}"></body></html>'
        rendered = html_to_pdf(html, base_dir=assets)
        assert rendered.refused == ()
        assert image_count(rendered.data) == 2

    def test_nothing_outside_is_read(self, assets: Path, canary: Path, loopback: LoopbackServer) -> None:
        """Parent paths, symbolic links out of the directory, other files and the network stay refused."""
        html = (
            '<html><body><img src="../outside.png"><img src="escape.png"><img src="inside.png">'
            f'<img src="{(assets.parent / "outside.png").as_uri()}"><img src="%2e%2e/outside.png">'
            f'<link rel="attachment" href="{canary.as_uri()}"><img src="{loopback.url}/x.png">'
            '<img src="file://localhost/etc/hostname"><img src="file://otherhost/inside.png"></body></html>'
        )
        rendered = html_to_pdf(html, base_dir=assets)
        assert image_count(rendered.data) == 1
        assert attachments(rendered.data) == {}
        assert loopback.requests == []
        # ../outside.png and its absolute URL are one resource to WeasyPrint, fetched once.
        assert set(rendered.refused) == {
            (assets.parent / "outside.png").as_uri(),
            (assets / "escape.png").as_uri(),
            f"{assets.as_uri()}/%2e%2e/outside.png",
            canary.as_uri(),
            f"{loopback.url}/x.png",
            "file://localhost/etc/hostname",
            "file://otherhost/inside.png",
        }

    @pytest.mark.slow
    def test_exporter_passes_base_dir(self, assets: Path, tmp_path: Path) -> None:
        """The exporter's base_dir option lets a custom template show a picture from that directory."""
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "branded.html.j2").write_text(
            '{% extends "html/incident.html.j2" %}{% block footer %}<img src="inside.png">{% endblock %}',
            encoding="utf-8",
        )
        options = {"template_dirs": (str(templates),), "template": "branded.html.j2"}
        assert image_count(PdfExporter(**options).render(short_incident())) == 0
        assert image_count(PdfExporter(base_dir=assets, **options).render(short_incident())) == 1

    def test_base_dir_removed_before_rendering(self, tmp_path: Path) -> None:
        """A base_dir that disappears between creating the exporter and rendering is an ExporterError."""
        base = tmp_path / "gone"
        base.mkdir()
        exporter = PdfExporter(base_dir=base)
        base.rmdir()
        with pytest.raises(ExporterError, match="base_dir cannot be used"):
            exporter.render(sample_incident())

    def test_base_dir_must_be_a_directory(self, tmp_path: Path) -> None:
        """A base_dir that is not a directory is refused when the exporter is made."""
        with pytest.raises(ExporterError, match="not a directory"):
            PdfExporter(base_dir=tmp_path / "missing")
        with pytest.raises(ExporterError, match="expects a path"):
            PdfExporter(base_dir=42)


class TestLogo:
    """The logo is checked, then embedded as a data: URI we write ourselves."""

    @pytest.mark.slow
    def test_png_logo_is_embedded(self, sample_pdf: bytes) -> None:
        """A PNG logo given as bytes is the document's one image (none without it: the session's render
        of the sample), rendered on the two-page short incident: its length plays no part."""
        assert image_count(sample_pdf) == 0
        assert image_count(PdfExporter(logo=png_bytes(32)).render(short_incident())) == 1

    def test_svg_logo_is_drawn_and_cannot_fetch(self, loopback: LoopbackServer) -> None:
        """An SVG logo is drawn; an <image> inside it pointing at the network is refused."""
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/>'
            f'<image href="{loopback.url}/inner.png" width="10" height="10"/></svg>'
        )
        data = PdfExporter(logo=svg.encode()).render(short_incident())
        assert data.startswith(b"%PDF-")
        assert loopback.requests == []

    def test_logo_path_inside_base_dir(self, tmp_path: Path) -> None:
        """A logo given as a path is read from inside base_dir."""
        (tmp_path / "brand").mkdir()
        (tmp_path / "brand" / "logo.png").write_bytes(png_bytes(16))
        data = PdfExporter(logo="brand/logo.png", base_dir=tmp_path).render(short_incident())
        assert image_count(data) == 1

    @pytest.mark.parametrize(
        ("logo", "message"),
        [
            (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "not a readable image"),
            (png_bytes(64)[:-40], "not a readable image"),
            (b"GIF89a\x00", "not a readable image"),
            (b"hello, not an image", "not a readable image"),
            (b"", "empty"),
            (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not well-formed SVG"),
            (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><svg>&a;</svg>", "entities"),
            (b"<?xml version='1.0'?><html><svg/></html>", "not SVG"),
        ],
    )
    def test_corrupt_logo_is_a_clear_error(self, logo: bytes, message: str) -> None:
        """A corrupt or truncated logo is an ExporterError naming the logo, not a traceback or a blank."""
        with pytest.raises(ExporterError, match=f"logo.*{message}|{message}.*logo|logo is {message}"):
            PdfExporter(logo=logo).render(sample_incident())

    def test_corrupt_data_uri_fails_the_render(self) -> None:
        """A required data: image that WeasyPrint cannot decode stops the render with an ExporterError."""
        uri = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()
        html = f'<html><body><img src="{uri}"></body></html>'
        assert html_to_pdf(html).data.startswith(b"%PDF-")  # not required: left out, as WeasyPrint does
        with pytest.raises(ExporterError, match="embedded image could not be decoded"):
            html_to_pdf(html, required_images=(uri,))

    @pytest.mark.parametrize("path", ["../logo.png", "/etc/hostname", "link.png", "nothing-here.png"])
    def test_logo_path_outside_base_dir(self, tmp_path: Path, path: str) -> None:
        """A logo path that leaves base_dir (directly or through a link) or does not exist is refused."""
        base = tmp_path / "base"
        base.mkdir()
        (tmp_path / "logo.png").write_bytes(png_bytes())
        (base / "link.png").symlink_to(tmp_path / "logo.png")
        with pytest.raises(ExporterError, match=r"outside base_dir|cannot be read"):
            PdfExporter(logo=path, base_dir=base).render(sample_incident())

    def test_logo_path_needs_base_dir(self) -> None:
        """A logo path without base_dir is refused: no file is read by default."""
        with pytest.raises(ExporterError, match="base_dir"):
            PdfExporter(logo="logo.png").render(sample_incident())


class TestDescribeUrl:
    """What is logged about a refused URL."""

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://user:pw@example.com:8443/a/b.png?x=1#y", "https://example.com:8443/a/b.png"),
            ("file:///etc/passwd", "file:///etc/passwd"),
            ("data:image/png;base64,AAAA", "data:image/png;base64,AAAA"),
            ("http://[::1", "<malformed URL>"),
        ],
    )
    def test_credentials_and_queries_are_dropped(self, url: str, expected: str) -> None:
        """User names, passwords, queries and fragments never appear."""
        assert describe_url(url) == expected

    def test_long_values_are_shortened(self) -> None:
        """Long data: URIs and paths are cut to a readable length."""
        assert len(describe_url("data:image/png;base64," + "A" * 5000)) < 80
        assert len(describe_url("https://example.com/" + "a" * 5000)) <= 201


class TestOtherDocumentsPolicy:
    """Documents laid out with render_html meet the same resource policy."""

    def test_hostile_document_and_css_load_nothing(self, canary: Path, loopback: LoopbackServer) -> None:
        """Raw hostile markup in the document and an @import in extra_css fetch nothing."""
        html = f"<!DOCTYPE html><html><body><h1>Review</h1>{hostile_payload(canary, loopback)}</body></html>"
        exporter = PdfExporter(
            extra_css=f"@import url({loopback.url}/extra.css); body {{ background: url({canary.as_uri()}) }}"
        )
        data = exporter.render_html(html)
        assert loopback.requests == []
        assert attachments(data) == {}
        assert image_count(data) == 0
        assert CANARY_TEXT not in pdf_text(data)


class TestProseImages:
    """Images written in Markdown prose: only from the asset folder, embedded before layout."""

    def test_markdown_images_fetch_nothing_without_an_asset_folder(
        self, canary: Path, loopback: LoopbackServer, tmp_path: Path
    ) -> None:
        """![..](http://..), ![..](file://..) and a relative file all stay alt text by default."""
        (tmp_path / "graph.png").write_bytes(png_bytes())
        summary = (
            f"![web]({loopback.url}/md.png) ![disk]({canary.as_uri()}) ![local](graph.png) [link]({loopback.url}/page)"
        )
        data = export(attrs.evolve(short_incident(), summary=summary), "pdf")
        assert isinstance(data, bytes)
        assert loopback.requests == []
        assert image_count(data) == 0
        assert "web" in pdf_text(data)

    def test_asset_folder_images_are_embedded_and_nothing_else(
        self, canary: Path, loopback: LoopbackServer, tmp_path: Path
    ) -> None:
        """With asset_dir, a file inside it is drawn; web, absolute and escaping paths still are not."""
        assets = tmp_path / "assets"
        assets.mkdir()
        (assets / "graph.png").write_bytes(png_bytes(colour="blue"))
        summary = f"![graph](graph.png) ![web]({loopback.url}/md.png) ![up](../{canary.name}) ![abs]({canary})"
        data = export(attrs.evolve(short_incident(), summary=summary), "pdf", asset_dir=str(assets))
        assert isinstance(data, bytes)
        assert loopback.requests == []
        assert image_count(data) == 1
        assert CANARY_TEXT not in pdf_text(data)
