"""What ``postmortem import`` reads from the labelled documents, split into tuning and kept-aside parts.

Each Markdown document of ``tests/data/blameless_documents*/`` (READMEs left out) and each
document of the rounds' own folders (``tests/data/importing/shapes15`` to ``shapes25`` and
``kept15`` to ``kept25``; Markdown, and from round 17 HTML pages and plain-text e-mails) is
imported with ``import_document``; the script counts timeline events, action items, headings
mapped to a field, free-form sections, failures and lost text, and splits the labelled documents
by the round's rule: kept aside when ``int(md5("round25:" + file name), 16) % 3 == 0``
(``--round 22`` gives round 22's split); the own documents by folder (``kept25`` is kept aside).
Where a reader counted a document by hand (``kept13`` and the own folders' ``expected.toml``), it
also prints events and items found (``min(read, present)`` summed), read beyond the count and the
starts a reader would take.

Lost text is what of the source the incident does not hold anywhere: the source's words less the
words of every string stored in the incident (fields and free-form sections), counted as a multiset.
The source's words are those of its paragraphs, list items, table cells, code and headings as
markdown-it reads them (an HTML page as the text a browser shows; a MediaWiki, AsciiDoc or Org-mode
page as the Markdown it stands for; an issue tracker's ``03/Mar/26`` as the date it is), without a
heading the import mapped to a field, table header cells (both become field names), LaTeX commands,
dates, clock times, numbers and the synonym table's metadata and column label words (every export
writes those its own way). A sentence is lost when more than half of its words are not found: the
blamelessness check reads only what the import keeps.

Usage::

    python benchmarks/import_counts.py            # tuning parts only
    python benchmarks/import_counts.py --kept     # the kept-aside parts too (score them at the start and end only)
    python benchmarks/import_counts.py --json     # one row a document
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from postmortem import serialize
from postmortem.errors import PostmortemError
from postmortem.importing import import_document
from postmortem.importing._markups import from_markup
from postmortem.importing._table import table
from postmortem.importing._times import time_spans
from postmortem.importing._tool_markdown import tracker_dates

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
OWN = (
    "shapes15",
    "kept15",
    "shapes16",
    "kept16",
    "shapes17",
    "kept17",
    "shapes18",
    "kept18",
    "shapes19",
    "kept19",
    "shapes20",
    "kept20",
    "shapes21",
    "kept21",
    "shapes22",
    "kept22",
    "shapes23",
    "kept23",
    "shapes24",
    "kept24",
    "shapes25",
    "kept25",
)
COUNTED = (
    "kept13",
    "kept15",
    "shapes15",
    "kept16",
    "shapes16",
    "kept17",
    "shapes17",
    "kept18",
    "shapes18",
    "kept19",
    "shapes19",
    "kept20",
    "shapes20",
    "kept21",
    "shapes21",
    "kept22",
    "shapes22",
    "kept23",
    "shapes23",
    "kept24",
    "shapes24",
    "kept25",
    "shapes25",
)
#: The rounds' own documents: Markdown, and from round 17 HTML pages and plain-text e-mails too.
SUFFIXES = (".md", ".html", ".txt")
FIELDS = ("events", "action_items", "mapped", "free", "failed", "lost_words", "lost_sentences", "words")
ROUND = 25
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LATEX = re.compile(r"\\(?:begin|end)\{[^}]*\}(?:\{[^}]*\})?|\\[A-Za-z]+\*?")


def kept_aside(name: str, round: int = ROUND) -> bool:
    """The round's rule: the documents set aside before any import code changed."""
    salt = f"round{round}:"
    return int(hashlib.md5(f"{salt}{name}".encode()).hexdigest(), 16) % 3 == 0


