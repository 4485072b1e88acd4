"""Reading a plain YAML document from light nodes: :func:`read_light`.

libyaml's composer (PyYAML's ``CParser``, in C) makes a Python object of PyYAML's node classes
for every scalar of a document, through the class's ``__init__`` (Python, which fills an
attribute dictionary), and asks the loader's ``resolve`` (Python too) for its tag: two Python
calls for each of the two hundred or so scalars of a post-mortem, about a fifth of composing
it. Here the composer makes a scalar as the tuple of what it would have passed
(``(tag, value, start_mark, end_mark, style)``, a tuple made by one small function), and the
loader's ``resolve`` is ``slice``, which keeps its three arguments as they are (in C, no
Python call); the walk that builds the data resolves each plain scalar's tag itself, from the
same table as the loader's ``resolve``. Mappings and lists are PyYAML's nodes as before.

The composer finds the node classes by name in its own module, so the tuple-making function
stands in for ``ScalarNode`` there while one document is composed, and PyYAML's class is put
back before anything else runs: only in a process running no other Python thread (another
thread composing a document at the same time would be given tuples), and only with libyaml's
composer. A document the walk cannot read this way (a key written twice, an explicit tag the
builder leaves to PyYAML, an alias, nesting past the limit) or that does not compose (any YAML
error) is read again the usual way (:func:`postmortem.serialize._yaml._parse_yaml`), which
gives the same data, lines and problems as before for every document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from postmortem.serialize._yaml import _TAG, _Lines, _PlainLines, _Unusual, _yaml_loader

__all__ = ["read_light"]

# A document read here: its data, its lines (see _PlainLines), no problems.
_Read = tuple[object, _PlainLines, list[Any]]


# Keys written plain that a resolver might read as something else by their first character
# (``time``, ``title``, ``name``, ``owner``: about 23 of the 100 keys of a benchmark incident)
# and that are text: a post-mortem's keys are its format's field names, the same in every
# file, so each is asked of the resolver's patterns once a process (at most this many kept).
_TEXT_KEYS = 4096
text_keys: set[str] = set()


def _scalar_node(*parts: Any) -> tuple[Any, ...]:
    """A scalar as the composer hands it over: ``(tag, value, start_mark, end_mark, style)``."""
    return parts


@functools.lru_cache(maxsize=1)
def _light() -> tuple[Any, type[Any], Any, dict[str, tuple[Any, ...]]] | None:
    """What reading from light nodes needs; None without libyaml.

    libyaml's composer module, a loader whose ``resolve`` is ``slice``, PyYAML's scalar node class
    and the resolver's table by a plain scalar's first character.
    """
    import yaml  # noqa: PLC0415  (YAML is loaded only when a YAML file is read)

    base = _yaml_loader()
    composer = getattr(yaml, "_yaml", None)
    if composer is None or not issubclass(base, composer.CParser) or composer.ScalarNode is not yaml.ScalarNode:
        return None
    resolvers = base.yaml_implicit_resolvers  # timestamps left out (see _yaml_loader)
    if resolvers.get(None):
        return None  # a resolver for any first character: every plain scalar is asked (PyYAML has none)

    class LightLoader(base):  # type: ignore[misc,valid-type]
        """The loader, with ``resolve`` keeping its arguments: ``slice(kind, value, implicit)``."""

        resolve = slice

    by_first = {key: tuple(found) for key, found in resolvers.items() if key is not None}
    return composer, LightLoader, yaml.ScalarNode, by_first


def _one_thread() -> bool:
    """Whether this process runs no Python thread but this one (see the module docstring)."""
    import _thread  # noqa: PLC0415  (in the standard library, imported by threading anyway)

    count: Callable[[], int] | None = getattr(_thread, "_count", None)
    return count is not None and count() == 0


def read_light(text: str, max_depth: int) -> _Read | tuple[None, dict[str, int], list[Any]] | None:
    """What ``_parse_yaml`` returns for a document read from light nodes; None for one to read the usual way.

    A document that may hold an alias (one with both ``&`` and ``*`` in it) is left to the usual way.
    """
    if "&" in text and "*" in text:
        return None
    light = _light()
    if light is None or not _one_thread():
        return None
    composer, loader_class, scalar_class, by_first = light
    loader = loader_class(text)
    composer.ScalarNode = _scalar_node
    try:
        root = loader.get_single_node()
    except Exception:  # not valid YAML, an anchor named twice...: the usual way says what is wrong
        return None
    finally:
        composer.ScalarNode = scalar_class
    if root is None:
        return None, {}, []
    try:
        data, lines = _build(loader, root, max_depth, by_first, scalar_class)
    except Exception:  # a key written twice, an explicit tag, too deep...: the usual way reads it
        return None
    root_mark = root[2] if root.__class__ is tuple else root.start_mark
    return data, _PlainLines(root_mark.line + 1, lines), []


def _build(  # noqa: PLR0915  (one walk, as _build_plain's)
    loader: Any, root: Any, max_depth: int, by_first: dict[str, tuple[Any, ...]], scalar_class: type[Any]
) -> tuple[object, _Lines]:
    """The data and lines of a composed document, as ``_build_plain`` builds them from PyYAML's nodes.

    A scalar is a tuple whose tag is a ``slice`` of what ``resolve`` was asked (or an explicit
    tag's text). A key written twice raises :class:`_Unusual`, as does whatever ``_build_plain``
    leaves to PyYAML.
    """
    import yaml  # noqa: PLC0415

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    str_tag, map_tag, seq_tag = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
    scalars: dict[str, Callable[[Any], object]] = {
        f"{_TAG}null": loader.construct_yaml_null,
        f"{_TAG}bool": loader.construct_yaml_bool,
        f"{_TAG}int": loader.construct_yaml_int,
        f"{_TAG}float": loader.construct_yaml_float,
    }

    def scalar_value(node: tuple[Any, ...]) -> object:
        """A scalar's value; the text of most is taken where they are met (see ``build``)."""
        tag, value = node[0], node[1]
        if tag.__class__ is slice:  # the loader's resolve, as _yaml_loader's answers it
            tag = str_tag
            if node[0].step[0]:  # a plain scalar: its tag is guessed from how it is written
                for guessed, pattern in by_first.get(value[:1], ()):
                    if pattern.match(value):
                        tag = guessed
                        break
        if tag == str_tag:
            return value
        construct = scalars.get(tag)
        if construct is None:
            raise _Unusual  # a merge key (<<), an explicit tag such as !!binary
        return construct(scalar_class(tag, value, node[2], node[3], node[4]))

    # See _build_plain: ``build`` is handed itself rather than calling itself through its closure.
    # A scalar that is text whatever it says (quoted, or plain with a first character no
    # resolver reads) is taken at once; scalar_value reads the others.
    def build(  # noqa: PLR0912  (a mapping's and a list's items, each a scalar or below)
        node: Any, depth: int, again: Callable[[Any, int, Any], tuple[object, _Lines]]
    ) -> tuple[object, _Lines]:
        if depth > max_depth:
            raise _Unusual
        kind = node.__class__
        if kind is mapping and (node.tag.__class__ is slice or node.tag == map_tag):
            result: dict[object, object] = {}
            keys: dict[str, tuple[int, _Lines]] = {}
            for key, value in node.value:
                if key.__class__ is not tuple:
                    raise _Unusual  # a mapping or list as a key
                if value.__class__ is tuple:
                    tag = value[0]
                    if tag.__class__ is slice and (not tag.step[0] or value[1][:1] not in by_first):
                        item, below = value[1], None
                    else:
                        item, below = scalar_value(value), None
                else:
                    item, below = again(value, depth + 1, again)
                written = key[1]
                if written in keys:
                    raise _Unusual  # a key written twice: reported from PyYAML's nodes
                keys[written] = (key[2].line + 1, below)
                if key[0].__class__ is slice and (written in text_keys or written[:1] not in by_first):
                    result[written] = item
                else:
                    name = scalar_value(key)
                    # written plain and read as text: so it reads every time (see _TEXT_KEYS)
                    if (
                        name.__class__ is str
                        and key[0].__class__ is slice
                        and key[0].step[0]
                        and len(text_keys) < _TEXT_KEYS
                    ):
                        text_keys.add(written)
                    result[name] = item
            return result, keys
        if kind is sequence and (node.tag.__class__ is slice or node.tag == seq_tag):
            items: list[object] = []
            lines: list[tuple[int, _Lines]] = []
            for part in node.value:
                if part.__class__ is tuple:
                    tag = part[0]
                    if tag.__class__ is slice and (not tag.step[0] or part[1][:1] not in by_first):
                        items.append(part[1])
                    else:
                        items.append(scalar_value(part))
                    lines.append((part[2].line + 1, None))
                else:
                    item, below = again(part, depth + 1, again)
                    items.append(item)
                    lines.append((part.start_mark.line + 1, below))
            return items, lines
        raise _Unusual

    if root.__class__ is tuple:
        return scalar_value(root), None
    return build(root, 1, build)
