"""GitHub Issues as a tracker, over the REST API with the standard library's HTTP client.

Each call goes through :class:`postmortem.http.WebService`, as the Jira tracker's and the
Confluence publisher's do: the same errors by status, the same overall deadline and answer
bound (8 MiB here), and no token in any message.

Settings (options win over the environment):

===============  ===============================================  ==========================
option           environment                                      meaning
===============  ===============================================  ==========================
``repo``         ``POSTMORTEM_GITHUB_REPO``, ``GITHUB_REPOSITORY``  ``owner/name``
``token``        ``POSTMORTEM_GITHUB_TOKEN``, ``GITHUB_TOKEN``      a token with issues: write
``api_url``      ``POSTMORTEM_GITHUB_API_URL``, ``GITHUB_API_URL``  default https://api.github.com
``timeout``                                                       seconds per request (30)
===============  ===============================================  ==========================

Each issue carries the label ``postmortem-<incident id>`` and, at the end of its body, a
hidden line ``<!-- postmortem-action: <incident id> <action id> -->``: the sync lists the
incident's label (a consistent listing, unlike GitHub's search) and reads the line.

GitHub issues have no due date: the due date is written in the body, and read back from
the issue's milestone when it has one with a due date.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, ClassVar

from postmortem.http import (
    DEFAULT_DEADLINE,
    Answer,
    HttpResponse,
    WebService,
    parse_retry_after,
    secret_filter,
)
from postmortem.model import ActionItem, ActionStatus
from postmortem.trackers._base import (
    IssueDraft,
    TrackerAuthError,
    TrackerError,
    TrackerIssue,
    TrackerRequestError,
    TrackerSettingsError,
    TrackerUnavailableError,
    marker_label,
    tracker_errors,
)

__all__ = ["GitHubTracker"]

log = logging.getLogger("postmortem.trackers.github")

_REPO = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")
_MARKER = re.compile(r"<!-- postmortem-action: (\S+) (\S+) -->")
_KEY = re.compile(r"^(?:(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+))?#(?P<number>[0-9]{1,12})$")
_MAX_BODY = 8 * 1024 * 1024
_LABEL_LIMIT = 50  # GitHub refuses longer label names


def _message(body: object) -> str:
    """GitHub's own words from an error body: its ``message``, on one line and shortened."""
    if not isinstance(body, dict):
        return ""
    return " ".join(str(body.get("message") or "").split())[:300]


def _unavailable(message: str, status: int | None, retry_after: float | None) -> TrackerUnavailableError:
    # Without an answer (no connection) nothing was carried out; a 5xx may have been.
    return TrackerUnavailableError(message, status, retry_after, maybe_done=status is not None)


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).date()
    except ValueError:
        return None


_NO_MENTION = "@\u200b"


