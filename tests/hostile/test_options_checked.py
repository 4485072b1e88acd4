"""Options a command could never honour are usage errors (exit 2) naming every wrong value.

``export -j -5`` ran (a negative number of processes), ``-O confluence.expand_after=-3`` and a
timeout of ``nan`` were taken, ``--to markdwn,htm,pdff`` named ``markdwn`` alone (a user fixed
it and met ``htm`` on the next run), and ``postmortem --help >&-`` (its help lost) exited 0
where a command's ``--help`` exits 2.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.errors import ExporterOptionError
from postmortem.export import Option

from .conftest import EXAMPLES

INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"
CLOSED = "error: cannot print: standard output is closed; redirect it (> FILE) instead"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


class TestNumbers:
    """Numbers out of range."""

    @pytest.mark.parametrize("jobs", ["-5", "-1"])
    def test_export_jobs(self, tmp_path: Path, jobs: str) -> None:
        """-j below 0 is refused as check's and validate's are; nothing is written."""
        code, err = _run("export", str(INCIDENT), "--to", "markdown", "-o", str(tmp_path / "out"), "-j", jobs)
        assert code == 2
        assert f"Invalid value for '-j' / '--jobs': {jobs} is not in the range x>=0." in err
        assert not (tmp_path / "out").exists()

    def test_an_exporter_option_below_its_minimum(self, tmp_path: Path) -> None:
        """Confluence's expand_after of -3 (every timeline folded) is refused, naming the bound."""
        pytest.importorskip("postmortem_confluence")
        code, err = _run(
            "export", str(INCIDENT), "--to", "confluence", "-O", "confluence.expand_after=-3", "-o", str(tmp_path)
        )
        assert (code, err.strip()) == (2, "error: confluence: option 'expand_after' must be at least 0, got -3")

    @pytest.mark.parametrize(
        ("option", "value", "said"),
        [
            (Option("n", int, 1, "A count.", minimum=1), "0", "option 'n' must be at least 1, got 0"),
            (Option("n", int, 1, "A count.", maximum=9), "10", "option 'n' must be at most 9, got 10"),
            (Option("t", float, 1.0, "Seconds."), "nan", "option 't' expects a finite number, got nan"),
            (Option("t", float, 1.0, "Seconds.", minimum=0), "-inf", "option 't' expects a finite number, got -inf"),
        ],
        ids=["below", "above", "nan", "infinity"],
    )
    def test_option_ranges(self, option: Option, value: str, said: str) -> None:
        """Option.minimum and maximum, and floats that are no number of anything."""
        with pytest.raises(ExporterOptionError) as raised:
            option.convert(value, "x")
        assert str(raised.value) == f"x: {said}"

    def test_in_range(self) -> None:
        """Values at the bounds pass, converted from text."""
        assert Option("n", int, 1, "A count.", minimum=1, maximum=9).convert("9", "x") == 9


class TestEveryUnknownName:
    """Each name that is no exporter, with its closest, then the installed ones once."""

    def test_export(self, tmp_path: Path) -> None:
        code, err = _run("export", str(INCIDENT), "--to", "markdwn,html,htm,nosuch", "-o", str(tmp_path / "out"))
        lines = err.strip().splitlines()
        assert code == 2
        assert lines[:3] == [
            "error: no exporter named 'markdwn' is installed (did you mean 'markdown'?)",
            "error: no exporter named 'htm' is installed (did you mean 'html'?)",
            "error: no exporter named 'nosuch' is installed",
        ]
        assert lines[3].startswith("Installed exporters: ")
        assert "markdown" in lines[3]
        assert len(lines) == 4
        assert not (tmp_path / "out").exists()

    def test_one_name_as_before(self, tmp_path: Path) -> None:
        """One unknown name: one line, the installed exporters at its end."""
        code, err = _run("export", str(INCIDENT), "--to", "markdwn", "-o", str(tmp_path))
        assert code == 2
        assert err.startswith("error: no exporter named 'markdwn' is installed (did you mean 'markdown'?). Installed")
        assert len(err.strip().splitlines()) == 1

    def test_review(self, tmp_path: Path) -> None:
        code, err = _run("review", str(INCIDENT), "--since", "2026-01-01", "--to", "htm,pfd,xyz", "-o", str(tmp_path))
        assert code == 2
        assert (
            "Invalid value for --to: unknown formats 'pfd' (did you mean 'pdf'?), 'xyz'; use html, markdown, pdf"
            in (" ".join(err.split()))
        )

    def test_publish_attach(self) -> None:
        """publish --attach names every exporter that is not installed, before anything is sent.

        The names are close to the core's own exporters, so the suggestions hold where only the core
        is installed (the oldest-Python session)."""
        code, err = _run("publish", str(INCIDENT), "--to", "markdown", "--attach", "htm,markdwn", "--dry-run")
        assert code == 2
        assert err.splitlines()[:2] == [
            "error: no exporter named 'htm' is installed (did you mean 'html'?)",
            "error: no exporter named 'markdwn' is installed (did you mean 'markdown'?)",
        ]


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",)])
def test_the_programs_own_output_to_a_closed_stdout(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``postmortem --help >&-``: exit 2 and the message a command gives (it exited 0, the help lost)."""
    shutil.copy(INCIDENT, tmp_path / INCIDENT.name)
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m postmortem "$@" >&-', sys.executable, *args],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr.strip()) == (2, CLOSED)


class TestPublishDryRun:
    """``publish --dry-run`` reads the server, so it needs the URL: its help and its error say so."""

    def test_the_help_says_so(self) -> None:
        result = CliRunner().invoke(main, ["publish", "--help"], terminal_width=200)
        text = " ".join(result.stdout.split())
        assert "It reads the server (is the page there, which attachments changed), so it needs the URL" in text
        assert "--dry-run needs them too" in text

    def test_without_a_url(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Exit 2 naming the variable and the option to set, and that a dry run needs it."""
        pytest.importorskip("postmortem_confluence")
        monkeypatch.delenv("POSTMORTEM_CONFLUENCE_URL", raising=False)
        code, err = _run("publish", str(INCIDENT), "--to", "confluence", "--space", "OPS", "--dry-run")
        assert code == 2
        assert (
            "no Confluence URL: set POSTMORTEM_CONFLUENCE_URL or pass url (-O url=https://... on the command line)"
            in err
        )
        assert "a dry run needs it too" in err
