"""A folder is searched for post-mortems, not for every YAML, JSON and TOML file in it.

Tools' files (``pyproject.toml``, ``package.json``, ...) and documents that are certainly no
post-mortem (a list at the top, no incident key) are skipped in a folder walk and named on
standard error; a file named on the command line is always read, and a broken post-mortem
always fails, wherever it is.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from postmortem.analytics import TOOL_FILES, Collection, find_incident_files, scan_incident_files
from postmortem.cli import main
from postmortem.errors import IncidentFormatError, NotAnIncidentError
from postmortem.serialize import load, loads
from postmortem.serialize._io import not_an_incident

from .conftest import EXAMPLES

INCIDENT = """\
# Written the morning after; reviewed on Thursday.
id: INC-2026-0311
title: Search results went stale after an index rebuild stalled
severity: SEV3
milestones:
  started: 2026-03-11T08:05:00Z
  detected: 2026-03-11T08:20:00Z
  resolved: 2026-03-11T09:40:00Z
summary: The nightly index rebuild stopped halfway, and search served day-old results for 95 minutes.
"""

# A post-mortem with problems: a misspelt key beside real ones, a severity that is no level.
BROKEN = """\
id: INC-2026-0312
titel: Card payments declined at the edge
severity: SEV9
milestones:
  started: 2026-03-12T14:00:00Z
"""

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "search-indexer"
version = "1.4.0"
"""

COMPOSE = """\
services:
  search:
    image: opensearch:2
    ports: ["9200:9200"]
"""

MKDOCS = "site_name: Reliability handbook\nnav:\n  - Home: index.md\n  - Post-mortems: postmortems.md\n"

# Data files next to the post-mortems: a pager's export, a team's roster, a scalar, nothing.
PAGES = json.dumps({"log_entries": [{"id": "L1", "type": "trigger_log_entry"}], "limit": 100, "more": False})
ROSTER = "- name: Priya\n  team: search\n- name: Tomás\n  team: payments\n"


def alone(repo: Path) -> int:
    """The exit status of ``postmortem check`` for the repository's post-mortem, named alone."""
    code, _, err = run("check", str(repo / "postmortems" / "2026" / "search-stale.yaml"))
    assert code in (0, 1), err
    return code


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository as a team keeps one: tools' files at the top, data beside the post-mortems."""
    base = tmp_path / "repo"
    write(base / "pyproject.toml", PYPROJECT)
    write(base / "package.json", json.dumps({"name": "handbook", "version": "1.0.0", "scripts": {}}))
    write(base / "docker-compose.yml", COMPOSE)
    write(base / "mkdocs.yml", MKDOCS)
    write(base / ".github" / "workflows" / "ci.yml", "on: push\njobs: {}\n")
    write(base / "node_modules" / "left-pad" / "package.json", json.dumps({"name": "left-pad"}))
    write(base / "venv" / "pyvenv.cfg", "home = /usr/bin\n")
    write(base / "venv" / "lib" / "data.json", "[1, 2]")
    write(base / "postmortems" / "2026" / "search-stale.yaml", INCIDENT)
    write(base / "postmortems" / "data" / "pages.json", PAGES)
    write(base / "postmortems" / "data" / "roster.yaml", ROSTER)
    write(base / "postmortems" / "data" / "note.yaml", "just a sentence someone saved\n")
    write(base / "postmortems" / "data" / "empty.yml", "# nothing yet\n")
    return base


