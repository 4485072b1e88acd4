"""``-j`` bounded by the cores, and every command's choices answer a typo with the closest one.

``-j 100000`` was taken as asked: a process for every few files, each with its start-up and
memory, on a machine with two cores. A value above four processes for each core this process
may use is now lowered to that, with a note. ``--format jsn`` said "did you mean 'json'?" only on ``check``;
``import``, ``actions``, ``actions sync``, ``diff``, ``redact`` and ``timeline`` listed the
choices without picking one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import _parallel
from postmortem.cli import main

from .conftest import EXAMPLES

INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"
DRAFT = EXAMPLES / "draft-checkout-errors.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestJobs:
    """More than four processes a core are lowered to that, and the user is told."""

    @pytest.fixture(autouse=True)
    def _two_cores(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_parallel, "default_jobs", lambda: 2)

    @pytest.mark.parametrize("command", ["check", "validate"])
    def test_lowered_with_a_note(self, command: str) -> None:
        """The same output as eight processes; the note on standard error."""
        code, out, err = _run(command, str(INCIDENT), str(DRAFT), "-j", "100000")
        expected = _run(command, str(INCIDENT), str(DRAFT), "-j", "8")
        assert (code, out) == expected[:2]
        assert (
            "note: --jobs 100000 is more than 4 processes for each of the 2 cores this process may use; using 8" in err
        )

    def test_export(self, tmp_path: Path) -> None:
        code, _out, err = _run("export", str(INCIDENT), "--to", "markdown", "-o", str(tmp_path), "-j", "99")
        assert code == 0, err
        assert "using 8" in err
        assert (tmp_path / "INC-2026-0187.md").exists()

    @pytest.mark.parametrize("jobs", ["0", "1", "2", "8"])
    def test_within_the_cores_no_note(self, jobs: str) -> None:
        code, _out, err = _run("validate", str(INCIDENT), "-j", jobs)
        assert (code, "note:" in err) == (0, False)

    def test_the_help_says_so(self) -> None:
        _code, out, _err = _run("check", "--help")
        assert "at most 4 per core" in " ".join(out.split())


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["import", str(INCIDENT), "--format", "confluense"], "confluence"),
        (["actions", str(INCIDENT), "--format", "jsn"], "json"),
        (["actions", "list", str(INCIDENT), "--format", "csb"], "csv"),
        (["actions", "sync", str(INCIDENT), "--to", "github", "--format", "jsno"], "json"),
        (["diff", str(INCIDENT), str(INCIDENT), "--format", "markdwn"], "markdown"),
        (["redact", str(INCIDENT), "--format", "jsn"], "json"),
        (["timeline", str(INCIDENT), "--git-mode", "merge"], "merges"),
        (["timeline", str(INCIDENT), "--kind", "alrt"], "alert"),
    ],
    ids=lambda value: (
        " ".join(part for part in value if not part.startswith("/")) if isinstance(value, list) else value
    ),
)
def test_did_you_mean(args: list[str], meant: str) -> None:
    """A usage error (exit 2) naming the closest choice, as check's does."""
    code, _out, err = _run(*args)
    assert code == 2
    assert err.rstrip().endswith(f"; did you mean {meant!r}?"), err
