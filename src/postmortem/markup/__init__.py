"""Markdown in prose fields: one parser, one tree, and what every exporter and check reads.

Every prose field of an incident (summary, impact, narrative, root cause, factor and
hypothesis text, list items, timeline and action-item descriptions, section bodies) is
CommonMark with GitHub's tables, task lists, strikethrough and autolinks, unless the file
says ``markup: plain``. Text is parsed once by markdown-it-py (loaded lazily and cached) into
a small tree of :class:`Node` objects in which safety is already decided:

* raw HTML is never HTML: it stays visible text;
* a link exists only for ``http``, ``https``, ``mailto`` and relative destinations;
  anything else (``javascript:``, ``data:``, ``file:``, ``//host``) is shown as its text;
* an image is a node with its ``url`` and ``alt`` text; an exporter shows the picture only
  when :func:`read_image` finds it inside an asset folder the caller allowed (a PNG, JPEG,
  GIF or WebP file of at most 10 MiB), and the alt text otherwise.

Exporters walk the tree (:func:`tree`); checks read :func:`to_plain_text`; the HTML exporter
uses :func:`to_html`. Soft line breaks (a line wrap in YAML) are spaces in plain text.

The package is laid out by what each part does, each module private: ``_tree`` (the
parser and the :class:`Node` tree), ``_links`` (safe links and images from the asset folder),
``_plain`` (plain text, for checks), ``_outline`` (a field's headings by rank), ``_notes``
(footnotes across fields), ``_html`` and ``_markdown`` (the two renderings).
Everything public is imported here.
"""

from __future__ import annotations

from postmortem.markup._columns import column_shares, narrowest_line
from postmortem.markup._direction import maybe_right_to_left, right_to_left, text_right_to_left
from postmortem.markup._html import text_html, to_html, to_inline_html, whole_codes
from postmortem.markup._links import MAX_IMAGE_BYTES, AssetImage, is_safe_link, read_image, resolve_asset
from postmortem.markup._markdown import to_markdown as to_markdown
from postmortem.markup._markdown import to_markdown_cell as to_markdown_cell
from postmortem.markup._markdown import to_markdown_item as to_markdown_item
from postmortem.markup._markdown import to_markdown_link as to_markdown_link
from postmortem.markup._notes import Footnotes, gather_footnotes, markdown_labels, prose_texts, with_footnotes
from postmortem.markup._outline import is_label, outlined
from postmortem.markup._plain import plain_paragraphs, simple_plain_text, to_plain_text
from postmortem.markup._tree import Node, plain_to_markdown, source, tree

__all__ = [
    "MAX_IMAGE_BYTES",
    "AssetImage",
    "Footnotes",
    "Node",
    "column_shares",
    "gather_footnotes",
    "is_label",
    "is_safe_link",
    "markdown_labels",
    "maybe_right_to_left",
    "narrowest_line",
    "outlined",
    "plain_paragraphs",
    "plain_to_markdown",
    "prose_texts",
    "read_image",
    "resolve_asset",
    "right_to_left",
    "simple_plain_text",
    "source",
    "text_html",
    "text_right_to_left",
    "to_html",
    "to_inline_html",
    "to_plain_text",
    "tree",
    "whole_codes",
    "with_footnotes",
]
