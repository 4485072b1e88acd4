"""Loading and saving incidents as YAML, JSON and TOML.

The model classes know nothing about files; this module holds the cattrs converter that
does. All three formats share one data layout: the attrs field names as keys, enums as
their values (``in_progress``), datetimes as ISO 8601 strings with an offset, dates as
``YYYY-MM-DD``, and the severity as the name of a level (``SEV2``). Fields equal to their
default are left out when saving, so files stay short and round trips are exact.

Every problem in a file is reported at once in one :class:`~postmortem.errors.IncidentFormatError`.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import enum
import functools
import json
import math
import os
import re
import sys
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from postmortem import model
from postmortem._files import atomic_write
from postmortem.errors import FieldError, IncidentFormatError, PostmortemError, Problem

__all__ = [
    "Format",
    "dump",
    "dumps",
    "format_for_path",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]

Format = Literal["yaml", "json", "toml"]
"""The file formats an incident can be read from and written to."""

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

# The severity scale that ``severity`` names are resolved against while one incident is
# being structured. A context variable keeps concurrent loads in threads independent.
_current_scale: contextvars.ContextVar[model.SeverityScale] = contextvars.ContextVar(
    "postmortem_severity_scale", default=model.DEFAULT_SEVERITY_SCALE
)


# The timezone a bare date (``2026-04-11``: date precision) is read in and written for:
# the incident's own, set while one incident is structured or unstructured.
_current_zone: contextvars.ContextVar[str] = contextvars.ContextVar("postmortem_timezone", default="UTC")


class _MismatchError(ValueError):
    """A value of the wrong shape; the message is shown to the user as is."""


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false: quote the text)"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return repr(value)


# --------------------------------------------------------------------------- hooks


_SURROGATE = re.compile("[\ud800-\udfff]")


def _structure_str(value: object, _type: object) -> str:
    if value.__class__ is str and value.isascii():
        return value  # ASCII has no surrogates (isascii is a flag look-up)
    if isinstance(value, str):
        at = _SURROGATE.search(value)
        if at is not None:
            raise _MismatchError(
                f"holds a lone surrogate U+{ord(at.group()):04X} (character {at.start() + 1}), which is not "
                "Unicode text; the program that wrote the file encoded it wrongly"
            )
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # YAML and TOML read ``id: 2026`` as a number; the user meant the text.
        return str(value)
    raise _MismatchError(f"expected text, got {_describe(value)}")


def _structure_int(value: object, _type: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > model.MAX_COUNT:
            raise _MismatchError(
                f"expected a whole number of at most {model.MAX_COUNT:,}, got {len(str(abs(value)))} digits"
            )
        return value
    raise _MismatchError(f"expected a whole number such as 1200, got {_describe(value)}")


def _structure_float(value: object, _type: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            result = float(value)
        except OverflowError:
            result = math.inf
        if math.isfinite(result):
            return result
    raise _MismatchError(f"expected a number such as 0.3, got {_describe(value)}")


def _structure_bool(value: object, _type: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _MismatchError(f"expected true or false, got {_describe(value)}")


_FRACTION = re.compile(r"(?<=:\d\d)[.,](\d{1,6})\d*")


def _parse_datetime(text: str) -> datetime:
    stripped = text.strip()
    if stripped.endswith(("Z", "z")):
        stripped = stripped[:-1] + "+00:00"
    # Python 3.10 reads only 3 or 6 fraction digits; 3.11 reads any. Read them the same everywhere.
    stripped = _FRACTION.sub(lambda m: "." + m.group(1).ljust(6, "0"), stripped, count=1)
    return datetime.fromisoformat(stripped)


_NOT_A_TIME = "expected a date and time with a timezone like 2026-05-04T10:42:00Z, got {}"


def _read_datetime(text: str) -> datetime:
    # Most times are written as Python reads them as they are; the rest are normalised first.
    # Where both read a text, they read the same time.
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return _parse_datetime(text)
    except ValueError:
        raise _MismatchError(_NOT_A_TIME.format(_describe(text))) from None


def _structure_datetime(value: object, _type: object) -> datetime:
    result: datetime
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        result = _read_datetime(value)
    else:
        raise _MismatchError(_NOT_A_TIME.format(_describe(value)))
    if result.tzinfo is None or result.tzinfo.utcoffset(result) is None:
        if isinstance(value, str) and _DATE_WITH_ZONE.match(value.strip()):
            # Python reads "2026-04-11Z" as a naive midnight: the zone was written, the time was not.
            raise _MismatchError(
                f"{_describe(value)} is a date with a zone but no time; write a time such as "
                f"{value.strip()[:10]}T00:00Z, or the date alone ({value.strip()[:10]}) for a time known to the day"
            )
        raise _MismatchError(f"{_describe(value)} has no timezone; add an offset such as Z (UTC) or +02:00")
    _check_year(result, value)
    return result


_DATE_WITH_ZONE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Zz]|[+-]\d{2}(?::?\d{2})?)\Z")


_YEARS = (1900, 2999)
"""The years an incident's times may fall in: reports shift them to other timezones and add
durations, which Python cannot do at the edges of its calendar (years 1 and 9999)."""


def _check_year(result: datetime, value: object) -> None:
    if not _YEARS[0] <= result.year <= _YEARS[1]:
        raise _MismatchError(f"{_describe(value)} is outside the years {_YEARS[0]} to {_YEARS[1]} that times may use")


def _structure_date(value: object, _type: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _MismatchError(f"expected a date like 2026-12-01, got {_describe(value)}")


def _structure_severity(value: object, _type: object) -> model.Severity:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise _MismatchError(f"expected a severity name such as SEV2, got {_describe(value)}")
    scale = _current_scale.get()
    name = str(value)
    try:
        return scale.get(name)
    except KeyError:
        known = [level.name for level in scale]
        raise _MismatchError(f"unknown severity {_describe(value)}; expected one of {', '.join(known)}") from None


def _did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _structure_enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        try:
            return cl(value)
        except ValueError:
            normalised = value.strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
            for member in cl:
                if member.value == normalised:
                    return member
    values = [member.value for member in cl]
    hint = _did_you_mean(str(value), values)
    raise _MismatchError(f"expected one of {', '.join(values)}, got {_describe(value)}{hint}")


def _is_tuple_of(type_: object) -> bool:
    return typing.get_origin(type_) is tuple


def _structure_items(value: object, label: object, item: Callable[[object], Any], item_type: object) -> tuple[Any, ...]:
    """Structure a list item by item, collecting every item's errors with its index."""
    if not isinstance(value, (list, tuple)):
        raise _MismatchError(f"expected a list, got {_describe(value)}")
    items: list[Any] = []
    errors: list[Exception] = []
    for index, raw in enumerate(value):
        try:
            items.append(item(raw))
        except Exception as exc:
            _add_note(exc, IterableValidationNote(f"Structuring {label} @ index {index}", index, item_type))
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {label}", errors, tuple)
    return tuple(items)