def documents(round: int = ROUND) -> list[tuple[Path, str]]:
    """Every document measured, with its part (``labelled`` or ``own``, then ``tuning`` or ``kept``)."""
    labelled = sorted(path for path in DATA.glob("blameless_documents*/*.md") if path.name != "README.md")
    own = sorted(
        path
        for folder in OWN
        for path in (DATA / "importing" / folder).iterdir()
        if path.suffix in SUFFIXES and path.name != "README.md"
    )
    return [
        (path, f"{kind} {_part(path, round)}")
        for kind, paths in (("labelled", labelled), ("own", own))
        for path in paths
    ]


def _part(path: Path, round: int) -> str:
    """The labelled documents by the md5 rule; the rounds' own by folder (earlier rounds' all tuning now)."""
    if path.parent.parent.name != "importing":
        return "kept" if kept_aside(path.name, round) else "tuning"
    return "kept" if path.parent.name == f"kept{round}" else "tuning"


def present() -> dict[Path, dict[str, Any]]:
    """The hand counts: the documents' paths and what a reader counted in each."""
    counts: dict[Path, dict[str, Any]] = {}
    for folder in COUNTED:
        with (DATA / "importing" / folder / "expected.toml").open("rb") as handle:
            for name, want in tomllib.load(handle).items():
                path = DATA / name if "/" in name else DATA / "importing" / folder / name
                counts[path] = want
    return counts


def measure(path: Path) -> dict[str, Any]:
    """What the import read from one document (a failure is counted, never raised)."""
    start = time.perf_counter()
    text = path.read_text(encoding="utf-8")
    try:
        result = import_document(path)
    except PostmortemError:
        sentences = source_sentences(_page_text(path, text))
        row: dict[str, Any] = dict.fromkeys(FIELDS, 0) | {"failed": 1}
        row["lost_words"] = sum(len(words) for words in sentences)
        row["lost_sentences"] = len(sentences)
        row["words"] = row["lost_words"]
        row["started"] = None
    else:
        mapped = frozenset(" ".join(words(m.heading)) for m in result.mapping if m.target != "section")
        # A page in another markup is compared as the Markdown it stands for (its headings are headings).
        sentences = source_sentences(tracker_dates(from_markup(_page_text(path, text))[0]), mapped)
        lost = lost_text(sentences, result.incident)
        row = {
            "events": len(result.incident.timeline),
            "action_items": len(result.incident.action_items),
            "mapped": sum(1 for mapped in result.mapping if mapped.target != "section"),
            "free": len(result.sections),
            "failed": 0,
            "lost_words": sum(len(missing) for missing in lost),
            "lost_sentences": sum(
                1 for missing, found in zip(lost, sentences, strict=True) if 2 * len(missing) > len(found)
            ),
            "words": sum(len(words) for words in sentences),
            "started": result.incident.milestones.started.isoformat(),
            "owners": sum(1 for item in result.incident.action_items if item.owner),
            "lost": [" ".join(missing) for missing in lost if missing],
        }
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


