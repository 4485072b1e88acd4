"""Every command names an odd file the same way: quoted with escapes, never raw.

Round 19 gave ``validate``, ``check``, ``export``, ``redact`` and ``import`` one way to show a
name that cannot be printed (:func:`postmortem.errors.shown_path`); ``diff`` (its headings and
``--git`` errors), ``timeline`` (the ``Read`` line, ``Wrote``, every source's errors and
skipped records), ``new``, ``review`` (the files it wrote and its list of files that did not
load, which made it fail writing the review), ``import``'s suggested commands and ``--config``
errors still printed names raw: a line break split the line, a byte that is not UTF-8 came out
as ``\\udcff`` or as the raw byte, an escape sequence reached the terminal. Each case below
runs one command on files in a folder named with a line break, a byte that is not UTF-8 and an
ANSI escape, and looks for the escaped name in what it printed and for the raw one nowhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import attrs
import click
import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.errors import shown_path

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "api-outage-feature-flag.yaml"
SOURCES = ROOT / "tests" / "data" / "sources"
TIMELINE_INCIDENT = ROOT / "tests" / "data" / "timeline" / "checkout-incident.yaml"

FOLDERS = {"line break": "a\nb", "not UTF-8": os.fsdecode(b"c\xff"), "ANSI escape": "d\x1b[31m"}
DAY_FILE = "gen\neral/2026-05-04.json"


@attrs.frozen
class Case:
    """One command run; ``names`` are the files (under the odd folder) its output must name."""

    command: str
    args: Callable[[str], list[str]]
    names: tuple[str, ...]
    code: int


def _odd_folder(root: Path, folder: str) -> None:
    """Incidents, exports and documents in a folder whose name cannot be printed as it is."""
    base = root / folder
    base.mkdir()
    shutil.copy(EXAMPLE, base / "x.yaml")
    shutil.copy(TIMELINE_INCIDENT, base / "inc.yaml")
    (base / "broken.yaml").write_text("id: INC-1\nseverity: SEV9\n", encoding="utf-8")
    (base / "pd.json").write_text("not json", encoding="utf-8")
    (base / "am.jsonl").write_text("{nope}\n", encoding="utf-8")
    (base / "sp.json").write_text("{}", encoding="utf-8")
    (base / "rows.csv").write_text("time,description\nbad,hi\n", encoding="utf-8")
    (base / "cfg.toml").write_text("[check]\nfoo = 1\n", encoding="utf-8")
    (base / "doc.md").write_text("# Outage\n\nDate: 2026-05-21\n\n## Summary\n\nIt broke.\n", encoding="utf-8")
    shutil.copy(SOURCES / "pagerduty_log_entries.json", base / "pdok.json")
    slack = base / "slack"
    shutil.copytree(SOURCES / "slack", slack)
    channels = json.loads((slack / "channels.json").read_text(encoding="utf-8"))
    for channel in channels:
        if channel["name"] == "general":
            channel["name"] = "gen\neral"
    (slack / "channels.json").write_text(json.dumps(channels), encoding="utf-8")
    (slack / "general").rename(slack / "gen\neral")
    (slack / DAY_FILE).write_text("[{", encoding="utf-8")
    review = base / "review"
    review.mkdir()
    shutil.copy(EXAMPLE, review / "x.yaml")
    (review / "broken.yaml").write_text("id: INC-1\nseverity: SEV9\n", encoding="utf-8")


def _git_folder(root: Path, folder: str) -> None:
    """A git repository holding the example, for ``diff --git`` and ``timeline --git``."""
    repo = root / folder / "repo"
    repo.mkdir()
    shutil.copy(EXAMPLE, repo / "x.yaml")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    for command in (["init", "-q"], ["add", "x.yaml"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *command], check=True, env=env, capture_output=True)


def _timeline(*export: str) -> Callable[[str], list[str]]:
    return lambda d: ["timeline", f"{d}/inc.yaml", *(part.replace("{d}", d) for part in export)]


CASES = [
    Case("diff", lambda d: ["diff", f"{d}/x.yaml", f"{d}/x.yaml"], ("x.yaml",), 0),
    Case("diff", lambda d: ["diff", f"{d}/x.yaml", f"{d}/x.yaml", "--format", "markdown"], ("x.yaml",), 0),
    Case("diff", lambda d: ["diff", f"{d}/x.yaml", f"{d}/broken.yaml"], ("broken.yaml",), 2),
    Case("diff", lambda d: ["diff", f"{d}/repo/x.yaml", "--git", "HEAD"], ("repo/x.yaml",), 0),
    Case("diff", lambda d: ["diff", f"{d}/repo/x.yaml", "--git", "nope"], ("repo/x.yaml",), 2),
    Case("timeline", _timeline("--pagerduty", "{d}/pd.json"), ("pd.json",), 2),
    Case("timeline", _timeline("--alertmanager", "{d}/am.jsonl"), ("am.jsonl",), 2),
    Case("timeline", _timeline("--statuspage", "{d}/sp.json"), ("sp.json",), 2),
    Case(
        "timeline",
        _timeline("--csv", "{d}/rows.csv", "--mapping", "time=time,description=description"),
        ("rows.csv",),
        2,
    ),
    Case("timeline", _timeline("--jsonl", "{d}/am.jsonl", "--mapping", "time=time"), ("am.jsonl",), 2),
    Case("timeline", _timeline("--source", "pagerduty={d}/pd.json"), ("pd.json",), 2),
    Case("timeline", _timeline("--slack", "{d}/missing"), ("missing",), 2),
    Case("timeline", _timeline("--git", "{d}"), ("",), 2),
    Case("timeline", _timeline("--slack", "{d}/slack"), ("slack",), 0),
    Case("timeline", _timeline("--pagerduty", "{d}/pdok.json", "-o", "{d}/out.yaml"), ("pdok.json", "out.yaml"), 0),
    Case("timeline", lambda d: ["timeline", f"{d}/broken.yaml", "--pagerduty", f"{d}/pdok.json"], ("broken.yaml",), 2),
    Case("new", lambda d: ["new", f"{d}/new.yaml"], ("new.yaml",), 0),
    Case("new", lambda d: ["new", f"{d}/x.yaml"], ("x.yaml",), 2),
    Case("import", lambda d: ["import", f"{d}/x.yaml"], ("x.yaml",), 2),
    Case("import", lambda d: ["import", f"{d}/doc.md", "-o", f"{d}/imported.yaml"], ("doc.md", "imported.yaml"), 0),
    Case("import", lambda d: ["import", f"{d}/doc.md", "-o", f"{d}/x.yaml"], ("x.yaml",), 2),
    Case("import", lambda d: ["import", f"{d}/doc.md", "--split", "-o", f"{d}/x.yaml"], ("x.yaml",), 2),
    Case("check", lambda d: ["check", f"{d}/x.yaml", "--config", f"{d}/cfg.toml"], ("cfg.toml",), 2),
    Case("check", lambda d: ["check", f"{d}/broken.yaml"], ("broken.yaml",), 2),
    Case("validate", lambda d: ["validate", f"{d}/x.yaml"], ("x.yaml",), 0),
    Case("export", lambda d: ["export", f"{d}/x.yaml", "--to", "markdown", "-o", f"{d}/out"], ("out",), 0),
    Case("redact", lambda d: ["redact", f"{d}/x.yaml", "--check"], ("x.yaml",), 1),
    Case(
        "review",
        lambda d: ["review", f"{d}/review", "-o", f"{d}/rev", "--since", "2020-01-01"],
        ("review/broken.yaml", "rev/"),
        2,
    ),
    Case("actions", lambda d: ["actions", f"{d}/broken.yaml"], ("broken.yaml",), 2),
    Case("actions sync", lambda d: ["actions", "sync", f"{d}/broken.yaml", "--to", "github"], ("broken.yaml",), 2),
    Case("publish", lambda d: ["publish", f"{d}/broken.yaml", "--to", "confluence"], ("broken.yaml",), 2),
]
"""Commands that name no file of the user's: ``exporters`` and ``schema``."""
NAMELESS = {"exporters", "schema"}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("odd-names")
    for folder in FOLDERS.values():
        _odd_folder(root, folder)
        _git_folder(root, folder)
    return root


