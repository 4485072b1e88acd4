"""Pictures in the report: image parts, their relationships and inline drawings.

An image in prose (``![alt](map.png)``) becomes a real picture only when it comes from the
asset folder the caller allowed (:func:`postmortem.markup.read_image`: a file inside that
folder, at most 10 MiB, PNG, JPEG or GIF by its content); the DOCX exporter never reads any
other file and never fetches a URL. The alt text is the picture's description (what Word
calls alt text and screen readers read). Anything else is shown as its alt text, in italics.

A picture is as large as its own size and resolution say, scaled down to fit the width it
is given (the text width, or a table column) and a page's height.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

from postmortem import markup
from postmortem.model import Incident
from postmortem_docx import _xml

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["Pictures"]

_EMU_PER_TWIP = 635
# No picture is taller than this (23 cm): it fits an A4 or Letter page between the margins.
_MAX_HEIGHT_EMU = 8_280_000
_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}


class Pictures:
    """Adds pictures to one document and writes the runs that show them.

    Args:
        document: The python-docx document the pictures are added to.
        asset_dir: The folder images in prose may come from; ``None`` allows none.
    """

    def __init__(self, document: Document, asset_dir: str | os.PathLike[str] | None) -> None:
        self.document = document
        self.asset_dir = asset_dir
        self._next_id = _first_free_drawing_id(document)

    def prose_image(self, node: markup.Node, width: int) -> str | None:
        """The run showing an image of prose, or ``None`` when it may not be shown.

        Args:
            node: An ``image`` node of :mod:`postmortem.markup`.
            width: The widest the picture may be, in twips.
        """
        image = markup.read_image(node.url, self.asset_dir)
        if image is None:
            return None
        return self.picture(image.data, node.text, image.path.name, width)

    def picture(self, data: bytes, description: str, name: str, width: int) -> str | None:
        """A run with ``data`` as an inline picture, or ``None`` when Word cannot show the data.

        Args:
            data: The image file's bytes (PNG, JPEG, GIF, BMP or TIFF).
            description: The alt text.
            name: The picture's name (its file name).
            width: The widest the picture may be, in twips.
        """
        from docx.image.image import Image  # noqa: PLC0415

        try:
            # Parsed first: a file that only looks like an image adds no part to the package.
            parsed = Image.from_blob(data)
            cx, cy = int(parsed.width), int(parsed.height)
        except Exception:  # the file is someone else's: a bad header can fail anywhere in the parser
            return None
        if cx <= 0 or cy <= 0:
            return None
        relationship, _image = self.document.part.get_or_add_image(io.BytesIO(data))
        scale = min(1.0, max(width, 1) * _EMU_PER_TWIP / cx, _MAX_HEIGHT_EMU / cy)
        cx, cy = max(1, int(cx * scale)), max(1, int(cy * scale))
        ident = self._next_id
        self._next_id += 1
        return _inline(relationship, cx, cy, ident, name, description)

    def chart(self, incident: Incident, width: int) -> str:
        """A run with the timeline chart as a picture as wide as ``width`` (twips).

        The picture is a PNG made from the chart's SVG, with the SVG itself attached the way
        Word 2016 and later store one (an ``asvg:svgBlip`` extension of the PNG's ``a:blip``):
        Word shows the sharp SVG, and readers that know no SVG (older Word, LibreOffice,
        previews) the PNG. Its alt text says what the chart shows.
        """
        from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415
        from docx.opc.packuri import PackURI  # noqa: PLC0415
        from docx.opc.part import Part  # noqa: PLC0415

        from postmortem import chart  # noqa: PLC0415

        png = chart.timeline_png(incident)
        png_relationship, _image = self.document.part.get_or_add_image(io.BytesIO(png))
        package = self.document.part.package
        taken = {str(part.partname) for part in package.iter_parts()}
        number = 1
        while f"/word/media/chart{number}.svg" in taken:
            number += 1
        svg = chart.timeline_svg(incident, standalone=True).encode("utf-8")
        svg_part = Part(PackURI(f"/word/media/chart{number}.svg"), "image/svg+xml", svg, package)
        svg_relationship = self.document.part.relate_to(svg_part, RELATIONSHIP_TYPE.IMAGE)
        pixels_wide, pixels_high = _png_size(png)
        cx = max(width, 1) * _EMU_PER_TWIP
        cy = max(1, cx * pixels_high // pixels_wide)
        ident = self._next_id
        self._next_id += 1
        description = chart.timeline_description(incident)
        return _inline(png_relationship, cx, cy, ident, f"timeline-chart{number}.png", description, svg_relationship)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _first_free_drawing_id(document: Document) -> int:
    """One more than the largest drawing id already in the document's parts (headers too)."""
    tag = f"{{{_NS['wp']}}}docPr"
    largest = 0
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or not hasattr(element, "iter"):
            continue
        for found in element.iter(tag):
            value = found.get("id", "")
            if value.isdigit():
                largest = max(largest, int(value))
    return largest + 1


# The extension Word 2016 and later write for an SVG picture, with the PNG as the picture older readers show.
_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def _inline(
    relationship: str, cx: int, cy: int, ident: int, name: str, description: str, svg_relationship: str | None = None
) -> str:
    """The ``w:r`` holding one inline picture (the shape Word itself writes), with an SVG if given."""
    ns = _NS
    blip = (
        f'<a:blip r:embed="{relationship}"/>'
        if svg_relationship is None
        else (
            f'<a:blip r:embed="{relationship}"><a:extLst><a:ext uri="{_SVG_EXTENSION}">'
            f'<asvg:svgBlip xmlns:asvg="{_SVG_NAMESPACE}" r:embed="{svg_relationship}"/>'
            "</a:ext></a:extLst></a:blip>"
        )
    )
    return (
        "<w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{ns["wp"]}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{ident}" name={_xml.attr(f"Picture {ident}")} descr={_xml.attr(description)}/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{ns["a"]}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{ns["a"]}"><a:graphicData uri="{ns["pic"]}">'
        f'<pic:pic xmlns:pic="{ns["pic"]}">'
        f'<pic:nvPicPr><pic:cNvPr id="{ident}" name={_xml.attr(name)} descr={_xml.attr(description)}/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f"<pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r>"
    )
