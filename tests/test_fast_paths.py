"""The fast paths of loading agree with the thorough ones they stand in for.

Loading a valid file skips work that only a broken file needs: YAML without aliases is built
by our own walk instead of PyYAML's constructor, the parser's tag resolution comes from a
precomputed table, and structuring first runs a lean converter, then the detailed one only
when the lean one fails. Each of these must give exactly what the thorough path gives.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import model
from postmortem.errors import IncidentFormatError
from postmortem.serialize import _converter, _hooks, _yaml
from postmortem.strategies import hostile_text, incidents
from postmortem.testing import examples

# Scalars whose type a YAML reader guesses from how they are written.
GUESSED = [
    "yes", "No", "ON", "off", "true", "False", "~", "null", "Null", "", "0", "-0", "+12", "0x1F", "0o17",
    "017", "0b101", "1_000", "190:20:30", "1.5", "-.5", ".inf", "-.Inf", ".NaN", "6.8523015e+5", "1e3",
    "2026-05-04", "2026-05-04T10:00:00Z", "=", "<<", "a: b", "- x", "#", "'quoted'", "12:30", "3.", "+.5",
]  # fmt: skip


def _thorough(text: str) -> Any:
    """What PyYAML's own safe loader builds (with timestamps kept as text, as ours does)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for key, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(text, Loader=Loader)


UNUSUAL = object()


def _ours(text: str) -> Any:
    """What the plain builder makes, or ``UNUSUAL`` when it leaves the document to PyYAML."""
    loader = _yaml._yaml_loader()(text)
    try:
        node = loader.get_single_node()
        data, _duplicates = _yaml._build_plain(loader, node, 64)
    except _yaml._Unusual:
        return UNUSUAL
    finally:
        loader.dispose()
    return data


def _loaded(text: str) -> Any:
    """What the loader as a whole reads (the plain builder, or PyYAML when it steps aside)."""
    return _yaml._parse_yaml(text, 64)[0]


def _same(left: object, right: object) -> bool:
    """Equal, with NaN equal to itself and the types of numbers and booleans compared too."""
    if isinstance(left, float) and isinstance(right, float) and left != left:  # noqa: PLR0124
        return right != right  # noqa: PLR0124
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        assert isinstance(right, dict)
        return list(left) == list(right) and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        assert isinstance(right, list)
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return left == right


yaml_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.sampled_from(GUESSED),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(GUESSED) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


