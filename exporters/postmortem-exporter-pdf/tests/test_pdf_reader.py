"""The PDF as a reader meets it: tagged for screen readers, words and identifiers whole, a
printout that can reach its links, and a chart legible at print size.

Needs ``pdfinfo`` and ``pdftotext`` (Debian: poppler-utils). Skipped when they are missing,
unless POSTMORTEM_REQUIRE_TOOLS=1 (as in CI), where a missing tool is a failure.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

import postmortem
from postmortem import chart, presentation
from postmortem.testing import require_tool

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Identifiers people search for and copy: dotted, snake_case, paths, hosts, release names.
_IDENTIFIER = re.compile(r"(?<![\w./-])(?=[\w./-]*[._/])[A-Za-z][\w-]*(?:[./_][\w-]+)+(?![\w/-])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def require(tool: str) -> str:
    """A poppler program; skipped when missing, unless POSTMORTEM_REQUIRE_TOOLS=1 (CI)."""
    return require_tool(tool, install="apt-get install poppler-utils")


def run(program: str, *args: str) -> str:
    completed = subprocess.run([program, *args], capture_output=True, text=True, timeout=120, check=True)
    return completed.stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, example_pdfs: dict[str, bytes]) -> dict[str, Path]:
    """Every example as a PDF file, with the default options (rendered once for the session)."""
    out = tmp_path_factory.mktemp("reader")
    paths = {}
    for stem, data in example_pdfs.items():
        path = out / f"{stem}.pdf"
        path.write_bytes(data)
        paths[stem] = path
    return paths


class TestAccessible:
    """A screen reader gets the structure."""

    def test_tagged_by_default(self, rendered: dict[str, Path]) -> None:
        """pdfinfo reports every example's PDF as tagged (it said "Tagged: no")."""
        pdfinfo = require("pdfinfo")
        for name, path in rendered.items():
            assert re.search(r"^Tagged:\s+yes$", run(pdfinfo, str(path)), re.MULTILINE), name


