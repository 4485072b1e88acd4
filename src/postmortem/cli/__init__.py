"""The ``postmortem`` command.

Each subcommand is a thin module of this package (``postmortem.cli.export``,
``postmortem.cli.check``, ...) that parses options, calls the library and prints; the
work itself is done by public library functions that scripts can call too. A subcommand's
module is imported only when it is invoked, so ``postmortem --help`` and
``postmortem validate`` stay fast however many exporters and rules are installed.

Exit codes, for every subcommand: 0 success, 1 findings or a failure the command reports,
2 invalid input or usage.
"""

from __future__ import annotations

import atexit
import errno
import gc
import importlib
import io
import os
import sys
import threading
from collections.abc import Sequence
from importlib.util import find_spec
from typing import Any

import click

# The package itself is light (heavy libraries load in the subcommands and the plugins).
from postmortem.errors import PostmortemError, clip
from postmortem.serialize import parse_size

__all__ = ["main", "run"]

# name -> "module:attribute" of a click.Command, loaded on first use.
_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("postmortem.cli.validate:validate", "Check that incident files load; list every problem."),
    "schema": ("postmortem.cli.schema:schema", "Print the JSON Schema of the incident file format."),
    "new": ("postmortem.cli.new:new", "Write a commented starter post-mortem."),
    "check": ("postmortem.cli.check:check", "Check post-mortems for completeness and blameless language."),
    "export": ("postmortem.cli.export:export", "Render post-mortems to Markdown, HTML, DOCX, PDF, ..."),
    "exporters": ("postmortem.cli.exporters:exporters", "List the installed exporters."),
    "publish": ("postmortem.cli.publish:publish", "Publish a post-mortem with a publishing exporter (Confluence)."),
    "timeline": ("postmortem.cli.timeline:timeline", "Build an incident's timeline from alert, chat and deploy data."),
    "import": ("postmortem.cli.import_:import_command", "Import a Markdown, HTML, wiki or Confluence post-mortem."),
    "redact": ("postmortem.cli.redact:redact", "Make a public copy of a post-mortem, or check that one is public."),
    "diff": ("postmortem.cli.diff:diff", "Compare two versions of a post-mortem section by section."),
    "actions": ("postmortem.cli.actions:actions", "List action items across post-mortems (overdue, open, ...)."),
    "review": ("postmortem.cli.review:review", "Write a periodic reliability review of many post-mortems."),
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported when used, not when the group is built."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [name for name, (target, _help) in _COMMANDS.items() if _module_exists(target)]
        return sorted(set(available) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _COMMANDS.get(cmd_name)
        if entry is None or not _module_exists(entry[0]):
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = entry[0].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a programming error
            raise TypeError(f"{entry[0]} is not a click command")
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        """Run the program; called with ``args`` (in a caller's process), leave its collector as it was.

        Run as a program (``args`` from the command line), the process ends with the command,
        and the collector's settings (see :func:`_collect_less_often`) end with it: putting
        Python's threshold back after a thousand files would cost a collection of everything
        made since the last one, for nothing. Called in another program's process
        (``main(["check", ...])``, a test's runner), the command's settings are that
        program's no longer once it returns, or exits, however it ends.
        """
        if args is None:
            return super().main(args, *rest, **options)
        threshold = gc.get_threshold()
        hooked = _EXIT_HOOKED
        try:
            return super().main(args, *rest, **options)
        finally:
            gc.set_threshold(*threshold)
            if not hooked and _EXIT_HOOKED:
                _unhook_last_collection()

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """Read the program's own options; ``--help`` and ``--version`` print here, before any command runs.

        With standard output closed (``postmortem --help >&-``) what they print would be lost:
        exit 2 with the message a command gives (they exited 0, and a command's ``--help`` 2).
        """
        closed = sys.stdout is None
        if closed:
            sys.stdout = _ClosedOutput()
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _StdoutClosedError:
            click.echo(_CLOSED_MESSAGE, err=True)
            raise click.exceptions.Exit(2) from None
        except OSError as exc:
            if exc.errno not in _OUTPUT_FULL or os.environ.get("POSTMORTEM_DEBUG"):
                raise
            _output_full(exc)  # --help or --version written to a full disk
            raise click.exceptions.Exit(2) from None
        finally:
            if closed:
                sys.stdout = None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an error no command caught becomes a message and exit 2, not a traceback.

        ``POSTMORTEM_DEBUG=1`` lets unexpected exceptions through, with their traceback.
        """
        _skip_last_collection()
        _collect_less_often()
        closed = sys.stdout is None  # started with standard output closed (>&-)
        if closed:
            sys.stdout = _ClosedOutput()
        try:
            _take_back_ctrl_c()
            result = super().invoke(ctx)
            # Output still buffered meets a closed pipe here, not in the interpreter's exit.
            sys.stdout.flush()
            return result
        except _StdoutClosedError:
            # A command that prints and was given no standard output: its output would be lost.
            click.echo(_CLOSED_MESSAGE, err=True)
            ctx.exit(2)
        except PostmortemError as exc:
            # OutputError (a full disk, permission denied, a name too long) lands here too.
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            # The reader went away (postmortem check . | head -1): stop quietly, with the
            # status of a process ended by SIGPIPE (128 + 13), as other tools in a pipe do.
            _quiet_stdout()
            ctx.exit(_SIGPIPE_STATUS)
        except KeyboardInterrupt:
            # Ctrl-C: no traceback; every report written so far is whole (written through a
            # rename), and none is half-written. The status a shell gives SIGINT (128 + 2).
            click.echo("\ninterrupted", err=True)
            ctx.exit(_SIGINT_STATUS)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("POSTMORTEM_DEBUG"):
                raise
            if isinstance(exc, OSError) and exc.errno in _OUTPUT_FULL:
                # Files a command writes say so themselves (OutputError): this is what it prints.
                _output_full(exc)
                ctx.exit(2)
            click.echo(
                f"error: {type(exc).__name__}: {clip(str(exc))}\n"
                "This is a bug in postmortem; please report it (POSTMORTEM_DEBUG=1 shows the traceback).",
                err=True,
            )
            ctx.exit(2)
        finally:
            if closed:
                sys.stdout = None  # as the process had it: a caller running main() in-process

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from the table above, so listing commands imports nothing.
        rows = [(name, _COMMANDS[name][1]) for name in self.list_commands(ctx) if name in _COMMANDS]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


_CLOSED_MESSAGE = "error: cannot print: standard output is closed; redirect it (> FILE) instead"


class _StdoutClosedError(OSError):
    """A write to standard output in a process started without one."""


class _ClosedOutput(io.TextIOBase):
    """Standard output of a process started with it closed (``postmortem check x.yaml >&-``).

    Python leaves ``sys.stdout`` as None then, and click drops what it is given: a command
    that prints would end as if it had succeeded, its output lost, and code that flushes or
    asks whether the output is a terminal failed as a bug. Writing to this stream raises
    :class:`_StdoutClosedError`, which the group reports; a command that prints nothing to
    standard output (an export to files, a redaction to ``-o``) runs as usual.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise _StdoutClosedError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


_SIGPIPE_STATUS = 141
_SIGINT_STATUS = 130


def _take_back_ctrl_c() -> None:
    """From here on Ctrl-C is this group's to handle (see ``invoke``), not the launcher's.

    The console script's launcher (``_postmortem_launch``) ends the process at once on
    SIGINT while the command is being imported and set up; a command that runs may be
    writing reports, which its ``except KeyboardInterrupt`` leaves whole. Run in a caller's
    process without the launcher, this changes nothing.
    """
    launcher = sys.modules.get("_postmortem_launch")
    if launcher is not None:
        launcher.take_back()


# A write that failed for want of room: standard output redirected to a full disk (> /dev/full).
_OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _output_full(exc: OSError) -> None:
    """Say that the output could not be written, and why, once; drop what is left of it."""
    reason = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is used up"}
    _quiet_stdout()
    click.echo(f"error: cannot write the output: {reason.get(exc.errno or 0, exc.strerror)}", err=True)


def _quiet_stdout() -> None:
    """Point standard output at the null device: what is left in its buffer is dropped at exit, without an error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no descriptor (a caller's captured stream): nothing to quiet
        pass


def _skip_last_collection() -> None:
    """When this process exits, leave what the command made out of the interpreter's last garbage collection.

    An ending interpreter collects garbage over every object still alive, and after a
    command that read many files (a thousand reports and their findings) that walk took
    about 0.07 s, half as long as starting the command. Frozen objects (``gc.freeze``) are
    left out of it; their memory goes back with the process, standard streams are flushed
    as before, and exit handlers registered before this one still run after it. Once per
    process, at the first command run.
    """
    global _EXIT_HOOKED  # noqa: PLW0603  (once per process)
    if not _EXIT_HOOKED:
        _EXIT_HOOKED = True
        atexit.register(_freeze_at_exit)


def _freeze_at_exit() -> None:
    gc.freeze()


_EXIT_HOOKED = False

# Set by a command that writes no file (check), so that the postmortem program ends without
# taking the interpreter down when it is done (see run and _end_now).
_ENDS_AT_ONCE = False


def end_at_once() -> None:
    """Let the postmortem program (:func:`run`) end as soon as this command is done (see :func:`_end_now`).

    For a command that leaves no file open. A script that calls :data:`main` itself, in
    any way, ends as it always did.
    """
    global _ENDS_AT_ONCE  # noqa: PLW0603  (one command per program)
    _ENDS_AT_ONCE = True


def _end_now(code: object) -> None:
    """End the program with ``code`` at once, as Python would end it but for taking the interpreter down.

    Taking it down after ``postmortem check`` of a thousand files (every module's tables and
    objects freed one by one, with the memory they held) took about 45-95 ms of wall time at
    a load of 14 on two cores, where ending at once took 20-60 ms (the system's own teardown
    of the process). The exit handlers still run (in the order Python runs them) and the
    standard streams are flushed; where that cannot be done as Python does it (another
    thread is running, an exit status that is not a number, a stream that cannot be
    flushed), this returns and Python ends the program as usual.
    """
    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        return
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # a closed pipe, say: Python reports it and sets the status (120)
    os._exit(code or 0)


def _unhook_last_collection() -> None:
    """Undo :func:`_skip_last_collection`: a caller's process keeps its own last collection."""
    global _EXIT_HOOKED  # noqa: PLW0603  (once per process)
    atexit.unregister(_freeze_at_exit)
    _EXIT_HOOKED = False


# Allocations between two runs of the cyclic garbage collector in a command's process (Python's
# default is 700; see _collect_less_often).
_COMMAND_THRESHOLD = 100_000


def _collect_less_often() -> None:
    """Let the cyclic garbage collector run less often in this process, for the rest of its life.

    A command's process makes about 50,000 objects that live until it ends: 27,000 by the
    time a command starts (modules, classes, functions), and as many again while the first
    file is read and checked (the rules, the YAML reader, the structure hooks). At the
    threshold the commands used while reading files (50,000 allocations, see
    ``postmortem._parallel.fewer_collections``), the collector walked all of them after the
    first file of ``postmortem check`` (24 ms for one collection, finding nothing), and
    again when the threshold went back to Python's 700 after the last file (10 ms).
    Reading, checking and reporting a file leave no garbage in reference cycles, so the
    collector has nothing to find there; it still runs, after 100,000 allocations.
    """
    threshold = gc.get_threshold()
    if threshold[0] and threshold[0] < _COMMAND_THRESHOLD:  # 0: collection turned off, left so
        gc.set_threshold(_COMMAND_THRESHOLD, *threshold[1:])


def _module_exists(target: str) -> bool:
    return find_spec(target.partition(":")[0]) is not None


def _set_limit(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a limit given on the command line and pass it on through the environment.

    The environment carries it to every load of this command, in this process and in worker processes.
    """
    if value is None:
        return None
    variable = {"max_file_size": "POSTMORTEM_MAX_FILE_SIZE", "max_depth": "POSTMORTEM_MAX_DEPTH"}[str(param.name)]
    if param.name == "max_file_size":
        try:
            number = parse_size(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    else:
        try:
            number = int(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a whole number") from None
    if number < 1:
        raise click.BadParameter("must be at least 1")
    previous = os.environ.get(variable)
    os.environ[variable] = str(number)

    def restore() -> None:
        # Invoked in-process (a test, a script calling main), the limit ends with the command.
        if previous is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = previous

    ctx.call_on_close(restore)
    return value


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
# The version is read from the distribution's metadata only when --version is asked for.
@click.version_option(None, "--version", "-V", package_name="postmortem", prog_name="postmortem")
@click.option(
    "--max-file-size",
    metavar="SIZE",
    callback=_set_limit,
    expose_value=False,
    is_eager=True,
    help="Refuse input files larger than this (default 16MiB; env POSTMORTEM_MAX_FILE_SIZE).",
)
@click.option(
    "--max-depth",
    metavar="N",
    callback=_set_limit,
    expose_value=False,
    is_eager=True,
    help="Refuse mappings and lists nested deeper than this (default 64; env POSTMORTEM_MAX_DEPTH).",
)
def main(**_kwargs: Any) -> None:
    """Write blameless, complete post-mortems and render them for every audience.

    Limits go before the command: postmortem --max-file-size 64MiB check big.yaml
    """


def run() -> None:
    """The postmortem program: its console script, and ``python -m postmortem``.

    :data:`main`, after which the program ends at once if the command asked for it
    (:func:`end_at_once`), or as Python ends it.
    """
    try:
        main(prog_name="postmortem")
    except SystemExit as exc:
        if _ENDS_AT_ONCE:
            _end_now(exc.code)
        raise


if __name__ == "__main__":  # pragma: no cover
    run()
