"""The detector's word lists are data files, each entry with the reason it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem.checks._blame import _vocabulary
from postmortem.checks._blame._vocabulary import entries, vocabulary

FILES = sorted(Path(_vocabulary.__file__).with_name("vocabulary").glob("*.txt"))


class TestVocabularyFiles:
    """Every word list the detector reads."""

    def test_there_are_word_lists(self) -> None:
        assert len(FILES) >= 15

    @pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
    def test_every_entry_has_words_and_a_reason(self, path: Path) -> None:
        """An entry is 'words -- reason'; a line without a reason would make loading fail."""
        found = entries(path.stem)
        assert found
        for words, reason in found:
            assert words
            assert reason.strip(), (path.name, words)

    @pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
    def test_words_are_lower_case_and_listed_once(self, path: Path) -> None:
        words = [word for entry, _ in entries(path.stem) for word in entry]
        assert [w for w in words if w != w.lower()] == []
        assert sorted({w for w in words if words.count(w) > 1}) == []

    @pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
    def test_every_file_says_what_it_is_for(self, path: Path) -> None:
        assert path.read_text(encoding="utf-8").startswith("# ")

    def test_a_line_without_a_reason_is_refused(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (tmp_path / "broken.txt").write_text("# a list\nengineer developer\n", encoding="utf-8")
        monkeypatch.setattr(_vocabulary, "_DIRECTORY", tmp_path)
        with pytest.raises(ValueError, match=r"broken\.txt:2"):
            vocabulary("broken")
