"""The ``postmortem`` command: output and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import postmortem
from postmortem.cli import main

from .conftest import EXAMPLES, ROOT

COMPLETE = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestValidate:
    """``postmortem validate``."""

    def test_valid_files_exit_zero(self) -> None:
        """Every example is valid."""
        code, out, _err = run("validate", *COMPLETE)
        assert code == 0
        assert out.count(": ok (") == len(COMPLETE)

    def test_invalid_file_exits_two_with_every_problem(self, tmp_path: Path) -> None:
        """Each problem is a line with file, line and path."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: x\ntitle: t\nseverity: SEV7\nmilestones: {started: 2026-01-01T00:00:00Z}\nowner: me\n")
        code, _out, err = run("validate", str(bad), COMPLETE[0])
        assert code == 2
        lines = err.splitlines()
        assert lines[0] == f'{bad}:3 $.severity: unknown severity "SEV7"; expected one of SEV1, SEV2, SEV3, SEV4, SEV5'
        assert lines[1] == f"{bad}:5 $.owner: unknown key"
        assert lines[2] == "1 of 2 files invalid"

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that is not there is invalid input."""
        code, _out, err = run("validate", str(tmp_path / "nope.yaml"))
        assert code == 2
        assert "cannot read" in err


class TestSchema:
    """``postmortem schema``."""

    def test_schema_accepts_the_examples_and_rejects_unknown_keys(self) -> None:
        """The printed JSON Schema validates every example file and rejects a typo."""
        code, out, _err = run("schema")
        assert code == 0
        schema = json.loads(out)
        validator = jsonschema.Draft202012Validator(schema)
        for path in COMPLETE:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            data = json.loads(json.dumps(data, default=str))
            assert list(validator.iter_errors(data)) == []
        assert list(validator.iter_errors({"id": "x", "title": "t", "severity": "SEV1", "milestones": {}, "sumary": 1}))

    def test_schema_has_descriptions_for_editors(self) -> None:
        """Fields carry the docstring descriptions."""
        schema = json.loads(run("schema")[1])
        assert "verb first" in schema["$defs"]["ActionItem"]["properties"]["description"]["description"]
        assert schema["$defs"]["ActionStatus"]["enum"] == ["open", "in_progress", "done", "wont_do"]

    def test_indent_is_a_width_or_nothing(self) -> None:
        """``--indent 0`` puts each value on its line unindented; a negative width, or one wider than
        16 spaces (a width of 100000000 wrote for minutes), is a usage error that names the range."""
        code, out, _err = run("schema", "--indent", "0")
        assert code == 0
        assert out.splitlines()[1].startswith('"')
        code, _out, err = run("schema", "--indent", "-3")
        assert code == 2
        assert "--indent" in err
        code, out, err = run("schema", "--indent", "100000000")
        assert (code, out) == (2, "")
        assert "--indent" in err
        assert "0<=x<=16" in err
        code, out, _err = run("schema", "--indent", "16")
        assert code == 0
        assert out.splitlines()[1].startswith(" " * 16 + '"')

    def test_committed_schema_is_current(self) -> None:
        """docs/_static/incident.schema.json matches the model."""
        committed = json.loads((EXAMPLES.parent / "docs" / "_static" / "incident.schema.json").read_text())
        assert committed == json.loads(run("schema")[1])


class TestNew:
    """``postmortem new``."""

    def test_starter_file_loads(self, tmp_path: Path) -> None:
        """The commented starter is a valid incident with the given id and severity."""
        target = tmp_path / "inc.yaml"
        code, out, _err = run(
            "new", str(target), "--id", "INC-9", "--severity", "SEV1", "--title", 'Quote " and # hash'
        )
        assert code == 0
        assert out.strip() == f"wrote {target}"
        incident = postmortem.load(target)
        assert (incident.id, incident.severity.name, incident.title) == ("INC-9", "SEV1", 'Quote " and # hash')
        assert "# yaml-language-server: $schema=" in target.read_text()

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("INC-2026-0500.yaml", "INC-2026-0500"),
            ("ops-17.yml", "ops-17"),
            ("SEC-9.postmortem.yaml", "SEC-9"),
            ("inc.yaml", "INC-0001"),  # no id in the name: the default
            ("2026-10-13.yaml", "INC-0001"),  # a date, not an id
            ("draft-checkout.yaml", "INC-0001"),  # words, no number
        ],
    )
    def test_the_id_is_the_files_name_when_it_reads_as_one(self, tmp_path: Path, name: str, expected: str) -> None:
        """Without --id, a file named for its incident holds that id (two starters no longer share INC-0001)."""
        target = tmp_path / name
        assert run("new", str(target))[0] == 0
        assert postmortem.load(target).id == expected

    def test_id_given_wins_over_the_files_name(self, tmp_path: Path) -> None:
        """--id is written as given, whatever the file is called."""
        target = tmp_path / "INC-2026-0500.yaml"
        assert run("new", str(target), "--id", "INC-9")[0] == 0
        assert postmortem.load(target).id == "INC-9"

    def test_refuses_to_overwrite(self, tmp_path: Path) -> None:
        """An existing file is kept unless --force."""
        target = tmp_path / "inc.yaml"
        target.write_text("keep")
        assert run("new", str(target))[0] == 2
        assert target.read_text() == "keep"
        assert run("new", str(target), "--force")[0] == 0

    def test_bad_severity_is_invalid_input(self, tmp_path: Path) -> None:
        """A severity not on the scale is refused before writing."""
        target = tmp_path / "inc.yaml"
        assert run("new", str(target), "--severity", "SEV0")[0] == 2
        assert not target.exists()


class TestExportCommand:
    """``postmortem export`` and ``postmortem exporters``."""

    def test_renders_every_file_in_every_format(self, tmp_path: Path) -> None:
        """Markdown (with its chart beside it) and HTML for each example land in the output directory."""
        code, _out, _err = run("export", *COMPLETE, "--to", "markdown", "--to", "html", "-o", str(tmp_path), "-j", "2")
        assert code == 0
        # Named by incident id, as postmortem.export(incident, name, DIR) names them.
        suffixes = (".md", "-timeline.svg", ".html")
        expected = sorted(f"{postmortem.load(p).id}{s}" for p in COMPLETE for s in suffixes)
        assert sorted(p.name for p in tmp_path.iterdir()) == expected

    def test_options_reach_the_exporter(self, tmp_path: Path) -> None:
        """-O html.standalone=false gives a fragment."""
        code, _out, _err = run(
            "export", COMPLETE[0], "--to", "html", "-O", "html.standalone=false", "-o", str(tmp_path)
        )
        assert code == 0
        html = next(tmp_path.iterdir()).read_text()
        assert html.startswith("<main")
        assert "<html" not in html

    def test_unknown_exporter_says_what_to_install(self, tmp_path: Path) -> None:
        """A known but missing exporter names its distribution; nothing is written."""
        code, _out, err = run("export", COMPLETE[0], "--to", "markdown,nosuchformat", "-o", str(tmp_path / "o"))
        assert code == 2
        assert "no exporter named 'nosuchformat' is installed" in err
        assert "markdown" in err
        assert not (tmp_path / "o").exists()

    def test_bad_option_is_usage_error(self, tmp_path: Path) -> None:
        """An option for an exporter not asked for is a usage error."""
        code, _out, err = run("export", COMPLETE[0], "--to", "html", "-O", "pdf.page_size=A4", "-o", str(tmp_path))
        assert code == 2
        assert "EXPORTER.OPTION" in err

    def test_invalid_input_exits_two(self, tmp_path: Path) -> None:
        """A file that does not load is reported; the others are still written."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: x\n")
        code, _out, err = run("export", str(bad), COMPLETE[0], "--to", "markdown", "-o", str(tmp_path / "out"))
        assert code == 2
        assert "$.title: missing (required)" in err
        assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".md", ".svg"]  # the report and its chart

    def test_a_dash_for_the_output_is_a_usage_error(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-o -`` (standard output, to other tools) is refused with exit 2, and no folder named '-' is made."""
        monkeypatch.chdir(tmp_path)
        code, out, err = run("export", COMPLETE[0], "--to", "markdown", "-o", "-")
        assert code == 2
        assert "not to standard output" in err
        assert out == ""
        assert list(tmp_path.iterdir()) == []
        code, _out, _err = run("export", COMPLETE[0], "--to", "markdown", "-o", "./-")
        assert code == 0
        assert (tmp_path / "-").is_dir()

    def test_exporters_lists_builtins_with_their_distribution(self) -> None:
        """The built-ins are listed as provided by postmortem itself."""
        code, out, _err = run("exporters", "--options")
        assert code == 0
        assert re.search(rf"^markdown\s+postmortem {re.escape(postmortem.__version__)}$", out, re.MULTILINE)
        assert "standalone=True" in out


class TestEntryPoint:
    """The installed command."""

    def test_version_and_help(self) -> None:
        """``--version`` prints the version; ``--help`` lists commands without importing them."""
        result = subprocess.run(
            [sys.executable, "-m", "postmortem", "--version"], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == f"postmortem, version {postmortem.__version__}"
        code, out, _err = run("--help")
        assert code == 0
        for command in ("validate", "schema", "new", "export", "exporters", "publish"):
            assert command in out

    def test_every_help_keeps_its_example_lines(self) -> None:
        """Every command's and subcommand's ``--help`` works, and example blocks stay one per line.

        Click keeps a paragraph unwrapped after a line holding the backspace character; a raw
        docstring gives it a backslash and a ``b`` instead, printed as is, the examples run together.
        """
        ctx = main.make_context("postmortem", ["--help"], resilient_parsing=True)
        commands: list[tuple[str, ...]] = []
        for name in main.list_commands(ctx):
            command = main.get_command(ctx, name)
            assert command is not None, name
            commands.append((name,))
            if isinstance(command, click.Group):
                sub_ctx = command.make_context(name, ["--help"], resilient_parsing=True)
                commands += [(name, sub) for sub in command.list_commands(sub_ctx)]
        assert ("actions", "sync") in commands
        for words in commands:
            code, out, _err = run(*words, "--help")
            assert code == 0, words
            assert "\\b" not in out, words
        _code, out, _err = run("diff", "--help")
        assert "\n    postmortem diff OLD.yaml NEW.yaml\n" in out
        _code, out, _err = run("actions", "--help")
        assert "\n  postmortem actions PATHS ..." in out

    def test_every_help_that_can_fail_says_its_exit_codes(self) -> None:
        """A command that can exit other than 0 (docs/cli.md's table) says its exit codes in ``--help``.

        A CI author reads ``--help`` to know what a status means; ``new`` exits 2 when its file
        exists and said nothing about it.
        """
        table = [
            line
            for line in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")
        ]
        ctx = main.make_context("postmortem", ["--help"], resilient_parsing=True)
        silent = []
        for name in main.list_commands(ctx):
            codes = " ".join(
                row.rstrip(" |").split("|")[-1] for row in table if row.startswith(f"| `postmortem {name}")
            )
            if codes.strip() == "0":
                continue
            command = main.get_command(ctx, name)
            assert command is not None, name
            words = [(name,)]
            if isinstance(command, click.Group):
                sub_ctx = command.make_context(name, ["--help"], resilient_parsing=True)
                words = [(name, sub) for sub in command.list_commands(sub_ctx)]
            for each in words:
                _code, out, _err = run(*each, "--help")
                if not re.search(r"\bexit", out.split("Options:")[0], re.IGNORECASE):
                    silent.append(" ".join(each))
        assert silent == []

    def test_import_help_names_what_the_import_reads_and_refuses(self) -> None:
        """``import --help`` names the formats docs/importing.md names and every reason for exit 2."""
        _code, out, _err = run("import", "--help")
        text = re.sub(r"-\s+", "-", " ".join(out.split()))  # click wraps after a hyphen
        for format_name in ("Markdown", "plain text", "Jira wiki", "MediaWiki", "AsciiDoc", "Org-mode", "HTML"):
            assert format_name in text
        assert "incident file already" in text
        assert "--force" in text.split("Options:")[0]
        _code, out, _err = run("--help")
        assert re.search(r"^  import +Import a Markdown, HTML, wiki or Confluence post-mortem\.$", out, re.MULTILINE)

    def test_every_command_is_in_the_command_table(self) -> None:
        """docs/cli.md's table lists every command with its exit codes."""
        table = [
            line
            for line in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")
        ]
        ctx = main.make_context("postmortem", ["--help"], resilient_parsing=True)
        for name in main.list_commands(ctx):
            rows = [row for row in table if row.startswith(f"| `postmortem {name}")]
            assert rows, f"postmortem {name} is not in docs/cli.md's table"
            assert all(row.rstrip(" |").split("|")[-1].strip().startswith("0") for row in rows), name

    @pytest.mark.parametrize(
        ("args", "said"),
        [
            (["--to", "markdown"], "exporter 'markdown' does not publish"),
            (["--to", "no-such-publisher"], "no exporter named 'no-such-publisher'"),
        ],
    )
    def test_publish_to_what_cannot_publish_is_bad_input(self, args: list[str], said: str) -> None:
        """``publish`` exits 2 (invalid input, as its help says) for a target that is no publisher."""
        code, _out, err = run("publish", str(EXAMPLES / "api-outage-feature-flag.yaml"), *args)
        assert code == 2
        assert said in err
        assert "Traceback" not in err

    def test_unknown_command_is_usage_error(self) -> None:
        """Click's usage errors exit 2."""
        assert run("frobnicate")[0] == 2

    @pytest.mark.parametrize("command", ["validate", "export"])
    def test_no_files_is_usage_error(self, command: str) -> None:
        """Commands that need files say so."""
        assert run(command)[0] == 2
