"""The ``confluence`` exporter: storage-format XHTML offline, and publishing to Confluence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from postmortem.errors import ExporterError
from postmortem.export import INCLUDE_EMPTY_OPTION, TODAY_OPTION, Attachment, Option, Publisher, PublishResult
from postmortem.model import Incident
from postmortem_confluence._storage import (
    DEFAULT_EXPAND_AFTER,
    Deployment,
    StoragePage,
    _PageOptions,
    _render_page,
    page_title,
)

__all__ = ["ConfluenceExporter"]

_DEPLOYMENTS = ("auto", "cloud", "datacenter")
_DRY_RUN_ACTIONS = {"created": "would create", "updated": "would update", "unchanged": "would leave unchanged"}


class ConfluenceExporter(Publisher):
    """Confluence storage format (XHTML with ``ac:``/``ri:`` macros), and publishing it.

    Rendering needs no server and no credentials. Publishing reads its connection from the
    settings or the environment: ``POSTMORTEM_CONFLUENCE_URL``, then either
    ``POSTMORTEM_CONFLUENCE_USER`` and ``POSTMORTEM_CONFLUENCE_TOKEN`` (Cloud: e-mail and API
    token) or ``POSTMORTEM_CONFLUENCE_TOKEN`` alone (Data Center: personal access token).
    """

    name: ClassVar[str] = "confluence"
    media_type: ClassVar[str] = "application/xhtml+xml"
    suffix: ClassVar[str] = ".xhtml"
    binary: ClassVar[bool] = False
    description: ClassVar[str] = "Confluence storage format; publishes to Confluence Cloud or Data Center."
    options: ClassVar[dict[str, Option]] = {
        "deployment": Option(
            "deployment",
            str,
            "auto",
            "Mention people by Cloud account id or Data Center user key; auto follows the "
            "connection when publishing and means cloud otherwise.",
            choices=_DEPLOYMENTS,
        ),
        "expand_after": Option(
            "expand_after",
            int,
            DEFAULT_EXPAND_AFTER,
            "Fold a timeline longer than this into an expand macro.",
            minimum=0,
        ),
        "jira_server": Option(
            "jira_server", str, "", "Name of the Jira application link for Jira issue macros (default link if empty)."
        ),
        "include_empty": INCLUDE_EMPTY_OPTION,
        "asset_dir": Option(
            "asset_dir",
            str,
            "",
            "Folder that images in prose (![alt](file.png)) may come from; publishing attaches them to the page "
            "and the page shows them. Empty shows images as their alt text; no other file or URL is read.",
        ),
        "today": TODAY_OPTION,
        "timeline_chart": Option(
            "timeline_chart",
            bool,
            True,
            "Show the timeline chart: attachments <id>-timeline.png (shown) and .svg, uploaded when publishing.",
        ),
    }
    publish_options: ClassVar[dict[str, Option]] = {
        "space": Option("space", str, None, "Key of the space to publish into (required for a new page)."),
        "parent": Option("parent", str, None, "Id of the parent page."),
        "title": Option("title", str, None, "Page title; default: the incident id and title."),
        "labels": Option("labels", tuple, ("postmortem",), "Labels the page must have (others are kept)."),
        "page_id": Option("page_id", str, None, "Id of the page an earlier publish wrote; found by title otherwise."),
        "url": Option("url", str, None, "Confluence URL; default POSTMORTEM_CONFLUENCE_URL."),
        "user": Option("user", str, None, "Cloud account e-mail; default POSTMORTEM_CONFLUENCE_USER."),
        "token": Option("token", str, None, "API token or personal access token; default POSTMORTEM_CONFLUENCE_TOKEN."),
        "deployment": Option(
            "deployment", str, "auto", "cloud or datacenter; auto: cloud when a user is set.", choices=_DEPLOYMENTS
        ),
        "timeout": Option("timeout", float, 30.0, "Seconds to wait for each response."),
        "retries": Option("retries", int, 6, "Tries per request on 429, 5xx and timeouts.", minimum=1),
        "verify_ssl": Option("verify_ssl", bool, True, "Check the server's TLS certificate."),
    }

    def render(self, incident: Incident) -> str:
        """Return the page body in Confluence storage format.

        The timeline chart, and with ``asset_dir`` the images in prose, are page attachments
        the body refers to by name; :meth:`publish` uploads them, :meth:`render_with_files`
        returns them with the body, and :meth:`~postmortem.export.Exporter.write` puts them
        beside the file (a page body alone does not carry them).
        """
        return self._render(incident, self._deployment(None), draw_chart=False).body

    def render_with_files(self, incident: Incident, filename: str) -> tuple[str, tuple[Attachment, ...]]:
        """The page body and the attachments it shows: the chart's PNG and SVG, and images of prose.

        Args:
            incident: The incident.
            filename: The body's file name; attachments never take it.
        """
        page = self._render(incident, self._deployment(None), reserved=[filename])
        return page.body, tuple(Attachment(image.filename, image.data, image.media_type) for image in page.images)

    def _deployment(self, connection: Deployment | None) -> Deployment:
        chosen = self.settings["deployment"]
        if chosen in ("cloud", "datacenter"):
            return chosen  # type: ignore[no-any-return]
        return connection or "cloud"

    def _render(
        self, incident: Incident, deployment: Deployment, reserved: Sequence[str] = (), *, draw_chart: bool = True
    ) -> StoragePage:
        options = _PageOptions(
            deployment=deployment,
            expand_after=self.settings["expand_after"],
            jira_server=self.settings["jira_server"] or None,
            include_empty=self.settings["include_empty"],
            asset_dir=self.settings["asset_dir"] or None,
            reserved=reserved,
            today=self.settings["today"],
            timeline_chart=self.settings["timeline_chart"],
        )
        return _render_page(incident, options, draw_chart=draw_chart)

    def publish(
        self,
        incident: Incident,
        *,
        attachments: Sequence[Attachment] = (),
        dry_run: bool = False,
        **settings: Any,
    ) -> PublishResult:
        """Create or update the incident's page, idempotently; set labels; add or replace attachments.

        Images in prose from ``asset_dir`` are attached too, after ``attachments``, under
        names none of those use, and the page shows them.

        Args:
            incident: What to publish.
            attachments: Files to attach (the PDF, the DOCX).
            dry_run: Read only, and report the plan in ``details["plan"]``.
            **settings: See :attr:`publish_options`.

        Returns:
            What was done: ``location`` is the page URL, ``identifier`` its id (remember it).

        Raises:
            ExporterError: for missing settings; its subclasses from
                :mod:`postmortem_confluence` for what Confluence answered. Messages never hold
                credentials.
        """
        # Imported here: requests and atlassian-python-api load only when publishing.
        from postmortem_confluence._client import ConfluenceClient, ConfluenceSettings  # noqa: PLC0415
        from postmortem_confluence._publish import (  # noqa: PLC0415
            AttachmentFile,
            PageTarget,
            RetryPolicy,
            publish_page,
        )

        checked = self.check_publish_settings(settings)
        if not checked["space"] and not checked["page_id"]:
            raise ExporterError("confluence: say which space to publish into (--space KEY, or space=...)")
        if checked["retries"] < 1:
            raise ExporterError("confluence: retries must be at least 1")
        connection = ConfluenceSettings.from_options(
            {
                "url": checked["url"],
                "user": checked["user"],
                "token": checked["token"],
                "deployment": None if checked["deployment"] == "auto" else checked["deployment"],
                "timeout": checked["timeout"],
                "verify_ssl": checked["verify_ssl"],
            }
        )
        page = self._render(incident, self._deployment(connection.flavour), reserved=[a.filename for a in attachments])
        target = PageTarget(
            space=checked["space"] or "",
            title=(checked["title"] or page_title(incident)).strip(),
            body=page.body,
            parent_id=checked["parent"],
            page_id=checked["page_id"],
            labels=tuple(checked["labels"]),
            attachments=(
                *(AttachmentFile(a.filename, a.data, a.media_type) for a in attachments),
                *(AttachmentFile(image.filename, image.data, image.media_type) for image in page.images),
            ),
        )
        with ConfluenceClient(connection) as client:
            result = publish_page(client, target, policy=RetryPolicy(attempts=checked["retries"]), dry_run=dry_run)
        return PublishResult(
            action=_DRY_RUN_ACTIONS[result.action] if dry_run else result.action,
            location=result.url or None,
            identifier=result.page_id,
            version=result.version or None,
            details={"title": result.title, "plan": [str(step) for step in result.steps]},
        )
