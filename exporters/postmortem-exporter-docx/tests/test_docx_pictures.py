"""Images in prose become real pictures, from the caller's asset folder only.

The same policy as the HTML and PDF exporters (:func:`postmortem.markup.read_image`): a file
inside ``asset_dir``, at most 10 MiB, a PNG, JPEG or GIF by its content. Everything else, and
every image when no asset folder is given, shows its alt text in italics; no other file is
read and no URL is fetched.
"""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from postmortem_docx import DocxExporter

import postmortem
from postmortem.markup import MAX_IMAGE_BYTES
from postmortem.testing import sample_incident, solid_png

from ._docx_helpers import open_docx, require_soffice
from .test_docx_libreoffice import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_INCH = 914400


def png(width: int, height: int, colour: tuple[int, int, int] = (185, 28, 28)) -> bytes:
    return solid_png(width, height, colour)


def with_summary(summary: str) -> postmortem.Incident:
    return attrs.evolve(sample_incident(), summary=summary)


def render(incident: postmortem.Incident, asset_dir: Path | None = None) -> bytes:
    """The report without its timeline chart, so that the pictures counted are those of prose."""
    options: dict[str, object] = {"timeline_chart": False}
    if asset_dir is not None:
        options["asset_dir"] = str(asset_dir)
    return bytes(postmortem.export(incident, "docx", **options))


def media(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return sorted(name for name in package.namelist() if name.startswith("word/media/"))


def body(data: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ElementTree.fromstring(package.read("word/document.xml"))


def italic_runs(root: ElementTree.Element) -> list[str]:
    """The text of every italic run."""
    return [
        "".join(t.text or "" for t in run.iter(f"{W}t"))
        for run in root.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}i") is not None
    ]


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """An asset folder with a 400 x 200 px map (at 72 dpi) and a file outside it."""
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "map.png").write_bytes(png(400, 200))
    (tmp_path / "secret.png").write_bytes(png(10, 10, (0, 0, 0)))
    return folder


class TestPictures:
    """An image from the asset folder is a picture part, drawn inline, with its alt text."""

    def test_image_from_the_asset_folder_is_a_picture(self, assets: Path) -> None:
        """One image part, related from the body as an image, with the alt text as its description."""
        data = render(with_summary("Traffic moved as drawn:\n\n![Failover map, region A to B](map.png)"), assets)
        assert media(data) == ["word/media/image1.png"]
        document = open_docx(data)
        (shape,) = document.inline_shapes
        # 400 x 200 px at python-docx's default 72 dpi: 5.56 x 2.78 in, narrower than the text.
        assert (shape.width, shape.height) == (round(400 / 72 * EMU_PER_INCH), round(200 / 72 * EMU_PER_INCH))
        (doc_pr,) = body(data).iter(f"{WP}docPr")
        assert doc_pr.get("descr") == "Failover map, region A to B"
        (blip,) = body(data).iter(f"{A}blip")
        relationship = document.part.rels[blip.get(f"{R}embed") or ""]
        assert relationship.reltype == IMAGE_RELATIONSHIP
        assert relationship.target_part.blob == (assets / "map.png").read_bytes()

    def test_a_wide_image_is_scaled_to_the_text_width(self, assets: Path) -> None:
        """A 3000 px wide image fits between the margins, with its aspect ratio kept."""
        (assets / "wide.png").write_bytes(png(3000, 100))
        data = render(with_summary("![latency over the day](wide.png)"), assets)
        document = open_docx(data)
        (shape,) = document.inline_shapes
        section = document.sections[0]
        text_width = int(section.page_width) - int(section.left_margin) - int(section.right_margin)
        assert shape.width <= text_width
        assert shape.width > text_width * 0.95
        assert abs(shape.width / shape.height - 30) < 0.1

    def test_an_image_in_a_table_cell_fits_its_column(self, assets: Path) -> None:
        """A picture in a Markdown table of prose is no wider than its column."""
        (assets / "wide.png").write_bytes(png(3000, 100))
        incident = attrs.evolve(
            sample_incident(),
            sections=(postmortem.Section("Appendix", "| Graph | Note |\n|---|---|\n| ![p99](wide.png) | the spike |"),),
        )
        data = render(incident, assets)
        (shape,) = open_docx(data).inline_shapes
        (cell,) = [tc for tc in body(data).iter(f"{W}tc") if tc.find(f".//{WP}inline") is not None]
        width = cell.find(f"{W}tcPr/{W}tcW")
        assert width is not None
        column_emu = int(width.get(f"{W}w") or 0) * 635
        assert 0 < shape.width <= column_emu

    def test_one_file_shown_twice_is_one_part(self, assets: Path) -> None:
        """Two references to one file share its image part; each picture has its own drawing id."""
        data = render(with_summary("![before](map.png) and ![after](map.png)"), assets)
        assert media(data) == ["word/media/image1.png"]
        ids = [doc_pr.get("id") for doc_pr in body(data).iter(f"{WP}docPr")]
        assert len(ids) == 2
        assert len(set(ids)) == 2


