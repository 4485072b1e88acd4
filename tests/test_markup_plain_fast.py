"""The plain-text shortcut for prose without markup gives exactly what parsing gives."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem import markup
from postmortem.markup._plain import _plain_blocks
from postmortem.presentation import clean_text
from postmortem.testing import examples

DATA = Path(__file__).parent / "data"

# Pieces real prose is made of, plus the white space and line starts Markdown reads.
PIECES = st.sampled_from(
    [
        "a",
        "b",
        " ",
        "de",
        ".",
        ",",
        "\n",
        "\n\n",
        "-",
        "1",
        ")",
        "2.",
        ":",
        "@",
        "é",
        "www.x.com",
        "  ",
        " 1.",
        "\t",
        "\u00a0",
        "\u2028",
        "x.co",
        "'",
        '"',
        "(",
        "%",
        "?",
        "=",
        "+",
        "/",
    ]
)


def parsed(text: str) -> str:
    """The plain text by parsing, as before the shortcut."""
    blocks = _plain_blocks(markup.tree(text, "markdown"))
    return "\n\n".join(part for part in blocks if part.strip())


class TestShortcut:
    @settings(max_examples=examples(quick=130, full=400), deadline=None)
    @given(st.lists(PIECES, max_size=30).map("".join))
    def test_shortcut_equals_parsing(self, text: str) -> None:
        """Where the shortcut answers, its answer is the parser's, character for character."""
        fast = markup.plain_paragraphs(clean_text(text))
        if fast is not None:
            assert fast == parsed(text)

    @settings(max_examples=examples(quick=130, full=400), deadline=None)
    @given(
        st.lists(
            PIECES | st.sampled_from(["\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\r", "\r\n", "*"]), max_size=30
        ).map("".join)
    )
    def test_one_scan_equals_parsing(self, text: str) -> None:
        """Where the one-scan reading of an ASCII text answers, its answer is the parser's."""
        fast = markup.simple_plain_text(text)
        if fast is not None:
            assert text.isascii()
            assert fast == parsed(text) == markup.plain_paragraphs(clean_text(text))

    def test_one_scan_declines(self) -> None:
        """Markup, control characters, carriage returns and text beyond ASCII are left to the other readings."""
        for text in ("**bold**", "- item", "a\tb", "x: y", "a\x0cb", "a\r\nb", "caf\u00e9", "a\x7fb"):
            assert markup.simple_plain_text(text) is None
        assert markup.simple_plain_text("The cache\nwas cold.\n\nThen it warmed.") == (
            "The cache was cold.\n\nThen it warmed."
        )

    def test_labelled_sentences(self) -> None:
        """On every labelled sentence the shortcut takes, it agrees with the parser."""
        taken = 0
        for path in sorted(DATA.glob("blameless_*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line)["text"]
                fast = markup.plain_paragraphs(clean_text(text))
                if fast is not None:
                    taken += 1
                    assert fast == parsed(text)
        assert taken > 100

    def test_markup_is_parsed(self) -> None:
        """Text that holds markup, a list or a wrapped paragraph with a tab is left to the parser."""
        for text in ("**bold**", "- item", "1. first", "a\tb", "see <x>", "    code", "x: y"):
            assert markup.plain_paragraphs(text) is None

    def test_wrapped_paragraphs(self) -> None:
        """Soft line breaks are spaces and a blank line separates paragraphs."""
        assert markup.to_plain_text("The cache\nwas cold.\n\nThen it warmed.") == (
            "The cache was cold.\n\nThen it warmed."
        )
