"""Loading and saving incidents as YAML, JSON and TOML.

The model classes know nothing about files; the cattrs converter of this package does. All
three formats share one data layout: the attrs field names as keys, enums as their values
(``in_progress``), datetimes as ISO 8601 strings with an offset, dates as ``YYYY-MM-DD``, and
the severity as the name of a level (``SEV2``). Fields equal to their default are left out
when saving, so files stay short and round trips are exact.

Every problem in a file is reported at once in one :class:`~postmortem.errors.IncidentFormatError`.

The package is laid out as cattrs is:

- ``_io``: :func:`load`, :func:`loads`, :func:`dump`, :func:`dumps` and the dict level.
- ``_converter``: :func:`make_converter` and :func:`configure_converter`, for plugins that
  read or write the same layout (as ``cattrs.preconf`` converters are reused).
- ``_hooks`` and ``_times``: the hooks for values, model classes and honest times.
- ``_yaml``: the YAML reader, with the line of each ``$.path``; ``_formats``: JSON and TOML.
- ``_problems``: every problem at its ``$.path``, and the messages for documents over a limit.
- ``_limits``: the size and depth limits.
"""

from __future__ import annotations

from postmortem.serialize._converter import configure_converter, make_converter
from postmortem.serialize._io import (
    Format,
    dump,
    dumps,
    format_for_path,
    from_dict,
    load,
    load_many_with_source,
    load_with_lines,
    load_with_source,
    loads,
    loads_with_lines,
    to_dict,
)
from postmortem.serialize._limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_SIZE, max_depth, max_file_size, parse_size
from postmortem.serialize._problems import problems_of
from postmortem.serialize._text_lines import json_lines, toml_lines
from postmortem.serialize._times import time_as_written
from postmortem.serialize._yaml import MAX_ALIAS_EXPANSION, line_for, yaml_problem

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILE_SIZE",
    "MAX_ALIAS_EXPANSION",
    "Format",
    "configure_converter",
    "dump",
    "dumps",
    "format_for_path",
    "from_dict",
    "json_lines",
    "line_for",
    "load",
    "load_many_with_source",
    "load_with_lines",
    "load_with_source",
    "loads",
    "loads_with_lines",
    "make_converter",
    "max_depth",
    "max_file_size",
    "parse_size",
    "problems_of",
    "time_as_written",
    "to_dict",
    "toml_lines",
    "yaml_problem",
]
