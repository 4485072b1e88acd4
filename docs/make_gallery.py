"""Render one example incident to every format and save pictures of it for ``docs/gallery.md``.

Run by ``nox -s gallery`` (or ``python docs/make_gallery.py`` in a development environment).
Each picture needs an outside program: ``pdftoppm`` (poppler-utils) for the PDF and the DOCX,
LibreOffice (``soffice``) to turn the DOCX into a PDF, and Chromium for the HTML, Markdown and
Confluence screenshots. A missing program skips its pictures with a printed reason; the
pictures already in ``docs/gallery/`` stay as they are.

Pages are rendered at low resolution and reduced to a 64-colour palette when Pillow is
installed (it is, with the PDF exporter), so the committed pictures stay small.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "api-outage-feature-flag.yaml"
INCIDENT_ID = "INC-2026-0187"
OUT = ROOT / "docs" / "gallery"
TODAY = "2026-12-14"  # the day action items are judged overdue against
PAGES = 4  # the first pages of the PDF and of the DOCX
TIMEOUT = 180  # seconds for each outside program


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args: list[str]) -> None:
    """Run a program quietly; on failure print what it said and stop."""
    done = subprocess.run(args, timeout=TIMEOUT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{Path(args[0]).name} failed with exit code {done.returncode}")


def _shrink(png: Path) -> None:
    """Reduce a picture to a palette so it stays small in the repository."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with the PDF exporter
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


def _pdf_pages(pdftoppm: str, pdf: Path, prefix: str) -> list[Path]:
    for old in OUT.glob(f"{prefix}-*.png"):
        old.unlink()
    _run([pdftoppm, "-r", "60", "-f", "1", "-l", str(PAGES), "-png", str(pdf), str(OUT / prefix)])
    pages = sorted(OUT.glob(f"{prefix}-*.png"))
    for index, page in enumerate(pages, start=1):
        # pdftoppm pads page numbers to the width of the page count; name them plainly.
        plain = OUT / f"{prefix}-{index}.png"
        page.rename(plain)
        _shrink(plain)
    return sorted(OUT.glob(f"{prefix}-*.png"))


def _screenshot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        _run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                # Wait for fonts and layout, so the picture is never of a half-painted page.
                "--run-all-compositor-stages-before-draw",
                "--virtual-time-budget=5000",
                f"--user-data-dir={profile}",
                f"--screenshot={png}",
                f"--window-size={width},{height}",
                page.as_uri(),
            ]
        )
    _shrink(png)


def _text_page(source: Path, target: Path, title: str) -> None:
    """Show a text file as it is (escaped, wrapped) in a page Chromium can take a picture of."""
    text = source.read_text(encoding="utf-8")
    target.write_text(
        "<!doctype html><meta charset='utf-8'><title>"
        + html.escape(title)
        + "</title><pre style='white-space:pre-wrap;font:13px/1.4 monospace;margin:12px'>"
        + html.escape(text)
        + "</pre>",
        encoding="utf-8",
    )


def main() -> int:
    """Export the example and make every picture whose programs are installed."""
    OUT.mkdir(parents=True, exist_ok=True)
    skipped: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _run(
            [
                sys.executable,
                "-m",
                "postmortem",
                "export",
                str(EXAMPLE),
                "--to",
                "pdf,docx,html,markdown,confluence",
                "-o",
                str(work),
                # A fixed day keeps the pictures the same whenever they are made; on it two of
                # the example's open items are past their due date, so the overdue marks show.
                "--today",
                TODAY,
                "--no-fsync",
                "-j",
                "1",
            ]
        )
        report = work / INCIDENT_ID
        # The timeline chart as DOCX and Confluence show it: the PNG written beside the storage
        # format, as it is (a 64-colour palette would turn the alerts' orange grey).
        shutil.copyfile(work / f"{INCIDENT_ID}-timeline.png", OUT / "timeline-chart.png")

        pdftoppm = _which("pdftoppm")
        if pdftoppm is None:
            skipped.append("PDF and DOCX pages: pdftoppm (poppler-utils) is not installed")
        else:
            _pdf_pages(pdftoppm, report.with_suffix(".pdf"), "pdf")
            soffice = _which("soffice", "libreoffice")
            if soffice is None:
                skipped.append("DOCX pages: LibreOffice (soffice) is not installed")
            else:
                converted = work / "docx"
                _run(
                    [
                        soffice,
                        f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(converted),
                        str(report.with_suffix(".docx")),
                    ]
                )
                _pdf_pages(pdftoppm, converted / f"{INCIDENT_ID}.pdf", "docx")

        chromium = _which("chromium", "chromium-browser", "google-chrome")
        if chromium is None:
            skipped.append("HTML, Markdown and Confluence pictures: Chromium is not installed")
        else:
            page = report.with_suffix(".html")
            _screenshot(chromium, page, OUT / "html-400.png", 400, 2400)
            _screenshot(chromium, page, OUT / "html-1280.png", 1280, 1600)
            markdown = work / "markdown.html"
            _text_page(report.with_suffix(".md"), markdown, "Markdown")
            _screenshot(chromium, markdown, OUT / "markdown.png", 900, 1400)
            storage = work / "confluence.html"
            _text_page(report.with_suffix(".xhtml"), storage, "Confluence storage format")
            _screenshot(chromium, storage, OUT / "confluence.png", 900, 1000)

    for reason in skipped:
        print(f"skipped {reason}")
    total = sum(path.stat().st_size for path in OUT.glob("*.png"))
    print(f"{len(list(OUT.glob('*.png')))} pictures in {OUT.relative_to(ROOT)}, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
