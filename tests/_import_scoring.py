"""Scoring an import: heading mapping against a reader's expectation, and sentence recall.

Sentence recall compares the sentences of the source document with the plain text of the
Markdown export of the imported incident:

* Source sentences come from paragraphs, list items and table cells (headings and code blocks
  are not sentences; code is kept verbatim in its section anyway; nor is a paragraph that is one
  bold phrase the import read as a heading, ``**How it was caught**`` in an e-mail), split after ``.``, ``!``
  or ``?``. For a Confluence page they are read from the XHTML with the standard library,
  independently of the importer's converter.
* Both sides are compared as lower-case word tokens. Dates and clock times are left out of
  both sides, because an import stores them as times that every export writes in its own
  format (their correctness is tested separately, event by event). So are the label words
  that the synonym table reads as field names ("Owner:", "due", "Severity:"), which become
  column headings in the export.
* A sentence that was read as metadata or as a time-zone note (``All times UTC.``) and
  stored in a field is listed by the import in ``ImportResult.consumed``; it is checked
  against the fields instead: its tokens must appear in the export's header and times.
* A "sentence" of fewer than two words ("Done", a column heading) is not counted.
* A sentence is recalled when its tokens appear in one unit of the export (a paragraph, a
  list item or a table row): in the same order and contiguous for prose; as a sub-multiset
  for a list item, table cell or metadata line, whose parts (owner, due date, tracker key)
  the import splits into columns.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from postmortem.importing import ImportResult
from postmortem.importing._table import table
from postmortem.importing._times import time_spans, zone_note

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "importing"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(*_\[])")
_WORD = re.compile(r"\w+")


@dataclass
class Unit:
    """A source sentence and where it came from (prose, item, cell)."""

    text: str
    kind: str


@dataclass
class Recall:
    """Sentence recall of one document."""

    total: int = 0
    recalled: int = 0
    contiguous: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.recalled / self.total if self.total else 1.0


def expected(folder: str) -> dict[str, dict[str, object]]:
    with (DATA / folder / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


def _label_words() -> frozenset[str]:
    synonyms = table()
    words: set[str] = set()
    for label in synonyms.metadata:
        words.update(_WORD.findall(label))
    for names in list(synonyms.action_columns.values()) + list(synonyms.timeline_columns.values()):
        for name in names:
            words.update(_WORD.findall(name))
    return frozenset(words)


_LABELS = _label_words()


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, without dates, clock times and field-label words."""
    spans = sorted(time_spans(text))
    kept: list[str] = []
    position = 0
    for start, end in spans:
        if start >= position:
            kept.append(text[position:start])
            position = end
    kept.append(text[position:])
    words = _WORD.findall(" ".join(kept).casefold())
    return [word for word in words if word not in _LABELS and not word.isdigit()]


def _plain(token: object, *, hrefs: bool = False) -> str:
    children = getattr(token, "children", None) or []
    out: list[str] = []
    href = ""
    addresses: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
        elif child.type == "link_close" and hrefs:
            # The export keeps a link's address; it is counted with the unit, after its text.
            addresses.append(href)
    return "".join(out) + "".join(f" {address}" for address in addresses)


def _untask(text: str) -> str:
    return text[4:] if text[:4] in ("[ ] ", "[x] ", "[X] ") else text


def markdown_units(text: str) -> list[Unit]:
    """Paragraphs, list items and table cells of a Markdown document, as plain text."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    units: list[Unit] = []
    stack: list[str] = []
    for token in parser.parse(text):
        if token.type.endswith("_open"):
            stack.append(token.type[:-5])
        elif token.type.endswith("_close"):
            stack.pop()
        elif token.type == "inline":
            if "heading" in stack:
                continue
            kind = "cell" if ("td" in stack or "th" in stack) else "item" if "list_item" in stack else "prose"
            units.append(Unit(_untask(_plain(token)), kind))
    return units


def markdown_rows(text: str) -> list[list[str]]:
    """The export's units as token lists: a paragraph, a list item, or a whole table row."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in parser.parse(text):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if row is not None:
                rows.append(row)
            row = None
        elif token.type == "inline":
            words = tokens(_plain(token, hrefs=True))
            if row is not None:
                row += words
            else:
                rows.append(words)
    return rows


