"""The cattrs hooks for the values in an incident file: text, numbers, times, enums, lists.

Each hook accepts what people write (``id: 2026`` is text, ``2026-04-11T02:00Z`` a time) and
refuses the rest with a message in the user's words (:class:`_MismatchError`).
"""

from __future__ import annotations

import contextvars
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from postmortem import model
from postmortem.errors import FieldError, did_you_mean
from postmortem.serialize._problems import _SURROGATE, _describe, _MismatchError, _WrittenFloat, _WrittenInt

if TYPE_CHECKING:
    import cattrs

# The severity scale that ``severity`` names are resolved against while one incident is
# being structured. A context variable keeps concurrent loads in threads independent.
_current_scale: contextvars.ContextVar[model.SeverityScale] = contextvars.ContextVar(
    "postmortem_severity_scale", default=model.DEFAULT_SEVERITY_SCALE
)


# The timezone a bare date (``2026-04-11``: date precision) is read in and written for:
# the incident's own, set while one incident is structured or unstructured.
_current_zone: contextvars.ContextVar[str] = contextvars.ContextVar("postmortem_timezone", default="UTC")


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
        # YAML and TOML read ``id: 2026`` as a number; the user meant the text, as written
        # (``0042`` and ``1.10`` from YAML keep their digits: see _WrittenInt).
        if isinstance(value, (_WrittenInt, _WrittenFloat)):
            return value.written
        if isinstance(value, float) and not math.isfinite(value):
            raise _MismatchError(f"expected text, got a number that is not finite ({value}): quote the text")
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
        return value if value.__class__ is int else int(value)
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
        raise _MismatchError(_not_a_time(text)) from None


def _not_a_time(value: object) -> str:
    """The message for a value that is no time: the form it has and what to write, where that form is known."""
    from postmortem.serialize._time_forms import time_form  # noqa: PLC0415  (only for a value that did not read)

    if isinstance(value, (str, int)) and not isinstance(value, bool):
        form = time_form(str(value))
        if form is not None:
            return f"{_describe(value)} {form}"
    return _NOT_A_TIME.format(_describe(value))


def _structure_datetime(value: object, _type: object) -> datetime:
    result: datetime
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        result = _read_datetime(value)
    else:
        raise _MismatchError(_not_a_time(value))
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
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        from postmortem.serialize._time_forms import date_form  # noqa: PLC0415  (only for a value that did not read)

        form = date_form(str(value))
        if form is not None:
            raise _MismatchError(f"{_describe(value)} {form}")
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


def _structure_enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        # The member of that value, looked up where calling the class looks first (the call
        # itself runs Python code: about a tenth of a microsecond here against one there).
        member = cl._value2member_map_.get(value)
        if member is not None:
            return member
        try:
            return cl(value)
        except ValueError:
            normalised = value.strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
            for member in cl:
                if member.value == normalised:
                    return member
    values = [member.value for member in cl]
    hint = did_you_mean(str(value), values)
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


def _is_optional(type_: object) -> bool:
    """Whether ``type_`` is ``X | None`` (as cattrs' own test for the hook below)."""
    if typing.get_origin(type_) not in (typing.Union, types.UnionType):
        return False
    arguments = typing.get_args(type_)
    return len(arguments) == 2 and type(None) in arguments


def _optional_hook_factory(type_: object, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    """The structure hook of ``X | None``: None, or what ``X``'s hook makes of the value.

    What cattrs' own hook does, with ``X``'s hook found once, for the first value that is not
    None, and kept: cattrs' looks it up again for every value (its dispatch, in Python, about 18
    times a benchmark incident). Found no sooner, as cattrs finds it: a type without a hook
    (``timedelta``) is refused only when a value of it is structured.
    """
    first, second = typing.get_args(type_)
    other = first if second is type(None) else second
    found: list[Callable[[object, object], Any]] = []

    def structure_optional(value: object, _type: object) -> Any:
        if value is None:
            return None
        if not found:
            found.append(converter.get_structure_hook(other))
        return found[0](value, other)

    return structure_optional


def _mapping_hook(value: object, _type: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise _MismatchError(f"expected a mapping of names to text, got {_describe(value)}")
    result: dict[str, str] = {}
    for key, item in value.items():
        result[_structure_str(key, str)] = _structure_str(item, str)
    return result


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
