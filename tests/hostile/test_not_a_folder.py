"""An output folder that is something else: a device, a named pipe, a file, a file on the way.

``postmortem export x.yaml -o /dev/null`` said "/dev/null: cannot create the folder: File
exists", and ``-o notes.txt/out`` "Not a directory" naming the whole path: neither says what is
in the way. The message now names the first place that is there and no folder, and what it is.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.cli import main
from postmortem.errors import OutputError

from .conftest import EXAMPLES

INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(INCIDENT, tmp_path / "incident.yaml")
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_device(folder: Path) -> None:
    code, err = _run("export", "incident.yaml", "--to", "markdown", "-o", os.devnull)
    assert (code, err) == (
        2,
        f"error: {os.devnull}: cannot create the folder: {os.devnull} is a character device, not a folder\n",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe(folder: Path) -> None:
    os.mkfifo("reports")
    code, err = _run("export", "incident.yaml", "--to", "markdown", "-o", "reports")
    assert (code, err) == (2, "error: reports: cannot create the folder: reports is a named pipe, not a folder\n")


def test_a_file_on_the_way(folder: Path) -> None:
    """The file two levels up is named, not the folder asked for; the file is left as it was."""
    code, err = _run("export", "incident.yaml", "--to", "markdown", "-o", "notes.txt/out/deeper")
    assert (code, err) == (
        2,
        "error: notes.txt/out/deeper: cannot create the folder: notes.txt is a file, not a folder\n",
    )
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_new_under_a_file(folder: Path) -> None:
    code, err = _run("new", "notes.txt/INC-1.yaml")
    assert (code, err) == (2, "error: notes.txt: cannot create the folder: notes.txt is a file, not a folder\n")


def test_the_library_says_the_same(folder: Path) -> None:
    with pytest.raises(
        OutputError, match=r"^notes\.txt/out: cannot create the folder: notes\.txt is a file, not a folder$"
    ):
        postmortem.export_many(["incident.yaml"], ["markdown"], "notes.txt/out")
    incident = postmortem.load("incident.yaml")
    with pytest.raises(OutputError, match=r"notes\.txt is a file, not a folder$"):
        postmortem.export(incident, "markdown", "notes.txt/out/report.md")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets are POSIX")
def test_a_socket_given_as_input(folder: Path) -> None:
    """A socket named like an incident file said "cannot read: No such device or address"."""
    listening = socket.socket(socket.AF_UNIX)
    try:
        listening.bind("incident-socket.yaml")
        code, err = _run("validate", "incident-socket.yaml")
    finally:
        listening.close()
    assert code == 2
    assert err.startswith(
        "error: incident-socket.yaml: cannot read: a socket or a device with nothing behind it, not an incident file\n"
    )
