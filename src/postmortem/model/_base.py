"""The base of the model's enums and the validators its classes share."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from postmortem.errors import FieldError

if TYPE_CHECKING:
    import attrs


class LabelledEnum(str, enum.Enum):
    """The base of every enum of the model: a string enum whose values are the words written in files.

    A converter can hook this one class to read and write every enum of the model (as
    :func:`postmortem.serialize.configure_converter` does).
    """

    @property
    def label(self) -> str:
        """The value as a person would read it: ``in_progress`` becomes ``In progress``."""
        return str(self.value).replace("_", " ").capitalize()

    def __str__(self) -> str:
        return str(self.value)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise FieldError(
            name,
            f"datetime {value.isoformat()} has no timezone; write it with an offset "
            f"such as {value.isoformat()}Z or {value.isoformat()}+02:00",
        )


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    if value is not None:
        _require_aware(value, attribute.name)


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


# Characters no link or identifier may hold: control characters, line and paragraph
# separators, lone surrogates and the noncharacters U+FFFE and U+FFFF. Renderers cannot
# write them into a URL or a file name, and nobody types them on purpose.
NOT_IN_TOKENS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _token(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    match = NOT_IN_TOKENS.search(value)
    if match is not None:
        raise FieldError(
            attribute.name,
            f"must not hold the invisible character U+{ord(match.group()):04X} (character {match.start() + 1})",
        )


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str):
        # A lone string is almost always a mistake for a one-element list.
        return (value,)
    return tuple(value)