def _add_note(exc: BaseException, note: str) -> None:
    # BaseException.add_note is Python 3.11+; cattrs reads __notes__ on 3.10 too.
    notes: list[str] | None = getattr(exc, "__notes__", None)
    if notes is None:
        exc.__notes__ = [note]  # type: ignore[attr-defined,unused-ignore]
    else:
        notes.append(note)


def _tuple_hook_factory(type_: object, converter: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    (item_type, _ellipsis) = typing.get_args(type_)
    if converter.detailed_validation:

        def structure(value: object, _type: object) -> tuple[Any, ...]:
            return _structure_items(value, type_, lambda raw: converter.structure(raw, item_type), item_type)

        return structure
    item = converter.get_structure_hook(item_type)

    def structure_fast(value: object, _type: object) -> tuple[Any, ...]:
        if value.__class__ is not list and not isinstance(value, (list, tuple)):
            raise _MismatchError(f"expected a list, got {_describe(value)}")
        return tuple([item(raw, item_type) for raw in value])

    return structure_fast


def _mapping_hook(value: object, _type: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise _MismatchError(f"expected a mapping of names to text, got {_describe(value)}")
    result: dict[str, str] = {}
    for key, item in value.items():
        result[_structure_str(key, str)] = _structure_str(item, str)
    return result


# --------------------------------------------------------------------------- honest times
#
# A time field and its accuracy field (``started`` / ``started_accuracy``) are one key in
# files: a plain timestamp (exact), a bare date (date precision, in the incident's timezone)
# or a mapping ``{at: ..., precision: hour, bound: about}``. These hooks fold and unfold the
# pair around the generated attrs hooks of every class that has accuracy fields.

_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")
_TIME_KEYS = ("at", "precision", "bound")


class _NoTime:
    """Stands for a missing ``at`` in a time mapping, so that the time's hook reports it."""


@attrs.frozen
class _DateWithPrecision:
    """Stands for a bare date given a precision finer than a date, so that the time's hook reports it."""

    day: date
    precision: object


def _zone_info(name: str) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  (tzdata lookup is slow)

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _date_only(value: object) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_ONLY.fullmatch(value):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value.strip())
    return None


def _start_of_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=_zone_info(_current_zone.get()))


def _plain_time(raw: object) -> bool:
    """Whether a time as written is nothing or text too long for a bare date (a timestamp, or wrong)."""
    if raw is None:
        return True
    return isinstance(raw, str) and len(raw) > 16 and not raw[0].isspace() and not raw[-1].isspace()


def _split_time(raw: object) -> tuple[object, object]:
    """Split a time as written into ``(time, accuracy)`` as the attrs classes hold them."""
    if raw is not None and _plain_time(raw):
        return raw, None  # too long for a bare date: a timestamp, the common case, without a regex
    if isinstance(raw, Mapping):
        at = raw.get("at", _NoTime())
        accuracy = {key: value for key, value in raw.items() if key != "at"}
        day = _date_only(at)
        if day is not None:
            precision = accuracy.setdefault("precision", "date")
            at = _start_of_day(day) if precision == "date" else _DateWithPrecision(day, precision)
        return at, accuracy
    day = _date_only(raw)
    if day is not None:
        return _start_of_day(day), {"precision": "date"}
    return raw, None


def _structure_time_value(value: object, _type: object) -> datetime:
    if isinstance(value, _NoTime):
        raise _MismatchError("the time itself is missing: write it as {at: 2026-04-11T02:00:00Z, precision: hour}")
    if isinstance(value, _DateWithPrecision):
        raise _MismatchError(
            f"{value.day.isoformat()} is a date without a time, so its precision is date, not "
            f"{_describe(value.precision)}; write the time too, such as {value.day.isoformat()}T02:00:00Z"
        )
    return _structure_datetime(value, _type)


