"""Messages that name what was found and what to write instead, at the exact place.

Each case was a message a person could not act on: UTF-16 files called "not UTF-8: invalid
start byte", dates called "expected a date and time" whatever their form, ``--git`` given a
file called "no such repository folder", a too-deep TOML document without a line, and
JSON's ``-0`` read as the text "0".
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import postmortem
from postmortem.errors import IncidentFormatError

from ._limited import postmortem as run
from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "api-outage-feature-flag.yaml"
FIRST_EVENT = "  - time: 2026-10-13T14:04:00+02:00"
FIRST_DUE = "    due: 2026-12-11"
UTF16_ADVICE = "UTF-16 text (it starts with a UTF-16 byte order mark); postmortem reads UTF-8: save the file as UTF-8"


def _problems(text: str, format: str = "yaml") -> list[str]:
    with pytest.raises(IncidentFormatError) as caught:
        postmortem.loads(text, format=format)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


class TestUtf16:
    """A file saved as UTF-16 (PowerShell's ``>``, Notepad's "Unicode") is named as such, with what to do."""

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
    def test_an_incident_file(self, tmp_path: Path, encoding: str) -> None:
        """``validate`` and ``check`` name the encoding found; exit 2, no traceback."""
        data = EXAMPLE.read_text(encoding="utf-8").encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data  # Python writes big-endian UTF-16 without its mark
        (tmp_path / "incident.yaml").write_bytes(data)
        name = "UTF-32" if encoding == "utf-32" else "UTF-16"
        for command in ("validate", "check"):
            result = run(command, "incident.yaml", cwd=tmp_path)
            assert result.code == 2, result.output
            assert f"incident.yaml $: {name} text (it starts with a {name} byte order mark)" in result.stderr
            assert f"iconv -f {name} -t UTF-8" in result.stderr
            assert "Traceback" not in result.output

    def test_the_check_configuration_and_a_redaction_policy(self, tmp_path: Path) -> None:
        """The configuration (pyproject.toml, --config) and a --policy file say the same."""
        shutil.copy(EXAMPLE, tmp_path / "incident.yaml")
        (tmp_path / "check.yaml").write_bytes("preset: google\n".encode("utf-16"))
        (tmp_path / "policy.toml").write_bytes('people = ["Ada Lovelace"]\n'.encode("utf-16"))
        result = run("check", "--config", "check.yaml", "incident.yaml", cwd=tmp_path)
        assert (result.code, result.stderr.strip()) == (
            2,
            f"error: check.yaml: {UTF16_ADVICE}, e.g. iconv -f UTF-16 -t UTF-8",
        )
        result = run("redact", "--policy", "policy.toml", "incident.yaml", cwd=tmp_path)
        assert result.code == 2
        assert f"policy.toml $: {UTF16_ADVICE}" in result.stderr
        (tmp_path / "pyproject.toml").write_bytes("[tool.postmortem.check]\npreset = 'google'\n".encode("utf-16"))
        result = run("check", "incident.yaml", cwd=tmp_path)
        assert result.code == 2
        assert f"pyproject.toml: {UTF16_ADVICE}" in result.stderr

    def test_a_byte_order_mark_on_bytes_that_are_not_utf16(self) -> None:
        """Bytes that only start like UTF-16 (an odd length after the mark) keep the plain message."""
        assert _problems(b"\xff\xfe\x00binary") == ["$: not UTF-8 text: invalid start byte at byte 0"]  # type: ignore[arg-type]

    def test_a_utf8_byte_order_mark_is_read(self, tmp_path: Path) -> None:
        """A check configuration saved with a UTF-8 byte order mark (Notepad's "UTF-8 with BOM") is read."""
        shutil.copy(EXAMPLE, tmp_path / "incident.yaml")
        (tmp_path / "check.toml").write_bytes(b"\xef\xbb\xbfpreset = 'google'\n")
        result = run("check", "--config", "check.toml", "incident.yaml", cwd=tmp_path)
        assert result.code in (0, 1), result.output


class TestTimes:
    """A time or due date that does not read says what form it has and what to write, at its $.path and line."""

    @pytest.mark.parametrize(
        ("written", "said"),
        [
            (
                "13/10/2026 14:04",
                "is a day written with slashes, which readers in different countries take for different days; "
                "write it year first with its offset: 2026-10-13T14:04:00Z (UTC) or 2026-10-13T14:04:00+02:00",
            ),
            (
                "2026-13-04T10:00:00Z",
                "has month 13, which does not exist (months run 01 to 12, after the year: 2026-05-04)",
            ),
            ("2026-02-30T10:00:00Z", "has day 30, which February 2026 does not have (it has 28 days)"),
            (
                "2026-10-13T24:30:00Z",
                "has hour 24, which does not exist (hours run 00 to 23; midnight is 00:00 of the next day)",
            ),
            (
                "2026-10-13 14:04 CEST",
                "ends in the zone abbreviation CEST, which is not read (abbreviations name different offsets in "
                "different places); write the offset, such as 2026-10-13T14:04:00+02:00, or 2026-10-13T14:04:00Z for UTC",
            ),
            ("14:04", "is a time of day without its day; write the day too, such as 2026-05-04T10:42:00Z"),
            (
                "1760356800",
                "looks like a Unix timestamp (seconds since 1970), which is 2025-10-13T12:00:00Z; write that instead",
            ),
            (
                "Oct 13 2026 2pm",
                "is a date written in words; write it year first in numbers, such as 2026-10-13T14:00:00+02:00",
            ),
            (
                "yesterday",
                "is a word, not a time; write the time, such as 2026-05-04T10:42:00Z, a day alone (2026-05-04) when "
                "only the day is known, or leave the field out",
            ),
        ],
    )
    def test_a_timeline_time(self, written: str, said: str) -> None:
        """The first event's time, as the file writes it."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(FIRST_EVENT, f'  - time: "{written}"', 1)
        assert _problems(text) == [f'line 281 $.timeline[0].time: "{written}" {said}']

    @pytest.mark.parametrize(
        ("written", "said"),
        [
            (
                "13/10/2026",
                "is a day written with slashes, which readers in different countries take for different days; "
                "write it year first: 2026-10-13",
            ),
            (
                "05/04/2026",
                "is a day written with slashes, which readers in different countries take for different days; "
                "write it year first: YYYY-MM-DD, such as 2026-11-30",
            ),
            ("2026-12-11T10:00:00Z", "is a day with a time; this field holds the day alone: 2026-12-11"),
            ("TBD", "is a word, not a date; write the day, such as 2026-12-01, or leave the field out"),
        ],
    )
    def test_a_due_date(self, written: str, said: str) -> None:
        """The first action item's due date."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(FIRST_DUE, f'    due: "{written}"', 1)
        assert _problems(text) == [f'line 434 $.action_items[0].due: "{written}" {said}']

    def test_a_form_not_recognised_keeps_the_general_message(self) -> None:
        """Text of no known form is told the form expected, as before."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(FIRST_EVENT, '  - time: "after lunch"', 1)
        expected = 'line 281 $.timeline[0].time: expected a date and time with a timezone like 2026-05-04T10:42:00Z, got "after lunch"'
        assert _problems(text) == [expected]

    def test_the_command_prints_it_with_file_and_line(self, tmp_path: Path) -> None:
        """``postmortem validate``: exit 2, the file, the line, the path and the advice."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(FIRST_EVENT, "  - time: 1760356800", 1)
        (tmp_path / "incident.yaml").write_text(text, encoding="utf-8")
        result = run("validate", "incident.yaml", cwd=tmp_path)
        assert result.code == 2
        assert result.stderr.splitlines()[0] == (
            "incident.yaml:281 $.timeline[0].time: 1760356800 looks like a Unix timestamp (seconds since 1970), "
            "which is 2025-10-13T12:00:00Z; write that instead"
        )


class TestNumbers:
    """JSON's ``-0`` in a text field is the text written, as YAML's is."""

    def test_minus_zero_is_kept_as_written(self) -> None:
        """A title of -0 is "-0" (it was "0"); a count of -0 is the number 0."""
        data = json.loads(postmortem.dumps(postmortem.load(EXAMPLE), "json"))
        text = json.dumps(data).replace(f'"title": {json.dumps(data["title"])}', '"title": -0')
        text = text.replace('"users_affected": 14860', '"users_affected": -0')
        incident = postmortem.loads(text, "json")
        assert (incident.title, incident.impact.users_affected) == ("-0", 0)
        assert type(incident.impact.users_affected) is int

    def test_other_whole_numbers_are_plain(self) -> None:
        """Without -0 in the document, whole numbers are read as before."""
        incident = postmortem.loads(
            '{"id": 7, "title": 0, "severity": "SEV2", "milestones": {"started": "2026-05-04T10:00:00Z"}}', "json"
        )
        assert (incident.id, incident.title) == ("7", "0")


class TestDeepToml:
    """A TOML document nested too deep is reported at the line that opens the nesting."""

    @pytest.mark.parametrize(
        "nesting",
        [
            "x = " + "[" * 80 + "]" * 80,
            "[" + ".".join(f"k{level}" for level in range(80)) + "]\nv = 1",
            "x = " + "{a = " * 80 + "1" + "}" * 80,
            ".".join(f"k{level}" for level in range(80)) + " = 1",
            'x = """\n[not.a.table]\n"""\n[' + ".".join(f"'k {level}'" for level in range(80)) + "]\nv = 1",
        ],
        ids=["inline lists", "table header", "inline tables", "dotted key", "quoted keys after a long string"],
    )
    def test_the_line(self, nesting: str) -> None:
        """The problem names the line of the key or header where the nesting is written."""
        text = f'id = "X"\ntitle = "t"\n\n{nesting}\n'
        rows = text.splitlines()
        line = max(number for number, row in enumerate(rows, 1) if row.startswith(("x =", "[k", "k0", "['k")))
        (problem,) = _problems(text, "toml")
        assert problem.startswith(f"line {line} $.")
        assert "nested more than 64 levels deep" in problem


class TestGitRepository:
    """``timeline --git`` given a file, or nothing there, says what to give."""

    def test_a_file(self, tmp_path: Path) -> None:
        """The incident file itself given as the repository: exit 2, what it is and what to give."""
        shutil.copy(EXAMPLE, tmp_path / "incident.yaml")
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        result = run("timeline", "incident.yaml", "--git", "incident.yaml", cwd=tmp_path)
        assert (result.code, result.stderr.strip()) == (
            2,
            "error: incident.yaml: a file, not a repository folder; give the repository's folder (the one holding "
            ".git), such as --git . or --git ../shop:main",
        )
        result = run("timeline", "incident.yaml", "--git", "missing", cwd=tmp_path)
        assert (result.code, result.stderr.strip()) == (
            2,
            "error: missing: no such folder; give the repository's folder (the one holding .git), such as "
            "--git . or --git ../shop:main",
        )


class TestPyprojectSection:
    """``[tool.postmortem]`` or its ``check`` written as something other than a table is named as such."""

    @pytest.mark.parametrize(
        ("written", "said"),
        [
            ("[tool.postmortem]\ncheck = 3\n", "2:9: [tool.postmortem.check] must be a table of settings, got int 3"),
            ('[tool]\npostmortem = "x"\n', "2:14: [tool.postmortem] must be a table, got str 'x'"),
        ],
        ids=["check a number", "postmortem a string"],
    )
    def test_not_a_table(self, tmp_path: Path, written: str, said: str) -> None:
        """Exit 2 naming the file and the table (was "unknown setting ''", and a string was ignored: exit 0)."""
        shutil.copy(EXAMPLE, tmp_path / "incident.yaml")
        (tmp_path / "pyproject.toml").write_text(written, encoding="utf-8")
        result = run("check", "incident.yaml", cwd=tmp_path)
        assert (result.code, result.stderr.strip()) == (2, f"error: {tmp_path / 'pyproject.toml'}:{said}")
