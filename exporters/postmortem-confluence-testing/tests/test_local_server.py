"""The local Confluence server behaves as the documentation says (plain HTTP, no client of ours)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from confluence_support import API_TOKEN, EMAIL, PAT, local_confluence
from postmortem_confluence_testing import Fault, LocalConfluence


@pytest.fixture(params=["cloud", "datacenter"])
def server(request: pytest.FixtureRequest) -> Iterator[LocalConfluence]:
    """A server of each flavour, with a writer, a read-only reader and two spaces."""
    with local_confluence(request.param) as confluence:
        yield confluence


class Http:
    """Plain requests against the server, authenticated for its flavour."""

    def __init__(self, server: LocalConfluence) -> None:
        self.server = server
        self.session = requests.Session()
        if server.deployment == "cloud":
            self.session.auth = (EMAIL, API_TOKEN)
        else:
            self.session.headers["Authorization"] = f"Bearer {PAT}"

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.server.url + path, timeout=5, **kwargs)

    def create(self, title: str, body: str = "<p>x</p>", parent: str | None = None) -> requests.Response:
        data: dict[str, Any] = {
            "type": "page",
            "title": title,
            "space": {"key": "OPS"},
            "body": {"storage": {"value": body, "representation": "storage"}},
        }
        if parent:
            data["ancestors"] = [{"id": parent}]
        return self("POST", "/rest/api/content", json=data)


@pytest.fixture
def http(server: LocalConfluence) -> Http:
    return Http(server)


class TestContent:
    def test_versions_and_history(self, http: Http) -> None:
        """An update must carry the next version; older versions stay readable."""
        page = http.create("Page").json()
        update = {
            "type": "page",
            "title": "Page",
            "version": {"number": 2},
            "body": {"storage": {"value": "<p>two</p>", "representation": "storage"}},
        }
        assert http("PUT", f"/rest/api/content/{page['id']}", json=update).json()["version"]["number"] == 2
        stale = http("PUT", f"/rest/api/content/{page['id']}", json=update)
        assert stale.status_code == 409
        assert "Current version is: 2" in stale.json()["message"]
        old = http("GET", f"/rest/api/content/{page['id']}", params={"version": 1, "expand": "body.storage"})
        assert old.json()["body"]["storage"]["value"] == "<p>x</p>"
        assert http("GET", f"/rest/api/content/{page['id']}/history").json()["lastUpdated"]["number"] == 2

    def test_duplicate_titles_are_rejected(self, http: Http) -> None:
        """A second page with the same title (in any case) in a space is a 400."""
        assert http.create("Same").status_code == 200
        again = http.create("SAME")
        assert again.status_code == 400
        assert "already exists" in again.json()["message"]

    @pytest.mark.parametrize("body", ["<p>unclosed", "<p>a &bogus; b</p>", "<x:y>unknown prefix</x:y>", "a < b"])
    def test_malformed_storage_is_rejected(self, http: Http, body: str) -> None:
        """Bodies that are not well-formed storage XHTML are a 400."""
        response = http.create("Bad", body)
        assert response.status_code == 400
        assert "xhtml" in response.json()["message"]

    def test_html_entities_and_macros_are_accepted(self, http: Http) -> None:
        """Named HTML entities and ac:/ri: elements are valid storage format."""
        body = '<p>a&nbsp;b &mdash;</p><ac:link><ri:user ri:account-id="1" /></ac:link>'
        assert http.create("Good", body).status_code == 200

    def test_unknown_content_is_404(self, http: Http) -> None:
        """Reading a page that does not exist is a 404."""
        assert http("GET", "/rest/api/content/1").status_code == 404

    def test_multipart_put_on_content_is_415(self, http: Http) -> None:
        """A multipart PUT to a content resource is refused, as Data Center does."""
        page = http.create("Page").json()
        response = http(
            "PUT",
            f"/rest/api/content/{page['id']}",
            files={"file": ("a.txt", b"x")},
            headers={"X-Atlassian-Token": "no-check"},
        )
        assert response.status_code == 415


class TestSearchAndPaging:
    def test_title_search_and_paging_past_25(self, http: Http, server: LocalConfluence) -> None:
        """Listing returns 25 by default with a next link; start walks through all 30."""
        for index in range(30):
            server.add_page("OPS", f"Page {index}")
        first = http("GET", "/rest/api/content", params={"spaceKey": "OPS"}).json()
        assert (first["size"], first["limit"]) == (25, 25)
        assert "start=25" in first["_links"]["next"]
        rest = http("GET", "/rest/api/content", params={"spaceKey": "OPS", "start": 25}).json()
        assert rest["size"] == 5
        assert "next" not in rest["_links"]
        found = http("GET", "/rest/api/content", params={"spaceKey": "OPS", "title": "page 7"}).json()
        assert [r["title"] for r in found["results"]] == ["Page 7"]

    def test_cql(self, http: Http, server: LocalConfluence) -> None:
        """CQL with space, title, parent, label and ORDER BY, paged."""
        parent = server.add_page("OPS", "Parent")
        for index in range(30):
            server.add_page("OPS", f"Child {index:02d}", parent_id=parent.id)
        server.add_page("ENG", "Child 99")
        cql = f'space = "OPS" and parent = {parent.id} and type = page order by title desc'
        page = http("GET", "/rest/api/content/search", params={"cql": cql, "limit": 10}).json()
        assert page["totalSize"] == 30
        assert page["results"][0]["title"] == "Child 29"
        by_title = http("GET", "/rest/api/content/search", params={"cql": 'title = "child 99"'}).json()
        assert [r["space"]["key"] for r in by_title["results"]] == ["ENG"]
        fuzzy = http("GET", "/rest/api/content/search", params={"cql": 'space in ("ENG","OPS") and title ~ "child 2"'})
        assert fuzzy.json()["totalSize"] == 10

    def test_bad_cql_is_400(self, http: Http) -> None:
        """CQL the server cannot parse is a 400."""
        response = http("GET", "/rest/api/content/search", params={"cql": "space = OPS or"})
        assert response.status_code == 400

    def test_children_are_paged(self, http: Http, server: LocalConfluence) -> None:
        """Child pages are listed 25 at a time."""
        parent = server.add_page("OPS", "Parent")
        for index in range(27):
            server.add_page("OPS", f"Child {index}", parent_id=parent.id)
        first = http("GET", f"/rest/api/content/{parent.id}/child/page").json()
        assert first["size"] == 25
        assert "next" in first["_links"]


class TestLabelsAndAttachments:
    def test_labels(self, http: Http) -> None:
        """Labels are added once, lower-cased, removable; spaces are refused."""
        page = http.create("Page").json()["id"]
        http("POST", f"/rest/api/content/{page}/label", json=[{"prefix": "global", "name": "PostMortem"}])
        http("POST", f"/rest/api/content/{page}/label", json={"prefix": "global", "name": "postmortem"})
        names = [r["name"] for r in http("GET", f"/rest/api/content/{page}/label").json()["results"]]
        assert names == ["postmortem"]
        assert http("POST", f"/rest/api/content/{page}/label", json={"name": "two words"}).status_code == 400
        assert http("DELETE", f"/rest/api/content/{page}/label/postmortem").status_code == 204

    def test_attachments_need_the_xsrf_header(self, http: Http) -> None:
        """An upload without X-Atlassian-Token: no-check is refused with 403."""
        page = http.create("Page").json()["id"]
        response = http("POST", f"/rest/api/content/{page}/child/attachment", files={"file": ("a.txt", b"x")})
        assert response.status_code == 403

    def test_attachment_upload_replace_and_download(self, http: Http, server: LocalConfluence) -> None:
        """Binary data round-trips; a second POST of the name is refused; .../data makes version 2."""
        page = http.create("Page").json()["id"]
        data = bytes(range(256)) * 10 + b"\r\n--not-a-boundary\r\n"
        headers = {"X-Atlassian-Token": "no-check"}
        path = f"/rest/api/content/{page}/child/attachment"
        created = http("POST", path, files={"file": ("r.pdf", data, "application/pdf")}, headers=headers).json()
        attachment_id = created["results"][0]["id"]
        duplicate = http("POST", path, files={"file": ("r.pdf", b"x")}, headers=headers)
        assert duplicate.status_code == 400
        replaced = http("POST", f"{path}/{attachment_id}/data", files={"file": ("r.pdf", b"v2")}, headers=headers)
        assert replaced.json()["version"]["number"] == 2
        assert server.attachments(page)[0].versions == [data, b"v2"]
        download = http("GET", f"/download/attachments/{page}/r.pdf")
        assert download.content == b"v2"
        listed = http("GET", path, params={"filename": "r.pdf"}).json()
        assert [r["extensions"]["fileSize"] for r in listed["results"]] == [2]


class TestAuthAndPrefix:
    def test_no_credentials_is_401(self, server: LocalConfluence) -> None:
        """Anonymous requests are refused."""
        assert requests.get(server.url + "/rest/api/content", timeout=5).status_code == 401

    def test_cloud_serves_under_wiki_only(self) -> None:
        """On Cloud the API lives under /wiki; the site root has no REST API."""
        with LocalConfluence(deployment="cloud", users={EMAIL: API_TOKEN}) as cloud:
            auth = (EMAIL, API_TOKEN)
            assert requests.get(cloud.site_url + "/wiki/rest/api/content", auth=auth, timeout=5).status_code == 200
            assert requests.get(cloud.site_url + "/rest/api/content", auth=auth, timeout=5).status_code == 404
            bearer = {"Authorization": f"Bearer {API_TOKEN}"}
            assert requests.get(cloud.url + "/rest/api/content", headers=bearer, timeout=5).status_code == 401

    def test_data_center_accepts_bearer_and_basic(self) -> None:
        """Data Center accepts a personal access token and Basic credentials."""
        with LocalConfluence(users={"admin": "pw"}, tokens={PAT: "admin"}) as dc:
            bearer = {"Authorization": f"Bearer {PAT}"}
            assert requests.get(dc.url + "/rest/api/content", headers=bearer, timeout=5).status_code == 200
            assert requests.get(dc.url + "/rest/api/content", auth=("admin", "pw"), timeout=5).status_code == 200
            assert requests.get(dc.url + "/rest/api/content", auth=("admin", "no"), timeout=5).status_code == 401


class TestFaults:
    def test_scripted_faults_apply_in_order_to_matching_requests(self, http: Http, server: LocalConfluence) -> None:
        """A script hits only matching requests, in order, then stops; None lets one through."""
        server.faults.script(Fault.status(429, retry_after=3), None, Fault.status(503), methods=["POST"])
        assert http("GET", "/rest/api/content").status_code == 200
        first = http.create("A")
        assert (first.status_code, first.headers["Retry-After"]) == (429, "3")
        assert http.create("A").status_code == 200
        assert http.create("B").status_code == 503
        assert http.create("B").status_code == 200
        assert server.faults.pending == 0

    def test_status_after_processing_keeps_the_work(self, http: Http, server: LocalConfluence) -> None:
        """A fault after processing answers 502 but the page exists."""
        server.faults.script(Fault.status(502, after_processing=True))
        assert http.create("A").status_code == 502
        assert [p.title for p in server.pages()] == ["A"]

    def test_timeout_processes_then_answers_late(self, http: Http, server: LocalConfluence) -> None:
        """A timeout fault does the work; the client gives up before the answer."""
        server.faults.script(Fault.timeout(0.6))
        with pytest.raises(requests.Timeout):
            http.session.post(
                server.url + "/rest/api/content",
                json={"type": "page", "title": "Late", "space": {"key": "OPS"}, "body": {}},
                timeout=0.2,
            )
        assert [p.title for p in server.pages()] == ["Late"]

    def test_random_faults_hit_about_the_rate(self, http: Http, server: LocalConfluence) -> None:
        """A 30% rate fails roughly 30% of requests, reproducibly for a seed."""
        server.faults.random(0.3, [Fault.status(500)], seed=1)
        statuses = [http("GET", "/rest/api/content").status_code for _ in range(200)]
        assert 40 <= statuses.count(500) <= 80


@pytest.mark.parametrize("gone", [ConnectionResetError, BrokenPipeError, ConnectionAbortedError])
def test_a_client_gone_mid_request_prints_nothing(gone: type[OSError], capfd: pytest.CaptureFixture[str]) -> None:
    """A client cut off mid-request (a publish stopped by its limit) is dropped without a traceback
    on standard error, as Confluence drops it; any other error in a request is still printed."""
    with LocalConfluence(spaces=("OPS",)) as confluence:
        server = confluence._server
        assert server is not None
        try:
            raise gone(104, "Connection reset by peer")
        except OSError:
            server.handle_error(None, ("127.0.0.1", 50000))
        assert capfd.readouterr().err == ""
        try:
            raise ValueError("a bug in the handler")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 50000))
        err = capfd.readouterr().err
        assert "Traceback" in err
        assert "ValueError: a bug in the handler" in err
