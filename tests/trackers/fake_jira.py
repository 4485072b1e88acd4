"""A fake Jira on 127.0.0.1: the REST endpoints ``actions sync --to jira`` uses, Cloud or Data Center.

Emulated, as Atlassian documents them:

* Authentication: Cloud takes Basic ``email:api-token``; Data Center takes
  ``Authorization: Bearer <personal access token>``. Anything else is 401.
* ``POST /rest/api/{2,3}/issue``: 201 ``{id, key, self}``. Checked like Jira checks them:
  the project and issue type exist; the summary is present, at most 255 characters and one
  line; labels hold no spaces; the priority is one of the instance's; the due date is
  ``YYYY-MM-DD``; a custom field exists; the assignee is a known user, by ``accountId`` on
  Cloud and ``name`` on Data Center. The description is a string in v2 and an Atlassian
  Document Format document in v3 (a string sent to v3 is 400, as on Cloud).
* ``GET /rest/api/{2,3}/issue/{key}?fields=``: the issue; in v2 an ADF description is read
  back as text, in v3 a text one as ADF. 404 for an unknown key.
* ``PUT /rest/api/{2,3}/issue/{key}``: ``fields`` (summary, description) and
  ``update.labels[].add``; 204.
* Search. Cloud: ``GET /rest/api/{2,3}/search/jql`` with ``nextPageToken``/``isLast``; the
  old ``/rest/api/{2,3}/search`` answers 410 Gone, as on Cloud since 2025. Data Center:
  ``GET /rest/api/2/search`` with ``startAt``/``maxResults``/``total``; ``search/jql`` is 404.
  Only the JQL the tracker sends is understood
  (``project = "P" AND labels = "L" ORDER BY created ASC``); anything else is 400.
  ``maxResults`` is capped (``page_cap``), so paging is exercised.

Not emulated: workflows and transitions over REST (a test moves an issue with
:meth:`FakeJira.transition`, as a person would in the browser), comments, issue links,
JQL beyond the one form above, expand, changelogs, field configuration schemes.
"""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, timezone
from typing import Any

from .fake_http import FakeServer, Faults, Reply, Request

API = r"/rest/api/(?P<version>[23])"
_JQL = re.compile(r'^project = "(?P<project>[^"]+)" AND labels = "(?P<label>[^"]+)" ORDER BY created ASC$')
_CATEGORIES = {
    "To Do": {"key": "new", "name": "To Do"},
    "In Progress": {"key": "indeterminate", "name": "In Progress"},
    "In Review": {"key": "indeterminate", "name": "In Progress"},
    "Done": {"key": "done", "name": "Done"},
}


def _stamp(when: datetime | None = None) -> str:
    when = when or datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _adf_to_text(document: Any) -> str:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text":
                out.append(str(node.get("text", "")))
            elif node.get("type") == "hardBreak":
                out.append("\n")
            for child in node.get("content") or []:
                walk(child)
            if node.get("type") == "paragraph":
                out.append("\n\n")

    walk(document)
    return "".join(out).strip()


def _text_to_adf(text: str) -> dict[str, Any]:
    return {
        "type": "doc",
        "version": 1,
        "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": part}]} for part in text.split("\n\n") if part
        ],
    }


