"""A tiny, strict builder for Confluence storage XHTML.

Every piece of user text goes through :func:`text` (or an attribute value through the
builder), which strips what XML 1.0 cannot hold and escapes the rest, so text can never
become markup or a macro. Only :class:`Xml` values, which this module produces, are
written as they are. The one CDATA section is a code macro's plain-text body (Confluence
reads no escapes there), and ``]]>`` inside it is split so it cannot close the section.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

__all__ = ["STORAGE_NAMESPACES", "Xml", "clean", "el", "join", "parse_storage", "text", "wrap_for_parsing"]

# Characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); everything else is removed.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Tag and attribute names come from our own code only; checking them stops a typo (or a
# future refactor passing user data) from producing broken markup.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?::[A-Za-z][A-Za-z0-9-]*)?\Z")

STORAGE_NAMESPACES = {
    "ac": "http://atlassian.com/content",
    "ri": "http://atlassian.com/resource/identifier",
}
# Templates use a third prefix; Confluence accepts it in page bodies too.
_ALL_NAMESPACES = {**STORAGE_NAMESPACES, "at": "http://atlassian.com/template"}


class Xml(str):
    """Serialized storage XHTML that this module built; written without escaping."""

    __slots__ = ()


def clean(value: str) -> str:
    """Remove what XML 1.0 cannot hold: NUL, most C0 controls, lone surrogates, U+FFFE, U+FFFF."""
    return _NOT_XML_CHAR.sub("", value)


def text(value: str) -> Xml:
    """Escape ``value`` as element text.

    Line endings are normalised to a line feed, as an XML parser would read them anyway.
    """
    value = clean(value).replace("\r\n", "\n").replace("\r", "\n")
    return Xml(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def cdata(value: str) -> Xml:
    """``value`` as a CDATA section (the body of a code macro); ``]]>`` inside is split safely."""
    value = clean(value).replace("\r\n", "\n").replace("\r", "\n")
    return Xml("<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>")


def _attribute(value: str) -> str:
    # Whitespace other than a space is written as a character reference so that attribute
    # value normalisation does not turn it into a space on the way back.
    return (
        clean(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def _children(children: Iterable[object]) -> Iterable[str]:
    for child in children:
        if child is None:
            continue
        if isinstance(child, Xml):
            yield child
        elif isinstance(child, str):
            yield text(child)
        elif isinstance(child, Iterable):
            yield from _children(child)
        else:
            raise TypeError(f"cannot put a {type(child).__name__} into storage XHTML")


def el(tag: str, *children: object, attrs: Mapping[str, str] | None = None) -> Xml:
    """Build one element.

    Args:
        tag: The element name, such as ``p`` or ``ac:structured-macro``.
        *children: Text (escaped), :class:`Xml` (kept), ``None`` (skipped) or iterables of these.
        attrs: Attribute names and values; values are escaped.

    Returns:
        The serialized element.

    Raises:
        ValueError: when a tag or attribute name is not a plain (prefixed) XML name.
    """
    if not _NAME.match(tag):
        raise ValueError(f"not an XML name: {tag!r}")
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        if not _NAME.match(name):
            raise ValueError(f"not an XML name: {name!r}")
        parts.append(f' {name}="{_attribute(value)}"')
    body = "".join(_children(children))
    if body:
        parts.append(f">{body}</{tag}>")
    else:
        parts.append(" />" if tag in _VOID else f"></{tag}>")
    return Xml("".join(parts))


# Elements written self-closed when empty; every other empty element keeps an end tag because
# HTML readers of the storage format treat "<p/>" as an unclosed start tag.
_VOID = frozenset({"br", "hr", "col", "img", "ri:user", "ri:page", "ri:attachment", "ri:url", "ac:emoticon"})


def join(*parts: object) -> Xml:
    """Concatenate children (escaping plain strings) without a surrounding element."""
    return Xml("".join(_children(parts)))


def wrap_for_parsing(storage: str) -> str:
    """Wrap storage XHTML in a root element declaring ``ac`` and ``ri`` for an XML parser."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in STORAGE_NAMESPACES.items())
    return f"<storage {declarations}>{storage}</storage>"


def _html_entity_doctype() -> str:
    # Storage format may use HTML's named entities (&nbsp;, &mdash;, ...), and Confluence
    # writes some itself; declare them so that a parser reads what Confluence stores. The
    # declarations are ours, internal and non-recursive: no external or nested expansion.
    builtin = {"amp", "lt", "gt", "quot", "apos"}
    entities = "".join(
        f'<!ENTITY {name} "&#{code};">' for name, code in html.entities.name2codepoint.items() if name not in builtin
    )
    return f"<!DOCTYPE storage [{entities}]>"


_DOCTYPE = _html_entity_doctype()


def parse_storage(storage: str) -> ET.Element:
    """Parse a storage-format body as Confluence would: ``ac``/``ri``/``at`` prefixes, HTML entities.

    Args:
        storage: The body (a fragment: several top-level elements and text are fine).

    Returns:
        A ``storage`` root element holding the body.

    Raises:
        xml.etree.ElementTree.ParseError: when the body is not well-formed.
    """
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _ALL_NAMESPACES.items())
    # The body sits inside our root element, so it cannot bring a DOCTYPE of its own.
    return ET.fromstring(f"{_DOCTYPE}<storage {declarations}>{storage}</storage>")  # noqa: S314
