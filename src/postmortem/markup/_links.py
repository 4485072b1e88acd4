"""Links and images: which destinations become links, and images read from an allowed folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs

from postmortem._files import read_at_most

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """True for destinations any exporter may turn into a live link.

    ``http``, ``https`` and ``mailto`` URLs and relative references (``../runbook.md``,
    ``#timeline``) are safe. ``javascript:``, ``data:``, ``file:`` and every other scheme
    are not, nor are network-path references (``//host/x``) or anything with a control
    character or whitespace.
    """
    stripped = url.strip()
    if not stripped or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in stripped):
        return False
    if stripped.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    match = _SCHEME.match(stripped)
    if match is None:
        return ":" not in stripped.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    scheme = match.group(1).lower()
    return scheme in _SAFE_SCHEMES and len(stripped) > len(scheme) + 1


def resolve_asset(url: str, asset_dir: str | os.PathLike[str] | None) -> Path | None:
    """The file an image refers to, when it is inside the allowed asset folder.

    Args:
        url: The image source as written (``diagrams/failover.png``).
        asset_dir: The folder images may come from; ``None`` allows no image at all.

    Returns:
        The resolved path of an existing file inside ``asset_dir``, or ``None`` when images
        are not allowed, the source has a scheme or is absolute, or it leaves the folder.
    """
    if asset_dir is None or not url or _SCHEME.match(url) or url.startswith(("/", "\\")):
        return None
    from urllib.parse import unquote, urlsplit  # noqa: PLC0415

    relative = unquote(urlsplit(url).path)
    if not relative:
        return None
    root = Path(asset_dir).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""An image larger than this is shown as its alt text, so rendering stays bounded in memory."""

# The raster formats every exporter can show, recognised by their first bytes (not by the
# file name). SVG is not one: it can hold script and references to other files.
_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@attrs.frozen
class AssetImage:
    """An image from the caller's asset folder that an exporter may show.

    Attributes:
        path: The file, resolved, inside the asset folder.
        data: Its bytes (at most :data:`MAX_IMAGE_BYTES`).
        media_type: ``image/png``, ``image/jpeg``, ``image/gif`` or ``image/webp``, from the
            file's first bytes.
    """

    path: Path
    data: bytes = attrs.field(repr=False)
    media_type: str


def _image_type(data: bytes) -> str | None:
    for signature, media_type in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_image(url: str, asset_dir: str | os.PathLike[str] | None) -> AssetImage | None:
    """The image an ``![alt](url)`` refers to, when an exporter may show it.

    The one policy every exporter follows: the file must be inside the asset folder the
    caller allowed (see :func:`resolve_asset`; no URL is ever fetched), at most
    :data:`MAX_IMAGE_BYTES`, and a PNG, JPEG, GIF or WebP image by its content. Anything
    else is shown as its alt text.

    Args:
        url: The image source as written.
        asset_dir: The folder images may come from; ``None`` allows no image at all.

    Returns:
        The image, or ``None`` when it may not be shown.
    """
    path = resolve_asset(url, asset_dir)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            # One byte more than allowed tells a file that is too large without reading it all.
            data = read_at_most(file, MAX_IMAGE_BYTES)
    except OSError:
        return None
    if len(data) > MAX_IMAGE_BYTES:
        return None
    media_type = _image_type(data)
    return None if media_type is None else AssetImage(path, data, media_type)
