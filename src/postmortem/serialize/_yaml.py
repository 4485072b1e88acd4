"""Reading YAML: a safe loader, duplicate keys, alias bombs, and the line of each ``$.path``.

Nothing here builds an incident: :func:`_parse_yaml` returns plain data, the problems the
document has as YAML, and a :class:`_YamlLines` map that finds the line of a path only when
a problem or finding there is reported.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from postmortem.errors import IncidentFormatError, Problem, clip
from postmortem.serialize._problems import (
    _depth_message,
    _join,
    _long_number_line,
    _number_message,
    _WrittenFloat,
    _WrittenInt,
)

__all__ = ["MAX_ALIAS_EXPANSION", "line_for"]


# --------------------------------------------------------------------------- YAML


@functools.lru_cache(maxsize=1)
def _yaml_loader() -> type[Any]:
    import yaml  # noqa: PLC0415  (YAML is loaded only when a YAML file is read)

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    resolvers = {
        key: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for key, found in base.yaml_implicit_resolvers.items()
    }
    # What PyYAML's resolve() looks up for each plain scalar, by first character, worked out once.
    wildcard = resolvers.get(None, [])
    by_first = {key: tuple(found + wildcard) for key, found in resolvers.items() if key is not None}
    no_match = tuple(wildcard)
    scalar_node, sequence_node = yaml.ScalarNode, yaml.SequenceNode
    str_tag, seq_tag, map_tag = base.DEFAULT_SCALAR_TAG, base.DEFAULT_SEQUENCE_TAG, base.DEFAULT_MAPPING_TAG

    class Loader(base):  # type: ignore[misc]
        """Safe loader that keeps timestamps as text so that our parser sees the offset.

        The parser calls ``resolve`` for every node. PyYAML's looks up its tables and path
        resolvers each time; this loader has no path resolvers, so the same answer comes
        from one precomputed table (the same implicit resolvers, in the same order).
        """

        yaml_implicit_resolvers = resolvers

        def resolve(self, kind: object, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is scalar_node:
                if implicit[0]:
                    for tag, regexp in by_first.get(value[:1], no_match):
                        if regexp.match(value):
                            return tag  # type: ignore[no-any-return]
                return str_tag  # type: ignore[no-any-return]
            return seq_tag if kind is sequence_node else map_tag  # type: ignore[no-any-return]

        def construct_yaml_int(self, node: Any) -> int:
            value: int = super().construct_yaml_int(node)
            # ``0042`` (octal in YAML 1.1), ``1_000``, ``0x1F``, ``+5``: keep what was written
            return value if str(value) == node.value else _WrittenInt(value, node.value)

        def construct_yaml_float(self, node: Any) -> float:
            value: float = super().construct_yaml_float(node)
            if math.isnan(value) or math.isinf(value) or str(value) == node.value:
                return value  # .nan and .inf stay PyYAML's own objects (a NaN key equals only itself)
            return _WrittenFloat(value, node.value)

        # No path resolvers: the composer calls these for every node and discards what they
        # return, so each is a function of C that does nothing (a method of ours was a Python
        # frame twice a node, about 446 a benchmark incident: 5% of composing, in instructions).
        descend_resolver = staticmethod(operator.is_)  # (node, index)
        ascend_resolver = staticmethod([].clear)  # ()

    Loader.add_constructor(f"{_TAG}int", Loader.construct_yaml_int)
    Loader.add_constructor(f"{_TAG}float", Loader.construct_yaml_float)
    return Loader


class _YamlLines(Mapping[str, int]):
    """The line of a ``$.path`` in a YAML document, looked up in its composed nodes on demand.

    Nothing is walked while a document loads: a path is followed down the node tree only
    when a problem or finding at that path is reported, and an alias is never followed
    beyond the node it names.
    """

    def __init__(self, root: Any) -> None:
        self._root = root
        self._cache: dict[str, int | None] = {}
        # The keys of each mapping looked into, by name (see _keys_of): a report places
        # many findings in one document, and the top-level mapping is passed by each.
        self._keys: dict[int, tuple[dict[str, tuple[Any, Any]], bool]] = {}

    def _find(self, path: str) -> int | None:
        if path in self._cache:
            return self._cache[path]
        line = _node_line(self._root, path, self._keys)
        self._cache[path] = line
        return line

    def __getitem__(self, path: str) -> int:
        line = self._find(path)
        if line is None:
            raise KeyError(path)
        return line

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self._find(path) is not None

    def __iter__(self) -> Iterator[str]:
        # Every path, each node once (aliases are not followed); only for callers that list them.
        for path, _node in _yaml_paths(self._root):
            yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _yaml_paths(root: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(path, node)`` for every node reachable from ``root``, each node once."""
    import yaml  # noqa: PLC0415

    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("$", root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        if isinstance(node, yaml.MappingNode):
            stack.extend((_join(path, str(key.value)), value) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{path}[{index}]", item) for index, item in reversed(list(enumerate(node.value))))


_INDEX = re.compile(r"\[(\d+)\]")


def _keys_of(node: Any) -> tuple[dict[str, tuple[Any, Any]], bool]:
    """A mapping node's ``(key, value)`` pairs by key (the first of repeated ones); whether no key has ``.``/``[``."""
    by_name: dict[str, tuple[Any, Any]] = {}
    for pair in reversed(node.value):  # the first of repeated keys is set last
        name = pair[0].value
        by_name[name if name.__class__ is str else str(name)] = pair
    names = "".join(by_name)  # a dot or a bracket in any key is one in the names put together
    return by_name, "." not in names and "[" not in names


@functools.cache
def _collection_nodes() -> tuple[type[Any], type[Any]]:
    """PyYAML's mapping and sequence node classes, imported once (YAML is loaded only when read)."""
    import yaml  # noqa: PLC0415

    return yaml.MappingNode, yaml.SequenceNode


def _node_line(
    root: Any, path: str, keys: dict[int, tuple[dict[str, tuple[Any, Any]], bool]] | None = None
) -> int | None:
    """Follow ``path`` (``$.a.b[2].c``) down the node tree; the line of the deepest node reached.

    ``keys`` keeps each mapping's keys by name between calls (see :func:`_keys_of`).
    """
    mapping, sequence = _collection_nodes()
    if not path.startswith("$"):
        return None
    node = root
    line: int | None = root.start_mark.line + 1
    rest = path[1:]
    while rest:
        if rest.startswith("["):
            match = _INDEX.match(rest)
            if match is None or not isinstance(node, sequence):
                return line
            index = int(match.group(1))
            if index >= len(node.value):
                return line
            node = node.value[index]
            line = node.start_mark.line + 1
            rest = rest[match.end() :]
            continue
        if not rest.startswith(".") or not isinstance(node, mapping):
            return line
        best = _key_for(node, rest, keys)
        if best is None:
            return line
        key, node = best
        line = key.start_mark.line + 1
        rest = rest[len(str(key.value)) + 1 :]
    return line


def _key_for(
    node: Any, rest: str, keys: dict[int, tuple[dict[str, tuple[Any, Any]], bool]] | None
) -> tuple[Any, Any] | None:
    """The ``(key, value)`` of mapping ``node`` that ``rest`` (``.name...``) goes into, if any."""
    indexed = keys.get(id(node)) if keys is not None else None
    if indexed is None:
        indexed = _keys_of(node)
        if keys is not None:
            keys[id(node)] = indexed
    by_name, plain = indexed
    if not plain:
        return _longest_fit(node, rest)
    # No key holds a dot or a bracket: the only key that can fit is the next name.
    end = len(rest)
    for mark in ".[":
        found = rest.find(mark, 1)
        if 0 < found < end:
            end = found
    return by_name.get(rest[1:end])


def _longest_fit(node: Any, rest: str) -> tuple[Any, Any] | None:
    """The ``(key, value)`` of the longest key that ``rest`` (``.name...``) starts with, the first of equals."""
    # Keys may hold dots or brackets themselves: take the longest key that fits.
    best: tuple[Any, Any] | None = None
    for key, value in node.value:
        name = str(key.value)
        fits = rest.startswith(name, 1) and (len(rest) == len(name) + 1 or rest[len(name) + 1] in ".[")
        if fits and (best is None or len(name) > len(str(best[0].value))):
            best = (key, value)
    return best


# The lines of a document read by _build_plain: a mapping's are a dict of its keys as written
# (the first of repeated ones) to the key's line and its value's lines; a list's are a list of
# each item's line and its lines; a scalar has none below it (None).
_Lines = dict[str, tuple[int, "_Lines"]] | list[tuple[int, "_Lines"]] | None


class _PlainLines(_YamlLines):
    """:class:`_YamlLines` of a document without aliases or repeated keys, from lines kept while it was built.

    The same line for every path as the composed nodes give (the line of the key or list item
    the path reaches last), without keeping the nodes: about 80 KB of them for a benchmark
    incident of 5 KB, which a batch of files held in the processor's caches for as long as
    their findings were placed (docs/performance.md, round 22).
    """

    def __init__(self, root_line: int, lines: _Lines) -> None:
        super().__init__(None)
        self._root_line = root_line
        self._lines = lines
        self._plain: dict[int, bool] = {}  # a mapping's lines (by id) -> no key has "." or "["

    def _find(self, path: str) -> int | None:
        if path in self._cache:
            return self._cache[path]
        line = self._cache[path] = self._line(path)
        return line

    def _line(self, path: str) -> int | None:
        if not path.startswith("$"):
            return None
        node, line, rest = self._lines, self._root_line, path[1:]
        while rest:
            if rest.startswith("["):
                match = _INDEX.match(rest)
                if match is None or node.__class__ is not list:
                    return line
                index = int(match.group(1))
                if index >= len(node):
                    return line
                line, node = node[index]
                rest = rest[match.end() :]
                continue
            if not rest.startswith(".") or node.__class__ is not dict:
                return line
            name = self._name_for(node, rest)
            if name is None:
                return line
            line, node = node[name]
            rest = rest[len(name) + 1 :]
        return line

    def _name_for(self, keys: dict[str, tuple[int, _Lines]], rest: str) -> str | None:
        """The key of ``keys`` that ``rest`` (``.name...``) goes into, as :func:`_key_for` finds it."""
        plain = self._plain.get(id(keys))
        if plain is None:
            names = "".join(keys)
            plain = self._plain[id(keys)] = "." not in names and "[" not in names
        if plain:
            end = len(rest)
            for mark in ".[":
                found = rest.find(mark, 1)
                if 0 < found < end:
                    end = found
            name = rest[1:end]
            return name if name in keys else None
        best: str | None = None  # the longest key that fits, the first of equals (see _longest_fit)
        for name in keys:
            fits = rest.startswith(name, 1) and (len(rest) == len(name) + 1 or rest[len(name) + 1] in ".[")
            if fits and (best is None or len(name) > len(best)):
                best = name
        return best

    def __iter__(self) -> Iterator[str]:
        # Every path, in the order of _yaml_paths (each node once: there are no aliases here).
        stack: list[tuple[str, _Lines]] = [("$", self._lines)]
        while stack:
            path, node = stack.pop()
            yield path
            if node.__class__ is dict:
                stack.extend((_join(path, name), below) for name, (_line, below) in reversed(node.items()))
            elif node.__class__ is list:
                stack.extend((f"{path}[{index}]", below) for index, (_line, below) in reversed(list(enumerate(node))))


def _duplicate_problems(paths: Mapping[int, str], found: Iterable[tuple[Any, Any]]) -> list[Problem]:
    """A problem at each repeated key of a mapping (``found``: the mapping's node and the key's)."""
    return [
        Problem(
            _join(paths.get(id(mapping), "$"), str(key.value)),
            "duplicate key (the later value would win)",
            key.start_mark.line + 1,
        )
        for mapping, key in found
    ]


def _paths_of(root: Any, targets: typing.Iterable[Any]) -> dict[int, str]:
    """The ``$.path`` of each target node, in one walk (the first path that reaches it)."""
    wanted = {id(node) for node in targets}
    found: dict[int, str] = {}
    if not wanted:
        return found  # nothing to look for: no walk (a clean document has no targets)
    for path, node in _yaml_paths(root):
        if id(node) in wanted:
            found[id(node)] = path
            if len(found) == len(wanted):
                break
    return found


def _inspect_yaml(root: Any, text: str, max_depth: int) -> tuple[list[Problem], list[Problem]]:
    """Duplicate keys, nesting depth and alias expansion of a composed document.

    Returns:
        The duplicate keys, and the problems that make the document unsafe to build (too
        deep, an alias bomb, an alias inside itself).

    The walk visits each mapping once and never builds a path unless there is a problem.
    Only a document that can hold an alias (one with both ``&`` and ``*`` in it) pays for
    counting how far its aliases expand.
    """
    import yaml  # noqa: PLC0415

    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    duplicates: list[tuple[Any, Any]] = []
    too_deep: Any = None
    stack: list[tuple[Any, int]] = [(root, 1)]
    visited: set[int] = set()
    aliased = "&" in text and "*" in text
    while stack:
        node, depth = stack.pop()
        if aliased:
            if id(node) in visited:
                continue
            visited.add(id(node))
        if depth > max_depth:
            too_deep = node
            break
        if node.__class__ is mapping:
            seen: set[str] = set()
            for key, value in node.value:
                if key.__class__ is not scalar:
                    stack.append((key, depth + 1))
                elif key.value in seen and key.tag != "tag:yaml.org,2002:merge":
                    duplicates.append((node, key))
                else:
                    seen.add(key.value)
                if value.__class__ is mapping or value.__class__ is sequence:
                    stack.append((value, depth + 1))
        elif node.__class__ is sequence:
            stack.extend(
                (item, depth + 1) for item in node.value if item.__class__ is mapping or item.__class__ is sequence
            )
    paths = _paths_of(root, [node for node, _key in duplicates] + ([too_deep] if too_deep is not None else []))
    found = _duplicate_problems(paths, duplicates)
    if too_deep is not None:
        return found, [Problem(paths.get(id(too_deep), "$"), _depth_message(max_depth), too_deep.start_mark.line + 1)]
    return found, _alias_problems(root, max_depth) if aliased else []


MAX_ALIAS_EXPANSION = 100_000
"""How many nodes YAML aliases may add to a document when they are expanded.

Aliases (``*name``) repeat the node an anchor (``&name``) names. A few nested aliases can
stand for billions of nodes (an "alias bomb"); a document whose aliases would add more than
this many is refused.
"""


def _alias_problems(root: Any, max_depth: int) -> list[Problem]:
    """Refuse aliases that refer to their own ancestors, nest too deep or expand too far.

    Each node is visited once: its expanded size and height are computed from its children's.
    """
    import yaml  # noqa: PLC0415

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    unique = 0
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    problem: tuple[Any, str] | None = None
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            children = [part for pair in node.value for part in pair] if node.__class__ is mapping else node.value
            size = 1 + sum(sizes[id(child)] for child in children)
            height = 1 + max((heights[id(child)] for child in children), default=0)
            sizes[key] = size
            heights[key] = height
            if height > max_depth:
                problem = (node, _depth_message(max_depth) + " once YAML aliases are expanded")
                break
            if size - unique > MAX_ALIAS_EXPANSION:
                problem = (
                    node,
                    f"YAML aliases expand this part to {size:,} nodes from {unique:,} written, more than "
                    f"the {MAX_ALIAS_EXPANSION:,} aliases may add (an alias bomb?); write the repeated parts out",
                )
                break
            continue
        if key in sizes:
            continue
        if key in on_path:
            problem = (node, "a YAML alias refers to a node that contains it (a structure without end)")
            break
        unique += 1
        if node.__class__ is mapping or node.__class__ is sequence:
            on_path.add(key)
            stack.append((node, True))
            if node.__class__ is mapping:
                for k, v in node.value:
                    stack.append((k, False))
                    stack.append((v, False))
            else:
                stack.extend((item, False) for item in node.value)
        else:
            sizes[key] = 1
            heights[key] = 1
    if problem is None:
        return []
    node, message = problem
    path = _paths_of(root, [node]).get(id(node), "$")
    return [Problem(path, message, node.start_mark.line + 1)]


def line_for(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``path`` in a document, or of the nearest path above it that has one.

    Args:
        path: A ``$.path`` such as ``$.action_items[1].owner``.
        lines: The map :func:`~postmortem.serialize.load_with_lines` returns.

    Returns:
        The 1-based line, or ``None`` when the document has no lines (JSON, TOML).
    """
    if lines.__class__ is _PlainLines or isinstance(lines, _YamlLines):  # the first without abc's check
        return lines._find(path)
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get("$")


class _Unusual(Exception):  # noqa: N818  (a signal, not an error)
    """A document the plain builder leaves to PyYAML: aliases, merge keys, tags, too deep."""


_TAG = "tag:yaml.org,2002:"


def _build_plain(loader: Any, root: Any, max_depth: int) -> tuple[object, _Lines, list[tuple[Any, Any]]]:
    """Build the data of a document without aliases, in one walk that also finds duplicate keys.

    What PyYAML's constructor does for the tags a post-mortem uses (text, numbers, true/false,
    null, mappings and lists), without its generators and bookkeeping for recursive and
    aliased structures, which an alias-free document does not have. Anything else (a merge key,
    an explicit tag such as ``!!binary``, nesting deeper than ``max_depth``) raises
    :class:`_Unusual`, and the caller hands the document to PyYAML.

    Returns:
        The data; the lines of its keys and list items (see :class:`_PlainLines`: the same
        walk, so that the composed nodes, about 16 times the data's memory, need not be kept for
        them); and the ``(mapping node, key node)`` of each key written twice (the later value
        wins, as in PyYAML).
    """
    import yaml  # noqa: PLC0415

    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    str_tag, map_tag, seq_tag = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
    scalars: dict[str, Callable[[Any], object]] = {
        f"{_TAG}null": loader.construct_yaml_null,
        f"{_TAG}bool": loader.construct_yaml_bool,
        f"{_TAG}int": loader.construct_yaml_int,
        f"{_TAG}float": loader.construct_yaml_float,
    }
    duplicates: list[tuple[Any, Any]] = []

    def scalar_value(node: Any) -> object:
        if node.tag == str_tag:
            return node.value
        construct = scalars.get(node.tag)
        if construct is None:
            raise _Unusual  # a merge key (<<), an explicit tag such as !!binary
        return construct(node)

    # ``build`` (of a mapping or a list; a scalar is read where it is met) is handed itself
    # (``again``) rather than calling itself through its closure, which would be a reference
    # cycle (with the loader, held by ``scalars``) that only the cyclic collector frees: as it
    # is, everything goes at once by reference counting, and reading a file leaves the
    # collector nothing to do.
    def build(node: Any, depth: int, again: Callable[[Any, int, Any], tuple[object, _Lines]]) -> tuple[object, _Lines]:
        if depth > max_depth:
            raise _Unusual
        kind = node.__class__
        if kind is mapping and node.tag == map_tag:
            result: dict[object, object] = {}
            keys: dict[str, tuple[int, _Lines]] = {}  # the first of repeated keys, as PyYAML's lines
            for key, value in node.value:
                if key.__class__ is not scalar:
                    raise _Unusual  # a mapping or list as a key
                if value.__class__ is scalar:
                    item, below = (value.value if value.tag == str_tag else scalar_value(value)), None
                else:
                    item, below = again(value, depth + 1, again)
                written = key.value
                if written in keys:
                    duplicates.append((node, key))
                else:
                    keys[written] = (key.start_mark.line + 1, below)
                result[written if key.tag == str_tag else scalar_value(key)] = item
            return result, keys
        if kind is sequence and node.tag == seq_tag:
            items: list[object] = []
            lines: list[tuple[int, _Lines]] = []
            for part in node.value:
                if part.__class__ is scalar:
                    items.append(part.value if part.tag == str_tag else scalar_value(part))
                    lines.append((part.start_mark.line + 1, None))
                else:
                    item, below = again(part, depth + 1, again)
                    items.append(item)
                    lines.append((part.start_mark.line + 1, below))
            return items, lines
        raise _Unusual

    if root.__class__ is scalar:
        return scalar_value(root), None, duplicates
    data, lines = build(root, 1, build)
    return data, lines, duplicates


def yaml_problem(exc: Exception, text: str) -> Problem:
    """The problem a YAML reading error without a mark stands for, at the line it names.

    PyYAML reports a character its reader refuses (a NUL byte, a control character) by its
    position in the text; the problem names the character and the line, as
    :func:`~postmortem.serialize.load` reports it. Used for other YAML files read beside incidents
    (the check configuration).

    Args:
        exc: The ``yaml.YAMLError`` raised while reading ``text``.
        text: The text that was read.

    Returns:
        A :class:`~postmortem.errors.Problem` at ``$`` with the line where PyYAML gives a position.
    """
    return _yaml_error(exc, text)


def _yaml_error(exc: Exception, text: str) -> Problem:
    """The problem for a YAML error without a mark: a character the reader refuses, by its line."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if not isinstance(position, int) or character is None:
        return Problem("$", f"not valid YAML: {clip(str(exc))}")
    # PyYAML says "position 200 of <unicode string>"; a person looks for a line.
    line = text.count("\n", 0, position) + 1
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    if code == 0:
        what = "a NUL byte, which YAML does not allow (binary data, or text that is not UTF-8?)"
    else:
        what = f"the control character U+{code:04X}, which YAML allows only escaped in a double-quoted string"
    return Problem("$", f"not valid YAML: {what}", line)


def _read_plain(loader: Any, node: Any, max_depth: int) -> tuple[object, Mapping[str, int], list[Problem]] | None:
    """What :func:`_parse_yaml` returns for a document :func:`_build_plain` reads; None for one it leaves to PyYAML."""
    try:
        data, lines, found = _build_plain(loader, node, max_depth)
    except Exception:  # PyYAML reads it, or says what is wrong
        return None
    if not found:
        # The nodes go now (see _PlainLines): the lines of a document without repeated keys.
        return data, _PlainLines(node.start_mark.line + 1, lines), []
    paths = _paths_of(node, [mapping for mapping, _key in found])
    return data, _YamlLines(node), _duplicate_problems(paths, found)


def _parse_yaml(text: str, max_depth: int) -> tuple[object, Mapping[str, int], list[Problem]]:
    import yaml  # noqa: PLC0415

    from postmortem.serialize._yaml_light import read_light  # noqa: PLC0415  (it imports this module)

    light = read_light(text, max_depth)  # a document without aliases, from light nodes (see there)
    if light is not None:
        return light
    loader = _yaml_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        if not ("&" in text and "*" in text):
            # No alias can be written without both characters: the plain builder applies.
            plain = _read_plain(loader, node, max_depth)
            if plain is not None:
                return plain
        duplicates, unsafe = _inspect_yaml(node, text, max_depth)
        if unsafe:
            raise IncidentFormatError(sorted(duplicates + unsafe, key=lambda p: p.line or 0))
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # Python refuses to read integers of more than 4,300 digits; an explicit tag such
            # as ``!!timestamp`` on text that is not one fails inside PyYAML.
            raise IncidentFormatError([Problem("$", _number_message(exc, text), _long_number_line(text))]) from None
        return data, _YamlLines(node), duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if exc.problem == "exceeded maximum nesting depth":
            raise IncidentFormatError([Problem("$", _depth_message(max_depth), line)]) from None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise IncidentFormatError([Problem("$", f"not valid YAML: {clip(message)}", line)]) from None
    except yaml.YAMLError as exc:
        raise IncidentFormatError([_yaml_error(exc, text)]) from None
    except RecursionError:
        # The pure-Python YAML reader (used without libyaml) recurses once per level.
        raise IncidentFormatError([Problem("$", _depth_message(max_depth))]) from None
    finally:
        loader.dispose()


_YAML_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")


def _yaml_dumps(data: object) -> str:
    import yaml  # noqa: PLC0415

    class Dumper(yaml.SafeDumper):
        """Writes multi-line text as literal blocks, which people can read and edit."""

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        if _YAML_BREAKS.search(value):
            # YAML readers treat NEL, LS and PS as line breaks in plain and block scalars;
            # only a double-quoted scalar (which escapes them) keeps them.
            style: str | None = '"'
        else:
            style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
