"""Finding incident files, and writing files safely."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import fnmatch
import io
import os
import re
import select
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from postmortem.errors import OutputError, PostmortemError, shown_path

__all__ = [
    "INCIDENT_SUFFIXES",
    "TOOL_FILES",
    "TOOL_FOLDERS",
    "FolderScan",
    "SkippedFile",
    "atomic_write",
    "find_incident_files",
    "output_error",
    "read_at_most",
    "scan_incident_files",
    "stream_kind",
    "too_long_a_stream",
    "without_fsync",
]

INCIDENT_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
"""The file suffixes a directory scan picks up."""


# Whether atomic_write forces each file to disk before renaming it (see without_fsync).
_fsync: contextvars.ContextVar[bool] = contextvars.ContextVar("postmortem_fsync", default=True)


@contextlib.contextmanager
def without_fsync() -> Iterator[None]:
    """Inside this block, :func:`atomic_write` does not force each file to disk.

    Files are still written to a temporary name and renamed, so a reader never sees half a
    file. What is given up is durability across a power cut or a crash of the machine:
    until the system writes its caches back (within seconds, usually), a report just written
    may come back empty or missing. For output that is made again anyway (a CI job's
    artefacts), that is worth the time: forcing a file to disk costs milliseconds each.
    """
    token = _fsync.set(False)
    try:
        yield
    finally:
        _fsync.reset(token)


# File systems allow 255 bytes per name; the temporary name adds a dot, 8 random
# characters and ".tmp" to a prefix of the target's name, which is cut to fit.
_NAME_BYTES = 255
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".tmp") + 8


FIFO_WAIT = 5.0
"""Seconds a named pipe given as input may go without a writer before reading it is given up."""


def open_input(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file to read its bytes; a named pipe that nobody writes to is an error, not a wait for ever.

    Opening a named pipe (FIFO) to read blocks until a program opens it to write, which may
    never happen (``mkfifo x.yaml; postmortem validate x.yaml``). It is opened without
    waiting, and given :data:`FIFO_WAIT` seconds for its writer's first bytes (or its end);
    a pipe that a program writes to (``<(git show ...)``) reads as before. Other files open
    as ``open(path, "rb")`` opens them, at the cost of one ``fstat``.

    Raises:
        OSError: as ``open`` raises it; ``ETIMEDOUT`` for a named pipe without a writer.
    """
    return open(path, "rb", opener=_input_opener if _NONBLOCK else None)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _input_opener(path: str, flags: int) -> int:
    descriptor = os.open(path, flags | _NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISFIFO(mode):
                ready, _, _ = select.select([descriptor], [], [], FIFO_WAIT)
                if not ready:
                    raise OSError(errno.ETIMEDOUT, f"a named pipe that no program wrote to in {FIFO_WAIT:g} seconds")
            os.set_blocking(descriptor, True)  # a pipe or a device reads as it would have
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


STREAM_TIME = 60.0
"""Seconds a stream (a pipe, a device) given as input may take to end before reading it is given up."""


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The bytes of an open file up to one byte past ``limit``: more than ``limit`` bytes says it is too large.

    Python makes a buffer of the size asked for before it reads, and gives back what was not
    filled: asking for one byte past a limit of 16 MiB for a 5 KB file costs more than reading
    it. So the file's size and one byte more are asked for; a file whose size is unknown (a
    pipe) or at least ``limit`` is read up to one byte past the limit, and a file that grew
    after its size was taken is read on, one byte past the limit at most, so the result is
    bounded all the same. A stream (a pipe, a character device such as ``/dev/zero``) is read
    as it comes, and given :data:`STREAM_TIME` seconds to end or pass the limit: one that
    trickles for ever is given up, not waited on (:func:`stream_kind` names what it is).

    Raises:
        OSError: as reading raises it; ``ETIMEDOUT`` for a stream that took too long.
    """
    try:
        status = os.fstat(handle.fileno())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):  # no descriptor (an in-memory stream)
        status = None
    size = status.st_size if status is not None else 0
    if status is not None and not stat.S_ISREG(status.st_mode) and _NONBLOCK and hasattr(handle, "read1"):
        return _read_stream(handle, limit)
    wanted = limit + 1 if size <= 0 or size >= limit else size + 1
    data = handle.read(wanted)
    if len(data) == wanted <= limit:
        # The file grew after its size was taken: read on, one byte past the limit at most.
        data += handle.read(limit + 1 - wanted)
    return data


def _read_stream(handle: BinaryIO, limit: int) -> bytes:
    """A stream's bytes up to one byte past ``limit``, within :data:`STREAM_TIME` seconds."""
    deadline = time.monotonic() + STREAM_TIME
    descriptor = handle.fileno()
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        left = deadline - time.monotonic()
        ready = left > 0 and select.select([descriptor], [], [], left)[0]
        if not ready:
            raise OSError(errno.ETIMEDOUT, f"{_kind_of(handle)} that had not ended after {STREAM_TIME:g} seconds")
        part = handle.read1(min(1 << 20, limit + 1 - total))  # type: ignore[attr-defined]
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def stream_kind(handle: BinaryIO) -> str | None:
    """What an open file is when it is no regular file ("a character device", "a pipe", ...), else ``None``."""
    try:
        mode = os.fstat(handle.fileno()).st_mode
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "no regular file")


