"""A small Confluence client of our own, over atlassian-python-api.

Only the handful of operations publishing needs, with one error type per situation and
credentials kept out of every message, log line and repr.

Traps in atlassian-python-api 5.x that this module steps around (each is exercised by the
tests against the local server of ``postmortem_confluence_testing``):

* ``atlassian.Confluence("https://x.atlassian.net/...")`` hands off to a Cloud class without
  ``create_page``, ``update_page``, ``attach_*`` or ``set_page_label``. We build the REST
  class (``atlassian.confluence.ConfluenceServer``) explicitly, with ``cloud=True`` on Cloud.
* Updating an existing attachment sends a multipart ``PUT /rest/api/content/{id}``, which Data
  Center rejects with 415. We post the new data to
  ``/rest/api/content/{page}/child/attachment/{id}/data``, which both flavours accept.
* ``update_or_create`` with a parent looks at the first 25 children only. We find pages by
  title in the space (exact, any position) and page through every listing.
* The library retries a 429 with Retry-After by itself, once, sleeping as long as the server
  asks. We switch that off so that :mod:`postmortem_confluence._publish` owns the retry
  policy (bounded waits, backoff on 5xx, idempotency checks after timeouts).

All calls go through the library's ``request`` (its session, auth and URL handling) with
``advanced_mode=True``, so we see every status code ourselves.
"""

from __future__ import annotations

import logging
import os
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from postmortem.errors import ExporterError, ExporterOptionError, ServiceUnavailableError
from postmortem.http import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_ANSWER_BYTES,
    ServiceErrors,
    WebService,
    credential_forms,
    secret_filter,
)

__all__ = [
    "ENV_TOKEN",
    "ENV_URL",
    "ENV_USER",
    "Attachment",
    "ConfluenceAuthError",
    "ConfluenceClient",
    "ConfluenceConflictError",
    "ConfluenceError",
    "ConfluenceNotFoundError",
    "ConfluenceRequestError",
    "ConfluenceResponseError",
    "ConfluenceSettings",
    "ConfluenceSettingsError",
    "ConfluenceTimeoutError",
    "ConfluenceUnavailableError",
    "Page",
]

log = logging.getLogger("postmortem_confluence")

Deployment = Literal["cloud", "datacenter"]

ENV_URL = "POSTMORTEM_CONFLUENCE_URL"
ENV_USER = "POSTMORTEM_CONFLUENCE_USER"
ENV_TOKEN = "POSTMORTEM_CONFLUENCE_TOKEN"  # noqa: S105  (the name of a variable, not a secret)

_PAGE_SIZE = 50
# A listing that keeps pointing at a next page (a broken proxy, a server bug) is not
# followed for ever: 200 pages of 50 are more children, labels or attachments than any
# page has, and more search results than publishing looks at.
_MAX_LISTING_PAGES = 200
_MAX_TIMEOUT = 3600.0
_JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
# Confluence refuses multipart uploads without this header (XSRF protection).
_UPLOAD_HEADERS = {"X-Atlassian-Token": "no-check", "Accept": "application/json"}


# ---------------------------------------------------------------------- errors


