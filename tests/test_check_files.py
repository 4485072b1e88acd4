"""``postmortem.checks.check_files``: many incident files checked at once, for scripts and CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import postmortem
from postmortem.checks import Config, ConfigError, Report, check_file, check_files
from postmortem.checks._many import _BATCH
from postmortem.errors import IncidentFormatError

from ._checks_support import EXAMPLES, GOOD, nine_and_a_broken


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Nine incident files (the examples, three times over) and a broken one in the middle."""
    return nine_and_a_broken(tmp_path / "incidents")


def _summary(results: list[Report | postmortem.PostmortemError]) -> list[tuple[str, object]]:
    return [
        (result.source or "", [(f.rule, f.path, f.line) for f in result])
        if isinstance(result, Report)
        else ("error", str(result))
        for result in results
    ]


class TestCheckFiles:
    """One result per file, in order, the same with workers as without."""

    def test_same_reports_as_check_file(self, folder: Path) -> None:
        """Each report has the findings check_file gives the file, without the incident."""
        files = sorted(folder.glob("0-*.yaml"))
        results = list(check_files(files, jobs=1))
        expected = [check_file(path) for path in files]
        assert [(r.source, r.findings, r.completeness) for r in expected] == [
            (r.source, r.findings, r.completeness) for r in results if isinstance(r, Report)
        ]
        assert all(isinstance(r, Report) and r.incident is None for r in results)

    def test_workers_give_the_same_results(self, folder: Path) -> None:
        """Two worker processes give the same results in the same order as one process."""
        files = sorted(folder.glob("*.yaml"))
        assert len(files) >= 8  # enough for workers to start
        assert _summary(list(check_files(files, jobs=1))) == _summary(list(check_files(files, jobs=2)))

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_files_read_in_batches_keep_their_places(self, folder: Path, jobs: int) -> None:
        """Files read a batch at a time before they are checked: each result is its own file's, in order.

        More files than a batch, with files that do not load or cannot be read among them (at
        the start, in the middle, at a batch's edge): each of those gives its own error in its
        place, and every other file the report check_file gives it.
        """
        good = sorted(path for path in folder.glob("*.yaml") if path.name != "1-broken.yaml")
        files = [folder / "1-broken.yaml", *(good * 5)]
        files.insert(_BATCH - 1, folder / "missing.yaml")
        files.insert(_BATCH, folder / "1-broken.yaml")
        files.insert(2 * _BATCH + 3, folder)  # a folder, not a file
        assert len(files) > 2 * _BATCH
        results = list(check_files(files, jobs=jobs))
        assert len(results) == len(files)
        for path, result in zip(files, results, strict=True):
            if path.name == "1-broken.yaml":
                assert isinstance(result, IncidentFormatError)
                assert result.source == str(path)
            elif path.name in ("missing.yaml", folder.name):
                assert isinstance(result, postmortem.PostmortemError)
                assert not isinstance(result, IncidentFormatError)
                assert str(path) in str(result)
            else:
                expected = check_file(path)
                assert isinstance(result, Report)
                assert (result.source, result.findings, result.completeness) == (
                    expected.source,
                    expected.findings,
                    expected.completeness,
                )

    def test_broken_file_in_its_place(self, folder: Path) -> None:
        """A file that does not load gives its IncidentFormatError in its place; the others are checked."""
        files = sorted(folder.glob("*.yaml"))
        results = list(check_files(files, jobs=2))
        index = [path.name for path in files].index("1-broken.yaml")
        error = results[index]
        assert isinstance(error, IncidentFormatError)
        assert error.source is not None
        assert error.source.endswith("1-broken.yaml")
        assert error.problems
        assert sum(isinstance(result, Report) for result in results) == len(files) - 1

    def test_configuration_found_per_folder(self, folder: Path, tmp_path: Path) -> None:
        """A folder's pyproject.toml configures its files only; an explicit configuration wins everywhere."""
        other = tmp_path / "team-b"
        other.mkdir()
        (other / "pyproject.toml").write_text('[tool.postmortem.check]\npreset = "google"\n', encoding="utf-8")
        shutil.copy(EXAMPLES / GOOD[0], other / GOOD[0])
        files = [folder / f"0-{GOOD[0]}", other / GOOD[0]]
        found = [r.preset for r in check_files(files, jobs=1) if isinstance(r, Report)]
        assert found == ["guide", "google"]
        explicit = [r.preset for r in check_files(files, Config(preset="pagerduty"), jobs=1) if isinstance(r, Report)]
        assert explicit == ["pagerduty", "pagerduty"]

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
    def test_a_linked_file_is_configured_where_it_lives(self, folder: Path, tmp_path: Path) -> None:
        """A symbolic link to a file in another folder gets that folder's configuration; its neighbours keep theirs."""
        other = tmp_path / "team-b"
        other.mkdir()
        (other / "pyproject.toml").write_text('[tool.postmortem.check]\npreset = "google"\n', encoding="utf-8")
        shutil.copy(EXAMPLES / GOOD[0], other / GOOD[0])
        try:
            (folder / "linked.yaml").symlink_to(other / GOOD[0])
        except OSError:
            pytest.skip("symbolic links cannot be made here")
        files = [folder / f"0-{GOOD[0]}", folder / "linked.yaml", folder / f"1-{GOOD[1]}"]
        found = [r.preset for r in check_files(files, jobs=1) if isinstance(r, Report)]
        assert found == ["guide", "google", "guide"]

    def test_bad_configuration_stops_before_any_result(self, tmp_path: Path) -> None:
        """A configuration file that cannot be used raises ConfigError on the first result."""
        (tmp_path / "pyproject.toml").write_text("[tool.postmortem.check]\npreset = 3\n", encoding="utf-8")
        shutil.copy(EXAMPLES / GOOD[0], tmp_path / GOOD[0])
        results = check_files([tmp_path / GOOD[0]])
        with pytest.raises(ConfigError):
            next(results)

    def test_unknown_preset_is_a_configuration_error(self, folder: Path) -> None:
        """An unknown preset stops the checks with a ConfigError naming the known ones."""
        with pytest.raises(ConfigError, match="guide"):
            list(check_files(sorted(folder.glob("0-*.yaml")), preset="nasa", jobs=1))

    def test_public_names(self) -> None:
        """check_files is public in postmortem.checks and postmortem."""
        assert postmortem.check_files is check_files
        assert "check_files" in postmortem.__all__
        assert "check_files" in postmortem.checks.__all__


@pytest.mark.parametrize("shape", ["crlf", "cr", "bom-crlf"])
def test_words_are_placed_in_files_with_any_line_breaks(shape: str, tmp_path: Path) -> None:
    """Findings about words get the same lines and columns whatever line breaks (or byte-order mark) the file has."""
    text = (EXAMPLES / "draft-checkout-errors.yaml").read_text(encoding="utf-8")
    text += "where_we_got_lucky:\n  - |\n    The engineer forgot to drain the node.\n    Then Sam was careless with the flag.\n"
    plain = tmp_path / "plain.yaml"
    plain.write_text(text, encoding="utf-8", newline="\n")
    shaped = tmp_path / f"{shape}.yaml"
    breaks = "\r" if shape == "cr" else "\r\n"
    shaped.write_bytes(("\ufeff" if shape.startswith("bom") else "").encode() + text.replace("\n", breaks).encode())
    expected = [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in check_file(plain)]
    assert any(column is not None for _rule, _line, column, _end_line, _end_column in expected)
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in check_file(shaped)] == expected
