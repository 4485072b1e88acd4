"""The fast paths of loading agree with the thorough ones they stand in for.

Loading a valid file skips work that only a broken file needs: YAML without aliases is built
by our own walk instead of PyYAML's constructor, the parser's tag resolution comes from a
precomputed table, and structuring first runs a lean converter, then the detailed one only
when the lean one fails. Each of these must give exactly what the thorough path gives.
"""

from __future__ import annotations

import copy
import sys
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import model
from postmortem.errors import IncidentFormatError
from postmortem.serialize import _converter, _hooks, _yaml
from postmortem.serialize._problems import _WrittenFloat, _WrittenInt
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
        data, _lines, _duplicates = _yaml._build_plain(loader, node, 64)
    except _yaml._Unusual:
        return UNUSUAL
    finally:
        loader.dispose()
    return data


def _loaded(text: str) -> Any:
    """What the loader as a whole reads (the plain builder, or PyYAML when it steps aside)."""
    return _yaml._parse_yaml(text, 64)[0]


def _plain_type(value: object) -> type:
    """The type of *value*, a number that keeps its written form counted as the number it is."""
    kind = type(value)
    return int if kind is _WrittenInt else float if kind is _WrittenFloat else kind


def _same(left: object, right: object) -> bool:
    """Equal, with NaN equal to itself and the types of numbers and booleans compared too."""
    if isinstance(left, float) and isinstance(right, float) and left != left:  # noqa: PLR0124
        return right != right  # noqa: PLR0124
    if _plain_type(left) is not _plain_type(right):
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


class TestComposerCalls:
    """The composer's calls for every node run no Python code of ours but ``resolve``."""

    def test_no_python_call_per_node_but_resolve(self) -> None:
        """Composing a document calls ``resolve`` in Python, and neither path-resolver method."""
        text = "title: T\ntimeline:\n  - at: 2026-05-04T10:00:00Z\n    description: Paged\nowner: [a, b]\n"
        called: list[str] = []

        def profile(frame: Any, event: str, _arg: object) -> None:
            if event == "call" and frame.f_code.co_filename == _yaml.__file__:
                called.append(frame.f_code.co_name)

        loader = _yaml._yaml_loader()(text)
        sys.setprofile(profile)
        try:
            node = loader.get_single_node()
        finally:
            sys.setprofile(None)
            loader.dispose()
        assert node is not None
        assert "resolve" in called
        assert not {"descend_resolver", "ascend_resolver"} & set(called)

    @pytest.mark.parametrize("text", ["a: 1\nb: [x, {c: d}]\n", "- 1\n- - 2\n  - three\n", "plain"])
    def test_same_nodes_as_pyyaml(self, text: str) -> None:
        """Every node composed has the tag, value and place PyYAML's own safe loader gives it."""

        def shape(node: Any) -> object:
            below = node.value
            if isinstance(node, yaml.MappingNode):
                below = [(shape(key), shape(value)) for key, value in below]
            elif isinstance(node, yaml.SequenceNode):
                below = [shape(item) for item in below]
            return (type(node), node.tag, below, node.start_mark.line, node.start_mark.column, node.end_mark.index)

        ours = _yaml._yaml_loader()(text)
        try:
            assert shape(ours.get_single_node()) == shape(yaml.compose(text, Loader=yaml.SafeLoader))
        finally:
            ours.dispose()


# Optional fields of the model, and values that each hook accepts or refuses.
OPTIONAL_TYPES = [
    *(str | None, int | None, float | None, date | None, datetime | None, model.Detection | None),
    timedelta | None,  # no hook: refused only when a value is structured, as by cattrs
]
OPTIONAL_VALUES = [None, "x", "", 3, 2.5, True, "2026-05-04", "2026-05-04T10:00:00Z", [], {}, {"method": "alert"}]


class TestOptionalHook:
    """``X | None`` is structured as cattrs' own hook does it, with ``X``'s hook found once."""

    @pytest.mark.parametrize("detailed", [False, True])
    @pytest.mark.parametrize("type_", OPTIONAL_TYPES, ids=str)
    def test_same_as_cattrs(self, type_: Any, detailed: bool) -> None:
        """Each value gives what cattrs' ``_structure_optional`` gives, or the same error."""
        converter = _converter.make_converter(detailed_validation=detailed)
        hook = converter.get_structure_hook(type_)
        assert hook.__name__ == "structure_optional"

        def outcome(structure: Any, value: object) -> object:
            try:
                return structure(copy.deepcopy(value), type_)
            except Exception as exc:  # the same refusal, in the same words
                return (type(exc), str(exc))

        for value in OPTIONAL_VALUES:
            assert outcome(hook, value) == outcome(converter._structure_optional, value), value


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


