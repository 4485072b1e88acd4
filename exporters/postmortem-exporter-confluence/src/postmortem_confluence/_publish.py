"""Idempotent publishing of a storage-format page to Confluence.

Publishing the same page twice leaves one page. The page is found by a remembered id or by
title in the space; its version is bumped only when the body (or title or parent) changed;
labels are added; attachments are added or replaced, and left alone when their data is
unchanged (a SHA-256 in the attachment comment says which data it holds).

Requests that fail with 429, 5xx, a timeout or no connection are retried with exponential
backoff, honouring ``Retry-After``. Before a write is retried, the current state is read
again, because a request that timed out may have been carried out: a create that timed
out is followed by a search by title, an update by a re-read of the page. A 409 (someone
else wrote a version in between) re-reads the page and tries again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from postmortem.http import RetryPolicy
from postmortem_confluence._client import (
    Attachment,
    ConfluenceClient,
    ConfluenceConflictError,
    ConfluenceNotFoundError,
    ConfluenceRequestError,
    ConfluenceSettingsError,
    ConfluenceUnavailableError,
    Page,
)
from postmortem_confluence._xml import parse_storage

__all__ = [
    "AttachmentFile",
    "PageTarget",
    "PlannedStep",
    "PublishResult",
    "RetryPolicy",
    "normalise_label",
    "publish_page",
    "same_storage",
]

log = logging.getLogger("postmortem_confluence")

T = TypeVar("T")

_HASH_PREFIX = "sha256:"
_LABEL_DROP = re.compile(r"[:;,.?&\[\]()#^*@!'\"<>|/\\]")
# Attributes Confluence adds or rewrites when it stores a page; they are not our content.
_VOLATILE_ATTRIBUTES = frozenset(
    {
        "{http://atlassian.com/content}macro-id",
        "{http://atlassian.com/content}local-id",
        "{http://atlassian.com/content}schema-version",
        "local-id",
        "data-layout",
    }
)


@dataclass(frozen=True)
class AttachmentFile:
    """A file to attach to the page.

    Attributes:
        filename: The attachment's name on the page.
        data: The bytes.
        media_type: Such as ``application/pdf``.
    """

    filename: str
    data: bytes = field(repr=False)
    media_type: str = "application/octet-stream"

    @property
    def sha256(self) -> str:
        """The SHA-256 of the data, in hex."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PageTarget:
    """What to publish and where.

    Attributes:
        space: The space key.
        title: The page title.
        body: The storage-format body.
        parent_id: Put the page under this page.
        page_id: The page written by an earlier publish, if remembered; found by title otherwise.
        labels: Labels the page must have (others are left alone).
        attachments: Files to attach (added, or replaced when their data changed).
    """

    space: str
    title: str
    body: str = field(repr=False)
    parent_id: str | None = None
    page_id: str | None = None
    labels: tuple[str, ...] = ()
    attachments: tuple[AttachmentFile, ...] = ()


@dataclass(frozen=True)
class PlannedStep:
    """One thing publishing does (or, in a dry run, would do).

    Attributes:
        action: ``create``, ``update``, ``unchanged``, ``add`` or ``replace``.
        subject: ``page``, ``label`` or ``attachment``.
        name: The page title, label or file name.
        detail: Versions, ids, and the like.
    """

    action: Literal["create", "update", "unchanged", "add", "replace"]
    subject: Literal["page", "label", "attachment"]
    name: str
    detail: str = ""

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.action} {self.subject} {self.name!r}{detail}"


@dataclass(frozen=True)
class PublishResult:
    """What publishing did.

    Attributes:
        page_id: The page's id; remember it to find the page again even after a rename.
        title: The page title.
        version: The page version after publishing (in a dry run: the current one, 0 if none).
        url: The page's address, when known.
        action: ``created``, ``updated`` or ``unchanged`` (in a dry run: what would happen).
        steps: Every step, in order.
        dry_run: True when nothing was written.
    """

    page_id: str | None
    title: str
    version: int
    url: str
    action: Literal["created", "updated", "unchanged"]
    steps: tuple[PlannedStep, ...]
    dry_run: bool = False

    def describe(self) -> str:
        """The steps as lines of text, for a dry-run report."""
        head = "Would:" if self.dry_run else "Did:"
        return "\n".join([head, *(f"  {step}" for step in self.steps)])


def normalise_label(label: str) -> str:
    """Turn a tag into a Confluence label: lower case, no spaces or reserved characters."""
    cleaned = _LABEL_DROP.sub("", label.strip().lower())
    return re.sub(r"\s+", "-", cleaned)[:255]


def same_storage(left: str, right: str) -> bool:
    """True when two storage bodies say the same thing.

    Confluence rewrites what it stores (macro ids, attribute order, self-closed elements,
    entities), so bodies are compared in canonical XML form without the attributes it adds.
    Bodies that do not parse are compared as text.
    """
    if left == right:
        return True
    try:
        return _canonical(left) == _canonical(right)
    except ET.ParseError:
        return False


