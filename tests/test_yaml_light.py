"""A YAML document read from light nodes (``serialize._yaml_light``) reads as from PyYAML's nodes.

The light reader lets libyaml's composer make each scalar a tuple and keep ``resolve``'s
arguments as a ``slice``, then resolves each plain scalar itself: the data, its types and
every line must be what the plain builder makes from PyYAML's nodes, and anything it cannot
read must go back to the usual way with PyYAML's own classes put back.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import yaml
import yaml.nodes
from hypothesis import HealthCheck, given, settings
from tests.test_fast_paths import GUESSED, _same, _thorough, yaml_data

from postmortem.errors import IncidentFormatError
from postmortem.serialize import _yaml, _yaml_light
from postmortem.testing import examples

pytestmark = pytest.mark.skipif(_yaml_light._light() is None, reason="PyYAML without libyaml")

_ONE_THREAD = _yaml_light._one_thread


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read light as in a process of one thread: a pytest-xdist worker runs a thread of its own (execnet's),
    which reads no YAML (test_not_with_another_thread asks the real question)."""
    monkeypatch.setattr(_yaml_light, "_one_thread", lambda: True)


def _plain(text: str) -> tuple[object, Any, list[Any]] | None:
    """What the plain builder reads from PyYAML's nodes (None: it leaves the document to PyYAML)."""
    loader = _yaml._yaml_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        return _yaml._read_plain(loader, node, 64)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _agree(text: str) -> bool:
    """Whether the light reader read ``text`` (it agrees with the plain builder when it did)."""
    light = _yaml_light.read_light(text, 64)
    assert _yaml_light._light()[0].ScalarNode is yaml.nodes.ScalarNode  # type: ignore[index]
    if light is None:
        return False
    plain = _plain(text)
    assert plain is not None, text
    assert _same(light[0], plain[0]), text
    assert light[2] == plain[2] == []
    if isinstance(plain[1], dict):
        assert light[1] == plain[1]
        return True
    assert list(light[1]) == list(plain[1]), text
    for path in plain[1]:
        assert light[1][path] == plain[1][path], (text, path)
    return True


class TestLightReader:
    @pytest.mark.parametrize("written", GUESSED)
    @pytest.mark.parametrize("template", ["key: {}\n", "- {}\n", "{}: 1\n", "a:\n  - b: {}\n", "'{}': x\n"])
    def test_guessed_scalars(self, template: str, written: str) -> None:
        """Each scalar whose type is guessed from its spelling (as value or key) reads as PyYAML reads it."""
        text = template.format(written)
        _agree(text)
        try:
            expected = _thorough(text)
        except yaml.YAMLError:
            return
        assert _same(expected, _yaml._parse_yaml(text, 64)[0]), text

    @settings(max_examples=examples(quick=50, full=200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=yaml_data)
    def test_any_document(self, data: object) -> None:
        """Any data PyYAML can write, in block or flow style, reads back the same with the same lines."""
        for flow in (False, True):
            text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
            if _agree(text):
                assert _same(_thorough(text), _yaml_light.read_light(text, 64)[0]), text  # type: ignore[index]

    def test_a_post_mortem(self) -> None:
        """A post-mortem's usual shapes (quoted times, plain prose, numbers, booleans, lists) are read light."""
        text = (
            "id: INC-1\ntitle: Cache stampede\nseverity: SEV2\nmilestones:\n  started: '2026-01-02T10:00:00Z'\n"
            "impact:\n  share_affected: 0.54\n  users: 1_200\ncontributing_factors:\n- description: no limit\n"
            "  trigger: true\n- description: |\n    two\n    lines\n  trigger: no\ntags: [a, 'b', ~]\nnull: 3\n"
        )
        assert _agree(text)
        data = _yaml_light.read_light(text, 64)[0]  # type: ignore[index]
        assert data["impact"] == {"share_affected": 0.54, "users": 1200}  # type: ignore[index]
        assert [factor["trigger"] for factor in data["contributing_factors"]] == [True, False]  # type: ignore[index]
        assert data[None] == 3  # type: ignore[index]

    def test_keys_read_as_text_once_stay_as_written(self) -> None:
        """A key remembered as text is text only as it is written; a key a resolver reads is read each time."""
        for _ in range(2):
            assert _yaml_light.read_light("time: 1\ntrue: 2\n'on': 3\nyes: 4\n", 64)[0] == {  # type: ignore[index]
                "time": 1,
                True: 4,
                "on": 3,
            }
        assert "time" in _yaml_light.text_keys
        assert "true" not in _yaml_light.text_keys
        assert "yes" not in _yaml_light.text_keys
        assert "on" not in _yaml_light.text_keys
        assert _yaml_light.read_light("'null': 1\n", 64)[0] == {"null": 1}  # type: ignore[index]
        assert "null" not in _yaml_light.text_keys  # quoted, it is text; written plain, it is None
        assert _yaml_light.read_light("null: 1\n", 64)[0] == {None: 1}  # type: ignore[index]

    @pytest.mark.parametrize(
        "text",
        [
            "a: 1\nb: 2\na: 3\n",  # a key written twice: reported from PyYAML's nodes
            "a: !!binary aGk=\n",  # an explicit tag the builder leaves to PyYAML
            "a: &x 1\nb: &x 2\n",  # an anchor named twice
            "<<: {a: 1}\n",  # a merge key
            "? [a, b]\n: c\n",  # a list as a key
            "a: [1, 2\n",  # not valid YAML
            "[" * 70 + "]" * 70 + "\n",  # deeper than the limit
        ],
    )
    def test_left_to_the_usual_way(self, text: str) -> None:
        """A document the light reader cannot read is read the usual way, with PyYAML's scalar class put back."""
        assert _yaml_light.read_light(text, 64) is None
        assert yaml._yaml.ScalarNode is yaml.nodes.ScalarNode  # type: ignore[attr-defined]
        try:
            result = _yaml._parse_yaml(text, 64)
        except IncidentFormatError:
            return
        assert not isinstance(result[1], _yaml._PlainLines) or result[2] == []

    def test_duplicates_still_reported(self) -> None:
        """Keys written twice are reported at their lines, as before the light reader."""
        _data, lines, problems = _yaml._parse_yaml("a: 1\nb:\n  c: 2\na: 3\n", 100)
        assert [(problem.path, problem.line) for problem in problems] == [("$.a", 4)]
        assert lines["$.b.c"] == 3

    def test_not_with_another_thread(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """While another Python thread runs, documents are read the usual way (with the same result)."""
        monkeypatch.setattr(_yaml_light, "_one_thread", _ONE_THREAD)
        text = "a: 1\nb: [x, yes]\n"
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            assert not _ONE_THREAD()
            assert _yaml_light.read_light(text, 64) is None
            assert _yaml._parse_yaml(text, 64)[0] == {"a": 1, "b": ["x", True]}
        finally:
            stop.set()
            other.join()

    def test_empty_and_scalar_documents(self) -> None:
        """An empty document and one that is a single scalar read as before."""
        assert _yaml_light.read_light("", 64) == (None, {}, [])
        assert _yaml_light.read_light("# only a comment\n", 64) == (None, {}, [])
        assert _agree("plain words\n")
        assert _agree("42\n")
