"""``postmortem import`` on shapes round 15 wrote documents for (``tests/data/importing/shapes15``).

Each document was written for the round (none copied from a real post-mortem); the four kept
aside by the md5 rule are in ``kept15`` and no test reads what the import finds in them.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "importing"
TUNING = DATA / "shapes15"
KEPT = DATA / "kept15"


def _expected(folder: Path) -> dict[str, dict[str, object]]:
    with (folder / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round15:{name}".encode()).hexdigest(), 16) % 3 == 0


class TestTheSplit:
    def test_the_kept_aside_documents_are_the_ones_the_rule_picks(self) -> None:
        """Of the twelve documents written for the round, the md5 rule picks exactly the four in kept15."""
        kept = sorted(path.name for path in KEPT.glob("*.md"))
        tuning = sorted(path.name for path in TUNING.glob("*.md"))
        assert len(kept) + len(tuning) == 12
        assert all(_picked(name) for name in kept)
        assert not any(_picked(name) for name in tuning)
        assert sorted(_expected(KEPT)) == kept
        assert sorted(_expected(TUNING)) == tuning

    def test_every_document_has_both_counts(self) -> None:
        """Events and action items were counted for each document, as whole numbers."""
        for folder in (KEPT, TUNING):
            for name, counts in _expected(folder).items():
                assert isinstance(counts["events"], int), name
                assert isinstance(counts["action_items"], int), name
