"""A JSON Schema of the incident file format, derived from the model.

Editors use it for completion and inline errors (yaml-language-server, VS Code). The
schema follows the attrs classes, so it cannot drift from what the loader accepts;
descriptions come from the classes' ``Attributes:`` docstring sections.
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from datetime import date, datetime
from typing import Any

import attrs

from postmortem import model

__all__ = ["json_schema"]

SCHEMA_ID = "https://postmortem.readthedocs.io/en/latest/_static/incident.schema.json"

# Required in the model but optional in files: the loader supplies ``None``.
_OPTIONAL_IN_FILES = {(model.Incident, "severity")}

_ATTRIBUTE_LINE = re.compile(r"^\s{8}(\w+):\s*(.*)$")


def _attribute_docs(cls: type) -> dict[str, str]:
    docs: dict[str, str] = {}
    in_section = False
    current: str | None = None
    for line in (cls.__doc__ or "").splitlines():
        stripped = line.strip()
        if stripped == "Attributes:":
            in_section = True
            continue
        if not in_section:
            continue
        match = _ATTRIBUTE_LINE.match(line)
        if match:
            current = match.group(1)
            docs[current] = match.group(2).strip()
        elif stripped and current and line.startswith(" " * 12):
            docs[current] += " " + stripped
        elif stripped and not line.startswith(" " * 8):
            break
    return docs


def _first_line(cls: type) -> str:
    return (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, type_: Any) -> dict[str, Any]:  # noqa: PLR0911, PLR0912  (one branch per kind of type)
        origin = typing.get_origin(type_)
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(type_) if arg is not type(None)]
            if len(options) == 1:
                return self.type_schema(options[0])
            return {"anyOf": [self.type_schema(option) for option in options]}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(typing.get_args(type_)[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": {"type": "string"}}
        if type_ is str:
            return {"type": "string"}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is float:
            return {"type": "number"}
        if type_ is datetime:
            return {
                "type": "string",
                "format": "date-time",
                "description": "ISO 8601 with a timezone offset, such as 2026-05-04T10:42:00Z",
            }
        if type_ is date:
            return {"type": "string", "format": "date", "description": "A date such as 2026-12-01"}
        if type_ is model.Severity:
            names = [level.name for level in model.DEFAULT_SEVERITY_SCALE]
            return {
                "type": "string",
                "description": "A level of the severity scale (default scale: " + ", ".join(names) + ")",
                "examples": names,
            }
        if type_ is model.SeverityScale:
            return {"type": "array", "items": self.object_schema(model.Severity), "minItems": 1}
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            name = type_.__name__
            if name not in self.defs:
                self.defs[name] = {
                    "type": "string",
                    "enum": [member.value for member in type_],
                    "description": _first_line(type_),
                }
            return {"$ref": f"#/$defs/{name}"}
        if attrs.has(type_):
            name = type_.__name__
            if name not in self.defs:
                self.defs[name] = {}  # placeholder against recursion
                self.defs[name] = self.object_schema(type_)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"no schema for {type_!r}")  # pragma: no cover - a model change without a schema rule

    def time_schema(self) -> dict[str, Any]:
        """A time as files write it: a timestamp, a bare date, or a mapping with precision and bound."""
        if "Time" not in self.defs:
            accuracy_docs = _attribute_docs(model.TimeAccuracy)
            timestamp = self.type_schema(datetime)
            day = {
                "type": "string",
                "format": "date",
                "description": "A date only (date precision), in the incident's timezone, such as 2026-04-11",
            }
            self.defs["Time"] = {
                "description": (
                    "A time: an exact timestamp, a date only, or a mapping with the time (at), how "
                    "precisely it is known and an optional bound"
                ),
                "anyOf": [
                    timestamp,
                    day,
                    {
                        "type": "object",
                        "properties": {
                            "at": {"anyOf": [timestamp, day], "description": "The time as written"},
                            "precision": {
                                "allOf": [self.type_schema(model.TimePrecision)],
                                "description": accuracy_docs["precision"],
                            },
                            "bound": {
                                "allOf": [self.type_schema(model.TimeBound)],
                                "description": accuracy_docs["bound"],
                            },
                        },
                        "required": ["at"],
                        "additionalProperties": False,
                    },
                ],
            }
        return {"$ref": "#/$defs/Time"}

    def object_schema(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = _attribute_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        times = model.accuracy_fields(cls) if attrs.has(cls) else {}
        for field in attrs.fields(cls):
            if field.name in times.values():
                continue  # written inside its time, as {at, precision, bound}
            schema = dict(self.time_schema() if field.name in times else self.type_schema(hints[field.name]))
            if type(None) in typing.get_args(hints[field.name]) or (cls, field.name) in _OPTIONAL_IN_FILES:
                # The loader takes null for "not known" (``detected:`` left empty): so does the schema.
                examples = {"examples": schema["examples"]} if "examples" in schema else {}  # completion
                schema = {"anyOf": [schema, {"type": "null"}], **examples}
            if field.name in docs:
                if "$ref" in schema:
                    schema = {"allOf": [schema], "description": docs[field.name]}
                else:
                    schema["description"] = docs[field.name]
            properties[field.name] = schema
            if field.default is attrs.NOTHING and (cls, field.name) not in _OPTIONAL_IN_FILES:
                required.append(field.name)
        result: dict[str, Any] = {
            "type": "object",
            "description": _first_line(cls),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        return result


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of an incident file."""
    builder = _Builder()
    root = builder.object_schema(model.Incident)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "postmortem incident",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