class TestLoader:
    """The loader tells a document that is certainly no post-mortem from a broken one."""

    @pytest.mark.parametrize(
        ("text", "fmt", "reason"),
        [
            (ROSTER, "yaml", "a list at the top"),
            ("plain words\n", "yaml", "a text at the top"),
            ("42\n", "yaml", "a number at the top"),
            ("# only a comment\n", "yaml", "empty"),
            ("{}", "json", "an empty mapping"),
            (PAGES, "json", "no incident key such as id, title or timeline"),
            (PYPROJECT, "toml", "no incident key such as id, title or timeline"),
        ],
    )
    def test_not_a_post_mortem(self, text: str, fmt: str, reason: str) -> None:
        """Each such document raises NotAnIncidentError with its reason, and problems as before."""
        with pytest.raises(NotAnIncidentError) as caught:
            loads(text, fmt, source="data")  # type: ignore[arg-type]
        assert reason == caught.value.reason
        assert caught.value.problems
        assert all(problem.source == "data" for problem in caught.value.problems)

    @pytest.mark.parametrize(
        "text",
        [
            BROKEN,
            "Title: Checkout errors\nSeverity: SEV2\n",  # keys written as headings
            "action-items:\n  - description: Add an alert\n",
            "incident:\n  id: INC-1\n  title: Nested one level down\n",
            "incidents:\n  - id: INC-1\n  - id: INC-2\n",
            "id: INC-1\ntitle: [unclosed\n",  # a syntax error
            "services: [api]\nimage: opensearch\n",  # one incident key is enough
        ],
    )
    def test_broken_post_mortem_is_not_skippable(self, text: str) -> None:
        """A document with an incident key (or a syntax error) is an error, never skippable."""
        with pytest.raises(IncidentFormatError) as caught:
            loads(text, "yaml")
        assert not isinstance(caught.value, NotAnIncidentError)

    def test_error_pickles(self, tmp_path: Path) -> None:
        """The error crosses to a worker process and back whole: problems, source and reason."""
        path = write(tmp_path / "roster.yaml", ROSTER)
        with pytest.raises(NotAnIncidentError) as caught:
            load(path)
        copy = pickle.loads(pickle.dumps(caught.value))
        assert (type(copy), copy.problems, copy.source, copy.reason) == (
            NotAnIncidentError,
            caught.value.problems,
            str(path),
            "a list at the top",
        )

    @given(
        st.dictionaries(st.text(max_size=12), st.integers(), max_size=6), st.sampled_from(["id", "Title", "TIMELINE"])
    )
    def test_one_incident_key_means_maybe(self, other: dict[str, int], key: str) -> None:
        """Whatever else a mapping holds, one incident key makes it a possible post-mortem."""
        assert not_an_incident({**other, key: 1}) is None


class TestScan:
    """The walk itself: tools' files and folders by name, hidden ones, --exclude."""

    def test_skips_tools_by_name(self, repo: Path) -> None:
        """Tools' files, node_modules and a virtual environment are left out, and listed."""
        scan = scan_incident_files(repo)
        found = [path.relative_to(repo).as_posix() for path in scan.files]
        assert found == [
            "postmortems/2026/search-stale.yaml",
            "postmortems/data/empty.yml",
            "postmortems/data/note.yaml",
            "postmortems/data/pages.json",
            "postmortems/data/roster.yaml",
        ]
        skipped = {path.relative_to(repo).as_posix(): reason for path, reason in scan.skipped}
        assert skipped == {
            "docker-compose.yml": "a tool's file",
            "mkdocs.yml": "a tool's file",
            "node_modules": "a tool's folder",
            "package.json": "a tool's file",
            "pyproject.toml": "a tool's file",
            "venv": "a virtual environment",
        }
        assert find_incident_files(repo) == scan.files

    @pytest.mark.parametrize(
        ("pattern", "left"),
        [
            ("data", ["postmortems/2026/search-stale.yaml"]),
            ("*.y*ml", ["postmortems/data/pages.json"]),
            ("postmortems/data/*", ["postmortems/2026/search-stale.yaml"]),
            ("*/repo/postmortems/data", ["postmortems/2026/search-stale.yaml"]),
        ],
    )
    def test_exclude(self, repo: Path, pattern: str, left: list[str]) -> None:
        """A pattern matches a name, the path below the folder or the path as shown."""
        found = find_incident_files(repo, exclude=[pattern])
        assert left == [path.relative_to(repo).as_posix() for path in found]

    def test_file_named_is_returned_whatever_its_name(self, repo: Path) -> None:
        """Given a file, the walk returns it: a file named is always read."""
        assert find_incident_files(repo / "pyproject.toml") == [repo / "pyproject.toml"]

    def test_names_are_lower_case(self) -> None:
        """The list is compared without case, so it is written in lower case."""
        assert all(name == name.lower() for name in TOOL_FILES)


