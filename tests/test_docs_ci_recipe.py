"""docs/checks/configuration.md's GitHub Actions workflow, its ``run`` steps run as Actions runs them.

A platform team copies the workflow as it is written: each ``postmortem check`` step runs here
under ``bash -e`` (Actions' shell for ``run``) in a repository of post-mortems, with the
command on ``PATH``.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the workflow's steps are bash")

BLAMEFUL = "The on-call engineer should have checked the alias before switching traffic. "


def _workflow() -> dict[str, Any]:
    page = (ROOT / "docs" / "checks" / "configuration.md").read_text(encoding="utf-8")
    section = page.split("### GitHub Actions", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    workflow: dict[str, Any] = yaml.safe_load(block)
    return workflow


def _steps() -> list[dict[str, Any]]:
    (job,) = _workflow()["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _check_steps() -> tuple[str, str]:
    """The SARIF step's command and the gate's, in the workflow's order."""
    runs = [step["run"] for step in _steps() if str(step.get("run", "")).startswith("postmortem check")]
    (sarif,) = [run for run in runs if "--format sarif" in run]
    (gate,) = [run for run in runs if "--fail-on-rule" in run]
    assert runs.index(sarif) < runs.index(gate)  # the findings are uploaded before the gate fails the job
    return sarif, gate


def _repository(tmp_path: Path, *, blameful: bool) -> Path:
    """A repository of post-mortems, and ``postmortem`` on ``PATH`` as ``pip install`` puts it."""
    repo = tmp_path / "repo"
    (repo / "incidents").mkdir(parents=True)
    source = (EXAMPLES / "api-outage-feature-flag.yaml").read_text(encoding="utf-8")
    (repo / "incidents" / "INC-2026-0187.yaml").write_text(source, encoding="utf-8")
    if blameful:
        text = re.sub(r"(?m)^id: .*$", "id: INC-2026-0188", source, count=1)
        text = text.replace("summary: |\n  ", "summary: |\n  " + BLAMEFUL, 1)
        assert BLAMEFUL in text
        (repo / "incidents" / "INC-2026-0188.yaml").write_text(text, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "postmortem"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m postmortem "$@"\n', encoding="utf-8")
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    return repo


def _run_step(repo: Path, run: str) -> int:
    env = {**os.environ, "PATH": f"{repo.parent / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("POSTMORTEM_CACHE_DIR", None)
    process = subprocess.run(
        ["bash", "-e", "-c", run], cwd=repo, env=env, capture_output=True, timeout=300, check=False
    )
    return process.returncode


def test_the_workflow_may_upload_code_scanning_alerts() -> None:
    """upload-sarif needs ``security-events: write``; without it the upload is refused."""
    assert _workflow()["permissions"]["security-events"] == "write"
    uploads = [step for step in _steps() if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    assert [step["with"]["sarif_file"] for step in uploads] == ["postmortem.sarif"]


def test_findings_are_uploaded_and_blame_fails_the_gate(tmp_path: Path) -> None:
    """A blameful post-mortem: the SARIF step passes with the finding in its log, the gate fails."""
    repo = _repository(tmp_path, blameful=True)
    sarif, gate = _check_steps()
    assert _run_step(repo, sarif) == 0
    log = json.loads((repo / "postmortem.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    blame = [result for result in results if result["ruleId"].startswith("blame/")]
    assert blame, results
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in blame}
    assert uris == {"incidents/INC-2026-0188.yaml"}  # relative to the repository's root, as code scanning reads it
    assert _run_step(repo, gate) == 1


def test_a_clean_repository_passes_both_steps(tmp_path: Path) -> None:
    """No blameful wording: both steps pass (warnings, such as an overdue action item, do not fail)."""
    repo = _repository(tmp_path, blameful=False)
    sarif, gate = _check_steps()
    assert (_run_step(repo, sarif), _run_step(repo, gate)) == (0, 0)


def test_an_invalid_configuration_stops_the_job_at_the_sarif_step(tmp_path: Path) -> None:
    """Exit 2 (nothing checked, an empty SARIF file) fails the step rather than reaching the upload."""
    repo = _repository(tmp_path, blameful=True)
    (repo / "pyproject.toml").write_text('[tool.postmortem.check]\npreset = "nope"\n', encoding="utf-8")
    sarif, _gate = _check_steps()
    assert _run_step(repo, sarif) != 0  # the step fails: Actions skips the upload
    assert (repo / "postmortem.sarif").read_text(encoding="utf-8") == ""  # what `|| true` would have uploaded