def marker_line(incident_id: str, action_id: str) -> str:
    """The hidden line that marks an issue as one action item's (ids percent-encoded: no spaces)."""
    quote = urllib.parse.quote
    return f"<!-- postmortem-action: {quote(incident_id, safe='')} {quote(action_id, safe='')} -->"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are errors: urllib would send the Authorization header on to any host."""

    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _inert(text: str) -> str:
    """User text that cannot forge our marker or open an HTML comment that hides the rest."""
    return text.replace("<!--", "&lt;!--").replace("-->", "--&gt;")


class GitHubTracker:
    """Action items as GitHub issues.

    Args:
        repo: ``owner/name``.
        token: A token allowed to write issues. Never shown in reprs, messages or logs.
        api_url: The REST API's base (GitHub Enterprise Server: ``https://HOST/api/v3``).
        timeout: Seconds to wait for each response.
        deadline: Seconds one request may take in all, however slowly the answer arrives.
        max_answer_bytes: The largest answer read (8 MiB); a larger one fails the request.
    """

    name: ClassVar[str] = "github"

    def __init__(
        self,
        repo: str,
        token: str,
        *,
        api_url: str = "https://api.github.com",
        timeout: float = 30.0,
        deadline: float = DEFAULT_DEADLINE,
        max_answer_bytes: int = _MAX_BODY,
    ) -> None:
        if not _REPO.match(repo):
            raise TrackerSettingsError(f"the GitHub repository must be owner/name, not {repo!r}")
        if not token:
            raise TrackerSettingsError("no GitHub token: set POSTMORTEM_GITHUB_TOKEN (or GITHUB_TOKEN) or pass token")
        parsed = urllib.parse.urlsplit(api_url)
        if parsed.scheme not in {"http", "https"} or not parsed.hostname:
            raise TrackerSettingsError("the GitHub API URL must be an http(s) URL such as https://api.github.com")
        if parsed.username or parsed.password:
            raise TrackerSettingsError("put the token in POSTMORTEM_GITHUB_TOKEN, not in the API URL")
        if not 0 < timeout <= 3600:
            raise TrackerSettingsError(f"timeout must be between 0 and 3600 seconds, got {timeout!r}")
        if not deadline > 0 or not max_answer_bytes > 0:
            raise TrackerSettingsError(
                f"deadline and max_answer_bytes must be above 0, got {deadline!r} and {max_answer_bytes!r}"
            )
        self.repo = repo
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        secret_filter.add(self.secrets())
        self._service = WebService(
            name="GitHub",
            url=self.api_url,
            timeout=timeout,
            credentials="POSTMORTEM_GITHUB_TOKEN",
            errors=tracker_errors(_unavailable),
            secrets=self.secrets(),
            timeout_types=(TimeoutError,),
            # Refused or dropped before an answer; http.client's own errors (a bad status line,
            # an answer cut short) are worth another try too.
            connection_types=(urllib.error.URLError, ConnectionError, http.client.HTTPException),
            request_types=(OSError, ValueError),
            detail=_message,
            log=log,
            special=self._special,
            deadline=deadline,
            max_answer_bytes=max_answer_bytes,
        )

    @classmethod
    def from_options(cls, options: Mapping[str, str], environ: Mapping[str, str]) -> GitHubTracker:
        """Build the tracker from options, falling back to the environment (see the module docs)."""
        known = {"repo", "token", "api_url", "timeout"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TrackerSettingsError(f"unknown GitHub option {unknown[0]!r}; known: {', '.join(sorted(known))}")
        repo = options.get("repo") or environ.get("POSTMORTEM_GITHUB_REPO") or environ.get("GITHUB_REPOSITORY")
        if not repo:
            raise TrackerSettingsError("no GitHub repository: set POSTMORTEM_GITHUB_REPO or pass -O repo=owner/name")
        token = options.get("token") or environ.get("POSTMORTEM_GITHUB_TOKEN") or environ.get("GITHUB_TOKEN") or ""
        api_url = (
            options.get("api_url")
            or environ.get("POSTMORTEM_GITHUB_API_URL")
            or environ.get("GITHUB_API_URL")
            or "https://api.github.com"
        )
        try:
            timeout = float(options.get("timeout", "30"))
        except ValueError:
            raise TrackerSettingsError(f"timeout must be a number of seconds, got {options.get('timeout')!r}") from None
        return cls(repo, token, api_url=api_url, timeout=timeout)

    def __repr__(self) -> str:
        return f"GitHubTracker(repo={self.repo!r}, api_url={self.api_url!r})"

    def secrets(self) -> tuple[str, ...]:
        """The token, and the header that carries it."""
        return (self._token, f"Bearer {self._token}", f"token {self._token}")

    def close(self) -> None:
        """Forget the token in the log filter (urllib keeps no connection open)."""
        secret_filter.discard(self.secrets())

    # ------------------------------------------------------------------ HTTP

    def _request(
        self, method: str, path: str, *, params: Mapping[str, str] | None = None, body: Any = None
    ) -> tuple[Any, Mapping[str, str]]:
        url = f"{self.api_url}/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310  (http(s) checked above)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "postmortem-actions-sync")
        request.add_header("Authorization", f"Bearer {self._token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        answers: list[Answer] = []

        def send() -> Answer:
            answers.append(self._send(request))
            return answers[-1]

        result = self._service.call(f"{method} /{path}", send)
        return result, answers[-1].headers

    def _send(self, request: urllib.request.Request) -> Answer:
        """Make the request and read the answer within the service's bounds, an error status included."""
        service = self._service
        started = time.monotonic()
        try:
            response: Any = _OPENER.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            response = error  # an error status, with its body still to read
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise error.reason from None
            raise
        with response:
            status = response.status if response.status is not None else response.code
            headers = response.headers
            read = getattr(response, "read1", None) or response.read
            content = service.read_answer(read, started=started, length=headers.get("Content-Length"), status=status)
        return Answer(status, content, headers)

    def _special(self, what: str, response: HttpResponse, detail: str) -> TrackerError | None:
        """GitHub's own readings of a status: its rate limit (403 or 429), a redirect, the token's scope."""
        status, headers = response.status_code, response.headers
        suffix = f": {detail}" if detail else ""
        retry_after = parse_retry_after(headers.get("Retry-After"))
        remaining = headers.get("X-RateLimit-Remaining")
        if status == 429 or (status == 403 and (retry_after is not None or remaining == "0")):
            if retry_after is None and remaining == "0":
                reset = headers.get("X-RateLimit-Reset", "")
                if reset.isdigit():
                    retry_after = max(0.0, int(reset) - datetime.now(timezone.utc).timestamp())
            return TrackerUnavailableError(
                f"{what}: GitHub's rate limit ({status}){suffix}", status, retry_after, maybe_done=False
            )
        if 300 <= status < 400:
            return TrackerRequestError(
                f"{what}: GitHub answered with a redirect ({status}), which is not followed with the token; "
                "check the repository name (it may have moved) and the API URL",
                status,
            )
        if status == 401:
            return TrackerAuthError(
                f"{what}: GitHub did not accept the token (401); check POSTMORTEM_GITHUB_TOKEN{suffix}", status
            )
        if status == 403:
            return TrackerAuthError(f"{what}: not allowed (403); the token lacks issues: write{suffix}", status)
        return None

    # ------------------------------------------------------------------ reading

    def _issue(self, data: object) -> TrackerIssue:
        if not isinstance(data, dict) or not isinstance(data.get("number"), int):
            raise TrackerUnavailableError("GitHub answered with something that is not an issue")
        body = data.get("body") if isinstance(data.get("body"), str) else ""
        assert isinstance(body, str)
        marker = _MARKER.search(body)
        state = data.get("state")
        reason = data.get("state_reason")
        labels = tuple(
            str(label.get("name")) if isinstance(label, dict) else str(label) for label in data.get("labels") or ()
        )
        if state == "closed":
            status = ActionStatus.WONT_DO if reason in {"not_planned", "duplicate"} else ActionStatus.DONE
        elif any(label.casefold().replace("-", " ") in {"in progress", "status: in progress"} for label in labels):
            status = ActionStatus.IN_PROGRESS
        else:
            status = ActionStatus.OPEN
        assignee = data.get("assignee") if isinstance(data.get("assignee"), dict) else None
        milestone = data.get("milestone") if isinstance(data.get("milestone"), dict) else None
        return TrackerIssue(
            key=f"#{data['number']}",
            url=str(data.get("html_url") or ""),
            action=(urllib.parse.unquote(marker.group(1)), urllib.parse.unquote(marker.group(2))) if marker else None,
            title=str(data.get("title") or ""),
            status=status,
            status_name=str(state or ""),
            exact_status=status is not ActionStatus.OPEN,
            resolution=str(reason) if state == "closed" and reason else None,
            assignee=str(assignee["login"]) if assignee and assignee.get("login") else None,
            due=_date(milestone.get("due_on")) if milestone else None,
            created=_date(data.get("created_at")),
            completed=_date(data.get("closed_at")) if state == "closed" else None,
            labels=labels,
            body=body,
        )

    def owns(self, item: ActionItem) -> bool:
        """True for ``#12``, ``owner/name#12`` of this repository, or a link to one of its issues."""
        key = (item.tracker_key or "").strip()
        match = _KEY.match(key)
        if match is not None:
            return match.group("repo") is None or match.group("repo").casefold() == self.repo.casefold()
        if key:
            return False
        return self._number_from_url(item.tracker_url or "") is not None

    def _number_from_url(self, url: str) -> str | None:
        match = re.search(r"/([^/]+/[^/]+)/issues/([0-9]{1,12})/?$", url)
        if match and match.group(1).casefold() == self.repo.casefold():
            return match.group(2)
        return None

    def get(self, key: str) -> TrackerIssue | None:
        """Read issue ``#N``; ``None`` when it does not exist or is a pull request."""
        match = _KEY.match(key.strip())
        number = match.group("number") if match else self._number_from_url(key)
        if number is None:
            return None
        try:
            data, _ = self._request("GET", f"repos/{self.repo}/issues/{number}")
        except TrackerRequestError as error:
            if error.status in {404, 410}:
                return None
            raise
        if isinstance(data, dict) and data.get("pull_request"):
            return None
        return self._issue(data)

    def search(self, incident_id: str, cursor: str | None = None) -> tuple[list[TrackerIssue], str | None]:
        """One page of the issues, open or closed, with the incident's label and a marker in its body.

        The cursor is the page number; ``None`` comes back after the last page.
        """
        label = marker_label(incident_id, limit=_LABEL_LIMIT)
        page = int(cursor) if cursor and cursor.isdigit() else 1
        params = {"labels": label, "state": "all", "per_page": "100", "page": str(page)}
        data, headers = self._request("GET", f"repos/{self.repo}/issues", params=params)
        if not isinstance(data, list):
            raise TrackerUnavailableError(f"GET /repos/{self.repo}/issues: GitHub answered with no listing")
        found: list[TrackerIssue] = []
        for entry in data:
            if isinstance(entry, dict) and not entry.get("pull_request"):
                issue = self._issue(entry)
                if issue.action is not None:
                    found.append(issue)
        if 'rel="next"' not in (headers.get("Link") or "") or not data:
            return found, None
        return found, str(page + 1)

    # ------------------------------------------------------------------ writing

    def _body(self, draft: IssueDraft) -> str:
        lines = [
            f"Action item **{_inert(draft.action_id)}** from the post-mortem of incident "
            f"**{_inert(draft.incident_id)}**: {_inert(draft.incident_title)}",
            "",
            _inert(draft.description),
        ]
        if draft.risk_reduction:
            lines += ["", f"**Reduces risk:** {_inert(draft.risk_reduction)}"]
        facts = [f"**Priority:** {draft.priority.value}"]
        if draft.kind:
            facts.append(f"**Kind:** {_inert(draft.kind)}")
        if draft.owner:
            # Written as text, not as a mention: assignment is what notifies people.
            facts.append(f"**Owner:** {_inert(draft.owner).replace('@', _NO_MENTION)}")
        if draft.due:
            facts.append(f"**Due:** {draft.due.isoformat()}")
        lines += ["", " · ".join(facts), "", marker_line(draft.incident_id, draft.action_id)]
        return "\n".join(lines)

    def _labels(self, draft: IssueDraft) -> list[str]:
        wanted = [marker_label(draft.incident_id, limit=_LABEL_LIMIT), *draft.labels]
        return [label[:_LABEL_LIMIT] for label in dict.fromkeys(wanted)]

    def create(self, draft: IssueDraft) -> TrackerIssue:
        """Open an issue, assigned to the owner's GitHub account when the file names one."""
        body: dict[str, Any] = {"title": draft.title, "body": self._body(draft), "labels": self._labels(draft)}
        if draft.assignee:
            body["assignees"] = [draft.assignee.lstrip("@")]
        data, _ = self._request("POST", f"repos/{self.repo}/issues", body=body)
        return self._issue(data)

    def differences(self, issue: TrackerIssue, draft: IssueDraft) -> list[str]:
        """``title``, ``description`` and ``labels`` where the issue differs from the draft."""
        names = []
        if issue.title != draft.title:
            names.append("title")
        stored = issue.body if isinstance(issue.body, str) else ""
        if stored.replace("\r\n", "\n").strip() != self._body(draft).strip():
            names.append("description")
        if not set(self._labels(draft)) <= set(issue.labels):
            names.append("labels")
        return names

    def update(self, issue: TrackerIssue, draft: IssueDraft) -> TrackerIssue:
        """Rewrite the title and body, and add missing labels (other labels stay)."""
        number = issue.key.lstrip("#")
        differences = self.differences(issue, draft)
        body: dict[str, Any] = {}
        if "title" in differences:
            body["title"] = draft.title
        if "description" in differences:
            body["body"] = self._body(draft)
        if body:
            data, _ = self._request("PATCH", f"repos/{self.repo}/issues/{number}", body=body)
            issue = self._issue(data)
        missing = [label for label in self._labels(draft) if label not in issue.labels]
        if missing:
            self._request("POST", f"repos/{self.repo}/issues/{number}/labels", body={"labels": missing})
            fresh = self.get(issue.key)
            if fresh is not None:
                issue = fresh
        return issue