class TestCheck:
    """``postmortem check`` over a repository."""

    def test_repository_passes(self, repo: Path) -> None:
        """Only the post-mortem is checked; the rest is named once on standard error."""
        code, out, err = run("check", str(repo))
        assert code == alone(repo), err
        assert "INC-2026-0311" in out
        lines = err.splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("skipped 10 paths, not post-mortems: ")
        for name in ("pyproject.toml (a tool's file)", "roster.yaml (a list at the top)", "empty.yml (empty)"):
            assert name in lines[0]
        assert "Traceback" not in out + err

    def test_broken_post_mortem_beside_them_fails(self, repo: Path) -> None:
        """A broken post-mortem in the folder still fails with located messages."""
        write(repo / "postmortems" / "2026" / "payments.yaml", BROKEN)
        code, _, err = run("check", str(repo))
        assert code == 2
        payments = repo / "postmortems" / "2026" / "payments.yaml"
        assert f"{payments}:2 $.titel: unknown key (did you mean 'title'?)" in err
        assert f"{payments}:3 $.severity:" in err
        assert "1 path invalid, 1 checked" in err

    def test_file_named_is_read_strictly(self, repo: Path) -> None:
        """A file named on the command line that is no post-mortem fails, even beside a folder."""
        code, _, err = run("check", str(repo / "postmortems"), str(repo / "postmortems" / "data" / "roster.yaml"))
        assert code == 2
        assert f"{repo / 'postmortems' / 'data' / 'roster.yaml'}:1 $: expected a mapping of sections, got a list" in err

    def test_json_shape_unchanged(self, repo: Path) -> None:
        """JSON output has its reports and invalid files; skipped files are in neither."""
        code, out, _ = run("check", str(repo), "--format", "json")
        assert code == alone(repo)
        document = json.loads(out)
        assert sorted(document) == ["invalid", "reports"]
        assert [report["incident"] for report in document["reports"]] == ["INC-2026-0311"]
        assert document["invalid"] == []

    def test_sarif_has_no_skipped_file(self, repo: Path) -> None:
        """SARIF names no skipped file."""
        code, out, _ = run("check", str(repo), "--format", "sarif")
        assert code == alone(repo)
        assert "pyproject.toml" not in out
        assert "roster.yaml" not in out

    def test_many_files_across_workers(self, repo: Path) -> None:
        """With workers, a skipped file's reason crosses processes: the same outcome as alone."""
        for number in range(8):
            write(repo / "postmortems" / "more" / f"inc-{number}.yaml", INCIDENT.replace("0311", f"040{number}"))
        code, out, err = run("check", str(repo), "-j", "2")
        assert code == alone(repo), err
        assert out.count("INC-2026-04") == 8
        assert "skipped 10 paths" in err

    def test_folder_of_no_post_mortems_fails(self, repo: Path) -> None:
        """A folder whose every file was skipped is named: a wrong path in a CI job shows."""
        code, _, err = run("check", str(repo / "postmortems" / "data"))
        assert code == 2
        assert "no incident files (.yaml, .yml, .json, .toml) in this folder (4 skipped, not post-mortems)" in err

    def test_exclude_silences(self, repo: Path) -> None:
        """--exclude leaves files out without naming them."""
        code, _, err = run("check", str(repo), "--exclude", "data", "--exclude", "*.toml")
        assert code == alone(repo)
        assert "roster.yaml" not in err
        assert "pyproject.toml" not in err
        assert "package.json (a tool's file)" in err


