"""The ``postmortem`` console script: Ctrl-C is handled before anything heavy is imported.

Starting the command imports the package, its model, its rules and click, which takes a
good part of a second on a busy machine. Python's own SIGINT handler raised
KeyboardInterrupt wherever the import had got to, and the command's handler (in
``postmortem.cli``) was not there yet to catch it: an early Ctrl-C printed a traceback of
the import machinery. This module lives outside the ``postmortem`` package, so importing it
imports nothing of the package: it installs a handler first, which ends the process with one
line and the status a shell gives SIGINT (130), and then imports and runs the command. Until
the command starts there is nothing to leave whole (no file is written, nothing is printed),
so the process ends at once; once it starts, the command's own handler takes over
(``postmortem.cli`` puts Python's back as it runs a command, see :func:`take_back`).

``python -m postmortem`` imports the package before its ``__main__`` runs, so the package's
``__init__`` calls :func:`catch_ctrl_c_of_python_m` first of all, which installs the same
handler when, and only when, the module Python is starting is the command.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

__all__ = ["catch_ctrl_c_of_python_m", "module_run_by_python", "run", "take_back"]

_SIGINT_STATUS = 130


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """SIGINT while the command is starting: one line on standard error, exit 130, no traceback."""
    with contextlib.suppress(OSError):  # standard error closed or gone: the status still says it
        os.write(2, b"\ninterrupted\n")
    os._exit(_SIGINT_STATUS)


def _catch_ctrl_c() -> None:
    # A process started with SIGINT ignored (a shell's background job, nohup) keeps it ignored.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)


# Python's options that take a value, as the next argument or the rest of the same one.
_OPTIONS_WITH_A_VALUE = frozenset("cmWX")


def module_run_by_python(orig_argv: list[str]) -> str | None:
    """The module that ``python -m NAME`` runs, read from the interpreter's own command line.

    Args:
        orig_argv: The interpreter's command line (``sys.orig_argv``), options included.

    Returns:
        ``NAME``, or ``None`` where the interpreter runs a script, ``-c`` code or nothing.
    """
    args = iter(orig_argv[1:])
    for arg in args:
        if arg == "--check-hash-based-pycs":  # the one long option with a value
            next(args, None)
            continue
        if arg.startswith("--") or not arg.startswith("-") or arg == "-":
            return None  # a script, standard input, or options Python ends at
        for place, letter in enumerate(arg[1:], start=2):
            if letter in _OPTIONS_WITH_A_VALUE:  # -Bm NAME, -mNAME, -X importtime, -Wdefault
                value = arg[place:] or next(args, "")
                if letter == "m":
                    return value
                if letter == "c":
                    return None
                break
    return None


def catch_ctrl_c_of_python_m() -> None:
    """Install the early SIGINT handler if this process is ``python -m postmortem``.

    Python imports the package (and with it the model, the rules...) before it runs the
    package's ``__main__``, so the launcher's :func:`run` comes too late for that part: the
    package's ``__init__`` calls this first. While Python is still finding the module to
    run, ``sys.argv[0]`` is ``"-m"``; the module's name comes from the interpreter's own
    command line, so that ``python -m postmortem.something`` (a tool of the package, with
    its own Ctrl-C) and ``python -m other`` (whatever imports postmortem) keep Python's.
    """
    if sys.argv[:1] != ["-m"]:
        return
    if module_run_by_python(list(getattr(sys, "orig_argv", []))) in {"postmortem", "postmortem.__main__"}:
        _catch_ctrl_c()


def take_back() -> None:
    """Give SIGINT back to Python (KeyboardInterrupt), if this module's handler has it.

    Called by the command as it starts running, where its own ``except KeyboardInterrupt``
    keeps every report it writes whole. A caller that runs the command in its own process
    (``main([...])``), without this launcher, keeps its handler.
    """
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _forget_caught_interrupts() -> None:
    """Clear CPython's note of a KeyboardInterrupt that left code run from source text.

    CPython notes a KeyboardInterrupt that leaves code it runs from source text (``exec`` or
    ``eval`` of a string, as ``dataclasses`` and ``collections.namedtuple`` build their
    methods while a module is imported) and reads the note after the interpreter is taken
    down: ``python -m`` then ends the process by SIGINT itself, whatever status it was given.
    Ctrl-C during such an import, caught by the command (one line, status 130), so made
    ``python -m postmortem`` end by SIGINT now and then. Running source text that
    ends normally clears the note (the console script ends through ``Py_Exit``, which never
    reads it). A KeyboardInterrupt that still leaves ``__main__`` is noted again by Python.
    """
    exec("pass")  # noqa: S102  (a constant: running source text is what clears the note)


def run() -> None:
    """Install the early SIGINT handler, then import and run the ``postmortem`` command."""
    _catch_ctrl_c()
    from postmortem.cli import run as run_command  # noqa: PLC0415  (the handler first: the point of this module)

    try:
        run_command()
    except KeyboardInterrupt:
        # Between Python's handler coming back and the command catching it (reading the
        # program's own options): the same line and status as everywhere else.
        sys.stderr.write("\ninterrupted\n")
        sys.exit(_SIGINT_STATUS)
    finally:
        _forget_caught_interrupts()


if __name__ == "__main__":  # pragma: no cover - the console script calls run()
    run()
