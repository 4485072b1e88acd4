"""Checks read prose as a reader sees it: the masked reading (checks/_text.py) equals parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import markup
from postmortem.checks._text import _masked, plain, prose_fields
from postmortem.markup._plain import _plain_blocks
from postmortem.testing import examples

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INCIDENT = postmortem.load(EXAMPLES[0])

# Pieces of prose, each character the masked reading handles, and what Markdown reads near them.
PIECES = st.sampled_from(
    [
        "a",
        "b1",
        " ",
        "  ",
        ".",
        ",",
        "\n",
        "\n\n",
        "-",
        "1.",
        ":",
        "14:02",
        "@",
        "@dana",
        "x@y.io",
        "_",
        "max_conn",
        "__",
        "!",
        "![",
        "[a](b)",
        "&",
        "&amp;",
        "&#35;",
        ">",
        "->",
        "#",
        "# ",
        "~",
        "~~",
        "~~~",
        "*",
        "`",
        "http://x.io",
        "mailto:",
        "www.x.io",
        "\t",
        "é",
        "\u00a0",
        "|",
        "<",
    ]
)


def parsed(text: str) -> str:
    """The plain text by parsing, with no shortcut."""
    blocks = _plain_blocks(markup.tree(text, "markdown"))
    return "\n\n".join(part for part in blocks if part.strip())


@settings(max_examples=examples(quick=200, full=600), deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_masked_reading_equals_parsing(text: str) -> None:
    """Whatever the text, plain() gives the parser's text, character for character."""
    assert plain(INCIDENT, text) == parsed(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples(path: Path) -> None:
    """Every prose field of the examples gives the parser's plain text."""
    incident = postmortem.load(path)
    for _, text in prose_fields(incident):
        assert plain(incident, text) == parsed(text)


def test_examples_are_mostly_read_without_the_parser() -> None:
    """The point of masking: fields holding times, handles or snake_case skip the parser."""
    texts = [text for path in EXAMPLES for _, text in prose_fields(postmortem.load(path)) if text]
    read = [text for text in texts if (m := _masked(text)) is not None and markup.plain_paragraphs(m) is not None]
    assert len(read) > 20


def test_labelled_texts() -> None:
    """Every labelled text gives the parser's plain text."""
    for path in sorted(DATA.glob("blameless_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            assert plain(INCIDENT, text) == parsed(text), text


def test_what_is_left_to_the_parser() -> None:
    """Link hints, entities and characters already in the masks' range are parsed as written."""
    for text in ("see http://x.io: now", "mailto:a@b.io", "www.x.io at 14:02", "a &amp; b: c", "\ue000 at 14:02"):
        assert _masked(text) is None
        assert plain(INCIDENT, text) == parsed(text)