class TestOtherCommands:
    """validate, export, actions and review walk folders the same way."""

    def test_validate(self, repo: Path) -> None:
        """validate passes the repository, and fails a named non-post-mortem and a broken one."""
        code, out, err = run("validate", str(repo))
        assert code == 0, err
        assert "INC-2026-0311" in out
        assert "skipped 10 paths" in err
        code, _, err = run("validate", str(repo / "pyproject.toml"))
        assert code == 2
        assert "$.build-system: unknown key" in err
        write(repo / "postmortems" / "payments.yaml", BROKEN)
        code, _, err = run("validate", str(repo))
        assert code == 2
        assert "1 of 2 files invalid" in err

    def test_export(self, repo: Path, tmp_path: Path) -> None:
        """export writes the post-mortem's report only."""
        code, _, err = run("export", str(repo), "--to", "markdown", "-o", str(tmp_path / "out"))
        assert code == 0, err
        assert sorted(path.name for path in (tmp_path / "out").glob("*.md")) == ["INC-2026-0311.md"]
        assert "skipped 10 paths" in err
        code, _, err = run("export", str(repo / "mkdocs.yml"), "--to", "markdown", "-o", str(tmp_path / "out"))
        assert code == 2

    def test_actions(self, repo: Path) -> None:
        """actions lists the post-mortem's items and reports no failure."""
        code, _, err = run("actions", str(repo), "--format", "json")
        assert code == 0, err
        assert "skipped 10 paths" in err
        assert "not valid incidents" not in err

    def test_collection(self, repo: Path) -> None:
        """Collection.load of a folder keeps skipped files apart from failures."""
        write(repo / "postmortems" / "payments.yaml", BROKEN)
        collection = Collection.load(repo, parallelism="serial")
        assert [incident.id for incident in collection] == ["INC-2026-0311"]
        assert [failure.path.name for failure in collection.failures] == ["payments.yaml"]
        assert len(collection.skipped) == 10
        named = Collection.load([repo / "postmortems" / "data" / "roster.yaml"], parallelism="serial")
        assert isinstance(named.failures[0].error, NotAnIncidentError)


class TestExamples:
    """The examples folder, with its exporter package and timeline demo, is read as post-mortems."""

    def test_check_examples(self) -> None:
        """No file of the examples is invalid; the draft's findings fail it, as they should."""
        code, _, err = run("check", str(EXAMPLES), "--format", "json")
        assert code == 1  # the draft example has errors to find
        assert "invalid" not in err
        assert "pyproject.toml (a tool's file)" in err

    def test_validate_examples(self) -> None:
        """Every post-mortem of the examples loads."""
        code, out, err = run("validate", str(EXAMPLES))
        assert code == 0, err
        assert out.count(": ok (") == len(list(EXAMPLES.glob("*.yaml")))


class TestHostileFolder:
    """Whatever a folder holds, the walk ends in located messages, never a traceback."""

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("garbage.json", b"\xff\xfe\x00binary", "not UTF-8 text"),
            ("deep.json", b"[" * 200 + b"]" * 200, "nested"),
            ("two-docs.yaml", b"id: A\n---\nid: B\n", "not valid YAML"),
            ("template.yaml", b"{{- if .Values.enabled }}\nkind: ConfigMap\n", "not valid YAML"),
            ("bad.toml", b"[project\nname = 1\n", "not valid TOML"),
        ],
    )
    def test_unreadable_files_fail_located(self, tmp_path: Path, name: str, content: bytes, message: str) -> None:
        """A file that does not parse may be a half-edited post-mortem: exit 2, never skipped."""
        write(tmp_path / "postmortems" / "search-stale.yaml", INCIDENT)
        (tmp_path / "postmortems" / name).write_bytes(content)
        for command in ("check", "validate"):
            code, _, err = run(command, str(tmp_path / "postmortems"))
            assert code == 2, (command, err)
            assert f"{tmp_path / 'postmortems' / name}" in err
            assert message in err
            assert "skipped" not in err
