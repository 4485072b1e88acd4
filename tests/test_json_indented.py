"""``postmortem._json.dumps_indented`` writes what ``json.dumps(value, indent=N)`` writes."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem._json import dumps_indented
from postmortem.testing import examples

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))  # lone surrogates
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=examples(quick=130, full=400))
@given(value=_VALUES, indent=st.sampled_from([0, 1, 2, 4]), ensure_ascii=st.booleans())
def test_same_text_as_json(value: Any, indent: int, ensure_ascii: bool) -> None:
    """Any JSON-like value, at any indent, with or without ASCII escapes, reads the same as json writes it."""
    assert dumps_indented(value, indent=indent, ensure_ascii=ensure_ascii) == json.dumps(
        value, indent=indent, ensure_ascii=ensure_ascii
    )


class _Level(enum.IntEnum):
    LOW = 1


class _Name(str, enum.Enum):
    ONE = "one"


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [{}], "d": [[]]},
        {1: "a number key", "x": None},  # json turns the key into a string
        {True: 1, None: 2, 1.5: 3},
        OrderedDict([("z", 1), ("a", 2)]),
        {"level": _Level.LOW, "name": _Name.ONE},
        [math.nan, math.inf, -math.inf, -0.0, 1e300],
        "a lone string",
        7,
    ],
)
def test_values_json_converts(value: Any) -> None:
    """Keys json converts, enum members, special floats, and bare scalars come out as json writes them."""
    assert dumps_indented(value) == json.dumps(value, indent=2)
    assert dumps_indented(value, ensure_ascii=False) == json.dumps(value, indent=2, ensure_ascii=False)


def test_refused_as_json_refuses() -> None:
    """What json cannot write raises what json raises: an unknown type, a cycle."""
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": object()})
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented({"a": looped})


def test_deep_values() -> None:
    """A value nested deeper than the walk goes is written by json itself, the same."""
    deep: Any = "leaf"
    for _ in range(300):
        deep = {"d": [deep]}
    assert dumps_indented(deep) == json.dumps(deep, indent=2)