class ConfluenceError(ExporterError):
    """Confluence refused a request or could not be reached. Messages never hold credentials.

    Attributes:
        status: The HTTP status, when there was a response.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ConfluenceSettingsError(ConfluenceError, ExporterOptionError):
    """A connection setting that can never work: a URL that does not parse, a timeout of 0."""


class ConfluenceAuthError(ConfluenceError):
    """401 (wrong or missing credentials) or 403 (no permission)."""


class ConfluenceNotFoundError(ConfluenceError):
    """404: the page, space or parent does not exist, or the user may not see it."""


class ConfluenceConflictError(ConfluenceError):
    """409: the page changed since it was read (a stale version number)."""


class ConfluenceRequestError(ConfluenceError):
    """Another 4xx: Confluence rejected the request itself (a duplicate title, bad XHTML, ...)."""


class ConfluenceUnavailableError(ConfluenceError, ServiceUnavailableError):
    """429, 5xx or no connection: worth retrying later.

    Attributes:
        retry_after: Seconds the server asked us to wait (``Retry-After``), when it said.
    """

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class ConfluenceTimeoutError(ConfluenceUnavailableError):
    """No answer in time. The server may still have done the work."""


class ConfluenceResponseError(ConfluenceUnavailableError):
    """A success status with an answer that is not what Confluence sends.

    An empty body, ``{}``, ``[]``, ``null`` or a page without an id, as a proxy or a
    half-broken server may give.

    Like a timeout, the request may have been carried out: publishing looks before it
    writes again.
    """


# ---------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ConfluenceSettings:
    """Where Confluence is and how to sign in.

    Attributes:
        url: The site (``https://example.atlassian.net``) or the Data Center base URL.
        token: API token (Cloud) or personal access token (Data Center). Never shown in reprs.
        user: The account e-mail for Cloud Basic auth; ``None`` means Bearer (Data Center).
        deployment: ``"cloud"`` or ``"datacenter"``; guessed when ``None``: Cloud when a user
            is given, Data Center otherwise.
        timeout: Seconds to wait for each response.
        verify_ssl: Check the server's TLS certificate.
        deadline: Seconds one request may take in all, however slowly the answer arrives.
        max_answer_bytes: The largest answer read; a larger one fails the request.
    """

    url: str
    token: str = field(repr=False)
    user: str | None = None
    deployment: Deployment | None = None
    timeout: float = 30.0
    verify_ssl: bool = True
    deadline: float = DEFAULT_DEADLINE
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES

    def __post_init__(self) -> None:
        example = f"{ENV_URL} must be an http(s) URL such as https://example.atlassian.net"
        try:
            parsed = urllib.parse.urlsplit(self.url)
            # Reading the port checks it (a port of 99999 or "x" raises here, not in requests).
            _ = parsed.port
            host = parsed.hostname
        except ValueError:
            # The text may hold a secret (user:token@host): say what is wrong, not what it is.
            raise ConfluenceSettingsError(f"{example}; the URL given does not parse (a bracket or port)") from None
        if parsed.scheme not in {"http", "https"} or not host:
            raise ConfluenceSettingsError(example)
        if parsed.username or parsed.password:
            # Never echo the URL here: it holds a secret.
            raise ConfluenceSettingsError("put credentials in the user and token settings, not in the Confluence URL")
        if not self.token:
            raise ConfluenceSettingsError(f"no Confluence token: set {ENV_TOKEN} or pass a token")
        if self.deployment not in {None, "cloud", "datacenter"}:
            raise ConfluenceSettingsError(f"deployment must be 'cloud' or 'datacenter', not {self.deployment!r}")
        timeout: object = self.timeout
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= _MAX_TIMEOUT:
            # NaN fails the comparison too.
            raise ConfluenceSettingsError(
                f"timeout must be a number of seconds above 0 and at most {_MAX_TIMEOUT:g}, got {timeout!r}"
            )
        if not self.deadline > 0 or not self.max_answer_bytes > 0:
            raise ConfluenceSettingsError(
                f"deadline and max_answer_bytes must be above 0, got {self.deadline!r} and {self.max_answer_bytes!r}"
            )

    @property
    def flavour(self) -> Deployment:
        """The deployment, explicit or guessed."""
        if self.deployment is not None:
            return self.deployment
        return "cloud" if self.user else "datacenter"

    @property
    def base_url(self) -> str:
        """The REST base: Cloud sites serve Confluence under ``/wiki``."""
        url = self.url.rstrip("/")
        if self.flavour == "cloud" and not url.endswith("/wiki"):
            url += "/wiki"
        return url

    @classmethod
    def from_options(
        cls, options: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> ConfluenceSettings:
        """Build settings from options, falling back to the environment.

        Args:
            options: Keys ``url``, ``user``, ``token``, ``deployment``, ``timeout``, ``verify_ssl``.
            environ: The environment; :data:`os.environ` when ``None``.

        Returns:
            The settings.

        Raises:
            ConfluenceSettingsError: when the URL, the token or the timeout is missing or invalid.
        """
        options = dict(options or {})
        env = os.environ if environ is None else environ
        url = options.get("url") or env.get(ENV_URL)
        if not url:
            raise ConfluenceSettingsError(
                f"no Confluence URL: set {ENV_URL} or pass url (-O url=https://... on the command line); "
                "a dry run needs it too, as it reads the page and its attachments"
            )
        raw_timeout = options.get("timeout", 30.0)
        try:
            timeout = float(raw_timeout)
        except (TypeError, ValueError):
            raise ConfluenceSettingsError(f"timeout must be a number of seconds, got {raw_timeout!r}") from None
        return cls(
            url=str(url),
            token=str(options.get("token") or env.get(ENV_TOKEN) or ""),
            user=options.get("user") or env.get(ENV_USER) or None,
            deployment=options.get("deployment"),
            timeout=timeout,
            verify_ssl=bool(options.get("verify_ssl", True)),
        )

    def secrets(self) -> tuple[str, ...]:
        """Every form in which the token could leak into text."""
        return credential_forms(self.token, self.user)


# ---------------------------------------------------------------------- results


@dataclass(frozen=True)
class Page:
    """A Confluence page as the client sees it.

    Attributes:
        id: The content id.
        title: The title.
        space: The space key.
        version: The current version number.
        body: The storage body, when it was asked for.
        parent_id: The direct parent page, when known.
        url: The page's address in the browser.
    """

    id: str
    title: str
    space: str
    version: int
    body: str | None = field(default=None, repr=False)
    parent_id: str | None = None
    url: str = ""


@dataclass(frozen=True)
class Attachment:
    """An attachment of a page."""

    id: str
    filename: str
    version: int
    size: int | None = None
    media_type: str = ""
    comment: str = ""


# ---------------------------------------------------------------------- the service


def _error_detail(body: object) -> str:
    """Confluence's own words from an error body: its ``message`` or ``errorMessages``."""
    if not isinstance(body, dict):
        return ""
    return str(body.get("message") or body.get("errorMessages") or "")[:500]


def _web_service(settings: ConfluenceSettings) -> WebService:
    return WebService(
        name="Confluence",
        url=settings.base_url,
        timeout=settings.timeout,
        credentials=f"{ENV_USER} and {ENV_TOKEN}" if settings.user else ENV_TOKEN,
        errors=ServiceErrors(
            failed=ConfluenceError,
            unavailable=ConfluenceUnavailableError,
            timed_out=ConfluenceTimeoutError,
            bad_answer=ConfluenceResponseError,
            auth=ConfluenceAuthError,
            not_found=ConfluenceNotFoundError,
            rejected=ConfluenceRequestError,
            conflict=ConfluenceConflictError,
        ),
        secrets=settings.secrets(),
        detail=_error_detail,
        log=log,
        deadline=settings.deadline,
        max_answer_bytes=settings.max_answer_bytes,
    )


# ---------------------------------------------------------------------- the client


class ConfluenceClient:
    """The operations publishing needs, for Confluence Cloud and Data Center.

    Args:
        settings: Where and how to connect.
    """

    def __init__(self, settings: ConfluenceSettings) -> None:
        # Heavy, so only imported when publishing. The library is not fully typed: hold it as Any.
        from atlassian.confluence import ConfluenceServer  # noqa: PLC0415

        rest_class: Any = ConfluenceServer

        self.settings = settings
        cloud = settings.flavour == "cloud"
        credentials: dict[str, Any] = (
            {"username": settings.user, "password": settings.token} if settings.user else {"token": settings.token}
        )
        # The REST class, built explicitly: atlassian.Confluence() would hand a Cloud URL to a
        # class without page writes. retry_with_header=False: our publisher owns retries.
        self._api: Any = rest_class(
            settings.base_url,
            cloud=cloud,
            timeout=30,
            verify_ssl=settings.verify_ssl,
            retry_with_header=False,
            backoff_and_retry=False,
            **credentials,
        )
        # The constructor truncates the timeout to whole seconds; tests need less than one.
        self._api.timeout = settings.timeout
        # atlassian-python-api logs whole response bodies at DEBUG; a server or proxy that
        # echoes the request's headers would put the token in the log.
        self._secrets = settings.secrets()
        secret_filter.add(self._secrets, loggers=("atlassian", "postmortem_confluence"))
        self._service = _web_service(settings)
        # Every answer is read within the deadline and the size bound.
        self._service.bound(self._api.session)

    def __repr__(self) -> str:
        return f"ConfluenceClient(url={self.settings.base_url!r}, deployment={self.settings.flavour!r})"

    def close(self) -> None:
        """Close the HTTP session."""
        self._api.close()
        secret_filter.discard(self._secrets)

    def __enter__(self) -> ConfluenceClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        return self._service.call(
            f"{method} {path}",
            lambda: self._api.request(
                method=method,
                path=path,
                params=dict(params) if params else None,
                data=json if files is None else data,
                files=files,
                headers=dict(headers or (_UPLOAD_HEADERS if files else _JSON_HEADERS)),
                advanced_mode=True,
            ),
        )

    def _object(self, what: str, data: Any) -> Mapping[str, Any]:
        """``data`` when it is a JSON object with an id, else the error for a useless answer."""
        if isinstance(data, Mapping) and isinstance(data.get("id"), (str, int)) and str(data["id"]):
            return data
        shown = "an empty answer" if data is None or data == "" else f"{type(data).__name__} {_short(data)}"
        raise ConfluenceResponseError(f"{what}: Confluence answered with {shown}, not the content it was asked for")

    def _paged(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        start = 0
        for _ in range(_MAX_LISTING_PAGES):
            result = self._call("GET", path, params={**(params or {}), "start": start, "limit": _PAGE_SIZE})
            if result is None:
                return
            items = result.get("results") if isinstance(result, dict) else None
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ConfluenceResponseError(f"GET {path}: Confluence answered with something that is not a listing")
            yield from items
            links = result.get("_links")
            if not items or not isinstance(links, dict) or "next" not in links:
                return
            start += len(items)
        # Not worth retrying: the next try would walk the same endless listing.
        raise ConfluenceError(
            f"GET {path}: the listing still pointed to a next page after {_MAX_LISTING_PAGES} pages "
            f"of {_PAGE_SIZE}; stopped there"
        )

    def _page(self, raw: object, what: str = "read a page") -> Page:
        data = self._object(what, raw)
        ancestors = [a for a in _list(data.get("ancestors")) if isinstance(a, Mapping) and a.get("id") is not None]
        links = _dict(data.get("_links"))
        webui = str(links.get("webui") or "")
        base = str(links.get("base") or self.settings.base_url)
        body = _dict(_dict(data.get("body")).get("storage")).get("value")
        return Page(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            space=str(_dict(data.get("space")).get("key", "")),
            version=_number(_dict(data.get("version")).get("number")),
            body=body if isinstance(body, str) else None,
            parent_id=str(ancestors[-1]["id"]) if ancestors else None,
            url=base + webui if webui else "",
        )

    def _attachment(self, raw: object, what: str = "read an attachment") -> Attachment:
        data = self._object(what, raw)
        extensions = _dict(data.get("extensions"))
        metadata = _dict(data.get("metadata"))
        size = extensions.get("fileSize")
        return Attachment(
            id=str(data["id"]),
            filename=str(data.get("title", "")),
            version=_number(_dict(data.get("version")).get("number")),
            size=int(size) if isinstance(size, int) and not isinstance(size, bool) else None,
            media_type=str(extensions.get("mediaType") or metadata.get("mediaType") or ""),
            comment=str(extensions.get("comment") or metadata.get("comment") or ""),
        )

    # ------------------------------------------------------------------ pages

    def find_page(self, space: str, title: str) -> Page | None:
        """Find the page titled ``title`` in ``space`` (with its body), or ``None``."""
        params = {
            "spaceKey": space,
            "title": title,
            "type": "page",
            "expand": "body.storage,version,space,ancestors",
        }
        for item in self._paged("rest/api/content", params):
            if str(item.get("title", "")).casefold() == title.casefold():
                return self._page(item)
        return None

    def get_page(self, page_id: str) -> Page:
        """Read one page with its body.

        Raises:
            ConfluenceNotFoundError: when there is no such page (or it is not visible).
        """
        quoted = urllib.parse.quote(page_id, safe="")
        data = self._call(
            "GET",
            f"rest/api/content/{quoted}",
            params={"expand": "body.storage,version,space,ancestors"},
        )
        return self._page(data, f"GET rest/api/content/{quoted}")

    def create_page(self, space: str, title: str, body: str, parent_id: str | None = None) -> Page:
        """Create a page (version 1)."""
        data: dict[str, Any] = {
            "type": "page",
            "title": title,
            "space": {"key": space},
            "body": {"storage": {"value": body, "representation": "storage"}},
        }
        if parent_id:
            data["ancestors"] = [{"id": parent_id}]
        return self._page(self._call("POST", "rest/api/content", json=data), "POST rest/api/content")

    def update_page(
        self,
        page_id: str,
        title: str,
        body: str,
        version: int,
        parent_id: str | None = None,
        message: str = "",
    ) -> Page:
        """Write version ``version`` of a page; it must be the current version plus one.

        Raises:
            ConfluenceConflictError: when the page has moved on since it was read.
        """
        data: dict[str, Any] = {
            "id": page_id,
            "type": "page",
            "title": title,
            "version": {"number": version, "message": message},
            "body": {"storage": {"value": body, "representation": "storage"}},
        }
        if parent_id:
            data["ancestors"] = [{"id": parent_id}]
        quoted = urllib.parse.quote(page_id, safe="")
        return self._page(self._call("PUT", f"rest/api/content/{quoted}", json=data), f"PUT rest/api/content/{quoted}")

    def children(self, page_id: str) -> list[Page]:
        """Every child page, however many (the listing is paged through)."""
        quoted = urllib.parse.quote(page_id, safe="")
        return [self._page(item) for item in self._paged(f"rest/api/content/{quoted}/child/page")]

    def search(self, cql: str) -> list[Page]:
        """Every page matching a CQL query, paged through."""
        return [self._page(item) for item in self._paged("rest/api/content/search", {"cql": cql})]

    # ------------------------------------------------------------------ labels

    def labels(self, page_id: str) -> list[str]:
        """The page's labels."""
        quoted = urllib.parse.quote(page_id, safe="")
        return [str(item["name"]) for item in self._paged(f"rest/api/content/{quoted}/label") if "name" in item]

    def add_labels(self, page_id: str, labels: Sequence[str]) -> None:
        """Add labels (adding one that is already there changes nothing)."""
        if not labels:
            return
        quoted = urllib.parse.quote(page_id, safe="")
        self._call(
            "POST",
            f"rest/api/content/{quoted}/label",
            json=[{"prefix": "global", "name": n} for n in labels],
        )

    # ------------------------------------------------------------------ attachments

    def attachments(self, page_id: str, filename: str | None = None) -> list[Attachment]:
        """The page's attachments, all of them, or those called ``filename``."""
        quoted = urllib.parse.quote(page_id, safe="")
        params = {"filename": filename} if filename else None
        items = self._paged(f"rest/api/content/{quoted}/child/attachment", params)
        return [self._attachment(item) for item in items]

    def upload_attachment(
        self, page_id: str, filename: str, data: bytes, media_type: str, comment: str = ""
    ) -> Attachment:
        """Add a new attachment; Confluence refuses (400) when the name is taken."""
        quoted = urllib.parse.quote(page_id, safe="")
        result = self._post_file(f"rest/api/content/{quoted}/child/attachment", filename, data, media_type, comment)
        results = _list(_dict(result).get("results"))
        return self._attachment(results[0] if results else result, f"POST rest/api/content/{quoted}/child/attachment")

    def replace_attachment(
        self,
        page_id: str,
        attachment_id: str,
        filename: str,
        data: bytes,
        media_type: str,
        comment: str = "",
    ) -> Attachment:
        """Upload new data for an existing attachment (a new attachment version)."""
        page = urllib.parse.quote(page_id, safe="")
        attachment = urllib.parse.quote(attachment_id, safe="")
        path = f"rest/api/content/{page}/child/attachment/{attachment}/data"
        result = self._post_file(path, filename, data, media_type, comment)
        return self._attachment(result, f"POST {path}")

    def _post_file(self, path: str, filename: str, data: bytes, media_type: str, comment: str) -> Any:
        """Upload one file as a minor edit, with ``comment`` (the publisher keeps its hash there)."""
        return self._call(
            "POST",
            path,
            files={"file": (filename, data, media_type)},
            data={"comment": comment, "minorEdit": "true"},
        )


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: object) -> int:
    """A version number as Confluence sends it; 0 for anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        return int(value)
    return 0


def _short(value: object, limit: int = 60) -> str:
    import json  # noqa: PLC0415  (error path only)

    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
