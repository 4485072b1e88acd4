"""A right-to-left paragraph of a Confluence page reads right to left, even where ``dir`` is lost.

Confluence's storage-format documentation lists ``style="text-align: right;"`` for a right-aligned
paragraph and no ``dir`` attribute, and Cloud's editor has no text direction: a save may drop the
attribute. So the direction is in the text as well, a right-to-left embedding (U+202B ... U+202C)
around the element's first line. The page is published to the local Confluence server (which
keeps the body as sent), read back, stripped of every ``dir`` and ``style`` and laid out by
headless Chromium through the offline preview.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from confluence_support import target
from postmortem_confluence import render_storage
from postmortem_confluence._preview import preview_html
from postmortem_confluence._publish import RetryPolicy, publish_page
from postmortem_confluence._xml import wrap_for_parsing

from postmortem.testing import require_tool, sample_incident

if TYPE_CHECKING:
    from postmortem_confluence._client import ConfluenceClient
    from postmortem_confluence_testing import LocalConfluence

# The core suite's helper runs the browser for this test as for the core's layout tests.
_CHROMIUM = Path(__file__).resolve().parents[3] / "tests" / "_chromium.py"

RLE, PDF = "\u202b", "\u202c"
ARABIC = "تعذر إتمام الدفع عبر الإصدار v2.3 اليوم."
SUMMARY = f"{ARABIC}\n\n- خطوة أولى\n  - a nested step\n\nThe checkout failed."

_MEASURE = """
<script>
window.addEventListener("load", () => {
  const out = {};
  for (const p of document.querySelectorAll("p")) {
    const node = p.firstChild;
    if (!node || !node.data || !node.data.includes("تعذر")) continue;
    const box = (word) => {
      const at = node.data.lastIndexOf(word);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const r = range.getBoundingClientRect();
      return [r.left, r.right];
    };
    out.first = box("تعذر");
    out.last = box("اليوم");
    out.stop = box(".");
  }
  const pre = document.createElement("pre");
  pre.id = "layout-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _without_direction_attributes(storage: str) -> str:
    """The body as a save that drops ``dir`` and ``style`` would leave it."""
    return re.sub(r' (?:dir|style)="[^"]*"', "", storage)


def _core_chromium() -> ModuleType:
    """The core suite's headless Chromium runner (``tests/_chromium.py`` of this repository)."""
    spec = importlib.util.spec_from_file_location("_core_chromium", _CHROMIUM)
    assert spec is not None, _CHROMIUM
    assert spec.loader is not None, _CHROMIUM
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _layout(chromium: str, storage: str, tmp_path: Path) -> dict[str, Any]:
    tmp_path.mkdir()
    page = tmp_path / "page.html"
    page.write_text(preview_html(storage, "RTL").replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    measured = _core_chromium().dumped(
        chromium, page, "layout-measure", profile=tmp_path / "profile", flags=["--window-size=1000,800"]
    )
    result: dict[str, Any] = json.loads(html.unescape(measured))
    return result


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_tool("chromium", install="apt-get install chromium")


def _storage() -> str:
    return render_storage(attrs.evolve(sample_incident(), summary=SUMMARY))


class TestRightToLeftInTheText:
    """The direction travels in the text of the page, not only in its attributes."""

    def test_first_line_is_an_embedding(self) -> None:
        """An Arabic paragraph's text is U+202B ... U+202C; a list item's embedding closes before its
        nested list; English paragraphs carry no marks."""
        root = ET.fromstring(wrap_for_parsing(_storage()))
        texts = {"".join(node.itertext()) for node in root.iter("p")}
        assert f"{RLE}{ARABIC}{PDF}" in texts
        assert "The checkout failed." in texts
        item = next(node for node in root.iter("li") if "خطوة" in "".join(node.itertext()))
        assert item.text == f"{RLE}خطوة أولى{PDF}"
        assert not any(RLE in "".join(node.itertext()) for node in root.iter("li") if node is not item)

    def test_published_body_keeps_the_marks(
        self, server: LocalConfluence, client: ConfluenceClient, policy: RetryPolicy
    ) -> None:
        """The body stored by the local Confluence server (both flavours) is the one sent, marks included."""
        storage = _storage()
        publish_page(client, target(body=storage), policy=policy)
        (page,) = server.pages("OPS")
        assert page.body == storage
        assert f"{RLE}{ARABIC}{PDF}" in page.body


class TestRightToLeftLayout:
    """Chromium lays the paragraph out right to left with every ``dir`` and ``style`` removed."""

    def test_reads_right_to_left_without_attributes(self, chromium: str, tmp_path: Path) -> None:
        """The first word stands right of the last, the full stop at the far left (the end of an
        Arabic sentence); without the embedding, the same text read left to right around "v2.3":
        its first word at the left and the full stop at the right."""
        storage = _without_direction_attributes(_storage())
        assert 'dir="' not in storage
        marked = _layout(chromium, storage, tmp_path / "marked")
        assert marked["first"][0] > marked["last"][1]
        assert marked["stop"][1] <= marked["last"][0] + 1
        plain = _layout(chromium, storage.replace(RLE, "").replace(PDF, ""), tmp_path / "plain")
        assert plain["first"][1] < plain["last"][0]
        assert plain["stop"][0] >= plain["last"][1] - 1
