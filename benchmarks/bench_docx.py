"""DOCX export time, side by side with pandoc converting the Markdown export to DOCX.

Run: python benchmarks/bench_docx.py [--repeat 5] [--profile]

Needs the postmortem-exporter-docx distribution installed, and pandoc on PATH for the
comparison (``apt-get install pandoc``). Measures, for a typical incident (the API outage
example) and for one with 1,000 timeline events:

* ``docx``: ``export(incident, "docx")`` in a warm process (median of ``--repeat`` runs);
* ``docx cold``: a fresh Python process that imports postmortem, loads the incident from
  a file and renders it once (what one ``postmortem export`` pays, interpreter included);
* ``pandoc``: ``pandoc -f gfm -t docx`` on the Markdown export (a fresh process each run,
  as pandoc always is); the Markdown rendering itself is not counted for pandoc.

Also shows why table rows are built in bulk: python-docx's ``Table.add_row`` for the same
1,000-row timeline table alone. The target: DOCX no slower than pandoc at 1,000 events.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import postmortem
from postmortem import model, presentation
from postmortem.export import export
from postmortem.testing import sample_incident

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "api-outage-feature-flag.yaml"

_COLD = """
import sys
import postmortem
from postmortem.export import export
export(postmortem.load(sys.argv[1]), "docx")
"""


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_seconds(source: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", _COLD, source], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pandoc_seconds(pandoc: str, markdown: str, folder: Path, repeat: int) -> float:
    source = folder / "report.md"
    source.write_text(markdown, encoding="utf-8")
    target = folder / "pandoc.docx"
    command = [pandoc, "-f", "gfm", "-t", "docx", "-o", str(target), str(source)]
    subprocess.run(command, check=True)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def add_row_seconds(incident: model.Incident) -> float:
    """The timeline table alone, built with python-docx's public add_row, one row at a time."""
    import docx

    document = docx.Document()
    started = time.perf_counter()
    table = document.add_table(rows=1, cols=5)
    for cell, heading in zip(table.rows[0].cells, ("Time", "Kind", "Event", "Actor", "Source"), strict=True):
        cell.text = heading
    for event in incident.ordered_timeline:
        cells = table.add_row().cells
        cells[0].text = presentation.format_time(event.time, incident.timezone, with_date=False)
        cells[1].text = event.kind.label
        cells[2].text = event.description
        cells[3].text = event.actor or ""
        cells[4].text = event.source
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median is shown)")
    parser.add_argument("--profile", action="store_true", help="profile one 1,000-event render")
    args = parser.parse_args()

    pandoc = shutil.which("pandoc")
    big = sample_incident(events=1000)
    cases = [
        ("typical (API outage example)", postmortem.load(EXAMPLE), str(EXAMPLE)),
        ("1,000 timeline events", big, ""),
    ]
    found = "found" if pandoc else "not found"
    print(f"python {sys.version.split()[0]}, pandoc {found}, repeat {args.repeat}")
    columns = ("docx", "docx cold", "pandoc", "docx/pandoc", "size")
    widths = (9, 10, 9, 12, 9)
    print(f"{'incident':32} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    ratio_1000 = None
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        folder = Path(tmp)
        for label, incident, given in cases:
            source = given
            if not source:
                # The cold run loads the incident from a file, as `postmortem export` would.
                source = str(folder / "long.json")
                postmortem.dump(incident, source)
            output = export(incident, "docx")
            assert isinstance(output, bytes)
            warm = median_seconds(lambda incident=incident: export(incident, "docx"), args.repeat)
            cold = cold_seconds(source, max(1, args.repeat // 2))
            if pandoc:
                markdown = export(incident, "markdown")
                assert isinstance(markdown, str)
                theirs = pandoc_seconds(pandoc, markdown, folder, args.repeat)
                ratio = f"{warm / theirs:.2f}"
                if incident is big:
                    ratio_1000 = warm / theirs
                theirs_text = f"{theirs:8.3f}s"
            else:
                ratio, theirs_text = "—", "—"
            size = f"{len(output) / 1024:7.0f}KB"
            print(f"{label:32} {warm:8.3f}s {cold:9.3f}s {theirs_text:>9} {ratio:>12} {size}")
    print(f"python-docx add_row, 1,000-row timeline table alone: {add_row_seconds(big):.3f}s")
    for events in (250, 1000, 4000):
        incident = sample_incident(events=events)
        seconds = median_seconds(lambda incident=incident: export(incident, "docx"), max(1, args.repeat // 2))
        per_event = seconds / events * 1e6
        print(f"scaling: {events:5d} events {seconds:7.3f}s  ({per_event:6.0f} µs per event)")
    if ratio_1000 is not None:
        verdict = "met" if ratio_1000 <= 1.0 else "MISSED"
        print(f"target (no slower than pandoc at 1,000 events): {verdict}, ratio {ratio_1000:.2f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        export(big, "docx")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
