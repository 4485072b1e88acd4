"""A Slack export as a folder or a zip: bounded, read a chunk at a time, its JSON arrays item by item."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, cast

import attrs

from postmortem.sources._base import (
    Input,
    ReadContext,
)
from postmortem.sources._json import JSONStream

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


class _NotUTF8Error(Exception):
    """A day or index file that is not UTF-8 (kept apart from the per-message problems)."""


class _Text:
    """UTF-8 text read from a byte stream a chunk at a time, counting bytes against a budget."""

    def __init__(self, raw: IO[bytes], budget: _Budget | None, damaged: Callable[[BaseException], Exception]) -> None:
        self._raw = raw
        self._budget = budget
        self._damaged = damaged
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def read(self, size: int = -1) -> str:
        return self.decode(self.read_raw(size if size > 0 else 1 << 16))

    def read_raw(self, size: int) -> bytes:
        """Up to ``size`` bytes as stored, counted against the budget; :meth:`decode` makes them text."""
        try:
            data = self._raw.read(size)
        except _ZIP_ERRORS as exc:
            raise self._damaged(exc) from None
        if self._budget is not None:
            self._budget.spend(len(data))
        return data

    def decode(self, data: bytes) -> str:
        """The text of the next bytes read (``b""`` at the end)."""
        try:
            return self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise _NotUTF8Error(exc.reason) from None


@attrs.define
class _Budget:
    """How many more bytes the zip may inflate to; every byte read from an entry is counted."""

    ctx: ReadContext
    limit: int
    remaining: int

    def spend(self, size: int) -> None:
        self.remaining -= size
        if self.remaining < 0:
            # Only reached if an entry inflates past its declared size, which zipfile does not allow.
            raise self.ctx.fail("", _too_large(self.limit))


def _size(value: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{value} bytes"


def _too_large(limit: int, needed: int | None = None) -> str:
    what = f"inflates to {_size(needed)}" if needed is not None else "inflates to more"
    return (
        f"the zip {what}, more than the {_size(limit)} limit; if the export is genuine, "
        f"raise it with --slack-max-inflated (max_inflated=) or unzip it and pass the folder"
    )


class _Export:
    """A workspace export, as a folder or a zip, with the same small file-reading interface.

    A zip is someone else's file: its entry count and the bytes it inflates to are
    bounded, entries are inflated a chunk at a time and never held whole, and only
    stored or deflated entries (what Slack writes) without encryption are read.
    """

    def __init__(self, source: Input, ctx: ReadContext, max_inflated: int, max_entries: int) -> None:
        self._ctx = ctx
        self._zip: zipfile.ZipFile | None = None
        self._root: Path | None = None
        self._prefix = ""
        self._days: dict[str, list[str]] = {}
        self._budget: _Budget | None = None
        if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
            self._root = Path(source)
            return
        if isinstance(source, (str, os.PathLike)) and Path(source).exists() and not Path(source).is_file():
            # A zip is read from its end: a pipe or a device (/dev/zero) has none, and would be read for ever.
            raise ctx.fail("", "not a Slack export folder or zip: a pipe or device, not a file")
        try:
            target = Path(source) if isinstance(source, (str, os.PathLike)) else source
            self._zip = zipfile.ZipFile(cast("Path | IO[bytes]", target))
        except FileNotFoundError:
            raise ctx.fail("", "no such file or folder") from None
        except _ZIP_ERRORS as exc:
            raise ctx.fail("", f"not a Slack export folder or zip: {_reason(exc)}") from None
        infos = self._zip.infolist()
        if len(infos) > max_entries:
            self._zip.close()
            raise ctx.fail(
                "",
                f"the zip holds {len(infos)} files, more than the {max_entries} limit; "
                "raise it with max_entries= or unzip the export and pass the folder",
            )
        self._budget = _Budget(ctx, max_inflated, max_inflated)
        names = [info.filename for info in infos]
        # Some exports put everything under one top folder.
        for name in names:
            if PurePosixPath(name).name in ("users.json", "org_users.json", "channels.json"):
                self._prefix = str(PurePosixPath(name).parent).removeprefix(".")
                self._prefix = f"{self._prefix}/" if self._prefix else ""
                break
        # One pass over the archive's index: channel folder -> day files.
        for name in names:
            if not name.startswith(self._prefix):
                continue
            parts = PurePosixPath(name[len(self._prefix) :]).parts
            if len(parts) == 2 and _DAY_FILE.match(parts[1]):
                self._days.setdefault(parts[0], []).append(parts[1])

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def exists(self, name: str) -> bool:
        if self._root is not None:
            return (self._root / name).is_file()
        assert self._zip is not None
        try:
            self._zip.getinfo(self._prefix + name)
        except KeyError:
            return False
        return True

    def _info(self, name: str) -> zipfile.ZipInfo:
        assert self._zip is not None
        info = self._zip.getinfo(self._prefix + name)
        if info.flag_bits & 0x1:
            raise self._ctx.fail(name, "the file is encrypted in the zip; export it again without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self._ctx.fail(
                name,
                f"the zip uses compression method {info.compress_type}, which is not read "
                "(Slack exports are deflated); unzip it and pass the folder",
            )
        return info

    def check_size(self, names: Iterable[str]) -> None:
        """Refuse, before inflating anything, a set of entries larger than what is left of the budget.

        Raises:
            SourceError: naming the limit and how to raise it.
        """
        if self._budget is None:
            return
        needed = sum(self._info(name).file_size for name in names)
        if needed > self._budget.remaining:
            spent = self._budget.limit - self._budget.remaining
            raise self._ctx.fail("", _too_large(self._budget.limit, needed + spent))

    @contextlib.contextmanager
    def text(self, name: str) -> Iterator[_Text]:
        """Open one file of the export as UTF-8 text read a chunk at a time.

        Raises:
            SourceError: for a damaged, encrypted or oversized zip entry.
            _NotUTF8Error: (while reading) for text that is not UTF-8.
        """
        if self._root is not None:
            try:
                handle = open(os.path.join(self._root, name), "rb")  # noqa: PTH118, PTH123, SIM115  (cheaper than a Path)
            except OSError as exc:
                raise self._ctx.fail(name, f"cannot read: {exc.strerror or exc}") from None
            with handle:
                yield _Text(handle, None, lambda exc: self._ctx.fail(name, f"cannot read: {_reason(exc)}"))
            return
        assert self._zip is not None
        self.check_size([name])

        def damaged(exc: BaseException) -> Exception:
            return self._ctx.fail(name, f"the zip is damaged: {_reason(exc)}")

        try:
            entry = self._zip.open(self._info(name))
        except _ZIP_ERRORS as exc:
            raise damaged(exc) from None
        with entry:
            yield _Text(entry, self._budget, damaged)

    def size(self, name: str) -> int | None:
        """The size in bytes of one file of the export (a zip entry's declared size), if known."""
        try:
            if self._root is not None:
                return os.stat(os.path.join(self._root, name)).st_size  # noqa: PTH116, PTH118
            assert self._zip is not None
            return self._zip.getinfo(self._prefix + name).file_size
        except (OSError, KeyError):
            return None

    def channels(self) -> list[str]:
        if self._root is not None:
            # Names and types from the directory listing itself, without a stat per entry.
            with os.scandir(self._root) as entries:
                return sorted(entry.name for entry in entries if entry.is_dir())
        return sorted(self._days)

    def names(self, channel: str) -> list[str]:
        """The names in a channel's folder, sorted: its day files, and in a folder anything else there.

        :data:`_DAY_FILE` tells the day files (see ``_Days.select``).
        """
        if self._root is not None:
            # Names only (a day file is found by its name): cheaper than a scandir's entries.
            return sorted(os.listdir(os.path.join(self._root, channel)))  # noqa: PTH118, PTH208
        return sorted(self._days.get(channel, []))


# What reading a damaged zip raises, besides SourceError: zlib.error for corrupt deflate
# data, BadZipFile for a bad CRC or header, EOFError for a cut-off entry.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else f"{text[:197]}..."


def _array(stream: _Text, ctx: ReadContext) -> Iterator[object]:
    """Yield the items of the JSON array the stream holds, one at a time.

    Raises:
        json.JSONDecodeError: for malformed or truncated JSON, or anything but an array.
        _NotUTF8Error: for text that is not UTF-8.
    """
    reader = JSONStream(cast("IO[str]", stream), ctx)
    if reader.peek() != "[":
        raise json.JSONDecodeError("expected a JSON array", "", 0)
    reader.take("[")
    if reader.peek() == "]":
        reader.take("]")
    else:
        while True:
            yield reader.value()
            if reader.peek() == ",":
                reader.take(",")
                continue
            reader.take("]")
            break
    if reader.peek() is not None:
        raise json.JSONDecodeError("extra data after the array", "", 0)
