"""An incident as a notebook shows it: the HTML fragment, without the report's style sheet.

The text a reader sees is the browser's ``innerText`` of the fragment in a plain page (Debian's
headless Chromium, ``--dump-dom`` after a script wrote it into the document), as in a notebook,
whose own styles know nothing of the report's classes. Needs ``chromium``; skipped with the
reason printed when it is missing, unless POSTMORTEM_REQUIRE_TOOLS=1 (as in CI).
"""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest

import postmortem
from postmortem.model._incident import _NOTEBOOK_STYLE
from postmortem.testing import require_tool

from ._chromium import dumped
from .conftest import EXAMPLES

_READ = """<pre id="seen"></pre>
<script>
window.addEventListener("load", () => {
  document.getElementById("seen").textContent = document.querySelector("main.postmortem").innerText;
});
</script>"""


def _seen(chromium: str, fragment: str, tmp_path: Path) -> str:
    """The fragment's text as the browser lays it out (a line break where a block ends)."""
    page = tmp_path / "notebook-output.html"
    page.write_text(f"<!doctype html><meta charset=utf-8><body>{fragment}{_READ}</body>", encoding="utf-8")
    return html_module.unescape(dumped(chromium, page, "seen", profile=tmp_path / "profile"))


class TestNotebookStyle:
    def test_it_styles_nothing_outside_the_report(self) -> None:
        """Every selector of the notebook's style starts at the report's own element."""
        rules = re.fullmatch(r"<style>([^{}]*)\{[^{}]*\}</style>", _NOTEBOOK_STYLE)
        assert rules is not None
        selectors = [selector.strip() for selector in rules.group(1).split(",")]
        assert [selector for selector in selectors if not selector.startswith("main.postmortem ")] == []

    def test_the_incident_displays_the_fragment_and_the_style(self) -> None:
        """The display is the embeddable fragment, then the style; the exporter's fragment has none."""
        incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
        fragment = str(postmortem.export(incident, "html", standalone=False))
        assert incident._repr_html_() == fragment + _NOTEBOOK_STYLE


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text of the feature-flag example's notebook display."""
    chromium = require_tool("chromium", install="apt-get install chromium")
    incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
    return _seen(chromium, incident._repr_html_(), tmp_path_factory.mktemp("notebook"))


class TestWhatTheReaderSees:
    @pytest.mark.parametrize(
        ("apart", "glued"),
        [
            ("Time to detect\n5 min", "Time to detect5 min"),  # a key metric's name and value
            ("AI-1\nREL-412", "AI-1REL-412"),  # an action item's id and its tracker key
            ("environment.\nCI check", "environment.CI check"),  # an item and its kind
            ("Process\nTrigger", "ProcessTrigger"),  # a contributing factor's category and the trigger mark
            ("Done\n2026-10-27", "Done2026-10-27"),  # an item's status and the day it was done
        ],
        ids=["metric", "tracker", "kind", "trigger", "done"],
    )
    def test_parts_the_style_sheet_separates_stay_apart(self, seen: str, apart: str, glued: str) -> None:
        """Each of these ran together in a notebook (the second form) before the display had its style."""
        assert (apart in seen, glued in seen) == (True, False), seen[:3000]
