"""The cattrs converter between incidents and plain data in the file layout.

:func:`make_converter` builds one, as cattrs' ``preconf`` modules do; :func:`configure_converter`
installs the same hooks on a converter the caller made. A plugin that reads or writes
incidents (or parts of them: a list of action items, a timeline event) reuses it and gets
the file layout and the messages of :func:`postmortem.load`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping
from datetime import date, datetime

import attrs
import cattrs

from postmortem import model
from postmortem.serialize._hooks import (
    _attrs_hook,
    _current_scale,
    _current_zone,
    _is_optional,
    _is_tuple_of,
    _mapping_hook,
    _optional_hook_factory,
    _structure_bool,
    _structure_date,
    _structure_enum,
    _structure_float,
    _structure_int,
    _structure_items,
    _structure_severity,
    _structure_str,
    _tuple_hook_factory,
)
from postmortem.serialize._problems import _describe, _MismatchError
from postmortem.serialize._times import (
    _register_incident_unstructure,
    _register_time_hooks,
    _structure_time_value,
    _unstructure_on_first_use,
)

__all__ = ["configure_converter", "make_converter"]


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """Return a new converter between incidents and plain data in the file layout.

    The layout is the one :func:`~postmortem.serialize.load` reads and
    :func:`~postmortem.serialize.dump` writes: attrs field names as keys, enums as their values,
    times as ISO 8601 text with an offset (or a bare date, or ``{at, precision, bound}``),
    severities by name, unknown keys refused and fields equal to their default left out.
    Every model class structures and unstructures with it, not only
    :class:`~postmortem.model.Incident`; the converter is the caller's to extend.

    Args:
        detailed_validation: With it (the default), every problem is collected with its path
            (see :func:`~postmortem.serialize.problems_of`). Without it, structuring stops at
            the first problem and says little, but does less work: the generated hooks have
            no per-field bookkeeping and list items go straight to their class's hook.
            :func:`~postmortem.serialize.from_dict` tries a lean converter first and runs a
            detailed one only when the lean one fails, so messages are as detailed as ever
            and a valid file costs less.

    Returns:
        A ``cattrs.Converter`` with ``forbid_extra_keys`` and ``omit_if_default`` set and the
        hooks of :func:`configure_converter` installed.

    Example:
        >>> from postmortem import model
        >>> from postmortem.serialize import make_converter
        >>> converter = make_converter()
        >>> raw = {"id": "AI-1", "description": "Alert on queue age", "owner": "sre"}
        >>> item = converter.structure(raw, model.ActionItem)
        >>> converter.unstructure(item)["owner"]
        'sre'
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed_validation)
    configure_converter(converter)
    return converter


def configure_converter(converter: cattrs.Converter) -> None:
    """Install the hooks of the incident file layout on ``converter``.

    For a converter the caller made (as cattrs' ``preconf`` modules configure theirs). Make it
    with ``forbid_extra_keys=True, omit_if_default=True`` to read and write exactly what
    :func:`make_converter` does; register your own hooks after this call, so that the ones
    here do not replace them.

    Args:
        converter: The converter to configure.
    """
    # cattrs dispatches single classes before predicates, by MRO: our str enums need their
    # own, more specific, registration or the str hook would structure them as plain text.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(model.LabelledEnum, _structure_enum)
    converter.register_structure_hook(datetime, _structure_time_value)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(model.Severity, _structure_severity)
    converter.register_structure_hook_func(lambda t: t == dict[str, str], _mapping_hook)
    converter.register_structure_hook_factory(_is_tuple_of, lambda t: _tuple_hook_factory(t, converter))
    converter.register_structure_hook_factory(attrs.has, lambda cl: _attrs_hook(cl, converter))
    converter.register_structure_hook_factory(_is_optional, lambda t: _optional_hook_factory(t, converter))

    converter.register_unstructure_hook(model.LabelledEnum, lambda value: value.value)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_unstructure_hook(date, lambda value: value.isoformat())
    converter.register_unstructure_hook(model.Severity, lambda value: value.name)
    _register_time_hooks(converter)  # after the leaf hooks, which the generated hooks capture

    # A scale is written as a list of full levels, not wrapped in {"levels": [...]}, while
    # ``severity`` elsewhere is only a level's name.
    level_unstructure = _unstructure_on_first_use(model.Severity, converter)
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


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    """The detailed converter that loading and saving use: every problem, with its path."""
    return make_converter()


@functools.lru_cache(maxsize=1)
def _lean_converter() -> cattrs.Converter:
    """The lean converter, for the first attempt at structuring (see :func:`make_converter`)."""
    return make_converter(detailed_validation=False)
