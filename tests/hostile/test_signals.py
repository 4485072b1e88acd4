"""The command as a process among others: a closed pipe, Ctrl-C, and folders whose links loop.

These are the process's own behaviour (exit status, what reaches standard error, what is
left on disk), so each runs ``python -m postmortem`` as a child process.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import pytest

from _postmortem_launch import module_run_by_python

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")

SOURCE = (EXAMPLES / "api-outage-feature-flag.yaml").read_text(encoding="utf-8")


def _env() -> dict[str, str]:
    # Unbuffered standard output lets CPython drop a write cut short without an error; the
    # command runs buffered, as it does in a terminal's pipe.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    env["COLUMNS"] = "200"
    return env


def _incidents(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = re.sub(r"(?m)^id: .*$", f"id: INC-2026-{5000 + number}", SOURCE, count=1)
        (folder / f"incident-{number:03}.yaml").write_text(text, encoding="utf-8")
    return folder


def _default_sigint() -> None:  # pragma: no cover - runs in the child
    # A child started from a shell's background job, or a test runner, may ignore SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    "args",
    [("validate", "incidents"), ("check", "incidents"), ("exporters",), ("schema",), ("actions", "incidents")],
    ids=lambda args: args[0],
)
def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``postmortem check . | head -1``: the reader is gone, the command stops with 141 and says nothing."""
    _incidents(tmp_path / "incidents", 3)
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line
    try:
        process = subprocess.run(
            [sys.executable, "-m", "postmortem", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=_env(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    stderr = process.stderr.decode("utf-8", "replace")
    assert process.returncode == 141, stderr
    assert "Traceback" not in stderr
    assert "This is a bug" not in stderr
    assert "Exception ignored" not in stderr


def _spawn(argv: list[str], stdout: int | IO[bytes], cwd: Path) -> subprocess.Popen[bytes]:
    """``argv`` started as a terminal starts a command: its own process group, SIGINT as by default.

    Standard error is a pipe; the test sends SIGINT to the group with ``os.killpg``.
    """
    return subprocess.Popen(
        argv,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=_env(),
        start_new_session=True,
        preexec_fn=_default_sigint,  # noqa: PLW1509  (signals only: no threads in the test's child)
    )


def _has_a_worker(pid: int) -> bool:
    """Whether process ``pid`` has started a child (Linux's /proc; elsewhere, after two seconds)."""
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split())
    except OSError:
        time.sleep(2)
        return True


@pytest.mark.parametrize("command", ["export", "check"])
def test_ctrl_c_in_a_run_of_many_files_is_130_without_a_traceback(tmp_path: Path, command: str) -> None:
    """SIGINT to the terminal's process group (workers included): exit 130, one line, no half-written report."""
    _incidents(tmp_path / "incidents", 120)
    out = tmp_path / "out"
    args = ["export", "incidents", "--to", "markdown,html", "-o", str(out)] if command == "export" else ["check"]
    if command == "check":
        args.append("incidents")
    printed = tmp_path / "stdout.txt"
    with printed.open("wb") as stdout:
        process = _spawn([sys.executable, "-m", "postmortem", *args, "-j", "2"], stdout, tmp_path)
        # Interrupt once the run is under way, an event rather than a time (a loaded machine
        # only makes it later): the first report written (export), the worker process started
        # (check, which prints its reports at the end).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if command == "export" and out.exists() and any(out.glob("*.md")):
                break
            if command == "check" and _has_a_worker(process.pid):
                break
            time.sleep(0.02)
        if process.poll() is not None:
            process.communicate()  # closes the pipe: left open, it warns later in another test
            pytest.skip("the run ended before it could be interrupted")
        os.killpg(process.pid, signal.SIGINT)
        _stdout, stderr_bytes = process.communicate(timeout=120)
    stderr = stderr_bytes.decode("utf-8", "replace")
    if process.returncode == 0:
        pytest.skip("the run ended as the signal came")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    assert printed.read_bytes().count(b"Traceback") == 0
    if command == "export":
        names = [path.name for path in out.iterdir()]
        assert not [name for name in names if name.startswith(".")], names  # no temporary file left
        for report in out.glob("*.html"):
            assert report.read_text(encoding="utf-8").rstrip().endswith("</html>"), report


@pytest.mark.parametrize("args", [("check", "-j", "1"), ("check", "-j", "2"), ("validate", "-j", "1")])
def test_links_that_loop_in_a_folder_are_named_not_a_bug(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Two links naming each other: each is a located error (exit 2); the good file is still read."""
    folder = _incidents(tmp_path / "incidents", 1)
    (folder / "one.yaml").symlink_to("two.yaml")
    (folder / "two.yaml").symlink_to("one.yaml")
    (folder / "here").symlink_to(".", target_is_directory=True)  # a folder that contains itself
    process = subprocess.run(
        [sys.executable, "-m", "postmortem", args[0], "incidents", *args[1:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert process.returncode == 2, process.stderr
    assert "This is a bug" not in process.stderr
    assert "Traceback" not in process.stderr
    for name in ("one.yaml", "two.yaml"):
        assert f"{name}: cannot read: Too many levels of symbolic links" in process.stderr, process.stderr
    assert "2 " in process.stderr  # two invalid, counted


def _as_user_without_rights() -> list[str] | None:
    """The command prefix that runs a child without root's rights to read anything, or ``None``."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    # An interpreter under /root (pyenv's Python 3.10 in CI) cannot even start without root's rights.
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True, timeout=60, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize(
    "args",
    [("validate",), ("check", "-j", "1"), ("check", "-j", "2"), ("actions",), ("export", "--to", "markdown")],
    ids="-".join,
)
def test_a_folder_or_file_that_cannot_be_read_is_named_not_a_bug(args: tuple[str, ...]) -> None:
    """chmod 000 on a file and on a folder inside the folder given: each named, exit 2, the rest read.

    The walk asked whether the unreadable folder was a virtual environment and reported the
    PermissionError as a bug; a folder the walk could not list was passed over in silence.
    """
    prefix = _as_user_without_rights()
    if prefix is None:
        pytest.skip("root, without setpriv to drop the rights")
    top = Path(tempfile.mkdtemp(prefix="postmortem-rights-"))  # outside root's private tmp_path
    try:
        top.chmod(0o755)
        folder = _incidents(top / "incidents", 1)
        (folder / "closed.yaml").write_text(SOURCE, encoding="utf-8")
        (folder / "closed.yaml").chmod(0)
        locked = folder / "locked"
        locked.mkdir()
        (locked / "inside.yaml").write_text(SOURCE, encoding="utf-8")
        locked.chmod(0)
        extra = ["-o", str(top / "out")] if args[0] == "export" else []
        (top / "out").mkdir(mode=0o777)
        (top / "out").chmod(0o777)
        env = {**_env(), "HOME": str(top)}
        process = subprocess.run(
            [*prefix, sys.executable, "-m", "postmortem", args[0], "incidents", *args[1:], *extra],
            capture_output=True,
            text=True,
            cwd=top,
            env=env,
            timeout=120,
            check=False,
        )
        assert process.returncode == 2, process.stderr
        assert "This is a bug" not in process.stderr
        assert "Traceback" not in process.stderr
        assert "locked: cannot read the folder: Permission denied" in process.stderr
        assert "closed.yaml: cannot read: Permission denied" in process.stderr
    finally:
        for path in (top / "incidents" / "locked", top / "incidents" / "closed.yaml"):
            if path.exists() or path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


# What the console script runs (pip and uv write it so): run as ``python -c`` it needs no
# installed script, and a work tree whose installed script is older still tests the launcher.
_CONSOLE_SCRIPT = "import sys; from _postmortem_launch import run; sys.argv[0] = 'postmortem'; sys.exit(run())"


def test_the_console_script_starts_at_the_launcher() -> None:
    """pyproject.toml's ``postmortem`` script is the launcher that handles Ctrl-C before the package is imported."""
    scripts = (ROOT / "pyproject.toml").read_text(encoding="utf-8").partition("[project.scripts]")[2]
    found = re.search(r'^postmortem = "([^"]+)"$', scripts, re.MULTILINE)
    assert found is not None
    assert found.group(1) == "_postmortem_launch:run"


# Moments of a command's start, as ``python -X importtime`` reports them (a module's line is
# written when its import is done; the signal goes at the next line): just after the
# launcher, half-way through the package, the package imported, the command line module
# imported (click reads the options), the command's own helpers imported. Events, not
# times: on a loaded machine they come late, but in the same order. The two ways of
# starting the command reach the launcher differently: the console script imports it first,
# ``python -m postmortem`` imports the package first, whose __init__ imports it first.
_MOMENTS = ["_postmortem_launch", "postmortem.checks", "postmortem", "postmortem.cli", "postmortem.cli._common"]
_STARTS = {"script": ["-c", _CONSOLE_SCRIPT], "python-m": ["-m", "postmortem"]}


@pytest.mark.parametrize("start", list(_STARTS))
@pytest.mark.parametrize("moment", _MOMENTS)
def test_ctrl_c_while_the_command_starts_is_130_in_one_line(tmp_path: Path, moment: str, start: str) -> None:
    """SIGINT at each moment of ``postmortem check``'s first second: exit 130, ``interrupted``, no traceback.

    Python's own handler raised KeyboardInterrupt inside the imports, before the command's
    handler was installed, and the user saw the import machinery's traceback; ``python -m
    postmortem`` still did after the console script stopped, as Python imports the package
    before the launcher in its ``__main__`` runs.
    """
    _incidents(tmp_path / "incidents", 40)
    argv = [sys.executable, "-X", "importtime", *_STARTS[start], "check", "incidents", "-j", "1"]
    process = _spawn(argv, subprocess.DEVNULL, tmp_path)
    assert process.stderr is not None
    seen: list[bytes] = []
    passed = False
    for line in process.stderr:  # ends at the child's end if the moment never comes
        seen.append(line)
        if passed:
            # The next import after the moment's: the code that followed it has run (the
            # launcher's line is written before its run() installs the handler).
            os.killpg(process.pid, signal.SIGINT)
            break
        passed = line.rstrip().endswith(b" " + moment.encode())
    else:
        process.wait(timeout=120)
        pytest.fail(f"the command ended without importing {moment} and more: {b''.join(seen)[-2000:]!r}")
    _stdout, rest = process.communicate(timeout=120)
    said = [
        line.strip()
        for line in (b"".join(seen) + rest).decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("import time:")
    ]
    assert process.returncode == 130, said
    assert said == ["interrupted"]


# Run before the command (``sitecustomize``): the first import once the command has taken
# Ctrl-C back raises KeyboardInterrupt from source text run by ``exec``, as Ctrl-C does when
# it comes while ``dataclasses`` or ``collections.namedtuple`` build a class's methods.
_INTERRUPT_IN_EXEC = """
import signal, sys

class _CtrlCInExec:
    fired = False

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        taken_back = signal.getsignal(signal.SIGINT) is signal.default_int_handler
        if not cls.fired and taken_back and "postmortem.cli" in sys.modules:
            cls.fired = True
            exec("raise KeyboardInterrupt")
        return None

sys.meta_path.insert(0, _CtrlCInExec)
"""


@pytest.mark.parametrize("start", list(_STARTS))
def test_ctrl_c_that_leaves_exec_source_is_still_130(tmp_path: Path, start: str) -> None:
    """Ctrl-C raised inside ``exec`` source and caught by the command: exit 130, not death by SIGINT.

    CPython notes a KeyboardInterrupt that leaves source run by ``exec``, and ``python -m``
    read the note after the command's SystemExit(130) and ended the process by SIGINT: the
    test above saw it now and then, when the signal came as a module built a dataclass.
    """
    _incidents(tmp_path / "incidents", 2)
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "sitecustomize.py").write_text(_INTERRUPT_IN_EXEC, encoding="utf-8")
    env = {**_env(), "PYTHONPATH": os.pathsep.join([str(tmp_path / "hooks"), *sys.path])}
    process = subprocess.Popen(
        [sys.executable, *_STARTS[start], "check", "incidents", "-j", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        preexec_fn=_default_sigint,  # noqa: PLW1509  (signals only: no threads in the test's child)
    )
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.decode("utf-8", "replace").split() == ["interrupted"]


class TestTheModuleThatPythonRuns:
    """``python -m postmortem`` is told from other ways of starting Python by its own command line."""

    @pytest.mark.parametrize(
        ("orig_argv", "expected"),
        [
            (["python", "-m", "postmortem", "check"], "postmortem"),
            (["python", "-X", "importtime", "-Bm", "postmortem"], "postmortem"),
            (["python", "-mpostmortem.__main__", "-m", "x"], "postmortem.__main__"),
            (["python", "-W", "error", "-m", "pytest", "-m", "postmortem"], "pytest"),
            (["python", "--check-hash-based-pycs", "never", "-m", "postmortem"], "postmortem"),
            (["python", "-c", "import postmortem", "-m", "postmortem"], None),
            (["python", "script.py", "-m", "postmortem"], None),
            (["python"], None),
        ],
    )
    def test_the_module_is_read_past_python_s_options(self, orig_argv: list[str], expected: str | None) -> None:
        """Options with a value (``-X importtime``, ``-W error``) are passed over; ``-c`` or a script ends the search."""
        assert expected == module_run_by_python(orig_argv)

    def test_another_module_that_imports_the_package_keeps_python_s_handler(self, tmp_path: Path) -> None:
        """``python -m tool`` whose tool imports postmortem: Ctrl-C stays KeyboardInterrupt for the tool to catch."""
        (tmp_path / "tool.py").write_text(
            "import signal, postmortem\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n",
            encoding="utf-8",
        )
        process = _spawn([sys.executable, "-m", "tool"], subprocess.PIPE, tmp_path)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert stdout.strip() == b"True"
