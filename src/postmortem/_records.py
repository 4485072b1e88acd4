"""Incidents and check reports as compact bytes, for handing them from a worker process to the caller.

Pickle writes an attrs instance as its class, a dict of field names to values and a call
of the class's ``__setstate__`` (a Python loop over the names) when it is read back; an enum
member as a call of its class with the value. An incident holds a few dozen of these. Here
each model object is written as a class number and its values in field order, and read
back by a function made once per class that sets them; an enum member is written as a
reference to the member itself. Both sides are this module, in the same version of the
package (the worker is a fork of the caller, or started by it).

Nothing is validated again when the bytes are read: the objects were built, and validated,
in the worker, and reading gives objects equal to them.
"""

from __future__ import annotations

import copyreg
import enum
import functools
import io
import pickle
from collections.abc import Callable
from typing import Any

import attrs

from postmortem import model
from postmortem.checks import Finding, FindingSeverity, Report, SectionScore

__all__ = ["dumps", "loads"]


def _of_model(value: type) -> bool:
    # The classes live in the model package's private modules (postmortem.model._sections).
    return value.__module__.startswith(f"{model.__name__}.")


# The model's classes, and those of a check's report (postmortem check's workers send reports).
_CLASSES: tuple[type, ...] = (
    *(value for value in vars(model).values() if isinstance(value, type) and attrs.has(value) and _of_model(value)),
    Report,
    Finding,
    SectionScore,
)
_ENUMS: tuple[type[enum.Enum], ...] = (
    *(
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, enum.Enum) and _of_model(value)
    ),
    FindingSeverity,
)


def _maker(cls: type) -> Callable[..., object]:
    """A function taking the field values of ``cls`` in order and returning the instance."""
    names = [field.name for field in attrs.fields(cls)]
    arguments = ", ".join(f"v{index}" for index in range(len(names)))
    lines = [f"def make({arguments}):", "    made = new(cls)"]
    lines += [f"    put(made, {name!r}, v{index})" for index, name in enumerate(names)]
    lines.append("    return made")
    namespace: dict[str, Any] = {"new": object.__new__, "put": object.__setattr__, "cls": cls}
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from field names)
    made: Callable[..., object] = namespace["make"]
    return made


@functools.cache
def _makers() -> tuple[Callable[..., object], ...]:
    return tuple(_maker(cls) for cls in _CLASSES)


def _rebuild(number: int, *values: object) -> object:
    return _makers()[number](*values)


def _reducer(number: int, names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    def reduce(instance: object) -> tuple[Any, ...]:
        return _rebuild, (number, *[getattr(instance, name) for name in names])

    return reduce


def _member(member: enum.Enum) -> str:
    # A string names a global: the member itself, looked up when read (no call of the class).
    return f"{type(member).__qualname__}.{member.name}"


@functools.cache
def _table() -> dict[type, Any]:
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for number, cls in enumerate(_CLASSES):
        table[cls] = _reducer(number, tuple(field.name for field in attrs.fields(cls)))
    for kind in _ENUMS:
        table[kind] = _member
    return table


def dumps(value: object) -> bytes:
    """``value`` (which may hold incidents and reports) as bytes for :func:`loads`."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _table()
    pickler.dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """The value :func:`dumps` wrote."""
    return pickle.loads(data)  # noqa: S301  (bytes from our own worker process)