class TestPlainYamlBuilder:
    """Our walk over an alias-free document builds what PyYAML builds."""

    @pytest.mark.parametrize("written", GUESSED)
    @pytest.mark.parametrize("template", ["key: {}\n", "- {}\n", "{}: 1\n", "a:\n  - b: {}\n"])
    def test_guessed_scalars(self, template: str, written: str) -> None:
        """Each scalar whose type is guessed from its spelling reads as PyYAML reads it."""
        text = template.format(written)
        try:
            expected = _thorough(text)
        except yaml.YAMLError:
            with pytest.raises(IncidentFormatError):
                _loaded(text)
            return
        ours = _ours(text)
        assert ours is UNUSUAL or _same(expected, ours), text
        assert _same(expected, _loaded(text)), text

    @settings(max_examples=examples(quick=50, full=200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=yaml_data, flow=st.booleans())
    def test_any_document(self, data: object, flow: bool) -> None:
        """Any data PyYAML can write reads back the same through both builders."""
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
        expected = _thorough(text)
        ours = _ours(text)
        assert ours is UNUSUAL or _same(expected, ours), text
        assert _same(expected, _loaded(text)), text

    def test_duplicate_keys_are_found(self) -> None:
        """Keys written twice are reported where they are, and the later value wins as in PyYAML."""
        text = "id: INC-1\nid: INC-2\nnarrative:\n  detection: a\n  detection: b\n"
        with pytest.raises(IncidentFormatError) as info:
            postmortem.loads(text)
        found = [str(problem) for problem in info.value.problems]
        assert "line 2 $.id: duplicate key (the later value would win)" in found
        assert "line 5 $.narrative.detection: duplicate key (the later value would win)" in found
        assert _ours(text) == _thorough(text)

    @pytest.mark.parametrize(
        "text",
        [
            "base: &b {x: 1}\nother: *b\n",
            "a: {<<: {x: 1}, y: 2}\n",
            "a: !!binary aGVsbG8=\n",
            "a: !!set {x, y}\n",
            "a: !!omap [x: 1]\n",
            "? {a: b}\n: 1\n",
        ],
    )
    def test_unusual_documents_are_left_to_pyyaml(self, text: str) -> None:
        """Aliases, merge keys, explicit tags and complex keys are not the plain builder's."""
        if "*" not in text:
            assert _ours(text) is UNUSUAL
        try:
            expected = _thorough(text)
        except yaml.YAMLError:
            with pytest.raises(IncidentFormatError):
                _loaded(text)
            return
        assert _same(expected, _loaded(text))


class TestResolver:
    """The precomputed tag resolution answers as PyYAML's does."""

    @given(value=st.text(max_size=12) | st.sampled_from(GUESSED), plain=st.booleans(), quoted=st.booleans())
    def test_same_tag(self, value: str, plain: bool, quoted: bool) -> None:
        """Every scalar, plain or quoted, gets the tag PyYAML's resolver gives it."""
        ours = _yaml._yaml_loader()("")
        theirs = yaml.SafeLoader("")
        theirs.yaml_implicit_resolvers = ours.yaml_implicit_resolvers
        try:
            expected = theirs.resolve(yaml.ScalarNode, value, (plain, quoted))
            assert expected == ours.resolve(yaml.ScalarNode, value, (plain, quoted))
        finally:
            ours.dispose()
            theirs.dispose()


class TestLeanConverter:
    """The lean converter accepts exactly what the detailed one accepts."""

    @pytest.mark.slow
    @settings(
        max_examples=examples(quick=10, full=40),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(incident=incidents(hostile_text(allow_surrogates=False)))
    def test_valid_incidents(self, incident: model.Incident) -> None:
        """A valid incident's data gives equal incidents through both converters."""
        data = postmortem.to_dict(incident)
        assert _converter._lean_converter().structure(data, model.Incident) == incident
        assert _converter._converter().structure(data, model.Incident) == incident

    @pytest.mark.slow
    @settings(
        max_examples=examples(quick=15, full=60),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        incident=incidents(hostile_text(allow_surrogates=False)),
        data=st.data(),
        bad=st.sampled_from([None, 3, "not a date", [], {}, {"x": 1}, True, "", -1, 1e400]),
    )
    def test_broken_incidents(self, incident: model.Incident, data: st.DataObject, bad: object) -> None:
        """One value replaced anywhere: both converters accept it, or both refuse it."""
        plain = postmortem.to_dict(incident)
        places: list[tuple[Any, Any]] = []
        stack: list[Any] = [plain]
        while stack:
            node = stack.pop()
            keys = list(node) if isinstance(node, dict) else range(len(node))
            for key in keys:
                places.append((node, key))
                if isinstance(node[key], (dict, list)):
                    stack.append(node[key])
        node, key = data.draw(st.sampled_from(places))
        node[key] = bad

        def outcome(converter: Any) -> object:
            token = _hooks._current_scale.set(model.DEFAULT_SEVERITY_SCALE)
            try:
                return converter.structure(plain, model.Incident)
            except Exception:
                return "refused"
            finally:
                _hooks._current_scale.reset(token)

        assert outcome(_converter._lean_converter()) == outcome(_converter._converter())


class TestSafeUrl:
    """``is_safe_url`` finds whitespace and control characters with a regular expression."""

    def test_every_character(self) -> None:
        """Every code point is refused exactly when it is whitespace or a control character (Cc)."""
        import sys
        import unicodedata

        from postmortem.presentation import is_safe_url

        for point in range(sys.maxunicode + 1):
            char = chr(point)
            unsafe = char.isspace() or unicodedata.category(char) == "Cc"
            assert is_safe_url(f"https://example.com/a{char}b") is not unsafe, hex(point)
