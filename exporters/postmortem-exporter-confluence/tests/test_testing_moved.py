"""The local server left this package's wheel; its old import path still works, with a warning."""

from __future__ import annotations

import zipfile
from pathlib import Path

import postmortem_confluence
import postmortem_confluence.testing
import postmortem_confluence_testing
import pytest


class TestOldImportPath:
    """``postmortem_confluence.testing`` keeps its documented names."""

    def test_server_names_warn_and_are_the_same_objects(self) -> None:
        """Each moved name is the new one, reached with a DeprecationWarning that names the new home."""
        for name in ("Fault", "LocalConfluence", "RecordedRequest", "StoredAttachment", "StoredPage", "StoredVersion"):
            with pytest.warns(DeprecationWarning, match=f"postmortem_confluence_testing.{name}"):
                moved = getattr(postmortem_confluence.testing, name)
            assert getattr(postmortem_confluence_testing, name) is moved

    def test_preview_html_stays(self) -> None:
        """``preview_html`` is part of the exporter and is found without a warning."""
        assert postmortem_confluence.testing.preview_html is not None
        assert "preview_html" in postmortem_confluence.testing.__all__

    def test_unknown_names_are_attribute_errors(self) -> None:
        """A name that never existed is still an AttributeError."""
        with pytest.raises(AttributeError):
            _ = postmortem_confluence.testing.NoSuchServer


class TestPackageContents:
    """The exporter's sources hold no test server."""

    def test_no_server_module(self) -> None:
        """Nothing under ``postmortem_confluence`` serves HTTP."""
        package = Path(postmortem_confluence.__file__).parent
        modules = sorted(path.name for path in package.glob("*.py"))
        assert "_local_server.py" not in modules
        assert not any("ThreadingHTTPServer" in path.read_text(encoding="utf-8") for path in package.glob("*.py"))

    def test_a_built_wheel_has_no_server(self, tmp_path: Path) -> None:
        """A wheel built from the sources lists no module of the server (needs the build backend)."""
        hatchling = pytest.importorskip("hatchling.builders.wheel", reason="needs hatchling to build the wheel")
        root = Path(postmortem_confluence.__file__).parents[2]
        if not (root / "pyproject.toml").is_file():
            pytest.skip("not run from a source checkout")
        builder = hatchling.WheelBuilder(str(root))
        (wheel,) = list(builder.build(directory=str(tmp_path), versions=["standard"]))
        names = zipfile.ZipFile(wheel).namelist()
        assert "postmortem_confluence/_exporter.py" in names
        assert not [name for name in names if "local_server" in name or "confluence_testing" in name]
