"""A fake GitHub REST API for issues, on 127.0.0.1: the endpoints ``actions sync --to github`` uses.

Emulated, as GitHub documents them (REST API version 2022-11-28):

* ``POST /repos/{owner}/{repo}/issues``: 201 with the issue; unknown labels are created;
  assignees without push access are dropped silently; a missing title is 422.
* ``GET /repos/{owner}/{repo}/issues/{number}``: the issue, or 404.
* ``PATCH /repos/{owner}/{repo}/issues/{number}``: title, body, state, state_reason.
* ``POST /repos/{owner}/{repo}/issues/{number}/labels``: adds labels.
* ``GET /repos/{owner}/{repo}/issues?labels=&state=all&per_page=&page=``: newest first,
  paged with a ``Link: <...>; rel="next"`` header; pull requests are listed too (they carry
  ``pull_request``), as GitHub does.
* ``Authorization: Bearer TOKEN`` (or ``token TOKEN``); anything else is 401.

Not emulated: search, comments, milestones as resources (a test sets an issue's
milestone directly), reactions, GraphQL, and rate-limit headers beyond ``Retry-After``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .fake_http import FakeServer, Faults, Reply, Request

REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub(FakeServer):
    """GitHub issues for one repository."""

    def __init__(
        self,
        token: str,
        repo: str = "acme/reliability",
        *,
        faults: Faults | None = None,
        collaborators: tuple[str, ...] = ("priya", "jonas"),
        page_size_cap: int = 100,
    ) -> None:
        super().__init__(faults)
        self.token = token
        self.repo = repo
        self.collaborators = set(collaborators)
        self.page_size_cap = page_size_cap
        self.issues: dict[int, dict[str, Any]] = {}
        self.labels: set[str] = set()
        self.route("GET", REPO + r"/issues", self.list_issues)
        self.route("POST", REPO + r"/issues", self.create_issue, write=True)
        self.route("GET", REPO + r"/issues/(?P<number>[0-9]+)", self.get_issue)
        self.route("PATCH", REPO + r"/issues/(?P<number>[0-9]+)", self.update_issue, write=True)
        self.route("POST", REPO + r"/issues/(?P<number>[0-9]+)/labels", self.add_labels, write=True)

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") in {f"Bearer {self.token}", f"token {self.token}"}

    # ------------------------------------------------------------------ helpers for tests

    def _repo(self, request: Request) -> None:
        if f"{request.match['owner']}/{request.match['repo']}" != self.repo:
            raise Reply(404, {"message": "Not Found"})

    def _issue(self, request: Request) -> dict[str, Any]:
        self._repo(request)
        issue = self.issues.get(int(request.match["number"]))
        if issue is None:
            raise Reply(404, {"message": "Not Found"})
        return issue

    def close(self, number: int, *, reason: str = "completed", when: str | None = None) -> None:
        """Close an issue, as a person would on github.com."""
        with self.lock:
            issue = self.issues[number]
            issue.update(state="closed", state_reason=reason, closed_at=when or _now(), updated_at=_now())

    def assign(self, number: int, login: str) -> None:
        """Assign an issue to someone."""
        with self.lock:
            user = {"login": login, "id": abs(hash(login)) % 10**6}
            self.issues[number].update(assignee=user, assignees=[user])

    def set_milestone(self, number: int, title: str, due_on: str) -> None:
        """Put an issue in a milestone with a due date."""
        with self.lock:
            self.issues[number]["milestone"] = {"title": title, "due_on": due_on, "number": 1}

    def add_pull_request(self, labels: list[str]) -> int:
        """A pull request carrying labels: the issues listing shows it too."""
        with self.lock:
            number = len(self.issues) + 1
            self.issues[number] = self._new(number, "A pull request", "", labels)
            self.issues[number]["pull_request"] = {"url": f"{self.url}/pulls/{number}"}
            return number

    def count(self) -> int:
        """Issues that are not pull requests."""
        return sum(1 for issue in self.issues.values() if "pull_request" not in issue)

    def _new(self, number: int, title: str, body: str, labels: list[str]) -> dict[str, Any]:
        self.labels.update(labels)
        now = _now()
        return {
            "number": number,
            "id": 1000 + number,
            "url": f"{self.url}/repos/{self.repo}/issues/{number}",
            "html_url": f"https://github.example/{self.repo}/issues/{number}",
            "title": title,
            "body": body,
            "state": "open",
            "state_reason": None,
            "labels": [{"name": name} for name in labels],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
        }

    # ------------------------------------------------------------------ routes

    def create_issue(self, request: Request) -> Reply:
        self._repo(request)
        data = request.json()
        if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"]:
            raise Reply(422, {"message": "Validation Failed", "errors": [{"field": "title", "code": "missing_field"}]})
        labels = [str(label) for label in data.get("labels") or []]
        if any(len(label) > 50 for label in labels):
            raise Reply(422, {"message": "Validation Failed", "errors": [{"field": "name", "code": "invalid"}]})
        number = len(self.issues) + 1
        issue = self._new(number, data["title"], str(data.get("body") or ""), labels)
        assignees = [login for login in data.get("assignees") or [] if login in self.collaborators]
        if assignees:
            users = [{"login": login, "id": abs(hash(login)) % 10**6} for login in assignees]
            issue.update(assignee=users[0], assignees=users)
        self.issues[number] = issue
        return Reply(201, issue)

    def get_issue(self, request: Request) -> dict[str, Any]:
        return self._issue(request)

    def update_issue(self, request: Request) -> dict[str, Any]:
        issue = self._issue(request)
        data = request.json()
        if not isinstance(data, dict):
            raise Reply(422, {"message": "Validation Failed"})
        for key in ("title", "body"):
            if key in data:
                issue[key] = data[key]
        if data.get("state") in {"open", "closed"}:
            issue["state"] = data["state"]
            issue["state_reason"] = data.get("state_reason") or ("completed" if data["state"] == "closed" else None)
            issue["closed_at"] = _now() if data["state"] == "closed" else None
        issue["updated_at"] = _now()
        return issue

    def add_labels(self, request: Request) -> list[dict[str, str]]:
        issue = self._issue(request)
        data = request.json()
        names = data.get("labels") if isinstance(data, dict) else data
        present = [label["name"] for label in issue["labels"]]
        for name in names or []:
            if name not in present:
                present.append(str(name))
        self.labels.update(present)
        issue["labels"] = [{"name": name} for name in present]
        return issue["labels"]

    def list_issues(self, request: Request) -> Reply:
        self._repo(request)
        wanted = [label for label in (request.arg("labels") or "").split(",") if label]
        state = request.arg("state", "open")
        per_page = min(int(request.arg("per_page", "30") or 30), self.page_size_cap)
        page = int(request.arg("page", "1") or 1)
        matching = [
            issue
            for number, issue in sorted(self.issues.items(), reverse=True)
            if all(label in {entry["name"] for entry in issue["labels"]} for label in wanted)
            and (state == "all" or issue["state"] == state)
        ]
        chunk = matching[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(matching):
            headers["Link"] = f'<{self.url}/repos/{self.repo}/issues?page={page + 1}>; rel="next"'
        return Reply(200, chunk, headers)