def _fold_time(at: datetime, accuracy: model.TimeAccuracy) -> object:
    """The file form of a time: a timestamp, a bare date, or a mapping."""
    if accuracy.is_exact:
        return at.isoformat()
    local = at.astimezone(_zone_info(_current_zone.get()))
    at_midnight = (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    if accuracy.precision is model.TimePrecision.DATE and at_midnight:
        if accuracy.bound is None:
            return local.date().isoformat()
        return {"at": local.date().isoformat(), "bound": accuracy.bound.value}
    data: dict[str, object] = {"at": at.isoformat()}
    if accuracy.precision is not model.TimePrecision.EXACT:
        data["precision"] = accuracy.precision.value
    if accuracy.bound is not None:
        data["bound"] = accuracy.bound.value
    return data


def _register_time_hooks(converter: cattrs.Converter) -> None:
    """Fold each time and its accuracy into one key, for every class that has accuracy fields."""
    accuracy_structure = make_dict_structure_fn(model.TimeAccuracy, converter, _cattrs_forbid_extra_keys=True)

    def structure_accuracy(value: object, _type: object) -> model.TimeAccuracy:
        if not isinstance(value, Mapping):
            raise _MismatchError(
                f"expected a mapping such as {{precision: hour, bound: about}}, got {_describe(value)}"
            )
        return accuracy_structure(value, model.TimeAccuracy)

    converter.register_structure_hook(model.TimeAccuracy, structure_accuracy)
    for cls in (
        model.Milestones,
        model.TimelineEvent,
        model.CustomerCommunication,
        model.Detection,
        model.ImpactWindow,
    ):
        _register_folded(converter, cls)


def _register_incident_unstructure(converter: cattrs.Converter) -> None:
    """Write times in the incident's timezone context, and leave out a severity not yet assessed."""
    incident_unstructure = make_dict_unstructure_fn(model.Incident, converter, _cattrs_omit_if_default=True)

    def unstructure_incident(incident: model.Incident) -> dict[str, Any]:
        token = _current_zone.set(incident.timezone)
        try:
            data: dict[str, Any] = incident_unstructure(incident)
        finally:
            _current_zone.reset(token)
        if data.get("severity") is None:
            data.pop("severity", None)
        return data

    converter.register_unstructure_hook(model.Incident, unstructure_incident)


def _register_folded(converter: cattrs.Converter, cls: type) -> None:
    pairs = model.accuracy_fields(cls)
    inner_structure: Callable[[object, object], Any] = _attrs_hook(cls, converter)
    inner_unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, _cattrs_omit_if_default=True
    )
    hidden = set(pairs.values())
    names = tuple(pairs)

    def structure(value: object, _type: object) -> Any:
        if not isinstance(value, Mapping):
            raise _MismatchError(f"expected a mapping, got {_describe(value)}")
        if hidden.isdisjoint(value) and all(_plain_time(value.get(name)) for name in names):
            # Every time is a plain timestamp (or absent): nothing to fold, so no copy to make.
            return inner_structure(value, cls)
        data = {key: item for key, item in value.items() if key not in hidden}
        for name, accuracy_name in pairs.items():
            if name in data and data[name] is not None:
                data[name], accuracy = _split_time(data[name])
                if accuracy is not None:
                    data[accuracy_name] = accuracy
        misplaced = sorted(str(key) for key in value if key in hidden)
        try:
            result = inner_structure(data, cls)
        except ClassValidationError as exc:
            if misplaced:
                extra = ForbiddenExtraKeysError("", cls, set(misplaced))
                raise ClassValidationError(exc.message, [*exc.exceptions, extra], cls) from None
            raise
        if misplaced:
            raise ForbiddenExtraKeysError("", cls, set(misplaced))
        return result

    def unstructure(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = inner_unstructure(value)
        for name, accuracy_name in pairs.items():
            data.pop(accuracy_name, None)
            at = getattr(value, name)
            if at is not None and name in data:
                data[name] = _fold_time(at, getattr(value, accuracy_name))
        return data

    converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(cls, unstructure)


_ACCURACY_SEGMENT = re.compile(r"\.(started|detected|acknowledged|mitigated|resolved|time|start|end)_accuracy(?=[.\[])")


def _time_path(path: str) -> str:
    """Write a path into an accuracy field as the key the file has: ``$.milestones.started.bound``."""
    return _ACCURACY_SEGMENT.sub(r".\1", path)


_T = typing.TypeVar("_T")


def _attrs_hook(cl: type[_T], converter: cattrs.Converter) -> Callable[[object, object], _T]:
    """The structure hook of a model class: a mapping is required, and every problem is reported.

    When some fields fail to structure, the class is never built, so the validators of the
    fields that did structure run here: ``timezone: SAST`` is reported with a bad severity.
    """
    generated = make_dict_structure_fn(cl, converter, _cattrs_forbid_extra_keys=True)
    fields = attrs.fields(attrs.resolve_types(typing.cast("type[attrs.AttrsInstance]", cl)))
    keys = ", ".join(field.name for field in fields[:3])
    if not converter.detailed_validation:

        def structure_fast(value: object, _type: object) -> _T:
            if not isinstance(value, Mapping):
                raise _MismatchError(f"expected a mapping with keys such as {keys}, got {_describe(value)}")
            result: _T = generated(value, cl)
            return result

        return structure_fast

    def structure(value: object, _type: object) -> _T:
        if not isinstance(value, Mapping):
            raise _MismatchError(f"expected a mapping with keys such as {keys}, got {_describe(value)}")
        try:
            result: _T = generated(value, cl)
        except ClassValidationError as exc:
            failed = {
                note.name
                for sub in exc.exceptions
                for note in getattr(sub, "__notes__", [])
                if isinstance(note, AttributeValidationNote)
            }
            if len(failed) < len(exc.exceptions):
                raise  # the class itself was built and refused: its validators have run
            more: list[Exception] = []
            for field in fields:
                if field.validator is None or field.name in failed or field.name not in value:
                    continue
                try:
                    item = converter.structure(value[field.name], field.type)
                    if field.converter is not None:
                        item = field.converter(item)  # type: ignore[operator,unused-ignore]
                    field.validator(None, field, item)
                except FieldError as problem:
                    more.append(problem)
                except Exception:  # noqa: S112  (reported by the structuring that failed)
                    continue
            if more:
                raise ClassValidationError(exc.message, [*exc.exceptions, *more], cl) from None
            raise
        return result

    return structure


def _make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """The converter between incidents and plain data in the file layout.

    With ``detailed_validation`` (the default) every problem is collected with its path; without
    it, structuring stops at the first problem and says little, but does less work: the generated
    hooks have no per-field bookkeeping and list items go straight to their class's hook.
    :func:`from_dict` tries the lean converter first and runs the detailed one only when the
    lean one fails, so messages are as detailed as ever and a valid file costs less.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed_validation)
    # cattrs dispatches single classes before predicates, by MRO: our str enums need their
    # own, more specific, registration or the str hook would structure them as plain text.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(model._LabelledEnum, _structure_enum)
    converter.register_structure_hook(datetime, _structure_time_value)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(model.Severity, _structure_severity)
    converter.register_structure_hook_func(lambda t: t == dict[str, str], _mapping_hook)
    converter.register_structure_hook_factory(_is_tuple_of, lambda t: _tuple_hook_factory(t, converter))
    converter.register_structure_hook_factory(attrs.has, lambda cl: _attrs_hook(cl, converter))

    converter.register_unstructure_hook(model._LabelledEnum, lambda value: value.value)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_unstructure_hook(date, lambda value: value.isoformat())
    converter.register_unstructure_hook(model.Severity, lambda value: value.name)
    _register_time_hooks(converter)  # after the leaf hooks, which the generated hooks capture

    # A scale is written as a list of full levels, not wrapped in {"levels": [...]}, while
    # ``severity`` elsewhere is only a level's name.
    level_unstructure = make_dict_unstructure_fn(model.Severity, converter, _cattrs_omit_if_default=True)
    converter.register_unstructure_hook(
        model.SeverityScale, lambda scale: [level_unstructure(level) for level in scale.levels]
    )
    level_structure = _attrs_hook(model.Severity, converter)

    def structure_level(value: object) -> model.Severity:
        if not isinstance(value, Mapping):
            raise _MismatchError(
                f"expected a level such as {{name: SEV1, rank: 1, description: ...}}, got {_describe(value)}"
            )
        return level_structure(value, model.Severity)

    def structure_scale(value: object, _type: object) -> model.SeverityScale:
        return model.SeverityScale(_structure_items(value, "severity_scale", structure_level, model.Severity))

    converter.register_structure_hook(model.SeverityScale, structure_scale)

    incident_structure = _attrs_hook(model.Incident, converter)
    _register_incident_unstructure(converter)

    def structure_incident(value: object, _type: object) -> model.Incident:
        if not isinstance(value, Mapping):
            raise _MismatchError(f"expected a mapping of sections, got {_describe(value)}")
        scale = _current_scale.get()
        raw_scale = value.get("severity_scale")
        if raw_scale is not None:
            # A broken scale is reported with its path by the full structuring below.
            with contextlib.suppress(Exception):
                scale = converter.structure(raw_scale, model.SeverityScale)
        if raw_scale is None and scale != model.DEFAULT_SEVERITY_SCALE:
            # The caller's scale becomes the incident's own, so that it is saved with it.
            value = {**value, "severity_scale": converter.unstructure(scale, model.SeverityScale)}
        if "severity" not in value:
            # A severity nobody has assessed yet: a completeness finding, not a load error.
            value = {**value, "severity": None}
        raw_zone = value.get("timezone")
        token = _current_scale.set(scale)
        zone_token = _current_zone.set(raw_zone if isinstance(raw_zone, str) else "UTC")
        try:
            return incident_structure(value, model.Incident)
        finally:
            _current_zone.reset(zone_token)
            _current_scale.reset(token)

    converter.register_structure_hook(model.Incident, structure_incident)
    return converter


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    """The detailed converter: every problem, with its path (see :func:`_make_converter`)."""
    return _make_converter()


@functools.lru_cache(maxsize=1)
def _lean_converter() -> cattrs.Converter:
    """The lean converter, for the first attempt at structuring (see :func:`_make_converter`)."""
    return _make_converter(detailed_validation=False)


# --------------------------------------------------------------------------- errors


def _join(path: str, part: str) -> str:
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _field_path(path: str, field: str) -> str:
    # FieldError.field may be "detected" or "action_items[1].id".
    head, sep, rest = field.partition("[")
    result = _join(path, head) if head else path
    return f"{result}[{rest}" if sep else result


def _key_names(cl: type) -> list[str]:
    """The keys a file may write for class ``cl``, for "did you mean" hints."""
    if cl is model.TimeAccuracy:
        return list(_TIME_KEYS)  # written inside a time: {at, precision, bound}
    return [a.name for a in attrs.fields(cl) if "accuracy_of" not in a.metadata] if attrs.has(cl) else []


def _walk(exc: BaseException, path: str, cl: type | None) -> Iterator[tuple[str, str]]:
    if isinstance(exc, ForbiddenExtraKeysError):
        names = _key_names(exc.cl)
        extra: set[object] = set(exc.extra_fields)  # YAML keys need not be text
        for key in sorted(extra, key=str):
            if not isinstance(key, str):
                # YAML reads ``1:``, ``true:`` and ``null:`` as a number, a boolean and nothing.
                shown = json.dumps(key) if key is None or isinstance(key, bool) else _clip(str(key))
                yield _join(path, shown), f"a key must be a name such as summary, got {_describe(key)}"
                continue
            hint = _did_you_mean(key, names) if len(key) <= _MESSAGE_TEXT else ""
            yield _join(path, _clip(key)), f"unknown key{hint}"
        return
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    sub_path = _join(path, note.name)
                    break
                if isinstance(note, IterableValidationNote):
                    sub_path = f"{path}[{note.index}]"
                    break
            if isinstance(sub, KeyError) and sub_path != path and not isinstance(sub, ForbiddenExtraKeysError):
                yield sub_path, "missing (required)"
                continue
            yield from _walk(sub, sub_path, None)
        return
    if isinstance(exc, FieldError):
        yield _field_path(path, exc.field), exc.message
        return
    if isinstance(exc, _MismatchError):
        yield path, str(exc)
        return
    if isinstance(exc, (ValueError, TypeError)):
        yield path, str(exc) or type(exc).__name__
        return
    yield path, f"{type(exc).__name__}: {exc}"


def _printable(text: str) -> str:
    # Messages quote the document; a lone surrogate in it would make printing them fail.
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(text) else text


def _problems(exc: BaseException) -> list[Problem]:
    return [Problem(_printable(_time_path(path)), _printable(message)) for path, message in _walk(exc, "$", None)]


# --------------------------------------------------------------------------- dict level


def from_dict(data: object, *, severity_scale: model.SeverityScale | None = None) -> model.Incident:
    """Build an :class:`~postmortem.model.Incident` from plain data (what a JSON parser returns).

    Args:
        data: A mapping in the file layout.
        severity_scale: The scale severity names are resolved against when the data has no
            ``severity_scale`` of its own; the default SEV1..SEV5 scale when ``None``.

    Returns:
        The incident.

    Raises:
        IncidentFormatError: listing every problem with its ``$.path``.
    """
    token = _current_scale.set(severity_scale or model.DEFAULT_SEVERITY_SCALE)
    try:
        try:
            return _lean_converter().structure(data, model.Incident)
        except Exception:  # noqa: S110  (the detailed converter below says what is wrong)
            pass
        # Something is wrong: structure again with every check's bookkeeping, to report every
        # problem with its path. The two converters share every hook that accepts or refuses a
        # value, so they accept the same documents.
        return _converter().structure(data, model.Incident)
    except (ClassValidationError, IterableValidationError, FieldError, _MismatchError) as exc:
        raise IncidentFormatError(_problems(exc)) from None
    finally:
        _current_scale.reset(token)


def to_dict(incident: model.Incident) -> dict[str, Any]:
    """Return the incident as plain data in the file layout (defaults left out).

    Args:
        incident: The incident.

    Returns:
        A dict of str, int, float, bool, list and dict only.
    """
    result: dict[str, Any] = _converter().unstructure(incident)
    return result


# --------------------------------------------------------------------------- YAML


@functools.lru_cache(maxsize=1)
def _yaml_loader() -> type[Any]:
    import yaml  # noqa: PLC0415  (YAML is loaded only when a YAML file is read)

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    resolvers = {
        key: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for key, found in base.yaml_implicit_resolvers.items()
    }
    # What PyYAML's resolve() looks up for each plain scalar, by first character, worked out once.
    wildcard = resolvers.get(None, [])
    by_first = {key: tuple(found + wildcard) for key, found in resolvers.items() if key is not None}
    no_match = tuple(wildcard)
    scalar_node, sequence_node = yaml.ScalarNode, yaml.SequenceNode
    str_tag, seq_tag, map_tag = base.DEFAULT_SCALAR_TAG, base.DEFAULT_SEQUENCE_TAG, base.DEFAULT_MAPPING_TAG

    class Loader(base):  # type: ignore[misc]
        """Safe loader that keeps timestamps as text so that our parser sees the offset.

        The parser calls ``resolve`` for every node. PyYAML's looks up its tables and path
        resolvers each time; this loader has no path resolvers, so the same answer comes
        from one precomputed table (the same implicit resolvers, in the same order).
        """

        yaml_implicit_resolvers = resolvers

        def resolve(self, kind: object, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is scalar_node:
                if implicit[0]:
                    for tag, regexp in by_first.get(value[:1], no_match):
                        if regexp.match(value):
                            return tag  # type: ignore[no-any-return]
                return str_tag  # type: ignore[no-any-return]
            return seq_tag if kind is sequence_node else map_tag  # type: ignore[no-any-return]

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            return None  # no path resolvers

        def ascend_resolver(self) -> None:
            return None

    return Loader


class _YamlLines(Mapping[str, int]):
    """The line of a ``$.path`` in a YAML document, looked up in its composed nodes on demand.

    Nothing is walked while a document loads: a path is followed down the node tree only
    when a problem or finding at that path is reported, and an alias is never followed
    beyond the node it names.
    """

    def __init__(self, root: Any) -> None:
        self._root = root
        self._cache: dict[str, int | None] = {}

    def _find(self, path: str) -> int | None:
        if path in self._cache:
            return self._cache[path]
        line = _node_line(self._root, path)
        self._cache[path] = line
        return line

    def __getitem__(self, path: str) -> int:
        line = self._find(path)
        if line is None:
            raise KeyError(path)
        return line

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self._find(path) is not None

    def __iter__(self) -> Iterator[str]:
        # Every path, each node once (aliases are not followed); only for callers that list them.
        for path, _node in _yaml_paths(self._root):
            yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _yaml_paths(root: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(path, node)`` for every node reachable from ``root``, each node once."""
    import yaml  # noqa: PLC0415

    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("$", root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        if isinstance(node, yaml.MappingNode):
            stack.extend((_join(path, str(key.value)), value) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{path}[{index}]", item) for index, item in reversed(list(enumerate(node.value))))


_INDEX = re.compile(r"\[(\d+)\]")


def _node_line(root: Any, path: str) -> int | None:
    """Follow ``path`` (``$.a.b[2].c``) down the node tree; the line of the deepest node reached."""
    import yaml  # noqa: PLC0415

    if not path.startswith("$"):
        return None
    node = root
    line: int | None = root.start_mark.line + 1
    rest = path[1:]
    while rest:
        if rest.startswith("["):
            match = _INDEX.match(rest)
            if match is None or not isinstance(node, yaml.SequenceNode):
                return line
            index = int(match.group(1))
            if index >= len(node.value):
                return line
            node = node.value[index]
            line = node.start_mark.line + 1
            rest = rest[match.end() :]
            continue
        if not rest.startswith(".") or not isinstance(node, yaml.MappingNode):
            return line
        # Keys may hold dots or brackets themselves: take the longest key that fits.
        best: tuple[Any, Any] | None = None
        for key, value in node.value:
            name = str(key.value)
            fits = rest.startswith(name, 1) and (len(rest) == len(name) + 1 or rest[len(name) + 1] in ".[")
            if fits and (best is None or len(name) > len(str(best[0].value))):
                best = (key, value)
        if best is None:
            return line
        key, node = best
        line = key.start_mark.line + 1
        rest = rest[len(str(key.value)) + 1 :]
    return line


def _paths_of(root: Any, targets: typing.Iterable[Any]) -> dict[int, str]:
    """The ``$.path`` of each target node, in one walk (the first path that reaches it)."""
    wanted = {id(node) for node in targets}
    found: dict[int, str] = {}
    if not wanted:
        return found  # nothing to look for: no walk (a clean document has no targets)
    for path, node in _yaml_paths(root):
        if id(node) in wanted:
            found[id(node)] = path
            if len(found) == len(wanted):
                break
    return found


def _inspect_yaml(root: Any, text: str, max_depth: int) -> tuple[list[Problem], list[Problem]]:
    """Duplicate keys, nesting depth and alias expansion of a composed document.

    Returns:
        The duplicate keys, and the problems that make the document unsafe to build (too
        deep, an alias bomb, an alias inside itself).

    The walk visits each mapping once and never builds a path unless there is a problem.
    Only a document that can hold an alias (one with both ``&`` and ``*`` in it) pays for
    counting how far its aliases expand.
    """
    import yaml  # noqa: PLC0415

    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    duplicates: list[tuple[Any, Any]] = []
    too_deep: Any = None
    stack: list[tuple[Any, int]] = [(root, 1)]
    visited: set[int] = set()
    aliased = "&" in text and "*" in text
    while stack:
        node, depth = stack.pop()
        if aliased:
            if id(node) in visited:
                continue
            visited.add(id(node))
        if depth > max_depth:
            too_deep = node
            break
        if node.__class__ is mapping:
            seen: set[str] = set()
            for key, value in node.value:
                if key.__class__ is not scalar:
                    stack.append((key, depth + 1))
                elif key.value in seen and key.tag != "tag:yaml.org,2002:merge":
                    duplicates.append((node, key))
                else:
                    seen.add(key.value)
                if value.__class__ is mapping or value.__class__ is sequence:
                    stack.append((value, depth + 1))
        elif node.__class__ is sequence:
            stack.extend(
                (item, depth + 1) for item in node.value if item.__class__ is mapping or item.__class__ is sequence
            )
    paths = _paths_of(root, [node for node, _key in duplicates] + ([too_deep] if too_deep is not None else []))
    found = [
        Problem(
            _join(paths.get(id(node), "$"), str(key.value)),
            "duplicate key (the later value would win)",
            key.start_mark.line + 1,
        )
        for node, key in duplicates
    ]
    if too_deep is not None:
        return found, [Problem(paths.get(id(too_deep), "$"), _depth_message(max_depth), too_deep.start_mark.line + 1)]
    return found, _alias_problems(root, max_depth) if aliased else []


MAX_ALIAS_EXPANSION = 100_000
"""How many nodes YAML aliases may add to a document when they are expanded.

Aliases (``*name``) repeat the node an anchor (``&name``) names. A few nested aliases can
stand for billions of nodes (an "alias bomb"); a document whose aliases would add more than
this many is refused.
"""


def _alias_problems(root: Any, max_depth: int) -> list[Problem]:
    """Refuse aliases that refer to their own ancestors, nest too deep or expand too far.

    Each node is visited once: its expanded size and height are computed from its children's.
    """
    import yaml  # noqa: PLC0415

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    unique = 0
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    problem: tuple[Any, str] | None = None
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            children = [part for pair in node.value for part in pair] if node.__class__ is mapping else node.value
            size = 1 + sum(sizes[id(child)] for child in children)
            height = 1 + max((heights[id(child)] for child in children), default=0)
            sizes[key] = size
            heights[key] = height
            if height > max_depth:
                problem = (node, _depth_message(max_depth) + " once YAML aliases are expanded")
                break
            if size - unique > MAX_ALIAS_EXPANSION:
                problem = (
                    node,
                    f"YAML aliases expand this part to {size:,} nodes from {unique:,} written, more than "
                    f"the {MAX_ALIAS_EXPANSION:,} aliases may add (an alias bomb?); write the repeated parts out",
                )
                break
            continue
        if key in sizes:
            continue
        if key in on_path:
            problem = (node, "a YAML alias refers to a node that contains it (a structure without end)")
            break
        unique += 1
        if node.__class__ is mapping or node.__class__ is sequence:
            on_path.add(key)
            stack.append((node, True))
            if node.__class__ is mapping:
                for k, v in node.value:
                    stack.append((k, False))
                    stack.append((v, False))
            else:
                stack.extend((item, False) for item in node.value)
        else:
            sizes[key] = 1
            heights[key] = 1
    if problem is None:
        return []
    node, message = problem
    path = _paths_of(root, [node]).get(id(node), "$")
    return [Problem(path, message, node.start_mark.line + 1)]


def _line_for(path: str, lines: Mapping[str, int]) -> int | None:
    if isinstance(lines, _YamlLines):
        return lines._find(path)
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get("$")


class _Unusual(Exception):  # noqa: N818  (a signal, not an error)
    """A document the plain builder leaves to PyYAML: aliases, merge keys, tags, too deep."""


_TAG = "tag:yaml.org,2002:"


def _build_plain(loader: Any, root: Any, max_depth: int) -> tuple[object, list[tuple[Any, Any]]]:
    """Build the data of a document without aliases, in one walk that also finds duplicate keys.

    What PyYAML's constructor does for the tags a post-mortem uses (text, numbers, true/false,
    null, mappings and lists), without its generators and bookkeeping for recursive and
    aliased structures, which an alias-free document does not have. Anything else (a merge key,
    an explicit tag such as ``!!binary``, nesting deeper than ``max_depth``) raises
    :class:`_Unusual`, and the caller hands the document to PyYAML.

    Returns:
        The data, and the ``(mapping node, key node)`` of each key written twice (the later
        value wins, as in PyYAML).
    """
    import yaml  # noqa: PLC0415

    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    str_tag, map_tag, seq_tag = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
    scalars: dict[str, Callable[[Any], object]] = {
        f"{_TAG}null": loader.construct_yaml_null,
        f"{_TAG}bool": loader.construct_yaml_bool,
        f"{_TAG}int": loader.construct_yaml_int,
        f"{_TAG}float": loader.construct_yaml_float,
    }
    duplicates: list[tuple[Any, Any]] = []

    def scalar_value(node: Any) -> object:
        if node.tag == str_tag:
            return node.value
        construct = scalars.get(node.tag)
        if construct is None:
            raise _Unusual  # a merge key (<<), an explicit tag such as !!binary
        return construct(node)

    def build(node: Any, depth: int) -> object:
        kind = node.__class__
        if kind is scalar:
            return node.value if node.tag == str_tag else scalar_value(node)
        if depth > max_depth:
            raise _Unusual
        if kind is mapping and node.tag == map_tag:
            result: dict[object, object] = {}
            seen: set[str] = set()
            for key, value in node.value:
                if key.__class__ is not scalar:
                    raise _Unusual  # a mapping or list as a key
                written = key.value
                if written in seen:
                    duplicates.append((node, key))
                else:
                    seen.add(written)
                result[written if key.tag == str_tag else scalar_value(key)] = build(value, depth + 1)
            return result
        if kind is sequence and node.tag == seq_tag:
            return [build(item, depth + 1) for item in node.value]
        raise _Unusual

    return build(root, 1), duplicates


def _parse_yaml(text: str, max_depth: int) -> tuple[object, Mapping[str, int], list[Problem]]:
    import yaml  # noqa: PLC0415

    loader = _yaml_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        if not ("&" in text and "*" in text):
            # No alias can be written without both characters: the plain builder applies.
            try:
                data, found = _build_plain(loader, node, max_depth)
            except Exception:  # noqa: S110  (PyYAML below reads it, or says what is wrong)
                pass
            else:
                paths = _paths_of(node, [mapping for mapping, _key in found])
                duplicates = [
                    Problem(
                        _join(paths.get(id(mapping), "$"), str(key.value)),
                        "duplicate key (the later value would win)",
                        key.start_mark.line + 1,
                    )
                    for mapping, key in found
                ]
                return data, _YamlLines(node), duplicates
        duplicates, unsafe = _inspect_yaml(node, text, max_depth)
        if unsafe:
            raise IncidentFormatError(sorted(duplicates + unsafe, key=lambda p: p.line or 0))
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # Python refuses to read integers of more than 4,300 digits; an explicit tag such
            # as ``!!timestamp`` on text that is not one fails inside PyYAML.
            raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
        return data, _YamlLines(node), duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if exc.problem == "exceeded maximum nesting depth":
            raise IncidentFormatError([Problem("$", _depth_message(max_depth), line)]) from None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise IncidentFormatError([Problem("$", f"not valid YAML: {_clip(message)}", line)]) from None
    except yaml.YAMLError as exc:
        raise IncidentFormatError([Problem("$", f"not valid YAML: {_clip(str(exc))}")]) from None
    except RecursionError:
        # The pure-Python YAML reader (used without libyaml) recurses once per level.
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    finally:
        loader.dispose()


_YAML_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")


def _yaml_dumps(data: object) -> str:
    import yaml  # noqa: PLC0415

    class Dumper(yaml.SafeDumper):
        """Writes multi-line text as literal blocks, which people can read and edit."""

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        if _YAML_BREAKS.search(value):
            # YAML readers treat NEL, LS and PS as line breaks in plain and block scalars;
            # only a double-quoted scalar (which escapes them) keeps them.
            style: str | None = '"'
        else:
            style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


# --------------------------------------------------------------------------- text level


def format_for_path(path: str | os.PathLike[str]) -> Format:
    """Return the format a file name's suffix names.

    Raises:
        PostmortemError: for a suffix other than .yaml, .yml, .json or .toml.
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise PostmortemError(
            f"{os.fspath(path)}: cannot tell the format from the suffix {suffix!r}; use .yaml, .yml, .json or .toml"
        ) from None


DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
"""The largest incident file read by default, in bytes (16 MiB: some 50,000 timeline events)."""

DEFAULT_MAX_DEPTH = 64
"""The deepest nesting of mappings and lists read by default (an incident needs 5)."""

_SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2, "mib": 1024**2}
_SIZE_UNITS.update({"g": 1000**3, "gb": 1000**3, "gib": 1024**3})


def parse_size(text: str) -> int:
    """Read a size such as ``16MiB``, ``20 MB``, ``500k`` or ``1048576`` as a number of bytes.

    Raises:
        ValueError: for anything else.
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if match is None or match.group(2).lower() not in _SIZE_UNITS:
        raise ValueError(f"{text!r} is not a size; write it like 16MiB, 20MB, 500k or 1048576")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def _show_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    if size >= 1024:
        return f"{size / 1024:.1f} KiB".replace(".0 ", " ")
    return f"{size} bytes"


def _limit(value: int | None, variable: str, default: int, parse: Callable[[str], int]) -> int:
    if value is not None:
        if value < 1:
            raise PostmortemError(f"a limit must be at least 1, got {value}")
        return value
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        result = parse(text)
    except ValueError:
        raise PostmortemError(f"{variable}={text!r} is not a valid limit; unset it or give a number") from None
    if result < 1:
        raise PostmortemError(f"{variable}={text!r} is not a valid limit; it must be at least 1")
    return result


def max_file_size(value: int | None = None) -> int:
    """The file size limit in force: ``value``, else ``POSTMORTEM_MAX_FILE_SIZE``, else the default.

    Raises:
        PostmortemError: when the environment variable holds no valid size.
    """
    return _limit(value, "POSTMORTEM_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE, parse_size)


def max_depth(value: int | None = None) -> int:
    """The nesting limit in force: ``value``, else ``POSTMORTEM_MAX_DEPTH``, else the default.

    Raises:
        PostmortemError: when the environment variable holds no valid number.
    """
    return _limit(value, "POSTMORTEM_MAX_DEPTH", DEFAULT_MAX_DEPTH, int)


_max_file_size = max_file_size
_max_depth = max_depth


def _size_message(size: int, limit: int, *, at_least: bool = False) -> str:
    shown = f"more than {_show_size(limit)}" if at_least else _show_size(size)
    return (
        f"the file is {shown}, over the {_show_size(limit)} limit; raise it with --max-file-size "
        "or POSTMORTEM_MAX_FILE_SIZE (max_file_size= in Python)"
    )


def _depth_message(limit: int) -> str:
    return (
        f"nested more than {limit} levels deep, over the limit; raise it with --max-depth "
        "or POSTMORTEM_MAX_DEPTH (max_depth= in Python)"
    )


_MESSAGE_TEXT = 200


def _clip(text: str, limit: int = _MESSAGE_TEXT) -> str:
    """Text from a document, made safe to print in a message: short, and without lone surrogates."""
    if len(text) > limit:
        text = f"{text[: limit - 40]}... ({len(text):,} characters)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_LONG_NUMBER = re.compile(r"\d{1000,}")


def _long_number_line(text: str) -> int | None:
    match = _LONG_NUMBER.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _number_message(exc: Exception, text: str) -> str:
    match = _LONG_NUMBER.search(text)
    if match is None:
        return (
            "cannot read a value as its YAML tag (such as !!timestamp or !!int) says; remove the tag or fix the value"
        )
    return f"a number of {len(match.group(0)):,} digits is too long to read; numbers here need at most 16"


def loads(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> model.Incident:
    """Parse an incident from text.

    Args:
        text: The document.
        format: ``"yaml"``, ``"json"`` or ``"toml"``.
        source: A name for the document, used in error messages.
        severity_scale: The scale severity names are resolved against when the document
            has no ``severity_scale`` of its own.
        max_file_size: Refuse a document of more than this many bytes (default: the
            ``POSTMORTEM_MAX_FILE_SIZE`` environment variable, else ``DEFAULT_MAX_FILE_SIZE``, 16 MiB).
        max_depth: Refuse mappings and lists nested deeper than this (default: the
            ``POSTMORTEM_MAX_DEPTH`` environment variable, else ``DEFAULT_MAX_DEPTH``, 64).

    Returns:
        The incident.

    Raises:
        IncidentFormatError: listing every problem, with ``$.path`` and (YAML) line number.
    """
    return _loads_with_lines(
        text,
        format,
        source=source,
        severity_scale=severity_scale,
        max_file_size=max_file_size,
        max_depth=max_depth,
    )[0]


def _utf8_size(text: str | bytes) -> int:
    return len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))


def _loads_with_lines(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> tuple[model.Incident, Mapping[str, int]]:
    """:func:`loads`, also returning the path -> line map of a YAML document (empty otherwise).

    Private: for ``postmortem check``, which reports the line of each finding. The map
    looks a line up only when asked.
    """
    try:
        size_limit = _max_file_size(max_file_size)
        depth_limit = _max_depth(max_depth)
        # A character is at most 4 bytes: only a long text needs its size counted.
        if len(text) > size_limit // 4 and _utf8_size(text) > size_limit:
            raise IncidentFormatError([Problem("$", _size_message(_utf8_size(text), size_limit))])
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise IncidentFormatError([Problem("$", f"not UTF-8 text: {exc.reason} at byte {exc.start}")]) from None
        lines: Mapping[str, int] = {}
        syntax_problems: list[Problem] = []
        data: object
        if format == "yaml":
            data, lines, syntax_problems = _parse_yaml(text, depth_limit)
        elif format == "json":
            data, syntax_problems = _parse_json(text, depth_limit)
        elif format == "toml":
            data = _parse_toml(text, depth_limit)
        else:
            raise PostmortemError(f"unknown format {format!r}; use yaml, json or toml")
        if data is None:
            raise IncidentFormatError([Problem("$", "the document is empty")])
        try:
            incident = from_dict(data, severity_scale=severity_scale)
        except IncidentFormatError as exc:
            located = [
                attrs.evolve(problem, line=problem.line or _line_for(problem.path, lines))
                for problem in syntax_problems + list(exc.problems)
            ]
            # Report in reading order: by line where known, then by path.
            located.sort(key=lambda problem: (problem.line or 0, problem.path))
            raise IncidentFormatError(located) from None
        if syntax_problems:
            raise IncidentFormatError(syntax_problems)
        return incident, lines
    except IncidentFormatError as exc:
        if source is None:
            raise
        raise exc.with_source(source) from None


_JSON_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|([\[{])|[\]}]')


def _json_depth_at(text: str, limit: int) -> int | None:
    """The offset where JSON text first nests deeper than ``limit``, or ``None``."""
    depth = 0
    for match in _JSON_BRACKETS.finditer(text):
        if match.group(1):
            depth += 1
            if depth > limit:
                return match.start()
        elif match.group(0)[0] != '"':
            depth -= 1
    return None


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: list[str]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _JsonObject(result)
    seen: set[str] = set()
    marked.duplicates = []
    for key, _value in pairs:
        if key in seen:
            marked.duplicates.append(key)
        seen.add(key)
    return marked


def _json_duplicates(data: object) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _JsonObject):
                problems.extend(
                    Problem(_join(path, _clip(key)), "duplicate key (the later value would win)")
                    for key in value.duplicates
                )
            stack.extend((_join(path, str(key)), item) for key, item in value.items() if isinstance(item, (dict, list)))
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{index}]", item) for index, item in enumerate(value) if isinstance(item, (dict, list))
            )
    return sorted(problems, key=lambda problem: problem.path)


def _parse_json(text: str, max_depth: int) -> tuple[object, list[Problem]]:
    # Counting brackets costs far less than the parse: only a document with more opening
    # brackets than the limit can nest too deep, so small ones are never scanned.
    if text.count("[") + text.count("{") > max_depth:
        offset = _json_depth_at(text, max_depth)
        if offset is not None:
            line = text.count("\n", 0, offset) + 1
            raise IncidentFormatError([Problem("$", _depth_message(max_depth), line)])
    duplicated: list[bool] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = _json_object(pairs)
        if isinstance(result, _JsonObject):
            duplicated.append(True)
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        raise IncidentFormatError([Problem("$", f"not valid JSON: {exc.msg}", exc.lineno)]) from None
    except RecursionError:
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4,300 digits.
        raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
    return data, _json_duplicates(data) if duplicated else []


def _parse_toml(text: str, max_depth: int) -> object:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        raise IncidentFormatError([Problem("$", f"not valid TOML: {_clip(message)}", line)]) from None
    except RecursionError:
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4,300 digits.
        raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
    path = _too_deep(data, max_depth)
    if path is not None:
        raise IncidentFormatError([Problem(path, _depth_message(max_depth))])
    return data


def _too_deep(data: object, limit: int) -> str | None:
    """The path of the first mapping or list nested deeper than ``limit`` in plain data, or ``None``."""
    stack: list[tuple[str, object, int]] = [("$", data, 1)]
    while stack:
        path, value, depth = stack.pop()
        if depth > limit:
            return path
        if isinstance(value, dict):
            stack.extend(
                (_join(path, str(key)), item, depth + 1)
                for key, item in value.items()
                if isinstance(item, (dict, list))
            )
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{index}]", item, depth + 1)
                for index, item in enumerate(value)
                if isinstance(item, (dict, list))
            )
    return None


