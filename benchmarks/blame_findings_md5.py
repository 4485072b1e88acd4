"""Print an md5 of every blamelessness finding over the labelled data, to show a change to the scan keeps them.

A change meant only to make the scan cheaper must leave every finding as it was. This script reads:

* every labelled sentence file ``tests/data/*.jsonl`` (``find_blame`` of each text);
* every labelled document folder ``tests/data/blameless_documents*`` (``check()`` of each document,
  loaded or imported as ``blameless_documents.py`` reads it);
* the examples (``check()`` and ``check_file()``);
* ``bench_checks.py``'s 300 distinct incidents (``check()``);

each with the rules alone and with the scorer, and prints one md5 a group and one over all of them. A
finding is its rule, path, span, line, severity, message and suggestion (a hit of ``find_blame``: its
rule, span, message and suggestion). With ``--dump FILE`` every finding is also written, one a line, so
two runs' files can be compared with ``diff`` to see which finding moved.

Usage::

    python benchmarks/blame_findings_md5.py [--dump FILE] [--only GROUP...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import postmortem
from postmortem.checks import Config, check, check_file
from postmortem.checks._blame import find_blame

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_checks import EXAMPLES, TODAY, _distinct_incidents  # noqa: E402  (a sibling script)
from blameless_documents import _PROJECT_FORMATS, _incident  # noqa: E402  (a sibling script)


def _report_lines(report: postmortem.checks.Report) -> Iterator[str]:  # type: ignore[name-defined]
    for f in report.findings:
        if f.rule.startswith("blame/"):
            yield repr((f.rule, f.path, f.span, f.line, str(f.severity), f.message, f.suggestion))


def _sentences(scorer: bool) -> Iterator[tuple[str, str]]:
    files = sorted(DATA.glob("*.jsonl"))
    shared = Path("/work/shared/blameless/dev.jsonl")
    if shared.exists():
        files.append(shared)
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            for hit in find_blame(text, scorer=scorer):
                yield path.name, repr((number, hit.rule, hit.start, hit.end, hit.message, hit.suggestion))


def _documents(scorer: bool) -> Iterator[tuple[str, str]]:
    config = Config(today=TODAY, blame_scorer=scorer)
    for folder in sorted(p for p in DATA.glob("blameless_documents*") if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.name.endswith(".labels.json") or path.suffix not in _PROJECT_FORMATS | {".md", ".markdown"}:
                continue
            if path.name == "README.md":
                continue
            for line in _report_lines(check(_incident(path), config)):  # type: ignore[arg-type]
                yield folder.name, f"{path.name} {line}"


def _examples(scorer: bool) -> Iterator[tuple[str, str]]:
    config = Config(today=TODAY, blame_scorer=scorer)
    for path in EXAMPLES:
        for line in _report_lines(check(postmortem.load(path), config)):
            yield "examples", f"{path.name} check {line}"
        for line in _report_lines(check_file(path, config)):
            yield "examples", f"{path.name} check_file {line}"


def _distinct(scorer: bool) -> Iterator[tuple[str, str]]:
    config = Config(today=TODAY, blame_scorer=scorer)
    incidents = [postmortem.load(path) for path in EXAMPLES]
    for number, incident in enumerate(_distinct_incidents(incidents, 300)):
        for line in _report_lines(check(incident, config)):
            yield "distinct", f"{number} {line}"


GROUPS = {"sentences": _sentences, "documents": _documents, "examples": _examples, "distinct": _distinct}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dump", type=Path, help="write every finding, one a line, to this file")
    parser.add_argument("--only", nargs="*", choices=sorted(GROUPS), help="read only these groups")
    args = parser.parse_args(argv)
    total = hashlib.md5()
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for name, group in GROUPS.items():
        if args.only and name not in args.only:
            continue
        for scorer in (False, True):
            digests: dict[str, hashlib._Hash] = {}
            counts: dict[str, int] = {}
            for part, line in group(scorer):
                key = f"{name}/{'scorer' if scorer else 'rules'}/{part}"
                digests.setdefault(key, hashlib.md5()).update(line.encode() + b"\n")
                counts[key] = counts.get(key, 0) + 1
                total.update(f"{key} {line}\n".encode())
                if out is not None:
                    out.write(f"{key} {line}\n")
            label = f"{name}, {'rules + scorer' if scorer else 'rules alone'}"
            whole = hashlib.md5("".join(d.hexdigest() for _, d in sorted(digests.items())).encode())
            print(f"{label:<32} {sum(counts.values()):>6} findings  {whole.hexdigest()}", flush=True)
    if out is not None:
        out.close()
    print(f"{'all':<32} {'':>15}  {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