def _canonical(body: str) -> str:
    root = parse_storage(body)
    for element in root.iter():
        for name in list(element.attrib):
            if name in _VOLATILE_ATTRIBUTES:
                del element.attrib[name]
    return ET.canonicalize(ET.tostring(root, encoding="unicode"), strip_text=True)


# ---------------------------------------------------------------------- retrying


class _Retrying:
    """The policy, retrying Confluence's unavailable errors and giving up with one."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def wait(self, what: str, attempt: int, error: ConfluenceUnavailableError) -> None:
        """Sleep before the next try, or raise when there is none or the wait is too long."""
        self.policy.wait(what, attempt, error, service="Confluence", give_up_as=ConfluenceUnavailableError, log=log)

    def call(self, what: str, operation: Callable[[], T]) -> T:
        """Run an operation that is safe to repeat (a read, adding a label)."""
        return self.policy.call(what, operation, retry_on=ConfluenceUnavailableError, service="Confluence", log=log)


# ---------------------------------------------------------------------- publishing


def publish_page(
    client: ConfluenceClient,
    target: PageTarget,
    *,
    policy: RetryPolicy | None = None,
    dry_run: bool = False,
) -> PublishResult:
    """Create or update one page, then its labels and attachments; idempotently.

    Args:
        client: The Confluence client.
        target: What to publish and where. The title is trimmed, as Confluence stores it.
        policy: Retries; the default tries six times with backoff from 0.5 s.
        dry_run: Read only, and report what would be done.

    Returns:
        What was done (or would be).

    Raises:
        ConfluenceError: when Confluence refuses (401/403/404/400) or stays unavailable.
    """
    title = target.title.strip()
    if not title:
        raise ConfluenceSettingsError("the page title is empty")
    if title != target.title:
        # Confluence stores titles trimmed; looking for the untrimmed one would never find
        # the page again, and every later publish would fail creating a duplicate.
        target = dataclasses.replace(target, title=title)
    retrying = _Retrying(policy or RetryPolicy())
    publisher = _Publisher(client, target, retrying)
    return publisher.run(dry_run=dry_run)


class _Publisher:
    def __init__(self, client: ConfluenceClient, target: PageTarget, retrying: _Retrying) -> None:
        self.client = client
        self.target = target
        self.retrying = retrying
        self.steps: list[PlannedStep] = []

    def run(self, *, dry_run: bool) -> PublishResult:
        target = self.target
        existing = self.locate()
        if dry_run:
            return self.plan(existing)
        if existing is None:
            page, action = self.create()
        else:
            page, action = self.update(existing)
        self.labels(page)
        for attachment in target.attachments:
            self.attach(page, attachment)
        log.info("%s page %r (id %s, version %d)", action, page.title, page.id, page.version)
        return PublishResult(page.id, page.title, page.version, page.url, action, tuple(self.steps))

    # ------------------------------------------------------------------ page

    def locate(self) -> Page | None:
        target = self.target
        if target.page_id:
            try:
                return self.retrying.call(
                    "read the remembered page", lambda: self.client.get_page(target.page_id or "")
                )
            except ConfluenceNotFoundError:
                log.warning(
                    "the remembered page %s is gone; looking for %r by title",
                    target.page_id,
                    target.title,
                )
        return self.find()

    def find(self) -> Page | None:
        target = self.target
        return self.retrying.call("find the page", lambda: self.client.find_page(target.space, target.title))

    def unchanged(self, page: Page) -> bool:
        target = self.target
        if page.title != target.title:
            return False
        if target.parent_id and page.parent_id != target.parent_id:
            return False
        return page.body is not None and same_storage(page.body, target.body)

    def create(self) -> tuple[Page, Literal["created", "updated", "unchanged"]]:
        target = self.target
        attempt = 0
        while True:
            attempt += 1
            try:
                page = self.client.create_page(target.space, target.title, target.body, target.parent_id)
            except ConfluenceUnavailableError as error:
                self.retrying.wait("create the page", attempt, error)
                # The failed create may have gone through: look before creating again.
                found = self.find()
                if found is not None:
                    log.info(
                        "the page %r exists after all (id %s); not creating it again",
                        found.title,
                        found.id,
                    )
                    return self.update(found, created=True)
                continue
            except ConfluenceRequestError as error:
                # A 400 "already exists": someone (or our own earlier try) created it in between.
                found = self.find() if "already exists" in str(error) else None
                if found is None:
                    raise
                return self.update(found)
            self.steps.append(PlannedStep("create", "page", page.title, f"id {page.id}, version {page.version}"))
            return page, "created"

    def update(self, page: Page, *, created: bool = False) -> tuple[Page, Literal["created", "updated", "unchanged"]]:
        target = self.target
        attempt = 0
        tried = False
        while True:
            if self.unchanged(page):
                if created:
                    self.steps.append(
                        PlannedStep("create", "page", page.title, f"id {page.id}, version {page.version}")
                    )
                    return page, "created"
                if tried:
                    self.steps.append(PlannedStep("update", "page", page.title, f"version {page.version}"))
                    return page, "updated"
                self.steps.append(PlannedStep("unchanged", "page", page.title, f"version {page.version}"))
                return page, "unchanged"
            attempt += 1
            tried = True
            try:
                updated = self.client.update_page(
                    page.id, target.title, target.body, page.version + 1, target.parent_id
                )
            except ConfluenceConflictError:
                if attempt >= self.retrying.policy.attempts:
                    raise
                log.warning("page %s changed while publishing; reading it again", page.id)
            except ConfluenceUnavailableError as error:
                self.retrying.wait("update the page", attempt, error)
            else:
                self.steps.append(
                    PlannedStep(
                        "update",
                        "page",
                        updated.title,
                        f"version {page.version} → {updated.version}",
                    )
                )
                return updated, "created" if created else "updated"
            # Read the page again: the update may have landed, or someone else's did.
            page = self.retrying.call("read the page", functools.partial(self.client.get_page, page.id))

    # ------------------------------------------------------------------ labels and attachments

    def wanted_labels(self) -> list[str]:
        labels: list[str] = []
        for label in self.target.labels:
            name = normalise_label(label)
            if name and name not in labels:
                labels.append(name)
        return labels

    def labels(self, page: Page) -> None:
        wanted = self.wanted_labels()
        if not wanted:
            return
        present = set(self.retrying.call("read labels", lambda: self.client.labels(page.id)))
        missing = [label for label in wanted if label not in present]
        if missing:
            # Adding a label twice changes nothing, so a plain retry is safe here.
            self.retrying.call("add labels", lambda: self.client.add_labels(page.id, missing))
        self.steps.extend(PlannedStep("add", "label", label) for label in missing)

    def find_attachment(self, page: Page, filename: str) -> Attachment | None:
        found = self.retrying.call("list attachments", lambda: self.client.attachments(page.id, filename))
        return next((a for a in found if a.filename == filename), None)

    def attach(self, page: Page, file: AttachmentFile) -> None:
        comment = f"{_HASH_PREFIX}{file.sha256}"
        attempt = 0
        tried: Literal["add", "replace"] | None = None
        while True:
            attempt += 1
            existing = self.find_attachment(page, file.filename)
            if existing is not None and comment in existing.comment:
                # Either nothing changed, or an earlier try that timed out did the work.
                action = tried or "unchanged"
                self.steps.append(PlannedStep(action, "attachment", file.filename, f"version {existing.version}"))
                return
            tried = "add" if existing is None else "replace"
            try:
                if existing is None:
                    done = self.client.upload_attachment(page.id, file.filename, file.data, file.media_type, comment)
                else:
                    done = self.client.replace_attachment(
                        page.id, existing.id, file.filename, file.data, file.media_type, comment
                    )
            except ConfluenceUnavailableError as error:
                self.retrying.wait(f"upload {file.filename}", attempt, error)
                continue
            except ConfluenceRequestError as error:
                # Another upload of the same name got there first: look again and replace it.
                if (
                    existing is not None
                    or "same file name" not in str(error)
                    or attempt >= self.retrying.policy.attempts
                ):
                    raise
                continue
            self.steps.append(PlannedStep(tried, "attachment", file.filename, f"version {done.version}"))
            return

    # ------------------------------------------------------------------ dry run

    def plan(self, existing: Page | None) -> PublishResult:
        target = self.target
        steps: list[PlannedStep] = []
        if existing is None:
            where = f"space {target.space}" + (f", under page {target.parent_id}" if target.parent_id else "")
            steps.append(PlannedStep("create", "page", target.title, where))
            steps.extend(PlannedStep("add", "label", label) for label in self.wanted_labels())
            steps.extend(PlannedStep("add", "attachment", a.filename) for a in target.attachments)
            return PublishResult(None, target.title, 0, "", "created", tuple(steps), dry_run=True)
        unchanged = self.unchanged(existing)
        if unchanged:
            steps.append(
                PlannedStep(
                    "unchanged",
                    "page",
                    existing.title,
                    f"id {existing.id}, version {existing.version}",
                )
            )
        else:
            steps.append(
                PlannedStep(
                    "update",
                    "page",
                    target.title,
                    f"id {existing.id}, version {existing.version} → {existing.version + 1}",
                )
            )
        present = set(self.retrying.call("read labels", lambda: self.client.labels(existing.id)))
        steps.extend(PlannedStep("add", "label", label) for label in self.wanted_labels() if label not in present)
        for file in target.attachments:
            found = self.find_attachment(existing, file.filename)
            if found is None:
                steps.append(PlannedStep("add", "attachment", file.filename))
            elif f"{_HASH_PREFIX}{file.sha256}" in found.comment:
                steps.append(PlannedStep("unchanged", "attachment", file.filename))
            else:
                steps.append(PlannedStep("replace", "attachment", file.filename, f"version {found.version + 1}"))
        action: Literal["updated", "unchanged"] = "unchanged" if unchanged else "updated"
        return PublishResult(
            existing.id,
            existing.title,
            existing.version,
            existing.url,
            action,
            tuple(steps),
            dry_run=True,
        )
