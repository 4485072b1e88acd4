"""The scan's tables shipped with the package: used only when the rules are those they were made from."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.checks._blame import _rule_keys
from postmortem.checks._blame._rule_keys import (
    _ALL_KEYS,
    _CLAUSES,
    _CLAUSES_BY_KEY,
    _SCAN_ONLY,
    INDEX,
    _key_sets,
    _keys_in,
    _made_from,
    _one_object_each,
    _stored_tables,
    built_tables,
    key_set,
    stored_index,
    write_index,
)


@pytest.fixture
def index_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the shipped index, put in its place."""
    copy = tmp_path / INDEX.name
    copy.write_bytes(INDEX.read_bytes())
    monkeypatch.setattr(_rule_keys, "INDEX", copy)
    return copy


class TestShippedIndex:
    """``_rule_index.marshal``: the tables ``built_tables`` makes, read at import instead of made."""

    def test_the_shipped_index_is_up_to_date(self) -> None:
        stored = stored_index()
        assert stored is not None
        assert stored[0] == _made_from(), (
            "a rule, its key words or the line shares changed: run 'python -m postmortem.checks._blame._keys'"
        )
        assert stored[1] == built_tables(), (
            "the tables are made differently now: run 'python -m postmortem.checks._blame._keys'"
        )

    def test_the_scan_reads_the_tables_the_rules_make(self) -> None:
        assert built_tables() == (_CLAUSES, _SCAN_ONLY, _CLAUSES_BY_KEY, _ALL_KEYS)

    def test_an_index_made_from_other_rules_is_not_used(self, index_copy: Path) -> None:
        """A rule edited since the index was written: the tables are made from the rules instead."""
        (sources, shares), tables = marshal.loads(index_copy.read_bytes())
        edited = ((sources[0][0] + "x", *sources[0][1:]), *sources[1:])
        index_copy.write_bytes(marshal.dumps(((edited, shares), tables), 4))
        assert stored_index() is not None
        assert _stored_tables() is None
        fewer_shares = dict(list(shares.items())[1:])
        index_copy.write_bytes(marshal.dumps(((sources, fewer_shares), tables), 4))
        assert _stored_tables() is None
        index_copy.write_bytes(marshal.dumps(((sources, shares), tables), 4))
        assert _stored_tables() == built_tables()

    @pytest.mark.parametrize("content", [b"", b"\x00\x01not marshal", b"[1, 2]"])
    def test_an_unreadable_index_is_not_used(self, index_copy: Path, content: bytes) -> None:
        index_copy.write_bytes(content)
        assert _stored_tables() is None

    def test_a_missing_index_is_not_used(self, index_copy: Path) -> None:
        index_copy.unlink()
        assert stored_index() is None
        assert _stored_tables() is None

    def test_writing_the_index_writes_only_what_changed(self, index_copy: Path) -> None:
        """The file's bytes change with the order sets are written in: it is compared by what it holds."""
        before = index_copy.read_bytes()
        assert write_index() is False
        assert index_copy.read_bytes() == before
        index_copy.write_bytes(b"stale")
        assert write_index() is True
        assert _stored_tables() == built_tables()


class TestOneObjectAWord:
    """Round 22: the tables hold one string object for each word, and the scan's key-word sets hold those."""

    def test_the_shipped_and_the_built_tables_share_each_word(self) -> None:
        stored = stored_index()
        assert stored is not None
        assert _one_object_each(stored[1]), "run 'python -m postmortem.checks._blame._keys'"
        assert _one_object_each(built_tables())
        assert _one_object_each((_CLAUSES, _SCAN_ONLY, _CLAUSES_BY_KEY, _ALL_KEYS))

    def test_tables_with_a_word_twice_are_not_shared(self) -> None:
        clauses, scan_only, by_key, all_keys = built_tables()
        word = next(iter(next(iter(clauses[0][0]))))
        copy = "".join(list(word))  # the same word, another object
        assert copy == word
        assert copy is not word
        group = next(iter(clauses[0][0]))
        other = frozenset(copy if w == word else w for w in group)
        clause = frozenset(other if g is group else g for g in clauses[0][0])
        edited = ((clause, *clauses[0][1:]), *clauses[1:])
        assert not _one_object_each((edited, scan_only, by_key, all_keys))

    @given(st.lists(st.sampled_from(sorted(_ALL_KEYS)) | st.text("abcdefghijklmnopqrstuvwxyz'?", max_size=8)))
    def test_key_set_is_the_intersection_with_every_key_word(self, words: list[str]) -> None:
        fresh = ["".join(list(word)) for word in words]  # new string objects, as a split makes them
        found = key_set(fresh)
        assert found == _ALL_KEYS.intersection(fresh)
        canonical = {id(word) for word in _ALL_KEYS}
        assert all(id(word) in canonical for word in found)
        assert _key_sets([fresh, [], fresh[:1]]) == [found, frozenset(), key_set(fresh[:1])]
        assert _keys_in(" ".join(fresh)) >= found
