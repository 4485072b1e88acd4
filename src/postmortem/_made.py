"""Instances of frozen attrs classes made from values that are already theirs: :func:`maker`.

A frozen attrs class's ``__init__`` sets each field through ``object.__setattr__`` bound to
the new instance (a call that packs its two arguments into a tuple and unpacks them again)
and runs the field's converters. Where the values are known to be right already (read back
from a worker's report, or copied from another instance with a field or two changed), a
function that sets each slot through its descriptor makes the same object in about half the
time. Nothing is checked or converted: the caller passes values the class's own ``__init__``
would have stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["maker"]

_T = TypeVar("_T")


def maker(cls: type[_T]) -> Callable[..., _T]:
    """``make(*values)``: an instance of the attrs class ``cls`` with its fields set to ``values``, in field order.

    A new function on each call (the caller keeps it, and may name it). Each field of a slotted
    class is set through its slot's descriptor; any other field (a class without slots)
    through ``object.__setattr__``, which frozen classes do not refuse.
    """
    names = [field.name for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls))]
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
    exec("\n".join(lines), namespace)  # noqa: S102  (the source is made here from field names)
    make: Callable[..., _T] = namespace["make"]
    make.__qualname__ = f"maker.<{cls.__qualname__}>"
    return make
