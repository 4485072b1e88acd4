"""Emoji in a DOCX report stay visible when LibreOffice makes a PDF of it.

Left to the reader's font fallback, an emoji is drawn on Linux from Noto Color Emoji, whose
colour bitmaps LibreOffice (7.4) exports to PDF as nothing: "Rollout 🚀 went bad" printed as
"Rollout    went bad". Each emoji sequence gets a run of its own naming a monochrome font with
outlines (Symbola, Debian's fonts-symbola), which the font table maps to Segoe UI Emoji for Word.

The LibreOffice test needs ``soffice``, poppler's ``pdftotext`` and ``pdftoppm``, and the
Symbola font; skipped when they are missing, unless POSTMORTEM_REQUIRE_TOOLS=1 (as in CI).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import attrs
import pytest

import postmortem
from postmortem.testing import require_tool

from ._docx_helpers import EXAMPLES, require_soffice
from .test_docx_libreoffice import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUMMARY = "Rollout 🚀 went bad ❌, fixed ✅ at last 🎉. Plain text after."
TITLE = "API outage 🔥 flag"
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def _report() -> bytes:
    """The feature-flag example with emoji in its title, summary and an action item."""
    incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
    first = attrs.evolve(incident.action_items[0], description="Add a 🚦 check to the `deploy 🚀` step")
    incident = attrs.evolve(incident, title=TITLE, summary=SUMMARY, action_items=(first, *incident.action_items[1:]))
    data = postmortem.export(incident, "docx")
    assert isinstance(data, bytes)
    return data


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def _runs(xml: str) -> list[tuple[str, dict[str, str], list[str]]]:
    """Each run's text, its rFonts attributes (local names) and its properties' tags in order."""
    import xml.etree.ElementTree as ET

    found = []
    for run in ET.fromstring(xml).iter(f"{W}r"):
        text = "".join(node.text or "" for node in run.iter(f"{W}t"))
        props = run.find(f"{W}rPr")
        fonts = props.find(f"{W}rFonts") if props is not None else None
        names = {key.removeprefix(W): value for key, value in (fonts.attrib.items() if fonts is not None else ())}
        tags = [child.tag.removeprefix(W) for child in props] if props is not None else []
        found.append((text, names, tags))
    return found


class TestEmojiRuns:
    """Every emoji is in a run of its own that names the emoji font; the text reads as written."""

    def test_each_emoji_is_in_a_run_naming_the_emoji_font(self) -> None:
        """A run holding an emoji names Symbola for every script and holds no letter; no run
        without an emoji names it (they used the text's font, and LibreOffice fell back to the
        colour font it cannot put in a PDF)."""
        runs = _runs(_part(_report(), "word/document.xml"))
        with_emoji = [(text, fonts) for text, fonts, _tags in runs if EMOJI.search(text)]
        assert {text for text, _fonts in with_emoji} >= {"🚀", "❌", "✅", "🎉", "🔥", "🚦"}
        for text, fonts in with_emoji:
            assert fonts == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Symbola"), text
            assert not re.search(r"\w", text), text
        assert all(fonts.get("ascii") != "Symbola" for text, fonts, _tags in runs if not EMOJI.search(text))

    def test_the_paragraph_text_is_unchanged(self) -> None:
        """Split into runs, the summary still reads exactly as written, and so does the header."""
        import docx

        document = docx.Document(io.BytesIO(_report()))
        assert SUMMARY in [paragraph.text for paragraph in document.paragraphs]
        assert TITLE in [paragraph.text for paragraph in document.paragraphs]
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert TITLE in header

    def test_an_emoji_in_a_code_span_keeps_the_spans_style_first(self) -> None:
        """In a styled run (a code span) the emoji's run keeps the style, ``rStyle`` first and
        ``rFonts`` after it, the order Word requires."""
        runs = _runs(_part(_report(), "word/document.xml"))
        styled = [tags for text, _fonts, tags in runs if text == "🚀" and "rStyle" in tags]
        assert styled, "the code span's rocket is in a styled run"
        for tags in styled:
            assert tags[:2] == ["rStyle", "rFonts"]

    def test_the_font_table_gives_word_its_emoji_font(self) -> None:
        """The font table lists Symbola once, with Segoe UI Emoji as its other name."""
        table = _part(_report(), "word/fontTable.xml")
        assert table.count('w:name="Symbola"') == 1
        assert re.search(r'w:name="Symbola"><w:altName w:val="Segoe UI Emoji"/>', table)


def _require_symbola() -> None:
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, "Symbola"], capture_output=True, text=True, check=False).stdout if fc_list else ""
    if "Symbola" not in fonts:
        message = "the Symbola font is not installed; apt-get install fonts-symbola"
        if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _dark_pixels(pdftoppm: str, pdf: Path, box: tuple[float, float, float, float], tmp_path: Path) -> int:
    """How many pixels of page 1, drawn at 144 dpi in grey, are darker than mid-grey inside ``box`` (points)."""
    out = tmp_path / "page"
    subprocess.run([pdftoppm, "-r", "144", "-gray", "-f", "1", "-l", "1", str(pdf), str(out)], check=True)
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", image)
    assert header is not None
    width = int(header.group(1))
    pixels = image[header.end() :]
    scale = 144 / 72
    left, top, right, bottom = (round(value * scale) for value in box)
    return sum(1 for y in range(top, bottom) for x in range(left, right) if pixels[y * width + x] < 128)


@pytest.mark.slow
@pytest.mark.needs_tool("soffice")
class TestEmojiInLibreOfficesPdf:
    """LibreOffice's PDF of the report draws its emoji."""

    def test_the_emoji_are_drawn(self, tmp_path: Path) -> None:
        """The summary's rocket is in the PDF's text and its box on the page has ink (it was blank:
        LibreOffice drew it from Noto Color Emoji, whose bitmaps its PDF export leaves out)."""
        soffice = require_soffice()
        pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
        pdftoppm = require_tool("pdftoppm", install="apt-get install poppler-utils")
        _require_symbola()
        source = tmp_path / "emoji.docx"
        source.write_bytes(_report())
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        # The document's title in the output's head holds the fire emoji as two halves of a
        # surrogate pair (LibreOffice's metadata), which no UTF-8 decoder takes: replaced.
        boxes = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", errors="replace")
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">🚀</word>', boxes)
        assert found, "the rocket is in the PDF's text"
        left, top, right, bottom = (float(value) for value in found.groups())
        assert _dark_pixels(pdftoppm, pdf, (left, top, right, bottom), tmp_path) > 20