class TestAltTextFallback:
    """Images that may not be shown are their alt text, in italics, and nothing is read."""

    def test_without_an_asset_folder_every_image_is_alt_text(self, assets: Path) -> None:
        """No asset_dir: no picture, the alt text in italics."""
        data = render(with_summary("See ![Failover map](map.png) here."))
        assert media(data) == []
        assert "Failover map" in italic_runs(body(data))

    @pytest.mark.parametrize(
        "source",
        ["../secret.png", "/etc/hostname", "file:///etc/hostname", "data:image/png;base64,iVBORw0KGgo=", "missing.png"],
    )
    def test_files_outside_the_folder_are_never_read(self, assets: Path, source: str) -> None:
        """A path leaving the folder, an absolute path, a file: or data: URI, a missing file: alt text."""
        data = render(with_summary(f"![not shown]({source})"), assets)
        assert media(data) == []
        assert "not shown" in italic_runs(body(data))

    def test_a_file_that_is_not_an_image_is_alt_text(self, assets: Path) -> None:
        """A .png whose content is not an image, and a WebP (Word cannot show it), stay alt text."""
        (assets / "notes.png").write_bytes(b"just some text, not a picture")
        (assets / "shot.webp").write_bytes(b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(20))
        (assets / "broken.png").write_bytes(png(40, 40)[:30])
        data = render(with_summary("![a](notes.png) ![b](shot.webp) ![c](broken.png)"), assets)
        assert media(data) == []
        assert {"a", "b", "c"} <= set(italic_runs(body(data)))

    def test_a_file_over_the_limit_is_alt_text(self, assets: Path) -> None:
        """A PNG larger than the 10 MiB limit is not read into the document."""
        (assets / "huge.png").write_bytes(png(4, 4) + bytes(MAX_IMAGE_BYTES))
        data = render(with_summary("![too large](huge.png)"), assets)
        assert media(data) == []
        assert "too large" in italic_runs(body(data))

    def test_a_url_is_never_fetched(self, assets: Path) -> None:
        """An http image on a local server: no request reaches it, the alt text is shown."""
        requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(png(4, 4))

            def log_message(self, *_args: object) -> None:
                return

        with serving(Handler) as port:
            data = render(with_summary(f"![remote graph](http://127.0.0.1:{port}/graph.png)"), assets)
        assert requests == []
        assert media(data) == []
        assert "remote graph" in italic_runs(body(data))


class serving:  # noqa: N801  (used as a context manager, like a function)
    """A local HTTP server on 127.0.0.1 for the length of a with block; gives its port."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> int:
        # A short poll interval: shutdown() waits for serve_forever's next look (0.5 s by default).
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return int(self.server.server_address[1])

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.slow
@pytest.mark.needs_tool("soffice")
class TestLibreOfficeShowsPictures:
    """LibreOffice opens the DOCX and finds the picture as an image object with its description."""

    def test_odt_has_the_picture(self, assets: Path, tmp_path: Path) -> None:
        """Converted to ODT: a draw:frame holding the image file, described by the alt text."""
        soffice = require_soffice()
        source = tmp_path / "pictures.docx"
        incident = with_summary("Traffic moved as drawn:\n\n![Failover map, region A to B](map.png)")
        DocxExporter(asset_dir=str(assets), timeline_chart=False).write(incident, source)
        (odt,) = convert(soffice, [source], "odt", tmp_path / "out", tmp_path / "profile")
        with zipfile.ZipFile(odt) as package:
            content = ElementTree.fromstring(package.read("content.xml"))
            frames = list(content.iter(f"{DRAW}frame"))
            assert len(frames) == 1
            (image,) = frames[0].iter(f"{DRAW}image")
            picture = package.read(image.get(f"{XLINK}href") or "")
        assert picture == (assets / "map.png").read_bytes()
        descriptions = ["".join(desc.itertext()) for desc in frames[0].iter(f"{SVG}desc")]
        assert descriptions == ["Failover map, region A to B"]
