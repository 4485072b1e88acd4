"""``benchmarks/blame_transfer.py``: the rules scored on the transfer, kept-aside and tuning parts (round 23)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ._benchmarks import benchmark_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def script():  # type: ignore[no-untyped-def]
    return benchmark_script("blame_transfer")


def _ids(kept: bool, count: int) -> list[str]:
    """``count`` ids that md5 sets aside (``kept``) or leaves to tuning."""
    ids = []
    n = 0
    while len(ids) < count:
        key = f"t-{n:04d}"
        if (int(hashlib.md5(key.encode()).hexdigest(), 16) % 4 == 0) == kept:
            ids.append(key)
        n += 1
    return ids


class TestParts:
    def test_kept_aside_is_md5_mod_four(self, script) -> None:  # type: ignore[no-untyped-def]
        """A key is kept aside exactly when its md5, read as a number, is 0 modulo 4."""
        for key in _ids(True, 3):
            assert script.kept_aside(key)
        for key in _ids(False, 3):
            assert not script.kept_aside(key)

    def test_round_24_sets_are_the_transfer_test(self, script) -> None:  # type: ignore[no-untyped-def]
        """Round 24's held-out sentence files are the transfer part (round 25), and they exist; its
        documents are tuned on whole."""
        assert script.TRANSFER_FILES == ("blameless_v24_unseen.jsonl", "blameless_v24b_unseen.jsonl")
        assert script.TUNED_WHOLE_FOLDERS == ("blameless_documents_v24",)
        for name in script.TRANSFER_FILES:
            assert (ROOT / "tests" / "data" / name).is_file()
        for name in (*script.TRANSFER_FOLDERS, *script.TUNED_WHOLE_FOLDERS):
            assert (ROOT / "tests" / "data" / name).is_dir()
        assert not set(script.TRANSFER_FOLDERS) & set(script.TUNED_WHOLE_FOLDERS)

    def test_errors_list_the_tuning_part_only(self, script, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        """Each line goes to one part; the figures count every part, the errors only tuning lines."""
        blameful = "Dave forgot to renew the certificate, again."
        blameless = "The certificate expired because the renewal job was disabled."
        rows = {
            script.TRANSFER_FILES[0]: [("v24-1", blameless, "blameful")],  # a miss, never listed
            "blameless_t_dev.jsonl": [
                (_ids(True, 1)[0], blameless, "blameful"),  # kept aside: a miss, never listed
                (_ids(False, 1)[0], blameless, "blameful"),  # tuning: a miss, listed
                (_ids(False, 2)[1], blameful, "blameful"),  # tuning: found
            ],
        }
        for name, lines in rows.items():
            text = "".join(
                json.dumps({"id": i, "text": t, "label": label, "category": "c"}) + "\n" for i, t, label in lines
            )
            (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.setattr(script, "DATA", tmp_path)
        monkeypatch.setattr(script, "SHARED_DEV", tmp_path / "absent.jsonl")
        result = script.sentences(errors=True)
        parts = result["parts"]
        assert (parts["transfer"]["lines"], parts["transfer"]["blameful"], parts["transfer"]["found"]) == (1, 1, 0)
        assert (parts["kept_aside"]["lines"], parts["kept_aside"]["found"]) == (1, 0)
        assert (parts["tuning"]["lines"], parts["tuning"]["found"], parts["tuning"]["recall"]) == (2, 1, 0.5)
        assert [_ids(False, 1)[0]] == [e["id"] for e in result["errors"]]
