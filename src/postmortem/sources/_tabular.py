"""Generic CSV and JSON Lines files with a column mapping (tickets, flag audit logs, ...)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.sources._base import (
    Input,
    ReadContext,
    bounded_lines,
    check_utf8,
    declare_options,
    input_name,
    make_event,
    open_text,
    parse_time,
)
from postmortem.sources._json import loads_record

__all__ = ["FIELDS", "CSVSource", "JSONLinesSource", "parse_mapping"]

FIELDS = ("time", "description", "kind", "actor", "link", "source", "id")
"""The event fields a column mapping can fill; ``time`` and ``description`` are required.

``id`` is the record's own id (a ticket number), kept as the event's ``source_id`` so that
the next import recognises the event; without a mapping, a column named ``id`` is used.
"""


def parse_mapping(text: str) -> dict[str, str]:
    """Parse a column mapping written on the command line.

    Args:
        text: Comma-separated ``field=column`` pairs: ``time=created_at,description=summary``.

    Returns:
        Event field to column name.

    Raises:
        ValueError: for a pair without ``=`` or without a column.
    """
    result: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        field, sep, column = pair.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"write the mapping as field=column pairs, got {pair!r}")
        result[field.strip()] = column.strip()
    return result


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _text(value: object) -> str:
    return "" if value is None else str(value)


class _Mapping:
    def __init__(self, options: dict[str, Any], ctx: ReadContext) -> None:
        raw = options.get("mapping") or {}
        if isinstance(raw, str):
            try:
                raw = parse_mapping(raw)
            except ValueError as exc:
                raise ctx.fail("", str(exc)) from None
        columns = {field: field for field in ("time", "description")}
        columns.update({str(k): str(v) for k, v in dict(raw).items()})
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise ctx.fail("", f"cannot map {unknown[0]!r}; the fields are {', '.join(FIELDS)}")
        self.columns = columns
        self.kinds = {str(k).casefold(): EventKind(str(v)) for k, v in dict(options.get("kind_map") or {}).items()}
        self.default_kind = EventKind(str(options.get("default_kind") or "other"))
        zone = options.get("timezone")
        self.zone: tzinfo | None = None
        if isinstance(zone, tzinfo):
            self.zone = zone
        elif zone:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  (tzdata lookup is slow)

            try:
                self.zone = timezone.utc if str(zone).upper() == "UTC" else ZoneInfo(str(zone))
            except (ZoneInfoNotFoundError, ValueError):
                raise ctx.fail("", f"unknown timezone {zone!r}; use an IANA name such as Europe/Berlin") from None

    def get(self, row: Mapping[str, Any], field: str) -> Any:
        column = self.columns.get(field)
        if column is None:
            return None
        if "{" in column:
            # A pattern such as "{flag}: {change}" joins columns; plain substitution only,
            # never str.format, so that data cannot reach attributes or format specs.
            return _PLACEHOLDER.sub(lambda m: _text(self._lookup(row, m.group(1))), column)
        return self._lookup(row, column)

    @staticmethod
    def _lookup(row: Mapping[str, Any], column: str) -> Any:
        value: Any = row
        # A dotted column reaches into nested JSON objects: "fields.created".
        for part in column.split(".") if column not in row else [column]:
            if not isinstance(value, Mapping) or part not in value:
                return None
            value = value[part]
        return value

    def event(self, row: Mapping[str, Any], where: str, ctx: ReadContext) -> TimelineEvent | None:
        raw_time = self.get(row, "time")
        if raw_time in (None, ""):
            ctx.problem(where, f"no time in column {self.columns['time']!r}")
            return None
        try:
            time = parse_time(raw_time, default_timezone=self.zone)  # type: ignore[arg-type]
        except ValueError as exc:
            ctx.problem(where, f"{self.columns['time']}: {exc}")
            return None
        description = self.get(row, "description")
        if not isinstance(description, str) or not description.strip():
            ctx.problem(where, f"no description in column {self.columns['description']!r}")
            return None
        kind = self.default_kind
        raw_kind = self.get(row, "kind")
        if isinstance(raw_kind, str) and raw_kind.strip():
            word = raw_kind.strip().casefold()
            if word in self.kinds:
                kind = self.kinds[word]
            else:
                try:
                    kind = EventKind(word.replace("-", "_").replace(" ", "_"))
                except ValueError:
                    known = ", ".join(member.value for member in EventKind)
                    ctx.problem(
                        where,
                        f"unknown kind {raw_kind!r}; use one of {known}, or map it with kind_map",
                    )
                    return None
        text = {field: self.get(row, field) for field in ("actor", "link", "source")}
        clean = {k: str(v).strip() for k, v in text.items() if v not in (None, "") and str(v).strip()}
        raw_id = self.get(row, "id") if "id" in self.columns else row.get("id")
        record_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
        return make_event(
            ctx,
            where,
            time=time,
            description=description.strip(),
            kind=kind,
            source=clean.get("source", ctx.label),
            actor=clean.get("actor"),
            link=clean.get("link"),
            source_id=record_id or None,
        )


# A time as parse_time reads it, written so that it is certainly valid apart from the
# date's day of month (checked by date.fromisoformat): hours, minutes, seconds and the
# offset in range. Anything else is left to the full reading, which reports it.
_GLANCE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:[.,][0-9]+)?"
    r"\s*(?P<zone>Z|z|UTC|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?"
)
_GLANCE_EPOCH = re.compile(r"[0-9]{9,11}(?:\.[0-9]+)?")
# A number as JSON writes it (no leading zeros, which json.loads refuses).
_GLANCE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,19})(?:\.[0-9]{1,20})?(?:[eE][+-]?[0-9]{1,3})?")
_TWO_DAYS = timedelta(days=2)
# Unix seconds that fromtimestamp turns into a UTC time (years 1 to 9999), with room to spare.
_EPOCH_RANGE = (-62_000_000_000.0, 253_000_000_000.0)


class _Glance:
    """A look at a record's time before the record is read: is it certainly outside the window?

    Reading a record in full (decoding a JSON line, parsing its time, checking its fields,
    making an event) costs several times a look at its time. A long export holds mostly
    records outside the incident's window, so each record's time is first read from its
    text: a record it puts outside the window is skipped without being read; any time
    that cannot be read so (another shape, an escape, a value that is not a valid time, a
    column found twice) leaves the record to the full reading, which keeps or reports it.

    The look is exact where it answers: a date written ``YYYY-MM-DD`` is at most a day from
    the UTC date of the time (offsets are under 24 hours), so a date two days or more before
    the window's first UTC date, or after its last, is outside; Unix seconds are compared
    with a second of margin. It is off in strict mode (every record is read and checked)
    and without a window.
    """

    def __init__(self, column: str, zone: tzinfo | None, ctx: ReadContext) -> None:
        self.on = not ctx.strict and (ctx.since is not None or ctx.until is not None) and "{" not in column
        self.zone = zone
        since, until = ctx.since, ctx.until
        self.first = (since.astimezone(timezone.utc).date() - _TWO_DAYS).isoformat() if since is not None else ""
        self.last = (until.astimezone(timezone.utc).date() + _TWO_DAYS).isoformat() if until is not None else "A"
        self.low = since.timestamp() - 1 if since is not None else -float("inf")
        self.high = until.timestamp() + 1 if until is not None else float("inf")
        # The key as JSON writes it (the last part of a dotted column), and each value it may have:
        # text without escapes or control characters, a number, or anything else (empty groups).
        key = json.dumps(column.rsplit(".", 1)[-1], ensure_ascii=False)
        self.json_key = re.compile(
            rf'{re.escape(key)}\s*:\s*(?:"([^"\\\x00-\x1f]*)"|({_GLANCE_NUMBER.pattern})(?=\s*[,}}])|)'
        )
        # In valid JSON a quote after a backslash is inside a text: '{"x\\"time": ...}' holds the
        # key 'x"time', not 'time'. A line with the key so is left to the full reading.
        self.escaped_key = "\\" + key

    def text_outside(self, text: str) -> bool:
        """Whether a time written as text (a CSV cell, a JSON string) is certainly outside the window."""
        text = text.strip()  # as parse_time does
        match = _GLANCE_TIME.fullmatch(text)
        if match is not None:
            day = match["date"]
            if not (day <= self.first or day >= self.last) or not "0002" <= day[:4] <= "9998":
                return False
            if match["zone"] is None and self.zone is None:
                return False  # refused without a timezone: the full reading reports it
            try:
                date.fromisoformat(day)
            except ValueError:
                return False
            return True
        if _GLANCE_EPOCH.fullmatch(text):
            return self.seconds_outside(float(text))
        return False

    def seconds_outside(self, seconds: float) -> bool:
        """Whether Unix seconds are certainly outside the window (and a valid time)."""
        return _EPOCH_RANGE[0] < seconds < _EPOCH_RANGE[1] and not self.low <= seconds <= self.high

    def line_outside(self, line: str) -> bool:
        """Whether a JSON Lines line's time, found by its key once in the line, is certainly outside the window."""
        found = self.json_key.findall(line)
        if len(found) != 1 or self.escaped_key in line:
            return False
        text, number = found[0]
        if text:
            return self.text_outside(text)
        if number:
            return self.seconds_outside(float(number))
        return False


