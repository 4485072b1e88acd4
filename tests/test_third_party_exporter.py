"""A third-party exporter, installed into a fresh environment, is found through its entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SLACK = ROOT / "examples" / "postmortem-exporter-slack"


def _install(venv: Path, *requirements: str) -> Path:
    python = venv / "bin" / "python"
    uv = shutil.which("uv")
    if uv:
        subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
        subprocess.run([uv, "pip", "install", "-q", "--python", str(python), *requirements], check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    return python


@pytest.mark.slow
class TestThirdPartyExporter:
    """examples/postmortem-exporter-slack as a user would install it."""

    def test_install_discover_export_and_pass_the_contract(self, tmp_path: Path) -> None:
        """pip install gives a `slack` exporter that the CLI lists, uses, and that passes the contract tests."""
        python = _install(tmp_path / "venv", str(ROOT), str(SLACK), "pytest", "hypothesis")
        bindir = python.parent
        listed = subprocess.run([str(bindir / "postmortem"), "exporters"], capture_output=True, text=True, check=True)
        assert "slack     postmortem-exporter-slack 0.1.0" in listed.stdout
        out = tmp_path / "out"
        subprocess.run(
            [
                str(bindir / "postmortem"),
                "export",
                str(ROOT / "examples" / "api-outage-feature-flag.yaml"),
                "--to",
                "slack",
                "-o",
                str(out),
            ],
            check=True,
        )
        # Reports are named by incident id, as postmortem.export(incident, name, DIR) names them.
        assert (out / "INC-2026-0187.slack.json").read_text(encoding="utf-8").startswith("{")
        tests = subprocess.run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(SLACK / "tests")],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert tests.returncode == 0, tests.stdout + tests.stderr
        assert " passed" in tests.stdout
