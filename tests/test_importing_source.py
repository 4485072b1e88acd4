"""What ``import_document`` reads a ``str`` as: a file name, or a document's text.

``import_document("typo.md")`` (a file that does not exist) imported the name as a one-line
document and failed with "no date anywhere in the document", which sends a user looking in a
file that was never read. A ``str`` with no line break that does not start with markup names
a file; :func:`postmortem.import_text` always takes text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_split, import_text, incident_count

DOCUMENT = "# Cache down\n\nDate: 2026-05-21\n\n## Summary\n\nThe cache was down.\n"


def _problems(call: object) -> list[str]:
    with pytest.raises(IncidentFormatError) as raised:
        call()  # type: ignore[operator]
    return [str(problem) for problem in raised.value.problems]


class TestAFileName:
    """A str without a line break names a file."""

    @pytest.mark.parametrize("function", [import_document, import_split, incident_count])
    def test_a_missing_file_says_so(self, tmp_path: Path, function: object) -> None:
        """The name, "no such file", and where text goes instead; the name is not imported as text."""
        missing = str(tmp_path / "typo.md")
        assert _problems(lambda: function(missing)) == [  # type: ignore[operator]
            f"{missing} $: no such file (a str with no line break names a file); "
            "pass a document's text to import_text()"
        ]

    def test_an_existing_file_is_read(self, tmp_path: Path) -> None:
        """The same str naming a file that exists imports the file, its stem the name."""
        (tmp_path / "cache.md").write_text(DOCUMENT, encoding="utf-8")
        result = import_document(str(tmp_path / "cache.md"))
        assert (result.incident.title, result.source) == ("Cache down", str(tmp_path / "cache.md"))

    @pytest.mark.parametrize("empty", ["", "   "])
    def test_an_empty_string(self, empty: str) -> None:
        """An empty str is neither: said so, not "no date anywhere in the document"."""
        assert _problems(lambda: import_document(empty)) == [
            "$: an empty file name (a str with no line break names a file); pass a document's text to import_text()"
        ]

    def test_a_folder(self, tmp_path: Path) -> None:
        """A folder is a file name that cannot be read, said as such."""
        (problem,) = _problems(lambda: import_document(str(tmp_path)))
        assert problem.startswith(f"{tmp_path} $: cannot read the file")


class TestText:
    """A line break or markup first is a document's text."""

    def test_text_with_a_line_break(self) -> None:
        """Text with line breaks imports as before."""
        assert import_document(DOCUMENT).incident.title == "Cache down"

    def test_a_storage_body_on_one_line(self) -> None:
        """A Confluence storage body often comes on one line: markup first is text."""
        page = "<h1>Cache down</h1><p>Date: 2026-05-21</p><h2>Summary</h2><p>The cache was down.</p>"
        assert import_document(page, "confluence").incident.title == "Cache down"

    def test_import_text_takes_one_line(self) -> None:
        """import_text reads any str as text, a one-line document included."""
        with pytest.raises(IncidentFormatError, match="no date anywhere"):
            import_text("typo.md")
