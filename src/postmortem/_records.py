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


def _functions(number: int, cls: type) -> tuple[Callable[..., object], Callable[[object], tuple[Any, ...]]]:
    """``make(*values)``, which returns an instance of ``cls`` with its fields set, and ``reduce(instance)``.

    ``make`` sets each field through its slot's descriptor (frozen attrs classes refuse
    ``setattr``), and is this module's ``_make_<number>``: pickle writes a reference to it
    once per stream and calls it for each object read, with nothing between. ``reduce``
    reads the fields in order with one generated expression.
    """
    names = [field.name for field in attrs.fields(cls)]
    arguments = ", ".join(f"v{index}" for index in range(len(names)))
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "put": object.__setattr__}
    lines = [f"def make({arguments}):", "    made = new(cls)"]
    for index, name in enumerate(names):
        slot = cls.__dict__.get(name)
        if slot is not None and hasattr(slot, "__set__") and "__slots__" in cls.__dict__:
            namespace[f"set_{index}"] = slot.__set__
            lines.append(f"    set_{index}(made, v{index})")
        else:
            lines.append(f"    put(made, {name!r}, v{index})")
    lines.append("    return made")
    values = "".join(f"instance.{name}, " for name in names)
    lines += ["def reduce(instance):", f"    return make_here, ({values})"]
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from field names)
    make: Callable[..., object] = namespace["make"]
    make.__module__ = __name__
    make.__name__ = make.__qualname__ = f"_make_{number}"
    namespace["make_here"] = make
    reduce: Callable[[object], tuple[Any, ...]] = namespace["reduce"]
    return make, reduce


_REDUCERS: dict[type, Callable[[object], tuple[Any, ...]]] = {}
for _number, _cls in enumerate(_CLASSES):
    globals()[f"_make_{_number}"], _REDUCERS[_cls] = _functions(_number, _cls)


def _member(member: enum.Enum) -> str:
    # A string names a global: the member itself, looked up when read (no call of the class).
    return f"{type(member).__qualname__}.{member.name}"


@functools.cache
def _table() -> dict[type, Any]:
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table.update(_REDUCERS)
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
