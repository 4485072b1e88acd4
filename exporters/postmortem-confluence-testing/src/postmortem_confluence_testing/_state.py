"""What the server holds (spaces, pages with their versions, attachments) and its own checks."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from postmortem_confluence import parse_storage

from postmortem_confluence_testing._faults import Fault

__all__ = ["RecordedRequest", "StoredAttachment", "StoredPage", "StoredVersion"]


Deployment = Literal["cloud", "datacenter"]

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
_LABEL_FORBIDDEN = re.compile(r"[\s:;,.?&\[\]()#^*@!'\"<>|/\\]")
_REST_PREFIXES = ("/rest/api/latest/", "/rest/api/")


class _HTTPError(Exception):
    """An error response: raised inside a handler, written as Confluence's JSON error shape."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass
class StoredVersion:
    """One version of a page."""

    number: int
    title: str
    body: str
    parent_id: str | None
    when: str
    by: str
    message: str = ""


@dataclass
class StoredPage:
    """A page as the server holds it."""

    id: str
    space: str
    versions: list[StoredVersion]
    labels: list[str] = field(default_factory=list)

    @property
    def current(self) -> StoredVersion:
        """The latest version."""
        return self.versions[-1]

    @property
    def title(self) -> str:
        """The current title."""
        return self.current.title

    @property
    def version(self) -> int:
        """The current version number."""
        return self.current.number

    @property
    def body(self) -> str:
        """The current storage body."""
        return self.current.body

    @property
    def parent_id(self) -> str | None:
        """The current parent page, if any."""
        return self.current.parent_id


@dataclass
class StoredAttachment:
    """An attachment; each upload of new data is a new version."""

    id: str
    page_id: str
    filename: str
    media_type: str
    versions: list[bytes]
    comment: str = ""

    @property
    def data(self) -> bytes:
        """The latest data."""
        return self.versions[-1]

    @property
    def version(self) -> int:
        """The current version number."""
        return len(self.versions)


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received, as tests may want to check it."""

    method: str
    path: str
    query: str
    status: int
    fault: Fault | None
    headers: Mapping[str, str]


class _State:
    def __init__(self, spaces: Iterable[str]) -> None:
        self.lock = threading.RLock()
        self.spaces = {key: f"{key} space" for key in spaces}
        self.pages: dict[str, StoredPage] = {}
        self.attachments: dict[str, StoredAttachment] = {}
        self._next_id = 98304

    def new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def page_by_title(self, space: str, title: str, exclude: str | None = None) -> StoredPage | None:
        # Titles are unique in a space regardless of case, and found regardless of case.
        wanted = title.casefold()
        for page in self.pages.values():
            if page.space == space and page.title.casefold() == wanted and page.id != exclude:
                return page
        return None


def check_storage(body: str) -> None:
    """Raise :class:`_HTTPError` 400 unless ``body`` is well-formed storage XHTML."""
    try:
        parse_storage(body)
    except ET.ParseError as exc:
        raise _HTTPError(400, f"Error parsing xhtml: {exc}") from None


def _check_label(name: str) -> str:
    label = name.strip().lower()
    if not label or _LABEL_FORBIDDEN.search(label) or len(label) > 255:
        raise _HTTPError(400, f"Label '{name}' contains invalid characters or is empty")
    return label


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
