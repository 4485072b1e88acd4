"""The check configuration's problems at their file, line and column, one a line.

``postmortem check --config bad.yaml`` printed PyYAML's own error over six lines (``in
"<unicode string>", line 2, column 9`` and a caret), a TOML syntax error said "(at line 2,
column 9)" inside its message, and unknown keys and bad values (in a file or pyproject's
``[tool.postmortem.check]``) named the setting but not where it is written, joined by "; "
on one line. Each problem is now ``file:line:column: what``, in the order of the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import _toml
from postmortem.checks import Config, ConfigError, load_config
from postmortem.cli import main

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "api-outage-feature-flag.yaml"


def _check(folder: Path, *args: str) -> tuple[int, list[str]]:
    """Run ``postmortem check`` on the example in ``folder``: its exit code and lines of standard error."""
    shutil.copy(EXAMPLE, folder / "incident.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(main, ["check", *args, "incident.yaml"])
    return result.exit_code, result.stderr.splitlines()


YAML_SETTINGS = """\
preset: googel
enable:
  - blame/*
  - nosuch
severity:
  blam/*: error
  blame/*: eror
today: soon
alowed-words: [x]
"""

TOML_SETTINGS = """\
preset = "googel"
enable = ["blame/*",
  "nosuch"]
severity = {"blam/*" = "error", "blame/*" = "eror"}
today = "soon"
alowed-words = ["x"]
"""

SAID = [
    "unknown preset 'googel' (did you mean 'google'?); choose one of guide, google, pagerduty, atlassian",
    "enable: 'nosuch' matches no rule; `postmortem check --list-rules` lists them",
    "severity: 'blam/*' matches no rule (did you mean 'blame/*'?); `postmortem check --list-rules` lists them",
    "severity: 'blame/*' = 'eror': expected error, warning, info or off",
    "today: expected a date such as 2026-06-01, got 'soon'",
    # Named as the file writes its keys, as the docs' TOML does: allowed-words, not allowed_words.
    "unknown setting 'alowed-words' (did you mean 'allowed-words'?) (known: allowed-words, blame-scorer, "
    "disable, enable, people, preset, severity, timeline-margin-hours, today)",
]


class TestEveryProblemAtItsPlace:
    """Unknown keys, bad values and rule ids that match nothing, each at file:line:column, in file order."""

    def test_a_yaml_file(self, tmp_path: Path) -> None:
        """Keys at their first character, values and list items at theirs."""
        (tmp_path / "check.yaml").write_text(YAML_SETTINGS, encoding="utf-8")
        places = ["1:9", "4:5", "6:3", "7:12", "8:8", "9:1"]
        assert _check(tmp_path, "--config", "check.yaml") == (
            2,
            [f"error: check.yaml:{place}: {said}" for place, said in zip(places, SAID, strict=True)],
        )

    def test_a_toml_file(self, tmp_path: Path) -> None:
        """A list item on a line after its key, a key of an inline table."""
        (tmp_path / "check.toml").write_text(TOML_SETTINGS, encoding="utf-8")
        places = ["1:10", "3:3", "4:13", "4:45", "5:9", "6:1"]
        assert _check(tmp_path, "--config", "check.toml") == (
            2,
            [f"error: check.toml:{place}: {said}" for place, said in zip(places, SAID, strict=True)],
        )

    def test_pyproject(self, tmp_path: Path) -> None:
        """``[tool.postmortem.check]`` after another tool's table: lines of the whole pyproject.toml."""
        text = '[tool.ruff]\npreset = "x"\n\n[tool.postmortem.check]\n' + TOML_SETTINGS
        (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
        code, lines = _check(tmp_path)
        assert code == 2
        assert [line.removeprefix("error: ").split(": ", 1)[0].rsplit("pyproject.toml:", 1)[1] for line in lines] == [
            "5:10",
            "7:3",
            "8:13",
            "8:45",
            "9:9",
            "10:1",
        ]

    def test_dotted_keys_in_pyproject(self, tmp_path: Path) -> None:
        """``postmortem.check.preset = ...`` under ``[tool]`` is found too."""
        (tmp_path / "pyproject.toml").write_text('[tool]\npostmortem.check.preset = "gogle"\n', encoding="utf-8")
        code, lines = _check(tmp_path)
        assert code == 2
        assert lines[0].startswith("error: ")
        assert ":2:27: unknown preset 'gogle'" in lines[0]

    def test_from_python(self, tmp_path: Path) -> None:
        """load_config raises a ConfigError whose problems are the same located lines."""
        path = tmp_path / "check.yaml"
        path.write_text("presett: guide\ntoday: soon\n", encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            load_config(path)
        assert [line.split(": ", 1)[0] for line in raised.value.problems] == [f"{path}:1:1", f"{path}:2:8"]

    def test_a_key_written_with_underscores_is_answered_with_underscores(self) -> None:
        """Both spellings are accepted; the hint and the known names follow the one the file uses."""
        with pytest.raises(ConfigError) as raised:
            Config.from_mapping({"blame_scorr": True})
        assert raised.value.problems[0].startswith("unknown setting 'blame_scorr' (did you mean 'blame_scorer'?)")
        assert "timeline_margin_hours" in raised.value.problems[0]

    def test_settings_in_code_have_no_place(self) -> None:
        """Config.from_mapping without a file: the problems, one a line, with no place."""
        with pytest.raises(ConfigError) as raised:
            Config.from_mapping({"presett": "guide", "today": "soon"})
        assert raised.value.problems[1] == "today: expected a date such as 2026-06-01, got 'soon'"


class TestSyntaxErrors:
    """A file that does not parse: one line, at the parser's place, no PyYAML dump."""

    def test_yaml(self, tmp_path: Path) -> None:
        """The problem's place, and the context's place in words (was six lines with a caret)."""
        (tmp_path / "check.yaml").write_text("preset: google\nenable: [blame/*\n", encoding="utf-8")
        assert _check(tmp_path, "--config", "check.yaml") == (
            2,
            [
                "error: check.yaml:3:1: not valid YAML: expected ',' or ']', but got '<stream end>' "
                "(while parsing a flow sequence at line 2, column 9)"
            ],
        )

    def test_toml(self, tmp_path: Path) -> None:
        """tomllib's place, out of the message (was "Invalid value (at line 2, column 9)" with no place)."""
        (tmp_path / "check.toml").write_text('preset = "google"\nenable = \n', encoding="utf-8")
        assert _check(tmp_path, "--config", "check.toml") == (
            2,
            ["error: check.toml:2:10: not valid TOML: Invalid value"],
        )

    def test_a_list_at_the_top(self, tmp_path: Path) -> None:
        """A YAML list where settings belong is named as a list, at its line."""
        (tmp_path / "check.yaml").write_text("# settings\n- preset: google\n", encoding="utf-8")
        assert _check(tmp_path, "--config", "check.yaml") == (
            2,
            ["error: check.yaml:2:1: the configuration must be a mapping of settings, got a list"],
        )


class TestKeyPosition:
    """postmortem._toml.key_position: where TOML text writes keys, read again only for a problem."""

    TEXT = '[a]\nx = 1\n[b.c]\ny.z = {"q w" = 2, v = [\'p\', "r"]}\n[[d]]\nn = 3\n'

    @pytest.mark.parametrize(
        ("keys", "item", "value", "place"),
        [
            (("a", "x"), None, False, (2, 1)),
            (("a", "x"), None, True, (2, 5)),
            (("b", "c"), None, False, (3, 2)),
            (("b", "c", "y", "z", "q w"), None, False, (4, 8)),
            (("b", "c", "y", "z", "v"), "r", False, (4, 29)),
            (("b", "c", "y", "z", "v"), None, True, (4, 23)),
            (("d", "n"), None, False, (6, 1)),
            (("e",), None, False, None),
        ],
    )
    def test_places(self, keys: tuple[str, ...], item: str | None, value: bool, place: tuple[int, int] | None) -> None:
        """Headers, dotted keys, inline tables, a list's string, a value; None for keys not written."""
        assert _toml.key_position(self.TEXT, keys, item, value=value) == place

    def test_a_key_of_the_same_name_in_another_table(self) -> None:
        """``x`` under ``[a]`` is not ``x`` under ``[b]``."""
        assert _toml.key_position("[a]\nx = 1\n[b]\nx = 2\n", ("b", "x")) == (4, 1)

    def test_the_end_of_the_document(self) -> None:
        """tomllib's "at end of document" is the last line, past its last character."""
        with pytest.raises(_toml.TOMLDecodeError) as raised:
            _toml.loads("a = [\n  1,\n")
        assert _toml.decode_position(raised.value, "a = [\n  1,\n") == ("Invalid value", 3, 1)