class TestWholeWords:
    """Nothing is hyphenated or broken inside a word, an identifier or a name."""

    @pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
    def test_identifiers_are_never_split(self, rendered: dict[str, Path], example: str) -> None:
        """Each identifier of the example (documents.bulk_save_v2, flags/production.yaml, ...) is on one line."""
        pdftotext = require("pdftotext")
        source = (ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
        identifiers = {m.group(0).rstrip(".") for m in _IDENTIFIER.finditer(source) if "://" not in m.group(0)}
        identifiers = {i for i in identifiers if len(i) >= 6 and not i.startswith(("http", "www"))}
        text = run(pdftotext, "-nopgbrk", str(rendered[example]), "-")
        assert "\u00ad" not in text  # no soft hyphens
        # Only identifiers the PDF shows: the YAML also holds keys the report does not print.
        flat = re.sub(r"-?\s*\n\s*", "", text)
        shown = {i for i in identifiers if i in flat}
        assert shown, "the example shows no identifier"
        broken = sorted(i for i in shown if i not in text)
        assert broken == [], f"split across lines: {broken}"

    @pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
    def test_no_word_breaks_across_lines(self, rendered: dict[str, Path], example: str) -> None:
        """No line ends in the first part of a word whose rest starts the next line ("communication s lead")."""
        pdftotext = require("pdftotext")
        source = (ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
        words = {w.lower() for w in _WORD.findall(source)}
        lines = [line.strip() for line in run(pdftotext, "-nopgbrk", str(rendered[example]), "-").splitlines()]
        broken = []
        for current, following in itertools.pairwise(lines):
            if not current or not following:
                continue
            head, tail = current.split()[-1], following.split()[0]
            joined = (head[:-1] if head.endswith("-") else head) + tail
            stripped = joined.lower().strip(".,;:()\"'")
            if stripped in words and (head.lower().strip("-") not in words or tail.lower() not in words):
                broken.append(f"{head} | {tail}")
        assert broken == []


class TestPrintedLinks:
    """A printout shows where each link goes."""

    def test_link_addresses_are_printed(self, rendered: dict[str, Path]) -> None:
        """The dashboards, tickets and records linked in the example appear as addresses in the text."""
        pdftotext = require("pdftotext")
        incident = postmortem.load(ROOT / "examples" / "api-outage-feature-flag.yaml")
        text = re.sub(r"\s+", "", run(pdftotext, str(rendered["api-outage-feature-flag"]), "-"))
        for link in incident.links:
            assert link.url in text, link.url

    def test_links_stay_clickable(self, rendered: dict[str, Path]) -> None:
        """The PDF keeps its link annotations (52 in the example)."""
        import pypdf

        reader = pypdf.PdfReader(rendered["api-outage-feature-flag"])
        uris = [
            annotation.get_object()["/A"]["/URI"]
            for page in reader.pages
            for annotation in page.get("/Annots", [])
            if annotation.get_object().get("/Subtype") == "/Link" and "/A" in annotation.get_object()
        ]
        assert len(uris) >= 20


class TestPrintSizes:
    """Chart text and the running header at print size."""

    def test_chart_text_is_at_least_8_pt(self, rendered: dict[str, Path]) -> None:
        """The chart's lane labels print at 8 pt or more (they were about 5.5 pt).

        The size is measured, not computed: pdftotext's word boxes are as tall as the font's
        ascent plus descent, so a chart label's box against a body word's box (10 pt, same
        typeface) gives the label's size in points.
        """
        pdftotext = require("pdftotext")
        boxes = run(pdftotext, "-f", "1", "-l", "1", "-bbox", str(rendered["api-outage-feature-flag"]), "-")

        def height(word: str) -> float:
            found = re.search(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}</word>', boxes)
            assert found, word
            return float(found.group(2)) - float(found.group(1))

        # "October" is in the summary (10 pt body text); "Communication" only in the chart.
        chart_points = 10 * height("Communication") / height("October")
        assert chart_points >= 8
        # The drawing's own arithmetic agrees: 12-unit text in a 720-unit drawing across A4's text width.
        a4_text_width = (210 - 2 * 16) / 25.4 * 72
        assert chart.FONT_SIZE * a4_text_width / chart.WIDTH >= 8

    def test_running_header_is_one_line(self, rendered: dict[str, Path]) -> None:
        """On page 2 the header (id and title) takes a single line above the body."""
        pdftotext = require("pdftotext")
        boxes = run(pdftotext, "-f", "2", "-l", "2", "-bbox", str(rendered["api-outage-feature-flag"]), "-")
        tops = sorted({round(float(y)) for y in re.findall(r'yMin="([\d.]+)"', boxes)})
        header = [y for y in tops if y < 21 / 25.4 * 72]  # inside the 21 mm top margin
        assert len(header) == 1, header


_BBOX_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


class TestSpacing:
    """Blocks are set apart from what follows them."""

    @pytest.mark.parametrize("example", ["api-outage-feature-flag", "latency-database-hotspot"])
    def test_detection_facts_stand_apart_from_the_notes(self, rendered: dict[str, Path], example: str) -> None:
        """The Detection section's last fact ("Time ...") has a paragraph's space before the notes under it.

        It ran into the notes with about a point between them, less than between two lines of
        the same paragraph.
        """
        pdftotext = require("pdftotext")
        incident = postmortem.load(ROOT / "examples" / f"{example}.yaml")
        assert incident.detection is not None
        assert incident.detection.time is not None
        assert incident.detection.notes
        words = [
            (float(top), float(bottom), text)
            for top, bottom, text in _BBOX_WORD.findall(run(pdftotext, "-bbox", str(rendered[example]), "-"))
        ]
        when = presentation.format_time(incident.detection.time, incident.timezone).split()
        first_note_word = incident.detection.notes.split()[0]
        found = [
            index
            for index in range(len(words) - len(when) - 1)
            if words[index][2] == "Time" and [w[2] for w in words[index + 1 : index + 1 + len(when)]] == when
        ]
        assert found, "no Time row in the Detection section"
        row = words[found[0]]
        note = words[found[0] + 1 + len(when)]
        assert note[2] == first_note_word
        # Within a paragraph, the notes' own lines are this far apart.
        next_line = next(w for w in words[found[0] + 1 + len(when) :] if w[0] > note[0] + 1)
        line_gap = next_line[0] - note[1]
        assert note[0] - row[1] >= line_gap + 4, (row, note, line_gap)
