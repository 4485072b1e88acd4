"""Images we embed ourselves (the logo): checked, then written as ``data:`` URIs."""

from __future__ import annotations

import base64
import io

from postmortem.errors import ExporterError

__all__ = ["image_data_uri"]

# Pillow format names to the media types WeasyPrint understands.
_RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:8192].lower()


def image_data_uri(data: bytes, what: str) -> str:
    """Check that ``data`` is a PNG, JPEG, GIF, WebP or SVG image and return it as a ``data:`` URI.

    Args:
        data: The image file's bytes.
        what: What the image is, for the error message (``"logo"``).

    Returns:
        A ``data:`` URI with the image's media type.

    Raises:
        ExporterError: when the bytes are not a complete image in one of those formats.
    """
    if not data:
        raise ExporterError(f"pdf: the {what} is empty")
    if _looks_like_svg(data):
        _check_svg(data, what)
        media_type = "image/svg+xml"
    else:
        media_type = _check_raster(data, what)
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _check_raster(data: bytes, what: str) -> str:
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415  (Pillow comes with WeasyPrint; load it late)

    try:
        with Image.open(io.BytesIO(data)) as image:
            media_type = _RASTER_TYPES.get(image.format or "")
            if media_type is None:
                raise ExporterError(f"pdf: the {what} is a {image.format} image; use PNG, JPEG, GIF, WebP or SVG")
            # verify() checks the structure; load() decodes every pixel, which catches truncation.
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except ExporterError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExporterError(f"pdf: the {what} is not a readable image ({type(exc).__name__}: {exc})") from None
    except Image.DecompressionBombError:
        raise ExporterError(f"pdf: the {what} is too large to decode safely") from None
    return media_type


def _check_svg(data: bytes, what: str) -> None:
    from xml.etree import ElementTree  # noqa: PLC0415

    try:
        # Entity declarations have no place in a logo; refusing them avoids expansion bombs.
        if b"<!ENTITY" in data.upper():
            raise ExporterError(f"pdf: the {what} SVG declares XML entities, which are not allowed")
        root = ElementTree.fromstring(data)  # noqa: S314  (entities refused above; nothing is fetched)
    except ElementTree.ParseError as exc:
        raise ExporterError(f"pdf: the {what} is not well-formed SVG ({exc})") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise ExporterError(f"pdf: the {what} is XML but not SVG (root element {root.tag!r})")
