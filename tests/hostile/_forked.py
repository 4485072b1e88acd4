"""Run the ``postmortem`` command in a fresh child process without starting Python each time.

A hostile case is judged by what the command does in a process of its own under the case's
limits: its exit code, its output, that it prints no traceback and stays within its memory,
CPU and file-size limits. Starting a Python interpreter and importing ``postmortem.cli`` for
each case cost most of a case's CPU, the same for every case. Here one server process per
test process imports ``postmortem.cli`` once, as the command does before it reads its
arguments, and forks a child for each case. The child is a new process: it takes the case's
working folder, environment and resource limits, reads stdin from /dev/null, writes stdout
and stderr to files, runs ``main()`` and exits as the interpreter would (``SystemExit``
codes, a traceback and exit 1 for an uncaught exception, ``atexit`` handlers, a final
flush). Nothing a case does reaches the server or the next case.

What differs from ``python -c`` or ``python -m postmortem``: the interpreter's start, the
import of ``postmortem.cli`` and of the modules that loading and checking a file import (the
YAML parser, the blamelessness rules, prose markup), and what a first check builds (compiled
rule patterns, time zone data: the server checks one small file before its first case) are
not counted against the child's CPU limit (about 0.5 s of CPU, where the limits are
seconds), and they happened before the address-space limit was set (the limit is on the
total, so the room left for the case is the same). The tests that
keep running the real command in a subprocess (``forked=False``) cover the interpreter's
own start under each kind of limit.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

_SERVER = r"""
import json, os, resource, select, signal, sys, time

from postmortem.cli import main  # what the command imports before it reads its arguments

# What reading and checking a file imports after the arguments are read (the YAML parser, the
# blamelessness rules, prose markup): nearly every case loads a file, and these imports were a
# third of a second of each child's CPU. The address-space baseline is measured in a process
# that has run ``check`` and so holds them too. A module that no longer exists is passed over.
import importlib

for name in (
    "yaml",
    "postmortem.markup",
    "postmortem._toml",
    "postmortem.checks._blame",
    "postmortem.checks._many",
    *sys.argv[2:],  # a server's own (run_forked's preload)
):
    try:
        importlib.import_module(name)
    except ImportError:
        pass

# What a check builds on first use beyond its imports (the blamelessness rules' compiled
# patterns, time zone data, the checks' own modules): the server checks one small file
# (sys.argv[1], the draft example the address-space baseline checks too) once before the
# first case, its output thrown away. A child's ``check`` took 0.08 s of CPU without it and
# 0.02 s with it, ``validate`` 0.04 s and 0.01 s. That state is caches the command fills the
# same way whatever it reads: each case still reads, checks and writes everything itself.
if sys.argv[1]:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args=["check", sys.argv[1]], prog_name="postmortem")
        except SystemExit:
            pass

requests = sys.stdin
answers = sys.stdout


def child(request):
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    stdin = os.open(os.devnull, os.O_RDONLY)
    stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    for source, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(source, target)
        os.close(source)
    for name, value in request["limits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    sys.argv = ["postmortem", *request["args"]]
    code = 0
    try:
        main(args=request["args"], prog_name="postmortem")
    except SystemExit as exit:
        if exit.code is None:
            code = 0
        elif isinstance(exit.code, int):
            code = exit.code
        else:
            print(exit.code, file=sys.stderr)
            code = 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    import threading

    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    import atexit

    atexit._run_exitfuncs()
    if request.get("report"):
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(request["report"], "w") as handle:
            handle.write(peak)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = 120  # what the interpreter exits with when the last flush fails
    os._exit(code)


for line in requests:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(request)
        finally:
            os._exit(70)
    descriptor = os.pidfd_open(pid)
    ready, _, _ = select.select([descriptor], [], [], request["timeout"])
    timed_out = not ready
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(descriptor)
    answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status), "timed_out": timed_out}) + "\n")
    answers.flush()
"""


WARM_UP = Path(__file__).resolve().parents[2] / "examples" / "draft-checkout-errors.yaml"
"""The file each server checks once before its first case (see ``_SERVER``)."""


@attrs.frozen
class Finished:
    """What one forked run of the command did."""

    code: int
    stdout: str
    stderr: str


class _Server:
    """The server process of this test process, started at its first case."""

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        self._preload = preload
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._folder = tempfile.TemporaryDirectory(prefix="postmortem-forked-")
        atexit.register(self.close)

    def _start(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            env = {key: value for key, value in os.environ.items() if key != "POSTMORTEM_DEBUG"}
            self._process = subprocess.Popen(
                [sys.executable, "-c", _SERVER, str(WARM_UP), *self._preload],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
                cwd=self._folder.name,
            )
        return self._process

    def close(self) -> None:
        """Stop the server (it exits when its input ends) and wait for it; a later case starts a new one."""
        with self._lock:
            if self._process is not None:
                assert self._process.stdin is not None
                assert self._process.stdout is not None
                self._process.stdin.close()
                self._process.wait(timeout=30)
                self._process.stdout.close()
            self._process = None

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        limits: Mapping[str, int],
        timeout: float,
        report: Path | None = None,
    ) -> Finished:
        with self._lock:
            process = self._start()
            out = Path(self._folder.name) / "stdout"
            err = Path(self._folder.name) / "stderr"
            request = {
                "args": list(args),
                "cwd": str(cwd),
                "env": dict(env),
                "limits": dict(limits),
                "timeout": timeout,
                "stdout": str(out),
                "stderr": str(err),
                "report": str(report) if report is not None else "",
            }
            assert process.stdin is not None
            assert process.stdout is not None
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            if not answer:
                raise RuntimeError(f"the command server stopped (exit {process.wait()})")
            result = json.loads(answer)
            if result["timed_out"]:
                raise subprocess.TimeoutExpired(["postmortem", *args], timeout)
            decode = {"encoding": "utf-8", "errors": "replace"}
            return Finished(result["status"], out.read_text(**decode), err.read_text(**decode))


SERVER = _Server()
# The servers of this test process by what they import before forking (SERVER imports nothing more).
SERVERS: dict[tuple[str, ...], _Server] = {(): SERVER}


def close_servers() -> None:
    """Stop every command server of this test process and wait for it."""
    for server in list(SERVERS.values()):
        server.close()


def run_forked(
    args: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    limits: Mapping[str, int],
    timeout: float,
    report: Path | None = None,
    preload: tuple[str, ...] = (),
) -> Finished:
    """Run ``postmortem ARGS`` in a new child of this test process's server.

    Args:
        args: The command's arguments.
        cwd: The child's working folder.
        env: The child's whole environment.
        limits: ``resource`` limits by name (``{"RLIMIT_AS": bytes}``), soft and hard alike. Not
            ``RLIMIT_FSIZE``: the child's output goes to files, which it would cut short.
        timeout: Wall-clock seconds before the child is killed and ``TimeoutExpired`` raised.
        report: Where the child writes its peak resident memory (VmHWM, KiB) at exit.
        preload: Modules every case of this kind imports after reading its arguments (a
            plugin and its client library, about 0.7 s of CPU for Confluence's): a server of
            its own imports them once before forking, so that the cases of other kinds keep
            the address space the baseline measured. Only for cases whose limits are on the
            total (they are in the child's address space either way).
    """
    server = SERVERS.get(preload)
    if server is None:
        server = SERVERS[preload] = _Server(preload)
    return server.run(args, cwd=cwd, env=env, limits=limits, timeout=timeout, report=report)
