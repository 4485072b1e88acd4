"""The labelled blamelessness texts in ``tests/data`` (every ``blameless_*.jsonl`` file), for the
tests that run something over all of them."""

from __future__ import annotations

import functools
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


@functools.cache
def labelled_texts() -> tuple[str, ...]:
    """The text of every labelled line, file by file in name order, each file's lines in order."""
    texts: list[str] = []
    for path in sorted(DATA.glob("blameless_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return tuple(texts)
