"""File names that cannot be printed as they are: a line break, a byte that is not UTF-8, an ANSI escape.

Such names were printed raw: a name with a line break split a problem over two lines (a
reader, or a CI log parser, saw a line with no place), an escape sequence changed the
terminal, a byte that is not UTF-8 came out as that byte on some lines and as ``\\udcff``
on others, and ``export`` printed a broken file as a block (``file: 2 problems:`` and
indented lines) where ``validate`` printed a line a problem. Every message now shows such a
name quoted with escapes (:func:`postmortem.errors.shown_path`, as git quotes names), the same
in every command; JSON keeps the name itself and SARIF its bytes percent-encoded.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.errors import shown_path

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "api-outage-feature-flag.yaml"
BROKEN = "id: INC-1\nseverity: SEV9\n"
LINE_BREAK = "a\nb.yaml"
NOT_UTF8 = os.fsdecode(b"c\xff.yaml")
ESCAPE = "d\x1b[31m.yaml"


def _run(folder: Path, *args: str) -> tuple[int, bytes, bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder ``in`` of broken incidents with odd names, and one good incident named with a line break."""
    files = tmp_path / "in"
    files.mkdir()
    for name in (LINE_BREAK, NOT_UTF8, ESCAPE):
        (files / name).write_text(BROKEN, encoding="utf-8")
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(EXAMPLE, good / "g\nh.yaml")
    return tmp_path


class TestShownPath:
    """How a name is shown in messages."""

    @pytest.mark.parametrize(
        ("name", "shown"),
        [
            ("incidents/INC 7.yaml", "incidents/INC 7.yaml"),
            ("café/事故.yaml", "café/事故.yaml"),
            (LINE_BREAK, '"a\\nb.yaml"'),
            (NOT_UTF8, '"c\\xff.yaml"'),
            (ESCAPE, '"d\\x1b[31m.yaml"'),
            ("tab\there.yaml", '"tab\\there.yaml"'),
            ("x\u202eyaml.exe", '"x\\u202eyaml.exe"'),
            ('q"\n.yaml', '"q\\"\\n.yaml"'),
            ('"quoted.yaml"', '"\\"quoted.yaml\\""'),
        ],
        ids=["space", "letters", "line break", "not UTF-8", "ANSI escape", "tab", "RTL override", "quote", "in quotes"],
    )
    def test_names(self, name: str, shown: str) -> None:
        """Printable names as they are; others quoted with C escapes, bytes as \\xNN."""
        assert shown_path(name) == shown


class TestEveryCommandTheSame:
    """validate, export and check print a broken file's problems as the same lines, names escaped."""

    EXPECTED = sorted(
        f"{shown}:2 $.severity: {message}"
        for shown in ('"in/a\\nb.yaml"', '"in/c\\xff.yaml"', '"in/d\\x1b[31m.yaml"')
        for message in ('unknown severity "SEV9"; expected one of SEV1, SEV2, SEV3, SEV4, SEV5',)
    )

    def _problems(self, err: bytes) -> list[str]:
        text = err.decode("utf-8")  # valid UTF-8 whatever the names
        return sorted(line for line in text.splitlines() if "$.severity" in line)

    def test_validate(self, folder: Path) -> None:
        code, _out, err = _run(folder, "validate", "in")
        assert (code, self._problems(err)) == (2, self.EXPECTED)
        assert b"\x1b" not in err

    def test_export(self, folder: Path) -> None:
        """The same lines as validate (it printed "file: 1 problem:" and the problems indented)."""
        code, _out, err = _run(folder, "export", "in", "--to", "markdown", "-o", "out")
        assert (code, self._problems(err)) == (2, self.EXPECTED)
        assert "problem:" not in err.decode("utf-8")

    def test_check(self, folder: Path) -> None:
        code, _out, err = _run(folder, "check", "in")
        assert (code, self._problems(err)) == (2, self.EXPECTED)

    def test_a_valid_file(self, folder: Path) -> None:
        """validate's "ok" line and check's report heading show the name on one line."""
        _code, out, _err = _run(folder, "validate", "good")
        assert out.decode("utf-8").splitlines() == ['"good/g\\nh.yaml": ok (INC-2026-0187, SEV1, 24 timeline events)']
        _code, out, _err = _run(folder, "check", "good")
        assert out.decode("utf-8").splitlines()[0].startswith('"good/g\\nh.yaml"  INC-2026-0187: ')


class TestMachineReadOutput:
    """JSON keeps the name itself; SARIF a URI of its bytes."""

    def test_json(self, folder: Path) -> None:
        """``source`` reads back as the name (a byte that is not UTF-8 as \\udcff); the output is UTF-8."""
        _code, out, _err = _run(folder, "check", "in", "good", "--format", "json")
        data = json.loads(out.decode("utf-8"))
        assert sorted(invalid["source"] for invalid in data["invalid"]) == sorted(
            str(Path("in", name)) for name in (LINE_BREAK, NOT_UTF8, ESCAPE)
        )
        assert data["reports"][0]["findings"][0]["source"] == str(Path("good", "g\nh.yaml"))

    def test_sarif(self, folder: Path) -> None:
        """The URI is percent-encoded (it held a raw line break; \\udcff for the byte)."""
        _code, out, _err = _run(folder, "check", "in", "good", "--format", "sarif")
        text = out.decode("utf-8")
        uris = {
            location["physicalLocation"]["artifactLocation"]["uri"]
            for run in json.loads(text)["runs"]
            for result in run["results"]
            for location in result["locations"]
        }
        notified = {
            location["physicalLocation"]["artifactLocation"]["uri"]
            for run in json.loads(text)["runs"]
            for invocation in run["invocations"]
            for note in invocation["toolExecutionNotifications"]
            for location in note.get("locations", ())
        }
        assert uris == {"good/g%0Ah.yaml"}
        assert notified == {"in/a%0Ab.yaml", "in/c%FF.yaml", "in/d%1B%5B31m.yaml"}
