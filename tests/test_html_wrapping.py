"""Where the HTML report's lines wrap, as headless Chromium lays them out at a phone's width.

A wrapped code line must not read as the next line, and a short code such as a lot number
("SP-09") must not break at its hyphen. Needs ``chromium``; skipped with the reason printed
when it is missing, unless POSTMORTEM_REQUIRE_TOOLS=1 (as in CI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

import postmortem
from postmortem.model import TimeAccuracy, TimeBound, TimePrecision
from postmortem.testing import require_tool, sample_incident

from ._chromium import framed_json

# For each element the script is given, the rows its text is laid out in: each row's left edge
# and its text (a row is the text's client rectangles at one height).
_ROWS = """
<script>
window.addEventListener("load", () => {
  const rows = (element) => {
    const found = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width === 0 || node.data[i] === "\\n") continue;
        const last = found[found.length - 1];
        if (last && Math.abs(last.top - box.top) < 3) {
          last.text += node.data[i];
          last.right = box.right;
        } else found.push({top: box.top, left: box.left, right: box.right, text: node.data[i]});
      }
    }
    return found;
  };
  const result = {
    lines: [...document.querySelectorAll("pre .line")].map(rows),
    pre_left: (() => {
      const pre = document.querySelector("pre");
      return pre ? pre.getBoundingClientRect().left + parseFloat(getComputedStyle(pre).paddingLeft) : null;
    })(),
    title: rows(document.querySelector("h1")),
    metrics: [...document.querySelectorAll(".metric .value")].map(rows),
  };
  const out = document.createElement("pre");
  out.id = "rows";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


LONG_LINE = (
    "2026-10-13T14:02:11Z ERROR upstream connect error or disconnect/reset before headers, "
    "retried 3 times against payments-api.internal.example.com:8443"
)
INDENTED_LINE = "    at Router.route (router.js:112) while handling request 7f3a9c2e-1b4d-4e8a-9c0f-aa11bb22cc33"


def rows_at(chromium: str, html: str, width: int, tmp_path: Path) -> dict[str, Any]:
    """The rows of the report's code lines and title, laid out in a ``width`` px wide frame."""
    return framed_json(chromium, html, _ROWS, "rows", width=width, folder=tmp_path, name="wrap")


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_tool("chromium", install="apt-get install chromium")