def storage_units(storage: str) -> list[Unit]:
    """Paragraphs, list items, task bodies and table cells of a Confluence page, as plain text."""
    from postmortem.importing._confluence import _DECLARATIONS, _DOCTYPE  # the same entity rules

    root = ET.fromstring(f"{_DOCTYPE}<storage {_DECLARATIONS}>{storage}</storage>")
    units: list[Unit] = []

    def text_of(element: ET.Element) -> str:
        parts = [element.text or ""]
        for child in element:
            name = child.tag.rpartition("}")[2]
            if name in ("parameter", "plain-text-body", "ul", "ol", "task-list"):
                pass
            elif name == "time":
                parts.append(child.get("datetime") or "")
            elif name == "page" and not any(other.tag.endswith("link-body") for other in element):
                # A link to a page without a link body shows the page's title.
                parts.append(next((v for k, v in child.attrib.items() if k.endswith("content-title")), ""))
            else:
                parts.append(text_of(child))
            parts.append(child.tail or "")
        return "".join(parts)

    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        kind = {"p": "prose", "li": "item", "task-body": "item", "td": "cell", "th": "cell"}.get(name)
        if kind is None:
            continue
        if kind == "cell" and any(child.tag.rpartition("}")[2] == "p" for child in element):
            continue
        text = " ".join(text_of(element).split())
        if text:
            units.append(Unit(text, kind))
    return units


def sentences(units: Iterable[Unit], headings: Iterable[str] = ()) -> list[Unit]:
    """Sentences of the units; a line is a unit of its own, a leading ``Heading:`` label is not a sentence."""
    labels = sorted((heading for heading in headings), key=len, reverse=True)
    out: list[Unit] = []
    for unit in units:
        if unit.kind == "prose" and unit.text.strip() in labels:
            continue  # a bold line read as a heading
        for line in unit.text.split("\n"):
            text = line.strip()
            for label in labels:
                if text.startswith(f"{label}:"):
                    text = text[len(label) + 1 :].strip()
                    break
            for piece in _SENTENCE_END.split(text):
                if piece.strip():
                    out.append(Unit(piece.strip(), unit.kind))
    return out


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def recall(source_units: list[Unit], export_markdown: str, result: ImportResult) -> Recall:
    """Sentence recall of ``result`` (see the module docstring)."""
    rows = markdown_rows(export_markdown)
    consumed = {" ".join(tokens(line)) for line in result.consumed}
    consumed_words = Counter(word for line in result.consumed for word in tokens(line))
    notes = {" ".join(tokens(line)): zone_note(line, table()) for line in result.consumed}
    score = Recall()
    headings = [mapped.heading for mapped in result.mapping]
    for sentence in sentences(source_units, headings):
        words = tokens(sentence.text)
        if len(words) < 2:
            # "Done", "Field", "SEV2": a single word is a value or a label, not a sentence.
            continue
        score.total += 1
        zone = notes.get(" ".join(words))
        if zone is not None and zone == result.incident.timezone:
            # A time-zone note is kept as the zone every time of the export is written in.
            score.recalled += 1
            continue
        if any(_contains(row, words) for row in rows):
            score.recalled += 1
            score.contiguous += 1
            continue
        if not (Counter(words) - consumed_words):
            consumed.add(" ".join(words))
        loose = sentence.kind != "prose" or " ".join(words) in consumed
        if loose and any(not (Counter(words) - Counter(row)) for row in rows):
            score.recalled += 1
            continue
        if " ".join(words) in consumed:
            everywhere = Counter(word for row in rows for word in row)
            if not (Counter(words) - everywhere):
                score.recalled += 1
                continue
        score.misses.append(sentence.text)
    return score


def mapping_score(result: ImportResult, expectation: dict[str, str]) -> tuple[int, int, list[str]]:
    """How many expected headings went where a reader expects; and the differences."""
    got: dict[str, list[str]] = {}
    for mapped in result.mapping:
        got.setdefault(mapped.heading, []).append(mapped.target)
    right = 0
    wrong: list[str] = []
    for heading, target in expectation.items():
        if target in got.get(heading, []):
            right += 1
        else:
            wrong.append(f"{heading!r}: expected {target}, got {got.get(heading) or 'nothing'}")
    return right, len(expectation), wrong


def export_renders_sections(exporter: str) -> bool:
    """True once an exporter shows free-form sections (``Incident.sections``)."""
    import attrs

    import postmortem
    from postmortem import model
    from postmortem.testing import sample_incident

    if "sections" not in attrs.fields_dict(model.Incident) or exporter not in postmortem.exporter_names():
        return False
    probe = attrs.evolve(sample_incident(), sections=(model.Section("Zqxjk appendix", "Kept."),))
    if exporter == "confluence":
        from postmortem_confluence._storage import render_storage

        return "Zqxjk appendix" in render_storage(probe)
    return "Zqxjk appendix" in str(postmortem.export(probe, exporter))
