"""A command started with standard output closed (``postmortem check x.yaml >&-``).

Python gives such a process no ``sys.stdout``; the commands that flush or ask whether the
output is a terminal failed with "AttributeError ... This is a bug", and click drops what a
command prints, so a command could end with its output lost. Each command that prints now
says so and exits 2; a command that prints nothing to standard output runs as usual.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, INCIDENT, run_redirected

CLOSED = "error: cannot print: standard output is closed; redirect it (> FILE) instead"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("validate", INCIDENT),
        ("check", INCIDENT),
        ("check", "--format", "json", INCIDENT),
        ("schema",),
        ("exporters",),
        ("actions", INCIDENT),
        ("redact", INCIDENT),
        ("diff", INCIDENT, INCIDENT),
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_a_command_that_prints(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Exit 2 and one line saying standard output is closed; no 'bug' message."""
    result = run_redirected(tmp_path, ">&-", *args)
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (2, CLOSED), result.stderr
    assert "bug" not in result.stderr


@pytest.mark.slow
def test_a_command_that_writes_files(tmp_path: Path) -> None:
    """``export`` and ``redact -o`` print nothing to standard output: they succeed and write whole files."""
    result = run_redirected(tmp_path, ">&-", "export", INCIDENT, "--to", "markdown", "-o", "out", "-j", "1")
    assert (result.returncode, result.stderr.strip()) == (0, "wrote 1 report to out, and 1 file they refer to")
    assert "\n# INC-2026-0187: " in (tmp_path / "out" / "INC-2026-0187.md").read_text(encoding="utf-8")
    result = run_redirected(tmp_path, ">&-", "redact", INCIDENT, "-o", "public.yaml")
    assert result.returncode == 0, result.stderr
    assert "wrote public.yaml" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("formats", ["", ",", " , ,"])
def test_export_to_no_format(tmp_path: Path, formats: str) -> None:
    """``export --to ""`` names no exporter: a usage error (exit 2), not 'wrote 0 reports' and exit 0."""
    shutil.copy(EXAMPLES / INCIDENT, tmp_path / INCIDENT)
    result = subprocess.run(
        [sys.executable, "-m", "postmortem", "export", INCIDENT, "--to", formats, "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Error: Invalid value for --to: name at least one exporter, such as markdown,html" in result.stderr
    assert not (tmp_path / "out").exists()
