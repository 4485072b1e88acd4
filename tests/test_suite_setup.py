"""The suite's own set-up: the Hypothesis profile holds in every pytest-xdist worker; missing programs skip."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from postmortem.testing import thorough_only

from .conftest import ROOT


def _expected_profile() -> str:
    return os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore")


@pytest.mark.parametrize("probe", range(4))
def test_profile_follows_the_environment(probe: int) -> None:
    """CI=1 loads the fixed-examples profile, anything else draws new examples; in this process."""
    # Only the "ci" profile runs a fixed set of examples.
    assert settings.default.derandomize is (_expected_profile() == "ci")
    assert settings.default.print_blob is True


@pytest.mark.slow
@pytest.mark.parametrize(
    "ci",
    # Each run starts pytest with two workers (2.5 s of CPU): the everyday tier checks that
    # CI's fixed-examples profile reaches both, the thorough tier also the local profile.
    ["1", pytest.param("", marks=thorough_only)],
    ids=["ci", "local"],
)
def test_every_worker_loads_the_profile(ci: str) -> None:
    """Under ``-n 2`` both workers run with the profile CI asks for (conftest runs in each)."""
    env = {key: value for key, value in os.environ.items() if key not in {"CI", "HYPOTHESIS_PROFILE"}}
    if ci:
        env["CI"] = ci
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-v",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "-k",
            "test_profile_follows_the_environment",
            str(ROOT / "tests" / "test_suite_setup.py"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout
    # xdist hands two of the four probes to each worker.
    for worker in ("gw0", "gw1"):
        assert any(line.startswith(f"[{worker}]") and "PASSED" in line for line in run.stdout.splitlines())


def test_every_benchmark_script_runs_its_main() -> None:
    """Each benchmarks/bench_*.py that defines main() calls it when run (nox -s bench runs them as scripts)."""
    import ast

    silent = []
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        tree = ast.parse(script.read_text(encoding="utf-8"))
        defines = any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)
        guarded = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
        calls = any("main()" in ast.unparse(node) for node in guarded)
        if defines and not calls:
            silent.append(script.name)
    assert silent == []


EXPORTER_TEST_FOLDERS = sorted(path for path in (ROOT / "exporters").glob("*/tests") if path.is_dir())

# Run inside pytest on an exporter's folder: prints the Hypothesis settings the tests would run with.
_PROBE = """
def pytest_collection_finish(session):
    from hypothesis import settings

    print(f"PROFILE derandomize={settings.default.derandomize} print_blob={settings.default.print_blob}")
"""


@pytest.mark.parametrize("folder", EXPORTER_TEST_FOLDERS, ids=lambda path: path.parent.name)
def test_each_exporter_folder_loads_the_profile(folder: Path) -> None:
    """Each exporter package's tests load the suite's profile in their own conftest.py.

    Run on their own (``pytest exporters/<package>/tests``) they read their package's pytest
    configuration and never the root conftest.py, so each folder loads it itself.
    """
    conftest = folder / "conftest.py"
    assert conftest.is_file(), f"{folder} has no conftest.py"
    calls = [
        node
        for node in ast.walk(ast.parse(conftest.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "load_hypothesis_profile"
    ]
    assert calls, f"{conftest} does not call load_hypothesis_profile()"


@pytest.mark.slow
@pytest.mark.parametrize(
    "profile",
    # Each run starts pytest (0.6 s of CPU): the everyday tier runs the folder with CI's profile,
    # which takes the same path through the folder's conftest.py as any other profile name
    # (test_each_exporter_folder_loads_the_profile checks that every folder calls it); the
    # thorough tier also with the local one.
    ["ci", pytest.param("explore", marks=thorough_only)],
)
def test_an_exporter_folder_run_alone_gets_the_profile(tmp_path: Path, profile: str) -> None:
    """``pytest exporters/postmortem-tracker-jira/tests`` runs with the profile asked for, not Hypothesis' default.

    The everyday tier runs ``[ci]`` only; ``[explore]`` is thorough-only: the same run with
    the other profile name, and the local profile itself is checked in this process by
    test_profile_follows_the_environment.
    """
    # The oldest-Python session installs the core alone: the Jira package's tests cannot be collected there.
    pytest.importorskip("postmortem_jira", reason="the Jira tracker package is not installed here")
    (tmp_path / "profile_probe.py").write_text(_PROBE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in {"CI", "HYPOTHESIS_PROFILE"}}
    env["HYPOTHESIS_PROFILE"] = profile
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH", "")]))
    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "--co", "-q", "-s", "-p", "profile_probe", "-p", "no:cacheprovider"),
            str(ROOT / "exporters" / "postmortem-tracker-jira" / "tests"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Hypothesis' own default prints no blob; both of the suite's profiles do.
    assert f"PROFILE derandomize={profile == 'ci'} print_blob=True" in run.stdout, run.stdout


@pytest.mark.slow
def test_missing_programs_skip_with_what_to_install(tmp_path: Path) -> None:
    """On a machine without LibreOffice, poppler and Chromium, the tests that need them skip and say why.

    The README's promise: the test command passes with nothing beyond Python, each skip naming
    the missing program and how to install it in pytest's short summary. Here PATH holds no
    program at all (pytest runs as this interpreter), and CI's POSTMORTEM_REQUIRE_TOOLS is unset.
    """
    # The HTML layout tests are the core's; the PDF and DOCX ones join where their exporter is
    # installed (the oldest-Python session installs the core alone).
    targets = {"tests/test_html_layout.py": "chromium is not installed; apt-get install chromium"}
    if importlib.util.find_spec("postmortem_pdf") is not None:
        targets["exporters/postmortem-exporter-pdf/tests/test_pdf_print.py::TestPoppler"] = (
            "pdftoppm is not installed; apt-get install poppler-utils"
        )
    if importlib.util.find_spec("postmortem_docx") is not None:
        targets["exporters/postmortem-exporter-docx/tests/test_docx_libreoffice.py"] = (
            "soffice (LibreOffice) is not installed; apt-get install libreoffice-writer-nogui"
        )
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "POSTMORTEM_REQUIRE_TOOLS"}
    env["PATH"] = str(empty)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            "-rs",
            *targets,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    summary = run.stdout.splitlines()[-1]
    assert "skipped" in summary, summary
    assert "failed" not in summary, summary
    assert "error" not in summary, summary
    for reason in targets.values():
        assert reason in run.stdout, run.stdout