def _kind_of(handle: BinaryIO) -> str:
    return stream_kind(handle) or "a stream"


def too_long_a_stream(kind: str, limit: str) -> str:
    """The message for a stream that gave more than ``limit`` (``16 MiB``) without ending: what it is, not a size."""
    return (
        f"not a regular file but {kind}, which gave more than {limit} without ending "
        "(an endless stream such as /dev/zero or /dev/urandom?); name an incident file"
    )


def _temp_prefix(name: str) -> str:
    budget = _NAME_BYTES - _TEMP_EXTRA
    encoded = os.fsencode(name)[:budget]
    # Cut on a character boundary, so the prefix is still a valid name.
    return f".{os.fsdecode(encoded.decode('utf-8', 'ignore').encode('utf-8'))}."


_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_folder(path: Path) -> str | None:
    """``"out is a file, not a folder"`` for the first of ``path`` and its parents that is there and no folder."""
    for place in (*reversed(path.parents), path):
        try:
            mode = place.stat().st_mode
        except OSError:
            return None  # missing (or unreadable): no folder is in the way from here on
        if not stat.S_ISDIR(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a folder")
            return f"{shown_path(place)} is {kind}, not a folder"
    return None


def output_error(path: str | os.PathLike[str], exc: OSError, doing: str = "cannot write") -> OutputError:
    """An :class:`~postmortem.errors.OutputError` naming the path and the reason in words."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        reason = "the file name is too long for the file system (255 bytes at most); use a shorter name"
    elif exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):
        # "File exists" for ``-o /dev/null``: what is there instead of a folder, and where.
        reason = _not_a_folder(Path(path)) or reason
    return OutputError(exc.errno or 0, f"{shown_path(path)}: {doing}: {reason}")


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and a failure leaves any earlier file intact.

    A symbolic link is written through: its target gets the new content and the link
    stays a link (an incident file kept in another repository and linked here).

    The file is forced to disk before the rename, except inside :func:`without_fsync`.

    Returns:
        The path written.

    Raises:
        ~postmortem.errors.OutputError: when the folder cannot be made or the file cannot be written (the
            message names the path and the reason, such as a full disk).
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target.parent, exc, "cannot create the folder") from None
    import tempfile  # noqa: PLC0415  (with shutil, bz2 and random: not needed by commands that only read)

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if _fsync.get():
                os.fsync(handle.fileno())
        if target.exists():
            Path(tmp_name).chmod(target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp_name).chmod(0o666 & ~umask)
        Path(tmp_name).replace(target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise output_error(target, exc) from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


# Files of well-known tools, by name (compared without case): a folder walk never reads them as
# post-mortems. Named on the command line (or given to a loader), such a file is read all the same.
TOOL_FILES: frozenset[str] = frozenset(
    {
        # Python
        "pyproject.toml", "poetry.toml", "pdm.toml", "hatch.toml", "uv.toml", "pixi.toml", "ruff.toml",
        "pyrightconfig.json", "tox.toml", "environment.yml", "environment.yaml",
        # JavaScript and friends
        "package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "pnpm-workspace.yaml",
        "composer.json", "bower.json", "tsconfig.json", "jsconfig.json", "deno.json", "lerna.json", "nx.json",
        "turbo.json", "angular.json", "babel.config.json", "biome.json", "renovate.json", "vercel.json",
        "firebase.json", "pubspec.yaml",
        # Rust
        "cargo.toml", "rust-toolchain.toml", "rustfmt.toml", "clippy.toml", "deny.toml", "typos.toml",
        "_typos.toml", "taplo.toml", "cliff.toml", "book.toml",
        # Containers, deployment, CI
        "docker-compose.yml", "docker-compose.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
        "compose.yml", "compose.yaml", "chart.yaml", "values.yaml", "kustomization.yml", "kustomization.yaml",
        "skaffold.yaml", "serverless.yml", "serverless.yaml", "netlify.toml", "wrangler.toml", "fly.toml",
        "action.yml", "action.yaml", "azure-pipelines.yml", "bitbucket-pipelines.yml", "appveyor.yml",
        "buildspec.yml", "cloudbuild.yaml", "codecov.yml", "codecov.yaml", "dependabot.yml", "catalog-info.yaml",
        # Documentation sites and API descriptions
        "mkdocs.yml", "mkdocs.yaml", "_config.yml", "hugo.toml", "hugo.yaml", "readthedocs.yml", "readthedocs.yaml",
        "openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.yml", "swagger.json",
    }
)  # fmt: skip
"""File names a folder walk skips as tools' files (``pyproject.toml``, ``package.json``, ``mkdocs.yml``, ...)."""

TOOL_FOLDERS: frozenset[str] = frozenset({"node_modules", "__pycache__", "site-packages"})
"""Folder names a folder walk does not enter; nor does it enter a virtual environment (a folder
holding ``pyvenv.cfg``) or a hidden folder."""


class SkippedFile(NamedTuple):
    """A file (or folder) a folder walk left out, as the pair ``(path, reason)``."""

    path: Path
    reason: str


class FolderScan(NamedTuple):
    """What :func:`scan_incident_files` found: the files to read, and what it left out and why."""

    files: list[Path]
    skipped: list[SkippedFile]
    #: Folders that could not be listed (permission denied, say) and why. Their files were
    #: not searched, so a command reports each as a failure rather than passing over it.
    unreadable: tuple[SkippedFile, ...] = ()


def _excluded(relative: str, shown: str, patterns: re.Pattern[str] | None) -> bool:
    """Whether a file or folder matches the patterns, by its name, its path below the root or as shown."""
    if patterns is None:
        return False
    name = relative.rpartition("/")[2]
    return bool(patterns.match(name) or patterns.match(relative) or patterns.match(shown))


def _patterns(exclude: Sequence[str]) -> re.Pattern[str] | None:
    # One expression for every pattern: a thousand files are matched in about a millisecond.
    return re.compile("|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in exclude)) if exclude else None


def _enter(here: Path, name: str, prefix: str, exclude: re.Pattern[str] | None, skipped: list[SkippedFile]) -> bool:
    """Whether a folder walk enters the folder ``name`` of ``here``; a tool's folder goes to ``skipped``."""
    if name.startswith(".") or _excluded(prefix + name, (here / name).as_posix(), exclude):
        return False
    if name.lower() in TOOL_FOLDERS:
        skipped.append(SkippedFile(here / name, "a tool's folder"))
        return False
    try:
        environment = (here / name / "pyvenv.cfg").is_file()
    except OSError:  # a folder that cannot be read: the walk reports it when it cannot list it
        environment = False
    if environment:
        skipped.append(SkippedFile(here / name, "a virtual environment"))
        return False
    return True


def scan_incident_files(root: str | os.PathLike[str], *, exclude: Sequence[str] = ()) -> FolderScan:
    """The post-mortem files under ``root``, and the files and folders left out as tools'.

    Hidden files and folders (whose names start with a dot) and files whose suffix is not
    one of :data:`~postmortem.analytics.INCIDENT_SUFFIXES` are left out without a word.
    Files of :data:`~postmortem.analytics.TOOL_FILES`, folders of
    :data:`~postmortem.analytics.TOOL_FOLDERS` and virtual environments are left out and
    listed in :attr:`FolderScan.skipped`. A file that is read and turns out to be no
    post-mortem at all raises :class:`~postmortem.errors.NotAnIncidentError`, which a folder
    walk skips as well.

    Args:
        root: A directory, or a single file (returned as it is, whatever its name).
        exclude: Glob patterns (``fnmatch``, where ``*`` also matches ``/``) of files and
            folders to leave out, matched against the name, the path below ``root`` and
            the path as shown (``root`` joined with it), with ``/`` between folders.

    Returns:
        The files, sorted so that loading order (and every report built on it) is stable,
        and the skipped paths in the same order.

    Raises:
        PostmortemError: when ``root`` does not exist.
    """
    base = Path(root)
    if base.is_file():
        return FolderScan([base], [])
    if not base.is_dir():
        raise PostmortemError(f"{shown_path(root)}: no such file or directory")
    found: list[Path] = []
    keys: list[tuple[str, ...]] = []  # each file's parts, for sorting (see _sorted_paths)
    skipped: list[SkippedFile] = []
    patterns = _patterns(exclude)
    unreadable: list[SkippedFile] = []

    def cannot_list(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename is not None else base
        unreadable.append(SkippedFile(folder, f"cannot read the folder: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(base, onerror=cannot_list):
        here = Path(folder)
        relative = here.relative_to(base).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        shown = f"{here.as_posix()}/"
        # Pruning in place stops os.walk from descending into .git and friends.
        dirs[:] = [name for name in sorted(dirs) if _enter(here, name, prefix, patterns, skipped)]
        child = _child_maker(here)
        above = here.parts
        for name in files:
            if name.startswith("."):
                continue
            # The name's suffix as Path(name).suffix gives it, without making a path of each name.
            dot = name.rfind(".")
            if dot == len(name) - 1 or name[dot:].lower() not in INCIDENT_SUFFIXES:
                continue
            if patterns is not None and _excluded(prefix + name, shown + name, patterns):
                continue
            if name.lower() in TOOL_FILES:
                skipped.append(SkippedFile(here / name, "a tool's file"))
            else:
                found.append(child(name))
                keys.append((*above, name))
    return FolderScan(_sorted_paths(found, keys), sorted(skipped), tuple(sorted(unreadable)))


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """A function giving ``folder / name`` for a name listed in ``folder`` (one part, no separator).

    pathlib's own way for names that need no parsing (what its ``glob`` uses) where this
    Python has it: about a third of the cost of ``/``, which parses the name as a path.
    """
    child: Callable[[str], Path] | None = getattr(folder, "_make_child_relpath", None)
    return child if child is not None else folder.joinpath


def _sorted_paths(paths: list[Path], parts: list[tuple[str, ...]]) -> list[Path]:
    """``sorted(paths)``, for paths under one folder: on POSIX, by their ``parts``, as paths compare there.

    Paths compare part by part (case and all, on POSIX; without case on Windows); sorting by
    each one's parts gives that order without a comparison in Python for each pair (about 10
    per path for a thousand). The parts are its folder's, worked out once for the folder, and
    its name: what ``path.parts`` gives, without pathlib working them out for each path (an
    exception raised and caught inside it, the first time a path is asked). Paths under one
    folder share its root, the one part whose spelling differs between Python versions' comparisons.
    """
    if os.name != "posix":
        return sorted(paths)
    order = sorted(range(len(paths)), key=parts.__getitem__)
    return [paths[index] for index in order]


def find_incident_files(root: str | os.PathLike[str], *, exclude: Sequence[str] = ()) -> list[Path]:
    """Return every post-mortem file under ``root``, sorted.

    The files of :func:`scan_incident_files`: hidden files and folders, files whose suffix
    is not one of :data:`~postmortem.analytics.INCIDENT_SUFFIXES`, tools' files by name
    (:data:`~postmortem.analytics.TOOL_FILES`: ``pyproject.toml``, ``package.json``, ...)
    and the files matching ``exclude`` are left out.

    Args:
        root: A directory, or a single file (returned as it is, whatever its name).
        exclude: Glob patterns of files and folders to leave out (see :func:`scan_incident_files`).

    Returns:
        The paths, sorted so that loading order (and every report built on it) is stable.

    Raises:
        PostmortemError: when ``root`` does not exist.
    """
    return scan_incident_files(root, exclude=exclude).files
