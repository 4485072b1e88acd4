"""Round 13's kept-aside documents for ``postmortem import``: the choice, fixed before tuning.

``tests/data/importing/kept13/expected.toml`` lists the documents set aside at the start of round
13 and the timeline events and action items a reader counts in each (counted by hand once, before
any import code changed). The round scores them at its start and end only, so no test here looks
at what the import reads from them; these tests keep the list honest: it is exactly the documents
the rule picks, and every count is there.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATA = Path(__file__).parent / "data"
KEPT = DATA / "importing" / "kept13"


def _expected() -> dict[str, dict[str, object]]:
    with (KEPT / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


# The labelled folders there were when the choice was made; folders added later in the round
# (blameless_documents_v13_train) are not part of it.
_FOLDERS = (
    "blameless_documents", "blameless_documents_dev", "blameless_documents_v7", "blameless_documents_v8",
    "blameless_documents_v8_dev", "blameless_documents_v9", "blameless_documents_v9_dev", "blameless_documents_v10",
    "blameless_documents_v11", "blameless_documents_v12", "blameless_documents_v12_train",
)  # fmt: skip


def _picked(name: str) -> bool:
    return int(hashlib.md5(f"round13:{name}".encode()).hexdigest(), 16) % 3 == 0


class TestKeptAside:
    def test_the_list_is_the_rule_applied_to_the_labelled_documents_and_this_rounds_own(self) -> None:
        """Every labelled Markdown document the md5 rule picks, and the documents written for the round."""
        labelled = sorted(
            path
            for folder in _FOLDERS
            for path in (DATA / folder).glob("*.md")
            if path.name != "README.md" and _picked(path.name)
        )
        own = sorted(KEPT.glob("*.md"))
        wanted = [path.relative_to(DATA).as_posix() for path in labelled + own]
        assert sorted(wanted) == sorted(_expected())
        assert len(labelled) == 41
        assert len(own) == 3

    def test_every_document_has_both_counts(self) -> None:
        """Events and action items were counted for each document, as whole numbers."""
        for name, counts in _expected().items():
            assert isinstance(counts["events"], int), name
            assert isinstance(counts["action_items"], int), name
            assert (DATA / name).is_file(), name