# The options CSV and JSON Lines share: how rows map to timeline events (one set of flags).
_MAPPING_OPTIONS = (
    Option(
        "mapping",
        str,
        None,
        "Columns for --csv/--jsonl: time=created_at,description=subject,actor=agent,kind=type.",
        flag="--mapping",
        metavar="FIELD=COLUMN,...",
    ),
    Option("kind_map", dict, None, "Column value to event kind."),
    Option(
        "default_kind",
        str,
        None,
        "Kind of --csv/--jsonl rows without a kind column.",
        choices=tuple(kind.value for kind in EventKind),
        flag="--kind",
    ),
    Option(
        "timezone",
        str,
        None,
        "Zone of --csv/--jsonl times written without an offset.",
        flag="--timezone",
        metavar="ZONE",
    ),
)


class CSVSource:
    """A CSV file with a header row; each row is one event.

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * mapping (dict or str): Event field to column: ``{"time": "created_at",
      "description": "subject", "kind": "type", "actor": "agent"}`` or the same as
      ``time=created_at,description=subject``. A value with braces joins columns:
      ``"description": "{flag}: {change}"``. ``time`` and ``description``
      default to columns of those names; ``kind``, ``actor``, ``link``, ``source`` and
      ``id`` (the record's own id, default: a column named ``id``) are optional.
    * kind_map (dict): Column value to event kind, ``{"ticket": "support_ticket"}``;
      values that already are kinds (``deploy``, ``config_change``) need no entry.
    * default_kind (str): The kind when there is no kind column (default ``other``).
    * timezone (str): IANA zone of times written without an offset; without it such
      times are rejected.
    * delimiter (str): The field separator (default ``,``).

    With a window (``since``/``until``) and without ``strict``, a record whose time, read
    from its text, is certainly outside the window is skipped without being read further
    (see docs/timeline/source-csv-jsonl.md); in strict mode every record is read and checked.
    """

    name = "csv"
    description = "Any CSV file, with a column mapping"
    input_help = "Any CSV file (with --mapping)."

    options: ClassVar[Mapping[str, Option]] = declare_options(
        *_MAPPING_OPTIONS,
        Option("delimiter", str, ",", "The field separator.", cli=False),
    )

    def parse_input(self, text: str) -> tuple[str, dict[str, Any]]:
        """The file named on the command line; its events' ``source`` is the file's stem (``flag_audit``)."""
        return text, {"label": Path(text).stem}

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield an event per row.

        Raises:
            SourceError: when the file cannot be read, or in strict mode on a bad row.
        """
        ctx = ReadContext.from_options(
            input_name(input),
            self.name,
            options,
            self.options,
        )
        columns = _Mapping(options, ctx)
        ctx.what = "events (rows with the columns of the mapping)"
        with open_text(input, ctx) as stream, check_utf8(ctx):
            reader = csv.DictReader(bounded_lines(stream, ctx), delimiter=str(options.get("delimiter") or ","))
            try:
                header = reader.fieldnames or []
            except csv.Error as exc:
                raise ctx.fail("line 1", f"not CSV: {exc}") from None
            if not any(column.strip() for column in header):
                ctx.finish(empty=True)
            for field in ("time", "description"):
                pattern = columns.columns[field]
                needed = _PLACEHOLDER.findall(pattern) if "{" in pattern else [pattern]
                missing = [column for column in needed if column not in header]
                if missing:
                    raise ctx.fail(
                        "line 1",
                        f"no column {missing[0]!r} for {field}; the columns are {', '.join(header)}",
                    )
            glance = _Glance(columns.columns["time"], columns.zone, ctx)
            glance_column = columns.columns["time"] if glance.on and columns.columns["time"] in header else None
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    ctx.problem(f"line {reader.line_num}", f"not CSV: {exc}")
                    continue
                where = f"line {reader.line_num}"
                if None in row:
                    ctx.problem(where, "more fields than the header has columns")
                    continue
                if glance_column is not None:
                    cell = row[glance_column]
                    if type(cell) is str and glance.text_outside(cell):
                        ctx.seen += 1
                        continue
                event = columns.event(row, where, ctx)
                if event is not None:
                    ctx.seen += 1
                    if ctx.keeps(event.time):
                        yield event
            ctx.finish(empty=False)


class JSONLinesSource:
    """A JSON Lines file: one JSON object per line, each one event.

    A dotted column name (``fields.created``) reaches into nested objects.

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * mapping (dict or str): Event field to column: ``{"time": "created_at",
      "description": "subject", "kind": "type", "actor": "agent"}`` or the same as
      ``time=created_at,description=subject``. A value with braces joins columns:
      ``"description": "{flag}: {change}"``. ``time`` and ``description``
      default to columns of those names; ``kind``, ``actor``, ``link``, ``source`` and
      ``id`` (the record's own id, default: a column named ``id``) are optional.
    * kind_map (dict): Column value to event kind, ``{"ticket": "support_ticket"}``;
      values that already are kinds (``deploy``, ``config_change``) need no entry.
    * default_kind (str): The kind when there is no kind column (default ``other``).
    * timezone (str): IANA zone of times written without an offset; without it such
      times are rejected.

    With a window (``since``/``until``) and without ``strict``, a record whose time, read
    from its text, is certainly outside the window is skipped without being read further
    (see docs/timeline/source-csv-jsonl.md); in strict mode every record is read and checked.
    """

    name = "jsonl"
    description = "Any JSON Lines file, with a field mapping"
    input_help = "Any JSON Lines file (with --mapping)."

    options: ClassVar[Mapping[str, Option]] = declare_options(*_MAPPING_OPTIONS)

    def parse_input(self, text: str) -> tuple[str, dict[str, Any]]:
        """The file named on the command line; its events' ``source`` is the file's stem (``flag_audit``)."""
        return text, {"label": Path(text).stem}

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield an event per line; a dotted column (``fields.created``) reaches into objects.

        Raises:
            SourceError: when the file cannot be read, or in strict mode on a bad line.
        """
        ctx = ReadContext.from_options(
            input_name(input),
            self.name,
            options,
            self.options,
        )
        columns = _Mapping(options, ctx)
        glance = _Glance(columns.columns["time"], columns.zone, ctx)
        outside = glance.line_outside if glance.on else None
        ctx.what = "events (one JSON object a line, with the columns of the mapping)"
        blank = True
        with open_text(input, ctx) as stream, check_utf8(ctx):
            for number, line in enumerate(bounded_lines(stream, ctx), start=1):
                if outside is not None and outside(line):
                    ctx.seen += 1
                    continue
                if not line.strip():
                    continue
                blank = False
                where = f"line {number}"
                try:
                    row = loads_record(line)
                except ValueError as exc:
                    ctx.problem(where, f"not valid JSON: {exc}")
                    continue
                if not isinstance(row, Mapping):
                    ctx.problem(where, "each line must be a JSON object")
                    continue
                event = columns.event(row, where, ctx)
                if event is not None:
                    ctx.seen += 1
                    if ctx.keeps(event.time):
                        yield event
        ctx.finish(empty=blank and not ctx.seen)
