"""PDF export time, side by side with WeasyPrint laying out the same HTML directly.

Run: ``python benchmarks/bench_pdf.py [--repeat N]``. Prints, for a typical incident and a
1,000-event one, the best and median wall time of:

- ``export``: ``PdfExporter().render(incident)``: HTML rendering, our print stylesheet,
  the locked URL fetcher and WeasyPrint;
- ``weasyprint``: ``weasyprint.HTML(string=html).write_pdf()`` on the very HTML the exporter
  lays out (``PdfExporter().html(incident)``), with WeasyPrint's own fetcher;

and our overhead as the ratio of the best times and of the medians (target: within 1.10).
The machine is shared, so the best time is the steadier figure.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        # Collect the previous run's garbage first: a layout leaves many reference cycles,
        # and collecting them inside the next timed run would bill one side for the other.
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--long-repeat", type=int, default=4, help="runs for the 1,000-event incident (default 4)")
    args = parser.parse_args()

    import weasyprint
    from postmortem_pdf import PdfExporter

    from postmortem import serialize
    from postmortem.testing import sample_incident

    example = Path(__file__).resolve().parents[1] / "examples" / "api-outage-feature-flag.yaml"
    cases = [
        ("typical (api-outage example)", serialize.load(example), args.repeat),
        ("sample, 6 events", sample_incident(), args.repeat),
        ("sample, 1,000 events", sample_incident(events=1000), args.long_repeat),
    ]
    exporter = PdfExporter()
    # Warm up: font discovery and WeasyPrint's imports happen once per process.
    exporter.render(sample_incident())

    print(f"WeasyPrint {weasyprint.__version__}; best / median of the runs, in seconds")
    print(f"{'incident':<30} {'pages':>5} {'export':>15} {'weasyprint':>15} {'overhead best/median':>21}")
    for label, incident, repeat in cases:
        html = exporter.html(incident)
        pages = len(weasyprint.HTML(string=html).render().pages)
        ours: list[float] = []
        raw: list[float] = []
        # Interleave the two, alternating which goes first, so that machine load and
        # whatever the first run of a pair warms up affect both alike.
        for run in range(repeat):
            for side in (0, 1) if run % 2 == 0 else (1, 0):
                if side == 0:
                    ours += timed(lambda incident=incident: exporter.render(incident), 1)
                else:
                    raw += timed(lambda html=html: weasyprint.HTML(string=html).write_pdf(), 1)
        best = min(ours) / min(raw)
        median = statistics.median(ours) / statistics.median(raw)
        print(
            f"{label:<30} {pages:>5} {min(ours):>6.3f} / {statistics.median(ours):<6.3f} "
            f"{min(raw):>6.3f} / {statistics.median(raw):<6.3f} {best:>9.3f}x / {median:.3f}x"
        )


if __name__ == "__main__":
    main()
