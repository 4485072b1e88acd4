"""A folder walk's files, and their order, as pathlib names and sorts them (round 20 made both cheaper).

``scan_incident_files`` reads each name's suffix as text and sorts the paths by their parts
worked out once; the files, the paths and their order must be those of ``Path(name).suffix``,
``folder / name`` and ``sorted(paths)``. ``check_files`` looks a file's folder up by its name as
text; files of one folder share one configuration, each folder its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem._files import INCIDENT_SUFFIXES, TOOL_FILES, scan_incident_files
from postmortem.checks import Config
from postmortem.checks._many import _folder_config

# Names that sort differently as text and as paths, or test the suffix's edges.
NAMES = [
    "a.yaml",
    "a-b.yaml",
    "a.b.yaml",
    "A.YAML",
    "b.Yml",
    "c.json",
    "d.toml",
    "e.yaml.bak",
    "f.",
    "g",
    ".hidden.yaml",
    ".yaml",
    "h..yaml",
    "i .yaml",
    "j.yaml ",
    "é.yaml",
    "package.json",
    "pyproject.toml",
]
FOLDERS = ["a", "a-b", "a.b", "A", "b", "a/b", "a/b-c", "a-b/c", "z", "a/a"]


def _expected(root: Path) -> list[Path]:
    """The files pathlib's own ways find: every file under ``root`` (no hidden folder), named as an incident file."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        here = Path(folder)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in INCIDENT_SUFFIXES:
                continue
            if name.lower() not in TOOL_FILES:
                found.append(here / name)
    return sorted(found)


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_names_and_order_are_pathlibs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: bool) -> None:
    """Every incident file found once, as ``folder / name``, in ``sorted()``'s order of paths."""
    for folder in ["", *FOLDERS]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            (tmp_path / folder / name).write_text("id: X\n", encoding="utf-8")
    root = tmp_path
    if relative:
        monkeypatch.chdir(tmp_path.parent)
        root = Path(tmp_path.name)
    files = scan_incident_files(root).files
    assert files == _expected(root)
    assert [str(path) for path in files] == [str(path) for path in _expected(root)]
    # Text order would differ: "a-b/..." sorts before "a/..." as text, after it as paths.
    assert [str(path) for path in files] != sorted(str(path) for path in files)
    assert Path(root, "a", "b", "a.yaml") in files
    assert Path(root, "e.yaml.bak") not in files
    assert Path(root, ".hidden.yaml") not in files
    assert Path(root, "f.") not in files
    assert Path(root, "A.YAML") in files


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["a", "a-b", "a.b", "B", "a b", "ä"]), max_size=3),
            st.sampled_from(["x.yaml", "x-y.yml", "X.json", "x.toml", "x.y.yaml", "Z.YAML"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_tree_in_sorted_order(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[list[str], str]]
) -> None:
    """Whatever the folders and names, the files come in ``sorted()``'s order of paths."""
    root = tmp_path_factory.mktemp("tree")
    for folders, name in entries:
        folder = root.joinpath(*folders)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("id: X\n", encoding="utf-8")
    files = scan_incident_files(root).files
    assert files == _expected(root)


def test_each_folder_its_own_configuration(tmp_path: Path) -> None:
    """Files of one folder share its configuration; a folder and its sub-folder, and one at the root, each have theirs."""
    (tmp_path / "team" / "sub").mkdir(parents=True)
    (tmp_path / "team" / "pyproject.toml").write_text('[tool.postmortem.check]\npreset = "google"\n', encoding="utf-8")
    (tmp_path / "team" / "sub" / "pyproject.toml").write_text(
        '[tool.postmortem.check]\npreset = "guide"\n', encoding="utf-8"
    )
    paths = [
        tmp_path / "team" / "a.yaml",
        tmp_path / "team" / "sub" / "b.yaml",
        tmp_path / "team" / "c.yaml",
        tmp_path / "d.yaml",
    ]
    for path in paths:
        path.write_text("id: X\n", encoding="utf-8")
    cache: dict[Path, Config] = {}
    folders: dict[str, Config] = {}
    configs = [_folder_config(path, None, cache, folders) for path in paths]
    assert configs[0] is configs[2]
    assert (configs[0].preset, configs[1].preset) == ("google", "guide")
    assert configs[3] is not configs[0]
    assert configs[3] is not configs[1]
    assert len(folders) == 3
