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
from postmortem._made import maker
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


def _functions(number: int, cls: type) -> tuple[Callable[..., object], Callable[[object], tuple[Any, ...]]]:
    """``make(*values)``, which returns an instance of ``cls`` with its fields set, and ``reduce(instance)``.

    ``make`` sets each field through its slot's descriptor (see ``postmortem._made``), and is
    this module's ``_make_<number>``: pickle writes a reference to it once per stream and calls
    it for each object read, with nothing between. ``reduce`` reads the fields in order with one
    generated expression.
    """
    names = [field.name for field in attrs.fields(cls)]
    make: Callable[..., object] = maker(cls)
    make.__module__ = __name__
    make.__name__ = make.__qualname__ = f"_make_{number}"
    values = "".join(f"instance.{name}, " for name in names)
    namespace: dict[str, Any] = {"make_here": make}
    exec(f"def reduce(instance):\n    return make_here, ({values})", namespace)  # noqa: S102  (made from field names)
    reduce: Callable[[object], tuple[Any, ...]] = namespace["reduce"]
    return make, reduce


# Each class's functions are made when first needed, not at import: ``postmortem check``
# imports this module before its worker starts and sends only reports, so making all of them
# (about 6 ms of CPU) would hold up the worker's start for nothing.
_NUMBERS: dict[type, int] = {cls: number for number, cls in enumerate(_CLASSES)}
_REDUCERS: dict[type, Callable[[object], tuple[Any, ...]]] = {}


def _reducer(cls: type) -> Callable[[object], tuple[Any, ...]]:
    """``reduce`` of ``cls`` (one of ``_CLASSES``), made with its ``_make_<number>`` on first use."""
    reduce = _REDUCERS.get(cls)
    if reduce is None:
        number = _NUMBERS[cls]
        globals()[f"_make_{number}"], reduce = _functions(number, cls)
        _REDUCERS[cls] = reduce
    return reduce


def __getattr__(name: str) -> Any:
    """``_make_<number>``, made when pickle looks it up to read an object of a class not yet written here."""
    number = name.removeprefix("_make_")
    if number != name and number.isdigit() and int(number) < len(_CLASSES):
        _reducer(_CLASSES[int(number)])
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Table(dict[type, Any]):
    """Pickle's dispatch table: copyreg's, the enums', and each class's ``reduce`` once asked for."""

    def __missing__(self, kind: type) -> Any:
        if kind not in _NUMBERS:
            raise KeyError(kind)
        reduce = self[kind] = _reducer(kind)
        return reduce


def _member(member: enum.Enum) -> str:
    # A string names a global: the member itself, looked up when read (no call of the class).
    return f"{type(member).__qualname__}.{member.name}"


@functools.cache
def _table() -> dict[type, Any]:
    table = _Table(copyreg.dispatch_table)
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
