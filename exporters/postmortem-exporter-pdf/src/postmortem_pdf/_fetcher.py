"""The URL fetcher WeasyPrint uses for every resource of a post-mortem PDF.

WeasyPrint fetches images, stylesheets, fonts and ``<link rel=attachment>`` files through
one fetcher object. Ours refuses everything except ``data:`` URIs, and, only when the caller
names a base directory, regular files whose resolved path lies inside it. No request ever
leaves the machine, and no file outside that directory is read, whatever the incident text,
a custom template or custom CSS asks for.

This module imports WeasyPrint at the top, so it is itself imported only when a PDF is made.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["LockedURLFetcher", "ResourceRefusedError", "describe_url"]


class ResourceRefusedError(ValueError):
    """A resource the policy does not allow; WeasyPrint logs it and leaves the resource out."""


def describe_url(url: str) -> str:
    """Return ``url`` safe to log: no user name, password, query or fragment, and short.

    A refused URL may come from the caller's CSS or template and could carry a token; the
    scheme, host and path say enough to find it.
    """
    if url[:5].lower() == "data:":
        return f"{url[:40]}… ({len(url)} characters)" if len(url) > 40 else url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<malformed URL>"
    text = f"{parts.scheme}://{host}{port}{parts.path}" if parts.scheme else parts.path
    return text if len(text) <= 200 else text[:200] + "…"


class LockedURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
    """A WeasyPrint fetcher that reads ``data:`` URIs and, if allowed, files under one directory.

    Args:
        base_dir: The only directory local files may be read from; ``None`` allows none.
            Paths are resolved (symbolic links followed) before the check, so a link inside
            the directory that points outside it is refused.

    Attributes:
        refused: Descriptions (see :func:`describe_url`) of every URL refused so far.
    """

    def __init__(self, base_dir: Path | None = None) -> None:
        # No redirects and a short timeout, even though no network request is ever made:
        # belt and braces in case a later WeasyPrint calls the opener directly.
        super().__init__(timeout=5, allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
        self.base_dir = base_dir.resolve(strict=True) if base_dir is not None else None
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise :class:`ResourceRefusedError`."""
        scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
        if scheme == "data":
            # The parent decodes data: URIs with urllib's DataHandler; nothing is opened.
            return super().fetch(url, headers)
        if scheme == "file" and self.base_dir is not None:
            path = self._local_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        description = describe_url(url)
        with self._lock:
            self.refused.append(description)
        raise ResourceRefusedError(f"postmortem-pdf does not load {description}")

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        """Route urllib-style calls through :meth:`fetch`, so they meet the same policy."""
        full_url = getattr(url, "full_url", url)
        return self.fetch(str(full_url))

    def _local_path(self, url: str) -> Path | None:
        """The file ``url`` names when it is a regular file inside :attr:`base_dir`."""
        assert self.base_dir is not None
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.base_dir) or not path.is_file():
            return None
        return path