class _PageText(HTMLParser):
    """The text a browser shows of an HTML page (scripts and styles left out), a line a block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style", "head")
        if tag in ("p", "li", "tr", "br", "div", "td", "th"):
            self.parts.append("\n\n")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append("\n\n## ")  # a heading: left out where the import mapped it

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style", "head") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data.replace("\n", " "))


def _page_text(path: Path, text: str) -> str:
    """An HTML page's shown text (its words are the source's words); any other document as it is."""
    if path.suffix not in (".html", ".htm"):
        return text
    reader = _PageText()
    reader.feed(text)
    return "".join(reader.parts)


def words(text: str) -> list[str]:
    """Lower-case words without dates, clock times and numbers (exports write those their own way)."""
    kept: list[str] = []
    position = 0
    for begin, end in sorted(time_spans(text)):
        if begin >= position:
            kept.append(text[position:begin])
            position = end
    kept.append(text[position:])
    return [word for word in _WORD.findall(" ".join(kept).casefold()) if word not in _LABELS]


def _label_words() -> frozenset[str]:
    synonyms = table()
    labels = [*synonyms.metadata]
    for names in [*synonyms.action_columns.values(), *synonyms.timeline_columns.values()]:
        labels += names
    return frozenset(word for label in labels for word in _WORD.findall(label.casefold()))


_LABELS = _label_words()


def source_sentences(text: str, mapped: frozenset[str] = frozenset()) -> list[list[str]]:
    """The words of each sentence of a document's paragraphs, items, cells, headings and code.

    Args:
        text: The document.
        mapped: Headings (their words joined by spaces) the import read as a field's name.
    """
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    pieces: list[str] = []
    inside: list[str] = []
    for token in parser.parse(text):
        if token.nesting == 1:
            inside.append(token.type)
        elif token.nesting == -1 and inside:
            inside.pop()
        elif token.type == "inline" and "th_open" not in inside:
            # A heading, or a line alone that plain text writes as one ("Timeline"), the import mapped.
            if ("heading_open" in inside or "\n" not in token.content) and " ".join(words(token.content)) in mapped:
                continue
            pieces += _SENTENCE_END.split(token.content)
        elif token.type in ("fence", "code_block", "html_block"):
            pieces += token.content.splitlines()
    return [found for found in (words(_LATEX.sub(" ", piece)) for piece in pieces) if found]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def lost_text(sentences: list[list[str]], incident: Any) -> list[list[str]]:
    """For each source sentence, its words that the incident does not hold (a multiset, in order)."""
    held = Counter(word for text in _strings(serialize.to_dict(incident)) for word in words(text))
    lost: list[list[str]] = []
    for sentence in sentences:
        missing = []
        for word in sentence:
            if held[word] > 0:
                held[word] -= 1
            else:
                missing.append(word)
        lost.append(missing)
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kept", action="store_true", help="score the kept-aside parts too")
    parser.add_argument("--json", action="store_true", help="print one row a document")
    parser.add_argument("--round", type=int, default=ROUND, help="the round whose split to use (15 to 25)")
    args = parser.parse_args(argv)
    counts = present()
    rows = []
    for path, part in documents(args.round):
        if args.kept or part.endswith("tuning"):
            row = {"document": path.relative_to(DATA).as_posix(), "part": part} | measure(path)
            rows.append(row | _against(counts.get(path), row))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    for part in sorted({row["part"] for row in rows}):
        chosen = [row for row in rows if row["part"] == part]
        totals = {field: sum(row[field] for row in chosen) for field in FIELDS}
        counted = [row for row in chosen if "present_events" in row]
        line = f"{part}: {len(chosen)} documents, " + ", ".join(f"{field} {totals[field]}" for field in FIELDS)
        if counted:
            line += f"; hand-counted {len(counted)}: " + ", ".join(
                _found(counted, field) for field in ("events", "action_items")
            )
            dated = [row for row in counted if "want_started" in row]
            right = sum(1 for row in dated if (row.get("started") or "").startswith(row["want_started"]))
            line += f", started {right}/{len(dated)}"
            owned = [row for row in counted if "present_owners" in row]
            if owned:
                found = sum(min(row.get("owners", 0), row["present_owners"]) for row in owned)
                line += f", owners {found}/{sum(row['present_owners'] for row in owned)}"
        print(line)
    return 0


def _found(rows: list[dict[str, Any]], field: str) -> str:
    found, present = (sum(row[f"{kind}_{field}"] for row in rows) for kind in ("found", "present"))
    return f"{field} {found}/{present} (+{sum(row[f'beyond_{field}'] for row in rows)} beyond)"


def _against(want: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    """Found and read beyond, against a reader's counts where there are any."""
    if want is None:
        return {}
    out: dict[str, Any] = {}
    for field in ("events", "action_items"):
        out[f"present_{field}"] = want[field]
        out[f"found_{field}"] = min(row[field], want[field])
        out[f"beyond_{field}"] = max(0, row[field] - want[field])
    if "started" in want:
        out["want_started"] = str(want["started"])
    if "owners" in want:
        out["present_owners"] = want["owners"]
    return out


if __name__ == "__main__":
    sys.exit(main())
