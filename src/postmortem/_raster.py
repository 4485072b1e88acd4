"""Rasterise the timeline chart's SVG to PNG with Pillow, with no system library.

Only the shapes :mod:`postmortem.chart` draws are understood: ``rect``, ``line`` (dashed or
not), ``circle`` and ``text`` (anchored at start, middle or end; bold), with solid colours and
fill opacity. That keeps one drawing for every format: the PNG is made from the very SVG the
HTML report shows, not drawn a second time.

Why Pillow: it installs from a wheel on every platform and needs nothing else (CairoSVG needs
the Cairo library; newer WeasyPrint writes no PNG; a browser is no dependency to ask for), and
its wheels bundle FreeType and a typeface (Aileron), so the picture is the same on every host
whatever fonts it has. Shapes are drawn at twice the asked size and scaled down, which smooths
their edges as a browser would.
"""

from __future__ import annotations

import functools
import io
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from postmortem.errors import ExporterError

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

__all__ = ["svg_to_png"]

_SUPERSAMPLE = 2
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Return ``svg`` (as drawn by :mod:`postmortem.chart`) as PNG bytes.

    Args:
        svg: The drawing; its ``viewBox`` gives the size in drawing units.
        scale: Pixels per drawing unit.

    Raises:
        ExporterError: when Pillow is not installed.
    """
    try:
        from PIL import Image, ImageDraw  # noqa: PLC0415
    except ImportError:
        raise ExporterError("drawing the timeline chart as PNG needs Pillow: pip install 'pillow>=10.1'") from None
    root = ET.fromstring(svg)  # noqa: S314  (our own drawing, escaped, without a DTD)
    _x, _y, width, height = (float(part) for part in root.attrib["viewBox"].split())
    factor = scale * _SUPERSAMPLE
    image = Image.new("RGB", (max(1, round(width * factor)), max(1, round(height * factor))), "#ffffff")
    draw = ImageDraw.Draw(image, "RGBA")
    font_size = float(root.get("font-size", "12"))
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        if tag == "rect":
            _rect(draw, element, factor)
        elif tag == "line":
            _line(draw, element, factor)
        elif tag == "circle":
            _circle(draw, element, factor)
        elif tag == "text":
            _text(draw, element, factor, font_size)
    image = image.reduce(_SUPERSAMPLE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _number(element: ET.Element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    return default if value is None else float(value)


def _colour(value: str | None, opacity: float = 1.0) -> tuple[int, int, int, int] | None:
    if value is None or value == "none":
        return None
    from PIL import ImageColor  # noqa: PLC0415

    red, green, blue = ImageColor.getrgb(value)[:3]
    return red, green, blue, round(255 * opacity)


def _rect(draw: ImageDraw.ImageDraw, element: ET.Element, factor: float) -> None:
    x, y = _number(element, "x") * factor, _number(element, "y") * factor
    right = x + _number(element, "width") * factor
    bottom = y + _number(element, "height") * factor
    fill = _colour(element.get("fill"))
    if fill is not None and right > x and bottom > y:
        draw.rectangle((x, y, right - 1, bottom - 1), fill=fill)


def _line(draw: ImageDraw.ImageDraw, element: ET.Element, factor: float) -> None:
    x1, y1 = _number(element, "x1") * factor, _number(element, "y1") * factor
    x2, y2 = _number(element, "x2") * factor, _number(element, "y2") * factor
    colour = _colour(element.get("stroke"))
    if colour is None:
        return
    width = max(1, round(_number(element, "stroke-width", 1.0) * factor))
    dashes = [float(part) * factor for part in (element.get("stroke-dasharray") or "").replace(",", " ").split()]
    if not dashes or sum(dashes) <= 0:
        draw.line((x1, y1, x2, y2), fill=colour, width=width)
        return
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length == 0:
        return
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    position, index = 0.0, 0
    while position < length:
        run = dashes[index % len(dashes)]
        if index % 2 == 0:  # a dash; odd entries are gaps
            end = min(position + run, length)
            draw.line((x1 + dx * position, y1 + dy * position, x1 + dx * end, y1 + dy * end), fill=colour, width=width)
        position += run
        index += 1


def _circle(draw: ImageDraw.ImageDraw, element: ET.Element, factor: float) -> None:
    cx, cy, r = (_number(element, name) * factor for name in ("cx", "cy", "r"))
    fill = _colour(element.get("fill"), _number(element, "fill-opacity", 1.0))
    outline = _colour(element.get("stroke"))
    width = round(_number(element, "stroke-width", 1.0) * factor) if outline is not None else 0
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline, width=width)


@functools.lru_cache(maxsize=8)
def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont  # noqa: PLC0415

    return ImageFont.load_default(size=size)


def _text(draw: ImageDraw.ImageDraw, element: ET.Element, factor: float, default_size: float) -> None:
    content = "".join(element.itertext())
    if not content.strip():
        return
    size = _number(element, "font-size", default_size) * factor
    bold = element.get("font-weight", "normal") in ("bold", "600", "700", "800", "900")
    fill = _colour(element.get("fill", "#000000"))
    draw.text(
        (_number(element, "x") * factor, _number(element, "y") * factor),
        content,
        fill=fill,
        font=_font(size),
        anchor=_ANCHORS.get(element.get("text-anchor", "start"), "ls"),
        # The bundled typeface has no bold: a thin outline in the text colour stands in.
        stroke_width=max(1, round(factor / 3)) if bold else 0,
        stroke_fill=fill,
    )
