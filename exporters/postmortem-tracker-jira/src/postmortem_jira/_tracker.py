"""Jira Cloud and Data Center as a tracker, over atlassian-python-api.

Every call goes through the library's ``request`` (its session, authentication and URL
handling) with ``advanced_mode=True``, so that every status code is seen here, and with the
library's own retries off: :func:`postmortem.trackers.sync_incident` owns the retry policy.

Where REST v2 and v3 differ, both are handled:

* the description is wiki markup in v2 and an Atlassian Document Format (ADF) document in v3;
* Cloud searches with ``GET /rest/api/{2,3}/search/jql`` (a ``nextPageToken`` cursor); Data
  Center with ``GET /rest/api/2/search`` (``startAt``/``total``);
* an assignee is ``{"accountId": ...}`` on Cloud and ``{"name": ...}`` on Data Center.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Literal

from postmortem.http import DEFAULT_DEADLINE, DEFAULT_MAX_ANSWER_BYTES, WebService, credential_forms
from postmortem.model import ActionItem, ActionStatus, Priority
from postmortem.trackers import (
    IssueDraft,
    TrackerIssue,
    TrackerRequestError,
    TrackerSettingsError,
    TrackerUnavailableError,
    marker_label,
    secret_filter,
    tracker_errors,
)

__all__ = ["ENV_PROJECT", "ENV_TOKEN", "ENV_URL", "ENV_USER", "JiraSettings", "JiraTracker"]

log = logging.getLogger("postmortem_jira")

ENV_URL = "POSTMORTEM_JIRA_URL"
ENV_USER = "POSTMORTEM_JIRA_USER"
ENV_TOKEN = "POSTMORTEM_JIRA_TOKEN"  # noqa: S105  (the name of a variable, not a secret)
ENV_PROJECT = "POSTMORTEM_JIRA_PROJECT"

Deployment = Literal["cloud", "datacenter"]

_DEFAULT_PRIORITIES = {"critical": "Highest", "high": "High", "medium": "Medium", "low": "Low"}
_WONT_DO = ("Won't Do", "Won't Fix", "Duplicate", "Cannot Reproduce", "Declined", "Rejected", "Not a Bug")
_PROJECT = re.compile(r"^[A-Z][A-Z0-9_]{0,254}$")
_ISSUE_KEY = re.compile(r"^(?P<project>[A-Z][A-Z0-9_]*)-(?P<number>[1-9][0-9]{0,11})$")
_FIELD = re.compile(r"^(duedate|customfield_[0-9]{1,12})$")
_PAGE = 100
_OPTIONS = frozenset(
    {
        "url",
        "user",
        "token",
        "deployment",
        "api_version",
        "project",
        "issue_type",
        "priorities",
        "labels",
        "incident_field",
        "due_field",
        "wont_do",
        "timeout",
        "verify_ssl",
    }
)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class JiraSettings:
    """Where Jira is, how to sign in, and how action items map to issue fields.

    Attributes:
        url: The site (``https://example.atlassian.net``) or the Data Center base URL.
        token: API token (Cloud) or personal access token (Data Center). Never shown in reprs.
        project: The project key new issues go into (``OPS``).
        user: The account e-mail for Cloud Basic auth; ``None`` means Bearer (Data Center).
        deployment: ``cloud`` or ``datacenter``; guessed from the user when ``None``.
        api_version: 2 or 3 (3 only on Cloud; Cloud's default).
        issue_type: The issue type's name.
        priorities: Action item priority to Jira priority name; a priority missing here is not set.
        labels: Labels every issue gets, besides the incident and item markers.
        incident_field: A custom field (``customfield_10050``) that receives the incident id.
        due_field: The field that holds the due date: ``duedate`` or a custom date field.
        wont_do: Resolutions that mean the item was declined, not done.
        timeout: Seconds to wait for each response.
        verify_ssl: Check the server's TLS certificate.
        deadline: Seconds one request may take in all, however slowly the answer arrives.
        max_answer_bytes: The largest answer read; a larger one fails the request.
    """

    url: str
    token: str = field(repr=False)
    project: str
    user: str | None = None
    deployment: Deployment | None = None
    api_version: int | None = None
    issue_type: str = "Task"
    priorities: Mapping[str, str] = field(default_factory=lambda: dict(_DEFAULT_PRIORITIES))
    labels: tuple[str, ...] = ("postmortem",)
    incident_field: str | None = None
    due_field: str = "duedate"
    wont_do: tuple[str, ...] = _WONT_DO
    timeout: float = 30.0
    verify_ssl: bool = True
    deadline: float = DEFAULT_DEADLINE
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES

    def __post_init__(self) -> None:
        example = f"{ENV_URL} must be an http(s) URL such as https://example.atlassian.net"
        try:
            parsed = urllib.parse.urlsplit(self.url)
            _ = parsed.port
        except ValueError:
            raise TrackerSettingsError(f"{example}; the URL given does not parse") from None
        if parsed.scheme not in {"http", "https"} or not parsed.hostname:
            raise TrackerSettingsError(example)
        if parsed.username or parsed.password:
            raise TrackerSettingsError(f"put credentials in {ENV_USER} and {ENV_TOKEN}, not in the Jira URL")
        if not self.token:
            raise TrackerSettingsError(f"no Jira token: set {ENV_TOKEN} or pass -O token=...")
        if not _PROJECT.match(self.project):
            raise TrackerSettingsError(
                f"the Jira project key must be capital letters and digits such as OPS, not {self.project!r}"
            )
        if self.deployment not in {None, "cloud", "datacenter"}:
            raise TrackerSettingsError(f"deployment must be 'cloud' or 'datacenter', not {self.deployment!r}")
        if self.api_version not in {None, 2, 3}:
            raise TrackerSettingsError(f"api_version must be 2 or 3, not {self.api_version!r}")
        if self.api_version == 3 and self.flavour == "datacenter":
            raise TrackerSettingsError("Jira Data Center has REST API version 2 only; use api_version=2")
        for name in (self.incident_field, self.due_field):
            if name is not None and not _FIELD.match(name):
                raise TrackerSettingsError(f"a field must be duedate or customfield_NNNNN, not {name!r}")
        unknown = sorted(set(self.priorities) - {priority.value for priority in Priority})
        if unknown:
            raise TrackerSettingsError(
                f"priorities maps {unknown[0]!r}, which is not an action item priority (critical, high, medium, low)"
            )
        self._check_limits()

    def _check_limits(self) -> None:
        """The timeout, the deadline and the answer bound can work."""
        if not 0 < self.timeout <= 3600:
            raise TrackerSettingsError(f"timeout must be above 0 and at most 3600 seconds, got {self.timeout!r}")
        if not self.deadline > 0 or not self.max_answer_bytes > 0:
            raise TrackerSettingsError(
                f"deadline and max_answer_bytes must be above 0, got {self.deadline!r} and {self.max_answer_bytes!r}"
            )

    @property
    def flavour(self) -> Deployment:
        """The deployment, explicit or guessed (Cloud when a user e-mail is given)."""
        if self.deployment is not None:
            return self.deployment
        return "cloud" if self.user else "datacenter"

    @property
    def version(self) -> int:
        """The REST API version: 3 on Cloud unless asked otherwise, 2 on Data Center."""
        if self.api_version is not None:
            return self.api_version
        return 3 if self.flavour == "cloud" else 2

    @classmethod
    def from_options(cls, options: Mapping[str, str], environ: Mapping[str, str]) -> JiraSettings:
        """Build settings from ``-O`` options, falling back to the environment.

        Raises:
            TrackerSettingsError: when a setting is unknown, missing or can never work.
        """
        unknown = sorted(set(options) - _OPTIONS)
        if unknown:
            raise TrackerSettingsError(f"unknown Jira option {unknown[0]!r}; known: {', '.join(sorted(_OPTIONS))}")
        url = options.get("url") or environ.get(ENV_URL)
        if not url:
            raise TrackerSettingsError(f"no Jira URL: set {ENV_URL} or pass -O url=...")
        project = options.get("project") or environ.get(ENV_PROJECT)
        if not project:
            raise TrackerSettingsError(f"no Jira project: set {ENV_PROJECT} or pass -O project=KEY")
        priorities = dict(_DEFAULT_PRIORITIES)
        if "priorities" in options:
            priorities = {}
            for pair in _split(options["priorities"]):
                ours, sep, theirs = pair.partition("=")
                if not sep:
                    raise TrackerSettingsError(f"priorities are ours=theirs pairs such as high=P2, not {pair!r}")
                if theirs.strip():
                    priorities[ours.strip().lower()] = theirs.strip()
        try:
            timeout = float(options.get("timeout", "30"))
            version = int(options["api_version"]) if options.get("api_version") else None
        except ValueError:
            raise TrackerSettingsError("timeout and api_version must be numbers") from None
        deployment = options.get("deployment") or None
        return cls(
            url=url,
            token=options.get("token") or environ.get(ENV_TOKEN) or "",
            project=project,
            user=options.get("user") or environ.get(ENV_USER) or None,
            deployment=deployment,  # type: ignore[arg-type]  # checked in __post_init__
            api_version=version,
            issue_type=options.get("issue_type") or "Task",
            priorities=priorities,
            labels=tuple(_split(options["labels"])) if "labels" in options else ("postmortem",),
            incident_field=options.get("incident_field") or None,
            due_field=options.get("due_field") or "duedate",
            wont_do=tuple(_split(options["wont_do"])) if "wont_do" in options else _WONT_DO,
            timeout=timeout,
            verify_ssl=options.get("verify_ssl", "true").strip().lower() not in {"0", "false", "no"},
        )

    def secrets(self) -> tuple[str, ...]:
        """Every form in which the token could leak into text."""
        return credential_forms(self.token, self.user)


# ---------------------------------------------------------------------- text


_WIKI_SPECIAL = re.compile(r"([{}\[\]|!*_+^~?#\-\\])")


def _wiki(text: str) -> str:
    """Plain text for Jira wiki markup: every markup character escaped, so no macro or link runs."""
    return _WIKI_SPECIAL.sub(r"\\\1", text)


def _paragraphs(draft: IssueDraft) -> list[str]:
    lines = [
        f"Action item {draft.action_id} from the post-mortem of incident {draft.incident_id}: {draft.incident_title}",
        draft.description,
    ]
    if draft.risk_reduction:
        lines.append(f"Reduces risk: {draft.risk_reduction}")
    facts = [f"Priority: {draft.priority.value}"]
    if draft.kind:
        facts.append(f"Kind: {draft.kind}")
    if draft.owner:
        facts.append(f"Owner: {draft.owner}")
    if draft.due:
        facts.append(f"Due: {draft.due.isoformat()}")
    lines.append(" · ".join(facts))
    return lines


def _adf(paragraphs: list[str]) -> dict[str, Any]:
    """An ADF document of plain-text paragraphs: text nodes never carry markup."""
    content = []
    for paragraph in paragraphs:
        nodes: list[dict[str, Any]] = []
        for index, line in enumerate(paragraph.splitlines() or [""]):
            if index:
                nodes.append({"type": "hardBreak"})
            if line:
                nodes.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": nodes})
    return {"type": "doc", "version": 1, "content": content}


def _adf_text(document: object) -> str:
    """The plain text of an ADF document (paragraphs on lines), to compare with ours."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if kind == "text" and isinstance(node.get("text"), str):
                out.append(node["text"])
            elif kind == "hardBreak":
                out.append("\n")
            for child in node.get("content") or []:
                walk(child)
            if kind == "paragraph":
                out.append("\n\n")
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(document)
    return "".join(out).strip()


def _date(value: object) -> date | None:
    """The day of a Jira date or time (``2026-07-01``, ``2026-07-01T09:12:00.000+0000``), as Jira shows it."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------- the service


def _error_detail(body: object) -> str:
    """Jira's own words from an error body: ``errorMessages`` and ``errors``, or ``message``."""
    if not isinstance(body, dict):
        return ""
    messages = [str(message) for message in body.get("errorMessages") or [] if message]
    errors = body.get("errors")
    if isinstance(errors, dict):
        messages += [f"{key}: {value}" for key, value in errors.items()]
    detail = "; ".join(messages) or str(body.get("message") or "")
    return " ".join(detail.split())[:500]


def _unavailable(message: str, status: int | None, retry_after: float | None) -> TrackerUnavailableError:
    # A 429 was refused before any work; a 5xx or a lost connection may have been carried out.
    return TrackerUnavailableError(message, status, retry_after, maybe_done=status != 429)


def _web_service(settings: JiraSettings, secrets: tuple[str, ...]) -> WebService:
    return WebService(
        name="Jira",
        url=settings.url,
        timeout=settings.timeout,
        credentials=f"{ENV_USER} and {ENV_TOKEN}" if settings.user else ENV_TOKEN,
        errors=tracker_errors(_unavailable),
        secrets=tuple(sorted(secrets, key=len, reverse=True)),
        detail=_error_detail,
        log=log,
        deadline=settings.deadline,
        max_answer_bytes=settings.max_answer_bytes,
    )


# ---------------------------------------------------------------------- the tracker


class JiraTracker:
    """Action items as Jira issues, on Cloud (REST v3 or v2) or Data Center (REST v2).

    Args:
        settings: Where and how to connect, and the field mapping.
    """

    name: ClassVar[str] = "jira"

    def __init__(self, settings: JiraSettings) -> None:
        # Heavy, so only imported when syncing. The library is not fully typed: hold it as Any.
        from atlassian.jira import JiraCloud, JiraServer  # noqa: PLC0415

        self.settings = settings
        credentials: dict[str, Any] = (
            {"username": settings.user, "password": settings.token} if settings.user else {"token": settings.token}
        )
        common: dict[str, Any] = {
            "timeout": 30,
            "verify_ssl": settings.verify_ssl,
            "retry_with_header": False,
            "backoff_and_retry": False,
            **credentials,
        }
        cls: Any = JiraCloud if settings.flavour == "cloud" else JiraServer
        self._api: Any = cls(settings.url.rstrip("/"), api_version=settings.version, **common)
        # The constructor truncates the timeout to whole seconds; tests need less than one.
        self._api.timeout = settings.timeout
        # atlassian-python-api logs each request as a curl command line, headers included, at DEBUG.
        self._secrets = settings.secrets()
        secret_filter.add(self._secrets, loggers=("atlassian", "postmortem_jira"))
        self._service = _web_service(settings, self._secrets)
        # Every answer is read within the deadline and the size bound.
        self._service.bound(self._api.session)

    @classmethod
    def from_options(cls, options: Mapping[str, str], environ: Mapping[str, str]) -> JiraTracker:
        """Build the tracker from ``-O`` options and ``POSTMORTEM_JIRA_*`` variables."""
        return cls(JiraSettings.from_options(options, environ))

    def __repr__(self) -> str:
        settings = self.settings
        return f"JiraTracker(url={settings.url!r}, project={settings.project!r}, deployment={settings.flavour!r})"

    def secrets(self) -> tuple[str, ...]:
        """Every form in which the token could appear in text."""
        return self._secrets

    def close(self) -> None:
        """Close the HTTP session."""
        self._api.close()
        secret_filter.discard(self._secrets)

    # ------------------------------------------------------------------ plumbing

    def _path(self, resource: str) -> str:
        return f"rest/api/{self.settings.version}/{resource}"

    def _call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None) -> Any:
        return self._service.call(
            f"{method} /{path}",
            lambda: self._api.request(
                method=method,
                path=path,
                params=dict(params) if params else None,
                data=json,
                headers={"Content-Type": "application/json", "Accept": "application/json"},
                advanced_mode=True,
            ),
        )

    # ------------------------------------------------------------------ reading

    def _fields(self) -> str:
        names = ["summary", "status", "assignee", "resolution", "resolutiondate", "created", "labels", "description"]
        names.append(self.settings.due_field)
        if self.settings.incident_field:
            names.append(self.settings.incident_field)
        return ",".join(dict.fromkeys(names))

    def _action(self, labels: tuple[str, ...]) -> tuple[str, str] | None:
        prefix = "postmortem-"
        for label in labels:
            if label.startswith(prefix) and "--" in label:
                incident, _, action = label[len(prefix) :].rpartition("--")
                if incident and action:
                    return incident, action
        return None

    def _issue(self, data: object) -> TrackerIssue:
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            raise TrackerUnavailableError("Jira answered with something that is not an issue")
        fields = data.get("fields") if isinstance(data.get("fields"), dict) else {}
        assert isinstance(fields, dict)
        status_data = fields.get("status") if isinstance(fields.get("status"), dict) else {}
        assert isinstance(status_data, dict)
        category = status_data.get("statusCategory") if isinstance(status_data.get("statusCategory"), dict) else {}
        assert isinstance(category, dict)
        resolution_data = fields.get("resolution")
        resolution = (
            str(resolution_data.get("name"))
            if isinstance(resolution_data, dict) and resolution_data.get("name")
            else None
        )
        key = category.get("key")
        if key == "done":
            wont_do = {name.casefold() for name in self.settings.wont_do}
            status = ActionStatus.WONT_DO if resolution and resolution.casefold() in wont_do else ActionStatus.DONE
        elif key == "indeterminate":
            status = ActionStatus.IN_PROGRESS
        else:
            status = ActionStatus.OPEN
        assignee = fields.get("assignee") if isinstance(fields.get("assignee"), dict) else None
        account = None
        if assignee:
            account = assignee.get("accountId") or assignee.get("name") or assignee.get("key")
        labels = tuple(str(label) for label in fields.get("labels") or () if isinstance(label, str))
        return TrackerIssue(
            key=data["key"],
            url=f"{self.settings.url.rstrip('/')}/browse/{data['key']}",
            action=self._action(labels),
            title=str(fields.get("summary") or ""),
            status=status,
            status_name=str(status_data.get("name") or ""),
            resolution=resolution,
            assignee=str(account) if account else None,
            assignee_name=str(assignee.get("displayName")) if assignee and assignee.get("displayName") else None,
            due=_date(fields.get(self.settings.due_field)),
            created=_date(fields.get("created")),
            completed=_date(fields.get("resolutiondate")) if status is ActionStatus.DONE else None,
            labels=labels,
            body=fields.get("description"),
        )

    def owns(self, item: ActionItem) -> bool:
        """True for a key of a Jira issue (``OPS-12``) whose link, if any, is on this site."""
        key = (item.tracker_key or "").strip()
        if key and not _ISSUE_KEY.match(key):
            return False
        url = item.tracker_url
        if url:
            ours = urllib.parse.urlsplit(self.settings.url)
            theirs = urllib.parse.urlsplit(url)
            if (theirs.hostname or "").casefold() != (ours.hostname or "").casefold() or theirs.port != ours.port:
                return False
            if not key:
                return re.search(r"/browse/[A-Z][A-Z0-9_]*-[0-9]+$", theirs.path) is not None
        return bool(key)

    def get(self, key: str) -> TrackerIssue | None:
        """Read one issue; ``None`` when Jira says 404."""
        key = key.strip()
        if not _ISSUE_KEY.match(key):
            match = re.search(r"/browse/([A-Z][A-Z0-9_]*-[0-9]+)$", key)
            if match is None:
                return None
            key = match.group(1)
        try:
            data = self._call("GET", self._path(f"issue/{key}"), params={"fields": self._fields()})
        except TrackerRequestError as error:
            if error.status == 404:
                return None
            raise
        return self._issue(data)

    def search(self, incident_id: str, cursor: str | None = None) -> tuple[list[TrackerIssue], str | None]:
        """One page of the project's issues with the incident's label, and the next page's cursor.

        The cursor is Cloud's ``nextPageToken`` or Data Center's ``startAt``; ``None`` comes
        back after the last page.
        """
        label = marker_label(incident_id)
        jql = f"project = {_jql_string(self.settings.project)} AND labels = {_jql_string(label)} ORDER BY created ASC"
        cloud = self.settings.flavour == "cloud"
        path = self._path("search/jql") if cloud else self._path("search")
        params: dict[str, Any] = {"jql": jql, "maxResults": _PAGE, "fields": self._fields()}
        if cloud and cursor:
            params["nextPageToken"] = cursor
        start = int(cursor) if not cloud and cursor and cursor.isdigit() else 0
        if not cloud:
            params["startAt"] = start
        result = self._call("GET", path, params=params)
        issues = result.get("issues") if isinstance(result, dict) else None
        if not isinstance(result, dict) or not isinstance(issues, list):
            raise TrackerUnavailableError(f"GET /{path}: Jira answered with something that is not a search result")
        found = [issue for issue in map(self._issue, issues) if issue.action is not None]
        if cloud:
            token = result.get("nextPageToken")
            if result.get("isLast", True) or not isinstance(token, str) or not token or not issues:
                return found, None
            return found, token
        start += len(issues)
        total = result.get("total")
        if not issues or not isinstance(total, int) or start >= total:
            return found, None
        return found, str(start)

    # ------------------------------------------------------------------ writing

    def _description(self, draft: IssueDraft) -> Any:
        paragraphs = _paragraphs(draft)
        if self.settings.version >= 3:
            return _adf(paragraphs)
        return "\n\n".join(_wiki(paragraph) for paragraph in paragraphs)

    def _same_description(self, stored: object, draft: IssueDraft) -> bool:
        if self.settings.version >= 3:
            return _adf_text(stored) == _adf_text(self._description(draft))
        wanted = self._description(draft)
        return isinstance(stored, str) and stored.replace("\r\n", "\n").strip() == str(wanted).strip()

    def _labels(self, draft: IssueDraft) -> list[str]:
        wanted = [
            *self.settings.labels,
            *draft.labels,
            marker_label(draft.incident_id),
            marker_label(draft.incident_id, draft.action_id),
        ]
        # Jira labels cannot hold spaces.
        return list(dict.fromkeys(re.sub(r"\s+", "_", label)[:255] for label in wanted if label.strip()))

    def create(self, draft: IssueDraft) -> TrackerIssue:
        """Create the issue with every mapped field, then read it back."""
        settings = self.settings
        fields: dict[str, Any] = {
            "project": {"key": settings.project},
            "issuetype": {"name": settings.issue_type},
            "summary": draft.title,
            "description": self._description(draft),
            "labels": self._labels(draft),
        }
        priority = settings.priorities.get(draft.priority.value)
        if priority:
            fields["priority"] = {"name": priority}
        if draft.due is not None:
            fields[settings.due_field] = draft.due.isoformat()
        if settings.incident_field:
            fields[settings.incident_field] = draft.incident_id
        if draft.assignee:
            fields["assignee"] = (
                {"accountId": draft.assignee} if settings.flavour == "cloud" else {"name": draft.assignee}
            )
        created = self._call("POST", self._path("issue"), json={"fields": fields})
        key = created.get("key") if isinstance(created, dict) else None
        if not isinstance(key, str) or not _ISSUE_KEY.match(key):
            raise TrackerUnavailableError("POST /issue: Jira answered without the new issue's key")
        issue = self.get(key)
        if issue is None:
            raise TrackerUnavailableError(f"{key} was created but cannot be read back yet")
        return issue

    def differences(self, issue: TrackerIssue, draft: IssueDraft) -> list[str]:
        """``title``, ``description`` and ``labels`` where the issue differs from the draft."""
        names = []
        if issue.title != draft.title:
            names.append("title")
        if not self._same_description(issue.body, draft):
            names.append("description")
        if not set(self._labels(draft)) <= set(issue.labels):
            names.append("labels")
        return names

    def update(self, issue: TrackerIssue, draft: IssueDraft) -> TrackerIssue:
        """Rewrite the summary and description and add missing labels (other labels stay)."""
        differences = self.differences(issue, draft)
        body: dict[str, Any] = {"fields": {}, "update": {}}
        if "title" in differences:
            body["fields"]["summary"] = draft.title
        if "description" in differences:
            body["fields"]["description"] = self._description(draft)
        missing = [label for label in self._labels(draft) if label not in issue.labels]
        if missing:
            body["update"]["labels"] = [{"add": label} for label in missing]
        if body["fields"] or body["update"]:
            self._call("PUT", self._path(f"issue/{issue.key}"), json=body)
        fresh = self.get(issue.key)
        if fresh is None:
            raise TrackerRequestError(f"{issue.key} disappeared while it was updated", 404)
        return fresh