def load(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> model.Incident:
    """Read an incident from a file; the format follows the suffix unless given.

    Args:
        path: The file.
        format: ``"yaml"``, ``"json"`` or ``"toml"``; by default from the suffix.
        severity_scale: As for :func:`loads`.
        max_file_size: As for :func:`loads`; a larger file is refused without reading it whole.
        max_depth: As for :func:`loads`.

    Raises:
        IncidentFormatError: every problem in the file, each naming the file, line and path.
        PostmortemError: when the file cannot be read.
    """
    return _load_with_lines(
        path, format=format, severity_scale=severity_scale, max_file_size=max_file_size, max_depth=max_depth
    )[0]


def _read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a file, refusing one larger than ``limit`` without reading it whole."""
    name = os.fspath(path)
    try:
        with Path(path).open("rb") as handle:
            # One byte past the limit: a pipe or a growing file is bounded as well.
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise PostmortemError(f"{name}: is a directory, not an incident file") from None
    except OSError as exc:
        raise PostmortemError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise IncidentFormatError([Problem("$", _size_message(len(data), limit, at_least=True))], name).with_source(
            name
        )
    return data


def _load_with_lines(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    severity_scale: model.SeverityScale | None = None,
    max_file_size: int | None = None,
    max_depth: int | None = None,
) -> tuple[model.Incident, Mapping[str, int]]:
    """:func:`load`, also returning the path -> line map (private, for ``postmortem check``)."""
    fmt = format or format_for_path(path)
    limit = _max_file_size(max_file_size)
    data = _read_bounded(path, limit)
    return _loads_with_lines(
        data, fmt, source=os.fspath(path), severity_scale=severity_scale, max_file_size=limit, max_depth=max_depth
    )


def dumps(incident: model.Incident, format: Format = "yaml") -> str:
    """Return the incident as YAML, JSON or TOML text.

    Fields equal to their defaults are left out; ``loads(dumps(x), format)`` equals ``x``.
    """
    data = to_dict(incident)
    if format == "yaml":
        return _yaml_dumps(data)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        import tomli_w  # noqa: PLC0415

        # Multi-line strings read better, but TOML readers fold \r\n inside them to \n.
        return tomli_w.dumps(data, multiline_strings=not _has_carriage_return(data))
    raise PostmortemError(f"unknown format {format!r}; use yaml, json or toml")


def _has_carriage_return(data: object) -> bool:
    if isinstance(data, str):
        return "\r" in data
    if isinstance(data, dict):
        return any(_has_carriage_return(value) for value in data.values())
    if isinstance(data, list):
        return any(_has_carriage_return(value) for value in data)
    return False


def dump(
    incident: model.Incident,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
) -> Path:
    """Write the incident to a file atomically; the format follows the suffix unless given.

    Returns:
        The path written.
    """
    fmt = format or format_for_path(path)
    return atomic_write(path, dumps(incident, fmt).encode("utf-8"))