def _ids(case: Case) -> str:
    return " ".join(case.args("D")).replace("\n", "\\n")


class TestEveryCommand:
    """Each command's messages and summaries show odd names escaped."""

    @pytest.mark.parametrize("folder", list(FOLDERS.values()), ids=list(FOLDERS))
    @pytest.mark.parametrize("case", CASES, ids=_ids)
    def test_names_escaped(self, root: Path, case: Case, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """The escaped name is printed, the raw one never; the output is UTF-8 text."""
        monkeypatch.chdir(root)
        monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", "acme/reliability")
        monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", "t")
        result = CliRunner().invoke(main, case.args(folder))
        printed = result.stdout_bytes + result.stderr_bytes
        text = printed.decode("utf-8")  # valid UTF-8 whatever the names
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert (result.exit_code, "\\udc" in text) == (case.code, False), text
        assert os.fsencode(folder) not in printed
        for name in case.names:
            shown = shown_path(f"{folder}/{name}" if name else folder)
            assert shown.strip('"') in text, text

    def test_every_command_walked(self) -> None:
        """A command added later needs a case here (or a place among those that name no file)."""
        listed = main.list_commands(click.Context(main))
        commands = {*listed, "actions sync"}
        assert commands - NAMELESS == {case.command for case in CASES}


class TestSlackDayFile:
    """A Slack export's day file is named escaped among the skipped records."""

    def test_record(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(root)
        result = CliRunner().invoke(main, ["timeline", "a\nb/inc.yaml", "--slack", "a\nb/slack"])
        skipped = result.stdout.partition("Skipped 1 unreadable record:\n")[2].splitlines()[0]
        assert skipped.startswith('  "a\\nb/slack": "gen\\neral/2026-05-04.json": not valid JSON')


class TestJson:
    """Machine-read output keeps the name, its bytes that are not UTF-8 written \\udcXX."""

    def test_diff(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(root)
        name = f"{FOLDERS['not UTF-8']}/x.yaml"
        result = CliRunner().invoke(main, ["diff", name, name, "--format", "json"])
        assert json.loads(result.stdout_bytes.decode("utf-8"))["before"] == name
