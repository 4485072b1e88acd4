"""``postmortem export`` says how many files it wrote, and the numbers add up to the folder's files.

"wrote 4 reports" was printed for a folder of 6 files (the Markdown reports' timeline charts were
not counted), counted a report twice when two files of one incident id wrote it, and was not
printed at all when any file failed, though the other reports were written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main

from .conftest import EXAMPLES

_WROTE = re.compile(r"^wrote (\d+|no) reports? to (.+?)(?:, and (\d+) files? they refer to)?$", re.MULTILINE)


def _export(*args: str) -> tuple[int, str]:
    """Exit code and standard error of ``postmortem export ARGS``."""
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stderr


def _said(stderr: str) -> tuple[int, int]:
    """The reports and the files beside them that the 'wrote' line counts."""
    found = _WROTE.search(stderr)
    assert found, f"no 'wrote' line in {stderr!r}"
    reports = 0 if found.group(1) == "no" else int(found.group(1))
    return reports, int(found.group(3) or 0)


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.is_file()) if folder.exists() else []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The examples' incident files, a second file of one incident id, a file that does not
    load, and two files that are certainly no post-mortem (skipped in a folder)."""
    source = tmp_path / "incidents"
    source.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, source / example.name)
    shutil.copy(EXAMPLES / "api-outage-feature-flag.yaml", source / "copy-of-0187.yaml")
    (source / "broken.yaml").write_text("title: no id, no milestones\n", encoding="utf-8")
    (source / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (source / "package.json").write_text('{"name": "x"}\n', encoding="utf-8")
    return source


class TestTheCountIsTheFilesWritten:
    """Whatever was given and whatever failed, the 'wrote' line counts each file in the folder once."""

    @pytest.mark.parametrize("formats", ["markdown", "html", "markdown,html", "html,markdown,HTML"])
    def test_good_files(self, tmp_path: Path, formats: str) -> None:
        """The three examples: each format's report, and each Markdown report's chart beside it."""
        out = tmp_path / "out"
        code, err = _export(*(str(path) for path in sorted(EXAMPLES.glob("*.yaml"))), "--to", formats, "-o", str(out))
        assert code == 0, err
        reports, beside = _said(err)
        files = _files(out)
        assert reports + beside == len(files), (err, files)
        assert beside == len([name for name in files if name.endswith(".svg")])

    @pytest.mark.parametrize("formats", ["markdown", "markdown,html"])
    def test_a_folder_with_failures_and_skipped_files(self, folder: Path, tmp_path: Path, formats: str) -> None:
        """A folder with a broken file, a second file of one incident id and skipped files exits 2
        and still says what it wrote: one report per incident id and format (the id written twice
        counted once), and the charts. Nothing was said before, though the reports were there."""
        out = tmp_path / "out"
        code, err = _export(str(folder), "--to", formats, "-o", str(out))
        assert code == 2, err
        reports, beside = _said(err)
        files = _files(out)
        assert reports + beside == len(files), (err, files)
        assert reports == 3 * len(formats.split(","))

    def test_nothing_written_says_nothing_was(self, folder: Path, tmp_path: Path) -> None:
        """Only a broken file: exit 2 and no 'wrote' line (no folder of reports to describe)."""
        out = tmp_path / "out"
        code, err = _export(str(folder / "broken.yaml"), "--to", "html", "-o", str(out))
        assert code == 2
        assert not _WROTE.search(err)
        assert _files(out) == []
