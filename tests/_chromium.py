"""Debian's headless Chromium, run once over a page whose script writes what it found into the document.

``--dump-dom`` prints the document after the page's scripts ran (within a five-second virtual time
budget); the caller's script puts its answer in a ``<pre>`` with a known id, and :func:`dumped` returns
that element's text as the browser serialised it (still HTML-escaped: the caller decodes it).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path


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
