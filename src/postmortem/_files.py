"""Finding incident files, and writing files safely."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from postmortem.errors import OutputError, PostmortemError

__all__ = ["INCIDENT_SUFFIXES", "atomic_write", "find_incident_files", "output_error", "without_fsync"]

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


def _temp_prefix(name: str) -> str:
    budget = _NAME_BYTES - _TEMP_EXTRA
    encoded = os.fsencode(name)[:budget]
    # Cut on a character boundary, so the prefix is still a valid name.
    return f".{os.fsdecode(encoded.decode('utf-8', 'ignore').encode('utf-8'))}."


def output_error(path: str | os.PathLike[str], exc: OSError, doing: str = "cannot write") -> OutputError:
    """An :class:`~postmortem.errors.OutputError` naming the path and the reason in words."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        reason = "the file name is too long for the file system (255 bytes at most); use a shorter name"
    elif exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    return OutputError(exc.errno or 0, f"{os.fspath(path)}: {doing}: {reason}")


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


def find_incident_files(root: str | os.PathLike[str]) -> list[Path]:
    """Return every post-mortem file under ``root``, sorted.

    Hidden files and folders (whose names start with a dot) are skipped, as are files whose
    suffix is not one of :data:`~postmortem.analytics.INCIDENT_SUFFIXES`.

    Args:
        root: A directory, or a single file.

    Returns:
        The paths, sorted so that loading order (and every report built on it) is stable.

    Raises:
        PostmortemError: when ``root`` does not exist.
    """
    base = Path(root)
    if base.is_file():
        return [base]
    if not base.is_dir():
        raise PostmortemError(f"{os.fspath(root)}: no such file or directory")
    found: list[Path] = []
    for folder, dirs, files in os.walk(base):
        # Pruning in place stops os.walk from descending into .git and friends.
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        found.extend(
            Path(folder, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in INCIDENT_SUFFIXES
        )
    return sorted(found)
