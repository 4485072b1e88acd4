"""Where each ``$.path`` is written in JSON and TOML text, read again only for a file with problems.

The JSON and TOML parsers keep no positions, so their field errors had no line where YAML's
had one. A file that loads never comes here: the no-error path is unchanged. A file with a
problem is scanned once more, by a reader of the text's tokens that knows strings, comments
and nesting but checks nothing (the parser did), to map each key, table and list item to the
line it starts on.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_lines", "toml_lines"]

# A string as one run of plain characters between escapes: no stack per character (a 5 MB key).
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _join(path: str, key: str) -> str:
    return f"{path}.{key}"


class _JsonReader:
    """A walk over JSON tokens that notes the line of each key and list item; it checks nothing."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        # Each open container: [is_object, path, next list index, current key, expecting a key].
        self.stack: list[list[Any]] = []
        self._line = 1

    def starts_value(self, line: int) -> str:
        if not self.stack:
            self.lines.setdefault("$", line)
            return "$"
        top = self.stack[-1]
        if top[0]:
            return _join(top[1], top[3])
        path = f"{top[1]}[{top[2]}]"
        self.lines[path] = line
        return path

    def punctuation(self, written: str) -> None:
        top = self.stack[-1] if self.stack else None
        if written in "{[":
            self.stack.append([written == "{", self.starts_value(self._line), 0, "", written == "{"])
        elif written in "}]":
            if self.stack:
                self.stack.pop()
        elif top is not None and written == ",":
            if top[0]:
                top[4] = True
            else:
                top[2] += 1
        elif top is not None:  # ":"
            top[4] = False

    def word(self, written: str) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top[0] and top[4] and written[0] == '"':
            try:
                key = str(json.loads(written))
            except ValueError:
                key = written[1:-1]
            top[3] = key
            self.lines[_join(top[1], key)] = self._line
        else:
            self.starts_value(self._line)

    def read(self, text: str) -> dict[str, int]:
        self._line, last = 1, 0  # the line of the token read
        for token in _JSON_TOKEN.finditer(text):
            self._line += text.count("\n", last, token.start())
            last = token.start()
            written = token.group()
            if written in "{}[]:,":
                self.punctuation(written)
            else:
                self.word(written)
        return self.lines


def json_lines(text: str) -> dict[str, int]:
    """The 1-based line of each key (``$.a.b``) and list item (``$.a[2]``) of JSON ``text``."""
    return _JsonReader().read(text)


_BARE_KEY = r"[A-Za-z0-9_-]+"
_TOML_KEY = re.compile(rf"""[ \t]*(?:{_BARE_KEY}|"[^"\\]*(?:\\.[^"\\]*)*"|'[^']*')""")


def _toml_key(written: str) -> str:
    written = written.strip()
    if written[:1] == '"':
        try:
            return str(json.loads(written))
        except ValueError:
            return written[1:-1]
    return written[1:-1] if written[:1] == "'" else written


class _TomlReader:
    """A walk over TOML text that notes the line of each table, key and list item; it checks nothing."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.lines: dict[str, int] = {}
        self.tables: dict[str, int] = {}  # arrays of tables: how many items each has so far

    def line(self) -> int:
        return self.text.count("\n", 0, self.at) + 1

    def skip_space(self, *, newlines: bool) -> None:
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char in " \t\r" or (newlines and char == "\n"):
                self.at += 1
            elif char == "#":
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            else:
                return

    def keys(self) -> list[str]:
        """A dotted key at the reader's place: its parts."""
        parts: list[str] = []
        while True:
            found = _TOML_KEY.match(self.text, self.at)
            if found is None:
                return parts
            parts.append(_toml_key(found.group()))
            self.at = found.end()
            self.skip_space(newlines=False)
            if self.text.startswith(".", self.at):
                self.at += 1
                continue
            return parts

    def resolved(self, parts: list[str]) -> str:
        """The path of a table header's keys, each array of tables on the way at its last item."""
        path = "$"
        for part in parts:
            path = _join(path, part)
            if path in self.tables:
                path = f"{path}[{self.tables[path] - 1}]"
        return path

    def value(self, path: str) -> None:
        """Read the value at the reader's place, noting the lines of what it holds."""
        text = self.text
        char = text[self.at : self.at + 1]
        if char in ("[", "{"):
            closing = "]" if char == "[" else "}"
            self.at += 1
            index = 0
            while self.at < len(text):
                self.skip_space(newlines=True)
                if text.startswith(closing, self.at):
                    self.at += 1
                    return
                if text.startswith(",", self.at):
                    self.at += 1
                    continue
                if char == "[":
                    item = f"{path}[{index}]"
                    self.lines[item] = self.line()
                    self.value(item)
                    index += 1
                else:
                    self.key_value(path)
            return
        if char in ('"', "'"):
            quote = char * 3 if text.startswith(char * 3, self.at) else char
            end = self.at + len(quote)
            while end < len(text) and not text.startswith(quote, end):
                end += 2 if char == '"' and text[end] == "\\" else 1
            self.at = min(len(text), end + len(quote))
            while self.at < len(text) and text[self.at] == char:  # a closing """ may be followed by quotes
                self.at += 1
            return
        end = self.at
        while end < len(text) and text[end] not in ",]}\n#":
            end += 1
        self.at = max(end, self.at + 1)

    def key_value(self, table: str) -> None:
        start = self.line()
        parts = self.keys()
        path = table
        for part in parts:
            path = _join(path, part)
        if parts:
            self.lines[path] = start
        self.skip_space(newlines=False)
        if self.text.startswith("=", self.at):
            self.at += 1
            self.skip_space(newlines=False)
            self.value(path)
        else:  # not a key/value pair: step on, the parser has said what is wrong
            self.at += 1

    def read(self) -> dict[str, int]:
        text = self.text
        table = "$"
        while True:
            self.skip_space(newlines=True)
            if self.at >= len(text):
                return self.lines
            # The document starts at its first key or table, as YAML's root mapping does:
            # where a missing key is reported.
            self.lines.setdefault("$", self.line())
            if text.startswith("[", self.at):
                many = text.startswith("[[", self.at)
                start = self.line()
                self.at += 2 if many else 1
                self.skip_space(newlines=False)
                parts = self.keys()
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
                if many:
                    base = self.resolved(parts[:-1]) if parts[:-1] else "$"
                    base = _join(base, parts[-1]) if parts else base
                    count = self.tables.get(base, 0)
                    self.tables[base] = count + 1
                    table = f"{base}[{count}]"
                    self.lines.setdefault(base, start)
                else:
                    table = self.resolved(parts)
                self.lines[table] = start
            else:
                self.key_value(table)


def toml_lines(text: str) -> dict[str, int]:
    """The 1-based line of each table, key (``$.a.b``) and list item (``$.a[2]``) of TOML ``text``."""
    try:
        return _TomlReader(text).read()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - text the parser read
        return {}
