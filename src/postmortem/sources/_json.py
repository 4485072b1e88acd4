"""Streaming JSON for timeline sources: documents, concatenated documents and JSON Lines, a record at a time.

A source's export may be far larger than memory: :class:`JSONStream` decodes the items of a
chosen array one by one, and reports a malformed document through the source's
:class:`~postmortem.sources._base.ReadContext` with its line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from postmortem.sources._base import ReadContext, check_utf8

__all__ = ["JSONStream", "loads_record"]

_DECODER = json.JSONDecoder()
_GLANCE_LINE = 1 << 20
"""The longest line (in characters) looked at before it is decoded."""
_WHITESPACE = " \t\r\n"
_NUMBER = frozenset("0123456789.eE+-")
_STARTS = frozenset('{["-0123456789tfnNI')
"""What a JSON value can start with (``NaN`` and ``Infinity`` too, as Python reads them)."""
MAX_VALUE = 64 << 20
"""The longest single record (a document, or an item of a streamed array) read, in characters."""


class JSONStream:
    """Read JSON documents from a text stream a chunk at a time.

    Handles one document, several concatenated ones, and JSON Lines. Inside a document
    the items of a chosen array (``log_entries``) are decoded one by one, so a large
    export never sits in memory whole.
    """

    def __init__(self, stream: IO[str], ctx: ReadContext, chunk_size: int = 1 << 16) -> None:
        self._stream = stream
        self._ctx = ctx
        self._chunk = chunk_size
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line_base = 1
        # The line at _counted in the buffer: the line of a later position counts only the
        # newlines after it, so reading a record's line does not scan the buffer from its start.
        self._counted = 0
        self._counted_line = 1
        self._in_array = False
        #: Documents met so far (0 at the end: the input held nothing but white space).
        self.documents = 0

    def _fill(self, size: int = 0) -> bool:
        if self._eof:
            return False
        with check_utf8(self._ctx):
            data = self._stream.read(max(size, self._chunk))
        if not data:
            self._eof = True
            return False
        nul = data.find("\x00")
        if nul >= 0:
            # JSON text never holds a NUL (not even in a string): a binary file, or /dev/zero.
            line = self.line + self._buf.count("\n", self._pos) + data.count("\n", 0, nul)
            raise self._ctx.fail(f"line {line}", "a NUL byte: binary data or UTF-16 text, not UTF-8 JSON")
        self._line_base = self.line
        self._buf = self._buf[self._pos :] + data
        self._pos = 0
        self._counted, self._counted_line = 0, self._line_base
        return True

    @property
    def line(self) -> int:
        """The 1-based line of the reading position."""
        pos = self._pos
        if pos < self._counted:  # never after a fill: positions only move forward in a buffer
            return self._line_base + self._buf.count("\n", 0, pos)
        self._counted_line += self._buf.count("\n", self._counted, pos)
        self._counted = pos
        return self._counted_line

    def peek(self) -> str | None:
        """Skip whitespace; return the next character, or ``None`` at the end."""
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return None

    def take(self, char: str) -> None:
        """Consume ``char`` after whitespace.

        Raises:
            json.JSONDecodeError: when something else is there.
        """
        found = self.peek()
        if found != char:
            raise json.JSONDecodeError(
                f"expected {char!r}" + (" but the input ended" if found is None else ""),
                self._buf,
                self._pos,
            )
        self._pos += 1

    def value(self) -> Any:
        """Decode the next complete JSON value.

        Raises:
            json.JSONDecodeError: for malformed or truncated input.
        """
        if self.peek() is None:
            raise json.JSONDecodeError("the input ended where a value was expected", self._buf, self._pos)
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError:
                if self._buf[self._pos] not in _STARTS:
                    raise  # no JSON value starts so: reading more cannot help
                pending = len(self._buf) - self._pos
                if pending > MAX_VALUE:
                    raise json.JSONDecodeError(
                        f"a value longer than {MAX_VALUE >> 20} MiB, or one that never ends", self._buf, self._pos
                    ) from None
                # Read as much again as is pending: a long value is decoded a few times, not once a chunk.
                if self._fill(pending):
                    continue
                raise
            except RecursionError:
                raise json.JSONDecodeError("nested too deeply", self._buf, self._pos) from None
            except ValueError as exc:
                # An integer of thousands of digits: Python refuses to convert it.
                raise json.JSONDecodeError(_first_clause(str(exc)), self._buf, self._pos) from None
            # A number that reaches the end of the buffer ("12", "1e", "1.") may continue
            # in the next chunk.
            if (
                isinstance(value, (int, float))
                and not self._eof
                and all(char in _NUMBER for char in self._buf[end:])
                and self._fill()
            ):
                continue
            self._pos = end
            return value

    def skip_line(self) -> bool:
        """Drop the rest of the current line (to resume JSON Lines after a bad one).

        A line longer than :data:`MAX_VALUE` is not passed over: reading stops there (an
        endless line from a pipe would never end).
        """
        skipped = 0
        while True:
            newline = self._buf.find("\n", self._pos)
            if newline >= 0:
                self._pos = newline + 1
                return True
            skipped += len(self._buf) - self._pos
            self._pos = len(self._buf)
            if skipped > MAX_VALUE or not self._fill():
                return False

    def records(
        self, array_keys: Iterable[str] = (), *, skip_line: Callable[[str], bool] | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Yield ``(where, record)`` for each record of each document.

        A document that is an array yields its items; an object with one of
        ``array_keys`` holding an array yields that array's items; any other object is
        one record. A malformed document is reported through the context: in JSON Lines
        reading resumes on the next line, inside an array it stops (JSON cannot be
        resynchronised there), keeping every record before it.

        ``skip_line``, given the text of a line where a document starts (JSON Lines, or a
        document on one line), says whether to pass over it undecoded (see
        ``_line_glance.LineGlance``).
        """
        keys = frozenset(array_keys)
        document = 0
        while self.peek() is not None:
            if skip_line is not None and self._skipped(skip_line):
                continue
            document += 1
            self.documents = document
            start_line = self.line
            try:
                yield from self._document(keys, start_line)
            except json.JSONDecodeError as exc:
                line = self.line
                reason = exc.msg
                self._ctx.problem(
                    f"line {line}",
                    f"malformed or truncated JSON ({reason}) in the document starting on line {start_line}",
                )
                if self._in_array or not self.skip_line():
                    return

    def _skipped(self, skip_line: Callable[[str], bool]) -> bool:
        """Pass over the line starting at the reading position when ``skip_line`` says so.

        The text from the reading position to the end of its line (at most ``_GLANCE_LINE``
        characters) is looked at: ``skip_line`` says yes only to one whole document. The
        reading position stays where it is otherwise.
        """
        while (end := self._buf.find("\n", self._pos)) < 0:
            if len(self._buf) - self._pos > _GLANCE_LINE or not self._fill():
                end = len(self._buf) if self._eof else -1
                break
        if end < 0 or end - self._pos > _GLANCE_LINE or not skip_line(self._buf[self._pos : end]):
            return False
        self._pos = end
        self._ctx.seen += 1  # a record of the source's, outside the window
        return True

    def _document(self, keys: frozenset[str], start_line: int) -> Iterator[tuple[str, Any]]:
        first = self.peek()
        if first == "[":
            yield from self._array("")
        elif first == "{" and keys:
            self._pos += 1
            rest: dict[str, Any] = {}
            streamed = False
            if self.peek() == "}":
                self._pos += 1
            else:
                while True:
                    key = self.value()
                    if not isinstance(key, str):
                        raise json.JSONDecodeError("expected a key", self._buf, self._pos)
                    self.take(":")
                    if key in keys and self.peek() == "[":
                        streamed = True
                        yield from self._array(key)
                    else:
                        rest[key] = self.value()
                    if self.peek() == ",":
                        self._pos += 1
                        continue
                    self.take("}")
                    break
            if not streamed:
                yield f"line {start_line}", rest
        else:
            yield f"line {start_line}", self.value()

    def _array(self, key: str) -> Iterator[tuple[str, Any]]:
        self.take("[")
        self._in_array = True
        if self.peek() == "]":
            self._pos += 1
            self._in_array = False
            return
        index = 0
        while True:
            line = self.line
            item = self.value()
            label = f"{key}[{index}]" if key else f"record {index}"
            yield f"{label} (line {line})", item
            index += 1
            if self.peek() == ",":
                self._pos += 1
                continue
            self.take("]")
            self._in_array = False
            return


def _first_clause(message: str) -> str:
    return message.partition(";")[0].partition(":")[0].strip() or "unreadable value"


def loads_record(text: str) -> Any:
    """Decode one JSON document (a JSON Lines line), turning every decoding failure into ``ValueError``.

    Raises:
        ValueError: for malformed JSON, nesting too deep for Python's decoder and
            integers too long to convert, with a short reason.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:
        raise ValueError(_first_clause(str(exc))) from None
