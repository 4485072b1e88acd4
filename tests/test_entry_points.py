"""Finding entry points without importing importlib.metadata: the same answer, found faster.

``postmortem._entry_points.group_entry_points`` reads the metadata folders on ``sys.path``
itself; every test compares it with :func:`importlib.metadata.entry_points` on real
distributions (installed ones, committed ``.dist-info`` folders, folders written here).
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from postmortem._entry_points import LightEntryPoint, group_entry_points

from .conftest import DATA


def _listed(points: object) -> list[tuple[str, str, str]]:
    return [(point.name, point.value, point.group) for point in points]  # type: ignore[attr-defined]


def _installed_groups() -> list[str]:
    return sorted({point.group for dist in importlib.metadata.distributions() for point in dist.entry_points})


def _distribution(root: Path, folder: str, entry_points: str, name: str, version: str = "1.0") -> Path:
    info = root / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")
    return info


class TestSameAsImportlibMetadata:
    def test_every_installed_group(self) -> None:
        """For every group installed here (ours, pytest's, console scripts), the same entry points in the same order."""
        groups = _installed_groups()
        assert "postmortem.rules" in groups
        for group in groups:
            assert _listed(importlib.metadata.entry_points(group=group)) == _listed(group_entry_points(group)), group

    def test_committed_third_party_distributions(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The committed .dist-info folders the discovery tests use are read alike."""
        monkeypatch.syspath_prepend(str(DATA / "plugins" / "one"))
        monkeypatch.syspath_prepend(str(DATA / "rule-plugins"))
        for group in ("postmortem.exporters", "postmortem.rules"):
            found = group_entry_points(group)
            assert _listed(importlib.metadata.entry_points(group=group)) == _listed(found)
        assert "acme/runbook-link" in {point.name for point in group_entry_points("postmortem.rules")}

    def test_the_first_of_one_distribution_on_the_path_wins(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """One distribution in two folders (an old copy later on the path) counts once, from the first folder.

        Written with comments, blank lines, spaces around '=', other groups and a name
        spelled with dots and capitals, as hand-made and older metadata has them.
        """
        ours = (
            "[postmortem.rules]\n# a comment\n\n  acme/first = acme_first:rule  \n[console_scripts]\nacme = acme:main\n"
        )
        _distribution(tmp_path / "new", "Acme.Rules-2.0.dist-info", ours, "Acme.Rules", "2.0")
        _distribution(
            tmp_path / "old", "acme_rules-1.0.dist-info", "[postmortem.rules]\nacme/old = old:rule\n", "acme-rules"
        )
        _distribution(tmp_path / "old", "other-1.0.egg-info", "[postmortem.rules]\nother/x=other : rule\n", "other")
        monkeypatch.syspath_prepend(str(tmp_path / "old"))
        monkeypatch.syspath_prepend(str(tmp_path / "new"))
        found = group_entry_points("postmortem.rules")
        assert _listed(importlib.metadata.entry_points(group="postmortem.rules")) == _listed(found)
        names = [point.name for point in found]
        assert "acme/first" in names
        assert "other/x" in names
        assert "acme/old" not in names  # shadowed, as importlib.metadata shadows it
        first = next(point for point in found if point.name == "acme/first")
        assert first.value == "acme_first:rule"
        assert (first.dist.metadata["Name"], first.dist.version) == ("Acme.Rules", "2.0")  # type: ignore[union-attr]

    def test_a_zip_on_the_path_is_left_to_importlib_metadata(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A distribution inside a zip file on sys.path is found (by importlib.metadata)."""
        archive = tmp_path / "zipped.zip"
        with zipfile.ZipFile(archive, "w") as file:
            file.writestr(
                "zipped_rules-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-rules\nVersion: 1.0\n"
            )
            file.writestr("zipped_rules-1.0.dist-info/entry_points.txt", "[postmortem.rules]\nzip/rule = zr:rule\n")
        monkeypatch.syspath_prepend(str(archive))
        found = group_entry_points("postmortem.rules")
        assert "zip/rule" in {point.name for point in found}
        assert _listed(importlib.metadata.entry_points(group="postmortem.rules")) == _listed(found)


class TestLoading:
    def test_load_imports_the_named_object(self) -> None:
        """``module:attr.attr`` and a bare module load as EntryPoint.load loads them."""
        assert LightEntryPoint("x", "os.path:join", "g", "").load() is os.path.join
        assert LightEntryPoint("x", "os", "g", "").load() is os
        assert LightEntryPoint("x", "os:path.join [extra]", "g", "").load() is os.path.join

    def test_a_value_that_names_nothing_is_an_error(self) -> None:
        """A malformed value fails when loaded, as importlib.metadata's does (the registry names the entry point)."""
        with pytest.raises(ValueError, match="not 'module' or 'module:attribute'"):
            LightEntryPoint("x", "not a target!", "g", "").load()


def test_starting_a_check_does_not_import_importlib_metadata() -> None:
    """Listing and loading the rules, as ``postmortem check`` does on start, leaves importlib.metadata unimported."""
    code = (
        "import sys\n"
        "from postmortem.checks import available_rules, get_rule\n"
        "from postmortem.export import exporter_names\n"
        "rules = [get_rule(rule_id) for rule_id in available_rules()]\n"
        "assert rules and 'markdown' in exporter_names()\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