@pytest.fixture(scope="module")
def code_rows(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A report whose summary ends in a three-line log excerpt, two lines too long for a phone."""
    incident = sample_incident(events=1)
    code = f"```\n{LONG_LINE}\n{INDENTED_LINE}\nINFO ok\n```\n"
    incident = attrs.evolve(incident, summary=f"{incident.summary}\n\n{code}")
    html = postmortem.export(incident, "html")
    assert isinstance(html, str)
    return rows_at(chromium, html, 400, tmp_path_factory.mktemp("code-wrap"))


class TestCodeBlockWraps:
    def test_the_long_lines_wrap_at_a_phones_width(self, code_rows: dict[str, Any]) -> None:
        """The excerpt's first two lines take several rows each (or the test below would test nothing)."""
        expected = [True, True, False]
        assert expected == [len(rows) > 1 for rows in code_rows["lines"]]

    def test_a_wrapped_lines_continuation_is_indented(self, code_rows: dict[str, Any]) -> None:
        """Every row a line wraps onto starts right of where the line's text starts (after its indent)."""
        char = _char_width(code_rows)
        for rows in code_rows["lines"][:2]:
            indent = len(rows[0]["text"]) - len(rows[0]["text"].lstrip(" "))
            text_start = rows[0]["left"] + indent * char
            assert all(row["left"] >= text_start + 1.5 * char for row in rows[1:]), rows

    def test_a_new_line_starts_at_the_blocks_left_edge(self, code_rows: dict[str, Any]) -> None:
        """Each line starts at the block's left edge, left of every continuation."""
        lines = code_rows["lines"]
        assert [pytest.approx(code_rows["pre_left"], abs=1)] * 3 == [rows[0]["left"] for rows in lines]
        continuations = [row["left"] for rows in lines[:2] for row in rows[1:]]
        assert min(continuations) > code_rows["pre_left"] + _char_width(code_rows)

    def test_every_character_is_laid_out_once(self, code_rows: dict[str, Any]) -> None:
        """The rows hold the lines' text as written (spaces at a wrap aside), nothing lost or doubled."""
        seen = ["".join(row["text"] for row in rows).replace(" ", "") for rows in code_rows["lines"]]
        assert [line.replace(" ", "") for line in (LONG_LINE, INDENTED_LINE, "INFO ok")] == seen


@pytest.fixture(scope="module")
def phone_rows(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample with a cellar log's title and its start known only roughly ("about"), at 400 px."""
    incident = sample_incident(events=1)
    about = TimeAccuracy(TimePrecision.MINUTE, TimeBound.ABOUT)
    incident = attrs.evolve(
        incident,
        title="Rtveli 2026 Cellar Log — Lot SP-09 Deviation (Saperavi into the Rkatsiteli qvevri)",
        milestones=attrs.evolve(incident.milestones, started_accuracy=about),
    )
    html = postmortem.export(incident, "html")
    assert isinstance(html, str)
    return rows_at(chromium, html, 400, tmp_path_factory.mktemp("phone-wrap"))


class TestValuesStayWhole:
    def test_the_title_wraps_but_keeps_the_lot_number_whole(self, phone_rows: dict[str, Any]) -> None:
        """The title takes several lines on a phone; "SP-09" is on one of them (it broke as "SP-" / "09")."""
        rows = [row["text"] for row in phone_rows["title"]]
        assert len(rows) > 1
        assert [row for row in rows if "SP-09" in row], rows

    def test_a_key_metrics_duration_is_on_one_line(self, phone_rows: dict[str, Any]) -> None:
        """Each key metric's duration ("4 h 10 min") is on one line; "about" may stand above it."""
        values = [[row["text"].strip() for row in rows] for rows in phone_rows["metrics"]]
        assert [" ".join(rows) for rows in values] == [
            "about 4 min",
            "5 min",
            "about 52 min",
            "about 4 h 10 min",
            "about 52 min",
        ]
        split = [rows for rows in values if any(row.endswith(("4 h", "4 h 10", "about 4")) for row in rows)]
        assert split == [], values


def _char_width(code_rows: dict[str, Any]) -> float:
    """The width of one character of the code's monospace font, from the last line ("INFO ok")."""
    row = code_rows["lines"][2][0]
    return float(row["right"] - row["left"]) / len(row["text"])


# The page's width, and the elements (outside a box that scrolls on its own, as the chart's) whose
# right edge is past the page's.
_OVERFLOW = """
<script>
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const past = [...document.querySelectorAll("body *")]
    .filter((element) => !element.children.length && !scrolls(element))
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .map((element) => element.tagName + ": " + element.textContent.slice(0, 40));
  const out = document.createElement("pre");
  out.id = "overflow";
  out.textContent = JSON.stringify({width, page_width: document.documentElement.scrollWidth, past});
  document.body.appendChild(out);
});
</script>
"""
# An imported report's id is its file name; teams write services and hosts as one word.
LONG_WORD = "documents.bulk_save_v2.psycopg.errors.UndefinedColumnInTheSecondSchemaName"
LONG_URL = "https://grafana.example.com/d/checkout-latency-overview/checkout?orgId=1&var-region=eu-west-1&viewPanel=42"


class TestLongValuesOnAPhone:
    def test_one_word_values_wrap_inside_the_page(self, chromium: str, tmp_path: Path) -> None:
        """A service, an author and a tag written as one 74-character word, and long ids and
        addresses elsewhere, wrap at 400 px: the page does not scroll sideways and nothing ends
        past its right edge (the title block's value column took the word's width, 652 px)."""
        incident = sample_incident(events=1)
        related = (attrs.evolve(incident.related[0], id=LONG_WORD, url=LONG_URL, title=LONG_WORD),)
        incident = attrs.evolve(
            incident,
            title=f"Outage of {LONG_WORD}",
            services=(LONG_WORD,),
            authors=(LONG_WORD,),
            tags=(LONG_WORD,),
            related=related,
            summary=f"See {LONG_URL} and `{LONG_WORD}`.",
        )
        html = postmortem.export(incident, "html")
        assert isinstance(html, str)
        result = framed_json(chromium, html, _OVERFLOW, "overflow", width=400, folder=tmp_path, name="long")
        assert result["width"] <= 400
        assert result["past"] == []
        assert result["page_width"] == result["width"]