class FakeJira(FakeServer):
    """Jira issues in one or more projects."""

    def __init__(
        self,
        token: str,
        *,
        deployment: str = "cloud",
        user: str = "sre-bot@example.com",
        faults: Faults | None = None,
        projects: tuple[str, ...] = ("OPS",),
        custom_fields: tuple[str, ...] = ("customfield_10050",),
        users: dict[str, str] | None = None,
        page_cap: int = 20,
    ) -> None:
        super().__init__(faults)
        self.token = token
        self.deployment = deployment
        self.user = user
        self.projects = set(projects)
        self.custom_fields = set(custom_fields)
        self.users = users or {"5b10ac8d82e05b22cc7d4ef5": "Priya Raman", "priya": "Priya Raman", "jonas": "Jonas Berg"}
        self.priorities = {"Highest", "High", "Medium", "Low", "Lowest"}
        self.page_cap = page_cap
        self.issues: dict[str, dict[str, Any]] = {}
        self._counter = 0
        self.route("POST", API + r"/issue", self.create_issue, write=True)
        self.route("GET", API + r"/issue/(?P<key>[A-Z][A-Z0-9_]*-[0-9]+)", self.get_issue)
        self.route("PUT", API + r"/issue/(?P<key>[A-Z][A-Z0-9_]*-[0-9]+)", self.edit_issue, write=True)
        self.route("GET", API + r"/search/jql", self.search_jql)
        self.route("GET", API + r"/search", self.search_offset)

    def authorised(self, headers: dict[str, str]) -> bool:
        given = headers.get("authorization", "")
        if self.deployment == "cloud":
            expected = base64.b64encode(f"{self.user}:{self.token}".encode()).decode()
            return given == f"Basic {expected}"
        return given == f"Bearer {self.token}"

    # ------------------------------------------------------------------ helpers for tests

    def transition(self, key: str, status: str, *, resolution: str | None = None, when: str | None = None) -> None:
        """Move an issue, as a person would on the board (``Done`` with a resolution, ``In Progress``)."""
        with self.lock:
            fields = self.issues[key]["fields"]
            fields["status"] = {"name": status, "statusCategory": _CATEGORIES[status]}
            if _CATEGORIES[status]["key"] == "done":
                fields["resolution"] = {"name": resolution or "Done"}
                fields["resolutiondate"] = when or _stamp()
            else:
                fields["resolution"] = None
                fields["resolutiondate"] = None
            fields["updated"] = _stamp()

    def assign(self, key: str, account: str) -> None:
        """Assign an issue to a known user."""
        with self.lock:
            self.issues[key]["fields"]["assignee"] = self._user(account)

    def set_due(self, key: str, day: str) -> None:
        """Change the due date."""
        with self.lock:
            self.issues[key]["fields"]["duedate"] = day

    def count(self) -> int:
        return len(self.issues)

    def _user(self, account: str) -> dict[str, Any]:
        name = self.users[account]
        if self.deployment == "cloud":
            return {"accountId": account, "displayName": name, "active": True}
        return {"name": account, "key": f"JIRAUSER{abs(hash(account)) % 10**5}", "displayName": name, "active": True}

    # ------------------------------------------------------------------ routes

    def _bad(self, errors: dict[str, str]) -> Reply:
        return Reply(400, {"errorMessages": [], "errors": errors})

    def create_issue(self, request: Request) -> Reply:  # noqa: PLR0912  (one branch per check Jira makes)
        version = int(request.match["version"])
        data = request.json()
        fields = data.get("fields") if isinstance(data, dict) else None
        if not isinstance(fields, dict):
            raise self._bad({"fields": "Field 'fields' is required"})
        errors: dict[str, str] = {}
        project = (fields.get("project") or {}).get("key")
        if project not in self.projects:
            errors["project"] = "valid project is required"
        if (fields.get("issuetype") or {}).get("name") not in {"Task", "Bug", "Story"}:
            errors["issuetype"] = "valid issue type is required"
        summary = fields.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif len(summary) > 255:
            errors["summary"] = "Summary must be less than 255 characters."
        elif "\n" in summary or "\r" in summary:
            errors["summary"] = "The summary is invalid because it contains newline characters."
        description = fields.get("description")
        if (
            version == 3
            and description is not None
            and not (isinstance(description, dict) and description.get("type") == "doc")
        ):
            errors["description"] = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
        if version == 2 and description is not None and not isinstance(description, str):
            errors["description"] = "Operation value must be a string"
        for label in fields.get("labels") or []:
            if not isinstance(label, str) or " " in label or len(label) > 255:
                errors["labels"] = f"The label '{label}' contains spaces which is invalid."
        if "priority" in fields and (fields["priority"] or {}).get("name") not in self.priorities:
            errors["priority"] = "Specify the Priority (name) in the string format"
        due = fields.get("duedate")
        if due is not None:
            try:
                date.fromisoformat(str(due))
            except ValueError:
                errors["duedate"] = "Error parsing date string: " + str(due)
        for name in fields:
            if name.startswith("customfield_") and name not in self.custom_fields:
                errors[name] = f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
        assignee = fields.get("assignee")
        if assignee is not None:
            account = assignee.get("accountId" if self.deployment == "cloud" else "name")
            if account not in self.users:
                errors["assignee"] = f"User '{account}' does not exist."
        if errors:
            raise self._bad(errors)
        self._counter += 1
        key = f"{project}-{self._counter}"
        stored = {name: value for name, value in fields.items() if name not in {"project", "issuetype", "assignee"}}
        stored.update(
            project={"key": project},
            issuetype=fields["issuetype"],
            status={"name": "To Do", "statusCategory": _CATEGORIES["To Do"]},
            resolution=None,
            resolutiondate=None,
            created=_stamp(),
            updated=_stamp(),
            assignee=self._user(assignee.get("accountId") or assignee.get("name")) if assignee else None,
        )
        self.issues[key] = {"id": str(10000 + self._counter), "key": key, "fields": stored, "_version": version}
        return Reply(
            201, {"id": str(10000 + self._counter), "key": key, "self": f"{self.url}/rest/api/{version}/issue/{key}"}
        )

    def _view(self, issue: dict[str, Any], version: int, wanted: str | None) -> dict[str, Any]:
        fields = dict(issue["fields"])
        description = fields.get("description")
        if version == 2 and isinstance(description, dict):
            fields["description"] = _adf_to_text(description)
        if version == 3 and isinstance(description, str):
            fields["description"] = _text_to_adf(description)
        if wanted and wanted not in {"*all", "*navigable"}:
            names = set(wanted.split(","))
            fields = {name: value for name, value in fields.items() if name in names}
        return {
            "id": issue["id"],
            "key": issue["key"],
            "self": f"{self.url}/rest/api/{version}/issue/{issue['key']}",
            "fields": fields,
        }

    def get_issue(self, request: Request) -> dict[str, Any]:
        issue = self.issues.get(request.match["key"])
        if issue is None:
            raise Reply(
                404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
            )
        return self._view(issue, int(request.match["version"]), request.arg("fields"))

    def edit_issue(self, request: Request) -> Reply:
        issue = self.issues.get(request.match["key"])
        if issue is None:
            raise Reply(
                404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
            )
        version = int(request.match["version"])
        data = request.json() or {}
        fields = data.get("fields") or {}
        if "summary" in fields:
            issue["fields"]["summary"] = fields["summary"]
        if "description" in fields:
            if version == 3 and not isinstance(fields["description"], dict):
                raise self._bad({"description": "Operation value must be an Atlassian Document"})
            issue["fields"]["description"] = fields["description"]
        for operation in (data.get("update") or {}).get("labels") or []:
            label = operation.get("add")
            if isinstance(label, str) and label not in issue["fields"].setdefault("labels", []):
                if " " in label:
                    raise self._bad({"labels": f"The label '{label}' contains spaces which is invalid."})
                issue["fields"]["labels"].append(label)
        issue["fields"]["updated"] = _stamp()
        return Reply(204, None)

    def _matching(self, request: Request) -> list[dict[str, Any]]:
        match = _JQL.match(request.arg("jql") or "")
        if match is None:
            raise Reply(
                400, {"errorMessages": ["Error in the JQL Query: the fake understands one form only."], "errors": {}}
            )
        return [
            issue
            for issue in self.issues.values()
            if issue["fields"]["project"]["key"] == match["project"]
            and match["label"] in (issue["fields"].get("labels") or [])
        ]

    def search_jql(self, request: Request) -> dict[str, Any]:
        if self.deployment != "cloud":
            raise Reply(404, {"message": "null for uri: /rest/api/2/search/jql"})
        version = int(request.match["version"])
        matching = self._matching(request)
        size = min(int(request.arg("maxResults", "50") or 50), self.page_cap)
        start = int(request.arg("nextPageToken", "0") or 0)
        chunk = matching[start : start + size]
        result: dict[str, Any] = {
            "issues": [self._view(issue, version, request.arg("fields")) for issue in chunk],
            "isLast": start + size >= len(matching),
        }
        if not result["isLast"]:
            result["nextPageToken"] = str(start + size)
        return result

    def search_offset(self, request: Request) -> dict[str, Any]:
        if self.deployment == "cloud":
            raise Reply(
                410,
                {
                    "errorMessages": [
                        "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."
                    ]
                },
            )
        version = int(request.match["version"])
        matching = self._matching(request)
        size = min(int(request.arg("maxResults", "50") or 50), self.page_cap)
        start = int(request.arg("startAt", "0") or 0)
        chunk = matching[start : start + size]
        return {
            "startAt": start,
            "maxResults": size,
            "total": len(matching),
            "issues": [self._view(issue, version, request.arg("fields")) for issue in chunk],
        }
