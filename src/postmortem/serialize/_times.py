"""Honest times: a time and its accuracy are one key in a file.

A time field and its accuracy field (``started`` / ``started_accuracy``) are one key in
files: a plain timestamp (exact), a bare date (date precision, in the incident's timezone)
or a mapping ``{at: ..., precision: hour, bound: about}``. These hooks fold and unfold the
pair around the generated attrs hooks of every class that has accuracy fields.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from postmortem import model
from postmortem.serialize._hooks import _attrs_hook, _current_zone, _structure_datetime
from postmortem.serialize._problems import _describe, _MismatchError

if TYPE_CHECKING:
    import cattrs

_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


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
    return time_as_written(at, accuracy, _current_zone.get())


def time_as_written(at: datetime, accuracy: model.TimeAccuracy, timezone: str = "UTC") -> object:
    """The form a time and its accuracy take in an incident file, as :func:`dumps` writes them.

    An exact time is a timestamp; a date-precision time at midnight in ``timezone`` is a bare
    date (``2026-04-11``), with its bound in a mapping when it has one; any other rough time is a
    mapping ``{at: ..., precision: hour, bound: about}``. Loading the form back gives ``at`` and
    ``accuracy`` again. Code that writes part of an incident file itself (``postmortem timeline``
    writing new events) uses it, so that no time loses its accuracy on the way.

    Args:
        at: The time.
        accuracy: How well it is known.
        timezone: The incident's timezone (IANA name), in which a bare date is read.

    Returns:
        A string or a mapping, for a YAML, JSON or TOML writer.
    """
    if accuracy.is_exact:
        return at.isoformat()
    local = at.astimezone(_zone_info(timezone))
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


def _unstructure_on_first_use(cls: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """Return cattrs' generated unstructure function of *cls*, generated the first time it is called.

    Generating one compiles Python code for the class and every class it holds (about a
    tenth of the calling process's time before the first file, in ``postmortem check``);
    checking and validating never write an incident, so they never pay for it. The hooks it
    takes for the fields are those the converter has when it is first called.
    """
    made: list[Callable[[Any], dict[str, Any]]] = []

    def unstructure(value: Any) -> dict[str, Any]:
        if not made:
            made.append(make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True))
        return made[0](value)

    return unstructure


def _register_incident_unstructure(converter: cattrs.Converter) -> None:
    """Write times in the incident's timezone context, and leave out a severity not yet assessed."""
    incident_unstructure = _unstructure_on_first_use(model.Incident, converter)

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
    inner_unstructure = _unstructure_on_first_use(cls, converter)
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
