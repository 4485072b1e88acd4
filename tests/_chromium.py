"""Debian's headless Chromium, run once over a page whose script writes what it found into the document.

``--dump-dom`` prints the document after the page's scripts ran (within a five-second virtual time
budget); the caller's script puts its answer in a ``<pre>`` with a known id, and :func:`dumped` returns
that element's text as the browser serialised it (still HTML-escaped: the caller decodes it).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def dumped(chromium: str, page: Path, pre_id: str, *, profile: Path, flags: Sequence[str] = ()) -> str:
    """The text of ``<pre id=pre_id>`` once headless ``chromium`` has loaded ``page`` and run its scripts.

    ``profile`` is a fresh user-data directory; ``flags`` are further switches (window size, colour
    scheme...). Fails, with the browser's exit status and the end of its errors, when the element is missing.
    """
    completed = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *flags,
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    found = re.search(rf'<pre id="{re.escape(pre_id)}">(.*?)</pre>', completed.stdout, re.DOTALL)
    assert found, f"chromium printed no {pre_id!r} (exit {completed.returncode}): {completed.stderr[-2000:]}"
    return found.group(1)


# A report laid out in a frame of a given width inside a wider window (the window cannot be made
# narrower than about 500 px): the frame's script writes its answer into ``<pre id=...>``, which the
# outer page copies into its own document once it is there, for ``--dump-dom`` to print.
_FRAME = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="screen" style="width:{width}px;height:900px;border:0" srcdoc="{page}"></iframe>
<script>
const copy = () => {{
  const found = document.getElementById("screen").contentDocument.getElementById("{pre_id}");
  if (!found) {{ setTimeout(copy, 50); return; }}
  const out = document.createElement("pre");
  out.id = "{pre_id}";
  out.textContent = found.textContent;
  document.body.appendChild(out);
}};
copy();
</script>
</body></html>
"""


def framed_json(
    chromium: str,
    report: str,
    script: str,
    pre_id: str,
    *,
    width: int,
    folder: Path,
    name: str,
    flags: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON ``script`` writes into ``<pre id=pre_id>`` once ``report`` (an HTML page, the script put
    before its ``</body>``) is laid out in a ``width`` px wide frame; files go in ``folder``, named after ``name``."""
    page = folder / f"{name}-{width}.html"
    framed = report.replace("</body>", script + "</body>")
    page.write_text(_FRAME.format(width=width, pre_id=pre_id, page=html.escape(framed, quote=True)), encoding="utf-8")
    found = dumped(
        chromium, page, pre_id, profile=folder / f"profile-{width}", flags=["--window-size=1400,900", *flags]
    )
    result: dict[str, Any] = json.loads(html.unescape(found))
    return result