# Keys as people write them, and as a path can name them: with dots, brackets, repeated.
_KEYS = st.sampled_from(["a", "b", "a.b", "a.b.c", "x[1]", "", "owner", "owner.name", "1", "a[0]"])
_YAML_VALUES = st.recursive(
    st.sampled_from(["text", 1, None]),
    lambda inner: st.dictionaries(_KEYS, inner, max_size=4) | st.lists(inner, max_size=3),
    max_leaves=12,
)
_PATH_PARTS = st.lists(_KEYS.map(lambda key: f".{key}") | st.integers(0, 3).map(lambda index: f"[{index}]"), max_size=4)


class TestLineLookup:
    """A path's line comes from each mapping's keys by name, as from the scan of every key it stands in for."""

    @settings(max_examples=examples(quick=100, full=300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_YAML_VALUES, st.lists(_PATH_PARTS, min_size=1, max_size=6))
    def test_same_line_as_the_scan(self, data: object, paths: list[list[str]]) -> None:
        """With the keys kept between lookups or not, every path reaches the line the longest-key scan reaches."""
        root = yaml.compose(yaml.safe_dump({"top": data, "top.x": [data]}), Loader=yaml.SafeLoader)
        keys: dict[int, Any] = {}
        for parts in paths:
            for head in ("$.top", "$.top.x[0]", "$"):
                path = head + "".join(parts)
                assert _yaml._node_line(root, path, keys) == _scanned_line(root, path), path

    def test_repeated_key_takes_the_first(self) -> None:
        """A key written twice is found where it is first written, by name as by the scan."""
        root = yaml.compose("a: 1\nb:\n  c: 2\na: 3\n", Loader=yaml.SafeLoader)
        assert _yaml._node_line(root, "$.a", {}) == 1 == _scanned_line(root, "$.a")


class TestPlainLines:
    """A document read by the plain builder keeps its lines, not its nodes, and gives every path the nodes' line."""

    @settings(max_examples=examples(quick=100, full=300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        _YAML_VALUES, st.lists(_PATH_PARTS, min_size=1, max_size=6), st.sampled_from(["", "# a comment\n\n", "---\n"])
    )
    def test_same_lines_as_the_nodes(self, data: object, paths: list[list[str]], head: str) -> None:
        """Every path the document has, and paths into it and beyond it, reach the same line; the paths list alike."""
        # Two copies of the data: the same object twice would be written with an anchor and an alias.
        document = {"top": data, "top.x": [copy.deepcopy(data)], "flow": {"a": [1, {"b": None}]}}
        text = head + yaml.safe_dump(document, width=40)
        _data, lines, problems = _yaml._parse_yaml(text, 100)
        assert isinstance(lines, _yaml._PlainLines)
        assert problems == []
        nodes = _yaml._YamlLines(yaml.compose(text, Loader=yaml.SafeLoader))
        assert list(lines) == list(nodes)
        assert len(lines) == len(nodes)
        for path in list(nodes):
            assert lines[path] == nodes[path], path
        for parts in paths:
            for start in ("$.top", "$.top.x[0]", "$", "$.flow.a[1]", "x"):
                path = start + "".join(parts)
                assert _yaml.line_for(path, lines) == _yaml.line_for(path, nodes), path
                assert (path in lines) == (path in nodes), path

    def test_written_keys_and_flow_style(self) -> None:
        """Keys that are numbers, null or true are found by their written text, as in the nodes; flow style too."""
        text = "a: 1\n2: two\n~: none\ntrue: yes\nb: {c: [x, {d: 1}], 'e.f': 3}\ng:\n- - 1\n  - 2\n"
        _data, lines, _problems = _yaml._parse_yaml(text, 100)
        nodes = _yaml._YamlLines(yaml.compose(text, Loader=yaml.SafeLoader))
        assert isinstance(lines, _yaml._PlainLines)
        assert list(lines) == list(nodes)
        for path in [*nodes, "$.2", "$.~", "$.true", "$.b.c[1].d", "$.b.e.f", "$.g[0][1]", "$.g[1]", "$.b.c[1].d.x"]:
            assert lines._find(path) == nodes._find(path), path

    def test_keeps_no_nodes(self) -> None:
        """The lines of a plain document are plain data: the composed nodes are not kept."""
        _data, lines, _problems = _yaml._parse_yaml("a:\n  - b: 1\n  - [2, 3]\nc: d\n", 100)
        assert isinstance(lines, _yaml._PlainLines)
        stack: list[object] = [lines._lines]
        while stack:
            part = stack.pop()
            assert part is None or isinstance(part, (dict, list, tuple, int, str)), type(part)
            if isinstance(part, dict):
                stack.extend(part.values())
            elif isinstance(part, (list, tuple)):
                stack.extend(part)

    def test_repeated_keys_keep_the_nodes(self) -> None:
        """A document with a key written twice is reported and placed from its nodes, as before."""
        text = "a: 1\nb:\n  c: 2\na: 3\n"
        _data, lines, problems = _yaml._parse_yaml(text, 100)
        assert not isinstance(lines, _yaml._PlainLines)
        assert [(problem.path, problem.line) for problem in problems] == [("$.a", 4)]
        assert lines["$.a"] == 1
        assert lines["$.b.c"] == 3


def _scanned_line(root: Any, path: str) -> int | None:
    """The line of ``path`` by scanning every key of each mapping for the longest that fits."""
    node, line, rest = root, root.start_mark.line + 1, path[1:]
    while rest:
        if rest.startswith("["):
            match = _yaml._INDEX.match(rest)
            if match is None or not isinstance(node, yaml.SequenceNode) or int(match.group(1)) >= len(node.value):
                return line
            node = node.value[int(match.group(1))]
            line, rest = node.start_mark.line + 1, rest[match.end() :]
            continue
        if not rest.startswith(".") or not isinstance(node, yaml.MappingNode):
            return line
        best = _yaml._longest_fit(node, rest)
        if best is None:
            return line
        key, node = best
        line, rest = key.start_mark.line + 1, rest[len(str(key.value)) + 1 :]
    return line


class TestFileLines:
    @given(st.text(alphabet=st.sampled_from("ab \r\n\x85\u2028\u2029\v\f\x1c\x1d\x1e\ufeff"), max_size=40))
    def test_split_at_yaml_line_breaks(self, text: str) -> None:
        """A file's lines are split where YAML breaks lines, and only there (not at form feeds)."""
        from postmortem.checks._engine import _LINE_BREAK, _file_lines

        assert _file_lines(text) == _LINE_BREAK.split(text)


def test_placing_a_finding_is_evolving_it() -> None:
    """``_placed`` gives what ``attrs.evolve`` gives, for every field it changes or keeps."""
    import attrs

    from postmortem.checks import Finding, FindingSeverity
    from postmortem.checks._engine import _placed

    finding = Finding(
        "blame/character", "warning", "$.summary", "m", "s", (3, 9), line=2, source="a.yaml", phrase="forgot",
        column=4, end_line=2, end_column=10,
    )  # fmt: skip
    changes: list[dict[str, Any]] = [
        {},
        {"severity": FindingSeverity.ERROR},
        {"line": None, "source": "b.yaml"},
        {"line": 7, "column": 1, "end_line": 8, "end_column": None, "source": None},
    ]
    for change in changes:
        assert _placed(finding, **change) == attrs.evolve(finding, **change)


def _reference_find(lines: list[str], window: range, text: str, offset: int, *, at_end: bool) -> tuple[int, int] | None:
    """``_position._find`` as it was written first: every line of the window sorted, the likeliest first."""
    line_start = text.rfind("\n", 0, offset - 1 if at_end and offset > 0 else offset) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    piece = text[line_start:line_end]
    if piece.strip():
        nth = text.count("\n", 0, line_start)
        order = sorted(window, key=lambda i: (i != window.start + nth + 1, i != window.start + nth, i))
        for index in order:
            column = lines[index].find(piece)
            if column >= 0:
                return index + 1, column + (offset - line_start) + 1
    near = text[max(line_start, offset - 24) : offset] if at_end else text[offset : min(line_end, offset + 24)]
    if not near.strip():
        return None
    for index in window:
        column = lines[index].find(near)
        if column >= 0:
            return index + 1, column + (len(near) if at_end else 0) + 1
    return None


_FILE_LINES = st.lists(st.sampled_from(["a b", "b a", "  a b", "c", "", "a", "x: a b", "- b"]), max_size=9)
_FIELD = st.lists(st.sampled_from(["a b", "b", "a", "c", " "]), min_size=1, max_size=4).map("\n".join)


class TestSpanPosition:
    """Finding a field's words in the file tries the lines where they most likely are first, then the rest in order."""

    @settings(max_examples=examples(quick=200, full=600), deadline=None)
    @given(_FILE_LINES, _FIELD, st.integers(0, 10), st.integers(0, 12), st.booleans(), st.integers(0, 9))
    def test_same_place_as_sorting_the_window(
        self, lines: list[str], text: str, first: int, offset: int, at_end: bool, width: int
    ) -> None:
        from postmortem.checks import _position

        window = range(min(first, len(lines)), min(len(lines), first + width))
        offset = min(offset, len(text))
        expected = _reference_find(lines, window, text, offset, at_end=at_end)
        assert _position._find(lines, window, text, offset, at_end=at_end) == expected

    def test_the_line_after_the_key_comes_before_the_key_line_and_the_first_line(self) -> None:
        from postmortem.checks import _position

        lines = ["owner: a b", "summary: |", "  a b", "  c"]
        assert _position._find(lines, range(1, 4), "a b\nc", 0, at_end=False) == (3, 3)
        # From the key's line: the line after it holds no "a b", the key's line does, before line 3.
        assert _position._find(lines, range(4), "a b\nc", 0, at_end=False) == (1, 8)
        assert _position.span_position(lines, 2, "a b\nc", (2, 3)) == (3, 5, 3, 6)
